package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

/** How patterns meet inputs: whole tokens, phrases, anchors, prefixes, host labels and URL shapes. */
class MatchingTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();

    private static ProviderDetector deploy(String rules) {
        return ProviderDetector.withDeploymentRules("test.rules", new StringReader(rules));
    }

    @Test
    void givenKeywordInsideALongerToken_thenNoMatch() {
        ProviderDetector d = deploy("rule deploy.hf MODEL token huggingface hf\n");

        assertThat(d.detect(null, "hf-model", null).providerId()).isEqualTo("huggingface");
        assertThat(d.detect(null, "my_hf.model", null).providerId()).isEqualTo("huggingface");
        assertThat(d.detect(null, "shfoo", null).providerId()).isEqualTo("unknown");
        assertThat(d.detect(null, "hff", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenEverySeparator_thenTokensSplitThere() {
        ProviderDetector d = deploy("rule deploy.k MODEL token fal kw\n");

        for (String id : new String[] {"a/kw", "a-kw", "a_kw", "a.kw", "a:kw", "a@kw", "a kw", "a\tkw", "KW"}) {
            assertThat(d.detect(null, id, null).providerId()).as(id).isEqualTo("fal");
        }
        assertThat(d.detect(null, "a+kw", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenPhrasePattern_thenTokensMustFollowEachOther() {
        assertThat(detector.detect("audio", "tts-1", null).providerId()).isEqualTo("openai");
        assertThat(detector.detect("audio", "TTS_1_HD", null).providerId()).isEqualTo("openai");
        assertThat(detector.detect("audio", "tts-2", null).providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect("audio", "tts-10", null).providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect("audio", "my-tts", null).providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenAnchoredPattern_thenOnlyTheFirstTokenOfTheModelNameMatches() {
        assertThat(detector.detect(null, "embed-english-v3.0", null).providerId()).isEqualTo("cohere");
        assertThat(detector.detect(null, "cohere-x/embed-v4.0", null).providerId()).isEqualTo("cohere");
        assertThat(detector.detect(null, "acme/embed-v4.0", null).providerId()).isEqualTo("cohere");
        assertThat(detector.detect(null, "nomic-embed-text", null).providerId()).isEqualTo("unknown");
        assertThat(detector.detect(null, "embed/nomic-text", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenPrefixPattern_thenTokensStartingWithItMatch() {
        assertThat(detector.detect(null, "gemma3-27b", null).providerId()).isEqualTo("google");
        assertThat(detector.detect(null, "gemma", null).providerId()).isEqualTo("google");
        assertThat(detector.detect(null, "gem", null).providerId()).isEqualTo("unknown");
        assertThat(detector.detect(null, "xgemma", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenCategoryScopedRule_thenOnlyUnderThoseCategories() {
        assertThat(detector.detect("stability", "flux-dev", null).providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect("image_edit", "flux-dev", null).providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect("video", "flux-dev", null).source()).isEqualTo(DetectionSource.DEFAULT);
        assertThat(detector.detect(null, "flux-dev", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenRoutingPrefix_thenTheFirstSegmentDecidesWhateverFollows() {
        assertThat(detector.detect(null, "openrouter/anthropic/claude-3.5-sonnet", null).providerId())
                .isEqualTo("openrouter");
        assertThat(detector.detect(null, "groq/openai/gpt-oss-120b:cerebras", null).providerId()).isEqualTo("groq");
        assertThat(detector.detect(null, "x/groq/llama", null).providerId()).isEqualTo("groq");
        assertThat(detector.detect(null, "x/groq/llama", null).ruleId()).isEqualTo("model.family.groq");
    }

    @Test
    void givenRouterSuffixWithoutOrgSlash_thenNotTheRouterForm() {
        assertThat(detector.detect(null, "gpt-oss-120b:groq", null).ruleId()).isEqualTo("model.family.gpt");
        assertThat(detector.detect(null, "openai/gpt-oss-120b:groq", null).ruleId()).isEqualTo("model.hf.router");
        assertThat(detector.detect(null, "openai/gpt-oss-120b:Groq", null).ruleId()).isEqualTo("model.hf.router");
        assertThat(detector.detect(null, "anthropic.claude-v2:1", null).ruleId()).isEqualTo("model.hosted.bedrock");
    }

    @Test
    void givenHostPatterns_thenMatchOnLabelBoundariesOnly() {
        assertThat(detector.detect(null, null, "https://api.wavespeed.ai/x").providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect(null, null, "https://wavespeed.ai").providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect(null, null, "https://notwavespeed.ai/x").providerId()).isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://wavespeed.ai.evil.example/x").providerId())
                .isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://api.wavespeed.ai./x").providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenWildcardHostLabels_thenRegionsAndResourcesMatch() {
        assertThat(detector.detect(null, null, "https://bedrock-runtime.eu-west-3.amazonaws.com/model/x/invoke")
                .providerId()).isEqualTo("bedrock");
        assertThat(detector.detect(null, null, "https://bedrock-runtime.amazonaws.com/x").providerId())
                .isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://s3.us-east-1.amazonaws.com/x").providerId())
                .isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://europe-west4-aiplatform.googleapis.com/v1").providerId())
                .isEqualTo("google");
        assertThat(detector.detect(null, null, "https://-aiplatform.googleapis.com/v1").providerId())
                .isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://storage.googleapis.com/x").providerId()).isEqualTo("unknown");
    }

    @Test
    void givenLongerHostSuffix_thenItBeatsAShorterOne() {
        // At equal priority the three-label openai.azure.com beats a deployment's two-label azure.com.
        assertThat(detector.detect(null, null, "https://x.openai.azure.com/openai/deployments/d").providerId())
                .isEqualTo("azure");
        ProviderDetector d = deploy("rule deploy.azure ENDPOINT host openrouter azure.com\n");
        assertThat(d.detect(null, null, "https://x.openai.azure.com/").providerId()).isEqualTo("azure");
        assertThat(d.detect(null, null, "https://x.azure.com/").providerId()).isEqualTo("openrouter");
    }

    @Test
    void givenHostMatch_thenItBeatsVendorWordsInThePath() {
        Detection d = detector.detect("video", null, "https://api.wavespeed.ai/api/v3/google/veo3");

        assertThat(d.ruleId()).isEqualTo("endpoint.host.wavespeed");
    }

    @Test
    void givenUnknownHost_thenPathSegmentsStillCount() {
        assertThat(detector.detect(null, null, "https://gw.example.com/v1/acct/gw/anthropic/v1/messages")
                .providerId()).isEqualTo("anthropic");
    }

    @Test
    void givenQueryOrFragment_thenIgnored() {
        assertThat(detector.detect(null, null, "/v1/generate?provider=wavespeed").providerId()).isEqualTo("unknown");
        assertThat(detector.detect(null, null, "/v1/generate#wavespeed").providerId()).isEqualTo("unknown");
        assertThat(detector.detect(null, null, "https://example.com?x=api.openai.com").providerId())
                .isEqualTo("unknown");
    }

    @Test
    void givenOddUrls_thenNoMatchAndNoFailure() {
        for (String e : new String[] {"https://", "://", "https://[::1]:8080/v1", "http://@:/", "https://.", "//",
            "https://user@/x", "a.b", "...", "wss://api.openai.com/v1/realtime", "HTTP://API.OPENAI.COM."}) {
            Detection d = detector.detect(null, null, e);
            assertThat(d).as(e).isNotNull();
        }
        assertThat(detector.detect(null, null, "wss://api.openai.com/v1/realtime").providerId()).isEqualTo("openai");
        assertThat(detector.detect(null, null, "HTTP://API.OPENAI.COM.").providerId()).isEqualTo("openai");
    }

    @Test
    void givenMoreSpecificHigherPriorityModelForms_thenTheyBeatFamilies() {
        // routing prefix (300) > router suffix (250) > hosted ids (200) > media (150) > family (100)
        assertThat(detector.detect("stability", "replicate/flux-dev", null).ruleId())
                .isEqualTo("model.prefix.replicate");
        assertThat(detector.detect("stability", "black-forest-labs/flux-dev:fal-ai", null).ruleId())
                .isEqualTo("model.hf.router");
        assertThat(detector.detect("stability", "fal-ai/flux/dev", null).ruleId()).isEqualTo("model.hosted.fal");
        assertThat(detector.detect("stability", "stable-flux", null).ruleId()).isEqualTo("model.media.flux");
    }

    @Test
    void givenEqualPriorityTokens_thenTheLeftmostWins() {
        assertThat(detector.detect(null, "claude-distilled-from-gpt", null).providerId()).isEqualTo("anthropic");
        assertThat(detector.detect(null, "gpt-distilled-from-claude", null).providerId()).isEqualTo("openai");
    }
}
