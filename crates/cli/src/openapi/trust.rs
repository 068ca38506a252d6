//! The reviews and problems of `microshop serve` in the OpenAPI document
//! (docs/trust.md): the buyer's writes, with the order's secret and a one-time
//! nonce, and the public reads. Hand-written like the order's status read: these
//! answers are the server's, not types the storefront shares.

use serde_json::{json, Map, Value};

/// A nonce as the endpoint takes it: 16 to 128 of letters, digits, `-` and `_`.
const NONCE: &str = "^[A-Za-z0-9_-]{16,128}$";
/// An id of the manifest (a product's).
const ID: &str = "^[A-Za-z0-9_-]{1,64}$";

/// The schemas of the answers.
pub fn schemas(order_id: &str) -> Vec<(&'static str, Value)> {
    let time = || json!({"type": "string", "description": "RFC 3339 UTC"});
    let figures = |description: &str| {
        json!({
            "description": description,
            "type": "object",
            "required": ["raised", "resolved", "refunded", "open"],
            "properties": {
                "raised": {"type": "integer", "minimum": 0},
                "resolved": {"type": "integer", "minimum": 0},
                "refunded": {"type": "integer", "minimum": 0},
                "open": {"type": "integer", "minimum": 0}
            }
        })
    };
    vec![
        (
            "OwnReview",
            json!({
                "description": "A review as its writer reads it: in the write's answer and the status read's `reviews`.",
                "type": "object",
                "required": ["id", "product_id", "rating", "text", "display_name", "locale", "created_at", "updated_at", "editable_until", "hidden"],
                "properties": {
                    "id": {"type": "integer"},
                    "product_id": {"type": "string"},
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                    "text": {"type": "string", "description": "As written (trimmed): text, never markup; at most 2,000 characters."},
                    "display_name": {"type": "string", "maxLength": 40, "description": "The name it is shown under, as written (trimmed): text, never markup, not verified; '' for none."},
                    "locale": {"type": "string"},
                    "created_at": time(),
                    "updated_at": time(),
                    "editable_until": {"type": "string", "description": "Until when its writer may change it (30 days after it was first written)."},
                    "hidden": {"type": "boolean"},
                    "hidden_reason": {"type": "string", "description": "Why the seller hid it (only while hidden)."},
                    "reply": {"$ref": "#/components/schemas/ReviewReply"}
                }
            }),
        ),
        (
            "ReviewReply",
            json!({
                "description": "The seller's public reply.",
                "type": "object",
                "required": ["text"],
                "properties": {"text": {"type": "string"}, "at": {"type": ["string", "null"]}, "date": {"type": ["string", "null"]}}
            }),
        ),
        (
            "ReviewWritten",
            json!({
                "type": "object",
                "required": ["review"],
                "properties": {"review": {"$ref": "#/components/schemas/OwnReview"}}
            }),
        ),
        (
            "ProductReviews",
            json!({
                "description": "A product's shown reviews and figures. `count` and `stars` are exact (the average is stars / count); `average` is that to two places, rounded half up, as a decimal string (null without reviews). `hidden` counts the reviews the seller hid, each with a reason: none is deleted.",
                "type": "object",
                "required": ["product_id", "count", "stars", "average", "hidden", "reviews"],
                "properties": {
                    "product_id": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "stars": {"type": "integer", "minimum": 0},
                    "average": {"type": ["string", "null"], "pattern": "^[1-5]\\.[0-9]{2}$"},
                    "hidden": {"type": "integer", "minimum": 0},
                    "reviews": {
                        "type": "array",
                        "description": "Newest first. No order and no name from it: every review is of a completed order of this shop, shown under the name its writer chose (`display_name`, not verified; '' for none).",
                        "items": {
                            "type": "object",
                            "required": ["rating", "text", "display_name", "locale", "date", "verified_purchase", "edited"],
                            "properties": {
                                "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                                "text": {"type": "string"},
                                "display_name": {"type": "string", "maxLength": 40, "description": "The name its writer chose to show: text, not verified; '' for none."},
                                "locale": {"type": "string"},
                                "date": {"type": "string", "description": "YYYY-MM-DD (UTC) it was first written."},
                                "verified_purchase": {"const": true},
                                "edited": {"type": "boolean"},
                                "reply": {"$ref": "#/components/schemas/ReviewReply"}
                            }
                        }
                    }
                }
            }),
        ),
        (
            "ProblemThread",
            json!({
                "description": "A problem with an order and its thread, oldest message first.",
                "type": "object",
                "required": ["id", "order_id", "kind", "state", "created_at", "updated_at", "closed_at", "messages"],
                "properties": {
                    "id": {"type": "integer"},
                    "order_id": {"type": "string", "pattern": order_id},
                    "kind": {"type": "string", "enum": ["not_received", "not_as_described", "damaged", "other"]},
                    "state": {"type": "string", "enum": ["open", "resolved", "refunded"]},
                    "created_at": time(),
                    "updated_at": time(),
                    "closed_at": {"type": ["string", "null"]},
                    "messages": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["author", "text", "at"],
                            "properties": {
                                "author": {"type": "string", "enum": ["buyer", "seller"]},
                                "text": {"type": "string"},
                                "at": time(),
                                "photo": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "SHA-256 of the photo sent with it (the seller reads it in the desk)."}
                            }
                        }
                    }
                }
            }),
        ),
        (
            "ProblemRaised",
            json!({
                "type": "object",
                "required": ["problem"],
                "properties": {"problem": {"$ref": "#/components/schemas/ProblemThread"}}
            }),
        ),
        (
            "ShopRecord",
            json!({
                "description": "The shop's problem figures over the last 90 days, from the seller's own records: problems raised since `since`, and where they stand now, apart by whether the seller ever confirmed the problem's order (as the order is now).",
                "type": "object",
                "required": ["window_days", "since", "problems", "problems_on_unconfirmed_orders", "review_edit_days", "source"],
                "properties": {
                    "window_days": {"const": 90},
                    "since": time(),
                    "review_edit_days": {"type": "integer"},
                    "source": {"type": "string"},
                    "problems": figures("Problems of orders the seller confirmed: their status went past `new` (paid, shipped, completed; cancelled after being paid included)."),
                    "problems_on_unconfirmed_orders": figures("Problems of orders the seller never confirmed: only ever `new`, cancelled from `new` included (orders cost nothing to place, so anyone can raise these).")
                }
            }),
        ),
    ]
}

