//! What lets a buyer trust the shop, in the on-demand `trust` part: the signed
//! receipt's check on the order page ("Receipt signed by …"), and the `/receipt/`
//! page that checks a saved receipt (docs/trust.md).
//!
//! The part has ONE entry point, [`part`], which hands back a table of builders
//! ([`Trust`]): every page or panel that lives here is a field of the table, so a new
//! one costs the first load no new split point (each adds a loader stub to the main
//! module and an entry to the parts' loader JS, docs/performance.md). To add one:
//! write its component in a file of this folder, add a field to [`Trust`] (a `fn`
//! pointer taking owned values such as `String`s) and fill it in `part`, then show it
//! with `OnDemand` where it belongs (`app.rs`'s `ReceiptCheckPart` for a page, the
//! seal on `orders::page`'s order page for a panel).

pub mod check_page;
pub mod receipt;
pub mod receipt_words;

use crate::on_demand::{wasm_split, NotLoaded, Page};
use leptos::prelude::*;

/// The pages and panels of the `trust` part: plain function pointers, so the code
/// that shows them (in the first load or in another part) never reaches their code.
#[derive(Clone, Copy)]
pub struct Trust {
    /// `/receipt/`: checks a saved receipt file.
    pub receipt_check: Page,
    /// On the order page: the receipt's check ("signed by"), its file to save and the
    /// way to the check page. Takes the receipt as the endpoint answered it (JSON
    /// text) and the order's short reference (the file's name).
    pub receipt_seal: fn(String, String) -> AnyView,
}

/// The `trust` part's table of pages and panels.
#[wasm_split(trust, fallible, wasm_split_path = crate::on_demand::split, preload(prefetch))]
pub fn part() -> Result<Trust, NotLoaded> {
    Ok(Trust {
        receipt_check: || view! { <check_page::ReceiptCheckPage/> }.into_any(),
        receipt_seal: |text, reference| view! { <receipt::ReceiptSeal text reference/> }.into_any(),
    })
}
