package org.usagelens.domain.port.in;

import org.usagelens.domain.model.ProviderAnalytics;
import org.usagelens.domain.model.UsageLogFilter;

/** Inbound port: cost and performance of a user's calls by actual provider. */
public interface AnalyseProvidersUseCase {
    ProviderAnalytics analyse(UsageLogFilter filter);
}
