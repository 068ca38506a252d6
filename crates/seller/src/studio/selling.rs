//! `/_seller/studio/selling`: shipping options (label, price, free above an
//! amount), the checkout's fields (kind, label, required, order), and how buyers pay.

use super::fields::{ChoiceField, FlagField, Kind, PlainField, TextField};
use super::pages::{PageProblems, StudioFrame};
use super::photos::Photos;
use super::state::use_studio;
use crate::i18n::{Msg, Say};
use crate::session::use_words;
use crate::web::page;
use leptos::prelude::*;
use microshop_seller_model::problems::{field_id, Page};
use microshop_seller_model::{draft, path};
use serde_json::json;

/// The selling page.
#[component]
pub fn SellingPage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionSelling).to_owned() back=true>
            <PageProblems which=|p| p == Page::Selling/>
            <Shipping/>
            <CheckoutFields/>
            <Payment/>
        </StudioFrame>
    }
}

/// Adds `item` to the list at `at` and puts the focus on its field `focus`.
fn add_to(
    studio: super::state::Studio,
    at: &'static str,
    item: serde_json::Value,
    focus: &'static str,
) {
    let mut index = None;
    studio.edit(|d| index = draft::push(d, at, item));
    if let Some(i) = index {
        let id = field_id(&format!("{at}[{i}].{focus}"));
        request_animation_frame(move || {
            page::focus(&id);
        });
    }
}

#[component]
fn Shipping() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let count = Memo::new(move |_| studio.draft.with(|d| draft::list(d, "shipping").len()));
    let t = move |m: Msg| w.t(m).to_owned();
    view! {
        <section class="group" aria-labelledby="shipping-heading">
            <h2 id="shipping-heading">{t(Msg::ShippingOptions)}</h2>
            <p class="field__hint">{t(Msg::ShippingHint)}</p>
            {move || (0..count.get()).map(|i| {
                let at = format!("shipping[{i}]");
                let remove_at = at.clone();
                view! {
                    <fieldset class="group">
                        <legend>{w.shipping_n(u32::try_from(i + 1).unwrap_or(0))}</legend>
                        <TextField path=path::key(&at, "label") label=t(Msg::ShippingLabel)/>
                        <div class="row">
                            <PlainField path=path::key(&at, "price") label=t(Msg::Price) kind=Kind::Money/>
                            <PlainField path=path::key(&at, "free_over") label=t(Msg::FreeOver) kind=Kind::Money/>
                        </div>
                        <PlainField path=path::key(&at, "id") label=t(Msg::ShippingId) kind=Kind::Text hint=t(Msg::IdHint)/>
                        <button type="button" class="button button--quiet" on:click=move |_| {
                            let at = remove_at.clone();
                            studio.edit(|d| { path::remove(d, &at); });
                        }>{t(Msg::RemoveShipping)}</button>
                    </fieldset>
                }
            }).collect_view()}
            <p><button type="button" class="button button--secondary" on:click=move |_| {
                let id = studio.draft.with_untracked(|d| draft::fresh_id(d, "shipping", "id", "shipping"));
                add_to(studio, "shipping", json!({ "id": id, "label": "", "price": "0" }), "label");
            }>{t(Msg::AddShipping)}</button></p>
        </section>
    }
}

#[component]
fn CheckoutFields() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let at = "checkout.fields";
    let count = Memo::new(move |_| studio.draft.with(|d| draft::list(d, at).len()));
    let t = move |m: Msg| w.t(m).to_owned();
    let kinds = move || {
        [
            ("name", Msg::KindName),
            ("phone", Msg::KindPhone),
            ("email", Msg::KindEmail),
            ("address", Msg::KindAddress),
            ("text", Msg::KindText),
            ("note", Msg::KindNote),
        ]
        .into_iter()
        .map(|(k, m)| (k.to_owned(), w.t(m).to_owned()))
        .collect::<Vec<_>>()
    };
    view! {
        <section class="group" aria-labelledby="checkout-heading">
            <h2 id="checkout-heading">{t(Msg::CheckoutFields)}</h2>
            <p class="field__hint">{t(Msg::CheckoutHint)}</p>
            {move || (0..count.get()).map(|i| {
                let p = format!("{at}[{i}]");
                let remove_at = p.clone();
                let n = count.get_untracked();
                view! {
                    <fieldset class="group">
                        <legend>{w.field_n(u32::try_from(i + 1).unwrap_or(0))}</legend>
                        <ChoiceField path=path::key(&p, "kind") label=t(Msg::FieldKind) choices=kinds()/>
                        <TextField path=path::key(&p, "label") label=t(Msg::FieldLabel) hint=t(Msg::FieldLabelHint)/>
                        <FlagField path=path::key(&p, "required") label=t(Msg::FieldRequired)/>
                        <PlainField path=path::key(&p, "id") label=t(Msg::FieldId) kind=Kind::Text hint=t(Msg::IdHint)/>
                        <div class="row">
                            {(i > 0).then(|| view! {
                                <button type="button" class="button button--secondary" on:click=move |_| {
                                    studio.edit(|d| { draft::move_item(d, at, i, i - 1); });
                                }>{t(Msg::MoveUp)}</button>
                            })}
                            {(i + 1 < n).then(|| view! {
                                <button type="button" class="button button--secondary" on:click=move |_| {
                                    studio.edit(|d| { draft::move_item(d, at, i, i + 1); });
                                }>{t(Msg::MoveDown)}</button>
                            })}
                            <button type="button" class="button button--quiet" on:click=move |_| {
                                let at = remove_at.clone();
                                studio.edit(|d| { path::remove(d, &at); });
                            }>{t(Msg::RemoveField)}</button>
                        </div>
                    </fieldset>
                }
            }).collect_view()}
            <p><button type="button" class="button button--secondary" on:click=move |_| {
                let id = studio.draft.with_untracked(|d| draft::fresh_id(d, at, "id", "field"));
                add_to(studio, at, json!({ "id": id, "kind": "text" }), "label");
            }>{t(Msg::AddField)}</button></p>
        </section>
    }
}

#[component]
fn Payment() -> impl IntoView {
    let w = use_words();
    let t = move |m: Msg| w.t(m).to_owned();
    view! {
        <section class="group" aria-labelledby="payment-heading">
            <h2 id="payment-heading">{t(Msg::Payment)}</h2>
            <TextField path="payment.text" label=t(Msg::PaymentText) long=true hint=t(Msg::PaymentHint)/>
            <Photos path="payment.qr" label=t(Msg::PaymentQr) single=true/>
        </section>
    }
}
