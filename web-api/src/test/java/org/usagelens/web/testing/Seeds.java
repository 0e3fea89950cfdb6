package org.usagelens.web.testing;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.usagelens.detection.ProviderDetector;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.service.DemoData;
import org.usagelens.persistence.DataSources;
import org.usagelens.persistence.DatabaseUrl;
import org.usagelens.persistence.PostgresStore;

/** Writes rows straight into a test database through the real repository. */
public final class Seeds {
    private Seeds() {
    }

    public static void insert(DatabaseUrl db, List<NewUsageLog> logs) {
        try (HikariDataSource ds = DataSources.pooled(db, "seed", 2, Duration.ofSeconds(10))) {
            UsageLogRepository repository = PostgresStore.usageLogs(ds);
            for (int i = 0; i < logs.size(); i += 1000) {
                repository.insertNew(logs.subList(i, Math.min(logs.size(), i + 1000)));
            }
        }
    }

    /** Demo usage (several users, some rows without a provider) ending at {@code now}. */
    public static List<NewUsageLog> demo(Instant now, int count, long seed) {
        return new DemoData(ProviderDetector.builtIn()).generate(now, count, seed);
    }
}
