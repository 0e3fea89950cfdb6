package org.usagelens.domain.pricing;

import java.util.Objects;

/** One reason a call's {@code units} were rejected: the field path (e.g. {@code units.image}) and what is wrong. */
public record UnitProblem(String field, String reason) {

    public UnitProblem {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
    }
}
