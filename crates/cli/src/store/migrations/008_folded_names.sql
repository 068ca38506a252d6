-- 8: the buyer's name as the desk's search matches it (docs/store.md "Migrations"):
-- lower-cased by Rust (`store::search_fold`), since SQLite's LOWER and LIKE fold
-- ASCII only and PostgreSQL's LOWER follows the database's locale. Personal data,
-- cleared with `customer_name`. Existing orders are filled in Rust after this SQL.
ALTER TABLE orders ADD COLUMN customer_name_folded TEXT NOT NULL DEFAULT '';
