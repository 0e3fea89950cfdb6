package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Pricing calls: exact amounts, every unit, and an explicit reason whenever a call cannot be priced in full. */
class PricerTest {

    private static final Instant DEC_2025 = at("2025-12-01T10:15:30Z");

    private final Pricer pricer = new Pricer(PriceCatalog.builtIn());

    private PriceResult.Priced priced(CallToPrice call) {
        PriceResult result = pricer.price(call);
        assertThat(result).as(result.toString()).isInstanceOf(PriceResult.Priced.class);
        assertThat(result.priceVersion()).isEqualTo(PriceCatalog.builtIn().priceVersion());
        return (PriceResult.Priced) result;
    }

    private PriceResult.Unpriced unpriced(CallToPrice call, UnpricedReason reason) {
        PriceResult result = pricer.price(call);
        assertThat(result).as(result.toString()).isInstanceOf(PriceResult.Unpriced.class);
        PriceResult.Unpriced u = (PriceResult.Unpriced) result;
        assertThat(u.reason()).as(u.detail()).isEqualTo(reason);
        assertThat(u.priceVersion()).isEqualTo(PriceCatalog.builtIn().priceVersion());
        return u;
    }

    private static CallToPrice units(String provider, String model, Instant at, Map<String, ?> units) {
        return CallToPrice.units(provider, model, at, Units.of(units));
    }

    // ------------------------------------------------------------------ tokens

    @Test
    void tokenModel_isPricedExactly() {
        PriceResult.Priced p = priced(CallToPrice.tokens("openai", "gpt-4o", DEC_2025, 1234L, 567L));

        assertThat(p.costInput()).isEqualTo(new BigDecimal("0.003085")); // 1234 x 0.0000025, scale and all
        assertThat(p.costOutput()).isEqualTo(new BigDecimal("0.00567"));
        assertThat(p.costTotal()).isEqualTo(new BigDecimal("0.008755"));
        assertThat(p.match()).isEqualTo(ModelMatch.PROVIDER_MODEL);
        assertThat(p.lines()).extracting(PricedQuantity::unit).containsExactly(PriceUnit.INPUT_TOKEN, PriceUnit.OUTPUT_TOKEN);
        assertThat(p.lines().get(0).row().origin()).isEqualTo(PriceCatalog.BUILT_IN_SOURCE + ":8");
        assertThat(p.lines().get(0).quantity()).isEqualByComparingTo("1234");
    }

    @Test
    void tokenModel_beforeItsPriceChange_getsTheOldPrice() {
        PriceResult.Priced p = priced(CallToPrice.tokens("openai", "gpt-4o", at("2024-09-01"), 1234L, 567L));

        assertThat(p.costInput()).isEqualTo(new BigDecimal("0.00617"));
        assertThat(p.costOutput()).isEqualTo(new BigDecimal("0.008505"));
        assertThat(p.costTotal()).isEqualTo(new BigDecimal("0.014675"));
    }

    @Test
    void cachedInputTokens_arePartOfTheInput_andGetTheCachePrice() {
        PriceResult.Priced p = priced(new CallToPrice("openai", "gpt-4o", DEC_2025, 1000L, 100L, 400L, Units.NONE));

        // 600 uncached x 0.0000025 + 400 cached x 0.00000125
        assertThat(p.costInput()).isEqualTo(new BigDecimal("0.002"));
        assertThat(p.costOutput()).isEqualTo(new BigDecimal("0.001"));
        assertThat(p.costTotal()).isEqualTo(new BigDecimal("0.003"));
        assertThat(p.lines()).extracting(l -> l.unit() + "=" + l.quantity() + "->" + l.cost())
                .containsExactly("input_token=600->0.0015", "output_token=100->0.001", "cached_input_token=400->0.0005");
    }

