//! The CSV export of a date range (inclusive, the server's UTC days): two date
//! inputs, checked here first (the server checks again), the file saved by the
//! browser's own download, a refusal shown in words.

use crate::api::orders::export_csv;
use crate::i18n::{now_ms, Msg};
use crate::session::{error_text, use_session, use_words};
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_seller_model::dates::{check_range, day_of, RangeProblem};

/// The export form, closed until opened.
#[component]
pub fn Export() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let today = day_of(now_ms());
    let from = RwSignal::new(day_of(now_ms() - 29 * 86_400_000));
    let to = RwSignal::new(today.clone());
    let problem = RwSignal::new(None::<RangeProblem>);
    let failed = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (f, t) = (from.get_untracked(), to.get_untracked());
        failed.set(None);
        if let Err(p) = check_range(&f, &t) {
            problem.set(Some(p));
            let id = if p == RangeProblem::From {
                "export-from"
            } else {
                "export-to"
            };
            crate::web::page::focus(id);
            return;
        }
        problem.set(None);
        busy.set(true);
        spawn_local(async move {
            match export_csv(&f, &t).await {
                Ok(()) => session.say(w.t(Msg::ExportDone).to_owned()),
                Err(e) => failed.set(Some(error_text(&w, &session.check(e)))),
            }
            busy.set(false);
        });
    };
    let message = move |which: RangeProblem| {
        move || {
            (problem.get() == Some(which)
                || (which == RangeProblem::To && problem.get() == Some(RangeProblem::Reversed)))
            .then(|| {
                let msg = match problem.get() {
                    Some(RangeProblem::From) => Msg::ExportBadFrom,
                    Some(RangeProblem::To) => Msg::ExportBadTo,
                    _ => Msg::ExportReversed,
                };
                view! { <p class="field__problem" id=format!("{}-problem", if which == RangeProblem::From { "export-from" } else { "export-to" })>{w.t(msg)}</p> }
            })
        }
    };
    let invalid = move |which: RangeProblem| {
        move || {
            let on = problem.get() == Some(which)
                || (which == RangeProblem::To && problem.get() == Some(RangeProblem::Reversed));
            on.then_some("true")
        }
    };
    view! {
        <details class="export">
            <summary>{w.t(Msg::ExportTitle)}</summary>
            <form novalidate on:submit=submit>
                <p class="muted">{w.t(Msg::ExportHint)}</p>
                <div class="field">
                    <label for="export-from">{w.t(Msg::ExportFrom)}</label>
                    <input id="export-from" type="date" max=today.clone()
                        prop:value=move || from.get()
                        aria-invalid=invalid(RangeProblem::From)
                        aria-describedby=move || invalid(RangeProblem::From)().map(|_| "export-from-problem")
                        on:input=move |ev| from.set(event_target_value(&ev))/>
                    {message(RangeProblem::From)}
                </div>
                <div class="field">
                    <label for="export-to">{w.t(Msg::ExportTo)}</label>
                    <input id="export-to" type="date"
                        prop:value=move || to.get()
                        aria-invalid=invalid(RangeProblem::To)
                        aria-describedby=move || invalid(RangeProblem::To)().map(|_| "export-to-problem")
                        on:input=move |ev| to.set(event_target_value(&ev))/>
                    {message(RangeProblem::To)}
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>{w.t(Msg::ExportButton)}</button>
                {move || failed.get().map(|f| view! { <p class="problem" role="alert">{f}</p> })}
            </form>
        </details>
    }
}
