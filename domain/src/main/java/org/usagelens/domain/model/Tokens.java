package org.usagelens.domain.model;

/**
 * A call's token counts as its writer reported them; each is {@code null} when not reported (unknown, never zero).
 *
 * @param input  prompt tokens
 * @param output completion tokens
 * @param total  the total the writer reported (not necessarily input + output: some vendors count more)
 */
public record Tokens(Long input, Long output, Long total) {
    /** No token counts reported (a media call, or a writer that logs none). */
    public static final Tokens UNKNOWN = new Tokens(null, null, null);
}
