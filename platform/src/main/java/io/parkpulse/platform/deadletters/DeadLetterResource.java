package io.parkpulse.platform.deadletters;

import io.parkpulse.platform.deadletters.DeadLetterService.DeadLetterView;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The latest records of the dead-letter topic that the caller may see: those keyed by a device of
 * its scope (a platform admin sees all, including records without a device key).
 */
@Path("/api/v1/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
public class DeadLetterResource {

  private final DeadLetterService deadLetters;
  private final SecurityIdentity identity;

  DeadLetterResource(DeadLetterService deadLetters, SecurityIdentity identity) {
    this.deadLetters = deadLetters;
    this.identity = identity;
  }

  /** The newest {@code limit} records the caller may see, newest first. */
  @GET
  public Uni<List<DeadLetterView>> list(@QueryParam("limit") @DefaultValue("50") int limit) {
    return deadLetters.list(Caller.of(identity), limit);
  }
}
