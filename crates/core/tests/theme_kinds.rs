//! What the seller's tools (feature `theme-check`) add to the theme's checks: each
//! token's value against its kind, unknown token names, and the contrast of the
//! colours the seller set. The presets' colours here are held equal to style/.

use microshop_core::decode_manifest;
use microshop_core::theme::contrast::ratio;
use microshop_core::theme::palette::{self, parse_colour};
use microshop_core::theme::{Preset, TOKENS};
use serde_json::{json, Value};

fn with_theme(theme: Value) -> String {
    let mut doc: Value =
        serde_json::from_str(include_str!("fixtures/minimal.json")).expect("fixture");
    doc["theme"] = theme;
    doc.to_string()
}

/// (errors, warnings) as `path: message` lines.
fn problems(theme: Value) -> (Vec<String>, Vec<String>) {
    let strings = |v: &[microshop_core::Problem]| v.iter().map(ToString::to_string).collect();
    match decode_manifest(&with_theme(theme)) {
        Ok(d) => (Vec::new(), strings(&d.warnings)),
        Err(r) => (strings(&r.errors), strings(&r.warnings)),
    }
}

fn accepted(token: &str, value: &str) -> bool {
    let (errors, _) = problems(
        json!({"tokens": {token: value}, "fonts": [{"family": "Roaster Slab", "src": "slab.woff2"}]}),
    );
    errors.is_empty()
}

#[test]
fn every_kind_accepts_its_values_and_refuses_others_with_the_path() {
    let cases: &[(&str, &[&str], &[&str])] = &[
        (
            "color-accent",
            &[
                "#9a3412",
                "#fff",
                "#ffffff80",
                "rgb(154 52 18)",
                "rgba(154, 52, 18, 0.5)",
                "hsl(20 79% 34%)",
                "hsl(20deg, 79%, 34%)",
                "darkred",
                "DarkRed",
                "transparent",
            ],
            &[
                "#12345",
                "#ggg",
                "rgb(300 0 0)",
                "hsl(20 79 34)",
                "notacolour",
                "12px",
                "rgb(1 2)",
            ],
        ),
        (
            "radius-m",
            &["0", "12px", "1.5rem", "50%", "0.5em"],
            &["12", "px", "12 px", "red", "12pxx", "-"],
        ),
        ("line-height", &["1.5", "2"], &["1.5em", "normal", "1..5"]),
        ("font-weight-heading", &["700"], &["bold"]),
        (
            "motion-duration",
            &["150ms", "0.2s", "0s"],
            &["150", "fast"],
        ),
        (
            "motion-easing",
            &["ease-out", "linear", "cubic-bezier(0.2, 0, 0, 1)"],
            &["bounce", "cubic-bezier(1, 2)"],
        ),
        (
            "shadow-card",
            &[
                "none",
                "0 1px 2px rgb(0 0 0 / 6%)",
                "0 1px 2px rgb(0 0 0 / 6%), 0 2px 8px #0001",
                "inset 0 0 0 2px black",
            ],
            &["big", "1px", "1px 2px red blue"],
        ),
        (
            "font-heading",
            &[
                "Georgia, serif",
                "\"Roaster Slab\", serif",
                "system-ui",
                "\"PingFang SC\", sans-serif",
                "var(--font-body)",
            ],
            &["Comic Neue, cursive", "\"Open Sans\""],
        ),
    ];
    for (token, good, bad) in cases {
        for value in *good {
            assert!(accepted(token, value), "{token}: {value} should pass");
        }
        for value in *bad {
            let (errors, _) = problems(json!({"tokens": {*token: *value}}));
            assert_eq!(errors.len(), 1, "{token}: {value}: {errors:?}");
            assert!(
                errors[0].starts_with(&format!("theme.tokens.{token}: ")),
                "{errors:?}"
            );
        }
    }
    let (errors, _) = problems(json!({"dark": {"color-bg": "nope"}}));
    assert_eq!(
        errors,
        ["theme.dark.color-bg: \"nope\" is not a colour such as #9a3412, rgb(154 52 18) or darkred"]
    );
    let (errors, _) = problems(json!({"tokens": {"font-body": "Comic Neue, cursive"}}));
    assert!(
        errors[0].starts_with(
            "theme.tokens.font-body: \"Comic Neue\" is not a font this shop can rely on"
        ),
        "{errors:?}"
    );
}

#[test]
fn an_unknown_token_is_a_warning_with_the_nearest_name() {
    let (errors, warnings) =
        problems(json!({"tokens": {"color-acent": "#9a3412", "colour-of-sky": "blue"}}));
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        warnings,
        [
            "theme.tokens.color-acent: unknown token, ignored; did you mean \"color-accent\"? (the tokens are listed in docs/tokens.md)",
            "theme.tokens.colour-of-sky: unknown token, ignored (the tokens are listed in docs/tokens.md)",
        ]
    );
}

