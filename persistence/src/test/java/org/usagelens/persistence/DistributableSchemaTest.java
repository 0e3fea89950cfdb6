package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.usagelens.persistence.testing.TestDatabases;

/** The schema Citus can distribute by user_id, checked on plain PostgreSQL (CI has no Citus). */
class DistributableSchemaTest {

    @Test
    void everyUniqueKeyOfADistributedTable_includesUserId() throws SQLException {
        try (HikariDataSource ds = migrated(); Connection c = ds.getConnection()) {
            List<String> unique = uniqueKeys(c);
            assertThat(unique).as("unique keys and primary keys of the distributed tables").isNotEmpty()
                    .anyMatch(k -> k.startsWith("api_usage_logs."));
            assertThat(unique.stream().filter(k -> !k.contains("(user_id") && !k.contains(", user_id")).toList())
                    .as("unique keys without user_id: Citus cannot distribute these tables").isEmpty();
        }
    }

    @Test
    void aUniqueKeyWithoutUserId_isFound() throws SQLException {
        // The check above can fail: a key on id alone, as V1 had, is what it reports.
        try (HikariDataSource ds = migrated(); Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE UNIQUE INDEX ux_by_id_alone ON api_usage_log_latency_pending (id)");
            assertThat(uniqueKeys(c)).contains("api_usage_log_latency_pending.ux_by_id_alone (id)");
        }
    }

    @Test
    void everyTable_isDistributedOrReference_andPlainPostgresIsLeftAlone() throws SQLException {
        try (HikariDataSource ds = migrated(); Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
                     + " AND tablename <> 'flyway_schema_history'")) {
            Set<String> tables = new TreeSet<>();
            while (r.next()) {
                tables.add(r.getString(1));
            }
            Set<String> known = new TreeSet<>(CitusDistribution.DISTRIBUTED);
            known.addAll(CitusDistribution.REFERENCE);
            assertThat(tables).isEqualTo(known);
            assertThat(CitusDistribution.distributeIfCitus(ds, null)).isEqualTo(Optional.empty());
        }
    }

    private static HikariDataSource migrated() {
        HikariDataSource ds = DataSources.pooled(TestDatabases.fresh(), "schema-test", 2, Duration.ofSeconds(5));
        Migrations.apply(ds);
        return ds;
    }

    /** "table.index (columns)" for every unique index of the distributed tables. */
    private static List<String> uniqueKeys(Connection c) throws SQLException {
        List<String> keys = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("""
                SELECT t.relname, i.relname,
                       string_agg(a.attname, ', ' ORDER BY k.ord)
                FROM pg_index x
                JOIN pg_class t ON t.oid = x.indrelid
                JOIN pg_class i ON i.oid = x.indexrelid
                JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
                CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY AS k(attnum, ord)
                JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                WHERE x.indisunique AND k.ord <= x.indnkeyatts
                GROUP BY 1, 2
                ORDER BY 1, 2""")) {
            while (r.next()) {
                if (CitusDistribution.DISTRIBUTED.contains(r.getString(1))) {
                    keys.add(r.getString(1) + "." + r.getString(2) + " (" + r.getString(3) + ")");
                }
            }
        }
        return keys;
    }
}
