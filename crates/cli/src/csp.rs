//! The shop's Content-Security-Policy, written once for both places that send it:
//! `microshop serve` (a header on every page) and `microshop publish` (a `_headers`
//! file for static hosts and a `<meta>` in every page). No `unsafe-inline` script: the
//! inline scripts the pages carry (Trunk's loader, publish's deferred boot script) are
//! allowed by their SHA-256, computed from the files as served, so an injected script
//! does not run. The origins the storefront really talks to come from the shop's own
//! file: the order endpoint and a catalog at a URL (connect-src), and pictures on
//! another host (img-src).

use crate::check::Shop;
use base64::Engine as _;
use microshop_core::CatalogSource;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;

/// Who may show the shop in a frame (`frame-ancestors`). Embedding on any site is a
/// documented feature (docs/embedding.md), so `Any` is the default.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Framing {
    /// Any site (`*`).
    Any,
    /// Only the shop's own pages (`'self'`).
    SameOrigin,
    /// Nobody (`'none'`).
    Nobody,
    /// The shop itself and these origins.
    Origins(Vec<String>),
}

impl Framing {
    /// `*`, `self`, `none`, or a comma-separated list of `https://origin`s.
    pub fn parse(text: &str) -> Result<Framing, String> {
        match text.trim() {
            "*" | "any" => return Ok(Framing::Any),
            "self" | "'self'" => return Ok(Framing::SameOrigin),
            "none" | "'none'" => return Ok(Framing::Nobody),
            _ => {}
        }
        let mut origins = Vec::new();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let origin = origin_of(part)
                .filter(|o| o.starts_with("http"))
                .ok_or_else(|| {
                    format!(
                        "\"{part}\" is not an origin such as https://blog.example (or use *, self or none)"
                    )
                })?;
            origins.push(origin);
        }
        if origins.is_empty() {
            return Err("name at least one origin, or *, self or none".to_owned());
        }
        Ok(Framing::Origins(origins))
    }

    fn sources(&self) -> String {
        match self {
            Framing::Any => "*".to_owned(),
            Framing::SameOrigin => "'self'".to_owned(),
            Framing::Nobody => "'none'".to_owned(),
            Framing::Origins(list) => format!("'self' {}", list.join(" ")),
        }
    }

    /// The older header for browsers without frame-ancestors, where it can say the same.
    pub fn x_frame_options(&self) -> Option<&'static str> {
        match self {
            Framing::Nobody => Some("DENY"),
            Framing::SameOrigin => Some("SAMEORIGIN"),
            Framing::Any | Framing::Origins(_) => None,
        }
    }
}

/// What a page's policy is made of.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Policy {
    /// `'sha256-…'` of each inline script the pages carry.
    pub script_hashes: BTreeSet<String>,
    /// Origins besides the shop's own that the storefront fetches from.
    pub connect: BTreeSet<String>,
    /// Origins besides the shop's own that pictures come from.
    pub images: BTreeSet<String>,
}

impl Policy {
    /// The header's value. `report` is where browsers send violations (serve has one).
    pub fn header(&self, framing: &Framing, report: Option<&str>) -> String {
        let mut policy = self.directives();
        policy.push_str(&format!("; frame-ancestors {}", framing.sources()));
        if let Some(path) = report {
            policy.push_str(&format!("; report-uri {path}"));
        }
        policy
    }

    /// The same for a `<meta http-equiv>`, where browsers ignore frame-ancestors and
    /// report-uri (the static host's `_headers` file carries those).
    pub fn meta(&self) -> String {
        self.directives()
    }

    fn directives(&self) -> String {
        let join =
            |extra: &BTreeSet<String>| extra.iter().map(|s| format!(" {s}")).collect::<String>();
        format!(
            "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:{images}; \
             font-src 'self' data:; connect-src 'self'{connect}; \
             object-src 'none'; base-uri 'self'; form-action 'self'",
            hashes = join(&self.script_hashes),
            images = join(&self.images),
            connect = join(&self.connect),
        )
        // The theme's `<style>` is written by the app (core checks every value it
        // holds), so styles stay 'unsafe-inline'; scripts never are.
    }

    /// Adds the origins `shop` makes the storefront talk to.
    pub fn add_shop(&mut self, shop: &Shop) {
        let manifest = &shop.manifest;
        self.connect.extend(origin_of(&manifest.order.endpoint));
        if let CatalogSource::Remote { url } = &manifest.catalog {
            self.connect.extend(origin_of(url));
        }
        // The receipt check reads the shop's key list, and the product pages their
        // reviews, wherever the manifest says (docs/trust.md): another host is allowed
        // to be read, as the order endpoint is.
        if let Some(receipts) = &manifest.receipts {
            self.connect.extend(origin_of(&receipts.keys));
        }
        if let Some(trust) = &manifest.trust {
            self.connect.extend(origin_of(&trust.api));
        }
        let pictures = shop
            .catalog
            .products
            .iter()
            .flat_map(|p| p.images.iter())
            .chain(manifest.seller.avatar.iter())
            .chain(manifest.payment.iter().flat_map(|p| p.qr.iter()));
        for picture in pictures {
            self.images.extend(origin_of(picture));
        }
    }

