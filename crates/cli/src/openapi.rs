//! `microshop openapi`: the order contract as an OpenAPI 3.1 document, its schemas
//! generated from the core types that the storefront and this endpoint use.

use microshop_core::order::{OrderAccepted, OrderRejected, OrderRequest};
use schemars::generate::SchemaSettings;
use serde_json::{json, Value};

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
    let error = |description: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRejected"}}}
        })
    };
    let doc: Value = json!({
        "openapi": "3.1.0",
        "info": {
            "title": "microshop order endpoint",
            "version": "1",
            "description": "What a microshop storefront sends when a buyer places an order, and what it understands in return. See docs/order-contract.md for retries and idempotency."
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
                        "description": "Equal to order_id. A repeat with the same key and body gets the first answer and creates nothing.",
                        "schema": {"type": "string", "pattern": "^ord_[0-9a-f]{32}$"}
                    }],
                    "requestBody": {
                        "required": true,
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRequest"}}}
                    },
                    "responses": {
                        "201": {
                            "description": "Accepted. The body is optional; every field of it is optional. A repeat with the same Idempotency-Key and body gets the same status and body again, with the header Idempotent-Replayed: true.",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderAccepted"}}}
                        },
                        "200": {
                            "description": "Accepted (any 2xx is accepted; an empty body is fine).",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderAccepted"}}}
                        },
                        "409": error("The catalog changed (price, stock, product gone): the buyer reviews the cart and places the order again."),
                        "422": error("Invalid fields or totals: shown on the checkout form."),
                        "429": {"description": "Too many requests; the storefront retries after Retry-After seconds."},
                        "5XX": {"description": "Temporary failure; the storefront retries later with the same Idempotency-Key."}
                    }
                }
            },
            "/api/orders/{order_id}": {
                "get": {
                    "operationId": "getOrderStatus",
                    "summary": "An order's status (optional for other endpoints)",
                    "parameters": [{"name": "order_id", "in": "path", "required": true, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {"description": "The status", "content": {"application/json": {"schema": {
                            "type": "object",
                            "required": ["order_id", "status"],
                            "properties": {
                                "order_id": {"type": "string"},
                                "status": {"type": "string"},
                                "created_at": {"type": "string"},
                                "received_at": {"type": "string"},
                                "currency": {"type": "string"},
                                "total": {"type": "string"}
                            }
                        }}}},
                        "404": {"description": "No such order"}
                    }
                }
            }
        },
        "components": {"schemas": schemas}
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}
