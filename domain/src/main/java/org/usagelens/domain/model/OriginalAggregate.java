package org.usagelens.domain.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A summary row the original system wrote when it rolled old calls up (its log wrapping): endpoint
 * {@code [AGGREGATED]}, tokens and costs summed, and the number of calls it stands for held only as text, in
 * {@code model_used} ("[N calls aggregated]") and {@code error_message} ("Aggregated N calls: S success, F failed").
 *
 * @param calls           the calls the row stands for
 * @param successfulCalls of which successful, when the message says so ({@code null} otherwise)
 * @param failedCalls     of which failed, when the message says so ({@code null} otherwise)
 */
public record OriginalAggregate(long calls, Long successfulCalls, Long failedCalls) {
    /** The endpoint the original system gave its summary rows. */
    public static final String ENDPOINT = "[AGGREGATED]";
    private static final Pattern MODEL = Pattern.compile("\\[(\\d{1,12}) calls aggregated]");
    private static final Pattern MESSAGE = Pattern.compile("Aggregated (\\d{1,12}) calls: (\\d{1,12}) success, (\\d{1,12}) failed");

    /** The summary a row is, or empty for an ordinary call (or a summary whose count cannot be read: counted as one). */
    public static Optional<OriginalAggregate> of(String endpoint, String modelUsed, String errorMessage) {
        if (!ENDPOINT.equals(endpoint)) {
            return Optional.empty();
        }
        Matcher message = errorMessage == null ? null : MESSAGE.matcher(errorMessage);
        if (message != null && message.find()) {
            long calls = Long.parseLong(message.group(1));
            long ok = Long.parseLong(message.group(2));
            long failed = Long.parseLong(message.group(3));
            if (ok + failed == calls) {
                return Optional.of(new OriginalAggregate(calls, ok, failed));
            }
        }
        Matcher model = modelUsed == null ? null : MODEL.matcher(modelUsed);
        if (model != null && model.find()) {
            return Optional.of(new OriginalAggregate(Long.parseLong(model.group(1)), null, null));
        }
        return Optional.of(new OriginalAggregate(1, null, null));
    }

    /** Whether a row is one of the original system's summary rows. */
    public static boolean isAggregate(String endpoint) {
        return ENDPOINT.equals(endpoint);
    }
}
