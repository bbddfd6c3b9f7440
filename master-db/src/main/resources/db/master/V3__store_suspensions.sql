-- A store carries the reasons it is suspended; the store lifecycle (master-db StoreLifecycle)
-- keeps stores.status, stores.is_active and stores.database_status consistent with them.
CREATE TABLE store_suspensions (
    store_id  UUID        NOT NULL REFERENCES stores (id),
    reason    VARCHAR(32) NOT NULL CHECK (reason IN ('ADMIN', 'DATABASE_DEPROVISIONED')),
    PRIMARY KEY (store_id, reason)
);

-- Stores suspended before this version: an admin suspended them, or deprovisioning suspended
-- their database.
INSERT INTO store_suspensions (store_id, reason)
SELECT id, 'ADMIN' FROM stores WHERE status = 'SUSPENDED';
INSERT INTO store_suspensions (store_id, reason)
SELECT id, 'DATABASE_DEPROVISIONED' FROM stores WHERE database_status = 'SUSPENDED';
