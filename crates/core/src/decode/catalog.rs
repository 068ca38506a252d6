//! Reading the catalog part of a manifest: categories, products, options, variants.

use super::limits;
use super::reader::{join, Obj, Reader};
use super::variants::{is_date, variants};
use crate::manifest::*;
use crate::money::Currency;
use crate::problem::Subject;
use crate::rules::{is_bidi_control, shown, UrlUse};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// Reads `{categories, products}` from an open object; checks ids, skus and references across products.
pub(super) fn catalog(r: &mut Reader, obj: &mut Obj<'_>, currency: Currency) -> Option<Catalog> {
    let mut categories = Vec::new();
    let mut category_ids = BTreeSet::new();
    for (v, p) in r.opt_list(obj, "categories", limits::CATEGORIES) {
        let Some(mut c) = r.object(v, &p) else {
            continue;
        };
        let id = r.req_id(&mut c, "id");
        let name = r.req_text(&mut c, "name", limits::LABEL);
        r.finish(c);
        if let (Some(id), Some(name)) = (id, name) {
            if !category_ids.insert(id.clone()) {
                r.error(
                    join(&p, "id"),
                    format!("\"{id}\" is used by an earlier category"),
                );
            }
            categories.push(Category { id, name });
        }
    }
    let (list, list_path) = r.required(obj, "products")?;
    let errors_before = r.errors.len();
    let mut products = Vec::new();
    let mut ids_seen = Seen::default();
    for (v, p) in r.list(list, &list_path, limits::PRODUCTS) {
        let marks = (r.errors.len(), r.warnings.len());
        product_in_catalog(
            r,
            v,
            &p,
            currency,
            &category_ids,
            &mut ids_seen,
            &mut products,
        );
        name_the_product(r, v, &p, marks);
    }
    (r.errors.len() == errors_before).then_some(Catalog {
        categories,
        products,
    })
}

/// Ids and skus met so far in a catalog: each must be unique. Ordered sets, like
/// the category ids': the first load then carries one set's code, not a hash
/// set's too (only membership is asked, so the order changes nothing).
#[derive(Default)]
struct Seen {
    products: BTreeSet<String>,
    skus: BTreeSet<String>,
}

/// Names the product at `path` in the problems found since `marks` (errors,
/// warnings), so a seller reads `catalog.products[41] (honey-oat).price`.
fn name_the_product(r: &mut Reader, value: &Value, path: &str, marks: (usize, usize)) {
    let text = |key: &str| match value.get(key) {
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
        Some(Value::Object(map)) => map
            .values()
            .find_map(|v| v.as_str().filter(|s| !s.trim().is_empty()))
            .map(str::to_owned),
        _ => None,
    };
    let Some(name) = text("id").or_else(|| text("title")) else {
        return;
    };
    let name = shown(&name);
    let (errors, warnings) = marks;
    let found = r.errors[errors..]
        .iter_mut()
        .chain(&mut r.warnings[warnings..]);
    for problem in found.filter(|p| p.path.starts_with(path)) {
        problem.subject = Some(Subject {
            at: path.to_owned(),
            name: name.clone(),
        });
    }
}

