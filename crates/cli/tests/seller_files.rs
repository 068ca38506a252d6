//! A seller's own directory: a separate catalog file and images next to shop.json,
//! served by `microshop serve` and checked by `microshop check` over http.

use std::path::Path;
use std::process::Command;

mod common;
use common::{get, start_with};

const MANIFEST: &str = r#"{
  "version": 1, "id": "split", "currency": "USD", "locales": ["en"],
  "seller": {"name": "Split shop", "avatar": "img/me.svg"},
  "catalog": {"url": "catalog.json"},
  "order": {"endpoint": "/api/orders"}
}"#;

fn seller_dir(root: &Path, catalog: &str) -> std::path::PathBuf {
    let dir = root.join("seller");
    std::fs::create_dir_all(dir.join("img")).expect("dir");
    std::fs::create_dir_all(dir.join(".secret")).expect("dir");
    std::fs::write(dir.join("shop.json"), MANIFEST).expect("manifest");
    std::fs::write(dir.join("catalog.json"), catalog).expect("catalog");
    std::fs::write(
        dir.join("img/me.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("img");
    std::fs::write(dir.join("img/mug.png"), MUG).expect("img");
    // Private files a seller may keep beside the manifest: none is named by it.
    for private in [
        "orders.sqlite",
        ".secret/key.json",
        "package.json",
        "orders-export.csv",
        "img/unlisted.png",
        "drafts/next.json",
    ] {
        let file = dir.join(private);
        std::fs::create_dir_all(file.parent().expect("parent")).expect("dir");
        std::fs::write(file, PRIVATE).expect("private file");
    }
    dir.join("shop.json")
}

/// The product's picture: its bytes are a picture's (a GIF's start, which is text).
const MUG: &str = "GIF89a mug bytes";

/// What every private file holds, so a leak shows in the body.
const PRIVATE: &str = "{\"private\": \"s3cr3t\"}";

fn check(arg: &str) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["check", arg])
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn serves_the_sellers_catalog_and_images_but_nothing_else() {
    let catalog = r#"{"products": [{"id": "mug", "title": "Mug", "sku": "MUG", "price": "12.50", "images": ["img/mug.png"]}]}"#;
    let server = start_with("seller", |root| Some(seller_dir(root, catalog)));
    assert_eq!(
        get(&format!("{}/catalog.json", server.url)),
        (200, catalog.to_owned())
    );
    assert_eq!(get(&format!("{}/img/me.svg", server.url)).0, 200);
    assert_eq!(
        get(&format!("{}/img/mug.png", server.url)),
        (200, MUG.to_owned())
    );
    // Other files in the seller's directory are not served: the app's page comes back.
    for private in ["orders.sqlite", ".secret/key.json"] {
        let (status, body) = get(&format!("{}/{private}", server.url));
        assert_eq!(status, 200);
        assert!(
            body.contains("<title>shop</title>"),
            "{private} leaked: {body}"
        );
    }
    let (code, out, err) = check(&format!("{}/shop.json", server.url));
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("shop \"split\", 1 products"), "{out}");
}

#[test]
fn problems_in_a_separate_catalog_name_the_catalog_file() {
    let catalog =
        r#"{"products": [{"id": "mug", "title": "Mug", "sku": "MUG", "price": "12.505"}]}"#;
    let server = start_with("seller-bad", |root| Some(seller_dir(root, catalog)));
    let (code, _, err) = check(&format!("{}/shop.json", server.url));
    assert_eq!(code, 1);
    assert!(
        err.contains(&format!(
            "error: {}/catalog.json: products[0] (mug).price: \"12.505\" has more than 2 decimals",
            server.url
        )),
        "{err}"
    );
    let local = server.dir.join("seller/shop.json");
    let (code, _, err) = check(local.to_str().expect("utf8"));
    assert_eq!(code, 1);
    assert!(
        err.contains("catalog.json: products[0] (mug).price"),
        "{err}"
    );
}

