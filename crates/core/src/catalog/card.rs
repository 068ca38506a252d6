//! A product as the feed shows it and searches it: a card. `microshop publish`
//! writes every product's card into a few files (docs/publishing.md, "The catalog in
//! parts"), so a large shop's feed can page, filter, sort and search without
//! loading every product's description, gallery and variants.
//!
//! The JSON of one card (keys left out when empty, false or absent):
//! `{"id", "title", "image", "category", "added", "price", "from": true,
//! "was", "sold_out": true, "words": [..]}`; prices are decimal strings in the
//! shop's currency, `words` are the tags and skus a search also matches. Unknown
//! keys are ignored, so an older storefront reads a newer publish's cards.

use crate::manifest::Product;
use crate::money::{Currency, Money};
use crate::problem::Problem;
use crate::text::Text;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// What a feed card shows, and what search, filter and sort read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card {
    pub id: String,
    pub title: Text,
    /// The cover picture (the product's first image).
    pub image: Option<String>,
    pub category: Option<String>,
    /// `YYYY-MM-DD`, for the newest-first sort.
    pub added: Option<String>,
    /// The lowest price of any variant.
    pub price: Money,
    /// Whether variants cost more than `price` ("from ¥68").
    pub from: bool,
    /// The cheapest variant's former price, when above `price`.
    pub was: Option<Money>,
    pub sold_out: bool,
    /// Tags and skus: search matches them too.
    pub words: Vec<String>,
}

impl Card {
    /// The card of a product.
    pub fn of(product: &Product) -> Card {
        let price = product.lowest_price();
        let was = product
            .variants
            .iter()
            .find(|v| product.price_of(v) == price)
            .and_then(|v| product.compare_at_of(v));
        let mut words = product.tags.clone();
        // A product without options has its id as its sku: no need to say it twice.
        words.extend(
            product
                .variants
                .iter()
                .filter(|v| v.sku != product.id)
                .map(|v| v.sku.clone()),
        );
        Card {
            id: product.id.clone(),
            title: product.title.clone(),
            image: product.images.first().cloned(),
            category: product.category.clone(),
            added: product.added.clone(),
            price,
            from: product.has_price_range(),
            was,
            sold_out: product.sold_out(),
            words,
        }
    }

    /// The card as JSON, prices written in `currency`.
    pub fn to_json(&self, currency: Currency) -> Value {
        let mut map = Map::new();
        map.insert("id".into(), Value::String(self.id.clone()));
        map.insert("title".into(), text_json(&self.title));
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(value) = value {
                map.insert(key.into(), value);
            }
        };
        put("image", self.image.clone().map(Value::String));
        put("category", self.category.clone().map(Value::String));
        put("added", self.added.clone().map(Value::String));
        put(
            "price",
            Some(Value::String(currency.format_plain(self.price))),
        );
        put("from", self.from.then_some(Value::Bool(true)));
        put(
            "was",
            self.was.map(|w| Value::String(currency.format_plain(w))),
        );
        put("sold_out", self.sold_out.then_some(Value::Bool(true)));
        if !self.words.is_empty() {
            put(
                "words",
                Some(Value::Array(
                    self.words.iter().cloned().map(Value::String).collect(),
                )),
            );
        }
        Value::Object(map)
    }
}

fn text_json(text: &Text) -> Value {
    match text {
        Text::Plain(s) => Value::String(s.clone()),
        Text::Localized(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), Value::String(v.clone())))
                .collect(),
        ),
    }
}

/// Reads the cards of one cards file (`{"cards": [..]}`) of a shop in `currency`.
/// The first thing wrong is the error, with its path (`cards[12].price`).
pub fn decode_cards(value: &Value, currency: Currency) -> Result<Vec<Card>, Problem> {
    let list = value
        .get("cards")
        .and_then(Value::as_array)
        .ok_or_else(|| Problem::new("cards", "must be a list of cards"))?;
    list.iter()
        .enumerate()
        .map(|(i, v)| card(v, &format!("cards[{i}]"), currency))
        .collect()
}

