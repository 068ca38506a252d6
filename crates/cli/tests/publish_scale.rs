//! Large catalogs: `microshop generate` writes a shop `check` accepts, the same for
//! the same seed; a second publish after a one-product change rewrites only that
//! product's files and the catalog data that holds it (every other file keeps its
//! bytes and its modification time); the catalog is also published in parts. Also
//! what a republish keeps of the build before, and the summary's robots.txt hint.

mod common;
mod publishing;

use publishing::*;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;
use std::time::SystemTime;

fn microshop(args: &[&str], paths: &[&Path]) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .args(paths)
        .output()
        .expect("runs microshop");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn generate(out: &Path, products: &str, seed: &str) -> (bool, String, String) {
    microshop(
        &["generate", "--products", products, "--seed", seed],
        &[out],
    )
}

#[test]
fn a_generated_shop_passes_check_and_repeats_with_its_seed() {
    let scratch = Scratch::new("generate");
    let (a, b, c) = (
        scratch.0.join("a"),
        scratch.0.join("b"),
        scratch.0.join("c"),
    );
    let (ok, stdout, stderr) = generate(&a, "120", "7");
    assert!(ok, "{stdout}{stderr}");
    let (ok, stdout, stderr) = microshop(&["check"], &[&a.join("shop.json")]);
    assert!(ok, "check passes: {stdout}{stderr}");
    assert!(stdout.contains("120 products"), "{stdout}");

    let text = std::fs::read_to_string(a.join("shop.json")).expect("written");
    let shop: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        shop["locales"],
        serde_json::json!(["en", "zh-CN", "ja", "ar"])
    );
    let products = shop["catalog"]["products"].as_array().expect("products");
    assert!(products.iter().any(|p| p.get("options").is_some()));
    assert!(products.iter().any(|p| p.get("variants").is_none()));
    let titles: std::collections::BTreeSet<&str> = products
        .iter()
        .filter_map(|p| p["title"]["en"].as_str())
        .collect();
    assert!(titles.len() > 60, "varied titles: {}", titles.len());
    for locale in ["zh-CN", "ja", "ar"] {
        assert!(products[0]["title"][locale].is_string(), "{locale}");
    }
    for picture in products
        .iter()
        .flat_map(|p| p["images"].as_array().into_iter().flatten())
    {
        let picture = picture.as_str().expect("a path");
        assert!(a.join(picture).is_file(), "{picture}");
    }

    let (ok, _, _) = generate(&b, "120", "7");
    assert!(ok);
    assert_eq!(
        std::fs::read(b.join("shop.json")).expect("written"),
        text.as_bytes(),
        "the same seed writes the same shop"
    );
    let (ok, _, _) = generate(&c, "120", "8");
    assert!(ok);
    assert_ne!(
        std::fs::read(c.join("shop.json")).expect("written"),
        text.as_bytes()
    );

    // Bad input: a clear error, nothing written over.
    let (ok, _, stderr) = generate(&a, "5", "1");
    assert!(!ok && stderr.contains("is not empty"), "{stderr}");
    let (ok, _, stderr) = generate(&scratch.0.join("d"), "0", "1");
    assert!(!ok && stderr.contains("--products 0"), "{stderr}");
    let (ok, _, stderr) = generate(&scratch.0.join("d"), "10001", "1");
    assert!(!ok && stderr.contains("1 to 10000"), "{stderr}");
    let (ok, _, stderr) = microshop(
        &["generate", "--products", "3", "--currency", "XYZ"],
        &[&scratch.0.join("d")],
    );
    assert!(!ok && stderr.contains("--currency XYZ"), "{stderr}");
}

