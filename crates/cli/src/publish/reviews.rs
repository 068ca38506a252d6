//! A product's first reviews on its published page (issue 18 item 1; docs/trust.md
//! "Reviews on published pages"): read from serve's store when publish is given it
//! (`--reviews-from`), drawn with the same elements, words, order and stars as the
//! storefront's `trust` part draws them (`src/trust/product.rs`), and described in
//! the product's JSON-LD as schema.org `AggregateRating` and `Review`.
//!
//! Google's rules for review markup: only real reviews a reader can see on the page,
//! the rating's count the real count of them, no rating without reviews. So: only
//! shown (not hidden) reviews are listed and counted; the JSON-LD's `Review`s are
//! the reviews the page shows that have an author's name (a review's `author` must
//! be a person's or an organisation's name, not a label: an unnamed review counts
//! in the `AggregateRating` only); a product without shown reviews has no
//! `aggregateRating`; the hidden ones are counted on the page as the storefront
//! counts them.

use super::escape::html as esc;
use super::site::Site;
use crate::store::clock::ms_rfc3339;
use crate::store::{ProductReviews, Review, Store};
use microshop_core::Product;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::fmt::Write as _;

// The `trust` part's own words, compiled into publish from the same file, so the
// prerendered reviews say exactly what the part says (and a word changed there
// changes here). Publish uses the product page's few of them.
#[allow(dead_code)]
#[path = "../../../../src/trust/words.rs"]
mod trust_words;

use trust_words::{fill, say, say_count, Word};

/// Reviews a page shows: as many as the storefront's read asks for (serve's default
/// of 10, newest first), so the part finds the same list when it takes over.
pub const SHOWN: u32 = crate::serve::REVIEWS_SHOWN;

/// Each product's shown reviews (the first [`SHOWN`]), figures and hidden count, for
/// the products that have any review, shown or hidden.
pub type Reviews = BTreeMap<String, ProductReviews>;

/// Reads the reviews of `products` of the shop `shop_id` from `store`.
pub fn read(store: &Store, shop_id: &str, products: &[Product]) -> Result<Reviews, String> {
    let mut found = Reviews::new();
    for product in products {
        let reviews = store
            .product_reviews(shop_id, &product.id, SHOWN)
            .map_err(|e| format!("cannot read the reviews of {}: {e}", product.id))?;
        if reviews.rating.count > 0 || reviews.hidden > 0 {
            found.insert(product.id.clone(), reviews);
        }
    }
    Ok(found)
}

/// What a product page is made from of its reviews, for the page's inputs
/// (`pages::product_inputs`): everything read from the store, ids and times
/// included, so any change there renders the page again (one too many renders at
/// worst, never a page left without a new review). Only hashed, never written.
pub fn inputs(reviews: Option<&ProductReviews>) -> String {
    format!("{reviews:?}")
}

/// The day a review was first written, as serve's public read gives it: `2026-12-05`.
fn day(review: &Review) -> String {
    ms_rfc3339(review.created_ms)
        .get(..10)
        .unwrap_or_default()
        .to_owned()
}

