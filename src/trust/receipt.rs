//! A signed receipt in the buyer's browser (docs/trust.md), in the `trust` part: checked against the keys
//! the shop publishes, with the browser's WebCrypto, the same steps as `microshop
//! receipt verify` (core's `order::receipt_check`); shown on the order page as
//! "signed by" only when the check holds, and saved as a file. An order the endpoint
//! signed nothing for (any endpoint but `microshop serve --receipt-key`) shows none of it.

use super::receipt_words::{say, Word};
use crate::i18n::money::format_money;
use crate::i18n::{Msg, Say};
use crate::shop::links;
use crate::shop::{use_shop, ShopContext};
use crate::web::{crypto, files, http, page};
use leptos::prelude::*;
use microshop_core::order::receipt::ReceiptTerms;
use microshop_core::order::receipt_check::{self as check, Refused, KEYS_PATH};
use microshop_core::Currency;

/// What a receipt proves, as a buyer reads it.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// The shop's key signed these terms.
    Genuine {
        terms: Box<ReceiptTerms>,
        key_id: String,
    },
    Altered,
    OtherKey,
    UnknownKey,
    NotReceipt,
    /// The shop's key list could not be fetched or read.
    NoKeys,
    /// This browser's WebCrypto has no Ed25519.
    NoEd25519,
}

impl Verdict {
    fn refused(r: Refused) -> Verdict {
        match r {
            Refused::Altered(_) => Verdict::Altered,
            Refused::OtherKey(_) => Verdict::OtherKey,
            Refused::UnknownKey(_) => Verdict::UnknownKey,
            Refused::Malformed(_) => Verdict::NotReceipt,
        }
    }

    /// A name for tests and styles (`data-verdict`).
    pub fn kind(&self) -> &'static str {
        match self {
            Verdict::Genuine { .. } => "genuine",
            Verdict::Altered => "altered",
            Verdict::OtherKey => "other-key",
            Verdict::UnknownKey => "unknown-key",
            Verdict::NotReceipt => "not-receipt",
            Verdict::NoKeys => "no-keys",
            Verdict::NoEd25519 => "no-ed25519",
        }
    }

    /// The words saying why the receipt proves nothing (none for a genuine one).
    pub fn word(&self) -> Option<Word> {
        Some(match self {
            Verdict::Genuine { .. } => return None,
            Verdict::Altered => Word::Altered,
            Verdict::OtherKey => Word::OtherKey,
            Verdict::UnknownKey => Word::UnknownKey,
            Verdict::NotReceipt => Word::NotReceipt,
            Verdict::NoKeys => Word::NoKeys,
            Verdict::NoEd25519 => Word::NoEd25519,
        })
    }
}

/// Where this shop publishes its receipt keys: the manifest's `receipts.keys` (an
/// absolute URL, a path from the site's root, or one relative to the shop's address),
/// else the well-known path under the shop's own address (where `serve` answers it).
pub fn keys_url(shop: &ShopContext) -> String {
    let home = links::home();
    match shop.manifest.receipts.as_ref().map(|r| r.keys.as_str()) {
        Some(url) if url.starts_with('/') || url.contains("://") => page::absolute(url),
        Some(url) => page::absolute(&format!("{home}{url}")),
        None => page::absolute(&format!("{home}{KEYS_PATH}")),
    }
}

/// Checks `text` (a receipt file) against the keys at `keys_url`.
pub async fn check_receipt(text: &str, keys_url: &str) -> Verdict {
    // The file's name appears only in core's English messages, which the page does not show.
    let signed = match check::read_receipt(text, "receipt") {
        Ok(s) => s,
        Err(r) => return Verdict::refused(r),
    };
    let keys = match http::get_text(keys_url).await {
        Ok(t) => match check::read_key_list(&t, keys_url) {
            Ok(k) => k,
            Err(_) => return Verdict::NoKeys,
        },
        Err(_) => return Verdict::NoKeys,
    };
    let shop = match check::shop_key(&signed, &keys, "receipt") {
        Ok(k) => k,
        Err(r) => return Verdict::refused(r),
    };
    let shop_key = match crypto::ed25519_key(&shop).await {
        Ok(Some(k)) => k,
        Ok(None) => return Verdict::NoKeys,
        Err(crypto::NoEd25519) => return Verdict::NoEd25519,
    };
    let message = signed.canonical.as_bytes();
    let by_shop = crypto::ed25519_verifies(&shop_key, &signed.signature, message).await;
    let mut other = None;
    if let Some(carried) = signed.carried.filter(|c| !by_shop && *c != shop) {
        if let Ok(Some(key)) = crypto::ed25519_key(&carried).await {
            if crypto::ed25519_verifies(&key, &signed.signature, message).await {
                // Its id would only name it in core's English message, which the
                // page words itself: not worth the SHA-256 call.
                other = Some(String::new());
            }
        }
    }
    let key_id = signed.key_id.clone();
    match check::verdict(signed, "receipt", by_shop, other) {
        Ok(terms) => Verdict::Genuine {
            terms: Box::new(terms),
            key_id,
        },
        Err(r) => Verdict::refused(r),
    }
}

