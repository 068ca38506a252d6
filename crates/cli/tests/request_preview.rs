//! `microshop request`: the exact request a shop's order mapping sends, for a
//! sample order, without buying anything.

use std::process::Command;

fn microshop(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn shop_with_order(name: &str, order: serde_json::Value) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("microshop-request-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json")).expect("json");
    doc["order"] = order;
    let path = dir.join("shop.json");
    std::fs::write(&path, doc.to_string()).expect("writes");
    path
}

#[test]
fn shows_the_request_a_mapping_sends_for_a_sample_order() {
    let path = shop_with_order(
        "mapped",
        serde_json::json!({
            "endpoint": "https://hooks.example/new-order",
            "headers": {"X-Shop-Key": "public-key"},
            "body": {"text": "{{customer.name}} ordered {{lines[0].title}} ({{lines[0].sku}}), {{total_text}}"}
        }),
    );
    let (code, out, err) = microshop(&["request", path.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "POST https://hooks.example/new-order");
    assert_eq!(lines[1], "Content-Type: application/json");
    assert!(lines[2].starts_with("Idempotency-Key: ord_"), "{out}");
    assert_eq!(lines[3], "X-Shop-Key: public-key");
    assert_eq!(lines[4], "");
    let body: serde_json::Value = serde_json::from_str(lines[5]).expect("the body is JSON");
    // The first buyable product, one of it, the first shipping option (10.00).
    assert_eq!(
        body["text"],
        "Sample Buyer ordered Green tea (G-1), 22.50 CNY"
    );
    assert!(err.contains("sample order"), "{err}");

    let (code, out, err) = microshop(&["request", path.to_str().expect("utf8"), "--sku", "T-RS"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ordered Tote (T-RS), 89.00 CNY"), "{out}");

    let (code, _, err) = microshop(&["request", path.to_str().expect("utf8"), "--sku", "NOPE"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("\"NOPE\" is not a sku of this shop; its skus: G-1, T-RS, T-BL"),
        "{err}"
    );
    std::fs::remove_dir_all(path.parent().expect("dir")).ok();
}

#[test]
fn a_form_mapping_without_confirmation_is_shown_as_sent() {
    let path = shop_with_order(
        "form",
        serde_json::json!({
            "endpoint": "https://forms.example/submit",
            "format": "form",
            "confirm": "none",
            "body": {"order": "{{order_id}}", "who": "{{customer.phone}}"}
        }),
    );
    let (code, out, err) = microshop(&["request", path.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "POST https://forms.example/submit");
    assert_eq!(lines[1], "Content-Type: application/x-www-form-urlencoded");
    assert_eq!(lines[2], "");
    assert!(lines[3].starts_with("order=ord_"), "{out}");
    assert!(lines[3].ends_with("&who=%2B86+138+0000+0000"), "{out}");
    std::fs::remove_dir_all(path.parent().expect("dir")).ok();
}
