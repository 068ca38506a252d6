//! The order page's problems: "Report a problem" (what happened, the buyer's text, a
//! photo checked for size before anything is sent) and each problem's thread as serve
//! keeps it (the seller's answers, resolved or refunded), in the buyer's language.

use super::api::{self, OrderRef};
use super::words::{say, Word};
use crate::shop::use_shop;
use crate::web::{intl::format_date, photo};
use leptos::prelude::*;
use microshop_core::delivery::trust::{
    message_body, problem_body, read_problem_answer, BuyerProblem, OrderTrust,
};
use microshop_core::order::problems::MAX_PHOTO_BYTES;

/// The kinds of problem, as serve names them, with their words.
const KINDS: [(&str, Word); 4] = [
    ("not_received", Word::NotReceived),
    ("not_as_described", Word::NotAsDescribed),
    ("damaged", Word::Damaged),
    ("other", Word::Other),
];

fn kind_word(kind: &str) -> Word {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(Word::Other, |(_, w)| *w)
}

fn state_word(state: &str) -> Word {
    match state {
        "resolved" => Word::Resolved,
        "refunded" => Word::Refunded,
        _ => Word::Open,
    }
}

/// The photo picked in the input `input_id`, as base64, after the size check; `Ok(None)`
/// without one. Nothing is sent for a photo over serve's limit.
async fn picked_photo(input_id: &str) -> Result<Option<String>, Word> {
    let Some((size, file)) = photo::picked(input_id) else {
        return Ok(None);
    };
    // A size in bytes from the browser (a count, not money).
    if size > MAX_PHOTO_BYTES as u64 {
        return Err(Word::PhotoTooBig);
    }
    photo::base64_of(&file)
        .await
        .map(Some)
        .ok_or(Word::PhotoUnreadable)
}

/// Sends a problem or a message: the problem after the change, or why not.
async fn send(
    order: StoredValue<OrderRef>,
    path: String,
    text: String,
    kind: Option<&'static str>,
    input_id: &str,
) -> Result<BuyerProblem, Word> {
    if text.trim().is_empty() {
        return Err(Word::TextRequired);
    }
    let photo = picked_photo(input_id).await?;
    let body = match kind {
        Some(kind) => problem_body(kind, text.trim(), photo.as_deref()),
        None => message_body(text.trim(), photo.as_deref()),
    };
    let order = order.try_get_value().ok_or(Word::Refused)?;
    let answer = api::write(&order, &path, &body).await?;
    read_problem_answer(&answer).ok_or(Word::Refused)
}

/// Puts the problem as serve now has it into the page's state.
fn keep(state: RwSignal<Option<OrderTrust>>, problem: BuyerProblem) {
    state.try_update(|s| {
        if let Some(s) = s {
            match s.problems.iter_mut().find(|p| p.id == problem.id) {
                Some(p) => *p = problem,
                None => s.problems.push(problem),
            }
        }
    });
}

/// The problems raised and the form to raise one.
#[component]
pub fn Problems(
    order: StoredValue<OrderRef>,
    state: RwSignal<Option<OrderTrust>>,
    reload: Callback<()>,
) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let problems =
        move || state.with(|s| s.as_ref().map(|s| s.problems.clone()).unwrap_or_default());
    view! {
        {move || {
            let list = problems();
            (!list.is_empty()).then(|| view! {
                <section class="problems-thread" aria-labelledby="problems-heading" data-testid="problems">
                    <h2 id="problems-heading">{move || say(&locale(), Word::YourProblems)}</h2>
                    {list.into_iter().map(|p| view! { <Thread problem=p order state/> }).collect_view()}
                    <p><button type="button" class="button button--quiet" on:click=move |_| reload.run(())>
                        {move || say(&locale(), Word::CheckAnswers)}
                    </button></p>
                </section>
            })
        }}
        <NewProblem order state/>
    }
}

