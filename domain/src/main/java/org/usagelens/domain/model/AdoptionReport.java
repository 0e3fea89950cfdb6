package org.usagelens.domain.model;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What adopting a database of the original system did: its rows, the columns converted in place, the columns kept
 * that UsageLens does not use, how long the table was locked (the conversion's transaction), and a note on the
 * database's default time zone ({@code null} when there is none to give).
 */
public record AdoptionReport(long rows, List<String> convertedColumns, List<String> keptExtraColumns, Duration lockHeld,
                             String timeZoneNote) {
    public AdoptionReport {
        convertedColumns = List.copyOf(convertedColumns);
        keptExtraColumns = List.copyOf(keptExtraColumns);
        Objects.requireNonNull(lockHeld, "lockHeld");
    }
}
