//! Reading and checking the translation files (`locales/<tag>.json`): the first half
//! of the build step, also run by this crate's tests on broken copies of the files.
//! Every file has exactly English's keys, and each message the placeholders it has
//! in English; anything else is a list of errors that fails the build.

use crate::template::{check_forms, placeholders, Plural};
use serde_json::Value;
use std::path::Path;

/// One message's forms: a plain text is the single form `Other`.
pub type Forms = Vec<(Plural, String)>;

/// One translation file.
pub struct Locale {
    /// Its tag, from the file name (`zh-CN`).
    pub tag: String,
    /// Its forms of each message, in the order of [`Locales::keys`].
    pub messages: Vec<Forms>,
}

/// Every translation file, checked.
pub struct Locales {
    /// Every key, sorted.
    pub keys: Vec<String>,
    /// Each key's placeholders, as English uses them.
    pub placeholders: Vec<Vec<String>>,
    /// Every file, sorted by tag; English among them.
    pub locales: Vec<Locale>,
}

/// Reads every `*.json` of `dir` (`locales/`).
pub fn read(dir: &Path) -> Result<Locales, Vec<String>> {
    read_in(dir, "locales")
}

/// Reads every `*.json` of `dir`, named `folder` in messages (`locales/seller`).
pub fn read_in(dir: &Path, folder: &str) -> Result<Locales, Vec<String>> {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| vec![format!("{}: cannot read the folder: {e}", dir.display())])?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let Some(tag) = path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".json"))
        else {
            continue;
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|e| vec![format!("{}: cannot read: {e}", path.display())])?;
        files.push((tag.to_owned(), text));
    }
    check_in(folder, files)
}

/// Checks the files' texts (`(tag, JSON text)`) of `locales/`, English as the reference.
// The build step reads folders (`read`); the tests check edited copies with this.
#[allow(dead_code)]
pub fn check(files: Vec<(String, String)>) -> Result<Locales, Vec<String>> {
    check_in("locales", files)
}

/// A problem for each language one set of files has and the other lacks: the seller
/// app speaks every language the storefront does, and no other.
pub fn same_languages(buyer: &Locales, seller: &Locales) -> Vec<String> {
    let tags = |l: &Locales| -> Vec<String> { l.locales.iter().map(|x| x.tag.clone()).collect() };
    let (b, s) = (tags(buyer), tags(seller));
    let mut errors = Vec::new();
    for tag in b.iter().filter(|t| !s.contains(t)) {
        errors.push(format!("locales/seller/{tag}.json is missing: the seller app speaks every language of locales/"));
    }
    for tag in s.iter().filter(|t| !b.contains(t)) {
        errors.push(format!("locales/seller/{tag}.json has no locales/{tag}.json beside it: add the storefront's words first"));
    }
    errors
}

/// Checks the files' texts of `folder`, English as the reference.
pub fn check_in(folder: &str, mut files: Vec<(String, String)>) -> Result<Locales, Vec<String>> {
    files.sort();
    let mut errors = Vec::new();
    let mut parsed = Vec::new();
    for (tag, text) in &files {
        let file = format!("{folder}/{tag}.json");
        if !is_tag(tag) {
            errors.push(format!(
                "{file}: the file name must be a language tag such as en.json or zh-CN.json"
            ));
            continue;
        }
        match serde_json::from_str::<Value>(text) {
            Ok(Value::Object(map)) => parsed.push((tag.clone(), file, map)),
            Ok(_) => errors.push(format!("{file}: must be one JSON object of key: text")),
            Err(e) => errors.push(format!("{file}: not valid JSON: {e}")),
        }
    }
    let Some((_, _, english)) = parsed.iter().find(|(tag, _, _)| tag == "en") else {
        errors.push(format!("{folder}/en.json is missing: English is the reference every other file is checked against"));
        return Err(errors);
    };
    // serde_json's map is sorted, so the keys (and the generated enum) are too.
    let keys: Vec<String> = english.keys().cloned().collect();
    let mut expected = Vec::new();
    for key in &keys {
        if !is_key(key) {
            errors.push(format!("{folder}/en.json: \"{key}\" is not a key; keys are words in lower case joined by _, like what_next_text"));
        }
        let names = match english.get(key).map(forms) {
            Some(Ok(forms)) => pick_other(&forms)
                .and_then(|text| placeholders(text).ok())
                .map(|names| {
                    let mut unique: Vec<String> = Vec::new();
                    for name in names {
                        if !unique.iter().any(|u| u == name) {
                            unique.push(name.to_owned());
                        }
                    }
                    unique
                })
                .unwrap_or_default(),
            _ => Vec::new(),
        };
        expected.push(names);
    }
    let mut locales = Vec::new();
    for (tag, file, map) in &parsed {
        let mut messages = Vec::new();
        for (i, key) in keys.iter().enumerate() {
            let Some(value) = map.get(key) else {
                errors.push(format!(
                    "{file}: \"{key}\" is missing (English: {})",
                    english[key]
                ));
                continue;
            };
            match forms(value) {
                Err(e) => errors.push(format!("{file}: \"{key}\" {e}")),
                Ok(forms) => {
                    let names: Vec<&str> = expected[i].iter().map(String::as_str).collect();
                    if let Err(e) = check_forms(&names, &forms) {
                        errors.push(format!("{file}: \"{key}\" {e}"));
                    }
                    messages.push(forms);
                }
            }
        }
        for key in map.keys().filter(|k| !keys.contains(k)) {
            errors.push(format!(
                "{file}: \"{key}\" is not a key of {folder}/en.json; add it there first, or remove it"
            ));
        }
        locales.push(Locale {
            tag: tag.clone(),
            messages,
        });
    }
    if errors.is_empty() {
        Ok(Locales {
            keys,
            placeholders: expected,
            locales,
        })
    } else {
        Err(errors)
    }
}

