package org.usagelens.web.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.usagelens.web.HttpLimits;

/** The per-client limits and request deadlines read from the environment. */
class ServerSettingsLimitsTest {

    @Test
    void withoutSettings_theShippedLimitsApply() {
        HttpLimits limits = ServerSettings.fromEnvironment(Map.of()).limits();
        assertThat(limits).isEqualTo(new HttpLimits(64, 32, Duration.ofSeconds(10), Duration.ofSeconds(20), 1024));
        assertThat(limits).isEqualTo(HttpLimits.DEFAULTS);
    }

    @Test
    void givenValues_theyAreUsed_andZeroTurnsALimitOff() {
        HttpLimits limits = ServerSettings.fromEnvironment(Map.of("USAGELENS_MAX_CONNECTIONS_PER_CLIENT", "0",
                "USAGELENS_MAX_REQUESTS_PER_CLIENT", "100", "USAGELENS_BODY_TIMEOUT", "60",
                "USAGELENS_BODY_MIN_RATE", "0")).limits();
        assertThat(limits).isEqualTo(new HttpLimits(0, 100, Duration.ofSeconds(10), Duration.ofSeconds(60), 0));
    }

    @Test
    void givenABadValue_thenTheErrorNamesTheVariable() {
        for (var bad : Map.of("USAGELENS_MAX_CONNECTIONS_PER_CLIENT", "-1", "USAGELENS_MAX_REQUESTS_PER_CLIENT", "many",
                "USAGELENS_BODY_TIMEOUT", "0", "USAGELENS_BODY_MIN_RATE", "1k").entrySet()) {
            assertThatThrownBy(() -> ServerSettings.fromEnvironment(Map.of(bad.getKey(), bad.getValue())))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getKey());
        }
    }
}
