//! `microshop publish` writes the shop's theme into every page, so the first paint
//! already has the seller's look: the preset and options on `<html>`, the tokens and
//! font faces in a `<style>`, the seller's stylesheet after the app's, and the font
//! and stylesheet files copied.

mod publishing;

use publishing::*;

#[test]
fn published_pages_carry_the_theme_from_the_first_byte() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("theme");
    let seller = scratch.0.join("seller");
    std::fs::create_dir_all(seller.join("images")).expect("dir");
    std::fs::create_dir_all(seller.join("fonts")).expect("dir");
    std::fs::write(
        seller.join("images/a.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' width='60' height='60'/>",
    )
    .expect("image");
    std::fs::write(seller.join("fonts/slab.woff2"), b"wOF2").expect("font");
    std::fs::write(
        seller.join("roaster.css"),
        ".seller__name{letter-spacing:.02em}",
    )
    .expect("css");
    let manifest = serde_json::json!({
        "version": 1, "id": "roaster", "currency": "USD", "locales": ["en"],
        "seller": {"name": "Ember Roasters", "avatar": "images/a.svg"},
        "theme": {
            "preset": "handmade", "scheme": "dark",
            "layout": {"corners": "square", "feed": "list"},
            "tokens": {"font-heading": "\"Roaster Slab\", Georgia, serif", "color-button": "#9a3412"},
            "dark": {"color-link": "#fdba74"},
            "fonts": [{"family": "Roaster Slab", "src": "fonts/slab.woff2", "weight": 700}],
            "stylesheet": "roaster.css"
        },
        "catalog": {"products": [{"id": "house", "title": "House blend", "images": ["images/a.svg"], "price": "14"}]},
        "order": {"endpoint": "/api/orders"}
    });
    let (shop, dist) = seller_and_template(&scratch.0, &real_dist, &manifest, 600);
    let out = scratch.0.join("out");
    let (ok, stdout, stderr) = publish(&shop, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}\n{stderr}");

    for file in ["index.html", "p/house/index.html", "cart/index.html"] {
        let raw = std::fs::read_to_string(out.join(file)).expect("page");
        assert!(
            raw.contains("<html lang=\"en\" data-preset=\"handmade\" data-scheme=\"dark\" data-feed=\"list\" data-corners=\"square\">"),
            "{file}: {}",
            &raw[..raw.len().min(300)]
        );
        let style = raw
            .find("<style id=\"microshop-theme\">")
            .expect("theme style");
        let css = &raw[style..raw[style..].find("</style>").expect("closed") + style];
        assert!(
            css.contains("@layer base,preset,shop,dark,shop-dark,components;"),
            "{css}"
        );
        assert!(css.contains("@font-face{font-family:\"Roaster Slab\";src:url(\"/teashop/fonts/slab.woff2\") format(\"woff2\");font-weight:700"), "{css}");
        assert!(css.contains("@layer shop{:root{--color-button:#9a3412;--font-heading:\"Roaster Slab\", Georgia, serif;}}"), "{css}");
        assert!(
            css.contains(":root[data-scheme=dark]{--color-link:#fdba74;}"),
            "{css}"
        );
        let app_css = raw.find("rel=\"stylesheet\"").expect("the app's css");
        let own = raw
            .find("<link id=\"microshop-stylesheet\" rel=\"stylesheet\" href=\"/teashop/roaster.css\">")
            .expect("the seller's stylesheet");
        assert!(
            own > app_css,
            "the seller's stylesheet comes after the app's"
        );
        assert!(!raw.contains("<html style"), "no inline tokens");
    }
    assert!(out.join("fonts/slab.woff2").is_file());
    assert!(out.join("roaster.css").is_file());
}

#[test]
fn publish_refuses_a_stylesheet_that_loads_from_another_host() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("theme-remote-css");
    let seller = scratch.0.join("seller");
    std::fs::create_dir_all(seller.join("images")).expect("dir");
    std::fs::write(seller.join("images/a.svg"), "<svg/>").expect("image");
    std::fs::write(
        seller.join("roaster.css"),
        ".seller__name{letter-spacing:.02em}\n@import url(\"https://fonts.example/css?family=Slab\");\n",
    )
    .expect("css");
    let manifest = serde_json::json!({
        "version": 1, "id": "roaster", "currency": "USD", "locales": ["en"],
        "seller": {"name": "Ember Roasters", "avatar": "images/a.svg"},
        "theme": {"stylesheet": "roaster.css"},
        "catalog": {"products": [{"id": "house", "title": "House blend", "images": ["images/a.svg"], "price": "14"}]},
        "order": {"endpoint": "/api/orders"}
    });
    let (shop, dist) = seller_and_template(&scratch.0, &real_dist, &manifest, 600);
    let out = scratch.0.join("out");
    let (ok, stdout, stderr) = publish(&shop, &out, BASE_URL, &dist);
    assert!(!ok, "refused: {stdout}\n{stderr}");
    assert!(
        stderr.contains("theme.stylesheet: roaster.css:2: @import"),
        "{stderr}"
    );
    assert!(!out.join("index.html").exists(), "nothing published");
}
