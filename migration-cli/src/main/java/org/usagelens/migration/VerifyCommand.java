package org.usagelens.migration;

import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Callable;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code verify}: the requirements' check, and a failure when any row still needs the backfill. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        header = "Count rows by provider; exit 1 if any lacks a current one.",
        description = {"Print rows by category, actual provider and model (the requirements' check), and exit 1",
            "if any row has no actual provider or was detected by older rules than the current ones."})
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Mixin
    RulesOption rules = new RulesOption();

    @Spec
    CommandSpec spec;

    private final Connections connections;
    private final DetectionUseCases useCases;

    VerifyCommand(Connections connections, DetectionUseCases useCases) {
        this.connections = Objects.requireNonNull(connections, "connections");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
    }

    /** Some rows still need the backfill; the message says how many. */
    static final class IncompleteException extends RuntimeException {
        IncompleteException(String message) {
            super(message);
        }
    }

    @Override
    public Integer call() {
        var detector = rules.detector();
        VerificationReport report;
        try (HikariDataSource dataSource = connections.open(database, 1)) {
            report = useCases.verify(dataSource, detector).verify();
        }
        print(report, spec.commandLine().getOut());
        if (!report.complete()) {
            throw new IncompleteException(String.format(Locale.ROOT,
                    "%d row(s) without an actual provider and %d detected by rules older than %s: run backfill",
                    report.withoutProvider(), report.detectedByOlderRules(), report.rulesVersion()));
        }
        return 0;
    }

    private static void print(VerificationReport r, PrintWriter out) {
        int c = "category".length();
        int p = "actual_provider_name".length();
        int m = "model_used".length();
        for (ProviderCheckRow row : r.check()) {
            c = Math.max(c, text(row.category()).length());
            p = Math.max(p, text(row.actualProvider()).length());
            m = Math.max(m, text(row.model()).length());
        }
        String format = "%-" + c + "s  %-" + p + "s  %-" + m + "s  %12s%n";
        out.printf(Locale.ROOT, format, "category", "actual_provider_name", "model_used", "rows");
        for (ProviderCheckRow row : r.check()) {
            out.printf(Locale.ROOT, format, text(row.category()), text(row.actualProvider()), text(row.model()),
                    row.rows());
        }
        out.printf(Locale.ROOT, "verify: %d rows; %d without an actual provider; %d detected by rules older than %s%n",
                r.rows(), r.withoutProvider(), r.detectedByOlderRules(), r.rulesVersion());
        out.flush();
    }

    private static String text(String s) {
        return s == null ? "(null)" : s;
    }
}
