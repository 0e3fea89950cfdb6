package org.usagelens.domain.pricing;

import java.util.List;

/** The prices of one (provider, provider_model, unit), sorted and non-overlapping; finds the one in force by binary search. */
final class Timeline {

    private final long[] from;
    private final long[] to;
    private final PriceRow[] rows;

    /** @param sorted non-overlapping rows in order of {@code effectiveFrom} */
    Timeline(List<PriceRow> sorted) {
        int n = sorted.size();
        from = new long[n];
        to = new long[n];
        rows = sorted.toArray(new PriceRow[0]);
        for (int i = 0; i < n; i++) {
            from[i] = rows[i].fromSecond();
            to[i] = rows[i].toSecond();
            if (i > 0 && from[i] < to[i - 1]) {
                throw new IllegalStateException("overlapping rows " + rows[i - 1] + " and " + rows[i]);
            }
        }
    }

    /** The row in force at that epoch second, or null. */
    PriceRow at(long epochSecond) {
        int lo = 0;
        int hi = from.length - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (from[mid] <= epochSecond) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && epochSecond < to[found] ? rows[found] : null;
    }
}
