package org.usagelens.domain.port.in;

import java.math.BigDecimal;
import java.util.Objects;
import org.usagelens.domain.model.ProviderRecommendations;
import org.usagelens.domain.model.UsageLogFilter;

/** Inbound port: which of a user's calls would have cost less with another provider, and the evidence. */
public interface RecommendProvidersUseCase {

    /** Nothing saving less than a dollar over the window is worth a switch by default. */
    BigDecimal DEFAULT_MIN_SAVINGS = new BigDecimal("1.00");
    /** The largest threshold accepted: more than any one user's window could save. */
    BigDecimal MAX_MIN_SAVINGS = new BigDecimal("1000000000");
    /** Decimal places a threshold may have. */
    int MIN_SAVINGS_SCALE = 10;

    /**
     * The calls to look at and the smallest saving worth listing.
     *
     * @param minSavings USD, from 0 to {@link #MAX_MIN_SAVINGS}, at most {@link #MIN_SAVINGS_SCALE} decimal places
     */
    record RecommendationQuery(UsageLogFilter filter, BigDecimal minSavings) {
        public RecommendationQuery {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(minSavings, "minSavings");
            if (minSavings.signum() < 0 || minSavings.compareTo(MAX_MIN_SAVINGS) > 0
                    || minSavings.stripTrailingZeros().scale() > MIN_SAVINGS_SCALE) {
                throw new IllegalArgumentException("minSavings must be from 0 to " + MAX_MIN_SAVINGS.toPlainString()
                        + " USD with at most " + MIN_SAVINGS_SCALE + " decimal places: " + minSavings.toPlainString());
            }
        }
    }

    ProviderRecommendations recommend(RecommendationQuery query);
}
