package org.usagelens.detection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** One detector shared by many threads gives every thread the answers a single thread gets. */
class ConcurrencyTest {

    @Test
    void givenSharedDetector_whenManyThreadsDetect_thenSameAnswersAsOneThread() throws Exception {
        ProviderDetector detector = ProviderDetector.builtIn();
        String[][] inputs = {
            {"video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed"},
            {"audio", "tts-1", null},
            {null, "openai/gpt-oss-120b:groq", ""},
            {"stability", "flux-dev", "https://queue.fal.run/fal-ai/flux/dev"},
            {"chat", "x".repeat(5000), "https://" + "a.".repeat(3000) + "openai.com/v1"},
            {"image_edit", "qwen-image-edit", null},
        };
        List<Detection> expected = new ArrayList<>();
        for (String[] in : inputs) {
            expected.add(detector.detect(in[0], in[1], in[2]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tasks = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                final int offset = t;
                tasks.add(() -> {
                    for (int i = 0; i < 20_000; i++) {
                        int k = (i + offset) % inputs.length;
                        if (!detector.detect(inputs[k][0], inputs[k][1], inputs[k][2]).equals(expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                });
            }
            for (Future<Boolean> f : pool.invokeAll(tasks)) {
                assertThat(f.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(expected.get(4).providerId()).isEqualTo("openai");
    }
}
