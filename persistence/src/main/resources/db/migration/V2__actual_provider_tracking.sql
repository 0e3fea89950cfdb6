-- The provider-tracking change: the actual provider behind each call, the evidence of its detection
-- (source, deciding rule, rules version) and the client's idempotency key, unique per user.
-- actual_provider_name may already exist on a database where the original add-column script ran.
ALTER TABLE api_usage_logs ADD COLUMN IF NOT EXISTS actual_provider_name VARCHAR(50);
ALTER TABLE api_usage_logs ADD COLUMN detection_source VARCHAR(16);
ALTER TABLE api_usage_logs ADD COLUMN detection_rule VARCHAR(100);
ALTER TABLE api_usage_logs ADD COLUMN detection_rules_version VARCHAR(40);
ALTER TABLE api_usage_logs ADD COLUMN idempotency_key VARCHAR(128);

-- Led by user_id, like every unique key here, so the table can later be distributed by user.
CREATE UNIQUE INDEX ux_api_usage_logs_user_idempotency_key ON api_usage_logs (user_id, idempotency_key);

-- The read API pages one user's logs newest first, by keyset.
CREATE INDEX ix_api_usage_logs_user_time ON api_usage_logs (user_id, timestamp DESC, id DESC);
