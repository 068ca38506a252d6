//! Checks on the text of a theme: token values, font files, the stylesheet's path.
//!
//! [`unsafe_value`] runs everywhere, the storefront included: it alone keeps a value
//! inside its declaration and from loading anything. [`kind_problem`] (feature
//! `theme-check`, the seller's tools) also says whether a colour is a colour, a
//! length a length, and so on; the storefront leaves those bytes out.

/// Functions a token value may call: none of them loads anything.
const FUNCTIONS: &[&str] = &[
    "rgb",
    "rgba",
    "hsl",
    "hsla",
    "calc",
    "min",
    "max",
    "clamp",
    "var",
    "cubic-bezier",
    "steps",
];

/// `c` in single quotes, as Rust writes a char (`';'`, `'\\'`, `'\n'`), but without
/// `Debug`'s table of printable characters (about 1 KB of the storefront's wasm): a
/// control character is escaped, any other shown as it is.
fn quoted(c: char) -> String {
    match c {
        '\\' | '\'' => format!("'\\{c}'"),
        c if c.is_control() => format!("'{}'", c.escape_default()),
        c => format!("'{c}'"),
    }
}

/// Why `value` may not go into the page's CSS, if it may not. Allowed: letters,
/// digits, spaces and `# % . , ( ) / + - _ " '`, quotes in pairs, brackets
/// balanced, and only the functions above; so no `url(`, `image-set(`, `@import`,
/// `;`, braces, backslashes or comments.
pub fn unsafe_value(value: &str) -> Option<String> {
    let lower = value.to_ascii_lowercase();
    for loader in ["url(", "image-set(", "@import", "src(", "image("] {
        if lower.contains(loader) {
            return Some(format!(
                "\"{value}\" would load a file; {loader} is not allowed in a token (use theme.fonts for font files, theme.stylesheet for anything else)"
            ));
        }
    }
    if value.len() > 200 {
        return Some("is longer than 200 characters".to_owned());
    }
    let refused = |c: char| {
        format!("\"{value}\" contains {}, which is not allowed in a token value (; {{ }} \\ @ < > : ! * and the like are refused)", quoted(c))
    };
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut word = String::new();
    for c in value.chars() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            } else if !(c.is_ascii_alphanumeric() || c == ' ' || c == '-' || c == '_') {
                return Some(refused(c));
            }
            continue;
        }
        match c {
            'a'..='z' | 'A'..='Z' | '0'..='9' | '-' | '_' | '#' | '.' => {
                word.push(c.to_ascii_lowercase());
                continue;
            }
            '(' => {
                let name = word.trim_start_matches(|c: char| !c.is_ascii_alphabetic());
                if !FUNCTIONS.contains(&name) {
                    return Some(format!(
                        "\"{value}\" calls {name}(), which a token may not use (allowed: {})",
                        FUNCTIONS.join(", ")
                    ));
                }
                depth += 1;
            }
            ')' => {
                depth -= 1;
                if depth < 0 {
                    return Some(format!("\"{value}\" closes a bracket it did not open"));
                }
            }
            '"' | '\'' => quote = Some(c),
            ' ' | '%' | ',' | '/' | '+' => {}
            other => return Some(refused(other)),
        }
        word.clear();
    }
    if quote.is_some() || depth != 0 {
        return Some(format!("\"{value}\" leaves a quote or a bracket open"));
    }
    if value.contains("/*") || value.contains("*/") {
        return Some(format!("\"{value}\" contains a comment"));
    }
    None
}

