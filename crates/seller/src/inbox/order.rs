//! `/_seller/orders/{id}`: one order with its lines and options, the buyer's
//! details (the checkout's fields, labelled as the checkout labels them), note and
//! referral, its status with tracking or the reason it was cancelled, the status
//! changes it allows, the problems the buyer raised (with their threads), its
//! history with times, and its announcements' delivery.

use super::problems::Problems;
use super::status::StatusActions;
use super::status_word;
use crate::api::orders::{self, Announcement, Event, Full, Order};
use crate::api::{ApiError, APP};
use crate::i18n::{Msg, Say, Words};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use serde_json::Value;
use std::collections::BTreeMap;

/// The order page.
#[component]
pub fn OrderPage() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let params = use_params_map();
    let id = Memo::new(move |_| params.with(|p| p.get("id").unwrap_or_default()));
    let full = RwSignal::new(None::<Result<Full, ApiError>>);
    let load = move || {
        let order_id = id.get_untracked();
        spawn_local(async move {
            let got = orders::one(&order_id).await.map_err(|e| session.check(e));
            full.set(Some(got));
        });
    };
    Effect::new(move |_| {
        id.track();
        full.set(None);
        load();
    });
    // The shell focused the "Loading…" heading, which the order's own replaces: the
    // focus follows it rather than falling to the page's start (a keyboard user
    // would have to tab through the banner again).
    Effect::new(move |was_loading: Option<bool>| {
        let loading = full.with(Option::is_none);
        if was_loading == Some(true) && !loading {
            request_animation_frame(|| {
                if page::focus_is_lost() {
                    page::focus_heading();
                }
            });
        }
        loading
    });
    Effect::new(move |_| {
        let title = full.with(|f| match f {
            Some(Ok(f)) => w.order_title(&f.order.reference),
            _ => w.t(Msg::OrdersTitle).to_owned(),
        });
        page::set_title(&format!(
            "{title} · {}",
            session.me.with_value(|m| m.shop_name.clone())
        ));
    });
    view! {
        <p class="back"><a href=format!("{APP}/")>{w.t(Msg::BackToOrders)}</a></p>
        {move || match full.get() {
            None => view! {
                <h1 class="visually-hidden">{w.t(Msg::OrdersTitle)}</h1>
                <p class="muted">{w.t(Msg::Loading)}</p>
            }.into_any(),
            Some(Err(ApiError::Refused(r))) if r.status == 404 => view! {
                <h1>{w.t(Msg::NoSuchOrder)}</h1>
            }.into_any(),
            Some(Err(e)) => view! {
                <h1>{w.t(Msg::OrdersTitle)}</h1>
                <p class="problem" role="alert">{error_text(&w, &e)}</p>
                <p><button type="button" class="button" on:click=move |_| load()>{w.t(Msg::TryAgain)}</button></p>
            }.into_any(),
            Some(Ok(f)) => view! {
                <OrderView full=f
                    on_change=Callback::new(move |f| full.set(Some(Ok(f))))
                    reload=Callback::new(move |()| load())/>
            }.into_any(),
        }}
    }
}

