-- Rows whose category was derived from an instrumentation's guess (OpenTelemetry GenAI spans: gen_ai.provider.name)
-- say so, with the provider name it gave, so that detecting them again (the backfill, after a rules change) keeps
-- the precedence they were stored with: endpoint, model id, hint, default. Without this, a span of the OpenAI SDK
-- pointed at the Hugging Face router (category 'openai', endpoint router.huggingface.co), stored as HuggingFace,
-- became OpenAI at the next backfill, because a logged single-vendor category decides first.
-- Rows of applications and other writers: false and NULL, as before. Adding a column with a constant default
-- rewrites nothing.

-- [jooq ignore start]
-- As in V4: the writers' lock order (the logs, then the rollups in their trigger) before any other table.
LOCK TABLE api_usage_logs IN SHARE MODE;
-- [jooq ignore stop]

ALTER TABLE api_usage_logs ADD COLUMN category_guessed BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE api_usage_logs ADD COLUMN provider_hint VARCHAR(64);
ALTER TABLE api_usage_logs ADD CONSTRAINT ck_api_usage_logs_provider_hint
    CHECK (provider_hint IS NULL OR (category_guessed AND provider_hint <> ''));
