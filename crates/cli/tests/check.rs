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

/// `check` on the minimal fixture with `order` replaced; returns the exit code and stderr.
fn check_with_order(name: &str, order: serde_json::Value) -> (i32, String) {
    check_with(&format!("order-{name}"), "order", order, &[])
}

#[test]
fn endpoints_that_cannot_answer_a_browser_are_warned_about() {
    let (code, err) = check_with_order(
        "slack",
        serde_json::json!({"endpoint": "https://hooks.slack.com/services/T0/B0/x", "body": {"text": "{{summary}}"}}),
    );
    assert_eq!(code, 0, "a warning, not an error: {err}");
    assert_eq!(
        err.trim(),
        "warning: order.endpoint: hooks.slack.com is a chat webhook (Slack); it cannot answer a browser, so the buyer's browser cannot read its answer. Without \"confirm\": \"none\" the storefront finds that out when a first send fails, then sends each order once without reading the answer, shown to the buyer as sent, not confirmed. Write \"confirm\": \"none\" in \"order\" to say so"
    );
    let (_, err) = check_with_order(
        "api",
        serde_json::json!({"endpoint": "https://api.example.com/orders"}),
    );
    assert_eq!(
        err.trim(),
        "warning: order.endpoint: api.example.com is another site and gets JSON; unless it answers with CORS headers (Access-Control-Allow-Origin), the buyer's browser cannot read its answer: the storefront then sends each order once without reading it, shown to the buyer as sent, not confirmed, and never resent. If it does not, write \"confirm\": \"none\" in \"order\" to say so"
    );
    for quiet in [
        serde_json::json!({"endpoint": "https://hooks.slack.com/services/x", "confirm": "none"}),
        serde_json::json!({"endpoint": "https://forms.example.com/x", "format": "form"}),
        serde_json::json!({"endpoint": "/api/orders"}),
        serde_json::json!({"endpoint": "http://localhost:8080/api/orders"}),
    ] {
        let (code, err) = check_with_order("quiet", quiet.clone());
        assert_eq!((code, err.as_str()), (0, ""), "{quiet}");
    }
    let (_, err) = check_with_order(
        "discord",
        serde_json::json!({"endpoint": "https://discord.com/api/webhooks/1/x", "format": "form"}),
    );
    assert!(
        err.contains("discord.com is a chat webhook (Discord)"),
        "{err}"
    );
}

/// A seller's own interface words (`texts`): checked against the storefront's keys
/// and their placeholders, with the path of each problem.
#[test]
fn text_overrides_are_checked_against_the_known_keys() {
    let demo = std::fs::read_to_string("../../public/shop.json").expect("demo shop");
    let mut shop: serde_json::Value = serde_json::from_str(&demo).expect("JSON");
    shop["texts"] = serde_json::json!({
        "zh-CN": {
            "what_next_txt": "我们会在 24 小时内联系你。",
            "only_left": "库存紧张",
            "ships_within": { "one": "{n} 天发货", "other": "{n} 天发货" },
            "pay_amount": "请付 {amount}，备注 {ref}。"
        },
        "en": { "what_next_text": "We call you within a day.", "cart": 3 },
        "fr": { "cart": "Panier" }
    });
    // Relative assets of the demo shop stay reachable from a copy next to it.
    let file = std::path::Path::new("../../public/shop-texts-test.json");
    std::fs::write(file, shop.to_string()).expect("write");
    let (code, _, err) = microshop(&["check", file.to_str().expect("utf8")]);
    std::fs::remove_file(file).ok();
    assert_eq!(code, 1, "{err}");
    let mut lines: Vec<&str> = err.lines().filter(|l| l.starts_with("  ")).collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "  error: texts.en.cart: must be text in quotes (or plural forms such as {\"one\": \"…\", \"other\": \"…\"}); here it is a number without quotes",
            "  error: texts.zh-CN.only_left: leaves out {n}; the message has {n}",
            "  warning: texts.fr: \"fr\" is not one of the shop's locales (zh-CN, en), so these words are never shown; write them under one of those",
            "  warning: texts.zh-CN.what_next_txt: is not a text of the storefront, ignored; did you mean \"what_next_text\"? (the keys are those of the storefront's locales/en.json)",
        ],
        "{err}"
    );
}

