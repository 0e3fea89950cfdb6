package org.usagelens.web.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The database statement and lock timeouts read from the environment. */
class ServerSettingsTimeoutsTest {

    @Test
    void withoutSettings_statementTimeoutIs30s_andLockTimeoutIs5s() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of());
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void givenSeconds_theyAreUsed_andZeroTurnsALimitOff() {
        ServerSettings settings = ServerSettings.fromEnvironment(Map.of(
                "USAGELENS_DB_STATEMENT_TIMEOUT", "120", "USAGELENS_DB_LOCK_TIMEOUT", "0"));
        assertThat(settings.statementTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.lockTimeout()).isEqualTo(Duration.ZERO);
        assertThat(settings.toString()).contains("statementTimeout=120000ms", "lockTimeout=0ms");
    }

    @Test
    void givenANegativeOrNonNumericTimeout_thenTheErrorNamesTheVariable() {
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("USAGELENS_DB_LOCK_TIMEOUT", "-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USAGELENS_DB_LOCK_TIMEOUT");
        assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of("USAGELENS_DB_STATEMENT_TIMEOUT", "5s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("USAGELENS_DB_STATEMENT_TIMEOUT");
    }
}
