package org.usagelens.domain.model;

/** The usage-log store cannot be reached now; nothing was written, and the caller may retry. */
public final class StorageUnavailableException extends UsageLensException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public Kind kind() {
        return Kind.UNAVAILABLE;
    }
}
