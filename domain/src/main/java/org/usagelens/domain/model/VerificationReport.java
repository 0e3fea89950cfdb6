package org.usagelens.domain.model;

import java.util.List;
import java.util.Objects;

/**
 * The check of the requirements document (rows by category, actual provider and model), and how many rows still lack
 * an actual provider or were detected by rules older than the current ones.
 */
public record VerificationReport(String rulesVersion, List<ProviderCheckRow> check, long rows, long withoutProvider,
        long detectedByOlderRules) {

    public VerificationReport {
        Objects.requireNonNull(rulesVersion, "rulesVersion");
        check = List.copyOf(check);
    }

    /** Every row has an actual provider, and none was detected by older rules. */
    public boolean complete() {
        return withoutProvider == 0 && detectedByOlderRules == 0;
    }
}
