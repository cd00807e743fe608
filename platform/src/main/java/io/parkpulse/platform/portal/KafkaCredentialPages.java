package io.parkpulse.platform.portal;

import io.parkpulse.platform.integrations.KafkaCredentialService;
import io.parkpulse.platform.integrations.KafkaCredentialService.CredentialRequest;
import io.parkpulse.platform.integrations.KafkaCredentialService.IssuedCredential;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Role;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The park's Kafka credentials in the portal, over {@link KafkaCredentialService}: the park's
 * operator issues one per integrator, sees its password once with a Kafka client's settings, and
 * revokes it.
 */
@Path("/portal/admin/kafka")
@Produces(MediaType.TEXT_HTML)
public class KafkaCredentialPages {

  private final Pages pages;
  private final KafkaCredentialService credentials;

  KafkaCredentialPages(Pages pages, KafkaCredentialService credentials) {
    this.pages = pages;
    this.credentials = credentials;
  }

  @GET
  public Uni<TemplateInstance> list() {
    return render(pages.caller(), null, null, "");
  }

  /** Issues a credential; the page shows its password this once and is not cached. */
  @POST
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> issue(@RestForm(Csrf.FIELD) String csrf, @RestForm String name) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    String park = ownPark(caller);
    String typed = name == null ? "" : name.strip();
    // Deferred, so that a refusal of the request itself comes as a failure the page shows.
    return Uni.createFrom()
        .deferred(() -> credentials.issue(caller, park, new CredentialRequest(typed)))
        .flatMap(
            issued ->
                render(caller, null, issued, "")
                    .map(
                        page ->
                            Response.status(Response.Status.CREATED)
                                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                                .entity(page)
                                .build()))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e -> {
              ClientErrorException error = (ClientErrorException) e;
              return render(caller, PortalProblems.message(error), null, typed)
                  .map(
                      page ->
                          Response.status(error.getResponse().getStatus()).entity(page).build());
            });
  }

  /** Revokes the credential: Kafka refuses its clients from their next request. */
  @POST
  @Path("/{name}/revocation")
  public Uni<Response> revoke(@RestForm(Csrf.FIELD) String csrf, @PathParam("name") String name) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    return credentials
        .revoke(caller, ownPark(caller), name)
        .map(done -> Response.seeOther(URI.create("/portal/admin/kafka")).build());
  }

  private Uni<TemplateInstance> render(
      Caller caller, String problem, IssuedCredential issued, String name) {
    String park = ownPark(caller);
    Page page = pages.page(caller, Page.DEFAULT_ZONE);
    return credentials
        .list(caller, park)
        .map(
            list ->
                Templates.kafkaCredentials(
                    page,
                    park,
                    credentials.managed(),
                    list,
                    issued,
                    issued == null ? "" : clientSettings(issued),
                    problem,
                    name));
  }

  /** What a Kafka client needs, in the properties format its tools read. */
  static String clientSettings(IssuedCredential issued) {
    return String.join(
        "\n",
        "bootstrap.servers=" + issued.bootstrapServers(),
        "security.protocol=" + issued.securityProtocol(),
        "sasl.mechanism=" + issued.saslMechanism(),
        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\""
            + issued.credential().username()
            + "\" password=\""
            + issued.password()
            + "\";",
        "group.id=" + issued.credential().groupPrefix() + "<your-system>");
  }

  /** The park of an operator; platform admins issue credentials through the API. */
  private static String ownPark(Caller caller) {
    if (caller.role() != Role.PARK_OPERATOR) {
      throw new NotFoundException();
    }
    return caller.park();
  }
}