    @Test
    void cachedInputTokens_withoutACachePrice_makeThePricePartial_butZeroCachedIsFine() {
        PriceResult.Unpriced u = unpriced(new CallToPrice("anthropic", "claude-3-sonnet-20240229", DEC_2025, 1000L, 100L,
                400L, Units.NONE), UnpricedReason.PARTIAL);
        assertThat(u.units()).containsExactly(PriceUnit.CACHED_INPUT_TOKEN);

        priced(new CallToPrice("anthropic", "claude-3-sonnet-20240229", DEC_2025, 1000L, 100L, 0L, Units.NONE));
    }

    @Test
    void missingTokenCounts_areUnknown_notZero() {
        PriceResult.Unpriced u = unpriced(CallToPrice.tokens("openai", "gpt-4o", DEC_2025, 1234L, null),
                UnpricedReason.UNKNOWN_QUANTITY);
        assertThat(u.units()).containsExactly(PriceUnit.OUTPUT_TOKEN);

        assertThat(unpriced(CallToPrice.tokens("openai", "gpt-4o", DEC_2025, null, 10L), UnpricedReason.UNKNOWN_QUANTITY)
                .units()).containsExactly(PriceUnit.INPUT_TOKEN);
        unpriced(CallToPrice.tokens("openai", "gpt-4o", DEC_2025, null, null), UnpricedReason.NO_UNITS);
    }

    @Test
    void zeroTokens_costZero() {
        PriceResult.Priced p = priced(CallToPrice.tokens("openai", "gpt-4o", DEC_2025, 0L, 0L));
        assertThat(p.costTotal()).isEqualTo(BigDecimal.ZERO);
    }

    @Test
    void tokenCountsWithoutAPrice_onATokenModel_makeItPartial() {
        PriceCatalog c = PriceFiles.standalone("half,openai,half-priced,input_token,0.000001,2025-01-01,,\n");
        PriceResult r = new Pricer(c).price(CallToPrice.tokens("openai", "half-priced", DEC_2025, 10L, 5L));

        assertThat(r).isInstanceOfSatisfying(PriceResult.Unpriced.class, u -> {
            assertThat(u.reason()).isEqualTo(UnpricedReason.PARTIAL);
            assertThat(u.units()).containsExactly(PriceUnit.OUTPUT_TOKEN);
        });
        assertThat(new Pricer(c).price(CallToPrice.tokens("openai", "half-priced", DEC_2025, 10L, 0L)).isPriced()).isTrue();
    }

    // ------------------------------------------------------------------ other units

    @ParameterizedTest(name = "{0} {1} {2}={3} -> {4}")
    @CsvSource(textBlock = """
            fal,        fal-ai/flux/dev,                image,         2,      0.05
            google,     imagen-4.0-generate-001,        image,         3,      0.12
            wavespeed,  alibaba/wan-2.5/text-to-video,  video_second,  5,      0.5
            google,     veo-3.0-generate-001,           video_second,  8,      3.2
            openai,     whisper-1,                      audio_second,  61.5,   0.00615
            groq,       whisper-large-v3,               audio_second,  61.5,   0.0018962499795
            openai,     tts-1,                          character,     340,    0.0051
            wavespeed,  minimax/speech-02-hd,           character,     340,    0.017
            tavily,     tavily-search,                  request,       1,      0.008
            stability,  stable-fast-3d,                 request,       2,      0.2
            """)
    void nonTokenUnits_arePricedExactly(String provider, String model, String unit, String quantity, String cost) {
        PriceResult.Priced p = priced(units(provider, model, DEC_2025, Map.of(unit, new BigDecimal(quantity))));

        assertThat(p.costTotal()).isEqualTo(new BigDecimal(cost));
        assertThat(p.costInput()).isEqualTo(BigDecimal.ZERO);
        assertThat(p.costOutput()).isEqualTo(BigDecimal.ZERO);
        assertThat(p.lines()).singleElement().extracting(l -> l.unit().wireName()).isEqualTo(unit);
    }

