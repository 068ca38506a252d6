//! Spreadsheet (CSV) catalogs as a seller uses them: `check`, `serve`, `publish`
//! and `catalog export` on real files, a CSV link served over http, and files in
//! the encodings spreadsheet programs save when not told to use UTF-8.

mod common;
mod publishing;

use std::io::{Read as _, Write as _};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

fn microshop(args: &[&str], dir: &Path) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A seller's folder: the minimal fixture shop with `"catalog": {"url": catalog}`,
/// and `files` beside it.
fn seller(name: &str, catalog: &str, files: &[(&str, &[u8])]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("microshop-sheet-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../core/tests/fixtures/minimal.json"
    ))
    .expect("fixture");
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("json");
    manifest["catalog"] = serde_json::json!({ "url": catalog });
    manifest["seller"]["avatar"] = serde_json::Value::Null;
    manifest["order"]["endpoint"] = serde_json::json!("/api/orders");
    std::fs::write(dir.join("shop.json"), manifest.to_string()).expect("manifest");
    std::fs::write(
        dir.join("images/a.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>",
    )
    .expect("image");
    for (file, bytes) in files {
        std::fs::write(dir.join(file), bytes).expect("file");
    }
    dir
}

const GOOD: &str =
    "id,title,title:en,price,option1 name,option1,sku,stock,images,category,tags\r\n\
tea,绿茶,\"Green tea, \"\"spring\"\"\",28.00,,,,5,images/a.svg,Tea,\"green, 春\"\r\n\
tote,布袋,Tote,,Size,S,TOTE-S,1,images/a.svg,Goods,\r\n\
tote,布袋,Tote,,Size,L,TOTE-L,0,images/a.svg,Goods,\r\n";

fn with_prices(text: &str) -> String {
    // The tote's rows carry their own price.
    text.replace(",,Size,S,", ",79,Size,S,")
        .replace(",,Size,L,", ",89,Size,L,")
}

