package org.usagelens.web.testing;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.usagelens.domain.testing.TestClock;

/** JSON usage events for API tests. */
public final class Events {
    private Events() {
    }

    /** A valid video-on-WaveSpeed event of this user and key, a minute ago by the standard test clock. */
    public static String video(String user, String key) {
        return video(user, key, "0.5", TestClock.standard().instant().minus(1, ChronoUnit.MINUTES));
    }

    public static String video(String user, String key, String cost, Instant timestamp) {
        return event(user, key, "video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed", cost, 200, timestamp);
    }

    public static String event(String user, String key, String category, String model, String endpoint, String cost,
                               int status, Instant timestamp) {
        return """
                {"id":"%s","user_id":"%s","provider":"%s","model_used":"%s","endpoint":"%s","method":"POST",
                 "tokens_input":10,"tokens_output":20,"cost_input":0,"cost_output":"%s","response_time":1.5,
                 "status_code":%d,"timestamp":"%s"}""".formatted(key, user, category, model, endpoint, cost, status,
                timestamp.truncatedTo(ChronoUnit.MILLIS));
    }

    public static String batch(String... events) {
        return "{\"events\":[" + String.join(",", events) + "]}";
    }
}
