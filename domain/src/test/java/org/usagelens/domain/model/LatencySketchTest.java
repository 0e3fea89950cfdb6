package org.usagelens.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import java.util.List;
import java.util.stream.Stream;

/** Every percentile of a sketch is within the stated relative error of the exact continuous percentile. */
class LatencySketchTest {
    private static final double[] FRACTIONS = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

    /** percentile_cont of sorted values, as PostgreSQL computes it. */
    static double exact(double[] sorted, double p) {
        double position = p * (sorted.length - 1);
        int lower = (int) Math.floor(position);
        int upper = (int) Math.ceil(position);
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - lower);
    }

    private static void assertWithinError(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        LatencySketch sketch = LatencySketch.ofLatencies(values);
        assertThat(sketch.count()).isEqualTo(values.length);
        for (double p : FRACTIONS) {
            double truth = exact(sorted, p);
            double estimate = sketch.percentile(p);
            assertThat(Math.abs(estimate - truth)).as("p%s of %s values: %s against %s", p, values.length, estimate, truth)
                    .isLessThanOrEqualTo(LatencySketch.RELATIVE_ERROR * truth);
        }
    }

    private static double[] sample(long seed, int n, java.util.function.Function<Random, DoubleSupplier> distribution) {
        Random random = new Random(seed);
        DoubleSupplier next = distribution.apply(random);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            values[i] = next.getAsDouble();
        }
        return values;
    }

    @TestFactory
    Stream<DynamicTest> distributions_everyPercentileWithinOnePercent() {
        record Case(String name, java.util.function.Function<Random, DoubleSupplier> distribution) {
        }
        List<Case> cases = List.of(
                new Case("uniform 0-90 s", r -> () -> r.nextDouble() * 90),
                new Case("uniform 1 ms - 2 ms", r -> () -> 0.001 + r.nextDouble() * 0.001),
                new Case("log-normal (heavy tail)", r -> () -> Math.exp(r.nextGaussian() * 1.5 - 1)),
                new Case("Pareto alpha 1.1 (heavier tail)", r -> () -> 0.05 / Math.pow(1 - r.nextDouble(), 1 / 1.1)),
                new Case("bimodal: cache hits and model calls", r -> () -> r.nextDouble() < 0.7 ? 0.004 + r.nextDouble() * 0.002
                        : 2 + r.nextGaussian() * 0.3),
                new Case("integers 0-9 s, ties and zeros", r -> () -> r.nextInt(10)),
                new Case("all equal", r -> () -> 1.2345));
        return cases.stream().flatMap(c -> Stream.of(1, 2, 3, 10, 101, 10_000).map(n -> DynamicTest.dynamicTest(
                c.name() + ", " + n + " calls", () -> {
                    for (long seed = 1; seed <= 5; seed++) {
                        assertWithinError(sample(seed * 7919 + n, n, c.distribution()));
                    }
                })));
    }

    @Test
    void oneCall_isItsOwnBucketsValue() {
        LatencySketch one = LatencySketch.ofLatencies(0.42);
        assertThat(one.percentile(0.5)).isEqualTo(one.percentile(0.95)).isCloseTo(0.42,
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(LatencySketch.EMPTY.percentile(0.5)).isNull();
    }

    @Test
    void zeroNegativeInfiniteAndNaN_areWherePostgresqlSortsThem() {
        LatencySketch odd = LatencySketch.ofLatencies(0, -1, Double.POSITIVE_INFINITY, Double.NaN, 1);
        assertThat(odd.buckets()).containsExactly(LatencySketch.ZERO_BUCKET, 0, LatencySketch.INFINITE_BUCKET);
        assertThat(odd.counts()).containsExactly(2, 1, 2);
        assertThat(odd.percentile(0)).isZero();
        assertThat(odd.percentile(1)).isInfinite();
        assertThat(odd.percentile(0.5)).isCloseTo(1, org.assertj.core.data.Percentage.withPercentage(1));
    }

    @Test
    void bucketBounds_eachValueWithinTheErrorOfItsBucketsValue() {
        Random random = new Random(17);
        for (int i = 0; i < 100_000; i++) {
            double x = Math.exp(random.nextDouble() * 40 - 20); // 2e-9 to 5e8 seconds
            double v = LatencySketch.valueOf(LatencySketch.bucketOf(x));
            assertThat(Math.abs(v - x)).isLessThanOrEqualTo(LatencySketch.RELATIVE_ERROR * x);
        }
        assertThat((LatencySketch.GAMMA - 1) / (LatencySketch.GAMMA + 1)).isLessThan(LatencySketch.RELATIVE_ERROR);
    }

    @Test
    void merging_isTheSketchOfTheUnion_andDeltasCancel() {
        double[] a = sample(1, 500, r -> () -> r.nextDouble() * 10);
        double[] b = sample(2, 300, r -> () -> Math.exp(r.nextGaussian()));
        double[] both = new double[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        LatencySketch sa = LatencySketch.ofLatencies(a);
        LatencySketch sb = LatencySketch.ofLatencies(b);
        assertThat(sa.plus(sb)).isEqualTo(LatencySketch.ofLatencies(both)).isEqualTo(sb.plus(sa));

        // Removing b's calls again (the negative delta a delete leaves pending) gives back a's sketch exactly.
        long[] negated = Arrays.stream(sb.counts()).map(c -> -c).toArray();
        LatencySketch removed = new LatencySketch.Builder().add(sa.plus(sb)).add(sb.buckets(), negated).build();
        assertThat(removed).isEqualTo(sa);
        assertThat(new LatencySketch.Builder().add(sb).add(sb.buckets(), negated).build().isEmpty()).isTrue();
    }

    /**
     * The builder against a plain sorted map, over seeded random additions in any order: buckets anywhere in the int
     * range (the dense range, its edges, beyond it, 0 and infinite), negative counts and counts that cancel out.
     */
    @Test
    void builder_mergesLikeASortedMap_forAnyBucketsAndCounts() {
        int[] special = {LatencySketch.ZERO_BUCKET, LatencySketch.INFINITE_BUCKET, -4097, -4096, -4095, 4095, 4096, 4097,
                Integer.MIN_VALUE + 1, Integer.MAX_VALUE - 1, 0, -1, 1};
        for (long seed = 0; seed < 300; seed++) {
            Random random = new Random(seed);
            java.util.TreeMap<Integer, Long> reference = new java.util.TreeMap<>();
            LatencySketch.Builder builder = new LatencySketch.Builder();
            int additions = random.nextInt(seed % 10 == 0 ? 5 : 3000);
            int centre = random.nextInt(9000) - 4500;
            for (int i = 0; i < additions; i++) {
                int bucket = switch (random.nextInt(4)) {
                    case 0 -> special[random.nextInt(special.length)];
                    case 1 -> random.nextInt();
                    default -> centre + (int) (random.nextGaussian() * (1 + seed % 700));
                };
                long count = random.nextInt(5) == 0 ? -(1 + random.nextInt(3)) : 1 + random.nextInt(3);
                builder.add(bucket, count);
                reference.merge(bucket, count, Long::sum);
                if (random.nextInt(50) == 0) {
                    // Cancel a bucket exactly, as a pending delete does.
                    builder.add(bucket, -reference.get(bucket));
                    reference.put(bucket, 0L);
                }
            }
            reference.values().removeIf(c -> c == 0);
            int[] buckets = reference.keySet().stream().mapToInt(Integer::intValue).toArray();
            long[] counts = reference.values().stream().mapToLong(Long::longValue).toArray();
            assertThat(builder.build()).as("seed %s", seed).isEqualTo(LatencySketch.of(buckets, counts));
        }
    }

    @Test
    void invalidSketches_areRefused() {
        assertThatThrownBy(() -> LatencySketch.of(new int[] {2, 1}, new long[] {1, 1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ascending");
        assertThatThrownBy(() -> LatencySketch.of(new int[] {1}, new long[] {0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("zero count");
        assertThatThrownBy(() -> LatencySketch.of(new int[] {1}, new long[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class);
        LatencySketch delta = LatencySketch.of(new int[] {1}, new long[] {-1});
        assertThatThrownBy(() -> delta.percentile(0.5)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> LatencySketch.EMPTY.percentile(1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
