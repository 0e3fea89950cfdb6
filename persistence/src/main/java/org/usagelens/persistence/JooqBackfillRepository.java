package org.usagelens.persistence;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.usagelens.domain.model.BackfillCandidate;
import org.usagelens.domain.model.CategoryGuess;
import org.usagelens.domain.model.DetectionVersionCount;
import org.usagelens.domain.model.ProviderCheckRow;
import org.usagelens.domain.model.Redetection;
import org.usagelens.domain.model.StoredDetection;
import org.usagelens.domain.port.out.BackfillRepository;

/**
 * {@link BackfillRepository} on PostgreSQL. Candidates are read by keyset on the primary key; a batch is written by one
 * {@code UPDATE ... FROM unnest(arrays)} (one statement, so one short transaction, whatever the batch size), which
 * only touches rows that still hold the detection they were read with.
 */
public final class JooqBackfillRepository implements BackfillRepository {

    /** Rows the backfill may have to detect: not a client's, and without provider or of another rules version. */
    private static final String CANDIDATE = "detection_source IS DISTINCT FROM 'CLIENT'"
            + " AND (actual_provider_name IS NULL OR detection_rules_version IS DISTINCT FROM ?)";

    private static final String SELECT_CANDIDATES = "SELECT id, provider::text, model_used, endpoint,"
            + " actual_provider_name, detection_source, detection_rule, detection_rules_version, category_guessed, provider_hint"
            + " FROM api_usage_logs WHERE id > ? AND " + CANDIDATE + " ORDER BY id LIMIT ?";

    private static final String UPDATE_BATCH = "UPDATE api_usage_logs AS t SET actual_provider_name = v.provider,"
            + " detection_source = v.source, detection_rule = v.rule, detection_rules_version = v.version"
            + " FROM unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],"
            + " ?::text[]) AS v(id, provider, source, rule, version, old_provider, old_source, old_rule, old_version)"
            + " WHERE t.id = v.id AND ((v.old_provider IS NULL AND t.actual_provider_name IS NULL)"
            + " OR (t.actual_provider_name = v.old_provider"
            + " AND t.detection_source IS NOT DISTINCT FROM v.old_source"
            + " AND t.detection_rule IS NOT DISTINCT FROM v.old_rule"
            + " AND t.detection_rules_version IS NOT DISTINCT FROM v.old_version))"
            + " RETURNING t.id";

    private final DSLContext dsl;

    public JooqBackfillRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<BackfillCandidate> candidatesAfter(long afterId, String currentVersion, int limit) {
        return StoreErrors.translate(() -> dsl.fetch(SELECT_CANDIDATES, afterId, currentVersion, limit)
                .map(JooqBackfillRepository::candidate));
    }

    private static BackfillCandidate candidate(Record r) {
        String provider = r.get(4, String.class);
        StoredDetection stored = provider == null ? null
                : new StoredDetection(provider, r.get(5, String.class), r.get(6, String.class), r.get(7, String.class));
        CategoryGuess guess = Boolean.TRUE.equals(r.get(8, Boolean.class)) ? new CategoryGuess(r.get(9, String.class)) : null;
        return new BackfillCandidate(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class),
                r.get(3, String.class), stored, guess);
    }

    @Override
    public List<BackfillCandidate> undetected(int limit) {
        // ix_api_usage_logs_undetected (V5) holds exactly these rows, so this stays cheap on any table size.
        return StoreErrors.translate(() -> dsl.fetch("SELECT id, provider::text, model_used, endpoint,"
                        + " actual_provider_name, detection_source, detection_rule, detection_rules_version, category_guessed, provider_hint"
                        + " FROM api_usage_logs WHERE detection_source IS NULL ORDER BY id LIMIT ?", limit)
                .map(JooqBackfillRepository::candidate));
    }

    @Override
    public long countCandidates(String currentVersion) {
        return StoreErrors.translate(() -> dsl.fetchOne("SELECT count(*) FROM api_usage_logs WHERE " + CANDIDATE,
                currentVersion).get(0, Long.class));
    }

    @Override
    public List<Long> apply(List<Redetection> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        int n = batch.size();
        Long[] ids = new Long[n];
        String[][] text = new String[8][n];
        for (int i = 0; i < n; i++) {
            Redetection r = batch.get(i);
            ids[i] = r.id();
            StoredDetection d = r.detected();
            StoredDetection e = r.expected();
            text[0][i] = d.providerId();
            text[1][i] = d.source();
            text[2][i] = d.ruleId();
            text[3][i] = d.rulesVersion();
            text[4][i] = e == null ? null : e.providerId();
            text[5][i] = e == null ? null : e.source();
            text[6][i] = e == null ? null : e.ruleId();
            text[7][i] = e == null ? null : e.rulesVersion();
        }
        // Plain JDBC for the arrays; autocommit makes the one statement its own transaction.
        return StoreErrors.translate(() -> dsl.connectionResult(c -> update(c, ids, text)));
    }

    private static List<Long> update(Connection c, Long[] ids, String[][] text) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (Statement s = c.createStatement()) {
                // The commit need not wait for the WAL flush: a batch lost to a server crash is found again and redone
                // by the next run, like one the run never reached. LOCAL: the connection may be a pooled one of the
                // server, whose acknowledged writes must stay durable.
                s.execute("SET LOCAL synchronous_commit = off");
            }
            List<Long> written = updateBatch(c, ids, text);
            c.commit();
            return written;
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static List<Long> updateBatch(Connection c, Long[] ids, String[][] text) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(UPDATE_BATCH)) {
            List<Array> arrays = new ArrayList<>();
            arrays.add(c.createArrayOf("bigint", ids));
            for (String[] column : text) {
                arrays.add(c.createArrayOf("text", column));
            }
            for (int i = 0; i < arrays.size(); i++) {
                ps.setArray(i + 1, arrays.get(i));
            }
            List<Long> written = new ArrayList<>(ids.length);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    written.add(rs.getLong(1));
                }
            }
            return written;
        }
    }

    @Override
    public List<DetectionVersionCount> detectionVersions() {
        return StoreErrors.translate(() -> dsl.fetch("SELECT detection_rules_version, count(*),"
                        + " count(*) FILTER (WHERE actual_provider_name IS NULL) FROM api_usage_logs"
                        + " WHERE detection_source IS DISTINCT FROM 'CLIENT' GROUP BY detection_rules_version")
                .map(r -> new DetectionVersionCount(r.get(0, String.class), r.get(1, Long.class),
                        r.get(2, Long.class))));
    }

    @Override
    public List<ProviderCheckRow> providerCheck() {
        return StoreErrors.translate(() -> dsl.fetch("SELECT provider::text, actual_provider_name, model_used,"
                        + " count(*) FROM api_usage_logs GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS LAST, 3 NULLS LAST")
                .map(r -> new ProviderCheckRow(r.get(0, String.class), r.get(1, String.class), r.get(2, String.class),
                        r.get(3, Long.class))));
    }
}
