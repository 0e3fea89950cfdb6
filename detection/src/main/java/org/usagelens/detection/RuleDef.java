package org.usagelens.detection;

import java.util.List;

/**
 * One parsed rule line. Patterns and categories are folded to lower case; an empty category list means the rule
 * applies whatever the category.
 */
record RuleDef(
        String id,
        DetectionSource source,
        MatchKind matcher,
        String providerId,
        List<String> patterns,
        List<String> categories,
        int priority,
        boolean deployment,
        String file,
        int line) {

    RuleDef {
        patterns = List.copyOf(patterns);
        categories = List.copyOf(categories);
    }

    /** The rule as it takes part in the rules version: everything that can change an answer, nothing cosmetic. */
    String canonical() {
        return "rule\t" + id + '\t' + source + '\t' + matcher.keyword() + '\t' + providerId + '\t'
                + String.join(" ", patterns) + "\tin=" + String.join(",", categories) + "\tpriority=" + priority
                + "\torigin=" + (deployment ? "deployment" : "builtin") + '\n';
    }
}
