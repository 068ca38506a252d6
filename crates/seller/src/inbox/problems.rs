//! An order's problems on its page: what the buyer raised (the kind, their words,
//! their photos) and every answer, oldest first; while a problem is open, an answer
//! box and "mark resolved" / "mark refunded". Buyers' texts are shown as text (a
//! `<script>` in one is the characters it is). A refusal is said beside the form:
//! a problem already closed elsewhere (with a reload), an empty answer, anything the
//! server found.

use crate::api::trust::{self, Message, Problem};
use crate::api::ApiError;
use crate::i18n::{Msg, Say, Words};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// A kind of problem in the seller's words (an unknown one as the server names it).
pub fn kind_word(w: &Words, kind: &str) -> String {
    let msg = match kind {
        "not_received" => Msg::ProblemKindNotReceived,
        "not_as_described" => Msg::ProblemKindNotAsDescribed,
        "damaged" => Msg::ProblemKindDamaged,
        "other" => Msg::ProblemKindOther,
        other => return other.replace('_', " "),
    };
    w.t(msg).to_owned()
}

/// A problem's state in the seller's words.
pub fn state_word(w: &Words, state: &str) -> String {
    let msg = match state {
        "open" => Msg::ProblemStateOpen,
        "resolved" => Msg::ProblemStateResolved,
        "refunded" => Msg::ProblemStateRefunded,
        other => return other.to_owned(),
    };
    w.t(msg).to_owned()
}

/// The order's problems, newest raised first (nothing when there are none).
#[component]
pub fn Problems(problems: Vec<Problem>, reload: Callback<()>) -> impl IntoView {
    let w = use_words();
    (!problems.is_empty()).then(|| {
        let mut problems = problems;
        problems.sort_by_key(|p| std::cmp::Reverse(p.id));
        view! {
            <section class="buyer-problems" aria-labelledby="problems-heading">
                <h2 id="problems-heading">{w.t(Msg::ProblemsTitle)}</h2>
                {problems.into_iter().map(|p| view! { <ProblemThread problem=p reload/> }).collect_view()}
            </section>
        }
    })
}

/// What went wrong with the last answer or mark.
#[derive(Clone, Debug, PartialEq)]
enum Trouble {
    /// Nothing written where an answer was asked for.
    Empty,
    /// Closed meanwhile (another tab or device): reload to see how.
    Closed,
    /// Anything else, in words.
    Said(String),
}

