//! Photos of a product (or the seller's avatar), taken with the camera or picked
//! from the phone: resized in the browser (longest side 1600 px, JPEG, which keeps
//! no EXIF and so no GPS location), uploaded to the media API, and added to the
//! draft by the path the server gives. The first photo is the cover.

use super::fields::FieldProblems;
use super::state::use_studio;
use crate::api::shop::upload;
use crate::api::ApiError;
use crate::i18n::{Msg, Say};
use crate::session::{error_text, use_session, use_words};
use crate::web::photo::{chosen_files, clear_input, resized, PhotoError};
use leptos::prelude::*;
use leptos::task::spawn_local;
use microshop_seller_model::draft;
use microshop_seller_model::path;
use microshop_seller_model::problems::field_id;
use serde_json::Value;

/// The longest side of an uploaded photo, in pixels: sharp on any phone, a few
/// hundred KB as JPEG.
pub const LONGEST: u32 = 1600;
/// JPEG quality for uploads.
const QUALITY: f64 = 0.85;

/// The photos at `path`: a list (`single` false) or one picture (the avatar).
#[component]
pub fn Photos(
    #[prop(into)] path: String,
    #[prop(into)] label: String,
    #[prop(optional)] single: bool,
) -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let studio = use_studio();
    let at = StoredValue::new(path.clone());
    let id = field_id(&path);
    let problems_id = format!("{id}-problems");
    let busy = RwSignal::new(None::<String>);
    let failed = RwSignal::new(Vec::<String>::new());
    let list = Memo::new(move |_| {
        studio.draft.with(|d| {
            if single {
                path::get(d, &at.get_value())
                    .and_then(Value::as_str)
                    .map(|s| vec![s.to_owned()])
                    .unwrap_or_default()
            } else {
                draft::list(d, &at.get_value())
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            }
        })
    });
    let add = move |ev: leptos::ev::Event| {
        let files = chosen_files(&ev);
        clear_input(&ev);
        if files.is_empty() {
            return;
        }
        failed.set(Vec::new());
        let files = if single {
            files.into_iter().take(1).collect()
        } else {
            files
        };
        spawn_local(async move {
            let total = files.len();
            for (n, file) in files.into_iter().enumerate() {
                let name = file.name();
                busy.set(Some(w.photo_working(
                    u32::try_from(n + 1).unwrap_or(0),
                    &total.to_string(),
                )));
                let result = match resized(&file, LONGEST, QUALITY).await {
                    Err(PhotoError::NotAPicture) => Err(w.photo_not_picture(&name)),
                    Err(PhotoError::Failed) => Err(w.photo_failed(&name)),
                    Ok(photo) => match upload(&photo.bytes, "image/jpeg").await {
                        Ok(media) => {
                            studio.keep_photo(&media, photo.data_url);
                            let at = at.get_value();
                            studio.edit(|d| {
                                if single {
                                    path::set(d, &at, Value::String(media.path.clone()));
                                } else {
                                    draft::push(d, &at, Value::String(media.path.clone()));
                                }
                            });
                            Ok(())
                        }
                        Err(ApiError::Refused(r)) if r.status == 413 => {
                            Err(w.photo_too_large(&name))
                        }
                        Err(ApiError::Refused(r)) if r.status == 415 => {
                            Err(w.photo_not_picture(&name))
                        }
                        Err(e) => Err(format!("{name}: {}", error_text(&w, &session.check(e)))),
                    },
                };
                if let Err(text) = result {
                    failed.update(|f| f.push(text));
                }
            }
            busy.set(None);
            session.say(w.photos_added(u32::try_from(total).unwrap_or(0)));
        });
    };
    let remove = move |i: usize| {
        let at = at.get_value();
        studio.edit(|d| {
            if single {
                path::remove(d, &at);
            } else {
                path::remove(d, &path::index(&at, i));
            }
        });
    };
    let cover = move |i: usize| {
        let at = at.get_value();
        studio.edit(|d| {
            draft::move_item(d, &at, i, 0);
        });
    };
    let label_id = format!("{id}-label");
    let group_label = label_id.clone();
    view! {
        <div class="field" role="group" aria-labelledby=group_label>
            <p class="field__label" id=label_id>{label}</p>
            <ul class="photos">
                {move || list.get().into_iter().enumerate().map(|(i, src)| {
                    let n = u32::try_from(i + 1).unwrap_or(0);
                    view! {
                        <li class="photo">
                            <img src=studio.photo_src(&src) alt=w.photo_alt(n) loading="lazy"/>
                            <div class="photo__buttons">
                                {(i > 0).then(|| view! {
                                    <button type="button" class="button button--secondary" on:click=move |_| cover(i)
                                        aria-label=w.make_cover(n)>"★"</button>
                                })}
                                <button type="button" class="button button--secondary" on:click=move |_| remove(i)
                                    aria-label=w.remove_photo(n)>"✕"</button>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="row">
                <label class="button button--secondary file-button">
                    {w.t(Msg::TakePhoto)}
                    <input type="file" accept="image/*" capture="environment" on:change=add/>
                </label>
                <label class="button button--secondary file-button">
                    {w.t(Msg::ChoosePhotos)}
                    <input type="file" accept="image/*" multiple=!single on:change=add/>
                </label>
            </div>
            {move || busy.get().map(|b| view! { <p class="muted" role="status">{b}</p> })}
            {move || {
                let f = failed.get();
                (!f.is_empty()).then(|| view! {
                    <div role="alert">{f.into_iter().map(|t| view! { <p class="field__problem">{t}</p> }).collect_view()}</div>
                })
            }}
            <FieldProblems path=path id=problems_id/>
        </div>
    }
}
