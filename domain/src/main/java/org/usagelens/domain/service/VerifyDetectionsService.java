package org.usagelens.domain.service;

import java.util.Objects;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.RulesVersion;
import org.usagelens.domain.model.VerificationReport;
import org.usagelens.domain.port.in.VerifyDetectionsUseCase;
import org.usagelens.domain.port.out.BackfillRepository;

/** Counts the rows the backfill has yet to detect, and gathers the requirements' check. */
public final class VerifyDetectionsService implements VerifyDetectionsUseCase {

    private final ProviderDetector detector;
    private final BackfillRepository repository;

    public VerifyDetectionsService(ProviderDetector detector, BackfillRepository repository) {
        this.detector = Objects.requireNonNull(detector, "detector");
        this.repository = Objects.requireNonNull(repository, "repository");
    }

    @Override
    public VerificationReport verify() {
        RulesVersion current = RulesVersion.current(detector.rulesVersion());
        var check = repository.providerCheck();
        long rows = check.stream().mapToLong(ProviderCheckRow::rows).sum();
        long without = 0;
        long older = 0;
        for (DetectionVersionCount c : repository.detectionVersions()) {
            without += c.withoutProvider();
            if (current.supersedes(c.rulesVersion())) {
                older += c.rows() - c.withoutProvider();
            }
        }
        return new VerificationReport(detector.rulesVersion(), check, rows, without, older);
    }
}
