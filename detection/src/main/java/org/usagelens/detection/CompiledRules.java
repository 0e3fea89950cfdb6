package org.usagelens.detection;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective catalog compiled into lookup tables. Matching scans each input once, hashing tokens as it goes, and
 * never allocates: every candidate is ranked by a single {@code long} key (see {@link #staticKey}) whose low bits
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
        void hit(Entry entry, String s, int from, int to, boolean inScope, long key);
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
        final long key;
        final long mask;
        /** TOKEN/PATH: tokens after the first that must follow consecutively; empty for single tokens. */
        final String[] rest;
        /** TOKEN/PATH: the token must be the first of the id's last path segment ({@code ^}). */
        final boolean anchored;
        /** HOST: label patterns left of the literal suffix, nearest first. */
        final String[] leftLabels;

        Entry(Rule rule, String pattern, int specificity, String[] rest, boolean anchored, String[] leftLabels) {
            this.rule = rule;
            this.pattern = pattern;
            this.key = staticKey(rule.def.priority(), specificity, rule.def.deployment(), rule.order);
            this.mask = rule.mask;
            this.rest = rest;
            this.anchored = anchored;
            this.leftLabels = leftLabels;
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
        /** Distinct lengths of prefix patterns, ascending. */
        final int[] prefixLengths;
        /** ASCII first characters some prefix pattern starts with; non-ASCII always probes. */
        final boolean[] prefixFirst = new boolean[128];
        final long maxKey;

        TokenIndex(Map<String, List<Entry>> exact, Map<String, List<Entry>> prefixes) {
            this.exact = new KeyTable<>(sortedArrays(exact));
            this.prefixes = new KeyTable<>(sortedArrays(prefixes));
            this.prefixLengths = prefixes.keySet().stream().mapToInt(String::length).distinct().sorted().toArray();
            for (String p : prefixes.keySet()) {
                char c = p.charAt(0);
                if (c < 128) {
                    prefixFirst[c] = true;
                }
            }
            this.maxKey = Math.max(maxKey(exact), maxKey(prefixes));
        }

        boolean isEmpty() {
            return exact.isEmpty() && prefixes.isEmpty();
        }

        boolean mayHavePrefix(char folded) {
            return folded >= 128 || prefixFirst[folded];
        }
    }

    private final Rule[] byOrder;
    private final List<Rule> rules;
    private final KeyTable<CategoryInfo> categories;
    final CategoryInfo none;
    final CategoryInfo other;
    private final KeyTable<Entry[]> hosts;
    private final long maxHostKey;
    private final TokenIndex path;
    private final Entry[][] startsByChar;
    private final long maxStartsKey;
    private final KeyTable<Entry[]> suffixes;
    private final long maxSuffixKey;
    private final TokenIndex model;
    final Detection unknown;

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
            if (d.matcher() == Matcher.IS) {
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
        List<List<Entry>> starts = new ArrayList<>();
        for (int i = 0; i <= 128; i++) {
            starts.add(new ArrayList<>());
        }
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
                        char c = p.charAt(0);
                        starts.get(c < 128 ? c : 128).add(new Entry(rule, p, Math.min(p.length(), 255), null,
                                false, null));
                    }
                    case SUFFIX -> suffixMap.computeIfAbsent(p, k -> new ArrayList<>())
                            .add(new Entry(rule, p, 1, null, false, null));
                }
            }
        }
        rules = List.of(byOrder);
        for (CategoryInfo info : named.values()) {
            resolve(info);
        }
        resolve(none);
        resolve(other);
        categories = new KeyTable<>(named);
        hosts = new KeyTable<>(sortedArrays(hostMap));
        maxHostKey = maxKey(hostMap);
        path = new TokenIndex(pathExact, pathPrefix);
        model = new TokenIndex(modelExact, modelPrefix);
        startsByChar = new Entry[129][];
        long maxStarts = 0;
        for (int i = 0; i <= 128; i++) {
            List<Entry> bucket = starts.get(i);
            bucket.sort(BY_KEY_DESC);
            startsByChar[i] = bucket.toArray(new Entry[0]);
            for (Entry e : bucket) {
                maxStarts = Math.max(maxStarts, e.key | positionBits(0));
            }
        }
        maxStartsKey = maxStarts;
        suffixes = new KeyTable<>(sortedArrays(suffixMap));
        maxSuffixKey = maxKey(suffixMap);
        Provider unknownProvider = catalog.provider(RuleCatalog.UNKNOWN_PROVIDER);
        unknown = new Detection(unknownProvider, DetectionSource.UNKNOWN, "unknown", version);
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

    List<Rule> rules() {
        return rules;
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

    CategoryInfo category(String category) {
        if (category == null) {
            return none;
        }
        int from = Text.trimStart(category);
        int to = Text.trimEnd(category, from);
        if (from == to) {
            return none;
        }
        CategoryInfo info = categories.get(category, from, to);
        return info != null ? info : other;
    }

    /** The best ENDPOINT candidate's key, or {@code best} when none beats it. */
    long matchEndpoint(String s, long categoryBit, long best, Sink sink) {
        int from = Text.trimStart(s);
        int to = Text.trimEnd(s, from);
        if (from == to) {
            return best;
        }
        int authority = -1;
        int scheme = s.indexOf("://", from);
        if (scheme >= 0 && scheme < to) {
            authority = scheme + 3;
        } else if (to - from >= 2 && s.charAt(from) == '/' && s.charAt(from + 1) == '/') {
            authority = from + 2;
        } else if (s.charAt(from) != '/' && looksLikeHost(s, from, to)) {
            authority = from;
        }
        int pathStart = from;
        if (authority >= 0) {
            int authorityEnd = authority;
            while (authorityEnd < to) {
                char c = s.charAt(authorityEnd);
                if (c == '/' || c == '?' || c == '#') {
                    break;
                }
                authorityEnd++;
            }
            pathStart = authorityEnd;
            if (!hostsEmpty()) {
                best = matchAuthority(s, authority, authorityEnd, categoryBit, best, sink);
            }
        }
        if (path.isEmpty() || (sink == null && best > path.maxKey)) {
            return best;
        }
        int pathEnd = pathStart;
        while (pathEnd < to) {
            char c = s.charAt(pathEnd);
            if (c == '?' || c == '#') {
                break;
            }
            pathEnd++;
        }
        return scanTokens(path, s, pathStart, pathEnd, categoryBit, best, sink);
    }

    private boolean hostsEmpty() {
        return hosts.isEmpty();
    }

    /** A scheme-less endpoint such as {@code api.openai.com/v1/...}: a first segment with a dot and no space. */
    private static boolean looksLikeHost(String s, int from, int to) {
        boolean dot = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            if (c == '.') {
                dot = true;
            } else if (Text.isSpace(c)) {
                return false;
            }
        }
        return dot;
    }

    private long matchAuthority(String s, int from, int to, long categoryBit, long best, Sink sink) {
        int hs = from;
        for (int i = to - 1; i >= from; i--) {
            if (s.charAt(i) == '@') {
                hs = i + 1;
                break;
            }
        }
        int he = to;
        if (hs < to && s.charAt(hs) == '[') {
            // An IPv6 literal names no vendor; keep it whole so no suffix rule can match inside it.
            int close = s.indexOf(']', hs);
            he = close >= 0 && close < to ? close + 1 : to;
        } else {
            for (int i = to - 1; i >= hs; i--) {
                if (s.charAt(i) == ':') {
                    he = i;
                    break;
                }
            }
        }
        while (he > hs && s.charAt(he - 1) == '.') {
            he--;
        }
        if (he <= hs) {
            return best;
        }
        if (sink == null && best > maxHostKey) {
            return best;
        }
        int longest = hosts.maxLength();
        for (int i = he - 1; ; i--) {
            if (i < hs || s.charAt(i) == '.') {
                if (he - (i + 1) > longest) {
                    break;
                }
                if (i + 1 < he) {
                    Entry[] entries = hosts.get(s, i + 1, he);
                    if (entries != null) {
                        for (Entry e : entries) {
                            if (leftLabelsMatch(s, hs, i, e.leftLabels)) {
                                boolean inScope = (e.mask & categoryBit) != 0;
                                long key = e.key | positionBits(0);
                                if (sink != null) {
                                    sink.hit(e, s, hs, he, inScope, key);
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
    private static boolean leftLabelsMatch(String s, int hs, int dot, String[] labels) {
        int end = dot;
        for (String label : labels) {
            if (end < hs) {
                return false;
            }
            int start = end - 1;
            while (start >= hs && s.charAt(start) != '.') {
                start--;
            }
            if (!labelMatches(s, start + 1, end, label)) {
                return false;
            }
            end = start;
        }
        return true;
    }

    private static boolean labelMatches(String s, int from, int to, String label) {
        int star = label.indexOf('*');
        if (star < 0) {
            return to - from == label.length() && Text.regionEquals(s, from, to, label);
        }
        int suffixLength = label.length() - star - 1;
        // '*' stands for at least one character, so "*-aiplatform" never matches "-aiplatform" alone.
        if (to - from <= star + suffixLength) {
            return false;
        }
        for (int i = 0; i < star; i++) {
            if (Text.fold(s.charAt(from + i)) != label.charAt(i)) {
                return false;
            }
        }
        for (int i = 0; i < suffixLength; i++) {
            if (Text.fold(s.charAt(to - suffixLength + i)) != label.charAt(star + 1 + i)) {
                return false;
            }
        }
        return true;
    }

    /** The best MODEL candidate's key, or {@code best} when none beats it. */
    long matchModel(String s, long categoryBit, long best, Sink sink) {
        int from = Text.trimStart(s);
        int to = Text.trimEnd(s, from);
        if (from == to) {
            return best;
        }
        char first = Text.fold(s.charAt(from));
        Entry[] starts = startsByChar[first < 128 ? first : 128];
        for (Entry e : starts) {
            if (Text.regionEquals(s, from, to, e.pattern)) {
                boolean inScope = (e.mask & categoryBit) != 0;
                long key = e.key | positionBits(0);
                if (sink != null) {
                    sink.hit(e, s, from, from + e.pattern.length(), inScope, key);
                }
                if (inScope && key > best) {
                    best = key;
                }
            }
        }
        if (sink == null && best > maxSuffixKey && best > model.maxKey) {
            return best;
        }
        if (!suffixes.isEmpty()) {
            best = matchSuffix(s, from, to, categoryBit, best, sink);
        }
        if (model.isEmpty() || (sink == null && best > model.maxKey)) {
            return best;
        }
        return scanTokens(model, s, from, to, categoryBit, best, sink);
    }

    private long matchSuffix(String s, int from, int to, long categoryBit, long best, Sink sink) {
        int colon = s.lastIndexOf(':', to - 1);
        if (colon <= from || colon + 1 >= to) {
            return best;
        }
        int slash = s.indexOf('/', from);
        if (slash <= from || slash > colon) {
            return best;
        }
        Entry[] entries = suffixes.get(s, colon + 1, to);
        if (entries != null) {
            for (Entry e : entries) {
                boolean inScope = (e.mask & categoryBit) != 0;
                long key = e.key | positionBits(colon + 1);
                if (sink != null) {
                    sink.hit(e, s, colon + 1, to, inScope, key);
                }
                if (inScope && key > best) {
                    best = key;
                }
            }
        }
        return best;
    }

    /** One pass over {@code s[from, to)}: find each token's end, then probe the tables with its O(1) hash. */
    private static long scanTokens(TokenIndex index, String s, int from, int to, long categoryBit, long best,
            Sink sink) {
        int nameStart = s.lastIndexOf('/', to - 1) + 1;
        if (nameStart < from) {
            nameStart = from;
        }
        int[] prefixLengths = index.prefixLengths;
        boolean nameTokenSeen = false;
        int i = from;
        while (i < to) {
            if (Text.isSeparator(s.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            do {
                i++;
            } while (i < to && !Text.isSeparator(s.charAt(i)));
            boolean firstOfName = start >= nameStart && !nameTokenSeen;
            if (start >= nameStart) {
                nameTokenSeen = true;
            }
            Entry[] entries = index.exact.get(s, start, i);
            if (entries != null) {
                best = consider(entries, s, start, i, to, firstOfName, categoryBit, best, sink);
            }
            if (prefixLengths.length > 0 && index.mayHavePrefix(Text.fold(s.charAt(start)))) {
                for (int length : prefixLengths) {
                    if (length > i - start) {
                        break;
                    }
                    Entry[] prefixed = index.prefixes.get(s, start, start + length);
                    if (prefixed != null) {
                        best = consider(prefixed, s, start, start + length, to, firstOfName, categoryBit, best,
                                sink);
                    }
                }
            }
        }
        return best;
    }

    private static long consider(Entry[] entries, String s, int start, int end, int to,
            boolean firstOfName, long categoryBit, long best, Sink sink) {
        for (Entry e : entries) {
            if (e.anchored && !firstOfName) {
                continue;
            }
            int matchEnd = end;
            if (e.rest.length > 0) {
                matchEnd = restEnd(s, end, to, e.rest);
                if (matchEnd < 0) {
                    continue;
                }
            }
            boolean inScope = (e.mask & categoryBit) != 0;
            long key = e.key | positionBits(start);
            if (sink != null) {
                // A prefix pattern reports the whole token it matched.
                int shownEnd = matchEnd;
                while (shownEnd < to && !Text.isSeparator(s.charAt(shownEnd))) {
                    shownEnd++;
                }
                sink.hit(e, s, start, shownEnd, inScope, key);
            }
            if (inScope && key > best) {
                best = key;
            }
        }
        return best;
    }

    /** Where the consecutive tokens {@code rest} end after {@code pos}, or -1 when they do not follow. */
    private static int restEnd(String s, int pos, int to, String[] rest) {
        for (String token : rest) {
            while (pos < to && Text.isSeparator(s.charAt(pos))) {
                pos++;
            }
            if (!Text.regionEquals(s, pos, to, token)) {
                return -1;
            }
            pos += token.length();
            if (pos < to && !Text.isSeparator(s.charAt(pos))) {
                return -1;
            }
        }
        return pos;
    }
}
