package org.usagelens.persistence;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongConsumer;
import javax.sql.DataSource;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.DistributionReport;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.port.out.SchemaOperations;

/** The schema's operations on PostgreSQL (and Citus): adoption, Flyway's migrations, distribution, retention. */
final class PostgresSchemaOperations implements SchemaOperations {
    private final DataSource dataSource;

    PostgresSchemaOperations(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public Optional<AdoptionReport> adoptIfLegacy() {
        return LegacyAdoption.adoptIfLegacy(dataSource);
    }

    @Override
    public int migrate() {
        return Migrations.apply(dataSource);
    }

    @Override
    public Optional<DistributionReport> distributeIfCitus(OptionalInt shardCount) {
        return CitusDistribution.distributeIfCitus(dataSource, shardCount.isPresent() ? shardCount.getAsInt() : null);
    }

    @Override
    public RetentionReport planRetention(Instant before) {
        return new Retention(dataSource).plan(before);
    }

    @Override
    public RetentionReport retain(Instant before, int batchSize, LongConsumer removedSoFar) {
        return new Retention(dataSource).remove(before, batchSize, removedSoFar);
    }
}
