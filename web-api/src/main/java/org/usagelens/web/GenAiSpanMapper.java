package org.usagelens.web;

import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.UsageEventDraft;

/**
 * Turns one OpenTelemetry span that follows the GenAI semantic conventions into the usage event
 * {@code POST /api/usage-events} would have received for the same call, so one validator, detector and store judge both.
 * Spans without GenAI attributes are {@link Skipped}; a span whose attributes cannot make an event is a {@link Problem}
 * (a rejected span, the message naming the attribute). Never a part of a span: either the whole event or none.
 *
 * <p>The mapping (attribute → wire field), documented in README's integration section:
 * <ul>
 *   <li>{@code id}: {@code otlp-<trace id>-<span id>} in hex, so an exporter's retry of the same spans stores nothing
 *       twice (events are unique per user and id);</li>
 *   <li>{@code user_id}: {@code user.id} of the span, else {@code enduser.id} of the span, else the same of the
 *       resource; a span without a user is rejected;</li>
 *   <li>{@code provider} (the category): from {@code gen_ai.provider.name} (else the older {@code gen_ai.system}) where
 *       it names a category, else from {@code gen_ai.operation.name} ({@link #category}); that name is also the
 *       detection's hint, which ranks below endpoint and model;</li>
 *   <li>{@code model_used}: {@code gen_ai.response.model}, else {@code gen_ai.request.model};</li>
 *   <li>{@code endpoint}: {@code url.full} without query, fragment and credentials, else {@code server.address} with
 *       {@code server.port} (and {@code url.scheme}, {@code url.path}), else {@code otlp:<operation>};</li>
 *   <li>{@code method}: {@code http.request.method}, else {@code POST};</li>
 *   <li>{@code tokens_input}/{@code tokens_output}: {@code gen_ai.usage.input_tokens}/{@code output_tokens} (else the
 *       older {@code prompt_tokens}/{@code completion_tokens}); absent stays unknown;</li>
 *   <li>{@code cost_total}: {@code gen_ai.usage.cost} (USD, as OpenLIT sends it) where present, else the price catalog
 *       prices the call; {@code units}: {@code usagelens.units.<unit>} attributes ({@code image}, {@code video_second},
 *       ...);</li>
 *   <li>{@code response_time}: end minus start time; {@code timestamp}: the end time;</li>
 *   <li>{@code status_code}: {@code http.response.status_code}, else for a failed span (status ERROR or
 *       {@code error.type}) the code {@code error.type} names or 500, else 200; {@code error_message}: the status
 *       message, else {@code error.type}.</li>
 * </ul>
 */
final class GenAiSpanMapper {

    /** What one span became. */
    sealed interface Mapped permits Skipped, Problem, Event {
    }

    /** Not a GenAI call (an HTTP server span, a database span, a tool execution): not an error either. */
    record Skipped() implements Mapped {
    }

    /** The span cannot make an event: {@code attribute} names what is wrong. */
    record Problem(String attribute, String reason) implements Mapped {
    }

    record Event(UsageEventDraft draft) implements Mapped {
    }

    private static final Skipped SKIPPED = new Skipped();
    private static final HexFormat HEX = HexFormat.of();
    /** The longest endpoint the store keeps ({@code UsageEventValidator.MAX_ENDPOINT}); longer URLs are cut. */
    private static final int MAX_ENDPOINT = 200;
    private static final Set<String> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
    private static final String UNITS_PREFIX = "usagelens.units.";
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    /**
     * The category of each {@code gen_ai.provider.name} (and older {@code gen_ai.system}) value that names one of the
     * 14; other providers (groq, deepseek, x_ai, aws.bedrock, cohere, ...) have none and get {@link #category}'s
     * default, while their name still reaches detection as the hint.
     */
    private static final Map<String, String> CATEGORY_OF_PROVIDER = Map.ofEntries(
            Map.entry("openai", "openai"),
            Map.entry("azure.ai.openai", "openai"),
            Map.entry("az.ai.openai", "openai"),
            Map.entry("anthropic", "anthropic"),
            Map.entry("gcp.gemini", "gemini"),
            Map.entry("gcp.vertex_ai", "gemini"),
            Map.entry("gcp.gen_ai", "gemini"),
            Map.entry("vertex_ai", "gemini"),
            Map.entry("gemini", "gemini"),
            Map.entry("mistral_ai", "mistral"));

