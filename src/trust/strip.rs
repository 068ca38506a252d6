//! The trust strip's "Receipts signed by <domain>" (docs/trust.md, "Seller identity:
//! the key at the shop's own domain"), in the `trust` part: the feed's panel of the
//! part (`trust::page_panel`), fetched when the browser is idle, in a shop that may
//! sign receipts (the seller header's strip shows it when opened).
//!
//! Said only when the browser itself found, at this moment, that the key the order
//! endpoint signs with is the current key published at the root of the page's own
//! domain: the key list the receipt check reads (the manifest's `receipts.keys`, else
//! the shop's well-known path) is at `/.well-known/…` of the page's own origin, over
//! https or on this machine ([`page::vouching_host`]), and its current key is the
//! current key of the list the endpoint's own origin publishes (where `microshop
//! serve` answers it; the same list when the endpoint is on this origin). A shop whose
//! endpoint signs nothing, or whose domain lists another key (a key rotated and the
//! site not published again), says nothing: never anything false.

use super::receipt::keys_url;
use super::receipt_words::{say, Word};
use crate::shop::use_shop;
use crate::web::{http, page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_core::order::receipt_check::{read_key_list, unhex, KEYS_PATH};

/// The public half of the current Ed25519 key of the list at `url`, lower-case hex;
/// `None` when there is no list there, or no such key in it.
async fn current_key(url: String) -> Option<String> {
    let text = http::get_text(&url).await.ok()?;
    let list = read_key_list(&text, &url).ok()?;
    list.keys
        .into_iter()
        .find(|k| k.status == "current" && k.algorithm == "Ed25519")
        .filter(|k| unhex::<32>(&k.public_key).is_some())
        .map(|k| k.public_key.to_ascii_lowercase())
}

/// `https://host[:port]/` of an absolute URL.
fn origin_root(url: &str) -> Option<String> {
    let after_scheme = url.find("://")? + 3;
    let end = url[after_scheme..]
        .find('/')
        .map_or(url.len(), |i| after_scheme + i);
    Some(format!("{}/", &url[..end]))
}

/// The line, said once the check found the domain vouches for the signing key.
/// `data-state` says where the check is (`checking`, `domain`, `none`), for tests.
/// Plain views per state and a `String` signal: a signal or attribute of a type of its
/// own would be code of its own in the part (docs/performance.md).
#[component]
pub fn ReceiptsDomainLine() -> impl IntoView {
    let shop = use_shop();
    let keys = keys_url(&shop);
    // `None` while checking; then the vouching host, or "" when nothing is said.
    let found = RwSignal::new(Some(String::new()));
    if let Some(host) = page::vouching_host(&keys, KEYS_PATH) {
        found.set(None);
        let endpoint = page::absolute(&shop.manifest.order.endpoint);
        let signer = origin_root(&endpoint).map(|root| format!("{root}{KEYS_PATH}"));
        spawn_local(async move {
            let published = current_key(keys.clone()).await;
            let signing = match signer {
                Some(url) if url != keys => current_key(url).await,
                Some(_) => published.clone(),
                None => None,
            };
            let vouched = published.is_some() && published == signing;
            found.set(Some(if vouched { host } else { String::new() }));
        });
    }
    move || match found.get() {
        None => {
            view! { <p hidden data-testid="receipts-domain" data-state="checking"></p> }.into_any()
        }
        Some(host) if host.is_empty() => {
            view! { <p hidden data-testid="receipts-domain" data-state="none"></p> }.into_any()
        }
        Some(host) => view! {
            <p class="trust__details" data-testid="receipts-domain" data-state="domain">
                {move || say(&shop.locale.get(), Word::SignedByDomain).replace("{domain}", &host)}
            </p>
        }
        .into_any(),
    }
}
