package org.usagelens.web;

import com.google.protobuf.CodedOutputStream;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Error bodies of the OTLP receiver: OTLP/HTTP asks for a {@code google.rpc.Status} in the request's encoding. A
 * protobuf request gets that message, with the gRPC code of the HTTP status and the same text the JSON body would carry;
 * JSON requests (and requests of any other type) get the API's one error shape, whose {@code message} is what a Status
 * reader looks for. {@link ErrorMapping} asks here first, so every failure of the route is answered this way.
 */
final class OtlpErrors {
    static final String TRACES_PATH = "/v1/traces";
    private static final String PROTOBUF = "application/x-protobuf";

    private OtlpErrors() {
    }

    /** Whether this failed request is the OTLP receiver's with a protobuf body, so its error is a protobuf Status. */
    static boolean wantsProtobuf(Context ctx) {
        return TRACES_PATH.equals(ctx.path())
                && OtlpRequests.encodingOf(ctx.header("Content-Type")) == OtlpRequests.Encoding.PROTOBUF;
    }

    static void write(Context ctx, int status, String message) {
        ctx.status(status).contentType(PROTOBUF).result(status(grpcCode(status), message));
    }

    /**
     * {@code google.rpc.Status} is not among OpenTelemetry's published messages; it has two scalar fields here (code = 1,
     * message = 2; no details), written with protobuf's own encoder.
     */
    static byte[] status(int code, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, code);
            out.writeString(2, message == null ? "" : message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The gRPC code OTLP/gRPC would answer for this HTTP status. */
    static int grpcCode(int status) {
        return switch (status) {
            case 400, 415 -> 3;  // INVALID_ARGUMENT
            case 401 -> 16;      // UNAUTHENTICATED
            case 403 -> 7;       // PERMISSION_DENIED
            case 404 -> 5;       // NOT_FOUND
            case 405 -> 12;      // UNIMPLEMENTED
            case 413, 429 -> 8;  // RESOURCE_EXHAUSTED
            case 503 -> 14;      // UNAVAILABLE
            default -> status >= 500 ? 13 : 2; // INTERNAL, UNKNOWN
        };
    }
}
