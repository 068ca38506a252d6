//! `/_seller/studio/preview`: the shop as buyers see it, with the draft, in a
//! frame of the storefront itself. The frame loads `/_seller/preview/` (the
//! storefront's own index.html, copied by the build with the router base
//! `/_seller/preview` and a small script, public/preview.js, that points its
//! manifest at the address after `#`): a same-origin `blob:` URL of the draft made
//! here. The storefront is not changed and the draft never goes to the server.

use super::pages::StudioFrame;
use super::state::use_studio;
use crate::api::{encode, APP};
use crate::i18n::Msg;
use crate::session::use_words;
use crate::web::{blob, page};
use leptos::prelude::*;
use microshop_seller_model::preview::preview_manifest;

/// The preview page.
#[component]
pub fn PreviewPage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionPreview).to_owned() back=true>
            <Preview/>
        </StudioFrame>
    }
}

#[component]
fn Preview() -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let url = RwSignal::new(None::<String>);
    let make = move || {
        let photos = studio.photos.get_untracked();
        let local = |p: &str| {
            photos
                .iter()
                .find(|(at, _)| at == p)
                .map(|(_, d)| d.clone())
        };
        let doc = studio
            .draft
            .with_untracked(|d| preview_manifest(d, local, &page::origin()));
        let made = blob::url_of(&doc.to_string(), "application/json");
        if let Some(old) = url.get_untracked() {
            blob::revoke(&old);
        }
        url.set(made);
    };
    make();
    on_cleanup(move || {
        if let Some(old) = url.get_untracked() {
            blob::revoke(&old);
        }
    });
    view! {
        <p class="field__hint">{w.t(Msg::PreviewHint)}</p>
        <p><button type="button" class="button button--secondary" on:click=move |_| make()>{w.t(Msg::RefreshPreview)}</button></p>
        {move || url.get().map(|u| view! {
            <iframe class="preview-frame" title=w.t(Msg::PreviewFrame)
                src=format!("{APP}/preview/?seller#{}", encode(&u))></iframe>
        })}
    }
}