#[test]
fn only_files_the_manifest_names_are_served_however_the_path_is_written() {
    let catalog = r#"{"products": [{"id": "mug", "title": "Mug", "sku": "MUG", "price": "12.50", "images": ["img/mug.png"]}]}"#;
    let server = start_with("seller-private", |root| Some(seller_dir(root, catalog)));
    let leaked: Vec<String> = [
        // Files of the kinds a seller serves, but not named by the manifest.
        "package.json",
        "orders-export.csv",
        "img/unlisted.png",
        "drafts/next.json",
        "orders.sqlite",
        // A dotfile with its dot percent-encoded, in either case, and other spellings.
        "%2Esecret/key.json",
        "%2esecret/key.json",
        ".secret/key.json",
        "img/..%2F.secret/key.json",
        "img/%2E%2E/.secret/key.json",
        "img%2F..%2F.secret%2Fkey.json",
        "img%5C..%5C.secret%5Ckey.json",
        "%70ackage.json",
    ]
    .into_iter()
    .filter(|path| get(&format!("{}/{path}", server.url)).1.contains("s3cr3t"))
    .map(|path| format!("/{path}"))
    .collect();
    assert!(leaked.is_empty(), "private files leaked: {leaked:?}");
    // The files the manifest names still load, also when percent-encoded.
    assert_eq!(
        get(&format!("{}/img/mug%2Epng", server.url)),
        (200, MUG.to_owned())
    );
}

/// The seller's folder with the second image of the catalog a link to a file
/// beside the folder, and the avatar a link to a file inside it; its manifest.
#[cfg(unix)]
fn linked_out(root: &Path) -> std::path::PathBuf {
    let catalog = r#"{"products": [{"id": "mug", "title": "Mug", "sku": "MUG", "price": "12.50", "images": ["img/mug.png", "img/x.svg"]}]}"#;
    let manifest = seller_dir(root, catalog);
    let seller = root.join("seller");
    // Out of the folder: a file beside it, linked as a named image.
    std::fs::write(
        root.join("outside.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><!-- TOP SECRET key --></svg>",
    )
    .expect("outside");
    std::os::unix::fs::symlink(Path::new("../../outside.svg"), seller.join("img/x.svg"))
        .expect("link out");
    // Inside it: the avatar as a link to a file in the folder.
    std::fs::rename(seller.join("img/me.svg"), seller.join("me-real.svg")).expect("move");
    std::os::unix::fs::symlink(seller.join("me-real.svg"), seller.join("img/me.svg"))
        .expect("link in");
    manifest
}

/// Finding (review 6, after publish's a_link_out_of_the_sellers_folder_is_not_published
/// in publish_hostile.rs): `serve --manifest` followed a symbolic link named by the
/// manifest out of the seller's folder and served the file it pointed at. A link
/// whose real path leaves the folder is not served (404, none of its bytes); a link
/// that stays inside the folder still is.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_sellers_folder_is_not_served() {
    let server = start_with("seller-link-out", |root| Some(linked_out(root)));
    let (status, body) = get(&format!("{}/img/x.svg", server.url));
    assert_ne!(
        status, 200,
        "served through a link out of the folder: {body}"
    );
    assert!(!body.contains("TOP SECRET"), "the target leaked: {body}");
    let (status, body) = get(&format!("{}/img/me.svg", server.url));
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("<svg"), "{body}");
}

/// The seller hears of a named file that serve answers 404 (a link out of the
/// folder) before a buyer misses it: `check` and serve's start warn, naming where
/// the manifest or catalog names it; a warning, as the shop still works without it.
/// A link that stays inside the folder is not mentioned.
#[cfg(unix)]
#[test]
fn a_link_out_of_the_sellers_folder_is_a_warning_in_check_and_at_serves_start() {
    let server = start_with("seller-link-out-warned", |root| Some(linked_out(root)));
    let line = server.log_line("warning: catalog.products[0].images[1]");
    assert!(
        line.contains("img/x.svg") && line.contains("outside the shop's folder"),
        "{line}"
    );
    let local = server.dir.join("seller/shop.json");
    let (code, out, err) = check(local.to_str().expect("utf8"));
    assert_eq!(code, 0, "a warning, not an error: {err}");
    assert!(out.starts_with("ok: "), "{out}");
    assert!(
        err.contains("warning: catalog.products[0].images[1]: ")
            && err.contains("outside the shop's folder"),
        "{err}"
    );
    assert_eq!(
        err.matches("warning:").count(),
        1,
        "not the link inside: {err}"
    );
}

