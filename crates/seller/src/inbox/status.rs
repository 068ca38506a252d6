//! The status changes an order allows now (the server's `next_statuses`, from
//! core's transition table): mark paid, mark shipped with a tracking note and an
//! optional link, mark completed, cancel with a reason. A refusal is said plainly
//! beside the form: a stale page ("changed elsewhere", with a reload), an
//! impossible change, a field the server found wrong.

use super::status_word;
use crate::api::orders::{change_status, Change, Full};
use crate::api::ApiError;
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use crate::web::page;
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_core::order::status::{apply, Change as StatusChange, ChangeError, Status};

/// What went wrong with the last change.
#[derive(Clone, Debug, PartialEq)]
enum Trouble {
    /// The order changed since this page read it.
    Stale,
    /// A field's problem: its input's id and the words.
    Field(&'static str, String),
    /// Anything else, in words.
    Said(String),
}

/// The input of a field the server or core names (`tracking_url`).
fn field_input(field: &str) -> Option<&'static str> {
    match field {
        "reason" => Some("cancel-reason"),
        "tracking_note" => Some("tracking-note"),
        "tracking_url" => Some("tracking-url"),
        _ => None,
    }
}

/// A field's problem in the seller's words where we have them (a missing text, a
/// link), else core's sentence.
fn field_trouble(w: &crate::i18n::Words, field: &str, message: &str) -> Trouble {
    let missing = message.starts_with("is required");
    let text = match field {
        "reason" if missing => w.t(Msg::ReasonRequired).to_owned(),
        "tracking_note" if missing => w.t(Msg::TrackingNoteRequired).to_owned(),
        "tracking_url" => w.t(Msg::TrackingUrlBad).to_owned(),
        _ => message.to_owned(),
    };
    Trouble::Field(field_input(field).unwrap_or("tracking-note"), text)
}

/// What core's status rules (`order::status::apply`) say about this change, before
/// it is sent.
fn check_first(
    w: &crate::i18n::Words,
    from: &str,
    to: &str,
    note: &str,
    url: &str,
    reason: &str,
) -> Option<Trouble> {
    let from_status = Status::parse(from)?;
    let change = match to {
        "paid" => StatusChange::Paid,
        "completed" => StatusChange::Completed,
        "shipped" => StatusChange::Shipped {
            tracking_note: note.to_owned(),
            tracking_url: Some(url.to_owned()).filter(|u| !u.trim().is_empty()),
        },
        "cancelled" => StatusChange::Cancelled {
            reason: reason.to_owned(),
        },
        _ => return None,
    };
    match apply(from_status, &change) {
        Ok(_) => None,
        Err(ChangeError::Invalid { field, message }) => Some(field_trouble(w, field, &message)),
        Err(ChangeError::Impossible { .. }) => Some(Trouble::Said(
            w.refused_transition(&status_word(w, from), &status_word(w, to)),
        )),
    }
}

