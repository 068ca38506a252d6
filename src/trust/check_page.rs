//! `/receipt/`: a buyer (or anyone they show it to) picks or drops a saved receipt,
//! and the page checks it against the keys this shop publishes, in the browser
//! (WebCrypto), and says plainly what was promised, or why the file proves nothing.
//! Nothing is sent anywhere but the request for the shop's key list.

use super::receipt::{check_receipt, keys_url, Terms, Verdict};
use super::receipt_words::{say, Word};
use crate::i18n::Msg;
use crate::shop::links;
use crate::shop::use_shop;
use crate::web::files;
use leptos::ev::{DragEvent, Event};
use leptos::prelude::*;
use microshop_core::order::receipt_check::KEYS_PATH;

/// Where the check is.
#[derive(Clone, Debug, PartialEq)]
enum Check {
    Waiting,
    Checking,
    Done(Verdict),
}

/// The receipt check page.
#[component]
pub fn ReceiptCheckPage() -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let check = RwSignal::new(Check::Waiting);

    // Each file checked is numbered: a slow check of an earlier file never
    // overwrites the verdict on a later one.
    let round = StoredValue::new(0u32);
    let take = move |file: Option<files::Picked>| {
        let Some(file) = file else {
            return;
        };
        round.update_value(|n| *n += 1);
        let this = round.get_value();
        check.set(Check::Checking);
        leptos::task::spawn_local(async move {
            let verdict = match files::text(&file).await {
                Some(text) => check_receipt(&text, &keys_url(&shop)).await,
                None => Verdict::NotReceipt,
            };
            if round.get_value() == this {
                check.set(Check::Done(verdict));
            }
        });
    };
    let picked = move |ev: Event| take(files::picked(&ev));
    let dropped = move |ev: DragEvent| {
        ev.prevent_default();
        take(files::dropped(&ev));
    };
    // A drop target must refuse the browser's own handling of the drag (opening the file).
    let over = move |ev: DragEvent| ev.prevent_default();
    view! {
        <div class="page page--narrow">
            <header><nav class="backbar"><a href=links::home() class="backbar__link">{move || format!("{} {}", shop.back_arrow(), shop.t(Msg::ContinueShopping))}</a></nav></header>
            <main on:dragover=over on:drop=dropped>
                <h1>{move || say(&locale(), Word::CheckReceipt)}</h1>
                <p>{move || say(&locale(), Word::CheckIntro)}</p>
                // The input inside its label, not tied to it by `id`/`for`: those attribute
                // builders are code the `share` part has too, and code two parts share
                // goes into a file both must fetch (docs/performance.md).
                <p class="field">
                    <label>
                        {move || say(&locale(), Word::ChooseFile)}" "
                        <input type="file" data-testid="receipt-file" accept="application/json,.json" on:change=picked/>
                    </label>
                </p>
                <p>{move || say(&locale(), Word::DropHere)}</p>
                <div role="status" aria-live="polite" data-testid="receipt-verdict">
                    {move || match check.get() {
                        Check::Waiting => ().into_any(),
                        Check::Checking => view! { <p>{move || say(&locale(), Word::Checking)}</p> }.into_any(),
                        Check::Done(Verdict::Genuine { terms, key_id }) => {
                            let said = say(&locale(), Word::Valid).replace("{seller}", &terms.seller).replace("{key}", &key_id);
                            view! {
                                <p class="notice" data-verdict="genuine">{said}</p>
                                {crate::web::page::vouching_host(&keys_url(&shop), KEYS_PATH).map(|h| view! {
                                    <p data-testid="receipt-domain">{move || say(&locale(), Word::KeyAt).replace("{domain}", &h)}</p>
                                })}
                                <Terms terms=*terms/>
                                <p>{move || say(&locale(), Word::NotProof)}</p>
                            }.into_any()
                        }
                        Check::Done(other) => {
                            let kind = other.kind();
                            let word = other.word();
                            view! {
                                <p class="notice notice--error" data-verdict=kind>
                                    {move || word.map(|w| say(&locale(), w)).unwrap_or_default()}
                                </p>
                            }.into_any()
                        }
                    }}
                </div>
            </main>
        </div>
    }
}
