package io.parkpulse.platform.parks;

import com.fasterxml.jackson.core.type.TypeReference;
import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.tenancy.Enterprise;
import java.time.Instant;
import java.util.List;

/** An enterprise as the API shows it. */
public record EnterpriseView(
    String id,
    String park,
    String name,
    String industry,
    String size,
    List<Site> sites,
    Instant createdAt) {

  private static final TypeReference<List<Site>> SITES = new TypeReference<>() {};

  static EnterpriseView of(Enterprise e) {
    return new EnterpriseView(
        e.id, e.parkId, e.name, e.industry, e.size, Json.read(e.sites, SITES), e.createdAt);
  }
}
