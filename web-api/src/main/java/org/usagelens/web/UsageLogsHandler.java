package org.usagelens.web;

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
import org.usagelens.domain.model.UsageLogPage;
import org.usagelens.domain.port.in.ExportUsageLogsUseCase;
import org.usagelens.domain.port.in.ListUsageLogsUseCase;

/** {@code GET /api/subscription/usage-logs}: the signed-in user's usage logs, newest first. */
public final class UsageLogsHandler {
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

    public UsageLogsHandler(ListUsageLogsUseCase listUsageLogs, ExportUsageLogsUseCase exportUsageLogs,
                            Authentication auth, ProviderDetector detector) {
        this.listUsageLogs = Objects.requireNonNull(listUsageLogs, "listUsageLogs");
        this.exportUsageLogs = Objects.requireNonNull(exportUsageLogs, "exportUsageLogs");
        this.auth = Objects.requireNonNull(auth, "auth");
        this.detector = Objects.requireNonNull(detector, "detector");
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
        UsageLogPage page = listUsageLogs.list(new ListUsageLogsUseCase.UsageLogQuery(filter, limit, offset, after));
        ctx.json(UsageLogsResponse.from(page));
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
