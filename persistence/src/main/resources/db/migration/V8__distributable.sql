-- A schema that Citus can distribute by user_id, and that runs unchanged on one PostgreSQL:
--   * every unique key includes user_id: the logs' primary key becomes (user_id, id), the pending sketches' too;
--     the backfill's and re-pricing's walks by id keep an index of their own;
--   * the statement-level triggers keep V7's set-based statements but write into tables they are given: the rollup
--     tables themselves, or, when the trigger fires on a Citus shard, the co-located shards of the rollups on the same
--     node (Citus cannot run an INSERT ... SELECT from a transition table into another distributed table);
--   * a truncate clears the rollups from the table the statement named, never from its shards;
--   * latency compaction runs per user (all its statements on one shard group);
--   * retention (`usagelens-migrate retain`) deletes detail rows while the rollups keep their totals: its deletes
--     count the calls as retained instead of subtracting them.
-- Distributing the tables (create_distributed_table, co-located by user_id; the small global tables as reference
-- tables) is done by `usagelens-migrate migrate` after the migrations when the citus extension is installed
-- (CitusDistribution); these statements run before that, on plain tables.

-- [jooq ignore start]
-- As in V4: the writers' lock order (the logs, then the rollups in their trigger) before any other table.
LOCK TABLE api_usage_logs IN SHARE MODE;

-- The primary key: (user_id, id). An adopted database's key may carry another name; whatever it is called, it goes.
DO $$
DECLARE
    pk TEXT;
BEGIN
    SELECT conname INTO pk FROM pg_constraint WHERE conrelid = 'api_usage_logs'::regclass AND contype = 'p';
    IF pk IS NOT NULL THEN
        EXECUTE format('ALTER TABLE api_usage_logs DROP CONSTRAINT %I', pk);
    END IF;
    ALTER TABLE api_usage_logs ADD CONSTRAINT pk_api_usage_logs PRIMARY KEY (user_id, id);
END $$;

ALTER TABLE api_usage_log_latency_pending DROP CONSTRAINT pk_api_usage_log_latency_pending;
ALTER TABLE api_usage_log_latency_pending ADD CONSTRAINT pk_api_usage_log_latency_pending PRIMARY KEY (user_id, id);
-- [jooq ignore stop]

-- The backfill and re-pricing walk the rows by id (keyset batches), which the new primary key no longer leads.
CREATE INDEX ix_api_usage_logs_id ON api_usage_logs (id);

-- Calls a retention removed from the detail but kept in the rollup's totals: the rows of a group are its calls
-- minus these, at every moment (page counts use that; analytics use the totals).
ALTER TABLE api_usage_log_counts ADD COLUMN retained_calls BIGINT NOT NULL DEFAULT 0;
ALTER TABLE api_usage_log_days ADD COLUMN retained_calls BIGINT NOT NULL DEFAULT 0;

-- [jooq ignore start]
-- Where a statement's rollup rows go. On one PostgreSQL: the rollup tables. On Citus a statement on api_usage_logs runs
-- on each of its shards, and the trigger fires there, on a shard table holding one hash range of users; the rollup
-- rows of those users belong in the co-located shards of the rollup tables, on the same node, named by Citus. Writing
-- them there directly is one set-based statement per rollup, as on one PostgreSQL (a statement naming the distributed
-- table would be planned by Citus, and one INSERT ... SELECT from a transition table cannot be). pending_ids is the
-- sequence of the pending sketches' ids (a shard's column has no default). No rows, no tables.
CREATE FUNCTION usagelens_rollup_tables(logs_table NAME, any_user VARCHAR, OUT counts TEXT, OUT days TEXT,
                                        OUT pending TEXT, OUT pending_ids TEXT)
    LANGUAGE plpgsql STABLE AS $$
