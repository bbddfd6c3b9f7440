-- Storeplane client schema, version 2 (PostgreSQL): product reviews.
--
-- Twin of db/client/mysql/V2__product_reviews.sql. Adds customer reviews of products (one per
-- customer and product, rating 1..5, moderated) and the denormalised rating summary on products
-- that listings sort and filter by. Existing products get review_count 0 and no rating.

ALTER TABLE products ADD COLUMN rating_average NUMERIC(3, 2) NULL;
ALTER TABLE products ADD COLUMN review_count INTEGER NOT NULL DEFAULT 0;
ALTER TABLE products ADD CONSTRAINT ck_products_rating
  CHECK ((rating_average IS NULL OR rating_average BETWEEN 1 AND 5) AND review_count >= 0);

CREATE TABLE product_reviews (
  id UUID NOT NULL,
  product_id UUID NOT NULL,
  customer_id UUID NULL,
  order_id UUID NULL,
  rating INTEGER NOT NULL,
  title VARCHAR(200) NULL,
  body TEXT NULL,
  author_name VARCHAR(120) NOT NULL,
  status VARCHAR(16) NOT NULL DEFAULT 'pending',
  is_verified_purchase BOOLEAN NOT NULL DEFAULT FALSE,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT pk_product_reviews PRIMARY KEY (id),
  CONSTRAINT uq_product_reviews_product_customer UNIQUE (product_id, customer_id),
  CONSTRAINT fk_product_reviews_product FOREIGN KEY (product_id) REFERENCES products (id) ON DELETE CASCADE,
  CONSTRAINT fk_product_reviews_customer FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL,
  CONSTRAINT fk_product_reviews_order FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE SET NULL,
  CONSTRAINT ck_product_reviews_rating CHECK (rating BETWEEN 1 AND 5),
  CONSTRAINT ck_product_reviews_status CHECK (status IN ('pending', 'approved', 'rejected'))
);
CREATE INDEX ix_product_reviews_product_status ON product_reviews (product_id, status, created_at);
CREATE INDEX ix_product_reviews_customer ON product_reviews (customer_id);
CREATE INDEX ix_product_reviews_order ON product_reviews (order_id);
CREATE INDEX ix_products_status_rating ON products (status, rating_average);
