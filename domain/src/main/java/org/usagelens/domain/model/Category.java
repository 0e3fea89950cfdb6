package org.usagelens.domain.model;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The category a client logs a call under: the original system's {@code APIProvider} enum, which
 * still drives limit enforcement. It is not the provider that served the call.
 */
public enum Category {
    GEMINI, OPENAI, ANTHROPIC, MISTRAL, WAVESPEED, TAVILY, SERPER, METAPHOR, FIRECRAWL, STABILITY, EXA,
    VIDEO, IMAGE_EDIT, AUDIO;

    private static final Map<String, Category> BY_WIRE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Category::wireName, Function.identity()));

    /** The lower-case name used on the wire and in the database, e.g. {@code image_edit}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category with this exact wire name, if any. */
    public static Optional<Category> fromWireName(String wireName) {
        return Optional.ofNullable(wireName == null ? null : BY_WIRE_NAME.get(wireName));
    }

    /** Every wire name, in declaration order; used in error messages and documentation. */
    public static List<String> wireNames() {
        return Arrays.stream(values()).map(Category::wireName).toList();
    }
}
