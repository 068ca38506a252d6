-- 6: the name a buyer chose to show with their review ('' for none; docs/trust.md
-- "Reviews"). Personal data: cleared with the buyer's (store/privacy.rs).
ALTER TABLE reviews ADD COLUMN display_name TEXT NOT NULL DEFAULT '';
