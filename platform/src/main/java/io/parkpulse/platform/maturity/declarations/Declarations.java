package io.parkpulse.platform.maturity.declarations;

import io.smallrye.mutiny.Uni;
import jakarta.persistence.metamodel.Attribute;
import jakarta.persistence.metamodel.Metamodel;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/** What the repositories of declarations share. */
public final class Declarations {

  private Declarations() {}

  /** The lazily read evidence of declarations of {@code type}, for {@code Mutiny.Session.fetch}. */
  @SuppressWarnings("unchecked")
  static <D extends Declaration<?>> Attribute<D, byte[]> attachment(
      Metamodel metamodel, Class<D> type) {
    return (Attribute<D, byte[]>)
        metamodel.entity(type).getSingularAttribute("attachment", byte[].class);
  }

  /**
   * {@code declaration} (or null) with its evidence read, so that declaring again can replace it:
   * Hibernate Reactive reads a lazy attribute only when asked, and must have it before it is set.
   */
  public static <D extends Declaration<?>> Uni<D> withAttachment(
      Uni<D> declaration, Supplier<Uni<Mutiny.Session>> session, Class<D> type) {
    return declaration.call(
        d ->
            d == null
                ? Uni.createFrom().voidItem()
                : session
                    .get()
                    .flatMap(s -> s.fetch(d, attachment(s.getFactory().getMetamodel(), type))));
  }
}
