package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.usagelens.detection.Provider;
import org.usagelens.detection.ProviderDetector;

/** The built-in catalog from the jar: it loads, it is consistent, and known prices are where they should be. */
class BuiltInCatalogTest {

    private final PriceCatalog catalog = PriceCatalog.builtIn();

    @Test
    void loads_allRowsOfTheDataFile() {
        assertThat(catalog.rows()).hasSize(523);
        assertThat(catalog).isSameAs(PriceCatalog.builtIn());
        assertThat(catalog.rows()).allSatisfy(r -> assertThat(r.origin()).startsWith(PriceCatalog.BUILT_IN_SOURCE + ":"));
    }

    @Test
    void everyProvider_isADetectionCatalogId_andEveryRealProviderHasPrices() {
        ProviderDetector detector = ProviderDetector.builtIn();
        Set<String> priced = catalog.rows().stream().map(PriceRow::provider).collect(Collectors.toSet());

        assertThat(priced).allSatisfy(p -> assertThat(detector.provider(p)).as(p).isPresent());
        Set<String> detectable = detector.providers().stream().map(Provider::id).collect(Collectors.toSet());
        detectable.remove("unknown");
        assertThat(priced).isEqualTo(detectable);
    }

    @Test
    void noTwoRowsOfOneKey_overlap() {
        Map<String, List<PriceRow>> byKey = new HashMap<>();
        for (PriceRow r : catalog.rows()) {
            byKey.computeIfAbsent(r.provider() + "|" + r.providerModel().toLowerCase(Locale.ROOT) + "|" + r.unit(),
                    k -> new ArrayList<>()).add(r);
        }
        byKey.forEach((key, rows) -> {
            rows.sort(Comparator.comparing(PriceRow::effectiveFrom));
            for (int i = 1; i < rows.size(); i++) {
                LocalDate previousEnd = rows.get(i - 1).effectiveTo();
                assertThat(previousEnd).as(key).isNotNull();
                assertThat(rows.get(i).effectiveFrom()).as(key).isAfterOrEqualTo(previousEnd);
            }
        });
    }

    @Test
    void rows_respectTheFormatLimits() {
        assertThat(catalog.rows()).allSatisfy(r -> {
            assertThat(r.usdPerUnit().signum()).isGreaterThanOrEqualTo(0);
            assertThat(r.usdPerUnit().scale()).isLessThanOrEqualTo(12);
            assertThat(r.model()).matches("[a-z0-9][a-z0-9._-]*");
            assertThat(r.source()).startsWith("https://");
        });
    }

