package org.usagelens.persistence;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.testing.AbstractUsageLogRepositoryTest;
import org.usagelens.persistence.testing.TestDatabases;

class JooqUsageLogRepositoryTest extends AbstractUsageLogRepositoryTest {
    private static HikariDataSource dataSource;
    private static DSLContext dsl;

    @BeforeAll
    static void migrate() {
        dataSource = DataSources.pooled(TestDatabases.fresh(), "repository-test", 4, Duration.ofSeconds(5));
        Migrations.apply(dataSource);
        dsl = Jooq.context(dataSource);
    }

    @AfterAll
    static void close() {
        dataSource.close();
    }

    @Override
    protected UsageLogRepository emptyRepository() {
        dsl.execute("TRUNCATE api_usage_logs RESTART IDENTITY");
        return new JooqUsageLogRepository(dsl);
    }

    @Override
    protected AnalyticsRepository analyticsOver(UsageLogRepository repository) {
        return new JooqAnalyticsRepository(dsl);
    }
}
