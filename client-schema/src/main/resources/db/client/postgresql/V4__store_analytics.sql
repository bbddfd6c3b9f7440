-- Storeplane client schema, version 4 (PostgreSQL): store analytics, and every order line's SKU.
--
-- Twin of db/client/mysql/V4__store_analytics.sql. Adds the daily analytics a store keeps: per
-- page path and UTC day its page views, unique visitors and sessions; per product and day its
-- views and add-to-cart count (rows go with their product). Order lines must now carry the SKU
-- they sold: lines without one take their variant's SKU. A line with no SKU whose variant is gone
-- cannot be filled, and the migration stops (nothing of it stays: it runs in one transaction);
-- give such lines a SKU and migrate again (docs/client-schema.md, UPGRADING.md).

CREATE TABLE page_analytics_daily (
  stat_date DATE NOT NULL,
  page_path VARCHAR(500) NOT NULL,
  page_views BIGINT NOT NULL DEFAULT 0,
  unique_visitors BIGINT NOT NULL DEFAULT 0,
  sessions BIGINT NOT NULL DEFAULT 0,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT pk_page_analytics_daily PRIMARY KEY (stat_date, page_path),
  CONSTRAINT ck_page_analytics_daily_counts
    CHECK (unique_visitors >= 0 AND unique_visitors <= sessions AND sessions <= page_views)
);
CREATE INDEX ix_page_analytics_daily_path ON page_analytics_daily (page_path, stat_date);

CREATE TABLE product_analytics_daily (
  stat_date DATE NOT NULL,
  product_id UUID NOT NULL,
  views BIGINT NOT NULL DEFAULT 0,
  add_to_cart_count BIGINT NOT NULL DEFAULT 0,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT pk_product_analytics_daily PRIMARY KEY (stat_date, product_id),
  CONSTRAINT fk_product_analytics_daily_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT ck_product_analytics_daily_counts CHECK (views >= 0 AND add_to_cart_count >= 0)
);
CREATE INDEX ix_product_analytics_daily_product ON product_analytics_daily (product_id, stat_date);

UPDATE order_items SET sku = v.sku
  FROM product_variants v
  WHERE v.id = order_items.variant_id AND order_items.sku IS NULL;
ALTER TABLE order_items ALTER COLUMN sku SET NOT NULL;
