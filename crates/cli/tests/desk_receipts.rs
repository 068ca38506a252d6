//! The key list in every site `serve --receipt-key` publishes (docs/trust.md): the
//! desk's republish of `serve --site` and its site.zip export carry
//! `.well-known/microshop-receipt-key.json`, the same list serve answers, so a site
//! copied to a static host still lets buyers check their receipts.

mod common;
mod desk;

use desk::{start_desk_with, Seller};
use serde_json::Value;
use std::path::{Path, PathBuf};

const KEYS: &str = ".well-known/microshop-receipt-key.json";

/// The minimal fixture as the seller's folder, a stand-in app (see desk_studio.rs)
/// and a receipt key beside them.
fn seller_folder(root: &Path) -> Option<PathBuf> {
    let dir = root.join("seller");
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    std::fs::write(
        dir.join("images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("avatar");
    let app = root.join("app");
    std::fs::create_dir_all(&app).expect("app");
    std::fs::write(
        app.join("index.html"),
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>shop</title>\n</head>\n<body>\n</body>\n</html>\n",
    )
    .expect("index");
    let key = root.join("receipt-key.json");
    common::new_receipt_key(&key);
    let manifest = dir.join("shop.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/fixtures/minimal.json"
        ),
        &manifest,
    )
    .expect("manifest");
    Some(manifest)
}

/// The test's folder, from the `--manifest` the seller's folder gave.
fn test_folder(command: &std::process::Command) -> PathBuf {
    let args: Vec<PathBuf> = command.get_args().map(PathBuf::from).collect();
    let manifest = args
        .iter()
        .position(|a| a.as_os_str() == "--manifest")
        .and_then(|i| args.get(i + 1))
        .expect("--manifest");
    manifest
        .parent()
        .and_then(Path::parent)
        .expect("the test's folder")
        .to_path_buf()
}

#[test]
fn the_desks_republish_and_site_zip_carry_the_key_list() {
    let mut site = PathBuf::new();
    let server = start_desk_with("desk-receipts", seller_folder, |command| {
        let root = test_folder(command);
        site = root.join("site");
        command
            .arg("--dist")
            .arg(root.join("app"))
            .arg("--site")
            .arg(&site)
            .args(["--base-url", "https://shop.example/"])
            .arg("--receipt-key")
            .arg(root.join("receipt-key.json"));
    });
    let answered: Value =
        serde_json::from_slice(&desk::request(&server, "GET", &format!("/{KEYS}"), &[], None).body)
            .expect("serve answers the key list");
    let key_id = answered["keys"][0]["key_id"]
        .as_str()
        .expect("a key id")
        .to_owned();

    // Published at start into the folder, beside the shop.
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(site.join(KEYS)).expect("in the site"))
            .expect("json");
    assert_eq!(written, answered);

    // The site.zip export for a static host has it too.
    let seller = Seller::sign_in(&server);
    let zip = seller.get("/_seller/api/export/site.zip?base_url=https://shop.example/");
    assert_eq!(zip.status, 200, "{}", zip.text());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.body.clone())).expect("a zip");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut archive.by_name(KEYS).expect("in the zip"), &mut text)
        .expect("utf-8");
    let zipped: Value = serde_json::from_str(&text).expect("json");
    assert_eq!(zipped["keys"][0]["key_id"], key_id.as_str());
}
