package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.Events;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The original system's dashboard reads our answers unchanged: its request shapes (a cache-busting parameter
 * included), its error field ({@code detail}), its {@code UsageLog} type checked by {@code tsc --strict} against
 * responses of the real server, and its {@code [AGGREGATED]} summary rows shown as such, with their counts.
 */
class OriginalClientCompatibilityTest {
    private static final String USER = "user_2qA6V8bFFnhPRGp8JYxP4YTJtHl";
    private static final Path FRONTEND = Path.of("..", "frontend").toAbsolutePath().normalize();
    private static final Path WORK = Path.of("target", "original-client").toAbsolutePath();
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @BeforeAll
    static void start() throws Exception {
        var now = TestClock.standard().instant();
        String complete = Events.video(USER, "call-1", "0.5", now.minusSeconds(120));
        String withoutRetries = Events.event(USER, "call-2", "gemini", "gemini-2.5-flash",
                "/v1beta/models/gemini-2.5-flash:generateContent", "0.00236", 200, now.minusSeconds(60));
        String failed = Events.event(USER, "call-3", "mistral", "openai/gpt-oss-120b:groq",
                "https://router.huggingface.co/v1/chat/completions", "0", 400, now.minusSeconds(30))
                .replace("\"timestamp\"", "\"retry_count\":2,\"error_message\":\"bad request\",\"timestamp\"");
        assertThat(server.postEvents(Events.batch(complete, withoutRetries, failed)).statusCode()).isEqualTo(200);
        // A summary row as the original system's log wrapping wrote it, adopted as it was (tokens not summed: NULL).
        try (Connection c = DriverManager.getConnection(server.database().jdbcUrl(), server.database().user(),
                server.database().password()); Statement s = c.createStatement()) {
            s.execute("INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used, tokens_input,"
                    + " tokens_output, tokens_total, cost_input, cost_output, cost_total, response_time, status_code,"
                    + " error_message, retry_count, timestamp, billing_period) VALUES ('" + USER + "', 'gemini',"
                    + " '[AGGREGATED]', 'AGGREGATED', '[12 calls aggregated]', NULL, NULL, NULL, 0.1, 0.2, 0.3, 1.5, 200,"
                    + " 'Aggregated 12 calls: 10 success, 2 failed', 0, '" + now.minusSeconds(86_400 * 100) + "',"
                    + " '2026-08')");
        }
    }

    private static HttpResponse<String> get(String query) {
        return server.get("/api/subscription/usage-logs" + query, TestTokens.forUser(USER));
    }

