//! Spreadsheet catalogs: JSON -> CSV -> JSON gives the same catalog, for the demo
//! shop and for a catalog using every column (languages, options, quotes, commas,
//! line breaks, CJK); and the CSV written again is the same text.

use microshop_core::decode::spreadsheet::{catalog_csv, decode_csv_catalog};
use microshop_core::{decode_catalog, decode_manifest, Catalog, CatalogSource, Currency};

fn round_trip(catalog: &Catalog, currency: Currency, default_locale: &str) -> String {
    let (csv, warnings) = catalog_csv(catalog, currency, default_locale)
        .unwrap_or_else(|e| panic!("cannot write: {e:?}"));
    assert!(warnings.is_empty(), "{warnings:?}");
    let back = decode_csv_catalog(csv.as_bytes(), currency, default_locale)
        .unwrap_or_else(|r| panic!("cannot read back: {:?}\n{csv}", r.errors));
    assert!(back.warnings.is_empty(), "{:?}", back.warnings);
    assert_eq!(&back.value.catalog, catalog, "{csv}");
    // What the storefront gets reads as the same catalog too.
    let json = serde_json::to_string(&back.value.json).unwrap_or_default();
    let from_json = decode_catalog(&json, currency).unwrap_or_else(|r| panic!("{:?}", r.errors));
    assert_eq!(&from_json.value, catalog);
    let (again, _) = catalog_csv(&back.value.catalog, currency, default_locale)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(again, csv, "written again, the CSV is the same text");
    csv
}

#[test]
fn the_demo_shop_goes_to_csv_and_back_unchanged() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../public/shop.json"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let manifest = decode_manifest(&text)
        .unwrap_or_else(|r| panic!("{:?}", r.errors))
        .value;
    let CatalogSource::Inline(catalog) = &manifest.catalog else {
        panic!("the demo's catalog is inline");
    };
    let csv = round_trip(catalog, manifest.currency, manifest.default_locale());
    assert!(
        csv.starts_with("\u{feff}id,"),
        "a byte order mark, so Excel reads the Chinese right"
    );
    assert!(csv.contains("\r\n"));
}

#[test]
fn a_catalog_using_every_column_goes_to_csv_and_back_unchanged() {
    let currency = Currency::from_code("CNY").unwrap_or_else(|| panic!("CNY"));
    let catalog = decode_catalog(include_str!("fixtures/every-column-catalog.json"), currency)
        .unwrap_or_else(|r| panic!("{:?}", r.errors))
        .value;
    let csv = round_trip(&catalog, currency, "zh-CN");
    let header = csv.lines().next().unwrap_or_default();
    for column in [
        "id",
        "sku",
        "title",
        "title:zh-CN",
        "title:en",
        "price",
        "compare at",
        "stock",
        "option1 name:zh-CN",
        "option1",
        "option2 name",
        "option2:zh-CN",
        "description:en",
        "images",
        "category",
        "category name:ja",
        "tags",
        "added",
        "min qty",
        "max qty",
        "option1 id",
        "option2 value id",
    ] {
        assert!(
            header
                .split(',')
                .any(|h| h.trim_start_matches('\u{feff}') == column),
            "{column} in {header}"
        );
    }
}

#[test]
fn what_a_spreadsheet_cannot_hold_is_said_before_it_is_lost() {
    let currency = Currency::from_code("CNY").unwrap_or_else(|| panic!("CNY"));
    let text = r#"{"categories": [{"id": "empty", "name": "Empty"}],
        "products": [{"id": "a", "title": "A", "price": "1", "tags": ["x, y"]}]}"#;
    let catalog = decode_catalog(text, currency)
        .unwrap_or_else(|r| panic!("{:?}", r.errors))
        .value;
    let problems = catalog_csv(&catalog, currency, "en")
        .err()
        .unwrap_or_default();
    let said: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("row 2, tags: \"x, y\" holds a comma"),
        "{said:?}"
    );
    let ok = r#"{"categories": [{"id": "empty", "name": "Empty"}], "products": [{"id": "a", "title": "A", "price": "1"}]}"#;
    let catalog = decode_catalog(ok, currency)
        .unwrap_or_else(|r| panic!("{:?}", r.errors))
        .value;
    let (_, warnings) = catalog_csv(&catalog, currency, "en").unwrap_or_else(|e| panic!("{e:?}"));
    assert!(
        warnings[0].message.contains("\"empty\" has no products"),
        "{warnings:?}"
    );
}

#[test]
fn the_template_in_the_docs_reads_without_problems() {
    let currency = Currency::from_code("CNY").unwrap_or_else(|| panic!("CNY"));
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/catalog-template.csv"
    ))
    .unwrap_or_else(|e| panic!("{e}"));
    let decoded = decode_csv_catalog(&bytes, currency, "zh-CN").unwrap_or_else(|r| {
        panic!(
            "{:?}",
            r.errors.iter().map(ToString::to_string).collect::<Vec<_>>()
        )
    });
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let catalog = decoded.value.catalog;
    assert_eq!(catalog.products.len(), 3);
    let green = &catalog.categories[0];
    assert_eq!(green.name.get("zh-CN", "zh-CN"), "绿茶");
    assert_eq!(green.name.get("en", "zh-CN"), "Green tea");
    let pearls = &catalog.products[0];
    assert_eq!(
        pearls.price.map(|m| m.0),
        Some(6800),
        "the product's own row"
    );
    assert_eq!(pearls.variants[0].price, None);
    assert_eq!(catalog.products[1].options.len(), 2);
}
