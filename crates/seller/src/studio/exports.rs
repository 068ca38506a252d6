//! `/_seller/studio/export`: the shop for a static host or a spreadsheet:
//! shop.json as saved, the catalog as CSV, and the whole site published for a
//! base URL as a zip to upload.

use super::pages::StudioFrame;
use crate::api::shop::{export_catalog, export_manifest, export_site};
use crate::api::ApiError;
use crate::i18n::Msg;
use crate::session::{error_text, use_session, use_words};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The export page.
#[component]
pub fn ExportPage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionExport).to_owned() back=true>
            <Exports/>
        </StudioFrame>
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Which {
    Manifest,
    Catalog,
    Site,
}

#[component]
fn Exports() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let base = RwSignal::new(
        session
            .me
            .with_value(|m| m.base_url.clone().unwrap_or_default()),
    );
    let busy = RwSignal::new(None::<Which>);
    let failed = RwSignal::new(None::<(Which, String)>);
    let base_problem = RwSignal::new(false);
    let run = move |which: Which| {
        failed.set(None);
        if which == Which::Site {
            let b = base.get_untracked();
            let ok = (b.starts_with("https://") || b.starts_with("http://")) && b.len() > 8;
            base_problem.set(!ok);
            if !ok {
                crate::web::page::focus("site-base");
                return;
            }
        }
        busy.set(Some(which));
        spawn_local(async move {
            let result: Result<(), ApiError> = match which {
                Which::Manifest => export_manifest().await,
                Which::Catalog => export_catalog().await,
                Which::Site => export_site(&base.get_untracked()).await,
            };
            match result {
                Ok(()) => session.say(w.t(Msg::ExportDone).to_owned()),
                Err(e) => failed.set(Some((which, error_text(&w, &session.check(e))))),
            }
            busy.set(None);
        });
    };
    let failure = move |which: Which| {
        move || {
            failed
                .get()
                .filter(|(w, _)| *w == which)
                .map(|(_, text)| view! { <p class="problem" role="alert">{text}</p> })
        }
    };
    let t = move |m: Msg| w.t(m).to_owned();
    view! {
        <p class="field__hint">{t(Msg::ExportsHint)}</p>
        <section class="group" aria-labelledby="export-manifest">
            <h2 id="export-manifest">"shop.json"</h2>
            <p>{t(Msg::ExportManifestText)}</p>
            <button type="button" class="button button--secondary" disabled=move || busy.get().is_some()
                on:click=move |_| run(Which::Manifest)>{t(Msg::DownloadManifest)}</button>
            {failure(Which::Manifest)}
        </section>
        <section class="group" aria-labelledby="export-catalog">
            <h2 id="export-catalog">{t(Msg::ExportCatalogTitle)}</h2>
            <p>{t(Msg::ExportCatalogText)}</p>
            <button type="button" class="button button--secondary" disabled=move || busy.get().is_some()
                on:click=move |_| run(Which::Catalog)>{t(Msg::DownloadCatalog)}</button>
            {failure(Which::Catalog)}
        </section>
        <section class="group" aria-labelledby="export-site">
            <h2 id="export-site">{t(Msg::ExportSiteTitle)}</h2>
            <p>{t(Msg::ExportSiteText)}</p>
            <div class="field">
                <label for="site-base">{t(Msg::BaseUrl)}</label>
                <input id="site-base" type="url" inputmode="url" placeholder="https://shop.example/"
                    aria-invalid=move || base_problem.get().then_some("true")
                    aria-describedby=move || base_problem.get().then_some("site-base-problem")
                    prop:value=move || base.get() on:input=move |ev| base.set(event_target_value(&ev))/>
                <Show when=move || base_problem.get()>
                    <p class="field__problem" id="site-base-problem">{t(Msg::BaseUrlBad)}</p>
                </Show>
            </div>
            <button type="button" class="button button--secondary" disabled=move || busy.get().is_some()
                on:click=move |_| run(Which::Site)>{t(Msg::DownloadSite)}</button>
            {failure(Which::Site)}
        </section>
    }
}
