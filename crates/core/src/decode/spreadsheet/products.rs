//! Rows into the catalog's JSON: rows with one product id are one product, in
//! the order of their first row; a row with option values is a variant. Every
//! value put in the JSON remembers its row and column, so the catalog's own
//! checks (the same as for shop.json) are said by row and column.

use super::categories::{category, CategoryEntry};
use super::cells::{count, images, tags, text, Agreed, Built, Cells, Place};
use super::columns::{Column, Field};
use super::options::{option_slots, Slot};
use super::rows::Sheet;
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Builds the catalog JSON from `sheet`.
pub(super) fn build(sheet: &Sheet, columns: &[Option<Column>], default_locale: &str) -> Built {
    let mut built = Built::default();
    let id_column = columns.iter().flatten().find(|c| c.field == Field::Id);
    // Rows by product id, products in the order of their first row.
    let mut order: Vec<&str> = Vec::new();
    let mut rows_of: HashMap<&str, Vec<Cells<'_>>> = HashMap::new();
    for row in &sheet.rows {
        let cells = Cells { row, columns };
        match cells.one(Field::Id) {
            Some((_, id)) => {
                let list = rows_of.entry(id).or_default();
                if list.is_empty() {
                    order.push(id);
                }
                list.push(cells);
            }
            None if id_column.is_some() => built.error(
                Place::at(row.number, id_column),
                "is empty; every row needs the id of its product (the same id on each row of one product, such as its variants)",
            ),
            None => {}
        }
    }
    let mut categories: Vec<CategoryEntry> = Vec::new();
    let mut products = Vec::new();
    for (i, id) in order.iter().enumerate() {
        let rows = rows_of.remove(id).unwrap_or_default();
        let path = format!("products[{i}]");
        built
            .first_rows
            .push(rows.first().map_or(0, |c| c.row.number));
        let product = product(
            &path,
            id,
            &rows,
            columns,
            default_locale,
            &mut categories,
            &mut built,
        );
        products.push(product);
    }
    let mut category_values = Vec::new();
    for (k, c) in categories.iter().enumerate() {
        let path = format!("categories[{k}]");
        built.places.insert(path.clone(), c.first.clone());
        built.places.insert(format!("{path}.id"), c.first.clone());
        for (suffix, place) in &c.name_places {
            built
                .places
                .insert(format!("{path}.name{suffix}"), place.clone());
        }
        let mut value = Map::new();
        value.insert("id".into(), Value::String(c.id.clone()));
        value.insert("name".into(), c.name.clone());
        category_values.push(Value::Object(value));
    }
    let mut catalog = Map::new();
    catalog.insert("categories".into(), Value::Array(category_values));
    catalog.insert("products".into(), Value::Array(products));
    built.catalog = Value::Object(catalog);
    built
}

/// The values of the product-level columns, checked to agree across `rows`.
fn agree<'s>(
    rows: &[Cells<'s>],
    columns: &'s [Option<Column>],
    id: &str,
    built: &mut Built,
) -> Agreed<'s> {
    let mut values: HashMap<usize, (u32, &'s str)> = HashMap::new();
    for cells in rows {
        for (i, (column, cell)) in columns.iter().zip(&cells.row.cells).enumerate() {
            let Some(column) = column
                .as_ref()
                .filter(|c| c.field.is_product_level() && c.field != Field::Id)
            else {
                continue;
            };
            let value = if column.field == Field::Description {
                cell.as_str()
            } else {
                cell.trim()
            };
            if value.trim().is_empty() {
                continue;
            }
            match values.get(&i) {
                None => {
                    values.insert(i, (cells.row.number, value));
                }
                Some((first_row, first)) if *first != value => {
                    let shown: String = first.chars().take(40).collect();
                    let cut = if first.chars().count() > 40 {
                        "…"
                    } else {
                        ""
                    };
                    built.error(
                        Place::at(cells.row.number, Some(column)),
                        format!("differs from row {first_row} (\"{shown}{cut}\"); the rows of product \"{id}\" must agree on {} (or leave it empty after the first)", column.header),
                    );
                }
                Some(_) => {}
            }
        }
    }
    Agreed { values, columns }
}

