package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;

/**
 * What a re-pricing did (or, dry, would do): the rows examined and written, and per provider and model the rows whose
 * cost changed with their totals before and after.
 *
 * @param runId     the id its changes are recorded under (for {@code --revert}); null for a dry run
 * @param unchanged rows whose figures stay as they were (their price version is still brought up to date)
 */
public record RepriceReport(String runId, boolean dryRun, String priceVersion, long examined, long written, long unchanged,
                            long changedConcurrently, List<ModelChange> changes, Duration elapsed) {

    public RepriceReport {
        changes = List.copyOf(changes);
    }

    /** Rows of one provider and model whose cost changed: their total cost before and after (null costs count 0). */
    public record ModelChange(String provider, String model, long rows, BigDecimal oldTotal, BigDecimal newTotal,
                              long newlyPriced, long newlyUnpriced) {
    }

    /** What a revert restored, and the rows it left alone because something changed them since. */
    public record Reverted(String runId, long restored, long skipped) {
    }
}
