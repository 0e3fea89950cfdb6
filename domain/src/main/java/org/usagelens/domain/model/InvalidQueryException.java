package org.usagelens.domain.model;

import java.util.Objects;

/** A query parameter has a value the use case cannot accept; names the parameter and what is accepted. */
public final class InvalidQueryException extends UsageLensException {
    private final String parameter;

    public InvalidQueryException(String parameter, String message) {
        super(message);
        this.parameter = Objects.requireNonNull(parameter, "parameter");
    }

    public String parameter() {
        return parameter;
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_REQUEST;
    }

    @Override
    public String field() {
        return parameter;
    }
}
