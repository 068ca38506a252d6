//! `/_seller/`: the orders, newest first, with status, reference, buyer, total and
//! age and open problems; chips by status with their counts, and "has a problem";
//! search by reference, name or phone; more on demand. The filter and search live
//! in the address (`?status=&problem=open&q=`), so the back button and a reload
//! keep them. Orders that arrive while it is open come into the list and are said
//! ("2 more orders shown").

use super::export::Export;
use super::{order_link, status_word};
use crate::api::orders::{self, Query, Summary};
use crate::api::{ApiError, APP};
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};

/// The inbox's address for a status (or only orders with a problem open) and a search.
fn inbox_link(status: Option<&str>, problem: bool, q: &str) -> String {
    let mut parts = Vec::new();
    if let Some(s) = status {
        parts.push(format!("status={}", crate::api::encode(s)));
    }
    if problem {
        parts.push("problem=open".to_owned());
    }
    if !q.trim().is_empty() {
        parts.push(format!("q={}", crate::api::encode(q.trim())));
    }
    if parts.is_empty() {
        format!("{APP}/")
    } else {
        format!("{APP}/?{}", parts.join("&"))
    }
}

/// The inbox.
#[component]
pub fn InboxPage() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    page::set_title(&format!(
        "{} · {}",
        w.t(Msg::OrdersTitle),
        session.me.with_value(|m| m.shop_name.clone())
    ));
    let query_map = use_query_map();
    let query = Memo::new(move |_| {
        query_map.with(|m| Query {
            status: m.get("status").filter(|s| !s.is_empty()),
            problem: m.get("problem").as_deref() == Some("open"),
            q: m.get("q").unwrap_or_default(),
        })
    });
    let first = LocalResource::new(move || {
        let q = query.get();
        async move { orders::list(&q, None).await }
    });
    let more = RwSignal::new(Vec::<Summary>::new());
    let next = RwSignal::new(None::<String>);
    let more_error = RwSignal::new(None::<ApiError>);
    let loading_more = RwSignal::new(false);
    // A new filter or search is said once its orders are in (not on the first load).
    let announced = StoredValue::new(None::<Query>);
    // Orders that arrive while the inbox is open: at each tick of the desk's clock
    // (every 30 s while the page is shown, and at once when it is shown again) the
    // first page is read again, and new orders are said ("1 more order shown"). Not while
    // more pages are loaded or anything has the focus (a row, the search box): the
    // list stays as it is under the seller's hands (the chips' counts tell at the
    // next read).
    let ticked = std::rc::Rc::new(std::cell::Cell::new(false));
    Effect::new(move |_| {
        session.now.track();
        if ticked.replace(true) && page::focus_is_lost() && more.with_untracked(Vec::is_empty) {
            first.refetch();
        }
    });
    let total = std::rc::Rc::new(std::cell::Cell::new(None::<u64>));
    Effect::new(move |_| {
        if let Some(Ok(page)) = first.get() {
            more.set(Vec::new());
            more_error.set(None);
            next.set(page.next.clone());
            let q = query.get_untracked();
            let before = announced.get_value();
            announced.set_value(Some(q.clone()));
            let now: u64 = page.counts.values().sum();
            let then = total.replace(Some(now));
            if before.is_some_and(|b| b != q) {
                session.say(w.orders_shown(u32::try_from(page.orders.len()).unwrap_or(u32::MAX)));
            } else if let Some(new) = then.map(|t| now.saturating_sub(t)).filter(|n| *n > 0) {
                session.say(w.orders_added(u32::try_from(new).unwrap_or(u32::MAX)));
            }
        }
        if let Some(Err(e)) = first.get() {
            session.check(e);
        }
    });
    let load_more = move |_| {
        let Some(cursor) = next.get_untracked() else {
            return;
        };
        loading_more.set(true);
        let q = query.get_untracked();
        spawn_local(async move {
            match orders::list(&q, Some(&cursor)).await {
                Ok(page) => {
                    let n = page.orders.len();
                    more.update(|m| m.extend(page.orders));
                    next.set(page.next);
                    more_error.set(None);
                    session.say(w.orders_added(u32::try_from(n).unwrap_or(u32::MAX)));
                }
                Err(e) => more_error.set(Some(session.check(e))),
            }
            loading_more.set(false);
        });
    };

    view! {
        <h1>{w.t(Msg::OrdersTitle)}</h1>
        <Search query/>
        {move || first.get().and_then(Result::ok).map(|page| {
            let counts = page.counts.clone();
            let with_problems = page.with_open_problems;
            view! { <Chips counts with_problems query/> }
        })}
        {move || match first.get() {
            None => view! { <p class="muted">{w.t(Msg::Loading)}</p> }.into_any(),
            Some(Err(e)) => view! {
                <p class="problem" role="alert">{error_text(&w, &e)}</p>
                <p><button type="button" class="button" on:click=move |_| first.refetch()>{w.t(Msg::TryAgain)}</button></p>
            }.into_any(),
            Some(Ok(page)) if page.orders.is_empty() => {
                let filtered = query.with(|q| q.status.is_some() || q.problem || !q.q.is_empty());
                view! { <p class="empty">{w.t(if filtered { Msg::NoMatches } else { Msg::NoOrders })}</p> }.into_any()
            }
            Some(Ok(page)) => view! {
                <ol class="orders">
                    {page.orders.into_iter().map(|o| view! { <OrderRow order=o/> }).collect_view()}
                    <For each=move || more.get() key=|o| o.order_id.clone() let:o>
                        <OrderRow order=o/>
                    </For>
                </ol>
            }.into_any(),
        }}
        <Show when=move || next.get().is_some()>
            <p>
                <button type="button" class="button button--secondary" on:click=load_more
                    disabled=move || loading_more.get() aria-busy=move || loading_more.get().then_some("true")>
                    {w.t(Msg::MoreOrders)}
                </button>
            </p>
        </Show>
        {move || more_error.get().map(|e| view! { <p class="problem" role="alert">{error_text(&w, &e)}</p> })}
        <Export/>
    }
}

