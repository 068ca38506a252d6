//! The studio's state, above the pages: the shop as the server has it, the draft,
//! its problems, saving and undo. The draft is written to local storage on every
//! change until it is saved, so a reload, a closed tab or a refused save loses
//! nothing.

use crate::api::shop::{self, Media};
use crate::api::{ApiError, FileProblem, PathProblem};
use crate::session::{use_session, Session};
use crate::web::storage;
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_seller_model::problems::{check, Checked};
use microshop_seller_model::starter::starter;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Where saving stands.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    /// Nothing asked yet.
    Idle,
    Saving,
    /// Saved (or undone) just now.
    Saved,
    /// Refused: the shop changed in another tab or device since this draft began.
    ChangedElsewhere,
    /// Refused by the server with problems (shown beside their fields).
    Refused,
    /// Not sent: the draft has problems; this many.
    HasProblems(usize),
    /// Failed otherwise, in words.
    Failed(ApiError),
}

/// The studio, as context.
#[derive(Clone, Copy)]
pub struct Studio {
    /// Whether the shop was read from the server (`None` while loading).
    pub loaded: RwSignal<Option<Result<(), ApiError>>>,
    /// The manifest as saved (what the draft is compared with).
    pub saved: RwSignal<Value>,
    /// What the draft is based on: the file's sha256 and the counts its form showed
    /// (opaque here; a save sends it back).
    pub version: RwSignal<String>,
    /// Whether the last save can be undone.
    pub can_undo: RwSignal<bool>,
    /// Units open orders hold by sku, from the server.
    pub held: RwSignal<BTreeMap<String, i64>>,
    /// The draft: shop.json as the seller is making it.
    pub draft: RwSignal<Value>,
    /// The draft's problems, found by core's decoder (as `microshop check`).
    pub checked: Memo<Checked>,
    /// Problems the server found on the last save (files, …), by path.
    pub server_problems: RwSignal<Vec<PathProblem>>,
    /// The shop's files' problems as the server reads them (on reading the shop,
    /// and from a refused save), grouped as `microshop check` says them.
    pub file_problems: RwSignal<Vec<FileProblem>>,
    pub save_state: RwSignal<SaveState>,
    /// The draft came back from local storage (unsaved changes of an earlier visit).
    pub restored: RwSignal<bool>,
    /// Photos uploaded in this visit: their path and a `data:` copy to show and
    /// preview before the server serves them (it serves the files the saved shop names).
    pub photos: RwSignal<Vec<(String, String)>>,
    /// The shop's languages as the draft has them (the first is the default; the
    /// session's when the draft names none). A memo: fields re-render only when it changes.
    pub locales: Memo<Vec<String>>,
}

impl Studio {
    /// Whether the draft differs from the saved shop.
    pub fn dirty(&self) -> bool {
        self.draft.with(|d| self.saved.with(|s| d != s))
    }

    /// Changes the draft.
    pub fn edit(&self, change: impl FnOnce(&mut Value)) {
        self.draft.update(change);
        if matches!(
            self.save_state.get_untracked(),
            SaveState::Saved | SaveState::HasProblems(_) | SaveState::Refused
        ) {
            self.save_state.set(SaveState::Idle);
        }
    }

    /// The shop's languages (the first is the default).
    pub fn locales(&self) -> Vec<String> {
        self.locales.get()
    }

