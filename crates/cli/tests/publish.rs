//! `microshop publish` on the demo shop (public/shop.json), read as a crawler reads
//! it: no JavaScript, an HTML5 parser, the files on disk. Then the published folder
//! served by a real `microshop serve --site`, with an order posted to it.

mod common;
mod publishing;

use microshop_core::{decode_manifest, Catalog, CatalogSource, Manifest};
use publishing::*;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The demo, published once for every test in this file (brotli at quality 11 on
/// the wasm takes a while in a debug build). `None` when there is no built app.
fn published() -> Option<&'static Path> {
    static OUT: OnceLock<Option<PathBuf>> = OnceLock::new();
    OUT.get_or_init(|| {
        let dist = dist()?;
        // A fixed folder in this build's target dir (checkouts side by side never share
        // it): publish empties it again next time (it carries the marker).
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("microshop-publish-demo");
        let (ok, stdout, stderr) = publish(&demo_manifest(), &out, BASE_URL, &dist);
        assert!(ok, "publish succeeds:\n{stdout}\n{stderr}");
        assert!(stdout.contains("published"), "{stdout}");
        Some(out)
    })
    .as_deref()
}

fn demo() -> (Manifest, Catalog) {
    let text = std::fs::read_to_string(demo_manifest()).expect("demo manifest");
    let manifest = decode_manifest(&text).expect("demo is valid").value;
    let CatalogSource::Inline(catalog) = manifest.catalog.clone() else {
        panic!("the demo's catalog is inline")
    };
    (manifest, catalog)
}