    @Test
    void theDashboardsRequest_withACacheBuster_isAnswered_andTheIgnoredParameterNamed() {
        HttpResponse<String> r = get("?limit=50&offset=0&_t=1764582000000&status_code=200");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("UsageLens-Ignored-Parameters")).hasValue("_t");
        JsonNode body = server.json(r);
        assertThat(body.get("total_count").asLong()).isEqualTo(3);
        assertThat(body.get("logs")).hasSize(3);
        assertThat(get("?limit=50&offset=0").headers().firstValue("UsageLens-Ignored-Parameters")).isEmpty();
    }

    @Test
    void errors_carryDetail_theFieldTheOriginalsClientsShow() {
        HttpResponse<String> bad = get("?limit=0");
        assertThat(bad.statusCode()).isEqualTo(400);
        JsonNode body = server.json(bad);
        assertThat(body.get("detail").asText()).isEqualTo(body.get("message").asText()).contains("limit");
        HttpResponse<String> unauthorized = server.get("/api/subscription/usage-logs", null);
        assertThat(server.json(unauthorized).get("detail").isTextual()).isTrue();
    }

    @Test
    void numbersStayNumbers_andWhatWasNotReportedIsSaid() {
        JsonNode logs = server.json(get("?limit=50")).get("logs");
        for (JsonNode log : logs) {
            for (String field : List.of("tokens_input", "tokens_output", "tokens_total", "cost_input", "cost_output",
                    "cost_total", "response_time", "status_code", "retry_count")) {
                assertThat(log.get(field).isNumber()).as("%s of %s", field, log).isTrue();
            }
        }
        JsonNode gemini = find(logs, "gemini-2.5-flash");
        assertThat(gemini.get("retry_count").asInt()).isZero();
        assertThat(gemini.get("not_reported")).extracting(JsonNode::asText).containsExactly("retry_count");
        assertThat(find(logs, "openai/gpt-oss-120b:groq").get("not_reported")).isEmpty();
    }

    @Test
    void anAdoptedSummaryRow_isMarked_withTheCallsItStandsFor() {
        JsonNode logs = server.json(get("?limit=50")).get("logs");
        JsonNode summary = find(logs, "[12 calls aggregated]");
        assertThat(summary.get("is_aggregated").asBoolean()).isTrue();
        assertThat(summary.get("aggregated_calls").asLong()).isEqualTo(12);
        assertThat(summary.get("aggregated_successful_calls").asLong()).isEqualTo(10);
        assertThat(summary.get("aggregated_failed_calls").asLong()).isEqualTo(2);
        assertThat(summary.get("not_reported")).extracting(JsonNode::asText)
                .containsExactly("tokens_input", "tokens_output", "tokens_total");
        assertThat(find(logs, "gemini-2.5-flash").get("is_aggregated").asBoolean()).isFalse();
        assertThat(find(logs, "gemini-2.5-flash").get("aggregated_calls").isNull()).isTrue();
    }

    @Test
    void theOriginalsUsageLogType_acceptsOurResponses_underTscStrict() throws Exception {
        String response = get("?limit=50&offset=0").body();
        assertThat(tsc("real-response", response)).as("tsc on our response").isEmpty();
        // The check can fail: a null where the original type wants a number, or a status it does not know.
        String broken = response.replaceFirst("\"retry_count\":0", "\"retry_count\":null");
        assertThat(broken).isNotEqualTo(response);
        assertThat(tsc("null-number", broken)).as("tsc on a null retry_count").contains("error TS")
                .contains("Type 'null' is not assignable to type 'number'");
        String badStatus = response.replaceFirst("\"status\":\"success\"", "\"status\":\"ok\"");
        assertThat(badStatus).isNotEqualTo(response);
        assertThat(tsc("bad-status", badStatus)).as("tsc on status ok").contains("error TS")
                .contains("Type '\"ok\"' is not assignable to type");
    }

    private static JsonNode find(JsonNode logs, String model) {
        for (JsonNode log : logs) {
            if (model.equals(log.get("model_used").asText())) {
                return log;
            }
        }
        throw new AssertionError("no log with model " + model + " in " + logs);
    }

    /**
     * Runs the frontend's TypeScript compiler in strict mode on the original's types and a constant of their response
     * type initialised with {@code json}; returns the compiler's errors (empty when it compiles).
     */
    private static String tsc(String name, String json) throws IOException, InterruptedException {
        Path tsc = FRONTEND.resolve("node_modules/typescript/bin/tsc");
        assertThat(tsc).as("TypeScript, installed by the frontend build's npm ci").exists();
        Path dir = WORK.resolve(name);
        Files.createDirectories(dir);
        try (InputStream in = OriginalClientCompatibilityTest.class.getResourceAsStream("/original-client/billing.ts")) {
            Files.write(dir.resolve("billing.ts"), in.readAllBytes());
        }
        Files.writeString(dir.resolve("check.ts"), "import type { LenientUsageLogsResponse } from './billing';\n"
                + "export const response: LenientUsageLogsResponse = " + json + ";\n", StandardCharsets.UTF_8);
        Process p = new ProcessBuilder("node", tsc.toString(), "--strict", "--noEmit", "--target", "es2020",
                "--moduleResolution", "node", dir.resolve("check.ts").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("tsc-output.txt").toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("tsc finished").isTrue();
        String output = Files.readString(dir.resolve("tsc-output.txt")).trim();
        System.out.println("[tsc " + name + "] exit " + p.exitValue() + ": " + output);
        assertThat(p.exitValue() == 0).as("tsc's exit code agrees with its output: %s", output).isEqualTo(output.isEmpty());
        return output;
    }
}
