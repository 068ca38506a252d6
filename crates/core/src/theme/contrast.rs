//! Contrast of the text/background pairs a buyer reads, for `check`'s warnings:
//! WCAG 2.2 AA asks 4.5:1 for normal text.

use super::palette::{parse_colour, preset_colours, Rgba, QUIET};
use super::{Preset, Theme};
use std::collections::BTreeMap;

/// The pairs checked: (text token, background token, where a buyer sees them).
pub const PAIRS: &[(&str, &str, &str)] = &[
    ("color-text", "color-bg", "text on the page"),
    ("color-text", "color-surface", "text on cards"),
    ("color-muted", "color-bg", "secondary text on the page"),
    ("color-muted", "color-surface", "secondary text on cards"),
    ("color-button-text", "color-button", "buttons"),
    ("color-link", "color-bg", "links on the page"),
    ("color-link", "color-surface", "links on cards"),
    ("color-danger", "color-surface", "error messages"),
];

/// WCAG AA for normal text, in tenths (4.5:1).
pub const AA_TENTHS: u32 = 45;

/// One pair below [`AA`].
#[derive(Clone, Debug, PartialEq)]
pub struct LowContrast {
    /// `tokens` or `dark`: which of the theme's maps the buyer sees this in.
    pub map: &'static str,
    /// The token the seller gave (of the two), for the warning's path.
    pub token: &'static str,
    pub text: (&'static str, String),
    pub background: (&'static str, String),
    pub place: &'static str,
    /// The ratio in tenths, rounded down (4.49 is 44, not 45): written with integers,
    /// so the seller app carries no float formatting for one digit.
    pub ratio_tenths: u32,
}

/// The WCAG contrast ratio of two opaque colours.
pub fn ratio(a: Rgba, b: Rgba) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    let (hi, lo) = if la > lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

fn luminance(c: Rgba) -> f64 {
    let ch = |v: f64| {
        let s = v / 255.0;
        if s <= 0.039_28 {
            s / 12.92
        } else {
            ((s + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * ch(c.0) + 0.7152 * ch(c.1) + 0.0722 * ch(c.2)
}

/// Pairs below AA where the seller set at least one of the two colours (the
/// presets' own pairs are tested with the presets). Colours with transparency,
/// or that are not plain colours, are skipped.
pub fn low_contrast(theme: &Theme) -> Vec<LowContrast> {
    let mut out = Vec::new();
    let bold = theme.preset == Preset::Bold;
    let schemes: &[(bool, &'static str)] = if bold {
        &[(false, "tokens")]
    } else {
        &[(false, "tokens"), (true, "dark")]
    };
    for &(dark, map) in schemes {
        let own: BTreeMap<&str, &str> = if dark {
            // In dark mode, the seller's light colours give way to the dark palette;
            // their other tokens (and the dark ones) apply.
            theme
                .tokens
                .iter()
                .filter(|(k, _)| !k.starts_with("color-"))
                .chain(&theme.dark)
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect()
        } else {
            theme
                .tokens
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect()
        };
        if dark && theme.dark.is_empty() {
            continue;
        }
        let lookup = |name: &str| resolve(name, &own, theme.preset, dark);
        for &(fg, bg, place) in PAIRS {
            // The token the seller set: the pair's own, or the one it defaults to.
            let set_by_seller = |t: &'static str| -> Option<&'static str> {
                if own.contains_key(t) {
                    return Some(t);
                }
                fallback(t).filter(|f| own.contains_key(f))
            };
            let Some(token) = set_by_seller(fg).or_else(|| set_by_seller(bg)) else {
                continue;
            };
            let (Some(text), Some(background)) = (lookup(fg), lookup(bg)) else {
                continue;
            };
            let (Some(a), Some(b)) = (parse_colour(&text), parse_colour(&background)) else {
                continue;
            };
            if a.3 < 1.0 || b.3 < 1.0 {
                continue;
            }
            // A ratio is between 1 and 21: its tenths fit a u32.
            let tenths = (ratio(a, b) * 10.0).floor() as u32;
            if tenths < AA_TENTHS {
                out.push(LowContrast {
                    map,
                    token,
                    text: (fg, text),
                    background: (bg, background),
                    place,
                    ratio_tenths: tenths,
                });
            }
        }
    }
    out
}

/// The token a default `var(--x)` points at.
fn fallback(name: &str) -> Option<&'static str> {
    match name {
        "color-button" | "color-link" => Some("color-accent"),
        "color-button-text" => Some("color-accent-text"),
        _ => None,
    }
}

fn default_of(name: &str, preset: Preset, dark: bool) -> Option<&'static str> {
    let find = |list: &'static [(&'static str, &'static str)]| {
        list.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    };
    find(preset_colours(preset, dark)).or_else(|| find(QUIET))
}

/// The value of a colour token: the seller's, else the preset's, following `var()`.
fn resolve(name: &str, own: &BTreeMap<&str, &str>, preset: Preset, dark: bool) -> Option<String> {
    let mut name = name.to_owned();
    for _ in 0..4 {
        let value = own
            .get(name.as_str())
            .copied()
            .or_else(|| default_of(&name, preset, dark))?;
        match value
            .trim()
            .strip_prefix("var(--")
            .and_then(|r| r.strip_suffix(')'))
        {
            Some(next) => name = next.to_owned(),
            None => return Some(value.trim().to_owned()),
        }
    }
    None
}
