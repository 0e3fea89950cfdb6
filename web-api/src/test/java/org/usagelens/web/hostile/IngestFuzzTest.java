package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.usagelens.domain.testing.TestClock;
import org.usagelens.domain.service.UsageEventValidator;
import org.usagelens.web.Json;
import org.usagelens.web.testing.TestServer;

/**
 * Property-based fuzzing of request validation over HTTP: batches of arbitrary JSON objects (any type in any
 * field, unicode, NUL, huge and extreme numbers, unknown fields) posted to the real server never get a 5xx,
 * and a 200 always carries exactly one result per event, in order, whose counts add up.
 */
class IngestFuzzTest {
    private static final ObjectMapper JSON = Json.mapper();
    /** Writes BigDecimals in scientific notation (1E+99999999), as a hostile client would. */
    private static final ObjectMapper WRITER = new ObjectMapper();
    private static TestServer server;

    @BeforeContainer
    static void start() {
        server = TestServer.start();
    }

    @AfterContainer
    static void stop() {
        server.close();
    }

    @Property(tries = 250)
    void givenArbitraryEventObjects_thenNeverA5xx_andOneResultPerEvent(@ForAll("batches") List<Object> events)
            throws Exception {
        String body = WRITER.writeValueAsString(Map.of("events", events));
        HttpResponse<String> response = server.postEvents(body);

        assertThat(response.statusCode()).as(body).isBetween(200, 499);
        JsonNode json = JSON.readTree(response.body());
        if (response.statusCode() == 200) {
            JsonNode results = json.get("results");
            assertThat(results.size()).isEqualTo(events.size());
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get("index").asInt()).isEqualTo(i);
                assertThat(results.get(i).get("status").asText()).isIn("stored", "duplicate", "rejected");
            }
            assertThat(json.get("stored").asInt() + json.get("duplicates").asInt() + json.get("rejected").asInt())
                    .isEqualTo(events.size());
        } else {
            assertThat(json.get("status").asInt()).isEqualTo(response.statusCode());
        }
    }

    @Provide
    Arbitrary<List<Object>> batches() {
        return Arbitraries.oneOf(event(), event(), values()).list().ofMinSize(1).ofMaxSize(8);
    }

    /** An event object: mostly real field names with valid or hostile values, sometimes unknown fields. */
    private Arbitrary<Object> event() {
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(UsageEventValidator.FIELDS),
                Arbitraries.of(UsageEventValidator.FIELDS), Arbitraries.strings().ofMaxLength(6));
        Arbitrary<Map<String, Object>> random = Arbitraries.maps(names, values()).ofMaxSize(25);
        return random.map(fields -> {
            Map<String, Object> event = new LinkedHashMap<>(valid());
            event.putAll(fields);
            return (Object) event;
        });
    }

    private static Map<String, Object> valid() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", "fz-" + System.nanoTime());
        f.put("user_id", "fuzz");
        f.put("provider", "video");
        f.put("model_used", "alibaba/wan-2.5/text-to-video");
        f.put("endpoint", "/video-generation/wavespeed");
        f.put("method", "POST");
        f.put("tokens_input", 1);
        f.put("tokens_output", 2);
        f.put("cost_input", 0);
        f.put("cost_output", "0.5");
        f.put("response_time", 1.5);
        f.put("status_code", 200);
        f.put("timestamp", TestClock.standard().instant().minusSeconds(60).toString());
        return f;
    }

    private Arbitrary<Object> values() {
        Arbitrary<Object> scalar = Arbitraries.oneOf(
                Arbitraries.just(null), Arbitraries.of(true, false),
                Arbitraries.strings().ofMaxLength(40),
                Arbitraries.strings().all().ofMaxLength(20),
                Arbitraries.of("\u0000", "\uD800", "' OR 1=1 --", "<script>alert(1)</script>", "1e3", "NaN", "-1",
                        "2026-11-28T10:00:00Z", "2026-13", "POST", "video", "openai", "0.0000000001"),
                Arbitraries.longs(), Arbitraries.integers().between(-5, 700),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(80).negate(), BigInteger.TWO.pow(80)),
                Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000))
                        .flatMap(u -> Arbitraries.integers().between(-99_999_999, 99_999_999).map(s -> new BigDecimal(u, s))),
                Arbitraries.doubles());
        return Arbitraries.oneOf(scalar, scalar, scalar,
                scalar.list().ofMaxSize(3).map(l -> (Object) l),
                Arbitraries.maps(Arbitraries.strings().ofMaxLength(3), scalar).ofMaxSize(3).map(m -> (Object) m));
    }
}