#[test]
fn a_product_page_reads_right_without_javascript() {
    let Some(out) = published() else { return };
    let (manifest, catalog) = demo();
    let locale = manifest.default_locale();
    let seller = manifest.seller.name.get(locale, locale);
    let product = catalog.product("jasmine-pearls").expect("in the demo");
    let title = product.title.get(locale, locale);
    let html = page(out, "p/jasmine-pearls/index.html");

    assert_eq!(attr(&html, "html", "lang"), locale);
    assert_eq!(text(&html, "title"), format!("{title} · {seller}"));
    let description = meta(&html, "description");
    let full = product
        .description
        .as_ref()
        .expect("described")
        .get(locale, locale);
    let start: String = full
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(20)
        .collect();
    assert!(
        description.starts_with(&start) && description.chars().count() <= 160,
        "{description}"
    );
    let canonical = "https://example.github.io/teashop/p/jasmine-pearls/";
    assert_eq!(attr(&html, "link[rel=canonical]", "href"), canonical);
    assert_eq!(meta(&html, "og:url"), canonical);
    // oEmbed discovery names a static answer, so it works on a host that runs nothing.
    let oembed = attr(&html, "link[type=\"application/json+oembed\"]", "href");
    assert_eq!(
        oembed,
        "https://example.github.io/teashop/oembed/p/jasmine-pearls.json"
    );
    let answer: serde_json::Value = serde_json::from_slice(
        &std::fs::read(file_for(out, &oembed).expect("on the site")).expect("written"),
    )
    .expect("JSON");
    assert_eq!(answer["type"], "rich");
    assert_eq!(answer["title"], title);
    assert_eq!(
        answer["thumbnail_url"],
        "https://example.github.io/teashop/previews/images/jasmine-pearls.svg.png"
    );
    assert_eq!(answer["thumbnail_width"], 1200);
    assert_eq!(meta(&html, "og:type"), "product");
    assert_eq!(meta(&html, "og:title"), format!("{title} · {seller}"));
    assert_eq!(meta(&html, "og:site_name"), seller);
    assert_eq!(meta(&html, "og:locale"), locale.replace('-', "_"));
    assert_eq!(meta(&html, "twitter:card"), "summary_large_image");
    // Chat apps show no SVG: the preview is a PNG drawn from it, of the size declared.
    let preview = meta(&html, "og:image");
    assert_eq!(
        preview,
        "https://example.github.io/teashop/previews/images/jasmine-pearls.svg.png"
    );
    let png = std::fs::read(file_for(out, &preview).expect("on the site")).expect("published");
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    let header = |at: usize| u32::from_be_bytes([png[at], png[at + 1], png[at + 2], png[at + 3]]);
    assert_eq!(
        (header(16), header(20)),
        (1200, 630),
        "IHDR width and height"
    );
    assert_eq!(meta(&html, "og:image:width"), "1200");
    assert_eq!(meta(&html, "og:image:height"), "630");
    assert_eq!(meta(&html, "twitter:image"), preview);
    let image = "https://example.github.io/teashop/images/jasmine-pearls.svg";
    // The first variant in stock (50 g) is what the page shows first.
    for key in ["product:price:amount", "og:price:amount"] {
        assert_eq!(meta(&html, key), "68.00");
    }
    for key in ["product:price:currency", "og:price:currency"] {
        assert_eq!(meta(&html, key), "CNY");
    }
    // No hreflang alternates (REVIEW7 §11): a page is written in the default locale
    // only, and `?lang=xx` is the same file, whose canonical is the bare URL, so
    // alternates named non-canonical URLs, which search engines ignore and SEO
    // crawlers flag (the oEmbed link is checked above).
    assert!(
        select(&html, "link[rel=alternate][hreflang]").is_empty(),
        "{:?}",
        manifest.locales
    );

    let data = json_ld(&html);
    assert_eq!(data["@type"], "Product");
    assert_eq!(data["name"], title);
    assert_eq!(data["url"], canonical);
    assert_eq!(data["image"][0], image);
    let offers = data["offers"].as_array().expect("offers");
    assert_eq!(offers.len(), product.variants.len());
    let first = &offers[0];
    assert_eq!(first["@type"], "Offer");
    assert_eq!(first["price"], "68.00");
    assert_eq!(first["priceCurrency"], "CNY");
    assert_eq!(first["availability"], "https://schema.org/InStock");
    assert_eq!(first["seller"]["name"], seller);
    let large = offers
        .iter()
        .find(|o| o["sku"] == "JP-250")
        .expect("JP-250");
    assert_eq!(large["price"], "298.00");
    assert_eq!(large["url"], format!("{canonical}?v=JP-250"));

    // The first screen, as the app renders it.
    assert_eq!(
        text(&html, "#boot .page.page--product main h1.product__title"),
        title
    );
    assert_eq!(text(&html, "p.product__price"), "¥68.00");
    let gallery = select(&html, "div.gallery > img.gallery__image");
    assert_eq!(gallery.len(), product.images.len());
    let cover = gallery[0].value();
    assert_eq!(
        cover.attr("src"),
        Some("/teashop/images/jasmine-pearls.svg")
    );
    assert_eq!(
        (cover.attr("width"), cover.attr("height")),
        (Some("400"), Some("400"))
    );
    assert_eq!(cover.attr("loading"), Some("eager"));
    let add = select(&html, "div.buy button.buy__add");
    assert_eq!(add.len(), 1);
    assert!(
        add[0].value().attr("disabled").is_some(),
        "no buying before the app starts"
    );
    assert_eq!(
        attr(&html, "nav.backbar a.backbar__link", "href"),
        "/teashop/"
    );
}

#[test]
fn sold_out_products_and_variants_say_so_to_crawlers() {
    let Some(out) = published() else { return };
    let (_, catalog) = demo();
    // Entirely sold out: the one card with the sold-out badge.
    let sold_out: Vec<_> = catalog.products.iter().filter(|p| p.sold_out()).collect();
    assert_eq!(sold_out.len(), 1, "the demo has one sold-out product");
    let id = &sold_out[0].id;
    assert_eq!(id, "oriental-beauty");
    let html = page(out, &format!("p/{id}/index.html"));
    let data = json_ld(&html);
    let offers = data["offers"].as_array().expect("offers");
    assert!(offers
        .iter()
        .all(|o| o["availability"] == "https://schema.org/OutOfStock"));
    assert_eq!(meta(&html, "product:availability"), "out of stock");
    assert_eq!(text(&html, "p.product__stock"), "已售罄");
    let category = page(out, "c/oolong/index.html");
    let card = select(
        &category,
        &format!("li.card.card--sold-out a[href=\"/teashop/p/{id}/\"]"),
    );
    assert_eq!(
        card.len(),
        1,
        "the sold-out card is marked on its category page"
    );

    // One variant sold out: only its offer says so.
    let html = page(out, "p/festival-gift-box/index.html");
    let data = json_ld(&html);
    for offer in data["offers"].as_array().expect("offers") {
        let expected = if offer["sku"] == "GIFT-FUJIAN" {
            "https://schema.org/OutOfStock"
        } else {
            "https://schema.org/InStock"
        };
        assert_eq!(offer["availability"], expected, "{offer}");
    }
    assert_eq!(meta(&html, "product:availability"), "in stock");
}