fn card(value: &Value, path: &str, currency: Currency) -> Result<Card, Problem> {
    let at = |key: &str| format!("{path}.{key}");
    let string = |key: &str| -> Result<Option<String>, Problem> {
        match value.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(Problem::new(at(key), "must be a string")),
        }
    };
    let flag = |key: &str| value.get(key).and_then(Value::as_bool).unwrap_or(false);
    let money = |key: &str| -> Result<Option<Money>, Problem> {
        string(key)?
            .map(|s| {
                currency
                    .parse(&s)
                    .map_err(|e| Problem::new(at(key), e.to_string()))
            })
            .transpose()
    };
    let id = string("id")?
        .filter(|s| !s.is_empty())
        .ok_or_else(|| Problem::new(at("id"), "is missing"))?;
    let title = match value.get("title") {
        Some(Value::String(s)) => Text::Plain(s.clone()),
        Some(Value::Object(map)) => {
            // Inserted one by one, as the manifest's reader does: collecting into the
            // map sorts its pairs first, a copy of the standard library's sort in the
            // `parts` part for keys that come in order (docs/performance.md, session 12).
            let mut titles = BTreeMap::new();
            for (k, v) in map {
                let s = v.as_str();
                let s = s.ok_or_else(|| Problem::new(at("title"), "must hold strings"))?;
                titles.insert(k.clone(), s.to_owned());
            }
            Text::Localized(titles)
        }
        _ => return Err(Problem::new(at("title"), "is missing")),
    };
    let price = money("price")?.ok_or_else(|| Problem::new(at("price"), "is missing"))?;
    let words = match value.get("words") {
        None => Vec::new(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|w| {
                w.as_str()
                    .map(str::to_owned)
                    .ok_or_else(|| Problem::new(at("words"), "must hold strings"))
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(Problem::new(at("words"), "must be a list")),
    };
    Ok(Card {
        id,
        title,
        image: string("image")?,
        category: string("category")?,
        added: string("added")?,
        price,
        from: flag("from"),
        was: money("was")?,
        sold_out: flag("sold_out"),
        words,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_manifest;
    use crate::manifest::CatalogSource;

    fn demo() -> (Currency, Vec<Product>) {
        let m = decode_manifest(include_str!("../../../../public/shop.json"))
            .expect("demo")
            .value;
        match m.catalog {
            CatalogSource::Inline(c) => (m.currency, c.products),
            CatalogSource::Remote { .. } => panic!("inline"),
        }
    }

    #[test]
    fn a_card_says_what_the_product_card_shows() {
        let (_, products) = demo();
        let jasmine = products
            .iter()
            .find(|p| p.id == "jasmine-pearls")
            .expect("in the demo");
        let card = Card::of(jasmine);
        assert_eq!(card.price, jasmine.lowest_price());
        assert!(card.from, "three weights, three prices");
        assert_eq!(card.image.as_deref(), Some("images/jasmine-pearls.svg"));
        assert!(card.words.contains(&"JP-250".to_owned()));
        assert!(card.words.contains(&"茉莉".to_owned()));
    }

    #[test]
    fn cards_go_through_json_unchanged() {
        let (currency, products) = demo();
        let cards: Vec<Card> = products.iter().map(Card::of).collect();
        let json = serde_json::json!({
            "cards": cards.iter().map(|c| c.to_json(currency)).collect::<Vec<_>>()
        });
        let text = json.to_string();
        let back =
            decode_cards(&serde_json::from_str(&text).expect("json"), currency).expect("decodes");
        assert_eq!(back, cards);
        assert!(
            cards.iter().any(|c| c.was.is_some()),
            "the demo has former prices"
        );
    }

    #[test]
    fn a_broken_card_is_named_by_its_path() {
        let cny = Currency::from_code("CNY").expect("known");
        let bad = |cards: &str| {
            decode_cards(&serde_json::from_str(cards).expect("json"), cny)
                .expect_err("refused")
                .to_string()
        };
        assert!(bad(r#"{"cards": [{"id": "a", "title": "A"}]}"#).starts_with("cards[0].price"));
        assert!(
            bad(r#"{"cards": [{"id": "a", "title": "A", "price": "1.234"}]}"#)
                .starts_with("cards[0].price")
        );
        assert!(bad(r#"{"cards": [{"title": "A", "price": "1"}]}"#).starts_with("cards[0].id"));
        assert!(bad(r#"{"cards": [{"id": "a", "title": 5, "price": "1"}]}"#)
            .starts_with("cards[0].title"));
        assert!(
            bad(r#"{"cards": [{"id": "a", "title": {"en": "A", "ja": 5}, "price": "1"}]}"#)
                .starts_with("cards[0].title")
        );
        assert!(bad(r#"{"cards": {}}"#).starts_with("cards"));
        let ok = decode_cards(
            &serde_json::from_str(
                r#"{"cards": [{"id": "a", "title": "A", "price": "1", "new": 1}]}"#,
            )
            .expect("json"),
            cny,
        )
        .expect("unknown keys are ignored");
        assert_eq!(ok[0].price, Money(100));
    }
}
