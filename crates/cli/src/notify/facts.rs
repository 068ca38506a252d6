//! What an announcement says, gathered when it is sent: the order as the store
//! keeps it now, the change from its history, and the shop's name and product
//! titles in the message's language. The outbox row holds only the event's key,
//! so no personal data waits in it and a message never says something stale about
//! the shop.

use crate::store::{Announcement, OrderRecord, Store, StoreError};
use microshop_core::order::status::Status;
use microshop_core::order::OrderRequest;
use microshop_core::{Catalog, Manifest};

/// The shop as `serve` reads it now (the worker asks for each message).
pub trait Shopfront: Send + Sync {
    /// Calls `f` with the shop's manifest and catalog; `false` when the shop cannot
    /// be read (a message then names the shop by its id).
    fn with_shop(&self, f: &mut dyn FnMut(&Manifest, &Catalog)) -> bool;
}

/// No shop at all: messages name the shop by its id and products by the buyer's titles.
pub struct NoShop;

impl Shopfront for NoShop {
    fn with_shop(&self, _f: &mut dyn FnMut(&Manifest, &Catalog)) -> bool {
        false
    }
}

/// What happened to the order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Happened {
    /// It was placed (`order.created`).
    Created,
    /// Its status changed (`order.status`).
    Status(Change),
    /// `microshop notify test`: no order.
    Test,
}

/// A status change, from the order's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    /// The status before, when the history says it.
    pub from: Option<Status>,
    pub to: Status,
    pub tracking_note: String,
    pub tracking_url: String,
    pub reason: String,
}

/// One line of the order, in the message's language where the catalog has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub quantity: u32,
    pub title: String,
    /// Option name and value.
    pub options: Vec<(String, String)>,
    /// The contract's decimal string.
    pub line_total: String,
}

/// Everything a message of any kind is made from.
#[derive(Clone, Debug)]
pub struct Facts {
    /// The event's key (`ord_…:created`, `ord_…:status:shipped`): `Microshop-Event-Id`.
    pub event_id: String,
    pub happened: Happened,
    /// When the event happened (the outbox row's creation), ms since the epoch.
    pub occurred_ms: i64,
    pub shop_id: String,
    /// In the message's language.
    pub shop_name: String,
    /// The message's locale.
    pub locale: String,
    /// The order as stored now; `None` only for a test message.
    pub order: Option<OrderRecord>,
    /// The order as the buyer's browser sent it (lines, customer, note).
    pub request: Option<OrderRequest>,
    pub lines: Vec<Line>,
    /// The shipping option's label and price.
    pub shipping: Option<(String, String)>,
}

/// Why an announcement cannot be rendered at all (it is then given up).
#[derive(Debug)]
pub enum Unrenderable {
    /// The store failed: try again later.
    Store(StoreError),
    /// The announcement cannot be made into a message, ever.
    Never(String),
}

/// What happened, from the outbox row's event key: `<order_id>:created` or
/// `<order_id>:status:<to>`.
fn happened_of(announcement: &Announcement) -> Option<(bool, Option<Status>)> {
    let rest = announcement
        .event_key
        .strip_prefix(&announcement.order_id)?
        .strip_prefix(':')?;
    if rest == "created" {
        return Some((true, None));
    }
    let to = Status::parse(rest.strip_prefix("status:")?)?;
    Some((false, Some(to)))
}