#[test]
fn check_reads_a_csv_catalog_with_a_bom_crlf_and_quoted_cells() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(with_prices(GOOD).as_bytes());
    let dir = seller("good", "products.csv", &[("products.csv", &bytes)]);
    let (code, out, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with(
            "ok: shop.json: shop \"tiny-shop\", 2 products in 2 categories, 3 variants"
        ),
        "{out}"
    );
    assert!(err.is_empty(), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn every_bad_row_is_said_by_its_row_and_column() {
    let csv = "id,title,price,sku,prise,images\n\
tea,Tea,28元,T-1,,images/a.svg\n\
cup,Cup,12,T-1,,images/a.svg\n\
,Bowl,3,B-1,,images/a.svg\n\
pot,Pot,5,P-1,,images/nope.svg\n\
lid,Lid,2,L-1,,images/a.svg,extra\n";
    let dir = seller("bad", "products.csv", &[("products.csv", csv.as_bytes())]);
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines,
        [
            "  warning: products.csv: row 1, prise: unknown column, ignored; did you mean \"price\"? (docs/catalog-csv.md lists the columns)",
            "shop.json: 4 problems:",
            "  error: products.csv: row 2 (tea), price: \"28元\" is more than a number; write only the number, e.g. \"28.00\"",
            "  error: products.csv: row 3 (cup), sku: \"T-1\" is used by an earlier product or variant; skus must be unique",
            "  error: products.csv: row 4, id: is empty; every row needs the id of its product (the same id on each row of one product, such as its variants)",
            "  error: products.csv: row 6: has 7 cells but the header row has 6 columns; a cell holding a comma must be in quotes (\"a, b\"), which spreadsheet programs do when they save",
        ],
        "{err}"
    );
    // Once the rows are right, the missing picture is named by its row.
    let fixed = csv
        .replace("28元", "28")
        .replace("12,T-1", "12,C-1")
        .replace(",Bowl", "bowl,Bowl")
        .replace(",extra", "");
    std::fs::write(dir.join("products.csv"), fixed).expect("write");
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "  error: products.csv: row 5 (pot), images: \"images/nope.svg\" points at no file"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

/// `max_qty: 0` (a product nobody can buy) is refused in a spreadsheet too, named
/// by its row and column as the sheet's other problems are.
#[test]
fn a_max_qty_of_zero_is_refused_by_its_row() {
    let csv = "id,title,price,max qty\ntea,Tea,28,3\ncup,Cup,12,0\n";
    let dir = seller(
        "max-qty",
        "products.csv",
        &[("products.csv", csv.as_bytes())],
    );
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(
            "  error: products.csv: row 3 (cup), max qty: is 0, so nobody could buy this product; \
             write at least 1, or leave it out for the default, 99 per order"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn an_unclosed_quote_names_the_line_it_opened_on() {
    let csv = "id,title,price\ntea,\"Tea,28\ncup,Cup,12\n";
    let dir = seller("quote", "products.csv", &[("products.csv", csv.as_bytes())]);
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1);
    assert!(
        err.contains(
            "error: products.csv: row 2: a quote (\") opened on line 2 of the file is never closed"
        ),
        "{err}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn one_problem_on_ten_thousand_rows_is_said_in_one_line() {
    let mut csv = String::from("id,title,price,images\n");
    for i in 0..10_000 {
        csv.push_str(&format!("p{i},Product {i},1,images/missing-{i}.svg\n"));
    }
    let dir = seller("many", "products.csv", &[("products.csv", csv.as_bytes())]);
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(
        lines.len(),
        2,
        "{}",
        lines.iter().take(5).copied().collect::<Vec<_>>().join("\n")
    );
    assert_eq!(lines[0], "shop.json: 10,000 problems:");
    assert!(
        lines[1].starts_with(
            "  error: products.csv: row 2 (p0), images: \"images/missing-0.svg\" points at no file"
        ),
        "{}",
        lines[1]
    );
    assert!(
        lines[1].ends_with(
            " — the same kind of problem on 10,000 rows: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …"
        ),
        "{}",
        lines[1]
    );
    assert!(lines[1].len() < 400, "bounded: {}", lines[1].len());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn a_csv_in_another_encoding_is_named_with_how_to_save_it_as_utf8() {
    // "绿茶" in GBK, "Café crème" in Windows-1252, and Excel's "Unicode Text" (UTF-16, tabs).
    let gbk: &[u8] = b"id,title,price\ntea,\xC2\xCC\xB2\xE8,28\ncup,\xB1\xAD\xD7\xD3,12\n";
    let latin1: &[u8] = b"id,title,price\ncafe,Caf\xE9 cr\xE8me,3\n";
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "id\ttitle\tprice\r\ntea\t茶\t28\r\n".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    let cases: [(&str, &[u8], &[&str]); 3] = [
        (
            "gbk",
            gbk,
            &[
                "products.csv: not UTF-8 text: line 2, byte 5 (bytes C2 CC)",
                "GBK",
            ],
        ),
        (
            "latin1",
            latin1,
            &[
                "products.csv: not UTF-8 text: line 2, byte 9 (bytes E9 20)",
                "Windows-1252",
            ],
        ),
        (
            "utf16",
            &utf16,
            &["products.csv: UTF-16 text (what Excel saves as \"Unicode Text\"), not UTF-8"],
        ),
    ];
    for (name, bytes, expected) in cases {
        let dir = seller(name, "products.csv", &[("products.csv", bytes)]);
        let (code, _, err) = microshop(&["check", "shop.json"], &dir);
        assert_eq!(code, 1, "{name}");
        for part in expected {
            assert!(err.contains(part), "{name}: {part} in {err}");
        }
        for program in ["Excel", "LibreOffice", "Numbers", "Google Sheets"] {
            assert!(
                err.contains(program),
                "{name}: how to save in {program}: {err}"
            );
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn a_shop_json_that_is_not_utf8_is_named_not_read_garbled() {
    let dir = seller("json-latin1", "products.csv", &[]);
    std::fs::write(
        dir.join("shop.json"),
        b"{\"version\": 1, \"id\": \"caf\xE9\"}".as_slice(),
    )
    .expect("write");
    let (code, _, err) = microshop(&["check", "shop.json"], &dir);
    assert_eq!(code, 1);
    assert!(err.contains("error: not UTF-8 text: line 1, byte 26 (bytes E9 22) cannot be read as UTF-8; it looks like Latin-1 (Windows-1252)"), "{err}");
    assert!(err.contains("Notepad"), "{err}");
    assert!(!err.contains("stream did not contain valid UTF-8"), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}

/// A one-file http server on a free port, answering every request with `body`
/// and `content_type`, until the test ends.
fn serve_once_per_request(body: Vec<u8>, content_type: &'static str) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut request = [0u8; 4096];
            let _ = stream.read(&mut request);
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(&body);
        }
    });
    url
}

#[test]
fn a_published_sheet_link_is_read_over_http_with_and_without_bom_and_crlf() {
    let lf = with_prices(GOOD).replace("\r\n", "\n");
    let mut bom_crlf = b"\xEF\xBB\xBF".to_vec();
    bom_crlf.extend(with_prices(GOOD).as_bytes());
    // A Google Sheets link says csv in its query; another host only in its type.
    for (body, content_type, path) in [
        (
            lf.into_bytes(),
            "text/csv; charset=utf-8",
            "/spreadsheets/d/e/x/pub?gid=0&single=true&output=csv",
        ),
        (bom_crlf, "text/csv", "/export"),
    ] {
        let url = format!("{}{path}", serve_once_per_request(body, content_type));
        let dir = seller("http", &url, &[]);
        let (code, out, err) = microshop(&["check", "shop.json"], &dir);
        assert_eq!(code, 0, "{url}: {err}");
        assert!(
            out.contains("2 products in 2 categories, 3 variants"),
            "{out}"
        );
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[test]
fn serve_hands_the_storefront_the_catalog_as_json_and_keeps_the_sheet() {
    let server = common::start_with("sheet", |dir| {
        let seller = dir.join("seller");
        std::fs::create_dir_all(seller.join("images")).expect("dir");
        let made = self::seller(
            "serve",
            "products.csv",
            &[("products.csv", with_prices(GOOD).as_bytes())],
        );
        for file in ["shop.json", "products.csv", "images/a.svg"] {
            std::fs::copy(made.join(file), seller.join(file)).expect("copy");
        }
        let _ = std::fs::remove_dir_all(made);
        Some(seller.join("shop.json"))
    });
    let text = ureq::get(&format!("{}/shop.json", server.url))
        .call()
        .expect("shop.json")
        .into_body()
        .read_to_string()
        .expect("text");
    let shop: serde_json::Value = serde_json::from_str(&text).expect("json");
    let products = shop["catalog"]["products"]
        .as_array()
        .expect("inline products");
    assert_eq!(products.len(), 2);
    assert_eq!(
        shop["catalog"]["products"][0]["title"]["en"],
        "Green tea, \"spring\""
    );
    assert_eq!(shop["catalog"]["categories"][0]["id"], "Tea");
    microshop_core::decode_manifest(&text).expect("the storefront reads it");
    // The sheet itself is not served: it may hold columns the seller keeps.
    let sheet = ureq::get(&format!("{}/products.csv", server.url))
        .call()
        .expect("answer")
        .into_body()
        .read_to_string()
        .expect("body");
    assert!(!sheet.contains("TOTE-S"), "{sheet}");
}

#[test]
fn serve_answers_a_shop_json_that_is_not_utf8_as_it_is_for_the_storefront_to_say() {
    let server = common::start_with("latin1", |dir| {
        let seller = dir.join("seller");
        std::fs::create_dir_all(&seller).expect("dir");
        std::fs::write(
            seller.join("shop.json"),
            b"{\"version\": 1, \"id\": \"caf\xE9\"}".as_slice(),
        )
        .expect("write");
        Some(seller.join("shop.json"))
    });
    server.log_line("not UTF-8 text: line 1, byte 26");
    let bytes = ureq::get(&format!("{}/shop.json", server.url))
        .call()
        .expect("shop.json")
        .into_body()
        .read_to_vec()
        .expect("body");
    assert_eq!(bytes, b"{\"version\": 1, \"id\": \"caf\xE9\"}");
}

#[test]
fn catalog_export_writes_a_sheet_that_check_reads_and_keeps_an_existing_one() {
    let dir = seller("export", "products.csv", &[]);
    let demo = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/shop.json");
    let (code, out, err) = microshop(&["catalog", "export", demo, "products.csv"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote 29 products (45 variants) into products.csv"),
        "{out}"
    );
    let (code, _, err) = microshop(&["catalog", "export", demo, "products.csv"], &dir);
    assert_eq!(code, 1);
    assert!(
        err.contains("products.csv exists; it may be a sheet you edited, so it is kept"),
        "{err}"
    );
    // The demo's manifest with the written sheet as its catalog passes check.
    let mut manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(demo).expect("demo")).expect("json");
    manifest["catalog"] = serde_json::json!({"url": "products.csv"});
    std::fs::write(dir.join("demo.json"), manifest.to_string()).expect("write");
    let public = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/images"));
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    for entry in std::fs::read_dir(public).expect("images") {
        let entry = entry.expect("entry");
        std::fs::copy(entry.path(), dir.join("images").join(entry.file_name())).expect("copy");
    }
    let (code, out, err) = microshop(&["check", "demo.json"], &dir);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("29 products in 5 categories, 45 variants"),
        "{out}"
    );
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn publish_writes_the_catalog_inside_shop_json_and_not_the_sheet() {
    let Some(dist) = publishing::dist() else {
        return;
    };
    let dir = seller(
        "publish",
        "products.csv",
        &[("products.csv", with_prices(GOOD).as_bytes())],
    );
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("microshop-publish-sheet");
    let (ok, stdout, stderr) =
        publishing::publish(&dir.join("shop.json"), &out, "https://shop.example/", &dist);
    assert!(ok, "{stdout}\n{stderr}");
    let shop: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("shop.json")).expect("shop.json"))
            .expect("json");
    assert_eq!(
        shop["catalog"]["products"][1]["variants"][1]["sku"],
        "TOTE-L"
    );
    assert!(!out.join("products.csv").exists());
    assert!(out.join("p/tote/index.html").is_file());
    let _ = std::fs::remove_dir_all(dir);
}

#[test]
fn serve_says_one_problem_on_ten_thousand_rows_in_one_line() {
    let mut csv = String::from("id,title,price,images\n");
    for i in 0..10_000 {
        csv.push_str(&format!("p{i},Product {i},1,images/missing-{i}.svg\n"));
    }
    let server = common::start_with("many", |dir| {
        let seller = dir.join("seller");
        let made = self::seller(
            "serve-many",
            "products.csv",
            &[("products.csv", csv.as_bytes())],
        );
        std::fs::create_dir_all(&seller).expect("dir");
        for file in ["shop.json", "products.csv"] {
            std::fs::copy(made.join(file), seller.join(file)).expect("copy");
        }
        let _ = std::fs::remove_dir_all(made);
        Some(seller.join("shop.json"))
    });
    let heading = server.log_line("has 10,000 problems");
    assert!(heading.contains("the shop still takes orders"), "{heading}");
    let line = server.log_line("error: ");
    assert!(
        line.ends_with(
            "— the same kind of problem on 10,000 rows: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …"
        ),
        "{line}"
    );
}
