package org.usagelens.domain.pricing;

/** How a logged model string was matched to the catalog's rows (recorded so that a lenient match can be audited). */
public enum ModelMatch {
    /** The string equals a {@code provider_model} of that provider, ignoring case and surrounding white space. */
    PROVIDER_MODEL,
    /** The string is {@code <provider id>/<provider_model>} (the LiteLLM routing form, e.g. {@code groq/...}). */
    PROVIDER_PREFIX,
    /**
     * The string is a canonical model id that the provider prices under one or more {@code provider_model}s which
     * all have the same prices at that instant, e.g. {@code claude-3.5-sonnet} on anthropic.
     */
    CANONICAL_MODEL
}
