-- Provider analytics from rollups instead of the rows. A heavy user's month is ~83,000 rows; summing
-- them and grouping them by day cost more than the percentiles that do need the rows. The rollups
-- are kept exact by the same statement-level triggers as the counters, in the writer's transaction.

-- [jooq ignore start]
-- First of all, before any other table is locked: a writer holds api_usage_logs and then, in its
-- trigger, the counters; taking them in the other order could deadlock with it. Writers then wait
-- for the migration's commit; readers of api_usage_logs do not, readers of the counters do.
LOCK TABLE api_usage_logs IN SHARE MODE;
-- [jooq ignore stop]

-- The counters gain the sums the analytics shows (tokens as NUMERIC(38, 0): each row may hold up to 2^62,
-- a sum may not fit a BIGINT) and a change counter: every statement that inserts, updates or
-- deletes rows of a counter's group adds 1 to its `changes`, so the sum of `changes` over a user's
-- month grows with every committed write to that month (and may grow with a write that changes
-- nothing). It never shrinks, except by a truncate, which moves the epoch on: whatever deletes or
-- recounts counter rows in future must move the epoch on too, or a change stamp could repeat.
ALTER TABLE api_usage_log_counts ADD COLUMN tokens_input NUMERIC(38, 0) NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN tokens_output NUMERIC(38, 0) NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN cost_total NUMERIC NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_counts ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;

-- Calls and cost per user, billing period, actual provider ('' for none) and UTC day of the
-- timestamp: the analytics' daily series.
CREATE TABLE api_usage_log_daily (
    user_id              VARCHAR(100) NOT NULL,
    billing_period       VARCHAR(20)  NOT NULL,
    actual_provider_name VARCHAR(50)  NOT NULL,
    day                  DATE         NOT NULL,
    calls                BIGINT       NOT NULL,
    cost_total           NUMERIC      NOT NULL,
    CONSTRAINT pk_api_usage_log_daily PRIMARY KEY (user_id, billing_period, actual_provider_name, day)
);

-- How many times api_usage_logs was truncated: a truncate empties the counters, so their `changes`
-- start again from zero; a reader's change stamp is (epoch, sum of changes).
CREATE TABLE api_usage_log_epoch (
    epoch BIGINT NOT NULL
);

-- [jooq ignore start]
-- The lock taken above keeps every write out from here to the commit, so none can slip between the
-- recount below and the new trigger functions.
INSERT INTO api_usage_log_epoch (epoch) VALUES (0);

CREATE OR REPLACE FUNCTION api_usage_log_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sorted, so that concurrent statements lock the rollup rows they share in the same order.
    INSERT INTO api_usage_log_counts AS c (user_id, billing_period, actual_provider_name, provider, status_code,
                                           calls, tokens_input, tokens_output, cost_total, changes)
    SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*),
           coalesce(sum(tokens_input), 0), coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0), 1
    FROM new_rows
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls, tokens_input = c.tokens_input + excluded.tokens_input,
                      tokens_output = c.tokens_output + excluded.tokens_output,
                      cost_total = c.cost_total + excluded.cost_total, changes = c.changes + 1;
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
                                           calls, tokens_input, tokens_output, cost_total, changes)
    SELECT user_id, billing_period, provider_name, provider, status_code, sum(sign), sum(sign * tokens_in),
           sum(sign * tokens_out), sum(sign * cost), 1
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, -1 AS sign, coalesce(tokens_input, 0) AS tokens_in,
                 coalesce(tokens_output, 0) AS tokens_out, coalesce(cost_total, 0) AS cost
          FROM old_rows
          UNION ALL
          SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, 1,
                 coalesce(tokens_input, 0), coalesce(tokens_output, 0), coalesce(cost_total, 0)
          FROM new_rows) moved
    GROUP BY 1, 2, 3, 4, 5
    ORDER BY 1, 2, 3, 4, 5
    ON CONFLICT (user_id, billing_period, actual_provider_name, provider, status_code)
        DO UPDATE SET calls = c.calls + excluded.calls, tokens_input = c.tokens_input + excluded.tokens_input,
                      tokens_output = c.tokens_output + excluded.tokens_output,
                      cost_total = c.cost_total + excluded.cost_total, changes = c.changes + 1;
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
        changes = c.changes + 1
    FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                 status_code, count(*) AS calls, coalesce(sum(tokens_input), 0) AS tokens_in,
                 coalesce(sum(tokens_output), 0) AS tokens_out, coalesce(sum(cost_total), 0) AS cost
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

CREATE OR REPLACE FUNCTION api_usage_log_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE api_usage_log_counts, api_usage_log_daily;
    UPDATE api_usage_log_epoch SET epoch = epoch + 1;
    RETURN NULL;
END $$;

-- Rows already there, recounted with their sums.
TRUNCATE api_usage_log_counts;
INSERT INTO api_usage_log_counts (user_id, billing_period, actual_provider_name, provider, status_code, calls,
                                  tokens_input, tokens_output, cost_total, changes)
SELECT user_id, billing_period, coalesce(actual_provider_name, ''), provider, status_code, count(*),
       coalesce(sum(tokens_input), 0), coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0), 1
FROM api_usage_logs
GROUP BY 1, 2, 3, 4, 5;
INSERT INTO api_usage_log_daily (user_id, billing_period, actual_provider_name, day, calls, cost_total)
SELECT user_id, billing_period, coalesce(actual_provider_name, ''), (timestamp AT TIME ZONE 'UTC')::date, count(*),
       coalesce(sum(cost_total), 0)
FROM api_usage_logs
GROUP BY 1, 2, 3, 4;
-- [jooq ignore stop]
