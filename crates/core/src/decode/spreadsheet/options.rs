//! A product's options: `option1 name` ... with the rows' `option1` values, and
//! the quick form `option:<name>`.

use super::cells::{text, Agreed, Built, Cells, Place};
use super::columns::{Column, Field, OPTIONS};
use crate::rules::{is_id, suggest_id};
use serde_json::Value;

/// One option of a product (a slot: option1, option2 or option3).
pub(super) struct Slot {
    pub(super) id: String,
    pub(super) name: Value,
    pub(super) place: Place,
    pub(super) id_place: Place,
    pub(super) name_places: Vec<(String, Place)>,
    pub(super) values: Vec<OptionValue>,
    /// Each row's value id.
    pub(super) row_values: Vec<(u32, String)>,
    /// The value column, to name in problems.
    pub(super) value_column: Option<Column>,
}

impl Slot {
    pub(super) fn value_place(&self, row: u32) -> Place {
        Place::at(row, self.value_column.as_ref())
    }
}

pub(super) struct OptionValue {
    pub(super) id: String,
    pub(super) label: Value,
    pub(super) place: Place,
    pub(super) label_places: Vec<(String, Place)>,
}

/// The product's options, from `optionN name` and the rows' `optionN` values.
pub(super) fn option_slots(
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
