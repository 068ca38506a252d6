//! A JSON reader that keeps going: it records every problem with its path and
//! hands back what it could read, so one pass reports all mistakes at once.

use crate::problem::Problem;
use crate::rules::{
    invisible_char, is_id, is_locale, nearest, shown, suggest_id, url_problem, UrlUse,
};
use crate::text::Text;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Collects problems while reading a JSON document.
#[derive(Default)]
pub(super) struct Reader {
    pub errors: Vec<Problem>,
    pub warnings: Vec<Problem>,
}

/// An object being read: remembers which keys were read, to warn about the rest.
pub(super) struct Obj<'v> {
    map: &'v Map<String, Value>,
    pub path: String,
    read: Vec<&'static str>,
}

/// The invisible character `c`, the `at`-th of the text at `path`: an error in a key,
/// a warning in free text.
fn invisible(path: &str, at: usize, c: char) -> Problem {
    Problem::new(
        path,
        format!(
            "contains the invisible character {} (character {at}); remove it",
            c.escape_default()
        ),
    )
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// What a value is, in the words a seller sees in the file (not JSON's type names).
/// `value` as compact JSON, the same text as `Value`'s `Display` writes, to quote a
/// seller's value back in a message: written here so the browser's decoder carries no
/// JSON writer for `Value`s (serde_json's, with its float writer: docs/performance.md).
/// A text is written by serde_json's writer of text, which the storefront has anyway.
pub(super) fn json_text(value: &Value) -> String {
    let text = |s: &str| serde_json::to_string(s).unwrap_or_default();
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => text(s),
        Value::Array(items) => {
            let items: Vec<String> = items.iter().map(json_text).collect();
            format!("[{}]", items.join(","))
        }
        Value::Object(fields) => {
            let fields: Vec<String> = fields
                .iter()
                .map(|(k, v)| format!("{}:{}", text(k), json_text(v)))
                .collect();
            format!("{{{}}}", fields.join(","))
        }
    }
}

pub(super) fn describe(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number without quotes",
        Value::String(_) => "text in quotes",
        Value::Array(_) => "a list in [ ]",
        Value::Object(_) => "a group in { }",
    }
}

/// How many to take away to be within a limit, in words.
fn over(count: usize, max: usize) -> String {
    format!(
        "the limit is {max}, so remove {}",
        count.saturating_sub(max)
    )
}

impl<'v> Obj<'v> {
    /// The value under `key`, with its path; `None` when absent or null.
    pub fn get(&mut self, key: &'static str) -> Option<(&'v Value, String)> {
        self.read.push(key);
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some((v, join(&self.path, key))),
        }
    }

    /// Whether the object has `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }
}

