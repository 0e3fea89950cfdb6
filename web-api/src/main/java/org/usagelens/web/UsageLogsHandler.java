package org.usagelens.web;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import io.javalin.http.Context;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.usagelens.detection.Provider;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.Category;
import org.usagelens.domain.model.Keyset;
import org.usagelens.domain.model.UsageLogFilter;
import org.usagelens.domain.port.in.ExportUsageLogsUseCase;
import org.usagelens.domain.port.in.ListUsageLogsUseCase;

/** {@code GET /api/subscription/usage-logs}: the signed-in user's usage logs, newest first. */
final class UsageLogsHandler {
    static final Set<String> FILTER_PARAMS = Set.of("provider", "category", "status", "status_code",
            "billing_period", "from", "to", "user_id");
    private static final Set<String> PARAMS;

    static {
        var all = new java.util.HashSet<>(FILTER_PARAMS);
        all.addAll(Set.of("limit", "offset", "cursor"));
        PARAMS = Set.copyOf(all);
    }

    /**
     * The deepest {@code offset}: PostgreSQL reads every row it skips, so 2^31-1 read a user's whole history (0.7 s
     * per request for 2 million rows, a 503 at the statement timeout for far more). Deeper pages are reached with
     * {@code cursor}, which costs the same at any depth.
     */
    static final int MAX_OFFSET = 100_000;

    private final ListUsageLogsUseCase listUsageLogs;
    private final ExportUsageLogsUseCase exportUsageLogs;
    private final Authentication auth;
    private final ProviderDetector detector;
    private final ObjectMapper json;
    /** One log of a page; not flushed after each, so a page leaves in large writes (and whole, if it is small). */
    private final ObjectWriter rowWriter;

    public UsageLogsHandler(ListUsageLogsUseCase listUsageLogs, ExportUsageLogsUseCase exportUsageLogs,
                            Authentication auth, ProviderDetector detector, ObjectMapper json) {
        this.listUsageLogs = Objects.requireNonNull(listUsageLogs, "listUsageLogs");
        this.exportUsageLogs = Objects.requireNonNull(exportUsageLogs, "exportUsageLogs");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.detector = Objects.requireNonNull(detector, "detector");
        this.json = Objects.requireNonNull(json, "json");
        this.rowWriter = json.writerFor(UsageLogsResponse.LogBody.class)
                .without(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    }

    public void list(Context ctx) {
        String accept = ctx.header("Accept");
        if (accept != null && accept.contains("text/csv") && !accept.contains("application/json")) {
            csv(ctx);
            return;
        }
        String user = auth.targetUser(ctx);
        QueryParams params = QueryParams.ignoringUnknown(ctx, PARAMS);
        UsageLogFilter filter = filter(params, user, detector);
        int limit = params.integer("limit", 1, ListUsageLogsUseCase.UsageLogQuery.MAX_LIMIT, 50);
        int offset = offset(params);
        String cursor = params.string("cursor");
        Keyset after = cursor == null ? null : Cursor.decode(cursor);
        var query = new ListUsageLogsUseCase.UsageLogQuery(filter, limit, offset, after);
        // Streamed row by row as the service reads them in byte-bounded chunks: a page of 5,000 large rows never sits in
        // memory whole, neither as objects nor as text. The fields are those of UsageLogsResponse, in its order.
        ctx.status(200);
        ctx.contentType("application/json");
        try (JsonGenerator out = json.getFactory().createGenerator(ctx.outputStream())) {
            // A page cut short by a failure must not end like a whole one: no closing brackets written on close.
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_JSON_CONTENT);
            out.writeStartObject();
            out.writeArrayFieldStart("logs");
            ListUsageLogsUseCase.PageInfo page = listUsageLogs.stream(query, log -> {
                try {
                    rowWriter.writeValue(out, UsageLogsResponse.LogBody.from(log));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            out.writeEndArray();
            out.writeNumberField("total_count", page.totalCount());
            out.writeNumberField("limit", page.limit());
            out.writeNumberField("offset", page.offset());
            out.writeBooleanField("has_more", page.hasMore());
            out.writeStringField("next_cursor", Cursor.encode(page.next()));
            out.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away during a page of usage logs", e);
        }
    }

    /**
     * {@code GET /api/subscription/usage-logs.csv} (or {@code Accept: text/csv}): every log matching the
     * filters, newest first, streamed with a header row; memory stays bounded whatever the size.
     */
    public void csv(Context ctx) {
        String user = auth.targetUser(ctx);
        UsageLogFilter filter = filter(new QueryParams(ctx, FILTER_PARAMS), user, detector);
        ctx.status(200);
        ctx.contentType("text/csv; charset=utf-8");
        ctx.header("Content-Disposition", "attachment; filename=\"usage-logs.csv\"");
        // Chunked even when the client asked to close the connection: an export cut short by a failure is then
        // aborted without its last chunk, which every HTTP/1.1 client reports, instead of ending like a whole file.
        ctx.header("Transfer-Encoding", "chunked");
        try (Writer writer = new BufferedWriter(new OutputStreamWriter(ctx.outputStream(), StandardCharsets.UTF_8), 64 * 1024)) {
            CsvExport csv = new CsvExport(writer);
            csv.header();
            exportUsageLogs.export(filter, log -> {
                try {
                    csv.row(log);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away during the CSV export", e);
        }
    }

    private static int offset(QueryParams params) {
        try {
            return params.integer("offset", 0, MAX_OFFSET, 0);
        } catch (ApiError e) {
            throw ApiError.badRequest("offset", e.getMessage() + "; page deeper with cursor (next_cursor)");
        }
    }

    /** The filter the parameters describe; shared with the analytics and CSV endpoints. */
    static UsageLogFilter filter(QueryParams params, String user, ProviderDetector detector) {
        String actualProvider = null;
        Category category = null;
        String provider = params.string("provider");
        if (provider != null) {
            if (detector.provider(provider).isPresent()) {
                actualProvider = provider;
            } else {
                category = Category.fromWireName(provider).orElseThrow(() -> ApiError.badRequest("provider",
                        "provider must be a provider id (" + String.join(", ", detector.providers().stream().map(Provider::id).toList())
                                + ") or a category (" + String.join(", ", Category.wireNames()) + ")"));
            }
        }
        String categoryParam = params.string("category");
        if (categoryParam != null) {
            Category c = Category.fromWireName(categoryParam).orElseThrow(() -> ApiError.badRequest("category",
                    "category must be one of " + String.join(", ", Category.wireNames())));
            if (category != null && category != c) {
                throw ApiError.badRequest("category", "category contradicts the category given as provider");
            }
            category = c;
        }
        UsageLogFilter.CallStatus status = null;
        String statusParam = params.string("status");
        if (statusParam != null) {
            status = switch (statusParam) {
                case "success" -> UsageLogFilter.CallStatus.SUCCESS;
                case "failed" -> UsageLogFilter.CallStatus.FAILED;
                default -> throw ApiError.badRequest("status", "status must be success or failed");
            };
        }
        Integer statusCode = params.optionalInteger("status_code", 100, 599);
        String billingPeriod = params.billingPeriod("billing_period");
        Instant from = params.instant("from");
        Instant to = params.instant("to");
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiError.badRequest("to", "to must be after from");
        }
        return new UsageLogFilter(user, actualProvider, category, status, statusCode, billingPeriod, from, to);
    }
}
