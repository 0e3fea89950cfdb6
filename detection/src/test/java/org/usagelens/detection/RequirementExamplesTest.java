package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The five examples of the requirements document and the known misattributions of the old heuristic. */
class RequirementExamplesTest {

    private final ProviderDetector detector = ProviderDetector.builtIn();

    @Test
    void givenVideoCategoryWanModelAndWaveSpeedEndpoint_thenWaveSpeed() {
        assertThat(detector.detect("video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed")
                .providerId()).isEqualTo("wavespeed");
    }

    @Test
    void givenStabilityCategoryQwenImageAndWaveSpeedEndpoint_thenWaveSpeed() {
        assertThat(detector.detect("stability", "qwen-image", "/image-generation/wavespeed").providerId())
                .isEqualTo("wavespeed");
    }

    @Test
    void givenAudioCategoryMinimaxSpeechAndWaveSpeedEndpoint_thenWaveSpeed() {
        assertThat(detector.detect("audio", "minimax/speech-02-hd", "/audio-generation/wavespeed").providerId())
                .isEqualTo("wavespeed");
    }

    @Test
    void givenGeminiCategoryAndNoEndpoint_thenGoogle() {
        Detection d = detector.detect("gemini", "gemini-2.5-flash", null);

        assertThat(d.providerId()).isEqualTo("google");
        assertThat(d.displayName()).isEqualTo("Google");
        assertThat(d.source()).isEqualTo(DetectionSource.CATEGORY);
    }

    @Test
    void givenMistralCategoryAndHuggingFaceRouterModel_thenHuggingFace() {
        Detection d = detector.detect("mistral", "openai/gpt-oss-120b:groq", null);

        assertThat(d.providerId()).isEqualTo("huggingface");
        assertThat(d.ruleId()).isEqualTo("category.mistral");
    }

    @Test
    void givenAudioCategoryAndTts1_thenOpenAiNotGoogle() {
        Detection d = detector.detect("audio", "tts-1", null);

        assertThat(d.providerId()).isEqualTo("openai");
        assertThat(d.source()).isEqualTo(DetectionSource.MODEL);
    }

    @Test
    void givenIdsContainingHfInsideAWord_thenNotHuggingFace() {
        assertThat(detector.detect(null, "shfoo", null).providerId()).isEqualTo("unknown");
        assertThat(detector.detect("video", "shfoo-hfx", null).providerId()).isEqualTo("wavespeed");
        assertThat(detector.detect(null, "chfmodel/abc", null).providerId()).isEqualTo("unknown");
    }

    @Test
    void givenHfRoutingPrefix_thenHuggingFace() {
        assertThat(detector.detect(null, "hf/meta-llama/Llama-3.1-8B", null).providerId()).isEqualTo("huggingface");
        assertThat(detector.detect("video", "HF/tencent/HunyuanVideo", null).providerId()).isEqualTo("huggingface");
    }

    @Test
    void givenAudioCategoryAndElevenLabsModel_thenElevenLabsNotTheWaveSpeedDefault() {
        assertThat(detector.detect("audio", "eleven_multilingual_v2", null).providerId()).isEqualTo("elevenlabs");
    }

    @Test
    void givenGoogleVeoModelCalledThroughWaveSpeedPath_thenWaveSpeed() {
        assertThat(detector.detect("video", "google/veo3", "/video-generation/wavespeed").providerId())
                .isEqualTo("wavespeed");
    }

    @Test
    void givenGoogleVeoModelCalledThroughWaveSpeedUrl_thenWaveSpeed() {
        Detection d = detector.detect("video", "google/veo3", "https://api.wavespeed.ai/api/v3/google/veo3");

        assertThat(d.providerId()).isEqualTo("wavespeed");
        assertThat(d.ruleId()).isEqualTo("endpoint.host.wavespeed");
    }

    @Test
    void givenNoCategory_thenStillAnswersFromEndpointAndModel() {
        assertThat(detector.detect(null, null, "https://api.openai.com/v1/chat/completions").providerId())
                .isEqualTo("openai");
        assertThat(detector.detect(null, "claude-3-5-sonnet-20241022", null).providerId()).isEqualTo("anthropic");
        assertThat(detector.detect("", "claude-3-5-sonnet-20241022", "").providerId()).isEqualTo("anthropic");
    }

    @Test
    void givenHunyuanVideoUnderVideo_thenHuggingFace() {
        assertThat(detector.detect("video", "tencent/HunyuanVideo", null).providerId()).isEqualTo("huggingface");
    }
}
