package org.usagelens.domain.model;

import java.util.Arrays;
import java.util.Objects;

/**
 * A mergeable latency sketch with a bounded relative error (the logarithmic buckets of DDSketch): bucket {@code b}
 * counts the latencies in {@code (GAMMA^(b-1), GAMMA^b]} seconds, and {@link #valueOf(int) 2 GAMMA^b / (GAMMA + 1)}
 * stands for each of them within {@code (GAMMA - 1) / (GAMMA + 1)} = 1/101 of its own value. A percentile read from
 * a sketch interpolates between the values of two ranks as {@code percentile_cont} does, and a convex combination of
 * two estimates each within 1/101 of its true value is within 1/101 of the true combination, so every percentile is
 * within {@link #RELATIVE_ERROR} of the exact one. Latencies of 0 or below fall in {@link #ZERO_BUCKET} (read as 0),
 * infinite and NaN ones in {@link #INFINITE_BUCKET} (read as {@code +Infinity}).
 *
 * <p>Sketches merge by adding counts bucket by bucket, so the sketch of the union of groups of calls is the merge of
 * their sketches: the rollups keep one per group and the reader merges the groups it needs. Counts may be negative
 * in a pending delta (calls a delete removed); a sketch that describes calls has none.
 *
 * <p>The store computes buckets itself ({@code usagelens_latency_bucket} in {@code V7__latency_sketches.sql});
 * {@link #bucketOf} is the same rule for in-memory stores and tests.
 */
public final class LatencySketch {
    /** The ratio of one bucket's upper bound to the one below it. */
    public static final double GAMMA = 1.02;
    /** The relative error every percentile is within: (GAMMA - 1) / (GAMMA + 1) = 0.0099..., stated as 1%. */
    public static final double RELATIVE_ERROR = 0.01;
    public static final int ZERO_BUCKET = Integer.MIN_VALUE;
    public static final int INFINITE_BUCKET = Integer.MAX_VALUE;
    public static final LatencySketch EMPTY = new LatencySketch(new int[0], new long[0]);

    private static final double LN_GAMMA = Math.log(GAMMA);

    private final int[] buckets;
    private final long[] counts;

    private LatencySketch(int[] buckets, long[] counts) {
        this.buckets = buckets;
        this.counts = counts;
    }

    /**
     * The sketch of these buckets and counts: buckets strictly ascending, no zero count.
     *
     * @throws IllegalArgumentException if they are not
     */
    public static LatencySketch of(int[] buckets, long[] counts) {
        Objects.requireNonNull(buckets, "buckets");
        Objects.requireNonNull(counts, "counts");
        if (buckets.length != counts.length) {
            throw new IllegalArgumentException(buckets.length + " buckets but " + counts.length + " counts");
        }
        for (int i = 0; i < buckets.length; i++) {
            if (i > 0 && buckets[i] <= buckets[i - 1]) {
                throw new IllegalArgumentException("buckets not strictly ascending at index " + i);
            }
            if (counts[i] == 0) {
                throw new IllegalArgumentException("zero count at bucket " + buckets[i]);
            }
        }
        return buckets.length == 0 ? EMPTY : new LatencySketch(buckets.clone(), counts.clone());
    }

    /** The sketch of these latencies (seconds). */
    public static LatencySketch ofLatencies(double... seconds) {
        Builder b = new Builder();
        for (double s : seconds) {
            b.add(bucketOf(s), 1);
        }
        return b.build();
    }

    /** The bucket a latency (seconds) counts in. */
    public static int bucketOf(double seconds) {
        if (seconds > 0 && seconds < Double.POSITIVE_INFINITY) {
            return (int) Math.ceil(Math.log(seconds) / LN_GAMMA);
        }
        return seconds > 0 || Double.isNaN(seconds) ? INFINITE_BUCKET : ZERO_BUCKET;
    }

    /** The latency (seconds) that stands for every latency of a bucket. */
    public static double valueOf(int bucket) {
        if (bucket == ZERO_BUCKET) {
            return 0;
        }
        if (bucket == INFINITE_BUCKET) {
            return Double.POSITIVE_INFINITY;
        }
        return 2 * Math.exp(bucket * LN_GAMMA) / (GAMMA + 1);
    }

    public int[] buckets() {
        return buckets.clone();
    }

    public long[] counts() {
        return counts.clone();
    }

    public boolean isEmpty() {
        return buckets.length == 0;
    }