/// One problem: its thread and, while open, the seller's answer and marks.
#[component]
fn ProblemThread(problem: Problem, reload: Callback<()>) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let id = problem.id;
    let current = RwSignal::new(problem);
    let typed = RwSignal::new(String::new());
    let busy = RwSignal::new(false);
    let trouble = RwSignal::new(None::<Trouble>);
    let input = format!("answer-{id}");
    let input_id = StoredValue::new(input.clone());
    let problem_id = format!("answer-{id}-problem");

    let send = move |mark: Option<&'static str>| {
        let text = typed.get_untracked();
        if mark.is_none() && text.trim().is_empty() {
            trouble.set(Some(Trouble::Empty));
            page::focus(&input_id.get_value());
            return;
        }
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match trust::answer(id, &text, mark).await {
                Ok(p) => {
                    let said = match mark {
                        Some(_) => w.problem_marked(&state_word(&w, &p.state)),
                        None => w.t(Msg::AnswerSent).to_owned(),
                    };
                    typed.set(String::new());
                    current.set(p);
                    session.say(said);
                }
                Err(e) => {
                    let e = session.check(e);
                    let t = match &e {
                        ApiError::Refused(r) if r.problems.iter().any(|p| p.path == "state") => {
                            Trouble::Closed
                        }
                        _ => Trouble::Said(error_text(&w, &e)),
                    };
                    trouble.set(Some(t));
                }
            }
            busy.set(false);
        });
    };
    let heading_id = format!("problem-{id}-heading");
    let labelled_by = heading_id.clone();
    view! {
        <article class="buyer-problem" aria-labelledby=labelled_by>
            // One closure draws what an answer or a mark changes (one view, not one per
            // part: the seller app's bytes are budgeted).
            {move || current.with(|p| thread(&w, p, &heading_id))}
            {move || {
                let state = current.with(|p| p.state.clone());
                if state != "open" {
                    return view! {
                        <p class="muted">{w.problem_closed_now(&state_word(&w, &state))}</p>
                    }.into_any();
                }
                let input = input.clone();
                let problem_id = problem_id.clone();
                let described = problem_id.clone();
                view! {
                    <form class="action-form" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        send(None);
                    }>
                        <div class="field">
                            <label for=input.clone()>{w.t(Msg::AnswerLabel)}</label>
                            <textarea id=input rows="3" maxlength="2000"
                                aria-invalid=move || (trouble.get() == Some(Trouble::Empty)).then_some("true")
                                aria-describedby=move || (trouble.get() == Some(Trouble::Empty)).then(|| described.clone())
                                prop:value=move || typed.get()
                                on:input=move |ev| typed.set(event_target_value(&ev))></textarea>
                            {move || (trouble.get() == Some(Trouble::Empty)).then(|| view! {
                                <p class="field__problem" id=problem_id.clone()>{w.t(Msg::AnswerRequired)}</p>
                            })}
                        </div>
                        <div class="action-form__buttons">
                            <button type="submit" class="button" disabled=move || busy.get()>{w.t(Msg::SendAnswer)}</button>
                            <button type="button" class="button button--secondary" disabled=move || busy.get()
                                on:click=move |_| send(Some("resolved"))>{w.t(Msg::MarkResolved)}</button>
                            <button type="button" class="button button--secondary" disabled=move || busy.get()
                                on:click=move |_| send(Some("refunded"))>{w.t(Msg::MarkRefunded)}</button>
                        </div>
                    </form>
                }.into_any()
            }}
            {move || match trouble.get() {
                Some(Trouble::Closed) => Some(view! {
                    <div class="problem" role="alert">
                        <p>{w.t(Msg::ProblemAlreadyClosed)}</p>
                        <button type="button" class="button" on:click=move |_| reload.run(())>{w.t(Msg::Reload)}</button>
                    </div>
                }.into_any()),
                Some(Trouble::Said(text)) => Some(view! { <p class="problem" role="alert">{text}</p> }.into_any()),
                _ => None,
            }}
        </article>
    }
}

/// A problem's heading (kind and state), when it was raised, and its messages.
fn thread(w: &Words, p: &Problem, heading_id: &str) -> impl IntoView {
    view! {
        <h3 id=heading_id.to_owned()>
            {kind_word(w, &p.kind)}" "
            <span class=format!("badge badge--problem-{}", p.state)>{state_word(w, &p.state)}</span>
        </h3>
        <p class="muted">{w.problem_raised(&w.when_text(&p.created_at))}</p>
        <ol class="thread">
            {p.messages.iter().cloned().map(|m| view! { <ThreadMessage message=m/> }).collect_view()}
        </ol>
    }
}

/// One message of a thread: who, when, the words as text, the photo.
#[component]
fn ThreadMessage(message: Message) -> impl IntoView {
    let w = use_words();
    let author = if message.author == "seller" {
        w.t(Msg::ActorSeller)
    } else {
        w.t(Msg::ActorBuyer)
    };
    let photo = message.photo.as_deref().map(trust::photo_url);
    view! {
        <li class=format!("thread__message thread__message--{}", message.author)>
            <span class="thread__who muted">{author}" · "{w.when_text(&message.at)}</span>
            <p class="thread__text" dir="auto">{message.text.clone()}</p>
            {photo.map(|src| {
                let href = src.clone();
                view! {
                <a class="thread__photo" href=href target="_blank" rel="noopener">
                    <img src=src alt=w.t(Msg::BuyerPhoto) loading="lazy"/>
                </a>
                }
            })}
        </li>
    }
}
