package org.usagelens.domain.testing;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Costs;
import org.usagelens.domain.model.Tokens;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageEventDraft;

/** Small factories of usage events for tests. */
public final class TestUsageEvents {
    public static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");

    private TestUsageEvents() {
    }

    /** A complete, valid wire-format event: a WAN 2.5 video generated through WaveSpeed. */
    public static Map<String, Object> videoOnWaveSpeedFields(String key) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", key);
        f.put("user_id", "user-1");
        f.put("provider", "video");
        f.put("model_used", "alibaba/wan-2.5/text-to-video");
        f.put("endpoint", "/video-generation/wavespeed");
        f.put("method", "POST");
        f.put("tokens_input", 0L);
        f.put("tokens_output", 0L);
        f.put("cost_input", new BigDecimal("0"));
        f.put("cost_output", new BigDecimal("0.5"));
        f.put("cost_total", new BigDecimal("0.5"));
        f.put("response_time", new BigDecimal("41.5"));
        f.put("status_code", 200L);
        f.put("timestamp", "2026-11-20T11:59:00Z");
        return f;
    }

    public static UsageEventDraft videoOnWaveSpeed(String key) {
        return new UsageEventDraft(videoOnWaveSpeedFields(key));
    }

    public static UsageEventDraft with(UsageEventDraft draft, String field, Object value) {
        Map<String, Object> f = new LinkedHashMap<>(draft.fields());
        f.put(field, value);
        return new UsageEventDraft(f);
    }

    public static UsageEventDraft without(UsageEventDraft draft, String field) {
        Map<String, Object> f = new LinkedHashMap<>(draft.fields());
        f.remove(field);
        return new UsageEventDraft(f);
    }

    /** A stored-ready log for repository tests. */
    public static NewUsageLog log(String user, String key, Category category, String model, Instant timestamp,
                                  int status, String cost, StoredDetection detection) {
        BigDecimal c = new BigDecimal(cost);
        UsageEvent e = new UsageEvent(key, user, category, model, "/v1/endpoint", "POST", new Tokens(10L, 20L, 30L),
                new Costs(BigDecimal.ZERO, c, c), 1.25, status, timestamp,
                YearMonth.from(timestamp.atOffset(ZoneOffset.UTC)).toString(), status >= 400 ? "boom" : null, 0,
                100L, 200L, "test-agent", "127.0.0.1", null);
        return new NewUsageLog(e, detection);
    }

    /** The same log with another latency (seconds). */
    public static NewUsageLog withLatency(NewUsageLog log, double seconds) {
        UsageEvent e = log.event();
        return new NewUsageLog(new UsageEvent(e.idempotencyKey(), e.userId(), e.category(), e.modelUsed(), e.endpoint(),
                e.method(), e.tokens(), e.costs(), seconds, e.statusCode(), e.timestamp(), e.billingPeriod(), e.errorMessage(), e.retryCount(), e.requestSize(),
                e.responseSize(), e.userAgent(), e.ipAddress(), e.actualProviderName(), e.units()), log.detection(), log.cost());
    }

    public static StoredDetection detected(String provider) {
        return new StoredDetection(provider, "MODEL", "model.test", "r-test");
    }
}
