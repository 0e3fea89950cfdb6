package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.service.DemoData;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.Seeds;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/** GET /api/subscription/usage-logs, its CSV and the provider analytics, over HTTP on demo data. */
class ReadApiTest {
    private static final Instant NOW = TestClock.standard().instant();
    private static TestServer server;
    private static List<NewUsageLog> seeded;
    private static final String USER = DemoData.DEMO_USER;
    private static final String TOKEN = TestTokens.forUser(USER);

    @BeforeAll
    static void start() {
        server = TestServer.start();
        seeded = Seeds.demo(NOW, 1500, 11);
        Seeds.insert(server.database(), seeded);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode get(String pathAndQuery) {
        HttpResponse<String> response = server.get(pathAndQuery, TOKEN);
        assertThat(response.statusCode()).as(pathAndQuery + " -> " + response.body()).isEqualTo(200);
        return server.json(response);
    }

    /** Every log of the filter, through the cursor, 200 at a time. */
    private static List<JsonNode> all(String query) {
        List<JsonNode> logs = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = get("/api/subscription/usage-logs?limit=200&" + query + (cursor == null ? "" : "&cursor=" + cursor));
            page.get("logs").forEach(logs::add);
            cursor = page.get("next_cursor").isNull() ? null : page.get("next_cursor").asText();
        } while (cursor != null);
        return logs;
    }

    private static long expected(Predicate<NewUsageLog> p) {
        return seeded.stream().filter(l -> l.event().userId().equals(USER)).filter(p).count();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void logs_areNewestFirst_withTheOriginalShapeAndDetection() {
        JsonNode page = get("/api/subscription/usage-logs");
        assertThat(page.get("limit").asInt()).isEqualTo(50);
        assertThat(page.get("offset").asInt()).isZero();
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.get("total_count").asLong()).isEqualTo(expected(l -> true));
        JsonNode logs = page.get("logs");
        assertThat(logs).hasSize(50);
        for (int i = 1; i < logs.size(); i++) {
            assertThat(Instant.parse(logs.get(i - 1).get("timestamp").asText()))
                    .isAfterOrEqualTo(Instant.parse(logs.get(i).get("timestamp").asText()));
        }
        JsonNode log = logs.get(0);
        for (String field : List.of("id", "timestamp", "provider", "actual_provider_name", "model_used", "endpoint", "method",
                "tokens_input", "tokens_output", "tokens_total", "cost_input", "cost_output", "cost_total", "response_time",
                "status_code", "status", "error_message", "billing_period", "retry_count", "category",
                "provider_display_name", "detection")) {
            assertThat(log.has(field)).as(field).isTrue();
        }
    }