/// Reads one product of a catalog, checking its id, category and skus against the
/// rest of the catalog first.
fn product_in_catalog(
    r: &mut Reader,
    v: &Value,
    p: &str,
    currency: Currency,
    category_ids: &BTreeSet<String>,
    seen: &mut Seen,
    products: &mut Vec<Product>,
) {
    let product_ids = &mut seen.products;
    let skus = &mut seen.skus;
    // References and uniqueness are checked on the raw value, so they are reported
    // even for a product that has other problems.
    let raw_str =
        |value: &Value, key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
    if let Some(id) = raw_str(v, "id") {
        if !product_ids.insert(id.clone()) {
            r.error(
                join(p, "id"),
                format!(
                    "\"{}\" is used by an earlier product; ids must be unique",
                    shown(&id)
                ),
            );
        }
    }
    if let Some(category) = raw_str(v, "category") {
        if !category_ids.contains(&category) {
            let known: Vec<&str> = category_ids.iter().map(String::as_str).collect();
            let hint = if known.is_empty() {
                "add it to catalog.categories first".to_owned()
            } else {
                format!("write one of: {}", known.join(", "))
            };
            r.error(
                join(p, "category"),
                format!(
                    "\"{}\" is not one of catalog.categories; {hint}",
                    shown(&category)
                ),
            );
        }
    }
    let mut raw_skus: Vec<(String, String)> = Vec::new();
    if let Some(sku) = raw_str(v, "sku") {
        raw_skus.push((join(p, "sku"), sku));
    } else if v.get("options").is_none() && v.get("variants").is_none() {
        // Without a sku of its own, the product's id is its sku.
        if let Some(id) = raw_str(v, "id") {
            raw_skus.push((join(p, "id"), id));
        }
    }
    if let Some(Value::Array(variants)) = v.get("variants") {
        for (i, variant) in variants.iter().enumerate() {
            if let Some(sku) = raw_str(variant, "sku") {
                raw_skus.push((format!("{p}.variants[{i}].sku"), sku));
            }
        }
    }
    for (path, sku) in raw_skus {
        // Control characters are the reader's (every text), an id's the id rule's; a
        // bidi control is refused in a sku, which the seller, a label and a store key by.
        let bidi = sku.chars().enumerate().find(|(_, c)| is_bidi_control(*c));
        if let Some((at, c)) = bidi.filter(|_| path.ends_with("sku")) {
            r.invisible(&path, at + 1, c);
        } else if !skus.insert(sku.clone()) {
            r.error(
                path,
                format!("\"{sku}\" is used by an earlier product or variant; skus must be unique"),
            );
        }
    }
    if let Some(product) = product(r, v, p, currency) {
        products.push(product);
    }
}

fn product(r: &mut Reader, value: &Value, path: &str, currency: Currency) -> Option<Product> {
    let mut obj = r.object(value, path)?;
    let errors_before = r.errors.len();
    let id = r.req_id(&mut obj, "id");
    let title = r.req_text(&mut obj, "title", limits::TITLE);
    let description = r.opt_text(&mut obj, "description", limits::DESCRIPTION);
    let images = r
        .opt_list(&mut obj, "images", limits::IMAGES)
        .into_iter()
        .filter_map(|(v, p)| r.url(v, &p, UrlUse::Image))
        .collect();
    let category = obj.get("category").and_then(|(v, p)| r.id(v, &p));
    let tags = r
        .opt_list(&mut obj, "tags", 20)
        .into_iter()
        .filter_map(|(v, p)| r.string(v, &p, 50))
        .collect();
    let added = obj.get("added").and_then(|(v, p)| {
        let s = r.string(v, &p, 10)?;
        if is_date(&s) {
            Some(s)
        } else {
            r.error(
                p,
                format!("\"{}\" is not a date written YYYY-MM-DD", shown(&s)),
            );
            None
        }
    });
    let price = r.opt_money(&mut obj, "price", currency);
    let compare_at = r.opt_money(&mut obj, "compare_at", currency);
    let sku = obj.get("sku").and_then(|(v, p)| r.key(v, &p, 64));
    let stock = r.opt_count(&mut obj, "stock");
    let min_qty = r.opt_count(&mut obj, "min_qty");
    let max_qty = r.opt_count(&mut obj, "max_qty");
    if let (Some(min), Some(max)) = (min_qty, max_qty) {
        if min > max {
            r.error(
                join(path, "min_qty"),
                format!("is {min}, more than max_qty ({max})"),
            );
        }
    }
    if min_qty == Some(0) {
        r.error(join(path, "min_qty"), "must be at least 1");
    }
    if let (Some(price), Some(compare_at)) = (price, compare_at) {
        if compare_at <= price {
            r.error(
                join(path, "compare_at"),
                "must be above price (it is the former price shown struck through)",
            );
        }
    }
    let options = options(r, &mut obj);
    let has_options_key = obj.has("options");
    let variants_value = obj.get("variants");
    let variants = if options.is_empty() && !has_options_key {
        if let Some((_, vp)) = variants_value {
            r.error(
                vp,
                "variants need options; add \"options\" or put sku, price and stock on the product",
            );
            Vec::new()
        } else {
            if price.is_none() && !obj.has("price") {
                r.error(join(path, "price"), "is required");
            }
            // Without a sku of its own, the product's id is its sku: a seller
            // with one thing to sell should not need to invent a second name.
            let own_sku = if obj.has("sku") {
                sku.clone()
            } else {
                id.clone()
            };
            match own_sku {
                Some(sku) => vec![Variant {
                    sku,
                    options: BTreeMap::new(),
                    price: None,
                    compare_at: None,
                    stock,
                }],
                None => Vec::new(),
            }
        }
    } else {
        for (key, present) in [("sku", sku.is_some()), ("stock", stock.is_some())] {
            if present {
                r.error(
                    join(path, key),
                    "belongs on each variant when the product has options",
                );
            }
        }
        match variants_value {
            Some((v, vp)) => variants(r, v, &vp, &options, price, currency),
            None => {
                r.error(
                    join(path, "variants"),
                    "is required when the product has options",
                );
                Vec::new()
            }
        }
    };
    r.finish(obj);
    if r.errors.len() != errors_before {
        return None;
    }
    Some(Product {
        id: id?,
        title: title?,
        description,
        images,
        category,
        tags,
        added,
        price,
        compare_at,
        sku: if options.is_empty() {
            variants.first().map(|v| v.sku.clone())
        } else {
            sku
        },
        stock,
        min_qty,
        max_qty,
        options,
        variants,
    })
}

