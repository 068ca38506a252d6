//! A key written twice in one JSON object (`"price": "68.00", "price": "0.01"`, a
//! pasted line): serde_json, and so the storefront and serve, keep the last one
//! without a word. `check` (and everything that loads a shop through it: serve,
//! publish, the desk) refuses it, naming each such key's path and where its second
//! one is written. The storefront does not look: it reads what check let through.
//!
//! One more pass over the text with serde_json, keeping no values: each object's
//! keys in a set, the path so far in one string. A key is read borrowed from the
//! text, so where it is written is known from its place in the text.

use microshop_core::Problem;
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt::Write;

/// Every key written twice in `text` (JSON), each as a problem at its path, in
/// the order they are written; none when the text is not JSON before the first
/// (the decoder says why then).
pub fn keys_written_twice(text: &str) -> Vec<Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut path = String::new();
    let mut found = Vec::new();
    let mut deserializer = serde_json::Deserializer::from_str(text);
    // A text that stops being JSON ends the walk: what was found before stands.
    let _ = Walk {
        text,
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut deserializer);
    found
        .into_iter()
        .map(|(key_path, at)| {
            let again = at.map_or_else(String::new, |end| {
                let (line, column) = line_and_column(text, end);
                format!(" (again at line {line}, column {column})")
            });
            Problem::new(
                key_path,
                format!(
                    "is written twice in the same object{again}; only the last would count: keep one"
                ),
            )
        })
        .collect()
}

/// The line and column of the byte before `end` (the closing quote of a key), as
/// serde_json counts them: lines from 1, columns in bytes from the line's start.
fn line_and_column(text: &str, end: usize) -> (usize, usize) {
    let before = text.get(..end).unwrap_or(text);
    let start_of_line = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, end - start_of_line)
}

/// Walks one value; `path` is where it is (`catalog.products[0]`), restored after.
struct Walk<'s, 'de> {
    text: &'de str,
    path: &'s mut String,
    /// Each key written twice: its path and the end of its second writing in the
    /// text (after its closing quote), when known.
    found: &'s mut Vec<(String, Option<usize>)>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_, 'de> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<(), E> {
        Ok(())
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<(), E> {
        Ok(())
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<(), E> {
        Ok(())
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<(), E> {
        Ok(())
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<(), E> {
        Ok(())
    }

    fn visit_unit<E: Error>(self) -> Result<(), E> {
        Ok(())
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let at = self.path.len();
        let mut index = 0usize;
        loop {
            let _ = write!(self.path, "[{index}]");
            let more = seq.next_element_seed(Walk {
                text: self.text,
                path: &mut *self.path,
                found: &mut *self.found,
            })?;
            self.path.truncate(at);
            if more.is_none() {
                return Ok(());
            }
            index += 1;
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let at = self.path.len();
        let mut keys: HashSet<String> = HashSet::new();
        while let Some((key, end)) = map.next_key_seed(Key { text: self.text })? {
            if !at_root(at) {
                self.path.push('.');
            }
            self.path.push_str(&key);
            if !keys.insert(key) {
                self.found.push((self.path.clone(), end));
            }
            map.next_value_seed(Walk {
                text: self.text,
                path: &mut *self.path,
                found: &mut *self.found,
            })?;
            self.path.truncate(at);
        }
        Ok(())
    }
}

/// A key, and the end of where it is written in the text (after its closing
/// quote) when serde_json lends it from the text (a key without escapes).
struct Key<'de> {
    text: &'de str,
}

impl<'de> DeserializeSeed<'de> for Key<'de> {
    type Value = (String, Option<usize>);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key<'de> {
    type Value = (String, Option<usize>);

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a key")
    }

    fn visit_borrowed_str<E: Error>(self, key: &'de str) -> Result<Self::Value, E> {
        // The key lies inside the text: its place is its distance from the start.
        let start = (key.as_ptr() as usize).checked_sub(self.text.as_ptr() as usize);
        let end = start
            .map(|s| s + key.len() + 1)
            .filter(|end| *end <= self.text.len());
        Ok((key.to_owned(), end))
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
        Ok((key.to_owned(), None))
    }
}

/// Whether a key's path starts the path (no `.` before it).
fn at_root(path_len: usize) -> bool {
    path_len == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_written_twice_is_named_with_its_place() {
        let text = "{\n  \"a\": [1, {\"b\": 2, \"c\": {}, \"b\": 3}],\n  \"b\": 1, \"b\": 2\n}";
        let problems = keys_written_twice(text);
        let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
        assert_eq!(paths, ["a[1].b", "b"]);
        assert_eq!(
            problems[0].message,
            "is written twice in the same object (again at line 2, column 32); only the last would count: keep one"
        );
        assert_eq!(
            problems[1].message,
            "is written twice in the same object (again at line 3, column 13); only the last would count: keep one"
        );
        assert!(keys_written_twice("{\"a\": {\"a\": {\"a\": 1}}}").is_empty());
        assert!(
            keys_written_twice("[1, 2").is_empty(),
            "not JSON: the decoder says"
        );
        let bom = keys_written_twice("\u{feff}{\"x\": 1, \"x\": 1}");
        assert_eq!(bom.len(), 1);
        assert_eq!(
            bom[0].message,
            "is written twice in the same object (again at line 1, column 12); only the last would count: keep one"
        );
        // A key with an escape is not lent from the text: named without its place.
        assert_eq!(
            keys_written_twice("{\"x\": 1, \"\\u0078\": 2}")[0].message,
            "is written twice in the same object; only the last would count: keep one"
        );
    }
}
