//! A message's text: `{name}` placeholders and plural forms, checked the same way
//! at build time (the translation files) and in `microshop check` (a seller's
//! overrides). Shared with the build script, so it depends on nothing.

/// A plural category, named as `Intl.PluralRules` names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Plural {
    Zero,
    One,
    Two,
    Few,
    Many,
    Other,
}

impl Plural {
    /// Every category, in CLDR's order.
    pub const ALL: [Plural; 6] = [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ];

    /// The name `Intl.PluralRules.select` returns (`"one"`, `"other"`, ...).
    pub fn name(self) -> &'static str {
        ["zero", "one", "two", "few", "many", "other"][self as usize]
    }

    /// The category of a name `Intl.PluralRules.select` returns.
    pub fn from_name(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|p| p.name() == name)
    }
}

/// The `{name}` placeholders of `text`, in order of appearance (a name may repeat);
/// an error for a brace that does not open or close a placeholder.
pub fn placeholders(text: &str) -> Result<Vec<&str>, String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        if rest[i..].starts_with('}') {
            return Err("has a \"}\" that closes no placeholder".to_owned());
        }
        let after = &rest[i + 1..];
        let end = after
            .find('}')
            .ok_or_else(|| "has a \"{\" that is never closed".to_owned())?;
        let name = &after[..end];
        let valid = name.starts_with(|c: char| c.is_ascii_lowercase())
            && name
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            return Err(format!(
                "has \"{{{name}}}\", which is not a placeholder; placeholders are written like {{n}}"
            ));
        }
        out.push(name);
        rest = &after[end + 1..];
    }
    Ok(out)
}

/// Checks the forms of one message (a plain text is the single form `Other`) against
/// the placeholders the message has in English: the `other` form uses exactly
/// those, the other forms no others (`"one": "1 day"` may leave `{n}` out), and
/// plural forms are only for messages with a count `{n}`.
pub fn check_forms<S: AsRef<str>>(expected: &[&str], forms: &[(Plural, S)]) -> Result<(), String> {
    if !forms.iter().any(|(p, _)| *p == Plural::Other) {
        return Err("has no \"other\" form, which every plural needs".to_owned());
    }
    if forms.len() > 1 && !expected.contains(&"n") {
        return Err(
            "has plural forms, but the message has no count {n} to choose them by".to_owned(),
        );
    }
    // Lists kept small and unsorted: sorting would bring a sort's code into the wasm.
    let describe = |names: &[&str]| {
        let mut out = String::new();
        for name in names {
            if !out.is_empty() {
                out.push_str(", ");
            }
            out.push('{');
            out.push_str(name);
            out.push('}');
        }
        if out.is_empty() {
            out.push_str("none");
        }
        out
    };
    let wanted = unique(expected.iter().copied());
    for (plural, text) in forms {
        let form = if forms.len() > 1 {
            format!("its \"{}\" form ", plural.name())
        } else {
            String::new()
        };
        let found = placeholders(text.as_ref()).map_err(|e| format!("{form}{e}"))?;
        let unknown = unique(found.iter().copied().filter(|n| !wanted.contains(n)));
        if !unknown.is_empty() {
            return Err(format!(
                "{form}uses {}, which this message does not have (it has {})",
                describe(&unknown),
                describe(&wanted)
            ));
        }
        let missing = unique(wanted.iter().copied().filter(|n| !found.contains(n)));
        if *plural == Plural::Other && !missing.is_empty() {
            return Err(format!(
                "{form}leaves out {}; the message has {}",
                describe(&missing),
                describe(&wanted)
            ));
        }
    }
    Ok(())
}

/// `names` without repeats, in order.
fn unique<'x>(names: impl Iterator<Item = &'x str>) -> Vec<&'x str> {
    let mut out: Vec<&str> = Vec::new();
    for name in names {
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

/// The form for `plural` among `forms`, else the `other` form (else the first).
pub fn pick<S: AsRef<str>>(forms: &[(Plural, S)], plural: Plural) -> &str {
    forms
        .iter()
        .find(|(p, _)| *p == plural)
        .or_else(|| forms.iter().find(|(p, _)| *p == Plural::Other))
        .or(forms.first())
        .map_or("", |(_, s)| s.as_ref())
}

/// `template` with each `{name}` replaced by its value in `args`; used only through
/// the typed methods of [`crate::Say`], on templates checked by [`check_forms`].
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[i..i + end + 2]),
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[i..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The text before and after `{name}` in `template` (e.g. to put a component there).
pub fn around<'a>(template: &'a str, name: &str) -> (&'a str, &'a str) {
    let mark = ["{", name, "}"].concat();
    template.split_once(mark.as_str()).unwrap_or((template, ""))
}
