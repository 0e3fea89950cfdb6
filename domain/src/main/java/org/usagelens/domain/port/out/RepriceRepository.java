package org.usagelens.domain.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.usagelens.domain.model.RepriceCandidate;
import org.usagelens.domain.model.Repricing;

/**
 * Outgoing persistence port for re-pricing: reads the rows judged against another price catalog version in id order,
 * writes new costs guarded against concurrent writers, and records every change under a run id so that it can be
 * reverted exactly.
 */
public interface RepriceRepository {

    /**
     * Up to {@code limit} rows with an id above {@code afterId}, ascending by id, whose price version is not
     * {@code currentVersion} and whose cost has a provenance (the catalog's, none, or a client's with the catalog's
     * figure beside it); rows stored before costs had a provenance are not re-priced.
     */
    List<RepriceCandidate> candidatesAfter(long afterId, String currentVersion, int limit);

    /** How many rows {@link #candidatesAfter} would return from the start. */
    long countCandidates(String currentVersion);

    /** Records the start of a run. */
    void startRun(String runId, String priceVersion, Instant startedAt);

    /**
     * Writes each new cost whose row still holds its expected cost and provider, and records the old values of the
     * rows written as batch {@code batch} of the run, in one transaction. Returns how many rows were written.
     */
    int apply(String runId, int batch, String priceVersion, List<Repricing> repricings);

    /** Records the end of a run and the rows it changed. */
    void finishRun(String runId, Instant finishedAt, long rowsChanged);

    /** A recorded run: its catalog version and when it was reverted, if it was. */
    record Run(String runId, String priceVersion, Instant startedAt, Instant finishedAt, long rowsChanged,
               Instant revertedAt) {
    }

    Optional<Run> run(String runId);

    /** The batch numbers of a run, ascending. */
    List<Integer> batches(String runId);

    /**
     * Restores the old values of one batch of a run where the rows still hold what the run wrote; returns
     * {@code [restored, skipped]}.
     */
    long[] revertBatch(String runId, int batch);

    /** Records that a run was reverted. */
    void markReverted(String runId, Instant revertedAt);
}
