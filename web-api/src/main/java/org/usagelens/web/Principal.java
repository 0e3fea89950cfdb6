package org.usagelens.web;

import java.util.Objects;

/** The signed-in caller of a {@code /api/subscription} request: the token's subject and whether it is an admin. */
record Principal(String userId, boolean admin) {
    public Principal {
        Objects.requireNonNull(userId, "userId");
    }
}