    /** The wire fields of a validator's problem, named as the attributes they came from. */
    private static final Map<String, String> ATTRIBUTE_OF_FIELD = Map.ofEntries(
            Map.entry("id", "trace_id/span_id"),
            Map.entry("user_id", "user.id"),
            Map.entry("provider", "gen_ai.provider.name"),
            Map.entry("model_used", "gen_ai.response.model/gen_ai.request.model"),
            Map.entry("endpoint", "url.full/server.address"),
            Map.entry("method", "http.request.method"),
            Map.entry("tokens_input", "gen_ai.usage.input_tokens"),
            Map.entry("tokens_output", "gen_ai.usage.output_tokens"),
            Map.entry("cost_total", "gen_ai.usage.cost"),
            Map.entry("response_time", "end_time_unix_nano"),
            Map.entry("status_code", "http.response.status_code"),
            Map.entry("timestamp", "end_time_unix_nano"),
            Map.entry("error_message", "status.message"),
            Map.entry("units", "usagelens.units.*"));

    private GenAiSpanMapper() {
    }

    /** The attribute a validator's problem of an event made here is about, for the rejection's message. */
    static String attributeOf(FieldProblem problem) {
        String field = problem.field();
        if (field.startsWith("units.")) {
            return UNITS_PREFIX + field.substring("units.".length());
        }
        return ATTRIBUTE_OF_FIELD.getOrDefault(field, field);
    }

    /** Attribute lists as maps; the first of a repeated key counts (OTLP forbids repeats, so any choice is fair). */
    static Map<String, AnyValue> attributes(List<KeyValue> list) {
        Map<String, AnyValue> map = new HashMap<>(Math.max(4, list.size() * 2));
        for (KeyValue kv : list) {
            map.putIfAbsent(kv.getKey(), kv.getValue());
        }
        return map;
    }

    static Mapped map(Map<String, AnyValue> resource, Span span) {
        Map<String, AnyValue> attrs = attributes(span.getAttributesList());
        Attrs a = new Attrs(attrs);
        String operation;
        String providerName;
        try {
            operation = a.string("gen_ai.operation.name");
            providerName = a.string("gen_ai.provider.name");
            if (providerName == null) {
                providerName = a.string("gen_ai.system");
            }
            if (operation == null && providerName == null && !attrs.containsKey("gen_ai.request.model")
                    && !attrs.containsKey("gen_ai.response.model")) {
                return SKIPPED;
            }
            if (isNotACall(operation, span.getKind())) {
                return SKIPPED;
            }
            return event(resource, span, a, operation, providerName);
        } catch (BadAttribute e) {
            return new Problem(e.attribute, e.getMessage());
        }
    }

    /**
     * Tool executions are the application's own code, and an in-process agent's invocation wraps the model calls that
     * are spans of their own: counting either would count calls twice or invent them.
     */
    private static boolean isNotACall(String operation, Span.SpanKind kind) {
        if ("execute_tool".equals(operation)) {
            return true;
        }
        return ("invoke_agent".equals(operation) || "create_agent".equals(operation))
                && kind == Span.SpanKind.SPAN_KIND_INTERNAL;
    }

    private static Mapped event(Map<String, AnyValue> resource, Span span, Attrs a, String operation,
                                String providerName) {
        byte[] traceId = span.getTraceId().toByteArray();
        byte[] spanId = span.getSpanId().toByteArray();
        if (traceId.length != 16 || allZero(traceId) || spanId.length != 8 || allZero(spanId)) {
            return new Problem("trace_id/span_id", "must be 16 and 8 bytes, not all zero");
        }
        Attrs r = new Attrs(resource);
        String user = a.string("user.id");
        if (user == null) {
            user = a.string("enduser.id");
        }
        if (user == null) {
            user = r.string("user.id");
        }
        if (user == null) {
            user = r.string("enduser.id");
        }
        if (user == null) {
            return new Problem("user.id", "no user: set user.id on the span, or on the resource"
                    + " (OTEL_RESOURCE_ATTRIBUTES=user.id=...)");
        }
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (end == 0 || end < 0 || start < 0) {
            return new Problem("end_time_unix_nano", "the span has no end time in range");
        }
        if (start == 0 || start > end) {
            return new Problem("start_time_unix_nano", "must be set and not after end_time_unix_nano");
        }

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("id", "otlp-" + HEX.formatHex(traceId) + "-" + HEX.formatHex(spanId));
        f.put("user_id", user);
        f.put("provider", category(providerName, operation));
        String model = a.string("gen_ai.response.model");
        if (model == null || model.isEmpty()) {
            model = a.string("gen_ai.request.model");
        }
        putIfPresent(f, "model_used", model);
        f.put("endpoint", endpoint(a, operation));
        String method = a.string("http.request.method");
        f.put("method", method != null && HTTP_METHODS.contains(method.toUpperCase(Locale.ROOT))
                ? method.toUpperCase(Locale.ROOT) : "POST");
        putIfPresent(f, "tokens_input", a.integer("gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens"));
        putIfPresent(f, "tokens_output", a.integer("gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens"));
        putIfPresent(f, "cost_total", a.decimal("gen_ai.usage.cost"));
        Map<String, Object> units = a.units();
        if (!units.isEmpty()) {
            f.put("units", units);
        }
        f.put("response_time", BigDecimal.valueOf(end - start).divide(NANOS_PER_SECOND));
        f.put("timestamp", Instant.ofEpochSecond(end / 1_000_000_000L, end % 1_000_000_000L).toString());
        Long httpStatus = a.integer("http.response.status_code", null);
        String errorType = a.string("error.type");
        boolean failed = span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || errorType != null;
        f.put("status_code", httpStatus != null ? httpStatus : failed ? statusOfError(errorType) : 200L);
        if (failed) {
            String message = span.getStatus().getMessage();
            putIfPresent(f, "error_message", message != null && !message.isBlank() ? message : errorType);
        }
        return new Event(UsageEventDraft.describedByInstrumentation(f, CategoryGuess.hintOf(providerName)));
    }

