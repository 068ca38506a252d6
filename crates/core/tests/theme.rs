//! The theme part of a manifest, as every reader (the storefront included) checks
//! it: names of presets and options, values that could leave their declaration or
//! load a file, font files and the stylesheet; and the CSS written from it.

use microshop_core::theme::{Corners, Feed, Preset, Scheme, LAYERS};
use microshop_core::{decode_manifest, Theme};
use serde_json::{json, Value};

mod common;
use common::manifest_errors;

fn with_theme(theme: Value) -> Value {
    let mut doc: Value =
        serde_json::from_str(include_str!("fixtures/minimal.json")).expect("fixture");
    doc["theme"] = theme;
    doc
}

fn errors(theme: Value) -> Vec<String> {
    manifest_errors(&with_theme(theme))
}

fn decoded(theme: Value) -> Theme {
    decode_manifest(&with_theme(theme).to_string())
        .expect("valid")
        .value
        .theme
}

#[test]
fn presets_scheme_and_layout_are_read() {
    let t = decoded(json!({
        "preset": "bold", "scheme": "dark",
        "layout": {"feed": "list", "corners": "square"}
    }));
    assert_eq!(t.preset, Preset::Bold);
    assert_eq!(t.scheme, Scheme::Dark);
    assert_eq!(t.layout.feed, Feed::List);
    assert_eq!(t.layout.corners, Corners::Square);
    assert_eq!(
        t.attributes(),
        vec![
            ("data-preset", "bold"),
            ("data-scheme", "dark"),
            ("data-feed", "list"),
            ("data-corners", "square")
        ]
    );
    assert_eq!(
        decoded(json!({})).attributes(),
        vec![("data-preset", "quiet")]
    );
}

#[test]
fn an_unknown_preset_is_refused_with_the_nearest_name() {
    assert_eq!(
        errors(json!({"preset": "blod"})),
        ["theme.preset: \"blod\" is not a preset; did you mean \"bold\"? use one of: quiet, bold, handmade, contrast"]
    );
    assert_eq!(
        errors(json!({"scheme": "night"})),
        ["theme.scheme: \"night\" is not a scheme; did you mean \"light\"? use one of: auto, light, dark"]
    );
    assert_eq!(
        errors(json!({"layout": {"corners": "sqare"}})),
        ["theme.layout.corners: \"sqare\" is not a corner style; did you mean \"square\"? use one of: round, soft, square"]
    );
}

#[test]
fn values_that_load_files_are_refused_with_their_path() {
    for (value, loader) in [
        ("url(https://evil.example/x.png)", "url("),
        ("URL(x.png)", "url("),
        ("image-set(\"a.png\" 1x)", "image-set("),
        ("@import", "@import"),
    ] {
        let found = errors(json!({"tokens": {"color-bg": value}}));
        assert_eq!(found.len(), 1, "{value}: {found:?}");
        assert!(
            found[0].starts_with("theme.tokens.color-bg: ")
                && found[0].contains(&format!("{loader} is not allowed in a token")),
            "{value}: {found:?}"
        );
    }
    let dark = errors(json!({"dark": {"color-bg": "url(x)"}}));
    assert!(dark[0].starts_with("theme.dark.color-bg: "), "{dark:?}");
}

#[test]
fn values_that_could_leave_their_declaration_are_refused() {
    for (value, why) in [
        ("red;color:blue", "contains ';'"),
        ("red}", "contains '}'"),
        ("{red", "contains '{'"),
        ("r\\65 d", "contains '\\\\'"),
        ("red</style>", "contains '<'"),
        ("red !important", "contains '!'"),
        ("expression(alert(1))", "calls expression()"),
        ("\"Open Sans", "leaves a quote or a bracket open"),
        ("rgb(0 0 0", "leaves a quote or a bracket open"),
        ("0)", "closes a bracket it did not open"),
        ("red /* x", "contains '*'"),
    ] {
        let found = errors(json!({"tokens": {"color-text": value}}));
        assert_eq!(found.len(), 1, "{value}: {found:?}");
        assert!(found[0].contains(why), "{value}: {found:?}");
    }
    assert_eq!(
        errors(json!({"tokens": {"Color_Bg": "red"}})),
        ["theme.tokens.Color_Bg: a token name may only use a-z, 0-9 and -"]
    );
}

