package org.usagelens.detection;

import java.util.List;
import java.util.Objects;

/** A detection together with every rule that was considered for it, in precedence order, and why the winner won. */
public record Explanation(Detection detection, List<Step> steps) {

    public Explanation {
        Objects.requireNonNull(detection, "detection");
        steps = List.copyOf(steps);
    }

    /**
     * One rule (or one precedence step when no rule applied) looked at while detecting.
     *
     * @param ruleId  the rule's id, or the step's name ({@code category}, {@code endpoint}, {@code model},
     *                {@code default}, {@code hint}) when no rule of that step matched
     * @param source  the precedence step
     * @param input   which input it looked at: {@code category}, {@code endpoint}, {@code model} or {@code hint} (the
     *                instrumentation's provider name, in {@link ProviderDetector#explainWithProviderHint} only)
     * @param matched whether the rule's pattern matched and the rule applies to the category
     * @param reason  a human-readable account, naming the winner and why it won
     */
    public record Step(String ruleId, DetectionSource source, String input, boolean matched, String reason) {

        public Step {
            Objects.requireNonNull(ruleId, "ruleId");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(input, "input");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
