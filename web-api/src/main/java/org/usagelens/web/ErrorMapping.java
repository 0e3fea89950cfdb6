package org.usagelens.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.model.InvalidQueryException;
import org.usagelens.domain.model.StorageUnavailableException;

/** The one place where exceptions become HTTP statuses, all with the {@link ErrorResponse} body. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying while the database is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;

    private ErrorMapping() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(ApiError.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            write(ctx, e.status(), e.getMessage(), e.field());
        });
        routes.exception(InvalidQueryException.class, (e, ctx) -> write(ctx, 400, e.getMessage(), e.parameter()));
        routes.exception(StorageUnavailableException.class, (e, ctx) -> {
            LOG.warn("{} {}: database unavailable ({})", ctx.method(), ctx.path(), rootMessage(e));
            ctx.header("Retry-After", String.valueOf(RETRY_AFTER_SECONDS));
            write(ctx, 503, "the database is unavailable; nothing was changed, retry in " + RETRY_AFTER_SECONDS + " s", null);
        });
        routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, e.getStatus(), e.getMessage(), null));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.error("{} {} failed", ctx.method(), ctx.path(), e);
            write(ctx, 500, "internal error; it has been logged", null);
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 404, "no such endpoint: " + ctx.method() + " " + QueryParams.abbreviate(ctx.path()), null);
            }
        });
        routes.error(405, ctx -> write(ctx, 405, "method not allowed: " + ctx.method() + " " + QueryParams.abbreviate(ctx.path()), null));
    }

    static void write(Context ctx, int status, String message, String field) {
        HttpStatus httpStatus = HttpStatus.forStatus(status);
        String reason = httpStatus == HttpStatus.UNKNOWN ? "Error" : httpStatus.getMessage();
        ctx.status(status).json(new ErrorResponse(status, reason, message, field));
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
