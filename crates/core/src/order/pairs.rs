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

/// `items` with each name once: at its first place, with its last value (as
/// [`Pairs::insert`] one by one would leave them). A few comparisons per name (the
/// log of the count): an old stored order may hold thousands of made-up customer
/// keys, and a scan per name read made reading it quadratic.
#[cfg(any(feature = "stored-orders", test))]
fn unique_mapped<N: Ord + Clone, V>(items: impl IntoIterator<Item = (N, V)>) -> Vec<(N, V)> {
    let mut names = Vec::new();
    let mut values = std::collections::BTreeMap::new();
    for (name, value) in items {
        if values.insert(name.clone(), value).is_none() {
            names.push(name);
        }
    }
    names
        .into_iter()
        .filter_map(|name| {
            let value = values.remove(&name)?;
            Some((name, value))
        })
        .collect()
}

/// Without `stored-orders` (the storefront, which reads only orders it built: a
/// handful of names), a scan of the pairs kept per name, [`Pairs::insert`]: the map
/// cost about 1 KB brotli in each of its parts that read orders (trust, buying),
/// over their lines; the deserializer is compiled once per JSON source.
impl<K: Into<String>, V: Into<String>> FromIterator<(K, V)> for Pairs {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(items: I) -> Pairs {
        #[cfg(feature = "stored-orders")]
        {
            Pairs(unique_mapped(
                items.into_iter().map(|(k, v)| (k.into(), v.into())),
            ))
        }
        #[cfg(not(feature = "stored-orders"))]
        {
            let mut pairs = Pairs::new();
            for (k, v) in items {
                pairs.insert(k.into(), v.into());
            }
            pairs
        }
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
        #[cfg(feature = "stored-orders")]
        {
            let mut pairs = Vec::new();
            while let Some(pair) = map.next_entry::<String, String>()? {
                pairs.push(pair);
            }
            Ok(Pairs(unique_mapped(pairs)))
        }
        #[cfg(not(feature = "stored-orders"))]
        {
            let mut pairs = Pairs::new();
            while let Some((n, v)) = map.next_entry::<String, String>()? {
                pairs.insert(n, v);
            }
            Ok(pairs)
        }
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

    #[test]
    fn a_name_written_twice_keeps_its_first_place_and_its_last_value() {
        let back: Pairs =
            serde_json::from_str(r#"{"a":"1","b":"2","a":"3","c":"4","b":"5"}"#).expect("reads");
        let pairs: Vec<(&String, &String)> = back.iter().collect();
        assert_eq!(
            pairs,
            [
                (&"a".into(), &"3".into()),
                (&"b".into(), &"5".into()),
                (&"c".into(), &"4".into())
            ]
        );
        let built: Pairs = [("x", "1"), ("y", "2"), ("x", "3")].into_iter().collect();
        assert_eq!(
            built.iter().collect::<Vec<_>>(),
            [(&"x".into(), &"3".into()), (&"y".into(), &"2".into())]
        );
    }

    std::thread_local! {
        static COMPARED: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }

    /// A name that counts how often it is compared.
    #[derive(Clone, Debug)]
    struct Counted(String);

    fn compared() {
        COMPARED.with(|c| c.set(c.get() + 1));
    }

    impl PartialEq for Counted {
        fn eq(&self, other: &Counted) -> bool {
            compared();
            self.0 == other.0
        }
    }

    impl Eq for Counted {}

    impl PartialOrd for Counted {
        fn partial_cmp(&self, other: &Counted) -> Option<std::cmp::Ordering> {
            Some(self.cmp(other))
        }
    }

    impl Ord for Counted {
        fn cmp(&self, other: &Counted) -> std::cmp::Ordering {
            compared();
            self.0.cmp(&other.0)
        }
    }

    /// An old stored order with 20,000 made-up customer keys (before verify
    /// refused keys that are not checkout fields) is read with a bounded number of
    /// name comparisons per key (log of the count), not one per key already read:
    /// 20,000 keys took ~200 million comparisons, each export and view of it.
    #[test]
    fn many_names_are_read_with_a_few_comparisons_each() {
        let count: u64 = 20_000;
        let items: Vec<(Counted, u64)> = (0..count)
            .map(|i| (Counted(format!("k{:05}", (i * 7_919) % count)), i))
            .collect();
        COMPARED.with(|c| c.set(0));
        let out = unique_mapped(items);
        let comparisons = COMPARED.with(std::cell::Cell::get);
        assert_eq!(out.len() as u64, count, "every name is a different one");
        assert_eq!(out[1].0 .0, "k07919", "in the order given");
        // A few times the log of the count per name (a map's insert and remove); a
        // scan per name would be some 10,000 per name here.
        let bound = count * 4 * u64::from(count.ilog2() + 1);
        assert!(
            comparisons <= bound,
            "{comparisons} comparisons for {count} names (at most {bound})"
        );
    }
}
