package org.usagelens.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective catalog compiled into lookup tables. Matching scans each input once, probing a table per token, and
 * does not allocate: every candidate is ranked by a single {@code long} key (see {@link #staticKey}) whose low bits
 * identify the rule, so the best candidate can be carried through all matchers as one primitive.
 */
final class CompiledRules {

    static final int MAX_RULES = (1 << 20) - 1;
    private static final int ORIGIN_SHIFT = 20;
    private static final int POSITION_SHIFT = 21;
    private static final int SPECIFICITY_SHIFT = 37;
    private static final int PRIORITY_SHIFT = 45;
    private static final int MAX_POSITION = 0xFFFF;
    private static final int PRIORITY_BIAS = 1024;

    static final long NONE_BIT = 1L;
    static final long OTHER_BIT = 2L;
    private static final int MAX_NAMED_CATEGORIES = 62;

    /** Receives every candidate while explaining; detection passes null and pays one branch per candidate. */
    interface Sink {
        void hit(Entry entry, char[] input, int from, int to, boolean inScope, long key);
    }

    /** A compiled rule: its definition, the detection it yields and the categories it applies to. */
    static final class Rule {
        final RuleDef def;
        final Detection detection;
        final int order;
        final long mask;

        Rule(RuleDef def, Detection detection, int order, long mask) {
            this.def = def;
            this.detection = detection;
            this.order = order;
            this.mask = mask;
        }
    }

    /** One pattern of one rule, as stored in a lookup table. */
    static final class Entry {
        final Rule rule;
        final String pattern;
        /** STARTS: the literal prefix. */
        final char[] literal;
        final long key;
        final long mask;
        /** TOKEN/PATH: tokens after the first that must follow consecutively; empty for single tokens. */
        final char[][] rest;
        /** TOKEN/PATH: the token must be the first of the id's last path segment ({@code ^}). */
        final boolean anchored;
        /** HOST: label patterns left of the literal suffix, nearest first. */
        final char[][] leftLabels;

        Entry(Rule rule, String pattern, int specificity, String[] rest, boolean anchored, String[] leftLabels) {
            this.rule = rule;
            this.pattern = pattern;
            this.literal = pattern.toCharArray();
            this.key = staticKey(rule.def.priority(), specificity, rule.def.deployment(), rule.order);
            this.mask = rule.mask;
            this.rest = toChars(rest);
            this.anchored = anchored;
            this.leftLabels = toChars(leftLabels);
        }

        private static char[][] toChars(String[] strings) {
            if (strings == null) {
                return new char[0][];
            }
            char[][] out = new char[strings.length][];
            for (int i = 0; i < strings.length; i++) {
                out[i] = strings[i].toCharArray();
            }
            return out;
        }
    }

    /** What a category means: its bit for {@code in=} scoping, its single vendor and its default, if any. */
    static final class CategoryInfo {
        final String name;
        final long bit;
        final List<Rule> vendorRules = new ArrayList<>();
        final List<Rule> defaultRules = new ArrayList<>();
        Rule vendor;
        Rule fallback;

        CategoryInfo(String name, long bit) {
            this.name = name;
            this.bit = bit;
        }
    }

    /** Exact-token and token-prefix tables of one input (model ids, or endpoint paths). */
    static final class TokenIndex {
        final KeyTable<Entry[]> exact;
        final KeyTable<Entry[]> prefixes;
        /** Per folded first character (non-ASCII in slot 128): lengths of prefix patterns, ascending. */
        final int[][] prefixLengths = new int[129][];
        final long maxKey;

        TokenIndex(Map<String, List<Entry>> exact, Map<String, List<Entry>> prefixes) {
            this.exact = new KeyTable<>(sortedArrays(exact));
            this.prefixes = new KeyTable<>(sortedArrays(prefixes));
            for (int c = 0; c <= 128; c++) {
                final int slot = c;
                prefixLengths[c] = prefixes.keySet().stream()
                        .filter(p -> slot == 128 ? p.charAt(0) >= 128 : p.charAt(0) == slot)
                        .mapToInt(String::length).distinct().sorted().toArray();
            }
            this.maxKey = Math.max(maxKey(exact), maxKey(prefixes));
        }

        boolean isEmpty() {
            return exact.isEmpty() && prefixes.isEmpty();
        }
    }

    private final Rule[] byOrder;
    private final KeyTable<CategoryInfo> categories;
    /**
     * Categories as applications usually send them (lower case, no spaces), looked up by String hash and equals:
     * both are intrinsics, and a category literal caches its hash, so the common case skips folding altogether.
     */
    private final Map<String, CategoryInfo> exactCategories;
    final CategoryInfo none;
    final CategoryInfo other;
    private final KeyTable<Entry[]> hosts;
    private final long maxHostKey;
    private final TokenIndex path;
    /** STARTS patterns by their first two folded characters; one-character patterns apart. */
    private final KeyTable<Entry[]> startsByPair;
    private final Entry[] startsShort;
    private final KeyTable<Entry[]> suffixes;
    private final long maxSuffixKey;
    private final TokenIndex model;
    final Detection unknown;
    /** {@code gen_ai.provider.name} values (lower case) to the HINT detection of the provider they name. */
    private final Map<String, Detection> hints;

    /**
     * Names the OpenTelemetry conventions used before, or use beside, the one a provider declares: the registry of
     * {@code gen_ai.provider.name} (and the older {@code gen_ai.system}) has several for Google and renamed Azure's
     * and xAI's. Fixed here rather than in the rule files, whose provider lines hold one name each.
     */
    static final Map<String, String> OTEL_ALIASES = Map.of(
            "gcp.vertex_ai", "gcp.gemini",
            "gcp.gen_ai", "gcp.gemini",
            "vertex_ai", "gcp.gemini",
            "gemini", "gcp.gemini",
            "az.ai.openai", "azure.ai.openai",
            "xai", "x_ai");

    CompiledRules(RuleCatalog catalog) {
        String version = catalog.version();
        List<RuleDef> defs = catalog.rules();
        if (defs.size() > MAX_RULES) {
            RuleDef r = defs.get(MAX_RULES);
            throw new RuleFileException(r.file(), r.line(), "too many rules (at most " + MAX_RULES + ")");
        }
        Map<String, CategoryInfo> named = new LinkedHashMap<>();
        none = new CategoryInfo("", NONE_BIT);
        other = new CategoryInfo("", OTHER_BIT);
        for (RuleDef d : defs) {
            if (d.matcher() == MatchKind.IS) {
                for (String c : d.patterns()) {
                    categoryInfo(named, c, d);
                }
            }
            for (String c : d.categories()) {
                categoryInfo(named, c, d);
            }
        }

        byOrder = new Rule[defs.size()];
        Map<String, List<Entry>> hostMap = new HashMap<>();
        Map<String, List<Entry>> pathExact = new HashMap<>();
        Map<String, List<Entry>> pathPrefix = new HashMap<>();
        Map<String, List<Entry>> modelExact = new HashMap<>();
        Map<String, List<Entry>> modelPrefix = new HashMap<>();
        Map<String, List<Entry>> suffixMap = new HashMap<>();
        Map<String, List<Entry>> startsMap = new HashMap<>();
        List<Entry> startsShortList = new ArrayList<>();
        for (int order = 0; order < defs.size(); order++) {
            RuleDef d = defs.get(order);
            Provider provider = catalog.provider(d.providerId());
            Rule rule = new Rule(d, new Detection(provider, d.source(), d.id(), version), order,
                    mask(named, d.categories()));
            byOrder[order] = rule;
            for (String p : d.patterns()) {
                switch (d.matcher()) {
                    case IS -> {
                        CategoryInfo info = p.equals("-") ? none : named.get(p);
                        (d.source() == DetectionSource.CATEGORY ? info.vendorRules : info.defaultRules).add(rule);
                    }
                    case HOST -> addHost(hostMap, rule, p);
                    case PATH -> addToken(pathExact, pathPrefix, rule, p);
                    case TOKEN -> addToken(modelExact, modelPrefix, rule, p);
                    case STARTS -> {
                        Entry e = new Entry(rule, p, Math.min(p.length(), 255), null, false, null);
                        if (p.length() < 2) {
                            startsShortList.add(e);
                        } else {
                            startsMap.computeIfAbsent(p.substring(0, 2), k -> new ArrayList<>()).add(e);
                        }
                    }
                    case SUFFIX -> suffixMap.computeIfAbsent(p, k -> new ArrayList<>())
                            .add(new Entry(rule, p, 1, null, false, null));
                }
            }
        }
        for (CategoryInfo info : named.values()) {
            resolve(info);
        }
        resolve(none);
        resolve(other);
        categories = new KeyTable<>(named);
        exactCategories = new HashMap<>(named);
        hosts = new KeyTable<>(sortedArrays(hostMap));
        maxHostKey = maxKey(hostMap);
        path = new TokenIndex(pathExact, pathPrefix);
        model = new TokenIndex(modelExact, modelPrefix);
        startsByPair = new KeyTable<>(sortedArrays(startsMap));
        startsShortList.sort(BY_KEY_DESC);
        startsShort = startsShortList.toArray(new Entry[0]);
        suffixes = new KeyTable<>(sortedArrays(suffixMap));
        maxSuffixKey = maxKey(suffixMap);
        Provider unknownProvider = catalog.provider(RuleCatalog.UNKNOWN_PROVIDER);
        unknown = new Detection(unknownProvider, DetectionSource.UNKNOWN, "unknown", version);
        Map<String, Detection> hintMap = new HashMap<>();
        for (Provider p : catalog.providers()) {
            if (p.otelName() != null) {
                String name = p.otelName().toLowerCase(java.util.Locale.ROOT);
                hintMap.put(name, new Detection(p, DetectionSource.HINT, "hint." + name, version));
            }
        }
        OTEL_ALIASES.forEach((alias, name) -> {
            Detection d = hintMap.get(name);
            if (d != null) {
                hintMap.putIfAbsent(alias, d);
            }
        });
        hints = Map.copyOf(hintMap);
    }

    /** The HINT detection for an instrumentation's provider name (trimmed, case-insensitive), or null. */
    Detection hint(String providerName) {
        if (providerName == null || providerName.isEmpty() || providerName.length() > 64) {
            return null;
        }
        Detection exact = hints.get(providerName);
        return exact != null ? exact : hints.get(providerName.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static final Comparator<Entry> BY_KEY_DESC = (a, b) -> Long.compare(b.key, a.key);

    private static void categoryInfo(Map<String, CategoryInfo> named, String c, RuleDef d) {
        if (c.equals("-") || named.containsKey(c)) {
            return;
        }
        if (named.size() >= MAX_NAMED_CATEGORIES) {
            throw new RuleFileException(d.file(), d.line(), "too many distinct categories (at most "
                    + MAX_NAMED_CATEGORIES + ")");
        }
        named.put(c, new CategoryInfo(c, 1L << (named.size() + 2)));
    }

    private static long mask(Map<String, CategoryInfo> named, List<String> categories) {
        if (categories.isEmpty()) {
            return -1L;
        }
        long m = 0;
        for (String c : categories) {
            m |= c.equals("-") ? NONE_BIT : named.get(c).bit;
        }
        return m;
    }

    private static void resolve(CategoryInfo info) {
        Comparator<Rule> best = (a, b) -> Long.compare(ruleKey(b), ruleKey(a));
        info.vendorRules.sort(best);
        info.defaultRules.sort(best);
        info.vendor = info.vendorRules.isEmpty() ? null : info.vendorRules.get(0);
        info.fallback = info.defaultRules.isEmpty() ? null : info.defaultRules.get(0);
    }

    static long ruleKey(Rule r) {
        return staticKey(r.def.priority(), 0, r.def.deployment(), r.order);
    }

    /** Higher is better: priority, then specificity, then (added per match) earlier position, origin, order. */
    static long staticKey(int priority, int specificity, boolean deployment, int order) {
        return ((long) (priority + PRIORITY_BIAS) << PRIORITY_SHIFT)
                | ((long) specificity << SPECIFICITY_SHIFT)
                | ((deployment ? 1L : 0L) << ORIGIN_SHIFT)
                | (MAX_RULES - order);
    }

    static long positionBits(int position) {
        return (long) (MAX_POSITION - Math.min(position, MAX_POSITION)) << POSITION_SHIFT;
    }

    static int priorityOf(long key) {
        return (int) (key >>> PRIORITY_SHIFT) - PRIORITY_BIAS;
    }

    static int specificityOf(long key) {
        return (int) ((key >>> SPECIFICITY_SHIFT) & 0xFF);
    }

    static int positionOf(long key) {
        return MAX_POSITION - (int) ((key >>> POSITION_SHIFT) & MAX_POSITION);
    }

    Rule rule(long key) {
        return byOrder[MAX_RULES - (int) (key & MAX_RULES)];
    }

    private static void addHost(Map<String, List<Entry>> hostMap, Rule rule, String p) {
        String[] labels = p.split("\\.");
        int firstLiteral = labels.length - 1;
        while (firstLiteral > 0 && labels[firstLiteral - 1].indexOf('*') < 0) {
            firstLiteral--;
        }
        String[] left = new String[firstLiteral];
        for (int i = 0; i < firstLiteral; i++) {
            left[i] = labels[firstLiteral - 1 - i];
        }
        String suffix = String.join(".", java.util.Arrays.copyOfRange(labels, firstLiteral, labels.length));
        hostMap.computeIfAbsent(suffix, k -> new ArrayList<>())
                .add(new Entry(rule, p, Math.min(labels.length, 255), null, false, left));
    }

    private static void addToken(Map<String, List<Entry>> exact, Map<String, List<Entry>> prefixes, Rule rule,
            String p) {
        String body = p;
        boolean anchored = body.startsWith("^");
        if (anchored) {
            body = body.substring(1);
        }
        boolean prefix = body.endsWith("*");
        if (prefix) {
            body = body.substring(0, body.length() - 1);
        }
        List<String> tokens = Tokens.split(body);
        String[] rest = tokens.subList(1, tokens.size()).toArray(new String[0]);
        Entry e = new Entry(rule, p, Math.min(tokens.size(), 255), rest, anchored, null);
        (prefix ? prefixes : exact).computeIfAbsent(tokens.get(0), k -> new ArrayList<>()).add(e);
    }

    private static Map<String, Entry[]> sortedArrays(Map<String, List<Entry>> map) {
        Map<String, Entry[]> out = new HashMap<>();
        for (Map.Entry<String, List<Entry>> e : map.entrySet()) {
            List<Entry> list = new ArrayList<>(e.getValue());
            list.sort(BY_KEY_DESC);
            out.put(e.getKey(), list.toArray(new Entry[0]));
        }
        return out;
    }

    private static long maxKey(Map<String, List<Entry>> map) {
        long max = 0;
        for (List<Entry> list : map.values()) {
            for (Entry e : list) {
                max = Math.max(max, e.key | positionBits(0));
            }
        }
        return max;
    }

    // ---------------------------------------------------------------- matching
    //
    // Matchers read a char[] copy of the input: String.charAt re-checks the index and the string's coder on every
    // call and measured more than twice as slow per character as a bulk getChars followed by array reads.

    /** Scratch buffers, one per thread; inputs longer than this get a buffer of their own. */
    private static final int CACHED_BUFFER_CHARS = 1024;
    private static final ThreadLocal<char[]> BUFFER = ThreadLocal.withInitial(() -> new char[CACHED_BUFFER_CHARS]);

    /** {@code s} copied into a buffer of at least its length: the thread's scratch buffer when it fits. */
    static char[] chars(String s) {
        int n = s.length();
        char[] a = n <= CACHED_BUFFER_CHARS ? BUFFER.get() : new char[n];
        s.getChars(0, n, a, 0);
        return a;
    }

    Detection detect(String category, String model, String endpoint) {
        CategoryInfo cat = category == null ? none : exactCategories.get(category);
        char[] buffer = null;
        if (cat == null) {
            buffer = BUFFER.get();
            cat = category(chars(category, buffer), category.length());
        }
        if (cat.vendor != null) {
            return cat.vendor.detection;
        }
        if (endpoint != null && !endpoint.isEmpty()) {
            if (buffer == null) {
                buffer = BUFFER.get();
            }
            long best = matchEndpoint(chars(endpoint, buffer), endpoint.length(), cat.bit, 0L, null);
            if (best != 0L) {
                return rule(best).detection;
            }
        }
        if (model != null && !model.isEmpty()) {
            if (buffer == null) {
                buffer = BUFFER.get();
            }
            long best = matchModel(chars(model, buffer), model.length(), cat.bit, 0L, null);
            if (best != 0L) {
                return rule(best).detection;
            }
        }
        return cat.fallback != null ? cat.fallback.detection : unknown;
    }

    /**
     * Detection for a call whose category is itself only derived from an instrumentation's guess: endpoint, then
     * model, then the guess ({@code providerHint}), then the category's default. A category that names one vendor does
     * not decide here; it stands for the same guess the hint carries, or for a default chosen without one.
     */
    Detection detectWithHint(String category, String model, String endpoint, String providerHint) {
        CategoryInfo cat = category(category);
        if (endpoint != null && !endpoint.isEmpty()) {
            long best = matchEndpoint(chars(endpoint), endpoint.length(), cat.bit, 0L, null);
            if (best != 0L) {
                return rule(best).detection;
            }
        }
        if (model != null && !model.isEmpty()) {
            long best = matchModel(chars(model), model.length(), cat.bit, 0L, null);
            if (best != 0L) {
                return rule(best).detection;
            }
        }
        Detection hinted = hint(providerHint);
        if (hinted != null) {
            return hinted;
        }
        return cat.fallback != null ? cat.fallback.detection : unknown;
    }

    /** {@code s} copied into {@code buffer}, or into a new array when it does not fit. */
    private static char[] chars(String s, char[] buffer) {
        int n = s.length();
        char[] a = n <= buffer.length ? buffer : new char[n];
        s.getChars(0, n, a, 0);
        return a;
    }

    CategoryInfo category(String category) {
        if (category == null) {
            return none;
        }
        CategoryInfo exact = exactCategories.get(category);
        return exact != null ? exact : category(chars(category), category.length());
    }

    private CategoryInfo category(char[] a, int length) {
        int from = Text.trimStart(a, 0, length);
        int to = Text.trimEnd(a, from, length);
        if (from == to) {
            return none;
        }
        CategoryInfo info = categories.get(a, from, to);
        return info != null ? info : other;
    }

    /** The best ENDPOINT candidate's key, or {@code best} when none beats it. */
    long matchEndpoint(char[] a, int length, long categoryBit, long best, Sink sink) {
        int from = Text.trimStart(a, 0, length);
        int to = Text.trimEnd(a, from, length);
        if (from == to) {
            return best;
        }
        int authority = authorityStart(a, from, to);
        int pathStart = from;
        if (authority >= 0) {
            // One pass to the end of the authority, noting where user info ends and a port starts.
            int hostStart = authority;
            int colon = -1;
            int authorityEnd = authority;
            while (authorityEnd < to) {
                char c = a[authorityEnd];
                if (c == '/' || c == '?' || c == '#') {
                    break;
                }
                if (c == ':') {
                    colon = authorityEnd;
                } else if (c == '@') {
                    hostStart = authorityEnd + 1;
                    colon = -1;
                }
                authorityEnd++;
            }
            pathStart = authorityEnd;
            if (!hosts.isEmpty()) {
                best = matchHost(a, hostStart, colon >= 0 ? colon : authorityEnd, categoryBit, best, sink);
            }
        }
        if (path.isEmpty() || (sink == null && best > path.maxKey)) {
            return best;
        }
        int pathEnd = pathStart;
        while (pathEnd < to) {
            char c = a[pathEnd];
            if (c == '?' || c == '#') {
                break;
            }
            pathEnd++;
        }
        return scanTokens(path, a, pathStart, pathEnd, categoryBit, best, sink);
    }

    /**
     * Where the host part starts: after {@code scheme://} (RFC 3986 scheme at the very start), after a leading
     * {@code //}, or at the start of a scheme-less {@code api.openai.com/v1/...}; -1 for a plain path.
     */
    private static int authorityStart(char[] a, int from, int to) {
        int i = from;
        if (isAsciiLetter(a[i])) {
            i++;
            while (i < to && (isAsciiLetter(a[i]) || (a[i] >= '0' && a[i] <= '9') || a[i] == '+' || a[i] == '-'
                    || a[i] == '.')) {
                i++;
            }
            if (i + 2 < to && a[i] == ':' && a[i + 1] == '/' && a[i + 2] == '/') {
                return i + 3;
            }
        }
        if (to - from >= 2 && a[from] == '/' && a[from + 1] == '/') {
            return from + 2;
        }
        if (a[from] == '/') {
            return -1;
        }
        // Scheme-less: a first segment with a dot and no space is a host name, not a path.
        boolean dot = false;
        for (int j = from; j < to; j++) {
            char c = a[j];
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            if (c == '.') {
                dot = true;
            } else if (Text.isSpace(c)) {
                return -1;
            }
        }
        return dot ? from : -1;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private long matchHost(char[] a, int hs, int he, long categoryBit, long best, Sink sink) {
        if (hs < he && a[hs] == '[') {
            // An IPv6 literal names no vendor.
            return best;
        }
        while (he > hs && a[he - 1] == '.') {
            he--;
        }
        if (he <= hs || (sink == null && best > maxHostKey)) {
            return best;
        }
        // Probe every suffix that starts after a dot, shortest first, up to the longest literal suffix known.
        int longest = hosts.maxLength();
        for (int i = he - 1; ; i--) {
            if (i < hs || a[i] == '.') {
                if (he - (i + 1) > longest) {
                    break;
                }
                if (i + 1 < he) {
                    Entry[] entries = hosts.get(a, i + 1, he);
                    if (entries != null) {
                        for (Entry e : entries) {
                            if (leftLabelsMatch(a, hs, i, e.leftLabels)) {
                                boolean inScope = (e.mask & categoryBit) != 0;
                                long key = e.key | positionBits(0);
                                if (sink != null) {
                                    sink.hit(e, a, hs, he, inScope, key);
                                }
                                if (inScope && key > best) {
                                    best = key;
                                }
                            }
                        }
                    }
                }
                if (i < hs) {
                    break;
                }
            }
        }
        return best;
    }

    /** Matches label patterns leftwards from the dot at {@code dot} (or {@code hs - 1} when the host is used up). */
    private static boolean leftLabelsMatch(char[] a, int hs, int dot, char[][] labels) {
        int end = dot;
        for (char[] label : labels) {
            if (end < hs) {
                return false;
            }
            int start = end - 1;
            while (start >= hs && a[start] != '.') {
                start--;
            }
            if (!labelMatches(a, start + 1, end, label)) {
                return false;
            }
            end = start;
        }
        return true;
    }

    private static boolean labelMatches(char[] a, int from, int to, char[] label) {
        int star = -1;
        for (int i = 0; i < label.length; i++) {
            if (label[i] == '*') {
                star = i;
                break;
            }
        }
        if (star < 0) {
            return to - from == label.length && Text.regionEquals(a, from, to, label);
        }
        int suffixLength = label.length - star - 1;
        // '*' stands for at least one character, so "*-aiplatform" never matches "-aiplatform" alone.
        if (to - from <= star + suffixLength) {
            return false;
        }
        for (int i = 0; i < star; i++) {
            if (Text.fold(a[from + i]) != label[i]) {
                return false;
            }
        }
        for (int i = 0; i < suffixLength; i++) {
            if (Text.fold(a[to - suffixLength + i]) != label[star + 1 + i]) {
                return false;
            }
        }
        return true;
    }

    /** The best MODEL candidate's key, or {@code best} when none beats it. */
    long matchModel(char[] a, int length, long categoryBit, long best, Sink sink) {
        int from = Text.trimStart(a, 0, length);
        int to = Text.trimEnd(a, from, length);
        if (from == to) {
            return best;
        }
        if (to - from >= 2) {
            Entry[] starts = startsByPair.get(a, from, from + 2);
            if (starts != null) {
                best = matchStarts(starts, a, from, to, categoryBit, best, sink);
            }
        }
        best = matchStarts(startsShort, a, from, to, categoryBit, best, sink);
        if (sink == null && best > maxSuffixKey && best > model.maxKey) {
            return best;
        }
        return scanModel(a, from, to, categoryBit, best, sink);
    }

    private static long matchStarts(Entry[] entries, char[] a, int from, int to, long categoryBit, long best,
            Sink sink) {
        for (Entry e : entries) {
            if (Text.regionEquals(a, from, to, e.literal)) {
                boolean inScope = (e.mask & categoryBit) != 0;
                long key = e.key | positionBits(0);
                if (sink != null) {
                    sink.hit(e, a, from, from + e.literal.length, inScope, key);
                }
                if (inScope && key > best) {
                    best = key;
                }
            }
        }
        return best;
    }

    /**
     * Tokens of the model id and, from the separators seen on the way, its router suffix: the text after the last
     * ':' when a '/' comes before that ':' ({@code org/model:suffix}).
     */
    private long scanModel(char[] a, int from, int to, long categoryBit, long best, Sink sink) {
        TokenIndex index = model;
        int firstSlash = -1;
        int lastColon = -1;
        int i = from;
        while (i < to) {
            char c = a[i];
            if (Text.isSeparator(c)) {
                if (c == ':') {
                    lastColon = i;
                } else if (c == '/' && firstSlash < 0) {
                    firstSlash = i;
                }
                i++;
                continue;
            }
            int start = i;
            do {
                i++;
            } while (i < to && !Text.isSeparator(a[i]));
            best = probeToken(index, a, start, i, from, to, categoryBit, best, sink);
        }
        if (lastColon > firstSlash && firstSlash > from && lastColon + 1 < to) {
            Entry[] entries = suffixes.get(a, lastColon + 1, to);
            if (entries != null) {
                for (Entry e : entries) {
                    boolean inScope = (e.mask & categoryBit) != 0;
                    long key = e.key | positionBits(lastColon + 1);
                    if (sink != null) {
                        sink.hit(e, a, lastColon + 1, to, inScope, key);
                    }
                    if (inScope && key > best) {
                        best = key;
                    }
                }
            }
        }
        return best;
    }

    /** Tokens of an endpoint path. */
    private static long scanTokens(TokenIndex index, char[] a, int from, int to, long categoryBit, long best,
            Sink sink) {
        int i = from;
        while (i < to) {
            if (Text.isSeparator(a[i])) {
                i++;
                continue;
            }
            int start = i;
            do {
                i++;
            } while (i < to && !Text.isSeparator(a[i]));
            best = probeToken(index, a, start, i, from, to, categoryBit, best, sink);
        }
        return best;
    }

    /** Probes the exact table with the token {@code a[start, end)} and the prefix table with its leading chars. */
    private static long probeToken(TokenIndex index, char[] a, int start, int end, int from, int to,
            long categoryBit, long best, Sink sink) {
        Entry[] entries = index.exact.get(a, start, end);
        if (entries != null) {
            best = consider(entries, a, start, end, from, to, categoryBit, best, sink);
        }
        char first = Text.fold(a[start]);
        int[] lengths = index.prefixLengths[first < 128 ? first : 128];
        for (int length : lengths) {
            if (length > end - start) {
                break;
            }
            Entry[] prefixed = index.prefixes.get(a, start, start + length);
            if (prefixed != null) {
                best = consider(prefixed, a, start, start + length, from, to, categoryBit, best, sink);
            }
        }
        return best;
    }

    /**
     * Whether the token at {@code start} is the first token of the input's last '/' segment: no '/' after it and
     * only separators between it and the '/' before it. Checked only when an anchored pattern matched.
     */
    private static boolean firstOfLastSegment(char[] a, int start, int from, int to) {
        for (int i = start; i < to; i++) {
            if (a[i] == '/') {
                return false;
            }
        }
        for (int i = start - 1; i >= from; i--) {
            if (a[i] == '/') {
                return true;
            }
            if (!Text.isSeparator(a[i])) {
                return false;
            }
        }
        return true;
    }

    private static long consider(Entry[] entries, char[] a, int start, int end, int from, int to,
            long categoryBit, long best, Sink sink) {
        for (Entry e : entries) {
            if (e.anchored && !firstOfLastSegment(a, start, from, to)) {
                continue;
            }
            int matchEnd = end;
            if (e.rest.length > 0) {
                matchEnd = restEnd(a, end, to, e.rest);
                if (matchEnd < 0) {
                    continue;
                }
            }
            boolean inScope = (e.mask & categoryBit) != 0;
            long key = e.key | positionBits(start);
            if (sink != null) {
                // A prefix pattern reports the whole token it matched.
                int shownEnd = matchEnd;
                while (shownEnd < to && !Text.isSeparator(a[shownEnd])) {
                    shownEnd++;
                }
                sink.hit(e, a, start, shownEnd, inScope, key);
            }
            if (inScope && key > best) {
                best = key;
            }
        }
        return best;
    }

    /** Where the consecutive tokens {@code rest} end after {@code pos}, or -1 when they do not follow. */
    private static int restEnd(char[] a, int pos, int to, char[][] rest) {
        for (char[] token : rest) {
            while (pos < to && Text.isSeparator(a[pos])) {
                pos++;
            }
            if (!Text.regionEquals(a, pos, to, token)) {
                return -1;
            }
            pos += token.length;
            if (pos < to && !Text.isSeparator(a[pos])) {
                return -1;
            }
        }
        return pos;
    }
}
