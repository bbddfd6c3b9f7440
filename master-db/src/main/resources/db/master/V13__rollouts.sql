-- Rollouts (issue 19, part 3): moving a selection of stores to a client schema version in a canary
-- and waves. Module fleet, package rollout, owns these rows (RolloutRecords); the rollout's job
-- (kind fleet.rollout) works from them, so a rollout resumes after a restart from what is here.
CREATE TABLE rollouts (
    id                UUID          PRIMARY KEY,
    target_version    INTEGER       NOT NULL CHECK (target_version > 0),
    -- the request's selector as sent (plans, engines, servers, storeIds, excludedStoreIds)
    selector          JSONB         NOT NULL,
    max_failure_rate  NUMERIC(5, 4) NOT NULL CHECK (max_failure_rate BETWEEN 0 AND 1),
    on_failure        VARCHAR(16)   NOT NULL CHECK (on_failure IN ('PAUSE', 'CONTINUE')),
    state             VARCHAR(16)   NOT NULL
        CHECK (state IN ('RUNNING', 'PAUSED', 'COMPLETED', 'CANCELLED')),
    -- the phase running now: 0 the canary, 1..n the waves
    phase             INTEGER       NOT NULL DEFAULT 0 CHECK (phase >= 0),
    -- when the current phase may start (after the canary's soak)
    phase_starts_at   TIMESTAMPTZ   NOT NULL,
    -- why the rollout is paused (an operator, or a wave past max_failure_rate)
    pause_reason      VARCHAR(500),
    -- bumped by every resume and retry-failed: part of the idempotency key of the workers started
    generation        INTEGER       NOT NULL DEFAULT 0 CHECK (generation >= 0),
    created_by        VARCHAR(200),
    created_at        TIMESTAMPTZ   NOT NULL,
    updated_at        TIMESTAMPTZ   NOT NULL,
    finished_at       TIMESTAMPTZ,
    CHECK ((state IN ('COMPLETED', 'CANCELLED')) = (finished_at IS NOT NULL))
);
CREATE INDEX rollouts_created ON rollouts (created_at DESC);

-- A rollout's phases: 0 the canary, then the waves in order.
CREATE TABLE rollout_waves (
    rollout_id   UUID         NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    phase        INTEGER      NOT NULL CHECK (phase >= 0),
    -- the wave's cumulative percent of the selected stores (NULL for the canary)
    percent      INTEGER      CHECK (percent BETWEEN 1 AND 100),
    parallelism  INTEGER      NOT NULL CHECK (parallelism >= 1),
    -- the canary's soak before the first wave, in milliseconds (0 for waves)
    soak_ms      BIGINT       NOT NULL DEFAULT 0 CHECK (soak_ms >= 0),
    store_count  INTEGER      NOT NULL CHECK (store_count >= 0),
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    PRIMARY KEY (rollout_id, phase)
);

-- One row per selected store: its phase (-1: already at the target when the rollout started) and
-- how its migration went. Workers claim PENDING rows FOR UPDATE SKIP LOCKED.
CREATE TABLE rollout_items (
    rollout_id     UUID          NOT NULL REFERENCES rollouts (id) ON DELETE CASCADE,
    store_id       UUID          NOT NULL REFERENCES stores (id) ON DELETE CASCADE,
    phase          INTEGER       NOT NULL CHECK (phase >= -1),
    position       INTEGER       NOT NULL,
    state          VARCHAR(16)   NOT NULL
        CHECK (state IN ('PENDING', 'RUNNING', 'APPLIED', 'FAILED', 'SKIPPED')),
    attempts       INTEGER       NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    run_after      TIMESTAMPTZ   NOT NULL,
    -- the rollout job (lane) that claimed it while RUNNING
    claimed_by     UUID,
    from_version   INTEGER,
    to_version     INTEGER,
    started_at     TIMESTAMPTZ,
    finished_at    TIMESTAMPTZ,
    duration_ms    BIGINT        CHECK (duration_ms >= 0),
    error_code     VARCHAR(64),
    error_message  VARCHAR(2000),
    updated_at     TIMESTAMPTZ   NOT NULL,
    PRIMARY KEY (rollout_id, store_id)
);
CREATE INDEX rollout_items_claim ON rollout_items (rollout_id, phase, position)
    WHERE state = 'PENDING';
CREATE INDEX rollout_items_position ON rollout_items (rollout_id, position);

-- The ledger's rows name the rollout that applied them (the column came with V10, unconstrained).
ALTER TABLE store_schema_versions
    ADD CONSTRAINT store_schema_versions_rollout_fk
    FOREIGN KEY (rollout_id) REFERENCES rollouts (id) ON DELETE SET NULL;