#[test]
fn ordinary_values_pass_the_safety_check() {
    let t = decoded(
        json!({"fonts": [{"family": "Roaster Slab", "src": "slab.woff2"}], "tokens": {
            "color-accent": "#9a3412",
            "shadow-card": "0 1px 2px rgb(0 0 0 / 6%), 0 2px 8px rgba(0,0,0,.04)",
            "font-heading": "\"Roaster Slab\", Georgia, serif",
            "motion-easing": "cubic-bezier(0.2, 0, 0, 1)",
            "radius-m": "0",
            "color-link": "var(--color-accent)"
        }}),
    );
    assert_eq!(t.tokens.len(), 6);
}

#[test]
fn font_files_must_be_next_to_the_manifest() {
    let t = decoded(json!({"fonts": [
        {"family": "Roaster Slab", "src": "fonts/roaster-slab.woff2", "weight": 700},
        {"family": "Roaster Sans", "src": "fonts/sans.woff2", "weight": "100 900", "style": "italic"}
    ]}));
    assert_eq!(t.fonts.len(), 2);
    assert_eq!(t.fonts[0].weight.as_deref(), Some("700"));
    for (src, why) in [
        ("https://fonts.example/a.woff2", "must be a relative path"),
        ("//fonts.example/a.woff2", "must be a relative path"),
        ("/fonts/a.woff2", "must be a relative path"),
        ("../a.woff2", "must be a relative path"),
        ("fonts/a b.woff2", "must be a relative path"),
        ("fonts/a.woff2\")", "must be a relative path"),
        ("fonts/a.svg", "must end in .woff2, .woff, .ttf, .otf"),
    ] {
        let found = errors(json!({"fonts": [{"family": "A", "src": src}]}));
        assert_eq!(found.len(), 1, "{src}: {found:?}");
        assert!(
            found[0].starts_with("theme.fonts[0].src: ") && found[0].contains(why),
            "{src}: {found:?}"
        );
    }
    assert_eq!(
        errors(json!({"fonts": [{"family": "A\";}", "src": "a.woff2"}]})),
        ["theme.fonts[0].family: \"A\";}\" may only use letters, digits, spaces and -"]
    );
    assert_eq!(
        errors(json!({"fonts": [{"family": "A", "src": "a.woff2", "weight": "bold"}]})),
        ["theme.fonts[0].weight: \"bold\" is not a font weight; write e.g. 400, 700, or \"100 900\" for a variable font"]
    );
}

#[test]
fn the_stylesheet_is_a_css_file_next_to_the_manifest() {
    assert_eq!(
        decoded(json!({"stylesheet": "theme/roaster.css"}))
            .stylesheet
            .as_deref(),
        Some("theme/roaster.css")
    );
    let found = errors(json!({"stylesheet": "https://cdn.example/x.css"}));
    assert!(
        found[0]
            .starts_with("theme.stylesheet: \"https://cdn.example/x.css\" must be a relative path"),
        "{found:?}"
    );
    assert_eq!(
        errors(json!({"stylesheet": "theme.js"})),
        ["theme.stylesheet: \"theme.js\" must end in .css"]
    );
}

#[test]
fn the_css_puts_tokens_in_layers_and_dark_tokens_under_both_dark_conditions() {
    let t = decoded(json!({
        "tokens": {"color-accent": "#9a3412", "radius-m": "0"},
        "dark": {"color-accent": "#fdba74"},
        "fonts": [{"family": "Roaster Slab", "src": "fonts/slab.woff2", "weight": 700}]
    }));
    let css = t.css(|src| format!("/shop/{src}"));
    assert!(css.starts_with(LAYERS), "{css}");
    assert!(css.contains("@font-face{font-family:\"Roaster Slab\";src:url(\"/shop/fonts/slab.woff2\") format(\"woff2\");font-weight:700;font-style:normal;font-display:swap}"), "{css}");
    assert!(
        css.contains("@layer shop{:root{--color-accent:#9a3412;--radius-m:0;}}"),
        "{css}"
    );
    assert!(css.contains("@layer shop-dark{@media (prefers-color-scheme:dark){:root:not([data-scheme=light]){--color-accent:#fdba74;}}:root[data-scheme=dark]{--color-accent:#fdba74;}}"), "{css}");
    // A font URL that could leave its string is left out.
    assert!(!t.css(|_| "x\");}".to_owned()).contains("@font-face"));
    assert_eq!(decoded(json!({"preset": "bold"})).css(|s| s.to_owned()), "");
}

#[test]
fn the_layer_order_is_the_one_in_the_stylesheet() {
    let tokens = include_str!("../../../style/tokens.css");
    let in_css = tokens
        .lines()
        .find(|l| l.starts_with("@layer ") && l.ends_with(';'))
        .expect("a layer statement");
    assert_eq!(in_css.replace(", ", ","), LAYERS);
}
