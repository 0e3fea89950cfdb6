package org.usagelens.domain.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.RulesVersion;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.in.AttributeStoredRowsUseCase;
import org.usagelens.domain.port.out.BackfillRepository;

/**
 * Detects the rows stored without detection evidence, with the backfill's rules ({@link BackfillService#needsDetection}:
 * never a client's provider, never newer rules) and its guarded writes (a row changed since it was read is skipped,
 * never overwritten).
 */
public final class AttributeStoredRowsService implements AttributeStoredRowsUseCase {
    private final ProviderDetector detector;
    private final BackfillRepository repository;
    private final RulesVersion current;

    public AttributeStoredRowsService(ProviderDetector detector, BackfillRepository repository) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.repository = Objects.requireNonNull(repository, "repository");
        this.current = RulesVersion.current(detector.rulesVersion());
    }

    @Override
    public Attributed attributePending(int batchSize, int maxRows) {
        if (batchSize < 1 || maxRows < 1) {
            throw new IllegalArgumentException("batch size and max rows must be positive");
        }
        int examined = 0;
        int written = 0;
        int skipped = 0;
        while (examined < maxRows) {
            List<BackfillCandidate> rows = repository.undetected(Math.min(batchSize, maxRows - examined));
            if (rows.isEmpty()) {
                break;
            }
            examined += rows.size();
            List<Redetection> batch = new ArrayList<>(rows.size());
            for (BackfillCandidate row : rows) {
                if (BackfillService.needsDetection(row.stored(), current)) {
                    Detection d = CategoryGuess.detect(detector, row.guess(), row.category(), row.model(), row.endpoint());
                    batch.add(new Redetection(row.id(), row.stored(),
                            StoredDetection.of(d)));
                }
            }
            int done = batch.isEmpty() ? 0 : repository.apply(batch).size();
            written += done;
            skipped += batch.size() - done;
            if (done == 0) {
                break; // nothing could be written (rows changing under us, or none to detect): try again next pass
            }
        }
        return new Attributed(examined, written, skipped);
    }
}
