package org.usagelens.web;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reading an OTLP/HTTP traces request: its encoding from {@code Content-Type}, its body (at most 1 MiB on the wire and
 * 1 MiB inflated, so a gzip bomb costs a megabyte, not the heap), the decoding with OpenTelemetry's published protobuf
 * classes, and the bounds a decoded request must keep before any span is mapped. Every failure is a 4xx
 * {@link ApiError}; nothing here ever stores anything.
 */
final class OtlpRequests {

    /** Spans of one request: the SDKs' batch processor sends at most 512; the usage-events batch allows 1000. */
    static final int MAX_SPANS = 1000;
    /** Attributes of one span, resource, scope, event or link (the SDKs' default limit is 128). */
    static final int MAX_ATTRIBUTES = 256;
    /** Values in one attribute list, counting every element of nested arrays and key-value lists. */
    static final int MAX_VALUES = 4096;
    /** Nesting of arrays and key-value lists inside one attribute value. */
    static final int MAX_DEPTH = 8;
    /** Characters of one string (attribute value, span name, status message) or bytes of one bytes value. */
    static final int MAX_STRING = 64 * 1024;
    /** Characters of one attribute key. */
    static final int MAX_KEY = 1024;
    /** Events and links of one span (the SDKs' default limit is 128 each). */
    static final int MAX_EVENTS = 1024;
    /** Protobuf message nesting while decoding (protobuf's own default): a deeper body is not decoded at all. */
    private static final int RECURSION_LIMIT = 100;

    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final HexFormat HEX = HexFormat.of();

    /** The two encodings OTLP/HTTP defines. */
    enum Encoding {
        PROTOBUF("application/x-protobuf"),
        JSON("application/json");

        final String contentType;

        Encoding(String contentType) {
            this.contentType = contentType;
        }
    }

    private OtlpRequests() {
    }