/// Why `path` is not a file next to the manifest with one of `extensions`, if it is
/// not: a relative path of letters, digits, `. _ - /`, without `..`, not starting with `/`.
pub fn relative_file_problem(path: &str, extensions: &[&str]) -> Option<String> {
    let safe = path
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-' | b'/'));
    if !safe || path.starts_with('/') || path.split('/').any(|s| s.is_empty() || s == "..") {
        return Some(format!(
            "\"{path}\" must be a relative path to a file next to the manifest, such as \"fonts/{}\" (letters, digits, . _ - /; no .. and no http://)",
            if extensions.contains(&"css") { "theme.css" } else { "heading.woff2" }
        ));
    }
    // ends_with rather than rsplit: fewer bytes in the storefront.
    if !extensions.iter().any(|e| {
        path.len() > e.len() + 1 && path.ends_with(e) && path[..path.len() - e.len()].ends_with('.')
    }) {
        return Some(format!(
            "\"{path}\" must end in .{}",
            extensions.join(", .")
        ));
    }
    None
}

/// Whether `weight` is a font weight (`700`) or range (`100 900`): one or two
/// numbers from 1 to 1000.
pub fn is_font_weight(weight: &str) -> bool {
    let mut count = 0;
    let all = weight.split(' ').all(|n| {
        count += 1;
        let digits = n.bytes().all(|b| b.is_ascii_digit());
        digits && (1..=4).contains(&n.len()) && !n.starts_with('0') && (n.len() < 4 || n == "1000")
    });
    all && count <= 2
}

/// Whether `family` can name a font: 1-64 letters, digits, spaces and `-`.
pub fn is_family_name(family: &str) -> bool {
    (1..=64).contains(&family.len())
        && !family.starts_with(' ')
        && family
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b' ' || b == b'-')
}

#[cfg(feature = "theme-check")]
pub use by_kind::{kind_problem, SAFE_FAMILIES};

#[cfg(feature = "theme-check")]
mod by_kind {
    use super::super::palette::{named_colour, parse_colour};
    use super::super::Kind;

    /// Font families a token may name besides the seller's own: the generic ones
    /// and fonts that come with common systems (nothing is downloaded for them).
    pub const SAFE_FAMILIES: &[&str] = &[
        "serif",
        "sans-serif",
        "monospace",
        "cursive",
        "fantasy",
        "system-ui",
        "ui-serif",
        "ui-sans-serif",
        "ui-monospace",
        "ui-rounded",
        "math",
        "emoji",
        "-apple-system",
        "blinkmacsystemfont",
        "arial",
        "helvetica",
        "helvetica neue",
        "verdana",
        "tahoma",
        "trebuchet ms",
        "georgia",
        "times",
        "times new roman",
        "palatino",
        "palatino linotype",
        "book antiqua",
        "garamond",
        "baskerville",
        "optima",
        "avenir",
        "avenir next",
        "gill sans",
        "futura",
        "segoe ui",
        "roboto",
        "noto sans",
        "noto serif",
        "courier",
        "courier new",
        "menlo",
        "consolas",
        "pingfang sc",
        "pingfang tc",
        "hiragino sans",
        "hiragino sans gb",
        "hiragino mincho pron",
        "microsoft yahei",
        "yu gothic",
        "meiryo",
        "songti sc",
        "noto sans cjk sc",
        "noto sans cjk jp",
        "noto serif cjk sc",
        "source han sans sc",
        "noto sans arabic",
        "noto naskh arabic",
        "geeza pro",
    ];

