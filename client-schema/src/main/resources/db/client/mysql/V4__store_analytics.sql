-- Storeplane client schema, version 4 (MySQL 8.0.16+ and MariaDB 10.11): store analytics, and
-- every order line's SKU.
--
-- Twin of db/client/postgresql/V4__store_analytics.sql. Adds the daily analytics a store keeps:
-- per page path and UTC day its page views, unique visitors and sessions; per product and day its
-- views and add-to-cart count (rows go with their product). Order lines must now carry the SKU
-- they sold: lines without one take their variant's SKU. A line with no SKU whose variant is gone
-- cannot be filled, and the last statement stops (the migrator's sessions are strict, so no NULL
-- becomes an empty string); give such lines a SKU and migrate again. Every statement can run
-- again after an interrupted migration: the tables are skipped when they exist, the UPDATE fills
-- only NULLs, and MODIFY sets the column as it must end.

CREATE TABLE page_analytics_daily (
  stat_date DATE NOT NULL,
  page_path VARCHAR(500) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  page_views BIGINT NOT NULL DEFAULT 0,
  unique_visitors BIGINT NOT NULL DEFAULT 0,
  sessions BIGINT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (stat_date, page_path),
  CONSTRAINT ck_page_analytics_daily_counts
    CHECK (unique_visitors >= 0 AND unique_visitors <= sessions AND sessions <= page_views),
  INDEX ix_page_analytics_daily_path (page_path, stat_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE product_analytics_daily (
  stat_date DATE NOT NULL,
  product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  add_to_cart_count BIGINT NOT NULL DEFAULT 0,
  updated_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (stat_date, product_id),
  CONSTRAINT fk_product_analytics_daily_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT ck_product_analytics_daily_counts CHECK (views >= 0 AND add_to_cart_count >= 0),
  INDEX ix_product_analytics_daily_product (product_id, stat_date)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

UPDATE order_items i JOIN product_variants v ON v.id = i.variant_id
  SET i.sku = v.sku
  WHERE i.sku IS NULL;

ALTER TABLE order_items
  MODIFY COLUMN sku VARCHAR(100) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL;
