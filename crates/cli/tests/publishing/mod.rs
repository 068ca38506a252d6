//! Shared by the publish tests: the built storefront, running `microshop publish`,
//! and reading pages as a crawler does (an HTML5 parser, no JavaScript).
#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::SystemTime;

pub const BASE_URL: &str = "https://example.github.io/teashop/";
pub const BASE_PATH: &str = "/teashop/";

/// Trunk's output: `MICROSHOP_DIST`, else `dist/` at the repository root. `None`
/// (the test then says why it skips) only when it is not built; CI builds it first.
pub fn dist() -> Option<PathBuf> {
    let dist = std::env::var_os("MICROSHOP_DIST").map_or_else(
        || PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../dist")),
        PathBuf::from,
    );
    if dist.join("index.html").is_file() {
        Some(dist)
    } else {
        eprintln!(
            "SKIPPED: no built storefront at {} (build it with trunk, or set MICROSHOP_DIST)",
            dist.display()
        );
        None
    }
}

/// The demo shop's manifest.
pub fn demo_manifest() -> PathBuf {
    PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/shop.json"
    ))
}

/// A fresh scratch folder, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("microshop-publish-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch dir");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `microshop publish`; returns success, stdout and stderr.
pub fn publish(manifest: &Path, out: &Path, base_url: &str, dist: &Path) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .arg("publish")
        .arg(manifest)
        .arg(out)
        .args(["--base-url", base_url, "--dist"])
        .arg(dist)
        .output()
        .expect("runs microshop publish");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// A published page, parsed.
pub fn page(out: &Path, relative: &str) -> Html {
    let path = out.join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{} should exist: {e}", path.display()));
    Html::parse_document(&text)
}

pub fn select<'a>(html: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    html.select(&selector).collect()
}

/// The text of the one element `css` selects.
pub fn text(html: &Html, css: &str) -> String {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "exactly one {css}");
    found[0].text().collect()
}

/// An attribute of the one element `css` selects.
pub fn attr(html: &Html, css: &str, name: &str) -> String {
    let found = select(html, css);
    assert_eq!(found.len(), 1, "exactly one {css}");
    found[0]
        .value()
        .attr(name)
        .unwrap_or_else(|| panic!("{css} has {name}"))
        .to_owned()
}

/// `<meta property=...>` or `<meta name=...>` content.
pub fn meta(html: &Html, key: &str) -> String {
    let by_property = select(html, &format!("meta[property=\"{key}\"]"));
    let css = if by_property.is_empty() {
        format!("meta[name=\"{key}\"]")
    } else {
        format!("meta[property=\"{key}\"]")
    };
    attr(html, &css, "content")
}

/// The JSON-LD of a page, parsed.
pub fn json_ld(html: &Html) -> serde_json::Value {
    let script = text(html, "script[type=\"application/ld+json\"]");
    serde_json::from_str(&script).unwrap_or_else(|e| panic!("JSON-LD parses: {e}\n{script}"))
}

/// The file in `out` a URL of the published site names (`/teashop/p/x/` is
/// `p/x/index.html`), or `None` for a URL outside the site.
pub fn file_for(out: &Path, url: &str) -> Option<PathBuf> {
    let path = url
        .strip_prefix("https://example.github.io")
        .unwrap_or(url)
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let relative = path.strip_prefix(BASE_PATH)?;
    let relative = if relative.is_empty() || relative.ends_with('/') {
        format!("{relative}index.html")
    } else {
        relative.to_owned()
    };
    Some(out.join(relative))
}

/// A seller's folder in `scratch` with `manifest` as shop.json and one SVG picture
/// (`images/a.svg`, 600 x `image_height`), and a dist holding only the real
/// template (tests that read markup need no app files). Returns (shop.json, dist).
pub fn seller_and_template(
    scratch: &Path,
    template: &Path,
    manifest: &serde_json::Value,
    image_height: u32,
) -> (PathBuf, PathBuf) {
    let seller = scratch.join("seller");
    std::fs::create_dir_all(seller.join("images")).expect("dir");
    std::fs::write(seller.join("shop.json"), manifest.to_string()).expect("manifest");
    std::fs::write(
        seller.join("images/a.svg"),
        format!("<svg xmlns='http://www.w3.org/2000/svg' width='600' height='{image_height}'/>"),
    )
    .expect("image");
    let dist = scratch.join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::copy(template.join("index.html"), dist.join("index.html")).expect("template");
    (seller.join("shop.json"), dist)
}

/// Every file under `dir` (not the folders), by its path in it with `/` between
/// folders, in path order.
pub fn files_under(dir: &Path) -> Vec<(String, PathBuf)> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let relative = path
                .strip_prefix(dir)
                .expect("inside")
                .to_string_lossy()
                .replace('\\', "/");
            found.push((relative, path));
        }
    }
    found.sort();
    found
}

/// Every file under `dir` with its bytes and modification time: two snapshots
/// around a publish tell which files it wrote.
pub fn snapshot(dir: &Path) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
    files_under(dir)
        .into_iter()
        .map(|(relative, path)| {
            let modified = std::fs::metadata(&path)
                .and_then(|m| m.modified())
                .expect("mtime");
            (relative, (std::fs::read(&path).expect("read"), modified))
        })
        .collect()
}
