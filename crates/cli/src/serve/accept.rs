//! Accepting an order, apart from HTTP: idempotency, verification against the shop
//! and current stock, and storage in one function, so the rules of
//! docs/order-contract.md (sections 4 to 6) are in one place and can be tested with
//! a real database and no server.

use crate::check::Shop;
use crate::serve::shop_words::in_shop_words;
use crate::store::clock::{is_date_time, ms_rfc3339};
use crate::store::{Accepted, Announce, NewOrder, Shortage, Store};
use microshop_cli::receipt::{Keyring, Receipt};
use microshop_core::manifest::FieldKind;
use microshop_core::order::receipt::receipt_terms;
use microshop_core::order::{rejection, verify_order, OrderAccepted, OrderProblem, OrderRequest};
use microshop_core::rules::is_locale;
use microshop_core::{Catalog, Manifest};
use serde_json::json;
use sha2::{Digest, Sha256};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// What to answer: a status and a JSON body.
#[derive(Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// Always a JSON document (the contract promises JSON errors).
    pub body: String,
    /// The first answer to this Idempotency-Key, given again (`Idempotent-Replayed: true`).
    pub replayed: bool,
}

impl Answer {
    /// An error in the `OrderRejected` shape, with no problems listed.
    pub fn problem(status: u16, error: &str, message: &str) -> Answer {
        Answer {
            status,
            body: json!({ "error": error, "message": message, "problems": [] }).to_string(),
            replayed: false,
        }
    }

    fn replay(status: u16, body: String) -> Answer {
        Answer {
            status,
            body,
            replayed: true,
        }
    }
}

/// The 201 body of `microshop serve`: the contract's `OrderAccepted` and the
/// buyer's per-order secret, which reads the order's status
/// (`GET /api/orders/{id}` with `Order-Secret`).
#[derive(serde::Serialize)]
struct Created {
    #[serde(flatten)]
    accepted: OrderAccepted,
    order_secret: String,
    /// The receipt the shop signed (docs/trust.md), when serve has a receipt key.
    #[serde(skip_serializing_if = "Option::is_none")]
    receipt: Option<Receipt>,
}

/// What accepting needs besides the request: the store, the server's clock and
/// randomness (passed in, so tests choose them), and where to announce new orders.
pub struct Intake<'a> {
    pub store: &'a Store,
    pub now_ms: i64,
    /// Made into the buyer's per-order secret.
    pub random: [u8; 16],
    /// The notify destinations' names: one announcement row each.
    pub destinations: &'a [String],
    /// The seller's receipt key (`serve --receipt-key`): each accepted order is signed.
    pub signer: Option<&'a Keyring>,
}

