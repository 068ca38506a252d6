//! `GET <base>oembed?url=...&format=json`: oEmbed 1.0 (https://oembed.com) for this
//! shop's addresses, so a site that supports oEmbed turns a pasted product link into
//! the product's card (a shop or category link into the product grid). The answer is
//! type `rich`: its `html` is the embed snippet (docs/embedding.md). A URL of another
//! host, or of no product, is 404; any format but JSON is 501, as the spec says.
//! Also here: the answer's JSON, which `microshop publish` writes as static files
//! (`oembed/p/{id}.json`) for hosts that run nothing.

use super::accept::Answer;
use super::Shared;
use crate::check::Shop;
use crate::publish::escape::{html as esc, query_value};
use crate::publish::image::size_of;
use crate::source::site_path;
use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Where the endpoint lives and what it reads besides the shop.
#[derive(Clone)]
pub struct Endpoint {
    /// The base path the shop is served under (`/`, `/teashop/`).
    pub base: String,
    /// The folder the manifest's relative image paths are relative to.
    pub files: PathBuf,
    /// The published folder (`serve --site`), holding the link previews publish
    /// drew from SVG pictures.
    pub site: Option<PathBuf>,
}

/// What a request for an embed asks.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Ask {
    pub url: Option<String>,
    pub format: Option<String>,
    pub maxwidth: Option<u32>,
    pub maxheight: Option<u32>,
}

/// The route of a shop address under the base: `p/jasmine-pearls/` or the feed.
#[derive(Debug, PartialEq, Eq)]
enum Page<'a> {
    Feed,
    Category(&'a str),
    Product(&'a str),
}

/// The frame's layout and the size it starts at, before it tells its own height.
pub const CARD: (&str, u32, u32) = ("card", 360, 560);
pub const GRID: (&str, u32, u32) = ("grid", 640, 720);

/// Reads the query; a parameter given twice, or a size that is not a positive whole
/// number, is a bad request.
pub fn read_ask(pairs: &[(String, String)]) -> Result<Ask, String> {
    let mut ask = Ask::default();
    for (name, value) in pairs {
        let size = |v: &str| -> Result<u32, String> {
            match v.parse::<u32>() {
                Ok(n) if n > 0 && v.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
                _ => Err(format!(
                    "{name}: \"{}\" is not a positive whole number of pixels",
                    v.chars().take(40).collect::<String>()
                )),
            }
        };
        let slot_taken = match name.as_str() {
            "url" => ask.url.replace(value.clone()).is_some(),
            "format" => ask.format.replace(value.clone()).is_some(),
            "maxwidth" => ask.maxwidth.replace(size(value)?).is_some(),
            "maxheight" => ask.maxheight.replace(size(value)?).is_some(),
            _ => false,
        };
        if slot_taken {
            return Err(format!("{name} is given more than once"));
        }
    }
    Ok(ask)
}

/// The authority (`host:port`) of an http(s) URL and the rest after it, lower-cased
/// host with a default port left out.
fn split_url(url: &str) -> Option<(&str, String, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let scheme = match scheme.to_ascii_lowercase().as_str() {
        "http" => "http",
        "https" => "https",
        _ => return None,
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, rest) = rest.split_at(end);
    if authority.is_empty() || authority.contains(['@', '\\', ' ']) {
        return None;
    }
    Some((scheme, normal_authority(scheme, authority), rest))
}

fn normal_authority(scheme: &str, authority: &str) -> String {
    let lower = authority.to_ascii_lowercase();
    let default = if scheme == "https" { ":443" } else { ":80" };
    lower
        .strip_suffix(default)
        .map_or(lower.clone(), str::to_owned)
}

/// The page a path under `base` names; only the shop's own routes.
fn page_of<'a>(path: &'a str, base: &str) -> Option<Page<'a>> {
    let path = path.split(['?', '#']).next().unwrap_or("");
    let route = path
        .strip_prefix(base)
        .or_else(|| (path == base.trim_end_matches('/')).then_some(""))?;
    let parts: Vec<&str> = route.split('/').filter(|s| !s.is_empty()).collect();
    match parts.as_slice() {
        [] => Some(Page::Feed),
        ["p", id] => Some(Page::Product(id)),
        ["c", cat] => Some(Page::Category(cat)),
        _ => None,
    }
}

