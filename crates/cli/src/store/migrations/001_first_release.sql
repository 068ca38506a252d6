-- 1: the first release: orders and the first answer to each Idempotency-Key.
-- A database written by that release has exactly these tables and no
-- schema_migrations: it is recorded as version 1 without running this.
CREATE TABLE orders (
    order_id      TEXT PRIMARY KEY,
    shop_id       TEXT NOT NULL,
    status        TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    received_at   TEXT NOT NULL,
    currency      TEXT NOT NULL,
    total         TEXT NOT NULL,
    customer_name TEXT NOT NULL,
    payload       TEXT NOT NULL
);
CREATE TABLE idempotency (
    key           TEXT PRIMARY KEY,
    body_sha256   TEXT NOT NULL,
    status        INTEGER NOT NULL,
    response      TEXT NOT NULL
);
