//! Rows into the catalog's JSON: rows with one product id are one product, in
//! the order of their first row; a row with option values is a variant. Every
//! value put in the JSON remembers its row and column, so the catalog's own
//! checks (the same as for shop.json) are said by row and column.

use super::columns::{Column, Field, OPTIONS};
use super::rows::{Row, Sheet};
use crate::problem::Problem;
use crate::rules::{is_id, suggest_id};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Where a value came from: its row (header = 1) and column, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Place {
    pub row: Option<u32>,
    pub column: Option<String>,
}

impl Place {
    fn at(row: u32, column: Option<&Column>) -> Place {
        Place {
            row: Some(row),
            column: column.map(|c| c.header.clone()),
        }
    }

    /// `row 12, price`, `row 12`, `column category` or nothing.
    pub fn path(&self) -> String {
        match (self.row, &self.column) {
            (Some(row), Some(column)) => format!("row {row}, {column}"),
            (Some(row), None) => format!("row {row}"),
            (None, Some(column)) => format!("column {column}"),
            (None, None) => String::new(),
        }
    }
}

/// The catalog JSON made from a sheet, and what was wrong on the way.
#[derive(Default)]
pub(super) struct Built {
    pub catalog: Value,
    /// JSON path (`products[3].variants[1].price`) to where its value came from.
    pub places: HashMap<String, Place>,
    pub errors: Vec<Problem>,
    /// The places of `errors`: the catalog's checks say nothing more about them.
    pub reported: HashSet<Place>,
    /// Each product's first row, in the catalog's order.
    pub first_rows: Vec<u32>,
}

impl Built {
    fn error(&mut self, place: Place, message: impl Into<String>) {
        self.errors.push(Problem::new(place.path(), message));
        self.reported.insert(place);
    }
}

/// The cells of one row, by column.
struct Cells<'s> {
    row: &'s Row,
    columns: &'s [Option<Column>],
}

impl<'s> Cells<'s> {
    /// The non-empty cells of `field`, with their column (trimmed, except a
    /// description, whose line breaks and spaces are the seller's).
    fn of(&self, field: Field) -> impl Iterator<Item = (&'s Column, &'s str)> + '_ {
        self.columns
            .iter()
            .zip(&self.row.cells)
            .filter_map(move |(c, cell)| {
                let c = c.as_ref().filter(|c| c.field == field)?;
                let value = if field == Field::Description {
                    cell.as_str()
                } else {
                    cell.trim()
                };
                (!value.trim().is_empty()).then_some((c, value))
            })
    }

    /// The one language-neutral cell of `field`.
    fn one(&self, field: Field) -> Option<(&'s Column, &'s str)> {
        self.of(field).find(|(c, _)| c.locale.is_none())
    }
}

/// A product's values of its product-level columns, agreed across its rows.
struct Agreed<'s> {
    /// Column index to (row, value).
    values: HashMap<usize, (u32, &'s str)>,
    columns: &'s [Option<Column>],
}

impl<'s> Agreed<'s> {
    fn cells(&self, field: Field) -> Vec<(&'s Column, u32, &'s str)> {
        let mut found: Vec<(usize, &'s Column, u32, &'s str)> = self
            .values
            .iter()
            .filter_map(|(i, (row, v))| {
                let c = self.columns[*i].as_ref()?;
                (c.field == field).then_some((*i, c, *row, *v))
            })
            .collect();
        found.sort_by_key(|(i, ..)| *i);
        found.into_iter().map(|(_, c, r, v)| (c, r, v)).collect()
    }

    fn one(&self, field: Field) -> Option<(&'s Column, u32, &'s str)> {
        self.cells(field)
            .into_iter()
            .find(|(c, ..)| c.locale.is_none())
    }
}

/// Text a buyer reads, from a plain cell and cells per language: plain alone is
/// one text for every language; with languages, a plain cell is the text of the
/// shop's first language. Also the text ids are made from (plain, else the first
/// language's, else the first given) and where each part came from.
struct Texts {
    value: Value,
    source: String,
    /// JSON path suffix (`""`, `.en`) to place.
    places: Vec<(String, Place)>,
}

