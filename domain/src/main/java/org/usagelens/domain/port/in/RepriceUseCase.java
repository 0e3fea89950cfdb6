package org.usagelens.domain.port.in;

import java.time.Duration;
import org.usagelens.domain.model.RepriceReport;

/** Inbound port: re-cost the rows priced by an older price catalog, and revert a run exactly. */
public interface RepriceUseCase {

    /**
     * @param batchSize rows per keyset batch, each written in its own short transaction
     * @param dryRun    write nothing, only report what would change
     */
    record RepriceCommand(int batchSize, boolean dryRun) {
        public RepriceCommand {
            if (batchSize < 1 || batchSize > 10_000) {
                throw new IllegalArgumentException("batch size must be from 1 to 10000, got " + batchSize);
            }
        }
    }

    /** Told when a run starts (its id, before anything is written) and after every batch. */
    interface Listener {
        Listener NONE = new Listener() { };

        default void started(String runId, long candidates) {
        }

        default void progress(long examined, long written, Duration elapsed) {
        }
    }

    RepriceReport reprice(RepriceCommand command, Listener listener);

    /**
     * Restores what a run changed, where nothing changed the rows since.
     *
     * @throws IllegalArgumentException when there is no such run, or it was already reverted
     */
    RepriceReport.Reverted revert(String runId);
}
