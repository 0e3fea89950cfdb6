package org.usagelens.migration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.usagelens.domain.port.in.BackfillUseCase.Progress;

class ProgressPrinterTest {

    private static final Progress HALF = new Progress(1_000_000, 500_000, 490_000, Duration.ofSeconds(50));

    @Test
    void bar_showsRowsDoneRateAndEta() {
        assertThat(ProgressPrinter.bar(HALF))
                .isEqualTo("[###############...............]  50% 500,000/1,000,000 rows  10,000 rows/s  ETA 50s");
    }

    @Test
    void line_isPlainForLogs() {
        assertThat(ProgressPrinter.line(HALF))
                .isEqualTo("backfill: 500000 of ~1000000 rows examined, 490000 written, 10000 rows/s, ETA 50s");
    }

    @Test
    void notOnATerminal_printsALineAtMostEveryInterval_andNoBar() {
        StringWriter err = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(err), false, Duration.ZERO);

        printer.onProgress(HALF);
        printer.onProgress(HALF);
        printer.done();

        assertThat(err.toString().lines()).hasSize(2).allMatch(l -> l.startsWith("backfill: "));
        assertThat(err.toString()).doesNotContain("\r");

        StringWriter quiet = new StringWriter();
        ProgressPrinter hourly = new ProgressPrinter(new PrintWriter(quiet), false, Duration.ofHours(1));
        hourly.onProgress(HALF);
        assertThat(quiet.toString()).isEmpty();
    }

    @Test
    void onATerminal_redrawsTheBarInPlace_andEndsItsLine() {
        StringWriter err = new StringWriter();
        ProgressPrinter printer = new ProgressPrinter(new PrintWriter(err), true, Duration.ZERO);

        try {
            Thread.sleep(210);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        printer.onProgress(HALF);
        printer.done();

        assertThat(err.toString()).startsWith("\r[###").endsWith(System.lineSeparator());
    }

    @Test
    void eta_isUnknownBeforeAnyRate_andZeroWhenDone() {
        assertThat(ProgressPrinter.eta(new Progress(10, 0, 0, Duration.ZERO))).isEqualTo("?");
        assertThat(ProgressPrinter.eta(new Progress(10, 10, 10, Duration.ofSeconds(1)))).isEqualTo("0s");
        assertThat(ProgressPrinter.duration(Duration.ofSeconds(3725))).isEqualTo("1h02m05s");
    }
}
