//! The header row: which column holds what. Names are matched as people type
//! them (case, spaces, `_` and `-` do not matter: `Compare-at price` is
//! `compare_at`), with a language after a colon where text differs by language
//! (`title:zh-CN`).

use crate::problem::Problem;
use crate::rules::{is_locale, nearest};

/// What a column holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(super) enum Field {
    Id,
    Title,
    Description,
    Images,
    Category,
    CategoryName,
    Tags,
    Added,
    MinQty,
    MaxQty,
    Price,
    CompareAt,
    Sku,
    Stock,
    /// An option's name (the product's `option1 name`, 0-based slot).
    OptionName(usize),
    /// An option's id, when it is not made from its name.
    OptionId(usize),
    /// A row's value of an option: its label.
    OptionValue(usize),
    /// A row's value id, when it is not its label.
    OptionValueId(usize),
    /// A row's value of the option the header names (`option:Size`), the quick
    /// form: the column's position tells these apart.
    NamedOption(usize),
}

impl Field {
    /// Whether every row of one product must agree on it.
    pub fn is_product_level(self) -> bool {
        !matches!(
            self,
            Field::Price
                | Field::CompareAt
                | Field::Sku
                | Field::Stock
                | Field::OptionValue(_)
                | Field::OptionValueId(_)
                | Field::NamedOption(_)
        )
    }

    /// Whether it may be given per language.
    fn by_language(self) -> bool {
        matches!(
            self,
            Field::Title
                | Field::Description
                | Field::CategoryName
                | Field::OptionName(_)
                | Field::OptionValue(_)
        )
    }

    /// The column's name as the documentation and `catalog export` write it.
    pub fn name(self) -> String {
        match self {
            Field::Id => "id".into(),
            Field::Title => "title".into(),
            Field::Description => "description".into(),
            Field::Images => "images".into(),
            Field::Category => "category".into(),
            Field::CategoryName => "category name".into(),
            Field::Tags => "tags".into(),
            Field::Added => "added".into(),
            Field::MinQty => "min qty".into(),
            Field::MaxQty => "max qty".into(),
            Field::Price => "price".into(),
            Field::CompareAt => "compare at".into(),
            Field::Sku => "sku".into(),
            Field::Stock => "stock".into(),
            Field::OptionName(k) => format!("option{} name", k + 1),
            Field::OptionId(k) => format!("option{} id", k + 1),
            Field::OptionValue(k) => format!("option{}", k + 1),
            Field::OptionValueId(k) => format!("option{} value id", k + 1),
            Field::NamedOption(_) => "option:<name>".into(),
        }
    }
}

/// The most options a product has (as in shop.json).
pub(super) const OPTIONS: usize = 3;

/// Every column name this reader knows, for "did you mean".
fn known_names() -> Vec<String> {
    let mut names: Vec<String> = [
        Field::Id,
        Field::Title,
        Field::Description,
        Field::Images,
        Field::Category,
        Field::CategoryName,
        Field::Tags,
        Field::Added,
        Field::MinQty,
        Field::MaxQty,
        Field::Price,
        Field::CompareAt,
        Field::Sku,
        Field::Stock,
    ]
    .iter()
    .map(|f| f.name())
    .collect();
    for k in 0..OPTIONS {
        for f in [
            Field::OptionName(k),
            Field::OptionId(k),
            Field::OptionValue(k),
            Field::OptionValueId(k),
        ] {
            names.push(f.name());
        }
    }
    names
}

/// One column of the header row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Column {
    pub field: Field,
    /// The language of its text, if it is per language.
    pub locale: Option<String>,
    /// The header as the seller wrote it, to name the column in problems.
    pub header: String,
    /// The option's name, for an `option:<name>` column.
    pub option: Option<String>,
}

