//! `theme`: preset, scheme, layout, tokens (light and dark), font files, stylesheet.
//!
//! Everywhere: names of presets and options, token names' characters, values that
//! could leave their declaration or load a file, font and stylesheet paths. In the
//! seller's tools (feature `theme-check`) also: unknown token names, each value
//! against its token's kind, and the contrast of the colours the seller set.

use super::reader::{join, Obj, Reader};
use crate::rules::nearest;
use crate::theme::value::{is_family_name, is_font_weight, relative_file_problem, unsafe_value};
use crate::theme::{Cards, Corners, Feed, FontFile, Header, Layout, Preset, Scheme, Theme};
use serde_json::Value;
use std::collections::BTreeMap;

/// Font files a theme may name.
const FONTS: usize = 8;

pub(super) fn theme(r: &mut Reader, value: &Value, path: &str) -> Theme {
    let Some(mut obj) = r.object(value, path) else {
        return Theme::default();
    };
    let preset = r
        .choice(&mut obj, "preset", Preset::NAMES, "preset")
        .and_then(Preset::from_name)
        .unwrap_or_default();
    let scheme = r
        .choice(&mut obj, "scheme", Scheme::NAMES, "scheme")
        .and_then(Scheme::from_name)
        .unwrap_or_default();
    let layout = obj
        .get("layout")
        .map(|(v, p)| layout(r, v, &p))
        .unwrap_or_default();
    let fonts = fonts(r, &mut obj);
    let families: Vec<&str> = fonts.iter().map(|f| f.family.as_str()).collect();
    let light = tokens(r, &mut obj, "tokens", &families);
    let dark = tokens(r, &mut obj, "dark", &families);
    let stylesheet = obj.get("stylesheet").and_then(|(v, p)| {
        let file = r.string(v, &p, 200)?;
        match relative_file_problem(&file, &["css"]) {
            Some(problem) => {
                r.error(p, problem);
                None
            }
            None => Some(file),
        }
    });
    r.finish(obj);
    let theme = Theme {
        preset,
        scheme,
        layout,
        tokens: light,
        dark,
        fonts,
        stylesheet,
    };
    #[cfg(feature = "theme-check")]
    contrast_warnings(r, &theme, path);
    theme
}

fn tokens(
    r: &mut Reader,
    obj: &mut Obj<'_>,
    key: &'static str,
    families: &[&str],
) -> BTreeMap<String, String> {
    let Some((v, p)) = obj.get(key) else {
        return BTreeMap::new();
    };
    // A bad value is an error, which rejects the manifest: nothing is removed (and
    // no map is rebuilt, which costs the storefront bytes).
    let tokens = r.string_map(v, &p, 100);
    for (name, css) in &tokens {
        let tp = join(&p, name);
        if name.is_empty()
            || !name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            r.error(&tp, "a token name may only use a-z, 0-9 and -");
        } else if let Some(problem) = unsafe_value(css) {
            r.error(&tp, problem);
        } else {
            #[cfg(feature = "theme-check")]
            kind_check(r, &tp, name, css, families);
        }
    }
    let _ = families;
    tokens
}

/// The value against its token's kind; an unknown name is a warning.
#[cfg(feature = "theme-check")]
fn kind_check(r: &mut Reader, path: &str, name: &str, css: &str, families: &[&str]) {
    match crate::theme::kind_of(name) {
        None => {
            let known: Vec<&str> = crate::theme::TOKENS.iter().map(|(n, _)| *n).collect();
            let guess = nearest(name, &known)
                .map(|k| format!("; did you mean \"{k}\"?"))
                .unwrap_or_default();
            r.warnings.push(crate::problem::Problem::new(
                path,
                format!("unknown token, ignored{guess} (the tokens are listed in docs/tokens.md)"),
            ));
        }
        Some(kind) => {
            if let Some(problem) = crate::theme::value::kind_problem(kind, css, families) {
                r.error(path, problem);
            }
        }
    }
}

