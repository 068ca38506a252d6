//! The sheet's cells as the catalog's values: where each came from, a product's
//! cells agreed across its rows, text per language, counts, image and tag lists.

use super::columns::{Column, Field};
use super::rows::Row;
use crate::problem::Problem;
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

/// Where a value came from: its row (header = 1) and column, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub(super) struct Place {
    pub row: Option<u32>,
    pub column: Option<String>,
}

impl Place {
    pub(super) fn at(row: u32, column: Option<&Column>) -> Place {
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
    pub(super) fn error(&mut self, place: Place, message: impl Into<String>) {
        self.errors.push(Problem::new(place.path(), message));
        self.reported.insert(place);
    }
}

/// The cells of one row, by column.
pub(super) struct Cells<'s> {
    pub(super) row: &'s Row,
    pub(super) columns: &'s [Option<Column>],
}

impl<'s> Cells<'s> {
    /// The non-empty cells of `field`, with their column (trimmed, except a
    /// description, whose line breaks and spaces are the seller's).
    pub(super) fn of(&self, field: Field) -> impl Iterator<Item = (&'s Column, &'s str)> + '_ {
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
    pub(super) fn one(&self, field: Field) -> Option<(&'s Column, &'s str)> {
        self.of(field).find(|(c, _)| c.locale.is_none())
    }
}

/// A product's values of its product-level columns, agreed across its rows.
pub(super) struct Agreed<'s> {
    /// Column index to (row, value).
    pub(super) values: HashMap<usize, (u32, &'s str)>,
    pub(super) columns: &'s [Option<Column>],
}

impl<'s> Agreed<'s> {
    pub(super) fn cells(&self, field: Field) -> Vec<(&'s Column, u32, &'s str)> {
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

    pub(super) fn one(&self, field: Field) -> Option<(&'s Column, u32, &'s str)> {
        self.cells(field)
            .into_iter()
            .find(|(c, ..)| c.locale.is_none())
    }
}

/// Text a buyer reads, from a plain cell and cells per language: plain alone is
/// one text for every language; with languages, a plain cell is the text of the
/// shop's first language. Also the text ids are made from (plain, else the first
/// language's, else the first given) and where each part came from.
pub(super) struct Texts {
    pub(super) value: Value,
    pub(super) source: String,
    /// JSON path suffix (`""`, `.en`) to place.
    pub(super) places: Vec<(String, Place)>,
}

pub(super) fn text(
    cells: &[(&Column, u32, &str)],
    default_locale: &str,
    built: &mut Built,
) -> Option<Texts> {
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
pub(super) fn count(text: &str) -> Result<u64, String> {
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
pub(super) fn images(cell: &str) -> Vec<Value> {
    cell.split_whitespace()
        .map(|s| s.trim_end_matches(','))
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}

/// Tags are separated by commas (also `，` and `、`) or line breaks.
pub(super) fn tags(cell: &str) -> Vec<Value> {
    cell.split([',', '，', '、', '\n', '\r'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| Value::String(s.to_owned()))
        .collect()
}
