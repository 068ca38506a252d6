//! A product's variants from its options: one per combination of option values,
//! made when the options change; a variant whose combination is gone is kept (its
//! price and stock are the seller's) until the seller removes it, and the decoder
//! names it meanwhile.

use crate::path;
use serde_json::{Map, Value};

/// The id of an option value: a plain string is its own id.
pub fn value_id(value: &Value) -> Option<&str> {
    match value {
        Value::String(s) => Some(s),
        Value::Object(o) => o.get("id").and_then(Value::as_str),
        _ => None,
    }
}

/// Every combination of the options' values, as (option id, value id) pairs in the
/// options' order; none when an option has no id or no values.
pub fn combinations(options: &[Value]) -> Vec<Vec<(String, String)>> {
    let mut out: Vec<Vec<(String, String)>> = vec![Vec::new()];
    for option in options {
        let Some(id) = option.get("id").and_then(Value::as_str) else {
            return Vec::new();
        };
        let values: Vec<&str> = option
            .get("values")
            .and_then(Value::as_array)
            .map(|v| v.iter().filter_map(value_id).collect())
            .unwrap_or_default();
        if values.is_empty() {
            return Vec::new();
        }
        out = out
            .into_iter()
            .flat_map(|combo| {
                values.iter().map(move |v| {
                    let mut next = combo.clone();
                    next.push((id.to_owned(), (*v).to_owned()));
                    next
                })
            })
            .collect();
    }
    if options.is_empty() {
        Vec::new()
    } else {
        out
    }
}

/// Whether a variant is the combination `combo`.
fn is_combination(variant: &Value, combo: &[(String, String)]) -> bool {
    let Some(chosen) = variant.get("options").and_then(Value::as_object) else {
        return false;
    };
    chosen.len() == combo.len()
        && combo
            .iter()
            .all(|(o, v)| chosen.get(o).and_then(Value::as_str) == Some(v))
}

/// The index of the variant of `product` that is `combo`.
pub fn find(product: &Value, combo: &[(String, String)]) -> Option<usize> {
    product
        .get("variants")
        .and_then(Value::as_array)?
        .iter()
        .position(|v| is_combination(v, combo))
}

/// Indexes of variants that match no combination of the product's options now.
pub fn orphans(product: &Value) -> Vec<usize> {
    let options = product
        .get("options")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    let combos = combinations(options);
    product
        .get("variants")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .enumerate()
                .filter(|(_, v)| !combos.iter().any(|c| is_combination(v, c)))
                .map(|(i, _)| i)
                .collect()
        })
        .unwrap_or_default()
}

/// A sku for a new variant: the product's sku or id and the value ids, in capitals
/// (`JASMINE-PEARLS-100G`), letters, digits and `-` only, at most 64 characters; a
/// value with nothing of those (`红色`) is the combination's number `n` instead.
pub fn suggest_sku(product: &Value, combo: &[(String, String)], n: usize) -> String {
    let base = product
        .get("sku")
        .or_else(|| product.get("id"))
        .and_then(Value::as_str)
        .unwrap_or("item");
    let mut out = String::new();
    for part in std::iter::once(base).chain(combo.iter().map(|(_, v)| v.as_str())) {
        let clean: String = part
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_uppercase()
                } else {
                    '-'
                }
            })
            .collect();
        let clean = match clean.trim_matches('-') {
            "" if !out.is_empty() => n.to_string(),
            c => c.to_owned(),
        };
        if !clean.is_empty() {
            if !out.is_empty() {
                out.push('-');
            }
            out.push_str(&clean);
        }
    }
    out.chars().take(64).collect()
}

/// Adds a variant for each combination of the product at `product_path` that has
/// none (with a suggested sku); the product's own sku and stock move to the first
/// variant when it gets options for the first time. Returns how many were added.
pub fn complete(doc: &mut Value, product_path: &str) -> usize {
    let Some(product) = path::get(doc, product_path).cloned() else {
        return 0;
    };
    let options = product
        .get("options")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let combos = combinations(&options);
    let first_time = product
        .get("variants")
        .and_then(Value::as_array)
        .is_none_or(Vec::is_empty);
    let mut added = 0;
    for (n, combo) in combos.iter().enumerate() {
        if find(&product, combo).is_some() {
            continue;
        }
        let mut variant = Map::new();
        let mut sku = suggest_sku(&product, combo, n + 1);
        if n == 0 && first_time {
            if let Some(own) = product.get("sku").and_then(Value::as_str) {
                sku = own.to_owned();
            }
            if let Some(stock) = product.get("stock") {
                variant.insert("stock".into(), stock.clone());
            }
        }
        variant.insert("sku".into(), Value::String(sku));
        let chosen: Map<String, Value> = combo
            .iter()
            .map(|(o, v)| (o.clone(), Value::String(v.clone())))
            .collect();
        variant.insert("options".into(), Value::Object(chosen));
        let at = path::key(product_path, "variants");
        if crate::draft::push(doc, &at, Value::Object(variant)).is_some() {
            added += 1;
        }
    }
    if added > 0 && first_time {
        path::remove(doc, &path::key(product_path, "sku"));
        path::remove(doc, &path::key(product_path, "stock"));
    }
    added
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn tote() -> Value {
        json!({"catalog": {"products": [{
            "id": "linen-tote", "sku": "TOTE", "price": "79", "stock": 5,
            "options": [
                {"id": "colour", "name": "Colour", "values": [{"id": "natural", "label": "Natural"}, "Indigo"]},
                {"id": "size", "name": "Size", "values": ["S", "L"]}
            ]
        }]}})
    }

    #[test]
    fn every_combination_in_the_options_order() {
        let doc = tote();
        let options = doc["catalog"]["products"][0]["options"].as_array().unwrap();
        let combos = combinations(options);
        assert_eq!(combos.len(), 4);
        assert_eq!(
            combos[1],
            [
                ("colour".into(), "natural".into()),
                ("size".into(), "L".into())
            ]
        );
        assert!(combinations(&[]).is_empty());
        assert!(combinations(&[json!({"id": "size", "values": []})]).is_empty());
    }

    #[test]
    fn complete_adds_what_is_missing_and_keeps_the_rest() {
        let mut doc = tote();
        assert_eq!(complete(&mut doc, "catalog.products[0]"), 4);
        let product = &doc["catalog"]["products"][0];
        assert_eq!(
            product["variants"][0]["sku"], "TOTE",
            "the product's own sku goes to the first"
        );
        assert_eq!(product["variants"][0]["stock"], 5);
        assert_eq!(product["variants"][3]["sku"], "TOTE-INDIGO-L");
        assert_eq!(product.get("stock"), None);
        assert_eq!(complete(&mut doc, "catalog.products[0]"), 0);
        // A value renamed: the old variant stays (an orphan), a new one is made.
        path::set(
            &mut doc,
            "catalog.products[0].options[1].values[1]",
            json!("XL"),
        );
        assert_eq!(complete(&mut doc, "catalog.products[0]"), 2);
        let orphans = orphans(&doc["catalog"]["products"][0]);
        assert_eq!(orphans, [1, 3]);
        assert_eq!(
            crate::problems::page_of("catalog.products[0]"),
            crate::problems::Page::Product(0)
        );
    }

    #[test]
    fn skus_are_tidy() {
        let p = json!({"id": "jasmine-pearls"});
        assert_eq!(
            suggest_sku(&p, &[("weight".into(), "100 g".into())], 1),
            "JASMINE-PEARLS-100-G"
        );
        assert_eq!(
            suggest_sku(&p, &[("colour".into(), "红色".into())], 2),
            "JASMINE-PEARLS-2"
        );
    }
}