/// A shop published in parts (more than 200 products), changed in one product past
/// the feed's first page: the second publish writes exactly that product's page, its
/// data file and oEmbed answer, the cards file and the whole shop.json that hold it
/// (and perhaps its category's page, which shows the category's first cards); every
/// other file keeps its bytes and its modification time.
#[test]
fn a_one_product_change_rewrites_only_what_shows_that_product() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("republish");
    let shop = scratch.0.join("shop");
    let out = scratch.0.join("site");
    let (ok, stdout, stderr) = generate(&shop, "260", "3");
    assert!(ok, "{stdout}{stderr}");
    let manifest = shop.join("shop.json");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("0 unchanged"), "a new folder: {stdout}");
    let before = snapshot(&out);

    // The catalog in parts: one file per product (no compressed copies: about 1 KB
    // each, and a third of a large shop's files if they had them), the cards, the
    // first screens.
    let text = std::fs::read_to_string(&manifest).expect("shop");
    let mut value: Value = serde_json::from_str(&text).expect("JSON");
    let products = value["catalog"]["products"].as_array().expect("list");
    for p in products {
        let id = p["id"].as_str().expect("id");
        let data = format!("data/p/{id}.json");
        assert!(before.contains_key(&data), "{id}");
        assert!(!before.contains_key(&format!("{data}.br")), "{id}");
        assert!(!before.contains_key(&format!("{data}.gz")), "{id}");
        assert!(before.contains_key(&format!("oembed/p/{id}.json")), "{id}");
        // Its page, without copies either (one per product: a host compresses it
        // on the fly).
        let page = format!("p/{id}/index.html");
        assert!(before.contains_key(&page), "{page}");
        for copy in [format!("{page}.br"), format!("{page}.gz")] {
            assert!(!before.contains_key(&copy), "{copy}");
        }
    }
    let index: Value =
        serde_json::from_slice(&before["data/cards.json"].0).expect("the cards' index");
    assert_eq!(index["count"], 260);
    let cards: Value = serde_json::from_slice(&before["data/cards/1.json"].0).expect("cards");
    assert_eq!(cards["cards"].as_array().map(Vec::len), Some(260));
    for name in ["data/shop.json", "data/cards/1.json"] {
        for copy in [format!("{name}.br"), format!("{name}.gz")] {
            assert!(before.contains_key(&copy), "{copy}");
        }
    }
    // The whole shop.json stays for tools and `serve --site`, but no page of a shop
    // read in parts loads it: no compressed copies to make again on every change.
    for copy in ["shop.json.br", "shop.json.gz"] {
        assert!(!before.contains_key(copy), "{copy}");
    }

    // Nothing changed: nothing written.
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    assert!(stdout.contains("\n0 files written"), "{stdout}");
    let again = snapshot(&out);
    let changed: Vec<&String> = again
        .iter()
        .filter(|(name, file)| before.get(*name) != Some(*file))
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        changed,
        [".microshop-files"],
        "only the record is saved again"
    );

    // The last product (past the feed's first page, which data/shop.json holds)
    // changes its title.
    let last = value["catalog"]["products"]
        .as_array_mut()
        .and_then(|l| l.last_mut())
        .expect("a product");
    let id = last["id"].as_str().expect("id").to_owned();
    let category = last["category"].as_str().expect("category").to_owned();
    last["title"]["en"] = Value::String("Renamed teapot".to_owned());
    std::fs::write(&manifest, serde_json::to_string(&value).expect("JSON")).expect("saved");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let after = snapshot(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        before.keys().collect::<Vec<_>>(),
        "the same files"
    );
    let changed: std::collections::BTreeSet<String> = after
        .iter()
        .filter(|(name, file)| before.get(*name) != Some(*file))
        .map(|(name, _)| name.clone())
        .collect();
    let with_copies = |name: &str| [name.to_owned(), format!("{name}.br"), format!("{name}.gz")];
    let mut must: Vec<String> = vec![
        ".microshop-files".to_owned(),
        format!("p/{id}/index.html"),
        format!("data/p/{id}.json"),
        format!("oembed/p/{id}.json"),
        "shop.json".to_owned(),
    ];
    must.extend(with_copies("data/cards/1.json"));
    for name in &must {
        assert!(
            changed.contains(name),
            "{name} is written again: {changed:?}"
        );
    }
    // The category's page shows its first cards, which may include this product.
    let may: Vec<String> = with_copies(&format!("c/{category}/index.html")).into();
    let unexpected: Vec<&String> = changed
        .iter()
        .filter(|name| !must.contains(name) && !may.contains(name))
        .collect();
    assert!(
        unexpected.is_empty(),
        "written though unchanged: {unexpected:?}"
    );
    assert!(
        !changed.contains("data/shop.json"),
        "the feed's first page does not hold the product"
    );
    assert!(
        stdout.contains(&format!("\n{} files written", changed.len() - 1)),
        "the summary counts what was written (the record aside): {stdout}"
    );
    let page = String::from_utf8_lossy(&after[&format!("p/{id}/index.html")].0).into_owned();
    assert!(
        page.contains("Renamed teapot"),
        "the page has the new title"
    );
    let data = String::from_utf8_lossy(&after[&format!("data/p/{id}.json")].0).into_owned();
    assert!(data.contains("Renamed teapot"), "{data}");
    // Every file that did not change keeps its modification time too.
    for (name, (bytes, modified)) in &after {
        if !changed.contains(name) {
            assert_eq!(&before[name], &(bytes.clone(), *modified), "{name}");
        }
    }
}

