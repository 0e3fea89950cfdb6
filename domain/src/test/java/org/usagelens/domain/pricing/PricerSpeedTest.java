package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A cheap guard, not a benchmark: pricing stays a matter of microseconds (hash look-ups, a binary search and a few
 * BigDecimal multiplications). The bound is loose so a busy machine does not fail it; a regression to parsing or
 * scanning per call would.
 */
class PricerSpeedTest {

    @Test
    void pricingAMixOfCalls_takesMicroseconds() {
        Pricer pricer = new Pricer(PriceCatalog.builtIn());
        Instant t = at("2025-12-01T10:15:30Z");
        List<CallToPrice> mix = List.of(
                CallToPrice.tokens("openai", "gpt-4o", t, 1234L, 567L),
                new CallToPrice("openai", "gpt-4o-mini", t, 5000L, 200L, 1000L, Units.NONE),
                CallToPrice.tokens("huggingface", "openai/gpt-oss-120b:groq", t, 800L, 300L),
                CallToPrice.tokens("huggingface", "Meta-Llama/Llama-3.1-8B-Instruct:groq", t, 800L, 300L),
                new CallToPrice("wavespeed", "alibaba/wan-2.5/text-to-video", t, 0L, 0L, null,
                        Units.of(Map.of("video_second", 5))),
                CallToPrice.units("fal", "fal-ai/flux/dev", t, Units.of(Map.of("image", 2))),
                CallToPrice.tokens("deepseek", "deepseek-chat", t, 3000L, 900L),
                CallToPrice.tokens("openai", "gpt-9-unknown", t, 10L, 10L));
        int calls = 200_000;
        long priced = 0;
        for (int i = 0; i < calls; i++) { // warm-up
            priced += pricer.price(mix.get(i % mix.size())).isPriced() ? 1 : 0;
        }
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            priced += pricer.price(mix.get(i % mix.size())).isPriced() ? 1 : 0;
        }
        double microsPerCall = (System.nanoTime() - start) / 1000.0 / calls;

        assertThat(priced).isEqualTo(2L * calls * 7 / 8);
        assertThat(microsPerCall).as("microseconds per call").isLessThan(50.0);
        System.out.printf("pricing: %.2f us per call%n", microsPerCall);
    }
}
