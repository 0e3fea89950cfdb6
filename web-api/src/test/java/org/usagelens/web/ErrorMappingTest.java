package org.usagelens.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.usagelens.domain.model.UsageLensException;

/**
 * Every kind of the domain's exceptions gets its status through the real server, whatever its subclass: one the web
 * adapter has never heard of included (here, one declared by the test).
 */
class ErrorMappingTest {
    private static final Map<UsageLensException.Kind, Integer> STATUS = new EnumMap<>(Map.of(
            UsageLensException.Kind.INVALID_REQUEST, 400, UsageLensException.Kind.UNAVAILABLE, 503));

    private static Javalin app;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A subtype that no mapping names. */
    static final class SomeNewFailure extends UsageLensException {
        private final Kind kind;

        SomeNewFailure(Kind kind) {
            super("the thing is " + kind.name().toLowerCase(java.util.Locale.ROOT));
            this.kind = kind;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String field() {
            return kind == Kind.INVALID_REQUEST ? "thing" : null;
        }
    }

    @BeforeAll
    static void start() {
        app = Javalin.create(config -> {
            config.routes.get("/fail/{kind}", ctx -> {
                throw new SomeNewFailure(UsageLensException.Kind.valueOf(ctx.pathParam("kind")));
            });
            ErrorMapping.install(config.routes);
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @ParameterizedTest
    @EnumSource(UsageLensException.Kind.class)
    void everyKind_hasItsStatus_andTheOneErrorBody(UsageLensException.Kind kind) throws Exception {
        assertThat(STATUS).as("the test knows every kind").containsKey(kind);
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + "/fail/" + kind.name())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(STATUS.get(kind));
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("message").asText()).contains("the thing is");
        assertThat(body.path("status").asInt()).isEqualTo(STATUS.get(kind));
        if (kind == UsageLensException.Kind.INVALID_REQUEST) {
            assertThat(body.path("field").asText()).isEqualTo("thing");
        } else {
            assertThat(r.headers().firstValue("retry-after")).hasValue("5");
        }
    }
}