/// What a pasted address carries on into the embedded page: a referral code
/// (`?ref=`, as the storefront's referral links write it) and a language the shop
/// has (`lang=`), so a referrer's link embeds with its code, as the hand-written
/// snippet does. Anything else in the query is left out.
fn carried_query(rest: &str, locales: &[String]) -> String {
    let query = rest
        .split('#')
        .next()
        .and_then(|r| r.split_once('?'))
        .map_or("", |(_, q)| q);
    let value = |name: &str| {
        query
            .split('&')
            .filter_map(|pair| pair.split_once('='))
            .find(|(key, _)| *key == name)
            .and_then(|(_, v)| crate::source::percent_decode(v))
    };
    let mut carried = Vec::new();
    if let Some(code) = value("ref").filter(|c| microshop_core::rules::is_referral_code(c)) {
        carried.push(format!("ref={code}"));
    }
    if let Some(lang) = value("lang").filter(|l| locales.iter().any(|have| have == l)) {
        carried.push(format!("lang={lang}"));
    }
    if carried.is_empty() {
        String::new()
    } else {
        format!("?{}", carried.join("&"))
    }
}

/// A thumbnail's site path and size in pixels.
pub type Thumbnail = (String, u32, u32);

/// The answer to an oEmbed request for the shop at `host` (the request's Host).
pub fn answer(
    ask: &Ask,
    host: &str,
    endpoint: &Endpoint,
    shop: &Shop,
    thumbnail_of: &dyn Fn(&str) -> Option<Thumbnail>,
) -> Answer {
    let not_found = |why: &str| Answer::problem(404, "not_found", why);
    let Some(url) = ask.url.as_deref() else {
        return Answer::problem(400, "malformed", "url is missing: name the page to embed");
    };
    if ask.format.as_deref().is_some_and(|f| f != "json") {
        return Answer::problem(501, "format", "only format=json is answered");
    }
    let Some((scheme, authority, rest)) = split_url(url) else {
        return not_found("url is not an http(s) address of this shop");
    };
    let page =
        page_of(rest, &endpoint.base).filter(|_| authority == normal_authority(scheme, host));
    let locale = shop.manifest.default_locale();
    let seller = shop.manifest.seller.name.get(locale, locale).to_owned();
    let origin = format!("{scheme}://{authority}");
    let shop_url = format!("{origin}{}", endpoint.base);
    let (title, mut page_url, layout, image) = match page {
        Some(Page::Feed) => (seller.clone(), shop_url.clone(), GRID, None),
        Some(Page::Category(id)) => match shop.catalog.categories.iter().find(|c| c.id == id) {
            Some(c) => (
                format!("{} · {seller}", c.name.get(locale, locale)),
                format!("{shop_url}c/{}/", query_value(id)),
                GRID,
                None,
            ),
            None => return not_found("no such category in this shop"),
        },
        Some(Page::Product(id)) => match shop.catalog.product(id) {
            Some(p) => (
                p.title.get(locale, locale).to_owned(),
                format!("{shop_url}p/{}/", query_value(id)),
                CARD,
                p.images.first(),
            ),
            None => return not_found("no such product in this shop"),
        },
        None => return not_found("url is not a product or shop page of this shop"),
    };
    page_url.push_str(&carried_query(rest, &shop.manifest.locales));
    // A thumbnail only with its size (the spec wants all three): the shop's own
    // images, as publish's static answer gives them ([`thumbnail_of`]).
    let thumbnail = image.and_then(|i| site_path(i)).and_then(|path| {
        let (shown, w, h) = thumbnail_of(&path)?;
        Some((
            format!("{shop_url}{}", crate::publish::escape::url_path(&shown)),
            w,
            h,
        ))
    });
    let embedded = Embedded {
        title,
        seller,
        shop_url,
        page_url,
        layout,
        thumbnail,
    };
    Answer {
        status: 200,
        body: body(&embedded, ask.maxwidth, ask.maxheight).to_string(),
        replayed: false,
    }
}

