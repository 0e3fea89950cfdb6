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
 */
public record UsageEventDraft(Map<String, Object> fields) {
    public UsageEventDraft {
        Objects.requireNonNull(fields, "fields");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
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
