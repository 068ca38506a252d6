//! `microshop openapi`: the order contract as an OpenAPI 3.1 document, its schemas
//! generated from the core types that the storefront and this endpoint use.

mod trust;

use microshop_core::order::{OrderAccepted, OrderRejected, OrderRequest, ORDER_SCHEMA};
use schemars::generate::SchemaSettings;
use serde_json::{json, Map, Value};

/// `ord_` and 32 lowercase hex digits: the only order ids the endpoint accepts.
const ORDER_ID: &str = "^ord_[0-9a-f]{32}$";
/// The buyer's per-order secret: 32 lowercase hex digits.
const ORDER_SECRET: &str = "^[0-9a-f]{32}$";
/// A decimal amount as the endpoint reads it: digits, optionally a point and digits.
/// (How many decimals the currency allows is checked against the shop: 422.)
const AMOUNT: &str = "^[0-9]+(\\.[0-9]+)?$";

/// Adds `rules` to property `field` of component `schema`: what the generated schema
/// of the Rust type cannot say but the endpoint checks (patterns, the schema tag).
fn constrain(schemas: &mut Map<String, Value>, schema: &str, field: &str, rules: Value) {
    let property = schemas
        .get_mut(schema)
        .and_then(|s| s.get_mut("properties"))
        .and_then(|p| p.get_mut(field))
        .and_then(Value::as_object_mut);
    // If the core types changed shape, the unit test below notices the loss.
    if let (Some(property), Value::Object(rules)) = (property, rules) {
        property.extend(rules);
    }
}

/// The request schemas made as strict as the endpoint: a body the document accepts
/// is refused only for what it cannot express (the shop's own ids, prices and sums).
fn constrain_request(schemas: &mut Map<String, Value>) {
    let amount = || json!({"pattern": AMOUNT});
    constrain(
        schemas,
        "OrderRequest",
        "schema",
        json!({"const": ORDER_SCHEMA}),
    );
    constrain(
        schemas,
        "OrderRequest",
        "order_id",
        json!({"pattern": ORDER_ID}),
    );
    constrain(schemas, "OrderRequest", "lines", json!({"minItems": 1}));
    constrain(schemas, "OrderRequest", "subtotal", amount());
    constrain(schemas, "OrderRequest", "total", amount());
    constrain(
        schemas,
        "OrderRequest",
        "referral",
        json!({"pattern": "^[A-Za-z0-9_-]{1,64}$"}),
    );
    constrain(schemas, "OrderLine", "unit_price", amount());
    constrain(schemas, "OrderLine", "line_total", amount());
    constrain(
        schemas,
        "OrderLine",
        "quantity",
        json!({"minimum": 1, "maximum": u32::MAX}),
    );
    constrain(schemas, "OrderShipping", "price", amount());
}

