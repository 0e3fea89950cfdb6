package org.usagelens.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.model.InvalidQueryException;
import org.usagelens.domain.model.StorageUnavailableException;

/** The one place where exceptions become HTTP statuses, all with the {@link ErrorResponse} body. */
final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);
    /** Seconds a client should wait before retrying while the database is unavailable. */
    static final int RETRY_AFTER_SECONDS = 5;
    /** The headers that describe a streamed answer's body, dropped with it when an error body replaces it. */
    private static final java.util.Set<String> STREAM_HEADERS = java.util.Set.of("content-type", "content-length",
            "content-disposition", "content-encoding");

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
        if (!startOver(ctx, status)) {
            return;
        }
        if (OtlpErrors.wantsProtobuf(ctx)) {
            OtlpErrors.write(ctx, status, message);
            return;
        }
        HttpStatus httpStatus = HttpStatus.forStatus(status);
        String reason = httpStatus == HttpStatus.UNKNOWN ? "Error" : httpStatus.getMessage();
        ctx.status(status).json(new ErrorResponse(status, reason, message, field));
    }

    /**
     * Makes the error body the whole answer of a request whose handler had begun a streamed one (the CSV export):
     * while nothing of it has left the server, what it wrote is dropped along with its content headers (the others,
     * security headers, CORS and Cache-Control among them, stay), so the client gets the one error body and no CSV
     * before it. Once part of it has been sent (committed, or compressed on the way), an error body could only follow
     * CSV rows; the connection is aborted instead, so the transfer ends unterminated (no last chunk) and every HTTP
     * client reports it as broken rather than as a shorter file.
     *
     * @return false when the connection was aborted and nothing more may be written
     */
    private static boolean startOver(Context ctx, int status) {
        HttpServletResponse res = ctx.res();
        String type = res.getContentType();
        if (type == null || type.startsWith("application/json")) {
            return true; // nothing streamed: JSON answers are written after the handler
        }
        if (res.isCommitted() || res.containsHeader("Content-Encoding")) {
            LOG.warn("{} {}: failed with {} after its {} answer had begun; the connection is aborted", ctx.method(),
                    ctx.path(), status, type);
            ServletContextRequest.getServletContextRequest(ctx.req()).getServletChannel()
                    .abort(new java.io.IOException("failed with " + status + " after the answer had begun"));
            return false;
        }
        java.util.Map<String, java.util.List<String>> kept = new java.util.LinkedHashMap<>();
        for (String name : res.getHeaderNames()) {
            if (!STREAM_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                kept.put(name, java.util.List.copyOf(res.getHeaders(name)));
            }
        }
        res.reset();
        kept.forEach((name, values) -> values.forEach(v -> res.addHeader(name, v)));
        return true;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    /**
     * Jetty's answer to requests it refuses before Javalin routes them (a malformed request line or
     * header, headers or URI too large, a bad Content-Length): the one error body shape and the security
     * headers, instead of Jetty's HTML page.
     */
    static final class ProtocolErrors extends ErrorHandler {
        private final ObjectMapper json;

        ProtocolErrors(ObjectMapper json) {
            this.json = json;
            setCacheControl("no-store");
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            // Also for answers without a body (CONNECT, HEAD), which never reach generateResponse.
            WebApp.SECURITY_HEADERS.forEach(response.getHeaders()::put);
            return super.handle(request, response, callback);
        }

        @Override
        protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                        Callback callback) {
            writeCoreError(json, response, code, protocolMessage(code, message), false, callback);
        }

        /** What Jetty's refusal means for the client: Jetty's own reasons are terse or absent. */
        private static String protocolMessage(int code, String message) {
            if (code == 503) {
                return "the server is busy; nothing was changed, retry in " + RETRY_AFTER_SECONDS + " s";
            }
            if (code == 408) {
                return "the request did not arrive in time; nothing was changed";
            }
            HttpStatus httpStatus = HttpStatus.forStatus(code);
            String reason = httpStatus == HttpStatus.UNKNOWN ? "Error" : httpStatus.getMessage();
            String text = message == null || message.isBlank() || message.equals(reason)
                    ? "the request is not valid HTTP" : "the request is not valid HTTP: " + message;
            return text.length() > 200 ? text.substring(0, 200) : text;
        }
    }

    /**
     * Writes the one error body (and the security headers) on a response no Javalin handler owns: Jetty's own
     * refusals and those of the limits in front of Javalin. A 503 says when to retry; {@code close} ends the
     * connection after the answer (the request's body was not read, so the connection cannot carry another).
     */
    static void writeCoreError(ObjectMapper json, Response response, int code, String message, boolean close,
                               Callback callback) {
        if (response.isCommitted()) {
            callback.failed(new IllegalStateException("the response was committed before the error " + code));
            return;
        }
        HttpStatus httpStatus = HttpStatus.forStatus(code);
        String reason = httpStatus == HttpStatus.UNKNOWN ? "Error" : httpStatus.getMessage();
        byte[] body;
        try {
            body = json.writeValueAsBytes(new ErrorResponse(code, reason, message, null));
        } catch (JsonProcessingException e) {
            body = ("{\"status\":" + code + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
        response.setStatus(code);
        WebApp.SECURITY_HEADERS.forEach(response.getHeaders()::put);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        if (code == 503) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS));
        }
        if (close) {
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
