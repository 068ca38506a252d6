use super::*;
use crate::text::Text;

fn cny() -> Currency {
    Currency::from_code("CNY").unwrap_or_else(|| panic!("CNY"))
}

fn read(text: &str) -> Result<Decoded<SheetCatalog>, Rejected> {
    decode_csv_catalog(text.as_bytes(), cny(), "zh-CN")
}

fn errors(text: &str) -> Vec<String> {
    match read(text) {
        Ok(_) => panic!("read without errors: {text}"),
        Err(r) => r.errors.iter().map(ToString::to_string).collect(),
    }
}

const TOTE: &str = "\u{feff}id,title:zh-CN,title:en,price,option1 name:zh-CN,option1 name:en,option1:zh-CN,option1:en,option1 value id,option2 name,option2,sku,stock,images,category,tags\r\n\
tote,帆布袋,\"Tote, linen\",79,颜色,Colour,本色,Natural,natural,Size,S,TOTE-NAT-S,4,img/a.svg img/b.svg,Bags,\"linen, 布\"\r\n\
tote,帆布袋,\"Tote, linen\",89,颜色,Colour,本色,Natural,natural,Size,L,TOTE-NAT-L,0,,Bags,\r\n\
cup,\"杯子\",Cup,\"12.50\",,,,,,,,,,,,\r\n";

#[test]
fn rows_of_one_id_are_one_product_with_a_variant_per_row() {
    let decoded = read(TOTE).unwrap_or_else(|r| panic!("{:?}", r.errors));
    assert!(decoded.warnings.is_empty(), "{:?}", decoded.warnings);
    let catalog = decoded.value.catalog;
    assert_eq!(catalog.products.len(), 2);
    let tote = &catalog.products[0];
    assert_eq!(tote.title.get("en", "zh-CN"), "Tote, linen");
    assert_eq!(tote.images, ["img/a.svg", "img/b.svg"]);
    assert_eq!(tote.tags, ["linen", "布"]);
    assert_eq!(tote.options.len(), 2);
    assert_eq!(
        tote.options[0].id, "option1",
        "a name without ascii gets its slot's id"
    );
    assert_eq!(tote.options[1].id, "Size");
    assert_eq!(tote.options[0].values[0].id, "natural");
    assert_eq!(tote.variants.len(), 2);
    assert_eq!(tote.variants[1].stock, Some(0));
    assert_eq!(tote.variants[1].price.map(|m| m.0), Some(8900));
    assert_eq!(catalog.categories[0].id, "Bags");
    assert_eq!(catalog.categories[0].name, Text::Plain("Bags".into()));
    let cup = &catalog.products[1];
    assert_eq!(cup.price.map(|m| m.0), Some(1250));
    assert_eq!(cup.variants[0].sku, "cup");
}

#[test]
fn a_bad_price_is_said_by_its_row_and_column_with_the_product() {
    let said = errors("id,title,Price\ntea,Tea,28元\n");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("row 2 (tea), Price: \"28元\""),
        "{said:?}"
    );
}

#[test]
fn a_duplicate_sku_names_the_row_that_repeats_it() {
    let said = errors("id,title,price,sku\ntea,Tea,1,T-1\ncup,Cup,2,T-1\n");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("row 3 (cup), sku: \"T-1\" is used by an earlier"),
        "{said:?}"
    );
}

#[test]
fn a_row_without_a_product_id_is_an_error() {
    let said = errors("id,title,price\ntea,Tea,1\n,Cup,2\n");
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(
        said[0].starts_with("row 3, id: is empty; every row needs the id"),
        "{said:?}"
    );
}

#[test]
fn an_unknown_column_is_a_warning_and_the_rest_is_read() {
    let decoded =
        read("id,title,price,colour\ntea,Tea,1,red\n").unwrap_or_else(|r| panic!("{:?}", r.errors));
    assert_eq!(decoded.warnings.len(), 1);
    assert!(decoded.warnings[0]
        .to_string()
        .starts_with("row 1, colour: unknown column, ignored"));
}

#[test]
fn the_rows_of_a_product_must_agree_on_its_columns() {
    let text = "id,title,option1 name,option1,sku,price\n\
tote,Tote,Size,S,T-S,1\n\
tote,Tote bag,Size,L,T-L,1\n\
tote,,Size,M,T-M,1\n";
    let said = errors(text);
    assert_eq!(
        said.len(),
        1,
        "an empty cell after the first row is no disagreement: {said:?}"
    );
    assert!(
        said[0].starts_with(
            "row 3, title: differs from row 2 (\"Tote\"); the rows of product \"tote\" must agree"
        ),
        "{said:?}"
    );
}

