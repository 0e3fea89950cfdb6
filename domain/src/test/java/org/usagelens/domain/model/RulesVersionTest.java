package org.usagelens.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.usagelens.detection.ProviderDetector;

class RulesVersionTest {

    private static final RulesVersion CURRENT = RulesVersion.current("r2.3-0123456789ab");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "NULL", textBlock = """
            NULL,              true
            r-3f9a1c2b7d4e,    true
            garbage,           true
            r2.3-0123456789ab, false
            r2.3-ffffffffffff, true
            r2.2-0123456789ab, true
            r1.9-0123456789ab, true
            r1.99-0123456789ab, true
            r2.4-0123456789ab, false
            r3.0-ffffffffffff, false
            r10.0-ffffffffffff, false
            """)
    void supersedes_storedVersionsOfLowerRevisionsOrOtherHashOrUnknownFormat(String stored, boolean expected) {
        assertThat(CURRENT.supersedes(stored)).isEqualTo(expected);
    }

    @Test
    void parse_roundTripsAndRejectsOtherFormats() {
        assertThat(RulesVersion.parse("r12.0-00000000000a")).contains(new RulesVersion(12, 0, "00000000000a"));
        assertThat(RulesVersion.parse("r12.0-00000000000a").orElseThrow()).hasToString("r12.0-00000000000a");
        assertThat(RulesVersion.parse("r1.0-ABCDEF012345")).isEmpty();
        assertThat(RulesVersion.parse("r1-0123456789ab")).isEmpty();
        assertThat(RulesVersion.parse(null)).isEmpty();
        assertThatThrownBy(() -> RulesVersion.current("r-0123456789ab"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("r-0123456789ab");
    }

    @Test
    void theDetectorsVersion_isInTheRevisionFormat() {
        assertThat(RulesVersion.parse(ProviderDetector.builtIn().rulesVersion())).isPresent();
    }
}