    /**
     * The category of the call: the one {@code gen_ai.provider.name} names where it names one; otherwise a media
     * category when the operation says images, video or audio (the original system's categories for them:
     * {@code stability} for image generation, {@code image_edit}, {@code video}, {@code audio}); otherwise
     * {@code openai}, the API family of the text calls to providers without a category of their own (Groq, DeepSeek,
     * xAI, ... speak it). A default never decides detection: {@code detectWithProviderHint} lets no category do so.
     */
    static String category(String providerName, String operation) {
        if (providerName != null) {
            String category = CATEGORY_OF_PROVIDER.get(providerName.strip().toLowerCase(Locale.ROOT));
            if (category != null) {
                return category;
            }
        }
        String op = operation == null ? "" : operation.toLowerCase(Locale.ROOT);
        if (op.contains("video")) {
            return "video";
        }
        if (op.contains("image")) {
            return op.contains("edit") ? "image_edit" : "stability";
        }
        if (op.contains("audio") || op.contains("speech") || op.contains("tts") || op.contains("transcri")) {
            return "audio";
        }
        return "openai";
    }

    private static long statusOfError(String errorType) {
        if (errorType != null && errorType.length() == 3 && errorType.chars().allMatch(Character::isDigit)) {
            int code = Integer.parseInt(errorType);
            if (code >= 400 && code <= 599) {
                return code;
            }
        }
        return 500;
    }

    /**
     * Where the call went. A URL's query (Gemini's {@code ?key=}), fragment and user info are dropped: they may hold
     * credentials and say nothing about the provider. Cut to the store's 200 characters (the host comes first).
     */
    static String endpoint(Attrs a, String operation) {
        String url = a.string("url.full");
        String endpoint;
        if (url != null && !url.isBlank()) {
            endpoint = withoutSecrets(url.strip());
        } else {
            String host = a.string("server.address");
            if (host != null && !host.isBlank()) {
                String scheme = a.string("url.scheme");
                scheme = scheme == null || scheme.isBlank() ? "https" : scheme.strip().toLowerCase(Locale.ROOT);
                Long port = a.integer("server.port", null);
                boolean defaultPort = port == null || ("https".equals(scheme) && port == 443)
                        || ("http".equals(scheme) && port == 80);
                String path = a.string("url.path");
                endpoint = scheme + "://" + host.strip() + (defaultPort ? "" : ":" + port)
                        + (path == null || path.isBlank() ? "" : withoutSecrets(path.startsWith("/") ? path : "/" + path));
            } else {
                endpoint = "otlp:" + (operation == null || operation.isBlank() ? "unknown" : operation.strip());
            }
        }
        if (endpoint.length() > MAX_ENDPOINT) {
            int cut = MAX_ENDPOINT;
            if (Character.isHighSurrogate(endpoint.charAt(cut - 1))) {
                cut--;
            }
            endpoint = endpoint.substring(0, cut);
        }
        return endpoint;
    }

