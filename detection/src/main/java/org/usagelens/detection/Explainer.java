package org.usagelens.detection;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds explanations by running the very matchers detection uses, with a sink that records every candidate, so an
 * explanation can never disagree with {@link ProviderDetector#detect}.
 */
final class Explainer {

    /** One candidate reported by a matcher. */
    private record Hit(CompiledRules.Entry entry, String matchedText, boolean inScope, long key) {
    }

    private final CompiledRules rules;

    Explainer(CompiledRules rules) {
        this.rules = rules;
    }

    Explanation explain(String category, String model, String endpoint) {
        CompiledRules.CategoryInfo cat = rules.category(category);
        List<Hit> endpointHits = new ArrayList<>();
        List<Hit> modelHits = new ArrayList<>();
        // Each input is matched in full even after an earlier step decided, to show what it would have said.
        long endpointBest = endpoint == null || endpoint.isEmpty() ? 0
                : rules.matchEndpoint(CompiledRules.chars(endpoint), endpoint.length(), cat.bit, 0, sink(endpointHits));
        long modelBest = model == null || model.isEmpty() ? 0
                : rules.matchModel(CompiledRules.chars(model), model.length(), cat.bit, 0, sink(modelHits));

        Detection detection;
        if (cat.vendor != null) {
            detection = cat.vendor.detection;
        } else if (endpointBest != 0) {
            detection = rules.rule(endpointBest).detection;
        } else if (modelBest != 0) {
            detection = rules.rule(modelBest).detection;
        } else if (cat.fallback != null) {
            detection = cat.fallback.detection;
        } else {
            detection = rules.unknown;
        }
        DetectionSource decided = detection.source();
        String catText = describeCategory(category, cat);

        List<Explanation.Step> steps = new ArrayList<>();
        categorySteps(steps, cat, catText);
        matcherSteps(steps, DetectionSource.ENDPOINT, "endpoint", endpoint, endpointHits, endpointBest, decided);
        matcherSteps(steps, DetectionSource.MODEL, "model", model, modelHits, modelBest, decided);
        defaultSteps(steps, cat, catText, decided);
        if (decided == DetectionSource.UNKNOWN) {
            steps.add(new Explanation.Step("unknown", DetectionSource.UNKNOWN, "category", true,
                    "nothing matched and " + catText + " has no default -> " + detection.providerId()
                            + "; WINNER"));
        } else {
            steps.add(new Explanation.Step("unknown", DetectionSource.UNKNOWN, "category", false,
                    "not used: the " + decided + " step decided"));
        }
        return new Explanation(detection, steps);
    }

    /** The same, for {@link ProviderDetector#detectWithProviderHint}'s precedence: endpoint, model, hint, default. */
    Explanation explainWithHint(String category, String model, String endpoint, String providerHint) {
        CompiledRules.CategoryInfo cat = rules.category(category);
        List<Hit> endpointHits = new ArrayList<>();
        List<Hit> modelHits = new ArrayList<>();
        long endpointBest = endpoint == null || endpoint.isEmpty() ? 0
                : rules.matchEndpoint(CompiledRules.chars(endpoint), endpoint.length(), cat.bit, 0, sink(endpointHits));
        long modelBest = model == null || model.isEmpty() ? 0
                : rules.matchModel(CompiledRules.chars(model), model.length(), cat.bit, 0, sink(modelHits));
        Detection hinted = rules.hint(providerHint);

        Detection detection;
        if (endpointBest != 0) {
            detection = rules.rule(endpointBest).detection;
        } else if (modelBest != 0) {
            detection = rules.rule(modelBest).detection;
        } else if (hinted != null) {
            detection = hinted;
        } else if (cat.fallback != null) {
            detection = cat.fallback.detection;
        } else {
            detection = rules.unknown;
        }
        DetectionSource decided = detection.source();
        String catText = describeCategory(category, cat);

        List<Explanation.Step> steps = new ArrayList<>();
        steps.add(new Explanation.Step("category", DetectionSource.CATEGORY, "category", false, catText
                + " does not decide: it is derived from the instrumentation's provider name, a guess that ranks below"
                + " endpoint and model"));
        matcherSteps(steps, DetectionSource.ENDPOINT, "endpoint", endpoint, endpointHits, endpointBest, decided);
        matcherSteps(steps, DetectionSource.MODEL, "model", model, modelHits, modelBest, decided);
        String hintText = providerHint == null || providerHint.isBlank() ? null : Text.quote(providerHint.strip());
        if (hintText == null) {
            steps.add(new Explanation.Step("hint", DetectionSource.HINT, "hint", false, "no provider name"));
        } else if (hinted == null) {
            steps.add(new Explanation.Step("hint", DetectionSource.HINT, "hint", false, "provider name " + hintText
                    + " names no provider of the catalog"));
        } else {
            String text = "provider name " + hintText + " -> " + hinted.providerId()
                    + (decided == DetectionSource.HINT ? "; WINNER: no endpoint or model rule matched"
                    : "; not used: the " + decided + " step decided");
            steps.add(new Explanation.Step(hinted.ruleId(), DetectionSource.HINT, "hint", true, text));
        }
        defaultSteps(steps, cat, catText, decided);
        if (decided == DetectionSource.UNKNOWN) {
            steps.add(new Explanation.Step("unknown", DetectionSource.UNKNOWN, "category", true,
                    "nothing matched and " + catText + " has no default -> " + detection.providerId() + "; WINNER"));
        } else {
            steps.add(new Explanation.Step("unknown", DetectionSource.UNKNOWN, "category", false,
                    "not used: the " + decided + " step decided"));
        }
        return new Explanation(detection, steps);
    }

    private static CompiledRules.Sink sink(List<Hit> hits) {
        return (entry, a, from, to, inScope, key) -> hits.add(new Hit(entry, new String(a, from, to - from), inScope,
                key));
    }

    private static String describeCategory(String raw, CompiledRules.CategoryInfo cat) {
        return raw == null || raw.isBlank() ? "no category" : "category " + Text.quote(raw.strip());
    }

    private void categorySteps(List<Explanation.Step> steps, CompiledRules.CategoryInfo cat, String catText) {
        if (cat.vendorRules.isEmpty()) {
            steps.add(new Explanation.Step("category", DetectionSource.CATEGORY, "category", false,
                    catText + " names no single vendor: go on to the endpoint"));
            return;
        }
        CompiledRules.Rule winner = cat.vendorRules.get(0);
        for (CompiledRules.Rule r : cat.vendorRules) {
            String text = catText + " names a single vendor -> " + r.detection.providerId();
            if (r == winner) {
                text += "; WINNER: a single-vendor category decides before endpoint and model";
            } else {
                text += "; loses to " + winner.def.id() + ": " + whyLoses(CompiledRules.ruleKey(r),
                        CompiledRules.ruleKey(winner));
            }
            steps.add(new Explanation.Step(r.def.id(), DetectionSource.CATEGORY, "category", true, text));
        }
    }

    private void matcherSteps(List<Explanation.Step> steps, DetectionSource step, String input, String value,
            List<Hit> hits, long best, DetectionSource decided) {
        if (value == null || value.isBlank()) {
            steps.add(new Explanation.Step(input, step, input, false, "no " + input));
            return;
        }
        if (hits.isEmpty()) {
            steps.add(new Explanation.Step(input, step, input, false, "no rule matches " + input + " "
                    + Text.quote(value)));
            return;
        }
        boolean winnerShown = false;
        for (Hit hit : hits) {
            StringBuilder text = new StringBuilder(describe(hit));
            if (!hit.inScope()) {
                text.append("; not applied: the rule applies only in categories ")
                        .append(String.join(",", hit.entry().rule.def.categories()));
            } else if (decided != step) {
                text.append("; not used: the ").append(decided).append(" step decided");
            } else if (hit.key() == best && !winnerShown) {
                winnerShown = true;
                text.append("; WINNER (priority ").append(CompiledRules.priorityOf(hit.key())).append(')');
            } else {
                text.append("; loses to ").append(rules.rule(best).def.id()).append(": ")
                        .append(whyLoses(hit.key(), best));
            }
            steps.add(new Explanation.Step(hit.entry().rule.def.id(), step, input, hit.inScope(), text.toString()));
        }
    }

    private void defaultSteps(List<Explanation.Step> steps, CompiledRules.CategoryInfo cat, String catText,
            DetectionSource decided) {
        if (cat.defaultRules.isEmpty()) {
            steps.add(new Explanation.Step("default", DetectionSource.DEFAULT, "category", false,
                    catText + " has no default"));
            return;
        }
        CompiledRules.Rule winner = cat.defaultRules.get(0);
        for (CompiledRules.Rule r : cat.defaultRules) {
            String text = "default for " + catText + " -> " + r.detection.providerId();
            if (r != winner) {
                text += "; loses to " + winner.def.id() + ": " + whyLoses(CompiledRules.ruleKey(r),
                        CompiledRules.ruleKey(winner));
            } else if (decided == DetectionSource.DEFAULT) {
                text += "; WINNER: no endpoint or model rule matched";
            } else {
                text += "; not used: the " + decided + " step decided";
            }
            steps.add(new Explanation.Step(r.def.id(), DetectionSource.DEFAULT, "category", true, text));
        }
    }

    private static String describe(Hit hit) {
        CompiledRules.Entry e = hit.entry();
        String provider = e.rule.detection.providerId();
        String matched = Text.quote(hit.matchedText());
        return switch (e.rule.def.matcher()) {
            case HOST -> "host " + matched + " matches '" + e.pattern + "' -> " + provider;
            case PATH -> "path token " + matched + " matches '" + e.pattern + "' -> " + provider;
            case STARTS -> "model id starts with '" + e.pattern + "' -> " + provider;
            case SUFFIX -> "router suffix " + matched + " of an org/model:suffix id -> " + provider;
            case TOKEN -> "model token " + matched + " matches '" + e.pattern + "' -> " + provider;
            case IS -> "category " + matched + " -> " + provider;
        };
    }

    private static String whyLoses(long loser, long winner) {
        int pl = CompiledRules.priorityOf(loser);
        int pw = CompiledRules.priorityOf(winner);
        if (pl != pw) {
            return "lower priority (" + pl + " < " + pw + ")";
        }
        int sl = CompiledRules.specificityOf(loser);
        int sw = CompiledRules.specificityOf(winner);
        if (sl != sw) {
            return "same priority, less specific pattern (" + sl + " < " + sw + ")";
        }
        int posL = CompiledRules.positionOf(loser);
        int posW = CompiledRules.positionOf(winner);
        if (posL != posW) {
            return "same priority, matched further right in the input (at " + posL + ", winner at " + posW + ")";
        }
        boolean depL = ((loser >>> 20) & 1) == 1;
        boolean depW = ((winner >>> 20) & 1) == 1;
        if (depL != depW) {
            return "same priority, a deployment rule beats a built-in one";
        }
        return loser == winner ? "same rule matched earlier in the input" : "same priority, defined later";
    }
}
