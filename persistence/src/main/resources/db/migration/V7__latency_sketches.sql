-- Analytics whose cost does not grow with the month: latency sketches in the rollups, and a day-grain rollup that
-- answers every filter the analytics take (provider, category, model, status code, UTC day).
--
-- A latency sketch counts calls per logarithmic bucket: bucket b holds the latencies in (1.02^(b-1), 1.02^b]
-- seconds, so the value 2 * 1.02^b / 2.02 stands for each of them within 1/101 (< 1%) of its own value, and any
-- percentile read from merged sketches is within that relative error of the exact one (the estimate interpolates
-- between ranks as percentile_cont does). Latencies of 0 or below are bucket -2147483648 (read as 0); infinite
-- and NaN ones are bucket 2147483647 (read as +Infinity), where PostgreSQL sorts them. A sketch is two arrays,
-- buckets ascending and their counts, never a zero count. Sketches merge by adding counts bucket by bucket, so
-- the sketch of any set of rollup rows is the sketch of their calls.
--
-- Merging two arrays costs far more in SQL than adding to a sum (about 250 us for a few hundred buckets, measured
-- on PostgreSQL 15), too much for every batch, so writers do not merge: the same statement-level triggers that
-- keep the sums exact append each statement's sketch, per day-grain group, to api_usage_log_latency_pending.
-- Compaction (UsageLens's server, in the background) moves pending sketches into the rollup rows' own sketches in
-- one transaction. A reader takes a rollup row's sketch plus the pending ones of its group, from one snapshot, so
-- what it reads is exact whether or not compaction has run.

-- [jooq ignore start]
-- As in V4: the writers' lock order (the logs, then the rollups in their trigger) before any other table.
LOCK TABLE api_usage_logs IN SHARE MODE;

CREATE FUNCTION usagelens_latency_bucket(seconds DOUBLE PRECISION) RETURNS INTEGER
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT CASE WHEN seconds > 0 AND seconds < 'Infinity' THEN ceil(ln(seconds) / ln(1.02::float8))::integer
                WHEN seconds > 0 OR seconds = 'NaN' THEN 2147483647
                ELSE -2147483648 END
$$;

-- A unit's quantity in a call's units, when it is a JSON number (other writers may write anything there).
CREATE FUNCTION usagelens_unit(units JSONB, unit TEXT) RETURNS NUMERIC
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN jsonb_typeof(units -> unit) = 'number' THEN (units ->> unit)::numeric END
$$;
-- [jooq ignore stop]

ALTER TABLE api_usage_log_counts ADD COLUMN latency_buckets INTEGER[] NOT NULL DEFAULT '{}';
ALTER TABLE api_usage_log_counts ADD COLUMN latency_counts BIGINT[] NOT NULL DEFAULT '{}';

-- Per user, billing period, UTC day of the timestamp, actual provider ('' for none), category, model ('' for none)
-- and status code: what the counters hold, plus the units each price is quoted in (recommendations price the same
-- units elsewhere; prices change from one UTC day to the next, never within one).
CREATE TABLE api_usage_log_days (
    user_id                  VARCHAR(100) NOT NULL,
    billing_period           VARCHAR(20)  NOT NULL,
    day                      DATE         NOT NULL,
    actual_provider_name     VARCHAR(50)  NOT NULL,
    provider                 VARCHAR(20)  NOT NULL,
    model_used               VARCHAR(100) NOT NULL,
    status_code              INTEGER      NOT NULL,
    calls                    BIGINT       NOT NULL,
    tokens_input             NUMERIC(38, 0) NOT NULL,
    tokens_output            NUMERIC(38, 0) NOT NULL,
    cost_total               NUMERIC      NOT NULL,
    unpriced_calls           BIGINT       NOT NULL,
    catalog_priced_calls     BIGINT       NOT NULL,
    catalog_cost_total       NUMERIC      NOT NULL,
    catalog_compared_cost    NUMERIC      NOT NULL,
    units_cached_input_token NUMERIC      NOT NULL,
    units_image              NUMERIC      NOT NULL,
    units_video_second       NUMERIC      NOT NULL,
    units_audio_second       NUMERIC      NOT NULL,
    units_character          NUMERIC      NOT NULL,
    units_request            NUMERIC      NOT NULL,
    latency_buckets          INTEGER[]    NOT NULL DEFAULT '{}',
    latency_counts           BIGINT[]     NOT NULL DEFAULT '{}',
    CONSTRAINT pk_api_usage_log_days
        PRIMARY KEY (user_id, billing_period, day, actual_provider_name, provider, model_used, status_code)
);

-- Windows of days across billing periods (the dashboard's last 30 days).
CREATE INDEX ix_api_usage_log_days_user_day ON api_usage_log_days (user_id, day);

-- Sketches written since the last compaction, one row per statement and day-grain group; counts are negative for
-- calls a statement removed from the group (a delete, or an update that moved them).
CREATE TABLE api_usage_log_latency_pending (
    id                   BIGINT GENERATED ALWAYS AS IDENTITY,
    user_id              VARCHAR(100) NOT NULL,
    billing_period       VARCHAR(20)  NOT NULL,
    day                  DATE         NOT NULL,
    actual_provider_name VARCHAR(50)  NOT NULL,
    provider             VARCHAR(20)  NOT NULL,
    model_used           VARCHAR(100) NOT NULL,
    status_code          INTEGER      NOT NULL,
    latency_buckets      INTEGER[]    NOT NULL,
    latency_counts       BIGINT[]     NOT NULL,
    CONSTRAINT pk_api_usage_log_latency_pending PRIMARY KEY (id)
);

CREATE INDEX ix_api_usage_log_latency_pending_user ON api_usage_log_latency_pending (user_id, billing_period);

-- The day-grain rollup replaces V4's daily one (calls and cost per provider and day), which it contains.
DROP TABLE api_usage_log_daily;

-- [jooq ignore start]
CREATE OR REPLACE FUNCTION api_usage_log_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- Sorted, so that concurrent statements lock the rollup rows they share in the same order: the counters, then
    -- the days (compaction locks them in the same order).
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
    INSERT INTO api_usage_log_days AS d (user_id, billing_period, day, actual_provider_name, provider, model_used,
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
                      units_request = d.units_request + excluded.units_request;
    INSERT INTO api_usage_log_latency_pending (user_id, billing_period, day, actual_provider_name, provider, model_used,
                                               status_code, latency_buckets, latency_counts)
    SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
           array_agg(bucket ORDER BY bucket), array_agg(calls ORDER BY bucket)
    FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                 coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                 status_code, usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls
          FROM new_rows
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) buckets
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
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
    -- A day group changes only when an update moves rows into or out of it or changes one of its sums.
    INSERT INTO api_usage_log_days AS d (user_id, billing_period, day, actual_provider_name, provider, model_used,
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
                      units_request = d.units_request + excluded.units_request;
    -- Only the buckets whose count changed: an update that moves no latency writes no pending sketch.
    INSERT INTO api_usage_log_latency_pending (user_id, billing_period, day, actual_provider_name, provider, model_used,
                                               status_code, latency_buckets, latency_counts)
    SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
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
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
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
    UPDATE api_usage_log_days d
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
      AND d.model_used = gone.model AND d.status_code = gone.status_code;
    INSERT INTO api_usage_log_latency_pending (user_id, billing_period, day, actual_provider_name, provider, model_used,
                                               status_code, latency_buckets, latency_counts)
    SELECT user_id, billing_period, day, provider_name, provider, model, status_code,
           array_agg(bucket ORDER BY bucket), array_agg(-calls ORDER BY bucket)
    FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
                 coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
                 status_code, usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls
          FROM old_rows
          GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) buckets
    GROUP BY 1, 2, 3, 4, 5, 6, 7;
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION api_usage_log_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE api_usage_log_counts, api_usage_log_days, api_usage_log_latency_pending;
    UPDATE api_usage_log_epoch SET epoch = epoch + 1;
    RETURN NULL;
END $$;

-- Folds up to max_rows pending sketches (oldest first) into the rollup rows' own and deletes them, in one transaction
-- (the caller's): a reader sees either the pending sketches or the merged ones, never both or neither. Rollup rows
-- are locked in the writers' order (the counters, then the days, each sorted by key) before any is changed, so
-- compaction and writers wait for each other instead of deadlocking; pending rows another compaction holds are
-- skipped. Returns how many pending rows were folded.
CREATE FUNCTION usagelens_compact_latency(max_rows INTEGER) RETURNS INTEGER LANGUAGE plpgsql AS $$
DECLARE
    taken BIGINT[];
BEGIN
    SELECT array_agg(id) INTO taken
    FROM (SELECT id FROM api_usage_log_latency_pending ORDER BY id LIMIT max_rows FOR UPDATE SKIP LOCKED) oldest;
    IF taken IS NULL THEN
        RETURN 0;
    END IF;
    PERFORM 1 FROM api_usage_log_counts c
    WHERE (c.user_id, c.billing_period, c.actual_provider_name, c.provider, c.status_code) IN
          (SELECT user_id, billing_period, actual_provider_name, provider, status_code
           FROM api_usage_log_latency_pending WHERE id = ANY (taken))
    ORDER BY c.user_id, c.billing_period, c.actual_provider_name, c.provider, c.status_code
    FOR UPDATE;
    PERFORM 1 FROM api_usage_log_days d
    WHERE (d.user_id, d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code) IN
          (SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code
           FROM api_usage_log_latency_pending WHERE id = ANY (taken))
    ORDER BY d.user_id, d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code
    FOR UPDATE;

    -- Each touched rollup row's sketch plus the pending ones, added bucket by bucket: set-based, so that a backlog
    -- (a bulk load leaves one pending sketch per group it wrote) costs one pass, not one merge per row.
    WITH taken_rows AS (
        SELECT * FROM api_usage_log_latency_pending WHERE id = ANY (taken)
    ), touched AS (
        SELECT DISTINCT user_id, billing_period, actual_provider_name, provider, status_code FROM taken_rows
    ), entries AS (
        SELECT c.user_id, c.billing_period, c.actual_provider_name, c.provider, c.status_code, u.bucket, u.calls
        FROM api_usage_log_counts c
        JOIN touched t ON c.user_id = t.user_id AND c.billing_period = t.billing_period
                      AND c.actual_provider_name = t.actual_provider_name AND c.provider = t.provider
                      AND c.status_code = t.status_code
        CROSS JOIN LATERAL unnest(c.latency_buckets, c.latency_counts) AS u(bucket, calls)
        UNION ALL
        SELECT p.user_id, p.billing_period, p.actual_provider_name, p.provider, p.status_code, u.bucket, u.calls
        FROM taken_rows p CROSS JOIN LATERAL unnest(p.latency_buckets, p.latency_counts) AS u(bucket, calls)
    ), merged AS (
        SELECT user_id, billing_period, actual_provider_name, provider, status_code, bucket, sum(calls)::bigint AS calls
        FROM entries GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(calls) <> 0
    ), sketches AS (
        SELECT t.user_id, t.billing_period, t.actual_provider_name, t.provider, t.status_code,
               coalesce(array_agg(m.bucket ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS buckets,
               coalesce(array_agg(m.calls ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS counts
        FROM touched t
        LEFT JOIN merged m ON m.user_id = t.user_id AND m.billing_period = t.billing_period
                          AND m.actual_provider_name = t.actual_provider_name AND m.provider = t.provider
                          AND m.status_code = t.status_code
        GROUP BY 1, 2, 3, 4, 5
    )
    UPDATE api_usage_log_counts c
    SET latency_buckets = s.buckets, latency_counts = s.counts
    FROM sketches s
    WHERE c.user_id = s.user_id AND c.billing_period = s.billing_period AND c.actual_provider_name = s.actual_provider_name
      AND c.provider = s.provider AND c.status_code = s.status_code;

    WITH taken_rows AS (
        SELECT * FROM api_usage_log_latency_pending WHERE id = ANY (taken)
    ), touched AS (
        SELECT DISTINCT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code
        FROM taken_rows
    ), entries AS (
        SELECT d.user_id, d.billing_period, d.day, d.actual_provider_name, d.provider, d.model_used, d.status_code,
               u.bucket, u.calls
        FROM api_usage_log_days d
        JOIN touched t ON d.user_id = t.user_id AND d.billing_period = t.billing_period AND d.day = t.day
                      AND d.actual_provider_name = t.actual_provider_name AND d.provider = t.provider
                      AND d.model_used = t.model_used AND d.status_code = t.status_code
        CROSS JOIN LATERAL unnest(d.latency_buckets, d.latency_counts) AS u(bucket, calls)
        UNION ALL
        SELECT p.user_id, p.billing_period, p.day, p.actual_provider_name, p.provider, p.model_used, p.status_code,
               u.bucket, u.calls
        FROM taken_rows p CROSS JOIN LATERAL unnest(p.latency_buckets, p.latency_counts) AS u(bucket, calls)
    ), merged AS (
        SELECT user_id, billing_period, day, actual_provider_name, provider, model_used, status_code, bucket,
               sum(calls)::bigint AS calls
        FROM entries GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(calls) <> 0
    ), sketches AS (
        SELECT t.user_id, t.billing_period, t.day, t.actual_provider_name, t.provider, t.model_used, t.status_code,
               coalesce(array_agg(m.bucket ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS buckets,
               coalesce(array_agg(m.calls ORDER BY m.bucket) FILTER (WHERE m.bucket IS NOT NULL), '{}') AS counts
        FROM touched t
        LEFT JOIN merged m ON m.user_id = t.user_id AND m.billing_period = t.billing_period AND m.day = t.day
                          AND m.actual_provider_name = t.actual_provider_name AND m.provider = t.provider
                          AND m.model_used = t.model_used AND m.status_code = t.status_code
        GROUP BY 1, 2, 3, 4, 5, 6, 7
    )
    UPDATE api_usage_log_days d
    SET latency_buckets = s.buckets, latency_counts = s.counts
    FROM sketches s
    WHERE d.user_id = s.user_id AND d.billing_period = s.billing_period AND d.day = s.day
      AND d.actual_provider_name = s.actual_provider_name AND d.provider = s.provider
      AND d.model_used = s.model_used AND d.status_code = s.status_code;

    DELETE FROM api_usage_log_latency_pending WHERE id = ANY (taken);
    RETURN cardinality(taken);
END $$;

-- Rows already there: the day rollup and the counters' sketches, computed from them (compacted, nothing pending).
INSERT INTO api_usage_log_days (user_id, billing_period, day, actual_provider_name, provider, model_used, status_code,
                                calls, tokens_input, tokens_output, cost_total, unpriced_calls, catalog_priced_calls,
                                catalog_cost_total, catalog_compared_cost, units_cached_input_token, units_image,
                                units_video_second, units_audio_second, units_character, units_request,
                                latency_buckets, latency_counts)
SELECT user_id, billing_period, day, provider_name, provider, model, status_code, sum(calls), sum(tokens_in),
       sum(tokens_out), sum(cost), sum(unpriced), sum(catalog_priced), sum(catalog_cost), sum(compared_cost),
       sum(cached), sum(image), sum(video), sum(audio), sum(chars), sum(requests),
       array_agg(bucket ORDER BY bucket), array_agg(calls ORDER BY bucket)
FROM (SELECT user_id, billing_period, (timestamp AT TIME ZONE 'UTC')::date AS day,
             coalesce(actual_provider_name, '') AS provider_name, provider, coalesce(model_used, '') AS model,
             status_code, usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls,
             coalesce(sum(tokens_input), 0) AS tokens_in, coalesce(sum(tokens_output), 0) AS tokens_out,
             coalesce(sum(cost_total), 0) AS cost, count(*) FILTER (WHERE cost_source = 'unpriced') AS unpriced,
             count(catalog_cost_total) AS catalog_priced, coalesce(sum(catalog_cost_total), 0) AS catalog_cost,
             coalesce(sum(cost_total) FILTER (WHERE catalog_cost_total IS NOT NULL), 0) AS compared_cost,
             coalesce(sum(usagelens_unit(units, 'cached_input_token')), 0) AS cached,
             coalesce(sum(usagelens_unit(units, 'image')), 0) AS image,
             coalesce(sum(usagelens_unit(units, 'video_second')), 0) AS video,
             coalesce(sum(usagelens_unit(units, 'audio_second')), 0) AS audio,
             coalesce(sum(usagelens_unit(units, 'character')), 0) AS chars,
             coalesce(sum(usagelens_unit(units, 'request')), 0) AS requests
      FROM api_usage_logs
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8) buckets
GROUP BY 1, 2, 3, 4, 5, 6, 7;

UPDATE api_usage_log_counts c
SET latency_buckets = s.buckets, latency_counts = s.counts
FROM (SELECT user_id, billing_period, provider_name, provider, status_code,
             array_agg(bucket ORDER BY bucket) AS buckets, array_agg(calls ORDER BY bucket) AS counts
      FROM (SELECT user_id, billing_period, coalesce(actual_provider_name, '') AS provider_name, provider, status_code,
                   usagelens_latency_bucket(response_time) AS bucket, count(*) AS calls
            FROM api_usage_logs
            GROUP BY 1, 2, 3, 4, 5, 6) buckets
      GROUP BY 1, 2, 3, 4, 5) s
WHERE c.user_id = s.user_id AND c.billing_period = s.billing_period AND c.actual_provider_name = s.provider_name
  AND c.provider = s.provider AND c.status_code = s.status_code;

-- Cached analytics held exact percentiles; from here they are estimated: a reader's change stamp moves on.
UPDATE api_usage_log_epoch SET epoch = epoch + 1;
-- [jooq ignore stop]
