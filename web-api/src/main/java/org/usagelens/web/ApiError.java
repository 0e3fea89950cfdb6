package org.usagelens.web;

/**
 * An error the API answers with a specific status and message; {@link ErrorMapping} renders it in the
 * one error body shape.
 *
 * @param field the request field or parameter at fault, or {@code null}
 */
final class ApiError extends RuntimeException {
    private final int status;
    private final String field;
    private final transient java.util.Map<String, String> headers;

    public ApiError(int status, String field, String message) {
        this(status, field, message, java.util.Map.of());
    }

    public ApiError(int status, String field, String message, java.util.Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.field = field;
        this.headers = headers;
    }

    public static ApiError badRequest(String field, String message) {
        return new ApiError(400, field, message);
    }

    public static ApiError unauthorized(String message) {
        return new ApiError(401, null, message, java.util.Map.of("WWW-Authenticate", "Bearer"));
    }

    public static ApiError forbidden(String message) {
        return new ApiError(403, null, message);
    }

    public int status() {
        return status;
    }

    public String field() {
        return field;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
