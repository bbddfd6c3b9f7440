-- Sessions of the admin console (issue 20, docs/console.md): a browser signs in with a platform
-- user's API token and then carries a random session id in an HttpOnly cookie. Only a SHA-256 hash
-- of the session id is kept, never the id nor the token; the session is bound to the token's row, so
-- it ends with the token (revoked, expired, owner inactive) and after an idle time. Any instance
-- resolves any session: the master is the one place they live.

CREATE TABLE console_sessions (
    id_hash       VARCHAR(64) PRIMARY KEY CHECK (id_hash ~ '^[0-9a-f]{64}$'),
    token_id      UUID        NOT NULL REFERENCES api_tokens (id) ON DELETE CASCADE,
    created_at    TIMESTAMPTZ NOT NULL,
    last_seen_at  TIMESTAMPTZ NOT NULL,
    CHECK (last_seen_at >= created_at)
);
CREATE INDEX console_sessions_token ON console_sessions (token_id);
CREATE INDEX console_sessions_last_seen ON console_sessions (last_seen_at);
