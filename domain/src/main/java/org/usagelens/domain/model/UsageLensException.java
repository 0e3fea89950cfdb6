package org.usagelens.domain.model;

/**
 * Root of the domain's unchecked exceptions. Each says which {@link Kind} of failure it is, and the adapters map the
 * kind (the web adapter to one HTTP status), never the subclass: a new exception is mapped from the day it exists,
 * and a new kind does not compile until every mapping has a case for it.
 */
public abstract class UsageLensException extends RuntimeException {

    /** What the caller may do about a failure. */
    public enum Kind {
        /** The request asks for something the use case cannot accept; the same request will fail again. */
        INVALID_REQUEST,
        /** A resource the use case needs is unavailable now; nothing was changed, and a retry may succeed. */
        UNAVAILABLE
    }

    protected UsageLensException(String message) {
        super(message);
    }

    protected UsageLensException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract Kind kind();

    /** The request's field or parameter at fault, or {@code null} when none is. */
    public String field() {
        return null;
    }
}