/// `Compare-at price` -> `compare at price`.
fn normalised(name: &str) -> String {
    let spaced: String = name
        .trim()
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            c => c.to_ascii_lowercase(),
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field(name: &str) -> Option<Field> {
    Some(match name {
        "id" | "product id" | "product" => Field::Id,
        "title" => Field::Title,
        "description" => Field::Description,
        "images" | "image" | "image url" | "image urls" => Field::Images,
        "category" => Field::Category,
        "category name" => Field::CategoryName,
        "tags" | "tag" => Field::Tags,
        "added" | "date added" => Field::Added,
        "min qty" | "min quantity" => Field::MinQty,
        "max qty" | "max quantity" => Field::MaxQty,
        "price" => Field::Price,
        "compare at" | "compare at price" => Field::CompareAt,
        "sku" => Field::Sku,
        "stock" => Field::Stock,
        _ => return option_field(name),
    })
}

/// `option1 name`, `option 2`, `option3 value`, `option1 id`, `option2 value id`.
fn option_field(name: &str) -> Option<Field> {
    let rest = name.strip_prefix("option")?.trim_start();
    let digit = rest.chars().next()?.to_digit(10)? as usize;
    if !(1..=OPTIONS).contains(&digit) {
        return None;
    }
    let slot = digit - 1;
    Some(match rest[1..].trim() {
        "" | "value" => Field::OptionValue(slot),
        "name" => Field::OptionName(slot),
        "id" => Field::OptionId(slot),
        "value id" => Field::OptionValueId(slot),
        _ => return None,
    })
}

/// The header row read: each column's meaning (`None` for one that is ignored),
/// the errors (a column twice, a bad language, no id column) and the warnings
/// (unknown columns), each at row 1 with the column as written.
pub(super) fn header(cells: &[String]) -> (Vec<Option<Column>>, Vec<Problem>, Vec<Problem>) {
    let mut columns: Vec<Option<Column>> = Vec::new();
    let (mut errors, mut warnings) = (Vec::new(), Vec::new());
    let known = known_names();
    let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
    for (i, cell) in cells.iter().enumerate() {
        let header = cell.trim().to_owned();
        let at = |header: &str| {
            if header.is_empty() {
                format!("row 1, column {}", i + 1)
            } else {
                format!("row 1, {header}")
            }
        };
        if header.is_empty() {
            columns.push(None);
            continue;
        }
        let (name, locale) = match header.split_once(':') {
            Some((name, locale)) => (name, Some(locale.trim().to_owned())),
            None => (header.as_str(), None),
        };
        let name = normalised(name);
        if name == "option" {
            let option = locale.clone().unwrap_or_default();
            let twice = columns
                .iter()
                .flatten()
                .any(|c| c.option.as_deref().map(str::to_lowercase) == Some(option.to_lowercase()));
            if option.is_empty() || twice {
                let why = if option.is_empty() {
                    "names no option; write the option's name after the colon, such as \"option:Size\"".to_owned()
                } else {
                    format!("is a second column for option \"{option}\"; keep one of the two")
                };
                errors.push(Problem::new(at(&header), why));
                columns.push(None);
                continue;
            }
            columns.push(Some(Column {
                field: Field::NamedOption(i),
                locale: None,
                header: header.clone(),
                option: Some(option),
            }));
            continue;
        }
        let Some(field) = field(&name) else {
            let guess = nearest(&name, &known_refs)
                .map(|k| format!("; did you mean \"{k}\"?"))
                .unwrap_or_default();
            warnings.push(Problem::new(
                at(&header),
                format!("unknown column, ignored{guess} (docs/catalog-csv.md lists the columns)"),
            ));
            columns.push(None);
            continue;
        };
        if let Some(locale) = &locale {
            if !field.by_language() {
                errors.push(Problem::new(
                    at(&header),
                    format!(
                        "{} is the same in every language; name the column \"{}\" without \":{locale}\"",
                        field.name(),
                        field.name()
                    ),
                ));
                columns.push(None);
                continue;
            }
            if !is_locale(locale) {
                errors.push(Problem::new(
                    at(&header),
                    format!("\"{locale}\" is not a language tag; write one such as \"{}:en\" or \"{}:zh-CN\"", field.name(), field.name()),
                ));
                columns.push(None);
                continue;
            }
        }
        let column = Column {
            field,
            locale,
            header: header.clone(),
            option: None,
        };
        let twice = columns.iter().flatten().find(|c| {
            c.field == column.field
                && c.locale.as_deref().map(str::to_ascii_lowercase)
                    == column.locale.as_deref().map(str::to_ascii_lowercase)
        });
        if let Some(earlier) = twice {
            errors.push(Problem::new(
                at(&header),
                format!(
                    "is the same column as \"{}\" before it; keep one of the two",
                    earlier.header
                ),
            ));
            columns.push(None);
            continue;
        }
        columns.push(Some(column));
    }
    let has = |f: Field| columns.iter().flatten().any(|c| c.field == f);
    if !has(Field::Id) {
        errors.push(Problem::new(
            "row 1",
            "has no id column; add a column named \"id\" holding each product's id (the same on every row of one product)",
        ));
    }
    if !has(Field::Title) {
        errors.push(Problem::new(
            "row 1",
            "has no title column; add a column named \"title\" (or one per language, such as \"title:en\")",
        ));
    }
    (columns, errors, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn names_are_read_as_people_type_them() {
        let (columns, errors, warnings) = header(&cells(&[
            "ID",
            "Title:zh-CN",
            "Compare-at price",
            "Option 1 Name:en",
            "option1",
            "option2_value_id",
        ]));
        assert!(
            errors.is_empty() && warnings.is_empty(),
            "{errors:?} {warnings:?}"
        );
        let fields: Vec<Field> = columns.iter().flatten().map(|c| c.field).collect();
        assert_eq!(
            fields,
            [
                Field::Id,
                Field::Title,
                Field::CompareAt,
                Field::OptionName(0),
                Field::OptionValue(0),
                Field::OptionValueId(1)
            ]
        );
        assert_eq!(
            columns[1].as_ref().and_then(|c| c.locale.as_deref()),
            Some("zh-CN")
        );
    }

    #[test]
    fn an_unknown_column_is_a_warning_with_the_nearest_name() {
        let (columns, errors, warnings) = header(&cells(&["id", "title", "prise"]));
        assert!(errors.is_empty());
        assert_eq!(columns[2], None);
        assert_eq!(warnings[0].path, "row 1, prise");
        assert!(
            warnings[0].message.contains("did you mean \"price\""),
            "{}",
            warnings[0].message
        );
    }

    #[test]
    fn a_column_twice_a_bad_language_and_a_missing_id_are_errors() {
        let (_, errors, _) = header(&cells(&["title", "Title", "price:en", "title:zh_CN"]));
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(said[0].starts_with("row 1, Title: is the same column as \"title\""));
        assert!(said[1].starts_with("row 1, price:en: price is the same in every language"));
        assert!(said[2].starts_with("row 1, title:zh_CN: \"zh_CN\" is not a language tag"));
        assert!(said[3].starts_with("row 1: has no id column"));
    }
}
