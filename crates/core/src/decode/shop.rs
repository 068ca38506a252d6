//! The shop part of a manifest: version, id, currency, locales, seller, theme,
//! checkout fields and shipping options.

use super::catalog::catalog;
use super::endpoint::order_endpoint;
use super::limits;
use super::reader::{join, Obj, Reader};
use super::theme::theme;
use super::MANIFEST_VERSION;
use crate::manifest::*;
use crate::money::Currency;
use crate::rules::{is_locale, looks_like_email, UrlUse};
use serde_json::Value;
use std::collections::BTreeSet;

pub(super) fn manifest(r: &mut Reader, value: &Value) -> Option<Manifest> {
    let mut obj = r.object(value, "")?;
    let version = match obj.get("version") {
        None => {
            r.error("version", "is required; write \"version\": 1");
            None
        }
        Some((v, path)) => match v.as_u64() {
            Some(MANIFEST_VERSION) => Some(1),
            _ => {
                r.error(
                    path,
                    format!(
                        "unknown version {}; this microshop reads version {MANIFEST_VERSION}",
                        super::reader::json_text(v)
                    ),
                );
                None
            }
        },
    };
    let id = r.req_id(&mut obj, "id").map(|id| id.to_ascii_lowercase());
    let currency = r.required(&mut obj, "currency").and_then(|(v, path)| {
        let code = r.string(v, &path, 3)?;
        let found = Currency::from_code(&code);
        if found.is_none() {
            r.error(path, format!("\"{code}\" is not an ISO 4217 currency code this shop knows; write one such as CNY, USD, EUR, JPY"));
        }
        found
    });
    let locales = locales(r, &mut obj);
    let seller = r
        .required(&mut obj, "seller")
        .and_then(|(v, path)| seller(r, v, &path));
    let theme = obj
        .get("theme")
        .map(|(v, path)| theme(r, v, &path))
        .unwrap_or_default();
    // Without a currency, prices cannot be read; CNY stands in so the catalog's other problems still show.
    let catalog_currency = currency.or_else(|| Currency::from_code("CNY"))?;
    let catalog = r.required(&mut obj, "catalog").and_then(|(v, path)| {
        let mut c = r.object(v, &path)?;
        let source = if c.has("url") && !c.has("products") {
            r.opt_url(&mut c, "url", UrlUse::Link)
                .map(|url| CatalogSource::Remote { url })
        } else {
            catalog(r, &mut c, catalog_currency).map(CatalogSource::Inline)
        };
        r.finish(c);
        source
    });
    let checkout = obj.get("checkout").map_or_else(
        || Some(Checkout::default()),
        |(v, path)| checkout(r, v, &path),
    );
    let shipping = shipping(r, &mut obj, catalog_currency);
    if let Some(checkout) = &checkout {
        required_for_known_shipping(r, checkout, &shipping);
    }
    let field_ids: Option<Vec<String>> = checkout
        .as_ref()
        .map(|c| c.fields.iter().map(|f| f.id.clone()).collect());
    let order = r
        .required(&mut obj, "order")
        .and_then(|(v, path)| order_endpoint(r, v, &path, field_ids.as_deref()));
    let payment = obj.get("payment").map(|(v, path)| payment(r, v, &path));
    let trust = obj
        .get("trust")
        .and_then(|(v, path)| one_link(r, v, &path, "api"))
        .map(|api| Trust { api });
    let receipts = obj
        .get("receipts")
        .and_then(|(v, path)| one_link(r, v, &path, "keys"))
        .map(|keys| Receipts { keys });
    let texts = obj
        .get("texts")
        .map(|(v, path)| super::texts::texts(r, v, &path, locales.as_deref()))
        .unwrap_or_default();
    r.finish(obj);
    Some(Manifest {
        version: version?,
        id: id?,
        currency: currency?,
        locales: locales?,
        seller: seller?,
        theme,
        catalog: catalog?,
        checkout: checkout?,
        shipping,
        order: order?,
        payment: payment.flatten(),
        texts,
        trust,
        receipts,
    })
}

