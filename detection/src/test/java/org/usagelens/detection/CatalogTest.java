package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

/** The built-in catalog: providers, display names, OpenTelemetry names, lookups and the rules version. */
class CatalogTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();

    @Test
    void givenBuiltInCatalog_thenProvidersInStableOrderWithNamesAndOtelNames() {
        assertThat(detector.providers())
                .extracting(Provider::id, Provider::displayName, Provider::otelName)
                .containsExactly(
                        tuple("wavespeed", "WaveSpeed", null),
                        tuple("google", "Google", "gcp.gemini"),
                        tuple("huggingface", "HuggingFace", null),
                        tuple("stability", "Stability AI", null),
                        tuple("openai", "OpenAI", "openai"),
                        tuple("anthropic", "Anthropic", "anthropic"),
                        tuple("elevenlabs", "ElevenLabs", null),
                        tuple("tavily", "Tavily", null),
                        tuple("serper", "Serper", null),
                        tuple("exa", "Exa", null),
                        tuple("firecrawl", "Firecrawl", null),
                        tuple("mistral", "Mistral AI", "mistral_ai"),
                        tuple("cohere", "Cohere", "cohere"),
                        tuple("groq", "Groq", "groq"),
                        tuple("together", "Together AI", null),
                        tuple("fireworks", "Fireworks AI", null),
                        tuple("replicate", "Replicate", null),
                        tuple("deepseek", "DeepSeek", "deepseek"),
                        tuple("xai", "xAI", "x_ai"),
                        tuple("perplexity", "Perplexity", "perplexity"),
                        tuple("openrouter", "OpenRouter", null),
                        tuple("azure", "Azure OpenAI", "azure.ai.openai"),
                        tuple("bedrock", "AWS Bedrock", "aws.bedrock"),
                        tuple("fal", "fal.ai", null),
                        tuple("unknown", "Unknown", null));
    }

    @Test
    void givenProviderId_thenLookupFindsItAndUnknownIdsAreEmpty() {
        assertThat(detector.provider("bedrock")).map(Provider::displayName).contains("AWS Bedrock");
        assertThat(detector.provider("nope")).isEmpty();
        assertThat(detector.provider(null)).isEmpty();
    }

    @Test
    void givenProvidersList_thenItCannotBeModified() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> detector.providers().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void givenSingleVendorCategories_thenIsVendorCategoryTrimmedAndCaseInsensitive() {
        for (String c : new String[] {"gemini", "openai", "anthropic", "mistral", "huggingface", "wavespeed",
            "tavily", "serper", "firecrawl", "exa", "metaphor", " Gemini\t", "OPENAI"}) {
            assertThat(detector.isVendorCategory(c)).as(c).isTrue();
        }
    }

    @Test
    void givenGenericOrMissingCategories_thenNotVendorCategories() {
        for (String c : new String[] {"video", "audio", "stability", "image_edit", "chat", "", "  ", null,
            "gemini-pro", "open ai"}) {
            assertThat(detector.isVendorCategory(c)).as(String.valueOf(c)).isFalse();
        }
    }

    @Test
    void givenBuiltInCatalog_thenRulesVersionIsRevisionsAndShortHexAndSharedByDetections() {
        assertThat(detector.rulesVersion()).matches("r2\\.0-[0-9a-f]{12}");
        assertThat(detector.detect("video", null, null).rulesVersion()).isEqualTo(detector.rulesVersion());
        assertThat(ProviderDetector.builtIn()).isSameAs(detector);
    }
}
