package org.usagelens.domain.model;

import java.util.Objects;

/**
 * The actual provider stored with a usage log and the evidence for it: the detection source
 * ({@code CATEGORY}, {@code ENDPOINT}, {@code MODEL}, {@code DEFAULT}, {@code UNKNOWN}, or
 * {@code CLIENT} when the client named the provider), the deciding rule and the rules version.
 */
public record StoredDetection(String providerId, String source, String ruleId, String rulesVersion) {
    /** Source recorded when the client supplied {@code actual_provider_name} itself. */
    public static final String CLIENT_SOURCE = "CLIENT";

    public StoredDetection {
        Objects.requireNonNull(providerId, "providerId");
    }

    /** What a detection decided, as stored with the row. */
    public static StoredDetection of(org.usagelens.detection.Detection d) {
        return new StoredDetection(d.providerId(), d.source().name(), d.ruleId(), d.rulesVersion());
    }

    public boolean suppliedByClient() {
        return CLIENT_SOURCE.equals(source);
    }
}
