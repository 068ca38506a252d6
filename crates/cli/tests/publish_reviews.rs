//! `microshop publish --reviews-from DB` (docs/trust.md "Reviews on published
//! pages"): a store with reviews (one hidden, one with markup, one in Arabic, one
//! edited, one replied to) published; the product page shows the shown ones as text,
//! newest first, with the storefront's words, and counts the hidden one; its JSON-LD
//! parses and its AggregateRating and Reviews are exactly what the page shows; a
//! product without reviews has neither. A new review republished rewrites only its
//! product's page. The shop's 90-day problems figures are under each product's
//! reviews as the storefront shows them, and a problem raised or resolved then
//! republished rewrites the pages with reviews, and only those. A missing database and a shop that does not name serve's API are
//! refused before anything is written. `serve --manifest --site` publishes its site
//! with the reviews in its store (and a shop without serve's API without them), and
//! again when a review is written or hidden, or a problem raised or resolved.

mod buyers;
mod common;
mod desk;
mod publishing;
mod stores;

use microshop_cli::store::{Answered, ProblemRaise, Raised, ReviewWrite, ReviewWritten, Store};
use publishing::*;
use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;
use stores::{completed_order_of, Sample};

const DAY: i64 = 24 * 60 * 60 * 1_000;
const MARKUP: &str =
    "<script>alert(1)</script> <b>fresh</b> & \"tea\" </p><img src=x onerror=alert(2)>";
const ARABIC: &str = "شاي رائع، سأطلبه مرة أخرى";
const REPLY: &str = "شكرًا لك! <i>نراك قريبًا</i>";
const HIDDEN: &str = "buy followers at spam.example";
// Reviews' display names: two of the green tea's reviews have one (one with markup);
// the page shows them as text, the JSON-LD's AggregateRating counts every shown
// review and its Reviews are the shown reviews with a name, each with that name as
// its author (an unnamed review has no author to give).
const NAME_MARKUP: &str = "<i>Mei</i> & \"Li\"";
const NAME_ARABIC: &str = "ليلى";

/// The shop: its id is the store samples' ("tea"), it names serve's API.
fn manifest(trust: bool) -> Value {
    let mut shop = json!({
        "version": 1, "id": "tea", "currency": "CNY", "locales": ["en"],
        "seller": {"name": "Lantern Tea", "avatar": "images/a.svg"},
        "catalog": {
            "products": [
                {"id": "green", "title": "Green tea", "description": "Spring picked.", "images": ["images/a.svg"], "sku": "G-1", "price": "12.50"},
                {"id": "tote", "title": "Tote bag", "sku": "T-1", "price": "30"},
                {"id": "white", "title": "White tea", "sku": "W-1", "price": "40"}
            ]
        },
        "order": {"endpoint": "/api/orders"}
    });
    if trust {
        shop["trust"] = json!({"api": "/api/"});
    }
    shop
}

/// The buyer of `sample` reviews `product` on day `day` after the order; its id.
fn review(
    store: &Store,
    sample: &Sample,
    product: &str,
    rating: u8,
    text: &str,
    locale: &str,
    day: i64,
) -> i64 {
    named(store, sample, product, rating, text, "", locale, day)
}

/// [`review`] shown under `display_name`.
#[allow(clippy::too_many_arguments)]
fn named(
    store: &Store,
    sample: &Sample,
    product: &str,
    rating: u8,
    text: &str,
    display_name: &str,
    locale: &str,
    day: i64,
) -> i64 {
    let nonce = format!("nonce-{}-{day:08}", sample.order_id);
    let written = store
        .write_review(&ReviewWrite {
            order_id: &sample.order_id,
            secret: &sample.secret,
            nonce: &nonce,
            product_id: product,
            rating,
            text,
            display_name,
            locale,
            now_ms: sample.received_ms + day * DAY,
        })
        .expect("written");
    match written {
        ReviewWritten::Created(r) | ReviewWritten::Updated(r) => r.id,
        other => panic!("not written: {other:?}"),
    }
}

