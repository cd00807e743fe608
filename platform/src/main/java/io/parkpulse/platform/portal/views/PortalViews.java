package io.parkpulse.platform.portal.views;

import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.api.Workers;
import io.parkpulse.platform.portal.readmodel.PortalQueries;
import io.parkpulse.platform.portal.readmodel.PortalQueries.DeviceRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.EnterpriseRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.Overview;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ProductionDay;
import io.parkpulse.platform.portal.readmodel.PortalQueries.SentCommand;
import io.parkpulse.platform.tenancy.Caller;
import io.parkpulse.platform.tenancy.Park;
import io.parkpulse.platform.tenancy.TenancyGate;
import io.parkpulse.platform.tenancy.TenancyGate.Tenant;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the portal's pages read: the tenancy gate resolves the park or enterprise in a short
 * reactive session, then {@link PortalQueries} reads within it on a worker thread. A park or an
 * enterprise the caller may not see answers 404, as in the API.
 */
@ApplicationScoped
public class PortalViews {

  private final TenancyGate gate;
  private final PortalQueries queries;
  private final Workers workers;

  PortalViews(TenancyGate gate, PortalQueries queries, Workers workers) {
    this.gate = gate;
    this.queries = queries;
    this.workers = workers;
  }

  /** An enterprise as its pages show it, with its park. */
  public record EnterpriseRef(ParkRef park, EnterpriseRow row) {}

  /** The parks whose pages {@code caller} may see, by name; none for enterprise roles. */
  public Uni<List<ParkRef>> parks(Caller caller) {
    if (caller.role().isEnterpriseRole()) {
      return Uni.createFrom().item(List.of());
    }
    return workers.run(() -> queries.parks(gate.scope(caller)));
  }

  /**
   * The time zones of the parks {@code caller} belongs to or sees, by park id: for pages that list
   * things of a park (alarms, users, tokens, the audit log) in their park's zone.
   */
  public Uni<Map<String, ZoneId>> zones(Caller caller) {
    return workers.run(
        () ->
            queries.parks(gate.scope(caller)).stream()
                .collect(Collectors.toMap(ParkRef::id, ParkRef::zone)));
  }

  /**
   * A park whose pages {@code caller} may see: its operator's or, for a platform admin, any; a 404
   * for enterprise roles, which see their enterprise's pages only.
   */
  @WithSession
  public Uni<ParkRef> park(Caller caller, String park) {
    if (caller.role().isEnterpriseRole()) {
      return Uni.createFrom().failure(ApiErrors.notFound("park", park));
    }
    return gate.park(caller, park).map(PortalViews::parkRef);
  }

  /** The park's overview: its enterprises, devices, maturity, alarms and energy. */
  public Uni<Overview> overview(ParkRef park) {
    return workers.run(() -> queries.overview(park));
  }

  /** The park's enterprises with their devices and maturity. */
  public Uni<List<EnterpriseRow>> enterprises(ParkRef park) {
    return workers.run(() -> queries.enterprises(park.id(), null));
  }

  /** An enterprise {@code caller} may see, with its park; else a 404. */
  @WithSession
  public Uni<EnterpriseRef> enterprise(Caller caller, String enterprise) {
    return gate.tenant(caller, enterprise).flatMap(this::enterprise);
  }

  /** The enterprise of a tenant the gate resolved, as its pages show it. */
  public Uni<EnterpriseRef> enterprise(Tenant tenant) {
    ParkRef park = parkRef(tenant.park());
    String id = tenant.enterprise().id;
    return workers.run(
        () ->
            new EnterpriseRef(
                park,
                queries.enterprises(park.id(), id).stream()
                    .findFirst()
                    .orElseThrow(() -> ApiErrors.notFound("enterprise", id))));
  }

  /** The enterprise's devices with their connection and data. */
  public Uni<List<DeviceRow>> devices(EnterpriseRef enterprise) {
    return workers.run(() -> queries.devices(enterprise.park(), enterprise.row().id()));
  }

  /** The enterprise's OEE and energy of its last {@code days} days. */
  public Uni<List<ProductionDay>> production(EnterpriseRef enterprise, int days) {
    return workers.run(() -> queries.production(enterprise.park(), enterprise.row().id(), days));
  }

  /** The latest commands sent to a device of the enterprise, newest first. */
  public Uni<List<SentCommand>> commands(EnterpriseRef enterprise, String device, int limit) {
    return workers.run(
        () -> queries.commands(enterprise.park(), enterprise.row().id(), device, limit));
  }

  private static ParkRef parkRef(Park park) {
    return new ParkRef(park.id, park.name, PortalQueries.zone(park.timezone));
  }
}
