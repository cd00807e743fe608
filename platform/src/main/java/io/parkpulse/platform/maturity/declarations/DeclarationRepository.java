package io.parkpulse.platform.maturity.declarations;

import io.smallrye.mutiny.Uni;
import java.util.List;

/** The table of one kind of declaration, in the caller's reactive session. */
interface DeclarationRepository<D extends Declaration<?>> {

  /** The declaration of {@code key} by {@code enterprise}, or null. */
  Uni<D> declaration(String enterprise, String key);

  /**
   * The declaration of {@code key} by {@code enterprise} with its evidence loaded (it is read
   * lazily, and only here), to serve it or so that declaring again can replace it; or null.
   */
  Uni<D> withEvidence(String enterprise, String key);

  /** Every declaration of {@code enterprise}. */
  Uni<List<D>> ofEnterprise(String enterprise);

  /** Keeps a new or changed declaration now, so that a list read next shows it. */
  Uni<D> keep(D declaration);
}
