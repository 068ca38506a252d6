//! A catalog written as a spreadsheet (CSV) that reads back as the same catalog:
//! `microshop catalog export`. One row per variant (and a product's own row when
//! it has a price its variants share); product columns repeated on each of its
//! rows, so sorting the sheet loses nothing.

use super::columns::{Field, OPTIONS};
use crate::manifest::{Catalog, Product, Variant};
use crate::money::Currency;
use crate::problem::Problem;
use crate::rules::{is_id, suggest_id};
use crate::text::Text;
use std::collections::BTreeSet;

/// A column of the written sheet.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Col {
    field: Field,
    locale: Option<String>,
}

impl Col {
    fn header(&self) -> String {
        match &self.locale {
            Some(l) => format!("{}:{l}", self.field.name()),
            None => self.field.name(),
        }
    }
}

/// One row being written: column to cell.
type Cells = Vec<(Col, String)>;

/// The languages of a text, the shop's first language first.
fn locales_in_order<'t>(
    map: &'t std::collections::BTreeMap<String, String>,
    default_locale: &str,
) -> Vec<(&'t str, &'t str)> {
    let mut out: Vec<(&str, &str)> = map
        .iter()
        .filter(|(l, _)| l.as_str() == default_locale)
        .chain(map.iter().filter(|(l, _)| l.as_str() != default_locale))
        .map(|(l, v)| (l.as_str(), v.as_str()))
        .collect();
    out.dedup();
    out
}

fn put_text(cells: &mut Cells, field: Field, text: &Text, default_locale: &str) {
    match text {
        Text::Plain(s) => cells.push((
            Col {
                field,
                locale: None,
            },
            s.clone(),
        )),
        Text::Localized(map) => {
            for (locale, s) in locales_in_order(map, default_locale) {
                cells.push((
                    Col {
                        field,
                        locale: Some(locale.to_owned()),
                    },
                    s.to_owned(),
                ));
            }
        }
    }
}

/// The text the reader makes an id from: plain, else the first language's, else
/// the first written.
fn source(text: &Text, default_locale: &str) -> String {
    match text {
        Text::Plain(s) => s.clone(),
        Text::Localized(map) => locales_in_order(map, default_locale)
            .first()
            .map(|(_, s)| (*s).to_owned())
            .unwrap_or_default(),
    }
}

fn put(cells: &mut Cells, field: Field, value: impl Into<String>) {
    cells.push((
        Col {
            field,
            locale: None,
        },
        value.into(),
    ));
}

/// The product's own columns, written on each of its rows.
fn product_cells(
    product: &Product,
    catalog: &Catalog,
    default_locale: &str,
    problems: &mut Vec<Problem>,
    row: usize,
) -> Cells {
    let mut cells = Cells::new();
    put(&mut cells, Field::Id, &product.id);
    put_text(&mut cells, Field::Title, &product.title, default_locale);
    if let Some(d) = &product.description {
        put_text(&mut cells, Field::Description, d, default_locale);
    }
    // Images are separated by spaces; a URL has none (the catalog's checks refuse one).
    if !product.images.is_empty() {
        put(&mut cells, Field::Images, product.images.join(" "));
    }
    if let Some(id) = &product.category {
        let name = catalog
            .categories
            .iter()
            .find(|c| &c.id == id)
            .map(|c| &c.name);
        match name {
            Some(Text::Plain(n))
                if n == id || (!is_id(n) && suggest_id(n).as_deref() == Some(id.as_str())) =>
            {
                put(&mut cells, Field::Category, n);
            }
            Some(name) => {
                put(&mut cells, Field::Category, id);
                put_text(&mut cells, Field::CategoryName, name, default_locale);
            }
            None => put(&mut cells, Field::Category, id),
        }
    }
    if !product.tags.is_empty() {
        for tag in &product.tags {
            if tag.contains([',', '，', '、', '\n', '\r']) {
                problems.push(Problem::new(
                    format!("row {row}, tags"),
                    format!("\"{tag}\" holds a comma or line break, which separate tags in a spreadsheet; change the tag in the shop first"),
                ));
            }
        }
        put(&mut cells, Field::Tags, product.tags.join(", "));
    }
    if let Some(added) = &product.added {
        put(&mut cells, Field::Added, added);
    }
    if let Some(n) = product.min_qty {
        put(&mut cells, Field::MinQty, n.to_string());
    }
    if let Some(n) = product.max_qty {
        put(&mut cells, Field::MaxQty, n.to_string());
    }
    for (k, option) in product.options.iter().enumerate().take(OPTIONS) {
        put_text(
            &mut cells,
            Field::OptionName(k),
            &option.name,
            default_locale,
        );
        let src = source(&option.name, default_locale);
        let made = if is_id(&src) {
            src
        } else {
            suggest_id(&src).unwrap_or_else(|| format!("option{}", k + 1))
        };
        if made != option.id {
            put(&mut cells, Field::OptionId(k), &option.id);
        }
    }
    cells
}

fn variant_cells(
    product: &Product,
    variant: &Variant,
    currency: Currency,
    default_locale: &str,
) -> Cells {
    let mut cells = Cells::new();
    put(&mut cells, Field::Sku, &variant.sku);
    if let Some(price) = variant.price {
        put(&mut cells, Field::Price, currency.format_plain(price));
    }
    if let Some(c) = variant.compare_at {
        put(&mut cells, Field::CompareAt, currency.format_plain(c));
    }
    if let Some(stock) = variant.stock {
        put(&mut cells, Field::Stock, stock.to_string());
    }
    for (k, option) in product.options.iter().enumerate().take(OPTIONS) {
        let Some(value) = variant
            .options
            .get(&option.id)
            .and_then(|id| option.values.iter().find(|v| &v.id == id))
        else {
            continue;
        };
        put_text(
            &mut cells,
            Field::OptionValue(k),
            &value.label,
            default_locale,
        );
        if source(&value.label, default_locale) != value.id {
            put(&mut cells, Field::OptionValueId(k), &value.id);
        }
    }
    cells
}

