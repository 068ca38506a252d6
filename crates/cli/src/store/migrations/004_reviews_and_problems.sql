-- 4: verified-buyer reviews and problems with an order (docs/trust.md, docs/store.md).
CREATE TABLE reviews (
    id            {serial} PRIMARY KEY,
    shop_id       TEXT NOT NULL,
    order_id      TEXT NOT NULL REFERENCES orders(order_id),
    product_id    TEXT NOT NULL,
    rating        BIGINT NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT NOT NULL,
    locale        TEXT NOT NULL,
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL,
    reply         TEXT NOT NULL DEFAULT '',
    reply_ms      BIGINT,
    hidden_reason TEXT NOT NULL DEFAULT '',
    hidden_ms     BIGINT,
    UNIQUE (order_id, product_id)
);
CREATE INDEX reviews_product ON reviews (shop_id, product_id, created_ms DESC, id DESC);
CREATE INDEX reviews_newest ON reviews (updated_ms DESC, id DESC);
CREATE TABLE problems (
    id            {serial} PRIMARY KEY,
    shop_id       TEXT NOT NULL,
    order_id      TEXT NOT NULL REFERENCES orders(order_id),
    kind          TEXT NOT NULL,
    state         TEXT NOT NULL,
    created_ms    BIGINT NOT NULL,
    updated_ms    BIGINT NOT NULL,
    closed_ms     BIGINT
);
CREATE INDEX problems_order ON problems (order_id, id);
CREATE INDEX problems_shop ON problems (shop_id, created_ms);
CREATE INDEX problems_state ON problems (state, updated_ms DESC, id DESC);
CREATE TABLE problem_messages (
    id            {serial} PRIMARY KEY,
    problem_id    BIGINT NOT NULL REFERENCES problems(id),
    author        TEXT NOT NULL,
    body          TEXT NOT NULL,
    media_sha256  TEXT,
    at_ms         BIGINT NOT NULL
);
CREATE INDEX problem_messages_problem ON problem_messages (problem_id, id);
CREATE TABLE media (
    sha256        TEXT PRIMARY KEY,
    content_type  TEXT NOT NULL,
    body_base64   TEXT NOT NULL,
    created_ms    BIGINT NOT NULL
);
CREATE TABLE nonces (
    nonce         TEXT PRIMARY KEY,
    order_id      TEXT NOT NULL,
    at_ms         BIGINT NOT NULL
);
