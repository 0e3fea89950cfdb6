package org.usagelens.domain.pricing;

import java.util.List;
import java.util.Optional;

/** A unit a price is quoted in; {@link #wireName()} is its name in price files and in a call's {@code units}. */
public enum PriceUnit {
    INPUT_TOKEN("input_token", true),
    OUTPUT_TOKEN("output_token", true),
    /** Prompt-cache reads; cache writes have no unit. */
    CACHED_INPUT_TOKEN("cached_input_token", true),
    IMAGE("image", false),
    VIDEO_SECOND("video_second", false),
    AUDIO_SECOND("audio_second", false),
    CHARACTER("character", false),
    REQUEST("request", false);

    private static final PriceUnit[] VALUES = values();
    private static final List<String> WIRE_NAMES = List.of(
            "input_token", "output_token", "cached_input_token", "image", "video_second", "audio_second",
            "character", "request");

    private final String wireName;
    private final boolean token;

    PriceUnit(String wireName, boolean token) {
        this.wireName = wireName;
        this.token = token;
    }

    /** The lower-case name used in price files and event fields, e.g. {@code video_second}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this is one of the three token units, which a call reports in its token fields, not in {@code units}. */
    public boolean isToken() {
        return token;
    }

    /** The unit of that exact (case-sensitive) wire name, or empty for null or anything else. */
    public static Optional<PriceUnit> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (PriceUnit unit : VALUES) {
            if (unit.wireName.equals(name)) {
                return Optional.of(unit);
            }
        }
        return Optional.empty();
    }

    /** Every wire name, in declaration order. */
    public static List<String> wireNames() {
        return WIRE_NAMES;
    }

    static PriceUnit byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }

    static int count() {
        return VALUES.length;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
