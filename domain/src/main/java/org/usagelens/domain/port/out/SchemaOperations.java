package org.usagelens.domain.port.out;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.LongConsumer;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.DistributionReport;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.model.UnadoptableDatabaseException;

/** Outgoing port: the operations on the store's schema and its stored detail that run outside the server. */
public interface SchemaOperations {

    /**
     * Adopts the store when it holds the original system's table and no migration history, converting its columns in
     * place; empty when it is not such a store.
     *
     * @throws UnadoptableDatabaseException when the table's shape is not the original's (nothing is changed)
     */
    Optional<AdoptionReport> adoptIfLegacy();

    /** Brings the schema to the newest version; returns how many migrations ran. */
    int migrate();

    /**
     * On a Citus coordinator, distributes whatever is not yet distributed; run again, it changes nothing. Empty when
     * the store is not one.
     *
     * @param shardCount the shard count of the distributed tables; empty for Citus's {@code citus.shard_count}
     */
    Optional<DistributionReport> distributeIfCitus(OptionalInt shardCount);

    /** The rows older than {@code before}, per billing period, changing nothing. */
    RetentionReport planRetention(Instant before);

    /**
     * Removes the rows older than {@code before}, {@code batchSize} at a time, each batch in its own transaction,
     * while the rollups keep their totals; {@code removedSoFar} hears the rows removed so far after each batch.
     */
    RetentionReport retain(Instant before, int batchSize, LongConsumer removedSoFar);
}
