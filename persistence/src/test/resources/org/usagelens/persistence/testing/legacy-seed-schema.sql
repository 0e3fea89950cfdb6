-- Copied from the shared fixtures (fixtures/legacy-seed-schema.sql), so tests need only this repository.
-- The api_usage_logs table as the original system creates it on PostgreSQL (its SQLAlchemy model),
-- BEFORE the provider-tracking change: no actual_provider_name column, no migration history table.
-- Used to test that UsageLens adopts an existing production database without losing data.
-- To model a database on which the original add-column script already ran, also execute:
--   ALTER TABLE api_usage_logs ADD COLUMN actual_provider_name VARCHAR(50) NULL;

CREATE TYPE apiprovider AS ENUM (
  'gemini', 'openai', 'anthropic', 'mistral', 'wavespeed', 'tavily', 'serper', 'metaphor',
  'firecrawl', 'stability', 'exa', 'video', 'image_edit', 'audio');

CREATE TABLE api_usage_logs (
  id             SERIAL       NOT NULL,
  user_id        VARCHAR(100) NOT NULL,
  provider       apiprovider  NOT NULL,
  endpoint       VARCHAR(200) NOT NULL,
  method         VARCHAR(10)  NOT NULL,
  model_used     VARCHAR(100),
  tokens_input   INTEGER,
  tokens_output  INTEGER,
  tokens_total   INTEGER,
  cost_input     FLOAT,
  cost_output    FLOAT,
  cost_total     FLOAT,
  response_time  FLOAT        NOT NULL,
  status_code    INTEGER      NOT NULL,
  request_size   INTEGER,
  response_size  INTEGER,
  user_agent     VARCHAR(500),
  ip_address     VARCHAR(45),
  error_message  TEXT,
  retry_count    INTEGER,
  timestamp      TIMESTAMP WITHOUT TIME ZONE NOT NULL,
  billing_period VARCHAR(20)  NOT NULL,
  PRIMARY KEY (id)
);
CREATE INDEX idx_api_usage_logs_user_id ON api_usage_logs (user_id);
CREATE INDEX idx_api_usage_logs_billing_period ON api_usage_logs (billing_period);
CREATE INDEX idx_api_usage_logs_timestamp ON api_usage_logs (timestamp);
CREATE INDEX idx_api_usage_logs_provider ON api_usage_logs (provider);
CREATE INDEX idx_api_usage_logs_user_period ON api_usage_logs (user_id, billing_period);
CREATE INDEX idx_api_usage_logs_user_provider_period ON api_usage_logs (user_id, provider, billing_period);