/// A block of one required link, `{"<key>": "<url>"}` (`trust`, `receipts`): one
/// reader for both, so the first load holds this code once.
fn one_link(r: &mut Reader, value: &Value, path: &str, key: &'static str) -> Option<String> {
    let mut o = r.object(value, path)?;
    let url = r
        .required(&mut o, key)
        .and_then(|(v, path)| r.url(v, &path, UrlUse::Link));
    r.finish(o);
    url
}

fn locales(r: &mut Reader, obj: &mut Obj<'_>) -> Option<Vec<String>> {
    let (v, path) = r.required(obj, "locales")?;
    let items = r.list(v, &path, 20);
    if items.is_empty() && v.is_array() {
        r.error(&path, "must name at least one locale, e.g. [\"en\"]");
        return None;
    }
    let mut out = Vec::new();
    for (item, p) in items {
        let tag = r.string(item, &p, 35)?;
        if !is_locale(&tag) {
            r.error(
                p,
                format!("\"{tag}\" is not a locale tag such as \"en\" or \"zh-CN\""),
            );
            return None;
        }
        out.push(tag);
    }
    Some(out)
}

fn seller(r: &mut Reader, value: &Value, path: &str) -> Option<Seller> {
    let mut obj = r.object(value, path)?;
    let name = r.req_text(&mut obj, "name", limits::LABEL);
    let avatar = r.opt_url(&mut obj, "avatar", UrlUse::Image);
    let bio = r.opt_text(&mut obj, "bio", limits::BIO);
    let location = r.opt_text(&mut obj, "location", limits::LABEL);
    let contacts = obj
        .get("contacts")
        .map(|(v, p)| contacts(r, v, &p))
        .unwrap_or_default();
    let policies = obj
        .get("policies")
        .map(|(v, p)| policies(r, v, &p))
        .unwrap_or_default();
    r.finish(obj);
    Some(Seller {
        name: name?,
        avatar,
        bio,
        location,
        contacts,
        policies,
    })
}

fn contacts(r: &mut Reader, value: &Value, path: &str) -> Contacts {
    let Some(mut obj) = r.object(value, path) else {
        return Contacts::default();
    };
    let email = r.opt_string(&mut obj, "email", 254);
    if let Some(e) = &email {
        if !looks_like_email(e) {
            r.error(
                join(path, "email"),
                format!("\"{e}\" is not an e-mail address"),
            );
        }
    }
    let mut links = Vec::new();
    for (v, p) in r.opt_list(&mut obj, "links", 10) {
        let Some(mut l) = r.object(v, &p) else {
            continue;
        };
        let label = r.req_text(&mut l, "label", limits::LABEL);
        let url = r
            .required(&mut l, "url")
            .and_then(|(v, p)| r.url(v, &p, UrlUse::Link));
        r.finish(l);
        if let (Some(label), Some(url)) = (label, url) {
            links.push(Link { label, url });
        }
    }
    let out = Contacts {
        wechat: r.opt_string(&mut obj, "wechat", limits::LABEL),
        phone: r.opt_string(&mut obj, "phone", 40),
        email,
        whatsapp: r.opt_string(&mut obj, "whatsapp", 40),
        telegram: r.opt_string(&mut obj, "telegram", limits::LABEL),
        links,
    };
    r.finish(obj);
    out
}

fn policies(r: &mut Reader, value: &Value, path: &str) -> Policies {
    let Some(mut obj) = r.object(value, path) else {
        return Policies::default();
    };
    let out = Policies {
        ships_within_days: r.opt_count(&mut obj, "ships_within_days"),
        shipping: r.opt_text(&mut obj, "shipping", limits::POLICY),
        returns: r.opt_text(&mut obj, "returns", limits::POLICY),
        guarantee: r.opt_text(&mut obj, "guarantee", limits::POLICY),
    };
    r.finish(obj);
    out
}

