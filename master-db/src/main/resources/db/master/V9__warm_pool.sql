-- The warm pool (issue 18, part 1): databases with their logins made ready in advance on each
-- managed server, at a client-schema version, so onboarding a managed store claims one instead of
-- creating and migrating a database while the client waits. Module provisioning, package pool,
-- owns these rows: the refill job kind provisioning.warm-pool writes them, onboarding claims them
-- with one UPDATE ... SKIP LOCKED. An entry is never a store: it gets a store only when claimed.
CREATE TABLE warm_pool_entries (
    id                  UUID         PRIMARY KEY,
    server_id           UUID         NOT NULL REFERENCES database_servers (id),
    database_name       VARCHAR(64)  NOT NULL,
    login_name          VARCHAR(64)  NOT NULL,
    -- sealed by the platform's secret cipher, bound to this row and column; NULL once the entry
    -- is handed over (the store's own saved connection holds the login from then on)
    login_password_ciphertext TEXT,
    schema_version      INTEGER      NOT NULL CHECK (schema_version > 0),
    state               VARCHAR(16)  NOT NULL
        CHECK (state IN ('CREATING', 'READY', 'CLAIMED', 'HANDED_OVER', 'DROPPING')),
    created_at          TIMESTAMPTZ  NOT NULL,
    ready_at            TIMESTAMPTZ,
    claimed_at          TIMESTAMPTZ,
    -- no foreign key: the row is deleted with the store's database (clean-up, purge)
    claimed_store_id    UUID,
    CHECK ((state IN ('CLAIMED', 'HANDED_OVER')) = (claimed_at IS NOT NULL)),
    CHECK ((state = 'HANDED_OVER') = (login_password_ciphertext IS NULL)),
    UNIQUE (server_id, database_name)
);
COMMENT ON TABLE warm_pool_entries IS
    'Ready store databases waiting on a managed server (provisioning warm pool); never stores.';
COMMENT ON COLUMN warm_pool_entries.state IS
    'CREATING: being made by a refill (a leftover of a dead refill is dropped by the next); READY:'
    ' claimable at schema_version; CLAIMED: taken by claimed_store_id, whose provisioning job is'
    ' running; HANDED_OVER: the store''s database since its connection was saved (the row is its'
    ' history, the password is gone); DROPPING: an old version being drained.';

-- The claim: READY entries of one server and version, oldest first.
CREATE INDEX warm_pool_entries_ready ON warm_pool_entries (server_id, schema_version, created_at)
    WHERE state = 'READY';
-- A retried claim finds the entry its store's running job holds: at most one per store.
CREATE UNIQUE INDEX warm_pool_entries_claimed_store ON warm_pool_entries (claimed_store_id)
    WHERE state = 'CLAIMED';