/// `check` on the minimal fixture with `theme` replaced and `files` beside it;
/// returns the exit code and stderr.
fn check_with_theme(name: &str, theme: serde_json::Value, files: &[&str]) -> (i32, String) {
    check_with(&format!("theme-{name}"), "theme", theme, files)
}

/// `check` on the minimal fixture with its `key` replaced by `value` and `files`
/// (containing "x") beside it; returns the exit code and stderr.
fn check_with(name: &str, key: &str, value: serde_json::Value, files: &[&str]) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("microshop-check-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    std::fs::write(dir.join("images/avatar.svg"), "<svg/>").expect("avatar");
    for file in files {
        let path = dir.join(file);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("dir");
        std::fs::write(path, "x").expect("file");
    }
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json")).expect("json");
    doc[key] = value;
    let path = dir.join("shop.json");
    std::fs::write(&path, doc.to_string()).expect("writes");
    let (code, _, err) = microshop(&["check", path.to_str().expect("utf8")]);
    std::fs::remove_dir_all(&dir).ok();
    (code, err)
}

#[test]
fn theme_mistakes_are_reported_with_their_path_and_a_suggestion() {
    let (code, err) = check_with_theme(
        "mistakes",
        serde_json::json!({
            "preset": "hand-made",
            "tokens": {"color-acent": "#9a3412", "color-bg": "url(https://cdn.example/bg.png)"}
        }),
        &[],
    );
    assert_eq!(code, 1, "{err}");
    let lines: Vec<&str> = err.lines().collect();
    assert!(lines.contains(&"  error: theme.preset: \"hand-made\" is not a preset; did you mean \"handmade\"? use one of: quiet, bold, handmade, contrast"), "{err}");
    assert!(lines.contains(&"  error: theme.tokens.color-bg: \"url(https://cdn.example/bg.png)\" would load a file; url( is not allowed in a token (use theme.fonts for font files, theme.stylesheet for anything else)"), "{err}");
    assert!(lines.contains(&"  warning: theme.tokens.color-acent: unknown token, ignored; did you mean \"color-accent\"? (the tokens are listed in docs/tokens.md)"), "{err}");
}

