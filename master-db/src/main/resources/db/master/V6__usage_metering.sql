-- Usage metering (issue 17). usage_metrics keeps one row per store and UTC day, written by two
-- writers that never touch each other's columns:
--   * the API-call meter (module billing, package metering) adds what each instance counted since
--     its last flush (api_calls, client_errors, server_errors, latency_histogram), so the row is the
--     sum of every instance's flushes;
--   * the daily rollup (package rollup) writes absolute values read from the store's own database
--     (products, products_*, orders, revenue, storage_*), so rerunning a day gives the same row.
ALTER TABLE usage_metrics
    ADD COLUMN client_errors     BIGINT   NOT NULL DEFAULT 0 CHECK (client_errors >= 0),
    ADD COLUMN server_errors     BIGINT   NOT NULL DEFAULT 0 CHECK (server_errors >= 0),
    ADD COLUMN latency_histogram BIGINT[] NOT NULL DEFAULT '{}',
    ADD COLUMN products_created  INTEGER  NOT NULL DEFAULT 0 CHECK (products_created >= 0),
    ADD COLUMN products_updated  INTEGER  NOT NULL DEFAULT 0 CHECK (products_updated >= 0),
    ADD COLUMN products_deleted  INTEGER  NOT NULL DEFAULT 0 CHECK (products_deleted >= 0),
    ADD COLUMN storage_bytes     BIGINT   NOT NULL DEFAULT 0 CHECK (storage_bytes >= 0),
    ADD COLUMN rolled_up_at      TIMESTAMPTZ;
COMMENT ON COLUMN usage_metrics.api_calls IS
    'Requests that concern the store this UTC day, from every instance''s flushes (additive).';
COMMENT ON COLUMN usage_metrics.latency_histogram IS
    'Request count per fixed latency bucket (billing LatencyBuckets), added element by element.';
COMMENT ON COLUMN usage_metrics.orders IS 'Orders created this UTC day (rollup, absolute).';
COMMENT ON COLUMN usage_metrics.revenue IS 'Total value of the orders created this UTC day (rollup).';
COMMENT ON COLUMN usage_metrics.products IS 'Products in the store at the rollup (absolute).';
COMMENT ON COLUMN usage_metrics.storage_bytes IS 'Database size plus media bytes at the rollup.';
COMMENT ON COLUMN usage_metrics.storage_mb IS 'storage_bytes in whole MiB, rounded up (plan unit).';
COMMENT ON COLUMN usage_metrics.rolled_up_at IS 'When the rollup last wrote this row; NULL before.';

-- One row per flush that committed: a flush retried after an error whose transaction had in fact
-- committed finds its id here and adds nothing. Rows older than a day are deleted by the meter.
CREATE TABLE usage_flushes (
    flush_id   UUID         PRIMARY KEY,
    instance   VARCHAR(128) NOT NULL,
    stores     INTEGER      NOT NULL CHECK (stores >= 0),
    flushed_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
CREATE INDEX usage_flushes_flushed_at ON usage_flushes (flushed_at);

-- Each limit of a plan is HARD (refused when passed) or SOFT (allowed, billed as overage).
ALTER TABLE plans
    ADD COLUMN products_limit   VARCHAR(4) NOT NULL DEFAULT 'HARD' CHECK (products_limit IN ('HARD', 'SOFT')),
    ADD COLUMN orders_limit     VARCHAR(4) NOT NULL DEFAULT 'HARD' CHECK (orders_limit IN ('HARD', 'SOFT')),
    ADD COLUMN storage_limit    VARCHAR(4) NOT NULL DEFAULT 'HARD' CHECK (storage_limit IN ('HARD', 'SOFT')),
    ADD COLUMN api_calls_limit  VARCHAR(4) NOT NULL DEFAULT 'HARD' CHECK (api_calls_limit IN ('HARD', 'SOFT'));
COMMENT ON COLUMN plans.products_limit IS
    'HARD: a write past max_products is refused (402); SOFT: allowed and billed as overage.';

-- The day the store's counters (product_count, order_count, storage_used_mb) were rolled up for:
-- the rollup writes them only for that day or a later one, so rolling up an older day (a backfill)
-- never moves them back.
ALTER TABLE stores ADD COLUMN counters_as_of DATE;
