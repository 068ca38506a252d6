//! What the buyer typed at checkout and the shipping choice, kept in storage so
//! a reload, a crash or a detour to the product page loses nothing. This module
//! alone writes the draft.

use crate::reactive::ReadOnly;
use crate::shop::ShopContext;
use crate::web::clock;
use crate::web::storage::{self, keys};
use leptos::prelude::*;
use microshop_core::checkout::{details_kept, referral_kept};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// The checkout form's contents (stored as JSON: written with serde, read by
/// [`CheckoutDraft::read`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct CheckoutDraft {
    /// Format version.
    pub version: u32,
    /// Field id to value.
    pub customer: BTreeMap<String, String>,
    /// The chosen shipping option.
    pub shipping_id: Option<String>,
    /// The referral code of the link the buyer came through (`?ref=`).
    pub referral: Option<String>,
    /// When that link was opened (ms since the Unix epoch): the code is kept 30 days.
    pub referral_at: Option<u64>,
    /// When the buyer last typed in the form or ordered with it (ms since the Unix
    /// epoch): `customer` is forgotten 30 days after (core's `details_kept`).
    pub used_at: Option<u64>,
}

impl CheckoutDraft {
    /// A stored draft of this version (1), or `None` when it is another version or
    /// damaged: not JSON, not an object, or a field of the wrong kind (`customer` an
    /// object of texts, `shipping_id` and `referral` text, the times whole numbers from
    /// 0; each may be absent, the optional ones null). Other fields are ignored, as
    /// serde's derived reader did; unlike it, a draft stored as a JSON list is dropped
    /// and one with a field twice is read with the last (shapes no version of the app
    /// writes). Read by hand from the `serde_json::Value` the first load parses anyway:
    /// serde's typed readers then stay in the parts that need them (docs/performance.md,
    /// "Room in the first load", step 1).
    fn read(text: &str) -> Option<CheckoutDraft> {
        let value: Value = serde_json::from_str(text).ok()?;
        let object = value.as_object()?;
        if object.get("version").and_then(Value::as_u64) != Some(1) {
            return None;
        }
        let text = |key: &str| match object.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(s)) => Some(Some(s.clone())),
            Some(_) => None,
        };
        let time = |key: &str| match object.get(key) {
            None | Some(Value::Null) => Some(None),
            Some(v) => v.as_u64().map(Some),
        };
        let mut customer = BTreeMap::new();
        if let Some(fields) = object.get("customer") {
            for (id, value) in fields.as_object()? {
                customer.insert(id.clone(), value.as_str()?.to_owned());
            }
        }
        Some(CheckoutDraft {
            version: 1,
            customer,
            shipping_id: text("shipping_id")?,
            referral: text("referral")?,
            referral_at: time("referral_at")?,
            used_at: time("used_at")?,
        })
    }
}

/// The draft as context: read through [`CheckoutState::draft`], changed through the verbs.
#[derive(Clone, Copy)]
pub struct CheckoutState {
    draft: RwSignal<CheckoutDraft>,
}

thread_local! {
    /// The page's one checkout draft ([`provide_checkout`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static STATE: std::cell::Cell<Option<CheckoutState>> = const { std::cell::Cell::new(None) };
}

/// The checkout context, `None` before the app provides it.
#[inline(never)]
pub fn try_checkout() -> Option<CheckoutState> {
    STATE.with(std::cell::Cell::get)
}

/// The checkout context.
pub fn use_checkout() -> CheckoutState {
    try_checkout().expect("provided by the app at start")
}

/// Loads the draft (dropping one that is damaged), provides it, saves every change.
pub fn provide_checkout(shop: ShopContext) -> CheckoutState {
    let key = keys::checkout(&shop.manifest.id);
    let mut draft = storage::get(&key)
        .ok()
        .flatten()
        .and_then(|t| CheckoutDraft::read(&t))
        .unwrap_or_default();
    draft.version = 1;
    // The first option is chosen until the buyer picks another; an option that vanished is dropped.
    let valid = |id: &String| shop.manifest.shipping.iter().any(|s| &s.id == id);
    if !draft.shipping_id.as_ref().is_some_and(valid) {
        draft.shipping_id = shop.manifest.shipping.first().map(|s| s.id.clone());
    }
    // A shared link's `?ref=` is kept until the order is placed, for 30 days from the
    // last referral link opened; a later link's code wins. A code kept by a version
    // that did not note the time counts from now.
    let now = clock::now_ms();
    if let Some(code) = crate::web::address::use_address()
        .query
        .with_untracked(|q| q.get("ref"))
        .filter(|c| microshop_core::rules::is_referral_code(c))
    {
        draft.referral = Some(code);
        draft.referral_at = Some(now);
    } else if draft.referral.is_some() && !referral_kept(*draft.referral_at.get_or_insert(now), now)
    {
        draft.referral = None;
        draft.referral_at = None;
    }
    // What the buyer typed is forgotten 30 days after its last use; details kept by a
    // version that did not note the time count from now.
    if !draft.customer.is_empty() && !details_kept(*draft.used_at.get_or_insert(now), now) {
        draft.customer.clear();
        draft.used_at = None;
    }
    let state = CheckoutState {
        draft: RwSignal::new(draft),
    };
    STATE.with(|s| s.set(Some(state)));
    Effect::new(move |_| {
        let text = state
            .draft
            .with(|d| serde_json::to_string(d).unwrap_or_default());
        let _ = storage::set(&key, &text);
    });
    state
}

impl CheckoutState {
    /// The draft.
    pub fn draft(&self) -> ReadOnly<CheckoutDraft> {
        ReadOnly::new(self.draft)
    }

    /// The buyer typed in a field.
    pub fn set_field(&self, id: &str, value: String) {
        self.draft.update(|d| {
            d.customer.insert(id.to_owned(), value);
            d.used_at = Some(clock::now_ms());
        });
    }

    /// The buyer chose a shipping option.
    pub fn choose_shipping(&self, id: &str) {
        self.draft.update(|d| d.shipping_id = Some(id.to_owned()));
    }

    /// After an order went through: forgets its notes and referral, keeps the buyer's
    /// contact details and shipping choice for the next order (like browser autofill),
    /// 30 days from now.
    pub fn forget_after_order(&self, manifest: &microshop_core::Manifest) {
        let notes: Vec<&str> = manifest
            .checkout
            .fields
            .iter()
            .filter(|f| f.kind == microshop_core::FieldKind::Note)
            .map(|f| f.id.as_str())
            .collect();
        self.draft.update(|d| {
            d.customer.retain(|k, _| !notes.contains(&k.as_str()));
            d.referral = None;
            d.referral_at = None;
            d.used_at = Some(clock::now_ms());
        });
    }
}