fn publish_with(
    manifest: &Path,
    out: &Path,
    dist: &Path,
    db: Option<&Path>,
) -> (bool, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_microshop"));
    command
        .arg("publish")
        .arg(manifest)
        .arg(out)
        .args(["--base-url", "https://shop.example/", "--dist"])
        .arg(dist);
    if let Some(db) = db {
        command.arg("--reviews-from").arg(db);
    }
    let output = command.output().expect("runs microshop publish");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn changed(
    before: &BTreeMap<String, (Vec<u8>, SystemTime)>,
    after: &BTreeMap<String, (Vec<u8>, SystemTime)>,
) -> BTreeSet<String> {
    assert_eq!(
        before.keys().collect::<Vec<_>>(),
        after.keys().collect::<Vec<_>>(),
        "the same files"
    );
    after
        .iter()
        .filter(|(name, file)| before.get(*name) != Some(*file))
        .map(|(name, _)| name.clone())
        .collect()
}

fn texts(html: &scraper::Html, css: &str) -> Vec<String> {
    select(html, css)
        .iter()
        .map(|e| e.text().collect::<String>())
        .collect()
}

/// A store at `db` whose green tea has four reviews: with markup in its text and its
/// writer's name (day 1), in Arabic under an Arabic name and replied to (day 2),
/// hidden (day 3), and changed on day 5 (day 4, no text, no name).
fn green_reviews(db: &Path) {
    let store = Store::open_sqlite(db).expect("store");
    // Four buyers of the green tea: markup, Arabic (replied to), hidden, edited.
    let one = completed_order_of(&store, 1, "green", "G-1");
    named(&store, &one, "green", 5, MARKUP, NAME_MARKUP, "en", 1);
    let two = completed_order_of(&store, 2, "green", "G-1");
    let arabic = named(&store, &two, "green", 4, ARABIC, NAME_ARABIC, "ar", 2);
    store
        .reply_to_review(arabic, REPLY, two.received_ms + 3 * DAY)
        .expect("replied")
        .expect("a review");
    let three = completed_order_of(&store, 3, "green", "G-1");
    let spam = review(&store, &three, "green", 1, HIDDEN, "en", 3);
    store
        .hide_review(spam, Some("an advert"), three.received_ms + 4 * DAY)
        .expect("hidden")
        .expect("a review");
    let four = completed_order_of(&store, 4, "green", "G-1");
    review(&store, &four, "green", 3, "", "und", 4);
    review(&store, &four, "green", 2, "", "und", 5);
}

#[test]
fn the_first_reviews_are_on_the_product_page_as_text_and_as_json_ld() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("reviews");
    let (manifest_file, dist) = seller_and_template(&scratch.0, &real_dist, &manifest(true), 600);
    let db = scratch.0.join("orders.sqlite");
    green_reviews(&db);

    let out = scratch.0.join("out");
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");

    let raw = std::fs::read_to_string(out.join("p/green/index.html")).expect("page");
    assert!(!raw.contains(HIDDEN), "a hidden review is not on the page");
    assert!(!raw.contains("<script>alert(1)"), "markup is text");
    let html = page(&out, "p/green/index.html");
    let section = "main section.reviews";
    assert_eq!(
        text(&html, &format!("{section} h2#reviews-heading")),
        "Reviews"
    );
    assert_eq!(
        text(&html, "[data-testid=reviews-summary]"),
        "3.67 of 5 · 3 reviews"
    );
    assert_eq!(
        text(&html, "[data-testid=reviews-hidden]"),
        "1 review hidden by the seller"
    );
    // Newest first, as serve's read lists them; no element the buyers wrote.
    for css in ["script", "b", "img", "i"] {
        assert!(
            select(&html, &format!("{section} {css}")).is_empty(),
            "{css} in the reviews"
        );
    }
    let heads = texts(&html, "li.review .review__head");
    assert_eq!(
        heads,
        [
            "★★☆☆☆2 of 5 stars Verified purchase · Jan 19, 2027 (edited)",
            "★★★★☆4 of 5 stars ليلى · Verified purchase · Jan 17, 2027",
            "★★★★★5 of 5 stars <i>Mei</i> & \"Li\" · Verified purchase · Jan 16, 2027",
        ]
    );
    assert_eq!(
        texts(&html, "li.review .review__text"),
        [ARABIC, MARKUP],
        "the texts as text (the edited review has none)"
    );
    assert_eq!(
        attr(&html, "li.review .review__text[lang=ar]", "lang"),
        "ar"
    );
    assert_eq!(
        texts(&html, "li.review .review__author"),
        [NAME_ARABIC, NAME_MARKUP],
        "the names as text (the edited review has none)"
    );
    for name in select(&html, "li.review .review__author") {
        assert_eq!(name.value().attr("dir"), Some("auto"), "its own direction");
    }
    assert!(!raw.contains("<i>Mei</i>"), "a name's markup is text");
    assert_eq!(texts(&html, "li.review .review__reply .prose"), [REPLY]);
    assert_eq!(
        texts(&html, "li.review .review__reply-label"),
        ["Reply from the seller"]
    );
    let days: Vec<String> = select(&html, "li.review time")
        .iter()
        .map(|t| t.value().attr("datetime").expect("datetime").to_owned())
        .collect();
    assert_eq!(days, ["2027-01-19", "2027-01-17", "2027-01-16"]);

    // The JSON-LD parses and says what the page shows.
    let data = json_ld(&html);
    assert_eq!(data["@type"], "Product");
    assert_eq!(
        data["aggregateRating"],
        json!({"@type": "AggregateRating", "ratingValue": "3.67", "bestRating": 5, "worstRating": 1,
               "ratingCount": 3, "reviewCount": 3})
    );
    // A Review for each shown review with a name (the unnamed, edited one is counted
    // above and not listed: a label is no author), as the page shows them.
    let listed = data["review"].as_array().expect("reviews");
    assert_eq!(listed.len(), 2, "the named reviews the page shows");
    let stars: Vec<u64> = listed
        .iter()
        .map(|r| r["reviewRating"]["ratingValue"].as_u64().expect("stars"))
        .collect();
    assert_eq!(stars, [4, 5]);
    let drawn: Vec<u64> = texts(&html, "li.review .stars [aria-hidden=true]")
        .iter()
        .map(|s| s.chars().filter(|c| *c == '★').count() as u64)
        .collect();
    assert_eq!(drawn, [2, 4, 5]);
    let dated: Vec<&str> = listed
        .iter()
        .map(|r| r["datePublished"].as_str().expect("date"))
        .collect();
    assert_eq!(dated, days[1..]);
    let bodies: Vec<&str> = listed
        .iter()
        .filter_map(|r| r["reviewBody"].as_str())
        .collect();
    assert_eq!(bodies, [ARABIC, MARKUP]);
    let authors: Vec<&Value> = listed.iter().map(|r| &r["author"]).collect();
    assert_eq!(
        authors,
        [
            &json!({"@type": "Person", "name": NAME_ARABIC}),
            &json!({"@type": "Person", "name": NAME_MARKUP}),
        ],
        "each author the name its writer gave, never a label"
    );
    for r in listed {
        assert_eq!(r["@type"], "Review");
        assert_ne!(r["author"]["name"], "Verified purchase");
    }
    assert_eq!(listed[0]["inLanguage"], "ar");
    assert_eq!(listed[1]["inLanguage"], "en");
    let one_script = &raw[raw.find("application/ld+json").expect("JSON-LD")..];
    let script = &one_script[..one_script.find("</script>").expect("closed")];
    assert!(
        !script.contains('<'),
        "no markup inside the JSON-LD: {script}"
    );

    // A product without reviews: nothing, in the page or its JSON-LD.
    let tote = page(&out, "p/tote/index.html");
    assert!(select(&tote, "section.reviews").is_empty());
    let data = json_ld(&tote);
    assert!(data.get("aggregateRating").is_none() && data.get("review").is_none());

    // Republished with nothing new: nothing written. Then a first review of the white
    // tea: only its page changes (and the record of what was written).
    let before = snapshot(&out);
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("\n0 files written"), "{stdout}");
    let store = Store::open_sqlite(&db).expect("store");
    let five = completed_order_of(&store, 5, "white", "W-1");
    review(&store, &five, "white", 5, "清香", "zh-CN", 1);
    drop(store);
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    let after = snapshot(&out);
    let expected: BTreeSet<String> = [
        ".microshop-files",
        // A product page has no compressed copies (one per product).
        "p/white/index.html",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(changed(&before, &after), expected);
    let white = page(&out, "p/white/index.html");
    assert_eq!(
        texts(&white, "li.review .review__text[lang=zh-CN]"),
        ["清香"]
    );
    assert_eq!(json_ld(&white)["aggregateRating"]["ratingValue"], "5.00");

    // Published without the store (a shop without serve): no reviews anywhere.
    let plain = scratch.0.join("plain");
    let (ok, stdout, stderr) = publish_with(&manifest_file, &plain, &dist, None);
    assert!(ok, "{stdout}\n{stderr}");
    for product in ["green", "white"] {
        let html = page(&plain, &format!("p/{product}/index.html"));
        assert!(select(&html, "section.reviews").is_empty(), "{product}");
        assert!(json_ld(&html).get("aggregateRating").is_none(), "{product}");
    }
}

