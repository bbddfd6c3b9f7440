-- Storeplane client schema, version 2 (MySQL 8.0.16+ and MariaDB 10.11): product reviews.
--
-- Twin of db/client/postgresql/V2__product_reviews.sql. Adds customer reviews of products (one
-- per customer and product, rating 1..5, moderated) and the denormalised rating summary on
-- products that listings sort and filter by. Existing products get review_count 0 and no rating.
-- MySQL DDL is not transactional, so the change to products is one ALTER TABLE statement.

ALTER TABLE products
  ADD COLUMN rating_average DECIMAL(3, 2) NULL,
  ADD COLUMN review_count INTEGER NOT NULL DEFAULT 0,
  ADD CONSTRAINT ck_products_rating
    CHECK ((rating_average IS NULL OR rating_average BETWEEN 1 AND 5) AND review_count >= 0),
  ADD INDEX ix_products_status_rating (status, rating_average);

CREATE TABLE product_reviews (
  id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  product_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
  customer_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  order_id CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
  rating INTEGER NOT NULL,
  title VARCHAR(200) NULL,
  body MEDIUMTEXT NULL,
  author_name VARCHAR(120) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  is_verified_purchase BOOLEAN NOT NULL DEFAULT FALSE,
  created_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  updated_at DATETIME(6) NOT NULL DEFAULT (UTC_TIMESTAMP(6)),
  PRIMARY KEY (id),
  CONSTRAINT uq_product_reviews_product_customer UNIQUE (product_id, customer_id),
  CONSTRAINT fk_product_reviews_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT fk_product_reviews_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL,
  CONSTRAINT fk_product_reviews_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE SET NULL,
  CONSTRAINT ck_product_reviews_rating CHECK (rating BETWEEN 1 AND 5),
  CONSTRAINT ck_product_reviews_status CHECK (status IN ('pending', 'approved', 'rejected')),
  INDEX ix_product_reviews_product_status (product_id, status, created_at),
  INDEX ix_product_reviews_customer (customer_id),
  INDEX ix_product_reviews_order (order_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
