//! `/order/:id`: the buyer's receipt. It reads the order from this browser's
//! outbox, so it survives a reload, and shows where the order is on its way.

use crate::i18n::money::format_money;
use crate::i18n::words::{self, ProblemNames};
use crate::i18n::{Msg, Say};
use crate::on_demand::OnDemand;
use crate::orders::follow::OrderFollow;
use crate::orders::state::use_orders;
use crate::shop::contacts::ContactList;
use crate::shop::links::{self, Route};
use crate::shop::use_shop;
use crate::trust::{self, Trust};
use crate::web::address::use_address;
use crate::web::clipboard;
use leptos::prelude::*;
use microshop_core::delivery::outbox::Delivery;
use microshop_core::manifest::FieldKind;
use microshop_core::order::{is_stock_message, order_as_text, short_ref};
use microshop_core::rules::is_safe_redirect;

/// The receipt's seal ("Receipt signed by …", save, check), from the `trust` part:
/// fetched only for an order whose endpoint signed a receipt.
#[component]
fn ReceiptSeal(text: String, reference: String) -> impl IntoView {
    let show = move |t: Trust| (t.receipt_seal)(text.clone(), reference.clone());
    view! { <OnDemand load=trust::part show/> }
}

/// The confirmation page.
#[component]
pub fn OrderPage() -> impl IntoView {
    let shop = use_shop();
    let orders = use_orders();
    // `/order/?id=...` (the form a static host serves) or `/order/...`.
    let address = use_address();
    let id = move || {
        address
            .query
            .read()
            .get("id")
            .or_else(|| {
                address.path.with(|p| match links::route(p) {
                    Route::Order(id) => id.map(str::to_owned),
                    _ => None,
                })
            })
            .unwrap_or_default()
    };
    let record = Memo::new(move |_| {
        let id = id();
        orders.outbox().with(|o| o.get(&id).cloned())
    });
    let money = move |text: &str| {
        shop.manifest
            .currency
            .parse(text)
            .map(|m| format_money(m, shop.manifest.currency, &shop.locale.get()))
            .unwrap_or_else(|_| text.to_owned())
    };
    let retry = move |_| {
        let id = id();
        leptos::task::spawn_local(async move {
            orders.retry(&id).await;
        });
    };
    let copied = RwSignal::new(false);
    crate::web::room::keep_room_for_bar();
    view! {
        <div class="page page--narrow">
            <header><nav class="backbar"><a href=links::home() class="backbar__link">{move || format!("{} {}", shop.back_arrow(), shop.t(Msg::ContinueShopping))}</a></nav></header>
            <main>
            {move || match record.get() {
                None => view! {
                    <h1>{move || shop.t(Msg::OrderNotFound)}</h1>
                    <p><a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a></p>
                }.into_any(),
                Some(r) => {
                    let order_id = r.order.order_id.clone();
                    let sending = {
                        let order_id = order_id.clone();
                        move || orders.is_sending(&order_id)
                    };
                    let number = match &r.delivery {
                        Delivery::Accepted { answer } => answer.order_id.clone().unwrap_or_else(|| r.order.order_id.clone()),
                        _ => r.order.order_id.clone(),
                    };
                    let (heading, status_class) = match &r.delivery {
                        Delivery::Accepted { .. } => (shop.t(Msg::OrderPlaced), "status--ok"),
                        Delivery::Pending { .. } => (shop.t(Msg::OrderPending), "status--pending"),
                        Delivery::Sent => (shop.t(Msg::OrderSent), "status--pending"),
                        Delivery::Rejected { .. } | Delivery::Failed { .. } => (shop.t(Msg::OrderFailed), "status--error"),
                    };
                    let delivery = r.delivery.clone();
                    let sending_now = sending.clone();
                    // Our own words for every state; an endpoint's message only when it is
                    // the seller's own, not the reference endpoint's stock English.
                    let detail = move || {
                        let w = shop.words();
                        match &delivery {
                            Delivery::Accepted { answer } => with_sellers_words(shop.t(Msg::OrderAccepted), answer.message.as_deref()),
                            Delivery::Pending { .. } if sending_now() => shop.t(Msg::Sending).to_owned(),
                            Delivery::Pending { .. } if !orders.online().get() => shop.t(Msg::WaitingForNetwork).to_owned(),
                            Delivery::Pending { last_error: Some(f) } => format!("{} {}", words::failure(&w, *f, None), shop.t(Msg::Retrying)),
                            Delivery::Pending { last_error: None } => shop.t(Msg::OrderPendingText).to_owned(),
                            Delivery::Sent => shop.t(Msg::SentNotConfirmed).to_owned(),
                            Delivery::Rejected { answer, .. } => with_sellers_words(words::rejection(&w, &answer.error), Some(&answer.message)),
                            Delivery::Failed { reason, gave_up_after } => format!("{} {}", words::failure(&w, *reason, *gave_up_after), shop.t(Msg::SendFailedHelp)),
                        }
                    };
                    let accepted = matches!(r.delivery, Delivery::Accepted { .. });
                    let arrived = matches!(r.delivery, Delivery::Accepted { .. } | Delivery::Sent);
                    let unsent = matches!(r.delivery, Delivery::Pending { .. } | Delivery::Failed { .. });
                    let copyable = unsent || matches!(r.delivery, Delivery::Sent);
                    let reference = short_ref(&r.order.order_id);
                    let to_pay = money(&r.order.total);
                    let failed = matches!(r.delivery, Delivery::Failed { .. } | Delivery::Rejected { .. });
                    let rejected: Vec<String> = match &r.delivery {
                        Delivery::Rejected { answer, .. } => {
                            let w = untrack(|| shop.words());
                            let item = |sku: &str| shop.catalog().find_sku(sku).map_or_else(|| sku.to_owned(), |(p, _)| shop.text(&p.title));
                            let field = |id: &str| shop.manifest.checkout.fields.iter().find(|f| f.id == id).map_or_else(|| id.to_owned(), |f| shop.field_label(f));
                            let price = |amount: &str| money(amount);
                            let names = ProblemNames { item: &item, field: &field, price: &price };
                            answer.problems.iter().map(|p| words::problem(&w, p, &names)).collect()
                        }
                        _ => Vec::new(),
                    };
                    // Only an endpoint that signs (microshop serve --receipt-key) gives one.
                    let receipt = match &r.delivery {
                        Delivery::Accepted { answer } => answer.receipt.clone(),
                        _ => None,
                    };
                    let payment = match &r.delivery {
                        Delivery::Accepted { answer } => answer.payment_url.clone().filter(|u| is_safe_redirect(u)),
                        _ => None,
                    };
                    let field_label = |id: &str| {
                        shop.manifest.checkout.fields.iter().find(|f| f.id == id).map_or_else(|| id.to_owned(), |f| shop.field_label(f))
                    };
                    let text = order_as_text(&r.order, &words::text_labels(&untrack(|| shop.words())), &field_label);
                    let copy_source = text.clone();
                    let copy = move |_| {
                        let text = copy_source.clone();
                        leptos::task::spawn_local(async move {
                            copied.set(clipboard::copy_text(&text).await);
                        });
                    };
                    // serve's orders: the secret and where to read the status.
                    let follow = match &r.delivery {
                        Delivery::Accepted { answer } => answer.order_secret.clone().zip(answer.status_url.clone()).map(|(secret, status_url)| {
                            let id = answer.order_id.clone().unwrap_or_else(|| order_id.clone());
                            view! { <OrderFollow order_id=id secret status_url/> }
                        }),
                        _ => None,
                    };
                    // serve's orders also take reviews and problems, from the `trust` part:
                    // only when the manifest says the endpoint is serve (`trust`), so another
                    // endpoint that gives a secret gets no second status read. The part finds
                    // the order by its id (the buying part carries no code of it).
                    let trust = (shop.manifest.trust.is_some() && follow.is_some()).then(|| {
                        let id = order_id.clone();
                        view! { <OnDemand load=trust::part show=move |t: Trust| (t.order_reviews)(id.clone())/> }
                    });
                    let forget_id = order_id.clone();
                    let forget = move |_| orders.forget(&forget_id);
                    view! {
                        <h1 class=format!("status {status_class}") data-testid="order-status">{heading}</h1>
                        <p role="status" data-testid="order-detail">{detail}</p>
                        {(!rejected.is_empty()).then(|| view! {
                            <ul class="problems">{rejected.into_iter().map(|p| view! { <li>{p}</li> }).collect_view()}</ul>
                            <p><a href=links::cart() class="button">{move || shop.t(Msg::BackToCart)}</a></p>
                        })}
                        {copyable.then(|| view! {
                            <div class="order-actions">
                                {unsent.then(|| view! {
                                    <button type="button" class="button button--primary" disabled=sending.clone() on:click=retry>
                                        {move || if failed { shop.t(Msg::TryAgain) } else { shop.t(Msg::TryNow) }}
                                    </button>
                                })}
                                <button type="button" class="button" on:click=copy>{move || shop.t(Msg::CopyOrder)}</button>
                            </div>
                            <p class="toast" role="status">{move || if copied.get() { shop.t(Msg::Copied) } else { "" }}</p>
                            <details class="order-text" on:keydown=crate::web::focus::escape_closes_details>
                                <summary>{move || shop.t(Msg::OrderAsText)}</summary>
                                <textarea readonly rows="8" aria-label=move || shop.t(Msg::OrderAsText)>{text.clone()}</textarea>
                            </details>
                        })}
                        {failed.then(|| view! {
                            <p><button type="button" class="button button--quiet" on:click=forget>{move || shop.t(Msg::Forget)}</button></p>
                        })}
                        {payment.map(|url| view! { <p><a class="button button--primary" href=url>{move || shop.t(Msg::PayNow)}</a></p> })}
                        <dl class="receipt">
                            <dt>{move || shop.t(Msg::OrderReference)}</dt>
                            <dd data-testid="order-ref"><strong>{reference.clone()}</strong></dd>
                            <dt>{move || shop.t(Msg::OrderNumber)}</dt>
                            <dd data-testid="order-number"><code>{number}</code></dd>
                        </dl>
                        {receipt.map(|text| view! { <ReceiptSeal text reference=reference.clone()/> })}
                        {follow}
                        {arrived.then(|| view! { <PaymentInstructions amount=to_pay reference/> })}
                        {trust}
                        <h2>{move || shop.t(Msg::Items)}</h2>
                        <ul class="receipt__lines">
                            {r.order.lines.iter().map(|l| {
                                let options: Vec<String> = l.options.iter().map(|(k, v)| format!("{k}: {v}")).collect();
                                view! {
                                    <li class="receipt__line">
                                        <span>{format!("{} × {}", l.quantity, l.title)}
                                            {(!options.is_empty()).then(|| view! { <small class="line__options">" ("{options.join(", ")}")"</small> })}
                                        </span>
                                        <span>{money(&l.line_total)}</span>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <dl class="totals">
                            <div class="totals__row"><dt>{move || shop.t(Msg::Subtotal)}</dt><dd>{money(&r.order.subtotal)}</dd></div>
                            {r.order.shipping.as_ref().map(|s| view! {
                                <div class="totals__row"><dt>{format!("{} ({})", shop.t(Msg::Shipping), s.label)}</dt><dd>{money(&s.price)}</dd></div>
                            })}
                            <div class="totals__row totals__row--total"><dt>{move || shop.t(Msg::Total)}</dt><dd>{money(&r.order.total)}</dd></div>
                        </dl>
                        <h2>{move || shop.t(Msg::Customer)}</h2>
                        <dl class="receipt">
                            {shop.manifest.checkout.fields.iter().filter_map(|f| {
                                let value = r.order.customer.get(&f.id).cloned()
                                    .or_else(|| (f.kind == FieldKind::Note).then(|| r.order.note.clone()).flatten())?;
                                let label = shop.field_label(f);
                                Some(view! { <dt>{label}</dt><dd class="prose">{value}</dd> })
                            }).collect_view()}
                        </dl>
                        {accepted.then(|| view! {
                            <h2>{move || shop.t(Msg::WhatNext)}</h2>
                            <p>{move || shop.t(Msg::WhatNextText)}</p>
                        })}
                        <h2>{move || shop.t(Msg::SellerContact)}</h2>
                        <ContactList/>
                        <p><a href=links::home() class="button">{move || shop.t(Msg::ContinueShopping)}</a></p>
                    }.into_any()
                }
            }}
            </main>
            // Storage notices come when a save fails, often while the buyer reads the
            // page: pinned to the bottom of the viewport (the cart bar's place), so
            // nothing moves. The bar is always in the page, not drawn while it is empty
            // (`.cart-bar:empty`): the page's room for it under its last line
            // (`.page:has(.cart-bar)`) is there from the start, as tall as the bar is
            // (`--bar-h`, src/web/room.rs), and a focused control scrolls clear of it.
            // Capped (40vh) and scrolling when its notices are long, with no control
            // in it: the bar itself takes the keyboard's focus, so it can be scrolled;
            // a region named "Notices", so a screen reader says what the focus is on.
            <div class="cart-bar" id="notices" tabindex="0" role="region" aria-label=move || shop.t(Msg::Notices)>
                <Show when=move || !orders.saved().get()>
                    <p class="notice notice--warning" role="status">{move || shop.t(Msg::NotSaved)}</p>
                </Show>
                <Show when=move || orders.was_reset().get()>
                    <p class="notice notice--warning" role="status">{move || shop.t(Msg::OutboxReset)}</p>
                </Show>
            </div>
        </div>
    }
}

/// Our words, and after them the endpoint's message when it is the seller's own.
fn with_sellers_words(ours: &str, endpoint: Option<&str>) -> String {
    match endpoint
        .map(str::trim)
        .filter(|m| !m.is_empty() && !is_stock_message(m))
    {
        Some(theirs) => format!("{ours} {theirs}"),
        None => ours.to_owned(),
    }
}

/// How to pay, as the seller wrote it: the amount, the reference to write in the
/// payment note, the seller's text and payment QR code.
#[component]
fn PaymentInstructions(amount: String, reference: String) -> impl IntoView {
    let shop = use_shop();
    let Some(payment) = shop.manifest.payment.as_ref() else {
        return ().into_any();
    };
    let qr = payment.qr.as_ref().map(|q| shop.asset(q));
    view! {
        <section class="payment" data-testid="payment">
            <h2>{move || shop.t(Msg::HowToPay)}</h2>
            <p class="payment__amount">
                {move || shop.words().pay_amount(&amount, &reference)}
            </p>
            {payment.text.as_ref().map(|t| view! { <p class="prose">{move || shop.text(t)}</p> })}
            {qr.map(|src| view! {
                <img class="payment__qr" src=src alt=move || shop.t(Msg::PaymentCode) width="240" height="240"/>
            })}
        </section>
    }
    .into_any()
}
