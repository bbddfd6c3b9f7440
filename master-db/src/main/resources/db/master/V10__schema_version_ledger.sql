-- The schema-version ledger (issue 19, part 1): per store and client schema version, how that
-- version came to the store's database (state, attempts, timing, the migration's checksum, the
-- error of a failed attempt, the rollout that did it). The platform knows every store's schema
-- version from here without opening its database. Module master-db, package schema, owns these
-- rows (SchemaLedger): provisioning records the versions a new store's database reached when its
-- connection is saved; fleet's one-store migration records each version it applies.
CREATE TABLE store_schema_versions (
    store_id       UUID          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    version        INTEGER       NOT NULL CHECK (version > 0),
    state          VARCHAR(16)   NOT NULL
        CHECK (state IN ('PENDING', 'RUNNING', 'APPLIED', 'FAILED', 'SKIPPED')),
    -- how the version reached the database: FLYWAY, TEMPLATE, WARM_POOL, ADOPTED, SUPABASE, MIGRATION
    path           VARCHAR(16)   NOT NULL
        CHECK (path IN ('FLYWAY', 'TEMPLATE', 'WARM_POOL', 'ADOPTED', 'SUPABASE', 'MIGRATION')),
    attempts       INTEGER       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    duration_ms    BIGINT        CHECK (duration_ms >= 0),
    -- Flyway's checksum of the version's migration script in the store's dialect
    checksum       INTEGER,
    error_code     VARCHAR(64),
    error_message  VARCHAR(2000),
    -- the rollout that applied it; no foreign key yet (rollouts come in a later version)
    rollout_id     UUID,
    updated_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (store_id, version),
    CHECK ((state = 'FAILED') = (error_code IS NOT NULL)),
    CHECK (state <> 'APPLIED' OR finished_at IS NOT NULL)
);
CREATE INDEX store_schema_versions_rollout ON store_schema_versions (rollout_id)
    WHERE rollout_id IS NOT NULL;
COMMENT ON TABLE store_schema_versions IS
    'Per store and client schema version: how it reached the store database (fleet ledger).';
COMMENT ON COLUMN store_schema_versions.state IS
    'PENDING: queued by a migration run; RUNNING: being applied; APPLIED: in the database;'
    ' FAILED: the last attempt failed (error_code, error_message); SKIPPED: a run stopped before'
    ' it because an earlier version failed.';

-- A store's schema version as the platform knows it: its newest APPLIED version. The one
-- definition; every reader (the migration's skip, the API) goes through it.
CREATE VIEW store_schema_current AS
    SELECT store_id, MAX(version) AS schema_version
      FROM store_schema_versions
     WHERE state = 'APPLIED'
     GROUP BY store_id;
