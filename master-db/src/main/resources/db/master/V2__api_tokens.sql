-- API tokens: for platform users (acting with the user's role) or bound to one store.
-- Only a SHA-256 hash of a token is kept; the token itself is shown once, when it is created.

CREATE TABLE api_tokens (
    id            UUID         PRIMARY KEY,
    token_hash    VARCHAR(64)  NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
    prefix        VARCHAR(16)  NOT NULL,
    name          VARCHAR(100) NOT NULL,
    user_id       UUID         REFERENCES users (id),
    store_id      UUID         REFERENCES stores (id),
    created_by    VARCHAR(64),
    created_at    TIMESTAMPTZ  NOT NULL,
    expires_at    TIMESTAMPTZ,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ,
    CHECK ((user_id IS NULL) <> (store_id IS NULL)),
    CHECK (expires_at IS NULL OR expires_at > created_at)
);
CREATE INDEX api_tokens_user ON api_tokens (user_id) WHERE user_id IS NOT NULL;
CREATE INDEX api_tokens_store ON api_tokens (store_id) WHERE store_id IS NOT NULL;
