//! Where the published shop lives (the base URL) and what every page reads: the
//! shop in its default locale, its images' sizes, its icons, its prices.

use super::escape;
use super::image::Size;
use super::money::format_price;
use super::words::Words;
use crate::source::site_path;
use microshop_core::{Catalog, Manifest, Money, Text};
use std::collections::{BTreeMap, BTreeSet};

/// The base URL split into the origin and the path the site is served under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Base {
    /// `https://example.github.io`.
    pub origin: String,
    /// `/teashop/`, or `/` at the root; always ends with `/`.
    pub path: String,
}

impl Base {
    /// Reads `https://example.github.io/teashop/` (a missing trailing slash is
    /// added: the base names a folder). A host in other scripts (`bücher.example`)
    /// is written as browsers send it, in punycode and lower case
    /// (`xn--bcher-kva.example`): canonical links, og:url, the sitemap and the
    /// Origin serve compares take only ASCII hosts. Only http(s), no query, fragment, user info
    /// or ASCII characters that would need escaping in a URL. A path in other
    /// scripts (`/茶店/`) is kept percent-encoded (`/%E8%8C%B6%E5%BA%97/`), as
    /// browsers send it and show it to the app (`location.pathname`): the app's
    /// router, the offline worker and `serve --site` compare it with that.
    pub fn parse(url: &str) -> Result<Base, String> {
        let problem = |why: &str| format!("--base-url \"{url}\": {why}");
        let (scheme, rest) = url
            .split_once("://")
            .ok_or_else(|| problem("write the full URL, e.g. https://example.github.io/shop/"))?;
        if scheme != "https" && scheme != "http" {
            return Err(problem("must start with https:// (or http://)"));
        }
        if url.contains(['?', '#', '@', '\\', '"', '\'', '<', '>', ' ', '`', '{', '}'])
            || url.chars().any(char::is_control)
        {
            return Err(problem(
                "may not hold a query, a fragment, user info, quotes, spaces, < >, ` or { }",
            ));
        }
        let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        if host.is_empty() {
            return Err(problem("has no host"));
        }
        let host = ascii_host(host).ok_or_else(|| {
            problem("its host is not a domain name a URL can hold (a port, if any, in digits)")
        })?;
        let mut path = if path.is_empty() {
            "/".to_owned()
        } else {
            encode_path(path).ok_or_else(|| {
                problem("a % in its path must start an escape of two hex digits (%E8)")
            })?
        };
        if !path.ends_with('/') {
            path.push('/');
        }
        if path.split('/').any(|s| s == "." || s == "..") || path.contains("//") {
            return Err(problem("its path may not hold ., .. or an empty segment"));
        }
        Ok(Base {
            origin: format!("{scheme}://{host}"),
            path,
        })
    }

    /// The path of a route under the base: `p/jasmine-pearls/` -> `/teashop/p/jasmine-pearls/`.
    pub fn path_of(&self, route: &str) -> String {
        format!("{}{route}", self.path)
    }

    /// The absolute URL of a route.
    pub fn url_of(&self, route: &str) -> String {
        format!("{}{}", self.origin, self.path_of(route))
    }
}

/// `host` (with its `:port`, if any) as a URL holds it: a domain name by the URL
/// Standard's "domain to ASCII" (lower case, punycode), an IPv6 literal in
/// brackets as it is; `None` for what cannot be a URL's host.
fn ascii_host(host: &str) -> Option<String> {
    if host.starts_with('[') {
        return Some(host.to_owned());
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port)) => (name, Some(port)),
        None => (host, None),
    };
    if port.is_some_and(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let name = idna::domain_to_ascii_cow(name.as_bytes(), idna::AsciiDenyList::URL).ok()?;
    if name.is_empty() {
        return None;
    }
    Some(match port {
        Some(port) => format!("{name}:{port}"),
        None => name.into_owned(),
    })
}

/// `path` as browsers send it: each byte of a character outside ASCII as `%XX`, an
/// escape already written kept (its digits in upper case, as browsers write them);
/// `None` for a `%` that starts no escape.
fn encode_path(path: &str) -> Option<String> {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = path.as_bytes();
    let mut encoded = String::with_capacity(path.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%' {
            let digits = bytes.get(i + 1..i + 3)?;
            if !digits.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            encoded.push('%');
            encoded.extend(digits.iter().map(|d| char::from(d.to_ascii_uppercase())));
            i += 3;
            continue;
        }
        if b.is_ascii() {
            encoded.push(char::from(b));
        } else {
            encoded.push('%');
            encoded.push(char::from(HEX[usize::from(b >> 4)]));
            encoded.push(char::from(HEX[usize::from(b & 15)]));
        }
        i += 1;
    }
    Some(encoded)
}

