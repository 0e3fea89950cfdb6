package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.StorageUnavailableException;
import org.usagelens.persistence.testing.TestDatabases;

/** The pool's server-side statement and lock timeouts: a stuck statement is cancelled, and reported as retryable. */
class DataSourcesTimeoutTest {

    @Test
    void givenLimits_whenConnecting_thenPostgresHasThem_andWithoutLimitsItHasItsDefaults() throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        try (HikariDataSource limited = DataSources.pooled(db, "limited", 1, Duration.ofSeconds(5),
                Duration.ofMillis(1500), Duration.ofMillis(700));
             HikariDataSource plain = DataSources.pooled(db, "plain", 1, Duration.ofSeconds(5))) {
            assertThat(show(limited, "statement_timeout")).isEqualTo("1500ms");
            assertThat(show(limited, "lock_timeout")).isEqualTo("700ms");
            assertThat(show(plain, "statement_timeout")).isEqualTo("0");
            assertThat(show(plain, "lock_timeout")).isEqualTo("0");
        }
    }

    @Test
    void givenTableLockedElsewhere_whenInserting_thenLockTimeoutCancelsIt_asStorageUnavailable_andNothingIsStored()
            throws Exception {
        DatabaseUrl db = TestDatabases.fresh();
        try (HikariDataSource ds = DataSources.pooled(db, "lock-timeout", 2, Duration.ofSeconds(5),
                Duration.ofSeconds(30), Duration.ofMillis(500));
             Connection locker = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            Migrations.apply(ds);
            JooqUsageLogRepository repository = new JooqUsageLogRepository(Jooq.context(ds));
            var event = log("u1", "k1", Category.VIDEO, "m", Instant.parse("2026-11-20T12:00:00Z"), 200, "1",
                    detected("wavespeed"));
            locker.setAutoCommit(false);
            try (Statement s = locker.createStatement()) {
                s.execute("LOCK TABLE api_usage_logs IN ACCESS EXCLUSIVE MODE");
            }
            long start = System.nanoTime();
            assertThatThrownBy(() -> repository.insertNew(List.of(event)))
                    .isInstanceOf(StorageUnavailableException.class)
                    .rootCause().hasMessageContaining("lock timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            locker.commit();

            assertThat(repository.isEmpty()).isTrue();
            assertThat(repository.insertNew(List.of(event)).get(0)).isPresent();
        }
    }

    @Test
    void givenStatementTimeout_whenAStatementRunsLonger_thenItIsCancelled_asStorageUnavailable() {
        DatabaseUrl db = TestDatabases.fresh();
        try (HikariDataSource ds = DataSources.pooled(db, "statement-timeout", 1, Duration.ofSeconds(5),
                Duration.ofMillis(300), Duration.ZERO)) {
            DSLContext dsl = Jooq.context(ds);
            long start = System.nanoTime();
            assertThatThrownBy(() -> StoreErrors.translate(() -> dsl.fetchValue("SELECT pg_sleep(10)")))
                    .isInstanceOf(StorageUnavailableException.class)
                    .rootCause().hasMessageContaining("statement timeout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
            assertThat(dsl.fetchValue("SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void retryableSqlStates_areUnavailable_andOtherSqlErrorsAreNot() {
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("duplicate", "23505"))).isFalse();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("lock", "55P03"))).isTrue();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("cancel", "57014"))).isTrue();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("could not serialize", "40001"))).isTrue();
        // A full disk (seen here: "could not extend file ... No space left on device") is the store's trouble, not the
        // request's: 503 with Retry-After, as for too many connections.
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("could not extend file", "53100"))).isTrue();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("out of memory", "53200"))).isTrue();
        assertThat(StoreErrors.isUnavailable(new java.sql.SQLException("too many connections", "53300"))).isTrue();
    }

    private static String show(HikariDataSource ds, String setting) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             var rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
