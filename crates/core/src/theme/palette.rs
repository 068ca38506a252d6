//! Colours for the seller's tools: CSS colour syntax, the named colours, and the
//! presets' colour tokens (held equal to style/tokens.css by tests/theme_css.rs), so
//! `check` can compute the contrast of what a buyer will see.

use super::Preset;

/// An sRGB colour, channels 0-255, alpha 0-1.
///
/// The only floats in core, on purpose: WCAG's relative luminance and contrast ratio
/// are defined on real numbers (gamma curves, alpha blending). They are colours, never
/// money, and live behind the `theme-check` feature, so they are not in the storefront.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rgba(pub f64, pub f64, pub f64, pub f64);

/// The colour tokens of each preset, light then dark. Tokens a preset does not set
/// come from `quiet`; `var(--x)` means "as token x".
pub fn preset_colours(preset: Preset, dark: bool) -> &'static [(&'static str, &'static str)] {
    match (preset, dark) {
        (Preset::Quiet, false) => QUIET,
        (Preset::Quiet, true) => QUIET_DARK,
        (Preset::Bold, _) => BOLD,
        (Preset::Handmade, false) => HANDMADE,
        (Preset::Handmade, true) => HANDMADE_DARK,
        (Preset::Contrast, false) => CONTRAST,
        (Preset::Contrast, true) => CONTRAST_DARK,
    }
}

/// `:root` in the base layer.
pub const QUIET: &[(&str, &str)] = &[
    ("color-bg", "#faf7f2"),
    ("color-surface", "#ffffff"),
    ("color-text", "#1f1b16"),
    ("color-muted", "#5f574c"),
    ("color-border", "#e4ddd2"),
    ("color-accent", "#a8401f"),
    ("color-accent-text", "#ffffff"),
    ("color-button", "var(--color-accent)"),
    ("color-button-text", "var(--color-accent-text)"),
    ("color-link", "var(--color-accent)"),
    ("color-danger", "#a4161a"),
    ("color-success", "#1e6b3a"),
];
pub const QUIET_DARK: &[(&str, &str)] = &[
    ("color-bg", "#171513"),
    ("color-surface", "#23201c"),
    ("color-text", "#f3eee7"),
    ("color-muted", "#b9afa2"),
    ("color-border", "#3a352f"),
    ("color-accent", "#f08a5d"),
    ("color-accent-text", "#1a0f0a"),
    ("color-danger", "#ff8a80"),
    ("color-success", "#7bd69b"),
];
pub const BOLD: &[(&str, &str)] = &[
    ("color-bg", "#0e0f13"),
    ("color-surface", "#1b1d24"),
    ("color-text", "#ffffff"),
    ("color-muted", "#b4b8c5"),
    ("color-border", "#2f3240"),
    ("color-accent", "#ffd23f"),
    ("color-accent-text", "#111111"),
    ("color-danger", "#ff6b6b"),
    ("color-success", "#4ade80"),
];
pub const HANDMADE: &[(&str, &str)] = &[
    ("color-bg", "#f4ead8"),
    ("color-surface", "#fffaf0"),
    ("color-text", "#3b2a1a"),
    ("color-muted", "#6b5540"),
    ("color-border", "#d9c6a5"),
    ("color-accent", "#2f6b4f"),
    ("color-accent-text", "#ffffff"),
    ("color-danger", "#9b2c1f"),
    ("color-success", "#2f6b4f"),
];
pub const HANDMADE_DARK: &[(&str, &str)] = &[
    ("color-bg", "#221a12"),
    ("color-surface", "#2e241a"),
    ("color-text", "#f4ead8"),
    ("color-muted", "#cdb99c"),
    ("color-border", "#4a3b2b"),
    ("color-accent", "#8fd1ad"),
    ("color-accent-text", "#10251a"),
    ("color-danger", "#ff9c8f"),
    ("color-success", "#8fd1ad"),
];
pub const CONTRAST: &[(&str, &str)] = &[
    ("color-bg", "#ffffff"),
    ("color-surface", "#ffffff"),
    ("color-text", "#000000"),
    ("color-muted", "#1a1a1a"),
    ("color-border", "#000000"),
    ("color-accent", "#0033cc"),
    ("color-accent-text", "#ffffff"),
    ("color-danger", "#b00000"),
    ("color-success", "#005a1e"),
];
pub const CONTRAST_DARK: &[(&str, &str)] = &[
    ("color-bg", "#000000"),
    ("color-surface", "#000000"),
    ("color-text", "#ffffff"),
    ("color-muted", "#e6e6e6"),
    ("color-border", "#ffffff"),
    ("color-accent", "#ffe600"),
    ("color-accent-text", "#000000"),
    ("color-danger", "#ff8080"),
    ("color-success", "#5cff8a"),
];