/// The shop's icons as published.
#[derive(Default)]
pub struct Icons {
    /// The favicon's site path and MIME type: the avatar itself, if SVG or PNG.
    pub favicon: Option<(String, &'static str)>,
    /// The touch icon's site path (`apple-touch-icon.png`, or a JPEG avatar's own).
    pub touch: Option<String>,
    /// The touch icon drawn from an SVG avatar, to write as `touch`.
    pub touch_png: Option<Vec<u8>>,
    /// The web app manifest's icons, and the PNGs drawn for them from an SVG avatar
    /// (to write at their paths).
    pub app: Vec<super::offline::AppIcon>,
    pub app_png: Vec<(String, Vec<u8>)>,
}

/// What every page reads.
pub struct Site<'a> {
    pub base: &'a Base,
    pub manifest: &'a Manifest,
    pub catalog: &'a Catalog,
    /// The manifest's default locale: published text is in it.
    pub locale: &'a str,
    pub words: Words<'a>,
    /// Sizes of the shop's local images, by site path.
    pub sizes: &'a BTreeMap<String, Size>,
    pub icons: &'a Icons,
    /// `theme-color`: the theme's `color-bg` or `color-surface`, else the template's.
    pub theme_color: Option<String>,
    /// Raster previews drawn from SVG pictures: picture's site path -> preview's.
    pub previews: BTreeMap<String, String>,
    /// SVG pictures resvg could not read: they have no link preview at all (a card
    /// shows no SVG, and its size is unknown).
    pub without_preview: BTreeSet<String>,
    /// Whether the catalog is published in parts (`data/`, see `data.rs`).
    pub split: bool,
    /// Each product's first reviews, read from serve's store (`--reviews-from`);
    /// empty for a shop published without it (`reviews.rs`).
    pub reviews: super::reviews::Reviews,
    /// The shop's 90-day problems figures, read with the reviews; shown under each
    /// product's reviews (`figures.rs`). `None` without `--reviews-from`.
    pub figures: Option<crate::store::PublicFigures>,
}

impl<'a> Site<'a> {
    pub fn new(
        base: &'a Base,
        manifest: &'a Manifest,
        catalog: &'a Catalog,
        sizes: &'a BTreeMap<String, Size>,
        icons: &'a Icons,
        template_theme_color: Option<String>,
    ) -> Site<'a> {
        let locale = manifest.default_locale();
        let tokens = &manifest.theme.tokens;
        let theme_color = tokens
            .get("color-bg")
            .or_else(|| tokens.get("color-surface"))
            .cloned()
            .or(template_theme_color);
        Site {
            base,
            manifest,
            catalog,
            locale,
            words: Words::new(manifest, locale),
            sizes,
            icons,
            theme_color,
            previews: BTreeMap::new(),
            without_preview: BTreeSet::new(),
            split: false,
            reviews: super::reviews::Reviews::new(),
            figures: None,
        }
    }

    /// A picture's link-preview image: its absolute URL and, when known, its size.
    /// An SVG picture's raster preview when one was drawn; none for an SVG picture
    /// that could not be drawn; else the picture itself.
    pub fn preview(&self, reference: &str) -> Option<(String, Option<Size>)> {
        let path = site_path(reference);
        if path
            .as_ref()
            .is_some_and(|p| self.without_preview.contains(p))
        {
            return None;
        }
        if let Some(preview) = path.and_then(|p| self.previews.get(&p)) {
            return Some((
                self.base.url_of(&escape::url_path(preview)),
                Some((super::preview::WIDTH, super::preview::HEIGHT)),
            ));
        }
        Some((self.asset_url(reference)?, self.size(reference)))
    }

    /// Shop text in the default locale.
    pub fn text(&self, text: &'a Text) -> &'a str {
        text.get(self.locale, self.locale)
    }

    /// The seller's name.
    pub fn seller_name(&self) -> &'a str {
        self.text(&self.manifest.seller.name)
    }

    /// A price as the app shows it in the default locale.
    pub fn price(&self, amount: Money) -> String {
        format_price(amount, self.manifest.currency, self.locale)
    }

    /// A price as a plain decimal string (`68.00`), for machines.
    pub fn plain_price(&self, amount: Money) -> String {
        self.manifest.currency.format_plain(amount)
    }

    /// A file reference from the manifest as a path-absolute URL under the base
    /// (`/teashop/images/a.svg`), or the URL itself when it is absolute.
    pub fn asset_path(&self, reference: &str) -> Option<String> {
        if reference.starts_with("https://") || reference.starts_with("http://") {
            return Some(reference.to_owned());
        }
        site_path(reference).map(|p| format!("{}{}", self.base.path, escape::url_path(&p)))
    }

    /// A file reference as an absolute URL, for crawlers and link previews.
    pub fn asset_url(&self, reference: &str) -> Option<String> {
        let path = self.asset_path(reference)?;
        Some(if path.starts_with('/') {
            format!("{}{path}", self.base.origin)
        } else {
            path
        })
    }

    /// A local image's size, if it is local and its size is known.
    pub fn size(&self, reference: &str) -> Option<Size> {
        site_path(reference).and_then(|p| self.sizes.get(&p).copied())
    }
}

