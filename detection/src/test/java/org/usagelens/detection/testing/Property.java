package org.usagelens.detection.testing;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Property tests on JUnit Jupiter alone: {@code @TestFactory} methods return {@link #forAll}, one dynamic test
 * per try, each on an input of its own seed. The first failing try ends the property (the later ones are
 * reported as skipped), as a property-testing library stops at the first counterexample.
 *
 * <p>The run's seed is fixed, so every run (on CI and on a laptop) tries the same inputs and a failure always
 * comes back; {@code -Dusagelens.seed=0x…} tries others. A failure names the try, its seed and the input, and
 * {@code gen.next(new SplittableRandom(seed))} makes that input again.
 */
public final class Property {
    /** The run's seed: fixed unless {@code -Dusagelens.seed} says otherwise. */
    public static final long SEED = parseSeed(System.getProperty("usagelens.seed", "0x5EED2026"));
    /** Strings longer than this are shown by their length and their beginning. */
    private static final int SHOWN_CHARS = 300;

    private Property() {
    }

    /**
     * Checks {@code property} on {@code tries} inputs of {@code inputs}. The calling method names the property
     * and, with the run's seed, seeds it: properties with the same generators still try different inputs.
     */
    public static <T> Stream<DynamicTest> forAll(int tries, Gen<T> inputs, ThrowingConsumer<? super T> property) {
        String name = StackWalker.getInstance().walk(frames -> frames.skip(1).findFirst())
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElseThrow();
        long propertySeed = mix(SEED ^ mix(name.hashCode()));
        // One failure to read, not hundreds: the tries run in order, and after a failure the rest are skipped.
        AtomicReference<String> failed = new AtomicReference<>();
        return IntStream.rangeClosed(1, tries).mapToObj(i -> {
            long seed = mix(propertySeed + i * 0x9E3779B97F4A7C15L);
            String tried = String.format("try %d of %d, seed 0x%016X", i, tries, seed);
            return DynamicTest.dynamicTest(tried, () -> {
                if (failed.get() != null) {
                    Assumptions.abort("not tried: " + failed.get() + " failed");
                }
                try {
                    check(name + " " + tried, inputs, seed, property);
                } catch (Throwable failure) {
                    failed.set(tried);
                    throw failure;
                }
            });
        });
    }

    private static <T> void check(String tried, Gen<T> inputs, long seed, ThrowingConsumer<? super T> property) {
        T input = inputs.next(new SplittableRandom(seed));
        try {
            property.accept(input);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError e) {
                throw e;
            }
            throw new AssertionError(String.format("%s (run seed 0x%X) failed: %s%n  input: %s", tried, SEED,
                    failure, describe(input)), failure);
        }
    }

    /** The input as Java-like text: strings quoted and escaped (so NUL and lone surrogates are visible). */
    public static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof CharSequence s) {
            return s.length() <= SHOWN_CHARS ? quote(s)
                    : "(" + s.length() + " chars) " + quote(s.subSequence(0, SHOWN_CHARS)) + "…";
        }
        if (value instanceof Record r) {
            StringJoiner fields = new StringJoiner(", ", r.getClass().getSimpleName() + "[", "]");
            for (RecordComponent c : r.getClass().getRecordComponents()) {
                try {
                    c.getAccessor().setAccessible(true);
                    fields.add(c.getName() + "=" + describe(c.getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    fields.add(c.getName() + "=?");
                }
            }
            return fields.toString();
        }
        if (value instanceof Map<?, ?> m) {
            StringJoiner entries = new StringJoiner(", ", "{", "}");
            m.forEach((k, v) -> entries.add(describe(k) + ": " + describe(v)));
            return entries.toString();
        }
        if (value instanceof Collection<?> c) {
            StringJoiner elements = new StringJoiner(", ", "[", "]");
            c.forEach(e -> elements.add(describe(e)));
            return elements.toString();
        }
        // The type matters to code that takes any Object (a Long and a BigDecimal 5 are judged differently).
        if (value instanceof Long l) {
            return l + "L";
        }
        if (value instanceof BigInteger || value instanceof BigDecimal) {
            return value.getClass().getSimpleName() + "(" + value + ")";
        }
        if (value instanceof Double d) {
            return d + "d";
        }
        return String.valueOf(value);
    }

    private static String quote(CharSequence s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                q.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7F) {
                q.append(c);
            } else {
                q.append(String.format("\\u%04X", (int) c));
            }
        }
        return q.append('"').toString();
    }

    /** Hexadecimal as printed (0x…, all 64 bits) or decimal. */
    private static long parseSeed(String seed) {
        String s = seed.strip().toLowerCase(java.util.Locale.ROOT);
        return s.startsWith("0x") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
    }

    /** SplitMix64's finaliser: nearby numbers (try 1, try 2) give unrelated seeds. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
