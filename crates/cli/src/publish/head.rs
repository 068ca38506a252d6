//! Each page's head: what a search engine and a link preview read without running
//! any JavaScript. Title, description, canonical URL (no language alternates), Open
//! Graph and Twitter cards, icons, the shop's theme, schema.org JSON-LD, and oEmbed
//! discovery on product pages.

use super::body::{initial_variant, product_route};
use super::escape::{html as esc, json_for_script, query_value};
use super::site::{summary, Site};
use microshop_core::Product;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// What a page is, for its head.
pub enum Kind<'a> {
    /// The feed or a category: the shop as a Store.
    Shop,
    /// A product page.
    Product(&'a Product),
    /// Cart, checkout, order, 404: useless in a search result, so `noindex` and
    /// no canonical URL.
    Private,
}

/// One page's head.
pub struct Head<'a> {
    /// The route under the base (`""`, `p/jasmine-pearls/`).
    pub route: String,
    pub title: String,
    pub description: String,
    pub kind: Kind<'a>,
}

/// The oEmbed discovery link of a page: `href` is where the answer is (the static
/// file publish writes, or `microshop serve`'s endpoint).
pub fn oembed_link(href: &str, title: &str) -> String {
    format!(
        "<link rel=\"alternate\" type=\"application/json+oembed\" href=\"{}\" title=\"{}\">",
        esc(href),
        esc(title)
    )
}

/// `microshop serve`'s oEmbed endpoint for the page at `page_url` of the shop at
/// `shop_url`.
pub fn oembed_endpoint(shop_url: &str, page_url: &str) -> String {
    format!("{shop_url}oembed?url={}&format=json", query_value(page_url))
}

/// Where publish writes the oEmbed answer for a product: a static file any host serves.
pub fn oembed_file(product: &Product) -> String {
    format!("oembed/p/{}.json", product.id)
}