BEGIN
    IF any_user IS NULL THEN
        RETURN;
    END IF;
    pending_ids := pg_get_serial_sequence('api_usage_log_latency_pending', 'id');
    IF logs_table = 'api_usage_logs' THEN
        counts := 'api_usage_log_counts';
        days := 'api_usage_log_days';
        pending := 'api_usage_log_latency_pending';
    ELSE
        counts := shard_name('api_usage_log_counts', get_shard_id_for_distribution_column('api_usage_log_counts', any_user));
        days := shard_name('api_usage_log_days', get_shard_id_for_distribution_column('api_usage_log_days', any_user));
        pending := shard_name('api_usage_log_latency_pending',
                              get_shard_id_for_distribution_column('api_usage_log_latency_pending', any_user));
    END IF;
END $$;

-- The trigger functions are V7's, statement for statement, with the tables given by usagelens_rollup_tables.
CREATE OR REPLACE FUNCTION api_usage_log_counts_add() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    t RECORD;
BEGIN
    SELECT * INTO t FROM usagelens_rollup_tables(TG_TABLE_NAME, (SELECT user_id FROM new_rows LIMIT 1));
    IF t.counts IS NULL THEN
        RETURN NULL;
    END IF;
    -- Sorted, so that concurrent statements lock the rollup rows they share in the same order: the counters, then
    -- the days (compaction locks them in the same order).
    EXECUTE format($q$
        INSERT INTO %1$s AS c (user_id, billing_period, actual_provider_name, provider, status_code,
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
                          catalog_compared_cost = c.catalog_compared_cost + excluded.catalog_compared_cost$q$, t.counts);
    EXECUTE format($q$
        INSERT INTO %1$s AS d (user_id, billing_period, day, actual_provider_name, provider, model_used,
                               status_code, calls, tokens_input, tokens_output, cost_total, unpriced_calls,
                               catalog_priced_calls, catalog_cost_total, catalog_compared_cost,
                               units_cached_input_token, units_image, units_video_second,
                               units_audio_second, units_character, units_request)
        SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date, coalesce(actual_provider_name, ''),
               provider, coalesce(model_used, ''), status_code, count(*), coalesce(sum(tokens_input), 0),
               coalesce(sum(tokens_output), 0), coalesce(sum(cost_total), 0),
               count(*) FILTER (WHERE cost_source = 'unpriced'), count(catalog_cost_total),
               coalesce(sum(catalog_cost_total), 0),
               coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0),
               coalesce(sum(usagelens_unit(units, 'cached_input_token')), 0), coalesce(sum(usagelens_unit(units, 'image')), 0),
               coalesce(sum(usagelens_unit(units, 'video_second')), 0), coalesce(sum(usagelens_unit(units, 'audio_second')), 0),
               coalesce(sum(usagelens_unit(units, 'character')), 0), coalesce(sum(usagelens_unit(units, 'request')), 0)
        FROM new_rows
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (user_id, billing_period, day, actual_provider_name, provider, model_used, status_code)
            DO UPDATE SET calls = d.calls + excluded.calls, tokens_input = d.tokens_input + excluded.tokens_input,
                          tokens_output = d.tokens_output + excluded.tokens_output,
                          cost_total = d.cost_total + excluded.cost_total,
                          unpriced_calls = d.unpriced_calls + excluded.unpriced_calls,
                          catalog_priced_calls = d.catalog_priced_calls + excluded.catalog_priced_calls,
                          catalog_cost_total = d.catalog_cost_total + excluded.catalog_cost_total,
                          catalog_compared_cost = d.catalog_compared_cost + excluded.catalog_compared_cost,
                          units_cached_input_token = d.units_cached_input_token + excluded.units_cached_input_token,
                          units_image = d.units_image + excluded.units_image,
                          units_video_second = d.units_video_second + excluded.units_video_second,
                          units_audio_second = d.units_audio_second + excluded.units_audio_second,
                          units_character = d.units_character + excluded.units_character,
                          units_request = d.units_request + excluded.units_request$q$, t.days);
    EXECUTE format($q$
        INSERT INTO %1$s (id, user_id, billing_period, day, actual_provider_name, provider, model_used,
                          status_code, latency_buckets, latency_counts) OVERRIDING SYSTEM VALUE
        SELECT nextval(%2$L), sketches.*
        FROM (SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
                     array_agg(bucket ORDER BY bucket), array_agg(calls ORDER BY bucket)
              FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                           coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                           status_code, usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls
                    FROM new_rows
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) buckets
              GROUP BY 1, 2, 3, 4, 5, 6, 7) sketches$q$, t.pending, t.pending_ids);
    RETURN NULL;
