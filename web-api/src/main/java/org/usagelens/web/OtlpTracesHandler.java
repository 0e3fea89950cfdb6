package org.usagelens.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.javalin.http.Context;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.usagelens.domain.model.EventOutcome;
import org.usagelens.domain.model.FieldProblem;
import org.usagelens.domain.model.UsageEventDraft;
import org.usagelens.domain.port.in.RecordUsageUseCase;

/**
 * {@code POST /v1/traces}: an OTLP/HTTP traces receiver, where OpenTelemetry exporters send by default. Each span that
 * describes a GenAI call ({@link GenAiSpanMapper}) becomes one usage event, recorded exactly as
 * {@code POST /api/usage-events} records one (same validation, detection, pricing and store, one transaction), except
 * that its category is the instrumentation's guess and ranks below endpoint and model in detection. Authenticated by the
 * same ingest keys ({@code X-Api-Key}, which exporters send through {@code OTEL_EXPORTER_OTLP_HEADERS}).
 *
 * <p>The answer follows the OTLP specification: 200 with an {@code ExportTraceServiceResponse} in the request's encoding,
 * with {@code partial_success} (the number of rejected spans and the first problem) when some spans could not be
 * recorded; an event already stored (an exporter's retry) counts as accepted. Errors: 400 for an undecodable body or one
 * past the bounds of {@link OtlpRequests}, 401, 413, 415 for another {@code Content-Type}, 503 with {@code Retry-After}
 * while the database is down, which exporters retry; their bodies are {@code google.rpc.Status} for protobuf requests
 * ({@link OtlpErrors}).
 */
final class OtlpTracesHandler {
    /** The same limit as {@code POST /api/usage-events}, for the body as sent and as inflated. */
    public static final int MAX_BODY_BYTES = UsageEventsHandler.MAX_BODY_BYTES;

    private static final HexFormat HEX = HexFormat.of();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private final RecordUsageUseCase recordUsage;
    private final IngestKeys keys;
    private final ObjectMapper json;
    private final UsageEventsHandler.IngestListener listener;

    public OtlpTracesHandler(RecordUsageUseCase recordUsage, IngestKeys keys, ObjectMapper json,
                             UsageEventsHandler.IngestListener listener) {
        this.recordUsage = Objects.requireNonNull(recordUsage, "recordUsage");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.json = Objects.requireNonNull(json, "json");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public void post(Context ctx) {
        keys.check(ctx.header("X-Api-Key"));
        OtlpRequests.Encoding encoding = OtlpRequests.encodingOf(ctx.header("Content-Type"));
        if (encoding == null) {
            throw new ApiError(415, null, "Content-Type must be application/x-protobuf or application/json (OTLP/HTTP)");
        }
        byte[] body;
        try {
            InputStream in = ctx.req().getInputStream();
            body = OtlpRequests.body(in, ctx.req().getContentLengthLong(), ctx.header("Content-Encoding"),
                    MAX_BODY_BYTES);
        } catch (IOException e) {
            throw ApiError.badRequest(null, "the request body could not be read: it is malformed or ended early");
        }
        ExportTraceServiceRequest request = OtlpRequests.decode(body, encoding, json);
        OtlpRequests.checkBounds(request);

        List<UsageEventDraft> drafts = new ArrayList<>();
        List<String> draftSpans = new ArrayList<>();
        // The first problem in span order, whether the mapper or the validator found it.
        List<String> problems = new ArrayList<>();
        List<Integer> problemOrder = new ArrayList<>();
        List<Integer> draftOrder = new ArrayList<>();
        int position = 0;
        for (ResourceSpans rs : request.getResourceSpansList()) {
            Map<String, AnyValue> resource = GenAiSpanMapper.attributes(rs.getResource().getAttributesList());
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span span : ss.getSpansList()) {
                    GenAiSpanMapper.Mapped mapped = GenAiSpanMapper.map(resource, span);
                    if (mapped instanceof GenAiSpanMapper.Event e) {
                        drafts.add(e.draft());
                        draftSpans.add(label(span));
                        draftOrder.add(position);
                    } else if (mapped instanceof GenAiSpanMapper.Problem p) {
                        problems.add(label(span) + ": " + p.attribute() + " " + p.reason());
                        problemOrder.add(position);
                    }
                    position++;
                }
            }
        }
        if (!drafts.isEmpty()) {
            List<EventOutcome> outcomes = recordUsage.record(new RecordUsageUseCase.RecordUsageCommand(drafts)).outcomes();
            for (int i = 0; i < outcomes.size(); i++) {
                EventOutcome outcome = outcomes.get(i);
                if (outcome instanceof EventOutcome.Stored s) {
                    listener.stored(s);
                } else if (outcome instanceof EventOutcome.Rejected r) {
                    FieldProblem first = r.problems().get(0);
                    problems.add(draftSpans.get(i) + ": " + GenAiSpanMapper.attributeOf(first) + " " + first.reason()
                            + (r.problems().size() > 1 ? " (and " + (r.problems().size() - 1) + " more)" : ""));
                    problemOrder.add(draftOrder.get(i));
                }
            }
        }
        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        if (!problems.isEmpty()) {
            int first = 0;
            for (int i = 1; i < problemOrder.size(); i++) {
                if (problemOrder.get(i) < problemOrder.get(first)) {
                    first = i;
                }
            }
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(problems.size())
                    .setErrorMessage(problems.size() + " of " + position + " spans rejected; the first, "
                            + problems.get(first)));
        }
        write(ctx, encoding, response.build());
    }

    private static void write(Context ctx, OtlpRequests.Encoding encoding, ExportTraceServiceResponse response) {
        if (encoding == OtlpRequests.Encoding.PROTOBUF) {
            ctx.contentType(encoding.contentType).result(response.toByteArray());
            return;
        }
        try {
            ctx.contentType(encoding.contentType).result(JSON_PRINTER.print(response));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an ExportTraceServiceResponse always prints as JSON", e);
        }
    }

    /** How a message names a span: its ids in hex, as trace backends show them. */
    private static String label(Span span) {
        return "span " + HEX.formatHex(span.getTraceId().toByteArray()) + "/" + HEX.formatHex(span.getSpanId().toByteArray());
    }
}
