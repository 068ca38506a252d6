//! The draft as the storefront's preview frame reads it: the same shop, with its
//! pictures reachable from a `blob:` manifest (relative paths made absolute on the
//! shop's origin, this visit's uploads as the `data:` copies the studio holds), its
//! own id (so the preview's cart and orders never mix with the real shop's in this
//! browser), and an endpoint that takes no orders.

use crate::path;
use serde_json::Value;

/// Where orders placed in the preview go: nowhere that takes them.
pub const PREVIEW_ENDPOINT: &str = "/_seller/preview/no-orders";

/// The preview's copy of `draft`; `local(path)` is this visit's `data:` copy of an
/// uploaded photo, `origin` the shop's (`https://shop.example`).
pub fn preview_manifest(
    draft: &Value,
    local: impl Fn(&str) -> Option<String>,
    origin: &str,
) -> Value {
    let mut doc = draft.clone();
    let picture = |v: &mut Value| {
        if let Some(p) = v.as_str() {
            let p = p.to_owned();
            if let Some(data) = local(&p) {
                *v = Value::String(data);
            } else if !p.contains(':') && !p.starts_with("//") {
                *v = Value::String(format!("{origin}/{}", p.trim_start_matches('/')));
            }
        }
    };
    for at in ["seller.avatar", "payment.qr"] {
        if let Some(v) = path::get_mut_existing(&mut doc, at) {
            picture(v);
        }
    }
    if let Some(products) =
        path::get_mut_existing(&mut doc, "catalog.products").and_then(Value::as_array_mut)
    {
        for product in products {
            if let Some(images) = product.get_mut("images").and_then(Value::as_array_mut) {
                images.iter_mut().for_each(picture);
            }
        }
    }
    if let Some(id) = doc.get("id").and_then(Value::as_str) {
        let id: String = format!("{id}-preview").chars().take(64).collect();
        doc["id"] = Value::String(id);
    }
    if let Some(order) = doc.get_mut("order").and_then(Value::as_object_mut) {
        order.insert("endpoint".into(), Value::String(PREVIEW_ENDPOINT.into()));
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn pictures_are_reachable_and_orders_go_nowhere() {
        let draft = json!({
            "id": "lantern",
            "seller": {"name": "L", "avatar": "images/avatar.svg"},
            "catalog": {"products": [{"id": "tea", "images": ["images/new.jpg", "https://cdn.example/a.jpg", "/images/b.jpg"]}]},
            "order": {"endpoint": "/api/orders"}
        });
        let local =
            |p: &str| (p == "images/new.jpg").then(|| "data:image/jpeg;base64,AAAA".to_owned());
        let doc = preview_manifest(&draft, local, "https://shop.example");
        assert_eq!(
            doc["seller"]["avatar"],
            "https://shop.example/images/avatar.svg"
        );
        assert_eq!(
            doc["catalog"]["products"][0]["images"],
            json!([
                "data:image/jpeg;base64,AAAA",
                "https://cdn.example/a.jpg",
                "https://shop.example/images/b.jpg"
            ])
        );
        assert_eq!(doc["id"], "lantern-preview");
        assert_eq!(doc["order"]["endpoint"], PREVIEW_ENDPOINT);
        assert_eq!(draft["id"], "lantern", "the draft itself is untouched");
    }
}
