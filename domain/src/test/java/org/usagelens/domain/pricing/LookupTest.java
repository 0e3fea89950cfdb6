package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lookups by canonical model: the providers that price the same model in the same units are its alternatives. */
class LookupTest {

    private static final Instant DEC_2025 = at("2025-12-01");
    private static final Set<PriceUnit> TOKENS = Set.of(PriceUnit.INPUT_TOKEN, PriceUnit.OUTPUT_TOKEN);

    private final PriceCatalog catalog = PriceCatalog.builtIn();

    @Test
    void gptOss120b_isPricedOnGroq_onTheHuggingFaceRouter_andElsewhere() {
        assertThat(catalog.alternatives("gpt-oss-120b", TOKENS, DEC_2025))
                .extracting(a -> a.provider() + " " + a.providerModel() + " "
                        + a.rows().get(PriceUnit.INPUT_TOKEN).usdPerUnit().toPlainString())
                .containsExactly(
                        "bedrock openai.gpt-oss-120b-1:0 0.00000015",
                        "fireworks accounts/fireworks/models/gpt-oss-120b 0.00000015",
                        "groq openai/gpt-oss-120b 0.00000015",
                        "huggingface openai/gpt-oss-120b:cerebras 0.00000035",
                        "huggingface openai/gpt-oss-120b:groq 0.00000015",
                        "together openai/gpt-oss-120b 0.00000015");
    }

    @Test
    void fluxDev_isPricedPerImageOnFalReplicateAndTogether() {
        // the example also named wavespeed: the data leaves wavespeed-ai/flux-dev unpriced (NOTES.md section 5)
        assertThat(catalog.alternatives("flux-dev", Set.of(PriceUnit.IMAGE), DEC_2025))
                .extracting(Alternative::provider).containsExactly("fal", "replicate", "together");
        assertThat(catalog.rowsForModel("flux-dev", PriceUnit.IMAGE, DEC_2025))
                .extracting(PriceRow::providerModel)
                .containsExactly("fal-ai/flux/dev", "black-forest-labs/flux-dev", "black-forest-labs/FLUX.1-dev");
    }

    @Test
    void anAlternativeMustPriceEveryUnitAsked() {
        assertThat(catalog.alternatives("gemini-2.5-flash-image", Set.of(PriceUnit.IMAGE), DEC_2025))
                .extracting(Alternative::providerModel)
                .containsExactly("fal-ai/nano-banana", "gemini-2.5-flash-image", "gemini-2.5-flash-image-preview");
        assertThat(catalog.alternatives("gemini-2.5-flash-image", Set.of(PriceUnit.IMAGE, PriceUnit.INPUT_TOKEN), DEC_2025))
                .extracting(Alternative::provider).containsOnly("google");
        assertThat(catalog.alternatives("gemini-2.5-flash-image", Set.of(), DEC_2025)).hasSize(3)
                .filteredOn(a -> a.provider().equals("google")).allSatisfy(a -> assertThat(a.rows()).hasSize(2));
    }

    @Test
    void alternatives_followTheDate() {
        assertThat(catalog.alternatives("gpt-oss-120b", TOKENS, at("2025-08-04"))).isEmpty();
        // deepseek-chat served deepseek-v3 until 2025-08-21
        assertThat(catalog.alternatives("deepseek-v3", TOKENS, at("2025-03-01"))).extracting(Alternative::provider)
                .containsExactly("deepseek", "fireworks", "together");
        assertThat(catalog.alternatives("deepseek-v3", TOKENS, DEC_2025)).extracting(Alternative::provider)
                .containsExactly("fireworks", "together");
    }

    @Test
    void canonicalModel_ofAProviderModel() {
        assertThat(catalog.canonicalModel("fal", "fal-ai/flux/dev", DEC_2025)).contains("flux-dev");
        assertThat(catalog.canonicalModel("huggingface", "openai/gpt-oss-120b:groq", DEC_2025)).contains("gpt-oss-120b");
        assertThat(catalog.canonicalModel("bedrock", "anthropic.claude-3-5-sonnet-20241022-v2:0", DEC_2025))
                .contains("claude-3.5-sonnet");
        assertThat(catalog.canonicalModel("anthropic", "claude-3.5-sonnet", DEC_2025)).contains("claude-3.5-sonnet");
        assertThat(catalog.canonicalModel("fal", "fal-ai/unknown", DEC_2025)).isEmpty();
        assertThat(catalog.canonicalModel("fal", "fal-ai/flux/dev", at("2024-01-01"))).isEmpty();
    }

    @Test
    void rowsOfModel_listEveryProviderAndDate() {
        assertThat(catalog.rowsOfModel("gpt-4o")).extracting(PriceRow::provider).containsOnly("azure", "openai", "openrouter");
        assertThat(catalog.rowsOfModel("gpt-4o")).filteredOn(r -> r.effectiveTo() != null).hasSize(2);
        assertThat(catalog.rowsOfModel("no-such-model")).isEmpty();
        assertThat(catalog.rowsOfModel(null)).isEmpty();
    }

    @Test
    void lookup_neverThrowsForOddText() {
        assertThat(catalog.lookup(null, null, PriceUnit.IMAGE, DEC_2025)).isEmpty();
        assertThat(catalog.lookup("fal", "", PriceUnit.IMAGE, DEC_2025)).isEmpty();
        assertThat(catalog.lookup("fal", "fal/", PriceUnit.IMAGE, DEC_2025)).isEmpty();
        assertThat(catalog.lookup("fal", "\u0000\uD800", PriceUnit.IMAGE, DEC_2025)).isEmpty();
        assertThat(catalog.lookup("fal", "fal-ai/flux/dev", PriceUnit.VIDEO_SECOND, DEC_2025)).isEmpty();
    }
}