/// A message's forms: a string, or an object of plural categories to strings.
fn forms(value: &Value) -> Result<Forms, String> {
    let nonempty = |s: &str| {
        if s.trim().is_empty() {
            Err("is empty".to_owned())
        } else if let Some(c) = s.chars().find(|c| matches!(c, '\u{1e}' | '\u{1f}')) {
            // The compiled tables split messages by U+001E and plural forms by U+001F.
            Err(format!(
                "contains the control character U+{:04X}",
                u32::from(c)
            ))
        } else {
            Ok(s.to_owned())
        }
    };
    match value {
        Value::String(s) => Ok(vec![(Plural::Other, nonempty(s)?)]),
        Value::Object(map) => {
            let mut out = Vec::new();
            for (name, v) in map {
                let plural = Plural::from_name(name).ok_or_else(|| {
                    format!("has \"{name}\", which is not a plural category (zero, one, two, few, many, other)")
                })?;
                let text = v
                    .as_str()
                    .ok_or_else(|| format!("has a \"{name}\" form that is not a string"))?;
                out.push((plural, nonempty(text)?));
            }
            out.sort();
            Ok(out)
        }
        _ => Err("must be a string, or an object of plural forms like {\"one\": \"…\", \"other\": \"…\"}".to_owned()),
    }
}

fn pick_other(forms: &Forms) -> Option<&str> {
    forms
        .iter()
        .find(|(p, _)| *p == Plural::Other)
        .map(|(_, s)| s.as_str())
}