    @Test
    void legacyRows_areShownUnderTheProviderDetectedOnRead() {
        List<JsonNode> logs = all("");
        List<JsonNode> legacy = logs.stream().filter(l -> l.get("actual_provider_name").isNull()).toList();
        assertThat(legacy).isNotEmpty();
        assertThat(legacy).allSatisfy(l -> {
            assertThat(l.get("detection").get("computed_on_read").asBoolean()).isTrue();
            assertThat(l.get("provider").asText()).isNotBlank();
        });
        assertThat(logs.stream().filter(l -> !l.get("actual_provider_name").isNull()))
                .allSatisfy(l -> assertThat(l.get("detection").get("computed_on_read").asBoolean()).isFalse());
        assertThat(legacy.stream().filter(l -> l.get("category").asText().equals("video")
                && l.get("endpoint").asText().equals("/video-generation/wavespeed")))
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l.get("provider").asText()).isEqualTo("wavespeed"));
    }

    @Test
    void providerFilter_byActualProvider_findsVideoRowsThatWaveSpeedServed_includingLegacyOnes() {
        List<JsonNode> logs = all("provider=wavespeed");
        assertThat(logs).isNotEmpty().allSatisfy(l -> assertThat(l.get("provider").asText()).isEqualTo("wavespeed"));
        assertThat(logs).anySatisfy(l -> assertThat(l.get("category").asText()).isEqualTo("video"));
        assertThat(logs).anySatisfy(l -> assertThat(l.get("actual_provider_name").isNull()).isTrue());
        long everyWaveSpeedRow = all("").stream().filter(l -> l.get("provider").asText().equals("wavespeed")).count();
        assertThat(logs).hasSize((int) everyWaveSpeedRow);
    }

    @Test
    void providerFilter_acceptsACategoryValue_asBefore() {
        List<JsonNode> logs = all("provider=video");
        assertThat(logs).hasSize((int) expected(l -> l.event().category().wireName().equals("video")));
        assertThat(logs).allSatisfy(l -> assertThat(l.get("category").asText()).isEqualTo("video"));
    }

    @Test
    void eachFilter_selectsExactlyItsRows() {
        String period = YearMonth.from(NOW.atOffset(ZoneOffset.UTC)).toString();
        assertThat(all("category=gemini")).hasSize((int) expected(l -> l.event().category().wireName().equals("gemini")));
        assertThat(all("status=failed")).hasSize((int) expected(l -> l.event().statusCode() >= 300));
        assertThat(all("status=success")).hasSize((int) expected(l -> l.event().statusCode() < 300));
        assertThat(all("status_code=429")).hasSize((int) expected(l -> l.event().statusCode() == 429));
        assertThat(all("billing_period=" + period)).hasSize((int) expected(l -> l.event().billingPeriod().equals(period)));
        Instant from = NOW.minusSeconds(10 * 86400);
        Instant to = NOW.minusSeconds(5 * 86400);
        assertThat(all("from=" + from + "&to=" + to)).hasSize((int) expected(l -> !l.event().timestamp().isBefore(from)
                && l.event().timestamp().isBefore(to)));
        assertThat(all("provider=google&status=failed"))
                .allSatisfy(l -> {
                    assertThat(l.get("provider").asText()).isEqualTo("google");
                    assertThat(l.get("status").asText()).isEqualTo("failed");
                });
    }

    @Test
    void offsetAndCursor_walkTheSameOrder() {
        JsonNode first = get("/api/subscription/usage-logs?limit=20");
        JsonNode byOffset = get("/api/subscription/usage-logs?limit=20&offset=20");
        JsonNode byCursor = get("/api/subscription/usage-logs?limit=20&cursor=" + first.get("next_cursor").asText());
        assertThat(byCursor.get("logs").findValuesAsText("id")).isEqualTo(byOffset.get("logs").findValuesAsText("id"));
    }

    @Test
    void cursorPages_areStable_whileNewEventsArrive() {
        String user = "cursor-user";
        String token = TestTokens.forUser(user);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            events.add(Events.video(user, "old-" + i, "0.1", NOW.minusSeconds(3600 + i)));
        }
        server.postEvents(Events.batch(events.toArray(String[]::new)));
        Set<String> seen = new HashSet<>();
        List<String> order = new ArrayList<>();
        String cursor = null;
        int page = 0;
        do {
            JsonNode body = server.json(server.get("/api/subscription/usage-logs?limit=25" + (cursor == null ? "" : "&cursor=" + cursor), token));
            body.get("logs").forEach(l -> order.add(l.get("id").asText()));
            cursor = body.get("next_cursor").isNull() ? null : body.get("next_cursor").asText();
            // New events keep arriving between pages; they are newer than the first page.
            server.postEvents(Events.batch(Events.video(user, "new-" + page, "0.1", NOW.minusSeconds(10 + page))));
            page++;
        } while (cursor != null);
        seen.addAll(order);
        assertThat(order).hasSize(120);
        assertThat(seen).hasSize(120);
    }

    @Test
    void badParameters_are400NamingTheParameter() {
        for (String[] c : List.of(
                new String[] {"limit=0", "limit"}, new String[] {"limit=5001", "limit"}, new String[] {"limit=abc", "limit"},
                new String[] {"offset=-1", "offset"}, new String[] {"cursor=garbage", "cursor"},
                new String[] {"provider=acme", "provider"}, new String[] {"category=robots", "category"},
                new String[] {"status=maybe", "status"}, new String[] {"status_code=42", "status_code"},
                new String[] {"billing_period=2026-13", "billing_period"}, new String[] {"from=yesterday", "from"},
                new String[] {"from=2026-02-01&to=2026-01-01", "to"},
                new String[] {"limit=1&limit=2", "limit"})) {
            HttpResponse<String> response = server.get("/api/subscription/usage-logs?" + c[0], TOKEN);
            assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(server.json(response).get("field").asText()).as(c[0]).isEqualTo(c[1]);
        }
        // An unknown parameter: the analytics refuse it; the usage logs, which the original's clients call with
        // cache-busters, ignore it and say so.
        HttpResponse<String> analytics = server.get("/api/subscription/provider-analytics?colour=blue", TOKEN);
        assertThat(analytics.statusCode()).isEqualTo(400);
        assertThat(server.json(analytics).get("field").asText()).isEqualTo("colour");
        HttpResponse<String> logs = server.get("/api/subscription/usage-logs?colour=blue&limit=1", TOKEN);
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(logs.headers().firstValue("UsageLens-Ignored-Parameters")).hasValue("colour");
    }

    @Test
    void analyticsTotals_equalTheSumsOfTheLogs_forEveryProvider() {
        String period = YearMonth.from(NOW.atOffset(ZoneOffset.UTC)).toString();
        JsonNode analytics = get("/api/subscription/provider-analytics?billing_period=" + period);
        List<JsonNode> logs = all("billing_period=" + period);

        assertThat(analytics.get("totals").get("calls").asLong()).isEqualTo(logs.size());
        assertThat(analytics.get("totals").get("cost").decimalValue()).isEqualByComparingTo(costOf(logs));
        assertThat(analytics.get("totals").get("failed_calls").asLong())
                .isEqualTo(logs.stream().filter(l -> l.get("status").asText().equals("failed")).count());
        BigDecimal providerCosts = BigDecimal.ZERO;
        for (JsonNode provider : analytics.get("providers")) {
            String id = provider.get("provider").asText();
            List<JsonNode> ofProvider = logs.stream().filter(l -> l.get("provider").asText().equals(id)).toList();
            assertThat(provider.get("metrics").get("calls").asLong()).as(id).isEqualTo(ofProvider.size());
            assertThat(provider.get("metrics").get("cost").decimalValue()).as(id).isEqualByComparingTo(costOf(ofProvider));
            assertThat(provider.get("metrics").get("tokens_input").asLong()).as(id)
                    .isEqualTo(ofProvider.stream().mapToLong(l -> l.get("tokens_input").asLong()).sum());
            long categoryCalls = 0;
            for (JsonNode category : provider.get("categories")) {
                categoryCalls += category.get("metrics").get("calls").asLong();
            }
            assertThat(categoryCalls).as(id).isEqualTo(ofProvider.size());
            providerCosts = providerCosts.add(provider.get("metrics").get("cost").decimalValue());
            assertThat(get("/api/subscription/usage-logs?limit=1&billing_period=" + period + "&provider=" + id)
                    .get("total_count").asLong()).isEqualTo(ofProvider.size());
        }
        assertThat(providerCosts).isEqualByComparingTo(analytics.get("totals").get("cost").decimalValue());
        long dailyCalls = 0;
        for (JsonNode d : analytics.get("daily")) {
            dailyCalls += d.get("calls").asLong();
        }
        assertThat(dailyCalls).isEqualTo(logs.size());
        assertThat(analytics.get("category_comparison")).isNotEmpty();
        assertThat(analytics.get("period").get("from").asText()).isEqualTo(YearMonth.parse(period).atDay(1) + "T00:00:00Z");
    }

    @Test
    void analyticsLatencies_areEstimatedWithinTheStatedError_orExactOnRequest() {
        String user = "latency-user";
        String token = TestTokens.forUser(user);
        Instant at = NOW.minusSeconds(120);
        StringBuilder events = new StringBuilder();
        double[] latencies = {0.2, 0.35, 1.1, 1.9, 2.4, 7.5, 30, 41.5, 0.05, 3.3};
        List<String> batch = new java.util.ArrayList<>();
        for (int i = 0; i < latencies.length; i++) {
            batch.add(Events.video(user, "lat-" + i, "0.1", at).replace("\"response_time\":1.5",
                    "\"response_time\":" + latencies[i]));
        }
        server.postEvents(Events.batch(batch.toArray(String[]::new)));
        String path = "/api/subscription/provider-analytics?billing_period=" + YearMonth.from(at.atOffset(ZoneOffset.UTC));

        JsonNode estimated = server.json(server.get(path, token));
        JsonNode exact = server.json(server.get(path + "&exact=true", token));
        assertThat(estimated.get("latency_relative_error").asDouble()).isEqualTo(0.01);
        assertThat(exact.get("latency_relative_error").asDouble()).isZero();
        double[] sorted = latencies.clone();
        java.util.Arrays.sort(sorted);
        double p50 = (sorted[4] + sorted[5]) / 2; // percentile_cont over 10 values
        assertThat(exact.get("totals").get("latency_p50").asDouble()).isEqualTo(p50);
        double sketched = estimated.get("totals").get("latency_p50").asDouble();
        assertThat(sketched).isNotEqualTo(p50).isCloseTo(p50, org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(estimated.get("totals").get("latency_p95").asDouble())
                .isCloseTo(exact.get("totals").get("latency_p95").asDouble(), org.assertj.core.data.Percentage.withPercentage(1));
        // Everything else is the same figure either way.
        assertThat(estimated.get("totals").get("cost").decimalValue()).isEqualByComparingTo(exact.get("totals").get("cost").decimalValue());
        assertThat(estimated.get("daily")).isEqualTo(exact.get("daily"));

        HttpResponse<String> bad = server.get(path + "&exact=yes", token);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(server.json(bad).get("field").asText()).isEqualTo("exact");
        assertThat(server.json(bad).get("message").asText()).contains("true or false");
    }

    @Test
    void analytics_areReused_untilTheLogsTheyCoverChange() {
        String user = "reuse-user";
        String token = TestTokens.forUser(user);
        Instant at = NOW.minusSeconds(60);
        String path = "/api/subscription/provider-analytics?billing_period=" + YearMonth.from(at.atOffset(ZoneOffset.UTC));
        server.postEvents(Events.batch(Events.video(user, "r1", "0.5", at), Events.video(user, "r2", "0.25", at)));
        HttpResponse<String> first = server.get(path, token);
        HttpResponse<String> second = server.get(path, token);
        HttpResponse<String> forced = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + token).header("Cache-Control", "no-cache").GET());
        assertThat(first.headers().firstValue("Cache-Status")).hasValue("UsageLens; fwd=miss");
        assertThat(second.headers().firstValue("Cache-Status")).hasValue("UsageLens; hit");
        assertThat(forced.headers().firstValue("Cache-Status")).hasValue("UsageLens; fwd=request");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(forced.body()).isEqualTo(first.body());
        for (String[] header : new String[][] {{"Cache-Control", "max-age=0"}, {"Cache-Control", "private, No-Cache"},
                {"Pragma", "no-cache"}}) {
            HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri(path))
                    .header("Authorization", "Bearer " + token).header(header[0], header[1]).GET());
            assertThat(r.headers().firstValue("Cache-Status")).as(header[0] + ": " + header[1])
                    .hasValue("UsageLens; fwd=request");
        }
        HttpResponse<String> notFresh = server.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", "Bearer " + token).header("Cache-Control", "max-age=60").GET());
        assertThat(notFresh.headers().firstValue("Cache-Status")).hasValue("UsageLens; hit");
        assertThat(server.json(first).get("totals").get("calls").asLong()).isEqualTo(2);

        // Another user's events leave this user's figures reusable; one of this user's changes them.
        server.postEvents(Events.batch(Events.video("someone-else", "r3", "1", at)));
        assertThat(server.get(path, token).headers().firstValue("Cache-Status")).hasValue("UsageLens; hit");
        server.postEvents(Events.batch(Events.video(user, "r3", "1", at)));
        HttpResponse<String> after = server.get(path, token);
        assertThat(after.headers().firstValue("Cache-Status")).hasValue("UsageLens; fwd=miss");
        assertThat(server.json(after).get("totals").get("calls").asLong()).isEqualTo(3);
        assertThat(server.json(after).get("totals").get("cost").decimalValue()).isEqualByComparingTo("1.75");
    }

    @Test
    void analytics_sumTokensOfManyLargeCalls_exactly() {
        // Each event may carry up to a billion tokens each way; the sums are exact whatever their size (NUMERIC(38, 0)),
        // and one token more is refused.
        String user = "token-heavy-user";
        long max = org.usagelens.domain.service.UsageEventValidator.MAX_TOKENS;
        Instant at = NOW.minusSeconds(60);
        List<String> events = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            events.add(Events.video(user, "t" + i, "0.1", at).replace("\"tokens_input\":10", "\"tokens_input\":" + max)
                    .replace("\"tokens_output\":20", "\"tokens_output\":" + max));
        }
        assertThat(server.json(server.postEvents(Events.batch(events.toArray(String[]::new)))).findValuesAsText("status"))
                .containsOnly("stored");
        assertThat(server.json(server.postEvents(Events.batch(Events.video(user, "over", "0.1", at)
                .replace("\"tokens_input\":10", "\"tokens_input\":" + (max + 1))))).findValuesAsText("status"))
                .containsOnly("rejected");
        HttpResponse<String> response = server.get("/api/subscription/provider-analytics?billing_period="
                + YearMonth.from(at.atOffset(ZoneOffset.UTC)), TestTokens.forUser(user));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.math.BigInteger expected = java.math.BigInteger.valueOf(max).multiply(java.math.BigInteger.valueOf(3));
        assertThat(server.json(response).get("totals").get("tokens_input").bigIntegerValue()).isEqualTo(expected);
        assertThat(server.json(response).get("totals").get("tokens_output").bigIntegerValue()).isEqualTo(expected);
    }

    @Test
    void analytics_withoutPeriod_coversTheCurrentBillingPeriod() {
        JsonNode analytics = get("/api/subscription/provider-analytics");
        assertThat(analytics.get("period").get("billing_period").asText())
                .isEqualTo(YearMonth.now(TestClock.standard().withZone(ZoneOffset.UTC)).toString());
    }

    @Test
    void csvExport_hasAHeaderAndOneLinePerLog_forTheFilter() {
        HttpResponse<String> csv = server.send(HttpRequest.newBuilder(server.uri("/api/subscription/usage-logs.csv?provider=wavespeed"))
                .header("Authorization", "Bearer " + TOKEN));
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        List<String> lines = csv.body().lines().toList();
        assertThat(lines.get(0)).startsWith("id,timestamp,provider,provider_display_name,actual_provider_name,category");
        assertThat(lines).hasSize(1 + all("provider=wavespeed").size());

        HttpResponse<String> viaAccept = server.send(HttpRequest.newBuilder(server.uri("/api/subscription/usage-logs?provider=wavespeed"))
                .header("Authorization", "Bearer " + TOKEN).header("Accept", "text/csv"));
        assertThat(viaAccept.body()).isEqualTo(csv.body());
    }

    @Test
    void csvCells_thatASpreadsheetWouldRun_areDefused() {
        String user = "csv-user";
        String event = Events.video(user, "f1").replace("\"method\":\"POST\"", "\"method\":\"POST\",\"error_message\":\"=HYPERLINK(\\\"http://evil\\\")\"");
        server.postEvents(Events.batch(event));
        String body = server.send(HttpRequest.newBuilder(server.uri("/api/subscription/usage-logs.csv"))
                .header("Authorization", "Bearer " + TestTokens.forUser(user))).body();
        assertThat(body).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"");
    }

    private static BigDecimal costOf(List<JsonNode> logs) {
        return logs.stream().map(l -> l.get("cost_total").isNull() ? BigDecimal.ZERO : l.get("cost_total").decimalValue())
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    @Test
    void providerCatalogIsPublic_andExplainAnswersASignedInUser() {
        JsonNode providers = server.json(server.get("/api/providers", null));
        assertThat(providers.get("providers").findValuesAsText("id")).contains("wavespeed", "google", "huggingface", "unknown");
        JsonNode explained = server.json(server.get("/api/detection/explain?category=audio&model=tts-1&endpoint="
                + enc("/v1/audio/speech"), TestTokens.forUser("anyone")));
        assertThat(explained.get("provider").get("id").asText()).isEqualTo("openai");
        assertThat(explained.get("steps")).isNotEmpty();
    }
}
