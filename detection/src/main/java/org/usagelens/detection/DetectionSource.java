package org.usagelens.detection;

/** Which precedence step decided a detection. */
public enum DetectionSource {
    /** The category names one vendor (step 1). */
    CATEGORY,
    /** The endpoint's host or a path segment names who was called (step 2). */
    ENDPOINT,
    /** The model id names a host, a router or a model family (step 3). */
    MODEL,
    /** The category's default provider (step 4). */
    DEFAULT,
    /**
     * The provider an instrumentation named for the call (OpenTelemetry {@code gen_ai.provider.name}, or the older
     * {@code gen_ai.system}). Only {@link ProviderDetector#detectWithProviderHint} uses it, after endpoint and model:
     * the conventions call that name a best guess that may differ from the provider that served the call. Never a
     * rule file's source.
     */
    HINT,
    /** Nothing matched and the category has no default. */
    UNKNOWN
}