fn layout(r: &mut Reader, value: &Value, path: &str) -> Layout {
    let Some(mut obj) = r.object(value, path) else {
        return Layout::default();
    };
    let out = Layout {
        feed: r
            .choice(&mut obj, "feed", Feed::NAMES, "feed")
            .and_then(Feed::from_name)
            .unwrap_or_default(),
        cards: r
            .choice(&mut obj, "cards", Cards::NAMES, "card style")
            .and_then(Cards::from_name)
            .unwrap_or_default(),
        header: r
            .choice(&mut obj, "header", Header::NAMES, "header style")
            .and_then(Header::from_name)
            .unwrap_or_default(),
        corners: r
            .choice(&mut obj, "corners", Corners::NAMES, "corner style")
            .and_then(Corners::from_name)
            .unwrap_or_default(),
    };
    r.finish(obj);
    out
}

fn fonts(r: &mut Reader, obj: &mut Obj<'_>) -> Vec<FontFile> {
    let mut out = Vec::new();
    for (v, p) in r.opt_list(obj, "fonts", FONTS) {
        let Some(mut f) = r.object(v, &p) else {
            continue;
        };
        let family = r.req_string(&mut f, "family", 64).filter(|family| {
            let ok = is_family_name(family);
            if !ok {
                r.error(
                    join(&p, "family"),
                    format!("\"{family}\" may only use letters, digits, spaces and -"),
                );
            }
            ok
        });
        let src = r.required(&mut f, "src").and_then(|(v, sp)| {
            let src = r.string(v, &sp, 200)?;
            match relative_file_problem(&src, &["woff2", "woff", "ttf", "otf"]) {
                Some(problem) => {
                    r.error(sp, problem);
                    None
                }
                None => Some(src),
            }
        });
        let weight = f.get("weight").and_then(|(v, wp)| {
            let text = match v {
                Value::Number(n) => n.to_string(),
                other => r.string(other, &wp, 20)?,
            };
            let ok = is_font_weight(&text);
            if !ok {
                r.error(
                    wp,
                    format!("\"{text}\" is not a font weight; write e.g. 400, 700, or \"100 900\" for a variable font"),
                );
            }
            ok.then_some(text)
        });
        let style = r
            .choice(&mut f, "style", &["normal", "italic"], "font style")
            .map(str::to_owned);
        r.finish(f);
        if let (Some(family), Some(src)) = (family, src) {
            out.push(FontFile {
                family,
                src,
                weight,
                style,
            });
        }
    }
    out
}

#[cfg(feature = "theme-check")]
fn contrast_warnings(r: &mut Reader, theme: &Theme, path: &str) {
    use crate::theme::contrast::{low_contrast, AA_TENTHS};
    for low in low_contrast(theme) {
        let at = join(&join(path, low.map), low.token);
        let advice = if low.text.0 == "color-button-text" {
            "set color-button (the fill) darker or color-button-text (the label) to a colour that reads on it"
        } else if low.text.0 == "color-link" {
            "set color-link to a darker (or, on a dark page, lighter) shade of the accent"
        } else {
            "choose colours further apart"
        };
        r.warnings.push(crate::problem::Problem::new(
            at,
            format!(
                "{} {} on {} {} ({}) has a contrast of {}.{}:1, below the {}.{}:1 WCAG AA asks for text; {advice}",
                low.text.0,
                low.text.1,
                low.background.0,
                low.background.1,
                low.place,
                low.ratio_tenths / 10,
                low.ratio_tenths % 10,
                AA_TENTHS / 10,
                AA_TENTHS % 10,
            ),
        ));
    }
}

impl Reader {
    /// One of `names`, or an error naming them (and the nearest, for a typo).
    fn choice(
        &mut self,
        obj: &mut Obj<'_>,
        key: &'static str,
        names: &'static [&'static str],
        what: &str,
    ) -> Option<&'static str> {
        let (v, p) = obj.get(key)?;
        let given = self.string(v, &p, 40)?;
        let found = names.iter().find(|n| **n == given).copied();
        if found.is_none() {
            let guess = nearest(&given, names)
                .map(|k| format!("did you mean \"{k}\"? "))
                .unwrap_or_default();
            self.error(
                p,
                format!(
                    "\"{given}\" is not a {what}; {guess}use one of: {}",
                    names.join(", ")
                ),
            );
        }
        found
    }
}
