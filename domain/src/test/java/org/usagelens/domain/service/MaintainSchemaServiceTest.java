package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.DistributionReport;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.model.UnadoptableDatabaseException;
import org.usagelens.domain.model.UsageLensException;
import org.usagelens.domain.port.in.MaintainSchemaUseCase;
import org.usagelens.domain.port.in.MaintainSchemaUseCase.MigrateSchemaCommand;
import org.usagelens.domain.port.in.MaintainSchemaUseCase.RetentionCommand;
import org.usagelens.domain.port.out.SchemaOperations;

/** The schema's maintenance runs its steps in order, tells each as it is done, and removes nothing in a dry run. */
class MaintainSchemaServiceTest {
    private static final Instant BEFORE = Instant.parse("2026-11-01T00:00:00Z");
    private static final AdoptionReport ADOPTED = new AdoptionReport(3, List.of("id"), List.of("extra"),
            Duration.ofMillis(5), "note");
    private static final DistributionReport DISTRIBUTED = new DistributionReport("12.1", false, 4,
            List.of("api_usage_logs"), List.of("api_usage_log_epoch"), List.of());

    /** Records every call, in order; {@code legacy} and {@code citus} say what the store is. */
    private static final class RecordingSchema implements SchemaOperations {
        final List<String> calls = new ArrayList<>();
        boolean legacy;
        boolean citus;
        RuntimeException adoptionFailure;

        @Override
        public Optional<AdoptionReport> adoptIfLegacy() {
            calls.add("adopt");
            if (adoptionFailure != null) {
                throw adoptionFailure;
            }
            return legacy ? Optional.of(ADOPTED) : Optional.empty();
        }

        @Override
        public int migrate() {
            calls.add("migrate");
            return 9;
        }

        @Override
        public Optional<DistributionReport> distributeIfCitus(OptionalInt shardCount) {
            calls.add("distribute " + shardCount);
            return citus ? Optional.of(DISTRIBUTED) : Optional.empty();
        }

        @Override
        public RetentionReport planRetention(Instant before) {
            calls.add("plan " + before);
            return new RetentionReport(before, new TreeMap<>(Map.of("2026-10", 2L)));
        }

        @Override
        public RetentionReport retain(Instant before, int batchSize, LongConsumer removedSoFar) {
            calls.add("retain " + before + " " + batchSize);
            removedSoFar.accept(1);
            removedSoFar.accept(2);
            return new RetentionReport(before, new TreeMap<>(Map.of("2026-10", 2L)));
        }
    }

    /** Hears the steps into the same list as the schema's calls, so the order of both shows. */
    private static MaintainSchemaUseCase.Listener listener(List<String> calls) {
        return new MaintainSchemaUseCase.Listener() {
            @Override
            public void adopted(AdoptionReport adoption) {
                calls.add("heard adopted " + adoption.rows());
            }

            @Override
            public void migrated(int applied) {
                calls.add("heard migrated " + applied);
            }

            @Override
            public void distributed(DistributionReport distribution) {
                calls.add("heard distributed " + distribution.shardCount());
            }
        };
    }

    @Test
    void givenALegacyCitusDatabase_whenMigrated_thenAdoptsMigratesAndDistributes_inThatOrder_tellingEachStepAtOnce() {
        RecordingSchema schema = new RecordingSchema();
        schema.legacy = true;
        schema.citus = true;

        new MaintainSchemaService(schema).migrate(new MigrateSchemaCommand(OptionalInt.of(4)), listener(schema.calls));

        assertThat(schema.calls).containsExactly("adopt", "heard adopted 3", "migrate", "heard migrated 9",
                "distribute OptionalInt[4]", "heard distributed 4");
    }

    @Test
    void givenAPlainCurrentDatabase_whenMigrated_thenOnlyTheMigrationsAreHeardOf() {
        RecordingSchema schema = new RecordingSchema();

        new MaintainSchemaService(schema).migrate(new MigrateSchemaCommand(OptionalInt.empty()), listener(schema.calls));

        assertThat(schema.calls).containsExactly("adopt", "migrate", "heard migrated 9", "distribute OptionalInt.empty");
    }

    @Test
    void givenATableOfAnotherShape_whenMigrated_thenNoMigrationRuns_andTheFailureIsTheDomains() {
        RecordingSchema schema = new RecordingSchema();
        schema.legacy = true;
        schema.adoptionFailure = new UnadoptableDatabaseException("cannot adopt api_usage_logs: column id is missing");

        assertThatThrownBy(() -> new MaintainSchemaService(schema).migrate(new MigrateSchemaCommand(OptionalInt.empty()),
                listener(schema.calls)))
                .isInstanceOfSatisfying(UnadoptableDatabaseException.class,
                        e -> assertThat(e.kind()).isEqualTo(UsageLensException.Kind.INVALID_REQUEST))
                .hasMessage("cannot adopt api_usage_logs: column id is missing");
        assertThat(schema.calls).containsExactly("adopt");
    }

    @Test
    void givenADryRun_whenRetained_thenOnlyThePlanIsRead_andNoProgressIsHeard() {
        RecordingSchema schema = new RecordingSchema();
        List<Long> progress = new ArrayList<>();

        RetentionReport plan = new MaintainSchemaService(schema).retain(new RetentionCommand(BEFORE, 7, true), progress::add);

        assertThat(schema.calls).containsExactly("plan " + BEFORE);
        assertThat(progress).isEmpty();
        assertThat(plan.rows()).isEqualTo(2);
    }

    @Test
    void givenNoDryRun_whenRetained_thenRowsAreRemovedInTheCommandsBatches_andProgressIsHeard() {
        RecordingSchema schema = new RecordingSchema();
        List<Long> progress = new ArrayList<>();

        RetentionReport removed = new MaintainSchemaService(schema).retain(new RetentionCommand(BEFORE, 7, false),
                progress::add);

        assertThat(schema.calls).containsExactly("retain " + BEFORE + " 7");
        assertThat(progress).containsExactly(1L, 2L);
        assertThat(removed.rowsByBillingPeriod()).containsExactly(Map.entry("2026-10", 2L));
    }

    @Test
    void commandsRefuseWhatTheStoreCannotDo() {
        assertThatThrownBy(() -> new MigrateSchemaCommand(OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the shard count must be between 1 and 64000: 0");
        assertThatThrownBy(() -> new MigrateSchemaCommand(OptionalInt.of(64_001)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new MigrateSchemaCommand(OptionalInt.of(64_000)).citusShardCount()).hasValue(64_000);
        assertThatThrownBy(() -> new RetentionCommand(BEFORE, 0, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the batch size must be between 1 and 100000: 0");
        assertThatThrownBy(() -> new RetentionCommand(BEFORE, 100_001, false)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new RetentionCommand(BEFORE, 100_000, false).batchSize()).isEqualTo(100_000);
    }
}
