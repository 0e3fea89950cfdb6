package org.usagelens.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.EffectiveDetection;
import org.usagelens.domain.model.OriginalAggregate;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogPage;

/** The body of {@code GET /api/subscription/usage-logs}: the original shape plus the detection and a cursor. */
record UsageLogsResponse(List<LogBody> logs, long totalCount, int limit, int offset, boolean hasMore,
                                String nextCursor) {

    public static UsageLogsResponse from(UsageLogPage page) {
        return new UsageLogsResponse(page.logs().stream().map(LogBody::from).toList(), page.totalCount(),
                page.limit(), page.offset(), page.hasMore(), Cursor.encode(page.next()));
    }

    /**
     * One usage log; {@code provider} is the provider it is displayed under. Fields the original API always sent as
     * numbers are numbers here too: when the caller did not report one, it is 0 and named in {@code not_reported}.
     * Summary rows of the original system say so ({@code is_aggregated}) with the calls they stand for.
     */
    public record LogBody(long id, Instant timestamp, String provider, String actualProviderName, String category,
                          String providerDisplayName, String modelUsed, String endpoint, String method,
                          long tokensInput, long tokensOutput, long tokensTotal, BigDecimal costInput,
                          BigDecimal costOutput, BigDecimal costTotal, double responseTime, int statusCode,
                          String status, String errorMessage, String billingPeriod, int retryCount,
                          boolean isAggregated, Long aggregatedCalls, Long aggregatedSuccessfulCalls,
                          Long aggregatedFailedCalls, List<String> notReported, String costSource,
                          String unpricedReason, String priceVersion, BigDecimal catalogCostTotal,
                          java.util.Map<String, BigDecimal> units, DetectionBody detection) {

        static LogBody from(DisplayedUsageLog displayed) {
            UsageLog l = displayed.log();
            EffectiveDetection p = displayed.provider();
            List<String> notReported = new ArrayList<>(0);
            Optional<OriginalAggregate> aggregate = OriginalAggregate.of(l.endpoint(), l.modelUsed(), l.errorMessage());
            return new LogBody(l.id(), l.timestamp(), p.providerId(),
                    l.detection() == null ? null : l.detection().providerId(), l.category(), p.displayName(),
                    l.modelUsed(), l.endpoint(), l.method(), reported("tokens_input", l.tokensInput(), notReported),
                    reported("tokens_output", l.tokensOutput(), notReported),
                    reported("tokens_total", l.tokensTotal(), notReported),
                    reported("cost_input", l.costInput(), notReported), reported("cost_output", l.costOutput(), notReported),
                    reported("cost_total", l.costTotal(), notReported), l.responseTime(), l.statusCode(),
                    l.successful() ? "success" : "failed", l.errorMessage(), l.billingPeriod(),
                    (int) reported("retry_count", l.retryCount() == null ? null : l.retryCount().longValue(), notReported),
                    aggregate.isPresent(), aggregate.map(OriginalAggregate::calls).orElse(null),
                    aggregate.map(OriginalAggregate::successfulCalls).orElse(null),
                    aggregate.map(OriginalAggregate::failedCalls).orElse(null), List.copyOf(notReported),
                    UsageLogsResponse.costSource(l), l.provenance().unpricedReason(), l.provenance().priceVersion(),
                    l.provenance().catalogCostTotal(), UsageLogsResponse.units(l.provenance().units()),
                    new DetectionBody(p.source(), p.ruleId(), p.rulesVersion(), p.computedOnRead()));
        }

        private static long reported(String field, Long value, List<String> notReported) {
            if (value == null) {
                notReported.add(field);
                return 0;
            }
            return value;
        }

        private static BigDecimal reported(String field, BigDecimal value, List<String> notReported) {
            if (value == null) {
                notReported.add(field);
                return BigDecimal.ZERO;
            }
            return value;
        }
    }

    /**
     * Where a row's cost came from: {@code client}, {@code catalog}, {@code unpriced}, or {@code legacy} for rows
     * stored before costs had a provenance (their cost is what their writer reported).
     */
    static String costSource(UsageLog l) {
        return l.provenance().costSource() == null ? "legacy" : l.provenance().costSource().wireName();
    }

    /** Units by their wire names, in a stable order. */
    static java.util.Map<String, BigDecimal> units(org.usagelens.domain.pricing.Units units) {
        java.util.Map<String, BigDecimal> named = new java.util.TreeMap<>();
        units.quantities().forEach((unit, quantity) -> named.put(unit.wireName(), quantity));
        return named;
    }

    /** Why the row is shown under its provider. */
    public record DetectionBody(String source, String ruleId, String rulesVersion, boolean computedOnRead) {
    }
}
