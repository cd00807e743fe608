package io.parkpulse.platform.portal;

import io.parkpulse.platform.api.Json;
import io.parkpulse.platform.energy.EnergyService;
import io.parkpulse.platform.energy.EnergyService.EnterpriseEnergy;
import io.parkpulse.platform.energy.EnergyService.ParkEnergy;
import io.parkpulse.platform.energy.accounting.Carrier;
import io.parkpulse.platform.energy.accounting.FactorUse;
import io.parkpulse.platform.energy.accounting.Figures;
import io.parkpulse.platform.energy.accounting.Quality;
import io.parkpulse.platform.energy.readmodel.EnergyFigures.EnterpriseFigures;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * Energy and carbon in the portal, over {@link EnergyService}: the park's month for its operator
 * (figures against the 零碳园区 core threshold, the daily trend, the enterprises using most energy,
 * data quality, the factors and the exports) and an enterprise's month for whoever sees it (its
 * figures, its meters and its declarations, with the declaration form for those who may declare).
 * Consumption that was not monitored is shown as such, never as zero.
 */
@Path("/portal/energy")
@Produces(MediaType.TEXT_HTML)
public class EnergyPages {

  /** Enterprises listed on the park's page; the CSV has them all. */
  static final int TOP = 20;

  /** Quality flags listed on a page; the API and the CSV have them all. */
  static final int FLAGS = 10;

  private final Pages pages;
  private final EnergyService energy;
  private final PortalViews views;

  EnergyPages(Pages pages, EnergyService energy, PortalViews views) {
    this.pages = pages;
    this.energy = energy;
    this.views = views;
  }

  /**
   * A carrier's part of the total.
   *
   * @param quantity in the carrier's unit; null for electricity without meter days
   * @param tce null without a conversion factor
   */
  public record CarrierLine(String carrier, String unit, Double quantity, Double tce) {}

  /**
   * A day of the trend, as its table shows it.
   *
   * @param read whether any meter sent a reading that day; a day without is not a day of zero
   */
  public record DayLine(String day, boolean read, double kwh, double unmonitoredKwh, double tco2) {}

  /** What the park's and an enterprise's pages share: a month of figures around its figures. */
  public record Month(
      String month,
      String previous,
      String next,
      Figures figures,
      boolean metered,
      List<CarrierLine> carriers,
      List<DayLine> days,
      String chartJson,
      List<Quality.Flag> flags,
      int moreFlags,
      List<FactorUse> factors) {

    static Month of(YearMonth month, Figures f, List<Figures> days) {
      List<DayLine> lines =
          days.stream()
              .map(
                  d ->
                      new DayLine(
                          d.period(),
                          d.quality().metersWithoutData().size() < d.quality().meters(),
                          d.electricityKwh(),
                          d.unmonitoredKwh(),
                          d.tco2()))
              .toList();
      List<Map<String, Object>> points = new ArrayList<>();
      for (DayLine d : lines) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("day", d.day());
        point.put("kwh", d.read() ? Math.round(d.kwh() * 10) / 10.0 : null);
        point.put("tco2", d.read() ? Math.round(d.tco2() * 10_000) / 10_000.0 : null);
        points.add(point);
      }
      List<Quality.Flag> flags = f.quality().flags();
      return new Month(
          month.toString(),
          month.minusMonths(1).toString(),
          month.plusMonths(1).toString(),
          f,
          f.quality().meterDays() > 0,
          carriers(f),
          lines,
          Json.write(points),
          flags.subList(0, Math.min(FLAGS, flags.size())),
          Math.max(0, flags.size() - FLAGS),
          f.factors().stream()
              .distinct()
              .sorted(
                  Comparator.comparing(FactorUse::carrier)
                      .thenComparing(FactorUse::kind)
                      .thenComparingLong(FactorUse::factorId))
              .toList());
    }

    /**
     * Whether the figures meet the core threshold: {@code met}, {@code not-met} or {@code unknown}.
     */
    public String core() {
      Boolean meets = figures.meetsCore();
      return meets == null ? "unknown" : meets ? "met" : "not-met";
    }

