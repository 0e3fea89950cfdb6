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
     *
     * <p>On Citus, a worker that cannot be reached surfaces on the coordinator as an internal error (XX000) or a
     * plain error without a class of its own, recognisable only by its text ({@link #CITUS_WORKER_FAILURES}); the
     * distributed transaction is rolled back, so it is worth a retry too.
     */
    static boolean isUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && isCitusWorkerFailure(sql)) {
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

    /** The texts Citus 11-13 give a query when a worker is down, restarting or unreachable. */
    static final java.util.List<String> CITUS_WORKER_FAILURES = java.util.List.of(
            "failure on connection marked as essential", "connection to the remote node", "could not establish any connections to the node",
            "connection not open", "server closed the connection unexpectedly", "terminating connection due to administrator command",
            "could not connect to server", "lost connection", "connection is lost");

    private static boolean isCitusWorkerFailure(SQLException e) {
        String state = e.getSQLState();
        if (state != null && !state.equals("XX000") && !state.startsWith("08") && !state.startsWith("57")) {
            return false;
        }
        String message = e.getMessage();
        if (message == null) {
            return false;
        }
        String lower = message.toLowerCase(java.util.Locale.ROOT);
        return CITUS_WORKER_FAILURES.stream().anyMatch(lower::contains);
    }
}
