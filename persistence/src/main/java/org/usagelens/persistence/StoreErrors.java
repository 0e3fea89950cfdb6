package org.usagelens.persistence;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.function.Supplier;
import org.jooq.exception.DataAccessException;
import org.usagelens.domain.model.StorageUnavailableException;

/** Turns "PostgreSQL cannot be reached" into the domain's {@link StorageUnavailableException}. */
final class StoreErrors {
    private StoreErrors() {
    }

    static <T> T translate(Supplier<T> work) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            if (isUnavailable(e)) {
                throw new StorageUnavailableException("the database is unavailable", e);
            }
            throw e;
        }
    }

    /**
     * Connection failures (SQLSTATE class 08), the server shutting down (57P01-57P03), insufficient resources
     * (class 53: a full disk, out of memory, too many connections), a statement cancelled by {@code statement_timeout} (57014) or by
     * {@code lock_timeout} (55P03), a transaction PostgreSQL rolled back to break a deadlock (40P01) or
     * a serialization conflict (40001), and a pool that gave up waiting for a connection: all worth a retry.
     * Two batches holding the same (user, id) events in different orders can deadlock each other.
     */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                        || state.equals("57014") || state.equals("55P03")
                        || state.equals("40P01") || state.equals("40001")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