/// Accepts one order request: `key` is the Idempotency-Key header (if any), `body`
/// the raw bytes as received (their SHA-256 identifies a resend), and `shop`
/// reads the shop the order is verified against.
///
/// In this order:
/// 1. a body that is not an order: 400 `malformed`;
/// 2. a key missing or not equal to `order_id`: 400 `idempotency_key`;
/// 3. a key already accepted with the same body: the first answer again, `replayed`,
///    nothing stored and the shop not read (a resend of an accepted order must not
///    be refused because the catalog changed or cannot be read meanwhile);
/// 4. a key already accepted with another body: 422 `idempotency_key_reused`;
/// 5. a shop that cannot be read: 503 `shop_unavailable` (the storefront resends);
/// 6. problems found by `verify_order` against the catalog with its current stock
///    levels: 409 or 422 with each problem, nothing stored;
/// 7. else one transaction stores the order, its answer, its stock decrements, its
///    first history event and its announcements: 201. Two copies racing here store
///    one order; the later gets the first's answer, `replayed`. Stock that ran out
///    meanwhile (another buyer, another instance) is 409 `out_of_stock` as in step 6,
///    and nothing is stored. A storage failure is 503 `storage`.
///
/// The store is used only in steps 3 (with the levels of step 6) and 7, never while `shop` runs,
/// so a slow catalog host delays only the orders that need it.
pub fn accept<F>(intake: &Intake<'_>, shop: F, key: Option<&str>, body: &[u8]) -> Answer
where
    F: FnOnce() -> Result<std::sync::Arc<Shop>, String>,
{
    let store = intake.store;
    let order: OrderRequest = match serde_json::from_slice(body) {
        Ok(o) => o,
        Err(e) => {
            return Answer::problem(
                400,
                "malformed",
                &format!("the body is not a microshop order: {e}"),
            )
        }
    };
    let key = key.unwrap_or("");
    if key != order.order_id {
        return Answer::problem(
            400,
            "idempotency_key",
            "the Idempotency-Key header must be present and equal to order_id",
        );
    }
    let body_sha256 = hex(&Sha256::digest(body));
    // The key's first answer and the stock left of the order's skus, in one read.
    // (The payload's shop id: if it is not the shop's, verification refuses it.)
    let skus: Vec<&str> = order.lines.iter().map(|l| l.sku.as_str()).collect();
    let mut levels = match store.before_accept(key, &body_sha256, &order.shop_id, &skus) {
        Ok((Some(Accepted::Replay { status, body }), _)) => return Answer::replay(status, body),
        Ok((Some(_), _)) => return key_reused(),
        Ok((None, levels)) => levels,
        Err(e) => return storage_error(&e.message),
    };
    let shop = match shop() {
        Ok(shop) => shop,
        Err(why) => {
            return Answer::problem(
                503,
                "shop_unavailable",
                &format!("the shop cannot take orders now: {why}"),
            )
        }
    };
    let mut problems = verify_order(
        &shop.manifest,
        &with_levels(&shop.catalog, &order, &levels),
        &order,
    );
    problems.extend(signed_text_problems(&order, &problems));
    problems.extend(unknown_fields(body));
    if !problems.is_empty() {
        return refused(problems);
    }
    let secret = hex(&intake.random);
    // Signed once, here: a resend gets this answer again from the store, so the
    // same signature (accepted_at is this first acceptance's time). In the shop's
    // words: the titles, options and shipping label sent are not checked, so they
    // are never signed (REVIEW8 section 1).
    let receipt = intake.signer.map(|key| {
        key.sign(&receipt_terms(
            &shop.manifest,
            &in_shop_words(&shop, &order),
            &ms_rfc3339(intake.now_ms),
        ))
    });
    let receipt_json = receipt
        .as_ref()
        .and_then(|r| serde_json::to_string(r).ok())
        .unwrap_or_default();
    let answer = Created {
        accepted: OrderAccepted {
            order_id: Some(order.order_id.clone()),
            status: Some("new".into()),
            message: Some(microshop_core::order::ACCEPTED_MESSAGE.into()),
            status_url: Some(format!("/api/orders/{}", order.order_id)),
            payment_url: None,
            // Carried beside, as an object (`receipt` below), not as text.
            receipt: None,
            // Written once, beside these fields (`order_secret` below).
            order_secret: None,
        },
        order_secret: secret.clone(),
        receipt,
    };
    let answer_json = serde_json::to_string(&answer).unwrap_or_default();
    let items: Vec<(String, u32)> = order
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    let announce: Vec<Announce> = intake
        .destinations
        .iter()
        .map(|destination| Announce {
            destination: destination.clone(),
            body: json!({
                "event": "order.created",
                "order_id": order.order_id,
                "shop_id": order.shop_id,
                "total": order.total,
                "currency": order.currency,
            })
            .to_string(),
        })
        .collect();
    let payload = String::from_utf8_lossy(body);
    let new = NewOrder {
        key,
        body_sha256: &body_sha256,
        order_id: &order.order_id,
        shop_id: &shop.manifest.id,
        created_at: &order.created_at,
        received_ms: intake.now_ms,
        currency: &order.currency,
        total: &order.total,
        total_minor: shop
            .manifest
            .currency
            .parse(&order.total)
            .map_or(0, |m| m.0),
        customer_name: &field_of(&shop.manifest, &order, FieldKind::Name, "name"),
        customer_phone: &field_of(&shop.manifest, &order, FieldKind::Phone, "phone"),
        customer_email: &field_of(&shop.manifest, &order, FieldKind::Email, "email"),
        payload: &payload,
        secret: &secret,
        items: &items,
        status: 201,
        response: &answer_json,
        receipt: &receipt_json,
        announce: &announce,
    };
    match store.accept(&new) {
        Ok(Accepted::New) => {
            note!(
                "order {} received: {} {}",
                order.order_id,
                order.total,
                order.currency
            );
            Answer {
                status: 201,
                body: answer_json,
                replayed: false,
            }
        }
        Ok(Accepted::Replay { status, body }) => Answer::replay(status, body),
        Ok(Accepted::Mismatch) => key_reused(),
        Ok(Accepted::ReferenceTaken { reference }) => reference_taken(&reference),
        Ok(Accepted::Short(short)) => {
            // Another order took the stock between the check above and the
            // transaction: the same answer the check gives with the levels now.
            for Shortage { sku, left } in &short {
                levels.insert(sku.clone(), *left);
            }
            let mut problems = verify_order(
                &shop.manifest,
                &with_levels(&shop.catalog, &order, &levels),
                &order,
            );
            if problems.is_empty() {
                problems = short.iter().map(sold_out).collect();
            }
            refused(problems)
        }
        Err(e) => storage_error(&e.message),
    }
}

/// What serve refuses besides `verify_order`'s problems, in the same shape: a
/// `created_at` that is not an RFC 3339 date and time and a `locale` that is not a
/// language tag. Both are signed into the receipt (its "placed" and the language
/// of its texts), so free text there ("2026-12-07 PAID IN FULL by bank transfer")
/// was a statement in the seller's name (REVIEW8 section 1). A path `verify_order`
/// already named (a control character) is not named twice. Checked here, not in
/// core's `verify_order`: core is compiled into the storefront, whose bytes move
/// when its code changes (docs/performance.md).
fn signed_text_problems(order: &OrderRequest, found: &[OrderProblem]) -> Vec<OrderProblem> {
    let named = |path: &str| found.iter().any(|p| p.path == path);
    let problem = |path: &str, message: &str| OrderProblem::new(path, path, message);
    let mut problems = Vec::new();
    if !named("created_at") && !is_date_time(&order.created_at) {
        problems.push(problem(
            "created_at",
            "must be an RFC 3339 date and time (2026-11-28T10:42:07.318Z)",
        ));
    }
    if !named("locale") && !is_locale(&order.locale) {
        problems.push(problem("locale", "must be a language tag (en, zh-CN)"));
    }
    problems
}

/// The keys of the order contract (docs/order-contract.md section 2): every key
/// of an order, of a line and of `shipping` that every storefront version sends
/// (`OrderRequest` serialized; `accept_tests.rs` holds the lists to it).
pub(super) const ORDER_KEYS: [&str; 13] = [
    "schema",
    "order_id",
    "created_at",
    "shop_id",
    "currency",
    "locale",
    "lines",
    "subtotal",
    "shipping",
    "total",
    "customer",
    "note",
    "referral",
];
pub(super) const LINE_KEYS: [&str; 7] = [
    "product_id",
    "sku",
    "title",
    "options",
    "unit_price",
    "quantity",
    "line_total",
];
pub(super) const SHIPPING_KEYS: [&str; 3] = ["id", "label", "price"];
/// Unknown fields named one by one; the rest are counted in one more problem.
const UNKNOWN_NAMED: usize = 10;

/// The key names of one JSON object, its values skipped unread (at any depth:
/// serde_json skips without its nesting limit).
struct Keys(Vec<String>);

impl<'de> serde::Deserialize<'de> for Keys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Keys, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = Keys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Keys, A::Error> {
                let mut keys = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    map.next_value::<serde::de::IgnoredAny>()?;
                    keys.push(key);
                }
                Ok(Keys(keys))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// An order's keys, with those of its lines and of `shipping` (in document order).
struct OrderKeys(Vec<String>);

impl<'de> serde::Deserialize<'de> for OrderKeys {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<OrderKeys, D::Error> {
        struct Visit;
        impl<'de> serde::de::Visitor<'de> for Visit {
            type Value = OrderKeys;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an order")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<OrderKeys, A::Error> {
                let mut paths = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "lines" => {
                            for (i, line) in map.next_value::<Vec<Keys>>()?.into_iter().enumerate()
                            {
                                paths.extend(line.0.into_iter().filter_map(|k| {
                                    (!LINE_KEYS.contains(&k.as_str()))
                                        .then(|| format!("lines[{i}].{}", shown_key(&k)))
                                }));
                            }
                        }
                        "shipping" => {
                            let keys = map.next_value::<Option<Keys>>()?.map(|k| k.0);
                            paths.extend(keys.unwrap_or_default().into_iter().filter_map(|k| {
                                (!SHIPPING_KEYS.contains(&k.as_str()))
                                    .then(|| format!("shipping.{}", shown_key(&k)))
                            }));
                        }
                        known if ORDER_KEYS.contains(&known) => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                        }
                        _ => {
                            map.next_value::<serde::de::IgnoredAny>()?;
                            paths.push(shown_key(&key));
                        }
                    }
                }
                Ok(OrderKeys(paths))
            }
        }
        d.deserialize_map(Visit)
    }
}

