package org.usagelens.detection;

import java.util.Set;
import java.util.stream.Collectors;

/** Test access to package-private catalog internals. */
final class RuleCatalogAccess {

    private RuleCatalogAccess() {
    }

    static Set<String> builtInRuleIds() {
        return ProviderDetector.builtIn().catalog().rules().stream().map(RuleDef::id).collect(Collectors.toSet());
    }
}
