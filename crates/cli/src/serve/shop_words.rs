//! The shop's own words for what an order names by id: a line's title and option
//! labels from the catalog for its sku, the shipping option's label from the
//! manifest for its id, in the order's locale (else the shop's first language), as
//! the storefront writes them. The endpoint checks skus, ids and amounts, not the
//! words a buyer's client sends with them (docs/order-contract.md section 5), so
//! whatever speaks for the shop (the signed receipt, the desk, the CSV export) takes
//! these instead (REVIEW8 sections 1 and 4). Here in the CLI, not in core: core is
//! compiled into the storefront, whose bytes move when its code changes.

use crate::check::Shop;
use microshop_core::order::{variant_labels, OrderRequest, Pairs};

/// A line's title and option labels as the shop's catalog has them for `sku`, in
/// `locale` (else the shop's first language); `None` for a sku the catalog no
/// longer has.
pub fn line_words(shop: &Shop, sku: &str, locale: &str) -> Option<(String, Vec<(String, String)>)> {
    let fallback = shop.manifest.default_locale();
    let (product, variant) = shop.catalog.find_sku(sku)?;
    let options = variant_labels(product, variant, locale, fallback);
    Some((
        product.title.get(locale, fallback).to_owned(),
        options.collect(),
    ))
}

/// The label of the shop's shipping option `id` in `locale` (else the shop's first
/// language); `None` for an id the manifest no longer has.
pub fn shipping_label(shop: &Shop, id: &str, locale: &str) -> Option<String> {
    let fallback = shop.manifest.default_locale();
    let option = shop.manifest.shipping.iter().find(|o| o.id == id)?;
    Some(option.label.get(locale, fallback).to_owned())
}

/// `order` with the shop's words in place of the ones sent: each line's title and
/// options, and the shipping label. What the shop signs (serve's accept). A sku or
/// id the shop lacks (not possible once `verify_order` passed) is worded by itself,
/// never by the buyer's text.
pub fn in_shop_words(shop: &Shop, order: &OrderRequest) -> OrderRequest {
    let mut worded = order.clone();
    for line in &mut worded.lines {
        let (title, options) = line_words(shop, &line.sku, &order.locale)
            .unwrap_or_else(|| (line.sku.clone(), Vec::new()));
        line.title = title;
        line.options = options.into_iter().collect::<Pairs>();
    }
    if let Some(shipping) = &mut worded.shipping {
        shipping.label = shipping_label(shop, &shipping.id, &order.locale)
            .unwrap_or_else(|| shipping.id.clone());
    }
    worded
}
