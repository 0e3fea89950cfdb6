package org.usagelens.domain.model;

import java.util.Objects;

/**
 * The provider a usage log is shown and analysed under: the stored detection, or, for a row without
 * one, the detection computed on read with the current rules.
 */
public record EffectiveDetection(
        String providerId, String displayName, String source, String ruleId, String rulesVersion,
        boolean computedOnRead) {

    public EffectiveDetection {
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(displayName, "displayName");
    }
}