/// The tags after `<meta charset>`.
pub fn head_tags(site: &Site, page: &Head) -> String {
    let base = site.base;
    let url = base.url_of(&page.route);
    let manifest_url = base.path_of(if site.split {
        "data/shop.json"
    } else {
        "shop.json"
    });
    let mut out = String::from("\n");
    let mut tag = |line: String| {
        out.push_str("  ");
        out.push_str(&line);
        out.push('\n');
    };
    // The app reads these: its router's base, and where the shop file is (and, for a
    // catalog published in parts, where the parts are). The preloads name the same
    // URLs so the shop's data downloads alongside the app.
    tag(format!(
        "<meta name=\"microshop-base\" content=\"{}\">",
        esc(&base.path)
    ));
    tag(format!(
        "<meta name=\"microshop-manifest\" content=\"{}\">",
        esc(&manifest_url)
    ));
    tag(format!(
        "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\">",
        esc(&manifest_url)
    ));
    if site.split {
        tag(format!(
            "<meta name=\"microshop-catalog\" content=\"{}\">",
            esc(&base.path_of("data/"))
        ));
        if let Kind::Product(product) = page.kind {
            tag(format!(
                "<link rel=\"preload\" href=\"{}\" as=\"fetch\" crossorigin=\"anonymous\">",
                esc(&base.path_of(&format!("data/p/{}.json", product.id)))
            ));
        }
    }
    tag(format!("<title>{}</title>", esc(&page.title)));
    tag(format!(
        "<meta name=\"description\" content=\"{}\">",
        esc(&page.description)
    ));
    if matches!(page.kind, Kind::Private) {
        tag("<meta name=\"robots\" content=\"noindex\">".to_owned());
    } else {
        tag(format!("<link rel=\"canonical\" href=\"{}\">", esc(&url)));
        // No hreflang alternates: the page is written in the default locale only,
        // and `?lang=xx` (the app's choice of language) is this same file, whose
        // canonical is the bare URL; alternates naming non-canonical URLs are
        // ignored by search engines and flagged by SEO crawlers (REVIEW7 §11).
        // oEmbed discovery: a site that reads it turns the pasted link into the card.
        // The answer is a static file, so it is there on any host.
        if let Kind::Product(product) = page.kind {
            tag(oembed_link(
                &base.url_of(&oembed_file(product)),
                &page.title,
            ));
        }
    }
    if let Some(color) = &site.theme_color {
        tag(format!(
            "<meta name=\"theme-color\" content=\"{}\">",
            esc(color)
        ));
    }
    if let Some((path, mime)) = &site.icons.favicon {
        tag(format!(
            "<link rel=\"icon\" href=\"{}\" type=\"{mime}\">",
            esc(&base.path_of(&super::escape::url_path(path)))
        ));
    }
    if let Some(path) = &site.icons.touch {
        tag(format!(
            "<link rel=\"apple-touch-icon\" href=\"{}\">",
            esc(&base.path_of(&super::escape::url_path(path)))
        ));
    }
    tag(super::offline::manifest_link(base));

    // Open Graph (Facebook, WhatsApp, WeChat, Slack, iMessage...) and Twitter cards.
    let og_type = if matches!(page.kind, Kind::Product(_)) {
        "product"
    } else {
        "website"
    };
    let image = match page.kind {
        Kind::Product(p) => p.images.first().map(String::as_str),
        _ => None,
    }
    .or(site.manifest.seller.avatar.as_deref());
    let og = |property: &str, content: &str| {
        format!(
            "<meta property=\"{property}\" content=\"{}\">",
            esc(content)
        )
    };
    tag(og("og:type", og_type));
    tag(og("og:site_name", site.seller_name()));
    tag(og("og:title", &page.title));
    tag(og("og:description", &page.description));
    tag(og("og:url", &url));
    tag(og("og:locale", &site.locale.replace('-', "_")));
    for other in site
        .manifest
        .locales
        .iter()
        .filter(|l| l.as_str() != site.locale)
    {
        tag(og("og:locale:alternate", &other.replace('-', "_")));
    }
    // The picture as a preview card shows it: a raster preview drawn from an SVG, a
    // raster picture itself, or a remote one as it is (its size unknown).
    let preview = image.and_then(|i| site.preview(i));
    if let Some((image_url, size)) = &preview {
        tag(og("og:image", image_url));
        if let Some((width, height)) = size {
            tag(og("og:image:width", &width.to_string()));
            tag(og("og:image:height", &height.to_string()));
        }
        tag(og("og:image:alt", &page.title));
    }
    if let Kind::Product(product) = page.kind {
        let amount = site.plain_price(shown_price(product));
        let currency = site.manifest.currency.code();
        tag(og("product:price:amount", &amount));
        tag(og("product:price:currency", currency));
        tag(og("og:price:amount", &amount));
        tag(og("og:price:currency", currency));
        let availability = if product.sold_out() {
            "out of stock"
        } else {
            "in stock"
        };
        tag(og("product:availability", availability));
    }
    let twitter =
        |name: &str, content: &str| format!("<meta name=\"{name}\" content=\"{}\">", esc(content));
    tag(twitter("twitter:card", "summary_large_image"));
    tag(twitter("twitter:title", &page.title));
    tag(twitter("twitter:description", &page.description));
    if let Some((image_url, _)) = &preview {
        tag(twitter("twitter:image", image_url));
    }
    out
}

/// The price the product page shows first (the first variant in stock), else the
/// lowest.
pub fn shown_price(product: &Product) -> microshop_core::Money {
    initial_variant(product).map_or_else(|| product.lowest_price(), |v| product.price_of(v))
}

