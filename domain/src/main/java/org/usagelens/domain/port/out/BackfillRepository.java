package org.usagelens.domain.port.out;

import java.util.List;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;

/**
 * Outgoing persistence port for the backfill: reads the stored rows that may need detection in id order, and writes
 * new detections guarded against concurrent writers.
 */
public interface BackfillRepository {

    /**
     * Up to {@code limit} rows with an id above {@code afterId}, ascending by id, whose provider a client did not
     * supply and which have no actual provider or a rules version other than {@code currentVersion}.
     */
    List<BackfillCandidate> candidatesAfter(long afterId, String currentVersion, int limit);

    /**
     * Up to {@code limit} rows stored without any detection evidence (by another writer, such as the original system,
     * or left so by it), ascending by id: what the server attributes in the background.
     */
    List<BackfillCandidate> undetected(int limit);

    /** How many rows {@link #candidatesAfter} would return from the start, without a limit. */
    long countCandidates(String currentVersion);

    /**
     * Writes each new detection whose row still holds its expected detection, all in one short transaction; rows
     * changed since they were read are skipped. Returns the ids written.
     *
     * @throws org.usagelens.domain.model.StorageUnavailableException when the store cannot be reached
     */
    List<Long> apply(List<Redetection> batch);

    /** Rows not supplied by a client, per stored rules version. */
    List<DetectionVersionCount> detectionVersions();

    /** Rows by category, actual provider and model (the requirements' check). */
    List<ProviderCheckRow> providerCheck();
}
