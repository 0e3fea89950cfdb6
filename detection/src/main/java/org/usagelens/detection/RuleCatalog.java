package org.usagelens.detection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The effective catalog: providers and rules after a deployment file has overridden, added and disabled built-ins,
 * and the version that names it: {@code r<built-in revision>.<deployment revision>-<content hash>}.
 */
final class RuleCatalog {

    static final String UNKNOWN_PROVIDER = "unknown";

    private final Map<String, Provider> providers;
    private final Map<String, RuleDef> rules;
    private final int builtInRevision;
    private final String version;

    private RuleCatalog(int builtInRevision, int deploymentRevision, Map<String, Provider> providers,
            Map<String, RuleDef> rules) {
        this.builtInRevision = builtInRevision;
        this.providers = providers;
        this.rules = rules;
        this.version = "r" + builtInRevision + "." + deploymentRevision + "-" + hash(providers.values(), rules.values());
    }

    static RuleCatalog of(RuleFileParser.Parsed builtIn) {
        if (builtIn.revision() == null) {
            throw new RuleFileException(builtIn.source(), 0, "the catalog must declare its revision (revision <n>)");
        }
        Map<String, Provider> providers = new LinkedHashMap<>();
        for (RuleFileParser.ProviderLine p : builtIn.providers()) {
            providers.put(p.provider().id(), p.provider());
        }
        if (!providers.containsKey(UNKNOWN_PROVIDER)) {
            throw new RuleFileException(builtIn.source(), 0, "the catalog must declare provider '"
                    + UNKNOWN_PROVIDER + "'");
        }
        Map<String, RuleDef> rules = new LinkedHashMap<>();
        for (RuleDef r : builtIn.rules()) {
            rules.put(r.id(), r);
        }
        return new RuleCatalog(builtIn.revision(), 0, providers, rules);
    }

    /** Same-id providers and rules replace the base's in place; new ones come after; disabled rules go. */
    RuleCatalog with(RuleFileParser.Parsed deployment) {
        Map<String, Provider> mergedProviders = new LinkedHashMap<>(providers);
        for (RuleFileParser.ProviderLine p : deployment.providers()) {
            mergedProviders.put(p.provider().id(), p.provider());
        }
        Map<String, RuleDef> mergedRules = new LinkedHashMap<>(rules);
        for (RuleFileParser.DisableLine d : deployment.disables()) {
            mergedRules.remove(d.ruleId());
        }
        for (RuleDef r : deployment.rules()) {
            mergedRules.put(r.id(), r);
        }
        int deploymentRevision = deployment.revision() == null ? 0 : deployment.revision();
        return new RuleCatalog(builtInRevision, deploymentRevision, mergedProviders, mergedRules);
    }

    List<Provider> providers() {
        return List.copyOf(providers.values());
    }

    Provider provider(String id) {
        return providers.get(id);
    }

    List<RuleDef> rules() {
        return new ArrayList<>(rules.values());
    }

    boolean hasRule(String id) {
        return rules.containsKey(id);
    }

    String version() {
        return version;
    }

    /** 12 hex digits of SHA-256 over a canonical form, so comments and spacing never change it. */
    private static String hash(Collection<Provider> providers, Collection<RuleDef> rules) {
        StringBuilder canonical = new StringBuilder();
        for (Provider p : providers) {
            canonical.append("provider\t").append(p.id()).append('\t')
                    .append(p.otelName() == null ? "-" : p.otelName()).append('\t').append(p.displayName())
                    .append('\n');
        }
        for (RuleDef r : rules) {
            canonical.append(r.canonical());
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(canonical.toString().getBytes(StandardCharsets.UTF_8));
            StringBuilder out = new StringBuilder(12);
            for (int i = 0; i < 6; i++) {
                out.append(Character.forDigit((digest[i] >> 4) & 0xF, 16)).append(Character.forDigit(digest[i] & 0xF, 16));
            }
            return out.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
