package org.usagelens.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.model.StorageUnavailableException;

class StoreErrorsTest {

    @Test
    void citusWorkerFailures_withoutAClassOfTheirOwn_areWorthARetry() {
        assertThat(StoreErrors.isUnavailable(wrapped(new SQLException(
                "ERROR: failure on connection marked as essential: 127.0.0.1:60937", "XX000")))).isTrue();
        assertThat(StoreErrors.isUnavailable(wrapped(new SQLException(
                "ERROR: connection to the remote node postgres@127.0.0.1:60937 failed with the following error:"
                        + " Connection refused", (String) null)))).isTrue();
        assertThat(StoreErrors.isUnavailable(wrapped(new SQLException(
                "ERROR: could not establish any connections to the node 127.0.0.1:34079 after 5000 ms", "XX000"))))
                .isTrue();
    }

    @Test
    void otherErrors_evenWithTheSameWords_areNot() {
        assertThat(StoreErrors.isUnavailable(wrapped(new SQLException("ERROR: cache lookup failed for type 1", "XX000"))))
                .isFalse();
        // A constraint violation names what it violated; a value that happens to contain the words stays a 23xxx.
        assertThat(StoreErrors.isUnavailable(wrapped(new SQLException(
                "ERROR: duplicate key value violates unique constraint: connection to the remote node", "23505"))))
                .isFalse();
    }

    @Test
    void translate_turnsAWorkerFailureIntoStorageUnavailable() {
        assertThatThrownBy(() -> StoreErrors.translate(() -> {
            throw wrapped(new SQLException("ERROR: failure on connection marked as essential: 127.0.0.1:1", "XX000"));
        })).isInstanceOf(StorageUnavailableException.class);
    }

    private static DataAccessException wrapped(SQLException e) {
        return new DataAccessException("SQL [insert ...]; " + e.getMessage(), e);
    }
}
