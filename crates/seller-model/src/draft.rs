//! Editing a draft manifest field by field, as a seller types: text per language,
//! money as the decimal text typed (never a float), whole numbers, plain strings.
//! What is typed is kept even when it is wrong (`"12,50"`, `"3 boxes"`), so core's
//! decoder names the problem beside the field and nothing typed is lost.

use crate::path;
use serde_json::{Map, Value};

/// The text at `path` in `locale`. A plain string is the text of every locale, shown
/// in the shop's first locale (`default`) and left for the others to fill.
pub fn text(doc: &Value, at: &str, locale: &str, default: &str) -> String {
    match path::get(doc, at) {
        Some(Value::String(s)) if locale == default => s.clone(),
        Some(Value::Object(map)) => map
            .get(locale)
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_owned(),
        _ => String::new(),
    }
}

/// Sets the text at `path` in `locale` of a shop in `locales` (first is the default):
/// a plain string when the shop has one locale, else one text per locale (a plain
/// string becomes the default locale's). Empty text removes that locale's text, and
/// the key when no text is left.
pub fn set_text(doc: &mut Value, at: &str, locale: &str, locales: &[String], text: &str) {
    let default = locales.first().map_or("", String::as_str);
    if locales.len() <= 1 {
        if text.is_empty() {
            path::remove(doc, at);
        } else {
            path::set(doc, at, Value::String(text.to_owned()));
        }
        return;
    }
    let mut map = match path::get(doc, at) {
        Some(Value::Object(map)) => map.clone(),
        Some(Value::String(s)) if !s.is_empty() => {
            let mut m = Map::new();
            m.insert(default.to_owned(), Value::String(s.clone()));
            m
        }
        _ => Map::new(),
    };
    if text.is_empty() {
        map.remove(locale);
    } else {
        map.insert(locale.to_owned(), Value::String(text.to_owned()));
    }
    if map.is_empty() {
        path::remove(doc, at);
    } else {
        path::set(doc, at, Value::Object(map));
    }
}

/// A plain value at `path` as text for an input: a string as it is, a number in
/// its digits, nothing as empty.
pub fn plain(doc: &Value, at: &str) -> String {
    match path::get(doc, at) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    }
}

/// Sets a string at `path` (an id, a sku, an e-mail) as typed (a space typed last
/// is the start of the next word, not to be taken away under the caret); empty
/// text removes the key.
pub fn set_plain(doc: &mut Value, at: &str, text: &str) {
    if text.is_empty() {
        path::remove(doc, at);
    } else {
        path::set(doc, at, Value::String(text.to_owned()));
    }
}

/// Sets money at `path` as the decimal text typed (`"68.00"`): the manifest's own
/// form, which core reads exactly. Empty text removes the key.
pub fn set_money(doc: &mut Value, at: &str, text: &str) {
    set_plain(doc, at, text);
}

/// Sets a whole number at `path` (stock, limits): digits become a JSON number;
/// anything else is kept as typed, in quotes, for the decoder to name; empty text
/// removes the key ("not tracked").
pub fn set_count(doc: &mut Value, at: &str, text: &str) {
    let digits = text.trim();
    if digits.is_empty() {
        path::remove(doc, at);
    } else if let Some(n) = digits
        .bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| digits.parse::<u64>().ok())
        .flatten()
    {
        path::set(doc, at, Value::from(n));
    } else {
        path::set(doc, at, Value::String(text.to_owned()));
    }
}

/// Sets or clears a flag at `path` (`false` removes it: every flag's default).
pub fn set_flag(doc: &mut Value, at: &str, on: bool) {
    if on {
        path::set(doc, at, Value::Bool(true));
    } else {
        path::remove(doc, at);
    }
}

/// The list at `path` (empty when there is none or it is not a list).
pub fn list<'v>(doc: &'v Value, at: &str) -> &'v [Value] {
    path::get(doc, at)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

/// Adds `item` at the end of the list at `path`, making the list; its index.
pub fn push(doc: &mut Value, at: &str, item: Value) -> Option<usize> {
    let slot = path::get_mut(doc, at)?;
    if slot.is_null() {
        *slot = Value::Array(Vec::new());
    }
    let list = slot.as_array_mut()?;
    list.push(item);
    Some(list.len() - 1)
}

