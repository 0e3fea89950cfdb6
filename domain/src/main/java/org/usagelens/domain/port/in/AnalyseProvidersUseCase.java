package org.usagelens.domain.port.in;

import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.UsageLogFilter;

/** Inbound port: cost and performance of a user's calls by actual provider. */
public interface AnalyseProvidersUseCase {

    /** Whether an earlier result may answer: only ever one computed since the last change to the logs it covers. */
    enum Reuse { IF_UNCHANGED, NEVER }

    /** The analytics, and whether they were an earlier result reused because nothing they cover has changed. */
    record Analysed(ProviderAnalytics analytics, boolean reused) {
    }

    Analysed analyse(UsageLogFilter filter, Reuse reuse);

    default ProviderAnalytics analyse(UsageLogFilter filter) {
        return analyse(filter, Reuse.IF_UNCHANGED).analytics();
    }
}
