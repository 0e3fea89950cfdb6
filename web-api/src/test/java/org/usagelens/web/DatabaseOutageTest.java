package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.usagelens.web.testing.Events.batch;
import static org.usagelens.web.testing.Events.video;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.EmbeddedDatabase;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;
import org.usagelens.web.wiring.ServerSettings;

/** With PostgreSQL gone, requests fail fast with 503 and Retry-After, and service resumes when it returns. */
class DatabaseOutageTest {

    @Test
    void givenPostgresStopped_whenIngesting_then503Within5Seconds_andRecoveryAfterRestart(@TempDir Path dir) {
        EmbeddedDatabase postgres = EmbeddedDatabase.start(dir.resolve("pg"));
        DatabaseUrl url = postgres.url();
        int port = postgres.port();
        ServerSettings settings = new ServerSettings("127.0.0.1", 0, dir, url.jdbcUrl(), url.user(), url.password(),
                List.of(TestServer.INGEST_KEY), TestServer.JWT_SECRET, null, null, false, 4);
        try (TestServer server = TestServer.start(settings, url)) {
            assertThat(server.postEvents(batch(video("outage", "before"))).statusCode()).isEqualTo(200);

            postgres.close();
            long start = System.nanoTime();
            HttpResponse<String> during = server.postEvents(batch(video("outage", "during")));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(during.statusCode()).as(during.body()).isEqualTo(503);
            assertThat(during.headers().firstValue("Retry-After")).contains("5");
            assertThat(took).isLessThan(Duration.ofSeconds(5));
            assertThat(server.get("/health", null).statusCode()).isEqualTo(503);
            assertThat(server.get("/api/subscription/usage-logs", TestTokens.forUser("outage")).statusCode()).isEqualTo(503);

            EmbeddedDatabase restarted = EmbeddedDatabase.startOnPort(dir.resolve("pg"), port);
            try {
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                int status = 0;
                while (System.nanoTime() < deadline && status != 200) {
                    status = server.postEvents(batch(video("outage", "during"))).statusCode();
                }
                assertThat(status).as("ingestion recovers within 10 s of PostgreSQL's return").isEqualTo(200);
                var page = server.json(server.get("/api/subscription/usage-logs", TestTokens.forUser("outage")));
                assertThat(page.get("total_count").asLong()).isEqualTo(2);
            } finally {
                restarted.close();
            }
        }
    }
}