/// The start of a picture of each kind a shop shows, as `check` sniffs them.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";

/// A shop's folder as a seller who followed trust.md and selling.md has it (REVIEW8
/// section 8): the receipt key (made by `receipt-key new`), the seller secret and
/// the orders database beside shop.json; a real picture; the catalog naming `images`.
fn folder_with_secrets(root: &Path, images: &str) -> std::path::PathBuf {
    let dir = root.join("keys-beside");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    common::new_receipt_key(&dir.join("receipt-key.json"));
    std::fs::write(
        dir.join("seller-secret"),
        "s3cr3t-seller-secret-0123456789\n",
    )
    .expect("secret");
    std::fs::write(dir.join("orders.sqlite"), b"SQLite format 3\0s3cr3t").expect("db");
    std::fs::write(dir.join("images/cup.png"), PNG).expect("picture");
    let manifest = format!(
        r#"{{
  "version": 1, "id": "keys-beside", "currency": "USD", "locales": ["en"],
  "seller": {{"name": "Keys beside"}},
  "catalog": {{"products": [{{"id": "cup", "title": "Cup", "sku": "CUP", "price": "5", "images": {images}}}]}},
  "order": {{"endpoint": "/api/orders"}}
}}"#
    );
    std::fs::write(dir.join("shop.json"), manifest).expect("manifest");
    dir.join("shop.json")
}

