package org.usagelens.domain.model;

/** Root of the domain's unchecked exceptions; the web adapter maps each kind to one HTTP status. */
public abstract class UsageLensException extends RuntimeException {
    protected UsageLensException(String message) {
        super(message);
    }

    protected UsageLensException(String message, Throwable cause) {
        super(message, cause);
    }
}
