package org.usagelens.domain.port.in;

import java.time.YearMonth;
import java.util.Objects;
import org.usagelens.domain.model.MonthlyTrends;

/** Inbound port: a user's cost and calls per actual provider month by month. */
public interface ShowMonthlyTrendsUseCase {

    /** The most months one query covers: three years. */
    int MAX_MONTHS = 36;

    /** The {@code months} billing periods that end with {@code through}. */
    record TrendQuery(String userId, YearMonth through, int months) {
        public TrendQuery {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(through, "through");
            if (months < 1 || months > MAX_MONTHS) {
                throw new IllegalArgumentException("months must be from 1 to " + MAX_MONTHS + ", was " + months);
            }
        }

        public YearMonth first() {
            return through.minusMonths(months - 1L);
        }
    }

    MonthlyTrends trends(TrendQuery query);
}
