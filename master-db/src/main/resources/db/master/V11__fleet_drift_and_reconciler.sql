-- Drift of store databases from their client schema version (issue 19, item 5). Module fleet,
-- package drift, owns these rows: the last check of each store's catalog against the expected
-- schema of the version its own history records, written by the fleet.drift.store job kind (the
-- recurring scan) and by GET /api/v1/stores/{id}/schema. One row per store, replaced by each check.
CREATE TABLE store_schema_drift (
    store_id        UUID         PRIMARY KEY REFERENCES stores (id) ON DELETE CASCADE,
    checked_at      TIMESTAMPTZ  NOT NULL,
    -- the version the store's own history records; NULL when it could not be read
    schema_version  INTEGER      CHECK (schema_version > 0),
    state           VARCHAR(16)  NOT NULL CHECK (state IN ('CLEAN', 'DRIFTED', 'UNREACHABLE')),
    -- [{object, table, name, change, expected, actual}], empty unless DRIFTED
    differences     JSONB        NOT NULL DEFAULT '[]',
    -- the store's own tables (not named by its version; never drift)
    own_tables      JSONB        NOT NULL DEFAULT '[]',
    -- why an UNREACHABLE store could not be checked (problem code and detail)
    error_code      VARCHAR(64),
    error_detail    TEXT,
    CHECK ((state = 'UNREACHABLE') = (error_code IS NOT NULL)),
    CHECK ((state = 'UNREACHABLE') = (schema_version IS NULL))
);
CREATE INDEX store_schema_drift_state ON store_schema_drift (state, store_id);
COMMENT ON TABLE store_schema_drift IS
    'The last drift check of each store database against its client schema version (fleet.drift).';

-- What the reconciler (issue 19, item 6) found on each managed server: objects that exist there
-- and are unknown to the registry (orphans), registered databases that are absent (missing), and
-- databases whose owner is not the login the registry gives them. Module fleet, package reconcile,
-- owns these rows: a run replaces a server's findings, keeping first_seen_at of those seen before
-- (a finding seen for the first time is audited; an orphan may be dropped after a grace period
-- counted from first_seen_at). A finding no longer seen is deleted.
CREATE TABLE reconciler_findings (
    server_id       UUID         NOT NULL REFERENCES database_servers (id) ON DELETE CASCADE,
    kind            VARCHAR(24)  NOT NULL
        CHECK (kind IN ('ORPHAN_DATABASE', 'ORPHAN_LOGIN', 'MISSING_DATABASE', 'OWNER_MISMATCH')),
    name            VARCHAR(128) NOT NULL,
    -- the store the registry names for it (missing databases and owner mismatches)
    store_id        UUID,
    expected        VARCHAR(128),
    actual          VARCHAR(128),
    first_seen_at   TIMESTAMPTZ  NOT NULL,
    last_seen_at    TIMESTAMPTZ  NOT NULL,
    PRIMARY KEY (server_id, kind, name)
);
COMMENT ON TABLE reconciler_findings IS
    'Differences between managed servers and the registry, as the last reconciler run saw them.';
