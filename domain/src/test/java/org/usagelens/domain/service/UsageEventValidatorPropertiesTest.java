package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.usagelens.detection.testing.Gen;
import org.usagelens.detection.testing.Gen.Chars;
import org.usagelens.detection.testing.Property;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.testing.TestUsageEvents;

/**
 * Fuzzes {@link UsageEventValidator} with arbitrary JSON-like drafts: it never throws, always answers
 * exactly one of an event or a list of problems, names the field at fault, and judges even absurd
 * numbers (1e999999999) at once.
 */
class UsageEventValidatorPropertiesTest {

    private static final UsageEventValidator VALIDATOR = new UsageEventValidator(
            Clock.fixed(TestUsageEvents.NOW, ZoneOffset.UTC), Set.of("wavespeed", "google", "openai")::contains);

    /** Which other fields a change to one field may legitimately fault as well. */
    private static final Map<String, Set<String>> DEPENDENTS = Map.of(
            "tokens_input", Set.of("tokens_total"),
            "tokens_output", Set.of("tokens_total"),
            "timestamp", Set.of("billing_period"));

    /** A valid event's field and the value put in its place. */
    private record Replacement(String field, Object value) {
    }

    @TestFactory
    Stream<DynamicTest> givenArbitraryDrafts_thenNeverThrows_andAnswersEitherAnEventOrProblems() {
        return Property.forAll(1000, drafts(), fields -> {
            UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));

            assertWellFormed(result, fields);
        });
    }

    @TestFactory
    Stream<DynamicTest> givenAValidEventWithOneFieldReplaced_thenEitherValidOrThatFieldIsNamed() {
        return Property.forAll(1000, replacements(fieldNames(), values()), replaced -> {
            String field = replaced.field();
            Map<String, Object> fields = TestUsageEvents.videoOnWaveSpeedFields("k-1");
            fields.remove("cost_total");
            fields.put(field, replaced.value());

            UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));

            assertWellFormed(result, fields);
            if (!result.valid()) {
                Set<String> allowed = new java.util.HashSet<>(DEPENDENTS.getOrDefault(field, Set.of()));
                allowed.add(field);
                assertThat(result.problems()).extracting(FieldProblem::field).allMatch(allowed::contains);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> givenNumbersWithExtremeExponents_thenJudgedWithinMilliseconds() {
        return Property.forAll(300, replacements(numericFields(), extremeDecimals()), replaced -> {
            String field = replaced.field();
            Object value = replaced.value();
            Map<String, Object> fields = TestUsageEvents.videoOnWaveSpeedFields("k-2");
            fields.put(field, value);

            long started = System.nanoTime();
            UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));
            Duration took = Duration.ofNanos(System.nanoTime() - started);

            assertWellFormed(result, fields);
            assertThat(took).as("validating %s = %s", field, value).isLessThan(Duration.ofMillis(250));
        });
    }

    /** Before the fix, this one value kept a CPU busy for over a minute (BigInteger 10^99999999). */
    @Test
    void givenIntegersOfOneEPlusOrMinus99999999_thenRejectedAtOnce() {
        Map<String, Object> fields = TestUsageEvents.videoOnWaveSpeedFields("k-3");
        fields.put("tokens_input", new BigDecimal("1e99999999"));
        fields.put("status_code", new BigDecimal("-1e99999999"));
        fields.put("retry_count", new BigDecimal("1e-99999999"));

        long started = System.nanoTime();
        UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(250));
        assertThat(result.problems()).containsExactly(
                new FieldProblem("tokens_input", "must be <= " + ((1L << 62) - 1)),
                new FieldProblem("status_code", "must be between 100 and 599"),
                new FieldProblem("retry_count", "must be an integer"));
    }

    private static void assertWellFormed(UsageEventValidator.Result result, Map<String, Object> fields) {
        assertThat(result).isNotNull();
        assertThat(result.valid()).isEqualTo(result.event() != null);
        if (result.valid()) {
            assertThat(result.problems()).isEmpty();
            assertInvariants(result.event());
        } else {
            assertThat(result.problems()).isNotEmpty();
            for (FieldProblem p : result.problems()) {
                boolean unitPath = p.field().startsWith("units.")
                        && org.usagelens.domain.pricing.PriceUnit.fromWireName(p.field().substring(6)).isPresent();
                assertThat(UsageEventValidator.FIELDS.contains(p.field()) || fields.containsKey(p.field()) || unitPath)
                        .as("problem names a known or a sent field: %s", p).isTrue();
                assertThat(p.reason()).isNotBlank();
            }
        }
    }

    private static void assertInvariants(UsageEvent e) {
        assertThat(e.idempotencyKey().codePointCount(0, e.idempotencyKey().length()))
                .isBetween(1, UsageEventValidator.MAX_IDEMPOTENCY_KEY);
        assertThat(e.userId().codePointCount(0, e.userId().length())).isBetween(1, UsageEventValidator.MAX_USER_ID);
        assertThat(e.endpoint().codePointCount(0, e.endpoint().length())).isBetween(1, UsageEventValidator.MAX_ENDPOINT);
        assertThat(UsageEventValidator.HTTP_METHODS).contains(e.method());
        assertThat(e.statusCode()).isBetween(100, 599);
        // Tokens and costs may be unknown (null); what is known is in range and consistent.
        for (Long tokens : java.util.Arrays.asList(e.tokensInput(), e.tokensOutput())) {
            if (tokens != null) {
                assertThat(tokens).isBetween(0L, UsageEventValidator.MAX_TOKENS);
            }
        }
        if (e.tokensInput() != null && e.tokensOutput() != null) {
            assertThat(e.tokensTotal()).isEqualTo(e.tokensInput() + e.tokensOutput());
        }
        for (BigDecimal cost : java.util.Arrays.asList(e.costInput(), e.costOutput(), e.costTotal())) {
            if (cost == null) {
                continue;
            }
            assertThat(cost.signum()).isNotNegative();
            assertThat(cost.scale()).isLessThanOrEqualTo(UsageEventValidator.MAX_COST_SCALE);
            assertThat(cost).isLessThan(UsageEventValidator.COST_LIMIT);
        }
        assertThat((e.costInput() == null) == (e.costOutput() == null)).as("both cost parts or neither").isTrue();
        if (e.costInput() != null) {
            assertThat(e.costTotal()).isEqualByComparingTo(e.costInput().add(e.costOutput()));
        }
        assertThat(e.responseTime()).isFinite().isNotNegative().isLessThanOrEqualTo(UsageEventValidator.MAX_RESPONSE_SECONDS);
        assertThat(e.timestamp()).isAfterOrEqualTo(UsageEventValidator.EARLIEST_TIMESTAMP);
        assertThat(e.billingPeriod()).matches("\\d{4}-\\d{2}");
    }

    private static Gen<Replacement> replacements(Gen<String> fields, Gen<?> values) {
        return random -> new Replacement(fields.next(random), values.next(random));
    }

    private static Gen<String> fieldNames() {
        return Gen.oneOf(Gen.of(UsageEventValidator.FIELDS), Gen.strings(Chars.unicode(), 0, 10));
    }

    private static Gen<String> numericFields() {
        return Gen.of("tokens_input", "tokens_output", "tokens_total", "cost_input", "cost_output",
                "cost_total", "response_time", "status_code", "retry_count", "request_size", "response_size");
    }

    private static Gen<Map<String, Object>> drafts() {
        Gen<String> names = Gen.oneOf(Gen.of(UsageEventValidator.FIELDS),
                Gen.of(UsageEventValidator.FIELDS), Gen.strings(Chars.unicode(), 0, 8));
        return Gen.maps(names, values(), 30);
    }

    /** A JSON-like value of any type the HTTP adapter hands over, biased towards edge cases. */
    private static Gen<Object> values() {
        Gen<Object> scalar = Gen.oneOf(
                Gen.constant(null),
                Gen.booleans(),
                hostileStrings(),
                Gen.strings(Chars.unicode(), 0, 300),
                Gen.longs(),
                Gen.longs(-2, 700),
                Gen.integers(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)),
                extremeDecimals(),
                Gen.decimals(new BigDecimal("-1e12"), new BigDecimal("1e12"), 12),
                Gen.of("0.0125", "-0.5", "1e3", "NaN", "Infinity", "2026-11-20T11:00:00Z",
                        "2026-11-20T11:00:00+14:00", "1999-12-31T23:59:59Z", "2026-11", "POST", "video", "wavespeed"));
        return Gen.oneOf(scalar, scalar, scalar,
                scalar.list(0, 3),
                Gen.maps(Gen.strings(Chars.unicode(), 0, 4), scalar, 3));
    }

    private static Gen<BigDecimal> extremeDecimals() {
        Gen<BigInteger> unscaled = Gen.oneOf(
                Gen.integers(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                Gen.integers(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Gen<Integer> scale = Gen.oneOf(
                Gen.ints(-999_999_999, 999_999_999),
                Gen.ints(-30, 30),
                Gen.of(Integer.MIN_VALUE + 1, Integer.MAX_VALUE, -99_999_999, 99_999_999));
        return random -> new BigDecimal(unscaled.next(random), scale.next(random));
    }

    private static Gen<String> hostileStrings() {
        return Gen.oneOf(
                Gen.of("", " ", "\u0000", "a\u0000b", "\uD800", "x\uDC00", "\uD83D\uDE00", "\uFFFE", "\u202E",
                        "' OR '1'='1", "'; DROP TABLE api_usage_logs; --", "<script>alert(1)</script>",
                        "=HYPERLINK(\"http://x\")", "${jndi:ldap://x/a}", "\r\nSet-Cookie: a=b"),
                Gen.strings(Chars.all(), 95, 130),
                Gen.strings(Chars.range('a', 'z'), 190, 210),
                Gen.strings(Chars.range('a', 'z'), 1, 1).map(s -> s.repeat(600)));
    }
}
