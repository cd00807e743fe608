package io.parkpulse.platform.portal;

import io.parkpulse.platform.mu.MuService;
import io.parkpulse.platform.mu.MuService.EnergyView;
import io.parkpulse.platform.mu.MuService.InputView;
import io.parkpulse.platform.mu.MuService.Ranking;
import io.parkpulse.platform.mu.ranking.MuResult;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.views.PortalViews;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Year;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.RestForm;

/**
 * The park's 亩均效益 evaluation in the portal, over {@link MuService}: its operator (or a platform
 * admin, naming the park) reads a year's ranking with each enterprise's class, sees which
 * enterprises cannot be ranked and why, enters their land, tax and sales, and sets the weights and
 * class shares.
 */
@Path("/portal/mu")
@Produces(MediaType.TEXT_HTML)
public class MuPages {

  private final Pages pages;
  private final PortalViews views;
  private final MuService mu;

  MuPages(Pages pages, PortalViews views, MuService mu) {
    this.pages = pages;
    this.views = views;
    this.mu = mu;
  }

  /**
   * What the page shows.
   *
   * @param parks the parks a platform admin may switch to (one for an operator)
   * @param ranked the classified enterprises, best first
   * @param unclassified those that cannot be ranked, with what they miss
   * @param enterprises every enterprise of the park by name, for the input form
   * @param years the years to choose from, latest first
   */
  public record MuModel(
      ParkRef park,
      List<ParkRef> parks,
      Ranking ranking,
      List<MuLine> ranked,
      List<MuLine> unclassified,
      List<MuResult> enterprises,
      List<Integer> years) {}

  /**
   * An enterprise's line in the ranking, its figures written for the page ("–" where unknown).
   *
   * @param grade {@code A} to {@code D}, null when unclassified
   * @param missing what keeps it from being ranked, in the page's words
   */
  public record MuLine(
      String enterprise,
      String name,
      Integer rank,
      String grade,
      String land,
      String tax,
      String sales,
      String tce,
      String taxPerMu,
      String salesPerMu,
      String taxPerTce,
      String score,
      List<String> missing) {

    /** The lines of the ranking: its results joined with the inputs and energy they came from. */
    static List<MuLine> of(Page p, Ranking r) {
      Map<String, InputView> inputs = new HashMap<>();
      r.inputs().forEach(i -> inputs.put(i.enterprise(), i));
      Map<String, EnergyView> energy = new HashMap<>();
      r.energy().forEach(e -> energy.put(e.enterprise(), e));
      List<MuLine> lines = new ArrayList<>();
      for (MuResult m : r.results()) {
        InputView i = inputs.get(m.enterprise());
        EnergyView e = energy.get(m.enterprise());
        lines.add(
            new MuLine(
                m.enterprise(),
                m.name(),
                m.rank(),
                m.grade(),
                num(p, i == null ? null : i.landMu(), 1),
                num(p, i == null ? null : i.tax10kYuan(), 1),
                num(p, i == null ? null : i.sales10kYuan(), 1),
                num(p, e == null ? null : e.tce(), 2),
                num(p, m.taxPerMu(), 2),
                num(p, m.salesPerMu(), 2),
                num(p, m.taxPerTce(), 2),
                num(p, m.score(), 2),
                m.missing().stream().map(w -> missing(p, w)).toList()));
      }
      return lines;
    }

    /** What the ranking says is missing ({@code land area}, …), in the page's words. */
    static String missing(Page p, String what) {
      return switch (what) {
        case "land area" -> p.t("mu.missing.land-area");
        case "tax" -> p.t("mu.missing.tax");
        case "sales" -> p.t("mu.missing.sales");
        case "energy" -> p.t("mu.missing.energy");
        default -> what;
      };
    }

    public boolean classified() {
      return grade != null;
    }

    private static String num(Page p, Double v, int decimals) {
      return v == null ? "–" : p.num(v, decimals);
    }
  }

  /** A problem a form is shown again with: a message key and what it takes as {@code {0}}. */
  record Problem(String key, String detail) {
    String text(Page p) {
      return detail == null ? p.t(key) : p.t(key, detail);
    }
  }

  @GET
  public Uni<TemplateInstance> ranking(
      @QueryParam("park") String park,
      @QueryParam("year") String year,
      @QueryParam("enterprise") String enterprise) {
    return render(pages.caller(), park, year(year), enterprise, null, null, List.of(), List.of());
  }

