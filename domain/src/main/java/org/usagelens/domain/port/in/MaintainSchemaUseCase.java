package org.usagelens.domain.port.in;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.LongConsumer;
import org.usagelens.domain.model.AdoptionReport;
import org.usagelens.domain.model.DistributionReport;
import org.usagelens.domain.model.RetentionReport;
import org.usagelens.domain.model.UnadoptableDatabaseException;

/** Inbound port: bring a database to the current schema, and remove old detail rows while the rollups keep them. */
public interface MaintainSchemaUseCase {

    /** @param citusShardCount on Citus, the shard count of the distributed tables; empty for Citus's default */
    record MigrateSchemaCommand(OptionalInt citusShardCount) {
        public MigrateSchemaCommand {
            Objects.requireNonNull(citusShardCount, "citusShardCount");
            if (citusShardCount.isPresent() && (citusShardCount.getAsInt() < 1 || citusShardCount.getAsInt() > 64_000)) {
                throw new IllegalArgumentException("the shard count must be between 1 and 64000: "
                        + citusShardCount.getAsInt());
            }
        }
    }

    /** Told of each step of {@link #migrate} as soon as it is done, before the next one starts. */
    interface Listener {
        Listener NONE = new Listener() { };

        /** A database of the original system was adopted. */
        default void adopted(AdoptionReport adoption) {
        }

        /** The migrations ran; {@code applied} of them were new. */
        default void migrated(int applied) {
        }

        /** The database is a Citus coordinator, and its tables are distributed. */
        default void distributed(DistributionReport distribution) {
        }
    }

    /**
     * Adopts a database of the original system (when it is one), applies the migrations, then, on a Citus
     * coordinator, distributes the tables. Run again, it changes nothing.
     *
     * @throws UnadoptableDatabaseException when the original's table has another shape (nothing is changed)
     */
    void migrate(MigrateSchemaCommand command, Listener listener);

    /**
     * @param before    the first instant kept: rows older than it are removed
     * @param batchSize rows removed per transaction
     * @param dryRun    remove nothing, only report what would be removed
     */
    record RetentionCommand(Instant before, int batchSize, boolean dryRun) {
        public RetentionCommand {
            Objects.requireNonNull(before, "before");
            if (batchSize < 1 || batchSize > 100_000) {
                throw new IllegalArgumentException("the batch size must be between 1 and 100000: " + batchSize);
            }
        }
    }

    /**
     * Removes (or, in a dry run, counts) the rows older than the command's instant; {@code removedSoFar} hears the
     * rows removed so far after each batch (never in a dry run).
     */
    RetentionReport retain(RetentionCommand command, LongConsumer removedSoFar);
}
