package org.usagelens.domain.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.testing.TestUsageEvents.videoOnWaveSpeed;
import static org.usagelens.domain.testing.TestUsageEvents.with;
import static org.usagelens.domain.testing.TestUsageEvents.without;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.UsageEvent;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.testing.TestUsageEvents;

class UsageEventValidatorTest {

    private final UsageEventValidator validator = new UsageEventValidator(
            Clock.fixed(TestUsageEvents.NOW, ZoneOffset.UTC), Set.of("wavespeed", "google", "fal")::contains);

    private UsageEvent valid(UsageEventDraft draft) {
        UsageEventValidator.Result result = validator.validate(draft);
        assertThat(result.problems()).isEmpty();
        return result.event();
    }

    private List<FieldProblem> problems(UsageEventDraft draft) {
        UsageEventValidator.Result result = validator.validate(draft);
        assertThat(result.valid()).isFalse();
        return result.problems();
    }

    @Test
    void completeEvent_isValid_andKeepsEveryValue() {
        UsageEvent e = valid(videoOnWaveSpeed("k1"));
        assertThat(e.idempotencyKey()).isEqualTo("k1");
        assertThat(e.category()).isEqualTo(Category.VIDEO);
        assertThat(e.costOutput()).isEqualByComparingTo("0.5");
        assertThat(e.responseTime()).isEqualTo(41.5);
        assertThat(e.statusCode()).isEqualTo(200);
        assertThat(e.billingPeriod()).isEqualTo("2026-11");
        assertThat(e.tokensTotal()).isZero();
    }

