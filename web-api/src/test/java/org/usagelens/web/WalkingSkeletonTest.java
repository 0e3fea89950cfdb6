package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/** One usage event end to end: ingested over HTTP, stored in PostgreSQL with its provider, read back. */
class WalkingSkeletonTest {
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @Test
    void videoEventOnWaveSpeed_isStoredWithActualProvider_andReadBack() {
        String ts = TestClock.standard().instant().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString();
        String body = """
                {"events":[{"id":"evt-1","user_id":"alice","provider":"video",
                  "model_used":"alibaba/wan-2.5/text-to-video","endpoint":"/video-generation/wavespeed",
                  "method":"POST","tokens_input":0,"tokens_output":0,"cost_input":0,"cost_output":"0.50",
                  "cost_total":0.5,"response_time":41.2,"status_code":200,"timestamp":"%s"}]}
                """.formatted(ts);

        HttpResponse<String> posted = server.postEvents(body);
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        JsonNode result = server.json(posted).get("results").get(0);
        assertThat(result.get("status").asText()).isEqualTo("stored");
        assertThat(result.get("detection").get("provider").asText()).isEqualTo("wavespeed");

        HttpResponse<String> read = server.get("/api/subscription/usage-logs", TestTokens.forUser("alice"));
        assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
        JsonNode page = server.json(read);
        assertThat(page.get("total_count").asLong()).isEqualTo(1);
        JsonNode log = page.get("logs").get(0);
        assertThat(log.get("actual_provider_name").asText()).isEqualTo("wavespeed");
        assertThat(log.get("provider").asText()).isEqualTo("wavespeed");
        assertThat(log.get("provider_display_name").asText()).isEqualTo("WaveSpeed");
        assertThat(log.get("category").asText()).isEqualTo("video");
        assertThat(log.get("cost_total").decimalValue()).isEqualByComparingTo("0.5");
        assertThat(log.get("timestamp").asText()).isEqualTo(ts);
        assertThat(log.get("status").asText()).isEqualTo("success");

        assertThat(server.get("/api/subscription/usage-logs", TestTokens.forUser("bob")).body()).contains("\"total_count\":0");
    }

    @Test
    void health_isUpWhenTheDatabaseAnswers() {
        HttpResponse<String> health = server.get("/health", null);
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(server.json(health).get("database").asText()).isEqualTo("up");
    }

    @Test
    void dashboard_isServedAtRootAndAtItsViews() {
        HttpResponse<String> root = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/")).header("Accept", "text/html"));
        assertThat(root.statusCode()).isEqualTo(200);
        assertThat(root.body()).contains("<div id=\"root\">");
        HttpResponse<String> analytics = server.send(java.net.http.HttpRequest.newBuilder(server.uri("/analytics")).header("Accept", "text/html"));
        assertThat(analytics.statusCode()).isEqualTo(200);
        assertThat(analytics.body()).contains("<div id=\"root\">");
    }

    @Test
    void unknownApiPath_isJson404() {
        HttpResponse<String> missing = server.get("/api/nope", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(server.json(missing).get("status").asInt()).isEqualTo(404);
    }
}
