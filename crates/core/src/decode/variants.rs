//! Reading a product's variants: one buyable combination of option values each.

use super::limits;
use super::reader::{join, Reader};
use crate::manifest::*;
use crate::money::Currency;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

pub(super) fn variants(
    r: &mut Reader,
    value: &Value,
    path: &str,
    options: &[ProductOption],
    product_price: Option<crate::money::Money>,
    currency: Currency,
) -> Vec<Variant> {
    let mut out = Vec::new();
    let mut combinations = BTreeSet::new();
    let list = r.list(value, path, limits::VARIANTS);
    if list.is_empty() && value.is_array() {
        r.error(path, "must have at least one variant");
    }
    for (v, p) in list {
        let Some(mut obj) = r.object(v, &p) else {
            continue;
        };
        let sku = r.req_key(&mut obj, "sku", 64);
        let chosen = obj
            .get("options")
            .map(|(v, op)| (r.string_map(v, &op, 3), op));
        let price = r.opt_money(&mut obj, "price", currency);
        let compare_at = r.opt_money(&mut obj, "compare_at", currency);
        let stock = r.opt_count(&mut obj, "stock");
        let has_price = obj.has("price");
        r.finish(obj);
        if !has_price && product_price.is_none() {
            r.error(
                join(&p, "price"),
                "is required, because the product has no price",
            );
        }
        if let (Some(compare_at), Some(price)) = (compare_at, price.or(product_price)) {
            if compare_at <= price {
                r.error(join(&p, "compare_at"), "must be above the price");
            }
        }
        let options_path = join(&p, "options");
        let chosen = match chosen {
            Some((map, _)) => map,
            None => {
                r.error(
                    &options_path,
                    "is required: which value of each option this variant is",
                );
                BTreeMap::new()
            }
        };
        for option in options {
            match chosen.get(&option.id) {
                None => r.error(
                    &options_path,
                    format!("has no value for option \"{}\"", option.id),
                ),
                Some(value) if !option.values.iter().any(|v| &v.id == value) => {
                    let known: Vec<&str> = option.values.iter().map(|v| v.id.as_str()).collect();
                    r.error(
                        join(&options_path, &option.id),
                        format!(
                            "\"{value}\" is not a value of option \"{}\" (values: {})",
                            option.id,
                            known.join(", ")
                        ),
                    );
                }
                Some(_) => {}
            }
        }
        for key in chosen.keys() {
            if !options.iter().any(|o| &o.id == key) {
                r.error(
                    join(&options_path, key),
                    format!("\"{key}\" is not an option of this product"),
                );
            }
        }
        if !chosen.is_empty() && !combinations.insert(chosen.clone()) {
            r.error(
                &options_path,
                "the same combination is used by an earlier variant",
            );
        }
        if let Some(sku) = sku {
            out.push(Variant {
                sku,
                options: chosen,
                price,
                compare_at,
                stock,
            });
        }
    }
    out
}

pub(super) fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    let digits =
        |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(0..4)
        || !digits(5..7)
        || !digits(8..10)
    {
        return false;
    }
    let month = (b[5] - b'0') * 10 + (b[6] - b'0');
    let day = (b[8] - b'0') * 10 + (b[9] - b'0');
    (1..=12).contains(&month) && (1..=31).contains(&day)
}