    /** How many calls the sketch counts. */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * The continuous percentile (as {@code percentile_cont}) of the calls, within {@link #RELATIVE_ERROR} of the
     * exact one; null for no calls.
     *
     * @param fraction from 0 to 1
     * @throws IllegalStateException if a count is negative (a delta, not calls)
     */
    public Double percentile(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be within [0, 1]: " + fraction);
        }
        long n = count();
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalStateException("a sketch with negative counts describes no calls");
            }
        }
        if (n == 0) {
            return null;
        }
        double position = fraction * (n - 1);
        long below = (long) Math.floor(position);
        long above = (long) Math.ceil(position);
        double low = valueOf(bucketOfRank(below));
        if (above == below) {
            return low;
        }
        double high = valueOf(bucketOfRank(above));
        double weight = position - below;
        return low == high ? low : low + weight * (high - low);
    }

    /** The bucket of the call at 0-based rank {@code rank} in latency order. */
    private int bucketOfRank(long rank) {
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += counts[i];
            if (rank < seen) {
                return buckets[i];
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen + " calls");
    }

    /** This sketch and another: counts added bucket by bucket (buckets whose counts cancel out are dropped). */
    public LatencySketch plus(LatencySketch other) {
        return new Builder().add(this).add(other).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LatencySketch s && Arrays.equals(buckets, s.buckets) && Arrays.equals(counts, s.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(buckets) + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("LatencySketch{");
        for (int i = 0; i < buckets.length; i++) {
            s.append(i == 0 ? "" : ", ").append(buckets[i]).append('=').append(counts[i]);
        }
        return s.append('}').toString();
    }

    /**
     * Merges sketches and single buckets; not thread-safe. Buckets of latencies between about 1e-35 s and 1e35 s
     * (every latency a call can have) are counted in a dense array that grows to the range seen, so merging the
     * sketches of many rollup rows costs one addition per bucket and no sort; the others (0, infinite, and the
     * extremes of a double) are kept aside and sorted at {@link #build()}.
     */
    public static final class Builder {
        /** The buckets counted densely: GAMMA^-4096 is about 1e-35 s, GAMMA^4096 about 1e35 s. */
        private static final int DENSE_MIN = -4096;
        private static final int DENSE_MAX = 4096;

        private long[] dense = new long[0];
        /** The bucket that {@code dense[0]} counts. */
        private int denseFirst;
        private int[] otherBuckets = new int[4];
        private long[] otherCounts = new long[4];
        private int others;

        public Builder add(LatencySketch sketch) {
            for (int i = 0; i < sketch.buckets.length; i++) {
                add(sketch.buckets[i], sketch.counts[i]);
            }
            return this;
        }

        /** Adds parallel arrays of buckets and counts (as the store keeps them; any order). */
        public Builder add(int[] bucketArray, long[] countArray) {
            if (bucketArray.length != countArray.length) {
                throw new IllegalArgumentException(bucketArray.length + " buckets but " + countArray.length + " counts");
            }
            for (int i = 0; i < bucketArray.length; i++) {
                add(bucketArray[i], countArray[i]);
            }
            return this;
        }

        public Builder add(int bucket, long count) {
            if (bucket >= DENSE_MIN && bucket <= DENSE_MAX) {
                int index = bucket - denseFirst;
                if (index < 0 || index >= dense.length) {
                    cover(bucket);
                    index = bucket - denseFirst;
                }
                dense[index] += count;
                return this;
            }
            if (others == otherBuckets.length) {
                otherBuckets = Arrays.copyOf(otherBuckets, others * 2);
                otherCounts = Arrays.copyOf(otherCounts, others * 2);
            }
            otherBuckets[others] = bucket;
            otherCounts[others] = count;
            others++;
            return this;
        }

        /** Grows the dense array to count {@code bucket} too, at least doubling it, within the dense range. */
        private void cover(int bucket) {
            if (dense.length == 0) {
                // 64 buckets (a factor of 3.5 in latency) to start: a group of few calls stays small.
                int first = Math.max(DENSE_MIN, Math.min(bucket - 16, DENSE_MAX - 63));
                dense = new long[64];
                denseFirst = first;
                return;
            }
            int last = denseFirst + dense.length - 1;
            int slack = dense.length;
            int first = bucket < denseFirst ? Math.max(DENSE_MIN, Math.min(bucket, denseFirst - slack)) : denseFirst;
            int newLast = bucket > last ? Math.min(DENSE_MAX, Math.max(bucket, last + slack)) : last;
            long[] grown = new long[newLast - first + 1];
            System.arraycopy(dense, 0, grown, denseFirst - first, dense.length);
            dense = grown;
            denseFirst = first;
        }

        public LatencySketch build() {
            // The buckets outside the dense range, sorted: those below it come before the dense ones, those above after.
            int[] ob = Arrays.copyOf(otherBuckets, others);
            long[] oc = Arrays.copyOf(otherCounts, others);
            if (others > 1) {
                // Sort the pairs by bucket: pack each index with its bucket and sort the packed longs.
                long[] order = new long[others];
                for (int i = 0; i < others; i++) {
                    order[i] = ((long) ob[i] << 32) | (i & 0xffffffffL);
                }
                Arrays.sort(order);
                int[] sb = new int[others];
                long[] sc = new long[others];
                for (int i = 0; i < others; i++) {
                    int index = (int) order[i];
                    sb[i] = ob[index];
                    sc[i] = oc[index];
                }
                ob = sb;
                oc = sc;
            }
            int[] b = new int[others + dense.length];
            long[] c = new long[b.length];
            int out = 0;
            int next = 0;
            while (next < others && ob[next] < DENSE_MIN) {
                out = append(b, c, out, ob[next], oc[next]);
                next++;
            }
            for (int i = 0; i < dense.length; i++) {
                if (dense[i] != 0) {
                    b[out] = denseFirst + i;
                    c[out] = dense[i];
                    out++;
                }
            }
            for (; next < others; next++) {
                out = append(b, c, out, ob[next], oc[next]);
            }
            return out == 0 ? EMPTY : new LatencySketch(Arrays.copyOf(b, out), Arrays.copyOf(c, out));
        }

        /** Appends a bucket in ascending order: added to the last one if equal (dropped if they cancel out). */
        private static int append(int[] b, long[] c, int out, int bucket, long count) {
            if (out > 0 && b[out - 1] == bucket) {
                c[out - 1] += count;
                return c[out - 1] == 0 ? out - 1 : out;
            }
            if (count == 0) {
                return out;
            }
            b[out] = bucket;
            c[out] = count;
            return out + 1;
        }
    }
}
