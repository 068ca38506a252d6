//! Which published files get `.br`/`.gz` copies, and `serve --site` compressing the
//! rest on the fly. The rule (crates/cli/src/publish/mod.rs `copies_of`): no copies
//! for the files there is one of per product (its page, its `data/p/` file, its
//! oEmbed answer); copies for every other text file. `serve --site` sends a product
//! page compressed when the browser accepts it, with honest validators (a weak
//! ETag, 304s, HEAD as GET); a republish into a folder an older publish wrote with
//! page copies removes them, so a stale `.br` is never served for a changed page.
//! Requests are written by hand on a socket: an HTTP library would decode the body
//! or add its own Accept-Encoding.

mod common;
mod publishing;

use common::raw::{ask, head_as_get, unbrotli, ungzip, Answer};
use publishing::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

/// Products in the generated shop: past 200, so it is read in parts (`data/p/`).
const PRODUCTS: &str = "210";

fn generate(out: &Path, products: &str, seed: &str) {
    let output = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["generate", "--products", products, "--seed", seed])
        .arg(out)
        .output()
        .expect("runs microshop generate");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A generated shop published once for the tests that only read it, in this build's
/// target dir (publish empties it again next time: it carries the marker).
fn published() -> Option<&'static (PathBuf, PathBuf)> {
    static OUT: OnceLock<Option<(PathBuf, PathBuf)>> = OnceLock::new();
    OUT.get_or_init(|| {
        let dist = dist()?;
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join("microshop-publish-compression");
        let shop = root.join("shop");
        let out = root.join("site");
        let _ = std::fs::remove_dir_all(&shop);
        generate(&shop, PRODUCTS, "7");
        let (ok, stdout, stderr) = publish(&shop.join("shop.json"), &out, BASE_URL, &dist);
        assert!(ok, "publish succeeds:\n{stdout}\n{stderr}");
        Some((shop.join("shop.json"), out))
    })
    .as_ref()
}

/// Every file in the folder, by its path in it.
fn files(out: &Path) -> BTreeMap<String, Vec<u8>> {
    files_under(out)
        .into_iter()
        .map(|(relative, path)| (relative, std::fs::read(&path).expect("read")))
        .collect()
}

/// One of a product's own files: its page, its data file, its oEmbed answer.
fn per_product(relative: &str) -> bool {
    let page = relative
        .strip_prefix("p/")
        .and_then(|rest| rest.strip_suffix("/index.html"))
        .is_some_and(|id| !id.contains('/'));
    page || relative.starts_with("data/p/") || relative.starts_with("oembed/p/")
}

#[test]
fn files_there_is_one_of_per_product_get_no_copies_and_the_rest_do() {
    let Some((_, out)) = published() else { return };
    let all = files(out);
    let pages = all
        .keys()
        .filter(|name| per_product(name) && name.starts_with("p/"))
        .count();
    assert_eq!(pages.to_string(), PRODUCTS, "a page per product");
    let mut with_copies = 0;
    for (name, bytes) in &all {
        let ext = name.rsplit('.').next().unwrap_or("");
        if name.ends_with(".br")
            || name.ends_with(".gz")
            || name.rsplit('/').next().is_some_and(|n| n.starts_with('.'))
            || !["html", "js", "css", "wasm", "json", "svg", "xml", "txt"].contains(&ext)
        {
            continue;
        }
        let (br, gz) = (format!("{name}.br"), format!("{name}.gz"));
        if per_product(name) || name == "shop.json" {
            // shop.json: a shop read in parts never loads it whole (publish.rs).
            assert!(!all.contains_key(&br), "{br}: one per product, no copy");
            assert!(!all.contains_key(&gz), "{gz}: one per product, no copy");
            continue;
        }
        let (Some(br), Some(gz)) = (all.get(&br), all.get(&gz)) else {
            panic!("{name} has its .br and .gz copies")
        };
        assert!(unbrotli(br) == *bytes, "{name}.br decodes to it");
        assert!(ungzip(gz) == *bytes, "{name}.gz decodes to it");
        with_copies += 1;
    }
    // The feed and category pages, the app's pages, wasm, JS, CSS, data/shop.json,
    // the cards, 256 sku shards, sitemap, robots.txt...
    assert!(with_copies > 256 + 20, "{with_copies} files with copies");
    for name in [
        "index.html",
        "data/shop.json",
        "data/cards/1.json",
        "404.html",
    ] {
        assert!(all.contains_key(&format!("{name}.br")), "{name}.br");
    }
}

