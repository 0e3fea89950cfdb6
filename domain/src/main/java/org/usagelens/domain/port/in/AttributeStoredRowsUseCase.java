package org.usagelens.domain.port.in;

/**
 * Inbound port: attribute the rows other writers (the original system's, say) stored without a detection, in bounded
 * batches, so that a team can switch its readers to UsageLens before its writers.
 */
public interface AttributeStoredRowsUseCase {

    /** What one pass did: rows examined, detections written, rows another writer changed meanwhile (left for later). */
    record Attributed(int examined, int written, int skipped) {
    }

    /** Attributes up to {@code maxRows} such rows, in batches of {@code batchSize}; returns at once when there are none. */
    Attributed attributePending(int batchSize, int maxRows);
}