#[test]
fn a_second_row_without_options_and_a_missing_title_or_price_are_named() {
    let said = errors("id,title,price\ntea,Tea,1\ntea,Tea,2\ncup,,\n");
    assert!(
        said.iter()
            .any(|s| s.starts_with("row 3, id: is a second row of product \"tea\"")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("row 4, title: is empty; product \"cup\" needs a title")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|s| s.starts_with("row 4, price: is empty; write the price of product \"cup\"")),
        "{said:?}"
    );
}

#[test]
fn a_variant_row_needs_a_sku_and_an_option_value_needs_its_option_name() {
    let said = errors("id,title,price,option1 name,option1,option2,sku\ntote,Tote,1,Size,S,red,\n");
    assert!(
        said.iter().any(|s| s.starts_with(
            "row 2, option2: holds a value, but product \"tote\" has no option2 name"
        )),
        "{said:?}"
    );
    assert!(
        said.iter().any(|s| s.starts_with(
            "row 2, sku: is empty; each variant of product \"tote\" needs its own sku"
        )),
        "{said:?}"
    );
}

#[test]
fn a_bad_stock_says_what_to_write() {
    let said = errors("id,title,price,stock\na,A,1,3.5\nb,B,1,\"1,000\"\nc,C,1,-2\n");
    assert_eq!(said.len(), 3, "{said:?}");
    assert!(
        said[0].starts_with("row 2, stock: \"3.5\" is not a whole number"),
        "{said:?}"
    );
    assert!(
        said[1].starts_with("row 3, stock: write 1000, without separators"),
        "{said:?}"
    );
    assert!(
        said[2].starts_with("row 4, stock: is below zero"),
        "{said:?}"
    );
}

#[test]
fn the_catalogs_checks_speak_of_rows_and_columns() {
    // compare-at below the price: the catalog's own rule, said at the cell.
    let said = errors("id,title,price,compare at\ntea,Tea,10,8\n");
    assert_eq!(said, ["row 2 (tea), compare at: must be above price (it is the former price shown struck through)"]);
}

#[test]
fn a_plain_title_is_the_first_languages_next_to_other_languages() {
    let decoded = read("id,title,title:en,price\ntea,茶,Tea,1\n")
        .unwrap_or_else(|r| panic!("{:?}", r.errors));
    let title = &decoded.value.catalog.products[0].title;
    assert_eq!(title.get("zh-CN", "zh-CN"), "茶");
    assert_eq!(title.get("en", "zh-CN"), "Tea");
    let said = errors("id,title,title:zh-CN,price\ntea,茶,绿茶,1\n");
    assert!(
        said[0].starts_with("row 2, title: and title:zh-CN both hold the text in zh-CN"),
        "{said:?}"
    );
}

#[test]
fn the_catalog_json_for_the_storefront_reads_as_the_same_catalog() {
    let decoded = read(TOTE).unwrap_or_else(|r| panic!("{:?}", r.errors));
    let text = serde_json::to_string(&decoded.value.json).unwrap_or_default();
    let again =
        crate::decode::decode_catalog(&text, cny()).unwrap_or_else(|r| panic!("{:?}", r.errors));
    assert_eq!(again.value, decoded.value.catalog);
}

#[test]
fn the_quick_form_names_the_option_in_the_header() {
    let text = "id,title,price,option:Size,option:Colour,sku\n\
tote,Tote,79,S,Red,T-S-R\n\
tote,Tote,89,L,Red,T-L-R\n\
cup,Cup,12,,,\n";
    let decoded = read(text).unwrap_or_else(|r| panic!("{:?}", r.errors));
    let tote = &decoded.value.catalog.products[0];
    assert_eq!(tote.options.len(), 2);
    assert_eq!(tote.options[0].id, "Size");
    assert_eq!(tote.options[0].name, Text::Plain("Size".into()));
    assert_eq!(tote.options[0].values.len(), 2);
    assert_eq!(tote.options[1].values.len(), 1);
    assert_eq!(
        tote.variants[1].options.get("Size").map(String::as_str),
        Some("L")
    );
    assert!(decoded.value.catalog.products[1].options.is_empty());
    let said = errors("id,title,price,option:,option:Size,option:size\ntea,Tea,1,,,\n");
    assert!(
        said[0].starts_with("row 1, option:: names no option"),
        "{said:?}"
    );
    assert!(
        said[1].starts_with("row 1, option:size: is a second column for option \"size\""),
        "{said:?}"
    );
}