#[test]
fn serve_site_compresses_a_product_page_on_the_fly_with_honest_validators() {
    let Some((manifest, out)) = published() else {
        return;
    };
    let shop: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).expect("shop")).expect("JSON");
    let id = shop["catalog"]["products"][5]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let file = std::fs::read(out.join(format!("p/{id}/index.html"))).expect("the page");
    assert!(!out.join(format!("p/{id}/index.html.br")).exists());
    let server = common::start_site(out, "compression");
    let origin = server.url.clone();
    let path = format!("{BASE_PATH}p/{id}/");
    let vary = |a: &Answer| {
        a.header("vary")
            .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
    };

    // Not compressed when not asked (or asked for identity): the file, its length,
    // its strong ETag.
    let plain = ask(&origin, "GET", &path, &[]);
    assert_eq!(plain.status, 200);
    assert!(plain.body == file, "the file as it is");
    assert_eq!(plain.header("content-encoding"), None);
    assert_eq!(
        plain.header("content-length"),
        Some(file.len().to_string().as_str())
    );
    assert!(vary(&plain), "Vary: Accept-Encoding even uncompressed");
    let strong = plain.header("etag").expect("an ETag").to_owned();
    assert!(strong.starts_with('"'), "{strong}");
    let last_modified = plain
        .header("last-modified")
        .expect("Last-Modified")
        .to_owned();
    let identity = ask(&origin, "GET", &path, &[("Accept-Encoding", "identity")]);
    assert_eq!(identity.header("content-encoding"), None);
    assert!(identity.body == file);

    // Brotli and gzip, on the fly: the same page, a weak ETag, the site's headers.
    for (coding, decode) in [("br", unbrotli as fn(&[u8]) -> Vec<u8>), ("gzip", ungzip)] {
        let answer = ask(&origin, "GET", &path, &[("Accept-Encoding", coding)]);
        assert_eq!(answer.status, 200, "{coding}");
        assert_eq!(answer.header("content-encoding"), Some(coding));
        assert!(
            decode(&answer.body) == file,
            "{coding}: decodes to the page"
        );
        assert!(answer.body.len() < file.len() / 2, "{coding}: compressed");
        assert!(vary(&answer), "{coding}: Vary: Accept-Encoding");
        assert_eq!(
            answer.header("etag"),
            Some(format!("W/{strong}").as_str()),
            "{coding}: the file's ETag, weak: not the file's bytes"
        );
        assert_eq!(answer.header("last-modified"), Some(last_modified.as_str()));
        assert_eq!(answer.header("content-length"), None, "{coding}");
        assert!(
            answer
                .header("content-type")
                .is_some_and(|t| t.starts_with("text/html")),
            "{coding}"
        );
        assert!(
            answer
                .header("content-security-policy")
                .is_some_and(|p| p.contains("script-src")),
            "{coding}: the site's policy"
        );
        assert_eq!(answer.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(answer.header("cache-control"), Some("no-cache"));
    }

    // Conditional requests: the weak ETag a browser holds, the strong one, the date.
    let weak = format!("W/{strong}");
    for (held, coding) in [
        (weak.as_str(), "br"),
        (strong.as_str(), "identity"),
        (weak.as_str(), "gzip"),
    ] {
        let answer = ask(
            &origin,
            "GET",
            &path,
            &[("Accept-Encoding", coding), ("If-None-Match", held)],
        );
        assert_eq!(answer.status, 304, "{held} {coding}");
        assert!(answer.body.is_empty(), "{held}: no body");
        assert_eq!(answer.header("etag"), Some(held), "the validator held");
        assert!(vary(&answer), "{held}: a 304 varies as its 200 does");
    }
    let answer = ask(
        &origin,
        "GET",
        &path,
        &[
            ("Accept-Encoding", "br"),
            ("If-Modified-Since", &last_modified),
        ],
    );
    assert_eq!(answer.status, 304, "If-Modified-Since");
    let answer = ask(
        &origin,
        "GET",
        &path,
        &[("Accept-Encoding", "br"), ("If-None-Match", "\"other\"")],
    );
    assert_eq!(answer.status, 200, "another ETag: the page");
    assert_eq!(answer.header("content-encoding"), Some("br"));

    // HEAD: the headers its GET gets, no body.
    for coding in ["br", "gzip", "identity"] {
        head_as_get(&origin, &path, &[("Accept-Encoding", coding)], coding);
    }

    // A file with copies: the copy itself (never compressed again), its own strong
    // ETag; HEAD says the same.
    let copy = std::fs::read(out.join("data/shop.json.br")).expect("a copy");
    let data = format!("{BASE_PATH}data/shop.json");
    let answer = ask(&origin, "GET", &data, &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("br"));
    assert!(
        answer.body == copy,
        "the .br file as it is, not compressed twice"
    );
    assert_eq!(
        answer.header("content-length"),
        Some(copy.len().to_string().as_str())
    );
    let etag = answer.header("etag").expect("ETag").to_owned();
    assert!(etag.starts_with('"'), "a copy's ETag stays strong: {etag}");
    assert!(vary(&answer));
    let head = ask(&origin, "HEAD", &data, &[("Accept-Encoding", "gzip, br")]);
    assert_eq!(head.header("content-encoding"), Some("br"));
    assert_eq!(head.header("etag"), Some(etag.as_str()));
    assert!(head.body.is_empty());
    let answer = ask(
        &origin,
        "GET",
        &data,
        &[("Accept-Encoding", "br"), ("If-None-Match", &etag)],
    );
    assert_eq!(answer.status, 304);
    assert_eq!(answer.header("etag"), Some(etag.as_str()));

    // A range of a page is the file's bytes, never compressed.
    let answer = ask(
        &origin,
        "GET",
        &path,
        &[("Accept-Encoding", "br"), ("Range", "bytes=0-99")],
    );
    assert_eq!(answer.status, 206);
    assert_eq!(answer.header("content-encoding"), None);
    assert!(answer.body == file[..100]);
}

