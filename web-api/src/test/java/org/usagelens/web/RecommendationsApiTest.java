package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.testing.TestDatabases;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * Provider recommendations through the real server on PostgreSQL: calls ingested over HTTP and priced by the catalog
 * (the built-in one, with a deployment price file that cuts fal's FLUX.1 [dev] price inside the month), then read back
 * from {@code GET /api/subscription/provider-recommendations}.
 */
class RecommendationsApiTest {
    private static final String PATH = "/api/subscription/provider-recommendations";
    private static final Instant NOV_5 = Instant.parse("2026-11-05T10:00:00Z");
    private static final Instant NOV_15 = Instant.parse("2026-11-15T10:00:00Z");
    private static final String TOGETHER = "https://api.together.xyz/v1/chat/completions";
    private static final String GROQ = "https://api.groq.com/openai/v1/chat/completions";
    /** An application calling Together with an OpenAI client logs the category openai and names the provider itself. */
    private static final String TOGETHER_NAMED = "\"actual_provider_name\":\"together\"";

    @TempDir
    static Path dir;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        Path prices = dir.resolve("prices.csv");
        Files.writeString(prices, """
                model,provider,provider_model,unit,usd_per_unit,effective_from,effective_to,source
                flux-dev,fal,fal-ai/flux/dev,image,0.025,2024-08-01,2026-11-10,fal's list price
                flux-dev,fal,fal-ai/flux/dev,image,0.01,2026-11-10,,fal's price cut (a test)
                """);
        DatabaseUrl db = TestDatabases.fresh();
        server = TestServer.start(TestServer.settings(db).withPricesFile(prices), db);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String event(String user, String key, String category, String model, String endpoint, Instant at,
                                int status, double seconds, String quantities) {
        return "{\"id\":\"" + key + "\",\"user_id\":\"" + user + "\",\"provider\":\"" + category + "\",\"model_used\":\""
                + model + "\",\"endpoint\":\"" + endpoint + "\",\"method\":\"POST\",\"response_time\":" + seconds
                + ",\"status_code\":" + status + ",\"timestamp\":\"" + at + "\"," + quantities + "}";
    }

    private static void post(List<String> events) {
        for (int i = 0; i < events.size(); i += 500) {
            HttpResponse<String> r = server.postEvents("{\"events\":[" + String.join(",", events.subList(i,
                    Math.min(events.size(), i + 500))) + "]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(server.json(r).get("results").findValuesAsText("status")).containsOnly("stored");
        }
    }

    /** {@code n} calls of Llama 3.3 70B on Together: 1M input and 200k output tokens, priced by the catalog. */
    private static List<String> llamaOnTogether(String user, int n) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(event(user, "together-" + i, "openai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", TOGETHER,
                    NOV_5.plusSeconds(i), 200, 1.2, "\"tokens_input\":1000000,\"tokens_output\":200000," + TOGETHER_NAMED));
        }
        return events;
    }

    private static JsonNode recommendations(String user, String query) {
        HttpResponse<String> r = server.get(PATH + query, TestTokens.forUser(user));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return server.json(r);
    }

    private static JsonNode to(JsonNode body, String provider) {
        for (JsonNode r : body.get("recommendations")) {
            if (r.get("to_provider").asText().equals(provider)) {
                return r;
            }
        }
        throw new AssertionError("no switch to " + provider + ": " + body);
    }

    @Test
    void aSwitchThatSavesMoney_isRecommendedWithExactFigures_sortedBySavings_withThePricesUsed() {
        List<String> events = llamaOnTogether("rs", 10);
        // Two calls without output tokens: the catalog cannot price them, here or anywhere.
        events.add(event("rs", "no-output-1", "openai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", TOGETHER, NOV_5.plusSeconds(60),
                200, 1.0, "\"tokens_input\":1000," + TOGETHER_NAMED));
        events.add(event("rs", "no-output-2", "openai", "meta-llama/Llama-3.3-70B-Instruct-Turbo", TOGETHER, NOV_5.plusSeconds(61),
                200, 1.0, "\"tokens_input\":1000," + TOGETHER_NAMED));
        post(events);

        JsonNode body = recommendations("rs", "");

        assertThat(body.get("user_id").asText()).isEqualTo("rs");
        assertThat(body.get("period").get("billing_period").asText()).isEqualTo("2026-11"); // the test clock's month
        assertThat(body.get("min_savings").decimalValue()).isEqualByComparingTo("1");
        JsonNode list = body.get("recommendations");
        assertThat(list.findValuesAsText("to_provider")).containsExactly("groq", "huggingface", "bedrock");
        JsonNode groq = list.get(0);
        assertThat(groq.get("basis").asText()).isEqualTo("catalog");
        assertThat(groq.get("verdict").asText()).isEqualTo("untested");
        assertThat(groq.get("model").asText()).isEqualTo("llama-3.3-70b-instruct");
        assertThat(groq.get("from_provider").asText()).isEqualTo("together");
        assertThat(groq.get("from_provider_display_name").asText()).isEqualTo("Together AI");
        assertThat(groq.get("to_models").get(0).asText()).isEqualTo("llama-3.3-70b-versatile");
        assertThat(groq.get("calls").asLong()).isEqualTo(10);
        assertThat(groq.get("units").get("input_token").decimalValue()).isEqualByComparingTo("10000000");
        assertThat(groq.get("units").get("output_token").decimalValue()).isEqualByComparingTo("2000000");
        // Together $0.88/$0.88 per million: $10.56; Groq $0.59/$0.79: $7.48.
        assertThat(groq.get("current_cost").decimalValue()).isEqualByComparingTo("10.56");
        assertThat(groq.get("estimated_cost").decimalValue()).isEqualByComparingTo("7.48");
        assertThat(groq.get("estimated_savings").decimalValue()).isEqualByComparingTo("3.08");
        assertThat(groq.get("evidence").get("alternative_prices").findValues("usd_per_unit"))
                .extracting(n -> n.decimalValue().toPlainString()).containsExactly("0.00000059", "0.00000079");
        assertThat(groq.get("evidence").get("alternative_prices").findValuesAsText("unit"))
                .containsExactly("input_token", "output_token");
        assertThat(groq.get("evidence").get("current_prices").findValuesAsText("provider")).containsOnly("together");
        assertThat(groq.get("evidence").get("from").get("calls").asLong()).isEqualTo(12);
        assertThat(groq.get("evidence").get("to").isNull()).isTrue();
        assertThat(to(body, "bedrock").get("estimated_savings").decimalValue()).isEqualByComparingTo("1.92");
        JsonNode coverage = body.get("coverage");
        assertThat(coverage.get("calls").asLong()).isEqualTo(12);
        assertThat(coverage.get("compared_calls").asLong()).isEqualTo(10);
        assertThat(coverage.get("not_compared").get(0).get("reason").asText()).isEqualTo("quantities_unknown");
        assertThat(coverage.get("not_compared").get(0).get("calls").asLong()).isEqualTo(2);

        // A higher threshold leaves Bedrock's $1.92 out.
        assertThat(recommendations("rs", "?min_savings=2.5").get("recommendations").findValuesAsText("to_provider"))
                .containsExactly("groq", "huggingface");
    }

    @Test
    void aCheaperProviderWhoseCallsFailMoreOften_isFlagged() {
        List<String> events = llamaOnTogether("rf", 30);
        for (int i = 0; i < 30; i++) {
            events.add(event("rf", "groq-" + i, "openai", "llama-3.3-70b-versatile", GROQ, NOV_15.plusSeconds(i),
                    i % 2 == 0 ? 200 : 503, 0.8, "\"tokens_input\":1000,\"tokens_output\":100,\"actual_provider_name\":\"groq\""));
        }
        post(events);

        JsonNode groq = to(recommendations("rf", "?billing_period=2026-11"), "groq");

        assertThat(groq.get("verdict").asText()).isEqualTo("flagged");
        assertThat(groq.get("flags").get(0).asText()).isEqualTo("lower_success_rate");
        assertThat(groq.get("evidence").get("to").get("success_rate").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(groq.get("evidence").get("from").get("success_rate").decimalValue()).isEqualByComparingTo("1");
        assertThat(groq.get("evidence").get("to").get("latency_p50").asDouble()).isCloseTo(0.8,
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(groq.get("estimated_savings").decimalValue()).isEqualByComparingTo("9.24"); // 30 x $0.308
    }

    @Test
    void aModelNoOtherProviderPrices_recommendsNothing_andSaysWhy() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            events.add(event("rn", "search-" + i, "tavily", "tavily-search", "https://api.tavily.com/search",
                    NOV_5.plusSeconds(i), 200, 0.9, "\"units\":{\"request\":1}"));
        }
        post(events);

        JsonNode body = recommendations("rn", "?min_savings=0");

        assertThat(body.get("recommendations")).isEmpty();
        assertThat(body.get("coverage").get("calls").asLong()).isEqualTo(200);
        assertThat(body.get("coverage").get("compared_calls").asLong()).isZero();
        assertThat(body.get("coverage").get("not_compared").get(0).get("reason").asText()).isEqualTo("no_alternative");
        assertThat(body.get("coverage").get("not_compared").get(0).get("calls").asLong()).isEqualTo(200);
    }

    @Test
    void aPriceChangeInsideThePeriod_pricesEachCallAtItsOwnDay_overAMonthAsOverAWindowCutInsideDays() {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            events.add(event("rp", "before-" + i, "stability", "black-forest-labs/flux-dev",
                    "https://api.replicate.com/v1/predictions", NOV_5.plusSeconds(i), 200, 4.0, "\"units\":{\"image\":10}"));
            events.add(event("rp", "after-" + i, "stability", "black-forest-labs/flux-dev",
                    "https://api.replicate.com/v1/predictions", NOV_15.plusSeconds(i), 200, 4.0, "\"units\":{\"image\":10}"));
        }
        post(events);

        JsonNode month = recommendations("rp", "");
        // 200 images on Replicate at $0.025: $5. On fal, 100 at $0.025 (before the 10th) and 100 at $0.01 after: $3.50.
        assertThat(month.get("recommendations")).hasSize(1); // Together prices FLUX.1 [dev] as Replicate does: no saving
        JsonNode fal = to(month, "fal");
        assertThat(fal.get("current_cost").decimalValue()).isEqualByComparingTo("5");
        assertThat(fal.get("estimated_cost").decimalValue()).isEqualByComparingTo("3.5");
        assertThat(fal.get("estimated_savings").decimalValue()).isEqualByComparingTo("1.5");
        assertThat(fal.get("units").get("image").decimalValue()).isEqualByComparingTo("200");
        JsonNode rows = fal.get("evidence").get("alternative_prices");
        assertThat(rows.findValuesAsText("effective_from")).containsExactly("2024-08-01", "2026-11-10");
        assertThat(rows.get(0).get("effective_to").asText()).isEqualTo("2026-11-10");
        assertThat(rows.get(1).get("source").asText()).isEqualTo("fal's price cut (a test)");

        // The same calls through a window that starts and ends inside days (the rollup's days and the rows at the ends).
        String window = "?from=" + enc("2026-11-05T09:30:00Z") + "&to=" + enc("2026-11-15T10:00:05.500Z") + "&min_savings=0.5";
        JsonNode cut = to(recommendations("rp", window), "fal");
        assertThat(cut.get("calls").asLong()).isEqualTo(16); // the calls of the 15th at 10:00:06 and later are outside
        assertThat(cut.get("current_cost").decimalValue()).isEqualByComparingTo("4");
        assertThat(cut.get("estimated_cost").decimalValue()).isEqualByComparingTo("3.1"); // 100 x 0.025 + 60 x 0.01
        assertThat(cut.get("estimated_savings").decimalValue()).isEqualByComparingTo("0.9");
    }

    @Test
    void anEmptyPeriod_hasNoRecommendations() {
        JsonNode body = recommendations("nobody", "?billing_period=2026-01");
        assertThat(body.get("recommendations")).isEmpty();
        assertThat(body.get("coverage").get("calls").asLong()).isZero();
        assertThat(body.get("coverage").get("not_compared")).isEmpty();
        assertThat(body.get("period").get("from").asText()).isEqualTo("2026-01-01T00:00:00Z");
    }

    @Test
    void anAdminMayAskForAnotherUser_andOthersMayNot() {
        post(llamaOnTogether("ra", 10));
        HttpResponse<String> admin = server.get(PATH + "?user_id=ra", TestTokens.admin("someone-else"));
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(server.json(admin).get("recommendations")).isNotEmpty();
        assertThat(server.get(PATH + "?user_id=ra", TestTokens.forUser("someone-else")).statusCode()).isEqualTo(403);
        assertThat(server.get(PATH, null).statusCode()).isEqualTo(401);
    }

    @Test
    void badParameters_areRefusedNamingTheField() {
        Map<String, String> bad = Map.ofEntries(
                Map.entry("min_savings=-1", "min_savings"),
                Map.entry("min_savings=abc", "min_savings"),
                Map.entry("min_savings=1e3", "min_savings"),
                Map.entry("min_savings=1000000000.01", "min_savings"),
                Map.entry("min_savings=99999999999", "min_savings"),
                Map.entry("min_savings=0.12345678901", "min_savings"),
                Map.entry("min_savings=1&min_savings=2", "min_savings"),
                Map.entry("billing_period=2026-13", "billing_period"),
                Map.entry("billing_period=1969-12", "billing_period"),
                Map.entry("from=1969-12-31", "from"),
                Map.entry("from=yesterday", "from"),
                Map.entry("from=2026-11-10&to=2026-11-01", "to"),
                Map.entry("provider=groq", "provider"),
                Map.entry("exact=true", "exact"));
        bad.forEach((query, field) -> {
            HttpResponse<String> r = server.get(PATH + "?" + query, TestTokens.forUser("rb"));
            assertThat(r.statusCode()).as(query).isEqualTo(400);
            assertThat(server.json(r).get("field").asText()).as(query).isEqualTo(field);
        });
        assertThat(recommendations("rb", "?min_savings=1000000000").get("min_savings").decimalValue())
                .isEqualByComparingTo("1000000000");
        assertThat(recommendations("rb", "?min_savings=0.0000000001").get("min_savings").decimalValue())
                .isEqualByComparingTo("0.0000000001");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
