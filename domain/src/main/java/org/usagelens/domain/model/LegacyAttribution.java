package org.usagelens.domain.model;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The providers of rows stored without one (as the original system left them), decided on read: each
 * distinct (category, model, endpoint) of such rows mapped to the provider the current rules detect.
 * Reads and analyses use it so that a row counts under the same provider everywhere, backfilled or not.
 */
public record LegacyAttribution(Map<CallSignature, String> providerBySignature) {

    public static final LegacyAttribution NONE = new LegacyAttribution(Map.of());

    public LegacyAttribution {
        providerBySignature = Map.copyOf(Objects.requireNonNull(providerBySignature, "providerBySignature"));
    }

    public boolean isEmpty() {
        return providerBySignature.isEmpty();
    }

    /** The signatures attributed to this provider. */
    public List<CallSignature> signaturesOf(String providerId) {
        return providerBySignature.entrySet().stream()
                .filter(e -> e.getValue().equals(providerId))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** What identifies a call for detection: its category, model and endpoint ({@code model} may be null). */
    public record CallSignature(String category, String model, String endpoint) {
        public CallSignature {
            Objects.requireNonNull(category, "category");
            Objects.requireNonNull(endpoint, "endpoint");
        }
    }
}
