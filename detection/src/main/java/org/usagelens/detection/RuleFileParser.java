package org.usagelens.detection;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one rule file (format in {@code builtin-rules.txt} and the module README) and rejects the first bad line with
 * its file, line and reason. Regexes are fine here: parsing happens once, never while detecting.
 */
final class RuleFileParser {

    static final int MIN_PRIORITY = -1000;
    static final int MAX_PRIORITY = 1000;
    /** Revisions fit six digits, so {@code r<builtin>.<deployment>-<hash>} stays well inside VARCHAR(40). */
    static final int MAX_REVISION = 999_999;

    /** Names used by explanations for steps where no rule applied, and the fallback rule. */
    static final Set<String> RESERVED_IDS = Set.of("unknown", "category", "endpoint", "model", "default");

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Pattern PROVIDER_ID = Pattern.compile("[a-z0-9][a-z0-9._-]*");
    private static final Pattern OTEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._]*");
    private static final Pattern PROVIDER_LINE = Pattern.compile("\\S+\\s+(\\S+)\\s+(\\S+)\\s+(.+)");
    private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9*_-]+");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** A provider declaration and where it was made. */
    record ProviderLine(Provider provider, int line) {
    }

    /** A {@code disable <rule-id>} line. */
    record DisableLine(String ruleId, int line) {
    }

    /**
     * Everything one file declares, in file order; {@code revision} is its {@code revision <n>} line, or null when it
     * has none.
     */
    record Parsed(String source, Integer revision, List<ProviderLine> providers, List<RuleDef> rules,
            List<DisableLine> disables) {
    }

    private final String source;
    private final RuleCatalog base;
    private final List<ProviderLine> providers = new ArrayList<>();
    private final List<RuleDef> rules = new ArrayList<>();
    private final List<DisableLine> disables = new ArrayList<>();
    private final Map<String, Integer> providerLines = new HashMap<>();
    private final Map<String, Integer> ruleLines = new HashMap<>();
    private Integer revision;
    private int revisionLine;

    private RuleFileParser(String source, RuleCatalog base) {
        this.source = source;
        this.base = base;
    }

    /**
     * @param base the catalog this file extends (its providers may be referenced, its rules overridden or
     *             disabled); null for the built-in file
     */
    static Parsed parse(String source, Reader reader, RuleCatalog base) {
        RuleFileParser parser = new RuleFileParser(source, base);
        parser.read(reader);
        parser.checkReferences();
        return new Parsed(source, parser.revision, List.copyOf(parser.providers), List.copyOf(parser.rules),
                List.copyOf(parser.disables));
    }

    private void read(Reader reader) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        int lineNo = 0;
        try {
            String raw;
            while ((raw = in.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && !raw.isEmpty() && raw.charAt(0) == '\uFEFF') {
                    raw = raw.substring(1);
                }
                String text = stripComment(raw).strip();
                if (!text.isEmpty()) {
                    parseLine(text, lineNo);
                }
            }
        } catch (CharacterCodingException e) {
            throw new RuleFileException(source, lineNo + 1, "not valid UTF-8", e);
        } catch (IOException e) {
            throw new RuleFileException(source, lineNo + 1, "cannot read: " + e.getMessage(), e);
        }
    }

    /** A {@code #} starts a comment at the start of a line or after white space. */
    private static String stripComment(String raw) {
        for (int i = 0; i < raw.length(); i++) {
            if (raw.charAt(i) == '#' && (i == 0 || Character.isWhitespace(raw.charAt(i - 1)))) {
                return raw.substring(0, i);
            }
        }
        return raw;
    }

    private void parseLine(String text, int line) {
        String[] words = WHITESPACE.split(text);
        switch (words[0]) {
            case "provider" -> parseProvider(text, words, line);
            case "rule" -> parseRule(words, line);
            case "disable" -> parseDisable(words, line);
            case "revision" -> parseRevision(words, line);
            default -> throw error(line, "unknown directive '" + words[0]
                    + "' (expected revision, provider, rule or disable)");
        }
    }

    private void parseRevision(String[] words, int line) {
        if (words.length != 2) {
            throw error(line, "expected: revision <n>");
        }
        if (revision != null) {
            throw error(line, "revision given twice (first on line " + revisionLine + ")");
        }
        int n;
        try {
            n = Integer.parseInt(words[1]);
        } catch (NumberFormatException e) {
            n = -1;
        }
        if (n < 0 || n > MAX_REVISION || !words[1].matches("[0-9]+")) {
            throw error(line, "revision must be an integer from 0 to " + MAX_REVISION + ", got '" + words[1] + "'");
        }
        revision = n;
        revisionLine = line;
    }

    private void parseProvider(String text, String[] words, int line) {
        Matcher m = PROVIDER_LINE.matcher(text);
        if (!m.matches()) {
            throw error(line, "expected: provider <id> <otel-name or -> <display name>");
        }
        String id = m.group(1);
        String otel = m.group(2);
        String display = m.group(3).strip();
        if (!PROVIDER_ID.matcher(id).matches()) {
            throw error(line, "invalid provider id '" + id + "' (lower-case letters, digits, '.', '_', '-')");
        }
        if (!otel.equals("-") && !OTEL_NAME.matcher(otel).matches()) {
            throw error(line, "invalid OpenTelemetry name '" + otel + "' (use - when OTel defines none)");
        }
        Integer first = providerLines.putIfAbsent(id, line);
        if (first != null) {
            throw error(line, "duplicate provider id '" + id + "' (first declared on line " + first + ")");
        }
        providers.add(new ProviderLine(new Provider(id, display, otel.equals("-") ? null : otel), line));
    }

    private void parseDisable(String[] words, int line) {
        if (words.length != 2) {
            throw error(line, "expected: disable <rule-id>");
        }
        String id = words[1];
        if (base == null || !base.hasRule(id)) {
            throw error(line, "cannot disable unknown rule '" + id + "'");
        }
        Integer first = ruleLines.putIfAbsent(id, line);
        if (first != null) {
            throw error(line, "duplicate rule id '" + id + "' (first used on line " + first + ")");
        }
        disables.add(new DisableLine(id, line));
    }

    private void parseRule(String[] words, int line) {
        if (words.length < 6) {
            throw error(line, "expected: rule <id> <SOURCE> <matcher> <provider> <pattern>... "
                    + "[in=<category>,...] [priority=<n>]");
        }
        String id = words[1];
        if (!RULE_ID.matcher(id).matches()) {
            throw error(line, "invalid rule id '" + id + "' (letters, digits, '.', '_', '-')");
        }
        if (RESERVED_IDS.contains(id)) {
            throw error(line, "rule id '" + id + "' is reserved");
        }
        DetectionSource step = parseSource(words[2], line);
        MatchKind matcher = MatchKind.byKeyword(words[3]);
        if (matcher == null || !matcher.validFor(step)) {
            throw error(line, "unknown matcher '" + words[3] + "' for " + step + " rules (expected "
                    + MatchKind.keywordsFor(step) + ")");
        }
        String providerId = words[4];
        List<String> patterns = new ArrayList<>();
        List<String> categories = new ArrayList<>();
        Integer priority = null;
        boolean sawIn = false;
        for (int i = 5; i < words.length; i++) {
            String w = words[i];
            int eq = w.indexOf('=');
            if (eq < 0) {
                patterns.add(checkPattern(matcher, step, Text.fold(w), line));
                continue;
            }
            String key = w.substring(0, eq);
            String value = w.substring(eq + 1);
            switch (key) {
                case "in" -> {
                    if (sawIn) {
                        throw error(line, "option in= given twice");
                    }
                    sawIn = true;
                    categories.addAll(parseCategories(value, step, line));
                }
                case "priority" -> {
                    if (priority != null) {
                        throw error(line, "option priority= given twice");
                    }
                    priority = parsePriority(value, line);
                }
                default -> throw error(line, "unknown option '" + w + "' (expected in= or priority=)");
            }
        }
        if (patterns.isEmpty()) {
            throw error(line, "rule '" + id + "' needs at least one pattern");
        }
        Integer first = ruleLines.putIfAbsent(id, line);
        if (first != null) {
            throw error(line, "duplicate rule id '" + id + "' (first used on line " + first + ")");
        }
        int effectivePriority = priority != null ? priority : matcher.defaultPriority(!categories.isEmpty());
        rules.add(new RuleDef(id, step, matcher, providerId, patterns, categories, effectivePriority,
                base != null, source, line));
    }

    private DetectionSource parseSource(String word, int line) {
        String upper = word.toUpperCase(Locale.ROOT);
        if (!upper.equals("UNKNOWN") && !upper.equals("HINT")) {
            for (DetectionSource s : DetectionSource.values()) {
                if (s.name().equals(upper)) {
                    return s;
                }
            }
        }
        throw error(line, "unknown source kind '" + word + "' (expected CATEGORY, ENDPOINT, MODEL or DEFAULT)");
    }

    private List<String> parseCategories(String value, DetectionSource source, int line) {
        if (source != DetectionSource.ENDPOINT && source != DetectionSource.MODEL) {
            throw error(line, "in= applies only to ENDPOINT and MODEL rules");
        }
        List<String> out = new ArrayList<>();
        for (String c : value.split(",", -1)) {
            if (c.isEmpty()) {
                throw error(line, "in= needs a comma-separated list of categories (- for none)");
            }
            String folded = Text.fold(c);
            if (!out.contains(folded)) {
                out.add(folded);
            }
        }
        return out;
    }

    private int parsePriority(String value, int line) {
        try {
            int p = Integer.parseInt(value);
            if (p >= MIN_PRIORITY && p <= MAX_PRIORITY) {
                return p;
            }
        } catch (NumberFormatException e) {
            // reported below with the allowed range
        }
        throw error(line, "priority must be an integer from " + MIN_PRIORITY + " to " + MAX_PRIORITY + ", got '"
                + value + "'");
    }

    private String checkPattern(MatchKind matcher, DetectionSource source, String p,
            int line) {
        switch (matcher) {
            case IS -> {
                if (p.equals("-") && source != DetectionSource.DEFAULT) {
                    throw error(line, "'-' (no category) is only allowed in DEFAULT rules");
                }
            }
            case HOST -> checkHost(p, line);
            case PATH, TOKEN -> checkToken(p, line);
            case STARTS -> {
                // any non-blank literal is a valid prefix
            }
            case SUFFIX -> {
                if (p.indexOf(':') >= 0 || p.indexOf('/') >= 0) {
                    throw error(line, "suffix pattern '" + p + "' must not contain ':' or '/'");
                }
            }
        }
        return p;
    }

    private void checkHost(String p, int line) {
        String[] labels = p.split("\\.", -1);
        for (String label : labels) {
            if (label.isEmpty() || !HOST_LABEL.matcher(label).matches()) {
                throw error(line, "invalid host pattern '" + p + "' (dot-separated labels of letters, digits, '-', "
                        + "with at most one '*' each)");
            }
            if (label.indexOf('*') != label.lastIndexOf('*')) {
                throw error(line, "host pattern '" + p + "' has a label with more than one '*'");
            }
        }
        if (labels[labels.length - 1].indexOf('*') >= 0) {
            throw error(line, "host pattern '" + p + "' must end with a literal label");
        }
    }

    private void checkToken(String p, int line) {
        String body = p;
        if (body.startsWith("^")) {
            body = body.substring(1);
        }
        boolean prefix = body.endsWith("*");
        if (prefix) {
            body = body.substring(0, body.length() - 1);
        }
        if (body.indexOf('*') >= 0 || body.indexOf('^') >= 0) {
            throw error(line, "token pattern '" + p + "': '^' may only start and '*' only end a pattern");
        }
        List<String> tokens = Tokens.split(body);
        if (tokens.isEmpty()) {
            throw error(line, "token pattern '" + p + "' has no token");
        }
        if (prefix && (tokens.size() > 1 || Text.isSeparator(body.charAt(body.length() - 1)))) {
            throw error(line, "token pattern '" + p + "': a trailing '*' is only allowed on a single token");
        }
    }

    private void checkReferences() {
        Set<String> known = new HashSet<>(providerLines.keySet());
        if (base != null) {
            for (Provider p : base.providers()) {
                known.add(p.id());
            }
        }
        for (RuleDef r : rules) {
            if (!known.contains(r.providerId())) {
                throw error(r.line(), "unknown provider '" + r.providerId() + "'");
            }
        }
    }

    private RuleFileException error(int line, String reason) {
        return new RuleFileException(source, line, reason);
    }
}