    /// Where a photo of the draft can be shown from: this visit's copy, else the
    /// shop's own file (relative to where /shop.json is served), else the URL as it is.
    pub fn photo_src(&self, path: &str) -> String {
        if let Some(data) = self
            .photos
            .with_untracked(|p| p.iter().find(|(at, _)| at == path).map(|(_, d)| d.clone()))
        {
            return data;
        }
        if path.contains(':') || path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        }
    }

    /// Remembers an uploaded photo's `data:` copy.
    pub fn keep_photo(&self, media: &Media, data_url: String) {
        self.photos
            .update(|p| p.push((media.path.clone(), data_url)));
    }

    /// Reads the shop from the server (once per visit, or again to reload).
    pub fn load(&self, session: Session, keep_draft: bool) {
        let studio = *self;
        self.loaded.set(None);
        spawn_local(async move {
            match shop::load().await {
                Ok(got) => {
                    let me = session.me.get_value();
                    let manifest = if got.manifest.is_null() {
                        starter(&me.shop_id, &me.currency, &me.default_locale, &me.shop_name)
                    } else {
                        got.manifest.clone()
                    };
                    apply_theme(&got.manifest);
                    studio.saved.set(got.manifest.clone());
                    studio.version.set(got.version.clone());
                    studio.can_undo.set(got.can_undo);
                    studio.held.set(got.held);
                    studio.file_problems.set(got.problems);
                    let stored = keep_draft
                        .then(|| stored_draft(&me.shop_id))
                        .flatten()
                        .filter(|d| d.manifest != got.manifest);
                    match stored {
                        Some(d) => {
                            // Saved against another version: a save then says "changed elsewhere".
                            studio.version.set(d.base);
                            studio.draft.set(d.manifest);
                            studio.restored.set(true);
                        }
                        None => {
                            studio.draft.set(manifest);
                            studio.restored.set(false);
                        }
                    }
                    studio.server_problems.set(Vec::new());
                    studio.loaded.set(Some(Ok(())));
                }
                Err(e) => studio.loaded.set(Some(Err(session.check(e)))),
            }
        });
    }

    /// Drops this draft (the seller chose to) and reads the shop as saved now.
    pub fn discard(&self, session: Session) {
        storage::remove(&storage::keys::draft(
            &session.me.with_value(|m| m.shop_id.clone()),
        ));
        self.save_state.set(SaveState::Idle);
        self.load(session, false);
    }

    /// Saves the draft (when it has no problems), with the version it is based on.
    pub fn save(&self, session: Session) {
        let errors = self.checked.with_untracked(|c| c.errors.len());
        if errors > 0 {
            self.save_state.set(SaveState::HasProblems(errors));
            return;
        }
        let studio = *self;
        let draft = self.draft.get_untracked();
        let version = self.version.get_untracked();
        self.save_state.set(SaveState::Saving);
        spawn_local(async move {
            match shop::save(&draft, &version).await {
                Ok(written) => {
                    studio.saved.set(draft);
                    studio.version.set(written.version);
                    studio.can_undo.set(written.can_undo);
                    studio.server_problems.set(Vec::new());
                    studio.restored.set(false);
                    studio.save_state.set(SaveState::Saved);
                    studio.saved.with_untracked(|saved| {
                        forget_draft_of(&session.me.with_value(|m| m.shop_id.clone()), saved);
                        apply_theme(saved);
                    });
                    // What open orders hold, as of now.
                    if let Ok(got) = shop::load().await {
                        studio.held.set(got.held);
                        studio.file_problems.set(got.problems);
                    }
                }
                Err(e) => studio.failed(session.check(e)),
            }
        });
    }

    /// Puts back the shop before the last save (only with no unsaved changes).
    pub fn undo(&self, session: Session) {
        let studio = *self;
        let version = self.version.get_untracked();
        self.save_state.set(SaveState::Saving);
        spawn_local(async move {
            match shop::undo(&version).await {
                Ok(_) => {
                    studio.load(session, false);
                    studio.save_state.set(SaveState::Saved);
                }
                Err(e) => studio.failed(session.check(e)),
            }
        });
    }

    /// The files' problems only the server sees (a spreadsheet catalog's, an image
    /// missing on disk): those the studio's own checks of the saved shop do not
    /// find, which it shows beside their fields as the draft has them.
    pub fn unplaced_file_problems(&self) -> Vec<FileProblem> {
        let list = self.file_problems.get();
        if list.is_empty() {
            return list;
        }
        let seen = self.saved.with(|s| {
            if s.is_null() {
                Vec::new()
            } else {
                check(s).errors
            }
        });
        list.into_iter()
            .filter(|g| {
                !seen
                    .iter()
                    .any(|e| e.path == g.path && e.message == g.message)
            })
            .collect()
    }

    fn failed(&self, error: ApiError) {
        match error {
            ApiError::ChangedElsewhere => self.save_state.set(SaveState::ChangedElsewhere),
            ApiError::Refused(r) if r.status == 422 && !r.problems.is_empty() => {
                self.server_problems.set(r.problems);
                self.file_problems.set(r.grouped);
                self.save_state.set(SaveState::Refused);
            }
            other => self.save_state.set(SaveState::Failed(other)),
        }
    }
}

