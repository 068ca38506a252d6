//! Reading a `shop.json` (and a separate catalog file) into the manifest types,
//! reporting every problem at once with its path.

use crate::manifest::*;
use crate::mapping::{AnswerBody, AnswerSpec, BodyFormat, OnRedirect};
use crate::money::Currency;
use crate::problem::{Decoded, Problem, Rejected};
use crate::reader::{join, Obj, Reader, UrlUse};
use serde_json::Value;
use std::collections::BTreeSet;

/// The manifest versions this code reads.
pub const MANIFEST_VERSION: u64 = 1;

/// Limits that keep a shop fast on a phone and keep mistakes visible.
pub mod limits {
    /// Characters in a product title.
    pub const TITLE: usize = 200;
    /// Characters in a product description.
    pub const DESCRIPTION: usize = 5_000;
    /// Products in one catalog.
    pub const PRODUCTS: usize = 10_000;
    /// Variants of one product.
    pub const VARIANTS: usize = 100;
    /// Categories in one catalog.
    pub const CATEGORIES: usize = 64;
    /// Images of one product.
    pub const IMAGES: usize = 12;
    /// Characters in the seller's bio.
    pub const BIO: usize = 500;
    /// Characters in names and labels.
    pub const LABEL: usize = 100;
    /// Characters in a policy text.
    pub const POLICY: usize = 2_000;
}

/// Parses JSON text, reporting malformed JSON with its line and column.
pub fn parse_json(text: &str) -> Result<Value, Problem> {
    serde_json::from_str(text).map_err(|e| {
        let what = match e.classify() {
            serde_json::error::Category::Eof => {
                "the file ends too early (a missing } or ]?)".to_owned()
            }
            _ => {
                // serde_json appends " at line L column C"; we say it first instead.
                let message = e.to_string();
                match message.rfind(" at line ") {
                    Some(i) => message[..i].to_owned(),
                    None => message,
                }
            }
        };
        Problem::new(
            "",
            format!(
                "not valid JSON: line {}, column {}: {what}",
                e.line(),
                e.column()
            ),
        )
    })
}

/// Reads a manifest from JSON text.
pub fn decode_manifest(text: &str) -> Result<Decoded<Manifest>, Rejected> {
    let value = parse_json(text).map_err(|p| Rejected {
        errors: vec![p],
        warnings: Vec::new(),
    })?;
    let mut r = Reader::default();
    let manifest = manifest(&mut r, &value);
    match manifest {
        Some(value) if r.errors.is_empty() => Ok(Decoded {
            value,
            warnings: r.warnings,
        }),
        _ => Err(Rejected {
            errors: r.errors,
            warnings: r.warnings,
        }),
    }
}

/// Reads a catalog file (the target of `catalog.url`) for a shop in `currency`.
pub fn decode_catalog(text: &str, currency: Currency) -> Result<Decoded<Catalog>, Rejected> {
    let value = parse_json(text).map_err(|p| Rejected {
        errors: vec![p],
        warnings: Vec::new(),
    })?;
    let mut r = Reader::default();
    let catalog = r.object(&value, "").and_then(|mut obj| {
        let c = catalog(&mut r, &mut obj, currency);
        r.finish(obj);
        c
    });
    match catalog {
        Some(value) if r.errors.is_empty() => Ok(Decoded {
            value,
            warnings: r.warnings,
        }),
        _ => Err(Rejected {
            errors: r.errors,
            warnings: r.warnings,
        }),
    }
}

