//! Reading a document from a file path or an http(s) URL, and resolving the
//! paths inside it relative to where it came from.

use microshop_core::decode::Kind;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The longest a fetch may take, connecting included. `serve` fetches a remote
/// catalog while a buyer's order waits, and the storefront gives up on an order
/// after 15 seconds: the shop must answer 503 (resend later) well before that.
pub const FETCH_TIMEOUT: Duration = Duration::from_secs(10);
/// Connecting is quick or the host is not there.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// A document's bytes, and its type when a host said it.
pub struct Fetched {
    pub bytes: Vec<u8>,
    pub content_type: Option<String>,
}

/// Where a document came from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A local file.
    File(PathBuf),
    /// An http(s) URL.
    Url(String),
}

impl Source {
    /// A path or URL as typed on the command line.
    pub fn parse(arg: &str) -> Source {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            Source::Url(arg.to_owned())
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// Reads the whole document as UTF-8 text: a file in another encoding is
    /// refused with the line and byte, the likely encoding and how to save it as
    /// UTF-8, never read with replacement characters.
    pub fn read(&self) -> Result<String, String> {
        let fetched = self.read_bytes()?;
        microshop_core::decode::utf8(&fetched.bytes, Kind::Json)
            .map(str::to_owned)
            .map_err(|p| p.message)
    }

    /// Reads the whole document as it is, with the type the host says it is.
    pub fn read_bytes(&self) -> Result<Fetched, String> {
        match self {
            Source::File(path) => std::fs::read(path)
                .map(|bytes| Fetched {
                    bytes,
                    content_type: None,
                })
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Source::Url(url) => {
                let agent = ureq::Agent::config_builder()
                    .timeout_global(Some(FETCH_TIMEOUT))
                    .timeout_connect(Some(CONNECT_TIMEOUT))
                    .build()
                    .new_agent();
                let response = agent
                    .get(url)
                    .call()
                    .map_err(|e| format!("cannot fetch {url}: {e}"))?;
                let content_type = response
                    .headers()
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned);
                let bytes = response
                    .into_body()
                    .with_config()
                    .limit(20 * 1024 * 1024)
                    .read_to_vec()
                    .map_err(|e| format!("cannot read the answer from {url}: {e}"))?;
                Ok(Fetched {
                    bytes,
                    content_type,
                })
            }
        }
    }

    /// Whether the document is a spreadsheet (CSV) rather than JSON: by its name
    /// (`.csv`, or a published sheet's `output=csv` / `format=csv`), by the type its
    /// host gives it (`text/csv`), else by its first character (JSON starts with `{`).
    pub fn is_spreadsheet(&self, fetched: &Fetched) -> bool {
        let name = self.to_string().to_ascii_lowercase();
        let (path, query) = name.split_once('?').unwrap_or((&name, ""));
        let path = path.split('#').next().unwrap_or(path);
        if path.ends_with(".json") {
            return false;
        }
        if path.ends_with(".csv")
            || query
                .split(['&', '#'])
                .any(|pair| pair == "output=csv" || pair == "format=csv")
        {
            return true;
        }
        if let Some(kind) = &fetched.content_type {
            let kind = kind.to_ascii_lowercase();
            if kind.contains("csv") {
                return true;
            }
            if kind.contains("json") {
                return false;
            }
        }
        let bytes = fetched
            .bytes
            .strip_prefix(b"\xEF\xBB\xBF")
            .unwrap_or(&fetched.bytes);
        bytes
            .iter()
            .find(|b| !b.is_ascii_whitespace())
            .is_some_and(|b| *b != b'{')
    }