/// Gathers what the message of `announcement` says, in `locale` (the
/// destination's) or the shop's default locale.
pub fn gather(
    store: &Store,
    shop: &dyn Shopfront,
    announcement: &Announcement,
    locale: Option<&str>,
) -> Result<Facts, Unrenderable> {
    let (created, to) = happened_of(announcement).ok_or_else(|| {
        Unrenderable::Never(format!(
            "\"{}\" is not an event this microshop announces",
            announcement.event_key
        ))
    })?;
    let order = store
        .order(&announcement.order_id)
        .map_err(Unrenderable::Store)?
        .ok_or_else(|| Unrenderable::Never("the order is not in the store".into()))?;
    let happened = match to {
        Some(to) if !created => {
            let history = store
                .history(&announcement.order_id)
                .map_err(Unrenderable::Store)?;
            Happened::Status(change_from_history(&history, to))
        }
        _ => Happened::Created,
    };
    let request = order.request();
    let mut facts = Facts {
        event_id: announcement.event_key.clone(),
        happened,
        occurred_ms: announcement.created_ms,
        shop_id: order.shop_id.clone(),
        shop_name: order.shop_id.clone(),
        locale: locale.unwrap_or("en").to_owned(),
        lines: Vec::new(),
        shipping: None,
        order: None,
        request: None,
    };
    if let Some(request) = &request {
        facts.lines = request
            .lines
            .iter()
            .map(|l| Line {
                quantity: l.quantity,
                title: l.title.clone(),
                options: l
                    .options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect(),
                line_total: l.line_total.clone(),
            })
            .collect();
        facts.shipping = request
            .shipping
            .as_ref()
            .map(|s| (s.label.clone(), s.price.clone()));
    }
    let skus: Vec<String> = request
        .as_ref()
        .map(|r| r.lines.iter().map(|l| l.sku.clone()).collect())
        .unwrap_or_default();
    let shipping_id = request
        .as_ref()
        .and_then(|r| r.shipping.as_ref().map(|s| s.id.clone()));
    shop.with_shop(&mut |manifest, catalog| {
        if manifest.id != facts.shop_id {
            return;
        }
        let locale = locale.unwrap_or(manifest.default_locale()).to_owned();
        let fallback = manifest.default_locale();
        facts.shop_name = manifest.seller.name.get(&locale, fallback).to_owned();
        for (line, sku) in facts.lines.iter_mut().zip(&skus) {
            if let Some((product, variant)) = catalog.find_sku(sku) {
                line.title = product.title.get(&locale, fallback).to_owned();
                line.options = product
                    .options
                    .iter()
                    .filter_map(|option| {
                        let value = variant.options.get(&option.id)?;
                        let label = option
                            .values
                            .iter()
                            .find(|v| &v.id == value)
                            .map_or(value.as_str(), |v| v.label.get(&locale, fallback));
                        Some((
                            option.name.get(&locale, fallback).to_owned(),
                            label.to_owned(),
                        ))
                    })
                    .collect();
            }
        }
        if let (Some((label, _)), Some(id)) = (facts.shipping.as_mut(), &shipping_id) {
            if let Some(option) = manifest.shipping.iter().find(|s| &s.id == id) {
                *label = option.label.get(&locale, fallback).to_owned();
            }
        }
        facts.locale = locale;
    });
    facts.order = Some(order);
    facts.request = request;
    Ok(facts)
}

/// The change to `to` as the order's history recorded it (the latest such event:
/// an order reaches each status once). Without one, only `to` is known.
fn change_from_history(history: &[crate::store::OrderEvent], to: Status) -> Change {
    let mut change = Change {
        from: None,
        to,
        tracking_note: String::new(),
        tracking_url: String::new(),
        reason: String::new(),
    };
    let detail = history.iter().rev().find_map(|e| {
        let detail: serde_json::Value = serde_json::from_str(&e.detail).ok()?;
        (e.kind == "status" && detail["to"].as_str() == Some(to.as_str())).then_some(detail)
    });
    if let Some(detail) = detail {
        let text = |key: &str| detail[key].as_str().unwrap_or("").to_owned();
        change.from = detail["from"].as_str().and_then(Status::parse);
        change.tracking_note = text("tracking_note");
        change.tracking_url = text("tracking_url");
        change.reason = text("reason");
    }
    change
}

/// The facts of `microshop notify test`'s message for `destination`.
pub fn test_facts(shop: &dyn Shopfront, locale: Option<&str>, now_ms: i64) -> Facts {
    let mut facts = Facts {
        event_id: format!("test:{now_ms}"),
        happened: Happened::Test,
        occurred_ms: now_ms,
        shop_id: String::new(),
        shop_name: String::new(),
        locale: locale.unwrap_or("en").to_owned(),
        order: None,
        request: None,
        lines: Vec::new(),
        shipping: None,
    };
    shop.with_shop(&mut |manifest, _| {
        let locale = locale.unwrap_or(manifest.default_locale()).to_owned();
        facts.shop_id = manifest.id.clone();
        facts.shop_name = manifest
            .seller
            .name
            .get(&locale, manifest.default_locale())
            .to_owned();
        facts.locale = locale;
    });
    facts
}
