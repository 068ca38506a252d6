//! `microshop publish` speaks from the same translation files as the storefront:
//! a shop whose default locale is Arabic is published right to left, in Arabic, with
//! the plural form Arabic needs and the seller's own words from `texts`.

mod common;
mod publishing;

use publishing::*;
use std::path::{Path, PathBuf};

fn manifest(locales: &[&str]) -> serde_json::Value {
    serde_json::json!({
        "version": 1, "id": "lantern", "currency": "USD", "locales": locales,
        "seller": {
            "name": {"ar": "فانوس", "en": "Lantern"}, "avatar": "images/a.svg",
            "policies": {"ships_within_days": 2, "returns": "7"}
        },
        "catalog": {
            "categories": [{"id": "c1", "name": {"ar": "شاي", "en": "Tea"}}],
            "products": [{
                "id": "p1", "title": {"ar": "شاي الياسمين", "en": "Jasmine tea"}, "category": "c1",
                "images": ["images/a.svg"], "sku": "S-1", "price": "12.5", "stock": 3
            }]
        },
        "order": {"endpoint": "/api/orders"},
        "texts": {"ar": {"add_to_cart": "اطلبه الآن"}, "en": {"add_to_cart": "Get it now"}}
    })
}

/// The shop's folder and a dist with the real template only (this test reads markup).
fn setup(scratch: &Path, template: &Path, locales: &[&str]) -> (PathBuf, PathBuf) {
    seller_and_template(scratch, template, &manifest(locales), 600)
}

#[test]
fn an_arabic_shop_is_published_right_to_left_in_arabic() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("arabic");
    let (shop, dist) = setup(&scratch.0, &real_dist, &["ar", "en"]);
    let out = scratch.0.join("out");
    let (ok, stdout, stderr) = publish(&shop, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}\n{stderr}");

    let product = page(&out, "p/p1/index.html");
    assert_eq!(attr(&product, "html", "lang"), "ar");
    assert_eq!(attr(&product, "html", "dir"), "rtl");
    // Back points to the right in a right-to-left page.
    assert_eq!(text(&product, ".backbar__link"), "→ رجوع");
    // The seller's own words win over the storefront's.
    assert!(text(&product, "main").contains("اطلبه الآن"));
    let feed = page(&out, "index.html");
    assert_eq!(attr(&feed, "html", "dir"), "rtl");
    // Two days: Arabic's dual form, chosen by CLDR's rules as Intl chooses it.
    assert!(
        text(&feed, "body").contains("يُشحن خلال يومين"),
        "{}",
        text(&feed, "body")
    );
    assert!(
        text(&feed, "main").contains("بحث")
            || attr(&feed, "input[type=search]", "placeholder").contains("ابحث")
    );
}

#[test]
fn an_english_shop_stays_left_to_right() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("english");
    let (shop, dist) = setup(&scratch.0, &real_dist, &["en", "ar"]);
    let out = scratch.0.join("out");
    let (ok, stdout, stderr) = publish(&shop, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}\n{stderr}");
    let product = page(&out, "p/p1/index.html");
    assert_eq!(attr(&product, "html", "lang"), "en");
    assert!(select(&product, "html[dir=rtl]").is_empty());
    assert_eq!(text(&product, ".backbar__link"), "← Back");
    assert!(text(&product, "main").contains("Get it now"));
    let feed = page(&out, "index.html");
    assert!(
        text(&feed, "body").contains("Ships within 2 days"),
        "{}",
        text(&feed, "body")
    );
}
