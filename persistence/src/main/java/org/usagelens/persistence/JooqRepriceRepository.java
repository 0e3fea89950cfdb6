package org.usagelens.persistence;

import static org.usagelens.persistence.jooq.Tables.API_USAGE_LOGS;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_REPRICE_CHANGES;
import static org.usagelens.persistence.jooq.Tables.API_USAGE_REPRICE_RUNS;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.usagelens.domain.model.CostSource;
import org.usagelens.domain.model.RepriceCandidate;
import org.usagelens.domain.model.Repricing;
import org.usagelens.domain.model.StoredCost;
import org.usagelens.domain.port.out.RepriceRepository;

/**
 * {@link RepriceRepository} on PostgreSQL. Candidates are read by keyset on the primary key; a batch is one statement:
 * the rows that still hold what was read are locked, updated, and their old values recorded as one row of
 * {@code api_usage_reprice_changes} (arrays: a few bytes a row), all in one short transaction.
 */
final class JooqRepriceRepository implements RepriceRepository {

    /** Rows judged against another catalog (or none), whose cost has a provenance. */
    private static final String CANDIDATE = "cost_source IS NOT NULL AND price_version IS DISTINCT FROM {0}";

    private static final String APPLY = """
            WITH v AS (
                SELECT * FROM unnest({0}::bigint[], {1}::text[], {2}::text[], {3}::text[], {4}::numeric[], {5}::numeric[],
                                     {6}::numeric[], {7}::numeric[], {8}::numeric[], {9}::text[], {10}::text[],
                                     {11}::numeric[])
                    AS v(id, expected_provider, expected_source, expected_version, expected_total, expected_catalog,
                         cost_input, cost_output, cost_total, cost_source, unpriced_reason, catalog_cost_total)),
            old AS (
                -- The rows that still hold what was read, locked, with their old values and the new ones beside them,
                -- so that no later step joins two CTEs: the planner estimates an unnest of parameters at a few rows
                -- and joined old to updated by a nested loop, quadratic in the batch (2,000 rows: 2 million comparisons).
                SELECT t.id, t.cost_input AS was_cost_input, t.cost_output AS was_cost_output,
                       t.cost_total AS was_cost_total, t.cost_source AS was_cost_source,
                       t.unpriced_reason AS was_unpriced_reason, t.price_version AS was_price_version,
                       t.catalog_cost_total AS was_catalog_cost_total,
                       v.cost_input, v.cost_output, v.cost_total, v.cost_source, v.unpriced_reason, v.catalog_cost_total
                FROM api_usage_logs t JOIN v ON t.id = v.id
                WHERE t.actual_provider_name IS NOT DISTINCT FROM v.expected_provider
                  AND t.cost_source IS NOT DISTINCT FROM v.expected_source
                  AND t.price_version IS NOT DISTINCT FROM v.expected_version
                  AND t.cost_total IS NOT DISTINCT FROM v.expected_total
                  AND t.catalog_cost_total IS NOT DISTINCT FROM v.expected_catalog
                ORDER BY t.id
                FOR UPDATE OF t),
            updated AS (
                UPDATE api_usage_logs t
                SET cost_input = o.cost_input, cost_output = o.cost_output, cost_total = o.cost_total,
                    cost_source = o.cost_source, unpriced_reason = o.unpriced_reason, price_version = {12},
                    catalog_cost_total = o.catalog_cost_total
                FROM old o
                WHERE t.id = o.id
                RETURNING t.id, o.was_cost_input, o.was_cost_output, o.was_cost_total, o.was_cost_source,
                          o.was_unpriced_reason, o.was_price_version, o.was_catalog_cost_total)
            INSERT INTO api_usage_reprice_changes (run_id, batch, ids, old_cost_input, old_cost_output, old_cost_total,
                                                   old_cost_source, old_unpriced_reason, old_price_version,
                                                   old_catalog_cost_total, new_price_version)
            SELECT {13}, {14}, array_agg(u.id ORDER BY u.id), array_agg(u.was_cost_input::text ORDER BY u.id),
                   array_agg(u.was_cost_output::text ORDER BY u.id), array_agg(u.was_cost_total::text ORDER BY u.id),
                   array_agg(u.was_cost_source ORDER BY u.id), array_agg(u.was_unpriced_reason ORDER BY u.id),
                   array_agg(u.was_price_version ORDER BY u.id), array_agg(u.was_catalog_cost_total::text ORDER BY u.id),
                   {12}
            FROM updated u
            HAVING count(*) > 0
            RETURNING cardinality(ids)""";

