package org.usagelens.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error body of the API: {@code {"status":400,"error":"Bad Request","message":"...","field":"limit"}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorResponse(int status, String error, String message, String field) {
}
