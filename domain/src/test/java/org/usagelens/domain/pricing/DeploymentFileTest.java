package org.usagelens.domain.pricing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.usagelens.domain.pricing.PriceFiles.HEADER;
import static org.usagelens.domain.pricing.PriceFiles.at;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.detection.ProviderDetector;

/** A deployment file adds rows and wins over built-in rows of the same key for its range. */
class DeploymentFileTest {

    @TempDir
    Path dir;

    private static BigDecimal price(PriceCatalog c, String provider, String model, PriceUnit unit, String when) {
        return c.lookup(provider, model, unit, at(when)).map(PriceRow::usdPerUnit).orElse(null);
    }

    @Test
    void overridesABuiltInPriceForItsRangeOnly_clippingTheBuiltInAroundIt() {
        PriceCatalog c = PriceFiles.deployment(
                "gpt-4o,openai,gpt-4o,input_token,0.000002,2025-01-01,2025-07-01,negotiated discount\n");

        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2024-06-01")).isEqualByComparingTo("0.000005");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2024-12-31T23:59:59Z")).isEqualByComparingTo("0.0000025");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2025-01-01")).isEqualByComparingTo("0.000002");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2025-06-30T23:59:59Z")).isEqualByComparingTo("0.000002");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2025-07-01")).isEqualByComparingTo("0.0000025");
        // other units and other endpoints of the model are untouched
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.OUTPUT_TOKEN, "2025-03-01")).isEqualByComparingTo("0.00001");
        assertThat(price(c, "azure", "gpt-4o", PriceUnit.INPUT_TOKEN, "2025-03-01")).isEqualByComparingTo("0.0000025");

        List<PriceRow> input = c.rows().stream()
                .filter(r -> r.provider().equals("openai") && r.providerModel().equals("gpt-4o")
                        && r.unit() == PriceUnit.INPUT_TOKEN)
                .toList();
        assertThat(input).extracting(r -> r.effectiveFrom() + ".." + r.effectiveTo() + " " + r.origin()).containsExactly(
                "2024-05-13..2024-10-02 " + PriceCatalog.BUILT_IN_SOURCE + ":6",
                "2024-10-02..2025-01-01 " + PriceCatalog.BUILT_IN_SOURCE + ":8",
                "2025-01-01..2025-07-01 deploy.csv:2",
                "2025-07-01..null " + PriceCatalog.BUILT_IN_SOURCE + ":8");
        assertThat(c.rows()).hasSize(PriceCatalog.builtIn().rows().size() + 2);
    }

    @Test
    void anOpenDeploymentRow_endsTheBuiltInPrice_andOneCoveringItAll_replacesIt() {
        PriceCatalog c = PriceFiles.deployment("""
                gpt-4o,openai,gpt-4o,output_token,0.000009,2025-01-01,,
                dall-e-3,openai,dall-e-3,image,0.05,2020-01-01,,
                """);

        assertThat(price(c, "openai", "gpt-4o", PriceUnit.OUTPUT_TOKEN, "2024-12-31")).isEqualByComparingTo("0.00001");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.OUTPUT_TOKEN, "2030-01-01")).isEqualByComparingTo("0.000009");
        assertThat(c.rows()).filteredOn(r -> r.providerModel().equals("dall-e-3"))
                .singleElement().extracting(PriceRow::origin).isEqualTo("deploy.csv:3");
    }

    @Test
    void theOverrideKey_ignoresTheLetterCaseOfProviderModel() {
        PriceCatalog c = PriceFiles.deployment("gpt-4o,openai,GPT-4o,input_token,0.000002,2025-01-01,,\n");

        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2025-02-01")).isEqualByComparingTo("0.000002");
        assertThat(price(c, "openai", "gpt-4o", PriceUnit.INPUT_TOKEN, "2024-12-01")).isEqualByComparingTo("0.0000025");
    }

    @Test
    void addsANewModel_andItBecomesAnAlternative() {
        PriceCatalog c = PriceFiles.deployment("flux-dev,wavespeed,wavespeed-ai/flux-dev,image,0.02,2025-11-01,,"
                + "https://wavespeed.ai/models/wavespeed-ai/flux-dev\n");

        assertThat(price(c, "wavespeed", "wavespeed-ai/flux-dev", PriceUnit.IMAGE, "2025-12-01")).isEqualByComparingTo("0.02");
        assertThat(c.alternatives("flux-dev", Set.of(PriceUnit.IMAGE), at("2025-12-01")))
                .extracting(Alternative::provider).containsExactly("fal", "replicate", "together", "wavespeed");
        assertThat(PriceCatalog.builtIn().lookup("wavespeed", "wavespeed-ai/flux-dev", PriceUnit.IMAGE, at("2025-12-01")))
                .isEmpty();
    }

    @Test
    void columnsMayComeInAnyOrder_andOptionalOnesMayBeLeftOut() {
        PriceCatalog c = PriceCatalog.withDeployment("deploy.csv", new StringReader("""
                # our negotiated prices
                unit,usd_per_unit,provider,provider_model,model,effective_from
                image,0.03,fal,fal-ai/flux/dev,flux-dev,2025-01-01
                """), PriceFiles.KNOWN_PROVIDER);

        PriceRow row = c.lookup("fal", "fal-ai/flux/dev", PriceUnit.IMAGE, at("2026-01-01")).orElseThrow();
        assertThat(row.usdPerUnit()).isEqualByComparingTo("0.03");
        assertThat(row.effectiveTo()).isNull();
        assertThat(row.source()).isEmpty();
        assertThat(row.origin()).isEqualTo("deploy.csv:3");
    }

    @Test
    void quotedFields_mayHoldCommasAndQuotes() {
        PriceCatalog c = PriceFiles.deployment(
                "flux-dev,fal,fal-ai/flux/dev,image,0.03,2025-01-01,,\"https://example.com/p?a=1,b=2 \"\"Q3\"\" deal\"\n");

        assertThat(c.lookup("fal", "fal-ai/flux/dev", PriceUnit.IMAGE, at("2025-02-01")).orElseThrow().source())
                .isEqualTo("https://example.com/p?a=1,b=2 \"Q3\" deal");
    }

    @Test
    void readsAFile_andABadFileFailsNamingTheFileAndLine() throws IOException {
        Path good = dir.resolve("prices.csv");
        Files.writeString(good, "\uFEFF" + HEADER + "\r\nflux-dev,fal,fal-ai/flux/dev,image,0.03,2025-01-01,,\r\n");
        assertThat(PriceCatalog.withDeploymentFile(good).lookup("fal", "fal-ai/flux/dev", PriceUnit.IMAGE,
                at("2025-02-01")).orElseThrow().origin()).isEqualTo(good + ":2");

        Path bad = dir.resolve("bad-prices.csv");
        Files.writeString(bad, "# prices\n" + HEADER + "\nflux-dev,fal,fal-ai/flux/dev,image,-1,2025-01-01,,\n");
        PriceFileException e = catchThrowableOfType(PriceFileException.class, () -> PriceCatalog.withDeploymentFile(bad));
        assertThat(e.source()).isEqualTo(bad.toString());
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.getMessage()).isEqualTo(bad + ":3: usd_per_unit -1 is negative");
    }

    @Test
    void aFileThatIsNotUtf8OrMissing_failsNamingIt() throws IOException {
        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (HEADER + "\nflux-dev,fal,fal-ai/flux/dev,image,0.03,2025-01-01,,caf\u00e9\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        PriceFileException e = catchThrowableOfType(PriceFileException.class,
                () -> PriceCatalog.withDeploymentFile(latin1));
        assertThat(e.getMessage()).isEqualTo(latin1 + ":2: not valid UTF-8");

        Path missing = dir.resolve("missing.csv");
        PriceFileException m = catchThrowableOfType(PriceFileException.class,
                () -> PriceCatalog.withDeploymentFile(missing));
        assertThat(m.line()).isZero();
        assertThat(m.reason()).startsWith("cannot read price file");
    }

    @Test
    void providersAreCheckedAgainstTheDetectorPassedIn() throws IOException {
        Path rules = dir.resolve("rules.txt");
        Files.writeString(rules, "provider runpod - RunPod\nrule model.runpod MODEL starts runpod runpod/\n");
        ProviderDetector detector = ProviderDetector.withDeploymentRules(rules);
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, HEADER + "\nllama-3.1-8b-instruct,runpod,llama3.1-8b,input_token,0.0000001,2025-01-01,,\n");

        assertThat(PriceCatalog.withDeploymentFile(prices, detector)
                .lookup("runpod", "llama3.1-8b", PriceUnit.INPUT_TOKEN, at("2025-02-01"))).isPresent();
        PriceFileException e = catchThrowableOfType(PriceFileException.class,
                () -> PriceCatalog.withDeploymentFile(prices));
        assertThat(e.reason()).contains("unknown provider 'runpod'");
    }

    @Test
    void priceVersion_followsTheEffectiveRowsOnly() {
        String builtIn = PriceCatalog.builtIn().priceVersion();
        PriceCatalog changed = PriceFiles.deployment("flux-dev,fal,fal-ai/flux/dev,image,0.03,2025-01-01,,a\n");
        PriceCatalog sameAgain = PriceCatalog.withDeployment("other-name.csv", new StringReader("""
                # same content, another layout, another source text
                usd_per_unit,model,provider,provider_model,unit,effective_from,source
                0.0300,flux-dev,fal,fal-ai/flux/dev,image,2025-01-01,"b, c"
                """), PriceFiles.KNOWN_PROVIDER);
        PriceCatalog otherPrice = PriceFiles.deployment("flux-dev,fal,fal-ai/flux/dev,image,0.031,2025-01-01,,a\n");

        assertThat(changed.priceVersion()).isNotEqualTo(builtIn).matches("p[0-9a-f]{12}");
        assertThat(sameAgain.priceVersion()).isEqualTo(changed.priceVersion());
        assertThat(otherPrice.priceVersion()).isNotEqualTo(changed.priceVersion());
        // re-stating a built-in price exactly changes nothing
        assertThat(PriceFiles.deployment("flux-dev,fal,fal-ai/flux/dev,image,0.025,2024-08-01,,x\n").priceVersion())
                .isEqualTo(builtIn);
    }
}
