package org.usagelens.domain.model;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A detection rules version, {@code r<built-in revision>.<deployment revision>-<hash>} (e.g. {@code r1.0-3f9a1c2b7d4e}),
 * and the order between versions that decides which stored rows the backfill re-detects.
 */
public record RulesVersion(int builtInRevision, int deploymentRevision, String hash) {

    private static final Pattern FORMAT = Pattern.compile("r([0-9]{1,6})\\.([0-9]{1,6})-([0-9a-f]{12})");

    public RulesVersion {
        Objects.requireNonNull(hash, "hash");
        if (builtInRevision < 0 || deploymentRevision < 0) {
            throw new IllegalArgumentException("revisions must not be negative");
        }
    }

    /** The version these rules print, or empty for null, a legacy hash-only version ({@code r-...}) or any other text. */
    public static Optional<RulesVersion> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORMAT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new RulesVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), m.group(3)));
    }

    /**
     * The current version of a detector's rules.
     *
     * @throws IllegalArgumentException when it is not in the revision format
     */
    public static RulesVersion current(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException(
                "rules version '" + text + "' is not of the form r<built-in revision>.<deployment revision>-<hash>"));
    }

    /**
     * Whether a row detected with {@code stored} must be detected again with these rules: it has no version, one in
     * another (older) format, lower revisions (built-in first, then deployment), or the same revisions and another
     * hash. A row of higher revisions was detected by newer rules and is left alone.
     */
    public boolean supersedes(String stored) {
        Optional<RulesVersion> parsed = parse(stored);
        if (parsed.isEmpty()) {
            return true;
        }
        RulesVersion other = parsed.get();
        int order = compareRevisions(other);
        return order > 0 || (order == 0 && !hash.equals(other.hash));
    }

    /** Negative, zero or positive as these revisions are lower than, equal to or higher than {@code other}'s. */
    public int compareRevisions(RulesVersion other) {
        int byBuiltIn = Integer.compare(builtInRevision, other.builtInRevision);
        return byBuiltIn != 0 ? byBuiltIn : Integer.compare(deploymentRevision, other.deploymentRevision);
    }

    @Override
    public String toString() {
        return "r" + builtInRevision + "." + deploymentRevision + "-" + hash;
    }
}
