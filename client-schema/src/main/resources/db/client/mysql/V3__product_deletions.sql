-- Storeplane client schema, version 3 (MySQL 8.0.16+ and MariaDB 10.11): a record of deleted
-- products.
--
-- Twin of db/client/postgresql/V3__product_deletions.sql. The daily usage rollup counts the
-- products deleted on a UTC day; an AFTER DELETE trigger on products writes one row per deleted
-- product here (its id, when it was created and when it was deleted, in UTC). Every statement
-- can run again after an interrupted migration: the table is skipped when it exists, the
-- trigger is dropped and made again.

CREATE TABLE product_deletions (
  product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  product_created_at DATETIME(6) NOT NULL,
  deleted_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (product_id, deleted_at),
  INDEX ix_product_deletions_deleted_at (deleted_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

DROP TRIGGER IF EXISTS trg_products_deleted;

CREATE TRIGGER trg_products_deleted AFTER DELETE ON products
  FOR EACH ROW INSERT IGNORE INTO product_deletions (product_id, product_created_at, deleted_at)
  VALUES (OLD.id, OLD.created_at, UTC_TIMESTAMP(6));