    private static String withoutSecrets(String url) {
        String s = url;
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        int scheme = s.indexOf("://");
        if (scheme >= 0) {
            int authorityEnd = s.indexOf('/', scheme + 3);
            String authority = authorityEnd < 0 ? s.substring(scheme + 3) : s.substring(scheme + 3, authorityEnd);
            int at = authority.lastIndexOf('@');
            if (at >= 0) {
                s = s.substring(0, scheme + 3) + authority.substring(at + 1)
                        + (authorityEnd < 0 ? "" : s.substring(authorityEnd));
            }
        }
        return s;
    }

    private static int indexOfAny(String s, char a, char b) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == a || c == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean allZero(byte[] bytes) {
        for (byte b : bytes) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void putIfPresent(Map<String, Object> fields, String field, Object value) {
        if (value != null) {
            fields.put(field, value);
        }
    }

    /** An attribute of the wrong type: the span is rejected, naming it. */
    private static final class BadAttribute extends RuntimeException {
        private final String attribute;

        BadAttribute(String attribute, String message) {
            super(message, null, false, false);
            this.attribute = attribute;
        }
    }

    /** Typed reads of one attribute map; a value of the wrong type is a {@link BadAttribute}. */
    static final class Attrs {
        private final Map<String, AnyValue> map;

        Attrs(Map<String, AnyValue> map) {
            this.map = map;
        }

        String string(String key) {
            AnyValue v = map.get(key);
            if (v == null || v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
                return null;
            }
            if (v.getValueCase() != AnyValue.ValueCase.STRING_VALUE) {
                throw new BadAttribute(key, "must be a string, is " + kind(v));
            }
            return v.getStringValue();
        }

        /** An integer; a double is taken when it is a whole number (JavaScript SDKs send those for counts). */
        Long integer(String key, String olderKey) {
            AnyValue v = map.get(key);
            String name = key;
            if ((v == null || v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) && olderKey != null) {
                v = map.get(olderKey);
                name = olderKey;
            }
            if (v == null || v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
                return null;
            }
            if (v.getValueCase() == AnyValue.ValueCase.INT_VALUE) {
                return v.getIntValue();
            }
            if (v.getValueCase() == AnyValue.ValueCase.DOUBLE_VALUE) {
                double d = v.getDoubleValue();
                if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
                    return (long) d;
                }
            }
            throw new BadAttribute(name, "must be an integer, is " + kind(v));
        }

        /**
         * A cost: a decimal string is taken exactly; a double as its shortest decimal, at most 10 places (the
         * store's), since a binary double holds no exact decimal to keep.
         */
        Object decimal(String key) {
            AnyValue v = map.get(key);
            if (v == null || v.getValueCase() == AnyValue.ValueCase.VALUE_NOT_SET) {
                return null;
            }
            switch (v.getValueCase()) {
                case STRING_VALUE:
                    return v.getStringValue();
                case INT_VALUE:
                    return v.getIntValue();
                case DOUBLE_VALUE: {
                    double d = v.getDoubleValue();
                    if (!Double.isFinite(d)) {
                        throw new BadAttribute(key, "must be a finite number");
                    }
                    BigDecimal b = BigDecimal.valueOf(d);
                    return b.scale() > 10 ? b.setScale(10, RoundingMode.HALF_EVEN) : b;
                }
                default:
                    throw new BadAttribute(key, "must be a number or a decimal string, is " + kind(v));
            }
        }

        Map<String, Object> units() {
            Map<String, Object> units = new LinkedHashMap<>();
            for (Map.Entry<String, AnyValue> e : map.entrySet()) {
                if (e.getKey().startsWith(UNITS_PREFIX)) {
                    AnyValue v = e.getValue();
                    String unit = e.getKey().substring(UNITS_PREFIX.length());
                    switch (v.getValueCase()) {
                        case INT_VALUE -> units.put(unit, v.getIntValue());
                        case DOUBLE_VALUE -> {
                            if (!Double.isFinite(v.getDoubleValue())) {
                                throw new BadAttribute(e.getKey(), "must be a finite number");
                            }
                            units.put(unit, BigDecimal.valueOf(v.getDoubleValue()));
                        }
                        default -> throw new BadAttribute(e.getKey(), "must be a number, is " + kind(v));
                    }
                }
            }
            return units;
        }

        private static String kind(AnyValue v) {
            return switch (v.getValueCase()) {
                case STRING_VALUE -> "a string";
                case BOOL_VALUE -> "a boolean";
                case INT_VALUE -> "an integer";
                case DOUBLE_VALUE -> "a double";
                case ARRAY_VALUE -> "an array";
                case KVLIST_VALUE -> "a key-value list";
                case BYTES_VALUE -> "bytes";
                default -> "empty";
            };
        }
    }
}
