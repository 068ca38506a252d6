-- 2: the seller's desk (statuses, stock, announcements, sessions) and running
-- past one machine. {serial} is BIGSERIAL on PostgreSQL, INTEGER (the rowid) on
-- SQLite; everything else is the same text for both.
ALTER TABLE orders ADD COLUMN reference      TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN received_ms    BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN total_minor    BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN customer_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN customer_email TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN access_sha256  TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN status_ms      BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN tracking_note  TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_url   TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN cancel_reason  TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN version        BIGINT NOT NULL DEFAULT 1;
ALTER TABLE orders ADD COLUMN personal_cleared_ms BIGINT;
CREATE INDEX orders_received  ON orders (shop_id, received_ms DESC, order_id DESC);
CREATE INDEX orders_status    ON orders (shop_id, status, received_ms DESC, order_id DESC);
CREATE INDEX orders_reference ON orders (reference);

CREATE TABLE order_items (
    order_id   TEXT NOT NULL REFERENCES orders(order_id),
    sku        TEXT NOT NULL,
    quantity   BIGINT NOT NULL,
    from_stock BIGINT NOT NULL,
    PRIMARY KEY (order_id, sku)
);

CREATE TABLE order_events (
    id        {serial} PRIMARY KEY,
    order_id  TEXT NOT NULL REFERENCES orders(order_id),
    at_ms     BIGINT NOT NULL,
    actor     TEXT NOT NULL,
    kind      TEXT NOT NULL,
    detail    TEXT NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id, id);

CREATE TABLE stock (
    shop_id        TEXT NOT NULL,
    sku            TEXT NOT NULL,
    level          BIGINT NOT NULL CHECK (level >= 0),
    manifest_level BIGINT NOT NULL,
    PRIMARY KEY (shop_id, sku)
);

CREATE TABLE announcements (
    id             {serial} PRIMARY KEY,
    event_key      TEXT NOT NULL,
    destination    TEXT NOT NULL,
    order_id       TEXT NOT NULL,
    body           TEXT NOT NULL,
    state          TEXT NOT NULL,
    attempts       BIGINT NOT NULL DEFAULT 0,
    next_at_ms     BIGINT NOT NULL,
    lease_owner    TEXT,
    lease_until_ms BIGINT,
    last_error     TEXT NOT NULL DEFAULT '',
    created_ms     BIGINT NOT NULL,
    sent_ms        BIGINT,
    UNIQUE (event_key, destination)
);
CREATE INDEX announcements_due   ON announcements (state, next_at_ms);
CREATE INDEX announcements_order ON announcements (order_id, id);

CREATE TABLE seller_sessions (
    id_sha256     TEXT PRIMARY KEY,
    created_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    last_seen_ms  BIGINT NOT NULL
);
CREATE TABLE seller_links (
    id_sha256     TEXT PRIMARY KEY,
    created_ms    BIGINT NOT NULL,
    expires_ms    BIGINT NOT NULL,
    used_ms       BIGINT
);
CREATE TABLE settings (
    name          TEXT PRIMARY KEY,
    value         TEXT NOT NULL
);

-- The first release's word for a new order.
UPDATE orders SET status = 'new' WHERE status = 'received';
