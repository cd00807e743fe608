package io.parkpulse.platform.parks;

import java.util.List;

/** What an enterprise is created or updated with. */
public record EnterpriseRequest(
    String id, String park, String name, String industry, String size, List<Site> sites) {}