#[allow(clippy::too_many_arguments)]
fn product(
    path: &str,
    id: &str,
    rows: &[Cells<'_>],
    columns: &[Option<Column>],
    default_locale: &str,
    categories: &mut Vec<CategoryEntry>,
    built: &mut Built,
) -> Value {
    let first_row = rows.first().map_or(0, |c| c.row.number);
    let id_column = columns.iter().flatten().find(|c| c.field == Field::Id);
    built
        .places
        .insert(path.to_owned(), Place::at(first_row, None));
    built
        .places
        .insert(format!("{path}.id"), Place::at(first_row, id_column));
    let agreed = agree(rows, columns, id, built);
    let mut obj = Map::new();
    obj.insert("id".into(), Value::String(id.to_owned()));
    let put =
        |obj: &mut Map<String, Value>, built: &mut Built, key: &str, value: Value, place: Place| {
            built.places.insert(format!("{path}.{key}"), place);
            obj.insert(key.to_owned(), value);
        };
    for (field, key) in [(Field::Title, "title"), (Field::Description, "description")] {
        match text(&agreed.cells(field), default_locale, built) {
            Some(t) => {
                for (suffix, place) in t.places {
                    built.places.insert(format!("{path}.{key}{suffix}"), place);
                }
                obj.insert(key.into(), t.value);
            }
            None if field == Field::Title => {
                let column = columns.iter().flatten().find(|c| c.field == Field::Title);
                if column.is_some() {
                    built.error(
                        Place::at(first_row, column),
                        format!("is empty; product \"{id}\" needs a title (what buyers read)"),
                    );
                }
            }
            None => {}
        }
    }
    if let Some((c, row, v)) = agreed.one(Field::Images) {
        put(
            &mut obj,
            built,
            "images",
            Value::Array(images(v)),
            Place::at(row, Some(c)),
        );
    }
    if let Some((c, row, v)) = agreed.one(Field::Tags) {
        put(
            &mut obj,
            built,
            "tags",
            Value::Array(tags(v)),
            Place::at(row, Some(c)),
        );
    }
    if let Some((c, row, v)) = agreed.one(Field::Added) {
        put(
            &mut obj,
            built,
            "added",
            Value::String(v.to_owned()),
            Place::at(row, Some(c)),
        );
    }
    for (field, key) in [(Field::MinQty, "min_qty"), (Field::MaxQty, "max_qty")] {
        if let Some((c, row, v)) = agreed.one(field) {
            match count(v) {
                Ok(n) => put(
                    &mut obj,
                    built,
                    key,
                    Value::from(n),
                    Place::at(row, Some(c)),
                ),
                Err(why) => built.error(Place::at(row, Some(c)), why),
            }
        }
    }
    if let Some((c, row, v)) = agreed.one(Field::Category) {
        let names = agreed.cells(Field::CategoryName);
        let category = category(
            v,
            Place::at(row, Some(c)),
            &names,
            default_locale,
            categories,
            built,
        );
        put(
            &mut obj,
            built,
            "category",
            Value::String(category),
            Place::at(row, Some(c)),
        );
    }
    let slots = option_slots(id, rows, &agreed, default_locale, built);
    if slots.is_empty() {
        for extra in rows.iter().skip(1) {
            built.error(
                Place::at(extra.row.number, id_column),
                format!("is a second row of product \"{id}\" (first on row {first_row}), which has no option values to tell its rows apart; fill in option1 name and option1 on each of its rows, or give this row another id"),
            );
        }
        if let Some(cells) = rows.first() {
            row_values(path, cells, &mut obj, built);
            if !cells.of(Field::Price).any(|_| true) {
                let column = columns.iter().flatten().find(|c| c.field == Field::Price);
                built.error(
                    Place::at(first_row, column),
                    format!("is empty; write the price of product \"{id}\", e.g. 68.00"),
                );
            }
        }
        return Value::Object(obj);
    }
    let mut options = Vec::new();
    for (k, slot) in slots.iter().enumerate() {
        let at = format!("{path}.options[{k}]");
        built.places.insert(at.clone(), slot.place.clone());
        built
            .places
            .insert(format!("{at}.id"), slot.id_place.clone());
        for (suffix, place) in &slot.name_places {
            built
                .places
                .insert(format!("{at}.name{suffix}"), place.clone());
        }
        let mut values = Vec::new();
        for (m, v) in slot.values.iter().enumerate() {
            built
                .places
                .insert(format!("{at}.values[{m}]"), v.place.clone());
            for (suffix, place) in &v.label_places {
                built
                    .places
                    .insert(format!("{at}.values[{m}].label{suffix}"), place.clone());
            }
            built
                .places
                .insert(format!("{at}.values[{m}].id"), v.place.clone());
            let plain = matches!(&v.label, Value::String(s) if *s == v.id);
            values.push(if plain {
                v.label.clone()
            } else {
                let mut value = Map::new();
                value.insert("id".into(), Value::String(v.id.clone()));
                value.insert("label".into(), v.label.clone());
                Value::Object(value)
            });
        }
        let mut option = Map::new();
        option.insert("id".into(), Value::String(slot.id.clone()));
        option.insert("name".into(), slot.name.clone());
        option.insert("values".into(), Value::Array(values));
        options.push(Value::Object(option));
    }
    obj.insert("options".into(), Value::Array(options));
    let mut variants = Vec::new();
    let mut product_row_seen: Option<u32> = None;
    for cells in rows {
        let row = cells.row.number;
        let chosen: Vec<(usize, &Slot)> = slots
            .iter()
            .enumerate()
            .filter(|(_, s)| s.row_values.iter().any(|(r, _)| *r == row))
            .collect();
        if chosen.is_empty() {
            // The product's own row: its price and compare-at price, which
            // variants without their own share.
            if let Some(earlier) = product_row_seen {
                built.error(
                    Place::at(row, id_column),
                    format!("is a second row of product \"{id}\" without option values (the first is row {earlier}); each variant row needs its option values"),
                );
                continue;
            }
            product_row_seen = Some(row);
            row_values(path, cells, &mut obj, built);
            continue;
        }
        let j = variants.len();
        let at = format!("{path}.variants[{j}]");
        built.places.insert(at.clone(), Place::at(row, None));
        let mut variant = Map::new();
        let mut chosen_map = Map::new();
        for (_, slot) in &chosen {
            let value_id = slot
                .row_values
                .iter()
                .find(|(r, _)| *r == row)
                .map(|(_, id)| id.clone())
                .unwrap_or_default();
            built
                .places
                .insert(format!("{at}.options.{}", slot.id), slot.value_place(row));
            chosen_map.insert(slot.id.clone(), Value::String(value_id));
        }
        if let Some((_, slot)) = chosen.first() {
            built
                .places
                .insert(format!("{at}.options"), slot.value_place(row));
        }
        match cells.one(Field::Sku) {
            Some((c, sku)) => {
                built
                    .places
                    .insert(format!("{at}.sku"), Place::at(row, Some(c)));
                variant.insert("sku".into(), Value::String(sku.to_owned()));
            }
            None => {
                let column = columns.iter().flatten().find(|c| c.field == Field::Sku);
                built.error(
                    Place::at(row, column),
                    format!("is empty; each variant of product \"{id}\" needs its own sku, the name orders use for it (such as TEA-50G)"),
                );
            }
        }
        variant.insert("options".into(), Value::Object(chosen_map));
        money_and_stock(&at, cells, &mut variant, built);
        variants.push(Value::Object(variant));
    }
    obj.insert("variants".into(), Value::Array(variants));
    Value::Object(obj)
}

/// A product row's price, compare-at price, sku and stock into `obj`.
fn row_values(path: &str, cells: &Cells<'_>, obj: &mut Map<String, Value>, built: &mut Built) {
    if let Some((c, sku)) = cells.one(Field::Sku) {
        built
            .places
            .insert(format!("{path}.sku"), Place::at(cells.row.number, Some(c)));
        obj.insert("sku".into(), Value::String(sku.to_owned()));
    }
    money_and_stock(path, cells, obj, built);
}

fn money_and_stock(path: &str, cells: &Cells<'_>, obj: &mut Map<String, Value>, built: &mut Built) {
    let row = cells.row.number;
    for (field, key) in [(Field::Price, "price"), (Field::CompareAt, "compare_at")] {
        if let Some((c, v)) = cells.one(field) {
            built
                .places
                .insert(format!("{path}.{key}"), Place::at(row, Some(c)));
            obj.insert(key.into(), Value::String(v.to_owned()));
        }
    }
    if let Some((c, v)) = cells.one(Field::Stock) {
        match count(v) {
            Ok(n) => {
                built
                    .places
                    .insert(format!("{path}.stock"), Place::at(row, Some(c)));
                obj.insert("stock".into(), Value::from(n));
            }
            Err(why) => built.error(Place::at(row, Some(c)), why),
        }
    }
}