/// The pages of a shop name the file the storefront opens: the whole `shop.json` up
/// to 200 products, the first page in parts (`data/shop.json`, the `data/` folder, a
/// product page's own file preloaded) beyond.
#[test]
fn a_large_shop_is_read_in_parts_and_a_small_one_whole() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("split");
    let head = |site: &Path, page: &str| {
        let html = std::fs::read_to_string(site.join(page)).expect("a page");
        let end = html.find("</head>").expect("a head");
        html[..end].to_owned()
    };
    for (products, split) in [("200", false), ("201", true)] {
        let shop = scratch.0.join(format!("shop-{products}"));
        let site = scratch.0.join(format!("site-{products}"));
        let (ok, stdout, stderr) = generate(&shop, products, "5");
        assert!(ok, "{stdout}{stderr}");
        let (ok, stdout, stderr) = publish(&shop.join("shop.json"), &site, BASE_URL, &dist);
        assert!(ok, "{stdout}{stderr}");
        let text = std::fs::read_to_string(shop.join("shop.json")).expect("shop");
        let value: Value = serde_json::from_str(&text).expect("JSON");
        let last = value["catalog"]["products"]
            .as_array()
            .and_then(|l| l.last())
            .and_then(|p| p["id"].as_str())
            .expect("an id")
            .to_owned();
        let feed = head(&site, "index.html");
        let product = head(&site, &format!("p/{last}/index.html"));
        let manifest = |path: &str| {
            format!("<meta name=\"microshop-manifest\" content=\"{BASE_PATH}{path}\">")
        };
        let own_file = format!("href=\"{BASE_PATH}data/p/{last}.json\"");
        // The offline shell keeps, from the start, the data the feed opens: the first
        // page in parts, never the whole shop.json that a large shop's pages do not read.
        let worker = std::fs::read_to_string(site.join("sw.js")).expect("the worker");
        let precache = worker
            .lines()
            .find(|l| l.starts_with("const PRECACHE = "))
            .expect("the precache list")
            .to_owned();
        let whole = format!("\"{BASE_PATH}shop.json\"");
        let first_page = format!("\"{BASE_PATH}data/shop.json\"");
        assert_eq!(precache.contains(&whole), !split, "{precache}");
        assert_eq!(precache.contains(&first_page), split, "{precache}");
        if split {
            for page in [&feed, &product] {
                assert!(page.contains(&manifest("data/shop.json")), "{page}");
                assert!(
                    page.contains(&format!(
                        "<meta name=\"microshop-catalog\" content=\"{BASE_PATH}data/\">"
                    )),
                    "{page}"
                );
            }
            assert!(product.contains(&own_file), "{product}");
            assert!(!feed.contains("data/p/"), "{feed}");
            let first: Value =
                serde_json::from_slice(&std::fs::read(site.join("data/shop.json")).expect("data"))
                    .expect("JSON");
            assert_eq!(
                first["catalog"]["products"].as_array().map(Vec::len),
                Some(48),
                "the feed's first page"
            );
        } else {
            for page in [&feed, &product] {
                assert!(page.contains(&manifest("shop.json")), "{page}");
                assert!(!page.contains("microshop-catalog"), "{page}");
            }
            assert!(!product.contains(&own_file), "{product}");
        }
    }
}

/// Every file's bytes but the record's (which holds modification times).
fn contents(out: &Path) -> BTreeMap<String, Vec<u8>> {
    snapshot(out)
        .into_iter()
        .filter(|(name, _)| name != ".microshop-files")
        .map(|(name, (bytes, _))| (name, bytes))
        .collect()
}