/// What an embed answer says about one page of the shop.
pub struct Embedded {
    pub title: String,
    /// The seller's name: the provider.
    pub seller: String,
    /// The shop's address (its base URL).
    pub shop_url: String,
    pub page_url: String,
    /// [`CARD`] for a product, [`GRID`] for the feed.
    pub layout: (&'static str, u32, u32),
    /// A picture's absolute URL and size.
    pub thumbnail: Option<(String, u32, u32)>,
}

/// The oEmbed answer's JSON: type `rich`, its `html` the embed snippet at the
/// layout's size (or smaller, when the consumer asks for at most a size).
pub fn body(embedded: &Embedded, maxwidth: Option<u32>, maxheight: Option<u32>) -> Value {
    let (name, default_width, default_height) = embedded.layout;
    let width = maxwidth.map_or(default_width, |m| m.min(default_width));
    let height = maxheight.map_or(default_height, |m| m.min(default_height));
    let mut style = format!("max-width:{width}px");
    if maxheight.is_some() {
        style.push_str(&format!(";max-height:{height}px"));
    }
    let html = format!(
        "<div data-microshop=\"{}\" data-layout=\"{name}\" data-title=\"{}\" style=\"{style};min-height:{height}px\"></div>\
         <script src=\"{}\" async></script>",
        esc(&embedded.page_url),
        esc(&embedded.title),
        esc(&format!("{}embed.js", embedded.shop_url)),
    );
    let mut body = json!({
        "version": "1.0",
        "type": "rich",
        "title": embedded.title,
        "provider_name": embedded.seller,
        "provider_url": embedded.shop_url,
        "html": html,
        "width": width,
        "height": height,
    });
    if let (Some((url, w, h)), Value::Object(map)) = (&embedded.thumbnail, &mut body) {
        map.insert("thumbnail_url".into(), json!(url));
        map.insert("thumbnail_width".into(), json!(w));
        map.insert("thumbnail_height".into(), json!(h));
    }
    body
}

/// The thumbnail of the picture at site path `path` in `dir`, as publish's static
/// answer (`oembed/p/<id>.json`) gives it: a raster picture itself; an SVG one
/// (which oEmbed consumers do not show) by the PNG link preview publish drew from
/// it (`previews/<path>.png`), found in the published folder `site` (`serve
/// --site`); none where no preview was drawn (`serve --dist`, or a picture resvg
/// could not draw). Its site path and size in pixels, read from its header.
pub fn thumbnail_of(dir: &Path, site: Option<&Path>, path: &str) -> Option<Thumbnail> {
    let bytes = std::fs::read(dir.join(path)).ok()?;
    let shown = if crate::publish::image::mime(path, &bytes) == Some("image/svg+xml") {
        crate::publish::preview::path_of(path)
    } else {
        let (w, h) = size_of(path, &bytes)?;
        return Some((path.to_owned(), w, h));
    };
    let preview = std::fs::read(site?.join(&shown)).ok()?;
    let (w, h) = size_of(&shown, &preview)?;
    Some((shown, w, h))
}

/// `GET <base>oembed`.
pub(super) async fn oembed(
    State((state, endpoint)): State<(Shared, Endpoint)>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let pairs = match Query::<Vec<(String, String)>>::try_from_uri(&uri) {
        Ok(Query(pairs)) => pairs,
        Err(e) => return Answer::problem(400, "malformed", &e.body_text()).into_response(),
    };
    let ask = match read_ask(&pairs) {
        Ok(ask) => ask,
        Err(why) => return Answer::problem(400, "malformed", &why).into_response(),
    };
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Reading the shop (and image headers) blocks: off the async workers.
    let answered = tokio::task::spawn_blocking(move || match state.shop() {
        Ok(shop) => answer(&ask, &host, &endpoint, &shop, &|p| {
            thumbnail_of(&endpoint.files, endpoint.site.as_deref(), p)
        }),
        Err(_) => Answer::problem(
            503,
            "shop_unavailable",
            "the shop's files have problems; the seller is fixing them",
        ),
    })
    .await;
    match answered {
        Ok(answer) => answer.into_response(),
        Err(_) => {
            Answer::problem(500, "internal", "the request could not be processed").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_query_strictly() {
        let pairs = |list: &[(&str, &str)]| {
            list.iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            read_ask(&pairs(&[("url", "u"), ("maxwidth", "300"), ("x", "y")])),
            Ok(Ask {
                url: Some("u".into()),
                maxwidth: Some(300),
                ..Ask::default()
            })
        );
        for bad in ["0", "-1", "+5", "1.5", "abc", "99999999999"] {
            assert!(read_ask(&pairs(&[("maxheight", bad)])).is_err(), "{bad}");
        }
        assert!(read_ask(&pairs(&[("url", "a"), ("url", "b")])).is_err());
    }

    #[test]
    fn knows_the_shops_routes_only() {
        assert_eq!(page_of("/", "/"), Some(Page::Feed));
        assert_eq!(page_of("", "/"), Some(Page::Feed));
        assert_eq!(page_of("/p/tea/?v=x", "/"), Some(Page::Product("tea")));
        assert_eq!(page_of("/p/tea", "/"), Some(Page::Product("tea")));
        assert_eq!(page_of("/c/green/", "/"), Some(Page::Category("green")));
        assert_eq!(
            page_of("/shop/p/tea/", "/shop/"),
            Some(Page::Product("tea"))
        );
        assert_eq!(page_of("/shop", "/shop/"), Some(Page::Feed));
        assert_eq!(page_of("/p/tea/", "/shop/"), None);
        assert_eq!(page_of("/cart/", "/"), None);
        assert_eq!(page_of("/p/a/b/", "/"), None);
    }

    #[test]
    fn splits_urls_and_ignores_default_ports() {
        assert_eq!(
            split_url("HTTPS://Shop.Example:443/p/x/"),
            Some(("https", "shop.example".into(), "/p/x/"))
        );
        assert_eq!(split_url("http://a@b/"), None);
        assert_eq!(split_url("javascript:alert(1)"), None);
        assert_eq!(split_url("ftp://shop/"), None);
    }
}
