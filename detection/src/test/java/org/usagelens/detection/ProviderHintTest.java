package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link ProviderDetector#detectWithProviderHint}: for calls described by an instrumentation (OpenTelemetry GenAI
 * spans), the provider name it reports is a guess that ranks below endpoint and model id, and the category derived
 * from it never decides; {@link ProviderDetector#detect} keeps the applications' precedence.
 */
class ProviderHintTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();

    private static final String HF_ROUTER = "https://router.huggingface.co/v1/chat/completions";

    @Test
    void givenOpenAiSdkOnTheHuggingFaceRouter_thenTheEndpointDecides_whereTheApplicationsPrecedenceSaysOpenAi() {
        Detection hinted = detector.detectWithProviderHint("openai", "openai/gpt-oss-120b:groq", HF_ROUTER, "openai");
        Detection logged = detector.detect("openai", "openai/gpt-oss-120b:groq", HF_ROUTER);

        assertThat(hinted.providerId()).isEqualTo("huggingface");
        assertThat(hinted.source()).isEqualTo(DetectionSource.ENDPOINT);
        assertThat(hinted.ruleId()).isEqualTo("endpoint.host.huggingface");
        assertThat(logged.providerId()).isEqualTo("openai");
        assertThat(logged.source()).isEqualTo(DetectionSource.CATEGORY);
    }

    @Test
    void givenNoEndpoint_thenTheModelIdRanksAboveTheHint() {
        Detection router = detector.detectWithProviderHint("openai", "openai/gpt-oss-120b:groq", null, "openai");
        Detection groq = detector.detectWithProviderHint("openai", "llama-3.3-70b-versatile", null, "openai");

        assertThat(router.providerId()).isEqualTo("huggingface");
        assertThat(router.source()).isEqualTo(DetectionSource.MODEL);
        assertThat(router.ruleId()).isEqualTo("model.hf.router");
        assertThat(groq.providerId()).isEqualTo("groq");
        assertThat(groq.source()).isEqualTo(DetectionSource.MODEL);
    }

    @Test
    void givenNeitherEndpointNorModelDecide_thenTheHintDecides_withItsOwnSourceAndRule() {
        Detection d = detector.detectWithProviderHint("openai", "house-model-7", null, "openai");

        assertThat(d.providerId()).isEqualTo("openai");
        assertThat(d.source()).isEqualTo(DetectionSource.HINT);
        assertThat(d.ruleId()).isEqualTo("hint.openai");
        assertThat(d.rulesVersion()).isEqualTo(detector.rulesVersion());
    }

    @Test
    void givenMistralAi_thenTheHintSaysMistral_whereTheCategoryAliasAloneWouldSayHuggingFace() {
        Detection hinted = detector.detectWithProviderHint("mistral", "house-model-7", null, "mistral_ai");

        assertThat(hinted.providerId()).isEqualTo("mistral");
        assertThat(hinted.ruleId()).isEqualTo("hint.mistral_ai");
        assertThat(detector.detect("mistral", "house-model-7", null).providerId()).isEqualTo("huggingface");
    }

    @Test
    void givenRegistryAliasesAndCase_thenTheyNameTheSameProvider() {
        assertThat(detector.detectWithProviderHint(null, null, null, "gcp.vertex_ai").ruleId())
                .isEqualTo("hint.gcp.gemini");
        assertThat(detector.detectWithProviderHint(null, null, null, "gcp.gen_ai").providerId()).isEqualTo("google");
        assertThat(detector.detectWithProviderHint(null, null, null, "az.ai.openai").providerId()).isEqualTo("azure");
        assertThat(detector.detectWithProviderHint(null, null, null, "xai").providerId()).isEqualTo("xai");
        assertThat(detector.detectWithProviderHint(null, null, null, " AWS.Bedrock ").providerId())
                .isEqualTo("bedrock");
    }

    @Test
    void givenAnUnknownHint_thenTheCategorysDefaultDecides_butAVendorCategoryNever() {
        Detection media = detector.detectWithProviderHint("stability", "house-model-7", null, "ibm.watsonx.ai");
        Detection text = detector.detectWithProviderHint("openai", "house-model-7", null, "ibm.watsonx.ai");

        assertThat(media.source()).isEqualTo(DetectionSource.DEFAULT);
        assertThat(media.providerId()).isEqualTo("stability");
        assertThat(text.source()).isEqualTo(DetectionSource.UNKNOWN);
        assertThat(text.providerId()).isEqualTo("unknown");
    }

    @Test
    void givenAHint_thenExplainNamesTheStepThatDecided_andAgreesWithDetect() {
        Explanation e = detector.explainWithProviderHint("openai", "house-model-7", null, "openai");

        assertThat(e.detection()).isEqualTo(detector.detectWithProviderHint("openai", "house-model-7", null, "openai"));
        assertThat(e.steps()).extracting(Explanation.Step::source).containsExactly(DetectionSource.CATEGORY,
                DetectionSource.ENDPOINT, DetectionSource.MODEL, DetectionSource.HINT, DetectionSource.DEFAULT,
                DetectionSource.UNKNOWN);
        assertThat(e.steps().get(0).reason()).contains("does not decide");
        Explanation.Step hint = e.steps().get(3);
        assertThat(hint.ruleId()).isEqualTo("hint.openai");
        assertThat(hint.input()).isEqualTo("hint");
        assertThat(hint.reason()).contains("WINNER");

        Explanation routed = detector.explainWithProviderHint("openai", "gpt-4o", HF_ROUTER, "openai");
        assertThat(routed.detection().source()).isEqualTo(DetectionSource.ENDPOINT);
        assertThat(routed.steps()).filteredOn(s -> s.source() == DetectionSource.HINT).singleElement()
                .satisfies(s -> assertThat(s.reason()).contains("not used: the ENDPOINT step decided"));
    }

    @Test
    void givenRandomInputs_thenExplainAlwaysAgreesWithDetect_andNothingThrows() {
        List<String> categories = java.util.Arrays.asList(null, "", "openai", "mistral", "video", "stability", "x");
        List<String> models = java.util.Arrays.asList(null, "", "gpt-4o", "openai/gpt-oss-120b:groq",
                "wavespeed-ai/flux-dev", "claude-sonnet-4", "\u0000\uD800", "a".repeat(100_000));
        List<String> endpoints = java.util.Arrays.asList(null, "", HF_ROUTER, "https://api.wavespeed.ai/x",
                "otlp:chat", "/video-generation/wavespeed", "://".repeat(10_000));
        List<String> hints = java.util.Arrays.asList(null, "", "openai", "OPENAI", "gcp.vertex_ai", "groq",
                "ibm.watsonx.ai", "h".repeat(1_000));
        Random random = new Random(18);
        for (int i = 0; i < 2_000; i++) {
            String c = categories.get(random.nextInt(categories.size()));
            String m = models.get(random.nextInt(models.size()));
            String e = endpoints.get(random.nextInt(endpoints.size()));
            String h = hints.get(random.nextInt(hints.size()));
            Detection d = detector.detectWithProviderHint(c, m, e, h);
            assertThat(detector.explainWithProviderHint(c, m, e, h).detection()).as("%s %s %s %s", c, m, e, h)
                    .isEqualTo(d);
            assertThat(d.source()).isNotEqualTo(DetectionSource.CATEGORY);
        }
    }

    @Test
    void givenARuleFileNamingHintAsSource_thenItIsRefused() {
        assertThatThrownBy(() -> ProviderDetector.withDeploymentRules("deploy.rules",
                new StringReader("rule x HINT is openai openai\n")))
                .isInstanceOf(RuleFileException.class)
                .hasMessageContaining("deploy.rules:1")
                .hasMessageContaining("unknown source kind");
    }
}