fn options(r: &mut Reader, obj: &mut Obj<'_>) -> Vec<ProductOption> {
    let mut out = Vec::new();
    let mut ids = BTreeSet::new();
    for (v, p) in r.opt_list(obj, "options", 3) {
        let Some(mut o) = r.object(v, &p) else {
            continue;
        };
        let id = r.req_id(&mut o, "id");
        let name = r.req_text(&mut o, "name", limits::LABEL);
        let mut values = Vec::new();
        let mut value_ids = BTreeSet::new();
        let list = r
            .required(&mut o, "values")
            .map(|(v, vp)| r.list(v, &vp, 50));
        if let Some(list) = &list {
            if list.is_empty() {
                r.error(join(&p, "values"), "must have at least one value");
            }
        }
        for (v, vp) in list.unwrap_or_default() {
            let value = match v {
                Value::String(_) => r.id_like_label(v, &vp),
                _ => r.object(v, &vp).and_then(|mut ov| {
                    let id = r.req_string(&mut ov, "id", 64);
                    let label = r.req_text(&mut ov, "label", limits::LABEL);
                    r.finish(ov);
                    Some(OptionValue {
                        id: id?,
                        label: label?,
                    })
                }),
            };
            if let Some(value) = value {
                if !value_ids.insert(value.id.clone()) {
                    r.error(&vp, format!("\"{}\" is listed twice", value.id));
                }
                values.push(value);
            }
        }
        r.finish(o);
        if let (Some(id), Some(name)) = (id, name) {
            if !ids.insert(id.clone()) {
                r.error(
                    join(&p, "id"),
                    format!("\"{id}\" is used by an earlier option"),
                );
            }
            out.push(ProductOption { id, name, values });
        }
    }
    out
}

impl Reader {
    /// A plain-string option value: both its id and its label.
    fn id_like_label(&mut self, value: &Value, path: &str) -> Option<OptionValue> {
        let s = self.string(value, path, limits::LABEL)?;
        Some(OptionValue {
            id: s.clone(),
            label: crate::text::Text::Plain(s),
        })
    }
}