/// A key as a problem's path names it: at most 64 characters.
fn shown_key(key: &str) -> String {
    match key.char_indices().nth(64) {
        Some((cut, _)) => format!("{}…", &key[..cut]),
        None => key.to_owned(),
    }
}

/// A field the contract does not have, at the top, in a line or in `shipping`:
/// 422 `unknown_field` at its path (`x`, `lines[0].x`, `shipping.x`), the first
/// ten named, the rest counted in one problem at the eleventh's path. An order
/// was stored byte for byte whatever it carried (up to 256 KiB, nested 5,000 deep,
/// too deep for `buyer erase` to read back as JSON: REVIEW8 finding 5 and minor
/// 1); the contract has no extension fields, and `customer` and the lines'
/// `options` hold text only. Run on a body already read as an `OrderRequest`
/// (so it is an object, keys not repeated).
fn unknown_fields(body: &[u8]) -> Vec<OrderProblem> {
    let paths = serde_json::from_slice::<OrderKeys>(body).map_or_else(|_| Vec::new(), |k| k.0);
    let mut problems: Vec<OrderProblem> = paths
        .iter()
        .take(UNKNOWN_NAMED)
        .map(|path| {
            OrderProblem::new(
                "unknown_field",
                path,
                "is not a field of microshop.order/1 (docs/order-contract.md): send the order without it",
            )
        })
        .collect();
    if let Some(path) = paths.get(UNKNOWN_NAMED) {
        problems.push(OrderProblem::new(
            "unknown_field",
            path,
            format!(
                "and {} more fields from this one on are not fields of microshop.order/1",
                paths.len() - UNKNOWN_NAMED
            ),
        ));
    }
    problems
}

