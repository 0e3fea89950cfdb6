package org.usagelens.domain.testing;

import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;

class InMemoryUsageLogRepositoryTest extends AbstractUsageLogRepositoryTest {
    @Override
    protected UsageLogRepository emptyRepository() {
        return new InMemoryUsageLogRepository();
    }

    @Override
    protected AnalyticsRepository analyticsOver(UsageLogRepository repository) {
        return (InMemoryUsageLogRepository) repository;
    }
}
