//! Categories from the `category` column: an id, or a name the id is made from.

use super::cells::{text, Built, Place};
use super::columns::Column;
use crate::rules::{is_id, suggest_id};
use serde_json::Value;

/// A category met in the `category` column.
pub(super) struct CategoryEntry {
    pub(super) id: String,
    pub(super) name: Value,
    /// Where the name came from, to say which row disagrees.
    pub(super) name_place: Place,
    pub(super) first: Place,
    pub(super) name_places: Vec<(String, Place)>,
}

/// A category's id for the `category` cell `cell`, adding the category when it
/// is new. The cell is an id (`green-tea`) or a name (`Green tea`, `绿茶`) when no
/// `category name` column names it: the id is then made from the name.
pub(super) fn category(
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
