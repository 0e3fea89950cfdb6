package org.usagelens.web.wiring;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.usagelens.domain.model.NewUsageLog;
import org.usagelens.domain.port.out.UsageLogRepository;
import org.usagelens.domain.service.DemoData;

/** Fills an empty database with demo usage on first start, so the dashboard has something to show. */
public final class DemoSeeder {
    private static final Logger LOG = LoggerFactory.getLogger(DemoSeeder.class);
    static final int DEMO_ROWS = 4000;
    private static final int CHUNK = 1000;

    private final boolean enabled;
    private final UsageLogRepository repository;
    private final DemoData demoData;
    private final Clock clock;

    DemoSeeder(boolean enabled, UsageLogRepository repository, DemoData demoData, Clock clock) {
        this.enabled = enabled;
        this.repository = repository;
        this.demoData = demoData;
        this.clock = clock;
    }

    /** Returns how many rows it stored: none unless enabled and the table is empty. */
    public int seedIfEmpty() {
        if (!enabled || !repository.isEmpty()) {
            return 0;
        }
        List<NewUsageLog> logs = demoData.generate(clock.instant(), DEMO_ROWS, 42L);
        for (int i = 0; i < logs.size(); i += CHUNK) {
            repository.insertNew(logs.subList(i, Math.min(logs.size(), i + CHUNK)));
        }
        LOG.info("Seeded {} demo usage logs (some without an actual provider, as the original system left them)", logs.size());
        return logs.size();
    }
}
