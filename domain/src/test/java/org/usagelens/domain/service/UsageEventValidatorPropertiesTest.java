package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
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

    @Property(tries = 1000)
    void givenArbitraryDrafts_thenNeverThrows_andAnswersEitherAnEventOrProblems(
            @ForAll("drafts") Map<String, Object> fields) {
        UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));

        assertWellFormed(result, fields);
    }

    @Property(tries = 1000)
    void givenAValidEventWithOneFieldReplaced_thenEitherValidOrThatFieldIsNamed(
            @ForAll("fieldNames") String field, @ForAll("values") Object value) {
        Map<String, Object> fields = TestUsageEvents.videoOnWaveSpeedFields("k-1");
        fields.remove("cost_total");
        fields.put(field, value);

        UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));

        assertWellFormed(result, fields);
        if (!result.valid()) {
            Set<String> allowed = new java.util.HashSet<>(DEPENDENTS.getOrDefault(field, Set.of()));
            allowed.add(field);
            assertThat(result.problems()).extracting(FieldProblem::field).allMatch(allowed::contains);
        }
    }

    @Property(tries = 300)
    void givenNumbersWithExtremeExponents_thenJudgedWithinMilliseconds(
            @ForAll("numericFields") String field, @ForAll("extremeDecimals") BigDecimal value) {
        Map<String, Object> fields = TestUsageEvents.videoOnWaveSpeedFields("k-2");
        fields.put(field, value);

        long started = System.nanoTime();
        UsageEventValidator.Result result = VALIDATOR.validate(new UsageEventDraft(fields));
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertWellFormed(result, fields);
        assertThat(took).as("validating %s = %s", field, value).isLessThan(Duration.ofMillis(250));
    }

    /** Before the fix, this one value kept a CPU busy for over a minute (BigInteger 10^99999999). */
    @Example
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
                assertThat(UsageEventValidator.FIELDS.contains(p.field()) || fields.containsKey(p.field()))
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
        assertThat(e.tokensInput()).isNotNegative();
        assertThat(e.tokensTotal()).isEqualTo(e.tokensInput() + e.tokensOutput());
        for (BigDecimal cost : List.of(e.costInput(), e.costOutput(), e.costTotal())) {
            assertThat(cost.signum()).isNotNegative();
            assertThat(cost.scale()).isLessThanOrEqualTo(UsageEventValidator.MAX_COST_SCALE);
            assertThat(cost).isLessThan(UsageEventValidator.COST_LIMIT);
        }
        assertThat(e.responseTime()).isFinite().isNotNegative();
        assertThat(e.timestamp()).isAfterOrEqualTo(UsageEventValidator.EARLIEST_TIMESTAMP);
        assertThat(e.billingPeriod()).matches("\\d{4}-\\d{2}");
    }

    @Provide
    Arbitrary<String> fieldNames() {
        return Arbitraries.oneOf(Arbitraries.of(UsageEventValidator.FIELDS), Arbitraries.strings().ofMaxLength(10));
    }

    @Provide
    Arbitrary<String> numericFields() {
        return Arbitraries.of("tokens_input", "tokens_output", "tokens_total", "cost_input", "cost_output",
                "cost_total", "response_time", "status_code", "retry_count", "request_size", "response_size");
    }

    @Provide
    Arbitrary<Map<String, Object>> drafts() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(UsageEventValidator.FIELDS),
                Arbitraries.of(UsageEventValidator.FIELDS), Arbitraries.strings().ofMaxLength(8));
        return Arbitraries.maps(names, values()).ofMaxSize(30).map(LinkedHashMap::new);
    }

    /** A JSON-like value of any type the HTTP adapter hands over, biased towards edge cases. */
    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.just(null),
                Arbitraries.of(true, false),
                hostileStrings(),
                Arbitraries.strings().ofMaxLength(300),
                Arbitraries.longs(),
                Arbitraries.longs().between(-2, 700),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(100).negate(), BigInteger.TWO.pow(100)),
                extremeDecimals(),
                Arbitraries.bigDecimals().between(new BigDecimal("-1e12"), new BigDecimal("1e12")).ofScale(12),
                Arbitraries.of("0.0125", "-0.5", "1e3", "NaN", "Infinity", "2026-11-20T11:00:00Z",
                        "2026-11-20T11:00:00+14:00", "1999-12-31T23:59:59Z", "2026-11", "POST", "video", "wavespeed"));
        return Arbitraries.oneOf(scalar, scalar, scalar,
                scalar.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(4), scalar).ofMaxSize(3).map(m -> (Object) m));
    }

    @Provide
    Arbitrary<BigDecimal> extremeDecimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.oneOf(
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)),
                Arbitraries.bigIntegers().between(BigInteger.TEN.pow(40).negate(), BigInteger.TEN.pow(40)));
        Arbitrary<Integer> scale = Arbitraries.oneOf(
                Arbitraries.integers().between(-999_999_999, 999_999_999),
                Arbitraries.integers().between(-30, 30),
                Arbitraries.of(Integer.MIN_VALUE + 1, Integer.MAX_VALUE, -99_999_999, 99_999_999));
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.oneOf(
                Arbitraries.of("", " ", "\u0000", "a\u0000b", "\uD800", "x\uDC00", "\uD83D\uDE00", "\uFFFE", "\u202E",
                        "' OR '1'='1", "'; DROP TABLE api_usage_logs; --", "<script>alert(1)</script>",
                        "=HYPERLINK(\"http://x\")", "${jndi:ldap://x/a}", "\r\nSet-Cookie: a=b"),
                Arbitraries.strings().all().ofMinLength(95).ofMaxLength(130),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(190).ofMaxLength(210),
                Arbitraries.strings().withCharRange('a', 'z').ofLength(1).map(s -> s.repeat(600)));
    }
}
