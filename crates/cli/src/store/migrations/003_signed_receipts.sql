-- 3: signed receipts (docs/trust.md). The receipt the shop signed when it
-- accepted the order, as JSON; '' for orders accepted without a receipt key.
ALTER TABLE orders ADD COLUMN receipt TEXT NOT NULL DEFAULT '';
