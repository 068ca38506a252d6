//! A new seller's first shop: valid as it is (so the studio opens without a single
//! problem), with no products yet, orders going to `microshop serve`'s endpoint.

use microshop_core::rules::suggest_id;
use serde_json::{json, Value};

/// A shop with a name and nothing to sell yet: `id` (suggested from the name when
/// empty), `currency` (ISO 4217), one `locale`.
pub fn starter(id: &str, currency: &str, locale: &str, name: &str) -> Value {
    let id = Some(id.to_owned())
        .filter(|i| !i.is_empty())
        .or_else(|| suggest_id(name))
        .unwrap_or_else(|| "my-shop".to_owned());
    json!({
        "version": 1,
        "id": id,
        "currency": currency,
        "locales": [locale],
        "seller": { "name": name },
        "catalog": { "categories": [], "products": [] },
        "checkout": { "fields": [
            { "id": "name", "kind": "name", "required": true },
            { "id": "phone", "kind": "phone", "required": true },
            { "id": "address", "kind": "address", "required": true },
            { "id": "note", "kind": "note" }
        ] },
        "order": { "endpoint": "/api/orders" }
    })
}

/// A new product for the end of the list: a fresh id, the title typed so far
/// empty, and a price to fill (the decoder asks for both until they are there).
pub fn new_product(id: &str) -> Value {
    json!({ "id": id, "title": "", "price": "" })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_from_the_name_when_none_is_given() {
        assert_eq!(
            starter("", "USD", "en", "Green Tea Co.")["id"],
            "green-tea-co"
        );
        assert_eq!(starter("", "CNY", "zh-CN", "灯笼茶铺")["id"], "my-shop");
        assert_eq!(
            starter("lantern", "CNY", "zh-CN", "灯笼茶铺")["id"],
            "lantern"
        );
    }
}