/// The search box: reference (with or without `#`), name or phone.
#[component]
fn Search(query: Memo<Query>) -> impl IntoView {
    let w = use_words();
    let navigate = use_navigate();
    let typed = RwSignal::new(query.get_untracked().q);
    // Back and forward change the address: the box follows.
    Effect::new(move |_| typed.set(query.get().q));
    let go = move |q: String| {
        let Query {
            status, problem, ..
        } = query.get_untracked();
        navigate(
            &inbox_link(status.as_deref(), problem, &q),
            crate::web::page::whole_path(),
        );
    };
    let go_submit = go.clone();
    view! {
        <form class="search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            go_submit(typed.get_untracked());
        }>
            <label for="order-search">{w.t(Msg::SearchLabel)}</label>
            <div class="search__row">
                <input id="order-search" type="search" enterkeyhint="search" autocomplete="off"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
                <button type="submit" class="button">{w.t(Msg::SearchButton)}</button>
            </div>
            <Show when=move || !query.get().q.is_empty()>
                {
                    let go = go.clone();
                    view! {
                        <button type="button" class="link-button" on:click=move |_| go(String::new())>
                            {w.t(Msg::ClearSearch)}
                        </button>
                    }
                }
            </Show>
        </form>
    }
}

/// One chip per status with its count, "All", and "Has a problem" (orders with a
/// problem open, whatever their status).
#[component]
fn Chips(
    counts: std::collections::BTreeMap<String, u64>,
    with_problems: u64,
    query: Memo<Query>,
) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let mut statuses = session.me.with_value(|m| m.statuses.clone());
    if statuses.is_empty() {
        statuses = ["new", "paid", "shipped", "completed", "cancelled"]
            .map(String::from)
            .to_vec();
    }
    let all: u64 = counts.values().sum();
    let q = query.get_untracked().q;
    let chip = move |status: Option<String>, problem: bool, label: String, n: u64| {
        let href = inbox_link(status.as_deref(), problem, &q);
        let current = move || {
            query
                .with(|now| now.status == status && now.problem == problem)
                .then_some("page")
        };
        let class = if problem {
            "chip chip--problem"
        } else {
            "chip"
        };
        view! {
            <li>
                <a class=class href=href aria-current=current>
                    {label}" "<span class="chip__count">{w.number(n)}</span>
                </a>
            </li>
        }
    };
    view! {
        <nav class="chips" aria-label=w.t(Msg::FilterLabel)>
            <ul>
                {chip(None, false, w.t(Msg::AllStatuses).to_owned(), all)}
                {chip(None, true, w.t(Msg::HasProblem).to_owned(), with_problems)}
                {statuses
                    .into_iter()
                    .map(|s| {
                        let n = counts.get(&s).copied().unwrap_or(0);
                        chip(Some(s.clone()), false, status_word(&w, &s), n)
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}

/// One order in the list: a link to it.
#[component]
fn OrderRow(order: Summary) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let received = order.received_ms;
    let total = w.money(&order.total, &order.currency);
    let name = if order.customer_name.is_empty() {
        w.t(Msg::NoName).to_owned()
    } else {
        order.customer_name.clone()
    };
    view! {
        <li class="order-row">
            <a href=order_link(&order.order_id)>
                <span class="order-row__top">
                    <span class="order-row__ref">{order.reference.clone()}</span>
                    <span class=format!("badge badge--{}", order.status)>{status_word(&w, &order.status)}</span>
                </span>
                <span class="order-row__name"><bdi>{name}</bdi></span>
                {(order.open_problems > 0).then(|| view! {
                    <span class="order-row__problems">
                        <span class="badge badge--problem">{w.open_problems_badge(order.open_problems)}</span>
                    </span>
                })}
                <span class="order-row__bottom">
                    <span class="order-row__total">{total}" · "{w.items(order.lines)}</span>
                    <time datetime=order.received_at.clone() title=w.when(received)>
                        {move || w.ago(session.now.get(), received)}
                    </time>
                </span>
            </a>
        </li>
    }
}