/// `catalog` as CSV text (UTF-8 with a byte order mark, so Excel reads its
/// Chinese right; CRLF), and warnings for what a spreadsheet cannot hold (a
/// category without products, an option value no variant uses). Refused, with
/// the problems, when a value would read back differently (a tag with a comma).
pub fn catalog_csv(
    catalog: &Catalog,
    currency: Currency,
    default_locale: &str,
) -> Result<(String, Vec<Problem>), Vec<Problem>> {
    let mut problems = Vec::new();
    let mut warnings = Vec::new();
    let mut rows: Vec<Cells> = Vec::new();
    for product in &catalog.products {
        let has_options = !product.options.is_empty();
        let base = product_cells(
            product,
            catalog,
            default_locale,
            &mut problems,
            rows.len() + 2,
        );
        let mut own = base.clone();
        if !has_options {
            if let Some(sku) = &product.sku {
                if sku != &product.id {
                    put(&mut own, Field::Sku, sku);
                }
            }
            if let Some(p) = product.price {
                put(&mut own, Field::Price, currency.format_plain(p));
            }
            if let Some(c) = product.compare_at {
                put(&mut own, Field::CompareAt, currency.format_plain(c));
            }
            if let Some(s) = product.stock {
                put(&mut own, Field::Stock, s.to_string());
            }
            rows.push(own);
            continue;
        }
        if product.price.is_some() || product.compare_at.is_some() {
            if let Some(p) = product.price {
                put(&mut own, Field::Price, currency.format_plain(p));
            }
            if let Some(c) = product.compare_at {
                put(&mut own, Field::CompareAt, currency.format_plain(c));
            }
            rows.push(own);
        }
        for variant in &product.variants {
            let mut cells = base.clone();
            cells.extend(variant_cells(product, variant, currency, default_locale));
            rows.push(cells);
        }
        for option in &product.options {
            for value in &option.values {
                let used = product
                    .variants
                    .iter()
                    .any(|v| v.options.get(&option.id) == Some(&value.id));
                if !used {
                    warnings.push(Problem::new(
                        format!("products ({})", product.id),
                        format!("value \"{}\" of option \"{}\" has no variant; a spreadsheet lists variants, so it is left out (buyers could not choose it anyway)", value.id, option.id),
                    ));
                }
            }
        }
    }
    let used: Vec<&str> = {
        let mut seen = BTreeSet::new();
        catalog
            .products
            .iter()
            .filter_map(|p| p.category.as_deref())
            .filter(|c| seen.insert(*c))
            .collect()
    };
    for category in &catalog.categories {
        if !used.contains(&category.id.as_str()) {
            warnings.push(Problem::new(
                "categories",
                format!("category \"{}\" has no products; a spreadsheet lists products, so it is left out", category.id),
            ));
        }
    }
    let listed: Vec<&str> = catalog
        .categories
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| used.contains(id))
        .collect();
    if listed != used {
        warnings.push(Problem::new(
            "categories",
            format!(
                "are shown in the order their first product comes in the sheet: {}",
                used.join(", ")
            ),
        ));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut columns: BTreeSet<Col> = BTreeSet::new();
    for row in &rows {
        columns.extend(row.iter().map(|(c, _)| c.clone()));
    }
    for field in [Field::Id, Field::Title, Field::Price] {
        columns.insert(Col {
            field,
            locale: None,
        });
    }
    // Fields in the documented order; a field's plain column before its languages.
    let columns: Vec<Col> = {
        let mut list: Vec<Col> = columns.into_iter().collect();
        list.sort_by_key(|c| {
            (
                column_rank(c.field),
                c.locale.is_some(),
                locale_rank(c, default_locale),
            )
        });
        list
    };
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let fail = |e: csv::Error| vec![Problem::new("", format!("cannot write CSV: {e}"))];
    writer
        .write_record(columns.iter().map(Col::header))
        .map_err(fail)?;
    for row in &rows {
        let record = columns.iter().map(|c| {
            row.iter()
                .find(|(col, _)| col == c)
                .map_or("", |(_, v)| v.as_str())
        });
        writer.write_record(record).map_err(fail)?;
    }
    let bytes = writer
        .into_inner()
        .map_err(|e| fail(e.into_error().into()))?;
    let text = String::from_utf8(bytes).map_err(|e| vec![Problem::new("", e.to_string())])?;
    Ok((text, warnings))
}

/// Where a field's columns go: what a seller edits most, first.
fn column_rank(field: Field) -> usize {
    match field {
        Field::Id => 0,
        Field::Sku => 1,
        Field::Title => 2,
        Field::Price => 3,
        Field::CompareAt => 4,
        Field::Stock => 5,
        Field::OptionName(k) => 10 + 2 * k,
        Field::OptionValue(k) => 11 + 2 * k,
        Field::Description => 20,
        Field::Images => 21,
        Field::Category => 22,
        Field::CategoryName => 23,
        Field::Tags => 24,
        Field::Added => 25,
        Field::MinQty => 26,
        Field::MaxQty => 27,
        Field::OptionId(k) => 30 + 2 * k,
        Field::OptionValueId(k) => 31 + 2 * k,
        Field::NamedOption(_) => 40,
    }
}

fn locale_rank(col: &Col, default_locale: &str) -> (bool, String) {
    let locale = col.locale.clone().unwrap_or_default();
    (locale != default_locale, locale)
}