fn refused(problems: Vec<OrderProblem>) -> Answer {
    let (status, rejected) = rejection(problems);
    Answer {
        status,
        body: serde_json::to_string(&rejected).unwrap_or_default(),
        replayed: false,
    }
}

/// A shortage the verification did not explain (a catalog that changed between
/// the two readings): the sku is reported with what is left.
fn sold_out(short: &Shortage) -> OrderProblem {
    OrderProblem {
        code: "out_of_stock".into(),
        path: "lines".into(),
        message: format!("only {} left", short.left),
        sku: Some(short.sku.clone()),
        field: None,
        expected: None,
        reason: None,
    }
}

/// The catalog as verification must see it: the products of the order's lines,
/// with their variants' stock replaced by the current levels. Without levels (no
/// sku of the order has a count) the catalog as it is, not copied.
fn with_levels<'c>(
    catalog: &'c Catalog,
    order: &OrderRequest,
    levels: &BTreeMap<String, i64>,
) -> Cow<'c, Catalog> {
    if levels.is_empty() {
        return Cow::Borrowed(catalog);
    }
    let mut products: Vec<microshop_core::Product> = Vec::new();
    for line in &order.lines {
        let Some((product, _)) = catalog.find_sku(&line.sku) else {
            continue;
        };
        if products.iter().any(|p| p.id == product.id) {
            continue;
        }
        let mut product = product.clone();
        for variant in &mut product.variants {
            if let Some(level) = levels.get(&variant.sku) {
                variant.stock = Some(u32::try_from((*level).max(0)).unwrap_or(u32::MAX));
            }
        }
        products.push(product);
    }
    Cow::Owned(Catalog {
        categories: Vec::new(),
        products,
    })
}

/// What the buyer typed in the checkout field of `kind` (the first such field
/// with a value), else in a field with the id `fallback`.
fn field_of(manifest: &Manifest, order: &OrderRequest, kind: FieldKind, fallback: &str) -> String {
    manifest
        .checkout
        .fields
        .iter()
        .filter(|f| f.kind == kind)
        .find_map(|f| order.customer.get(&f.id))
        .or_else(|| order.customer.get(fallback))
        .cloned()
        .unwrap_or_default()
}

fn key_reused() -> Answer {
    Answer::problem(
        422,
        "idempotency_key_reused",
        "this order id was already used for a different order",
    )
}

/// Another order of the shop has this order's reference (the first 40 bits of its
/// id, what buyers quote when paying): a 409 the storefront shows like any refusal,
/// forgetting the order, so the buyer's next "Place order" makes a new id and so a
/// new reference (docs/order-contract.md).
fn reference_taken(reference: &str) -> Answer {
    Answer {
        status: 409,
        body: json!({
            "error": "reference_taken",
            "message": format!(
                "another order already has the reference {reference} (the first 10 hex digits of \
                 order_id); place the order again under a new order_id"
            ),
            "problems": [{
                "code": "order_id",
                "path": "order_id",
                "message": format!("its reference {reference} is another order's"),
            }],
        })
        .to_string(),
        replayed: false,
    }
}

/// The details go to the seller's terminal; the buyer's storefront only needs to resend.
pub fn storage_error(e: &str) -> Answer {
    note!("storage error: {e}");
    Answer::problem(
        503,
        "storage",
        "the order could not be stored; it will be retried",
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
#[path = "accept_tests.rs"]
mod tests;