/// Reads `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`, `rgb()`/`rgba()`, `hsl()`/`hsla()`
/// (comma or space syntax, `/ alpha`) and the named colours.
pub fn parse_colour(text: &str) -> Option<Rgba> {
    let t = text.trim().to_ascii_lowercase();
    if let Some(hex) = t.strip_prefix('#') {
        return hex_colour(hex);
    }
    if let Some(c) = named_colour(&t) {
        return Some(c);
    }
    let (name, args) = t.split_once('(')?;
    let args = args.strip_suffix(')')?;
    let (channels, alpha) = match args.split_once('/') {
        Some((c, a)) => (c, Some(a.trim())),
        None => (args, None),
    };
    let mut parts: Vec<&str> = channels
        .split([',', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let mut alpha = alpha;
    if alpha.is_none() && parts.len() == 4 {
        alpha = parts.pop();
    }
    if parts.len() != 3 {
        return None;
    }
    let a = match alpha {
        None => 1.0,
        Some(a) => fraction(a)?,
    };
    match name {
        "rgb" | "rgba" => {
            let ch = |p: &str| -> Option<f64> {
                let v = match p.strip_suffix('%') {
                    Some(n) => number(n)? * 2.55,
                    None => number(p)?,
                };
                (0.0..=255.0).contains(&v).then_some(v)
            };
            Some(Rgba(ch(parts[0])?, ch(parts[1])?, ch(parts[2])?, a))
        }
        "hsl" | "hsla" => {
            let h = number(parts[0].trim_end_matches("deg"))?;
            let s = number(parts[1].strip_suffix('%')?)? / 100.0;
            let l = number(parts[2].strip_suffix('%')?)? / 100.0;
            if !(0.0..=1.0).contains(&s) || !(0.0..=1.0).contains(&l) {
                return None;
            }
            let (r, g, b) = hsl_to_rgb(h.rem_euclid(360.0), s, l);
            Some(Rgba(r * 255.0, g * 255.0, b * 255.0, a))
        }
        _ => None,
    }
}

fn number(s: &str) -> Option<f64> {
    let ok = !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    ok.then(|| s.parse().ok()).flatten()
}

fn fraction(s: &str) -> Option<f64> {
    let v = match s.strip_suffix('%') {
        Some(n) => number(n)? / 100.0,
        None => number(s)?,
    };
    (0.0..=1.0).contains(&v).then_some(v)
}

fn hex_colour(hex: &str) -> Option<Rgba> {
    if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let digit = |i: usize, len: usize| -> Option<f64> {
        let s = hex.get(i * len..i * len + len)?;
        let v = u8::from_str_radix(s, 16).ok()?;
        Some(f64::from(if len == 1 { v * 17 } else { v }))
    };
    match hex.len() {
        3 | 4 => Some(Rgba(
            digit(0, 1)?,
            digit(1, 1)?,
            digit(2, 1)?,
            if hex.len() == 4 {
                digit(3, 1)? / 255.0
            } else {
                1.0
            },
        )),
        6 | 8 => Some(Rgba(
            digit(0, 2)?,
            digit(1, 2)?,
            digit(2, 2)?,
            if hex.len() == 8 {
                digit(3, 2)? / 255.0
            } else {
                1.0
            },
        )),
        _ => None,
    }
}

fn hsl_to_rgb(h: f64, s: f64, l: f64) -> (f64, f64, f64) {
    let f = |n: f64| {
        let k = (n + h / 30.0) % 12.0;
        let a = s * l.min(1.0 - l);
        l - a * (k - 3.0).min(9.0 - k).clamp(-1.0, 1.0)
    };
    (f(0.0), f(8.0), f(4.0))
}

/// A CSS named colour.
pub fn named_colour(name: &str) -> Option<Rgba> {
    let hex = NAMED
        .split(' ')
        .find_map(|pair| pair.split_once('=').filter(|(n, _)| *n == name))?
        .1;
    hex_colour(hex)
}

/// The CSS named colours, `name=rrggbb`.
const NAMED: &str = "aliceblue=f0f8ff antiquewhite=faebd7 aqua=00ffff aquamarine=7fffd4 azure=f0ffff beige=f5f5dc bisque=ffe4c4 black=000000 blanchedalmond=ffebcd blue=0000ff blueviolet=8a2be2 brown=a52a2a burlywood=deb887 cadetblue=5f9ea0 chartreuse=7fff00 chocolate=d2691e coral=ff7f50 cornflowerblue=6495ed cornsilk=fff8dc crimson=dc143c cyan=00ffff darkblue=00008b darkcyan=008b8b darkgoldenrod=b8860b darkgray=a9a9a9 darkgreen=006400 darkgrey=a9a9a9 darkkhaki=bdb76b darkmagenta=8b008b darkolivegreen=556b2f darkorange=ff8c00 darkorchid=9932cc darkred=8b0000 darksalmon=e9967a darkseagreen=8fbc8f darkslateblue=483d8b darkslategray=2f4f4f darkslategrey=2f4f4f darkturquoise=00ced1 darkviolet=9400d3 deeppink=ff1493 deepskyblue=00bfff dimgray=696969 dimgrey=696969 dodgerblue=1e90ff firebrick=b22222 floralwhite=fffaf0 forestgreen=228b22 fuchsia=ff00ff gainsboro=dcdcdc ghostwhite=f8f8ff gold=ffd700 goldenrod=daa520 gray=808080 green=008000 greenyellow=adff2f grey=808080 honeydew=f0fff0 hotpink=ff69b4 indianred=cd5c5c indigo=4b0082 ivory=fffff0 khaki=f0e68c lavender=e6e6fa lavenderblush=fff0f5 lawngreen=7cfc00 lemonchiffon=fffacd lightblue=add8e6 lightcoral=f08080 lightcyan=e0ffff lightgoldenrodyellow=fafad2 lightgray=d3d3d3 lightgreen=90ee90 lightgrey=d3d3d3 lightpink=ffb6c1 lightsalmon=ffa07a lightseagreen=20b2aa lightskyblue=87cefa lightslategray=778899 lightslategrey=778899 lightsteelblue=b0c4de lightyellow=ffffe0 lime=00ff00 limegreen=32cd32 linen=faf0e6 magenta=ff00ff maroon=800000 mediumaquamarine=66cdaa mediumblue=0000cd mediumorchid=ba55d3 mediumpurple=9370db mediumseagreen=3cb371 mediumslateblue=7b68ee mediumspringgreen=00fa9a mediumturquoise=48d1cc mediumvioletred=c71585 midnightblue=191970 mintcream=f5fffa mistyrose=ffe4e1 moccasin=ffe4b5 navajowhite=ffdead navy=000080 oldlace=fdf5e6 olive=808000 olivedrab=6b8e23 orange=ffa500 orangered=ff4500 orchid=da70d6 palegoldenrod=eee8aa palegreen=98fb98 paleturquoise=afeeee palevioletred=db7093 papayawhip=ffefd5 peachpuff=ffdab9 peru=cd853f pink=ffc0cb plum=dda0dd powderblue=b0e0e6 purple=800080 rebeccapurple=663399 red=ff0000 rosybrown=bc8f8f royalblue=4169e1 saddlebrown=8b4513 salmon=fa8072 sandybrown=f4a460 seagreen=2e8b57 seashell=fff5ee sienna=a0522d silver=c0c0c0 skyblue=87ceeb slateblue=6a5acd slategray=708090 slategrey=708090 snow=fffafa springgreen=00ff7f steelblue=4682b4 tan=d2b48c teal=008080 thistle=d8bfd8 tomato=ff6347 turquoise=40e0d0 violet=ee82ee wheat=f5deb3 white=ffffff whitesmoke=f5f5f5 yellow=ffff00 yellowgreen=9acd32";
