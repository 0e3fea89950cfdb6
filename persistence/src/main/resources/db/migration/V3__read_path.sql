-- What the read API needs to stay fast at 10 million rows, and no more: every index and trigger here
-- costs every insert (docs/BENCHMARKS.md measures both sides).

-- A provider-filtered page of one user, newest first (GET /usage-logs?provider=...).
CREATE INDEX ix_api_usage_logs_user_provider_time
    ON api_usage_logs (user_id, actual_provider_name, timestamp DESC, id DESC);

-- One user's billing period: filtered pages, and the month's analytics as an index-only scan that
-- already delivers each (provider, category)'s latencies in order for the percentiles. A heavy
-- user's rows are spread over the whole table (they arrive between everyone else's), so without
-- the included columns a month of analytics reads one heap page per ten rows.
CREATE INDEX ix_api_usage_logs_user_period
    ON api_usage_logs (user_id, billing_period, actual_provider_name, provider, response_time)
    INCLUDE (status_code, tokens_input, tokens_output, cost_total, timestamp);

-- Rows the original system left without a provider, attributed on read until the backfill fills
-- them; the partial index is empty, and free to maintain, once they are.
CREATE INDEX ix_api_usage_logs_user_undetected ON api_usage_logs (user_id) WHERE actual_provider_name IS NULL;

-- Row counts per user and the dimensions the usage-log filters use, so that total_count costs a few
-- dozen rows instead of a COUNT over up to millions. Kept exact by statement-level triggers in the
-- same transaction as every insert, update, delete and truncate of api_usage_logs, whoever runs
-- them (the server, the migration CLI's backfill, an operator's SQL). actual_provider_name is ''
-- for rows without one.
CREATE TABLE api_usage_log_counts (
    user_id              VARCHAR(100) NOT NULL,
    billing_period       VARCHAR(20)  NOT NULL,
    actual_provider_name VARCHAR(50)  NOT NULL,
    provider             VARCHAR(20)  NOT NULL,
    status_code          INTEGER      NOT NULL,
    calls                BIGINT       NOT NULL,
    CONSTRAINT pk_api_usage_log_counts
        PRIMARY KEY (user_id, billing_period, actual_provider_name, provider, status_code)
);

-- [jooq ignore start]
CREATE FUNCTION api_usage_log_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sorted, so that concurrent statements lock the counter rows they share in the same order.
    INSERT INTO api_usage_log_counts AS c
    SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*)
    FROM new_rows
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls;
    RETURN NULL;
END $$;

CREATE FUNCTION api_usage_log_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Only the net change per counter: an update that moves no row between counters writes nothing.
    INSERT INTO api_usage_log_counts AS c
    SELECT user_id, billing_period, provider_name, provider, status_code, sum(delta)
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, -1 AS delta
          FROM old_rows
          UNION ALL
          SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, 1
          FROM new_rows) moved
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(delta) <> 0
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls;
    RETURN NULL;
END $$;

CREATE FUNCTION api_usage_log_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE api_usage_log_counts c
    SET calls = c.calls - gone.calls
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, count(*) AS calls
          FROM old_rows
          GROUP BY 1, 2, 3, 4, 5
          ORDER BY 1, 2, 3, 4, 5) gone
    WHERE c.user_id = gone.user_id AND c.billing_period = gone.billing_period
      AND c.actual_provider_name = gone.provider_name AND c.provider = gone.provider
      AND c.status_code = gone.status_code;
    RETURN NULL;
END $$;

CREATE FUNCTION api_usage_log_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE api_usage_log_counts;
    RETURN NULL;
END $$;

CREATE TRIGGER tr_api_usage_logs_count_insert AFTER INSERT ON api_usage_logs
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION api_usage_log_counts_add();
CREATE TRIGGER tr_api_usage_logs_count_update AFTER UPDATE ON api_usage_logs
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION api_usage_log_counts_move();
CREATE TRIGGER tr_api_usage_logs_count_delete AFTER DELETE ON api_usage_logs
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION api_usage_log_counts_remove();
CREATE TRIGGER tr_api_usage_logs_count_truncate AFTER TRUNCATE ON api_usage_logs
    FOR EACH STATEMENT EXECUTE FUNCTION api_usage_log_counts_clear();

-- Rows already there (a database adopted from the original system). The triggers above hold the
-- table's lock from here to the commit, so no insert can slip between this count and them.
INSERT INTO api_usage_log_counts
SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*)
FROM api_usage_logs
GROUP BY 1, 2, 3, 4, 5;
-- [jooq ignore stop]
