package org.usagelens.domain.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.AnalyseProvidersUseCase;
import org.usagelens.domain.port.out.AnalyticsRepository;

/**
 * Analytics computed once per change: a decorator that keeps the last result per (filter, precision) with the store's
 * change stamp read before it was computed, and answers the same question again while the stamp is unchanged. A month
 * nobody writes to is computed once, not on every dashboard view. What the decorated use case computes must depend on
 * the logs alone (its detector is fixed for its life), so the stamp is all that can make a kept result stale.
 */
public final class KeptAnalytics implements AnalyseProvidersUseCase {
    /** Results kept by default; each is a few kilobytes to a few hundred. */
    public static final int DEFAULT_KEPT_RESULTS = 256;

    private final AnalyseProvidersUseCase compute;
    private final AnalyticsRepository stamps;
    private final Map<Question, Kept> kept;

    private record Question(UsageLogFilter filter, LatencyPrecision precision) {
    }

    private record Kept(String stamp, ProviderAnalytics analytics) {
    }

    public KeptAnalytics(AnalyseProvidersUseCase compute, AnalyticsRepository stamps) {
        this(compute, stamps, DEFAULT_KEPT_RESULTS);
    }

    /** @param keptResults how many results to keep for reuse (least recently used go first); 0 keeps none */
    public KeptAnalytics(AnalyseProvidersUseCase compute, AnalyticsRepository stamps, int keptResults) {
        this.compute = Objects.requireNonNull(compute, "compute");
        this.stamps = Objects.requireNonNull(stamps, "stamps");
        if (keptResults < 0) {
            throw new IllegalArgumentException("keptResults must not be negative: " + keptResults);
        }
        this.kept = java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Question, Kept> eldest) {
                return size() > keptResults;
            }
        });
    }

    @Override
    public Analysed analyse(UsageLogFilter filter, LatencyPrecision precision, Reuse reuse) {
        Objects.requireNonNull(filter, "filter");
        Question question = new Question(filter, precision);
        Optional<String> stamp = stamps.changeStamp(filter);
        if (stamp.isPresent() && reuse == Reuse.IF_UNCHANGED) {
            Kept k = kept.get(question);
            if (k != null && k.stamp().equals(stamp.get())) {
                return new Analysed(k.analytics(), true);
            }
        }
        ProviderAnalytics analytics = compute.analyse(filter, precision, Reuse.NEVER).analytics();
        stamp.ifPresent(s -> kept.put(question, new Kept(s, analytics)));
        return new Analysed(analytics, false);
    }
}
