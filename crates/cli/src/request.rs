//! `microshop request`: the exact request a shop's order mapping sends, for a
//! sample order, so a seller can see what their chat or form service will get
//! without buying anything. Built by core's own `build_order` and
//! `delivery::request`, the code the storefront sends with.

use crate::check;
use crate::source::Source;
use crate::store::now_rfc3339;
use microshop_core::cart::Cart;
use microshop_core::delivery::request::{request_body, sent_headers};
use microshop_core::order::{build_order, order_id_from_bytes, CheckoutInput};
use microshop_core::{Catalog, FieldKind, Manifest};
use std::collections::BTreeMap;

/// Prints the request for a sample order of `sku` (default: the first product
/// that is not sold out): method and URL, headers, a blank line, the body.
pub fn run(arg: &str, sku: Option<&str>) -> Result<(), String> {
    let source = Source::parse(arg);
    let shop = check::load(&source, false).map_err(|r| {
        let problems: Vec<String> = r.errors.iter().map(|e| format!("  {e}")).collect();
        format!(
            "{source} has problems; `microshop check {arg}` explains them:\n{}",
            problems.join("\n")
        )
    })?;
    let (manifest, catalog) = (&shop.manifest, &shop.catalog);
    let sku = match sku {
        Some(sku) => sku.to_owned(),
        None => first_buyable(catalog)
            .ok_or("no product of this shop can be bought (all are sold out)")?,
    };
    let Some((product, _)) = catalog.find_sku(&sku) else {
        let skus: Vec<&str> = catalog
            .products
            .iter()
            .flat_map(|p| p.variants.iter().map(|v| v.sku.as_str()))
            .collect();
        return Err(format!(
            "\"{sku}\" is not a sku of this shop; its skus: {}",
            skus.join(", ")
        ));
    };
    let mut cart = Cart::default();
    let quantity = product.min_qty.unwrap_or(1).max(1);
    cart.add(catalog, &sku, quantity)
        .map_err(|e| format!("\"{sku}\" cannot be put in a cart: {e:?}"))?;
    let input = CheckoutInput {
        customer: sample_customer(manifest),
        shipping_id: manifest.shipping.first().map(|s| s.id.clone()),
        referral: None,
    };
    // A fixed id says plainly that this is no real order.
    let id = order_id_from_bytes([0x5a; 16]);
    let locale = manifest.default_locale().to_owned();
    let order = build_order(manifest, catalog, &cart, &input, &locale, id, now_rfc3339())
        .map_err(|e| format!("a sample order could not be built: {e:?}"))?;
    let target = &manifest.order;
    let (content_type, body) = request_body(target.format, target.body.as_ref(), &order);
    println!("POST {}", target.endpoint);
    for (name, value) in sent_headers(target, &order.order_id, content_type) {
        println!("{name}: {value}");
    }
    println!();
    println!("{body}");
    eprintln!(
        "(a sample order of {quantity} × {sku} with sample buyer details; nothing was sent{})",
        if target.endpoint.starts_with('/') {
            "; the URL is on the shop's own site"
        } else {
            ""
        }
    );
    Ok(())
}

/// The first sku that can be bought: not sold out.
fn first_buyable(catalog: &Catalog) -> Option<String> {
    catalog
        .products
        .iter()
        .flat_map(|p| &p.variants)
        .find(|v| v.stock != Some(0))
        .map(|v| v.sku.clone())
}

/// A value for every checkout field that passes its kind's check.
fn sample_customer(manifest: &Manifest) -> BTreeMap<String, String> {
    manifest
        .checkout
        .fields
        .iter()
        .map(|f| {
            let value = match f.kind {
                FieldKind::Name => "Sample Buyer",
                FieldKind::Phone => "+86 138 0000 0000",
                FieldKind::Email => "buyer@example.com",
                FieldKind::Address => "1 Sample Street, Sample City",
                FieldKind::Text => "sample text",
                FieldKind::Note => "sample note",
            };
            (f.id.clone(), value.to_owned())
        })
        .collect()
}