/// A republish keeps the product pages whose inputs did not change without
/// rendering them again; what it leaves in the folder must be what a publish of the
/// changed shop into a new folder writes, file by file. Each change is followed by
/// both: a product's title (one product page), a category's name (the pages of its
/// products and of the feed), a picture from another host (only that product's
/// inputs, but the site-wide policy every page carries), the seller's name (every
/// page); and pages changed or deleted on disk are written again.
#[test]
fn a_republish_writes_what_a_fresh_publish_of_the_changed_shop_writes() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("as-fresh");
    let shop = scratch.0.join("shop");
    let out = scratch.0.join("site");
    let (ok, stdout, stderr) = generate(&shop, "230", "4");
    assert!(ok, "{stdout}{stderr}");
    let manifest = shop.join("shop.json");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("shop")).expect("JSON");
    let first_id = value["catalog"]["products"][0]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    let second_id = value["catalog"]["products"][1]["id"]
        .as_str()
        .expect("id")
        .to_owned();
    type Change = fn(&mut Value);
    let changes: [(&str, Change); 4] = [
        ("a product's title", |shop| {
            shop["catalog"]["products"][229]["title"]["en"] = "Renamed teapot".into();
        }),
        ("a category's name", |shop| {
            shop["catalog"]["categories"][0]["name"]["en"] = "Renamed shelf".into();
        }),
        ("a picture on another host", |shop| {
            shop["catalog"]["products"][100]["images"] =
                serde_json::json!(["https://pictures.example/teapot.png"]);
        }),
        ("the seller's name", |shop| {
            shop["seller"]["name"]["en"] = "Renamed Goods".into();
        }),
    ];
    for (n, (what, change)) in changes.into_iter().enumerate() {
        change(&mut value);
        std::fs::write(&manifest, serde_json::to_string(&value).expect("JSON")).expect("saved");
        if n == 0 {
            // Pages the last publish wrote, changed or gone since: written again.
            let page = out.join(format!("p/{first_id}/index.html"));
            std::fs::write(&page, "changed by hand").expect("changed");
            // Product pages have no copies: the feed's copy is deleted by hand.
            std::fs::remove_file(out.join(format!("p/{second_id}/index.html"))).expect("removed");
            std::fs::remove_file(out.join("index.html.br")).expect("removed");
        }
        let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
        assert!(ok, "{what}: {stdout}{stderr}");
        let fresh = scratch.0.join(format!("fresh-{n}"));
        let (ok, stdout, stderr) = publish(&manifest, &fresh, BASE_URL, &dist);
        assert!(ok, "{what}: {stdout}{stderr}");
        let (republished, published) = (contents(&out), contents(&fresh));
        assert_eq!(
            republished.keys().collect::<Vec<_>>(),
            published.keys().collect::<Vec<_>>(),
            "{what}: the same files"
        );
        let differ: Vec<&String> = published
            .iter()
            .filter(|(name, bytes)| republished.get(*name) != Some(*bytes))
            .map(|(name, _)| name)
            .collect();
        assert!(
            differ.is_empty(),
            "{what}: republished unlike a fresh publish: {differ:?}"
        );
        std::fs::remove_dir_all(&fresh).expect("removed");
    }
    let feed =
        String::from_utf8(std::fs::read(out.join("index.html")).expect("feed")).expect("UTF-8");
    assert!(feed.contains("Renamed Goods"), "the last change shows");
    assert!(feed.contains("https://pictures.example"), "in the policy");
}

/// Every sku of a shop's JSON, with its product's id.
fn skus_of(shop: &Value) -> BTreeMap<String, String> {
    let mut skus = BTreeMap::new();
    for p in shop["catalog"]["products"].as_array().expect("products") {
        let id = p["id"].as_str().expect("id");
        let own = p["variants"]
            .as_array()
            .map(|v| v.iter().map(|v| &v["sku"]).collect())
            .unwrap_or_else(|| vec![&p["sku"]]);
        for sku in own {
            skus.insert(sku.as_str().expect("a sku").to_owned(), id.to_owned());
        }
    }
    skus
}

/// The sku index of a shop in parts, read back from the folder: each shard's skus
/// (every shard written, each sku in the shard `microshop_core`'s `shard` names).
fn sku_index(files: &BTreeMap<String, (Vec<u8>, SystemTime)>) -> BTreeMap<String, String> {
    let mut index = BTreeMap::new();
    for n in 0..microshop_core::catalog::skus::SHARDS {
        let name = format!("data/skus/{n:02x}.json");
        let (bytes, _) = files
            .get(&name)
            .unwrap_or_else(|| panic!("{name} is written"));
        let shard: BTreeMap<String, String> = serde_json::from_slice(bytes).expect("sku: id");
        for (sku, id) in shard {
            assert_eq!(
                microshop_core::catalog::skus::file_of(&sku),
                format!("skus/{n:02x}.json"),
                "{sku} is in its own shard"
            );
            assert!(index.insert(sku.clone(), id).is_none(), "{sku} once");
        }
    }
    index
}

