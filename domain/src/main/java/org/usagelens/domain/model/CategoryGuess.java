package org.usagelens.domain.model;

import org.usagelens.detection.Detection;
import org.usagelens.detection.ProviderDetector;

/**
 * A row's category was derived from an instrumentation's guess (an OpenTelemetry GenAI span's
 * {@code gen_ai.provider.name}), not logged by the application: stored with the row, so that detecting it again (the
 * backfill, after a rules change) keeps the precedence it was stored with, endpoint, model id, hint, default, instead
 * of letting the guessed category decide.
 *
 * @param providerHint the provider name the instrumentation gave, at most {@link #MAX_PROVIDER_HINT} characters, or
 *                     {@code null} when it gave none (the category is then a documented default)
 */
public record CategoryGuess(String providerHint) {
    /** The longest hint stored; the providers' OpenTelemetry names are far shorter, so a longer one matches none. */
    public static final int MAX_PROVIDER_HINT = 64;

    public CategoryGuess {
        if (providerHint != null && providerHint.length() > MAX_PROVIDER_HINT) {
            throw new IllegalArgumentException("a provider hint has at most " + MAX_PROVIDER_HINT + " characters");
        }
    }

    /**
     * The hint an instrumentation's attribute gives, as stored: {@code null} for none, blank, or longer than
     * {@link #MAX_PROVIDER_HINT} characters after trimming (no provider has such a name, so it could not decide).
     */
    public static String hintOf(String attribute) {
        if (attribute == null) {
            return null;
        }
        String hint = attribute.strip();
        return hint.isEmpty() || hint.length() > MAX_PROVIDER_HINT ? null : hint;
    }

    /** The detection of a call: by {@code guess}'s precedence when it has one, else by the category's. */
    public static Detection detect(ProviderDetector detector, CategoryGuess guess, String category, String model,
                                   String endpoint) {
        return guess == null
                ? detector.detect(category, model, endpoint)
                : detector.detectWithProviderHint(category, model, endpoint, guess.providerHint());
    }
}
