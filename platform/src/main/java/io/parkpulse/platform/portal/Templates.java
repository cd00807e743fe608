package io.parkpulse.platform.portal;

import io.parkpulse.platform.access.TokenService.CreatedToken;
import io.parkpulse.platform.access.TokenService.TokenView;
import io.parkpulse.platform.access.UserService.UserView;
import io.parkpulse.platform.alarms.AlarmService.AlarmView;
import io.parkpulse.platform.alarms.SafetyService.SafetyView;
import io.parkpulse.platform.audit.AuditService.AuditView;
import io.parkpulse.platform.fleet.FleetService.AgentConfigView;
import io.parkpulse.platform.fleet.FleetService.RolloutView;
import io.parkpulse.platform.fleet.readmodel.FleetReadModel.AgentRow;
import io.parkpulse.platform.integrations.KafkaCredentialService.CredentialView;
import io.parkpulse.platform.integrations.KafkaCredentialService.IssuedCredential;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.ItemView;
import io.parkpulse.platform.maturity.declarations.DeclarationViews.QuestionView;
import io.parkpulse.platform.parks.ParkView;
import io.parkpulse.platform.parks.TrustAnchorService.TrustAnchorView;
import io.parkpulse.platform.portal.LimitsPages.LimitLine;
import io.parkpulse.platform.portal.readmodel.PortalQueries.DeviceRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.EnterpriseRow;
import io.parkpulse.platform.portal.readmodel.PortalQueries.Overview;
import io.parkpulse.platform.portal.readmodel.PortalQueries.ParkRef;
import io.parkpulse.platform.portal.readmodel.PortalQueries.SentCommand;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import java.util.List;

/** The portal's pages, checked against these types when the platform is built. */
@CheckedTemplate
final class Templates {

  private Templates() {}

  static native TemplateInstance login(Page p, String user, String next, String error);

  static native TemplateInstance overview(Page p, Overview o, List<ParkRef> parks);

  static native TemplateInstance enterprises(
      Page p, ParkRef park, List<EnterpriseRow> rows, String q, String sort);

  static native TemplateInstance enterprise(
      Page p,
      ParkRef park,
      EnterpriseRow e,
      EnterpriseDetail d,
      List<DeviceRow> devices,
      ProductionChart production,
      String error);

  static native TemplateInstance device(
      Page p,
      ParkRef park,
      EnterpriseRow e,
      DeviceRow device,
      String chartsUrl,
      List<SentCommand> commands,
      CommandAnswer answer);

  static native TemplateInstance newDevice(
      Page p, EnterpriseRow e, DeviceForm form, List<String> errors);

  static native TemplateInstance credentials(
      Page p, EnterpriseRow e, String device, String username, String secret, String agentYaml);

  static native TemplateInstance questionnaire(
      Page p, EnterpriseRow e, List<QuestionView> questions, String error);

  static native TemplateInstance alarms(
      Page p, List<AlarmView> alarms, String status, String enterprise, String rule);

  static native TemplateInstance alarmRules(
      Page p,
      AlarmRulePages.RulesModel m,
      RuleForm form,
      String problem,
      AlarmRulePages.PreviewModel preview);

  static native TemplateInstance safety(
      Page p, String parkName, SafetyView view, List<SafetyPages.EnterpriseLine> enterprises);

  static native TemplateInstance channels(
      Page p,
      io.parkpulse.platform.notifications.NotificationService.Owner owner,
      List<io.parkpulse.platform.notifications.NotificationService.ChannelView> channels,
      boolean mayChange,
      List<String> errors,
      ChannelPages.ChannelForm form,
      ChannelPages.Tested tested,
      List<ChannelPages.LevelRow> levels);

  static native TemplateInstance parkMap(
      Page p, MapPages.MapModel m, List<String> errors, MapPages.ZoneForm zone);

  static native TemplateInstance problem(Page p, int status, String message);

  static native TemplateInstance parkSettings(
      Page p, ParkView park, ParkSettingsForm form, List<String> errors, boolean saved);

  static native TemplateInstance admin(
      Page p,
      List<UserView> users,
      List<TokenView> tokens,
      List<AuditView> audit,
      String problem,
      CreatedToken token);

  static native TemplateInstance kafkaCredentials(
      Page p,
      String park,
      boolean managed,
      List<CredentialView> credentials,
      IssuedCredential issued,
      String clientSettings,
      String problem,
      String name);

  // An enterprise's MIIT declarations, limits and trust anchor.

  static native TemplateInstance declarations(
      Page p, EnterpriseRow e, List<ItemView> items, List<String> errors);

  static native TemplateInstance enterpriseLimits(
      Page p,
      EnterpriseRow e,
      List<LimitLine> lines,
      LimitsForm form,
      List<String> errors,
      boolean saved);

  static native TemplateInstance fleet(
      Page p,
      String park,
      List<AgentRow> agents,
      FleetPages.Summary summary,
      List<RolloutView> rollouts,
      List<String> enterprises,
      String problem,
      FleetPages.RolloutForm form);

  static native TemplateInstance fleetAgent(
      Page p,
      AgentConfigView view,
      List<RolloutView> rollouts,
      String problem,
      FleetPages.ConfigForm form);

  // Energy and carbon.

  static native TemplateInstance energy(Page p, EnergyPages.ParkPage m, List<ParkRef> parks);

  static native TemplateInstance energyEnterprise(
      Page p, EnergyPages.EnterprisePage m, EnergyDeclarationForm form, List<String> errors);

  static native TemplateInstance trustAnchor(
      Page p,
      EnterpriseRow e,
      TrustAnchorView anchor,
      String pem,
      List<String> errors,
      boolean saved);

  // The park's 亩均 evaluation and policy sheet.

  static native TemplateInstance mu(
      Page p,
      MuPages.MuModel m,
      MuInputForm input,
      MuSettingsForm settings,
      List<String> inputErrors,
      List<String> settingsErrors);

  static native TemplateInstance policy(Page p, PolicyPages.PolicyModel m, List<String> errors);
}