    @ParameterizedTest(name = "{0} {1} {2} at {3} = {4}")
    @CsvSource(textBlock = """
            openai,      gpt-4o,                          input_token,        2024-06-01, 0.000005
            openai,      gpt-4o,                          output_token,       2024-06-01, 0.000015
            openai,      gpt-4o,                          input_token,        2024-10-01T23:59:59Z, 0.000005
            openai,      gpt-4o,                          input_token,        2024-10-02, 0.0000025
            openai,      gpt-4o,                          output_token,       2025-06-01, 0.00001
            openai,      gpt-4o,                          cached_input_token, 2025-06-01, 0.00000125
            openai,      o3,                              input_token,        2025-05-01, 0.00001
            openai,      o3,                              input_token,        2025-06-10, 0.000002
            anthropic,   claude-3-5-sonnet-20241022,      output_token,       2025-01-15, 0.000015
            anthropic,   claude-sonnet-4-5,               input_token,        2025-12-01, 0.000003
            anthropic,   claude-sonnet-4-5,               output_token,       2025-12-01, 0.000015
            anthropic,   claude-opus-4-1,                 output_token,       2025-12-01, 0.000075
            google,      gemini-1.5-flash,                input_token,        2024-08-11, 0.00000035
            google,      gemini-1.5-flash,                input_token,        2024-08-12, 0.000000075
            deepseek,    deepseek-chat,                   output_token,       2025-02-08T23:00:00Z, 0.00000028
            deepseek,    deepseek-chat,                   output_token,       2025-02-09, 0.0000011
            deepseek,    deepseek-chat,                   input_token,        2025-09-10, 0.00000056
            deepseek,    deepseek-chat,                   input_token,        2025-10-01, 0.00000028
            groq,        openai/gpt-oss-120b,             input_token,        2025-12-01, 0.00000015
            huggingface, openai/gpt-oss-120b:cerebras,    output_token,       2025-12-01, 0.00000075
            fal,         fal-ai/flux/dev,                 image,              2025-12-01, 0.025
            wavespeed,   alibaba/wan-2.5/text-to-video,   video_second,       2025-12-01, 0.1
            groq,        whisper-large-v3,                audio_second,       2025-12-01, 0.000030833333
            elevenlabs,  eleven_multilingual_v2,          character,          2026-06-01, 0.0001
            tavily,      tavily-search,                   request,            2025-12-01, 0.008
            exa,         exa-search,                      request,            2025-12-31T23:59:59Z, 0.005
            exa,         exa-search,                      request,            2026-01-01, 0.007
            """)
    void knownPrices(String provider, String model, String unit, String when, String usd) {
        PriceRow row = catalog.lookup(provider, model, PriceUnit.fromWireName(unit).orElseThrow(), at(when))
                .orElseThrow();
        assertThat(row.usdPerUnit()).isEqualByComparingTo(usd);
    }

    @Test
    void beforeAModelsFirstPrice_andAfterARetirement_thereIsNone() {
        assertThat(catalog.lookup("openai", "gpt-4o", PriceUnit.INPUT_TOKEN, at("2024-05-12T23:59:59Z"))).isEmpty();
        assertThat(catalog.lookup("groq", "mixtral-8x7b-32768", PriceUnit.INPUT_TOKEN, at("2025-03-19"))).isPresent();
        assertThat(catalog.lookup("groq", "mixtral-8x7b-32768", PriceUnit.INPUT_TOKEN, at("2025-03-20"))).isEmpty();
    }

    @Test
    void deepSeekAliases_changeTheirCanonicalModelOverTime() {
        assertThat(catalog.canonicalModel("deepseek", "deepseek-chat", at("2025-02-01"))).contains("deepseek-v3");
        assertThat(catalog.canonicalModel("deepseek", "deepseek-chat", at("2025-09-01"))).contains("deepseek-v3.1");
        assertThat(catalog.canonicalModel("deepseek", "deepseek-chat", at("2025-10-01"))).contains("deepseek-v3.2");
        assertThat(catalog.canonicalModel("deepseek", "deepseek-reasoner", at("2025-03-01"))).contains("deepseek-r1");
    }

    @Test
    void priceVersion_isShortAndStable() {
        assertThat(catalog.priceVersion()).matches("p[0-9a-f]{12}");
        assertThat(PriceFiles.deployment("").priceVersion()).isEqualTo(catalog.priceVersion());
    }

    @Test
    void canonicalModelsWithAlternatives_matchTheDataNotes() {
        // NOTES.md section 8: models priced in the same unit on two or more providers (at any time)
        Map<String, Set<String>> providersByModelAndUnit = new HashMap<>();
        for (PriceRow r : catalog.rows()) {
            providersByModelAndUnit.computeIfAbsent(r.model() + "|" + r.unit(), k -> new TreeSet<>()).add(r.provider());
        }
        Set<String> withAlternatives = new TreeSet<>();
        providersByModelAndUnit.forEach((key, providers) -> {
            if (providers.size() >= 2) {
                withAlternatives.add(key.substring(0, key.indexOf('|')));
            }
        });
        assertThat(withAlternatives).hasSize(37).contains("gpt-oss-120b", "flux-dev", "kimi-k2-instruct-0905",
                "wan-2.5-t2v-720p", "minimax-speech-02-hd");
    }
}