/// Finding (REVIEW8 section 8): `check` only asked that a named image exist, so a
/// catalog naming the receipt key or the seller secret as a product image was "ok"
/// and serve and publish then gave it to anyone. A named picture whose bytes are no
/// JPEG, PNG, WebP, GIF, AVIF or SVG is an error naming where and which file.
#[test]
fn check_refuses_a_named_picture_whose_bytes_are_no_picture() {
    let root = std::env::temp_dir().join(format!("microshop-not-pictures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    for (images, named) in [
        (r#"["receipt-key.json"]"#, "receipt-key.json"),
        (r#"["seller-secret"]"#, "seller-secret"),
        (r#"["images/cup.png", "orders.sqlite"]"#, "orders.sqlite"),
    ] {
        let manifest = folder_with_secrets(&root, images);
        let (code, out, err) = check(manifest.to_str().expect("utf8"));
        assert_eq!(code, 1, "{images} passed: {out}{err}");
        let at = if named == "orders.sqlite" { 1 } else { 0 };
        let file = manifest.with_file_name(named);
        assert!(
            err.contains(&format!(
                "error: catalog.products[0].images[{at}]: \"{named}\" is not a picture"
            )) && err.contains(&file.display().to_string()),
            "{images}: {err}"
        );
        assert!(!err.contains("s3cr3t"), "{err}");
    }
    // The avatar and the payment QR code are pictures too.
    let manifest = folder_with_secrets(&root, r#"["images/cup.png"]"#);
    let text = std::fs::read_to_string(&manifest).expect("manifest").replace(
        r#""seller": {"name": "Keys beside"}"#,
        r#""seller": {"name": "Keys beside", "avatar": "seller-secret"}, "payment": {"text": "Pay", "qr": "receipt-key.json"}"#,
    );
    std::fs::write(&manifest, text).expect("manifest");
    let (code, _, err) = check(manifest.to_str().expect("utf8"));
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: seller.avatar: \"seller-secret\" is not a picture")
            && err.contains("error: payment.qr: \"receipt-key.json\" is not a picture"),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(&root);
}

/// Every kind of picture a browser shows passes, by its bytes whatever its name;
/// an SVG may start with an XML declaration, a comment and a doctype.
#[test]
fn check_takes_every_kind_of_picture_by_its_bytes() {
    let root = std::env::temp_dir().join(format!("microshop-pictures-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let pictures: [(&str, &[u8]); 7] = [
        ("images/a.png", PNG),
        ("images/b.jpg", b"\xFF\xD8\xFF\xE0\0\x10JFIF\0"),
        ("images/c.webp", b"RIFF\x24\0\0\0WEBPVP8 "),
        ("images/d.gif", b"GIF89a\x01\0\x01\0"),
        ("images/e.avif", b"\0\0\0\x1cftypavif\0\0\0\0avifmif1miaf"),
        ("images/f", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        (
            "images/g.svg",
            b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- Made with a drawing app -->\n<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n<svg\n xmlns=\"http://www.w3.org/2000/svg\"></svg>",
        ),
    ];
    let names: Vec<String> = pictures.iter().map(|(n, _)| format!("\"{n}\"")).collect();
    let manifest = folder_with_secrets(&root, &format!("[{}]", names.join(", ")));
    for (name, bytes) in pictures {
        std::fs::write(manifest.with_file_name(name), bytes).expect("picture");
    }
    let (code, out, err) = check(manifest.to_str().expect("utf8"));
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("ok: "), "{out}");
    let _ = std::fs::remove_dir_all(&root);
}

/// Finding (REVIEW8 section 8): serve served the receipt key and the seller secret
/// to anyone once the catalog named them as product images. A named picture whose
/// bytes are no picture is an error at serve's start, and answered 404.
#[test]
fn serve_answers_404_for_a_named_picture_that_is_no_picture() {
    let server = start_with("seller-not-pictures", |root| {
        Some(folder_with_secrets(
            root,
            r#"["images/cup.png", "receipt-key.json", "seller-secret"]"#,
        ))
    });
    let line = server.log_line("catalog.products[0].images[1]");
    assert!(
        line.contains("error:") && line.contains("\"receipt-key.json\" is not a picture"),
        "{line}"
    );
    for path in ["receipt-key.json", "seller-secret"] {
        let (status, body) = get(&format!("{}/{path}", server.url));
        assert_eq!(status, 404, "/{path}: {body}");
        assert!(
            !body.contains("secret_key") && !body.contains("s3cr3t"),
            "/{path} leaked: {body}"
        );
    }
    // The real picture is still served.
    assert_eq!(get(&format!("{}/images/cup.png", server.url)).0, 200);
}

/// Finding (REVIEW8 section 8): serve serves the files the manifest names, and a
/// manifest naming the very receipt key serve signs with (here as its catalog,
/// while the shop was never valid) had it served. The files serve was given as its
/// own (--receipt-key, --seller-secret-file, a SQLite --db, notify.json) are never
/// served, named or not.
#[test]
fn serve_never_serves_its_own_files_even_when_named() {
    let folder = std::cell::OnceCell::new();
    let server = common::start_configured(
        "seller-own-files",
        |root| {
            let manifest = folder_with_secrets(root, r#"["images/cup.png"]"#);
            let text = std::fs::read_to_string(&manifest).expect("manifest");
            let mut shop: serde_json::Value = serde_json::from_str(&text).expect("json");
            shop["catalog"] = serde_json::json!({"url": "receipt-key.json"});
            std::fs::write(&manifest, shop.to_string()).expect("manifest");
            let _ = folder.set(manifest.parent().map(Path::to_path_buf).expect("folder"));
            Some(manifest)
        },
        |command| {
            let dir: &std::path::PathBuf = folder.get().expect("folder");
            command
                .arg("--receipt-key")
                .arg(dir.join("receipt-key.json"))
                .arg("--seller-secret-file")
                .arg(dir.join("seller-secret"));
        },
    );
    let (status, body) = get(&format!("{}/receipt-key.json", server.url));
    assert_eq!(status, 404, "{body}");
    assert!(!body.contains("secret_key"), "the key leaked: {body}");
}