    /** The request's encoding, or null when its {@code Content-Type} is neither. */
    static Encoding encodingOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/x-protobuf", "application/protobuf" -> Encoding.PROTOBUF;
            case "application/json" -> Encoding.JSON;
            default -> null;
        };
    }

    /** The body as sent, then inflated when {@code Content-Encoding} says gzip; both bounded by {@code limit}. */
    static byte[] body(InputStream in, long declaredLength, String contentEncoding, int limit) {
        if (declaredLength > limit) {
            throw tooLarge(limit);
        }
        byte[] raw;
        try (in) {
            raw = in.readNBytes(limit + 1);
        } catch (IOException e) {
            // Jetty reports a malformed chunked body, a body shorter than its Content-Length or a read timeout
            // this way: the client sent a bad request, the server is fine.
            throw ApiError.badRequest(null, "the request body could not be read: it is malformed or ended early");
        }
        if (raw.length > limit) {
            throw tooLarge(limit);
        }
        String coding = contentEncoding == null ? "identity" : contentEncoding.strip().toLowerCase(Locale.ROOT);
        return switch (coding) {
            case "", "identity" -> raw;
            case "gzip", "x-gzip" -> gunzip(raw, limit);
            default -> throw new ApiError(415, null, "unsupported Content-Encoding '" + QueryParams.abbreviate(coding)
                    + "'; send gzip or no encoding");
        };
    }

    private static byte[] gunzip(byte[] raw, int limit) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw), 8192)) {
            byte[] inflated = in.readNBytes(limit + 1);
            if (inflated.length > limit) {
                throw new ApiError(413, null, "the request body inflates past the limit of 1 MiB (" + limit
                        + " bytes)");
            }
            return inflated;
        } catch (IOException e) {
            throw ApiError.badRequest(null, "the body is not valid gzip: " + e.getMessage());
        }
    }

    private static ApiError tooLarge(int limit) {
        return new ApiError(413, null, "the request body exceeds the limit of 1 MiB (" + limit + " bytes)");
    }

    static ExportTraceServiceRequest decode(byte[] body, Encoding encoding, ObjectMapper json) {
        return encoding == Encoding.PROTOBUF ? decodeProtobuf(body) : decodeJson(body, json);
    }

    private static ExportTraceServiceRequest decodeProtobuf(byte[] body) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(body);
            in.setRecursionLimit(RECURSION_LIMIT);
            ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in);
            in.checkLastTagWas(0);
            return request;
        } catch (InvalidProtocolBufferException e) {
            throw ApiError.badRequest(null, "the body is not a valid protobuf ExportTraceServiceRequest: "
                    + cut(String.valueOf(e.getMessage())));
        } catch (IOException e) {
            throw ApiError.badRequest(null, "the body is not a valid protobuf ExportTraceServiceRequest");
        }
    }

    /**
     * OTLP's JSON is protobuf's JSON mapping with one exception: trace and span ids are hex, not base64. They are turned
     * into base64 on the parsed tree, which protobuf's own {@link JsonFormat} then reads (unknown fields ignored, as
     * the specification asks of receivers).
     */
    private static ExportTraceServiceRequest decodeJson(byte[] body, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw ApiError.badRequest(null, "the body is not valid JSON: " + cut(String.valueOf(e.getOriginalMessage())));
        } catch (IOException | NumberFormatException e) {
            throw ApiError.badRequest(null, "the body is not valid JSON");
        }
        if (root == null || root.isMissingNode()) {
            return ExportTraceServiceRequest.getDefaultInstance();
        }
        if (!root.isObject()) {
            throw ApiError.badRequest(null, "the body must be a JSON ExportTraceServiceRequest object");
        }
        for (JsonNode resourceSpans : array(root, "resourceSpans", "resource_spans")) {
            for (JsonNode scopeSpans : array(resourceSpans, "scopeSpans", "scope_spans")) {
                for (JsonNode span : array(scopeSpans, "spans", "spans")) {
                    hexToBase64(span, "traceId", "trace_id", "parentSpanId", "parent_span_id", "spanId", "span_id");
                    for (JsonNode link : array(span, "links", "links")) {
                        hexToBase64(link, "traceId", "trace_id", "spanId", "span_id");
                    }
                }
            }
        }
        try {
            ExportTraceServiceRequest.Builder builder = ExportTraceServiceRequest.newBuilder();
            JSON_PARSER.merge(json.writeValueAsString(root), builder);
            return builder.build();
        } catch (InvalidProtocolBufferException e) {
            throw ApiError.badRequest(null, "the body is not a valid JSON ExportTraceServiceRequest: "
                    + cut(String.valueOf(e.getMessage())));
        } catch (IOException | RuntimeException e) {
            // JsonFormat reports some malformed values (a number out of range, a bad enum) as runtime exceptions.
            throw ApiError.badRequest(null, "the body is not a valid JSON ExportTraceServiceRequest");
        }
    }

    private static Iterable<JsonNode> array(JsonNode parent, String camel, String snake) {
        if (!parent.isObject()) {
            return List.of();
        }
        JsonNode node = parent.has(camel) ? parent.get(camel) : parent.get(snake);
        return node instanceof ArrayNode a ? a : List.of();
    }

    private static void hexToBase64(JsonNode node, String... names) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        for (String name : names) {
            JsonNode id = object.get(name);
            if (id != null && id.isTextual() && !id.textValue().isEmpty()) {
                try {
                    object.put(name, Base64.getEncoder().encodeToString(HEX.parseHex(id.textValue())));
                } catch (IllegalArgumentException e) {
                    throw ApiError.badRequest(name, name + " must be hex-encoded, as OTLP's JSON encoding sends ids");
                }
            }
        }
    }

    /**
     * The bounds of a decoded request, checked before anything is mapped: a request past them is refused whole (400, or
     * 413 for too many spans), so no part of it is stored.
     */
    static void checkBounds(ExportTraceServiceRequest request) {
        int spans = 0;
        for (int r = 0; r < request.getResourceSpansCount(); r++) {
            ResourceSpans rs = request.getResourceSpans(r);
            attributes(rs.getResource().getAttributesList(), "resourceSpans[" + r + "].resource");
            for (int s = 0; s < rs.getScopeSpansCount(); s++) {
                ScopeSpans ss = rs.getScopeSpans(s);
                String scopePath = "resourceSpans[" + r + "].scopeSpans[" + s + "]";
                attributes(ss.getScope().getAttributesList(), scopePath + ".scope");
                spans += ss.getSpansCount();
                if (spans > MAX_SPANS) {
                    throw new ApiError(413, null, "a request holds at most " + MAX_SPANS + " spans; send smaller"
                            + " batches (OTEL_BSP_MAX_EXPORT_BATCH_SIZE)");
                }
                for (int i = 0; i < ss.getSpansCount(); i++) {
                    Span span = ss.getSpans(i);
                    String path = scopePath + ".spans[" + i + "]";
                    string(span.getName(), path + ".name");
                    string(span.getStatus().getMessage(), path + ".status.message");
                    attributes(span.getAttributesList(), path);
                    if (span.getEventsCount() > MAX_EVENTS || span.getLinksCount() > MAX_EVENTS) {
                        throw ApiError.badRequest(null, path + " has more than " + MAX_EVENTS + " events or links");
                    }
                    for (int e = 0; e < span.getEventsCount(); e++) {
                        string(span.getEvents(e).getName(), path + ".events[" + e + "].name");
                        attributes(span.getEvents(e).getAttributesList(), path + ".events[" + e + "]");
                    }
                    for (int l = 0; l < span.getLinksCount(); l++) {
                        attributes(span.getLinks(l).getAttributesList(), path + ".links[" + l + "]");
                    }
                }
            }
        }
    }

    private static void attributes(List<KeyValue> attributes, String path) {
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ApiError.badRequest(null, path + " has " + attributes.size() + " attributes; at most "
                    + MAX_ATTRIBUTES);
        }
        int[] budget = {MAX_VALUES};
        for (KeyValue kv : attributes) {
            if (kv.getKey().length() > MAX_KEY) {
                throw ApiError.badRequest(null, path + " has an attribute key of " + kv.getKey().length()
                        + " characters; at most " + MAX_KEY);
            }
            value(kv.getValue(), path + " attribute '" + QueryParams.abbreviate(kv.getKey()) + "'", 0, budget);
        }
    }

    private static void value(AnyValue v, String path, int depth, int[] budget) {
        if (--budget[0] < 0) {
            throw ApiError.badRequest(null, path + ": the attributes hold more than " + MAX_VALUES + " values");
        }
        switch (v.getValueCase()) {
            case STRING_VALUE -> string(v.getStringValue(), path);
            case BYTES_VALUE -> {
                if (v.getBytesValue().size() > MAX_STRING) {
                    throw ApiError.badRequest(null, path + " holds " + v.getBytesValue().size() + " bytes; at most "
                            + MAX_STRING);
                }
            }
            case ARRAY_VALUE -> {
                nested(path, depth);
                for (AnyValue element : v.getArrayValue().getValuesList()) {
                    value(element, path, depth + 1, budget);
                }
            }
            case KVLIST_VALUE -> {
                nested(path, depth);
                for (KeyValue kv : v.getKvlistValue().getValuesList()) {
                    if (kv.getKey().length() > MAX_KEY) {
                        throw ApiError.badRequest(null, path + " holds a key of " + kv.getKey().length()
                                + " characters; at most " + MAX_KEY);
                    }
                    value(kv.getValue(), path, depth + 1, budget);
                }
            }
            default -> {
                // numbers, booleans and empty values are small by construction
            }
        }
    }

    /** A library's message, short enough to put into an answer. */
    private static String cut(String message) {
        return message.length() > 200 ? message.substring(0, 200) + "…" : message;
    }

    private static void nested(String path, int depth) {
        if (depth >= MAX_DEPTH) {
            throw ApiError.badRequest(null, path + " nests arrays or key-value lists deeper than " + MAX_DEPTH);
        }
    }

    private static void string(String s, String path) {
        if (s.length() > MAX_STRING) {
            throw ApiError.badRequest(null, path + " holds a string of " + s.length() + " characters; at most "
                    + MAX_STRING);
        }
    }
}
