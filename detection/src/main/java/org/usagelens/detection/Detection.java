package org.usagelens.detection;

import java.util.Objects;

/** The provider detected for one usage log, with the step and rule that decided it and the rules version in force. */
public record Detection(Provider provider, DetectionSource source, String ruleId, String rulesVersion) {

    public Detection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(rulesVersion, "rulesVersion");
    }

    public String providerId() {
        return provider.id();
    }

    public String displayName() {
        return provider.displayName();
    }
}
