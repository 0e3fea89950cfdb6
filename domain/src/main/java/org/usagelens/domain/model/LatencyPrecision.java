package org.usagelens.domain.model;

/** How the latency percentiles of analytics are computed. */
public enum LatencyPrecision {
    /** From the rollups' latency sketches, within {@link LatencySketch#RELATIVE_ERROR}: cost independent of calls. */
    SKETCHED,
    /** From every latency of the calls (exact, as {@code percentile_cont}): cost grows with the calls. */
    EXACT
}
