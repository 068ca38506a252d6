//! What lets a buyer trust the shop, in the on-demand `trust` part: the signed
//! receipt's check on the order page ("Receipt signed by …") and the `/receipt/` page
//! that checks a saved receipt; verified-buyer reviews and problems with an order
//! (docs/trust.md): the product page's reviews and the shop's 90-day problems
//! figures, and on the order page the review form of a completed order and "Report a
//! problem" with its thread. Reviews and problems are shown only in a shop whose
//! manifest names `microshop serve`'s API (`trust.api`): the product page asks for
//! them when idle, the order page only for an order serve accepted.
//!
//! The part has ONE entry point, [`part`], which hands back a table of builders
//! ([`Trust`]): every page or panel that lives here is a field of the table, so a new
//! one costs the first load no new split point (each adds a loader stub to the main
//! module and an entry to the parts' loader JS, docs/performance.md). To add one:
//! write its component in a file of this folder, add a field to [`Trust`] (a `fn`
//! pointer taking owned values such as `String`s) and fill it in `part`, then show it
//! with `OnDemand` where it belongs (the seal on `orders::page`'s order page for a
//! panel); a page of its own is one more case of [`page_panel_here`], chosen by the
//! address (`app.rs`' `ReceiptCheckPart`), so the first load shows it with the same
//! `OnDemand` as the product page's reviews.

pub mod api;
pub mod check_page;
pub mod order;
pub mod problems;
pub mod product;
pub mod receipt;
pub mod receipt_words;
pub mod strip;
pub mod words;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use crate::shop::links::{self, Route};
use crate::shop::use_shop;
use crate::web::address::use_address;
use api::OrderRef;
use leptos::prelude::*;

/// The pages and panels of the `trust` part: plain function pointers, so the code
/// that shows them (in the first load or in another part) never reaches their code.
#[derive(Clone, Copy)]
pub struct Trust {
    /// On the order page: the receipt's check ("signed by"), its file to save and the
    /// way to the check page. Takes the receipt as the endpoint answered it (JSON
    /// text) and the order's short reference (the file's name).
    pub receipt_seal: fn(String, String) -> AnyView,
    /// The page or panel the address shows: on a product page its reviews and on the
    /// feed the trust strip's "Receipts signed by <domain>" (when the domain publishes
    /// the key the shop signs with), both fetched when the browser is idle; on
    /// `/receipt/` the page that checks a saved receipt file. One field shown by one
    /// function ([`page_panel`]) for all three: each way of showing a part's value is
    /// an `OnDemand` of its own in the first load (docs/performance.md).
    pub page_panel: Page,
    /// On the order page: the reviews and problems of the order with this id (kept in
    /// this browser, accepted by serve with a secret; nothing otherwise).
    pub order_reviews: fn(String) -> AnyView,
}

/// Shows the table's panel for the page the address shows ([`Trust::page_panel`]).
pub fn page_panel(t: Trust) -> AnyView {
    (t.page_panel)()
}

/// The `trust` part's table of pages and panels.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split, preload(prefetch))]
pub fn part() -> Result<Trust, NotLoaded> {
    Ok(Trust {
        receipt_seal: |text, reference| view! { <receipt::ReceiptSeal text reference/> }.into_any(),
        page_panel: page_panel_here,
        order_reviews: |id| match OrderRef::kept(&id) {
            Some(order) => view! { <order::OrderTrustView order/> }.into_any(),
            None => ().into_any(),
        },
    })
}

/// What the address shows of this part: a product page's reviews, read from the API
/// the manifest names (the page asks only when it names one); the feed's receipts
/// line; the `/receipt/` page.
fn page_panel_here() -> AnyView {
    /// What of this part a page shows.
    enum Shows {
        Reviews(String),
        Strip,
        Check,
        Nothing,
    }
    let shop = use_shop();
    let shows = use_address()
        .path
        .with_untracked(|p| match links::route(p) {
            Route::Product(id) => Shows::Reviews(id.to_owned()),
            Route::Feed(_) => Shows::Strip,
            Route::Receipt => Shows::Check,
            _ => Shows::Nothing,
        });
    match (shows, shop.manifest.trust.as_ref()) {
        (Shows::Reviews(product_id), Some(trust)) => {
            let api = shop.asset(&trust.api);
            view! { <product::ProductReviewsView product_id api/> }.into_any()
        }
        (Shows::Strip, _) => view! { <strip::ReceiptsDomainLine/> }.into_any(),
        (Shows::Check, _) => view! { <check_page::ReceiptCheckPage/> }.into_any(),
        _ => ().into_any(),
    }
}
