//! Paths into a manifest, written as core's decoder writes a problem's path
//! (`catalog.products[3].variants[1].price`, `seller.name.zh-CN`), so a field and
//! the problems about it share one address.

use serde_json::{Map, Value};

/// One step of a path: a key of an object or an index of a list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The steps of `path`; an empty path is the whole document.
pub fn steps(path: &str) -> Vec<Step> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, mut rest) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        if !key.is_empty() {
            out.push(Step::Key(key.to_owned()));
        }
        while let Some(end) = rest.find(']') {
            match rest[1..end].parse() {
                Ok(i) => out.push(Step::Index(i)),
                Err(_) => out.push(Step::Key(rest[1..end].to_owned())),
            }
            rest = &rest[end + 1..];
        }
    }
    out
}

/// `path` followed by a key.
pub fn key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// `path` followed by an index.
pub fn index(path: &str, i: usize) -> String {
    format!("{path}[{i}]")
}

/// Whether `inner` is `outer` or inside it (`a.b[2].c` is inside `a.b[2]` and
/// `a.b`, not inside `a.bc`).
pub fn within(inner: &str, outer: &str) -> bool {
    outer.is_empty()
        || inner == outer
        || inner
            .strip_prefix(outer)
            .is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// The value at `path`, if there is one.
pub fn get<'v>(doc: &'v Value, path: &str) -> Option<&'v Value> {
    steps(path).iter().try_fold(doc, |v, step| match step {
        Step::Key(k) => v.get(k),
        Step::Index(i) => v.get(i),
    })
}

/// The value at `path`, made (objects for keys; a list grows by one for an index
/// one past its end) where it is missing. `None` when a step meets a value of
/// another kind or an index beyond the end.
pub fn get_mut<'v>(doc: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut v = doc;
    for step in steps(path) {
        v = match step {
            Step::Key(k) => {
                if v.is_null() {
                    *v = Value::Object(Map::new());
                }
                v.as_object_mut()?.entry(k).or_insert(Value::Null)
            }
            Step::Index(i) => {
                if v.is_null() {
                    *v = Value::Array(Vec::new());
                }
                let list = v.as_array_mut()?;
                if i == list.len() {
                    list.push(Value::Null);
                }
                list.get_mut(i)?
            }
        };
    }
    Some(v)
}

/// The value at `path` to change in place, only when it is there (nothing is made).
pub fn get_mut_existing<'v>(doc: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    walk_mut(doc, &steps(path))
}

/// Sets the value at `path`; `false` when the path cannot be made.
pub fn set(doc: &mut Value, path: &str, value: Value) -> bool {
    match get_mut(doc, path) {
        Some(slot) => {
            *slot = value;
            true
        }
        None => false,
    }
}

/// Removes the value at `path` (a key from its object, an item from its list) and
/// returns it; then removes the objects left empty on the way up, so clearing
/// the last policy leaves no `"policies": {}` behind.
pub fn remove(doc: &mut Value, path: &str) -> Option<Value> {
    let mut all = steps(path);
    let last = all.pop()?;
    let parent_path = all;
    let removed = {
        let parent = walk_mut(doc, &parent_path)?;
        match last {
            Step::Key(k) => parent.as_object_mut()?.remove(&k),
            Step::Index(i) => {
                let list = parent.as_array_mut()?;
                (i < list.len()).then(|| list.remove(i))
            }
        }
    };
    let mut up = parent_path;
    while let Some(Step::Key(k)) = up.last().cloned() {
        let empty = walk_mut(doc, &up).is_some_and(|v| v.as_object().is_some_and(Map::is_empty));
        if !empty {
            break;
        }
        up.pop();
        if let Some(obj) = walk_mut(doc, &up).and_then(Value::as_object_mut) {
            obj.remove(&k);
        }
    }
    removed
}

fn walk_mut<'v>(doc: &'v mut Value, steps: &[Step]) -> Option<&'v mut Value> {
    steps.iter().try_fold(doc, |v, step| match step {
        Step::Key(k) => v.get_mut(k),
        Step::Index(i) => v.get_mut(*i),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_as_the_decoder_writes_them() {
        assert_eq!(
            steps("catalog.products[3].variants[1].price"),
            [
                Step::Key("catalog".into()),
                Step::Key("products".into()),
                Step::Index(3),
                Step::Key("variants".into()),
                Step::Index(1),
                Step::Key("price".into()),
            ]
        );
        assert_eq!(steps("seller.name.zh-CN").len(), 3);
        assert_eq!(steps(""), []);
        assert_eq!(
            steps("theme.tokens.color-accent")[2],
            Step::Key("color-accent".into())
        );
    }

    #[test]
    fn inside_means_at_a_step_boundary() {
        assert!(within("catalog.products[2].price", "catalog.products[2]"));
        assert!(within("catalog.products[2]", "catalog.products"));
        assert!(within("seller.name", "seller.name"));
        assert!(!within("catalog.products[21].price", "catalog.products[2]"));
        assert!(!within("seller.names", "seller.name"));
        assert!(within("anything", ""));
    }

    #[test]
    fn set_makes_the_way_and_remove_tidies_it() {
        let mut doc = json!({"seller": {"name": "A"}});
        assert!(set(&mut doc, "seller.policies.returns.en", json!("7 days")));
        assert_eq!(
            get(&doc, "seller.policies.returns.en"),
            Some(&json!("7 days"))
        );
        assert!(set(&mut doc, "catalog.products[0].id", json!("tea")));
        assert!(set(&mut doc, "catalog.products[1].id", json!("cup")));
        assert!(!set(&mut doc, "catalog.products[5].id", json!("far")));
        assert!(!set(
            &mut doc,
            "seller.name.en",
            json!("a name is a string here")
        ));
        assert_eq!(
            remove(&mut doc, "seller.policies.returns.en"),
            Some(json!("7 days"))
        );
        assert_eq!(doc["seller"], json!({"name": "A"}));
        assert_eq!(
            remove(&mut doc, "catalog.products[0]"),
            Some(json!({"id": "tea"}))
        );
        assert_eq!(get(&doc, "catalog.products[0].id"), Some(&json!("cup")));
        assert_eq!(remove(&mut doc, "nothing.here"), None);
    }
}
