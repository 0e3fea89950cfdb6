package org.usagelens.detection.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.usagelens.detection.Detection;
import org.usagelens.detection.Explanation;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.detection.RuleFileException;

/** Batch command line: detects the provider of every {@code category<TAB>model<TAB>endpoint} line on standard input. */
public final class DetectionCli {

    static final int OK = 0;
    static final int BAD_RULES = 1;
    static final int BAD_USAGE = 2;

    private static final int BUFFER = 1 << 16;

    static final String USAGE = """
            Usage: java -jar usagelens-detection.jar [--rules FILE] [--explain [CATEGORY [MODEL [ENDPOINT]]]]

            Reads lines "category<TAB>model<TAB>endpoint" (UTF-8) on standard input and writes, for each line and in
            the same order, "provider<TAB>source<TAB>rule_id". Empty fields are allowed; missing trailing fields
            count as empty.

            Options:
              --rules FILE  add a deployment rule file to the built-in rules (same ids override built-ins)
              --explain     explain a single input, given as arguments or as one line on standard input:
                            every rule considered and why the winner won
              --help        show this help

            Exit status: 0 done, 1 bad rule file or I/O error, 2 bad usage.
            """;

    private DetectionCli() {
    }

    public static void main(String[] args) {
        int status = run(args, System.in, System.out, System.err);
        System.exit(status);
    }

    /** Runs the command with the given streams and returns its exit status; never calls {@link System#exit}. */
    public static int run(String[] args, InputStream in, OutputStream out, OutputStream err) {
        PrintWriter errors = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            errors.println("error: " + e.getMessage());
            errors.print(USAGE);
            errors.flush();
            return BAD_USAGE;
        }
        if (options.help) {
            PrintWriter o = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            o.print(USAGE);
            o.flush();
            return OK;
        }
        ProviderDetector detector;
        try {
            detector = options.rules == null
                    ? ProviderDetector.builtIn()
                    : ProviderDetector.withDeploymentRules(Path.of(options.rules));
        } catch (RuleFileException e) {
            errors.println(e.getMessage());
            return BAD_RULES;
        }
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), BUFFER);
        Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), BUFFER);
        try {
            int status = options.explain
                    ? explain(detector, options.positional, reader, writer, errors)
                    : batch(detector, reader, writer);
            writer.flush();
            return status;
        } catch (IOException e) {
            errors.println("error: " + e.getMessage());
            return BAD_RULES;
        }
    }

    private static int batch(ProviderDetector detector, BufferedReader reader, Writer writer) throws IOException {
        // Detections are shared per rule, so their output lines can be built once and looked up by identity.
        Map<Detection, String> lines = new IdentityHashMap<>();
        String line;
        while ((line = reader.readLine()) != null) {
            int tab1 = line.indexOf('\t');
            String category;
            String model = "";
            String endpoint = "";
            if (tab1 < 0) {
                category = line;
            } else {
                category = line.substring(0, tab1);
                int tab2 = line.indexOf('\t', tab1 + 1);
                if (tab2 < 0) {
                    model = line.substring(tab1 + 1);
                } else {
                    model = line.substring(tab1 + 1, tab2);
                    int tab3 = line.indexOf('\t', tab2 + 1);
                    endpoint = tab3 < 0 ? line.substring(tab2 + 1) : line.substring(tab2 + 1, tab3);
                }
            }
            Detection d = detector.detect(category, model, endpoint);
            String out = lines.get(d);
            if (out == null) {
                out = d.providerId() + '\t' + d.source() + '\t' + d.ruleId() + '\n';
                lines.put(d, out);
            }
            writer.write(out);
        }
        return OK;
    }

    private static int explain(ProviderDetector detector, List<String> positional, BufferedReader reader,
            Writer writer, PrintWriter errors) throws IOException {
        String[] fields = new String[] {"", "", ""};
        if (!positional.isEmpty()) {
            for (int i = 0; i < positional.size(); i++) {
                fields[i] = positional.get(i);
            }
        } else {
            String line = reader.readLine();
            if (line == null) {
                errors.println("error: --explain needs one input, as arguments or as one line on standard input");
                return BAD_USAGE;
            }
            if (reader.readLine() != null) {
                errors.println("error: --explain takes a single input, but standard input has more than one line");
                return BAD_USAGE;
            }
            String[] split = line.split("\t", -1);
            for (int i = 0; i < Math.min(3, split.length); i++) {
                fields[i] = split[i];
            }
        }
        Explanation e = detector.explain(fields[0], fields[1], fields[2]);
        Detection d = e.detection();
        writer.write("provider: " + d.providerId() + " (" + d.displayName() + ")\n");
        writer.write("source:   " + d.source() + "\n");
        writer.write("rule:     " + d.ruleId() + "\n");
        writer.write("rules:    " + d.rulesVersion() + "\n");
        writer.write("input:    category=" + quote(fields[0]) + " model=" + quote(fields[1]) + " endpoint="
                + quote(fields[2]) + "\n");
        writer.write("considered, in precedence order:\n");
        for (Explanation.Step step : e.steps()) {
            writer.write(String.format("  %-9s %-34s %-8s %s%n", step.source(), step.ruleId(),
                    step.matched() ? "match" : "-", step.reason()));
        }
        return OK;
    }

    private static String quote(String s) {
        return "'" + s + "'";
    }

    /** Parsed command-line arguments. */
    private static final class Options {
        boolean help;
        boolean explain;
        String rules;
        final List<String> positional = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            boolean onlyPositional = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (onlyPositional || a.equals("-") || !a.startsWith("-")) {
                    o.positional.add(a);
                } else if (a.equals("--")) {
                    onlyPositional = true;
                } else if (a.equals("--help") || a.equals("-h")) {
                    o.help = true;
                } else if (a.equals("--explain")) {
                    o.explain = true;
                } else if (a.equals("--rules") || a.startsWith("--rules=")) {
                    if (o.rules != null) {
                        throw new IllegalArgumentException("--rules given more than once");
                    }
                    if (a.equals("--rules")) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException("--rules needs a file");
                        }
                        o.rules = args[++i];
                    } else {
                        o.rules = a.substring("--rules=".length());
                    }
                    if (o.rules.isEmpty()) {
                        throw new IllegalArgumentException("--rules needs a file");
                    }
                } else {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            }
            if (o.help) {
                return o;
            }
            if (!o.explain && !o.positional.isEmpty()) {
                throw new IllegalArgumentException("unexpected argument " + o.positional.get(0)
                        + " (inputs are read from standard input; arguments only with --explain)");
            }
            if (o.positional.size() > 3) {
                throw new IllegalArgumentException("--explain takes at most 3 arguments: CATEGORY MODEL ENDPOINT");
            }
            return o;
        }
    }
}