#[component]
fn OrderView(full: Full, on_change: Callback<Full>, reload: Callback<()>) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let o = full.order.clone();
    let money = {
        let currency = o.currency.clone();
        move |amount: &str| w.money(amount, &currency)
    };
    let received = o.received_ms;
    view! {
        <h1 id="order-heading">{w.order_title(&o.reference)}</h1>
        <p class="order-status" id="order-status">
            <span class=format!("badge badge--{}", o.status)>{status_word(&w, &o.status)}</span>
            " "
            <span class="muted">
                {w.received(&w.when(received))}" ("
                {move || w.ago(session.now.get(), received)}")"
            </span>
        </p>
        <StatusNotes order=o.clone()/>
        <StatusActions full=full.clone() on_change reload/>
        <Problems problems=full.problems.clone() reload/>
        <section aria-labelledby="lines-heading">
            <h2 id="lines-heading">{w.t(Msg::LinesTitle)}</h2>
            <ul class="lines">
                {o.lines.iter().map(|l| {
                    // One view for both lines under the title (one copy of it in the wasm).
                    let extra = |class: &'static str, text: String| (!text.is_empty()).then(|| view! { <span class=class>{text}</span> });
                    let pairs = |options: &BTreeMap<String, String>| options.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>();
                    let options = pairs(&l.options);
                    // What the buyer's page showed, where the catalog says otherwise now (a
                    // product renamed since, or a client that sent other words).
                    let mut sent = pairs(&l.sent_options);
                    if !l.sent_title.is_empty() {
                        sent.insert(0, l.sent_title.clone());
                    }
                    view! {
                        <li class="line">
                            <span class="line__title">{l.title.clone()}</span>
                            {extra("line__options", options.join(" · "))}
                            {extra("line__sent muted", if sent.is_empty() { String::new() } else { w.line_sent(&sent.join(" · ")) })}
                            <span class="line__sku muted">{l.sku.clone()}</span>
                            <span class="line__sum">
                                {w.quantity_times(l.quantity, &money(&l.unit_price))}
                                <strong>{money(&l.line_total)}</strong>
                            </span>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <dl class="sums">
                <dt>{w.t(Msg::Subtotal)}</dt><dd>{money(&o.subtotal)}</dd>
                {o.shipping.as_ref().map(|s| shipping_row(&w, s, &money))}
                <dt class="sums__total">{w.t(Msg::Total)}</dt><dd class="sums__total">{money(&o.total)}</dd>
            </dl>
        </section>
        <Details order=o.clone()/>
        <History events=full.history.clone()/>
        <Announcements list=full.announcements.clone()/>
    }
}

/// The shipping row: the option's label and price.
fn shipping_row(w: &Words, shipping: &Value, money: &impl Fn(&str) -> String) -> impl IntoView {
    let label = shipping
        .get("label")
        .and_then(Value::as_str)
        .or_else(|| shipping.get("id").and_then(Value::as_str))
        .unwrap_or("")
        .to_owned();
    let price = shipping
        .get("price")
        .and_then(Value::as_str)
        .map(money)
        .unwrap_or_default();
    view! {
        <dt>{w.t(Msg::Shipping)}" · "{label}</dt><dd>{price}</dd>
    }
}

/// Tracking once shipped, the reason once cancelled.
#[component]
fn StatusNotes(order: Order) -> impl IntoView {
    let w = use_words();
    let note = order.tracking_note.filter(|n| !n.is_empty());
    let url = order
        .tracking_url
        .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
    let reason = order.cancel_reason.filter(|r| !r.is_empty());
    view! {
        {note.map(|n| view! { <p class="tracking">{w.tracking(&n)}</p> })}
        {url.map(|u| view! { <p class="tracking"><a href=u rel="noopener noreferrer" target="_blank">{w.t(Msg::TrackingLink)}</a></p> })}
        {reason.map(|r| view! { <p class="tracking">{w.cancel_reason_shown(&r)}</p> })}
    }
}

/// The buyer's details, note and referral code.
#[component]
fn Details(order: Order) -> impl IntoView {
    let w = use_words();
    let details: Vec<_> = order
        .customer
        .into_iter()
        .filter(|d| !d.value.is_empty())
        .collect();
    let note = order.note.filter(|n| !n.is_empty());
    let referral = order.referral.filter(|r| !r.is_empty());
    view! {
        <section aria-labelledby="details-heading">
            <h2 id="details-heading">{w.t(Msg::DetailsTitle)}</h2>
            <dl class="details">
                {details.into_iter().map(|d| {
                    let label = if d.label.is_empty() { d.id.clone() } else { d.label.clone() };
                    let phone = d.id == "phone" || d.id.contains("phone");
                    let value = d.value.clone();
                    view! {
                        <dt>{label}</dt>
                        <dd class="details__value">
                            {if phone {
                                let digits: String = value.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
                                // A phone number reads left to right in every language.
                                view! { <a href=format!("tel:{digits}") dir="ltr">{value}</a> }.into_any()
                            } else {
                                view! { <bdi>{value}</bdi> }.into_any()
                            }}
                        </dd>
                    }
                }).collect_view()}
                {note.map(|n| view! { <dt>{w.t(Msg::NoteTitle)}</dt><dd class="details__value">{n}</dd> })}
                {referral.map(|r| view! { <dt>{w.t(Msg::ReferralTitle)}</dt><dd>{r}</dd> })}
            </dl>
        </section>
    }
}

/// The order's history, oldest first, with times.
#[component]
fn History(events: Vec<Event>) -> impl IntoView {
    let w = use_words();
    view! {
        <section aria-labelledby="history-heading">
            <h2 id="history-heading">{w.t(Msg::HistoryTitle)}</h2>
            <ol class="history">
                {events.into_iter().map(|e| {
                    let text = event_text(&w, &e);
                    let extra = event_extra(&w, &e);
                    let actor = match e.actor.as_str() {
                        "buyer" => w.t(Msg::ActorBuyer),
                        "seller" => w.t(Msg::ActorSeller),
                        _ => w.t(Msg::ActorSystem),
                    };
                    view! {
                        <li>
                            <span class="history__what">{text}</span>
                            {extra.map(|x| view! { <span class="history__extra">{x}</span> })}
                            <span class="history__when muted">{w.when(e.at_ms)}" · "{actor}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        </section>
    }
}

fn detail<'e>(e: &'e Event, key: &str) -> &'e str {
    e.detail.get(key).and_then(Value::as_str).unwrap_or("")
}

/// What happened, in words.
fn event_text(w: &Words, e: &Event) -> String {
    match e.kind.as_str() {
        "created" => w.t(Msg::EventCreated).to_owned(),
        "status" => w.event_status(
            &status_word(w, detail(e, "from")),
            &status_word(w, detail(e, "to")),
        ),
        "announced" => w.event_announced(detail(e, "destination")),
        "announce_failed" => w.event_announce_failed(detail(e, "destination"), detail(e, "error")),
        "review" => review_event(w, e),
        "problem" => problem_event(w, e),
        other => other.replace('_', " "),
    }
}

fn flag(e: &Event, key: &str) -> Option<bool> {
    e.detail.get(key).and_then(Value::as_bool)
}

/// A review written or changed by the buyer, replied to, hidden or shown by the seller.
fn review_event(w: &Words, e: &Event) -> String {
    if let Some(rating) = e.detail.get("rating").and_then(Value::as_u64) {
        let stars = w.number(rating);
        return if flag(e, "changed") == Some(true) {
            w.event_review_changed(&stars)
        } else {
            w.event_review_written(&stars)
        };
    }
    let msg = match (flag(e, "replied"), flag(e, "hidden")) {
        (Some(true), _) => Msg::EventReviewReplied,
        (_, Some(true)) => Msg::EventReviewHidden,
        _ => Msg::EventReviewShown,
    };
    w.t(msg).to_owned()
}

/// A problem raised or added to by the buyer, answered or marked by the seller.
fn problem_event(w: &Words, e: &Event) -> String {
    let state = detail(e, "state");
    if !detail(e, "kind").is_empty() {
        return w.event_problem_raised(&super::problems::kind_word(w, detail(e, "kind")));
    }
    if flag(e, "message") == Some(true) {
        return w.t(Msg::EventProblemMessage).to_owned();
    }
    if state != "open" && !state.is_empty() {
        return w.event_problem_marked(&super::problems::state_word(w, state));
    }
    w.t(Msg::EventProblemAnswered).to_owned()
}

/// A status change's tracking or reason.
fn event_extra(w: &Words, e: &Event) -> Option<String> {
    let note = detail(e, "tracking_note");
    let url = detail(e, "tracking_url");
    let reason = detail(e, "reason");
    if !reason.is_empty() {
        return Some(w.cancel_reason_shown(reason));
    }
    let tracking: Vec<&str> = [note, url].into_iter().filter(|s| !s.is_empty()).collect();
    (!tracking.is_empty()).then(|| w.tracking(&tracking.join(" · ")))
}

/// Where the order was announced and how that went.
#[component]
fn Announcements(list: Vec<Announcement>) -> impl IntoView {
    let w = use_words();
    (!list.is_empty()).then(|| view! {
        <section aria-labelledby="announcements-heading">
            <h2 id="announcements-heading">{w.t(Msg::AnnouncementsTitle)}</h2>
            <ul class="announcements">
                {list.into_iter().map(|a| {
                    let text = match a.state.as_str() {
                        "sent" => w.announcement_sent(&a.destination),
                        "dead" => w.announcement_dead(&a.destination, &a.last_error),
                        _ => w.announcement_pending(&a.destination, a.attempts),
                    };
                    let when = a.sent_ms.map(|ms| w.when(ms));
                    view! {
                        <li class=format!("announcement announcement--{}", a.state)>
                            {text}
                            {when.map(|t| view! { <span class="muted">" · "{t}</span> })}
                            {(a.state != "sent" && !a.last_error.is_empty() && a.state != "dead").then(|| view! {
                                <span class="announcement__error">{a.last_error.clone()}</span>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    })
}
