package org.usagelens.persistence;

import javax.sql.DataSource;
import org.usagelens.domain.port.out.AnalyticsRepository;
import org.usagelens.domain.port.out.BackfillRepository;
import org.usagelens.domain.port.out.RepriceRepository;
import org.usagelens.domain.port.out.SchemaOperations;
import org.usagelens.domain.port.out.StoreHealth;
import org.usagelens.domain.port.out.UsageLogRepository;

/**
 * The persistence adapter's one door: the domain's outgoing ports on PostgreSQL, each over the pool it is given. The
 * classes behind them (jOOQ repositories, Flyway, adoption, Citus, retention) are package-private; callers name only
 * this, {@link DataSources}, {@link DatabaseUrl} and {@link EmbeddedDatabase}.
 */
public final class PostgresStore {
    private PostgresStore() {
    }

    /** Writes, pages and counts of the usage logs. */
    public static UsageLogRepository usageLogs(DataSource dataSource) {
        return new JooqUsageLogRepository(Jooq.context(dataSource));
    }

    /** The analytics' read side (rollups, sketches, change stamps) and the sketches' compaction. */
    public static AnalyticsRepository analytics(DataSource dataSource) {
        return new JooqAnalyticsRepository(Jooq.context(dataSource));
    }

    /** The rows the backfill and the attribution detect again, and their guarded writes. */
    public static BackfillRepository backfills(DataSource dataSource) {
        return new JooqBackfillRepository(Jooq.context(dataSource));
    }

    /** The rows re-pricing costs again, its runs and their reverts. */
    public static RepriceRepository reprices(DataSource dataSource) {
        return new JooqRepriceRepository(Jooq.context(dataSource));
    }

    /** Whether PostgreSQL answers now (a connection borrowed and validated). */
    public static StoreHealth health(DataSource dataSource) {
        return new JdbcStoreHealth(dataSource);
    }

    /** Adoption of the original's database, the migrations, distribution on Citus and retention. */
    public static SchemaOperations schema(DataSource dataSource) {
        return new PostgresSchemaOperations(dataSource);
    }
}