fn text(cells: &[(&Column, u32, &str)], default_locale: &str, built: &mut Built) -> Option<Texts> {
    let plain = cells.iter().find(|(c, ..)| c.locale.is_none());
    let by_locale: Vec<&(&Column, u32, &str)> =
        cells.iter().filter(|(c, ..)| c.locale.is_some()).collect();
    match (plain, by_locale.is_empty()) {
        (None, true) => None,
        (Some((c, row, v)), true) => Some(Texts {
            value: Value::String((*v).to_owned()),
            source: (*v).to_owned(),
            places: vec![(String::new(), Place::at(*row, Some(c)))],
        }),
        (plain, false) => {
            let mut map = Map::new();
            let mut places = Vec::new();
            let mut first_place = None;
            for (c, row, v) in &by_locale {
                let locale = c.locale.clone().unwrap_or_default();
                let place = Place::at(*row, Some(c));
                first_place.get_or_insert_with(|| place.clone());
                places.push((format!(".{locale}"), place));
                map.insert(locale, Value::String((*v).to_owned()));
            }
            if let Some((c, row, v)) = plain {
                let place = Place::at(*row, Some(c));
                match map.get(default_locale) {
                    Some(Value::String(other)) if other != v => {
                        let locale_column = by_locale
                            .iter()
                            .find(|(c, ..)| c.locale.as_deref() == Some(default_locale))
                            .map_or_else(String::new, |(c, ..)| c.header.clone());
                        built.error(
                            place.clone(),
                            format!("and {locale_column} both hold the text in {default_locale}, the shop's first language, and they differ; keep one of the two"),
                        );
                    }
                    _ => {
                        places.push((format!(".{default_locale}"), place.clone()));
                        map.insert(default_locale.to_owned(), Value::String((*v).to_owned()));
                    }
                }
                first_place = Some(place);
            }
            let source = plain
                .map(|(_, _, v)| (*v).to_owned())
                .or_else(|| {
                    map.get(default_locale)
                        .and_then(Value::as_str)
                        .map(str::to_owned)
                })
                .or_else(|| by_locale.first().map(|(_, _, v)| (*v).to_owned()))
                .unwrap_or_default();
            places.push((String::new(), first_place.unwrap_or_default()));
            Some(Texts {
                value: Value::Object(map),
                source,
                places,
            })
        }
    }
}

/// A whole number of items, or the problem with it in words.
fn count(text: &str) -> Result<u64, String> {
    let t = text.trim();
    if let Ok(n) = t.parse::<u64>() {
        return Ok(n);
    }
    if t.starts_with('-') && t[1..].chars().all(|c| c.is_ascii_digit()) {
        return Err("is below zero; write 0 or more".to_owned());
    }
    let without_separators: String = t
        .chars()
        .filter(|c| !matches!(c, ',' | ' ' | '\''))
        .collect();
    if without_separators != t && without_separators.parse::<u64>().is_ok() {
        return Err(format!("write {without_separators}, without separators"));
    }
    Err(format!(
        "\"{t}\" is not a whole number; write the number of items, e.g. 3"
    ))
}