    @Test
    void mediaCall_ignoresTheTokenCountsItsModelIsNotPricedIn() {
        // the wire format requires token counts; a video call reports 0/0, Gemini reports 1290 output tokens per image
        PriceResult.Priced video = priced(new CallToPrice("wavespeed", "alibaba/wan-2.5/image-to-video", DEC_2025, 0L,
                0L, null, Units.of(Map.of("video_second", 10))));
        assertThat(video.costTotal()).isEqualTo(new BigDecimal("1"));

        PriceResult.Priced image = priced(new CallToPrice("google", "gemini-2.5-flash-image", DEC_2025, 50L, 1290L, null,
                Units.of(Map.of("image", 1))));
        assertThat(image.costInput()).isEqualTo(new BigDecimal("0.000015"));
        assertThat(image.costOutput()).isEqualTo(BigDecimal.ZERO);
        assertThat(image.costTotal()).isEqualTo(new BigDecimal("0.039015"));
    }

    @Test
    void tokensAndARequestFee_addUp() {
        PriceResult.Priced p = priced(new CallToPrice("perplexity", "sonar", DEC_2025, 1000L, 500L, null,
                Units.of(Map.of("request", 1))));
        assertThat(p.costInput()).isEqualTo(new BigDecimal("0.001"));
        assertThat(p.costOutput()).isEqualTo(new BigDecimal("0.0005"));
        assertThat(p.costTotal()).isEqualTo(new BigDecimal("0.0065"));

        PriceResult.Unpriced u = unpriced(CallToPrice.tokens("perplexity", "sonar", DEC_2025, 1000L, 500L),
                UnpricedReason.UNKNOWN_QUANTITY);
        assertThat(u.units()).containsExactly(PriceUnit.REQUEST);
    }

    @Test
    void amounts_areNeverRounded() {
        PriceCatalog c = PriceFiles.standalone("""
                odd,openai,odd-audio,audio_second,0.123456789012,2025-01-01,,
                bulk,openai,bulk-image,image,0.04,2025-01-01,,
                """);
        Pricer exact = new Pricer(c);

        PriceResult.Priced p = (PriceResult.Priced) exact.price(
                units("openai", "odd-audio", DEC_2025, Map.of("audio_second", new BigDecimal("0.12345678"))));
        assertThat(p.costTotal()).isEqualTo(new BigDecimal("0.01524157764056090136"));
        assertThat(p.costTotal().scale()).isEqualTo(20);

        PriceResult.Priced bulk = (PriceResult.Priced) exact.price(
                units("openai", "bulk-image", DEC_2025, Map.of("image", 1000)));
        assertThat(bulk.costTotal().toString()).isEqualTo("40");
    }

    // ------------------------------------------------------------------ unpriced

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   "})
    void noModel_isUnknownModel(String model) {
        unpriced(CallToPrice.tokens("openai", model, DEC_2025, 10L, 10L), UnpricedReason.UNKNOWN_MODEL);
    }

    @ParameterizedTest(name = "{0} / {1} at {2}")
    @CsvSource(nullValues = "NULL", textBlock = """
            openai,      gpt-9-ultra,                  2025-12-01
            runpod,      gpt-4o,                       2025-12-01
            NULL,        gpt-4o,                       2025-12-01
            unknown,     gpt-4o,                       2025-12-01
            anthropic,   gpt-4o,                       2025-12-01
            openai,      gpt-4o,                       2024-05-12
            groq,        mixtral-8x7b-32768,           2025-04-01
            huggingface, openai/gpt-oss-120b,          2025-12-01
            huggingface, openai/gpt-oss-120b:fastest,  2025-12-01
            google,      imagen-3,                     2025-12-01
            deepseek,    deepseek-v3,                  2025-12-01
            """)
    void noPriceForThatProviderModelAndInstant(String provider, String model, String when) {
        unpriced(CallToPrice.tokens(provider, model, at(when), 10L, 10L), UnpricedReason.NO_PRICE);
    }