/// The buttons and the two small forms.
#[component]
pub fn StatusActions(full: Full, on_change: Callback<Full>, reload: Callback<()>) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let order = full.order.clone();
    if full.next_statuses.is_empty() {
        return view! {
            <p class="muted">{w.final_status(&status_word(&w, &order.status))}</p>
        }
        .into_any();
    }
    let open = RwSignal::new(None::<&'static str>);
    let note = RwSignal::new(String::new());
    let url = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let trouble = RwSignal::new(None::<Trouble>);
    let busy = RwSignal::new(false);
    let order_id = StoredValue::new(order.order_id.clone());
    let reference = StoredValue::new(order.reference.clone());
    let from = StoredValue::new(order.status.clone());
    let version = order.version;

    let send = move |to: &'static str| {
        // The server's rules, checked here first with core's own (a missing reason or
        // tracking note, a link that is not http(s)); the server checks again.
        let first = check_first(
            &w,
            &from.get_value(),
            to,
            &note.get_untracked(),
            &url.get_untracked(),
            &reason.get_untracked(),
        );
        if let Some(t) = first {
            if let Trouble::Field(id, _) = &t {
                page::focus(id);
            }
            trouble.set(Some(t));
            return;
        }
        let change = Change {
            to: to.to_owned(),
            version,
            tracking_note: if to == "shipped" {
                note.get_untracked()
            } else {
                String::new()
            },
            tracking_url: if to == "shipped" {
                url.get_untracked()
            } else {
                String::new()
            },
            reason: if to == "cancelled" {
                reason.get_untracked()
            } else {
                String::new()
            },
        };
        busy.set(true);
        trouble.set(None);
        spawn_local(async move {
            match change_status(&order_id.get_value(), &change).await {
                Ok(full) => {
                    let status = status_word(&w, &full.order.status);
                    session.say(w.status_changed(&reference.get_value(), &status));
                    on_change.run(full);
                    request_animation_frame(|| {
                        page::focus("order-status");
                    });
                }
                Err(e) => {
                    let e = session.check(e);
                    let t = match &e {
                        ApiError::ChangedElsewhere => Trouble::Stale,
                        ApiError::Refused(r) if r.error == "transition" => {
                            Trouble::Said(w.refused_transition(
                                &status_word(&w, &from.get_value()),
                                &status_word(&w, to),
                            ))
                        }
                        ApiError::Refused(r) => match r.problems.first() {
                            Some(p) if field_input(&p.path).is_some() => {
                                field_trouble(&w, &p.path, &p.message)
                            }
                            _ => Trouble::Said(error_text(&w, &e)),
                        },
                        _ => Trouble::Said(error_text(&w, &e)),
                    };
                    if let Trouble::Field(id, _) = &t {
                        page::focus(id);
                    }
                    trouble.set(Some(t));
                }
            }
            busy.set(false);
        });
    };
    let field_problem = move |id: &'static str| {
        move || match trouble.get() {
            Some(Trouble::Field(at, text)) if at == id => Some(view! {
                <p class="field__problem" id=format!("{id}-problem")>{text}</p>
            }),
            _ => None,
        }
    };
    let invalid = move |id: &'static str| {
        move || matches!(trouble.get(), Some(Trouble::Field(at, _)) if at == id).then_some("true")
    };
    let described = move |id: &'static str| {
        move || {
            matches!(trouble.get(), Some(Trouble::Field(at, _)) if at == id)
                .then(|| format!("{id}-problem"))
        }
    };
    let toggle = move |which: &'static str| {
        move |_| {
            let opening = open.get_untracked() != Some(which);
            open.set(opening.then_some(which));
            trouble.set(None);
            if opening {
                let first = if which == "shipped" {
                    "tracking-note"
                } else {
                    "cancel-reason"
                };
                request_animation_frame(move || {
                    page::focus(first);
                });
            }
        }
    };
    let buttons = full
        .next_statuses
        .iter()
        .map(|to| match to.as_str() {
            "paid" => view! {
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| send("paid")>
                    {w.t(Msg::MarkPaid)}
                </button>
            }.into_any(),
            "completed" => view! {
                <button type="button" class="button" disabled=move || busy.get() on:click=move |_| send("completed")>
                    {w.t(Msg::MarkCompleted)}
                </button>
            }.into_any(),
            "shipped" => view! {
                <button type="button" class="button" aria-expanded=move || (open.get() == Some("shipped")).to_string()
                    aria-controls="ship-form" on:click=toggle("shipped")>
                    {w.t(Msg::MarkShipped)}
                </button>
            }.into_any(),
            "cancelled" => view! {
                <button type="button" class="button button--danger" aria-expanded=move || (open.get() == Some("cancelled")).to_string()
                    aria-controls="cancel-form" on:click=toggle("cancelled")>
                    {w.t(Msg::CancelOrder)}
                </button>
            }.into_any(),
            _ => ().into_any(),
        })
        .collect_view();
    view! {
        <section class="actions" aria-labelledby="actions-heading">
            <h2 id="actions-heading">{w.t(Msg::ActionsTitle)}</h2>
            <div class="actions__buttons">{buttons}</div>
            <Show when=move || open.get() == Some("shipped")>
                <form id="ship-form" class="action-form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    send("shipped");
                }>
                    <div class="field">
                        <label for="tracking-note">{w.t(Msg::TrackingNoteLabel)}</label>
                        <input id="tracking-note" type="text" autocomplete="off"
                            aria-invalid=invalid("tracking-note") aria-describedby=described("tracking-note")
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))/>
                        {field_problem("tracking-note")}
                    </div>
                    <div class="field">
                        <label for="tracking-url">{w.t(Msg::TrackingUrlLabel)}</label>
                        <input id="tracking-url" type="url" inputmode="url" autocomplete="off" placeholder="https://"
                            aria-invalid=invalid("tracking-url") aria-describedby=described("tracking-url")
                            prop:value=move || url.get() on:input=move |ev| url.set(event_target_value(&ev))/>
                        {field_problem("tracking-url")}
                    </div>
                    <div class="action-form__buttons">
                        <button type="submit" class="button" disabled=move || busy.get()>{w.t(Msg::ConfirmShipped)}</button>
                        <button type="button" class="button button--quiet" on:click=toggle("shipped")>{w.t(Msg::Keep)}</button>
                    </div>
                </form>
            </Show>
            <Show when=move || open.get() == Some("cancelled")>
                <form id="cancel-form" class="action-form" novalidate on:submit=move |ev| {
                    ev.prevent_default();
                    send("cancelled");
                }>
                    <div class="field">
                        <label for="cancel-reason">{w.t(Msg::ReasonLabel)}</label>
                        <textarea id="cancel-reason" rows="3"
                            aria-invalid=invalid("cancel-reason") aria-describedby=described("cancel-reason")
                            prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                        {field_problem("cancel-reason")}
                    </div>
                    <div class="action-form__buttons">
                        <button type="submit" class="button button--danger" disabled=move || busy.get()>{w.t(Msg::ConfirmCancel)}</button>
                        <button type="button" class="button button--quiet" on:click=toggle("cancelled")>{w.t(Msg::Keep)}</button>
                    </div>
                </form>
            </Show>
            {move || match trouble.get() {
                Some(Trouble::Stale) => Some(view! {
                    <div class="problem" role="alert">
                        <p>{w.t(Msg::ChangedElsewhereOrder)}</p>
                        <button type="button" class="button" on:click=move |_| reload.run(())>{w.t(Msg::Reload)}</button>
                    </div>
                }.into_any()),
                Some(Trouble::Said(text)) => Some(view! { <p class="problem" role="alert">{text}</p> }.into_any()),
                _ => None,
            }}
        </section>
    }
    .into_any()
}