    private static List<CarrierLine> carriers(Figures f) {
      List<CarrierLine> lines = new ArrayList<>();
      for (Carrier c :
          List.of(Carrier.ELECTRICITY, Carrier.NATURAL_GAS, Carrier.STEAM, Carrier.COAL)) {
        Double q = f.quantity().get(c);
        Double tce = f.tce().get(c);
        if (q != null || tce != null) {
          lines.add(new CarrierLine(c.id(), c.unit(), q, tce));
        }
      }
      return lines;
    }
  }

  /** The park's page. */
  public record ParkPage(ParkEnergy park, Month month, List<EnterpriseFigures> top, int more) {

    /** The park parameter of this page's links, for a platform admin's choice to stay. */
    public String parkQuery() {
      return "&park=" + URLEncoder.encode(park.park(), StandardCharsets.UTF_8);
    }
  }

  /** An enterprise's page. */
  public record EnterprisePage(EnterpriseEnergy enterprise, Month month) {}

  /** The park's month ({@code month=YYYY-MM}, this month by default); a platform admin names it. */
  @GET
  public Uni<TemplateInstance> park(
      @QueryParam("park") String park, @QueryParam("month") String month) {
    Caller caller = pages.caller();
    Uni<List<ParkRef>> parks =
        caller.park() == null ? views.parks(caller) : Uni.createFrom().item(List.of());
    return parks.flatMap(
        all ->
            energy
                .parkEnergy(caller, choose(caller, park, all), month)
                .map(
                    e ->
                        Templates.energy(
                            pages.page(caller, zone(e.timezone())), parkPage(e), all)));
  }

  /** An enterprise's month, for whoever sees the enterprise. */
  @GET
  @Path("/{enterprise}")
  public Uni<TemplateInstance> enterprise(
      @PathParam("enterprise") String enterprise, @QueryParam("month") String month) {
    return renderEnterprise(pages.caller(), enterprise, month, null, List.of());
  }

  /**
   * Declares the month's green power, natural gas, steam or coal (the enterprise's admin, its
   * park's operator, a platform admin); refused on the form with the reason.
   */
  @POST
  @Path("/{enterprise}/declarations")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> declare(
      @RestForm(Csrf.FIELD) String csrf,
      @PathParam("enterprise") String enterprise,
      @RestForm String month,
      @RestForm String greenPower,
      @RestForm String naturalGas,
      @RestForm String steam,
      @RestForm String coal,
      @RestForm String source) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    EnergyDeclarationForm form =
        new EnergyDeclarationForm(greenPower, naturalGas, steam, coal, source);
    Page words = pages.page(caller, Page.DEFAULT_ZONE);
    List<String> problems = new ArrayList<>();
    for (String carrier : form.invalid()) {
      problems.add(words.t("energy.declare.invalid", words.t("energy.carrier." + carrier)));
    }
    if (problems.isEmpty() && form.empty()) {
      problems.add(words.t("energy.declare.none"));
    }
    Uni<?> saved =
        problems.isEmpty()
            ? energy.declare(caller, enterprise, month, form.request())
            : Uni.createFrom().failure(new PortalForms.Problems(problems));
    return saved
        .map(
            d ->
                PortalForms.redirect(
                    "/portal/energy/"
                        + enterprise
                        + "?month="
                        + URLEncoder.encode(month, StandardCharsets.UTF_8)
                        + "#declarations"))
        .onFailure(e -> e instanceof PortalForms.Problems || PortalProblems.isFormProblem(e))
        .recoverWithUni(
            e ->
                renderEnterprise(
                        caller,
                        enterprise,
                        month,
                        form,
                        e instanceof PortalForms.Problems f
                            ? f.problems()
                            : List.of(PortalProblems.message((ClientErrorException) e)))
                    .map(
                        page ->
                            Response.status(
                                    e instanceof ClientErrorException c
                                        ? c.getResponse().getStatus()
                                        : 400)
                                .entity(page)
                                .build()));
  }

  private Uni<TemplateInstance> renderEnterprise(
      Caller caller,
      String enterprise,
      String month,
      EnergyDeclarationForm typed,
      List<String> errors) {
    return energy
        .enterpriseEnergy(caller, enterprise, month)
        .map(
            e ->
                Templates.energyEnterprise(
                    pages.page(caller, zone(e.timezone())),
                    new EnterprisePage(
                        e, Month.of(e.month().month(), e.month().figures(), e.month().days())),
                    typed != null ? typed : EnergyDeclarationForm.of(e.declarations()),
                    errors));
  }

  private static ParkPage parkPage(ParkEnergy e) {
    List<EnterpriseFigures> all = e.month().enterprises();
    return new ParkPage(
        e,
        Month.of(e.month().month(), e.month().figures(), e.month().days()),
        all.subList(0, Math.min(TOP, all.size())),
        Math.max(0, all.size() - TOP));
  }

  /**
   * The park asked for; else the caller's; else, for a platform admin, the first it sees. An
   * enterprise's user is sent to the service with their park, which refuses them (403).
   */
  private static String choose(Caller caller, String park, List<ParkRef> parks) {
    if (park != null && !park.isBlank()) {
      return park.strip();
    }
    if (caller.park() != null) {
      return caller.park();
    }
    if (parks.isEmpty()) {
      throw new NotFoundException();
    }
    return parks.get(0).id();
  }

  private static ZoneId zone(String id) {
    try {
      return ZoneId.of(id);
    } catch (RuntimeException e) {
      return Page.DEFAULT_ZONE;
    }
  }
}