END $f$;

CREATE OR REPLACE FUNCTION api_usage_log_counts_move() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    t RECORD;
BEGIN
    -- On Citus an update cannot move a row to another user's shard: any row names the shard's rollups.
    SELECT * INTO t FROM usagelens_rollup_tables(TG_TABLE_NAME,
                                                 coalesce((SELECT user_id FROM new_rows LIMIT 1),
                                                          (SELECT user_id FROM old_rows LIMIT 1)));
    IF t.counts IS NULL THEN
        RETURN NULL;
    END IF;
    -- Every counter group an updated row leaves or enters counts the change, even when its sums end
    -- where they were (a corrected latency, a moved timestamp): analytics cached on the change
    -- stamp must see it.
    EXECUTE format($q$
        INSERT INTO %1$s AS c (user_id, billing_period, actual_provider_name, provider, status_code,
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
                          catalog_compared_cost = c.catalog_compared_cost + excluded.catalog_compared_cost$q$, t.counts);
    -- A day group changes only when an update moves rows into or out of it or changes one of its sums.
    EXECUTE format($q$
        INSERT INTO %1$s AS d (user_id, billing_period, day, actual_provider_name, provider, model_used,
                               status_code, calls, tokens_input, tokens_output, cost_total, unpriced_calls,
                               catalog_priced_calls, catalog_cost_total, catalog_compared_cost,
                               units_cached_input_token, units_image, units_video_second,
                               units_audio_second, units_character, units_request)
        SELECT user_id, billing_period, day, provider_name, provider, model, status_code, sum(sign),
               sum(sign * tokens_in), sum(sign * tokens_out), sum(sign * cost), sum(sign * unpriced),
               sum(sign * catalog_priced), sum(sign * catalog_cost), sum(sign * compared_cost), sum(sign * cached),
               sum(sign * image), sum(sign * video), sum(sign * audio), sum(sign * chars), sum(sign * requests)
        FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                     coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                     status_code, -1 AS sign, coalesce(tokens_input, 0) AS tokens_in,
                     coalesce(tokens_output, 0) AS tokens_out, coalesce(cost_total, 0) AS cost,
                     coalesce((cost_source = 'unpriced')::int, 0) AS unpriced,
                     (catalog_cost_total IS NOT NULL)::int AS catalog_priced, coalesce(catalog_cost_total, 0) AS catalog_cost,
                     CASE WHEN catalog_cost_total IS NOT NULL THEN coalesce(cost_total, 0) ELSE 0 END AS compared_cost,
                     coalesce(usagelens_unit(units, 'cached_input_token'), 0) AS cached,
                     coalesce(usagelens_unit(units, 'image'), 0) AS image,
                     coalesce(usagelens_unit(units, 'video_second'), 0) AS video,
                     coalesce(usagelens_unit(units, 'audio_second'), 0) AS audio,
                     coalesce(usagelens_unit(units, 'character'), 0) AS chars,
                     coalesce(usagelens_unit(units, 'request'), 0) AS requests
              FROM old_rows
              UNION ALL
              SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date, coalesce(actual_provider_name, ''),
                     provider, coalesce(model_used, ''), status_code, 1, coalesce(tokens_input, 0),
                     coalesce(tokens_output, 0), coalesce(cost_total, 0), coalesce((cost_source = 'unpriced')::int, 0),
                     (catalog_cost_total IS NOT NULL)::int, coalesce(catalog_cost_total, 0),
                     CASE WHEN catalog_cost_total IS NOT NULL THEN coalesce(cost_total, 0) ELSE 0 END,
                     coalesce(usagelens_unit(units, 'cached_input_token'), 0), coalesce(usagelens_unit(units, 'image'), 0),
                     coalesce(usagelens_unit(units, 'video_second'), 0), coalesce(usagelens_unit(units, 'audio_second'), 0),
                     coalesce(usagelens_unit(units, 'character'), 0), coalesce(usagelens_unit(units, 'request'), 0)
              FROM new_rows) moved
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        HAVING sum(sign) <> 0 OR sum(sign * tokens_in) <> 0 OR sum(sign * tokens_out) <> 0 OR sum(sign * cost) <> 0
            OR sum(sign * unpriced) <> 0 OR sum(sign * catalog_priced) <> 0 OR sum(sign * catalog_cost) <> 0
            OR sum(sign * compared_cost) <> 0 OR sum(sign * cached) <> 0 OR sum(sign * image) <> 0
            OR sum(sign * video) <> 0 OR sum(sign * audio) <> 0 OR sum(sign * chars) <> 0 OR sum(sign * requests) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (user_id, billing_period, day, actual_provider_name, provider, model_used, status_code)
            DO UPDATE SET calls = d.calls + excluded.calls, tokens_input = d.tokens_input + excluded.tokens_input,
                          tokens_output = d.tokens_output + excluded.tokens_output,
                          cost_total = d.cost_total + excluded.cost_total,
                          unpriced_calls = d.unpriced_calls + excluded.unpriced_calls,
                          catalog_priced_calls = d.catalog_priced_calls + excluded.catalog_priced_calls,
                          catalog_cost_total = d.catalog_cost_total + excluded.catalog_cost_total,
                          catalog_compared_cost = d.catalog_compared_cost + excluded.catalog_compared_cost,
                          units_cached_input_token = d.units_cached_input_token + excluded.units_cached_input_token,
                          units_image = d.units_image + excluded.units_image,
                          units_video_second = d.units_video_second + excluded.units_video_second,
                          units_audio_second = d.units_audio_second + excluded.units_audio_second,
                          units_character = d.units_character + excluded.units_character,
                          units_request = d.units_request + excluded.units_request$q$, t.days);
    -- Only the buckets whose count changed: an update that moves no latency writes no pending sketch.
    EXECUTE format($q$
        INSERT INTO %1$s (id, user_id, billing_period, day, actual_provider_name, provider, model_used,
                          status_code, latency_buckets, latency_counts) OVERRIDING SYSTEM VALUE
        SELECT nextval(%2$L), sketches.*
        FROM (SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
                     array_agg(bucket ORDER BY bucket), array_agg(calls ORDER BY bucket)
              FROM (SELECT user_id, billing_period, day, provider_name, provider, model, status_code, bucket, sum(sign) AS calls
                    FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                                 coalesce(actual_provider_name, '') AS provider_name, provider,
                                 coalesce(model_used, '') AS model, status_code,
                                 usagelens_latency_bucket(response_time) AS bucket, -1 AS sign
                          FROM old_rows
                          UNION ALL
                          SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date,
                                 coalesce(actual_provider_name, ''), provider, coalesce(model_used, ''), status_code,
                                 usagelens_latency_bucket(response_time), 1
                          FROM new_rows) moved
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8
                    HAVING sum(sign) <> 0) buckets
              GROUP BY 1, 2, 3, 4, 5, 6, 7) sketches$q$, t.pending, t.pending_ids);
    RETURN NULL;