#[test]
fn low_contrast_is_a_warning_with_the_pair_and_the_ratio() {
    let (code, err) = check_with_theme(
        "contrast",
        serde_json::json!({"tokens": {"color-accent": "#e8743b", "color-bg": "#fff8ee"}}),
        &[],
    );
    assert_eq!(code, 0, "warnings only: {err}");
    assert!(err.contains("warning: theme.tokens.color-accent: color-button-text #ffffff on color-button #e8743b (buttons) has a contrast of 3.0:1, below the 4.5:1 WCAG AA asks for text"), "{err}");
    assert!(err.contains("warning: theme.tokens.color-accent: color-link #e8743b on color-bg #fff8ee (links on the page) has a contrast of 2.8:1"), "{err}");
    // The roaster's fix: separate button and link colours; no warnings.
    let (code, err) = check_with_theme(
        "readable",
        serde_json::json!({
            "tokens": {"color-accent": "#e8743b", "color-bg": "#fff8ee", "color-button": "#9a3412", "color-link": "#9a3412"},
            "fonts": [{"family": "Roaster Slab", "src": "fonts/slab.woff2", "weight": 700}],
            "stylesheet": "theme.css"
        }),
        &["fonts/slab.woff2", "theme.css"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("theme."), "no theme warnings: {err}");
    // A font file or stylesheet that is not there is an error.
    let (code, err) = check_with_theme(
        "missing",
        serde_json::json!({"fonts": [{"family": "Roaster Slab", "src": "fonts/slab.woff2"}], "stylesheet": "theme.css"}),
        &[],
    );
    assert_eq!(code, 1);
    assert!(
        err.contains("error: theme.fonts[0].src: \"fonts/slab.woff2\" points at no file"),
        "{err}"
    );
    assert!(
        err.contains("error: theme.stylesheet: \"theme.css\" points at no file"),
        "{err}"
    );
}

#[test]
fn the_theming_guides_worked_example_passes_without_theme_warnings() {
    let guide = std::fs::read_to_string("../../docs/theming.md").expect("docs/theming.md");
    let example = &guide[guide.find("## 7. Worked example").expect("section")..];
    let start = example.find("```json\n").expect("json block") + 8;
    let end = start + example[start..].find("\n```").expect("closed");
    let doc: serde_json::Value = serde_json::from_str(&format!("{{{}}}", &example[start..end]))
        .expect("the example is JSON");
    let (code, err) = check_with_theme(
        "guide",
        doc["theme"].clone(),
        &["fonts/roaster-slab.woff2", "theme.css"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(!err.contains("theme."), "{err}");
}

/// `check` on the minimal fixture with `theme.stylesheet` = "theme.css" holding `css`
/// (and fonts/slab.woff2 beside it); returns the exit code and stderr.
fn check_stylesheet(name: &str, css: &str) -> (i32, String) {
    let dir =
        std::env::temp_dir().join(format!("microshop-check-css-{name}-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    std::fs::create_dir_all(dir.join("fonts")).expect("dir");
    std::fs::write(dir.join("images/avatar.svg"), "<svg/>").expect("avatar");
    std::fs::write(dir.join("fonts/slab.woff2"), "x").expect("font");
    std::fs::write(dir.join("theme.css"), css).expect("css");
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json")).expect("json");
    doc["theme"] = serde_json::json!({"stylesheet": "theme.css"});
    let path = dir.join("shop.json");
    std::fs::write(&path, doc.to_string()).expect("writes");
    let (code, _, err) = microshop(&["check", path.to_str().expect("utf8")]);
    std::fs::remove_dir_all(&dir).ok();
    (code, err)
}

#[test]
fn a_stylesheet_that_loads_from_another_host_is_refused_with_its_line() {
    let refused = [
        ("import-url", "@import url(\"https://cdn.example/x.css\");", "@import"),
        ("import-string", "@import 'http://cdn.example/x.css';", "@import"),
        ("import-schemeless", "@import \"//cdn.example/x.css\";", "@import"),
        ("import-data", "@import url(\"data:text/css,@import 'https://cdn.example/x.css'\");", "@import"),
        ("url", ".seller { background: url(https://cdn.example/bg.png); }", "url("),
        ("url-quoted", ".seller { background: url( 'HTTP://cdn.example/bg.png' ); }", "url("),
        ("url-schemeless", ".seller { background: url(//cdn.example/bg.png); }", "url("),
        ("url-backslashes", ".seller { background: url(\"\\\\\\\\cdn.example/bg.png\"); }", "url("),
        ("url-escaped", ".seller { background: u\\72l(https://cdn.example/bg.png); }", "url("),
        ("font", "@font-face { font-family: X; src: url(\"https://fonts.example/x.woff2\") format(\"woff2\"); }", "url("),
        ("image-set", ".seller { background-image: image-set(\"https://cdn.example/a.png\" 1x, \"a2.png\" 2x); }", "image-set("),
        ("webkit-image-set", ".seller { background-image: -webkit-image-set(url(a.png) 1x, \"https://cdn.example/a2.png\" 2x); }", "image-set("),
    ];
    for (name, rule, form) in refused {
        let css =
            format!("/* the roaster's extras */\n:root {{ --color-skeleton: #eadfce; }}\n{rule}\n");
        let (code, err) = check_stylesheet(name, &css);
        assert_eq!(code, 1, "{name} must be refused: {err}");
        let line = err
            .lines()
            .find(|l| l.starts_with("  error: theme.stylesheet: theme.css:3: "))
            .unwrap_or_else(|| panic!("{name}: the file and line 3 are named: {err}"));
        assert!(line.contains(form), "{name}: names {form}: {line}");
        assert!(
            line.contains("another host") || line.contains("@import"),
            "{name}: says why: {line}"
        );
    }
}

#[test]
fn a_stylesheet_with_the_sellers_own_files_passes() {
    let css = "@font-face {\n  font-family: \"Roaster Slab\";\n  src: url(\"fonts/slab.woff2\") format(\"woff2\"), url(fonts/slab.woff2);\n}\n\
        @import url(\"more.css\");\n\
        .seller { background: url(images/avatar.svg) no-repeat, image-set(\"images/avatar.svg\" 1x); }\n\
        .card__title::after { content: \"https://example.com is only text\"; }\n\
        .chip { background-image: url(\"data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E\"); }\n\
        /* url(https://cdn.example/commented-out.png) */\n";
    let (code, err) = check_stylesheet("allowed", css);
    assert_eq!(
        code, 0,
        "relative urls, data: images and comments pass: {err}"
    );
    assert!(!err.contains("theme.stylesheet"), "{err}");
}

/// A shop whose description holds U+000B (Word's manual line break) passed `check`
/// before control characters were looked at: it still passes, with a warning that
/// says where and which (review6 finding 3), so upgrading does not take it down.
#[test]
fn a_control_character_in_a_description_is_a_warning() {
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json")).expect("json");
    doc["catalog"]["products"][0]["description"] = "Two lines,\u{b}one break".into();
    let (code, err) = check_with("vt", "catalog", doc["catalog"].clone(), &[]);
    assert_eq!(code, 0, "a warning, not an error: {err}");
    assert!(
        err.contains("warning: catalog.products[0] (green).description: contains the invisible character \\u{b} (character 11)"),
        "{err}"
    );
}

/// A control character in an order header's value would break every order's HTTP
/// request (a line break ends the header; a receiver refuses the others): `check`
/// refuses the shop and names the header, where the same character in a description
/// is only a warning.
#[test]
fn a_control_character_in_an_order_header_is_an_error_naming_it() {
    for (value, said) in [
        ("key\nmore", "\\n (character 4)"),
        ("key\u{b}", "\\u{b} (character 4)"),
    ] {
        let (code, err) = check_with_order(
            "header",
            serde_json::json!({"endpoint": "/api/orders", "headers": {"X-Shop-Key": value}}),
        );
        assert_ne!(code, 0, "refused: {err}");
        assert!(
            err.contains(&format!(
                "order.headers.X-Shop-Key: contains the invisible character {said}; remove it"
            )),
            "{err}"
        );
        assert!(!err.contains("warning"), "an error only: {err}");
    }
}

/// REVIEW7 §13: a key written twice (a pasted line: `"price": "68.00", "price":
/// "0.01"`) passed silently, the last one winning everywhere. `check` refuses it,
/// naming the key's path and where the second one is written; also in a separate
/// catalog file.
#[test]
fn a_key_written_twice_is_refused_with_its_place() {
    let dir = std::env::temp_dir().join(format!("microshop-check-twice-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shop = dir.join("shop.json");
    let manifest = std::fs::read_to_string("../core/tests/fixtures/minimal.json").expect("fixture");
    let twice = manifest.replacen(
        r#""price": "12.50", "stock": 3"#,
        r#""price": "12.50", "price": "0.01", "stock": 3"#,
        1,
    );
    assert_ne!(twice, manifest);
    std::fs::write(&shop, &twice).expect("write");
    let (code, _, err) = microshop(&["check", shop.to_str().expect("utf8")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "error: catalog.products[0].price: is written twice in the same object (again at line 14, column 102); \
             only the last would count: keep one"
        ),
        "{err}"
    );
    // In a catalog file of its own, named with the file.
    let mut value: serde_json::Value = serde_json::from_str(&manifest).expect("json");
    let catalog = value["catalog"].take();
    value["catalog"] = serde_json::json!({"url": "catalog.json"});
    std::fs::write(&shop, value.to_string()).expect("write");
    let text = serde_json::to_string_pretty(&catalog)
        .expect("json")
        .replacen(r#""id": "tea","#, r#""id": "tea", "id": "tee","#, 1);
    std::fs::write(dir.join("catalog.json"), text).expect("catalog");
    let (code, _, err) = microshop(&["check", shop.to_str().expect("utf8")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "catalog.json: categories[0].id: is written twice in the same object (again at line 4"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// REVIEW7 §15: ids that differ only in case (`Tea`, `tea`) are distinct, but their
/// pages (`p/Tea/`, `p/tea/`) are one folder on macOS and Windows, where a seller
/// may publish or unzip site.zip: one page silently replaces the other. `check`
/// warns, naming both.
#[test]
fn ids_differing_only_in_case_are_warned_about() {
    let dir = std::env::temp_dir().join(format!("microshop-check-case-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shop = dir.join("shop.json");
    let mut manifest: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string("../core/tests/fixtures/minimal.json").expect("fixture"),
    )
    .expect("json");
    manifest["seller"]
        .as_object_mut()
        .expect("seller")
        .remove("avatar");
    manifest["catalog"]["products"][1]["id"] = "Green".into();
    manifest["catalog"]["categories"] = serde_json::json!([
        {"id": "tea", "name": "Tea"}, {"id": "TEA", "name": "TEA"}
    ]);
    std::fs::write(&shop, manifest.to_string()).expect("write");
    let (code, _, err) = microshop(&["check", shop.to_str().expect("utf8")]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "warning: catalog.products[1] (Green).id: \"Green\" differs from \"green\" (catalog.products[0]) only in case: \
             on macOS and Windows their pages p/Green/ and p/green/ are one folder, and one replaces the other; rename one"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "warning: catalog.categories[1].id: \"TEA\" differs from \"tea\" (catalog.categories[0]) only in case: \
             on macOS and Windows their pages c/TEA/ and c/tea/ are one folder, and one replaces the other; rename one"
        ),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The minimal fixture with `edit` applied, in a folder of its own (its avatar
/// beside it); `catalog_file` moves the catalog to catalog.json. Returns the exit
/// code and stderr of `check`.
fn check_edited(
    name: &str,
    catalog_file: bool,
    edit: impl FnOnce(&mut serde_json::Value),
) -> (i32, String) {
    let dir = std::env::temp_dir().join(format!("microshop-check-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    std::fs::write(dir.join("images/avatar.svg"), "<svg/>").expect("avatar");
    let mut doc: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json")).expect("json");
    edit(&mut doc);
    if catalog_file {
        let catalog = doc["catalog"].take();
        std::fs::write(
            dir.join("catalog.json"),
            serde_json::to_string_pretty(&catalog).expect("json"),
        )
        .expect("catalog");
        doc["catalog"] = serde_json::json!({"url": "catalog.json"});
    }
    let path = dir.join("shop.json");
    std::fs::write(&path, doc.to_string()).expect("writes");
    let (code, _, err) = microshop(&["check", path.to_str().expect("utf8")]);
    std::fs::remove_dir_all(&dir).ok();
    (code, err)
}

/// REVIEW7 §6: `max_qty: 0` passed `check` and published a product nobody can buy
/// (its page said "At most 0 per order", the cart took a line of 0). The CLI refuses
/// it (check, and publish, serve and the desk, which load the shop through it),
/// naming the path and what to write; core and the storefront are unchanged (the
/// same rule in core's decoder cost the first-load wasm 10 B over its line).
#[test]
fn a_max_qty_of_zero_is_refused_naming_its_path() {
    const SAID: &str = "max_qty: is 0, so nobody could buy this product; write at least 1, or leave it out for the default, 99 per order";
    let (code, err) = check_edited("max-qty-zero", false, |doc| {
        doc["catalog"]["products"][0]["max_qty"] = 0.into();
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("  error: catalog.products[0] (green).{SAID}")),
        "{err}"
    );
    // With a min_qty, the one error is the max_qty's (not "min_qty is 1, more than
    // max_qty (0)", which sends the seller to the wrong field).
    let (code, err) = check_edited("max-qty-zero-min", false, |doc| {
        doc["catalog"]["products"][1]["min_qty"] = 1.into();
        doc["catalog"]["products"][1]["max_qty"] = 0.into();
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("  error: catalog.products[1] (tote).{SAID}")),
        "{err}"
    );
    assert!(!err.contains("more than max_qty"), "{err}");
    assert!(err.contains(": 1 problem:"), "{err}");
    // In a catalog file of its own, named with the file.
    let (code, err) = check_edited("max-qty-zero-file", true, |doc| {
        doc["catalog"]["products"][0]["max_qty"] = 0.into();
    });
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!("catalog.json: products[0] (green).{SAID}")),
        "{err}"
    );
    // 1 is the least that passes.
    let (code, err) = check_edited("max-qty-one", false, |doc| {
        doc["catalog"]["products"][0]["max_qty"] = 1.into();
    });
    assert_eq!(code, 0, "{err}");
}

/// An order header's value with a character a browser's fetch cannot send (outside
/// visible ASCII, space and tab: fetch throws on a code point above U+00FF, and
/// servers read U+0080..U+00FF each their own way) made every order fail to send,
/// and `check` said ok. Refused, naming the header and the character.
#[test]
fn a_header_value_a_browser_cannot_send_is_an_error_naming_it() {
    for (value, said) in [
        ("5€ off", "\"€\" (character 2)"),
        ("café", "\"é\" (character 4)"),
        ("key\u{a0}2", "\"\\u{a0}\" (character 4)"),
    ] {
        let (code, err) = check_with_order(
            "header-latin",
            serde_json::json!({"endpoint": "/api/orders", "headers": {"X-Shop-Key": value}}),
        );
        assert_eq!(code, 1, "refused: {err}");
        assert!(
            err.contains(&format!(
                "  error: order.headers.X-Shop-Key: contains {said}, which a browser cannot send in a header: \
                 every order would fail to send; use only ASCII letters, digits, punctuation and spaces"
            )),
            "{value}: {err}"
        );
    }
    // Visible ASCII, spaces and a tab pass.
    let (code, err) = check_with_order(
        "header-ascii",
        serde_json::json!({"endpoint": "/api/orders", "headers": {"X-Shop-Key": "Bearer a-Z_0.9~!\t=/+"}}),
    );
    assert_eq!((code, err.as_str()), (0, ""), "{err}");
}

/// DESK7's check named only the first key written twice; a seller fixing it found
/// the next one at the next run. Every one is named now, each with its place.
#[test]
fn every_key_written_twice_is_named() {
    let dir =
        std::env::temp_dir().join(format!("microshop-check-twice-all-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let shop = dir.join("shop.json");
    let manifest = std::fs::read_to_string("../core/tests/fixtures/minimal.json").expect("fixture");
    let twice = manifest
        .replacen(
            r#""price": "12.50", "stock": 3"#,
            r#""price": "12.50", "price": "0.01", "stock": 3"#,
            1,
        )
        .replacen(
            r#""id": "tiny-shop","#,
            r#""id": "tiny-shop", "id": "tiny","#,
            1,
        );
    std::fs::write(&shop, &twice).expect("write");
    let (code, _, err) = microshop(&["check", shop.to_str().expect("utf8")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: id: is written twice in the same object (again at line 3, column 25)"),
        "{err}"
    );
    assert!(
        err.contains("error: catalog.products[0].price: is written twice in the same object (again at line 14, column 102)"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// DESK7's case warning named a separate catalog file's products as
/// `catalog.products[i]`, a path that file does not have: named with the file now.
#[test]
fn ids_differing_only_in_case_in_a_catalog_file_are_named_with_the_file() {
    let (code, err) = check_edited("case-file", true, |doc| {
        doc["catalog"]["products"][1]["id"] = "Green".into();
        doc["catalog"]["categories"] =
            serde_json::json!([{"id": "tea", "name": "Tea"}, {"id": "TEA", "name": "TEA"}]);
    });
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(
            "catalog.json: products[1] (Green).id: \"Green\" differs from \"green\" (products[0]) only in case"
        ),
        "{err}"
    );
    assert!(
        err.contains(
            "catalog.json: categories[1].id: \"TEA\" differs from \"tea\" (categories[0]) only in case"
        ),
        "{err}"
    );
    assert!(!err.contains("catalog.products"), "{err}");
}
