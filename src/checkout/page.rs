//! `/checkout`: the manifest's fields, validated inline; shipping; totals; place order.

use crate::cart::notices::CartNotices;
use crate::cart::state::use_cart;
use crate::cart::totals::{ShippingChoice, TotalsTable};
use crate::checkout::state::use_checkout;
use crate::embed::{framed, handoff::FramedCheckout};
use crate::i18n::words;
use crate::i18n::{Msg, Say};
use crate::orders::state::use_orders;
use crate::shop::links;
use crate::shop::use_shop;
use crate::web::address::use_address;
use crate::web::{clock, page};
use leptos::prelude::*;
use microshop_core::checkout::{check_field, FieldError};
use microshop_core::delivery::answer::Outcome;
use microshop_core::delivery::outbox::{Delivery, OrderRecord};
use microshop_core::manifest::{CheckoutField, FieldKind};
use microshop_core::order::{
    build_order, is_stock_message, order_id_from_bytes, short_ref, BuildError, CheckoutInput,
};
use microshop_core::rules::is_safe_redirect;
use std::collections::BTreeMap;

fn error_text(error: FieldError) -> Msg {
    match error {
        FieldError::Missing => Msg::Required,
        FieldError::BadEmail => Msg::BadEmail,
        FieldError::BadPhone => Msg::BadPhone,
        FieldError::TooLong => Msg::TooLong,
        FieldError::Invalid | FieldError::Control => Msg::FieldRejected,
    }
}

/// How long an order placed from this device is shown on an emptied checkout.
const RECENT_MS: u64 = 60 * 60 * 1000;

/// The checkout page.
#[component]
pub fn CheckoutPage() -> impl IntoView {
    // In another site's frame the buyer checks out in a tab of their own: no form here.
    if framed().is_some() {
        return view! { <FramedCheckout/> }.into_any();
    }
    let shop = use_shop();
    let cart = use_cart();
    let checkout = use_checkout();
    let orders = use_orders();
    let address = use_address();
    let errors = RwSignal::new(BTreeMap::<String, FieldError>::new());
    let failure = RwSignal::new(None::<String>);
    // An order still on its way blocks a new one: placing again would make a second order.
    let unsettled = Memo::new(move |_| orders.unsettled());
    // After a reload mid-send the cart may be empty because the order went through:
    // say so, with a link, instead of only "your cart is empty".
    let opened_at = clock::now_ms();
    let recent = move || orders.latest_since(opened_at.saturating_sub(RECENT_MS));

    // What an attempt came to. The cart and the draft already follow it (the app wires
    // the orders' outcomes into them); this page only navigates and shows field problems.
    let finish = move |order_id: String, outcome: Option<Outcome>| {
        match outcome {
            Some(Outcome::Accepted(answer)) => {
                address.go(&links::order(&order_id), false, true);
                if let Some(url) = answer.payment_url.filter(|u| is_safe_redirect(u)) {
                    page::go_to(&url);
                }
            }
            Some(Outcome::Rejected { answer, .. }) => {
                orders.forget(&order_id);
                // The endpoint's reason picks the message; one it does not name reads "please check this".
                // Inserted, not collected: a collected map is sorted first, with a copy
                // of the standard library's stable sort (docs/performance.md).
                let mut field_errors = BTreeMap::new();
                for p in &answer.problems {
                    let reason = p.reason.as_deref().and_then(FieldError::from_code);
                    if let Some(f) = p.field.clone() {
                        field_errors.insert(f, reason.unwrap_or(FieldError::Invalid));
                    }
                }
                if !field_errors.is_empty() {
                    errors.set(field_errors);
                    page::focus_first("[aria-invalid=true]");
                } else {
                    // The shop changed (a 409): what changed in the cart is listed
                    // above the form (when anything did), the buyer pressed Place order
                    // at its end. The focus goes to the list (scrolled into view, read
                    // out), as to a field with a problem.
                    page::focus_first("[data-testid=cart-changes]");
                }
                // Our words for the kind of refusal; the endpoint's message beside them
                // when it is the seller's own (not the reference endpoint's stock English).
                let summary = words::rejection(&untrack(|| shop.words()), &answer.error);
                let message = answer.message.trim();
                failure.set(Some(if message.is_empty() || is_stock_message(message) {
                    summary.to_owned()
                } else {
                    format!("{summary} {message}")
                }));
            }
            // No answer yet, one that needs the buyer, or another tab sending it: the
            // order's own page shows its state, keeps trying, and offers "try again".
            Some(Outcome::Retry { .. } | Outcome::Failed { .. } | Outcome::Sent) | None => {
                address.go(&links::order(&order_id), false, true);
            }
        }
    };

    // One attempt through the outbox (`None` when another tab holds the order); the
    // action's pending state is the page's "sending".
    let place_order = Action::new_local(move |order_id: &String| {
        let order_id = order_id.clone();
        async move {
            let outcome = orders.deliver(&order_id).await;
            finish(order_id, outcome);
        }
    });
    let submitting = place_order.pending();

    let validate_all = move || {
        let (values, shipping) = checkout
            .draft()
            .with_untracked(|d| (d.customer.clone(), d.shipping_id.clone()));
        let found = microshop_core::checkout::check_customer(
            &shop.manifest.checkout.fields,
            &values,
            shipping.as_deref(),
        );
        errors.set(found.clone());
        found
    };

    let place = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if submitting.get_untracked() {
            return;
        }
        failure.set(None);
        if unsettled.get_untracked().is_some() {
            return;
        }
        if !validate_all().is_empty() {
            page::focus_first("[aria-invalid=true]");
            return;
        }
        let locale = shop.locale.get_untracked();
        let input = checkout.draft().with_untracked(|d| CheckoutInput {
            customer: d.customer.clone(),
            shipping_id: d.shipping_id.clone(),
            referral: d.referral.clone(),
        });
        let Some(random) = clock::random_128() else {
            failure.set(Some(shop.t(Msg::NoSecureRandom).to_owned()));
            return;
        };
        let built = cart.cart().with_untracked(|c| {
            build_order(
                shop.manifest,
                &shop.catalog(),
                c,
                &input,
                &locale,
                order_id_from_bytes(random),
                clock::now_rfc3339(),
            )
        });
        match built {
            Ok(order) => {
                let id = order.order_id.clone();
                // Stored before the first send; without storage it lives in this page only,
                // which the order's page tells the buyer.
                orders.add(OrderRecord::rendered(order, &shop.manifest.order));
                place_order.dispatch(id);
            }
            Err(BuildError::Fields(found)) => errors.set(found),
            Err(e) => failure.set(Some(
                words::build_error(&untrack(|| shop.words()), &e).to_owned(),
            )),
        }
    };

    view! {
        <div class="page page--narrow">
            <header><nav class="backbar"><a href=links::cart() class="backbar__link">{move || format!("{} {}", shop.back_arrow(), shop.t(Msg::Cart))}</a></nav></header>
            <main>
            <h1>{move || shop.t(Msg::Checkout)}</h1>
            <CartNotices/>
            <Show when=move || !cart.cart().plain().with(|c| c.is_empty()) fallback=move || view! {
                {move || recent().map(|r| view! { <RecentOrder record=r/> })}
                <div class="empty"><p>{move || shop.t(Msg::CartEmpty)}</p><a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a></div>
            }>
                <form class="checkout" novalidate on:submit=place>
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
                            <a href=links::order(&id)>{shop.t(Msg::SeeOrder)}</a>
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
        </div>
    }
    .into_any()
}