/// The OpenAPI document, pretty-printed.
pub fn document() -> String {
    let mut settings = SchemaSettings::draft2020_12();
    settings.definitions_path = "/components/schemas".into();
    let mut generator = settings.into_generator();
    let request = generator.subschema_for::<OrderRequest>();
    let accepted = generator.subschema_for::<OrderAccepted>();
    let rejected = generator.subschema_for::<OrderRejected>();
    let mut schemas = generator.take_definitions(true);
    for (name, schema) in [
        ("OrderRequest", request),
        ("OrderAccepted", accepted),
        ("OrderRejected", rejected),
    ] {
        if !schemas.contains_key(name) {
            schemas.insert(name.to_owned(), schema.to_value());
        }
    }
    constrain_request(&mut schemas);
    schemas.insert(
        "OrderCreated".to_owned(),
        json!({
            "description": "The 201 body of `microshop serve`: `OrderAccepted` and the buyer's per-order secret. Only the holder of the secret reads the order's status (`GET /api/orders/{order_id}` with the `Order-Secret` header); the endpoint keeps only its SHA-256 with the order. A resend gets the same body again.",
            "allOf": [
                {"$ref": "#/components/schemas/OrderAccepted"},
                {
                    "type": "object",
                    "required": ["order_secret"],
                    "properties": {
                        "order_secret": {"type": "string", "pattern": ORDER_SECRET, "description": "32 lowercase hex digits (128 random bits), made by the endpoint for this order."},
                        "receipt": {"$ref": "#/components/schemas/Receipt"}
                    }
                }
            ]
        }),
    );
    schemas.insert(
        "Receipt".to_owned(),
        json!({
            "description": "The receipt `microshop serve --receipt-key` signed when it accepted the order (docs/trust.md): Ed25519 over the canonical JSON of `terms` (sorted keys, no whitespace, no floats). Check it with `microshop receipt verify` against the shop's keys at /.well-known/microshop-receipt-key.json. Absent when the shop signs no receipts.",
            "type": "object",
            "required": ["receipt", "key_id", "public_key", "signature", "terms"],
            "properties": {
                "receipt": {"const": "microshop.receipt/1"},
                "key_id": {"type": "string", "pattern": "^ed25519-[0-9a-f]{16}$"},
                "public_key": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
                "signature": {"type": "string", "pattern": "^[0-9a-f]{128}$"},
                "terms": {"type": "object", "description": "What was agreed: order_id, shop_id, seller, locale, placed_at, accepted_at, currency, lines, subtotal, shipping, total, policies (ships_within_days, shipping, returns, guarantee)."}
            }
        }),
    );
    schemas.insert(
        "OrderStatus".to_owned(),
        json!({
            "description": "What `GET /api/orders/{order_id}` tells the holder of the order's secret: no customer details.",
            "type": "object",
            "required": ["order_id", "reference", "status", "created_at", "received_at", "status_at", "currency", "total", "history"],
            "properties": {
                "order_id": {"type": "string", "pattern": ORDER_ID},
                "reference": {"type": "string", "description": "The short reference the buyer and the seller read out (`ABCD-1234`)."},
                "status": {"type": "string", "enum": ["new", "paid", "shipped", "completed", "cancelled"], "description": "`completed` and `cancelled` are final."},
                "created_at": {"type": "string", "description": "When the buyer placed it, by the buyer's clock."},
                "received_at": {"type": "string", "description": "When the endpoint stored it, RFC 3339 UTC."},
                "status_at": {"type": "string", "description": "When the status last changed, RFC 3339 UTC."},
                "currency": {"type": "string"},
                "total": {"type": "string", "pattern": AMOUNT},
                "tracking_note": {"type": "string", "description": "Once shipped: carrier and tracking number, as the seller wrote them."},
                "tracking_url": {"type": "string", "description": "Once shipped, when the seller gave one: the carrier's tracking page (http or https)."},
                "cancel_reason": {"type": "string", "description": "Once cancelled: why, as the seller wrote it."},
                "receipt": {"$ref": "#/components/schemas/Receipt"},
                "reviews": {"type": "array", "description": "The order's reviews (docs/trust.md), hidden ones with the seller's reason; absent without any.", "items": {"$ref": "#/components/schemas/OwnReview"}},
                "problems": {"type": "array", "description": "The order's problems, each with its thread (the seller's answers included); absent without any.", "items": {"$ref": "#/components/schemas/ProblemThread"}},
                "history": {
                    "type": "array",
                    "description": "Each status the order had, oldest first (`new` when it was received), with when it began (RFC 3339 UTC).",
                    "items": {
                        "type": "object",
                        "required": ["status", "at"],
                        "properties": {
                            "status": {"type": "string", "enum": ["new", "paid", "shipped", "completed", "cancelled"]},
                            "at": {"type": "string"}
                        }
                    }
                }
            }
        }),
    );
    schemas.insert(
        "OEmbed".to_owned(),
        json!({
            "description": "An oEmbed 1.0 answer of type `rich` (https://oembed.com): `html` is the embed snippet of docs/embedding.md. The thumbnail's three fields come together, for a product with a picture of the shop's own.",
            "type": "object",
            "required": ["version", "type", "title", "provider_name", "provider_url", "html", "width", "height"],
            "properties": {
                "version": {"type": "string", "const": "1.0"},
                "type": {"type": "string", "const": "rich"},
                "title": {"type": "string"},
                "provider_name": {"type": "string"},
                "provider_url": {"type": "string"},
                "html": {"type": "string"},
                "width": {"type": "integer", "minimum": 1},
                "height": {"type": "integer", "minimum": 1},
                "thumbnail_url": {"type": "string"},
                "thumbnail_width": {"type": "integer", "minimum": 1},
                "thumbnail_height": {"type": "integer", "minimum": 1}
            }
        }),
    );
    for (name, schema) in trust::schemas(ORDER_ID) {
        schemas.insert(name.to_owned(), schema);
    }
    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRejected"}}}
        })
    };
    let accepted = |description: &str, schema: &str| {
        json!({
            "description": description,
            "headers": {"Idempotent-Replayed": {
                "description": "`true` when this is the first answer to this Idempotency-Key and body, given again; nothing new was stored.",
                "schema": {"type": "string", "enum": ["true"]}
            }},
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
        })
    };
    let trust_paths = trust::paths(ORDER_ID, ORDER_SECRET, &error);
    let mut doc: Value = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "microshop order endpoint",
            "version": "1",
            "description": "What a microshop storefront sends when a buyer places an order, and what it understands in return; the statuses are those of the reference endpoint, `microshop serve`. See docs/order-contract.md for retries and idempotency."
        },
        "paths": {
            "/api/orders": {
                "post": {
                    "operationId": "createOrder",
                    "summary": "Receive an order",
                    "parameters": [{
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": true,
                        "description": "Equal to order_id (else 400). A repeat with the same key and body gets the first answer and creates nothing.",
                        "schema": {"type": "string", "pattern": ORDER_ID}
                    }],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRequest"}}}
                    },
                    "responses": {
                        "201": accepted("Accepted and stored (`microshop serve`: with the buyer's `order_secret`). A repeat with the same Idempotency-Key and body gets the same status and body again, with Idempotent-Replayed: true.", "OrderCreated"),
                        "200": accepted("Accepted (other endpoints may answer any 2xx; the storefront treats them alike, and an empty body is fine).", "OrderAccepted"),
                        "400": error("Not an order: not JSON, a missing or mistyped field (`malformed`), or an Idempotency-Key missing or not equal to order_id (`idempotency_key`)."),
                        "408": error("The body did not arrive within 10 seconds of the headers (`body_timeout`); the storefront resends."),
                        "409": error("The catalog changed (price, stock left now, product gone; `out_of_stock` with `expected` the quantities still possible): the buyer reviews the cart and places the order again. `reference_taken`: another order already has this order's reference (the first 10 hex digits of order_id): nothing stored; place it again under a new order_id."),
                        "413": error("The body is over 256 KiB (`too_large`)."),
                        "415": error("Content-Type is not application/json (`unsupported_media_type`)."),
                        "422": error("Invalid fields or totals (shown on the checkout form), or an order id already used for another body (`idempotency_key_reused`)."),
                        "429": {"description": "Too many requests (other endpoints); the storefront retries after Retry-After seconds."},
                        "500": error("The request could not be processed (`internal`); the storefront resends later."),
                        "503": error("The shop cannot take orders now: its manifest has problems or its catalog cannot be read (`shop_unavailable`), or the order could not be stored (`storage`); the storefront resends later with the same Idempotency-Key.")
                    }
                }
            },
            "/oembed": {
                "get": {
                    "operationId": "getOEmbed",
                    "summary": "oEmbed for a product or shop page (microshop serve only; under the shop's base path)",
                    "parameters": [
                        {"name": "url", "in": "query", "required": true, "description": "A product (`p/{id}/`), category (`c/{id}/`) or shop page of this shop, on the host the request is sent to.", "schema": {"type": "string"}},
                        {"name": "format", "in": "query", "required": false, "description": "`json` (the default); any other is 501.", "schema": {"type": "string"}},
                        {"name": "maxwidth", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 4_294_967_295u64}},
                        {"name": "maxheight", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 4_294_967_295u64}}
                    ],
                    "responses": {
                        "200": {"description": "The embed", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OEmbed"}}}},
                        "400": error("No url, a parameter given twice, or a size that is not a positive whole number (`malformed`)."),
                        "404": error("Not a product, category or shop page of this shop (`not_found`)."),
                        "500": error("The request could not be processed (`internal`)."),
                        "501": error("A format other than json (`format`)."),
                        "503": error("The shop's files have problems (`shop_unavailable`).")
                    }
                }
            },
            "/api/orders/{order_id}": {
                "get": {
                    "operationId": "getOrderStatus",
                    "summary": "An order's status, for the buyer who holds its secret (optional for other endpoints)",
                    "parameters": [
                        {"name": "order_id", "in": "path", "required": true, "schema": {"type": "string", "pattern": ORDER_ID}},
                        {"name": "Order-Secret", "in": "header", "required": true, "description": "The `order_secret` of the order's 201 answer. Missing or wrong, the answer is the 404 of an unknown order.", "schema": {"type": "string", "pattern": ORDER_SECRET}}
                    ],
                    "responses": {
                        "200": {"description": "The status", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderStatus"}}}},
                        "404": error("No such order, or the Order-Secret header is missing or wrong (`not_found`): the same answer, so it tells nothing about which orders exist."),
                        "500": error("The request could not be processed (`internal`)."),
                        "503": error("The order database cannot be read now (`storage`).")
                    }
                }
            }
        },
        "components": {"schemas": schemas}
    });
    if let Some(paths) = doc["paths"].as_object_mut() {
        paths.extend(trust_paths);
    }
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::document;
    use serde_json::Value;

    #[test]
    fn the_request_schema_carries_every_rule() {
        let doc: Value = serde_json::from_str(&document()).expect("json");
        let schemas = &doc["components"]["schemas"];
        let rule = |schema: &str, field: &str, key: &str| {
            schemas[schema]["properties"][field][key].clone()
        };
        assert_eq!(rule("OrderRequest", "schema", "const"), "microshop.order/1");
        assert_eq!(
            rule("OrderRequest", "order_id", "pattern"),
            "^ord_[0-9a-f]{32}$"
        );
        assert_eq!(rule("OrderRequest", "lines", "minItems"), 1);
        for (schema, field) in [
            ("OrderRequest", "subtotal"),
            ("OrderRequest", "total"),
            ("OrderLine", "unit_price"),
            ("OrderLine", "line_total"),
            ("OrderShipping", "price"),
        ] {
            assert!(
                rule(schema, field, "pattern").is_string(),
                "{schema}.{field}"
            );
        }
        assert_eq!(rule("OrderLine", "quantity", "minimum"), 1);
        assert!(rule("OrderRequest", "referral", "pattern").is_string());
    }
}
