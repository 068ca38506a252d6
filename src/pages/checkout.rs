//! `/checkout`: the manifest's fields, validated inline; shipping; totals; place order.

use crate::browser;
use crate::cart_state::use_cart;
use crate::checkout_state::use_checkout;
use crate::components::cart_notices::CartNotices;
use crate::components::totals::{ShippingChoice, TotalsTable};
use crate::i18n::Msg;
use crate::orders_state::use_orders;
use crate::shop::use_shop;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use microshop_core::checkout::{check_field, FieldError};
use microshop_core::order::{build_order, order_id_from_bytes, BuildError, CheckoutInput};
use microshop_core::outbox::{OrderRecord, Outcome};
use microshop_core::{CheckoutField, FieldKind};
use std::collections::BTreeMap;

fn error_text(error: FieldError) -> Msg {
    match error {
        FieldError::Missing => Msg::Required,
        FieldError::BadEmail => Msg::BadEmail,
        FieldError::BadPhone => Msg::BadPhone,
        FieldError::TooLong => Msg::TooLong,
        FieldError::Invalid => Msg::FieldRejected,
    }
}

fn default_label(kind: FieldKind) -> Msg {
    match kind {
        FieldKind::Name => Msg::FieldName,
        FieldKind::Phone => Msg::FieldPhone,
        FieldKind::Email => Msg::FieldEmail,
        FieldKind::Address => Msg::FieldAddress,
        FieldKind::Text | FieldKind::Note => Msg::FieldNote,
    }
}

/// A field's label in the buyer's locale: the manifest's, else the kind's default.
pub fn field_label(field: &CheckoutField) -> String {
    let shop = use_shop();
    match &field.label {
        Some(text) => shop.text(text),
        None => shop.t(default_label(field.kind)).to_owned(),
    }
}

/// The checkout page.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    let shop = use_shop();
    let cart = use_cart();
    let checkout = use_checkout();
    let orders = use_orders();
    let navigate = use_navigate();
    let errors = RwSignal::new(BTreeMap::<String, FieldError>::new());
    let submitting = RwSignal::new(false);
    let failure = RwSignal::new(None::<String>);
    // An order still on its way blocks a new one: placing again would make a second order.
    let unsettled = Memo::new(move |_| orders.unsettled());

    let validate_all = move || {
        let values = checkout.draft.with_untracked(|d| d.customer.clone());
        let found =
            microshop_core::checkout::check_customer(&shop.manifest.checkout.fields, &values);
        errors.set(found.clone());
        found
    };

    let finish = {
        let navigate = navigate.clone();
        move |order_id: String, outcome: Outcome| match outcome {
            // The sender has already taken the items out of the cart and cleared the note.
            Outcome::Accepted(answer) => {
                navigate(&format!("/order/{order_id}"), NavigateOptions::default());
                if let Some(url) = answer
                    .payment_url
                    .filter(|u| microshop_core::order::is_safe_redirect(u))
                {
                    browser::go_to(&url);
                }
            }
            Outcome::Rejected { answer, .. } => {
                // The sender already applied price, quantity and stock problems to the
                // cart (and tells the buyer); field problems go next to their fields.
                orders.forget(&order_id);
                // The endpoint's reason picks the message; one it does not name reads "please check this".
                let field_errors: BTreeMap<String, FieldError> = answer
                    .problems
                    .iter()
                    .filter_map(|p| {
                        let reason = p.reason.as_deref().and_then(FieldError::from_code);
                        p.field
                            .clone()
                            .map(|f| (f, reason.unwrap_or(FieldError::Invalid)))
                    })
                    .collect();
                if !field_errors.is_empty() {
                    errors.set(field_errors);
                    browser::focus_first_invalid();
                }
                failure.set(Some(if answer.message.is_empty() {
                    shop.t(Msg::PricesChanged).to_owned()
                } else {
                    answer.message
                }));
            }
            // No answer yet, or one that needs the buyer: the order's own page shows its
            // state, keeps trying, and offers "try again" and the order as text.
            Outcome::Retry { .. } | Outcome::Failed { .. } => {
                navigate(&format!("/order/{order_id}"), NavigateOptions::default());
            }
        }
    };

    let send = move |order_id: String| {
        let finish = finish.clone();
        submitting.set(true);
        leptos::task::spawn_local(async move {
            let outcome = orders.deliver(&order_id).await;
            submitting.set(false);
            // `None`: another tab holds the order; its page shows how it goes.
            let outcome = outcome.unwrap_or(Outcome::Retry {
                reason: String::new(),
                retry_after_secs: None,
            });
            finish(order_id, outcome);
        });
    };

    let place = {
        let send = send.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if submitting.get_untracked() {
                return;
            }
            failure.set(None);
            if unsettled.get_untracked().is_some() {
                return;
            }
            if !validate_all().is_empty() {
                browser::focus_first_invalid();
                return;
            }
            let input = checkout.draft.with_untracked(|d| CheckoutInput {
                customer: d.customer.clone(),
                shipping_id: d.shipping_id.clone(),
                referral: d.referral.clone(),
            });
            let Some(random) = browser::random_128() else {
                failure.set(Some(format!(
                    "{} (no secure random numbers in this browser)",
                    shop.t(Msg::OrderFailed)
                )));
                return;
            };
            let built = cart.cart.with_untracked(|c| {
                build_order(
                    shop.manifest,
                    shop.catalog,
                    c,
                    &input,
                    &shop.locale.get_untracked(),
                    order_id_from_bytes(random),
                    browser::now_rfc3339(),
                )
            });
            match built {
                Ok(order) => {
                    let id = order.order_id.clone();
                    // Stored before the first send; without storage it lives in this page only,
                    // which the order's page tells the buyer.
                    orders.add(OrderRecord::rendered(order, &shop.manifest.order));
                    send(id);
                }
                Err(BuildError::Fields(found)) => errors.set(found),
                Err(e) => failure.set(Some(format!("{} ({e:?})", shop.t(Msg::OrderFailed)))),
            }
        }
    };

    view! {
        <main class="page page--narrow">
            <nav class="backbar"><A href="/cart" attr:class="backbar__link">{move || format!("← {}", shop.t(Msg::Cart))}</A></nav>
            <h1>{move || shop.t(Msg::Checkout)}</h1>
            <CartNotices/>
            <Show when=move || !cart.cart.with(|c| c.is_empty()) fallback=move || view! {
                <div class="empty"><p>{move || shop.t(Msg::CartEmpty)}</p><A href="/" attr:class="button">{move || shop.t(Msg::ContinueShopping)}</A></div>
            }>
                <form class="checkout" novalidate on:submit=place.clone()>
                    <Show when=move || !errors.read().is_empty()>
                        <p class="notice notice--error" role="alert">{move || shop.t(Msg::FixFields)}</p>
                    </Show>
                    <fieldset class="checkout__fields" disabled=move || submitting.get()>
                        <legend>{move || shop.t(Msg::Customer)}</legend>
                        {shop.manifest.checkout.fields.iter().map(|field| view! { <Field field errors/> }).collect_view()}
                    </fieldset>
                    <ShippingChoice/>
                    <TotalsTable/>
                    <Show when=move || failure.read().is_some()>
                        <div class="notice notice--error" role="alert" data-testid="order-failure">
                            <p>{move || failure.get().unwrap_or_default()}</p>
                        </div>
                    </Show>
                    {move || unsettled.get().map(|id| view! {
                        <p class="notice notice--warning" role="status" data-testid="order-unsettled">
                            {shop.t(Msg::OrderOnItsWay)}" "
                            <A href=format!("/order/{id}")>{shop.t(Msg::SeeOrder)}</A>
                        </p>
                    })}
                    <button type="submit" class="button button--primary button--block"
                        disabled=move || submitting.get() || unsettled.read().is_some()
                        aria-disabled=move || submitting.get().to_string()>
                        {move || if submitting.get() { shop.t(Msg::Sending) } else { shop.t(Msg::PlaceOrder) }}
                    </button>
                </form>
            </Show>
        </main>
    }
}