fn is_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_lowercase())
        && !key.ends_with('_')
        && !key.contains("__")
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn is_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    (2..=3).contains(&language.len())
        && language.bytes().all(|b| b.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::{check, check_in, same_languages};

    fn real() -> Vec<(String, String)> {
        real_in("")
    }

    /// The files of `locales/<sub>`.
    fn real_in(sub: &str) -> Vec<(String, String)> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../locales")
            .join(sub);
        let mut out = Vec::new();
        for entry in std::fs::read_dir(dir).unwrap().flatten() {
            let name = entry.file_name().into_string().unwrap();
            if let Some(tag) = name.strip_suffix(".json") {
                out.push((
                    tag.to_owned(),
                    std::fs::read_to_string(entry.path()).unwrap(),
                ));
            }
        }
        out
    }

    /// `locales/<tag>.json` of the real files, edited by `edit` on its JSON.
    fn edited(
        tag: &str,
        edit: impl Fn(&mut serde_json::Map<String, serde_json::Value>),
    ) -> Vec<String> {
        let mut files = real();
        let file = files.iter_mut().find(|(t, _)| t == tag).unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&file.1).unwrap();
        edit(json.as_object_mut().unwrap());
        file.1 = json.to_string();
        match check(files) {
            Ok(_) => Vec::new(),
            Err(errors) => errors,
        }
    }

    #[test]
    fn the_shipped_files_pass() {
        let locales = check(real()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let tags: Vec<&str> = locales.locales.iter().map(|l| l.tag.as_str()).collect();
        assert_eq!(tags, ["ar", "en", "ja", "zh-CN"]);
    }

    #[test]
    fn a_missing_key_fails_the_build() {
        let errors = edited("ja", |m| {
            m.remove("what_next_text");
        });
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].starts_with(
                "locales/ja.json: \"what_next_text\" is missing (English: \"The seller has"
            ),
            "{errors:?}"
        );
    }

    #[test]
    fn a_different_placeholder_fails_the_build() {
        let errors = edited("ar", |m| {
            m.insert(
                "pay_amount".into(),
                "ادفع {amount} واكتب {reference}".into(),
            );
        });
        assert_eq!(errors, ["locales/ar.json: \"pay_amount\" uses {reference}, which this message does not have (it has {amount}, {ref})"]);
        let errors = edited("zh-CN", |m| {
            m.insert("only_left".into(), "仅剩几件".into());
        });
        assert_eq!(
            errors,
            ["locales/zh-CN.json: \"only_left\" leaves out {n}; the message has {n}"]
        );
    }

    #[test]
    fn plural_forms_are_checked() {
        let errors = edited("en", |m| {
            m.insert(
                "ships_within".into(),
                serde_json::json!({"one": "Ships in a day"}),
            );
        });
        assert!(errors.iter().any(|e| e == "locales/en.json: \"ships_within\" has no \"other\" form, which every plural needs"), "{errors:?}");
        let errors = edited("ja", |m| {
            m.insert(
                "cart".into(),
                serde_json::json!({"one": "カート", "other": "カート"}),
            );
        });
        assert_eq!(errors, ["locales/ja.json: \"cart\" has plural forms, but the message has no count {n} to choose them by"]);
        let errors = edited("ar", |m| {
            m.insert(
                "only_left".into(),
                serde_json::json!({"several": "{n}", "other": "{n}"}),
            );
        });
        assert_eq!(errors, ["locales/ar.json: \"only_left\" has \"several\", which is not a plural category (zero, one, two, few, many, other)"]);
    }

    #[test]
    fn unknown_keys_and_broken_braces_fail_the_build() {
        let errors = edited("ja", |m| {
            m.insert("add_to_card".into(), "カートに入れる".into());
            m.insert("from".into(), "{price〜".into());
        });
        assert_eq!(
            errors,
            [
                "locales/ja.json: \"from\" has a \"{\" that is never closed",
                "locales/ja.json: \"add_to_card\" is not a key of locales/en.json; add it there first, or remove it",
            ]
        );
    }

    #[test]
    fn the_tables_separators_are_refused_in_a_text() {
        // U+001E ends each message in the compiled tables and words files, U+001F
        // splits plural forms: either inside a text would shift every message after it.
        for (c, name) in [('\u{1e}', "U+001E"), ('\u{1f}', "U+001F")] {
            let errors = edited("ja", |m| {
                m.insert("cart".into(), format!("カー{c}ト").into());
            });
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert!(errors[0].contains("\"cart\""), "{errors:?}");
            assert!(
                errors[0].contains(&format!("contains the control character {name}")),
                "{errors:?}"
            );
        }
    }

    #[test]
    fn the_shipped_seller_files_pass_in_the_same_languages() {
        let seller = check_in("locales/seller", real_in("seller"))
            .unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let buyer = check(real()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        assert_eq!(same_languages(&buyer, &seller), Vec::<String>::new());
        assert!(seller.keys.iter().any(|k| k == "sign_out"));
    }

    #[test]
    fn the_seller_files_are_checked_by_the_same_rules_and_named_by_their_folder() {
        let mut files = real_in("seller");
        let ja = files.iter_mut().find(|(t, _)| t == "ja").unwrap();
        let mut json: serde_json::Value = serde_json::from_str(&ja.1).unwrap();
        json.as_object_mut().unwrap().remove("sign_out");
        json.as_object_mut()
            .unwrap()
            .insert("sign_ot".into(), "ログアウト".into());
        ja.1 = json.to_string();
        let errors = check_in("locales/seller", files).err().unwrap_or_default();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(errors[0].starts_with("locales/seller/ja.json: \"sign_out\" is missing"));
        assert_eq!(errors[1], "locales/seller/ja.json: \"sign_ot\" is not a key of locales/seller/en.json; add it there first, or remove it");
    }

    #[test]
    fn a_language_without_seller_words_fails_the_build() {
        let buyer = check(real()).unwrap_or_else(|e| panic!("{}", e.join("\n")));
        let files: Vec<_> = real_in("seller")
            .into_iter()
            .filter(|(t, _)| t != "ar")
            .collect();
        let seller = check_in("locales/seller", files).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(
            same_languages(&buyer, &seller),
            ["locales/seller/ar.json is missing: the seller app speaks every language of locales/"]
        );
    }
}
