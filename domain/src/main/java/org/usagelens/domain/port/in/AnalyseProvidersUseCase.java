package org.usagelens.domain.port.in;

import org.usagelens.domain.model.LatencyPrecision;
import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.UsageLogFilter;

/** Inbound port: cost and performance of a user's calls by actual provider. */
public interface AnalyseProvidersUseCase {

    /** Whether an earlier result may answer: only ever one computed since the last change to the logs it covers. */
    enum Reuse { IF_UNCHANGED, NEVER }

    /** The analytics, and whether they were an earlier result reused because nothing they cover has changed. */
    record Analysed(ProviderAnalytics analytics, boolean reused) {
    }

    /**
     * The analytics of the filter. An implementation may answer with an earlier result when {@code reuse} allows it
     * and nothing the filter covers has changed since; one that keeps none always computes.
     */
    Analysed analyse(UsageLogFilter filter, LatencyPrecision precision, Reuse reuse);

    default ProviderAnalytics analyse(UsageLogFilter filter) {
        return analyse(filter, LatencyPrecision.SKETCHED, Reuse.IF_UNCHANGED).analytics();
    }
}