/// One checkout field with its label, keyboard hints and inline error.
#[component]
fn Field(
    field: &'static CheckoutField,
    errors: RwSignal<BTreeMap<String, FieldError>>,
) -> impl IntoView {
    let shop = use_shop();
    let checkout = use_checkout();
    let id = format!("field-{}", field.id);
    let error_id = format!("{id}-error");
    let label = move || field_label(field);
    let value = move || {
        checkout
            .draft
            .with(|d| d.customer.get(&field.id).cloned().unwrap_or_default())
    };
    let error = move || errors.with(|e| e.get(&field.id).copied());
    let set = move |v: String| {
        checkout.draft.update(|d| {
            d.customer.insert(field.id.clone(), v);
        });
        // Once shown, an error clears as soon as the value is right.
        if error().is_some() {
            let current = value();
            errors.update(|e| match check_field(field, &current) {
                Ok(()) => {
                    e.remove(&field.id);
                }
                Err(err) => {
                    e.insert(field.id.clone(), err);
                }
            });
        }
    };
    let check = move || {
        let current = value();
        if current.trim().is_empty() && error().is_none() {
            return; // Do not scold for a field merely passed through.
        }
        errors.update(|e| match check_field(field, &current) {
            Ok(()) => {
                e.remove(&field.id);
            }
            Err(err) => {
                e.insert(field.id.clone(), err);
            }
        });
    };
    let (input_type, autocomplete, inputmode) = match field.kind {
        FieldKind::Name => ("text", "name", "text"),
        FieldKind::Phone => ("tel", "tel", "tel"),
        FieldKind::Email => ("email", "email", "email"),
        FieldKind::Address => ("text", "street-address", "text"),
        FieldKind::Text => ("text", "off", "text"),
        FieldKind::Note => ("text", "off", "text"),
    };
    let multiline = matches!(field.kind, FieldKind::Address | FieldKind::Note);
    let max = microshop_core::checkout::max_len(field.kind);
    let control = if multiline {
        view! {
            <textarea id=id.clone() name=field.id.clone() rows="3" autocomplete=autocomplete maxlength=max
                required=field.required aria-required=field.required.to_string()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
                on:blur=move |_| check()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() name=field.id.clone() type=input_type autocomplete=autocomplete inputmode=inputmode maxlength=max
                required=field.required aria-required=field.required.to_string()
                aria-invalid=move || error().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=value
                on:input=move |ev| set(event_target_value(&ev))
                on:blur=move |_| check()/>
        }
        .into_any()
    };
    view! {
        <div class="field" class:field--invalid=move || error().is_some()>
            <label class="field__label" for=id.clone()>
                {label}
                {(!field.required).then(|| view! { " " <span class="field__optional">"("{move || shop.t(Msg::Optional)}")"</span> })}
            </label>
            {control}
            <p class="field__error" id=error_id.clone()>{move || error().map(|e| shop.t(error_text(e)))}</p>
        </div>
    }
}