fn manifest(r: &mut Reader, value: &Value) -> Option<Manifest> {
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
                    format!("unknown version {v}; this microshop reads version {MANIFEST_VERSION}"),
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
    let order = r
        .required(&mut obj, "order")
        .and_then(|(v, path)| order_endpoint(r, v, &path));
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
    })
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
        if !crate::reader::is_locale(&tag) {
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
        if !crate::checkout::looks_like_email(e) {
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

fn theme(r: &mut Reader, value: &Value, path: &str) -> Theme {
    let Some(mut obj) = r.object(value, path) else {
        return Theme::default();
    };
    let preset = r.opt_id_string(&mut obj, "preset");
    let tokens = match obj.get("tokens") {
        Some((v, p)) => {
            let tokens = r.string_map(v, &p, 100);
            for (name, css) in &tokens {
                let tp = join(&p, name);
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
                {
                    r.error(&tp, "a token name may only use a-z, 0-9 and -");
                } else if css.contains(['{', '}', ';', '<', '>', '\\'])
                    || css.to_ascii_lowercase().contains("url(")
                {
                    r.error(&tp, format!("\"{css}\" is not allowed as a token value ({{ }} ; < > \\ and url() are refused)"));
                }
            }
            tokens
        }
        None => Default::default(),
    };
    r.finish(obj);
    Theme { preset, tokens }
}

impl Reader {
    fn opt_id_string(&mut self, obj: &mut Obj<'_>, key: &'static str) -> Option<String> {
        let (v, p) = obj.get(key)?;
        self.id(v, &p)
    }
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
            Some((Value::Bool(b), _)) => *b,
            Some((_, rp)) => {
                r.error(rp, "must be true or false");
                false
            }
            None => false,
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

fn order_endpoint(r: &mut Reader, value: &Value, path: &str) -> Option<OrderEndpoint> {
    let mut obj = r.object(value, path)?;
    let endpoint = r.required(&mut obj, "endpoint").and_then(|(v, p)| {
        let url = r.string(v, &p, 2048)?;
        match endpoint_problem(&url) {
            Some(problem) => {
                r.error(p, problem);
                None
            }
            None => Some(url),
        }
    });
    let headers = match obj.get("headers") {
        Some((v, p)) => {
            let headers = r.string_map(v, &p, 20);
            for (name, value) in &headers {
                let hp = join(&p, name);
                if name.is_empty()
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                {
                    r.error(&hp, "a header name may only use letters, digits, - and _");
                } else if name.eq_ignore_ascii_case("content-type")
                    || name.eq_ignore_ascii_case("idempotency-key")
                {
                    r.error(&hp, "is set by microshop itself and cannot be changed here");
                } else if value.contains(['\r', '\n']) {
                    r.error(&hp, "a header value must be on one line");
                }
            }
            headers
        }
        None => Default::default(),
    };
    let timeout_secs = r.opt_count(&mut obj, "timeout_secs");
    if let Some(t) = timeout_secs.filter(|t| !(2..=120).contains(t)) {
        r.error(
            join(path, "timeout_secs"),
            format!("is {t}; use 2 to 120 seconds"),
        );
    }
    let format = match obj.get("format") {
        None => BodyFormat::Json,
        Some((Value::String(f), _)) if f == "json" => BodyFormat::Json,
        Some((Value::String(f), _)) if f == "form" => BodyFormat::Form,
        Some((_, p)) => {
            r.error(p, "must be \"json\" or \"form\"");
            BodyFormat::Json
        }
    };
    let body = obj.get("body").map(|(v, p)| {
        if format == BodyFormat::Form && !v.is_object() {
            r.error(&p, "must be an object {...} when format is \"form\": its keys become the form's fields");
        }
        for (where_, name) in crate::mapping::unknown_placeholders(v, &p, crate::mapping::ORDER_ROOTS) {
            r.error(where_, format!("{{{{{name}}}}} names nothing in an order; use a field such as {{{{order_id}}}}, {{{{customer.name}}}}, {{{{total}}}} or {{{{summary}}}}"));
        }
        v.clone()
    });
    let response = obj
        .get("response")
        .map(|(v, p)| answer_spec(r, v, &p))
        .unwrap_or_default();
    r.finish(obj);
    Some(OrderEndpoint {
        endpoint: endpoint?,
        headers,
        timeout_secs,
        format,
        body,
        response,
    })
}

fn answer_spec(r: &mut Reader, value: &Value, path: &str) -> AnswerSpec {
    let Some(mut obj) = r.object(value, path) else {
        return AnswerSpec::default();
    };
    let word = |r: &mut Reader, obj: &mut Obj<'_>, key: &'static str, words: [&str; 2]| -> bool {
        match obj.get(key) {
            None => false,
            Some((Value::String(w), _)) if w == words[0] => false,
            Some((Value::String(w), _)) if w == words[1] => true,
            Some((_, p)) => {
                r.error(p, format!("must be \"{}\" or \"{}\"", words[0], words[1]));
                false
            }
        }
    };
    let body = if word(r, &mut obj, "body", ["json", "any"]) {
        AnswerBody::Any
    } else {
        AnswerBody::Json
    };
    let redirect = if word(r, &mut obj, "redirect", ["fail", "accept"]) {
        OnRedirect::Accept
    } else {
        OnRedirect::Fail
    };
    let spec = AnswerSpec {
        body,
        id: r.opt_string(&mut obj, "id", 200),
        status: r.opt_string(&mut obj, "status", 200),
        redirect,
    };
    r.finish(obj);
    spec
}

/// Why `url` cannot receive orders, if it cannot: orders carry names and addresses,
/// so they travel over https, except to this machine during development.
pub fn endpoint_problem(url: &str) -> Option<String> {
    if let Some(p) = crate::reader::url_problem(url, UrlUse::Link) {
        return Some(p);
    }
    let lower = url.to_ascii_lowercase();
    if lower.starts_with("https://") {
        return None;
    }
    if let Some(rest) = lower.strip_prefix("http://") {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = match host.rsplit_once(':') {
            Some((h, port)) if port.bytes().all(|b| b.is_ascii_digit()) && !h.is_empty() => h,
            _ => host,
        };
        return if matches!(host, "localhost" | "127.0.0.1" | "[::1]") {
            None
        } else {
            Some(format!(
                "\"{url}\" is not https; orders carry buyers' names and addresses, so they must go over https (http only to localhost or 127.0.0.1 for development)"
            ))
        };
    }
    if url.starts_with('/') && !url.starts_with("//") {
        return None;
    }
    Some(format!(
        "\"{url}\" must be an https:// URL or a path on this shop's own site starting with / (such as /api/orders)"
    ))
}

pub(crate) use crate::catalog_decode::catalog;
