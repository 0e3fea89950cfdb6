package org.usagelens.web.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.detection.testing.Gen;
import org.usagelens.detection.testing.Gen.Chars;
import org.usagelens.detection.testing.Property;
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
    @RegisterExtension
    static final TestServer server = TestServer.perClass();

    @TestFactory
    Stream<DynamicTest> givenArbitraryEventObjects_thenNeverA5xx_andOneResultPerEvent() {
        return Property.forAll(250, batches(), events -> {
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
        });
    }

    private static Gen<List<Object>> batches() {
        return Gen.<Object>oneOf(event(), event(), values()).list(1, 8);
    }

    /** An event object: mostly real field names with valid or hostile values, sometimes unknown fields. */
    private static Gen<Object> event() {
        Gen<String> names = Gen.oneOf(Gen.of(UsageEventValidator.FIELDS),
                Gen.of(UsageEventValidator.FIELDS), Gen.strings(Chars.unicode(), 0, 6));
        Gen<Map<String, Object>> random = Gen.maps(names, values(), 25);
        return r -> {
            Map<String, Object> event = new LinkedHashMap<>(valid(r));
            event.putAll(random.next(r));
            return event;
        };
    }

    /** A valid event; its id comes from the seed (not the clock) so a failing batch can be made again. */
    private static Map<String, Object> valid(SplittableRandom random) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", "fz-" + Long.toHexString(random.nextLong()));
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

    private static Gen<Object> values() {
        Gen<BigInteger> units = Gen.integers(BigInteger.valueOf(-1000), BigInteger.valueOf(1000));
        Gen<Integer> scales = Gen.ints(-99_999_999, 99_999_999);
        Gen<Object> scalar = Gen.oneOf(
                Gen.constant(null), Gen.booleans(),
                Gen.strings(Chars.unicode(), 0, 40),
                Gen.strings(Chars.all(), 0, 20),
                Gen.of("\u0000", "\uD800", "' OR 1=1 --", "<script>alert(1)</script>", "1e3", "NaN", "-1",
                        "2026-11-28T10:00:00Z", "2026-13", "POST", "video", "openai", "0.0000000001"),
                Gen.longs(), Gen.ints(-5, 700),
                Gen.integers(BigInteger.TWO.pow(80).negate(), BigInteger.TWO.pow(80)),
                r -> new BigDecimal(units.next(r), scales.next(r)),
                Gen.doubles());
        return Gen.oneOf(scalar, scalar, scalar,
                scalar.list(0, 3),
                Gen.maps(Gen.strings(Chars.unicode(), 0, 3), scalar, 3));
    }
}