/// A day as the storefront shows it: `Intl.DateTimeFormat(locale, {dateStyle:
/// "medium", timeZone: "UTC"})` (src/web/intl.rs `format_date`), written out here for
/// the shipped languages as Chromium's ICU writes them (checked in
/// tests/e2e/reviews.test.mjs against the browser). Another locale gets the day as
/// `2026-12-05`, which the app then writes in that locale's way.
pub fn shown_day(day: &str, locale: &str) -> String {
    let parts: Vec<&str> = day.split('-').collect();
    let [year, month, date] = parts.as_slice() else {
        return day.to_owned();
    };
    let (Ok(m), Ok(d)) = (month.parse::<usize>(), date.parse::<u32>()) else {
        return day.to_owned();
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match locale {
        "en" | "en-US" => match MONTHS.get(m.wrapping_sub(1)) {
            Some(name) => format!("{name} {d}, {year}"),
            None => day.to_owned(),
        },
        "zh" | "zh-CN" | "zh-Hans" | "zh-Hans-CN" => format!("{year}年{m}月{d}日"),
        "ja" | "ja-JP" => format!("{year}/{month}/{date}"),
        // Right-to-left marks before each slash keep the day first in Arabic text.
        "ar" => format!("{date}\u{200f}/{month}\u{200f}/{year}"),
        _ => day.to_owned(),
    }
}

/// The reviews section of a product page, as the part's `Reviews` draws it (its
/// figures of problems aside: they change with every problem in the shop, and a
/// republish rewrites only the pages that changed; the part adds them).
pub fn section(site: &Site, reviews: &ProductReviews) -> String {
    let locale = site.locale;
    let mut out = format!(
        "<section class=\"reviews\" aria-labelledby=\"reviews-heading\" data-testid=\"reviews\">\
         <h2 id=\"reviews-heading\">{}</h2>",
        esc(say(locale, Word::Reviews))
    );
    let count = u32::try_from(reviews.rating.count).unwrap_or(u32::MAX);
    let hidden = u32::try_from(reviews.hidden).unwrap_or(u32::MAX);
    if count > 0 {
        out.push_str("<p class=\"reviews__summary\" data-testid=\"reviews-summary\">");
        if let Some(average) = reviews.rating.average(2) {
            let _ = write!(
                out,
                "<span class=\"reviews__average\">{}</span> · ",
                esc(&fill(say(locale, Word::Average), &[("average", &average)]))
            );
        }
        out.push_str(&esc(&say_count(
            locale,
            Word::ReviewCountOne,
            Word::ReviewCount,
            count,
        )));
        out.push_str("</p>");
    }
    if hidden > 0 {
        let _ = write!(
            out,
            "<p class=\"reviews__hidden\" data-testid=\"reviews-hidden\">{}</p>",
            esc(&say_count(
                locale,
                Word::HiddenCountOne,
                Word::HiddenCount,
                hidden
            ))
        );
    }
    out.push_str("<ul class=\"receipt__lines\">");
    for review in &reviews.reviews {
        out.push_str(&item(locale, review));
    }
    out.push_str("</ul></section>");
    out
}

/// The name a review is shown under, as text, then a separator; nothing without one.
fn author(review: &Review) -> String {
    if review.display_name.is_empty() {
        return String::new();
    }
    format!(
        "<span class=\"review__author\" dir=\"auto\">{}</span> · ",
        esc(&review.display_name)
    )
}

/// One review, as the part's `ReviewItem` draws it.
fn item(locale: &str, review: &Review) -> String {
    let rating = u8::try_from(review.rating.clamp(0, 5)).unwrap_or(0);
    let drawn: String = (1..=5)
        .map(|i| if i <= rating { '★' } else { '☆' })
        .collect();
    let day = day(review);
    let mut out = format!(
        "<li class=\"review\" data-testid=\"review\"><p class=\"review__head\">\
         <span class=\"stars\"><span aria-hidden=\"true\">{drawn}</span>\
         <span class=\"visually-hidden\">{}</span></span> {}\
         <span class=\"review__verified\">{}</span> · <time datetime=\"{}\">{}</time>",
        esc(&fill(
            say(locale, Word::Stars),
            &[("n", &rating.to_string())]
        )),
        author(review),
        esc(say(locale, Word::Verified)),
        esc(&day),
        esc(&shown_day(&day, locale))
    );
    if review.updated_ms != review.created_ms {
        let _ = write!(out, " ({})", esc(say(locale, Word::Edited)));
    }
    out.push_str("</p>");
    if !review.text.is_empty() {
        let lang = if review.locale == "und" {
            String::new()
        } else {
            format!(" lang=\"{}\"", esc(&review.locale))
        };
        let _ = write!(
            out,
            "<p class=\"review__text prose\"{lang}>{}</p>",
            esc(&review.text)
        );
    }
    if !review.reply.is_empty() {
        let _ = write!(
            out,
            "<div class=\"review__reply\"><p class=\"review__reply-label\">{}</p><p class=\"prose\">{}</p></div>",
            esc(say(locale, Word::SellerReply)),
            esc(&review.reply)
        );
    }
    out.push_str("</li>");
    out
}

/// Adds the product's reviews to its schema.org Product: `aggregateRating` over every
/// shown review (none without one) and a `review` for each review the page shows
/// under a name its writer gave (docs/trust.md), with that name as its author. A
/// review without a name has no author to give (a label such as "Verified
/// purchase" is not one), so it is counted in the rating and not listed.
pub fn add_json_ld(reviews: &ProductReviews, product: &mut Value) {
    let Some(average) = reviews.rating.average(2) else {
        return;
    };
    product["aggregateRating"] = json!({
        "@type": "AggregateRating",
        "ratingValue": average,
        "bestRating": 5,
        "worstRating": 1,
        "ratingCount": reviews.rating.count,
        "reviewCount": reviews.rating.count,
    });
    let listed: Vec<Value> = reviews
        .reviews
        .iter()
        .filter(|r| !r.display_name.is_empty())
        .map(|r| {
            let mut review = json!({
                "@type": "Review",
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": r.rating,
                    "bestRating": 5,
                    "worstRating": 1,
                },
                "author": {"@type": "Person", "name": r.display_name},
                "datePublished": day(r),
            });
            if !r.text.is_empty() {
                review["reviewBody"] = Value::String(r.text.clone());
            }
            if r.locale != "und" {
                review["inLanguage"] = Value::String(r.locale.clone());
            }
            review
        })
        .collect();
    if !listed.is_empty() {
        product["review"] = Value::Array(listed);
    }
}

#[cfg(test)]
mod tests {
    use super::shown_day;

    #[test]
    fn days_are_written_as_the_storefronts_intl_writes_them() {
        assert_eq!(shown_day("2026-12-05", "en"), "Dec 5, 2026");
        assert_eq!(shown_day("2026-01-31", "en"), "Jan 31, 2026");
        assert_eq!(shown_day("2026-12-05", "zh-CN"), "2026年12月5日");
        assert_eq!(shown_day("2026-12-05", "ja"), "2026/12/05");
        assert_eq!(shown_day("2026-12-05", "ar"), "05\u{200f}/12\u{200f}/2026");
        assert_eq!(shown_day("2026-12-05", "fr"), "2026-12-05");
        assert_eq!(shown_day("not a day", "en"), "not a day");
        assert_eq!(shown_day("2026-13-05", "en"), "2026-13-05");
    }
}