impl Reader {
    pub fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.errors.push(Problem::new(path, message));
    }

    /// Opens `value` as an object, or records that it must be one.
    pub fn object<'v>(&mut self, value: &'v Value, path: &str) -> Option<Obj<'v>> {
        match value {
            Value::Object(map) => Some(Obj {
                map,
                path: path.to_owned(),
                read: Vec::new(),
            }),
            other => {
                self.error(
                    path,
                    format!(
                        "must be a group of keys in {{ }}, such as {{\"name\": \"...\"}}; here it is {}",
                        describe(other)
                    ),
                );
                None
            }
        }
    }

    /// Warns about keys of `obj` that were never read: probably typos.
    pub fn finish(&mut self, obj: Obj<'_>) {
        for key in obj.map.keys() {
            if !obj.read.iter().any(|k| k == key) {
                let known = obj.read.join(", ");
                let guess = nearest(key, &obj.read)
                    .map(|k| format!("; did you mean \"{k}\"?"))
                    .unwrap_or_default();
                self.warnings.push(Problem::new(
                    join(&obj.path, key),
                    format!("unknown key, ignored{guess} (known keys here: {known})"),
                ));
            }
        }
    }

    /// A required value: records "is required" when absent.
    pub fn required<'v>(
        &mut self,
        obj: &mut Obj<'v>,
        key: &'static str,
    ) -> Option<(&'v Value, String)> {
        let found = obj.get(key);
        if found.is_none() {
            let inside = if obj.path.is_empty() {
                "at the top of the file".to_owned()
            } else {
                format!("inside {}", obj.path)
            };
            self.error(
                join(&obj.path, key),
                format!("is required; add \"{key}\" {inside}"),
            );
        }
        found
    }

    /// Free text of 1 to `max` characters (a title, a description, a label). A
    /// control character but a line break or a tab is a warning: the text is kept as
    /// it is (the server stores such text only inside JSON, which escapes it; a shop
    /// holding Word's manual line break U+000B was valid before it was looked at).
    pub fn string(&mut self, value: &Value, path: &str, max: usize) -> Option<String> {
        self.checked(value, path, max, false)
    }

    /// A key of 1 to `max` characters (a sku, an id): a control character is an
    /// error, as a store may not hold it (PostgreSQL refuses U+0000 in a sku, the
    /// stock's key) and a label or a terminal would act on it.
    pub fn key(&mut self, value: &Value, path: &str, max: usize) -> Option<String> {
        self.checked(value, path, max, true)
    }

    fn checked(&mut self, value: &Value, path: &str, max: usize, key: bool) -> Option<String> {
        match value {
            Value::String(s) if s.trim().is_empty() => {
                self.error(path, "is empty; write some text between the quotes");
                None
            }
            Value::String(s) => {
                let chars = s.chars().count();
                let allowed: &[char] = if key { &[] } else { &['\n', '\r', '\t'] };
                if chars > max {
                    self.error(
                        path,
                        format!("is {chars} characters long; {}", over(chars, max)),
                    );
                    None
                } else if let Some((at, c)) = invisible_char(s, allowed) {
                    let problem = invisible(path, at, c);
                    if key {
                        self.errors.push(problem);
                        return None;
                    }
                    self.warnings.push(problem);
                    Some(s.clone())
                } else {
                    Some(s.clone())
                }
            }
            other => {
                self.not_text(other, path, "must be text in quotes, e.g. \"Tiny\"");
                None
            }
        }
    }

    pub fn opt_string(
        &mut self,
        obj: &mut Obj<'_>,
        key: &'static str,
        max: usize,
    ) -> Option<String> {
        let (v, path) = obj.get(key)?;
        self.string(v, &path, max)
    }

    pub fn req_string(
        &mut self,
        obj: &mut Obj<'_>,
        key: &'static str,
        max: usize,
    ) -> Option<String> {
        let (v, path) = self.required(obj, key)?;
        self.string(v, &path, max)
    }

    pub fn req_key(&mut self, obj: &mut Obj<'_>, key: &'static str, max: usize) -> Option<String> {
        let (v, path) = self.required(obj, key)?;
        self.key(v, &path, max)
    }

    /// Reports the invisible character `c`, the `at`-th of the text at `path`.
    pub fn invisible(&mut self, path: &str, at: usize, c: char) {
        self.errors.push(invisible(path, at, c));
    }

    /// An id: 1-64 of ASCII letters, digits, `-` and `_`.
    pub fn id(&mut self, value: &Value, path: &str) -> Option<String> {
        let s = self.key(value, path, 64)?;
        if is_id(&s) {
            Some(s)
        } else {
            let example = suggest_id(&s).unwrap_or_else(|| "tea-1".to_owned());
            self.error(
                path,
                format!(
                    "\"{}\" may only use letters a-z, digits, - and _; write e.g. \"{example}\"",
                    shown(&s)
                ),
            );
            None
        }
    }

    pub fn req_id(&mut self, obj: &mut Obj<'_>, key: &'static str) -> Option<String> {
        let (v, path) = self.required(obj, key)?;
        self.id(v, &path)
    }

    /// Text a buyer reads: a string or a map of locale to string, each at most `max` characters.
    pub fn text(&mut self, value: &Value, path: &str, max: usize) -> Option<Text> {
        match value {
            Value::String(_) => self.string(value, path, max).map(Text::Plain),
            Value::Object(map) if map.is_empty() => {
                self.error(
                    path,
                    "has no language; write text in quotes, or e.g. {\"en\": \"...\"}",
                );
                None
            }
            Value::Object(map) => {
                let mut out = BTreeMap::new();
                for (locale, v) in map {
                    let p = format!("{path}.{locale}");
                    if !is_locale(locale) {
                        self.error(
                            &p,
                            format!("\"{locale}\" is not a language tag; write one such as \"en\" or \"zh-CN\""),
                        );
                    } else if let Some(s) = self.string(v, &p, max) {
                        out.insert(locale.clone(), s);
                    }
                }
                (out.len() == map.len()).then_some(Text::Localized(out))
            }
            other => {
                self.not_text(
                    other,
                    path,
                    "must be text in quotes, or one text per language such as {\"en\": \"...\", \"zh-CN\": \"...\"}",
                );
                None
            }
        }
    }

    /// `value` is not text: a number or true/false only lacks its quotes.
    fn not_text(&mut self, value: &Value, path: &str, expected: &str) {
        match value {
            Value::Number(_) | Value::Bool(_) => {
                self.error(
                    path,
                    format!("write it in quotes: \"{}\"", json_text(value)),
                );
            }
            other => self.error(path, format!("{expected}; here it is {}", describe(other))),
        }
    }

    pub fn opt_text(&mut self, obj: &mut Obj<'_>, key: &'static str, max: usize) -> Option<Text> {
        let (v, path) = obj.get(key)?;
        self.text(v, &path, max)
    }

    pub fn req_text(&mut self, obj: &mut Obj<'_>, key: &'static str, max: usize) -> Option<Text> {
        let (v, path) = self.required(obj, key)?;
        self.text(v, &path, max)
    }

    /// A whole number from 0 to `u32::MAX`.
    pub fn count(&mut self, value: &Value, path: &str) -> Option<u32> {
        match value.as_u64().map(u32::try_from) {
            Some(Ok(n)) => Some(n),
            Some(Err(_)) => {
                self.error(path, format!("is too large; the most is {}", u32::MAX));
                None
            }
            None if value.as_i64().is_some_and(|n| n < 0) => {
                self.error(path, "is below zero; write 0 or more");
                None
            }
            None => {
                let message = match value {
                    Value::String(s) if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) => {
                        format!("write {s} without quotes")
                    }
                    // A number past u64 is read as a float: whole (`1e20`, written
                    // 100000000000000000000) when it shows no point and no sign.
                    Value::Number(n) => {
                        let n = n.to_string();
                        if n.bytes().any(|b| b == b'.' || b == b'-') {
                            format!("must be a whole number, e.g. 3, not {n}")
                        } else {
                            format!("is too large; the most is {}", u32::MAX)
                        }
                    }
                    other => format!(
                        "must be a whole number without quotes, e.g. 3; here it is {}",
                        describe(other)
                    ),
                };
                self.error(path, message);
                None
            }
        }
    }

    pub fn opt_count(&mut self, obj: &mut Obj<'_>, key: &'static str) -> Option<u32> {
        let (v, path) = obj.get(key)?;
        self.count(v, &path)
    }

    /// A list of at most `max` items, each with its path.
    pub fn list<'v>(
        &mut self,
        value: &'v Value,
        path: &str,
        max: usize,
    ) -> Vec<(&'v Value, String)> {
        match value {
            Value::Array(items) => {
                if items.len() > max {
                    self.error(
                        path,
                        format!("has {} items; {}", items.len(), over(items.len(), max)),
                    );
                }
                items
                    .iter()
                    .take(max)
                    .enumerate()
                    .map(|(i, v)| (v, format!("{path}[{i}]")))
                    .collect()
            }
            Value::String(s) => {
                self.error(path, format!("must be a list in [ ]; write [\"{s}\"]"));
                Vec::new()
            }
            other => {
                self.error(
                    path,
                    format!(
                        "must be a list in [ ], e.g. [\"...\"]; here it is {}",
                        describe(other)
                    ),
                );
                Vec::new()
            }
        }
    }

    pub fn opt_list<'v>(
        &mut self,
        obj: &mut Obj<'v>,
        key: &'static str,
        max: usize,
    ) -> Vec<(&'v Value, String)> {
        match obj.get(key) {
            Some((v, path)) => self.list(v, &path, max),
            None => Vec::new(),
        }
    }

    /// A URL: http(s), or relative to the manifest; `data:image/...` only for images.
    pub fn url(&mut self, value: &Value, path: &str, usage: UrlUse) -> Option<String> {
        let s = self.string(value, path, 2048)?;
        match url_problem(&s, usage) {
            None => Some(s),
            Some(problem) => {
                self.error(path, problem);
                None
            }
        }
    }

    pub fn opt_url(
        &mut self,
        obj: &mut Obj<'_>,
        key: &'static str,
        usage: UrlUse,
    ) -> Option<String> {
        let (v, path) = obj.get(key)?;
        self.url(v, &path, usage)
    }

    /// A map of string to string with at most `max` entries.
    pub fn string_map(
        &mut self,
        value: &Value,
        path: &str,
        max: usize,
    ) -> BTreeMap<String, String> {
        let Some(obj) = self.object(value, path) else {
            return BTreeMap::new();
        };
        if obj.map.len() > max {
            self.error(
                path,
                format!(
                    "has {} entries; {}",
                    obj.map.len(),
                    over(obj.map.len(), max)
                ),
            );
        }
        let mut out = BTreeMap::new();
        for (k, v) in obj.map.iter().take(max) {
            if let Some(s) = self.string(v, &join(path, k), 500) {
                out.insert(k.clone(), s);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::json_text;
    use serde_json::Value;

    /// The decoder's own JSON writer writes what `Value`'s `Display` writes.
    #[test]
    fn json_text_is_what_values_display_writes() {
        let texts = [
            "null",
            "true",
            "false",
            "0",
            "-0",
            "-0.0",
            "1",
            "18446744073709551615",
            "18446744073709551616",
            "-9223372036854775808",
            "1.5",
            "12345678.9",
            "1e300",
            "1E-7",
            "5e-324",
            "0.1",
            "100000000000000000000000",
            "\"\"",
            r#""quote \" backslash \\ slash / tab \t nl \n cr \r bell \u0007 del \u007f""#,
            r#""中文 ✓ \ud83d\ude00 \u2028 \u00e9""#,
            "[]",
            "{}",
            r#"[1, "two", [3.5, null], {"k": false}]"#,
            r#"{"z": 1, "a": {"nested": ["x", {}]}, "é\n": "v", "": []}"#,
        ];
        for text in texts {
            let value: Value = serde_json::from_str(text).expect("JSON");
            assert_eq!(json_text(&value), value.to_string(), "{text}");
        }
    }
}
