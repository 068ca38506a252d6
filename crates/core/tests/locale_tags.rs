//! The checker's locale rule against a table whose accepted tags are also checked
//! in a real Intl (tests/unit/locale-tags.test.mjs): a tag the checker accepts must
//! never make the storefront's Intl throw.

use microshop_core::rules::is_locale;

#[test]
fn the_checker_accepts_exactly_the_table() {
    let table: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/locale-tags.json")).expect("json");
    let list = |key: &str| -> Vec<String> {
        table[key]
            .as_array()
            .expect("a list")
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    for tag in list("accepted") {
        assert!(is_locale(&tag), "should accept {tag:?}");
    }
    for tag in list("refused") {
        assert!(!is_locale(&tag), "should refuse {tag:?}");
    }
}

#[test]
fn a_manifest_with_a_tag_intl_refuses_is_reported() {
    let doc = include_str!("fixtures/minimal.json")
        .replace(r#"["zh-CN", "en"]"#, r#"["zh-CN", "en-a1"]"#);
    let errors = match microshop_core::decode_manifest(&doc) {
        Ok(_) => panic!("en-a1 must be refused"),
        Err(r) => r.errors,
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].path, "locales[1]");
}