#[test]
fn low_contrast_is_warned_with_the_pair_and_the_ratio() {
    // The coffee roaster: white on the brand orange, orange links on cream.
    let (errors, warnings) =
        problems(json!({"tokens": {"color-accent": "#e8743b", "color-bg": "#fff8ee"}}));
    assert!(errors.is_empty(), "{errors:?}");
    assert!(warnings.contains(&"theme.tokens.color-accent: color-button-text #ffffff on color-button #e8743b (buttons) has a contrast of 3.0:1, below the 4.5:1 WCAG AA asks for text; set color-button (the fill) darker or color-button-text (the label) to a colour that reads on it".to_owned()), "{warnings:#?}");
    assert!(warnings.iter().any(|w| w.starts_with("theme.tokens.color-accent: color-link #e8743b on color-bg #fff8ee (links on the page) has a contrast of 2.8:1")), "{warnings:#?}");
    // Separate tokens for the button and the links make it readable: no warning.
    let (_, warnings) = problems(json!({"tokens": {
        "color-accent": "#e8743b", "color-bg": "#fff8ee",
        "color-button": "#9a3412", "color-link": "#9a3412"
    }}));
    assert!(warnings.is_empty(), "{warnings:#?}");
    // Dark tokens are checked against the dark palette.
    let (_, warnings) = problems(json!({"dark": {"color-link": "#5a2a10"}}));
    assert!(warnings.iter().any(|w| w.starts_with("theme.dark.color-link: color-link #5a2a10 on color-bg #171513")), "{warnings:#?}");
}

#[test]
fn colours_parse_as_css_reads_them() {
    assert_eq!(
        parse_colour("#fff").map(|c| (c.0, c.1, c.2)),
        Some((255.0, 255.0, 255.0))
    );
    assert_eq!(
        parse_colour("rebeccapurple").map(|c| (c.0, c.1, c.2)),
        Some((102.0, 51.0, 153.0))
    );
    let hsl = parse_colour("hsl(0 100% 50%)").expect("hsl");
    assert!((hsl.0 - 255.0).abs() < 0.01 && hsl.1.abs() < 0.01);
    let white = parse_colour("white").expect("white");
    let black = parse_colour("black").expect("black");
    assert!((ratio(white, black) - 21.0).abs() < 0.01);
}

/// The presets' text/background pairs reach AA themselves (the a11y suite measures
/// them in the browser too).
#[test]
fn the_presets_own_pairs_reach_aa() {
    for preset in [
        Preset::Quiet,
        Preset::Bold,
        Preset::Handmade,
        Preset::Contrast,
    ] {
        for dark in [false, true] {
            let colours = palette::preset_colours(preset, dark);
            let get = |name: &str| {
                let mut name = name.to_owned();
                loop {
                    let value = find_in(colours, &name)
                        .or_else(|| find_in(palette::QUIET, &name))
                        .expect("a colour");
                    match value
                        .strip_prefix("var(--")
                        .and_then(|v| v.strip_suffix(')'))
                    {
                        Some(next) => name = next.to_owned(),
                        None => return parse_colour(value).expect("parses"),
                    }
                }
            };
            for (fg, bg, _) in microshop_core::theme::contrast::PAIRS {
                let r = ratio(get(fg), get(bg));
                assert!(r >= 4.5, "{preset:?} dark={dark}: {fg} on {bg} is {r:.2}:1");
            }
        }
    }
}

fn find_in<'a>(list: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    list.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
}

/// Each preset's colour in core is the one style/tokens.css gives it.
#[test]
fn the_palettes_are_the_stylesheets() {
    let css = include_str!("../../../style/tokens.css");
    let block = |selector: &str| -> &str {
        let start = css
            .find(&format!("{selector} {{"))
            .unwrap_or_else(|| panic!("{selector} in tokens.css"));
        let rest = &css[start..];
        &rest[..rest.find('}').expect("closed")]
    };
    let blocks = [
        (palette::QUIET, "  :root"),
        (palette::BOLD, "  :root[data-preset=\"bold\"]"),
        (palette::HANDMADE, "  :root[data-preset=\"handmade\"]"),
        (palette::CONTRAST, "  :root[data-preset=\"contrast\"]"),
        (
            palette::QUIET_DARK,
            "  :root[data-scheme=\"dark\"]:not([data-preset=\"bold\"])",
        ),
        (
            palette::HANDMADE_DARK,
            "  :root[data-preset=\"handmade\"][data-scheme=\"dark\"]",
        ),
        (
            palette::CONTRAST_DARK,
            "  :root[data-preset=\"contrast\"][data-scheme=\"dark\"]",
        ),
        (
            palette::QUIET_DARK,
            "    :root:not([data-scheme=\"light\"]):not([data-preset=\"bold\"])",
        ),
        (
            palette::HANDMADE_DARK,
            "    :root[data-preset=\"handmade\"]:not([data-scheme=\"light\"])",
        ),
        (
            palette::CONTRAST_DARK,
            "    :root[data-preset=\"contrast\"]:not([data-scheme=\"light\"])",
        ),
    ];
    for (colours, selector) in blocks {
        let text = block(selector);
        for (name, value) in colours {
            assert!(
                text.contains(&format!("--{name}: {value};")),
                "{selector}: --{name}: {value}"
            );
        }
    }
}

#[test]
fn every_token_in_the_stylesheet_is_known_and_every_known_token_is_there() {
    let css = include_str!("../../../style/tokens.css");
    let base = &css[css.find("  :root {").expect("base")..];
    let base = &base[..base.find('}').expect("closed")];
    let declared: Vec<&str> = base
        .lines()
        .filter_map(|l| l.trim().strip_prefix("--"))
        .filter_map(|l| l.split(':').next())
        .collect();
    let mut declared = declared;
    declared.sort_unstable();
    let mut known: Vec<&str> = TOKENS.iter().map(|(n, _)| *n).collect();
    known.sort_unstable();
    assert_eq!(declared, known);
    let docs = include_str!("../../../docs/tokens.md");
    for name in known {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/tokens.md lacks {name}"
        );
    }
}