#[test]
fn the_feed_prerenders_the_seller_and_the_first_cards() {
    let Some(out) = published() else { return };
    let (manifest, catalog) = demo();
    let locale = manifest.default_locale();
    let html = page(out, "index.html");
    let seller = manifest.seller.name.get(locale, locale);
    assert_eq!(text(&html, "title"), seller);
    assert_eq!(
        text(
            &html,
            "#boot > .page header.masthead .seller h1.seller__name"
        ),
        seller
    );
    let avatar = select(&html, "header.masthead .seller img.seller__avatar");
    assert_eq!(avatar[0].value().attr("width"), Some("56"));
    assert_eq!(select(&html, "details.trust").len(), 1);
    assert!(select(&html, "details.trust")[0]
        .value()
        .attr("open")
        .is_none());
    let cards = select(&html, "ul.grid > li.card > a.card__link");
    assert_eq!(cards.len(), 6);
    for (i, (card, product)) in cards.iter().zip(&catalog.products).enumerate() {
        let href = format!("/teashop/p/{}/", product.id);
        assert_eq!(card.value().attr("href"), Some(href.as_str()));
        let img = card
            .select(&scraper::Selector::parse("div.card__image > img").expect("css"))
            .next()
            .expect("cover");
        assert_eq!(img.value().attr("width"), Some("400"));
        let loading = if i < 4 { "eager" } else { "lazy" };
        assert_eq!(img.value().attr("loading"), Some(loading), "card {i}");
    }
    // Cards with several prices say "from": ¥68.00 起 for jasmine pearls.
    let price: String = select(&html, "p.card__price")[0].text().collect();
    assert_eq!(price, "¥68.00 起");
    let data = json_ld(&html);
    assert_eq!(data["@type"], "Store");
    assert_eq!(data["name"], seller);
    assert_eq!(data["url"], BASE_URL);
    assert_eq!(
        data["logo"],
        "https://example.github.io/teashop/images/avatar.svg"
    );
    // The shop's theme from the first byte, after the stylesheets it overrides.
    let style = text(&html, "head style");
    assert!(style.contains("--color-accent:#b5482a"), "{style}");
    let raw = std::fs::read_to_string(out.join("index.html")).expect("index");
    assert!(
        raw.find("<style id=\"microshop-theme\">").expect("style")
            > raw.find("rel=\"stylesheet\"").expect("css")
    );
    assert!(
        raw.contains("<html lang=\"zh-CN\" data-preset=\"quiet\">"),
        "the preset on <html>"
    );
}