fn checkout(r: &mut Reader, value: &Value, path: &str) -> Option<Checkout> {
    let mut obj = r.object(value, path)?;
    let mut fields = Vec::new();
    let mut seen = BTreeSet::new();
    let mut ok = true;
    for (v, p) in r.opt_list(&mut obj, "fields", 20) {
        let Some(mut f) = r.object(v, &p) else {
            ok = false;
            continue;
        };
        let id = r.req_id(&mut f, "id");
        let kind = r.required(&mut f, "kind").and_then(|(v, kp)| {
            let name = r.string(v, &kp, 20)?;
            let kind = FieldKind::from_name(&name);
            if kind.is_none() {
                r.error(kp, format!("\"{name}\" is not a field kind; use name, phone, email, address, text or note"));
            }
            kind
        });
        let label = r.opt_text(&mut f, "label", limits::LABEL);
        let required = match f.get("required") {
            Some((Value::Bool(b), _)) => Required::Always(*b),
            Some((list @ Value::Array(_), rp)) => {
                let ids = r
                    .list(list, &rp, 20)
                    .into_iter()
                    .filter_map(|(id, ip)| r.id(id, &ip))
                    .collect();
                Required::ForShipping(ids)
            }
            Some((_, rp)) => {
                r.error(
                    rp,
                    "write true, false, or a list of shipping option ids such as [\"post\"]",
                );
                Required::Always(false)
            }
            None => Required::Always(false),
        };
        if kind == Some(FieldKind::Text) && label.is_none() {
            r.error(join(&p, "label"), "is required for a field of kind text");
        }
        r.finish(f);
        match (id, kind) {
            (Some(id), Some(kind)) => {
                if !seen.insert(id.clone()) {
                    r.error(
                        join(&p, "id"),
                        format!("\"{id}\" is used by an earlier field"),
                    );
                }
                fields.push(CheckoutField {
                    id,
                    kind,
                    label,
                    required,
                });
            }
            _ => ok = false,
        }
    }
    r.finish(obj);
    ok.then_some(Checkout { fields })
}

fn shipping(r: &mut Reader, obj: &mut Obj<'_>, currency: Currency) -> Vec<ShippingOption> {
    let mut out = Vec::new();
    let mut seen = BTreeSet::new();
    for (v, p) in r.opt_list(obj, "shipping", 20) {
        let Some(mut s) = r.object(v, &p) else {
            continue;
        };
        let id = r.req_id(&mut s, "id");
        let label = r.req_text(&mut s, "label", limits::LABEL);
        let price = r
            .required(&mut s, "price")
            .and_then(|(v, pp)| r.money(v, &pp, currency));
        let free_over = r.opt_money(&mut s, "free_over", currency);
        r.finish(s);
        if let (Some(id), Some(label), Some(price)) = (id, label, price) {
            if !seen.insert(id.clone()) {
                r.error(
                    join(&p, "id"),
                    format!("\"{id}\" is used by an earlier shipping option"),
                );
            }
            out.push(ShippingOption {
                id,
                label,
                price,
                free_over,
            });
        }
    }
    out
}

/// A field `required` only for some shipping options must name options that exist.
fn required_for_known_shipping(r: &mut Reader, checkout: &Checkout, shipping: &[ShippingOption]) {
    for (i, field) in checkout.fields.iter().enumerate() {
        let Required::ForShipping(ids) = &field.required else {
            continue;
        };
        for (j, id) in ids.iter().enumerate() {
            if !shipping.iter().any(|s| &s.id == id) {
                let known: Vec<&str> = shipping.iter().map(|s| s.id.as_str()).collect();
                r.error(
                    format!("checkout.fields[{i}].required[{j}]"),
                    format!(
                        "\"{id}\" is not a shipping option of this shop; use one of: {}",
                        if known.is_empty() {
                            "(none: add shipping options first)".to_owned()
                        } else {
                            known.join(", ")
                        }
                    ),
                );
            }
        }
    }
}

/// `payment`: how buyers pay, shown on the receipt.
fn payment(r: &mut Reader, value: &Value, path: &str) -> Option<Payment> {
    let mut obj = r.object(value, path)?;
    let given = obj.has("text") || obj.has("qr");
    let text = r.opt_text(&mut obj, "text", limits::POLICY);
    let qr = r.opt_url(&mut obj, "qr", UrlUse::Image);
    r.finish(obj);
    if !given {
        r.error(
            path,
            "give a \"text\" telling buyers how to pay, a \"qr\" image of your payment code, or both",
        );
        return None;
    }
    (text.is_some() || qr.is_some()).then_some(Payment { text, qr })
}