    /// Why `value` is not a `kind` value, if it is not. `families` are the seller's
    /// own font families (theme.fonts).
    pub fn kind_problem(kind: Kind, value: &str, families: &[&str]) -> Option<String> {
        let v = value.trim();
        let reference = v
            .strip_prefix("var(--")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|name| {
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            });
        if reference {
            return None;
        }
        let ok = match kind {
            Kind::Color => parse_colour(v).is_some() || is_keyword_colour(v),
            Kind::Length => is_length(v),
            Kind::Number => is_number(v),
            Kind::Time => is_time(v),
            Kind::Easing => is_easing(v),
            Kind::Shadow => v == "none" || split_top(v, ',').iter().all(|s| is_shadow(s)),
            Kind::Font => return font_problem(v, families),
        };
        (!ok).then(|| format!("\"{value}\" is not {}", kind.describe()))
    }

    fn is_keyword_colour(v: &str) -> bool {
        let v = v.to_ascii_lowercase();
        v == "transparent" || v == "currentcolor" || named_colour(&v).is_some()
    }

    fn is_number(v: &str) -> bool {
        let digits = v.strip_prefix('-').unwrap_or(v);
        !digits.is_empty()
            && digits.bytes().all(|b| b.is_ascii_digit() || b == b'.')
            && digits.bytes().filter(|b| *b == b'.').count() <= 1
            && digits != "."
    }

    fn is_length(v: &str) -> bool {
        if v == "0" {
            return true;
        }
        let split = v
            .find(|c: char| c.is_ascii_alphabetic() || c == '%')
            .unwrap_or(v.len());
        let (number, unit) = v.split_at(split);
        is_number(number)
            && [
                "px", "rem", "em", "%", "vw", "vh", "vmin", "vmax", "ch", "ex", "pt", "dvh", "svh",
            ]
            .contains(&unit)
    }

    fn is_time(v: &str) -> bool {
        v.strip_suffix("ms")
            .or_else(|| v.strip_suffix('s'))
            .is_some_and(is_number)
    }

    fn is_easing(v: &str) -> bool {
        if ["ease", "linear", "ease-in", "ease-out", "ease-in-out"].contains(&v) {
            return true;
        }
        v.strip_prefix("cubic-bezier(")
            .and_then(|r| r.strip_suffix(')'))
            .is_some_and(|args| {
                let parts: Vec<&str> = args.split(',').map(str::trim).collect();
                parts.len() == 4 && parts.iter().all(|p| is_number(p))
            })
    }

    /// One shadow: `inset`?, 2-4 lengths, a colour (in any order, as CSS allows).
    fn is_shadow(v: &str) -> bool {
        let mut lengths = 0;
        let mut colours = 0;
        for part in split_top(v.trim(), ' ') {
            let part = part.trim();
            if part.is_empty() || part == "inset" {
                continue;
            }
            if is_length(part) {
                lengths += 1;
            } else if parse_colour(part).is_some() || is_keyword_colour(part) {
                colours += 1;
            } else {
                return false;
            }
        }
        (2..=4).contains(&lengths) && colours <= 1
    }

    /// `v` split at `sep` outside brackets.
    fn split_top(v: &str, sep: char) -> Vec<&str> {
        let mut out = Vec::new();
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in v.char_indices() {
            match c {
                '(' => depth += 1,
                ')' => depth -= 1,
                c if c == sep && depth == 0 => {
                    out.push(&v[start..i]);
                    start = i + c.len_utf8();
                }
                _ => {}
            }
        }
        out.push(&v[start..]);
        out
    }

    fn font_problem(v: &str, families: &[&str]) -> Option<String> {
        for family in v.split(',') {
            let name = family.trim().trim_matches(['"', '\'']);
            let lower = name.to_ascii_lowercase();
            if SAFE_FAMILIES.contains(&lower.as_str())
                || families.iter().any(|f| f.eq_ignore_ascii_case(name))
            {
                continue;
            }
            return Some(format!(
                "\"{name}\" is not a font this shop can rely on: name a generic family (serif, sans-serif, system-ui, monospace...), a common system font (Georgia, \"Helvetica Neue\", \"PingFang SC\"...), or add the font file under theme.fonts"
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::quoted;

    #[test]
    fn a_refused_character_is_written_as_rust_writes_a_char() {
        // Every ASCII character but NUL (Rust's `'\0'`, here `'\u{0}'`) as `Debug` has it.
        for c in (1u8..128).map(char::from) {
            assert_eq!(quoted(c), format!("{c:?}"));
        }
        assert_eq!(quoted('；'), "'；'");
        assert_eq!(quoted('\u{85}'), "'\\u{85}'");
    }
}
