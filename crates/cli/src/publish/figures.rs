//! The shop's 90-day problems figures on the product pages that show reviews (issue
//! 18 item 3; docs/trust.md "Reviews on published pages"): read from serve's store
//! with the reviews, and drawn as the storefront's `trust` part draws them under the
//! reviews (`src/trust/product.rs`, `Reviews`), in the part's own words, labelled as
//! the seller's own records.
//!
//! The part shows them on a product page whenever it shows that product's reviews
//! and serve's `GET /api/trust` answered, zeros included ("0 reported, 0 resolved,
//! …"); so does the page. A page without reviews shows none, and does not depend on
//! them ([`inputs`]): a problem raised or resolved renders again only the pages with
//! reviews.

use super::escape::html as esc;
use super::reviews::trust_words::{fill, say, Word};
use super::site::Site;
use crate::store::{PublicFigures, Store};
use microshop_core::order::problems::PUBLIC_WINDOW_DAYS;

const DAY_MS: i64 = 24 * 60 * 60 * 1_000;

/// The figures of the shop `shop_id` over the [`PUBLIC_WINDOW_DAYS`] days before
/// `now_ms`, as serve's `GET /api/trust` counts them at that moment.
pub fn read(store: &Store, shop_id: &str, now_ms: i64) -> Result<PublicFigures, String> {
    store
        .problem_figures(shop_id, now_ms - PUBLIC_WINDOW_DAYS * DAY_MS)
        .map_err(|e| format!("cannot read the shop's problems figures: {e}"))
}

/// What a product page with reviews is made from of the figures, for its inputs
/// (`pages::product_inputs`); empty for a page without reviews or a site published
/// without them.
pub fn inputs(site: &Site, has_reviews: bool) -> String {
    match (&site.figures, has_reviews) {
        (Some(f), true) => format!("{PUBLIC_WINDOW_DAYS} {f:?}"),
        _ => String::new(),
    }
}

/// The figures' paragraph under the reviews, as the part draws it; empty without
/// figures.
pub fn paragraph(site: &Site) -> String {
    let Some(figures) = site.figures else {
        return String::new();
    };
    // Both sets added up, as the part shows them (core `read_figures`).
    let (c, u) = (figures.confirmed, figures.unconfirmed);
    let f = crate::store::ProblemFigures {
        raised: c.raised + u.raised,
        resolved: c.resolved + u.resolved,
        refunded: c.refunded + u.refunded,
        open: c.open + u.open,
    };
    let locale = site.locale;
    let n = |v: i64| v.to_string();
    let said = fill(
        say(locale, Word::Figures),
        &[
            ("days", &PUBLIC_WINDOW_DAYS.to_string()),
            ("raised", &n(f.raised)),
            ("resolved", &n(f.resolved)),
            ("refunded", &n(f.refunded)),
            ("open", &n(f.open)),
        ],
    );
    format!(
        "<p class=\"reviews__figures\" data-testid=\"problem-figures\">{} <small>{}</small></p>",
        esc(&said),
        esc(say(locale, Word::FiguresSource))
    )
}
