package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * What each call should have cost, through the real server: calls without a cost priced from the catalog at their
 * timestamp, a client's cost kept beside the catalog's figure, unpriced calls said to be unpriced (never $0), units,
 * the analytics' price check, the catalog over {@code GET /api/prices}, and a deployment price file.
 */
class PricingApiTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();
    private static final Instant NOW = TestClock.standard().instant();

    /** A usage event as JSON with only the fields given (besides the required ones). */
    private static String event(String user, String key, String category, String model, String endpoint, Instant at,
                                String extra) {
        return "{\"id\":\"" + key + "\",\"user_id\":\"" + user + "\",\"provider\":\"" + category + "\",\"model_used\":\""
                + model + "\",\"endpoint\":\"" + endpoint + "\",\"method\":\"POST\",\"response_time\":1.5,"
                + "\"status_code\":200,\"timestamp\":\"" + at + "\"" + (extra.isEmpty() ? "" : "," + extra) + "}";
    }

    private static JsonNode post(String... events) {
        HttpResponse<String> r = server.postEvents("{\"events\":[" + String.join(",", events) + "]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return server.json(r).get("results");
    }

    private static JsonNode find(String user, long logId) {
        for (JsonNode l : server.json(server.get("/api/subscription/usage-logs?limit=100", TestTokens.forUser(user))).get("logs")) {
            if (l.get("id").asLong() == logId) {
                return l;
            }
        }
        throw new AssertionError("no log " + logId + " of " + user);
    }

    @Test
    void aCallWithoutACost_isPricedFromTheCatalog_exactly_atItsTimestamp() {
        JsonNode results = post(event("pa", "tok-1", "openai", "gpt-4o-mini", "/v1/chat/completions", NOW.minusSeconds(60),
                "\"tokens_input\":1234,\"tokens_output\":567"));
        JsonNode cost = results.get(0).get("cost");
        // 1234 x 0.00000015 + 567 x 0.0000006 = 0.0001851 + 0.0003402
        assertThat(cost.get("source").asText()).isEqualTo("catalog");
        assertThat(cost.get("cost_total").decimalValue()).isEqualByComparingTo("0.0005253");
        assertThat(cost.get("price_version").asText()).startsWith("p");
        JsonNode log = find("pa", results.get(0).get("log_id").asLong());
        assertThat(log.get("cost_source").asText()).isEqualTo("catalog");
        assertThat(log.get("cost_input").decimalValue()).isEqualByComparingTo("0.0001851");
        assertThat(log.get("cost_output").decimalValue()).isEqualByComparingTo("0.0003402");
        assertThat(log.get("catalog_cost_total").decimalValue()).isEqualByComparingTo("0.0005253");
        assertThat(log.get("not_reported")).extracting(JsonNode::asText).containsExactly("retry_count");
    }

    @Test
    void aPriceChangeInsideAPeriod_pricesEachCallAtItsOwnTime() {
        // gpt-4o on OpenAI: $5/$15 per million tokens until 2024-10-02, $2.50/$10 from then.
        JsonNode results = post(
                event("pb", "before", "openai", "gpt-4o", "/v1/chat/completions", Instant.parse("2024-10-01T23:59:59Z"),
                        "\"tokens_input\":1000000,\"tokens_output\":1000000"),
                event("pb", "after", "openai", "gpt-4o", "/v1/chat/completions", Instant.parse("2024-10-02T00:00:00Z"),
                        "\"tokens_input\":1000000,\"tokens_output\":1000000"));
        assertThat(results.get(0).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("20");
        assertThat(results.get(1).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("12.5");
    }

    @Test
    void aClientsCost_isKept_withTheCatalogsFigureBesideIt() {
        JsonNode results = post(event("pc", "client-1", "openai", "gpt-4o-mini", "/v1/chat/completions", NOW.minusSeconds(30),
                "\"tokens_input\":1000,\"tokens_output\":1000,\"cost_input\":\"0.001\",\"cost_output\":\"0.002\""));
        JsonNode log = find("pc", results.get(0).get("log_id").asLong());
        assertThat(log.get("cost_source").asText()).isEqualTo("client");
        assertThat(log.get("cost_total").decimalValue()).isEqualByComparingTo("0.003");
        assertThat(log.get("catalog_cost_total").decimalValue()).isEqualByComparingTo("0.00075");
    }

    @Test
    void mediaUnits_arePriced_andAnUnknownModelIsUnpriced_neverZero() {
        JsonNode results = post(
                event("pd", "image-1", "openai", "dall-e-3", "https://api.openai.com/v1/images/generations",
                        NOW.minusSeconds(20), "\"units\":{\"image\":2}"),
                event("pd", "video-1", "video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed",
                        NOW.minusSeconds(19), "\"units\":{\"video_second\":5}"),
                event("pd", "mystery", "video", "acme/unheard-of-model", "/video-generation/wavespeed", NOW.minusSeconds(18), ""),
                event("pd", "no-units", "openai", "dall-e-3", "https://api.openai.com/v1/images/generations",
                        NOW.minusSeconds(17), ""));
        assertThat(results.get(0).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("0.08");
        assertThat(results.get(1).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(results.get(2).get("cost").get("source").asText()).isEqualTo("unpriced");
        assertThat(results.get(2).get("cost").get("unpriced_reason").asText()).isEqualTo("no_price");
        assertThat(results.get(2).get("cost").has("cost_total")).isFalse();
        assertThat(results.get(3).get("cost").get("unpriced_reason").asText()).isEqualTo("no_units");
        JsonNode unpriced = find("pd", results.get(2).get("log_id").asLong());
        assertThat(unpriced.get("cost_source").asText()).isEqualTo("unpriced");
        assertThat(unpriced.get("not_reported")).extracting(JsonNode::asText).contains("cost_total");
        assertThat(find("pd", results.get(0).get("log_id").asLong()).get("units").get("image").asInt()).isEqualTo(2);

        JsonNode totals = server.json(server.get("/api/subscription/provider-analytics", TestTokens.forUser("pd"))).get("totals");
        assertThat(totals.get("unpriced_calls").asLong()).isEqualTo(2);
        assertThat(totals.get("catalog_priced_calls").asLong()).isEqualTo(2);
        assertThat(totals.get("catalog_cost").decimalValue()).isEqualByComparingTo("0.58");
        assertThat(totals.get("catalog_gap").decimalValue()).isEqualByComparingTo(BigDecimal.ZERO);
    }

    @Test
    void theAnalytics_showTheGapBetweenWhatWasLoggedAndThePriceList() {
        post(event("pe", "high", "openai", "gpt-4o-mini", "/v1/chat/completions", NOW.minusSeconds(10),
                "\"tokens_input\":1000,\"tokens_output\":1000,\"cost_total\":\"1\""));
        JsonNode totals = server.json(server.get("/api/subscription/provider-analytics", TestTokens.forUser("pe"))).get("totals");
        assertThat(totals.get("catalog_recorded_cost").decimalValue()).isEqualByComparingTo("1");
        assertThat(totals.get("catalog_cost").decimalValue()).isEqualByComparingTo("0.00075");
        assertThat(totals.get("catalog_gap").decimalValue()).isEqualByComparingTo("0.99925");
    }

    @Test
    void badUnitsAndHalfCosts_areRejectedNamingTheField_andStoreNothing() {
        JsonNode results = post(
                event("pf", "bad-unit", "video", "m", "/v", NOW, "\"units\":{\"pixels\":3}"),
                event("pf", "negative", "video", "m", "/v", NOW, "\"units\":{\"image\":-1}"),
                event("pf", "text", "video", "m", "/v", NOW, "\"units\":{\"image\":\"two\"}"),
                event("pf", "half", "video", "m", "/v", NOW, "\"cost_input\":\"0.1\""));
        assertThat(results.findValuesAsText("status")).containsOnly("rejected");
        assertThat(results.get(0).get("errors").get(0).get("field").asText()).isEqualTo("units");
        assertThat(results.get(1).get("errors").get(0).get("field").asText()).isEqualTo("units.image");
        assertThat(results.get(2).get("errors").get(0).get("field").asText()).isEqualTo("units.image");
        assertThat(results.get(3).get("errors").get(0).get("field").asText()).isEqualTo("cost_output");
        assertThat(server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser("pf"))).get("total_count").asInt())
                .isZero();
    }

    @Test
    void theCatalog_isServed_filteredByProviderModelUnitAndDay() {
        JsonNode all = server.json(server.get("/api/prices", null));
        assertThat(all.get("price_version").asText()).matches("p[0-9a-f]{12}");
        assertThat(all.get("prices").size()).isGreaterThan(300);
        JsonNode gpt4o = server.json(server.get("/api/prices?provider=openai&model=gpt-4o&unit=input_token&at=2024-09-30", null));
        assertThat(gpt4o.get("prices")).isNotEmpty().allSatisfy(p -> {
            assertThat(p.get("provider").asText()).isEqualTo("openai");
            assertThat(p.get("unit").asText()).isEqualTo("input_token");
        });
        assertThat(gpt4o.get("prices").findValuesAsText("provider_model")).contains("gpt-4o");
        JsonNode alias = server.json(server.get("/api/prices?provider=openai&model=gpt-4o&unit=input_token&at=2024-09-30", null))
                .get("prices");
        for (JsonNode p : alias) {
            if (p.get("provider_model").asText().equals("gpt-4o")) {
                assertThat(p.get("usd_per_unit").decimalValue()).isEqualByComparingTo("0.000005");
            }
        }
        JsonNode flux = server.json(server.get("/api/prices?model=flux-dev", null)).get("prices");
        assertThat(flux.findValuesAsText("provider")).contains("fal", "replicate", "together");
        for (String bad : List.of("unit=pixels", "at=yesterday", "at=1999-12-31", "colour=blue", "provider=a%00b")) {
            HttpResponse<String> r = server.get("/api/prices?" + bad, null);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(server.json(r).get("field").asText()).as(bad).isEqualTo(bad.substring(0, bad.indexOf('=')));
        }
    }

    @Test
    void aDeploymentPriceFile_overridesAndAdds_andABadOneFailsTheStartNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, """
                model,provider,provider_model,unit,usd_per_unit,effective_from,source
                gpt-4o-mini,openai,gpt-4o-mini,input_token,0.000001,2026-01-01,our negotiated price
                gpt-4o-mini,openai,gpt-4o-mini,output_token,0.000002,2026-01-01,our negotiated price
                our-model,openai,ours-1,request,0.5,2026-01-01,internal
                """);
        DatabaseUrl db = TestDatabases.fresh();
        try (TestServer deployed = TestServer.start(TestServer.settings(db).withPricesFile(prices), db)) {
            HttpResponse<String> r = deployed.postEvents("{\"events\":[" + event("pg", "n1", "openai", "gpt-4o-mini",
                    "/v1/chat/completions", NOW.minusSeconds(5), "\"tokens_input\":1000,\"tokens_output\":1000") + ","
                    + event("pg", "n2", "openai", "ours-1", "/v1/x", NOW.minusSeconds(4), "\"units\":{\"request\":3}") + "]}");
            JsonNode results = deployed.json(r).get("results");
            assertThat(results.get(0).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("0.003");
            assertThat(results.get(1).get("cost").get("cost_total").decimalValue()).isEqualByComparingTo("1.5");
            assertThat(deployed.json(deployed.get("/api/prices", null)).get("price_version").asText())
                    .isNotEqualTo(server.json(server.get("/api/prices", null)).get("price_version").asText());
        }
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "model,provider,provider_model,unit,usd_per_unit,effective_from\n"
                + "x,openai,x,image,-1,2026-01-01\n");
        DatabaseUrl other = TestDatabases.fresh();
        assertThatThrownBy(() -> TestServer.start(TestServer.settings(other).withPricesFile(bad), other))
                .hasStackTraceContaining("bad.csv:2");
    }
}