END $f$;

-- A delete subtracts its rows from the rollups, unless it is a retention's (its transaction set usagelens.retention
-- to 'on'): then the rollups keep their sums and sketches and count the calls as retained, so that a group's rows are
-- its calls minus its retained calls.
CREATE OR REPLACE FUNCTION api_usage_log_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $f$
DECLARE
    t RECORD;
BEGIN
    SELECT * INTO t FROM usagelens_rollup_tables(TG_TABLE_NAME, (SELECT user_id FROM old_rows LIMIT 1));
    IF t.counts IS NULL THEN
        RETURN NULL;
    END IF;
    IF coalesce(current_setting('usagelens.retention', true), '') = 'on' THEN
        EXECUTE format($q$
            UPDATE %1$s c
            SET retained_calls = c.retained_calls + gone.calls, changes = c.changes + 1
            FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider,
                         status_code, count(*) AS calls
                  FROM old_rows
                  GROUP BY 1, 2, 3, 4, 5
                  ORDER BY 1, 2, 3, 4, 5) gone
            WHERE c.user_id = gone.user_id AND c.billing_period = gone.billing_period
              AND c.actual_provider_name = gone.provider_name AND c.provider = gone.provider
              AND c.status_code = gone.status_code$q$, t.counts);
        EXECUTE format($q$
            UPDATE %1$s d
            SET retained_calls = d.retained_calls + gone.calls
            FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                         coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                         status_code, count(*) AS calls
                  FROM old_rows
                  GROUP BY 1, 2, 3, 4, 5, 6, 7
                  ORDER BY 1, 2, 3, 4, 5, 6, 7) gone
            WHERE d.user_id = gone.user_id AND d.billing_period = gone.billing_period AND d.day = gone.day
              AND d.actual_provider_name = gone.provider_name AND d.provider = gone.provider
              AND d.model_used = gone.model AND d.status_code = gone.status_code$q$, t.days);
        RETURN NULL;
    END IF;
    EXECUTE format($q$
        UPDATE %1$s c
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
          AND c.status_code = gone.status_code$q$, t.counts);
    EXECUTE format($q$
        UPDATE %1$s d
        SET calls = d.calls - gone.calls, tokens_input = d.tokens_input - gone.tokens_in,
            tokens_output = d.tokens_output - gone.tokens_out, cost_total = d.cost_total - gone.cost,
            unpriced_calls = d.unpriced_calls - gone.unpriced, catalog_priced_calls = d.catalog_priced_calls - gone.catalog_priced,
            catalog_cost_total = d.catalog_cost_total - gone.catalog_cost,
            catalog_compared_cost = d.catalog_compared_cost - gone.compared_cost,
            units_cached_input_token = d.units_cached_input_token - gone.cached, units_image = d.units_image - gone.image,
            units_video_second = d.units_video_second - gone.video, units_audio_second = d.units_audio_second - gone.audio,
            units_character = d.units_character - gone.chars, units_request = d.units_request - gone.requests
        FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                     coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                     status_code, count(*) AS calls, coalesce(sum(tokens_input), 0) AS tokens_in,
                     coalesce(sum(tokens_output), 0) AS tokens_out, coalesce(sum(cost_total), 0) AS cost,
                     count(*) FILTER (WHERE cost_source = 'unpriced') AS unpriced,
                     count(catalog_cost_total) AS catalog_priced, coalesce(sum(catalog_cost_total), 0) AS catalog_cost,
                     coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0) AS compared_cost,
                     coalesce(sum(usagelens_unit(units, 'cached_input_token')), 0) AS cached,
                     coalesce(sum(usagelens_unit(units, 'image')), 0) AS image,
                     coalesce(sum(usagelens_unit(units, 'video_second')), 0) AS video,
                     coalesce(sum(usagelens_unit(units, 'audio_second')), 0) AS audio,
                     coalesce(sum(usagelens_unit(units, 'character')), 0) AS chars,
                     coalesce(sum(usagelens_unit(units, 'request')), 0) AS requests
              FROM old_rows
              GROUP BY 1, 2, 3, 4, 5, 6, 7
              ORDER BY 1, 2, 3, 4, 5, 6, 7) gone
        WHERE d.user_id = gone.user_id AND d.billing_period = gone.billing_period AND d.day = gone.day
          AND d.actual_provider_name = gone.provider_name AND d.provider = gone.provider
          AND d.model_used = gone.model AND d.status_code = gone.status_code$q$, t.days);
    EXECUTE format($q$
        INSERT INTO %1$s (id, user_id, billing_period, day, actual_provider_name, provider, model_used,
                          status_code, latency_buckets, latency_counts) OVERRIDING SYSTEM VALUE
        SELECT nextval(%2$L), sketches.*
        FROM (SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
                     array_agg(bucket ORDER BY bucket), array_agg(-calls ORDER BY bucket)
              FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                           coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                           status_code, usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls
                    FROM old_rows
                    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) buckets
              GROUP BY 1, 2, 3, 4, 5, 6, 7) sketches$q$, t.pending, t.pending_ids);
    RETURN NULL;
