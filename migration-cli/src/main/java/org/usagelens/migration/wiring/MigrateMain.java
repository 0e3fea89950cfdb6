package org.usagelens.migration.wiring;

import java.io.PrintWriter;
import java.time.Clock;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.usagelens.migration.Commands;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The migration CLI: {@code java -jar usagelens-migrate.jar <command>}. Exit 0 done, 1 failed, 2 bad usage. */
@Command(name = "usagelens-migrate", mixinStandardHelpOptions = true, version = "usagelens-migrate 0.1.0",
        description = "Migrate, backfill and verify a UsageLens database.")
public final class MigrateMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line on the system clock (UTC) and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Clock.systemUTC());
    }

    /** Runs one command line on the given clock ("now" for retention and re-pricing) and returns its exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err, Clock clock) {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
            context.registerBean(Clock.class, () -> clock);
            context.register(MigrationConfiguration.class);
            context.refresh();
            // The subcommands first: the writers and the handler reach the subcommands present when they are set.
            CommandLine cli = Commands.addSubcommands(new CommandLine(new MigrateMain(),
                    context.getBean(CommandLine.IFactory.class)));
            cli.setOut(out);
            cli.setErr(err);
            cli.setExecutionExceptionHandler(Commands.failureHandler("usagelens-migrate"));
            return cli.execute(args);
        }
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command: migrate, backfill, verify, reprice or retain (see --help)");
    }
}
