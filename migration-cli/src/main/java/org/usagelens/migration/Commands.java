package org.usagelens.migration;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine;

/**
 * The CLI's commands behind one door: the wiring gives the collaborators and gets a picocli factory, the subcommands
 * in the order of the help, and the mapping of a failure to its exit code and one line. The command classes, their
 * options and printers are package-private.
 */
public final class Commands {
    /** The subcommands of {@code usagelens-migrate}, in the order its help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(MigrateCommand.class, BackfillCommand.class,
            VerifyCommand.class, RepriceCommand.class, RetainCommand.class);

    private Commands() {
    }

    /**
     * Builds every command with what it needs; anything else (options, mixins) picocli's default factory builds.
     *
     * @param clock "now" for retention's cut-off
     */
    public static CommandLine.IFactory factory(Connections connections, DetectionUseCases detections, Reprices reprices,
                                               SchemaMaintenance schema, Clock clock) {
        Objects.requireNonNull(connections, "connections");
        Objects.requireNonNull(detections, "detections");
        Objects.requireNonNull(reprices, "reprices");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(clock, "clock");
        CommandLine.IFactory fallback = CommandLine.defaultFactory();
        return new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                if (type == MigrateCommand.class) {
                    return type.cast(new MigrateCommand(connections, detections, schema));
                }
                if (type == BackfillCommand.class) {
                    return type.cast(new BackfillCommand(connections, detections));
                }
                if (type == VerifyCommand.class) {
                    return type.cast(new VerifyCommand(connections, detections));
                }
                if (type == RetainCommand.class) {
                    return type.cast(new RetainCommand(connections, schema, clock));
                }
                if (type == RepriceCommand.class) {
                    return type.cast(new RepriceCommand(connections, reprices));
                }
                return fallback.create(type);
            }
        };
    }

    /**
     * Adds the subcommands to the root command line, each built by the root's factory. Call it before setting the
     * root's writers and handlers, which picocli hands to the subcommands present at that moment.
     */
    public static CommandLine addSubcommands(CommandLine root) {
        for (Class<?> type : SUBCOMMANDS) {
            Object command;
            try {
                command = root.getFactory().create(type);
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the command " + type.getSimpleName(), e);
            }
            root.addSubcommand(command);
        }
        return root;
    }

    /**
     * A usage error ({@link BadUsageException}, or picocli's) exits 2 with its message; any other failure exits 1 with
     * one line that says what went wrong, not a stack trace.
     */
    public static CommandLine.IExecutionExceptionHandler failureHandler(String program) {
        Objects.requireNonNull(program, "program");
        return (e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException || e instanceof BadUsageException) {
                commandLine.getErr().println(program + ": " + e.getMessage());
                return CommandLine.ExitCode.USAGE;
            }
            commandLine.getErr().println(program + ": failed: " + Failures.oneLine(e));
            return CommandLine.ExitCode.SOFTWARE;
        };
    }
}
