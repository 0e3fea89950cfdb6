package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedDatabaseTest {

    @Test
    void givenDataDirectory_whenRestarted_thenDataIsKept(@TempDir Path dir) throws Exception {
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir)) {
            try (Connection c = connect(db); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE kept (v text)");
                s.execute("INSERT INTO kept VALUES ('still here')");
            }
        }
        assertThat(Files.exists(dir.resolve("PG_VERSION"))).isTrue();
        try (EmbeddedDatabase db = EmbeddedDatabase.start(dir);
             Connection c = connect(db);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT v FROM kept")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here");
        }
    }

    private static Connection connect(EmbeddedDatabase db) throws Exception {
        return DriverManager.getConnection(db.url().jdbcUrl(), db.url().user(), db.url().password());
    }
}