/// A shop in parts carries a sku index for shared-cart links (which name skus
/// only): 256 shards, `data/skus/00.json` to `ff.json`, together every sku of the
/// shop with its product's id, each in the shard its hash names, none precached by
/// the offline worker. A sku renamed rewrites the shards of the old and the new sku
/// and no other; the folder is then what a fresh publish writes.
#[test]
fn a_shop_in_parts_has_a_sharded_sku_index() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("skus");
    let shop = scratch.0.join("shop");
    let out = scratch.0.join("site");
    let (ok, stdout, stderr) = generate(&shop, "240", "7");
    assert!(ok, "{stdout}{stderr}");
    let manifest = shop.join("shop.json");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let before = snapshot(&out);
    let mut value: Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).expect("shop")).expect("JSON");
    let skus = skus_of(&value);
    assert!(skus.len() > 240, "variants too: {}", skus.len());
    assert_eq!(sku_index(&before), skus, "every sku, with its product");
    let shards: Vec<&String> = before
        .keys()
        .filter(|name| name.starts_with("data/skus/") && name.ends_with(".json"))
        .collect();
    assert_eq!(shards.len(), 256, "{shards:?}");
    let worker = String::from_utf8_lossy(&before["sw.js"].0).into_owned();
    assert!(!worker.contains("data/skus/"), "not precached");

    // The last product's own sku (a product without variants) renamed.
    let product = value["catalog"]["products"]
        .as_array_mut()
        .and_then(|list| list.iter_mut().rev().find(|p| p["sku"].is_string()))
        .expect("a product without variants");
    let old = product["sku"].as_str().expect("sku").to_owned();
    let id = product["id"].as_str().expect("id").to_owned();
    let new = "RENAMED-1".to_owned();
    product["sku"] = Value::String(new.clone());
    std::fs::write(&manifest, serde_json::to_string(&value).expect("JSON")).expect("saved");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let after = snapshot(&out);
    let mut expected = skus.clone();
    expected.remove(&old);
    expected.insert(new.clone(), id);
    assert_eq!(sku_index(&after), expected);
    let changed: std::collections::BTreeSet<String> = after
        .iter()
        .filter(|(name, file)| name.starts_with("data/skus/") && before.get(*name) != Some(*file))
        .map(|(name, _)| name.clone())
        .collect();
    let shard_files = |sku: &str| {
        let name = format!("data/{}", microshop_core::catalog::skus::file_of(sku));
        [name.clone(), format!("{name}.br"), format!("{name}.gz")]
    };
    let must: std::collections::BTreeSet<String> = shard_files(&old)
        .into_iter()
        .chain(shard_files(&new))
        .filter(|name| before.contains_key(name))
        .collect();
    assert_eq!(changed, must, "only the two skus' shards");

    let fresh = scratch.0.join("fresh");
    let (ok, stdout, stderr) = publish(&manifest, &fresh, BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    let (republished, published) = (contents(&out), contents(&fresh));
    let differ: Vec<&String> = published
        .keys()
        .chain(republished.keys())
        .filter(|name| republished.get(*name) != published.get(*name))
        .collect();
    assert!(differ.is_empty(), "unlike a fresh publish: {differ:?}");
}

/// A one-product shop, for a publish from a stand-in dist.
fn small_shop() -> Value {
    serde_json::json!({
        "version": 1, "id": "lantern", "currency": "USD", "locales": ["en"],
        "seller": {"name": "Lantern", "avatar": "images/a.svg"},
        "catalog": {
            "categories": [{"id": "c1", "name": "Tea"}],
            "products": [{
                "id": "p1", "title": "Jasmine tea", "category": "c1",
                "images": ["images/a.svg"], "sku": "S-1", "price": "12.5", "stock": 3
            }]
        },
        "order": {"endpoint": "/api/orders"}
    })
}

/// Under a base path, the `robots.txt` publish writes is in the shop's folder, where
/// crawlers never read it (only the host's root one), so its `Sitemap:` line was
/// never found: the summary says so and gives the line for the root's `robots.txt`.
#[test]
fn under_a_base_path_publish_gives_the_line_for_the_roots_robots_txt() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("robots");
    let (manifest, dist) = seller_and_template(&scratch.0, &real_dist, &small_shop(), 600);
    let (ok, stdout, stderr) = publish(&manifest, &scratch.0.join("under"), BASE_URL, &dist);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        stdout.contains("crawlers read only https://example.github.io/robots.txt")
            && stdout.contains("\n  Sitemap: https://example.github.io/teashop/sitemap.xml\n"),
        "{stdout}"
    );
    let root = "https://example.github.io/";
    let (ok, stdout, stderr) = publish(&manifest, &scratch.0.join("root"), root, &dist);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        !stdout.contains("robots.txt"),
        "at the root it is read: {stdout}"
    );
}

