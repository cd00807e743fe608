package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.parkpulse.devstack.postgres.Database;
import io.parkpulse.devstack.postgres.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;

class PostgresTest {

  @Test
  void testDatabaseIsARealEmptyPostgres() throws Exception {
    Database db = Postgres.sharedForTests().database();
    try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
        ResultSet version = c.createStatement().executeQuery("SHOW server_version_num");
        ResultSet tables =
            c.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
      version.next();
      assertThat(version.getInt(1)).isGreaterThanOrEqualTo(150000);
      tables.next();
      assertThat(tables.getInt(1)).isZero();
    }
  }

  @Test
  void swapsTheDatabaseNameOfAJdbcUrl() {
    assertThat(Postgres.withDatabase("jdbc:postgresql://h:5432/test?ssl=false", "x"))
        .isEqualTo("jdbc:postgresql://h:5432/x?ssl=false");
    assertThat(Postgres.withDatabase("jdbc:postgresql://h:5432", "x"))
        .isEqualTo("jdbc:postgresql://h:5432/x");
  }
}