/// The first ~160 characters of a text on one line, cut at a word where there is
/// one, with `…` when cut: what a search result or a link preview shows.
pub fn summary(text: &str) -> String {
    const MAX: usize = 160;
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX {
        return one_line;
    }
    let cut: String = one_line.chars().take(MAX - 1).collect();
    // Cut at the last space if it is not too far back (CJK text has none).
    let cut = match cut.rfind(' ') {
        Some(space) if cut[..space].chars().count() > MAX / 2 => cut[..space].to_owned(),
        _ => cut,
    };
    format!("{}…", cut.trim_end_matches([' ', ',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    use super::{summary, Base};

    #[test]
    fn base_urls_name_a_folder_on_an_http_host() {
        let base = Base::parse("https://example.github.io/teashop").expect("valid");
        assert_eq!(base.origin, "https://example.github.io");
        assert_eq!(base.path, "/teashop/");
        assert_eq!(
            base.url_of("p/x/"),
            "https://example.github.io/teashop/p/x/"
        );
        assert_eq!(
            Base::parse("http://127.0.0.1:8080").expect("valid").path,
            "/"
        );
        // A path in another script, as browsers send it (and the app reads it).
        let tea = Base::parse("https://h.example/茶店").expect("valid");
        assert_eq!(tea.path, "/%E8%8C%B6%E5%BA%97/");
        assert_eq!(
            tea.url_of("p/x/"),
            "https://h.example/%E8%8C%B6%E5%BA%97/p/x/"
        );
        // Written encoded already: the same base (digits in upper case).
        assert_eq!(
            Base::parse("https://h.example/%e8%8c%b6%E5%BA%97/").expect("valid"),
            tea
        );
        assert_eq!(
            Base::parse("https://h.example/café/").expect("valid").path,
            "/caf%C3%A9/"
        );
        for bad in [
            "https://h.example/100%/",
            "https://h.example/a%g1/",
            "https://h.example/a%2",
            "https://host/a`b/",
            "https://host/{x}/",
            "example.github.io/teashop/",
            "ftp://host/",
            "https:///x/",
            "https://host/a?b",
            "https://host/a\"b/",
            "https://host/../x/",
            "https://user@host/",
            "https://bü_cher%.example/",
            "https://host:80a/",
            "https://host:/",
        ] {
            assert!(Base::parse(bad).is_err(), "{bad}");
        }
    }

    /// SW7 noticed: an internationalised host was kept as written, so canonical
    /// links, og:url and the sitemap held a host no URL may hold. In punycode
    /// and lower case now, as browsers send it; a port and an IPv6 literal kept.
    #[test]
    fn a_host_in_other_scripts_is_written_in_punycode() {
        let base = Base::parse("https://Bücher.example:8443/laden/").expect("valid");
        assert_eq!(base.origin, "https://xn--bcher-kva.example:8443");
        assert_eq!(
            base.url_of("sitemap.xml"),
            "https://xn--bcher-kva.example:8443/laden/sitemap.xml"
        );
        assert_eq!(
            Base::parse("https://例え.テスト/").expect("valid").origin,
            "https://xn--r8jz45g.xn--zckzah"
        );
        assert_eq!(
            Base::parse("https://Shop.Example/").expect("valid").origin,
            "https://shop.example"
        );
        assert_eq!(
            Base::parse("http://[::1]:8080/").expect("valid").origin,
            "http://[::1]:8080"
        );
    }

    #[test]
    fn summaries_are_one_line_and_cut_at_a_word() {
        assert_eq!(summary("a\n b  c"), "a b c");
        let long = "word ".repeat(60);
        let s = summary(&long);
        assert!(s.ends_with("word…") && s.chars().count() <= 160, "{s}");
        let cjk = "茶".repeat(200);
        assert_eq!(summary(&cjk).chars().count(), 160);
    }
}
