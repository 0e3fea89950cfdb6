package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Explanations list every rule considered, in precedence order, and say why the winner won. */
class ExplainTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();

    @Test
    void givenWaveSpeedPathAndGoogleModel_thenEndpointWinsAndModelRulesAreShownUnused() {
        Explanation e = detector.explain("video", "google/veo3", "/video-generation/wavespeed");

        assertThat(e.detection()).isEqualTo(detector.detect("video", "google/veo3", "/video-generation/wavespeed"));
        assertThat(e.steps()).extracting(Explanation.Step::source).containsExactly(DetectionSource.CATEGORY,
                DetectionSource.ENDPOINT, DetectionSource.MODEL, DetectionSource.MODEL, DetectionSource.DEFAULT,
                DetectionSource.UNKNOWN);
        Explanation.Step winner = e.steps().get(1);
        assertThat(winner.ruleId()).isEqualTo("endpoint.path.wavespeed");
        assertThat(winner.input()).isEqualTo("endpoint");
        assertThat(winner.matched()).isTrue();
        assertThat(winner.reason()).contains("'wavespeed'").contains("WINNER");
        assertThat(e.steps().get(2).ruleId()).isEqualTo("model.family.gemini");
        assertThat(e.steps().get(3).ruleId()).isEqualTo("model.family.veo");
        assertThat(e.steps().subList(2, 5)).allSatisfy(s ->
                assertThat(s.reason()).contains("not used: the ENDPOINT step decided"));
    }

    @Test
    void givenVendorCategory_thenCategoryStepWinsAndSaysWhy() {
        Explanation e = detector.explain("mistral", "openai/gpt-oss-120b:groq", null);

        Explanation.Step first = e.steps().get(0);
        assertThat(first.ruleId()).isEqualTo("category.mistral");
        assertThat(first.matched()).isTrue();
        assertThat(first.reason()).contains("names a single vendor -> huggingface").contains("WINNER");
        assertThat(e.steps()).anySatisfy(s -> {
            assertThat(s.ruleId()).isEqualTo("model.hf.router");
            assertThat(s.reason()).contains("not used: the CATEGORY step decided");
        });
        assertThat(e.steps()).anySatisfy(s -> {
            assertThat(s.ruleId()).isEqualTo("endpoint");
            assertThat(s.matched()).isFalse();
            assertThat(s.reason()).isEqualTo("no endpoint");
        });
    }

    @Test
    void givenTwoMatchingModelRules_thenLoserSaysWhyItLost() {
        Explanation e = detector.explain("stability", "fal-ai/flux/dev", null);

        assertThat(e.detection().ruleId()).isEqualTo("model.hosted.fal");
        Explanation.Step loser = step(e.steps(), "model.media.flux");
        assertThat(loser.matched()).isTrue();
        assertThat(loser.reason()).contains("loses to model.hosted.fal: lower priority (150 < 200)");
    }

    @Test
    void givenHuggingFaceRepositoryIdUnderStability_thenRepositoryRuleWinsAndFluxNameSaysWhyItLost() {
        Explanation e = detector.explain("stability", "black-forest-labs/FLUX.1-Krea-dev", "/image-generation");

        assertThat(e.detection().providerId()).isEqualTo("huggingface");
        Explanation.Step winner = step(e.steps(), "model.media.image.hf-repo");
        assertThat(winner.matched()).isTrue();
        assertThat(winner.reason()).contains("'black-forest-labs/flux.1'").contains("WINNER");
        assertThat(step(e.steps(), "model.media.flux").reason())
                .contains("loses to model.media.image.hf-repo: lower priority (150 < 300)");
        assertThat(step(e.steps(), "default.stability").reason()).contains("not used: the MODEL step decided");
    }

    @Test
    void givenResellersNameForGooglesImageModelUnderStability_thenWaveSpeedAndTheFamilySaysWhyItLost() {
        Explanation e = detector.explain("stability", "nano-banana-pro-edit-ultra", "/image-generation/edit");

        assertThat(e.detection().providerId()).isEqualTo("wavespeed");
        assertThat(step(e.steps(), "model.media.image.nano-banana").reason()).contains("WINNER");
        assertThat(step(e.steps(), "model.family.google-other").reason())
                .contains("loses to model.media.image.nano-banana: lower priority (100 < 150)");
    }

    @Test
    void givenPartnerPathWhoseModelIsNamedToo_thenTheModelNameDecidesAndThePathRuleSaysWhyItLost() {
        Explanation e = detector.explain("video", "alibaba/wan-2.5/image-to-video", "/video-generation");

        assertThat(e.detection().ruleId()).isEqualTo("model.media.video.wan");
        assertThat(step(e.steps(), "model.media.wavespeed.partner").reason())
                .contains("loses to model.media.video.wan: lower priority (140 < 150)");
    }

    @Test
    void givenRouterIdNamingWaveSpeed_thenTheRouterFormBeatsTheWaveSpeedWord() {
        Explanation e = detector.explain(null, "Qwen/Qwen-Image:wavespeed", null);

        assertThat(e.detection().ruleId()).isEqualTo("model.hf.router");
        assertThat(step(e.steps(), "model.named.wavespeed").reason())
                .contains("loses to model.hf.router: lower priority (200 < 250)");
    }

    @Test
    void givenRuleOutOfItsCategories_thenShownAsNotApplied() {
        Explanation e = detector.explain("video", "flux-dev", null);

        Explanation.Step flux = step(e.steps(), "model.media.flux");
        assertThat(flux.matched()).isFalse();
        assertThat(flux.reason()).contains("applies only in categories stability,image_edit");
        assertThat(e.detection().ruleId()).isEqualTo("default.video");
        assertThat(step(e.steps(), "default.video").reason()).contains("WINNER");
    }

    @Test
    void givenNothingMatches_thenUnknownStepWins() {
        Explanation e = detector.explain("chat", "mystery-model", "/v1/chat/completions");

        assertThat(e.detection().providerId()).isEqualTo("unknown");
        Explanation.Step last = e.steps().get(e.steps().size() - 1);
        assertThat(last.source()).isEqualTo(DetectionSource.UNKNOWN);
        assertThat(last.matched()).isTrue();
        assertThat(last.reason()).contains("WINNER");
        assertThat(step(e.steps(), "model").reason()).isEqualTo("no rule matches model 'mystery-model'");
        assertThat(step(e.steps(), "default").reason()).isEqualTo("category 'chat' has no default");
    }

    @Test
    void givenEqualPriorityTokens_thenLoserLostOnPosition() {
        Explanation e = detector.explain(null, "claude-distilled-from-gpt", null);

        assertThat(step(e.steps(), "model.family.gpt").reason())
                .contains("loses to model.family.claude: same priority, matched further right in the input");
    }

    @Test
    void givenNullInputs_thenExplainsWithoutFailing() {
        Explanation e = detector.explain(null, null, null);

        assertThat(e.detection().providerId()).isEqualTo("unknown");
        assertThat(e.steps()).extracting(Explanation.Step::ruleId)
                .containsExactly("category", "endpoint", "model", "default", "unknown");
    }

    @Test
    void givenExplanation_thenStepsCannotBeModified() {
        Explanation e = detector.explain(null, null, null);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> e.steps().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    private static Explanation.Step step(List<Explanation.Step> steps, String ruleId) {
        return steps.stream().filter(s -> s.ruleId().equals(ruleId)).findFirst().orElseThrow();
    }
}
