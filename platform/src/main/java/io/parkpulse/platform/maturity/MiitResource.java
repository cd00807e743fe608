package io.parkpulse.platform.maturity;

import static io.parkpulse.platform.api.ApiErrors.require;

import io.parkpulse.platform.access.EnterpriseScope;
import io.parkpulse.platform.api.ApiErrors;
import io.parkpulse.platform.audit.Audit;
import io.parkpulse.platform.maturity.declarations.EvidenceAttachment;
import io.parkpulse.platform.maturity.miit.MiitItems;
import io.parkpulse.platform.tenancy.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The MIIT items an enterprise declares where ParkPulse has no data (business scenarios, base items
 * such as 信息系统 or 资金保障), with evidence for the park operator to verify. Verified declarations count
 * in the MIIT estimate of the next assessment; pending ones only in its declared figures.
 */
@Path("/api/v1/enterprises/{enterprise}/miit")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class MiitResource {

  private final DataSource dataSource;
  private final EnterpriseScope scope;
  private final SecurityIdentity identity;

  MiitResource(DataSource dataSource, EnterpriseScope scope, SecurityIdentity identity) {
    this.dataSource = dataSource;
    this.scope = scope;
    this.identity = identity;
  }

  /**
   * An item with the enterprise's declaration, if any.
   *
   * @param id the item's id
   * @param name its name in the evaluation
   * @param english its English name
   * @param kind {@code SCENARIO} (value = level 0–4) or {@code BASE} (value = points)
   * @param max the highest value
   * @param mandatory for a scenario, whether it is 约束性
   * @param value the declared value, or null
   * @param verification {@code PENDING}, {@code VERIFIED} or {@code REJECTED}, or null
   */
  public record ItemView(
      String id,
      String name,
      String english,
      MiitItems.Kind kind,
      double max,
      boolean mandatory,
      Double value,
      String note,
      String attachmentName,
      String attachmentSha256,
      String verification,
      String declaredBy,
      Instant declaredAt,
      String verifiedBy) {}

  /** A declaration: the value, and optionally a note and an evidence document. */
  public record DeclarationRequest(
      Double value, String note, String attachmentName, String attachmentBase64) {}

  /** Every declarable item, with the enterprise's declarations. */
  @GET
  public List<ItemView> list(@PathParam("enterprise") String enterprise) throws SQLException {
    scope.visiblePark(caller(), enterprise);
    Map<String, ItemView> declared = new LinkedHashMap<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement q =
            c.prepareStatement(
                "SELECT item, value, note, attachment_name, attachment_sha256, verification,"
                    + " declared_by, declared_at, verified_by FROM miit_declaration"
                    + " WHERE enterprise_id = ?")) {
      q.setString(1, enterprise);
      try (ResultSet rs = q.executeQuery()) {
        while (rs.next()) {
          MiitItems.Item item = MiitItems.item(rs.getString(1)).orElse(null);
          if (item == null) {
            continue;
          }
          declared.put(
              item.id(),
              view(
                  item,
                  rs.getDouble(2),
                  rs.getString(3),
                  rs.getString(4),
                  rs.getString(5),
                  rs.getString(6),
                  rs.getString(7),
                  rs.getTimestamp(8).toInstant(),
                  rs.getString(9)));
        }
      }
    }
    List<ItemView> items = new ArrayList<>();
    for (MiitItems.Item item : MiitItems.ITEMS) {
      items.add(
          declared.getOrDefault(
              item.id(), view(item, null, null, null, null, null, null, null, null)));
    }
    return items;
  }

  /** Declares an item (enterprise admin or park operator); it waits for verification again. */
  @PUT
  @Path("/{item}")
  public List<ItemView> declare(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String itemId,
      DeclarationRequest request)
      throws SQLException {
    Caller caller = caller();
    String park = scope.visiblePark(caller, enterprise);
    if (!caller.managesEnterprise(park, enterprise)) {
      throw ApiErrors.forbidden("viewers cannot declare MIIT items");
    }
    MiitItems.Item item =
        MiitItems.item(itemId).orElseThrow(() -> ApiErrors.notFound("MIIT item", itemId));
    require(request != null && request.value() != null, "value", "is required");
    double value = request.value();
    if (item.kind() == MiitItems.Kind.SCENARIO) {
      require(
          value == Math.rint(value) && value >= 0 && value <= 4,
          "value",
          "must be a scenario level: 0, 1, 2, 3 or 4");
    } else {
      require(
          Double.isFinite(value) && value >= 0 && value <= item.max(),
          "value",
          "must be points from 0 to " + item.max());
    }
    EvidenceAttachment attachment =
        EvidenceAttachment.of(request.attachmentName(), request.attachmentBase64());
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement upsert =
          c.prepareStatement(
              "INSERT INTO miit_declaration (enterprise_id, item, value, note, attachment_name,"
                  + " attachment_sha256, attachment, declared_by, declared_at, verification)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING')"
                  + " ON CONFLICT (enterprise_id, item) DO UPDATE SET value = EXCLUDED.value,"
                  + " note = EXCLUDED.note, attachment_name = EXCLUDED.attachment_name,"
                  + " attachment_sha256 = EXCLUDED.attachment_sha256,"
                  + " attachment = EXCLUDED.attachment, declared_by = EXCLUDED.declared_by,"
                  + " declared_at = EXCLUDED.declared_at, verification = 'PENDING',"
                  + " verified_by = NULL, verified_at = NULL")) {
        upsert.setString(1, enterprise);
        upsert.setString(2, item.id());
        upsert.setDouble(3, value);
        upsert.setString(4, request.note());
        upsert.setString(5, attachment == null ? null : attachment.name());
        upsert.setString(6, attachment == null ? null : attachment.sha256());
        upsert.setBytes(7, attachment == null ? null : attachment.bytes());
        upsert.setString(8, caller.subject());
        upsert.setTimestamp(9, Timestamp.from(Instant.now()));
        upsert.executeUpdate();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("item", item.id());
        details.put("value", value);
        details.put("attachmentSha256", attachment == null ? null : attachment.sha256());
        Audit.record(
            c,
            caller,
            "enterprise.miit-declared",
            "enterprise",
            enterprise,
            park,
            enterprise,
            details);
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return list(enterprise);
  }

  /** The park operator verifies or rejects a declaration's evidence. */
  @POST
  @Path("/{item}/verification")
  public List<ItemView> verify(
      @PathParam("enterprise") String enterprise,
      @PathParam("item") String itemId,
      MaturityResource.VerificationRequest request)
      throws SQLException {
    Caller caller = caller();
    String park = scope.visiblePark(caller, enterprise);
    if (!caller.managesPark(park)) {
      throw ApiErrors.forbidden("only the park's operator verifies evidence");
    }
    require(request != null && request.verified() != null, "verified", "is required");
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try (PreparedStatement update =
          c.prepareStatement(
              "UPDATE miit_declaration SET verification = ?, verified_by = ?,"
                  + " verified_at = now() WHERE enterprise_id = ? AND item = ?")) {
        update.setString(1, request.verified() ? "VERIFIED" : "REJECTED");
        update.setString(2, caller.subject());
        update.setString(3, enterprise);
        update.setString(4, itemId);
        if (update.executeUpdate() == 0) {
          throw ApiErrors.notFound("declaration of", itemId);
        }
        Audit.record(
            c,
            caller,
            request.verified() ? "enterprise.miit-verified" : "enterprise.miit-rejected",
            "enterprise",
            enterprise,
            park,
            enterprise,
            Map.of("item", itemId));
        c.commit();
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
    return list(enterprise);
  }

  private static ItemView view(
      MiitItems.Item item,
      Double value,
      String note,
      String attachmentName,
      String attachmentSha256,
      String verification,
      String declaredBy,
      Instant declaredAt,
      String verifiedBy) {
    return new ItemView(
        item.id(),
        item.name(),
        item.english(),
        item.kind(),
        item.max(),
        item.mandatory(),
        value,
        note,
        attachmentName,
        attachmentSha256,
        verification,
        declaredBy,
        declaredAt,
        verifiedBy);
  }

  private Caller caller() {
    return Caller.of(identity);
  }
}