    @Test
    void aCallReportingNoneOfTheModelsUnits_hasNoUnits() {
        PriceResult.Unpriced u = unpriced(new CallToPrice("wavespeed", "alibaba/wan-2.5/text-to-video", DEC_2025, 0L, 0L,
                null, Units.NONE), UnpricedReason.NO_UNITS);
        assertThat(u.units()).containsExactly(PriceUnit.VIDEO_SECOND);
        assertThat(u.detail()).contains("video_second");

        unpriced(units("fal", "fal-ai/flux/dev", DEC_2025, Map.of("video_second", 4)), UnpricedReason.NO_UNITS);
    }

    @Test
    void aReportedUnitWithoutAPrice_makesTheCallPartial_notPricedLow() {
        PriceResult.Unpriced u = unpriced(units("fal", "fal-ai/flux/dev", DEC_2025, Map.of("image", 1, "video_second", 3)),
                UnpricedReason.PARTIAL);
        assertThat(u.units()).containsExactly(PriceUnit.VIDEO_SECOND);

        unpriced(new CallToPrice("openai", "gpt-4o", DEC_2025, 10L, 10L, null, Units.of(Map.of("image", 1))),
                UnpricedReason.PARTIAL);
        // a zero quantity in an unpriced unit is not a cost left out
        priced(units("fal", "fal-ai/flux/dev", DEC_2025, Map.of("image", 1, "video_second", 0)));
    }

    // ------------------------------------------------------------------ matching

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(textBlock = """
            openai,      GPT-4o,                                   PROVIDER_MODEL,  gpt-4o
            openai,      ' gpt-4o ',                               PROVIDER_MODEL,  gpt-4o
            huggingface, meta-llama/llama-3.1-8b-instruct:GROQ,    PROVIDER_MODEL,  meta-llama/Llama-3.1-8B-Instruct:groq
            huggingface, openai/gpt-oss-120b:cerebras,             PROVIDER_MODEL,  openai/gpt-oss-120b:cerebras
            groq,        groq/llama-3.3-70b-versatile,             PROVIDER_PREFIX, llama-3.3-70b-versatile
            openrouter,  openrouter/openai/gpt-4o,                 PROVIDER_PREFIX, openai/gpt-4o
            anthropic,   claude-3.5-sonnet,                        CANONICAL_MODEL, claude-3-5-sonnet-20240620
            deepseek,    deepseek-v3.2,                            CANONICAL_MODEL, deepseek-chat
            """)
    void loggedModelStrings_matchAsDocumented(String provider, String model, ModelMatch match, String providerModel) {
        PriceResult.Priced p = priced(CallToPrice.tokens(provider, model, DEC_2025, 100L, 10L));

        assertThat(p.match()).isEqualTo(match);
        assertThat(p.lines().get(0).row().providerModel()).isEqualTo(providerModel);
    }

    @Test
    void aCanonicalIdWhoseEndpointsDisagree_hasNoPrice_namingThem() {
        PriceResult.Unpriced u = unpriced(units("google", "imagen-3", DEC_2025, Map.of("image", 1)), UnpricedReason.NO_PRICE);
        assertThat(u.detail()).contains("imagen-3.0-generate-001", "imagen-3.0-generate-002");
    }

    @Test
    void callToPrice_rejectsImpossibleTokenCounts() {
        assertThatThrownBy(() -> new CallToPrice("openai", "gpt-4o", DEC_2025, 10L, 0L, 11L, Units.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not exceed tokensInput");
        assertThatThrownBy(() -> CallToPrice.tokens("openai", "gpt-4o", DEC_2025, -1L, 0L))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new CallToPrice("openai", "gpt-4o", DEC_2025, 1L, 1L, null, null).units()).isSameAs(Units.NONE);
    }
}
