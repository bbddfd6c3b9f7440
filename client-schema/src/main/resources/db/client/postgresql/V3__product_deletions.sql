-- Storeplane client schema, version 3 (PostgreSQL): a record of deleted products.
--
-- Twin of db/client/mysql/V3__product_deletions.sql. The daily usage rollup counts the products
-- deleted on a UTC day; a deleted row leaves nothing to count, so an AFTER DELETE trigger on
-- products writes one row per deleted product here: its id, when it was created and when it was
-- deleted. Rows are kept, so the rollup of any past day can be rerun and gives the same counts
-- (products at the end of a day counts the ones deleted since, created before it).

CREATE TABLE product_deletions (
  product_id UUID NOT NULL,
  product_created_at TIMESTAMPTZ NOT NULL,
  deleted_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  CONSTRAINT pk_product_deletions PRIMARY KEY (product_id, deleted_at)
);
CREATE INDEX ix_product_deletions_deleted_at ON product_deletions (deleted_at);

CREATE OR REPLACE FUNCTION storeplane_record_product_deletion() RETURNS trigger
  LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $storeplane$
BEGIN
  INSERT INTO product_deletions (product_id, product_created_at, deleted_at)
    VALUES (OLD.id, OLD.created_at, clock_timestamp())
    ON CONFLICT DO NOTHING;
  RETURN OLD;
END
$storeplane$;

CREATE TRIGGER trg_products_deleted AFTER DELETE ON products
  FOR EACH ROW EXECUTE FUNCTION storeplane_record_product_deletion();