/// Moves item `from` of the list at `path` to `to` (both in range), keeping the others in order.
pub fn move_item(doc: &mut Value, at: &str, from: usize, to: usize) -> bool {
    let Some(list) = path::get_mut(doc, at).and_then(Value::as_array_mut) else {
        return false;
    };
    if from >= list.len() || to >= list.len() {
        return false;
    }
    let item = list.remove(from);
    list.insert(to, item);
    true
}

/// The shop's locales (`locales`), as written; empty when missing.
pub fn locales(doc: &Value) -> Vec<String> {
    list(doc, "locales")
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// A fresh id for a new item of the list at `list_path`: `base` when free, else
/// `base-2`, `base-3`... (ids are checked unique by the decoder; this only avoids
/// the collision a new item would make).
pub fn fresh_id(doc: &Value, list_path: &str, key: &str, base: &str) -> String {
    let taken = |id: &str| {
        list(doc, list_path)
            .iter()
            .any(|item| item.get(key).and_then(Value::as_str) == Some(id))
    };
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or_else(|| base.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn two() -> Vec<String> {
        vec!["zh-CN".into(), "en".into()]
    }

    #[test]
    fn text_per_locale() {
        let mut doc = json!({"seller": {"name": "灯笼茶铺"}});
        assert_eq!(text(&doc, "seller.name", "zh-CN", "zh-CN"), "灯笼茶铺");
        assert_eq!(text(&doc, "seller.name", "en", "zh-CN"), "");
        set_text(&mut doc, "seller.name", "en", &two(), "Lantern Tea");
        assert_eq!(
            doc["seller"]["name"],
            json!({"zh-CN": "灯笼茶铺", "en": "Lantern Tea"})
        );
        set_text(&mut doc, "seller.name", "zh-CN", &two(), "");
        set_text(&mut doc, "seller.name", "en", &two(), "");
        assert_eq!(doc["seller"].get("name"), None);
        let one = vec!["en".to_owned()];
        set_text(&mut doc, "seller.bio", "en", &one, "Tea.");
        assert_eq!(doc["seller"]["bio"], json!("Tea."));
    }

    #[test]
    fn money_is_the_text_typed_and_counts_are_numbers_when_they_are() {
        let mut doc = json!({});
        set_money(&mut doc, "price", "68.00");
        assert_eq!(doc["price"], json!("68.00"));
        set_plain(&mut doc, "title", "Green ");
        assert_eq!(
            doc["title"],
            json!("Green "),
            "as typed: the next word comes"
        );
        set_money(&mut doc, "price", "68元");
        assert_eq!(doc["price"], json!("68元"), "kept for the decoder to name");
        set_count(&mut doc, "stock", " 12");
        assert_eq!(doc["stock"], json!(12));
        set_count(&mut doc, "stock", "3.5");
        assert_eq!(doc["stock"], json!("3.5"));
        set_count(&mut doc, "stock", "99999999999999999999999");
        assert_eq!(doc["stock"], json!("99999999999999999999999"));
        set_count(&mut doc, "stock", "");
        assert_eq!(doc.get("stock"), None);
        assert_eq!(plain(&json!({"n": 7}), "n"), "7");
    }

    #[test]
    fn lists_and_fresh_ids() {
        let mut doc = json!({"catalog": {"products": [{"id": "tea"}, {"id": "tea-2"}]}});
        assert_eq!(fresh_id(&doc, "catalog.products", "id", "tea"), "tea-3");
        assert_eq!(fresh_id(&doc, "catalog.products", "id", "cup"), "cup");
        assert_eq!(
            push(&mut doc, "catalog.products", json!({"id": "cup"})),
            Some(2)
        );
        assert_eq!(push(&mut doc, "shipping", json!({"id": "post"})), Some(0));
        assert!(move_item(&mut doc, "catalog.products", 2, 0));
        assert_eq!(list(&doc, "catalog.products")[0]["id"], json!("cup"));
        assert!(!move_item(&mut doc, "catalog.products", 3, 0));
    }
}