/// What the storefront's `trust` part says of the figures under the reviews, in
/// English (src/trust/words.rs `Figures` and `FiguresSource`): the problems of
/// confirmed and of never-confirmed orders added up, as the part shows them.
fn figures_said(raised: u32, resolved: u32, refunded: u32, open: u32) -> String {
    format!(
        "Problems with orders in the last 90 days: {raised} reported, {resolved} resolved, \
         {refunded} refunded, {open} open. From the seller's own records, not checked by anyone else."
    )
}

/// The buyer of `sample` raises a problem now; its id.
fn raise(store: &Store, sample: &Sample, n: u32) -> i64 {
    let nonce = format!("problem-nonce-{n:08}");
    match store
        .raise_problem(&ProblemRaise {
            order_id: &sample.order_id,
            secret: &sample.secret,
            nonce: &nonce,
            kind: "not_received",
            text: "It has not come.",
            photo: None,
            now_ms: microshop_cli::store::now_ms(),
        })
        .expect("raised")
    {
        Raised::Done(problem) => problem.id,
        other => panic!("not raised: {other:?}"),
    }
}

#[test]
fn the_shops_problems_figures_are_under_the_reviews_and_follow_a_problem() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("reviews-figures");
    let (manifest_file, dist) = seller_and_template(&scratch.0, &real_dist, &manifest(true), 600);
    let db = scratch.0.join("orders.sqlite");
    green_reviews(&db);
    let out = scratch.0.join("out");
    let figures = |product: &str| {
        texts(
            &page(&out, &format!("p/{product}/index.html")),
            "main section.reviews [data-testid=problem-figures]",
        )
    };

    // No problem in the shop: the storefront shows the figures as zeros under the
    // reviews (serve's `GET /api/trust` answers them), and so does the page; a
    // product without reviews shows neither.
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(figures("green"), [figures_said(0, 0, 0, 0)]);
    let green = page(&out, "p/green/index.html");
    assert_eq!(
        texts(&green, "[data-testid=problem-figures] small"),
        ["From the seller's own records, not checked by anyone else."]
    );
    // Under the list of reviews, last in the section, as the part draws it.
    assert_eq!(
        select(&green, "section.reviews > ul + p.reviews__figures").len(),
        1
    );
    assert!(select(
        &page(&out, "p/tote/index.html"),
        "[data-testid=problem-figures]"
    )
    .is_empty());

    // A problem raised: published again, the page with reviews says so, and only it
    // is rewritten (the figures are an input of pages with reviews only).
    let store = Store::open_sqlite(&db).expect("store");
    let buyer = completed_order_of(&store, 7, "tote", "T-1");
    let id = raise(&store, &buyer, 1);
    let before = snapshot(&out);
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    let expected: BTreeSet<String> = [
        ".microshop-files",
        // A product page has no compressed copies (one per product).
        "p/green/index.html",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect();
    assert_eq!(changed(&before, &snapshot(&out)), expected);
    assert_eq!(figures("green"), [figures_said(1, 0, 0, 1)]);

    // Resolved by the seller: published again, the figures follow.
    assert!(matches!(
        store
            .answer_problem(
                id,
                Some("Sent again today."),
                Some("resolved"),
                microshop_cli::store::now_ms()
            )
            .expect("answered"),
        Answered::Done(_)
    ));
    let before = snapshot(&out);
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(changed(&before, &snapshot(&out)), expected);
    assert_eq!(figures("green"), [figures_said(1, 1, 0, 0)]);

    // A problem on an order the seller never confirmed (free to place): serve
    // counts it apart; the page, as the part, shows both added up, never
    // dropping it (REVIEW8 finding 5).
    let unconfirmed = Sample::new(8, "T-1");
    store.accept(&unconfirmed.order()).expect("accepted");
    raise(&store, &unconfirmed, 2);
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(figures("green"), [figures_said(2, 1, 0, 1)]);

    // Nothing changed since: nothing written.
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert!(stdout.contains("\n0 files written"), "{stdout}");
    drop(store);

    // In the shop's own language: the part's words in Chinese, with the same figures.
    let mut chinese = manifest(true);
    chinese["locales"] = json!(["zh-CN"]);
    std::fs::write(&manifest_file, chinese.to_string()).expect("manifest");
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(ok, "{stdout}\n{stderr}");
    assert_eq!(
        figures("green"),
        ["最近 90 天的订单问题：反馈 2 个，已解决 1 个，已退款 0 个，处理中 1 个。 数据来自卖家自己的记录，未经任何第三方核实。"]
    );
}