    static Stream<String> requiredFields() {
        return Stream.of("id", "user_id", "provider", "model_used", "endpoint", "method", "response_time", "status_code",
                "timestamp");
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void missingRequiredField_isRejectedNamingIt(String field) {
        assertThat(problems(without(videoOnWaveSpeed("k"), field)))
                .containsExactly(new FieldProblem(field, "is required"));
    }

    @ParameterizedTest
    @MethodSource("requiredFields")
    void nullRequiredField_isRejectedNamingIt(String field) {
        assertThat(problems(with(videoOnWaveSpeed("k"), field, null)))
                .containsExactly(new FieldProblem(field, "is required and must not be null"));
    }

    static Stream<Arguments> badValues() {
        String s101 = "u".repeat(101);
        return Stream.of(
                Arguments.of("id", "", "must not be empty"),
                Arguments.of("id", "k".repeat(129), "must have at most 128 characters, has 129"),
                Arguments.of("id", 42L, "must be a string"),
                Arguments.of("user_id", "", "must not be empty"),
                Arguments.of("user_id", s101, "must have at most 100 characters, has 101"),
                Arguments.of("user_id", "a\u0000b", "must not contain NUL characters"),
                Arguments.of("user_id", "a\uD800b", "must be valid Unicode (unpaired surrogate at index 1)"),
                Arguments.of("provider", "wavespeed-ai", "must be one of " + String.join(", ", Category.wireNames())),
                Arguments.of("provider", "VIDEO", "must be one of " + String.join(", ", Category.wireNames())),
                Arguments.of("model_used", "m".repeat(101), "must have at most 100 characters, has 101"),
                Arguments.of("endpoint", "/".repeat(201), "must have at most 200 characters, has 201"),
                Arguments.of("method", "FETCH", "must be an upper-case HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"),
                Arguments.of("method", "post", "must be an upper-case HTTP method: GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"),
                Arguments.of("tokens_input", -1L, "must be >= 0"),
                Arguments.of("tokens_input", new BigDecimal("1.5"), "must be an integer"),
                Arguments.of("tokens_input", "12", "must be an integer (a JSON number)"),
                Arguments.of("tokens_output", new BigInteger("99999999999999999999999"), "must be <= 4611686018427387903"),
                Arguments.of("tokens_output", 1_000_000_001L, "must be <= 1000000000"),
                Arguments.of("tokens_total", 5L, "must equal tokens_input + tokens_output (0) when given"),
                Arguments.of("cost_input", new BigDecimal("-0.01"), "must be >= 0"),
                Arguments.of("cost_input", "-0.01", "must be >= 0"),
                Arguments.of("cost_input", new BigDecimal("0.00000000001"), "must have at most 10 decimal places"),
                Arguments.of("cost_input", "1e5", "must be a JSON number or a decimal string such as \"0.0125\""),
                Arguments.of("user_id", "ali\tce", "must not contain control or format characters (U+0009 at index 3)"),
                Arguments.of("user_id", "alice\u200b", "must not contain control or format characters (U+200B at index 5)"),
                Arguments.of("user_id", "   ", "must not be blank"),
                Arguments.of("user_id", "alice\ud800", "must be valid Unicode (unpaired surrogate at index 5)"),
                Arguments.of("id", "key\u2028", "must not contain control or format characters (U+2028 at index 3)"),
                Arguments.of("model_used", "gpt-4o\r\n", "must not contain control or format characters (U+000D at index 6)"),
                Arguments.of("cost_input", "abc", "must be a JSON number or a decimal string such as \"0.0125\""),
                Arguments.of("cost_input", true, "must be a JSON number or a decimal string such as \"0.0125\""),
                Arguments.of("cost_output", new BigDecimal("1e10"), "must be less than 1000000"),
                Arguments.of("cost_output", new BigDecimal("1000000"), "must be less than 1000000"),
                Arguments.of("cost_total", new BigDecimal("0.6"), "must equal cost_input + cost_output (0.5) when all three are given"),
                Arguments.of("response_time", new BigDecimal("1e308"), "must be at most 86400 seconds (a day)"),
                Arguments.of("response_time", new BigDecimal("86400.001"), "must be at most 86400 seconds (a day)"),
                Arguments.of("retry_count", 1001L, "must be between 0 and 1000"),
                Arguments.of("request_size", 1_000_000_000_001L, "must be <= 1000000000000"),
                Arguments.of("units", List.of(2), "must be an object of unit names to quantities, e.g. {\"image\": 2}"),
                Arguments.of("units", null, "must not be null; omit it when the call has no units"),
                Arguments.of("cost_total", new BigDecimal("-1"), "must be >= 0"),
                Arguments.of("response_time", new BigDecimal("-0.1"), "must be >= 0"),
                Arguments.of("response_time", new BigDecimal("1e400"), "must be a finite number of seconds"),
                Arguments.of("response_time", "NaN", "must be a JSON number of seconds"),
                Arguments.of("status_code", 99L, "must be between 100 and 599"),
                Arguments.of("status_code", 600L, "must be between 100 and 599"),
                Arguments.of("status_code", new BigDecimal("200.5"), "must be an integer"),
                Arguments.of("timestamp", "2026-11-20T11:59:00", "must be an ISO-8601 date-time with a zone offset, e.g. 2026-11-28T10:15:30Z"),
                Arguments.of("timestamp", "yesterday", "must be an ISO-8601 date-time with a zone offset, e.g. 2026-11-28T10:15:30Z"),
                Arguments.of("timestamp", 1700000000L, "must be an ISO-8601 string with a zone, e.g. 2026-11-28T10:15:30Z"),
                Arguments.of("timestamp", "2026-11-20T12:05:01Z", "must not be more than 5 minutes in the future"),
                Arguments.of("timestamp", "1999-12-31T23:59:59Z", "must not be before 2000-01-01T00:00:00Z"),
                Arguments.of("billing_period", "2026-10", "must equal the timestamp's month in UTC (2026-11) when given"),
                Arguments.of("billing_period", "November", "must be YYYY-MM"),
                Arguments.of("billing_period", null, "must not be null; omit it to use the timestamp's month"),
                Arguments.of("retry_count", -1L, "must be between 0 and 1000"),
                Arguments.of("request_size", -5L, "must be >= 0"),
                Arguments.of("response_size", "big", "must be an integer (a JSON number)"),
                Arguments.of("ip_address", "1".repeat(46), "must have at most 45 characters, has 46"),
                Arguments.of("error_message", List.of("x"), "must be a string"),
                Arguments.of("actual_provider_name", "acme-cloud", "must be a provider id of the catalog (see GET /api/providers)"),
                Arguments.of("colour", "blue", "unknown field; accepted fields are " + String.join(", ", UsageEventValidator.FIELDS)));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("badValues")
    void badValue_isRejectedWithFieldAndReason(String field, Object value, String reason) {
        assertThat(problems(with(videoOnWaveSpeed("k"), field, value))).containsExactly(new FieldProblem(field, reason));
    }

    @Test
    void everyProblemOfOneEvent_isReported() {
        UsageEventDraft draft = with(with(without(videoOnWaveSpeed("k"), "user_id"), "status_code", 42L), "method", "X");
        assertThat(problems(draft)).extracting(FieldProblem::field).containsExactly("user_id", "method", "status_code");
    }

    @Test
    void tokensTotal_defaultsToInputPlusOutput() {
        UsageEvent e = valid(with(with(videoOnWaveSpeed("k"), "tokens_input", 120L), "tokens_output", 30L));
        assertThat(e.tokensTotal()).isEqualTo(150L);
    }

    @Test
    void tokensTotal_whenEqualToSum_isAccepted() {
        UsageEvent e = valid(with(with(with(videoOnWaveSpeed("k"), "tokens_input", 1L), "tokens_output", 2L), "tokens_total", 3L));
        assertThat(e.tokensTotal()).isEqualTo(3L);
    }

    @Test
    void costTotal_defaultsToInputPlusOutput_exactly() {
        UsageEventDraft draft = without(with(with(videoOnWaveSpeed("k"), "cost_input", "0.1"), "cost_output", new BigDecimal("0.2")), "cost_total");
        assertThat(valid(draft).costTotal()).isEqualTo(new BigDecimal("0.3"));
    }

    /** The event with only a total cost (its parts removed). */
    private static UsageEventDraft totalOnly(Object total) {
        return with(without(without(videoOnWaveSpeed("k"), "cost_input"), "cost_output"), "cost_total", total);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0000000001", "123456.1234567890", "0.1", "12"})
    void costAsDecimalString_isKeptExactly(String cost) {
        UsageEvent e = valid(totalOnly(cost));
        assertThat(e.costTotal()).isEqualByComparingTo(cost);
        assertThat(e.costTotal().toPlainString()).isEqualTo(new BigDecimal(cost).stripTrailingZeros().toPlainString());
        assertThat(e.costInput()).isNull();
        assertThat(e.costOutput()).isNull();
    }

    @Test
    void costWithTrailingZerosBeyondTenPlaces_isAccepted() {
        UsageEvent e = valid(totalOnly(new BigDecimal("0.100000000000000")));
        assertThat(e.costTotal()).isEqualTo(new BigDecimal("0.1"));
    }

    @Test
    void tokensAndCosts_areOptional_andAbsentMeansUnknown() {
        UsageEventDraft draft = videoOnWaveSpeed("k");
        for (String field : List.of("tokens_input", "tokens_output", "cost_input", "cost_output", "cost_total")) {
            draft = without(draft, field);
        }
        UsageEvent e = valid(draft);
        assertThat(e.tokensInput()).isNull();
        assertThat(e.tokensOutput()).isNull();
        assertThat(e.tokensTotal()).isNull();
        assertThat(e.costTotal()).isNull();
        assertThat(e.costInput()).isNull();
    }

    @Test
    void halfACost_isRejectedNamingTheMissingHalf() {
        assertThat(problems(without(without(videoOnWaveSpeed("k"), "cost_output"), "cost_total")))
                .extracting(FieldProblem::field).containsExactly("cost_output");
        assertThat(problems(without(without(videoOnWaveSpeed("k"), "cost_input"), "cost_total")))
                .extracting(FieldProblem::field).containsExactly("cost_input");
    }

    @Test
    void units_areKept_andBadOnesNamedByTheirPath() {
        UsageEvent e = valid(with(videoOnWaveSpeed("k"), "units", java.util.Map.of("video_second", new BigDecimal("5.5"),
                "image", 2L)));
        assertThat(e.units().get(org.usagelens.domain.pricing.PriceUnit.VIDEO_SECOND)).isEqualByComparingTo("5.5");
        assertThat(e.units().get(org.usagelens.domain.pricing.PriceUnit.IMAGE)).isEqualByComparingTo("2");
        assertThat(problems(with(videoOnWaveSpeed("k"), "units", java.util.Map.of("pixels", 3L))))
                .containsExactly(new FieldProblem("units", "holds an unknown unit; the units are image, video_second,"
                        + " audio_second, character, request (tokens have their own fields)"));
        assertThat(problems(with(videoOnWaveSpeed("k"), "units", java.util.Map.of("image", -1L))))
                .extracting(FieldProblem::field).containsExactly("units.image");
        assertThat(problems(with(videoOnWaveSpeed("k"), "units", java.util.Map.of("image", "two"))))
                .extracting(FieldProblem::field).containsExactly("units.image");
    }

    @Test
    void aLongErrorMessage_isKeptCutToItsLimit_withAMarker_andANote() {
        String message = "é".repeat(10_000); // 20,000 bytes of UTF-8
        UsageEventValidator.Result result = validator.validate(with(videoOnWaveSpeed("k"), "error_message", message));
        assertThat(result.valid()).isTrue();
        String kept = result.event().errorMessage();
        assertThat(kept.getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                .isLessThanOrEqualTo(org.usagelens.domain.model.TextRules.MAX_ERROR_MESSAGE_BYTES);
        assertThat(kept).startsWith("éééé").endsWith("[truncated by UsageLens: 20000 bytes in all]");
        assertThat(result.notes()).singleElement().asString().startsWith("error_message was cut to");
    }

    @Test
    void aLongUserAgent_isCutToItsColumn() {
        UsageEventValidator.Result result = validator.validate(with(videoOnWaveSpeed("k"), "user_agent", "a".repeat(501)));
        assertThat(result.valid()).isTrue();
        assertThat(result.event().userAgent().codePointCount(0, result.event().userAgent().length())).isLessThanOrEqualTo(500);
        assertThat(result.event().userAgent()).endsWith("bytes in all]");
        assertThat(result.notes()).singleElement().asString().startsWith("user_agent was cut to");
    }

    @Test
    void billingPeriod_defaultsToTimestampMonthInUtc() {
        UsageEvent e = valid(with(videoOnWaveSpeed("k"), "timestamp", "2026-11-01T00:30:00+01:00"));
        assertThat(e.billingPeriod()).isEqualTo("2026-10");
        assertThat(e.timestamp()).hasToString("2026-10-31T23:30:00Z");
    }

    @Test
    void timestampUpToFiveMinutesAhead_isAccepted() {
        assertThat(valid(with(videoOnWaveSpeed("k"), "timestamp", "2026-11-20T12:05:00Z")).timestamp())
                .hasToString("2026-11-20T12:05:00Z");
    }

    @Test
    void clientSuppliedProvider_fromCatalog_isAccepted() {
        assertThat(valid(with(videoOnWaveSpeed("k"), "actual_provider_name", "fal")).actualProviderName()).isEqualTo("fal");
    }

    @Test
    void optionalFields_areKept() {
        UsageEventDraft draft = videoOnWaveSpeed("k");
        draft = with(draft, "error_message", "quota exceeded");
        draft = with(draft, "retry_count", 2L);
        draft = with(draft, "request_size", 10L);
        draft = with(draft, "response_size", 20L);
        draft = with(draft, "user_agent", "agent/1");
        draft = with(draft, "ip_address", "::1");
        draft = with(draft, "billing_period", "2026-11");
        UsageEvent e = valid(draft);
        assertThat(e.errorMessage()).isEqualTo("quota exceeded");
        assertThat(e.retryCount()).isEqualTo(2);
        assertThat(e.requestSize()).isEqualTo(10L);
        assertThat(e.responseSize()).isEqualTo(20L);
        assertThat(e.userAgent()).isEqualTo("agent/1");
        assertThat(e.ipAddress()).isEqualTo("::1");
    }

    @Test
    void surrogatePairs_areValidUnicode() {
        assertThat(valid(with(videoOnWaveSpeed("k"), "user_id", "user-\uD83D\uDE00")).userId()).isEqualTo("user-😀");
    }
}