/// Images are separated by spaces or line breaks (a URL has neither; a comma
/// after one is dropped, as people list things).
fn images(cell: &str) -> Vec<Value> {
    cell.split_whitespace()
        .map(|s| s.trim_end_matches(','))
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

/// Tags are separated by commas (also `，` and `、`) or line breaks.
fn tags(cell: &str) -> Vec<Value> {
    cell.split([',', '，', '、', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

/// A category met in the `category` column.
struct CategoryEntry {
    id: String,
    name: Value,
    /// Where the name came from, to say which row disagrees.
    name_place: Place,
    first: Place,
    name_places: Vec<(String, Place)>,
}

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

/// A category's id for the `category` cell `cell`, adding the category when it
/// is new. The cell is an id (`green-tea`) or a name (`Green tea`, `绿茶`) when no
/// `category name` column names it: the id is then made from the name.
fn category(
    cell: &str,
    place: Place,
    names: &[(&Column, u32, &str)],
    default_locale: &str,
    categories: &mut Vec<CategoryEntry>,
    built: &mut Built,
) -> String {
    // A name in the category cell (not an id) is the first language's name, next
    // to the names per language.
    let mut names = names.to_vec();
    let column = names.first().map(|(c, ..)| *c);
    let category_column = Column {
        field: super::columns::Field::CategoryName,
        locale: None,
        header: place.column.clone().unwrap_or_default(),
        option: None,
    };
    if !is_id(cell) && column.is_some() && !names.iter().any(|(c, ..)| c.locale.is_none()) {
        names.push((&category_column, place.row.unwrap_or(0), cell));
    }
    let named = text(&names, default_locale, built);
    let id = if is_id(cell) {
        cell.to_owned()
    } else if let Some(made) = suggest_id(cell) {
        made
    } else if let Some(known) = categories
        .iter()
        .find(|c| matches!(&c.name, Value::String(n) if n == cell))
    {
        known.id.clone()
    } else {
        format!("category-{}", categories.len() + 1)
    };
    let (name, name_place, name_places) = match named {
        Some(t) => {
            let first = t.places.last().map(|(_, p)| p.clone()).unwrap_or_default();
            (t.value, first, t.places)
        }
        None => (
            Value::String(cell.to_owned()),
            place.clone(),
            vec![(String::new(), place.clone())],
        ),
    };
    match categories.iter().find(|c| c.id == id) {
        Some(known) if known.name != name => {
            let first_row = known.name_place.row.unwrap_or(0);
            built.error(
                name_place,
                format!("names category \"{id}\" differently from row {first_row}; every row of one category must give it the same name"),
            );
        }
        Some(_) => {}
        None => categories.push(CategoryEntry {
            id: id.clone(),
            name,
            name_place,
            first: place,
            name_places,
        }),
    }
    id
}

/// One option of a product (a slot: option1, option2 or option3).
struct Slot {
    id: String,
    name: Value,
    place: Place,
    id_place: Place,
    name_places: Vec<(String, Place)>,
    values: Vec<OptionValue>,
    /// Each row's value id.
    row_values: Vec<(u32, String)>,
    /// The value column, to name in problems.
    value_column: Option<Column>,
}

impl Slot {
    fn value_place(&self, row: u32) -> Place {
        Place::at(row, self.value_column.as_ref())
    }
}

struct OptionValue {
    id: String,
    label: Value,
    place: Place,
    label_places: Vec<(String, Place)>,
}

/// The product's options, from `optionN name` and the rows' `optionN` values.
fn option_slots(
    id: &str,
    rows: &[Cells<'_>],
    agreed: &Agreed<'_>,
    default_locale: &str,
    built: &mut Built,
) -> Vec<Slot> {
    let mut slots = Vec::new();
    for k in 0..OPTIONS {
        let value_column = agreed
            .columns
            .iter()
            .flatten()
            .find(|c| c.field == Field::OptionValue(k))
            .cloned();
        let name = text(&agreed.cells(Field::OptionName(k)), default_locale, built);
        let with_values: Vec<&Cells<'_>> = rows
            .iter()
            .filter(|c| c.of(Field::OptionValue(k)).any(|_| true))
            .collect();
        let Some(name) = name else {
            if let Some(first) = with_values.first() {
                built.error(
                    Place::at(first.row.number, value_column.as_ref()),
                    format!("holds a value, but product \"{id}\" has no option{} name; write the option's name (such as Size) in option{} name", k + 1, k + 1),
                );
            }
            continue;
        };
        let name_place = name
            .places
            .last()
            .map(|(_, p)| p.clone())
            .unwrap_or_default();
        let (option_id, id_place) = match agreed.one(Field::OptionId(k)) {
            Some((c, row, v)) => (v.to_owned(), Place::at(row, Some(c))),
            None => (
                if is_id(&name.source) {
                    name.source.clone()
                } else {
                    suggest_id(&name.source).unwrap_or_else(|| format!("option{}", k + 1))
                },
                name_place.clone(),
            ),
        };
        let mut slot = Slot {
            id: option_id,
            name: name.value,
            place: name_place,
            id_place,
            name_places: name.places,
            values: Vec::new(),
            row_values: Vec::new(),
            value_column: value_column.clone(),
        };
        for cells in &with_values {
            let row = cells.row.number;
            let labels: Vec<(&Column, u32, &str)> = cells
                .of(Field::OptionValue(k))
                .map(|(c, v)| (c, row, v))
                .collect();
            let Some(label) = text(&labels, default_locale, built) else {
                continue;
            };
            let value_id = cells
                .one(Field::OptionValueId(k))
                .map_or_else(|| label.source.clone(), |(_, v)| v.to_owned());
            match slot.values.iter().find(|v| v.id == value_id) {
                Some(known) if known.label != label.value => {
                    let first_row = known.place.row.unwrap_or(0);
                    built.error(
                        Place::at(row, value_column.as_ref()),
                        format!("labels value \"{value_id}\" differently from row {first_row}; the rows of product \"{id}\" must label one value the same"),
                    );
                }
                Some(_) => {}
                None => slot.values.push(OptionValue {
                    id: value_id.clone(),
                    label: label.value,
                    place: Place::at(row, value_column.as_ref()),
                    label_places: label.places,
                }),
            }
            slot.row_values.push((row, value_id));
        }
        slots.push(slot);
    }
    // The quick form: `option:Size`, its name in the header, a plain value per row.
    for column in agreed.columns.iter().flatten() {
        let (Field::NamedOption(_), Some(name)) = (column.field, &column.option) else {
            continue;
        };
        let with_values: Vec<(u32, &str)> = rows
            .iter()
            .filter_map(|c| c.of(column.field).next().map(|(_, v)| (c.row.number, v)))
            .collect();
        let Some((first_row, _)) = with_values.first() else {
            continue;
        };
        let place = Place::at(*first_row, Some(column));
        let option_id = if is_id(name) {
            name.clone()
        } else {
            suggest_id(name).unwrap_or_else(|| format!("option{}", slots.len() + 1))
        };
        let mut slot = Slot {
            id: option_id,
            name: Value::String(name.clone()),
            place: place.clone(),
            id_place: place.clone(),
            name_places: vec![(String::new(), place)],
            values: Vec::new(),
            row_values: Vec::new(),
            value_column: Some(column.clone()),
        };
        for (row, value) in with_values {
            if !slot.values.iter().any(|v| v.id == value) {
                slot.values.push(OptionValue {
                    id: value.to_owned(),
                    label: Value::String(value.to_owned()),
                    place: Place::at(row, Some(column)),
                    label_places: vec![(String::new(), Place::at(row, Some(column)))],
                });
            }
            slot.row_values.push((row, value.to_owned()));
        }
        slots.push(slot);
    }
    slots
}