#[component]
fn NewProblem(order: StoredValue<OrderRef>, state: RwSignal<Option<OrderTrust>>) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let kind = RwSignal::new("not_received");
    let text = RwSignal::new(String::new());
    let said = RwSignal::new(None::<(bool, Word)>);
    let sending = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sending.set(true);
        leptos::task::spawn_local(async move {
            let sent = send(
                order,
                "/problems".to_owned(),
                text.get_untracked(),
                Some(kind.get_untracked()),
                "problem-photo",
            )
            .await;
            sending.try_set(false);
            match sent {
                Ok(problem) => {
                    keep(state, problem);
                    text.try_set(String::new());
                    photo::clear("problem-photo");
                    said.try_set(Some((true, Word::ProblemSent)));
                }
                Err(word) => {
                    said.try_set(Some((false, word)));
                }
            }
        });
    };
    view! {
        <details class="order-text problem-form" data-testid="problem-form" on:keydown=crate::web::focus::escape_closes_details>
            <summary>{move || say(&locale(), Word::ProblemHeading)}</summary>
            <form on:submit=submit novalidate>
                <p>{move || say(&locale(), Word::ProblemIntro)}</p>
                <fieldset class="shipping">
                    <legend>{move || say(&locale(), Word::WhatHappened)}</legend>
                    {KINDS.iter().map(|(k, w)| {
                        let (k, w) = (*k, *w);
                        view! {
                            <label class="shipping__option">
                                <input type="radio" name="problem-kind" value=k
                                    prop:checked=move || kind.get() == k on:change=move |_| kind.set(k)/>
                                " " {move || say(&locale(), w)}
                            </label>
                        }
                    }).collect_view()}
                </fieldset>
                <div class="field">
                    <label class="field__label" for="problem-text">{move || say(&locale(), Word::ProblemText)}</label>
                    <textarea id="problem-text" rows="4" maxlength="2000" prop:value=move || text.get()
                        on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <div class="field" hidden=!takes_photos(state)>
                    <label class="field__label" for="problem-photo">{move || say(&locale(), Word::Photo)}</label>
                    <input id="problem-photo" type="file" accept="image/jpeg,image/png,image/webp"/>
                </div>
                <p role="status" data-testid="problem-said" class:notice--error=move || said.get().is_some_and(|(ok, _)| !ok)>
                    {move || said.get().map(|(_, w)| say(&locale(), w))}
                </p>
                <button type="submit" class="button button--primary" disabled=move || sending.get()>
                    {move || say(&locale(), Word::SendProblem)}
                </button>
            </form>
        </details>
    }
}

/// Whether the order's problems take photos: serve takes them only once the seller
/// confirmed the order (docs/trust.md "Problems"), so an unconfirmed order's page
/// hides the photo field and offers words alone. Read when a form is drawn: the
/// panel is drawn again when the order becomes confirmed (order.rs).
fn takes_photos(state: RwSignal<Option<OrderTrust>>) -> bool {
    state.with_untracked(|s| s.as_ref().is_some_and(|s| s.confirmed))
}

/// One problem: what kind, where it stands, every message; a reply form while open.
#[component]
fn Thread(
    problem: BuyerProblem,
    order: StoredValue<OrderRef>,
    state: RwSignal<Option<OrderTrust>>,
) -> impl IntoView {
    let shop = use_shop();
    let locale = move || shop.locale.get();
    let kind = kind_word(&problem.kind);
    let standing = state_word(&problem.state);
    let open = problem.state == "open";
    let input_id = format!("photo-{}", problem.id);
    let text_id = format!("message-{}", problem.id);
    let path = format!("/problems/{}/messages", problem.id);
    let text = RwSignal::new(String::new());
    let said = RwSignal::new(None::<(bool, Word)>);
    let sending = RwSignal::new(false);
    let photo_input = input_id.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        sending.set(true);
        let (path, input) = (path.clone(), photo_input.clone());
        leptos::task::spawn_local(async move {
            let sent = send(order, path, text.get_untracked(), None, &input).await;
            sending.try_set(false);
            match sent {
                Ok(problem) => {
                    text.try_set(String::new());
                    photo::clear(&input);
                    said.try_set(Some((true, Word::MessageSent)));
                    keep(state, problem);
                }
                Err(word) => {
                    said.try_set(Some((false, word)));
                }
            }
        });
    };
    view! {
        <article class="problem" data-testid="problem" data-state=problem.state.clone()>
            <h3>{move || say(&locale(), kind)} " · " <span data-testid="problem-state">{move || say(&locale(), standing)}</span></h3>
            <ol class="receipt__lines">
                {problem.messages.into_iter().map(|m| {
                    let at = m.at.get(..10).unwrap_or(&m.at).to_owned();
                    let who = if m.from_seller { Word::Seller } else { Word::You };
                    view! {
                        <li class="problem__message" class:problem__message--seller=m.from_seller data-testid="problem-message">
                            <p class="problem__who"><strong>{move || say(&locale(), who)}</strong>" · "
                                <time datetime=at.clone()>{let at = at.clone(); move || format_date(&at, &locale())}</time>
                                {m.has_photo.then(|| view! { " · " {move || say(&locale(), Word::PhotoAttached)} })}
                            </p>
                            <p class="prose">{m.text.clone()}</p>
                        </li>
                    }
                }).collect_view()}
            </ol>
            {open.then(|| view! {
                <form class="problem__reply" on:submit=submit novalidate>
                    <div class="field">
                        <label class="field__label" for=text_id.clone()>{move || say(&locale(), Word::AddMessage)}</label>
                        <textarea id=text_id rows="3" maxlength="2000" prop:value=move || text.get()
                            on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                    </div>
                    <div class="field" hidden=!takes_photos(state)>
                        <label class="field__label" for=input_id.clone()>{move || say(&locale(), Word::Photo)}</label>
                        <input id=input_id type="file" accept="image/jpeg,image/png,image/webp"/>
                    </div>
                    <p role="status" class:notice--error=move || said.get().is_some_and(|(ok, _)| !ok)>
                        {move || said.get().map(|(_, w)| say(&locale(), w))}
                    </p>
                    <button type="submit" class="button" disabled=move || sending.get()>{move || say(&locale(), Word::Send)}</button>
                </form>
            })}
        </article>
    }
}
