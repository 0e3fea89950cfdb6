package org.usagelens.persistence;

import java.time.Duration;
import org.jooq.Record;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;
import org.usagelens.domain.testing.AbstractBackfillRepositoryTest;

class JooqBackfillRepositoryTest extends AbstractBackfillRepositoryTest {
    @RegisterExtension
    static final MigratedDatabase database = MigratedDatabase.pooled("backfill-test", 4, Duration.ofSeconds(5));

    @Override
    protected BackfillRepository emptyRepository() {
        database.dsl().execute("TRUNCATE api_usage_logs RESTART IDENTITY");
        return new JooqBackfillRepository(database.dsl());
    }

    @Override
    protected long insert(String category, String model, String endpoint, StoredDetection stored) {
        return database.dsl().fetchOne("INSERT INTO api_usage_logs (user_id, provider, endpoint, method, model_used,"
                        + " response_time, status_code, timestamp, billing_period, actual_provider_name,"
                        + " detection_source, detection_rule, detection_rules_version)"
                        + " VALUES ('u1', ?, ?, 'POST', ?, 1.0, 200, now(), '2026-11', ?, ?, ?, ?) RETURNING id",
                category, endpoint, model, stored == null ? null : stored.providerId(),
                stored == null ? null : stored.source(), stored == null ? null : stored.ruleId(),
                stored == null ? null : stored.rulesVersion()).get(0, Long.class);
    }

    @Override
    protected StoredDetection stored(long id) {
        Record r = database.dsl().fetchOne("SELECT actual_provider_name, detection_source, detection_rule, detection_rules_version"
                + " FROM api_usage_logs WHERE id = ?", id);
        String provider = r.get(0, String.class);
        return provider == null ? null
                : new StoredDetection(provider, r.get(1, String.class), r.get(2, String.class), r.get(3, String.class));
    }

    @Override
    protected void overwrite(long id, StoredDetection s) {
        database.dsl().execute("UPDATE api_usage_logs SET actual_provider_name = ?, detection_source = ?, detection_rule = ?,"
                + " detection_rules_version = ? WHERE id = ?", s.providerId(), s.source(), s.ruleId(),
                s.rulesVersion(), id);
    }
}
