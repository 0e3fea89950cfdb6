package org.usagelens.detection.cli;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

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
        // Straight to the file descriptor: System.out's PrintStream adds a lock and a flush per write.
        int status = run(args, System.in, new FileOutputStream(FileDescriptor.out), System.err);
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
        try {
            if (options.explain) {
                BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
                Writer writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
                int status = explain(detector, options.positional, reader, writer, errors);
                writer.flush();
                return status;
            }
            OutputStream buffered = new BufferedOutputStream(out, BUFFER);
            int status = batch(detector, in, buffered);
            buffered.flush();
            return status;
        } catch (IOException e) {
            errors.println("error: " + e.getMessage());
            return BAD_RULES;
        }
    }

    /**
     * Reads raw bytes and splits lines and fields itself: decoding the whole stream through a Reader, then
     * readLine and substring, cost more than detection. Fields are decoded one by one (pure ASCII takes the JDK's
     * fast path; malformed UTF-8 becomes U+FFFD like a Reader would) and answers are written as pre-encoded bytes.
     * Memory stays bounded by the buffer, which only grows to hold the longest line.
     */
    private static int batch(ProviderDetector detector, InputStream in, OutputStream out) throws IOException {
        Batch batch = new Batch(detector, out);
        byte[] buf = new byte[BUFFER];
        int start = 0;
        int limit = 0;
        boolean eof = false;
        while (true) {
            int nl = indexOf(buf, (byte) '\n', start, limit);
            if (nl < 0) {
                if (eof) {
                    if (start < limit) {
                        batch.answer(buf, start, limit);
                    }
                    return OK;
                }
                // Move the partial line to the front, growing the buffer only when one line fills it.
                int partial = limit - start;
                if (partial == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                } else if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, partial);
                }
                start = 0;
                limit = partial;
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    eof = true;
                } else {
                    limit += n;
                }
                continue;
            }
            batch.answer(buf, start, nl);
            start = nl + 1;
        }
    }

    /**
     * Per-run state of the batch: field caches and an answer cache, all of fixed size so memory stays constant.
     * Usage logs repeat the same categories, endpoints and models over and over; a repeated field is decoded once
     * (and keeps its cached String hash), and a repeated triple of fields skips detection altogether.
     */
    private static final class Batch {
        private static final int ANSWERS = 1 << 14;

        private final ProviderDetector detector;
        private final OutputStream out;
        private final Map<Detection, byte[]> encoded = new IdentityHashMap<>();
        private final FieldCache categories = new FieldCache();
        private final FieldCache models = new FieldCache();
        private final FieldCache endpoints = new FieldCache();
        private final String[] answerCategory = new String[ANSWERS];
        private final String[] answerModel = new String[ANSWERS];
        private final String[] answerEndpoint = new String[ANSWERS];
        private final byte[][] answer = new byte[ANSWERS][];

        Batch(ProviderDetector detector, OutputStream out) {
            this.detector = detector;
            this.out = out;
        }

        void answer(byte[] buf, int start, int end) throws IOException {
            if (end > start && buf[end - 1] == '\r') {
                end--;
            }
            int tab1 = indexOf(buf, (byte) '\t', start, end);
            String category = categories.get(buf, start, tab1 < 0 ? end : tab1);
            String model = "";
            String endpoint = "";
            if (tab1 >= 0) {
                int tab2 = indexOf(buf, (byte) '\t', tab1 + 1, end);
                model = models.get(buf, tab1 + 1, tab2 < 0 ? end : tab2);
                if (tab2 >= 0) {
                    int tab3 = indexOf(buf, (byte) '\t', tab2 + 1, end);
                    endpoint = endpoints.get(buf, tab2 + 1, tab3 < 0 ? end : tab3);
                }
            }
            // Fields come from the caches, so equal fields are usually the same instances: compare identities.
            int slot = (category.hashCode() * 961 + model.hashCode() * 31 + endpoint.hashCode()) * 0x9E3779B9
                    >>> (32 - Integer.numberOfTrailingZeros(ANSWERS));
            byte[] line = answer[slot];
            if (line == null || answerCategory[slot] != category || answerModel[slot] != model
                    || answerEndpoint[slot] != endpoint) {
                line = encode(detector.detect(category, model, endpoint));
                answerCategory[slot] = category;
                answerModel[slot] = model;
                answerEndpoint[slot] = endpoint;
                answer[slot] = line;
            }
            out.write(line);
        }

        private byte[] encode(Detection d) {
            byte[] line = encoded.get(d);
            if (line == null) {
                line = (d.providerId() + '\t' + d.source() + '\t' + d.ruleId() + '\n')
                        .getBytes(StandardCharsets.UTF_8);
                encoded.put(d, line);
            }
            return line;
        }
    }

    /** A direct-mapped cache from field bytes to the decoded String; long fields are decoded every time. */
    private static final class FieldCache {
        private static final int SIZE = 1 << 12;
        private static final int LONGEST_CACHED = 512;

        private final byte[][] keys = new byte[SIZE][];
        private final String[] values = new String[SIZE];

        String get(byte[] buf, int from, int to) {
            int length = to - from;
            if (length <= 0) {
                return "";
            }
            if (length > LONGEST_CACHED) {
                return new String(buf, from, length, StandardCharsets.UTF_8);
            }
            int slot = hash(buf, from, to) & (SIZE - 1);
            byte[] key = keys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, buf, from, to)) {
                return values[slot];
            }
            String value = new String(buf, from, length, StandardCharsets.UTF_8);
            keys[slot] = Arrays.copyOfRange(buf, from, to);
            values[slot] = value;
            return value;
        }

        /** Length and three 8-byte words (head, middle, tail) mixed: enough to spread real ids. */
        private static int hash(byte[] buf, int from, int to) {
            int length = to - from;
            long h = length;
            if (length >= Long.BYTES) {
                h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(buf, from);
                h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(buf, from + (length - Long.BYTES) / 2);
                h = h * 0x9E3779B97F4A7C15L + (long) LONGS.get(buf, to - Long.BYTES);
            } else {
                for (int i = from; i < to; i++) {
                    h = h * 31 + buf[i];
                }
            }
            h *= 0x9E3779B97F4A7C15L;
            return (int) (h >>> 32);
        }
    }

    /**
     * First index of {@code b} in {@code buf[from, to)}, or -1. Tests eight bytes per step (the "has zero byte" bit
     * trick on a little-endian long): scanning for line and field ends byte by byte was the CLI's hottest loop.
     */
    static int indexOf(byte[] buf, byte b, int from, int to) {
        long pattern = (b & 0xFFL) * 0x0101010101010101L;
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            long word = (long) LONGS.get(buf, i) ^ pattern;
            // Borrows can only set bits above the first zero byte, so the lowest set bit is exact.
            long zeros = (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
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
