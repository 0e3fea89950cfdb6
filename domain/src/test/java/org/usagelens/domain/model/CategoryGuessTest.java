package org.usagelens.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.DetectionSource;
import org.usagelens.detection.ProviderDetector;

class CategoryGuessTest {

    @Test
    void hintOf_trims_andDropsBlankOrOverlongNames() {
        assertThat(CategoryGuess.hintOf(null)).isNull();
        assertThat(CategoryGuess.hintOf("  \t")).isNull();
        assertThat(CategoryGuess.hintOf(" openai ")).isEqualTo("openai");
        assertThat(CategoryGuess.hintOf("x".repeat(CategoryGuess.MAX_PROVIDER_HINT))).hasSize(CategoryGuess.MAX_PROVIDER_HINT);
        assertThat(CategoryGuess.hintOf("x".repeat(CategoryGuess.MAX_PROVIDER_HINT + 1))).isNull();
    }

    @Test
    void aGuessAndADraft_refuseHintsOutsideTheRule() {
        assertThatThrownBy(() -> new CategoryGuess("x".repeat(CategoryGuess.MAX_PROVIDER_HINT + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64");
        assertThatThrownBy(() -> UsageEventDraft.describedByInstrumentation(Map.of(), " openai"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hintOf");
        assertThat(UsageEventDraft.describedByInstrumentation(Map.of(), "openai").providerHint()).isEqualTo("openai");
    }

    @Test
    void detect_usesTheHintsPrecedenceOnlyForAGuess() {
        ProviderDetector detector = ProviderDetector.builtIn();
        String model = "openai/gpt-oss-120b:groq";
        String endpoint = "https://router.huggingface.co/v1/chat/completions";
        assertThat(CategoryGuess.detect(detector, new CategoryGuess("openai"), "openai", model, endpoint).providerId())
                .isEqualTo("huggingface");
        assertThat(CategoryGuess.detect(detector, null, "openai", model, endpoint).source())
                .isEqualTo(DetectionSource.CATEGORY);
        assertThat(CategoryGuess.detect(detector, new CategoryGuess("openai"), "openai", "gpt-4o", null).source())
                .isEqualTo(DetectionSource.MODEL);
    }
}
