package io.parkpulse.platform.maturity.declarations;

import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.Metamodel;

/** What the repositories of declarations share. */
final class Declarations {

  private Declarations() {}

  /** The lazily read evidence of declarations of {@code type}, for {@code Mutiny.Session.fetch}. */
  @SuppressWarnings("unchecked")
  static <D extends Declaration<?>> Attribute<D, byte[]> attachment(
      Metamodel metamodel, Class<D> type) {
    return (Attribute<D, byte[]>)
        metamodel.entity(type).getSingularAttribute("attachment", byte[].class);
  }
}