/// An order placed from this device a moment ago, on a checkout it emptied.
#[component]
fn RecentOrder(record: OrderRecord) -> impl IntoView {
    let shop = use_shop();
    let id = record.order.order_id.clone();
    let status = match record.delivery {
        Delivery::Accepted { .. } => Msg::OrderPlaced,
        Delivery::Pending { .. } => Msg::OrderPending,
        Delivery::Sent => Msg::OrderSent,
        Delivery::Rejected { .. } | Delivery::Failed { .. } => Msg::OrderFailed,
    };
    let text = {
        let id = id.clone();
        move || shop.words().recent_order(&short_ref(&id))
    };
    view! {
        <div class="notice" role="status" data-testid="order-recent">
            <p><strong>{move || shop.t(status)}</strong>" "{text}</p>
            <p><a href=links::order(&id) class="button">{move || shop.t(Msg::SeeOrder)}</a></p>
        </div>
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
    let label = move || shop.field_label(field);
    let value = move || {
        checkout
            .draft()
            .with(|d| d.customer.get(&field.id).cloned().unwrap_or_default())
    };
    let error = move || errors.with(|e| e.get(&field.id).copied());
    // Some fields are needed only for some shipping options (no address for a pickup).
    let shipping = move || checkout.draft().with(|d| d.shipping_id.clone());
    let required = move || field.required.applies(shipping().as_deref());
    let check_field =
        move |field: &CheckoutField, value: &str| check_field(field, value, shipping().as_deref());
    let set = move |v: String| {
        checkout.set_field(&field.id, v);
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
                required=required aria-required=move || required().to_string()
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
                required=required aria-required=move || required().to_string()
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
                {move || (!required()).then(|| view! { " " <span class="field__optional">"("{move || shop.t(Msg::Optional)}")"</span> })}
            </label>
            {control}
            <p class="field__error" id=error_id.clone()>{move || error().map(|e| shop.t(error_text(e)))}</p>
        </div>
    }
}
