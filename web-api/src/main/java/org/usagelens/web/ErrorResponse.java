package org.usagelens.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one error body of the API: {@code {"status":400,"error":"Bad Request","message":"...","field":"limit",
 * "detail":"..."}}. {@code detail} repeats the message under the name FastAPI clients (the original system's) read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ErrorResponse(int status, String error, String message, String field, String detail) {

    public ErrorResponse(int status, String error, String message, String field) {
        this(status, error, message, field, message);
    }
}
