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
    /** Nothing matched and the category has no default. */
    UNKNOWN
}
