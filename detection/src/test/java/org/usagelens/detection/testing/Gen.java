package org.usagelens.detection.testing;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A generator of test inputs: a function of a {@link SplittableRandom}, so one seed always gives one value and
 * a failing input can be made again from the seed {@link Property} prints.
 *
 * <p>There is no shrinking, so the generators themselves lean towards the inputs that break code: every number
 * generator often returns a bound, 0, ±1 or ±2, every size generator the smallest and the largest size, and
 * values of every magnitude are as likely as values of one magnitude.
 */
@FunctionalInterface
public interface Gen<T> {

    T next(SplittableRandom random);

    default <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return random -> f.apply(next(random));
    }

    /** Null with the given probability, otherwise a value of this generator. */
    default Gen<T> orNull(double probability) {
        return random -> random.nextDouble() < probability ? null : next(random);
    }

    default Gen<List<T>> list(int minSize, int maxSize) {
        return random -> {
            int size = size(random, minSize, maxSize);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(next(random));
            }
            return list;
        };
    }

    static <T> Gen<T> constant(T value) {
        return random -> value;
    }

    /** One of the values, each as likely (null is allowed). */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never stored or exposed
    static <T> Gen<T> of(T... values) {
        return of(Arrays.asList(values));
    }

    static <T> Gen<T> of(Collection<? extends T> values) {
        List<T> choices = new ArrayList<>(values);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        return random -> choices.get(random.nextInt(choices.size()));
    }

    /** A value of one of the generators, each as likely: list one twice to make it twice as likely. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only read, never stored or exposed
    static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Gen<? extends T>> choices = List.of(gens);
        return random -> choices.get(random.nextInt(choices.size())).next(random);
    }

    static Gen<Boolean> booleans() {
        return SplittableRandom::nextBoolean;
    }

    /**
     * An integer in [min, max]: one in eight a bound, a bound's neighbour, 0, ±1 or ±2; one in four within
     * ±500; three in eight of a random bit length (so 3-digit and 30-digit numbers are as likely); the rest
     * uniformly anywhere in the range.
     */
    static Gen<BigInteger> integers(BigInteger min, BigInteger max) {
        if (min.compareTo(max) > 0) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        List<BigInteger> edges = Stream.of(min, min.add(BigInteger.ONE), BigInteger.valueOf(-2),
                        BigInteger.valueOf(-1), BigInteger.ZERO, BigInteger.ONE, BigInteger.TWO,
                        max.subtract(BigInteger.ONE), max)
                .filter(v -> within(v, min, max)).distinct().toList();
        BigInteger smallMin = min.max(BigInteger.valueOf(-500));
        BigInteger smallMax = max.min(BigInteger.valueOf(500));
        boolean hasSmall = smallMin.compareTo(smallMax) <= 0;
        int maxBits = Math.max(min.bitLength(), max.bitLength());
        return random -> {
            int pick = random.nextInt(8);
            if (pick == 0) {
                return edges.get(random.nextInt(edges.size()));
            }
            if (pick <= 2 && hasSmall) {
                return uniform(random, smallMin, smallMax);
            }
            if (pick <= 5) {
                BigInteger v = bits(random, random.nextInt(maxBits + 1));
                v = random.nextBoolean() ? v.negate() : v;
                if (within(v, min, max)) {
                    return v;
                }
            }
            return uniform(random, min, max);
        };
    }

    static Gen<Long> longs() {
        return longs(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    static Gen<Long> longs(long min, long max) {
        return integers(BigInteger.valueOf(min), BigInteger.valueOf(max)).map(BigInteger::longValueExact);
    }

    static Gen<Integer> ints(int min, int max) {
        return integers(BigInteger.valueOf(min), BigInteger.valueOf(max)).map(BigInteger::intValueExact);
    }

    /**
     * A decimal in [min, max] with exactly {@code scale} decimal places: the integers of {@link #integers}
     * counted in units of the last place (so the smallest step and its negation are edge cases), plus 1 and -1.
     */
    static Gen<BigDecimal> decimals(BigDecimal min, BigDecimal max, int scale) {
        Gen<BigInteger> units = integers(min.setScale(scale, java.math.RoundingMode.CEILING).unscaledValue(),
                max.setScale(scale, java.math.RoundingMode.FLOOR).unscaledValue());
        List<BigDecimal> ones = Stream.of(BigDecimal.ONE, BigDecimal.ONE.negate())
                .filter(v -> v.compareTo(min) >= 0 && v.compareTo(max) <= 0)
                .map(v -> v.setScale(scale)).toList();
        return random -> !ones.isEmpty() && random.nextInt(16) == 0
                ? ones.get(random.nextInt(ones.size()))
                : new BigDecimal(units.next(random), scale);
    }

    /**
     * Any finite double: zeros, ±1, ±0.01, the smallest and largest magnitudes; numbers with two decimal places
     * of every magnitude; and doubles of uniformly random bits (exponents from -1074 to 1023).
     */
    static Gen<Double> doubles() {
        Gen<Double> edges = of(0.0, -0.0, 1.0, -1.0, 0.01, -0.01, Double.MIN_VALUE, -Double.MIN_VALUE,
                Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE);
        BigDecimal largest = new BigDecimal(Double.MAX_VALUE);
        Gen<Double> hundredths = decimals(largest.negate(), largest, 2).map(BigDecimal::doubleValue);
        Gen<Double> anyBits = random -> {
            double d;
            do {
                d = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(d));
            return d;
        };
        return oneOf(edges, hundredths, hundredths, anyBits);
    }

    /** A string of {@code chars} whose length (in UTF-16 units) is a {@linkplain #size size} in [min, max]. */
    static Gen<String> strings(Chars chars, int minLength, int maxLength) {
        return random -> {
            int length = size(random, minLength, maxLength);
            StringBuilder s = new StringBuilder(length);
            while (s.length() < length) {
                int c = chars.next(random);
                if (Character.charCount(c) <= length - s.length()) {
                    s.appendCodePoint(c);
                }
            }
            return s.toString();
        };
    }

    /** A map of up to {@code maxSize} distinct keys (fewer if the keys run out), in insertion order. */
    static <K, V> Gen<Map<K, V>> maps(Gen<? extends K> keys, Gen<? extends V> values, int maxSize) {
        return random -> {
            int size = size(random, 0, maxSize);
            Map<K, V> map = new LinkedHashMap<>();
            for (int attempts = 0; map.size() < size && attempts < 10 * size; attempts++) {
                K key = keys.next(random);
                if (!map.containsKey(key)) {
                    map.put(key, values.next(random));
                }
            }
            return map;
        };
    }

    /**
     * A size in [min, max]: one in ten the smallest, one in twenty the largest, one in five anywhere, otherwise
     * one of the 33 smallest (real lists and strings are mostly short, and short ones are the edge cases).
     */
    static int size(SplittableRandom random, int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("bad size range [" + min + ", " + max + "]");
        }
        int pick = random.nextInt(20);
        if (pick < 2) {
            return min;
        }
        if (pick < 3) {
            return max;
        }
        if (pick < 7) {
            return random.nextInt(min, max + 1);
        }
        return random.nextInt(min, Math.min(max, min + 32) + 1);
    }

    private static boolean within(BigInteger v, BigInteger min, BigInteger max) {
        return v.compareTo(min) >= 0 && v.compareTo(max) <= 0;
    }

    private static BigInteger uniform(SplittableRandom random, BigInteger min, BigInteger max) {
        BigInteger span = max.subtract(min).add(BigInteger.ONE);
        BigInteger v;
        do {
            v = bits(random, span.bitLength());
        } while (v.compareTo(span) >= 0);
        return min.add(v);
    }

    /** A non-negative integer of at most {@code n} bits, each bit random. */
    private static BigInteger bits(SplittableRandom random, int n) {
        if (n == 0) {
            return BigInteger.ZERO;
        }
        byte[] bytes = new byte[(n + 7) / 8];
        random.nextBytes(bytes);
        return new BigInteger(1, bytes).shiftRight(bytes.length * 8 - n);
    }

    /** Code points for {@link #strings}. */
    @FunctionalInterface
    interface Chars {

        int next(SplittableRandom random);

        /** Any UTF-16 code unit, lone surrogates and noncharacters included, often U+0000 or U+FFFF. */
        static Chars all() {
            int[] edges = {0x0000, 0xFFFF, 0xFFFE, 0xD800, 0xDBFF, 0xDC00, 0xDFFF};
            return random -> random.nextInt(16) == 0
                    ? edges[random.nextInt(edges.length)]
                    : random.nextInt(Character.MIN_VALUE, Character.MAX_VALUE + 1);
        }

        /** A character in [from, to], either bound as likely as any other. */
        static Chars range(char from, char to) {
            return random -> random.nextInt(from, to + 1);
        }

        /**
         * Text: mostly any assigned-or-not character of the Basic Multilingual Plane except surrogates, private
         * use and noncharacters; often ASCII (controls included); sometimes a character that changes under
         * case mapping or normalisation, a space or line separator, NUL; sometimes a supplementary code point
         * (written as a surrogate pair).
         */
        static Chars unicode() {
            int[] tricky = {0x0000, ' ', '\t', '\n', '\r', 0x00A0, 0x00DF, 0x0130, 0x0131, 0x0300, 0x1680, 0x2028,
                    0x2029, 0x202E, 0x212A, 0x3000, 0xFEFF, 0xFFFD, 0x1F600, 0x10FFFF};
            return random -> {
                int pick = random.nextInt(16);
                if (pick == 0) {
                    return tricky[random.nextInt(tricky.length)];
                }
                if (pick == 1) {
                    return random.nextInt(Character.MIN_SUPPLEMENTARY_CODE_POINT, Character.MAX_CODE_POINT + 1);
                }
                if (pick <= 3) {
                    return random.nextInt(0x80);
                }
                int c;
                do {
                    c = random.nextInt(Character.MIN_VALUE, Character.MAX_VALUE + 1);
                } while (Character.isSurrogate((char) c) || (c >= 0xE000 && c <= 0xF8FF)
                        || (c >= 0xFDD0 && c <= 0xFDEF) || c >= 0xFFFE);
                return c;
            };
        }
    }
}
