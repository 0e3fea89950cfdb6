package org.usagelens.detection;

import java.util.Objects;

/** A provider of the catalog: stable id, display name and OpenTelemetry {@code gen_ai.provider.name} (null when OTel defines none). */
public record Provider(String id, String displayName, String otelName) {

    public Provider {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(displayName, "displayName");
    }
}
