package org.usagelens.web.load;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Deterministic, realistic usage events for load runs: event {@code seq} of a user always has the same call and the
 * same cost, so what was acknowledged can be reconciled with what is stored without keeping the events.
 */
final class SyntheticEvents {
    /** category, model, endpoint: the mix the original system logs (media calls under generic categories). */
    static final String[][] CALLS = {
            {"video", "alibaba/wan-2.5/text-to-video", "/video-generation/wavespeed"},
            {"video", "google/veo3", "https://api.wavespeed.ai/api/v3/google/veo3"},
            {"video", "veo-3.0-generate-001", "https://generativelanguage.googleapis.com/v1beta/models/veo-3.0-generate-001"},
            {"audio", "tts-1", "https://api.openai.com/v1/audio/speech"},
            {"audio", "eleven_multilingual_v2", "https://api.elevenlabs.io/v1/text-to-speech"},
            {"stability", "stable-diffusion-3.5-large", "https://api.stability.ai/v2beta/stable-image/generate/sd3"},
            {"image_edit", "black-forest-labs/FLUX.1-Kontext-dev", "https://router.huggingface.co/fal-ai/v1"},
            {"gemini", "gemini-2.5-flash", "/v1beta/models/gemini-2.5-flash:generateContent"},
            {"openai", "gpt-4o-mini", "/v1/chat/completions"},
            {"anthropic", "claude-sonnet-4-5", "/v1/messages"},
            {"mistral", "mistralai/Mistral-7B-Instruct-v0.3", "https://router.huggingface.co/v1/chat/completions"},
            {"tavily", "search", "/search"},
    };

    /**
     * The unit each call of {@link #CALLS} is billed in besides tokens, by index: what a client of UsageLens 1.1 sends
     * in {@code units} so that the price catalog can price media calls (null: tokens only). Not sent by
     * {@link Shape#LEGACY} events.
     */
    static final String[] UNITS = {
            "video_second", "video_second", "video_second", "character", "character", "image", "image",
            null, null, null, null, "request",
    };

    /** What an event says about its cost. */
    enum Shape {
        /** The events of the earlier benchmarks: tokens and a client cost, no units. */
        LEGACY,
        /** Tokens, units for media calls, and a client cost: the catalog only adds its own figure beside it. */
        CLIENT_COST,
        /** Tokens and units as {@link #CLIENT_COST}, no cost fields: the catalog prices the call at write. */
        CATALOG
    }

    private SyntheticEvents() {
    }

    static String key(int client, long seq) {
        return "c" + client + "-" + seq;
    }

    static long seqOf(String key) {
        return Long.parseLong(key.substring(key.indexOf('-') + 1));
    }

    /** The cost of event {@code seq}: 0.0001 to 0.0997, exact. */
    static BigDecimal cost(long seq) {
        return BigDecimal.valueOf(seq % 997 + 1, 4);
    }

    static int tokensInput(long seq) {
        return (int) (seq % 2000);
    }

    static int tokensOutput(long seq) {
        return (int) (seq % 700);
    }

    static int status(long seq) {
        return seq % 41 == 0 ? 500 : 200;
    }

    /** The unit event {@code seq} is billed in besides tokens, or null (see {@link #UNITS}). */
    static String unit(long seq) {
        return UNITS[(int) (seq % CALLS.length)];
    }

    /** How many of {@link #unit(long)} event {@code seq} used: 1 to 10 seconds, 1 to 4,000 characters, 1 image, 1 request. */
    static long unitQuantity(long seq) {
        String unit = unit(seq);
        if (unit == null) {
            return 0;
        }
        return switch (unit) {
            case "video_second" -> seq % 10 + 1;
            case "character" -> seq % 4000 + 1;
            default -> 1;
        };
    }

    static void appendEvent(StringBuilder json, String user, int client, long seq, Instant timestamp) {
        appendEvent(json, user, client, seq, timestamp, Shape.LEGACY);
    }

    static void appendEvent(StringBuilder json, String user, int client, long seq, Instant timestamp, Shape shape) {
        String[] call = CALLS[(int) (seq % CALLS.length)];
        json.append("{\"id\":\"").append(key(client, seq))
                .append("\",\"user_id\":\"").append(user)
                .append("\",\"provider\":\"").append(call[0])
                .append("\",\"model_used\":\"").append(call[1])
                .append("\",\"endpoint\":\"").append(call[2])
                .append("\",\"method\":\"POST\",\"tokens_input\":").append(tokensInput(seq))
                .append(",\"tokens_output\":").append(tokensOutput(seq));
        if (shape != Shape.LEGACY && unit(seq) != null) {
            json.append(",\"units\":{\"").append(unit(seq)).append("\":").append(unitQuantity(seq)).append('}');
        }
        if (shape != Shape.CATALOG) {
            json.append(",\"cost_input\":\"0\",\"cost_output\":\"").append(cost(seq).toPlainString()).append('"');
        }
        json.append(",\"response_time\":").append(seq % 9000 / 100.0)
                .append(",\"status_code\":").append(status(seq));
        if (status(seq) >= 400) {
            json.append(",\"error_message\":\"upstream timeout\"");
        }
        json.append(",\"timestamp\":\"").append(timestamp.truncatedTo(ChronoUnit.MILLIS)).append("\"}");
    }
}