/// The copies of every product page, as publish made them before product pages went
/// without: written next to each page and entered in the record (made from the
/// page's SHA-256), as an older publish leaves the folder.
fn add_old_page_copies(out: &Path) -> usize {
    let record_path = out.join(".microshop-files");
    let mut record: Value =
        serde_json::from_str(&std::fs::read_to_string(&record_path).expect("record"))
            .expect("JSON");
    let pages: Vec<(String, String)> = record["files"]
        .as_object()
        .expect("files")
        .iter()
        .filter(|(name, _)| per_product(name) && name.starts_with("p/"))
        .map(|(name, entry)| {
            (
                name.clone(),
                entry["sha256"].as_str().expect("sha").to_owned(),
            )
        })
        .collect();
    for (page, sha) in &pages {
        let bytes = std::fs::read(out.join(page)).expect("page");
        let mut br = Vec::new();
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &Default::default()).expect("brotli");
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&bytes).expect("gzip");
        let gz = gz.finish().expect("gzip");
        for (ext, copy) in [("br", br), ("gz", gz)] {
            let name = format!("{page}.{ext}");
            std::fs::write(out.join(&name), &copy).expect("copy written");
            let meta = std::fs::metadata(out.join(&name)).expect("stat");
            let modified = meta
                .modified()
                .expect("mtime")
                .duration_since(std::time::UNIX_EPOCH)
                .expect("after 1970")
                .as_nanos();
            record["files"][name] = serde_json::json!({
                "sha256": "0".repeat(64),
                "size": meta.len(),
                "modified": u64::try_from(modified).expect("fits"),
                "from": sha,
            });
        }
    }
    std::fs::write(&record_path, record.to_string()).expect("record saved");
    pages.len()
}

#[test]
fn a_republish_removes_the_page_copies_an_older_publish_made() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("old-copies");
    let shop = scratch.0.join("shop");
    let out = scratch.0.join("site");
    generate(&shop, PRODUCTS, "8");
    let manifest = shop.join("shop.json");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let pages = add_old_page_copies(&out);
    assert_eq!(pages.to_string(), PRODUCTS);

    // One product's title changes; its old page's copies now hold the old title.
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("shop")).expect("JSON");
    let id = value["catalog"]["products"][3]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    value["catalog"]["products"][3]["title"]["en"] = "Renamed teapot".into();
    std::fs::write(&manifest, value.to_string()).expect("saved");
    let stale = out.join(format!("p/{id}/index.html.br"));
    assert!(
        !String::from_utf8_lossy(&unbrotli(&std::fs::read(&stale).expect("stale")))
            .contains("Renamed teapot")
    );

    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains(&format!("{} removed", 2 * pages)),
        "every page's two copies removed: {stdout}"
    );
    let after = files(&out);
    let left: Vec<&String> = after
        .keys()
        .filter(|n| n.starts_with("p/") && (n.ends_with(".br") || n.ends_with(".gz")))
        .collect();
    assert!(left.is_empty(), "copies left: {left:?}");
    // The record no longer lists them, and the folder is what a fresh publish writes.
    let record: Value = serde_json::from_str(
        &std::fs::read_to_string(out.join(".microshop-files")).expect("record"),
    )
    .expect("JSON");
    let recorded: Vec<&String> = record["files"]
        .as_object()
        .expect("files")
        .keys()
        .filter(|n| n.starts_with("p/") && (n.ends_with(".br") || n.ends_with(".gz")))
        .collect();
    assert!(recorded.is_empty(), "the record forgot them: {recorded:?}");
    let fresh = scratch.0.join("fresh");
    let (ok, stdout, stderr) = publish(&manifest, &fresh, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let mut published = files(&fresh);
    let mut republished = after;
    published.remove(".microshop-files");
    republished.remove(".microshop-files");
    assert_eq!(
        republished.keys().collect::<Vec<_>>(),
        published.keys().collect::<Vec<_>>()
    );
    let differ: Vec<&String> = published
        .iter()
        .filter(|(name, bytes)| republished.get(*name) != Some(*bytes))
        .map(|(name, _)| name)
        .collect();
    assert!(differ.is_empty(), "unlike a fresh publish: {differ:?}");

    // Served: the changed page, compressed now, never the stale copy.
    let server = common::start_site(&out, "old-copies");
    let answer = ask(
        &server.url,
        "GET",
        &format!("{BASE_PATH}p/{id}/"),
        &[("Accept-Encoding", "br")],
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.header("content-encoding"), Some("br"));
    let page = String::from_utf8(unbrotli(&answer.body)).expect("UTF-8");
    assert!(page.contains("Renamed teapot"), "the page as it is now");
}
