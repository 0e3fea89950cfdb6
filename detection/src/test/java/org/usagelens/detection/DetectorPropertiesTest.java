package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.constraints.WithNull;

/** Properties over arbitrary inputs: detection is total, deterministic, and single-vendor categories always decide. */
class DetectorPropertiesTest {

    private static final ProviderDetector DETECTOR = ProviderDetector.builtIn();

    /** Pieces that make the matchers work hard: vendor words, separators, hosts, phrases and noise. */
    private static final List<String> PIECES = List.of("hf", "wavespeed", "wavespeed.ai", "api.", "openai", "azure",
            ".com", "https://", "//", "/", ":", "-", "_", ".", "@", " ", "\t", "groq", "gpt", "tts", "1", "dall", "e",
            "flux", "qwen", "image", "claude", "^", "*", "embed", "stable", "sd3", "accounts/fireworks/", "us.",
            "anthropic.", "bedrock-runtime", "amazonaws", "aiplatform", "googleapis", "free", "fastest", "wan",
            "é", "İ", "\u212A", "\uD83D\uDE00", "\uFFFD", "\u0000", "[::1]", "?", "#", "ÄÖÜ", "\u00A0", "\u2028");

    @Property(tries = 2000)
    void givenArbitraryUnicodeInputs_thenNeverThrowsNorReturnsNull(
            @ForAll @WithNull(0.1) String category, @ForAll @WithNull(0.1) String model,
            @ForAll @WithNull(0.1) String endpoint) {
        assertDetected(category, model, endpoint);
    }

    @Property(tries = 2000)
    void givenInputsMadeOfRulePieces_thenNeverThrowsNorReturnsNull(
            @ForAll("categories") String category, @ForAll("pieced") String model, @ForAll("pieced") String endpoint) {
        assertDetected(category, model, endpoint);
    }

    @Property(tries = 30)
    void givenHugeInputs_thenNeverThrowsNorReturnsNull(
            @ForAll("categories") String category,
            @ForAll @StringLength(min = 20_000, max = 200_000) String model,
            @ForAll("huge") String endpoint) {
        assertDetected(category, model, endpoint);
        assertDetected(category, endpoint, model);
    }

    @Property(tries = 1000)
    void givenSingleVendorCategory_thenItDecidesWhateverModelAndEndpoint(
            @ForAll("vendorCategories") String category, @ForAll("pieced") String model,
            @ForAll("pieced") String endpoint) {
        Detection d = DETECTOR.detect(category, model, endpoint);

        assertThat(d.source()).isEqualTo(DetectionSource.CATEGORY);
        assertThat(d).isEqualTo(DETECTOR.detect(category, null, null));
        assertThat(DETECTOR.isVendorCategory(category)).isTrue();
    }

    @Property(tries = 1000)
    void givenSameInputs_thenSameDetectionEveryTimeAndFromEveryDetectorWithTheSameRules(
            @ForAll("categories") String category, @ForAll("pieced") String model, @ForAll("pieced") String endpoint) {
        Detection first = DETECTOR.detect(category, model, endpoint);

        assertThat(DETECTOR.detect(category, model, endpoint)).isEqualTo(first);
        assertThat(SameRules.DETECTOR.detect(category, model, endpoint)).isEqualTo(first);
    }

    @Property(tries = 1000)
    void givenAnyInputs_thenExplanationAgreesWithDetectionAndEndsWithTheFallback(
            @ForAll("categories") String category, @ForAll("pieced") String model, @ForAll("pieced") String endpoint) {
        Explanation e = DETECTOR.explain(category, model, endpoint);

        assertThat(e.detection()).isEqualTo(DETECTOR.detect(category, model, endpoint));
        assertThat(e.steps()).isNotEmpty();
        assertThat(e.steps().get(e.steps().size() - 1).ruleId()).isEqualTo("unknown");
        assertThat(e.steps()).anySatisfy(s -> {
            assertThat(s.ruleId()).isEqualTo(e.detection().ruleId());
            assertThat(s.matched()).isTrue();
        });
    }

    @Property(tries = 500)
    void givenCategoryWithOtherCaseOrSurroundingSpace_thenSameDetection(
            @ForAll("knownCategories") String category, @ForAll("pieced") String model,
            @ForAll("pieced") String endpoint) {
        Detection plain = DETECTOR.detect(category, model, endpoint);

        assertThat(DETECTOR.detect(" " + category.toUpperCase(java.util.Locale.ROOT) + "\t", model, endpoint))
                .isEqualTo(plain);
    }

    private static void assertDetected(String category, String model, String endpoint) {
        Detection d = DETECTOR.detect(category, model, endpoint);
        assertThat(d).isNotNull();
        assertThat(d.provider()).isNotNull();
        assertThat(DETECTOR.providers()).contains(d.provider());
        assertThat(d.rulesVersion()).isEqualTo(DETECTOR.rulesVersion());
        assertThat(DETECTOR.explain(category, model, endpoint).detection()).isEqualTo(d);
    }

    /** A detector built anew from the same built-in rules (an empty deployment file changes nothing). */
    private static final class SameRules {
        static final ProviderDetector DETECTOR = ProviderDetector.withDeploymentRules("empty",
                new java.io.StringReader(""));
    }

    @Provide
    Arbitrary<String> pieced() {
        Arbitrary<String> piece = Arbitraries.oneOf(Arbitraries.of(PIECES),
                Arbitraries.strings().ofMaxLength(4),
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8));
        return Arbitraries.oneOf(
                piece.list().ofMaxSize(12).map(parts -> String.join("", parts)),
                Arbitraries.just(null), Arbitraries.just(""));
    }

    @Provide
    Arbitrary<String> categories() {
        return Arbitraries.oneOf(knownCategories(), Arbitraries.strings().ofMaxLength(12), Arbitraries.just(null));
    }

    @Provide
    Arbitrary<String> knownCategories() {
        return Arbitraries.of("gemini", "openai", "anthropic", "mistral", "huggingface", "wavespeed", "tavily",
                "serper", "firecrawl", "exa", "metaphor", "video", "audio", "stability", "image_edit", "chat");
    }

    @Provide
    Arbitrary<String> vendorCategories() {
        Arbitrary<String> name = Arbitraries.of("gemini", "openai", "anthropic", "mistral", "huggingface",
                "wavespeed", "tavily", "serper", "firecrawl", "exa", "metaphor");
        Arbitrary<String> space = Arbitraries.of("", " ", "\t", "  \n");
        return Combinators.combine(space, name, Arbitraries.of(true, false), space)
                .as((before, n, upper, after) -> before + (upper ? n.toUpperCase(java.util.Locale.ROOT) : n) + after);
    }

    @Provide
    Arbitrary<String> huge() {
        return Arbitraries.of(PIECES).list().ofMinSize(5_000).ofMaxSize(50_000).map(parts -> String.join("", parts));
    }
}
