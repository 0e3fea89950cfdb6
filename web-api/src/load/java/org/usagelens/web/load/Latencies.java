package org.usagelens.web.load;

import java.util.Arrays;
import java.util.Locale;

/** Latencies of one kind of request, recorded by one thread; merged for percentiles at the end. */
final class Latencies {
    private long[] nanos = new long[1024];
    private int size;

    void record(long elapsedNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = elapsedNanos;
    }

    int count() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.record(part.nanos[i]);
            }
        }
        return all;
    }

    /** The nearest-rank percentile in milliseconds; NaN when nothing was recorded. */
    double percentileMillis(double percentile) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * size);
        return sorted[Math.max(0, Math.min(size - 1, rank - 1))] / 1_000_000.0;
    }

    String summary() {
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", size, percentileMillis(50),
                percentileMillis(99), percentileMillis(100));
    }
}
