//! `microshop generate`: a valid shop of any size, for measuring what a large
//! catalog costs (publishing, the buyer's first visit, search) and for tests.
//! Text in four languages (en, zh-CN, ja, ar), categories, options and variants,
//! exact prices, stock, dates and tags, all drawn from the seed: the same seed and
//! size write the same bytes. No clock is read.

mod images;
mod words;

use microshop_core::decode::limits;
use microshop_core::{Currency, Money};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use words::{Choice, Kind, Word, ADJECTIVES, COLOURS, KINDS, LOCALES, PLACES, SENTENCES, SIZES};

/// What `generate` needs.
pub struct Options {
    /// The folder to write (new or empty).
    pub out: PathBuf,
    /// How many products.
    pub products: usize,
    /// Everything random comes from it.
    pub seed: u64,
    /// An ISO 4217 code.
    pub currency: String,
}

/// SplitMix64: a few lines, good enough to vary text, and the same on every machine.
struct Draw(u64);

impl Draw {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// True `percent` times in a hundred.
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
}

/// Writes the shop; returns the manifest's path.
pub fn run(options: &Options) -> Result<PathBuf, String> {
    if options.products == 0 || options.products > limits::PRODUCTS {
        return Err(format!(
            "--products {}: a shop holds 1 to {} products",
            options.products,
            limits::PRODUCTS
        ));
    }
    let currency = Currency::from_code(&options.currency).ok_or_else(|| {
        format!(
            "--currency {}: not an ISO 4217 code microshop knows (e.g. CNY, EUR, JPY, KWD)",
            options.currency
        )
    })?;
    let out = &options.out;
    if out.exists() {
        let mut entries =
            std::fs::read_dir(out).map_err(|e| format!("cannot list {}: {e}", out.display()))?;
        if entries.next().is_some() {
            return Err(format!(
                "{} is not empty; generate writes into a new or empty folder (nothing is replaced)",
                out.display()
            ));
        }
    }
    let images_dir = out.join("images");
    std::fs::create_dir_all(&images_dir)
        .map_err(|e| format!("cannot create {}: {e}", images_dir.display()))?;
    let write = |path: &Path, bytes: &[u8]| {
        std::fs::write(path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    };
    let mut pictures = Vec::new();
    for (k, kind) in KINDS.iter().enumerate() {
        let mut names = Vec::new();
        for n in 0..images::PER_KIND {
            let svg = images::svg(k, n);
            // The last category's pictures are photos (PNG): their own link previews.
            let name = if k + 1 == KINDS.len() {
                let name = format!("images/{}-{}.png", kind.id, n + 1);
                write(&out.join(&name), &images::png(&svg)?)?;
                name
            } else {
                let name = format!("images/{}-{}.svg", kind.id, n + 1);
                write(&out.join(&name), svg.as_bytes())?;
                name
            };
            names.push(name);
        }
        pictures.push(names);
    }
    write(&out.join("images/avatar.svg"), images::avatar().as_bytes())?;

    let mut draw = Draw(options.seed);
    let products: Vec<Value> = (0..options.products)
        .map(|i| product(&mut draw, i, currency, &pictures))
        .collect();
    let manifest = shop(currency);
    let text = with_products(&manifest, &products)?;
    let path = out.join("shop.json");
    write(&path, text.as_bytes())?;
    Ok(path)
}

/// A localized text from a word.
fn text(word: &Word) -> Value {
    Value::Object(
        LOCALES
            .iter()
            .zip(word)
            .map(|(l, w)| ((*l).to_owned(), Value::String((*w).to_owned())))
            .collect(),
    )
}

fn text_of(parts: &[String; 4]) -> Value {
    Value::Object(
        LOCALES
            .iter()
            .zip(parts)
            .map(|(l, w)| ((*l).to_owned(), Value::String(w.clone())))
            .collect(),
    )
}

/// Everything but the products.
fn shop(currency: Currency) -> Value {
    let categories: Vec<Value> = KINDS
        .iter()
        .map(|k| json!({"id": k.id, "name": text(&k.name)}))
        .collect();
    let money = |whole: i64| currency.format_plain(Money(whole * scale(currency)));
    json!({
        "version": 1,
        "id": "harbour-lane",
        "currency": currency.code(),
        "locales": LOCALES,
        "seller": {
            "name": text(&["Harbour Lane Goods", "港巷杂货", "ハーバーレーン雑貨店", "متجر حارة الميناء"]),
            "avatar": "images/avatar.svg",
            "bio": text(&[
                "A generated shop: things for the table, the desk and the home, made in small workshops we visit every season.",
                "生成的示例店铺：餐桌、书桌和家里的小物，来自我们每季拜访的小作坊。",
                "生成されたお店です。食卓や机、暮らしの道具を、毎季訪ねる小さな工房から。",
                "متجر مُولَّد: أشياء للمائدة والمكتب والبيت، من ورش صغيرة نزورها كل موسم.",
            ]),
            "location": text(&["Harbour Lane 12", "港巷12号", "ハーバーレーン12番地", "حارة الميناء 12"]),
            "contacts": {"email": "hello@harbour-lane.example", "phone": "+86 21 5555 0100"},
            "policies": {
                "ships_within_days": 3,
                "shipping": text(&[
                    "Ships within three working days.",
                    "三个工作日内发货。",
                    "3営業日以内に発送します。",
                    "يُشحن خلال ثلاثة أيام عمل.",
                ]),
            },
        },
        "theme": {"preset": "quiet"},
        "catalog": {"categories": categories, "products": []},
        "checkout": {"fields": [
            {"id": "name", "kind": "name", "required": true},
            {"id": "phone", "kind": "phone", "required": true},
            {"id": "address", "kind": "address", "required": ["post"]},
            {"id": "note", "kind": "note"},
        ]},
        "shipping": [
            {"id": "post", "label": text(&["Post", "邮寄", "郵送", "البريد"]), "price": money(12), "free_over": money(300)},
            {"id": "pickup", "label": text(&["Pick up", "自取", "店頭受取", "استلام من المتجر"]), "price": money(0)},
        ],
        "order": {"endpoint": "/api/orders"},
    })
}

/// Minor units in one whole unit of the currency.
fn scale(currency: Currency) -> i64 {
    10i64.pow(u32::from(currency.exponent()))
}

/// The manifest as text: its head pretty, one product per line (a 10,000-product
/// file stays readable and diffable).
fn with_products(manifest: &Value, products: &[Value]) -> Result<String, String> {
    let head = serde_json::to_string_pretty(manifest).map_err(|e| e.to_string())?;
    let mut lines = Vec::with_capacity(products.len());
    for p in products {
        lines.push(serde_json::to_string(p).map_err(|e| e.to_string())?);
    }
    let list = format!("[\n        {}\n      ]", lines.join(",\n        "));
    let empty = "\"products\": []";
    if !head.contains(empty) {
        return Err("the generated manifest has no product list to fill".to_owned());
    }
    Ok(head.replacen(empty, &format!("\"products\": {list}"), 1) + "\n")
}

/// The `i`th product.
fn product(draw: &mut Draw, i: usize, currency: Currency, pictures: &[Vec<String>]) -> Value {
    let k = draw.below(KINDS.len());
    let kind = &KINDS[k];
    let adjective = draw.pick(ADJECTIVES);
    let material = draw.pick(kind.materials);
    let noun = draw.pick(kind.nouns);
    let title = words::title(adjective, material, noun);
    let id = format!("{}-{}", slug(&title[0]), i + 1);
    let sku = format!("{}-{:05}", kind.id[..3].to_ascii_uppercase(), i + 1);

    let mut p = Map::new();
    p.insert("id".into(), json!(id));
    p.insert("title".into(), text_of(&title));
    p.insert("description".into(), description(draw, noun, material));
    let first = draw.below(images::PER_KIND);
    let count = 1 + draw.below(3);
    let images: Vec<&String> = (0..count)
        .map(|n| &pictures[k][(first + n) % images::PER_KIND])
        .collect();
    p.insert("images".into(), json!(images));
    p.insert("category".into(), json!(kind.id));
    let mut tags: Vec<String> = vec![
        draw.pick(kind.tags).to_string(),
        draw.pick(kind.tags).to_string(),
        material[0].to_lowercase(),
        material[1].to_owned(),
    ];
    tags.dedup();
    p.insert("tags".into(), json!(tags));
    p.insert(
        "added".into(),
        json!(format!(
            "{}-{:02}-{:02}",
            2025 + draw.below(2),
            1 + draw.below(12),
            1 + draw.below(28)
        )),
    );
    let (low, high) = kind.prices;
    let whole = low + (draw.next() % (high - low + 1) as u64) as i64;
    let cents = [0, scale(currency) / 2, scale(currency) * 9 / 10][draw.below(3)];
    let price = Money(whole * scale(currency) + cents);
    p.insert("price".into(), json!(currency.format_plain(price)));
    if draw.chance(12) {
        let former = Money(price.0 * 125 / 100 / scale(currency) * scale(currency));
        if former > price {
            p.insert("compare_at".into(), json!(currency.format_plain(former)));
        }
    }
    if draw.chance(6) {
        p.insert("max_qty".into(), json!(2 + draw.below(8)));
    }
    if draw.chance(55) {
        options(draw, kind, &sku, price, currency, &mut p);
    } else {
        p.insert("sku".into(), json!(sku));
        if let Some(stock) = stock(draw) {
            p.insert("stock".into(), json!(stock));
        }
    }
    Value::Object(p)
}

/// Items left: untracked (`None`) one time in five, sold out now and then.
fn stock(draw: &mut Draw) -> Option<u32> {
    match draw.below(100) {
        0..=19 => None,
        20..=27 => Some(0),
        _ => Some(1 + draw.below(60) as u32),
    }
}

/// One or two of the category's choices, and a variant for each combination.
fn options(
    draw: &mut Draw,
    kind: &Kind,
    sku: &str,
    price: Money,
    currency: Currency,
    p: &mut Map<String, Value>,
) {
    let first = *draw.pick(kind.choices);
    let mut chosen = vec![first];
    if kind.choices.len() > 1 && draw.chance(35) {
        if let Some(second) = kind
            .choices
            .iter()
            .find(|c| std::mem::discriminant(*c) != std::mem::discriminant(&first))
        {
            chosen.push(*second);
        }
    }
    // Each option: its id, name, values (id, label, price factor in percent).
    let mut option_json = Vec::new();
    let mut value_lists: Vec<(String, Vec<(String, i64)>)> = Vec::new();
    for choice in chosen {
        let (id, values): (&str, Vec<(String, Value, i64)>) = match choice {
            Choice::Weight => (
                "weight",
                [("50g", 100), ("100g", 190), ("250g", 450)]
                    .iter()
                    .map(|(v, f)| ((*v).to_owned(), json!(v), *f))
                    .collect(),
            ),
            Choice::Pack => (
                "pack",
                [
                    ("one", ["Single", "单个", "1個", "قطعة واحدة"], 100),
                    (
                        "three",
                        ["Set of 3", "三件套", "3個セット", "طقم من 3"],
                        280,
                    ),
                    ("six", ["Set of 6", "六件套", "6個セット", "طقم من 6"], 540),
                ]
                .iter()
                .map(|(v, label, f)| ((*v).to_owned(), json!({"id": v, "label": text(label)}), *f))
                .collect(),
            ),
            Choice::Size => (
                "size",
                SIZES
                    .iter()
                    .zip([100, 120, 145])
                    .map(|((v, label), f)| {
                        ((*v).to_owned(), json!({"id": v, "label": text(label)}), f)
                    })
                    .collect(),
            ),
            Choice::Colour => {
                let start = draw.below(COLOURS.len());
                let count = 2 + draw.below(3);
                (
                    "colour",
                    (0..count)
                        .map(|n| {
                            let (v, label) = &COLOURS[(start + n) % COLOURS.len()];
                            ((*v).to_owned(), json!({"id": v, "label": text(label)}), 100)
                        })
                        .collect(),
                )
            }
        };
        option_json.push(json!({
            "id": id,
            "name": text(&words::choice_name(choice)),
            "values": values.iter().map(|(_, v, _)| v.clone()).collect::<Vec<_>>(),
        }));
        value_lists.push((
            id.to_owned(),
            values.into_iter().map(|(v, _, f)| (v, f)).collect(),
        ));
    }
    // Every combination of the options' values.
    let mut combinations: Vec<Vec<(String, String, i64)>> = vec![Vec::new()];
    for (option, values) in &value_lists {
        combinations = combinations
            .into_iter()
            .flat_map(|c| {
                values.iter().map(move |(v, f)| {
                    let mut next = c.clone();
                    next.push((option.clone(), v.clone(), *f));
                    next
                })
            })
            .collect();
    }
    let unit = scale(currency) / 10;
    let variants: Vec<Value> = combinations
        .iter()
        .enumerate()
        .map(|(n, combination)| {
            let factor: i64 = combination.iter().map(|(_, _, f)| f).product::<i64>()
                / 100i64.pow(combination.len() as u32 - 1);
            let mut variant = Map::new();
            variant.insert("sku".into(), json!(format!("{sku}-{}", n + 1)));
            variant.insert(
                "options".into(),
                Value::Object(
                    combination
                        .iter()
                        .map(|(o, v, _)| (o.clone(), json!(v)))
                        .collect(),
                ),
            );
            if factor != 100 {
                // Rounded to a tenth of the unit (whole yen): still an exact decimal.
                let amount = price.0 * factor / 100 / unit.max(1) * unit.max(1);
                variant.insert(
                    "price".into(),
                    json!(currency.format_plain(Money(amount.max(1)))),
                );
            }
            if let Some(stock) = stock(draw) {
                variant.insert("stock".into(), json!(stock));
            }
            Value::Object(variant)
        })
        .collect();
    p.insert("options".into(), json!(option_json));
    p.insert("variants".into(), json!(variants));
}

/// Two to four sentences in every language.
fn description(draw: &mut Draw, noun: &Word, material: &Word) -> Value {
    let count = 2 + draw.below(3);
    let start = draw.below(SENTENCES.len());
    let place = draw.pick(PLACES);
    let years = 3 + draw.below(18);
    let mut parts: [String; 4] = Default::default();
    for n in 0..count {
        let sentence = &SENTENCES[(start + n) % SENTENCES.len()];
        for (l, part) in parts.iter_mut().enumerate() {
            let filled = sentence[l]
                .replace("{place}", place[l])
                .replace("{years}", &years.to_string())
                .replace("{thing}", noun[l])
                .replace("{material}", material[l]);
            // Chinese and Japanese run sentences together; the others take a space.
            if !part.is_empty() && (l == 0 || l == 3) {
                part.push(' ');
            }
            part.push_str(&filled);
        }
    }
    text_of(&parts)
}

/// `Hand-painted celadon teacup` -> `hand-painted-celadon-teacup`, at most 48 bytes.
fn slug(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_owned();
    if slug.len() > 48 {
        slug.truncate(48);
        slug = slug.trim_end_matches('-').to_owned();
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_draws_the_same_products() {
        let pictures: Vec<Vec<String>> = KINDS
            .iter()
            .map(|k| vec![format!("images/{}.svg", k.id); images::PER_KIND])
            .collect();
        let cny = Currency::from_code("CNY").expect("known");
        let run = |seed| {
            let mut draw = Draw(seed);
            (0..50)
                .map(|i| product(&mut draw, i, cny, &pictures))
                .collect::<Vec<_>>()
        };
        assert_eq!(run(7), run(7));
        assert_ne!(run(7), run(8));
    }

    #[test]
    fn slugs_are_ids() {
        assert_eq!(
            slug("Hand-painted Yixing clay teapot"),
            "hand-painted-yixing-clay-teapot"
        );
        assert!(slug(&"word ".repeat(30)).len() <= 48);
    }
}
