package org.usagelens.persistence;

import java.time.Duration;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.testing.AbstractUsageLogRepositoryTest;

class JooqUsageLogRepositoryTest extends AbstractUsageLogRepositoryTest {
    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.pooled("repository-test", 4, Duration.ofSeconds(5));

    @Override
    protected UsageLogRepository emptyRepository() {
        database.dsl().execute("TRUNCATE api_usage_logs RESTART IDENTITY");
        return new JooqUsageLogRepository(database.dsl());
    }

    @Override
    protected AnalyticsRepository analyticsOver(UsageLogRepository repository) {
        return new JooqAnalyticsRepository(database.dsl());
    }
}
