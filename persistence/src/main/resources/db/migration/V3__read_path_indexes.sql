-- Indexes for the read API's queries, and no more: each index costs every insert.
-- (V3 is taken by the migration CLI's work.)

-- A provider-filtered page of one user, newest first (GET /usage-logs?provider=...).
CREATE INDEX ix_api_usage_logs_user_provider_time
    ON api_usage_logs (user_id, actual_provider_name, timestamp DESC, id DESC);

-- One user's billing period: filtered pages and the month's analytics.
CREATE INDEX ix_api_usage_logs_user_period ON api_usage_logs (user_id, billing_period);

-- Rows the original system left without a provider, attributed on read until the backfill fills
-- them; the partial index is empty, and free to maintain, once they are.
CREATE INDEX ix_api_usage_logs_user_undetected ON api_usage_logs (user_id) WHERE actual_provider_name IS NULL;
