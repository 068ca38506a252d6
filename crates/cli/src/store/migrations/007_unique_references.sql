-- 7: an order's reference (the "#K7M2-Q9XD" buyers quote when paying) is unique
-- per shop (docs/store.md "References"). `unique_reference` repeats `reference`
-- for the order that holds it; the unique index makes a second order with the
-- same reference fail, whichever instance stores it. A database may already hold
-- orders sharing a reference (made before this rule): the oldest of each keeps it
-- (its `unique_reference` set), the later ones keep theirs readable in
-- `reference` with no `unique_reference` (NULL: unique indexes let NULLs repeat,
-- on SQLite and PostgreSQL), so the migration never fails on them.
ALTER TABLE orders ADD COLUMN unique_reference TEXT;
UPDATE orders SET unique_reference = reference
 WHERE reference <> '' AND NOT EXISTS (
   SELECT 1 FROM orders o WHERE o.shop_id = orders.shop_id AND o.reference = orders.reference
      AND (o.received_ms < orders.received_ms
           OR (o.received_ms = orders.received_ms AND o.order_id < orders.order_id)));
CREATE UNIQUE INDEX orders_unique_reference ON orders (shop_id, unique_reference);