/// A republish with a new build of the app keeps the build before's app files (and
/// their copies) one build longer: a page opened before it, with no offline worker
/// (a first visit, an embed's frame, an in-app browser), fetches its parts by their
/// old hashed names when the buyer opens the cart, and got 404s ("This part of the
/// shop did not load" and a "Try again" that could never work). A republish of the
/// same build (a new price) keeps them too; the build after the next removes them.
#[test]
fn a_new_build_keeps_the_build_befores_app_files_one_build_longer() {
    let Some(real_dist) = dist() else { return };
    let scratch = Scratch::new("builds");
    let shop = small_shop();
    let (manifest, template) = seller_and_template(&scratch.0, &real_dist, &shop, 600);
    let out = scratch.0.join("site");
    // A build: the template and a lazily loaded part named by its hash.
    let build = |name: &str, part: &str| {
        let dist = scratch.0.join(name);
        std::fs::create_dir_all(dist.join("words")).expect("dist");
        std::fs::copy(template.join("index.html"), dist.join("index.html")).expect("template");
        std::fs::write(dist.join(part), format!("the part of {name}")).expect("part");
        std::fs::write(dist.join(format!("words/en-{}.txt", &part[13..29])), name).expect("words");
        dist
    };
    let a = build("dist-a", "split_buying-0123456789abcdef.wasm");
    let b = build("dist-b", "split_buying-00000000000b0002.wasm");
    let c = build("dist-c", "split_buying-00000000000c0003.wasm");
    let present = |names: &[&str]| names.iter().all(|n| out.join(n).is_file());
    let absent = |names: &[&str]| names.iter().all(|n| !out.join(n).exists());
    let files_of = |part: &str| -> Vec<String> {
        let words = format!("words/en-{}.txt", &part[13..29]);
        vec![
            part.to_owned(),
            format!("{part}.br"),
            format!("{part}.gz"),
            words.clone(),
            format!("{words}.br"),
            format!("{words}.gz"),
        ]
    };
    let of_a = files_of("split_buying-0123456789abcdef.wasm");
    let of_b = files_of("split_buying-00000000000b0002.wasm");
    let of_c = files_of("split_buying-00000000000c0003.wasm");
    fn names(v: &[String]) -> Vec<&str> {
        v.iter().map(String::as_str).collect()
    }
    let worker = || std::fs::read_to_string(out.join("sw.js")).expect("sw.js");

    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &a);
    assert!(ok, "{stdout}{stderr}");
    assert!(present(&names(&of_a)), "the first build's files");

    // The next build: the old part is still there for a page opened before.
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &b);
    assert!(ok, "{stdout}{stderr}");
    assert!(present(&names(&of_b)), "the new build's files");
    assert!(
        present(&names(&of_a)),
        "the build before's files are kept: {stdout}"
    );
    assert!(
        stdout.contains("6 of the build before kept for pages still open on it"),
        "{stdout}"
    );
    // Only the new build is the shop's: its worker never names the old part.
    assert!(worker().contains(&of_b[0]) && !worker().contains(&of_a[0]));

    // The same build again, with a new price: the build before's files stay.
    std::fs::write(&manifest, shop.to_string().replace("\"12.5\"", "\"13.5\"")).expect("price");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &b);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        present(&names(&of_a)),
        "kept while the next build is the shop's: {stdout}"
    );

    // A third build: the first one's files go, the second's stay.
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &c);
    assert!(ok, "{stdout}{stderr}");
    assert!(absent(&names(&of_a)), "two builds old: removed ({stdout})");
    assert!(present(&names(&of_b)) && present(&names(&of_c)), "{stdout}");

    // The second build put back: its files are the shop's again, the third's kept.
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &b);
    assert!(ok, "{stdout}{stderr}");
    assert!(present(&names(&of_b)) && present(&names(&of_c)), "{stdout}");
    let (ok, stdout, stderr) = publish(&manifest, &out, BASE_URL, &a);
    assert!(ok, "{stdout}{stderr}");
    assert!(
        absent(&names(&of_c)),
        "the third build, two builds old: {stdout}"
    );
    assert!(present(&names(&of_a)) && present(&names(&of_b)), "{stdout}");
}