END $f$;

-- On Citus, a TRUNCATE of the distributed table fires this trigger on the table itself (on the coordinator) and on
-- each of its shards; the rollups are cleared once, from the table itself (Citus then truncates their shards), and
-- never from a shard, where truncating another distributed table would reach every node from every shard.
CREATE OR REPLACE FUNCTION api_usage_log_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'api_usage_logs' THEN
        TRUNCATE api_usage_log_counts, api_usage_log_days, api_usage_log_latency_pending;
        UPDATE api_usage_log_epoch SET epoch = epoch + 1;
    END IF;
    RETURN NULL;
END $$;

-- Folds up to max_rows pending sketches of one user (oldest first) into the rollup rows' own and deletes them, in one
-- transaction (the caller's): a reader sees either the pending sketches or the merged ones, never both or neither.
-- Every statement names the user, so on Citus each runs on that user's shards alone. Rollup rows are locked in the
-- writers' order (the counters, then the days, each sorted by key) before any is changed, so compaction and writers
-- wait for each other instead of deadlocking; pending rows another compaction holds are skipped. Returns how many
-- pending rows were folded.
CREATE FUNCTION usagelens_compact_user_latency(for_user VARCHAR, max_rows INTEGER) RETURNS INTEGER
    LANGUAGE plpgsql AS $$
DECLARE
    taken BIGINT[];
BEGIN
    SELECT array_agg(id) INTO taken
    FROM (SELECT id FROM api_usage_log_latency_pending WHERE user_id = for_user
          ORDER BY id LIMIT max_rows FOR UPDATE SKIP LOCKED) oldest;
    IF taken IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM 1 FROM api_usage_log_counts c
    WHERE c.user_id = for_user
      AND (c.billing_period, c.actual_provider_name, c.provider, c.status_code) IN
          (SELECT billing_period, actual_provider_name, provider, status_code
           FROM api_usage_log_latency_pending WHERE user_id = for_user AND id = ANY (taken))
    ORDER BY c.billing_period, c.actual_provider_name, c.provider, c.status_code
    FOR UPDATE;
    PERFORM 1 FROM api_usage_log_days d
    WHERE d.user_id = for_user
      AND (d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code) IN
          (SELECT billing_period, day, actual_provider_name, provider, model_used, status_code
           FROM api_usage_log_latency_pending WHERE user_id = for_user AND id = ANY (taken))
    ORDER BY d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code
    FOR UPDATE;

    -- Each touched rollup row's sketch plus the pending ones, added bucket by bucket: set-based, so that a backlog
    -- (a bulk load leaves one pending sketch per group it wrote) costs one pass, not one merge per row.
    WITH taken_rows AS (
        SELECT * FROM api_usage_log_latency_pending WHERE user_id = for_user AND id = ANY (taken)
    ), touched AS (
        SELECT DISTINCT billing_period, actual_provider_name, provider, status_code FROM taken_rows
    ), entries AS (
        SELECT c.billing_period, c.actual_provider_name, c.provider, c.status_code, u.bucket, u.calls
        FROM api_usage_log_counts c
        JOIN touched t ON c.billing_period = t.billing_period AND c.actual_provider_name = t.actual_provider_name
                      AND c.provider = t.provider AND c.status_code = t.status_code
        CROSS JOIN LATERAL unnest(c.latency_buckets, c.latency_counts) AS u(bucket, calls)
        WHERE c.user_id = for_user
        UNION ALL
        SELECT p.billing_period, p.actual_provider_name, p.provider, p.status_code, u.bucket, u.calls
        FROM taken_rows p CROSS JOIN LATERAL unnest(p.latency_buckets, p.latency_counts) AS u(bucket, calls)
    ), merged AS (
        SELECT billing_period, actual_provider_name, provider, status_code, bucket, sum(calls)::bigint AS calls
        FROM entries GROUP BY 1, 2, 3, 4, 5 HAVING sum(calls) <> 0
    ), sketches AS (
        SELECT t.billing_period, t.actual_provider_name, t.provider, t.status_code,
               coalesce(array_agg(m.bucket ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS buckets,
               coalesce(array_agg(m.calls ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS counts
        FROM touched t
        LEFT JOIN merged m ON m.billing_period = t.billing_period AND m.actual_provider_name = t.actual_provider_name
                          AND m.provider = t.provider AND m.status_code = t.status_code
        GROUP BY 1, 2, 3, 4
    )
    UPDATE api_usage_log_counts c
    SET latency_buckets = s.buckets, latency_counts = s.counts
    FROM sketches s
    WHERE c.user_id = for_user AND c.billing_period = s.billing_period AND c.actual_provider_name = s.actual_provider_name
      AND c.provider = s.provider AND c.status_code = s.status_code;

    WITH taken_rows AS (
        SELECT * FROM api_usage_log_latency_pending WHERE user_id = for_user AND id = ANY (taken)
    ), touched AS (
        SELECT DISTINCT billing_period, day, actual_provider_name, provider, model_used, status_code FROM taken_rows
    ), entries AS (
        SELECT d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code, u.bucket, u.calls
        FROM api_usage_log_days d
        JOIN touched t ON d.billing_period = t.billing_period AND d.day = t.day
                      AND d.actual_provider_name = t.actual_provider_name AND d.provider = t.provider
                      AND d.model_used = t.model_used AND d.status_code = t.status_code
        CROSS JOIN LATERAL unnest(d.latency_buckets, d.latency_counts) AS u(bucket, calls)
        WHERE d.user_id = for_user
        UNION ALL
        SELECT p.billing_period, p.day, p.actual_provider_name, p.provider, p.model_used, p.status_code, u.bucket, u.calls
        FROM taken_rows p CROSS JOIN LATERAL unnest(p.latency_buckets, p.latency_counts) AS u(bucket, calls)
    ), merged AS (
        SELECT billing_period, day, actual_provider_name, provider, model_used, status_code, bucket,
               sum(calls)::bigint AS calls
        FROM entries GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(calls) <> 0
    ), sketches AS (
        SELECT t.billing_period, t.day, t.actual_provider_name, t.provider, t.model_used, t.status_code,
               coalesce(array_agg(m.bucket ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS buckets,
               coalesce(array_agg(m.calls ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS counts
        FROM touched t
        LEFT JOIN merged m ON m.billing_period = t.billing_period AND m.day = t.day
                          AND m.actual_provider_name = t.actual_provider_name AND m.provider = t.provider
                          AND m.model_used = t.model_used AND m.status_code = t.status_code
        GROUP BY 1, 2, 3, 4, 5, 6
    )
    UPDATE api_usage_log_days d
    SET latency_buckets = s.buckets, latency_counts = s.counts
    FROM sketches s
    WHERE d.user_id = for_user AND d.billing_period = s.billing_period AND d.day = s.day
      AND d.actual_provider_name = s.actual_provider_name AND d.provider = s.provider
      AND d.model_used = s.model_used AND d.status_code = s.status_code;

    DELETE FROM api_usage_log_latency_pending WHERE user_id = for_user AND id = ANY (taken);
    RETURN cardinality(taken);
END $$;

-- V7's compaction with V7's contract (folds up to max_rows pending sketches in one transaction, the caller's, and
-- returns how many), now user by user: every statement names one user, so on Citus each runs on that user's shards
-- alone (V7's set-based statements over all users cannot be planned across shards). Users are taken in user_id
-- order, as the writers lock their rollup rows, so compaction and writers wait for each other instead of deadlocking.
CREATE OR REPLACE FUNCTION usagelens_compact_latency(max_rows INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
    pending_user VARCHAR;
    folded INTEGER := 0;
BEGIN
    FOR pending_user IN SELECT DISTINCT user_id FROM api_usage_log_latency_pending ORDER BY user_id LOOP
        EXIT WHEN folded >= max_rows;
        folded := folded + usagelens_compact_user_latency(pending_user, max_rows - folded);
    END LOOP;
    RETURN folded;
END $$;
-- [jooq ignore stop]
