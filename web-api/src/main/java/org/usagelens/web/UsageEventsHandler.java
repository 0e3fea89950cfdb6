package org.usagelens.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.model.EventOutcome;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.port.in.RecordUsageUseCase;

/** {@code POST /api/usage-events}: a batch of usage events from a service holding an ingest key. */
final class UsageEventsHandler {
    public static final int MAX_EVENTS = 1000;
    public static final int MAX_BODY_BYTES = 1024 * 1024;

    private final RecordUsageUseCase recordUsage;
    private final IngestKeys keys;
    private final ObjectMapper json;
    private final IngestListener listener;

    /** Told about each stored event, e.g. to count events per provider in the metrics. */
    public interface IngestListener {
        void stored(EventOutcome.Stored stored);
    }

    public UsageEventsHandler(RecordUsageUseCase recordUsage, IngestKeys keys, ObjectMapper json,
                              IngestListener listener) {
        this.recordUsage = Objects.requireNonNull(recordUsage, "recordUsage");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.json = Objects.requireNonNull(json, "json");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void post(Context ctx) {
        keys.check(ctx.header("X-Api-Key"));
        requireJson(ctx.header("Content-Type"));
        JsonNode root = parse(readBody(ctx));
        if (!root.isObject()) {
            throw ApiError.badRequest("events", "the body must be a JSON object {\"events\": [...]}");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("events")) {
                throw ApiError.badRequest(name, "unknown top-level field '" + abbreviate(name) + "'; the body is {\"events\": [...]}");
            }
        }
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            throw ApiError.badRequest("events", "events must be a JSON array of usage events");
        }
        if (events.size() > MAX_EVENTS) {
            throw new ApiError(413, "events", "a batch holds at most " + MAX_EVENTS + " events; this one has " + events.size());
        }
        if (events.isEmpty()) {
            throw ApiError.badRequest("events", "events must hold at least one usage event");
        }
        List<UsageEventDraft> drafts = new ArrayList<>();
        List<Integer> draftIndex = new ArrayList<>();
        EventOutcome[] outcomes = new EventOutcome[events.size()];
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            if (!event.isObject()) {
                outcomes[i] = new EventOutcome.Rejected(List.of(new FieldProblem("events[" + i + "]", "must be a JSON object")));
                continue;
            }
            Map<String, Object> fields = new LinkedHashMap<>();
            event.fields().forEachRemaining(e -> fields.put(e.getKey(), Json.plain(e.getValue())));
            drafts.add(new UsageEventDraft(fields));
            draftIndex.add(i);
        }
        if (!drafts.isEmpty()) {
            List<EventOutcome> recorded = recordUsage.record(new RecordUsageUseCase.RecordUsageCommand(drafts)).outcomes();
            for (int j = 0; j < recorded.size(); j++) {
                outcomes[draftIndex.get(j)] = recorded.get(j);
            }
        }
        ctx.json(response(events, outcomes));
    }

    private IngestResponse response(JsonNode events, EventOutcome[] outcomes) {
        List<EventResult> results = new ArrayList<>(outcomes.length);
        int stored = 0;
        int duplicates = 0;
        int rejected = 0;
        for (int i = 0; i < outcomes.length; i++) {
            JsonNode idNode = events.get(i).get("id");
            String id = idNode != null && idNode.isTextual() ? idNode.textValue() : null;
            EventOutcome outcome = outcomes[i];
            if (outcome instanceof EventOutcome.Stored s) {
                stored++;
                listener.stored(s);
                results.add(new EventResult(i, id, "stored", s.logId(), new DetectionBody(s.detection().providerId(),
                        s.providerDisplayName(), s.detection().source(), s.detection().ruleId(), s.detection().rulesVersion()),
                        CostBody.from(s.cost()), null, s.notes().isEmpty() ? null : s.notes()));
            } else if (outcome instanceof EventOutcome.Duplicate) {
                duplicates++;
                results.add(new EventResult(i, id, "duplicate", null, null, null, null, null));
            } else if (outcome instanceof EventOutcome.Rejected r) {
                rejected++;
                results.add(new EventResult(i, id, "rejected", null, null, null, r.problems(), null));
            }
        }
        return new IngestResponse(stored, duplicates, rejected, results);
    }

    /**
     * The body is parsed as JSON, so it must say it is: {@code application/json}, in UTF-8 if it names a charset
     * (RFC 8259). A form or multipart body, or JSON in another charset, used to be parsed as UTF-8 JSON all the same.
     */
    static void requireJson(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";");
        boolean json = parts[0].trim().equalsIgnoreCase("application/json");
        for (int i = 1; json && i < parts.length; i++) {
            String[] parameter = parts[i].split("=", 2);
            if (parameter[0].trim().equalsIgnoreCase("charset")) {
                String charset = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "");
                json = charset.equalsIgnoreCase("utf-8");
            }
        }
        if (!json) {
            throw new ApiError(415, null, "the body must be JSON: send Content-Type: application/json (charset utf-8,"
                    + " if any), not " + (contentType == null ? "none" : "'" + abbreviate(contentType) + "'"));
        }
    }

    private byte[] readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            throw new ApiError(413, null, "the request body exceeds the limit of 1 MiB (" + MAX_BODY_BYTES + " bytes)");
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiError(413, null, "the request body exceeds the limit of 1 MiB (" + MAX_BODY_BYTES + " bytes)");
            }
            return body;
        } catch (IOException e) {
            // Jetty reports a malformed chunked body, a body shorter than its Content-Length or a read
            // timeout this way: the client sent a bad request, the server is fine.
            throw ApiError.badRequest(null, "the request body could not be read: it is malformed or ended early");
        }
    }

    private JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiError.badRequest("events", "the body is empty; send {\"events\": [...]}");
        }
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiError.badRequest("events", "the body is empty; send {\"events\": [...]}");
            }
            return node;
        } catch (JacksonException e) {
            throw ApiError.badRequest(null, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (NumberFormatException e) {
            // Jackson throws this, not a JacksonException, for a number it cannot represent (1e2147483648).
            throw ApiError.badRequest(null, "the body holds a number out of any representable range");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    /** The answer to a batch: counts, then one result per event in order. */
    public record IngestResponse(int stored, int duplicates, int rejected, List<EventResult> results) {
    }

    /**
     * The outcome of one event; {@code errors} only when rejected; {@code detection} and {@code cost} only when
     * stored; {@code notes} when a field was changed on the way in (cut to its limit).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventResult(int index, String id, String status, Long logId, DetectionBody detection, CostBody cost,
                              List<FieldProblem> errors, List<String> notes) {
    }

    /** The cost stored with an event and where it came from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record CostBody(String source, java.math.BigDecimal costTotal, String unpricedReason, String priceVersion,
                           java.math.BigDecimal catalogCostTotal) {
        static CostBody from(org.usagelens.domain.model.StoredCost c) {
            return new CostBody(c.source() == null ? "legacy" : c.source().wireName(), c.costTotal(), c.unpricedReason(),
                    c.priceVersion(), c.catalogCostTotal());
        }
    }

    /** The detection stored with an event. */
    public record DetectionBody(String provider, String providerDisplayName, String source, String rule,
                                String rulesVersion) {
    }
}
