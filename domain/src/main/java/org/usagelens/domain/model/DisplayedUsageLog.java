package org.usagelens.domain.model;

import java.util.Objects;

/** A usage log together with the provider it is displayed under. */
public record DisplayedUsageLog(UsageLog log, EffectiveDetection provider) {
    public DisplayedUsageLog {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(provider, "provider");
    }
}
