package org.usagelens.domain.model;

import java.util.Objects;

/** One reason a usage event was rejected: the wire name of the field and what is wrong with it. */
public record FieldProblem(String field, String reason) {
    public FieldProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }
}