/// The tags at the end of the head: the theme (tokens and font faces, and the seller's
/// stylesheet after the app's) and the JSON-LD.
pub fn head_end_tags(site: &Site, page: &Head) -> String {
    let mut out = String::new();
    // The same theme the app writes (microshop_core::Theme::css), here from the first
    // paint. Its values passed core's checks (no `< > ; { } \ url(`), and its font
    // URLs are the published copies' paths; it is written as it is, since entities
    // are not read inside <style>.
    let theme = &site.manifest.theme;
    let css = theme.css(|src| site.base.path_of(&super::escape::url_path(src)));
    if !css.is_empty() {
        let _ = writeln!(out, "  <style id=\"microshop-theme\">{css}</style>");
    }
    if let Some(stylesheet) = &theme.stylesheet {
        let _ = writeln!(
            out,
            "  <link id=\"microshop-stylesheet\" rel=\"stylesheet\" href=\"{}\">",
            esc(&site.base.path_of(&super::escape::url_path(stylesheet)))
        );
    }
    let data = match page.kind {
        Kind::Product(product) => Some(product_json(site, product)),
        Kind::Shop => Some(store_json(site)),
        Kind::Private => None,
    };
    if let Some(data) = data {
        let _ = writeln!(
            out,
            "  <script type=\"application/ld+json\">{}</script>",
            json_for_script(&data)
        );
    }
    let _ = writeln!(out, "  {}", super::offline::register_script(site.base));
    out
}

/// schema.org Store: the seller as a business, with its contacts.
pub fn store_json(site: &Site) -> Value {
    let seller = &site.manifest.seller;
    let mut store = json!({
        "@context": "https://schema.org",
        "@type": "Store",
        "name": site.seller_name(),
        "url": site.base.url_of(""),
    });
    let fields = [
        (
            "description",
            seller.bio.as_ref().map(|b| summary(site.text(b))),
        ),
        (
            "logo",
            seller.avatar.as_deref().and_then(|a| site.asset_url(a)),
        ),
        (
            "image",
            seller.avatar.as_deref().and_then(|a| site.asset_url(a)),
        ),
        (
            "address",
            seller.location.as_ref().map(|l| site.text(l).to_owned()),
        ),
        ("email", seller.contacts.email.clone()),
        ("telephone", seller.contacts.phone.clone()),
    ];
    for (key, value) in fields {
        if let Some(value) = value {
            store[key] = Value::String(value);
        }
    }
    let same_as: Vec<&str> = seller
        .contacts
        .links
        .iter()
        .map(|l| l.url.as_str())
        .collect();
    if !same_as.is_empty() {
        store["sameAs"] = json!(same_as);
    }
    store
}

/// schema.org Product with one Offer per variant: price as a decimal string,
/// currency, availability from stock, the page's URL (with `?v=` for a variant).
pub fn product_json(site: &Site, product: &Product) -> Value {
    let url = site.base.url_of(&product_route(product));
    let images: Vec<String> = product
        .images
        .iter()
        .filter_map(|i| site.asset_url(i))
        .collect();
    let seller =
        json!({"@type": "Organization", "name": site.seller_name(), "url": site.base.url_of("")});
    let several = product.variants.len() > 1;
    let offers: Vec<Value> = product
        .variants
        .iter()
        .map(|v| {
            let available = if v.stock == Some(0) {
                "https://schema.org/OutOfStock"
            } else {
                "https://schema.org/InStock"
            };
            let offer_url = if several {
                format!("{url}?v={}", query_value(&v.sku))
            } else {
                url.clone()
            };
            json!({
                "@type": "Offer",
                "sku": v.sku,
                "price": site.plain_price(product.price_of(v)),
                "priceCurrency": site.manifest.currency.code(),
                "availability": available,
                "url": offer_url,
                "seller": seller,
            })
        })
        .collect();
    let mut data = json!({
        "@context": "https://schema.org",
        "@type": "Product",
        "name": site.text(&product.title),
        "url": url,
        "image": images,
        "offers": offers,
    });
    if let Some(description) = &product.description {
        data["description"] = Value::String(site.text(description).to_owned());
    }
    if let [only] = product.variants.as_slice() {
        data["sku"] = Value::String(only.sku.clone());
    }
    if let Some(category) = product
        .category
        .as_deref()
        .and_then(|id| site.catalog.categories.iter().find(|c| c.id == id))
    {
        data["category"] = Value::String(site.text(&category.name).to_owned());
    }
    if let Some(reviews) = site.reviews.get(&product.id) {
        super::reviews::add_json_ld(reviews, &mut data);
    }
    data
}
