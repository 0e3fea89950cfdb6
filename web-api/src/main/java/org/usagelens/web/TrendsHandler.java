package org.usagelens.web;

import io.javalin.http.Context;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.usagelens.domain.model.MonthlyTrends;
import org.usagelens.domain.port.in.ShowMonthlyTrendsUseCase;

/**
 * {@code GET /api/subscription/provider-trends}: cost and calls per actual provider for the last {@code months}
 * billing periods (default 12) ending with {@code through} (default: the current month, by the server's clock),
 * each with its change from the month before.
 */
final class TrendsHandler {
    private static final Set<String> PARAMS = Set.of("months", "through", "user_id");
    static final int DEFAULT_MONTHS = 12;

    private final ShowMonthlyTrendsUseCase trends;
    private final Authentication auth;
    private final Clock clock;

    public TrendsHandler(ShowMonthlyTrendsUseCase trends, Authentication auth, Clock clock) {
        this.trends = Objects.requireNonNull(trends, "trends");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public void get(Context ctx) {
        String user = auth.targetUser(ctx);
        QueryParams params = new QueryParams(ctx, PARAMS);
        int months = params.integer("months", 1, ShowMonthlyTrendsUseCase.MAX_MONTHS, DEFAULT_MONTHS);
        String through = params.billingPeriod("through");
        YearMonth last = through != null ? YearMonth.parse(through) : YearMonth.now(clock.withZone(ZoneOffset.UTC));
        ctx.json(TrendsResponse.from(trends.trends(new ShowMonthlyTrendsUseCase.TrendQuery(user, last, months))));
    }

    /** The body of the trends endpoint. */
    public record TrendsResponse(String userId, List<String> months, List<MonthBody> totals, List<ProviderBody> providers) {
        static TrendsResponse from(MonthlyTrends t) {
            return new TrendsResponse(t.userId(), t.months(), t.totals().stream().map(MonthBody::from).toList(),
                    t.providers().stream().map(p -> new ProviderBody(p.provider(), p.displayName(), p.calls(), p.cost(),
                            p.months().stream().map(MonthBody::from).toList())).toList());
        }
    }

    /** One provider over the months, oldest first. */
    public record ProviderBody(String provider, String providerDisplayName, long calls, BigDecimal cost, List<MonthBody> months) {
    }

    /** One month's calls and cost and the change from the month before (ratios null when the month before had none). */
    public record MonthBody(String billingPeriod, long calls, BigDecimal cost, long callsChange, BigDecimal costChange,
                            BigDecimal callsChangeRatio, BigDecimal costChangeRatio) {
        static MonthBody from(MonthlyTrends.MonthFigures m) {
            return new MonthBody(m.billingPeriod(), m.calls(), m.cost(), m.callsChange(), m.costChange(),
                    m.callsChangeRatio(), m.costChangeRatio());
        }
    }
}