    /// `reference` (absolute, or relative to this document) as a new source.
    ///
    /// For a file, the reference is read as the browser reads it against the manifest
    /// served at `/shop.json` (see [`site_path`]): a query string or fragment
    /// (`catalog.json?v=2`, which sellers add to bust caches) is not part of the file
    /// name, and `..` stops at the manifest's folder. For a URL they are kept: the
    /// host may need them.
    pub fn join(&self, reference: &str) -> Source {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Source::Url(reference.to_owned());
        }
        match self {
            Source::File(path) => {
                let dir = path.parent().unwrap_or(Path::new("."));
                // Not a site path (a dotfile, say): the name as written, so the
                // error names what the seller wrote.
                let relative = site_path(reference).unwrap_or_else(|| {
                    reference
                        .split(['?', '#'])
                        .next()
                        .unwrap_or(reference)
                        .to_owned()
                });
                Source::File(dir.join(relative))
            }
            Source::Url(base) => {
                if reference.starts_with('/') && !reference.starts_with("//") {
                    // From the host's root: scheme://host + reference.
                    let after_scheme = base.find("://").map_or(0, |i| i + 3);
                    let host_end = base[after_scheme..]
                        .find('/')
                        .map_or(base.len(), |i| after_scheme + i);
                    return Source::Url(format!("{}{reference}", &base[..host_end]));
                }
                let dir = base.rsplit_once('/').map_or(base.as_str(), |(d, _)| d);
                Source::Url(format!("{dir}/{}", reference.trim_start_matches("./")))
            }
        }
    }
}

/// Where a reference in the manifest (or a request path) lands on the shop's own
/// site, as a path relative to the site root (the manifest's directory, which
/// `serve` puts at `/`): `"./img/a%20b.png?v=2"` is `img/a b.png`.
///
/// Resolved as a browser resolves it against `/shop.json`: query and fragment
/// dropped, percent-encoding decoded first (so `%2E` is a dot and `%2F` a slash to
/// every check below), `.` segments skipped and `..` stopping at the root. `None`
/// for what is not a file of this site: an absolute URL (`https:`, `//host`), an
/// empty path, invalid UTF-8, or a path that names a dotfile or dot-folder, or
/// holds a backslash or NUL (never a seller's public file, often a trick).
pub fn site_path(reference: &str) -> Option<String> {
    let before_path = reference.split(['/', '?', '#']).next().unwrap_or("");
    if before_path.contains(':') || reference.starts_with("//") {
        return None;
    }
    let path = reference.split(['?', '#']).next().unwrap_or("");
    let decoded = percent_decode(path)?;
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            s if s.starts_with('.') || s.contains(['\\', '\0']) => return None,
            s => segments.push(s),
        }
    }
    if segments.is_empty() {
        None
    } else {
        Some(segments.join("/"))
    }
}

/// `%XX` escapes as bytes, then UTF-8; `None` when the bytes are not UTF-8. A `%`
/// without two hex digits after it stays as it is, as browsers leave it.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: Option<&u8>| b.and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(bytes.get(i + 1)), hex(bytes.get(i + 2))) {
            (b'%', Some(high), Some(low)) => {
                // Two hex digits make at most 255.
                out.push(u8::try_from(high * 16 + low).unwrap_or(b'%'));
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Url(u) => write!(f, "{u}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{site_path, Source};

    #[test]
    fn joins_references_to_files_without_their_query_and_to_urls_with_it() {
        let file = Source::File("shop/shop.json".into());
        let joined = |s: Source| s.to_string();
        assert_eq!(
            joined(file.join("catalog.json?v=2#top")),
            "shop/catalog.json"
        );
        assert_eq!(joined(file.join("/data/c.json")), "shop/data/c.json");
        let url = Source::Url("https://shop.example/s/shop.json".into());
        assert_eq!(
            joined(url.join("./catalog.json?v=2")),
            "https://shop.example/s/catalog.json?v=2"
        );
        assert_eq!(
            joined(url.join("/catalog.json")),
            "https://shop.example/catalog.json"
        );
    }

    #[test]
    fn resolves_references_as_a_browser_does_against_the_site_root() {
        let cases = [
            ("catalog.json", Some("catalog.json")),
            ("./catalog.json?v=2#top", Some("catalog.json")),
            ("/img/a%20b.png", Some("img/a b.png")),
            ("img/../../catalog.json", Some("catalog.json")),
            ("img%2Fme.svg", Some("img/me.svg")),
            ("https://cdn.example/a.png", None),
            ("//cdn.example/a.png", None),
            ("data:image/png;base64,AAAA", None),
            (".secret/key.json", None),
            ("%2Esecret/key.json", None),
            ("img/%2e%2e/%2esecret", None),
            ("img%5C..%5Ckey.json", None),
            ("a%00.png", None),
            ("%FF.png", None),
            ("", None),
            ("./", None),
        ];
        for (reference, expected) in cases {
            assert_eq!(site_path(reference).as_deref(), expected, "{reference}");
        }
    }
}
