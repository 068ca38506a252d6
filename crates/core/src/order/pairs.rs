//! Name to value, in an order that means something: an item's options in the
//! manifest's order, the buyer's details in the checkout's order. On the wire it is
//! a JSON object like any other; it is read back in the order it was written.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Ordered name-value pairs with unique names. Two are equal when they hold the same
/// pairs, in any order (as JSON objects are).
#[derive(Clone, Debug, Default)]
pub struct Pairs(Vec<(String, String)>);

impl PartialEq for Pairs {
    fn eq(&self, other: &Pairs) -> bool {
        self.0.len() == other.0.len() && self.iter().all(|(n, v)| other.get(n) == Some(v))
    }
}

impl Eq for Pairs {}

impl Pairs {
    /// No pairs.
    pub fn new() -> Pairs {
        Pairs(Vec::new())
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&String> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, v)| v)
    }

    /// Sets `name` to `value`: in place if it is there, else at the end.
    pub fn insert(&mut self, name: String, value: String) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(pair) => pair.1 = value,
            None => self.0.push((name, value)),
        }
    }

    /// Takes `name` out.
    pub fn remove(&mut self, name: &str) -> Option<String> {
        let index = self.0.iter().position(|(n, _)| n == name)?;
        Some(self.0.remove(index).1)
    }

    /// Whether `name` is there.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The pairs in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &String)> {
        self.0.iter().map(|(n, v)| (n, v))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// How many.
    pub fn len(&self) -> usize {
        self.0.len()
    }
}

impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Pairs {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Pairs {
        let mut pairs = Pairs::new();
        for (k, v) in items {
            pairs.insert(k.into(), v.into());
        }
        pairs
    }
}

impl IntoIterator for Pairs {
    type Item = (String, String);
    type IntoIter = std::vec::IntoIter<(String, String)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Serialize for Pairs {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (n, v) in &self.0 {
            map.serialize_entry(n, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Pairs {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Pairs, D::Error> {
        d.deserialize_map(PairsVisitor)
    }
}

struct PairsVisitor;

impl<'de> Visitor<'de> for PairsVisitor {
    type Value = Pairs;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("an object of strings")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Pairs, A::Error> {
        let mut pairs = Pairs::new();
        while let Some((n, v)) = map.next_entry::<String, String>()? {
            pairs.insert(n, v);
        }
        Ok(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_it_was_given_on_the_wire() {
        let pairs: Pairs = [("Size", "M"), ("Colour", "Red")].into_iter().collect();
        let json = serde_json::to_string(&pairs).expect("json");
        assert_eq!(json, r#"{"Size":"M","Colour":"Red"}"#);
        let back: Pairs = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, pairs);
        let names: Vec<&String> = back.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["Size", "Colour"]);
    }
}
