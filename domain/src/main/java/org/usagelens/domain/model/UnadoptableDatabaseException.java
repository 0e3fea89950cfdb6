package org.usagelens.domain.model;

/**
 * A database of the original system that cannot be adopted as it is: the message names the column and what was
 * expected. Nothing was changed; the same database fails again until its table is fixed.
 */
public final class UnadoptableDatabaseException extends UsageLensException {
    public UnadoptableDatabaseException(String message) {
        super(message);
    }

    @Override
    public Kind kind() {
        return Kind.INVALID_REQUEST;
    }
}