#[test]
fn reviews_from_a_missing_database_or_into_a_shop_without_serves_api_are_refused() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("reviews-refused");
    let (manifest_file, dist) = seller_and_template(&scratch.0, &real_dist, &manifest(true), 600);
    let out = scratch.0.join("out");
    let missing = scratch.0.join("no-such.sqlite");
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&missing));
    assert!(!ok, "{stdout}");
    assert!(
        stderr.contains("--reviews-from") && stderr.contains("no-such.sqlite does not exist"),
        "{stderr}"
    );
    assert!(!missing.exists(), "no database made");
    assert!(!out.exists(), "nothing written");

    let db = scratch.0.join("orders.sqlite");
    drop(Store::open_sqlite(&db).expect("store"));
    std::fs::write(&manifest_file, manifest(false).to_string()).expect("manifest");
    let (ok, stdout, stderr) = publish_with(&manifest_file, &out, &dist, Some(&db));
    assert!(!ok, "{stdout}");
    assert!(
        stderr.contains("\"trust\": {\"api\": \"/api/\"}") && stderr.contains("--reviews-from"),
        "{stderr}"
    );
    assert!(!out.exists(), "nothing written");
}

/// serve keeping a published site in step (`--manifest --site`) publishes it with
/// the reviews in its own store; a shop that does not name serve's API is published
/// as before, without them (and serve starts).
#[test]
fn serve_publishing_its_site_puts_the_reviews_in_its_store_on_it() {
    let Some(real_dist) = dist() else { return };
    for trust in [true, false] {
        let root = std::cell::RefCell::new(std::path::PathBuf::new());
        let server = common::start_configured(
            &format!("reviews-site-{trust}"),
            |dir| {
                // The seller's folder, the app (its real page template) and serve's
                // database with the reviews, before serve starts and publishes.
                let (manifest_file, app) =
                    seller_and_template(dir, &real_dist, &manifest(trust), 600);
                std::fs::rename(&app, dir.join("app")).expect("the app beside");
                green_reviews(&dir.join("orders.sqlite"));
                *root.borrow_mut() = dir.to_path_buf();
                Some(manifest_file)
            },
            |command| {
                let dir = root.borrow();
                command
                    .arg("--dist")
                    .arg(dir.join("app"))
                    .arg("--site")
                    .arg(dir.join("site"))
                    .args(["--base-url", "https://shop.example/"]);
            },
        );
        let (status, body) = common::get(&format!("{}/p/green/", server.url));
        assert_eq!(status, 200, "{body}");
        let html = scraper::Html::parse_document(&body);
        let data = json_ld(&html);
        if trust {
            assert_eq!(texts(&html, "li.review .review__text"), [ARABIC, MARKUP]);
            assert_eq!(data["aggregateRating"]["ratingCount"], 3);
            assert_eq!(
                data["review"].as_array().map(Vec::len),
                Some(2),
                "the named ones"
            );
        } else {
            assert!(select(&html, "section.reviews").is_empty());
            assert!(data.get("aggregateRating").is_none());
        }
        assert!(!body.contains(HIDDEN));
    }
}

