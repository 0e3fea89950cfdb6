package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.usagelens.domain.testing.TestUsageEvents.detected;
import static org.usagelens.domain.testing.TestUsageEvents.log;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.LegacyAttribution;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.out.SchemaOperations;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.persistence.testing.TestDatabases;

/** The public door's ports work on a real PostgreSQL as the composition roots use them. */
class PostgresStoreTest {
    private static final Instant OCTOBER = Instant.parse("2026-10-01T00:00:00Z");

    @Test
    void givenAFreshDatabase_theSchemaPort_migratesOnce_adoptsNothing_andFindsNoCitus() {
        try (HikariDataSource ds = DataSources.pooled(TestDatabases.fresh(), "store-test", 2, Duration.ofSeconds(5))) {
            SchemaOperations schema = PostgresStore.schema(ds);

            assertThat(schema.adoptIfLegacy()).as("no original table").isEmpty();
            assertThat(schema.migrate()).isEqualTo(TestDatabases.MIGRATIONS);
            assertThat(schema.migrate()).isZero();
            assertThat(schema.adoptIfLegacy()).as("a migrated database is ours").isEmpty();
            assertThat(schema.distributeIfCitus(OptionalInt.empty())).isEmpty();
            assertThat(schema.distributeIfCitus(OptionalInt.of(8))).isEmpty();
            assertThatThrownBy(() -> schema.distributeIfCitus(OptionalInt.of(0)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 64000");
            assertThat(PostgresStore.health(ds).probe().up()).isTrue();
        }
    }

    @Test
    void givenRowsOfOldMonths_theSchemaPort_plansWithoutRemoving_thenRemovesInBatches_keepingTheRest() {
        try (HikariDataSource ds = DataSources.pooled(TestDatabases.fresh(), "store-test", 2, Duration.ofSeconds(5))) {
            SchemaOperations schema = PostgresStore.schema(ds);
            schema.migrate();
            UsageLogRepository logs = PostgresStore.usageLogs(ds);
            logs.insertNew(List.of(
                    log("u1", "a", Category.VIDEO, "m", Instant.parse("2026-08-31T23:59:59Z"), 200, "1", detected("wavespeed")),
                    log("u1", "b", Category.VIDEO, "m", Instant.parse("2026-09-15T10:00:00Z"), 200, "1", detected("wavespeed")),
                    log("u2", "c", Category.VIDEO, "m", Instant.parse("2026-09-30T23:59:59.999Z"), 200, "1", null),
                    log("u1", "d", Category.VIDEO, "m", OCTOBER, 200, "1", detected("wavespeed"))));

            RetentionReport plan = schema.planRetention(OCTOBER);
            assertThat(plan.before()).isEqualTo(OCTOBER);
            assertThat(plan.rowsByBillingPeriod()).containsExactly(Map.entry("2026-08", 1L), Map.entry("2026-09", 2L));
            assertThat(rows(logs, "u1") + rows(logs, "u2")).as("a plan removes nothing").isEqualTo(4);

            List<Long> progress = new ArrayList<>();
            RetentionReport removed = schema.retain(OCTOBER, 2, progress::add);
            assertThat(removed.rowsByBillingPeriod()).isEqualTo(plan.rowsByBillingPeriod());
            assertThat(removed.rows()).isEqualTo(3);
            assertThat(progress).containsExactly(2L, 3L);
            assertThat(rows(logs, "u1")).isEqualTo(1);
            assertThat(rows(logs, "u2")).isZero();
            assertThat(schema.planRetention(OCTOBER).rows()).isZero();
        }
    }

    private static long rows(UsageLogRepository logs, String user) {
        return logs.count(new UsageLogFilter(user, null, null, null, null, null, null, null), LegacyAttribution.NONE);
    }
}