  /** Enters an enterprise's land, tax and sales for the year. */
  @POST
  @Path("/inputs")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> setInput(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String year,
      @RestForm String enterprise,
      @RestForm String landMu,
      @RestForm String tax10kYuan,
      @RestForm String sales10kYuan) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    int y = year(year);
    MuInputForm form = new MuInputForm(enterprise, landMu, tax10kYuan, sales10kYuan);
    List<String> problems = form.problems();
    if (!problems.isEmpty()) {
      return render(
              caller,
              park,
              y,
              enterprise,
              form,
              null,
              problems.stream().map(k -> new Problem(k, null)).toList(),
              List.of())
          .map(PortalForms::badRequest);
    }
    return Uni.createFrom()
        .deferred(() -> mu.setInput(caller, enterprise.strip(), y, form.request()))
        .map(done -> PortalForms.redirect(back(caller, park, y) + "#mu-ranking"))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                PortalForms.refused(
                    e,
                    detail ->
                        render(
                            caller,
                            park,
                            y,
                            enterprise,
                            form,
                            null,
                            List.of(new Problem("mu.refused", detail)),
                            List.of())));
  }

  /** Sets the park's weights and class shares. */
  @POST
  @Path("/settings")
  @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
  public Uni<Response> setSettings(
      @RestForm(Csrf.FIELD) String csrf,
      @RestForm String park,
      @RestForm String year,
      @RestForm String taxPerMu,
      @RestForm String salesPerMu,
      @RestForm String taxPerTce,
      @RestForm String shareA,
      @RestForm String shareB,
      @RestForm String shareD,
      @RestForm String cap) {
    pages.requireCsrf(csrf);
    Caller caller = pages.caller();
    int y = year(year);
    MuSettingsForm form =
        new MuSettingsForm(taxPerMu, salesPerMu, taxPerTce, shareA, shareB, shareD, cap);
    List<String> problems = form.problems();
    if (!problems.isEmpty()) {
      return render(
              caller,
              park,
              y,
              null,
              null,
              form,
              List.of(),
              problems.stream().map(k -> new Problem(k, null)).toList())
          .map(PortalForms::badRequest);
    }
    String chosen = ParkChoice.of(caller, park, List.of());
    return Uni.createFrom()
        .deferred(() -> mu.setSettings(caller, chosen, form.request()))
        .map(done -> PortalForms.redirect(back(caller, park, y) + "#mu-settings"))
        .onFailure(PortalProblems::isFormProblem)
        .recoverWithUni(
            e ->
                PortalForms.refused(
                    e,
                    detail ->
                        render(
                            caller,
                            park,
                            y,
                            null,
                            null,
                            form,
                            List.of(),
                            List.of(new Problem("mu.refused", detail)))));
  }

  private Uni<TemplateInstance> render(
      Caller caller,
      String parkParam,
      int year,
      String enterprise,
      MuInputForm input,
      MuSettingsForm settings,
      List<Problem> inputProblems,
      List<Problem> settingsProblems) {
    return views
        .parks(caller)
        .flatMap(
            parks -> {
              String chosen = ParkChoice.of(caller, parkParam, parks);
              // The service first: it answers 403 to callers that are not the park's.
              return mu.ranking(caller, chosen, year)
                  .flatMap(
                      r ->
                          views
                              .park(caller, chosen)
                              .map(
                                  ref -> {
                                    Page page = pages.page(caller, ref.zone());
                                    List<MuLine> lines = MuLine.of(page, r);
                                    MuModel model =
                                        new MuModel(
                                            ref,
                                            parks,
                                            r,
                                            lines.stream().filter(MuLine::classified).toList(),
                                            lines.stream().filter(l -> !l.classified()).toList(),
                                            r.results().stream()
                                                .sorted(
                                                    Comparator.comparing(MuResult::name)
                                                        .thenComparing(MuResult::enterprise))
                                                .toList(),
                                            years(year));
                                    return Templates.mu(
                                        page,
                                        model,
                                        input != null ? input : inputFor(r, enterprise),
                                        settings != null
                                            ? settings
                                            : MuSettingsForm.of(r.settings()),
                                        inputProblems.stream().map(q -> q.text(page)).toList(),
                                        settingsProblems.stream().map(q -> q.text(page)).toList());
                                  }));
            });
  }

  /** The input form for {@code enterprise}, filled with what was entered for it this year. */
  private static MuInputForm inputFor(Ranking r, String enterprise) {
    if (enterprise == null || enterprise.isBlank()) {
      return MuInputForm.empty(null);
    }
    return r.inputs().stream()
        .filter(i -> i.enterprise().equals(enterprise))
        .findFirst()
        .map(MuInputForm::of)
        .orElse(MuInputForm.empty(enterprise));
  }

  /** The year asked for; the current one (in China) if none or not a number. */
  static int year(String text) {
    if (text != null) {
      try {
        return Integer.parseInt(text.strip());
      } catch (NumberFormatException e) {
        // the current year
      }
    }
    return Year.now(Page.DEFAULT_ZONE).getValue();
  }

  /** This year and the five before it, and {@code chosen} if it is none of them. */
  static List<Integer> years(int chosen) {
    int now = Year.now(Page.DEFAULT_ZONE).getValue();
    List<Integer> years = new ArrayList<>();
    if (chosen > now) {
      years.add(chosen);
    }
    for (int y = now; y > now - 6; y--) {
      years.add(y);
    }
    if (chosen <= now - 6) {
      years.add(chosen);
    }
    return years;
  }

  private static String back(Caller caller, String park, int year) {
    return ParkChoice.uri(caller, park, "/portal/mu", "year=" + year);
  }
}