    private static final String REVERT = """
            WITH c AS (
                SELECT unnest(ids) AS id, unnest(old_cost_input) AS cost_input, unnest(old_cost_output) AS cost_output,
                       unnest(old_cost_total) AS cost_total, unnest(old_cost_source) AS cost_source,
                       unnest(old_unpriced_reason) AS unpriced_reason, unnest(old_price_version) AS price_version,
                       unnest(old_catalog_cost_total) AS catalog_cost_total, new_price_version
                FROM api_usage_reprice_changes WHERE run_id = {0} AND batch = {1}),
            restored AS (
                UPDATE api_usage_logs t
                SET cost_input = c.cost_input::numeric, cost_output = c.cost_output::numeric,
                    cost_total = c.cost_total::numeric, cost_source = c.cost_source, unpriced_reason = c.unpriced_reason,
                    price_version = c.price_version, catalog_cost_total = c.catalog_cost_total::numeric
                FROM c
                WHERE t.id = c.id AND t.price_version = c.new_price_version
                RETURNING t.id)
            SELECT (SELECT count(*) FROM restored), (SELECT count(*) FROM c)""";

    private final DSLContext dsl;

    JooqRepriceRepository(DSLContext dsl) {
        this.dsl = Objects.requireNonNull(dsl, "dsl");
    }

    @Override
    public List<RepriceCandidate> candidatesAfter(long afterId, String currentVersion, int limit) {
        var t = API_USAGE_LOGS;
        return StoreErrors.translate(() -> dsl.select(t.ID, t.ACTUAL_PROVIDER_NAME, t.MODEL_USED, t.TIMESTAMP,
                        t.TOKENS_INPUT, t.TOKENS_OUTPUT, t.UNITS, t.COST_INPUT, t.COST_OUTPUT, t.COST_TOTAL, t.COST_SOURCE,
                        t.UNPRICED_REASON, t.PRICE_VERSION, t.CATALOG_COST_TOTAL)
                .from(t)
                .where(t.ID.gt(afterId), DSL.condition(CANDIDATE, DSL.val(currentVersion)))
                .orderBy(t.ID)
                .limit(limit)
                .fetch(r -> new RepriceCandidate(r.get(t.ID), r.get(t.ACTUAL_PROVIDER_NAME), r.get(t.MODEL_USED),
                        r.get(t.TIMESTAMP).toInstant(), r.get(t.TOKENS_INPUT), r.get(t.TOKENS_OUTPUT),
                        UnitsJson.read(r.get(t.UNITS)), new StoredCost(r.get(t.COST_INPUT), r.get(t.COST_OUTPUT),
                        r.get(t.COST_TOTAL), CostSource.fromWireName(r.get(t.COST_SOURCE)).orElse(null),
                        r.get(t.UNPRICED_REASON), r.get(t.PRICE_VERSION), r.get(t.CATALOG_COST_TOTAL)))));
    }

    @Override
    public long countCandidates(String currentVersion) {
        return StoreErrors.translate(() -> (long) dsl.fetchCount(API_USAGE_LOGS,
                DSL.condition(CANDIDATE, DSL.val(currentVersion))));
    }

    @Override
    public void startRun(String runId, String priceVersion, Instant startedAt) {
        var r = API_USAGE_REPRICE_RUNS;
        StoreErrors.translate(() -> dsl.insertInto(r, r.RUN_ID, r.PRICE_VERSION, r.STARTED_AT)
                .values(runId, priceVersion, OffsetDateTime.ofInstant(startedAt, ZoneOffset.UTC)).execute());
    }

