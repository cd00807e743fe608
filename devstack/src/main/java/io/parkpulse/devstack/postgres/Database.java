package io.parkpulse.devstack.postgres;

/**
 * Where a PostgreSQL database is and how to log in.
 *
 * @param jdbcUrl e.g. {@code jdbc:postgresql://127.0.0.1:54329/parkpulse}
 * @param user the login role
 * @param password the role's password, empty for trust authentication
 */
public record Database(String jdbcUrl, String user, String password) {

  /**
   * The same database for a Vert.x reactive client, e.g. {@code
   * postgresql://127.0.0.1:54329/parkpulse}.
   */
  public String reactiveUrl() {
    return jdbcUrl.substring("jdbc:".length());
  }
}
