//! A key written twice in one JSON object (`"price": "68.00", "price": "0.01"`, a
//! pasted line): serde_json, and so the storefront and serve, keep the last one
//! without a word. `check` (and everything that loads a shop through it: serve,
//! publish, the desk) refuses it, naming the key's path and where the second one
//! is written. The storefront does not look: it reads what check let through.
//!
//! One more pass over the text with serde_json, keeping no values: each object's
//! keys in a set, the path so far in one string.

use microshop_core::Problem;
use serde::de::{DeserializeSeed, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use std::collections::HashSet;
use std::fmt::Write;

/// The first key written twice in `text` (JSON), as a problem at its path; `None`
/// when there is none, or when the text is not JSON (the decoder says why then).
pub fn first_key_written_twice(text: &str) -> Option<Problem> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut path = String::new();
    let mut found = None;
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let walked = Walk {
        path: &mut path,
        found: &mut found,
    }
    .deserialize(&mut deserializer);
    let error = walked.err()?;
    let key_path = found?;
    Some(Problem::new(
        key_path,
        format!(
            "is written twice in the same object (again at line {}, column {}); \
             only the last would count: keep one",
            error.line(),
            error.column()
        ),
    ))
}

/// Walks one value; `path` is where it is (`catalog.products[0]`), restored after.
struct Walk<'s> {
    path: &'s mut String,
    found: &'s mut Option<String>,
}

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
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
        while let Some(key) = map.next_key::<String>()? {
            if !at_root(at) {
                self.path.push('.');
            }
            self.path.push_str(&key);
            if !keys.insert(key) {
                *self.found = Some(self.path.clone());
                return Err(A::Error::custom("a key written twice"));
            }
            map.next_value_seed(Walk {
                path: &mut *self.path,
                found: &mut *self.found,
            })?;
            self.path.truncate(at);
        }
        Ok(())
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
    fn the_first_key_written_twice_is_named_with_its_place() {
        let text = "{\n  \"a\": [1, {\"b\": 2, \"c\": {}, \"b\": 3}],\n  \"b\": 1\n}";
        let problem = first_key_written_twice(text).expect("found");
        assert_eq!(problem.path, "a[1].b");
        assert_eq!(
            problem.message,
            "is written twice in the same object (again at line 2, column 32); only the last would count: keep one"
        );
        assert_eq!(
            first_key_written_twice("{\"a\": {\"a\": {\"a\": 1}}}"),
            None
        );
        assert_eq!(
            first_key_written_twice("[1, 2"),
            None,
            "not JSON: the decoder says"
        );
        assert_eq!(
            first_key_written_twice("\u{feff}{\"x\": 1, \"x\": 1}").map(|p| p.path),
            Some("x".to_owned())
        );
    }
}