    @Override
    public int apply(String runId, int batch, String priceVersion, List<Repricing> repricings) {
        if (repricings.isEmpty()) {
            return 0;
        }
        int n = repricings.size();
        Long[] ids = new Long[n];
        String[] expectedProvider = new String[n];
        String[] expectedSource = new String[n];
        String[] expectedVersion = new String[n];
        BigDecimal[] expectedTotal = new BigDecimal[n];
        BigDecimal[] expectedCatalog = new BigDecimal[n];
        BigDecimal[] costInput = new BigDecimal[n];
        BigDecimal[] costOutput = new BigDecimal[n];
        BigDecimal[] costTotal = new BigDecimal[n];
        String[] costSource = new String[n];
        String[] reason = new String[n];
        BigDecimal[] catalog = new BigDecimal[n];
        for (int i = 0; i < n; i++) {
            Repricing r = repricings.get(i);
            ids[i] = r.id();
            expectedProvider[i] = r.expectedProvider();
            expectedSource[i] = r.expected().source() == null ? null : r.expected().source().wireName();
            expectedVersion[i] = r.expected().priceVersion();
            expectedTotal[i] = r.expected().costTotal();
            expectedCatalog[i] = r.expected().catalogCostTotal();
            costInput[i] = r.repriced().costInput();
            costOutput[i] = r.repriced().costOutput();
            costTotal[i] = r.repriced().costTotal();
            costSource[i] = r.repriced().source().wireName();
            reason[i] = r.repriced().unpricedReason();
            catalog[i] = r.repriced().catalogCostTotal();
        }
        var text = SQLDataType.VARCHAR.array();
        var numeric = SQLDataType.NUMERIC.array();
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            DSLContext tx = DSL.using(configuration);
            // A batch lost to a crash before its WAL is flushed is found again by the next run (its rows keep their
            // old version): the commit need not wait for the flush.
            tx.execute("SET LOCAL synchronous_commit = off");
            Record written = tx.fetchOne(APPLY, DSL.val(ids, SQLDataType.BIGINT.array()), DSL.val(expectedProvider, text),
                    DSL.val(expectedSource, text), DSL.val(expectedVersion, text), DSL.val(expectedTotal, numeric),
                    DSL.val(expectedCatalog, numeric), DSL.val(costInput, numeric), DSL.val(costOutput, numeric),
                    DSL.val(costTotal, numeric), DSL.val(costSource, text), DSL.val(reason, text),
                    DSL.val(catalog, numeric), DSL.val(priceVersion), DSL.val(runId), DSL.val(batch));
            return written == null ? 0 : written.get(0, Integer.class);
        }));
    }

    @Override
    public void finishRun(String runId, Instant finishedAt, long rowsChanged) {
        var r = API_USAGE_REPRICE_RUNS;
        StoreErrors.translate(() -> dsl.update(r).set(r.FINISHED_AT, OffsetDateTime.ofInstant(finishedAt, ZoneOffset.UTC))
                .set(r.ROWS_CHANGED, rowsChanged).where(r.RUN_ID.eq(runId)).execute());
    }

    @Override
    public Optional<Run> run(String runId) {
        var r = API_USAGE_REPRICE_RUNS;
        return StoreErrors.translate(() -> dsl.selectFrom(r).where(r.RUN_ID.eq(runId)).fetchOptional(x -> new Run(
                x.getRunId(), x.getPriceVersion(), x.getStartedAt().toInstant(),
                x.getFinishedAt() == null ? null : x.getFinishedAt().toInstant(), x.getRowsChanged(),
                x.getRevertedAt() == null ? null : x.getRevertedAt().toInstant())));
    }

    @Override
    public List<Integer> batches(String runId) {
        var c = API_USAGE_REPRICE_CHANGES;
        return StoreErrors.translate(() -> dsl.select(c.BATCH).from(c).where(c.RUN_ID.eq(runId)).orderBy(c.BATCH)
                .fetch(c.BATCH));
    }

    @Override
    public long[] revertBatch(String runId, int batch) {
        return StoreErrors.translate(() -> dsl.transactionResult(configuration -> {
            Record r = DSL.using(configuration).fetchOne(REVERT, DSL.val(runId), DSL.val(batch));
            long restored = r.get(0, Long.class);
            return new long[] {restored, r.get(1, Long.class) - restored};
        }));
    }

    @Override
    public void markReverted(String runId, Instant revertedAt) {
        var r = API_USAGE_REPRICE_RUNS;
        StoreErrors.translate(() -> dsl.update(r).set(r.REVERTED_AT, OffsetDateTime.ofInstant(revertedAt, ZoneOffset.UTC))
                .where(r.RUN_ID.eq(runId)).execute());
    }
}
