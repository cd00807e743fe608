package io.parkpulse.platform.tenancy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a caller may see, as a filter for queries: lists and analytics filter in SQL, never in Java.
 * Made only by {@link TenancyGate#scope}.
 *
 * @param park the one park the caller sees, or null for all (platform admin)
 * @param enterprise the one enterprise the caller sees, or null for all of the park's
 */
public record Scope(String park, String enterprise) {

  /** Whether the caller sees every park. */
  public boolean allParks() {
    return park == null;
  }

  /**
   * A JDBC condition for rows with a park and an enterprise column, to append after {@code WHERE
   * ...}: {@code " AND e.park_id = ? AND e.id = ?"} or less.
   *
   * @param parkColumn the park column
   * @param enterpriseColumn the enterprise column, or null for park-level rows (visible to the
   *     park's enterprise roles too)
   */
  public SqlFilter sql(String parkColumn, String enterpriseColumn) {
    StringBuilder clause = new StringBuilder();
    List<Object> params = new ArrayList<>();
    if (park != null) {
      clause.append(" AND ").append(parkColumn).append(" = ?");
      params.add(park);
    }
    if (enterprise != null && enterpriseColumn != null) {
      clause.append(" AND ").append(enterpriseColumn).append(" = ?");
      params.add(enterprise);
    }
    return new SqlFilter(clause.toString(), List.copyOf(params));
  }

  /**
   * The same for Hibernate queries, with named parameters {@code scopePark} and {@code
   * scopeEnterprise}.
   *
   * @param parkField the park attribute
   * @param enterpriseField the enterprise attribute, or null for park-level entities
   */
  public HqlFilter hql(String parkField, String enterpriseField) {
    StringBuilder clause = new StringBuilder();
    Map<String, Object> params = new LinkedHashMap<>();
    if (park != null) {
      clause.append(" and ").append(parkField).append(" = :scopePark");
      params.put("scopePark", park);
    }
    if (enterprise != null && enterpriseField != null) {
      clause.append(" and ").append(enterpriseField).append(" = :scopeEnterprise");
      params.put("scopeEnterprise", enterprise);
    }
    return new HqlFilter(clause.toString(), Map.copyOf(params));
  }

  /** A JDBC condition and its positional parameters, in order. */
  public record SqlFilter(String clause, List<Object> params) {}

  /** A Hibernate query condition and its named parameters. */
  public record HqlFilter(String clause, Map<String, Object> params) {}
}
