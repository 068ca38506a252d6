//! The shop inside another site's page, through the embed snippet (`embed.js`, see
//! docs/embedding.md). The snippet frames a shop address with `embed=card|grid|shop`
//! and `parent=<the page's origin>`; here the app learns that it is framed, marks
//! the document for the compact layout and tells the framing page (and that page
//! only) how tall the content is. Browsers partition or block a frame's storage, so
//! a framed shop never checks out: the cart bar's and the cart page's links continue
//! in a top-level tab with the cart carried in the link ([`handoff_url`]), and the
//! checkout route shows only that way on ([`handoff::FramedCheckout`]).

pub mod handoff;

use crate::checkout::state::try_checkout;
use crate::on_demand::{wasm_split, NotLoaded};
use crate::shop::links;
use crate::web::{frame, page};
use microshop_core::cart::Cart;
use microshop_core::rules::is_referral_code;
use std::sync::OnceLock;

/// What the framing page asked to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One product's card (a product address).
    Card,
    /// The product grid.
    Grid,
    /// The whole shop.
    Shop,
}

impl Layout {
    fn name(self) -> &'static str {
        match self {
            Layout::Card => "card",
            Layout::Grid => "grid",
            Layout::Shop => "shop",
        }
    }
}

/// The layout when this page is framed, `None` when it is a tab's own page (a link
/// with `embed=` opened on its own is the ordinary shop). A frame without `embed=`
/// (someone framed the shop by hand) is the whole shop, and checks out in a tab too.
pub fn framed() -> Option<Layout> {
    static LAYOUT: OnceLock<Option<Layout>> = OnceLock::new();
    *LAYOUT.get_or_init(|| {
        frame::in_frame().then(|| match page::query_param("embed").as_deref() {
            Some("card") => Layout::Card,
            Some("grid") => Layout::Grid,
            _ => Layout::Shop,
        })
    })
}

/// Where the cart goes on from a frame: a new top-level tab at the cart page with the
/// cart in its address (offered there as a shared cart), or the shop when it is empty.
/// The language the buyer chose and the referral code the frame knows go along, so an
/// order placed in the tab credits the page that embedded the shop.
pub fn handoff_url(cart: &Cart) -> String {
    let mut link = if cart.is_empty() {
        links::home()
    } else {
        links::shared_cart(&cart.to_shared())
    };
    if let Some(lang) = page::query_param("lang") {
        link = links::with_param(&link, "lang", &lang);
    }
    if let Some(code) = referral() {
        link = links::with_param(&link, "ref", &code);
    }
    page::absolute(&link)
}

/// The referral code of the frame's address, else the one the checkout draft keeps
/// (read from the address when the app started, kept while it is valid).
fn referral() -> Option<String> {
    page::query_param("ref")
        .filter(|c| is_referral_code(c))
        .or_else(|| try_checkout().and_then(|c| c.draft().with(|d| d.referral.clone())))
}

/// `target` of the links that continue in a new tab when framed (`rel` is `noopener`).
pub fn new_tab() -> Option<&'static str> {
    framed().map(|_| "_blank")
}

/// Starts the frame's side of the snippet's protocol: the compact layout's mark on
/// `<html>`, and the content's height posted to the framing page whenever it changes,
/// when that page's origin (`parent=`) agrees with what the browser says.
pub fn start() {
    let Some(layout) = framed() else {
        return;
    };
    frame::mark_document(layout.name());
    if let Some(origin) = page::query_param("parent").and_then(|p| frame::parent_origin(&p)) {
        // A framing page that gets no height keeps the frame at the snippet's first
        // size, which shows the shop scrolled inside it: still usable.
        leptos::task::spawn_local(async move {
            let _ = post_heights(origin).await;
        });
    }
}

/// Watching the content's height and posting it, in a part of its own: only framed
/// shops need it.
#[wasm_split(embed, fallible, wasm_split_path = crate::on_demand::split)]
fn post_heights(origin: String) -> Result<(), NotLoaded> {
    frame::watch_height(move |height| frame::post_height(&origin, height));
    Ok(())
}