    /// Adds the inline scripts of an HTML page.
    pub fn add_page(&mut self, html: &str) {
        self.script_hashes.extend(inline_script_hashes(html));
    }
}

/// `https://host[:port]` of an absolute http(s) URL (`host` of a `//host/…` one);
/// `None` for a relative path, `data:`, or anything a policy could not carry safely.
pub fn origin_of(url: &str) -> Option<String> {
    let lower = url.trim().to_ascii_lowercase();
    let (scheme, rest) = if let Some(rest) = lower.strip_prefix("https://") {
        ("https://", rest)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        ("http://", rest)
    } else if let Some(rest) = lower.strip_prefix("//") {
        ("", rest)
    } else {
        return None;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit('@').next().unwrap_or("");
    let safe = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    safe.then(|| format!("{scheme}{host}"))
}

/// `'sha256-…'` of each inline script of `html` that a browser would run: a
/// `<script>` without `src` whose type is empty, a JavaScript type or `module`.
/// JSON data blocks (`application/ld+json`) never run and need no hash.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    let lower = html.to_ascii_lowercase();
    let mut at = 0;
    while let Some(open) = lower[at..].find("<script") {
        let open = at + open;
        let Some(tag_end) = lower[open..].find('>').map(|i| open + i) else {
            break;
        };
        let tag = &lower[open..tag_end];
        let Some(close) = lower[tag_end..].find("</script").map(|i| tag_end + i) else {
            break;
        };
        let runs = match attribute(tag, "type") {
            None => true,
            Some(t) => {
                t.is_empty()
                    || t == "module"
                    || t.contains("javascript")
                    || t.contains("ecmascript")
            }
        };
        if runs && attribute(tag, "src").is_none() {
            // Hashed over the text exactly as written (browsers hash the bytes of
            // the element's text, in UTF-8).
            found.push(sha256_source(&html[tag_end + 1..close]));
        }
        at = close;
    }
    found
}

/// `'sha256-<base64>'` of `text`.
pub fn sha256_source(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The value of `name` in a lower-cased start tag (`<script type="module" …`).
fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let bytes = tag.as_bytes();
    let mut from = 0;
    while let Some(i) = tag[from..].find(name) {
        let i = from + i;
        from = i + name.len();
        let before_ok = i > 0 && bytes[i - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok {
            continue;
        }
        let Some(value) = rest.strip_prefix('=') else {
            // A bare attribute (`<script async>`): present, empty.
            if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_whitespace() || c == '/') {
                return Some("");
            }
            continue;
        };
        let value = value.trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value
                .split(|c: char| c.is_ascii_whitespace())
                .next()
                .unwrap_or(""),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_scripts_that_run() {
        let html = "<head><script type=\"module\">boot()</script>\
                    <script type=\"application/ld+json\">{\"a\":1}</script>\
                    <script src=\"/x.js\"></script><SCRIPT>other()</SCRIPT></head>";
        assert_eq!(
            inline_script_hashes(html),
            vec![sha256_source("boot()"), sha256_source("other()")]
        );
        // The digest as a browser computes it (echo -n 'boot()' | sha256 | base64).
        assert_eq!(
            sha256_source("alert(1)"),
            "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
        );
    }

    #[test]
    fn origins_are_only_what_a_policy_can_carry() {
        assert_eq!(
            origin_of("https://Pay.Example:8443/x?y").as_deref(),
            Some("https://pay.example:8443")
        );
        assert_eq!(
            origin_of("//cdn.example/a.png").as_deref(),
            Some("cdn.example")
        );
        assert_eq!(origin_of("/api/orders"), None);
        assert_eq!(origin_of("data:image/png;base64,xx"), None);
        assert_eq!(origin_of("https://a.example;script-src *"), None);
        assert_eq!(origin_of("https://a.example 'unsafe-inline'/"), None);
    }

    #[test]
    fn framing_from_the_option() {
        assert_eq!(Framing::parse("*"), Ok(Framing::Any));
        assert_eq!(Framing::parse("none"), Ok(Framing::Nobody));
        assert_eq!(
            Framing::parse("https://blog.example, https://club.example/"),
            Ok(Framing::Origins(vec![
                "https://blog.example".into(),
                "https://club.example".into()
            ]))
        );
        assert!(Framing::parse("blog.example").is_err());
        let policy = Policy::default();
        let header = policy.header(&Framing::Nobody, Some("/_csp"));
        assert!(header.contains("frame-ancestors 'none'; report-uri /_csp"));
        assert!(!policy.meta().contains("frame-ancestors"));
        assert!(
            !header.contains("'unsafe-inline' 'self'")
                && !header.contains("script-src 'self' 'unsafe-inline'")
        );
    }
}
