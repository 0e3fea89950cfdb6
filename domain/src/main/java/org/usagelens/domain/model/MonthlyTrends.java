package org.usagelens.domain.model;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;

/**
 * Cost and calls per actual provider for consecutive billing periods, oldest first, with each month's change
 * from the month before.
 *
 * @param months   every billing period covered, oldest first, whether it had calls or not
 * @param totals   one entry per month, all providers together
 */
public record MonthlyTrends(String userId, List<String> months, List<ProviderTrend> providers, List<MonthFigures> totals) {

    public MonthlyTrends {
        Objects.requireNonNull(userId, "userId");
        months = List.copyOf(months);
        providers = List.copyOf(providers);
        totals = List.copyOf(totals);
    }

    /** One provider, with one entry per month of {@link #months()}. */
    public record ProviderTrend(String provider, String displayName, long calls, BigDecimal cost, List<MonthFigures> months) {
        public ProviderTrend {
            months = List.copyOf(months);
        }
    }

    /**
     * One month's figures and their change from the month before: {@code costChange} and {@code callsChange} are
     * differences; the ratios are relative to the month before and null when it had none (nothing to compare with).
     */
    public record MonthFigures(String billingPeriod, long calls, BigDecimal cost, long callsChange, BigDecimal costChange,
                               BigDecimal callsChangeRatio, BigDecimal costChangeRatio) {
    }
}