/// On the order page: "Receipt signed by <seller>" once the shop's published key
/// verifies the receipt, a link that saves it, and the way to the check page.
#[component]
pub fn ReceiptSeal(
    /// The receipt as the endpoint answered it (JSON text).
    text: String,
    /// The order's short reference, for the file's name.
    reference: String,
) -> impl IntoView {
    let shop = use_shop();
    let verdict = RwSignal::new(None::<Verdict>);
    let keys = keys_url(&shop);
    let checked = text.clone();
    leptos::task::spawn_local(async move {
        verdict.set(Some(check_receipt(&checked, &keys).await));
    });
    let locale = move || shop.locale.get();
    // Said only once the receipt verified against the list at this domain's root.
    let host = page::vouching_host(&keys_url(&shop), KEYS_PATH);
    let vouched = move || match (verdict.get(), &host) {
        (Some(Verdict::Genuine { .. }), Some(host)) => {
            Some(say(&locale(), Word::KeyAt).replace("{domain}", host))
        }
        _ => None,
    };
    let saved = microshop_core::order::receipt::saved_file(&text, &page::absolute(&links::home()));
    // `download` below from a closure, not a `String`: the builder for a `String` is
    // code the `share` part's poster link has too, which would then go into a file
    // both parts fetch (docs/performance.md).
    let file_name = format!("receipt-{reference}.json");
    view! {
        <section data-testid="receipt">
            <p role="status" data-testid="receipt-seal" data-verdict=move || verdict.get().map(|v| v.kind())>
                {move || match verdict.get() {
                    None => say(&locale(), Word::Checking).to_owned(),
                    Some(Verdict::Genuine { terms, .. }) => say(&locale(), Word::SignedBy).replace("{seller}", &terms.seller),
                    Some(other) => other.word().map(|w| say(&locale(), w)).unwrap_or_default().to_owned(),
                }}
            </p>
            {move || vouched().map(|v| view! { <p data-testid="receipt-domain">{v}</p> })}
            <p class="order-actions">
                {saved.map(|json| view! {
                    <a class="button" data-testid="save-receipt" href=files::json_data_url(&json) download=move || file_name.clone()>
                        {move || say(&locale(), Word::SaveReceipt)}
                    </a>
                })}
                <a class="button button--quiet" href=links::receipt_check()>{move || say(&locale(), Word::CheckReceipt)}</a>
            </p>
        </section>
    }
}

/// The terms of a genuine receipt, plainly: what was bought at what price, the
/// totals, when, and the policies promised.
#[component]
pub fn Terms(terms: ReceiptTerms) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    // The receipt's own currency and amounts, exactly as signed, formatted as the
    // order page formats them (a currency this build does not know: as written).
    let currency = Currency::from_code(&terms.currency);
    let money = move |amount: &str| match currency {
        Some(c) => c
            .parse(amount)
            .map(|m| format_money(m, c, &locale()))
            .unwrap_or_else(|_| amount.to_owned()),
        None => amount.to_owned(),
    };
    let p = terms.policies.clone();
    let promised = p.ships_within_days.is_some()
        || p.shipping.is_some()
        || p.returns.is_some()
        || p.guarantee.is_some();
    view! {
        <dl class="receipt" data-testid="receipt-terms">
            <dt>{move || shop.t(Msg::OrderNumber)}</dt>
            <dd><code>{terms.order_id.clone()}</code></dd>
            <dt>{move || say(&locale(), Word::Placed)}</dt>
            <dd><time datetime=terms.placed_at.clone()>{terms.placed_at.clone()}</time></dd>
            <dt>{move || say(&locale(), Word::Accepted)}</dt>
            <dd><time datetime=terms.accepted_at.clone()>{terms.accepted_at.clone()}</time></dd>
        </dl>
        <h2>{move || shop.t(Msg::Items)}</h2>
        <ul class="receipt__lines">
            {terms.lines.iter().map(|l| {
                let options: Vec<String> = l.options.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                let unit = l.unit_price.clone();
                let total = l.line_total.clone();
                let sku = l.sku.clone();
                view! {
                    <li class="receipt__line">
                        <span>{format!("{} × {}", l.quantity, l.title)}
                            {(!options.is_empty()).then(|| view! { <small class="line__options">" ("{options.join(", ")}")"</small> })}
                            <small class="line__options">{move || format!(" [{sku}] @ {}", money(&unit))}</small>
                        </span>
                        <span>{move || money(&total)}</span>
                    </li>
                }
            }).collect_view()}
        </ul>
        <dl class="totals">
            <div class="totals__row"><dt>{move || shop.t(Msg::Subtotal)}</dt><dd>{
                let s = terms.subtotal.clone();
                move || money(&s)
            }</dd></div>
            {terms.shipping.clone().map(|s| view! {
                <div class="totals__row"><dt>{move || format!("{} ({})", shop.t(Msg::Shipping), s.label)}</dt><dd>{
                    let price = s.price.clone();
                    move || money(&price)
                }</dd></div>
            })}
            <div class="totals__row totals__row--total"><dt>{move || shop.t(Msg::Total)}</dt><dd data-testid="receipt-total">{
                let t = terms.total.clone();
                move || money(&t)
            }</dd></div>
        </dl>
        {promised.then(|| view! {
            <h2>{move || say(&locale(), Word::Promised)}</h2>
            <dl class="receipt" data-testid="receipt-promised">
                {p.ships_within_days.map(|days| view! {
                    <dt>{move || shop.t(Msg::Shipping)}</dt><dd>{move || shop.words().ships_within(days)}</dd>
                })}
                {p.shipping.clone().map(|t| view! { <dt>{move || shop.t(Msg::Shipping)}</dt><dd class="prose">{t}</dd> })}
                {p.returns.clone().map(|t| view! { <dt>{move || shop.t(Msg::Returns)}</dt><dd class="prose">{t}</dd> })}
                {p.guarantee.clone().map(|t| view! { <dt>{move || shop.t(Msg::Guarantee)}</dt><dd class="prose">{t}</dd> })}
            </dl>
        })}
    }
}
