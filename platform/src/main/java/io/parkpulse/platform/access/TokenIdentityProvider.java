package io.parkpulse.platform.access;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;

/** Turns a token into the caller it was issued to, looking it up in PostgreSQL. */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  private final AccessStore store;

  TokenIdentityProvider(AccessStore store) {
    this.store = store;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    String token = request.getToken().getToken();
    return context.runBlocking(
        () -> {
          Caller caller;
          try {
            caller =
                store
                    .resolve(token)
                    .orElseThrow(
                        () -> new AuthenticationFailedException("unknown or expired token"));
          } catch (SQLException e) {
            throw new IllegalStateException("cannot check the token: " + e.getMessage(), e);
          }
          return QuarkusSecurityIdentity.builder()
              .setPrincipal(new QuarkusPrincipal(caller.subject()))
              .addRole(caller.role().id())
              .addAttribute(Caller.ATTRIBUTE, caller)
              .build();
        });
  }
}
