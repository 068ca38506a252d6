//! `serve --dist` (the app's folder) and the seller app at `/_seller/` compress a file
//! without a `.br`/`.gz` copy on the fly as `serve --site` does
//! (tests/publish_compression.rs): the file's ETag made weak on a compressed answer
//! (a strong one promises the file's bytes, RFC 9110 8.8.1), a 304 with the
//! validator the browser holds and `Vary: Accept-Encoding`, a HEAD answered with
//! its GET's headers and no body; a file with a copy is sent as the copy, its own
//! ETag strong.

mod common;
mod desk;

use common::raw::{ask, head_as_get, unbrotli, ungzip, Answer};
use std::path::Path;

fn brotli_of(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &Default::default()).expect("brotli");
    out
}

/// A text file that compresses well, a few KB.
fn text(what: &str) -> Vec<u8> {
    (0..200)
        .map(|i| format!("/* {what}: line {i} of a file the server compresses */\n"))
        .collect::<String>()
        .into_bytes()
}

fn varies(a: &Answer) -> bool {
    a.header("vary")
        .is_some_and(|v| v.to_ascii_lowercase().contains("accept-encoding"))
}

/// `path` answers `file`: as it is with its strong ETag when not compressed, brotli
/// or gzip on the fly with the ETag made weak, 304s with the validator held, HEAD as
/// GET. `headers` go with every request (a session cookie).
fn compressed_honestly(origin: &str, path: &str, headers: &[(&str, &str)], file: &[u8]) {
    fn joined<'a>(a: &[(&'a str, &'a str)], b: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
        a.iter().chain(b).copied().collect()
    }
    let plain = ask(
        origin,
        "GET",
        path,
        &joined(headers, &[("Accept-Encoding", "identity")]),
    );
    assert_eq!(plain.status, 200, "{path}");
    assert!(plain.body == file, "{path}: the file as it is");
    assert_eq!(plain.header("content-encoding"), None, "{path}");
    let strong = plain.header("etag").expect("an ETag").to_owned();
    assert!(strong.starts_with('"'), "{path}: {strong}");
    let weak = format!("W/{strong}");

    for (coding, decode) in [("br", unbrotli as fn(&[u8]) -> Vec<u8>), ("gzip", ungzip)] {
        let answer = ask(
            origin,
            "GET",
            path,
            &joined(headers, &[("Accept-Encoding", coding)]),
        );
        assert_eq!(answer.status, 200, "{path} {coding}");
        assert_eq!(answer.header("content-encoding"), Some(coding), "{path}");
        assert!(decode(&answer.body) == file, "{path} {coding}: decodes");
        assert!(varies(&answer), "{path} {coding}: Vary: Accept-Encoding");
        assert_eq!(
            answer.header("etag"),
            Some(weak.as_str()),
            "{path} {coding}: the file's ETag, weak: not the file's bytes"
        );
        assert_eq!(answer.header("content-length"), None, "{path} {coding}");
    }

    for (held, coding) in [
        (weak.as_str(), "br"),
        (strong.as_str(), "identity"),
        (weak.as_str(), "gzip"),
    ] {
        let answer = ask(
            origin,
            "GET",
            path,
            &joined(
                headers,
                &[("Accept-Encoding", coding), ("If-None-Match", held)],
            ),
        );
        assert_eq!(answer.status, 304, "{path} {held} {coding}");
        assert!(answer.body.is_empty(), "{path} {held}: no body");
        assert_eq!(
            answer.header("etag"),
            Some(held),
            "{path}: the validator held"
        );
        assert!(
            varies(&answer),
            "{path} {held}: a 304 varies as its 200 does"
        );
    }

    for coding in ["br", "gzip", "identity"] {
        head_as_get(
            origin,
            path,
            &joined(headers, &[("Accept-Encoding", coding)]),
            &format!("{path} {coding}"),
        );
    }
}

/// `path` has a `.br` copy: sent as it is, never compressed again, its ETag strong,
/// and a HEAD says the same.
fn copy_sent_as_it_is(origin: &str, path: &str, headers: &[(&str, &str)], copy: &[u8]) {
    let mut with: Vec<(&str, &str)> = headers.to_vec();
    with.push(("Accept-Encoding", "gzip, br"));
    let answer = ask(origin, "GET", path, &with);
    assert_eq!(answer.status, 200, "{path}");
    assert_eq!(answer.header("content-encoding"), Some("br"), "{path}");
    assert!(answer.body == copy, "{path}: the .br file as it is");
    let etag = answer.header("etag").expect("ETag").to_owned();
    assert!(
        etag.starts_with('"'),
        "{path}: a copy's ETag stays strong: {etag}"
    );
    let head = ask(origin, "HEAD", path, &with);
    assert_eq!(head.header("content-encoding"), Some("br"), "HEAD {path}");
    assert_eq!(head.header("etag"), Some(etag.as_str()), "HEAD {path}");
    assert!(head.body.is_empty());
}

/// Writes `name` (and a `.br` copy when `copy`) into `dir`; the file's bytes.
fn write(dir: &Path, name: &str, copy: bool) -> Vec<u8> {
    let bytes = text(name);
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a folder")).expect("folder");
    std::fs::write(&path, &bytes).expect("written");
    if copy {
        std::fs::write(dir.join(format!("{name}.br")), brotli_of(&bytes)).expect("copy");
    }
    bytes
}

#[test]
fn serve_dist_compresses_a_file_without_a_copy_with_honest_validators() {
    let mut files = Vec::new();
    let server = common::start_with("dist-compression", |dir| {
        let dist = dir.join("dist");
        files.push(write(&dist, "images/notes.svg", false));
        files.push(write(&dist, "embed.js", true));
        None
    });
    compressed_honestly(&server.url, "/images/notes.svg", &[], &files[0]);
    let copy = std::fs::read(server.dir.join("dist/embed.js.br")).expect("copy");
    copy_sent_as_it_is(&server.url, "/embed.js", &[], &copy);
}

#[test]
fn the_seller_app_compresses_a_file_without_a_copy_with_honest_validators() {
    let mut files = Vec::new();
    let server = desk::start_desk_with(
        "seller-compression",
        |dir| {
            let seller = dir.join("dist/seller");
            files.push(write(&seller, "index.html", false));
            files.push(write(&seller, "seller-0123456789abcdef.js", false));
            files.push(write(&seller, "seller-0123456789abcdef_bg.wasm", true));
            None
        },
        |_| {},
    );
    let seller = desk::Seller::sign_in(&server);
    let cookie = format!("microshop_seller={}", seller.cookie);
    let headers = [("Cookie", cookie.as_str())];
    // The app's page (its index.html, for its own routes too) and a hashed file.
    compressed_honestly(&server.url, "/_seller/", &headers, &files[0]);
    compressed_honestly(&server.url, "/_seller/orders", &headers, &files[0]);
    compressed_honestly(
        &server.url,
        "/_seller/seller-0123456789abcdef.js",
        &headers,
        &files[1],
    );
    let copy = std::fs::read(
        server
            .dir
            .join("dist/seller/seller-0123456789abcdef_bg.wasm.br"),
    )
    .expect("copy");
    copy_sent_as_it_is(
        &server.url,
        "/_seller/seller-0123456789abcdef_bg.wasm",
        &headers,
        &copy,
    );
}
