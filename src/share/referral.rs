//! A buyer's own referral link: a code they type or one made for them, checked by
//! core's rule, added to the page's link as `?ref=`. Whoever orders through it
//! sends the code with the order (the checkout keeps it, see `checkout/state`).

use crate::i18n::Msg;
use crate::share::{qr::QrCode, shareable};
use crate::shop::{links, use_shop};
use crate::web::clock;
use leptos::prelude::*;
use microshop_core::rules::{buyer_referral_code, generated_referral_code, ReferralCodeProblem};

/// Why no link was made, in the buyer's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Refused {
    Code(ReferralCodeProblem),
    NoRandom,
}

/// The code field, "make one for me", and the link made from the code.
#[component]
pub fn ReferralMaker<F>(
    /// The page's address, from `links`.
    path: Signal<String>,
    /// The language chosen in the current address, kept in the link.
    lang: Signal<Option<String>>,
    /// Shares a made link (as the share button does).
    on_share: F,
) -> impl IntoView
where
    F: Fn(String) + Clone + Send + Sync + 'static,
{
    let shop = use_shop();
    let typed = RwSignal::new(String::new());
    let code = RwSignal::new(None::<String>);
    let refused = RwSignal::new(None::<Refused>);
    let make = move |text: &str| match buyer_referral_code(text) {
        Ok(c) => {
            refused.set(None);
            code.set(Some(c));
        }
        Err(problem) => {
            code.set(None);
            refused.set(Some(Refused::Code(problem)));
        }
    };
    let generate = move |_| match clock::random_128() {
        Some(bytes) => {
            let mut eight = [0u8; 8];
            eight.copy_from_slice(&bytes[..8]);
            let c = generated_referral_code(&eight);
            typed.set(c.clone());
            make(&c);
        }
        None => refused.set(Some(Refused::NoRandom)),
    };
    let link = Signal::derive(move || {
        code.get()
            .map(|c| {
                shareable(
                    &links::with_param(&path.get(), "ref", &c),
                    lang.read().as_deref(),
                )
            })
            .unwrap_or_default()
    });
    let error_id = "referral-error";
    // `maxlength` as a number and the made link's views erased (`into_any`): the same
    // attribute and view types as `buying`'s or the first load's, so this part does not
    // fetch the chunks it would share with `trust`'s forms (docs/performance.md, share).
    view! {
        <form class="share__panel referral" on:submit=move |ev| {
            ev.prevent_default();
            make(&typed.get_untracked());
        }>
            <p>{move || shop.t(Msg::ReferralHelp)}</p>
            <div class="field" class:field--invalid=move || refused.get().is_some()>
                <label class="field__label" for="referral-code">{move || shop.t(Msg::YourCode)}</label>
                <input id="referral-code" type="text" autocomplete="off" autocapitalize="off" spellcheck="false" maxlength=64usize
                    aria-invalid=move || refused.get().is_some().to_string()
                    aria-describedby=error_id
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                <p id=error_id class="field__error" aria-live="polite">
                    {move || refused.get().map(|r| match r {
                        Refused::Code(ReferralCodeProblem::Character(c)) => format!("{} {c}", shop.t(Msg::CodeCharacter)),
                        Refused::Code(_) => shop.t(Msg::CodeLength).to_owned(),
                        Refused::NoRandom => shop.t(Msg::NoRandom).to_owned(),
                    })}
                </p>
            </div>
            <div class="share__buttons">
                <button type="submit" class="button">{move || shop.t(Msg::MakeLink)}</button>
                <button type="button" class="button button--quiet" on:click=generate>{move || shop.t(Msg::GenerateCode)}</button>
            </div>
            {move || code.get().is_some().then(|| {
                let on_share = on_share.clone();
                view! {
                    <p class="share__url" data-testid="referral-link">{link}</p>
                    <button type="button" class="button button--primary" on:click=move |_| on_share(link.get_untracked())>{move || shop.t(Msg::Share)}</button>
                    <QrCode text=link label=Signal::derive(move || shop.t(Msg::QrCodeOfLink).to_owned())/>
                }
                .into_any()
            })}
        </form>
    }
}