/// The paths; `error` makes a JSON error answer's description.
pub fn paths(
    order_id: &str,
    order_secret: &str,
    error: &dyn Fn(&str) -> Value,
) -> Map<String, Value> {
    let ok = |description: &str, schema: &str| {
        json!({
            "description": description,
            "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}
        })
    };
    // A problem raised again, or a message sent again, with a new nonce: the
    // problem as it is, nothing stored (docs/trust.md "Replays").
    let again = |description: &str| {
        json!({
            "description": description,
            "headers": {"Idempotent-Replayed": {
                "description": "`true` when the same problem (kind, text, photo) was raised already, or the buyer sent this text and photo to the thread already: nothing new was stored; the body is the problem as it is now.",
                "schema": {"type": "string", "enum": ["true"]}
            }},
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ProblemRaised"}}}
        })
    };
    let limited = json!({
        "description": "Too many reviews and problem reports from this client address (`rate_limited`; `serve --buyer-writes-per-minute`): wait Retry-After seconds.",
        "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string", "pattern": "^[0-9]+$"}}},
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/OrderRejected"}}}
    });
    let holder = |what: &str| {
        json!([
            {"name": "order_id", "in": "path", "required": true, "schema": {"type": "string", "pattern": order_id}},
            {"name": "Order-Secret", "in": "header", "required": true, "description": "The order's `order_secret`. Missing or wrong (another order's included), the answer is the 404 of an unknown order.", "schema": {"type": "string", "pattern": order_secret}},
            {"name": "Request-Nonce", "in": "header", "required": true, "description": format!("New for every {what} (the storefront makes 128 random bits): a request sent again with a nonce already taken changes nothing and is answered 409 `replayed`."), "schema": {"type": "string", "pattern": NONCE}}
        ])
    };
    let mut paths = Map::new();
    paths.insert(
        "/api/orders/{order_id}/reviews".to_owned(),
        json!({"post": {
            "operationId": "writeReview",
            "summary": "Write (or change) the review of a product of a completed order (microshop serve only)",
            "parameters": holder("review"),
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["product_id", "rating"],
                "properties": {
                    "product_id": {"type": "string", "pattern": ID, "description": "A product of one of the order's lines."},
                    "rating": {"type": "integer", "minimum": 1, "maximum": 5},
                    "text": {"type": "string", "maxLength": 2000, "description": "Optional; kept as text (markup included, never interpreted); no control characters."},
                    "display_name": {"type": "string", "maxLength": 40, "description": "Optional: the name the review is shown under (trimmed; at most 40 characters; no control characters, line breaks included); kept as text, not verified. Every write sets it again: left out or empty, the review is shown with no name. Cleared when the buyer's personal data is."},
                    "locale": {"type": "string", "description": "The language it is written in (a BCP 47 tag)."}
                }
            }}}},
            "responses": {
                "201": ok("Written: the order's first review of this product.", "ReviewWritten"),
                "200": ok("Changed: the order had a review of this product, written less than 30 days ago.", "ReviewWritten"),
                "400": error("No or a malformed Request-Nonce (`nonce`), or a body that is not a JSON object (`malformed`)."),
                "404": error("No such order, or the Order-Secret header is missing or wrong (`not_found`)."),
                "409": error("The order is not completed (`not_completed`), the review is older than 30 days (`edit_closed`), or the nonce was used before (`replayed`): nothing changed."),
                "410": error("The order's personal data was cleared (`microshop buyer erase`, or retention after completion): it takes no new reviews, problems or messages (`order_cleared`, naming the day); nothing changed."),
                "413": error("The body is over 16 KiB (`too_large`)."),
                "415": error("Content-Type is not application/json (`unsupported_media_type`)."),
                "422": error("A field is wrong (`invalid`: rating, text, display_name, locale, product_id, named in `problems`), or the order has no line of the product (`not_bought`)."),
                "429": limited.clone(),
                "500": error("The request could not be processed (`internal`)."),
                "503": error("The order database cannot be used now (`storage`).")
            }
        }}),
    );
    paths.insert(
        "/api/orders/{order_id}/problems".to_owned(),
        json!({"post": {
            "operationId": "raiseProblem",
            "summary": "Raise a problem with an order (microshop serve only)",
            "parameters": holder("problem"),
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["kind", "text"],
                "properties": {
                    "kind": {"type": "string", "enum": ["not_received", "not_as_described", "damaged", "other"]},
                    "text": {"type": "string", "minLength": 1, "maxLength": 2000, "description": "What happened; kept as text; no control characters."},
                    "photo": {"type": "string", "contentEncoding": "base64", "description": "A JPEG, PNG or WebP photo of at most 2 MiB, as base64; its type is read from its bytes."}
                }
            }}}},
            "responses": {
                "201": again("Raised: the problem and its first message. The same kind, text and photo raised again for this order (whatever its state now) gets that problem as it is, with Idempotent-Replayed: true; nothing new is raised."),
                "400": error("No or a malformed Request-Nonce (`nonce`), or a body that is not a JSON object (`malformed`)."),
                "404": error("No such order, or the Order-Secret header is missing or wrong (`not_found`)."),
                "409": error("The nonce was used before (`replayed`), the order has 3 problems open (`too_many_problems`), or a photo was sent for an order the seller never confirmed (`photo_not_yet`, naming photo: only ever `new`, cancelled from `new` included; the words alone are taken): nothing changed."),
                "410": error("The order's personal data was cleared (`microshop buyer erase`, or retention after completion): it takes no new reviews, problems or messages (`order_cleared`, naming the day); nothing changed."),
                "413": error("The photo is over 2 MiB, or the body over 4 MiB (`too_large`)."),
                "415": error("Content-Type is not application/json (`unsupported_media_type`), or the photo is not a JPEG, PNG or WebP photo (`not_an_image`, saying what it is)."),
                "422": error("A field is wrong (`invalid`: kind, text, photo, named in `problems`), or the photo would take the order's problems past 10 MiB of photos (`photos_full`, naming photo): nothing changed."),
                "429": {
                    "description": "Too many reviews and problem reports from this client address, or too many problems raised from it in a day (`rate_limited`; `serve --buyer-writes-per-minute`, `--problems-per-day`): wait Retry-After seconds.",
                    "headers": limited["headers"].clone(),
                    "content": limited["content"].clone()
                },
                "500": error("The request could not be processed (`internal`)."),
                "503": error("The order database cannot be used now (`storage`).")
            }
        }}),
    );
    let limited_again = limited;
    let mut thread = holder("message");
    if let Some(list) = thread.as_array_mut() {
        list.insert(1, json!({"name": "problem_id", "in": "path", "required": true, "description": "The problem's `id` (a problem of this order).", "schema": {"type": "string"}}));
    }
    paths.insert(
        "/api/orders/{order_id}/problems/{problem_id}/messages".to_owned(),
        json!({"post": {
            "operationId": "addProblemMessage",
            "summary": "Add to an open problem's thread (microshop serve only)",
            "parameters": thread,
            "requestBody": {"required": true, "content": {"application/json": {"schema": {
                "type": "object",
                "required": ["text"],
                "properties": {
                    "text": {"type": "string", "minLength": 1, "maxLength": 2000},
                    "photo": {"type": "string", "contentEncoding": "base64", "description": "As for raising a problem."}
                }
            }}}},
            "responses": {
                "201": again("Added: the problem with its thread. A text and photo the buyer already sent to this thread are not added again: the thread as it is, with Idempotent-Replayed: true."),
                "400": error("No or a malformed Request-Nonce (`nonce`), or a body that is not a JSON object (`malformed`)."),
                "404": error("No such order, or the Order-Secret header is missing or wrong (`not_found` \"no such order\"); or the order has no problem of that id (`not_found` \"this order has no such problem\")."),
                "409": error("The nonce was used before (`replayed`), the problem is resolved or refunded (`problem_closed`), or a photo was sent for an order the seller never confirmed (`photo_not_yet`, naming photo): nothing changed."),
                "410": error("The order's personal data was cleared (`microshop buyer erase`, or retention after completion): it takes no new reviews, problems or messages (`order_cleared`, naming the day); nothing changed."),
                "413": error("The photo is over 2 MiB, or the body over 4 MiB (`too_large`)."),
                "415": error("Content-Type is not application/json, or the photo is not a JPEG, PNG or WebP photo (`not_an_image`)."),
                "422": error("A field is wrong (`invalid`: text, photo), the problem has 20 of the buyer's messages already (`too_many_messages`), or the photo would take the order's problems past 10 MiB of photos (`photos_full`, naming photo): nothing changed."),
                "429": limited_again,
                "500": error("The request could not be processed (`internal`)."),
                "503": error("The order database cannot be used now (`storage`).")
            }
        }}),
    );
    paths.insert(
        "/api/products/{product_id}/reviews".to_owned(),
        json!({"get": {
            "operationId": "getProductReviews",
            "summary": "A product's verified-buyer reviews (microshop serve only)",
            "parameters": [
                {"name": "product_id", "in": "path", "required": true, "schema": {"type": "string", "pattern": ID}},
                {"name": "limit", "in": "query", "required": false, "description": "Reviews listed (default 10).", "schema": {"type": "integer", "minimum": 1, "maximum": 50}}
            ],
            "responses": {
                "200": ok("The shown reviews and the figures (a product without reviews: count 0, no reviews).", "ProductReviews"),
                "400": error("A limit that is not 1 to 50 (`malformed`)."),
                "404": error("Not a product id (`not_found`)."),
                "500": error("The request could not be processed (`internal`)."),
                "503": error("The shop's files have problems (`shop_unavailable`) or its records cannot be read (`storage`).")
            }
        }}),
    );
    paths.insert(
        "/api/trust".to_owned(),
        json!({"get": {
            "operationId": "getShopRecord",
            "summary": "The shop's problem figures over 90 days, from its own records (microshop serve only)",
            "responses": {
                "200": ok("The figures.", "ShopRecord"),
                "500": error("The request could not be processed (`internal`)."),
                "503": error("The shop's files have problems (`shop_unavailable`) or its records cannot be read (`storage`).")
            }
        }}),
    );
    paths
}