#[test]
fn every_link_and_asset_is_under_the_base_path_and_exists() {
    let Some(out) = published() else { return };
    let (_, catalog) = demo();
    let mut pages = vec!["index.html".to_owned(), "404.html".to_owned()];
    pages.extend(["cart", "checkout", "order"].map(|p| format!("{p}/index.html")));
    pages.extend(
        catalog
            .categories
            .iter()
            .map(|c| format!("c/{}/index.html", c.id)),
    );
    pages.extend(
        catalog
            .products
            .iter()
            .map(|p| format!("p/{}/index.html", p.id)),
    );
    for name in &pages {
        assert!(out.join(name).is_file(), "{name} is published");
        let raw = std::fs::read_to_string(out.join(name)).expect("page");
        let html = page(out, name);
        assert_eq!(
            attr(&html, "meta[name=microshop-base]", "content"),
            BASE_PATH
        );
        assert_eq!(
            attr(&html, "meta[name=microshop-manifest]", "content"),
            "/teashop/shop.json"
        );
        assert_eq!(
            attr(&html, "link[rel=preload][href$=\"shop.json\"]", "href"),
            "/teashop/shop.json"
        );
        // Every link names a published file, the oEmbed answer too.
        for element in select(&html, "[href], [src], [content]") {
            for key in ["href", "src", "content"] {
                let Some(url) = element.value().attr(key) else {
                    continue;
                };
                if url.starts_with('/') {
                    assert!(url.starts_with(BASE_PATH), "{name}: {key}={url}");
                }
                if url.starts_with('/') || url.starts_with("https://example.github.io") {
                    let file = file_for(out, url).unwrap_or_else(|| panic!("{name}: {url}"));
                    assert!(file.is_file(), "{name}: {url} -> {} exists", file.display());
                }
            }
        }
        // The module script imports the JS glue and the wasm by absolute paths.
        let script = select(&html, "script[type=module]");
        let script: String = script[0].text().collect();
        for quoted in script.split('\'').skip(1).step_by(2) {
            if quoted.starts_with('/') {
                assert!(quoted.starts_with(BASE_PATH), "{name}: {quoted}");
                assert!(
                    file_for(out, quoted).expect("on the site").is_file(),
                    "{quoted}"
                );
            }
        }
        assert!(
            !raw.contains("\"/shop.json\""),
            "{name} still names /shop.json"
        );
    }
    // Cart, checkout, order and 404 keep the loading skeleton and stay out of search.
    let cart = page(out, "cart/index.html");
    assert_eq!(meta(&cart, "robots"), "noindex");
    assert_eq!(select(&cart, "#boot.page .card--skeleton").len(), 4);
    // The receipt check has its page too (a static host answers /receipt/ with it).
    let receipt = page(out, "receipt/index.html");
    assert_eq!(meta(&receipt, "robots"), "noindex");
    assert_eq!(select(&receipt, "#boot.page .card--skeleton").len(), 4);
    assert!(
        out.join("images/pay-wechat.svg").is_file(),
        "the payment QR is published"
    );
}

#[test]
fn sitemap_and_robots_name_every_public_page() {
    let Some(out) = published() else { return };
    let (_, catalog) = demo();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    assert!(sitemap.contains("<loc>https://example.github.io/teashop/</loc>"));
    for c in &catalog.categories {
        assert!(sitemap.contains(&format!(
            "<loc>https://example.github.io/teashop/c/{}/</loc>",
            c.id
        )));
    }
    for p in &catalog.products {
        let loc = format!("<loc>https://example.github.io/teashop/p/{}/</loc>", p.id);
        let entry = match &p.added {
            Some(added) => format!("{loc}<lastmod>{added}</lastmod>"),
            None => loc,
        };
        assert!(sitemap.contains(&entry), "{entry}");
    }
    assert!(!sitemap.contains("/cart/"));
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots");
    assert!(robots.contains("Allow: /"));
    assert!(robots.contains("Sitemap: https://example.github.io/teashop/sitemap.xml"));
}

#[test]
fn precompressed_copies_are_the_final_files_exactly() {
    let Some(out) = published() else { return };
    let mut checked = 0;
    for (_, path) in files_under(out) {
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or("")
            .to_owned();
        let ext = name.rsplit('.').next().unwrap_or("");
        if name.starts_with('.')
            || !["html", "js", "css", "wasm", "json", "svg", "xml", "txt"].contains(&ext)
        {
            continue;
        }
        // A file there is one of per product (its page, its oEmbed answer, its
        // `data/p/` file) gets no copies: 30,000 files to create at 10,000
        // products (docs/performance.md); a host compresses them on the fly.
        let product_page =
            path.parent().and_then(Path::parent) == Some(&out.join("p")) && name == "index.html";
        if path.starts_with(out.join("oembed"))
            || path.starts_with(out.join("data").join("p"))
            || product_page
        {
            assert!(!Path::new(&format!("{}.br", path.display())).exists());
            assert!(!Path::new(&format!("{}.gz", path.display())).exists());
            continue;
        }
        let original = std::fs::read(&path).expect("file");
        let mut from_br = Vec::new();
        brotli::Decompressor::new(
            std::fs::File::open(format!("{}.br", path.display())).expect(".br exists"),
            4096,
        )
        .read_to_end(&mut from_br)
        .expect("brotli");
        let mut from_gz = Vec::new();
        flate2::read::GzDecoder::new(
            std::fs::File::open(format!("{}.gz", path.display())).expect(".gz exists"),
        )
        .read_to_end(&mut from_gz)
        .expect("gzip");
        assert!(from_br == original, "{}.br", path.display());
        assert!(from_gz == original, "{}.gz", path.display());
        checked += 1;
    }
    assert!(checked > 40, "{checked} files checked");
    assert!(!out.join(".microshop-publish.br").exists());
}