/// The studio (provided above the pages).
pub fn use_studio() -> Studio {
    expect_context::<Studio>()
}

/// Makes the studio's state; the shop is read on the first visit to a studio page.
pub fn provide_studio() {
    let session = use_session();
    let draft = RwSignal::new(Value::Null);
    let studio = Studio {
        loaded: RwSignal::new(None),
        saved: RwSignal::new(Value::Null),
        version: RwSignal::new(String::new()),
        can_undo: RwSignal::new(false),
        held: RwSignal::new(BTreeMap::new()),
        draft,
        checked: Memo::new(move |_| {
            draft.with(|d| {
                if d.is_null() {
                    Checked::default()
                } else {
                    check(d)
                }
            })
        }),
        server_problems: RwSignal::new(Vec::new()),
        file_problems: RwSignal::new(Vec::new()),
        save_state: RwSignal::new(SaveState::Idle),
        restored: RwSignal::new(false),
        photos: RwSignal::new(Vec::new()),
        locales: {
            let fallback = session.me.with_value(|m| m.default_locale.clone());
            Memo::new(move |_| {
                let locales = draft.with(microshop_seller_model::draft::locales);
                if locales.is_empty() {
                    vec![fallback.clone()]
                } else {
                    locales
                }
            })
        },
    };
    // Every change is kept in local storage until saved; the saved shop needs no copy.
    let shop_id = session.me.with_value(|m| m.shop_id.clone());
    Effect::new(move |_| {
        let loaded = studio.loaded.with(|l| matches!(l, Some(Ok(()))));
        if !loaded {
            return;
        }
        if studio.dirty() {
            let record = json!({
                "version": 1,
                "base": studio.version.get(),
                "manifest": studio.draft.get(),
            });
            storage::set(&storage::keys::draft(&shop_id), &record.to_string());
        } else {
            studio.saved.with(|saved| forget_draft_of(&shop_id, saved));
        }
    });
    provide_context(studio);
    // Read at once: the desk wears the shop's theme, and the studio opens without waiting.
    studio.load(session, true);
}

/// Dresses the desk in the saved shop's theme (its preset, layout and tokens), as
/// the storefront reads it; a shop that does not decode keeps the default look.
fn apply_theme(manifest: &Value) {
    let Ok(decoded) = microshop_core::decode_manifest(&manifest.to_string()) else {
        return;
    };
    let theme = &decoded.value.theme;
    let css = theme.css(|src| format!("/{src}"));
    crate::web::page::apply_theme(&theme.attributes(), &css);
}

/// A draft kept in local storage.
struct StoredDraft {
    base: String,
    manifest: Value,
}

fn stored_draft(shop_id: &str) -> Option<StoredDraft> {
    let text = storage::get(&storage::keys::draft(shop_id))?;
    let record: Value = serde_json::from_str(&text).ok()?;
    // A record of another format version is left alone rather than misread.
    (record.get("version") == Some(&json!(1))).then_some(())?;
    Some(StoredDraft {
        base: record.get("base")?.as_str()?.to_owned(),
        manifest: record.get("manifest")?.clone(),
    })
}

/// Forgets the stored draft once it is what was saved; a draft of another tab
/// (the key is per shop, and tabs share it) stays until that tab saves it.
fn forget_draft_of(shop_id: &str, saved: &Value) {
    if stored_draft(shop_id).is_none_or(|d| &d.manifest == saved) {
        storage::remove(&storage::keys::draft(shop_id));
    }
}

/// Reads the shop again when the first reading failed (the desk reads it at start).
pub fn ensure_loaded() {
    let studio = use_studio();
    if matches!(studio.loaded.get_untracked(), Some(Err(_))) {
        studio.load(use_session(), true);
    }
}
