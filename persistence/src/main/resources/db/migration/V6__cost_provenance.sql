-- What each call should have cost: the units it used, where its cost came from (the client, the price catalog,
-- or neither), why it is unpriced, the catalog version it was judged against, and what the catalog says it should
-- have cost (also beside a client's cost, so deviations show). Rows stored before this have no provenance (NULL):
-- their cost is what their writer reported.

-- [jooq ignore start]
-- As in V4: the writers' lock order (the logs, then the counters in their trigger) before any other table.
LOCK TABLE api_usage_logs IN SHARE MODE;
-- [jooq ignore stop]

ALTER TABLE api_usage_logs ADD COLUMN units JSONB;
ALTER TABLE api_usage_logs ADD COLUMN cost_source VARCHAR(8);
ALTER TABLE api_usage_logs ADD COLUMN unpriced_reason VARCHAR(20);
ALTER TABLE api_usage_logs ADD COLUMN price_version VARCHAR(20);
ALTER TABLE api_usage_logs ADD COLUMN catalog_cost_total NUMERIC;
ALTER TABLE api_usage_logs ADD CONSTRAINT ck_api_usage_logs_cost_source
    CHECK (cost_source IN ('client', 'catalog', 'unpriced'));
ALTER TABLE api_usage_logs ADD CONSTRAINT ck_api_usage_logs_unpriced
    CHECK ((cost_source = 'unpriced') = (unpriced_reason IS NOT NULL));

-- Re-pricing walks the rows the catalog priced (or could not) by id; this keeps that walk off the client's rows.
CREATE INDEX ix_api_usage_logs_catalog_cost ON api_usage_logs (id) WHERE cost_source IN ('catalog', 'unpriced');

-- The counters gain what the analytics say about prices: calls without a cost, and over the calls the catalog can
-- price, its figure beside the recorded one (the gap between what was logged and what the price list says).
ALTER TABLE api_usage_log_counts ADD COLUMN unpriced_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN catalog_priced_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN catalog_cost_total NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN catalog_compared_cost NUMERIC NOT NULL DEFAULT 0;

-- What `usagelens-migrate reprice` changed, one row per batch (the ids and the values they held), so that
-- `reprice --revert <run>` restores them exactly. Amounts are kept as their exact decimal text.
CREATE TABLE api_usage_reprice_runs (
    run_id         VARCHAR(40)  NOT NULL,
    started_at     TIMESTAMPTZ  NOT NULL,
    finished_at    TIMESTAMPTZ,
    price_version  VARCHAR(20)  NOT NULL,
    rows_changed   BIGINT       NOT NULL DEFAULT 0,
    reverted_at    TIMESTAMPTZ,
    CONSTRAINT pk_api_usage_reprice_runs PRIMARY KEY (run_id)
);

CREATE TABLE api_usage_reprice_changes (
    run_id                  VARCHAR(40) NOT NULL,
    batch                   INTEGER     NOT NULL,
    ids                     BIGINT[]    NOT NULL,
    old_cost_input          TEXT[]      NOT NULL,
    old_cost_output         TEXT[]      NOT NULL,
    old_cost_total          TEXT[]      NOT NULL,
    old_cost_source         TEXT[]      NOT NULL,
    old_unpriced_reason     TEXT[]      NOT NULL,
    old_price_version       TEXT[]      NOT NULL,
    old_catalog_cost_total  TEXT[]      NOT NULL,
    new_price_version       VARCHAR(20) NOT NULL,
    CONSTRAINT pk_api_usage_reprice_changes PRIMARY KEY (run_id, batch),
    CONSTRAINT fk_api_usage_reprice_changes_run FOREIGN KEY (run_id) REFERENCES api_usage_reprice_runs (run_id)
);

-- [jooq ignore start]
CREATE OR REPLACE FUNCTION api_usage_log_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sorted, so that concurrent statements lock the rollup rows they share in the same order.
    INSERT INTO api_usage_log_counts AS c (user_id, billing_period, actual_provider_name, provider, status_code,
                                           calls, tokens_input, tokens_output, cost_total, changes, unpriced_calls,
                                           catalog_priced_calls, catalog_cost_total, catalog_compared_cost)
    SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*),
           coalesce(sum(tokens_input), 0), coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0), 1,
           count(*) FILTER (WHERE cost_source = 'unpriced'), count(catalog_cost_total),
           coalesce(sum(catalog_cost_total), 0),
           coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0)
    FROM new_rows
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls, tokens_input = c.tokens_input + excluded.tokens_input,
                      tokens_output = c.tokens_output + excluded.tokens_output,
                      cost_total = c.cost_total + excluded.cost_total, changes = c.changes + 1,
                      unpriced_calls = c.unpriced_calls + excluded.unpriced_calls,
                      catalog_priced_calls = c.catalog_priced_calls + excluded.catalog_priced_calls,
                      catalog_cost_total = c.catalog_cost_total + excluded.catalog_cost_total,
                      catalog_compared_cost = c.catalog_compared_cost + excluded.catalog_compared_cost;
    INSERT INTO api_usage_log_daily AS d (user_id, billing_period, actual_provider_name, day, calls, cost_total)
    SELECT user_id, billing_period, coalesce(actual_provider_name, ''), (timestamp AT TIME ZONE 'UTC')::date,
           count(*), coalesce(sum(cost_total), 0)
    FROM new_rows
    GROUP BY 1, 2, 3, 4
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (user_id, billing_period, actual_provider_name, day)
        DO UPDATE SET calls = d.calls + excluded.calls, cost_total = d.cost_total + excluded.cost_total;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION api_usage_log_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Every counter group an updated row leaves or enters counts the change, even when its sums end
    -- where they were (a corrected latency, a moved timestamp): analytics cached on the change
    -- stamp must see it.
    INSERT INTO api_usage_log_counts AS c (user_id, billing_period, actual_provider_name, provider, status_code,
                                           calls, tokens_input, tokens_output, cost_total, changes, unpriced_calls,
                                           catalog_priced_calls, catalog_cost_total, catalog_compared_cost)
    SELECT user_id, billing_period, provider_name, provider, status_code, sum(sign), sum(sign * tokens_in),
           sum(sign * tokens_out), sum(sign * cost), 1, sum(sign * unpriced), sum(sign * catalog_priced),
           sum(sign * catalog_cost), sum(sign * compared_cost)
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, -1 AS sign, coalesce(tokens_input, 0) AS tokens_in,
                 coalesce(tokens_output, 0) AS tokens_out, coalesce(cost_total, 0) AS cost,
                 coalesce((cost_source = 'unpriced')::int, 0) AS unpriced, (catalog_cost_total IS NOT NULL)::int AS catalog_priced,
                 coalesce(catalog_cost_total, 0) AS catalog_cost,
                 CASE WHEN catalog_cost_total IS NOT NULL THEN coalesce(cost_total, 0) ELSE 0 END AS compared_cost
          FROM old_rows
          UNION ALL
          SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, 1,
                 coalesce(tokens_input, 0), coalesce(tokens_output, 0), coalesce(cost_total, 0),
                 coalesce((cost_source = 'unpriced')::int, 0), (catalog_cost_total IS NOT NULL)::int,
                 coalesce(catalog_cost_total, 0),
                 CASE WHEN catalog_cost_total IS NOT NULL THEN coalesce(cost_total, 0) ELSE 0 END
          FROM new_rows) moved
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls, tokens_input = c.tokens_input + excluded.tokens_input,
                      tokens_output = c.tokens_output + excluded.tokens_output,
                      cost_total = c.cost_total + excluded.cost_total, changes = c.changes + 1,
                      unpriced_calls = c.unpriced_calls + excluded.unpriced_calls,
                      catalog_priced_calls = c.catalog_priced_calls + excluded.catalog_priced_calls,
                      catalog_cost_total = c.catalog_cost_total + excluded.catalog_cost_total,
                      catalog_compared_cost = c.catalog_compared_cost + excluded.catalog_compared_cost;
    -- The daily series changes only when a row moves between days or providers, or its cost changes.
    INSERT INTO api_usage_log_daily AS d (user_id, billing_period, actual_provider_name, day, calls, cost_total)
    SELECT user_id, billing_period, provider_name, day, sum(sign), sum(sign * cost)
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name,
                 (timestamp AT TIME ZONE 'UTC')::date AS day, -1 AS sign, coalesce(cost_total, 0) AS cost
          FROM old_rows
          UNION ALL
          SELECT user_id, billing_period, coalesce(actual_provider_name, ''), (timestamp AT TIME ZONE 'UTC')::date,
                 1, coalesce(cost_total, 0)
          FROM new_rows) moved
    GROUP BY 1, 2, 3, 4
    HAVING sum(sign) <> 0 OR sum(sign * cost) <> 0
    ORDER BY 1, 2, 3, 4
    ON CONFLICT (user_id, billing_period, actual_provider_name, day)
        DO UPDATE SET calls = d.calls + excluded.calls, cost_total = d.cost_total + excluded.cost_total;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION api_usage_log_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_usage_log_counts c
    SET calls = c.calls - gone.calls, tokens_input = c.tokens_input - gone.tokens_in,
        tokens_output = c.tokens_output - gone.tokens_out, cost_total = c.cost_total - gone.cost,
        changes = c.changes + 1, unpriced_calls = c.unpriced_calls - gone.unpriced,
        catalog_priced_calls = c.catalog_priced_calls - gone.catalog_priced,
        catalog_cost_total = c.catalog_cost_total - gone.catalog_cost,
        catalog_compared_cost = c.catalog_compared_cost - gone.compared_cost
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, count(*) AS calls, coalesce(sum(tokens_input), 0) AS tokens_in,
                 coalesce(sum(tokens_output), 0) AS tokens_out, coalesce(sum(cost_total), 0) AS cost,
                 count(*) FILTER (WHERE cost_source = 'unpriced') AS unpriced,
                 count(catalog_cost_total) AS catalog_priced, coalesce(sum(catalog_cost_total), 0) AS catalog_cost,
                 coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0) AS compared_cost
          FROM old_rows
          GROUP BY 1, 2, 3, 4, 5
          ORDER BY 1, 2, 3, 4, 5) gone
    WHERE c.user_id = gone.user_id AND c.billing_period = gone.billing_period
      AND c.actual_provider_name = gone.provider_name AND c.provider = gone.provider
      AND c.status_code = gone.status_code;
    UPDATE api_usage_log_daily d
    SET calls = d.calls - gone.calls, cost_total = d.cost_total - gone.cost
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name,
                 (timestamp AT TIME ZONE 'UTC')::date AS day, count(*) AS calls,
                 coalesce(sum(cost_total), 0) AS cost
          FROM old_rows
          GROUP BY 1, 2, 3, 4
          ORDER BY 1, 2, 3, 4) gone
    WHERE d.user_id = gone.user_id AND d.billing_period = gone.billing_period
      AND d.actual_provider_name = gone.provider_name AND d.day = gone.day;
    RETURN NULL;
END $$;
-- [jooq ignore stop]
