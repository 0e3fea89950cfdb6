package org.usagelens.domain.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A usage event as a client sent it, before validation: wire field names (the original column names,
 * snake_case) mapped to JSON-like values ({@code null}, {@link String}, {@link java.math.BigDecimal},
 * {@link java.math.BigInteger}, {@link Long}, {@link Integer}, {@link Boolean}, {@link java.util.List},
 * {@link Map}). The HTTP adapter and in-process callers both hand these to
 * {@link org.usagelens.domain.port.in.RecordUsageUseCase}, so one validator judges both.
 *
 * @param categoryIsAGuess whether the category was derived from an instrumentation's guess rather than logged by the
 *                         application: set only by adapters that translate such descriptions of a call (the OTLP
 *                         receiver), never from a wire field. Detection then runs
 *                         {@link org.usagelens.detection.ProviderDetector#detectWithProviderHint endpoint, model, hint,
 *                         default} instead of letting a single-vendor category decide; events applications post keep
 *                         that precedence.
 * @param providerHint     the provider the instrumentation named (OpenTelemetry {@code gen_ai.provider.name}), or
 *                         {@code null}; only with {@code categoryIsAGuess}
 */
public record UsageEventDraft(Map<String, Object> fields, boolean categoryIsAGuess, String providerHint) {
    public UsageEventDraft {
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        if (providerHint != null && !categoryIsAGuess) {
            throw new IllegalArgumentException("a provider hint comes only with a category that is a guess");
        }
        if (providerHint != null && !providerHint.equals(CategoryGuess.hintOf(providerHint))) {
            throw new IllegalArgumentException("a provider hint is trimmed, not blank, and at most "
                    + CategoryGuess.MAX_PROVIDER_HINT + " characters: use CategoryGuess.hintOf");
        }
    }

    /** A draft an application sent: its category decides as it always has. */
    public UsageEventDraft(Map<String, Object> fields) {
        this(fields, false, null);
    }

    /**
     * A draft translated from an instrumentation's description of the call, whose category is a guess derived from
     * {@code providerHint}, or a documented default when the instrumentation named no provider ({@code null}).
     */
    public static UsageEventDraft describedByInstrumentation(Map<String, Object> fields, String providerHint) {
        return new UsageEventDraft(fields, true, providerHint);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Fluent construction for in-process callers; {@link #set} takes any wire field. */
    public static final class Builder {
        private final Map<String, Object> fields = new LinkedHashMap<>();

        public Builder set(String field, Object value) {
            fields.put(Objects.requireNonNull(field, "field"), value);
            return this;
        }

        public UsageEventDraft build() {
            return new UsageEventDraft(fields);
        }
    }
}
