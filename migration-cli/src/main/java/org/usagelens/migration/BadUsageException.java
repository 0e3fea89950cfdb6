package org.usagelens.migration;

/** The command line cannot work as given (no database named, a malformed URL): exit 2, like a picocli usage error. */
public final class BadUsageException extends RuntimeException {
    public BadUsageException(String message) {
        super(message);
    }
}
