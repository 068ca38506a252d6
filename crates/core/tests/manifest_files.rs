//! The files a manifest names (`Manifest::named_files`): what publish copies and
//! serve lets buyers read, each with what it is for, in a fixed order.

use microshop_core::{decode_manifest, Manifest, NamedFile};

fn manifest(edit: impl FnOnce(&mut serde_json::Value)) -> Manifest {
    let mut value: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/minimal.json")).expect("json");
    edit(&mut value);
    decode_manifest(&value.to_string()).expect("valid").value
}

#[test]
fn lists_what_the_manifest_names_in_order() {
    let m = manifest(|v| {
        v["catalog"] = serde_json::json!({"url": "catalog.json"});
        v["seller"]["avatar"] = "images/me.png".into();
        v["payment"] = serde_json::json!({"qr": "images/pay.png"});
        v["theme"]["stylesheet"] = "shop.css".into();
        v["theme"]["fonts"] = serde_json::json!([
            {"family": "Tea", "src": "fonts/tea.woff2"},
            {"family": "Leaf", "src": "fonts/leaf.woff2", "weight": "700"}
        ]);
    });
    let named: Vec<_> = m.named_files().collect();
    assert_eq!(
        named,
        [
            (NamedFile::Catalog, "catalog.json"),
            (NamedFile::Avatar, "images/me.png"),
            (NamedFile::PaymentQr, "images/pay.png"),
            (NamedFile::Stylesheet, "shop.css"),
            (NamedFile::Font, "fonts/tea.woff2"),
            (NamedFile::Font, "fonts/leaf.woff2"),
        ]
    );
}

#[test]
fn an_inline_catalog_and_absent_files_are_not_listed() {
    let m = manifest(|v| {
        v["seller"]
            .as_object_mut()
            .expect("seller")
            .remove("avatar");
    });
    let named: Vec<_> = m.named_files().collect();
    assert_eq!(named, []);
}
