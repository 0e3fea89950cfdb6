package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A call's units object: known unit names and sane quantities, every problem reported with its field path. */
class UnitsTest {

    @Test
    void validUnits_areReadExactly_fromWhatAJsonParserDelivers() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("image", 2);
        raw.put("video_second", new BigDecimal("5.50"));
        raw.put("audio_second", 0.1d);
        raw.put("character", 340L);
        raw.put("request", BigInteger.ONE);

        Units.Parsed parsed = Units.parse(raw);

        assertThat(parsed.valid()).isTrue();
        assertThat(parsed.units().get(PriceUnit.IMAGE)).isEqualTo(new BigDecimal("2"));
        assertThat(parsed.units().get(PriceUnit.VIDEO_SECOND)).isEqualTo(new BigDecimal("5.5"));
        assertThat(parsed.units().get(PriceUnit.AUDIO_SECOND)).isEqualTo(new BigDecimal("0.1"));
        assertThat(parsed.units().get(PriceUnit.CHARACTER)).isEqualTo(new BigDecimal("340"));
        assertThat(parsed.units().get(PriceUnit.REQUEST)).isEqualTo(BigDecimal.ONE);
        assertThat(Units.validate(raw)).isEmpty();
    }

    @Test
    void noUnits_isValid() {
        assertThat(Units.parse(null).units()).isSameAs(Units.NONE);
        assertThat(Units.parse(Map.of()).units().isEmpty()).isTrue();
    }

    static Stream<Arguments> badUnits() {
        return Stream.of(
                Arguments.of("images", 2, "units.images", "unknown unit; the units are image, video_second"),
                Arguments.of("Image", 2, "units.Image", "unknown unit"),
                Arguments.of("input_token", 100, "units.input_token", "is a token unit: report token counts in tokens_input"),
                Arguments.of("cached_input_token", 100, "units.cached_input_token", "is a token unit"),
                Arguments.of("image", -1, "units.image", "must be >= 0"),
                Arguments.of("video_second", new BigDecimal("-0.5"), "units.video_second", "must be >= 0"),
                Arguments.of("video_second", Double.NaN, "units.video_second", "must be a finite number"),
                Arguments.of("video_second", Double.POSITIVE_INFINITY, "units.video_second", "must be a finite number"),
                Arguments.of("audio_second", new BigDecimal("0.0000000000001"), "units.audio_second",
                        "must have at most 12 decimal places"),
                Arguments.of("audio_second", new BigDecimal("1E-999999999"), "units.audio_second",
                        "must have at most 12 decimal places"),
                Arguments.of("character", new BigDecimal("1000000000"), "units.character", "must be less than 1000000000"),
                Arguments.of("character", new BigDecimal("1E+999999999"), "units.character", "must be less than 1000000000"),
                Arguments.of("request", "1", "units.request", "must be a JSON number"),
                Arguments.of("request", true, "units.request", "must be a JSON number"));
    }

    @ParameterizedTest(name = "{0}={1}")
    @MethodSource("badUnits")
    void badUnit_isReportedWithItsFieldPath(String name, Object value, String field, String reason) {
        Units.Parsed parsed = Units.parse(Map.of(name, value));

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.units()).isNull();
        assertThat(parsed.problems()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.reason()).contains(reason);
        });
    }

    @Test
    void nullQuantitiesAndNames_areProblems_andEveryProblemIsReported() {
        Map<String, Object> raw = new LinkedHashMap<>();
        raw.put("image", null);
        raw.put("video_seconds", 5);
        raw.put("request", -2);
        raw.put(null, 1);

        assertThat(Units.validate(raw)).extracting(p -> p.field() + ": " + p.reason()).containsExactly(
                "units.image: must not be null",
                "units.video_seconds: unknown unit; the units are image, video_second, audio_second, character and request",
                "units.request: must be >= 0",
                "units: unit names must not be null");
    }

    @Test
    void zeroAndTrailingZeros_areFine() {
        Units units = Units.of(Map.of("image", new BigDecimal("0.000"), "video_second", new BigDecimal("2.500000000000000")));
        assertThat(units.get(PriceUnit.IMAGE)).isEqualTo(BigDecimal.ZERO);
        assertThat(units.get(PriceUnit.VIDEO_SECOND)).isEqualTo(new BigDecimal("2.5"));
        assertThat(units.get(PriceUnit.REQUEST)).isNull();
    }

    @Test
    void theFactoriesAndTheRecord_rejectBadUnits() {
        assertThatThrownBy(() -> Units.of(Map.of("image", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("units.image must be >= 0");
        Map<PriceUnit, BigDecimal> tokens = new HashMap<>();
        tokens.put(PriceUnit.OUTPUT_TOKEN, BigDecimal.TEN);
        assertThatThrownBy(() -> new Units(tokens))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("units.output_token is a token unit");
        assertThatThrownBy(() -> new Units(Map.of(PriceUnit.IMAGE, new BigDecimal("1E+10"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be less than");
    }
}
