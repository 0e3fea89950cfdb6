-- Writers other than UsageLens keep writing after `migrate`: the original system's SQLAlchemy model inserts rows
-- with the category as its enum's value or, in older versions, its name ('GEMINI', 'IMAGE_EDIT'), and without any
-- detection evidence. The category is brought to the lower-case form the CHECK expects before the check runs
-- (only when it differs, so UsageLens's own inserts pay for the comparison alone).
-- [jooq ignore start]
CREATE FUNCTION api_usage_logs_normalise_category() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.provider := lower(btrim(NEW.provider));
    RETURN NEW;
END
$$;

CREATE TRIGGER api_usage_logs_normalise_category
    BEFORE INSERT OR UPDATE OF provider ON api_usage_logs
    FOR EACH ROW WHEN (NEW.provider IS DISTINCT FROM lower(btrim(NEW.provider)))
    EXECUTE FUNCTION api_usage_logs_normalise_category();
-- [jooq ignore stop]

-- Rows stored without detection evidence: those other writers insert, and the original system's until backfilled.
-- The server's background attribution finds them here (empty once everything is attributed).
CREATE INDEX ix_api_usage_logs_undetected ON api_usage_logs (id) WHERE detection_source IS NULL;
