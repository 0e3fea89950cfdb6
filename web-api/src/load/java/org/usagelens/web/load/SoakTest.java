package org.usagelens.web.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.usagelens.web.testing.TestServer;
import org.usagelens.web.testing.TestTokens;

/**
 * The soak, shortened for the build: 60 s of ingestion at half the measured maximum while 20 readers page through
 * logs and analytics; nothing acknowledged may be lost or doubled, and no request may fail.
 * {@code -Dusagelens.soak.seconds=600} runs the full ten minutes.
 */
class SoakTest {

    @Test
    void givenHalfTheMaximumRateAndTwentyReaders_whenSoaking_thenZeroErrorsAndEveryAcknowledgedEventStoredOnce()
            throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("usagelens.soak.seconds", 60));
        Soak.Report report;
        try (TestServer server = TestServer.start()) {
            report = Soak.run(server.uri("/"), server.database(), TestServer.INGEST_KEY, TestTokens::forUser,
                    Duration.ofSeconds(10), duration, Soak.READER_PAUSE, server.clock());
        }
        String text = report.text();
        System.out.print(text);
        Files.writeString(Path.of("target", "soak-report.txt"), text);

        assertThat(report.soak().events()).as("events ingested during the soak").isPositive();
        assertThat(report.reads().get(Readers.FIRST_PAGE).count()).as("pages read").isPositive();
        assertThat(report.reads().get(Readers.ANALYTICS).count()).as("analytics read").isPositive();
        assertThat(report.calibration().errors() + report.soak().errors()).as(text).isZero();
        assertThat(report.readErrors()).as(text).isZero();
        assertThat(report.calibrationCheck().problems()).as("calibration reconciliation").isEmpty();
        assertThat(report.soakCheck().problems()).as("soak reconciliation").isEmpty();
        assertThat(report.soakCheck().stored()).isEqualTo(report.soak().events());
    }
}
