package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.usagelens.detection.testing.Gen;
import org.usagelens.detection.testing.Gen.Chars;
import org.usagelens.detection.testing.Property;

/** Properties over arbitrary inputs: detection is total, deterministic, and single-vendor categories always decide. */
class DetectorPropertiesTest {

    private static final ProviderDetector DETECTOR = ProviderDetector.builtIn();

    /** Pieces that make the matchers work hard: vendor words, separators, hosts, phrases and noise. */
    private static final List<String> PIECES = List.of("hf", "wavespeed", "wavespeed.ai", "api.", "openai", "azure",
            ".com", "https://", "//", "/", ":", "-", "_", ".", "@", " ", "\t", "groq", "gpt", "tts", "1", "dall", "e",
            "flux", "qwen", "image", "claude", "^", "*", "embed", "stable", "sd3", "accounts/fireworks/", "us.",
            "anthropic.", "bedrock-runtime", "amazonaws", "aiplatform", "googleapis", "free", "fastest", "wan",
            "é", "İ", "\u212A", "\uD83D\uDE00", "\uFFFD", "\u0000", "[::1]", "?", "#", "ÄÖÜ", "\u00A0", "\u2028");

    /** The three arguments of {@link ProviderDetector#detect}. */
    private record Inputs(String category, String model, String endpoint) {
    }

    @TestFactory
    Stream<DynamicTest> givenArbitraryUnicodeInputs_thenNeverThrowsNorReturnsNull() {
        Gen<String> text = Gen.strings(Chars.unicode(), 0, 255).orNull(0.1);
        return Property.forAll(2000, inputs(text, text, text),
                in -> assertDetected(in.category(), in.model(), in.endpoint()));
    }

    @TestFactory
    Stream<DynamicTest> givenInputsMadeOfRulePieces_thenNeverThrowsNorReturnsNull() {
        return Property.forAll(2000, inputs(categories(), pieced(), pieced()),
                in -> assertDetected(in.category(), in.model(), in.endpoint()));
    }

    @TestFactory
    Stream<DynamicTest> givenHugeInputs_thenNeverThrowsNorReturnsNull() {
        return Property.forAll(30, inputs(categories(), Gen.strings(Chars.unicode(), 20_000, 200_000), huge()), in -> {
            assertDetected(in.category(), in.model(), in.endpoint());
            assertDetected(in.category(), in.endpoint(), in.model());
        });
    }

    @TestFactory
    Stream<DynamicTest> givenSingleVendorCategory_thenItDecidesWhateverModelAndEndpoint() {
        return Property.forAll(1000, inputs(vendorCategories(), pieced(), pieced()), in -> {
            Detection d = DETECTOR.detect(in.category(), in.model(), in.endpoint());

            assertThat(d.source()).isEqualTo(DetectionSource.CATEGORY);
            assertThat(d).isEqualTo(DETECTOR.detect(in.category(), null, null));
            assertThat(DETECTOR.isVendorCategory(in.category())).isTrue();
        });
    }

    @TestFactory
    Stream<DynamicTest> givenSameInputs_thenSameDetectionEveryTimeAndFromEveryDetectorWithTheSameRules() {
        return Property.forAll(1000, inputs(categories(), pieced(), pieced()), in -> {
            Detection first = DETECTOR.detect(in.category(), in.model(), in.endpoint());

            assertThat(DETECTOR.detect(in.category(), in.model(), in.endpoint())).isEqualTo(first);
            assertThat(SameRules.DETECTOR.detect(in.category(), in.model(), in.endpoint())).isEqualTo(first);
        });
    }

    @TestFactory
    Stream<DynamicTest> givenAnyInputs_thenExplanationAgreesWithDetectionAndEndsWithTheFallback() {
        return Property.forAll(1000, inputs(categories(), pieced(), pieced()), in -> {
            Explanation e = DETECTOR.explain(in.category(), in.model(), in.endpoint());

            assertThat(e.detection()).isEqualTo(DETECTOR.detect(in.category(), in.model(), in.endpoint()));
            assertThat(e.steps()).isNotEmpty();
            assertThat(e.steps().get(e.steps().size() - 1).ruleId()).isEqualTo("unknown");
            assertThat(e.steps()).anySatisfy(s -> {
                assertThat(s.ruleId()).isEqualTo(e.detection().ruleId());
                assertThat(s.matched()).isTrue();
            });
        });
    }

    @TestFactory
    Stream<DynamicTest> givenCategoryWithOtherCaseOrSurroundingSpace_thenSameDetection() {
        return Property.forAll(500, inputs(knownCategories(), pieced(), pieced()), in -> {
            Detection plain = DETECTOR.detect(in.category(), in.model(), in.endpoint());

            assertThat(DETECTOR.detect(" " + in.category().toUpperCase(java.util.Locale.ROOT) + "\t", in.model(),
                    in.endpoint())).isEqualTo(plain);
        });
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

    private static Gen<Inputs> inputs(Gen<String> category, Gen<String> model, Gen<String> endpoint) {
        return random -> new Inputs(category.next(random), model.next(random), endpoint.next(random));
    }

    /** Up to 12 pieces of rules, short unicode or a-z words, joined; as often null or empty. */
    private static Gen<String> pieced() {
        Gen<String> piece = Gen.oneOf(Gen.of(PIECES), Gen.strings(Chars.unicode(), 0, 4),
                Gen.strings(Chars.range('a', 'z'), 1, 8));
        return Gen.oneOf(piece.list(0, 12).map(parts -> String.join("", parts)),
                Gen.constant(null), Gen.constant(""));
    }

    private static Gen<String> categories() {
        return Gen.oneOf(knownCategories(), Gen.strings(Chars.unicode(), 0, 12), Gen.constant(null));
    }

    private static Gen<String> knownCategories() {
        return Gen.of("gemini", "openai", "anthropic", "mistral", "huggingface", "wavespeed", "tavily",
                "serper", "firecrawl", "exa", "metaphor", "video", "audio", "stability", "image_edit", "chat");
    }

    private static Gen<String> vendorCategories() {
        Gen<String> name = Gen.of("gemini", "openai", "anthropic", "mistral", "huggingface",
                "wavespeed", "tavily", "serper", "firecrawl", "exa", "metaphor");
        Gen<String> space = Gen.of("", " ", "\t", "  \n");
        return random -> {
            String before = space.next(random);
            String n = name.next(random);
            return before + (random.nextBoolean() ? n.toUpperCase(java.util.Locale.ROOT) : n) + space.next(random);
        };
    }

    private static Gen<String> huge() {
        return Gen.of(PIECES).list(5_000, 50_000).map(parts -> String.join("", parts));
    }
}