/// The site's page of `product` once `shows` holds for it: serve publishes in the
/// background after a review changes, so this waits for that state (up to 2 min on
/// a busy machine), looking every 50 ms.
fn page_once(server: &common::Server, product: &str, shows: impl Fn(&str) -> bool) -> String {
    let url = format!("{}/p/{product}/", server.url);
    let mut last = String::new();
    for _ in 0..2400 {
        let (status, body) = common::get(&url);
        if status == 200 && shows(&body) {
            return body;
        }
        last = body;
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("{url} never showed what was awaited; last:\n{last}");
}

/// The figures under the reviews in the minimal shop's language, as the storefront
/// says them.
const ZH_FIGURES: &str = "最近 90 天的订单问题：反馈 {raised} 个，已解决 {resolved} 个，已退款 0 个，处理中 {open} 个。 数据来自卖家自己的记录，未经任何第三方核实。";

/// serve keeping its site published publishes it again, in the background, when a
/// buyer writes a review, when a problem is raised and resolved, and when the seller
/// hides the review: the product's page and its JSON-LD follow.
#[test]
fn a_review_written_then_hidden_is_published_onto_serves_site() {
    let Some(real_dist) = dist() else { return };
    let root = std::cell::RefCell::new(std::path::PathBuf::new());
    let server = desk::start_desk_with(
        "reviews-live",
        |dir| {
            let seller = dir.join("seller");
            std::fs::create_dir_all(seller.join("images")).expect("dir");
            std::fs::write(
                seller.join("images/avatar.svg"),
                "<svg xmlns='http://www.w3.org/2000/svg'/>",
            )
            .expect("avatar");
            let mut shop: Value =
                serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json"))
                    .expect("fixture");
            shop["trust"] = json!({"api": "/api/"});
            std::fs::write(seller.join("shop.json"), shop.to_string()).expect("manifest");
            std::fs::create_dir_all(dir.join("app")).expect("app");
            std::fs::copy(real_dist.join("index.html"), dir.join("app/index.html"))
                .expect("template");
            *root.borrow_mut() = dir.to_path_buf();
            Some(seller.join("shop.json"))
        },
        |command| {
            let dir = root.borrow();
            command
                .arg("--dist")
                .arg(dir.join("app"))
                .arg("--site")
                .arg(dir.join("site"))
                .args(["--base-url", "https://shop.example/"])
                .args(["--buyer-writes-per-minute", "0"]);
        },
    );
    let first = page_once(&server, "green", |_| true);
    assert!(
        !first.contains("section class=\"reviews\""),
        "no reviews yet"
    );

    let seller = desk::Seller::sign_in(&server);
    let order = desk::order_for(61, "G-1", 1, "Li Wei", "+86 138 0000 0001");
    let secret = desk::place(&server, &order);
    buyers::complete(&seller, &order.order_id);
    let written = buyers::buyer(
        &server,
        &format!("/api/orders/{}/reviews", order.order_id),
        Some(&secret),
        Some(&buyers::nonce(1)),
        &json!({"product_id": "green", "rating": 5, "text": "<b>fresh</b> 很好喝", "locale": "zh-CN"}),
    );
    assert_eq!(written.status, 201, "{}", written.text());
    let body = page_once(&server, "green", |b| b.contains("很好喝"));
    let html = scraper::Html::parse_document(&body);
    assert_eq!(
        texts(&html, "li.review .review__text"),
        ["<b>fresh</b> 很好喝"]
    );
    assert_eq!(json_ld(&html)["aggregateRating"]["ratingCount"], 1);
    assert!(json_ld(&html).get("review").is_none(), "no name: no Review");
    assert!(select(&html, "li.review .review__author").is_empty());
    // Its writer gives a name: the page shows it as text, the JSON-LD lists it.
    let named = buyers::buyer(
        &server,
        &format!("/api/orders/{}/reviews", order.order_id),
        Some(&secret),
        Some(&buyers::nonce(2)),
        &json!({"product_id": "green", "rating": 5, "text": "<b>fresh</b> 很好喝", "locale": "zh-CN",
            "display_name": "<b>Wei</b>"}),
    );
    assert_eq!(named.status, 200, "{}", named.text());
    let body = page_once(&server, "green", |b| b.contains("review__author"));
    assert!(!body.contains("<b>Wei</b>"), "markup as text");
    let html = scraper::Html::parse_document(&body);
    assert_eq!(texts(&html, "li.review .review__author"), ["<b>Wei</b>"]);
    assert_eq!(
        json_ld(&html)["review"][0]["author"],
        json!({"@type": "Person", "name": "<b>Wei</b>"})
    );
    let other = page_once(&server, "tote", |_| true);
    assert!(
        !other.contains("section class=\"reviews\""),
        "only its product"
    );
    // The shop's figures under the review: none raised yet.
    assert_eq!(
        texts(&html, "[data-testid=problem-figures]"),
        [ZH_FIGURES
            .replace("{raised}", "0")
            .replace("{resolved}", "0")
            .replace("{open}", "0")]
    );

    // A problem raised by the buyer, then resolved by the seller: serve publishes
    // again each time, and the figures under the review follow.
    let raised = buyers::buyer(
        &server,
        &format!("/api/orders/{}/problems", order.order_id),
        Some(&secret),
        Some(&buyers::nonce(3)),
        &json!({"kind": "damaged", "text": "The tin came dented."}),
    );
    assert_eq!(raised.status, 201, "{}", raised.text());
    let body = page_once(&server, "green", |b| b.contains("反馈 1 个"));
    let html = scraper::Html::parse_document(&body);
    assert_eq!(
        texts(&html, "[data-testid=problem-figures]"),
        [ZH_FIGURES
            .replace("{raised}", "1")
            .replace("{resolved}", "0")
            .replace("{open}", "1")]
    );
    let problem = raised.json()["problem"]["id"].clone();
    let resolved = seller.post_json(
        &format!("/_seller/api/problems/{problem}"),
        &json!({"answer": "A new tin left today.", "mark": "resolved"}),
    );
    assert_eq!(resolved.status, 200, "{}", resolved.text());
    let body = page_once(&server, "green", |b| b.contains("已解决 1 个"));
    let html = scraper::Html::parse_document(&body);
    assert_eq!(
        texts(&html, "[data-testid=problem-figures]"),
        [ZH_FIGURES
            .replace("{raised}", "1")
            .replace("{resolved}", "1")
            .replace("{open}", "0")]
    );

    let listed = seller.get("/_seller/api/reviews").json();
    let id = listed["reviews"][0]["id"].clone();
    let hidden = seller.post_json(
        &format!("/_seller/api/reviews/{id}/hide"),
        &json!({"reason": "names another shop"}),
    );
    assert_eq!(hidden.status, 200, "{}", hidden.text());
    let body = page_once(&server, "green", |b| !b.contains("很好喝"));
    let html = scraper::Html::parse_document(&body);
    assert_eq!(
        texts(&html, "[data-testid=reviews-hidden]"),
        ["卖家隐藏了 1 条评价"]
    );
    assert!(select(&html, "li.review").is_empty());
    assert!(json_ld(&html).get("aggregateRating").is_none());
}