#[test]
fn serve_site_answers_like_a_static_host_and_takes_orders() {
    let Some(out) = published() else { return };
    let server = common::start_site(out, "publish-site");
    let base = format!("{}{BASE_PATH}", server.url);
    let (status, body) = common::get(&format!("{base}p/jasmine-pearls/"));
    assert_eq!(status, 200);
    assert!(
        body.contains("class=\"product__title\""),
        "the prerendered page"
    );
    let (status, body) = common::get(&format!("{base}c/green/"));
    assert_eq!(status, 200);
    assert!(
        body.contains("aria-pressed=\"true\">绿茶"),
        "the green chip is pressed"
    );
    // oEmbed under the base path, with the link preview publish drew from the SVG
    // picture as the thumbnail, as publish's static answer (REVIEW7 §12).
    let product = format!("{base}p/jasmine-pearls/");
    let (status, body) = common::get(&format!(
        "{base}oembed?url={}&format=json",
        product.replace(':', "%3A").replace('/', "%2F")
    ));
    assert_eq!(status, 200, "{body}");
    let json: serde_json::Value = serde_json::from_str(&body).expect("oEmbed JSON");
    assert_eq!(json["type"], "rich");
    assert_eq!(
        json["thumbnail_url"],
        format!("{base}previews/images/jasmine-pearls.svg.png")
    );
    assert_eq!(
        (&json["thumbnail_width"], &json["thumbnail_height"]),
        (&serde_json::json!(1200), &serde_json::json!(630))
    );
    assert!(json["html"]
        .as_str()
        .unwrap_or("")
        .contains(&format!("data-microshop=\"{product}\"")));
    // Missing: the 404 page, which boots the app, with status 404.
    let (status, body) = common::get(&format!("{base}p/no-such-tea/"));
    assert_eq!(status, 404);
    assert!(body.contains("id=\"boot\""));
    // Precompressed copies when accepted; hashed assets cached for good.
    let wasm = std::fs::read_dir(out)
        .expect("list")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .find(|n| n.ends_with("_bg.wasm"))
        .expect("the wasm is published");
    let response = common::agent()
        .get(format!("{base}{wasm}"))
        .header("accept-encoding", "br")
        .call()
        .expect("answers");
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned()
    };
    assert_eq!(header("content-encoding"), "br");
    assert!(header("cache-control").contains("immutable"));

    // An order for the published shop, verified against its shop.json.
    let order = demo_order();
    let (status, body, _) = common::post_order(&server, &order);
    assert_eq!(status, 201, "{body}");
}

/// A valid order for the demo: one 50 g jasmine pearls, picked up.
fn demo_order() -> microshop_core::order::OrderRequest {
    use microshop_core::cart::Cart;
    use microshop_core::order::{build_order, CheckoutInput};
    use std::collections::BTreeMap;
    let (manifest, catalog) = demo();
    let mut cart = Cart::default();
    cart.add(&catalog, "JP-50", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "13800000000".to_owned()),
        ]),
        shipping_id: Some("pickup".to_owned()),
        referral: None,
    };
    let id = microshop_core::order::order_id_from_bytes([7; 16]);
    build_order(
        &manifest,
        &catalog,
        &cart,
        &input,
        "zh-CN",
        id,
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

#[test]
fn an_svg_avatar_becomes_a_180_pixel_touch_icon() {
    let Some(out) = published() else { return };
    let html = page(out, "index.html");
    assert_eq!(
        attr(&html, "link[rel=apple-touch-icon]", "href"),
        "/teashop/apple-touch-icon.png"
    );
    let png = std::fs::read(out.join("apple-touch-icon.png")).expect("touch icon written");
    assert_eq!(&png[1..4], b"PNG");
    assert_eq!(
        u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
        180
    );
    assert_eq!(
        u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
        180
    );
}

#[test]
fn the_embed_snippet_is_published_with_the_shop() {
    let Some(out) = published() else { return };
    // oEmbed's snippet and docs/embedding.md load `<shop>embed.js`: it must be there,
    // exactly the snippet the app ships.
    let published = std::fs::read(out.join("embed.js")).expect("embed.js is published");
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../public/embed.js");
    let shipped = std::fs::read(source).expect("public/embed.js");
    assert_eq!(published, shipped, "embed.js is published as written");
}
