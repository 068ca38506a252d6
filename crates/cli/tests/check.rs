//! `microshop check` and `microshop schema` as a seller runs them.

use std::process::Command;

fn microshop(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_demo_shop_passes() {
    let (code, out, err) = microshop(&["check", "../../public/shop.json"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("ok: ../../public/shop.json: shop \"lantern-tea\""),
        "{out}"
    );
    assert!(err.is_empty(), "no warnings expected: {err}");
}

#[test]
fn a_broken_manifest_lists_every_problem_with_its_path() {
    let (code, _, err) = microshop(&["check", "tests/fixtures/broken-shop.json"]);
    assert_eq!(code, 1);
    let expected = [
        "tests/fixtures/broken-shop.json: 9 problems:",
        "  error: id: \"broken shop\" may only use letters a-z, digits, - and _; write e.g. \"broken-shop\"",
        "  error: seller.name: is required; add \"name\" inside seller",
        "  error: seller.avatar: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
        "  error: catalog.products[0] (a).price: \"-3\" is below zero; write 0 or more",
        "  error: catalog.products[1] (a).id: \"a\" is used by an earlier product; ids must be unique",
        "  error: catalog.products[1] (a).sku: \"A-1\" is used by an earlier product or variant; skus must be unique",
        "  error: catalog.products[1] (a).price: \"12.345\" has more than 2 decimals, more than CNY allows; write at most 2, e.g. \"12.34\"",
        "  error: catalog.products[2] (c).min_qty: is 4, more than max_qty (2)",
        "  error: order.endpoint: \"http://orders.example.com/hook\" is not https; orders carry buyers' names and addresses, so they must go over https (http only to localhost or 127.0.0.1 for development)",
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn missing_files_and_malformed_json_are_reported() {
    let (code, _, err) = microshop(&["check", "tests/fixtures/nope.json"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("cannot read tests/fixtures/nope.json"),
        "{err}"
    );
    let dir = std::env::temp_dir().join(format!("microshop-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let bad = dir.join("shop.json");
    std::fs::write(&bad, "{\n  \"version\": 1,\n  oops\n}").expect("write");
    let (code, _, err) = microshop(&["check", bad.to_str().expect("utf8")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: not valid JSON: line 3, column 3: write the key in straight double quotes, e.g. \"oops\""),
        "{err}"
    );
    // Images the manifest names must exist next to it.
    let manifest = std::fs::read_to_string("../core/tests/fixtures/minimal.json").expect("fixture");
    std::fs::write(&bad, manifest).expect("write");
    let (code, _, err) = microshop(&["check", bad.to_str().expect("utf8")]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error: seller.avatar: \"images/avatar.svg\" points at no file"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_committed_schemas_match_the_code() {
    let (code, schema, _) = microshop(&["schema"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("../../docs/manifest.schema.json")
        .expect("docs/manifest.schema.json");
    assert_eq!(
        committed.trim(),
        schema.trim(),
        "run: target/release/microshop schema > docs/manifest.schema.json"
    );
    let (code, contract, _) = microshop(&["openapi"]);
    assert_eq!(code, 0);
    let committed = std::fs::read_to_string("../../docs/order-api.openapi.json")
        .expect("docs/order-api.openapi.json");
    assert_eq!(
        committed.trim(),
        contract.trim(),
        "run: target/release/microshop openapi > docs/order-api.openapi.json"
    );
}
