package io.parkpulse.platform.access;

import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a token into the caller it was issued to, looking it up in PostgreSQL through Hibernate
 * Reactive. HTTP authentication runs on the request's Vert.x event loop (proactive authentication),
 * which is where a reactive session must run, so the lookup is not moved to a worker with {@code
 * context.runBlocking}: Quarkus's own reactive Jakarta Persistence identity provider does the same.
 */
@ApplicationScoped
public class TokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {

  private final TokenService tokens;

  TokenIdentityProvider(TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public Class<TokenAuthenticationRequest> getRequestType() {
    return TokenAuthenticationRequest.class;
  }

  @Override
  public Uni<SecurityIdentity> authenticate(
      TokenAuthenticationRequest request, AuthenticationRequestContext context) {
    return tokens
        .resolve(request.getToken().getToken())
        .map(
            caller ->
                QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(caller.subject()))
                    .addRole(caller.role().id())
                    .addAttribute(Caller.ATTRIBUTE, caller)
                    .build());
  }
}
