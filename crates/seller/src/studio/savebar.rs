//! The save bar at the foot of every studio page: where the draft stands (saved,
//! unsaved, how many problems, refused), Save, and Undo of the last save.

use super::pages::focus_path;
use super::state::{use_studio, SaveState};
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use leptos::prelude::*;

/// The bar.
#[component]
pub fn SaveBar() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let studio = use_studio();
    let dirty = Memo::new(move |_| studio.dirty());
    let errors = Memo::new(move |_| studio.checked.with(|c| c.errors.len()));
    let state = move || {
        let n = u32::try_from(errors.get()).unwrap_or(u32::MAX);
        match studio.save_state.get() {
            SaveState::Saving => w.t(Msg::Saving).to_owned(),
            SaveState::ChangedElsewhere => w.t(Msg::ShopChangedElsewhere).to_owned(),
            SaveState::Refused if !studio.unplaced_file_problems().is_empty() => {
                w.t(Msg::SaveRefusedFiles).to_owned()
            }
            SaveState::Refused => w.t(Msg::SaveRefused).to_owned(),
            SaveState::HasProblems(_) => w.fix_first(n),
            SaveState::Failed(e) => error_text(&w, &e),
            SaveState::Saved if !dirty.get() => w.t(Msg::Saved).to_owned(),
            _ if !dirty.get() => w.t(Msg::NoChanges).to_owned(),
            _ if n > 0 => w.unsaved_with_problems(n),
            _ => w.t(Msg::Unsaved).to_owned(),
        }
    };
    let alert = move || {
        matches!(
            studio.save_state.get(),
            SaveState::ChangedElsewhere
                | SaveState::Refused
                | SaveState::HasProblems(_)
                | SaveState::Failed(_)
        )
    };
    let save = move |_| {
        studio.save(session);
        if let SaveState::HasProblems(_) = studio.save_state.get_untracked() {
            // The first problem's field: it says what to do.
            if let Some(first) = studio
                .checked
                .with_untracked(|c| c.errors.first().map(|p| p.path.clone()))
            {
                let at = first.clone();
                request_animation_frame(move || {
                    if !focus_path(&at) {
                        let _ = crate::web::page::focus("page-problems");
                    }
                });
            }
        }
    };
    let reload = move |_| studio.discard(session);
    view! {
        <div class="savebar">
            <p class="savebar__state" role="status" aria-live=move || if alert() { "assertive" } else { "polite" }>{state}</p>
            <div class="savebar__buttons">
                <Show when=move || studio.save_state.get() == SaveState::ChangedElsewhere>
                    <button type="button" class="button button--secondary" on:click=reload>{w.t(Msg::ReloadShop)}</button>
                </Show>
                <Show when=move || !dirty.get() && studio.can_undo.get()>
                    <button type="button" class="button button--secondary" on:click=move |_| studio.undo(session)
                        disabled=move || studio.save_state.get() == SaveState::Saving>
                        {w.t(Msg::UndoSave)}
                    </button>
                </Show>
                <button type="button" class="button" on:click=save
                    disabled=move || !dirty.get() || studio.save_state.get() == SaveState::Saving>
                    {w.t(Msg::Save)}
                </button>
            </div>
        </div>
    }
}
