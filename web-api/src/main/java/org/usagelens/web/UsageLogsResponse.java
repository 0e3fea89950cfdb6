package org.usagelens.web;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.usagelens.domain.model.DisplayedUsageLog;
import org.usagelens.domain.model.EffectiveDetection;
import org.usagelens.domain.model.UsageLog;
import org.usagelens.domain.model.UsageLogPage;

/** The body of {@code GET /api/subscription/usage-logs}: the original shape plus the detection and a cursor. */
public record UsageLogsResponse(List<LogBody> logs, long totalCount, int limit, int offset, boolean hasMore,
                                String nextCursor) {

    public static UsageLogsResponse from(UsageLogPage page) {
        return new UsageLogsResponse(page.logs().stream().map(LogBody::from).toList(), page.totalCount(),
                page.limit(), page.offset(), page.hasMore(), Cursor.encode(page.next()));
    }

    /** One usage log; {@code provider} is the provider it is displayed under. */
    public record LogBody(long id, Instant timestamp, String provider, String actualProviderName, String category,
                          String providerDisplayName, String modelUsed, String endpoint, String method,
                          Long tokensInput, Long tokensOutput, Long tokensTotal, BigDecimal costInput,
                          BigDecimal costOutput, BigDecimal costTotal, double responseTime, int statusCode,
                          String status, String errorMessage, String billingPeriod, Integer retryCount,
                          DetectionBody detection) {

        static LogBody from(DisplayedUsageLog displayed) {
            UsageLog l = displayed.log();
            EffectiveDetection p = displayed.provider();
            return new LogBody(l.id(), l.timestamp(), p.providerId(),
                    l.detection() == null ? null : l.detection().providerId(), l.category(), p.displayName(),
                    l.modelUsed(), l.endpoint(), l.method(), l.tokensInput(), l.tokensOutput(), l.tokensTotal(),
                    l.costInput(), l.costOutput(), l.costTotal(), l.responseTime(), l.statusCode(),
                    l.successful() ? "success" : "failed", l.errorMessage(), l.billingPeriod(), l.retryCount(),
                    new DetectionBody(p.source(), p.ruleId(), p.rulesVersion(), p.computedOnRead()));
        }
    }

    /** Why the row is shown under its provider. */
    public record DetectionBody(String source, String ruleId, String rulesVersion, boolean computedOnRead) {
    }
}
