//! The root: who is signed in (`GET /me`), the desk's language, the shell (the
//! shop's name, the two parts, the language, sign out) and the routes.

use crate::api::{self, ApiError};
use crate::i18n::{fetch_words, remember_language, Msg, Words};
use crate::inbox::{list::InboxPage, order::OrderPage, reviews::ReviewsPage};
use crate::session::{error_text, use_session, use_words, Session};
use crate::studio::{self, pages};
use crate::web::{intl, page};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;
use microshop_words::Lang;

use crate::api::APP as BASE;

/// The whole seller app, speaking `lang` (its words already here: see main).
#[component]
pub fn App(lang: Lang) -> impl IntoView {
    let lang = RwSignal::new(lang);
    Effect::new(move |_| {
        let w = Words { lang: lang.get() };
        page::set_language(w.tag(), w.rtl());
    });
    let me = LocalResource::new(api::me);
    move || {
        let w = Words { lang: lang.get() };
        provide_context(w);
        match me.get() {
            None => view! { <Loading/> }.into_any(),
            Some(Err(ApiError::SignedOut)) => view! { <SignedOut/> }.into_any(),
            Some(Err(error)) => {
                view! { <Unavailable error retry=move || me.refetch()/> }.into_any()
            }
            Some(Ok(me)) => view! { <Desk me lang/> }.into_any(),
        }
    }
}

/// The desk, once signed in.
#[component]
fn Desk(me: api::Me, lang: RwSignal<Lang>) -> impl IntoView {
    let session = Session::provide(me, lang);
    // The studio's draft lives above the pages (and above a change of language), so
    // going to the inbox and back loses nothing.
    studio::state::provide_studio();
    let ticker = set_interval_with_handle(
        move || {
            if page::visible() {
                session.now.set(crate::i18n::now_ms());
            }
        },
        std::time::Duration::from_secs(30),
    )
    .ok();
    // Shown again (back to the tab, the phone woken): the clock ticks at once, so
    // ages and the inbox's look for new orders do not wait for the next tick.
    let shown = window_event_listener(leptos::ev::visibilitychange, move |_| {
        if page::visible() {
            session.now.set(crate::i18n::now_ms());
        }
    });
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
        shown.remove();
    });
    move || {
        if session.signed_out.get() {
            return view! { <SignedOut/> }.into_any();
        }
        let w = Words { lang: lang.get() };
        provide_context(w);
        view! {
            <Router base=BASE>
                <Shell/>
            </Router>
        }
        .into_any()
    }
}

/// The banner, the page, the live region.
#[component]
fn Shell() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let location = use_location();
    // A new page puts the focus on its heading (not on the first render: the
    // browser's own start is where a reader begins).
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        location.pathname.track();
        if first.get_value() {
            first.set_value(false);
            return;
        }
        request_animation_frame(page::focus_heading);
    });
    let part = move || {
        let path = location.pathname.get();
        if path.starts_with(&format!("{BASE}/studio")) {
            "studio"
        } else if path.starts_with(&format!("{BASE}/reviews")) {
            "reviews"
        } else {
            "inbox"
        }
    };
    let current = move |which: &'static str| move || (part() == which).then_some("page");
    view! {
        <a class="skip" href="#main">{w.t(Msg::SkipToContent)}</a>
        <header class="desk-header">
            <p class="desk-header__shop">{session.me.with_value(|m| m.shop_name.clone())}</p>
            <nav class="desk-nav" aria-label=w.t(Msg::AppName)>
                <a href=format!("{BASE}/") aria-current=current("inbox")>{w.t(Msg::NavOrders)}</a>
                <a href=format!("{BASE}/reviews") aria-current=current("reviews")>{w.t(Msg::NavReviews)}</a>
                <a href=format!("{BASE}/studio") aria-current=current("studio")>{w.t(Msg::NavStudio)}</a>
            </nav>
        </header>
        <main id="main" class="desk">
            <Routes fallback=NotFound>
                <Route path=path!("/") view=InboxPage/>
                <Route path=path!("/orders/:id") view=OrderPage/>
                <Route path=path!("/reviews") view=ReviewsPage/>
                <Route path=path!("/studio") view=pages::StudioHome/>
                <Route path=path!("/studio/profile") view=pages::ProfilePage/>
                <Route path=path!("/studio/products") view=pages::ProductsPage/>
                <Route path=path!("/studio/products/:n") view=pages::ProductPage/>
                <Route path=path!("/studio/selling") view=pages::SellingPage/>
                <Route path=path!("/studio/look") view=pages::LookPage/>
                <Route path=path!("/studio/preview") view=pages::PreviewPage/>
                <Route path=path!("/studio/export") view=pages::ExportPage/>
            </Routes>
        </main>
        <footer class="desk-footer">
            <LanguageSwitch/>
            <form method="post" action=format!("{BASE}/signout")>
                <button type="submit" class="button button--quiet">{w.t(Msg::SignOut)}</button>
            </form>
        </footer>
        <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true">
            {move || session.said.get()}
        </p>
    }
}

/// The desk's language, among the shipped ones, each named in itself. A language
/// other than English is fetched first (its data file); when it cannot be had the
/// desk stays as it is, says why, and the switch shows the language still spoken.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let w = use_words();
    let session = use_session();
    let shown = RwSignal::new(w.tag());
    view! {
        <label class="language">
            <span>{w.t(Msg::Language)}</span>
            <select prop:value=move || shown.get() on:change=move |ev| {
                let tag = event_target_value(&ev);
                let Some(lang) = Lang::ALL.into_iter().find(|l| l.tag() == tag) else {
                    return;
                };
                shown.set(lang.tag());
                spawn_local(async move {
                    if fetch_words(lang).await {
                        remember_language(lang);
                        session.lang.set(lang);
                    } else {
                        shown.set(w.tag());
                        session.say(w.t(Msg::Unreachable).to_owned());
                    }
                });
            }>
                {Lang::ALL
                    .into_iter()
                    .map(|l| {
                        let name = intl::language_name(l.tag()).unwrap_or_else(|| l.tag().to_owned());
                        view! { <option value=l.tag() selected=l == w.lang lang=l.tag()>{name}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
    }
}

#[component]
fn Loading() -> impl IntoView {
    let w = use_words();
    page::set_title(w.t(Msg::AppName));
    view! {
        <main class="desk" aria-busy="true">
            <h1 class="visually-hidden">{w.t(Msg::AppName)}</h1>
            <p class="muted">{w.t(Msg::Loading)}</p>
        </main>
    }
}

/// Shown when the session ended: a link to sign in again (the page is served
/// without a session, so it is a plain link, not a route of this app).
#[component]
fn SignedOut() -> impl IntoView {
    let w = use_words();
    page::set_title(w.t(Msg::SignedOutTitle));
    view! {
        <main class="desk">
            <h1>{w.t(Msg::SignedOutTitle)}</h1>
            <p>{w.t(Msg::SignedOutText)}</p>
            <p><a class="button" href=api::SIGN_IN>{w.t(Msg::SignIn)}</a></p>
        </main>
    }
}

#[component]
fn Unavailable(error: ApiError, retry: impl Fn() + 'static) -> impl IntoView {
    let w = use_words();
    page::set_title(w.t(Msg::FailedTitle));
    view! {
        <main class="desk">
            <h1>{w.t(Msg::FailedTitle)}</h1>
            <p role="alert">{error_text(&w, &error)}</p>
            <p><button type="button" class="button" on:click=move |_| retry()>{w.t(Msg::TryAgain)}</button></p>
        </main>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let w = use_words();
    page::set_title(w.t(Msg::NotFoundTitle));
    view! {
        <h1>{w.t(Msg::NotFoundTitle)}</h1>
        <p><a href=format!("{BASE}/")>{w.t(Msg::BackToOrders)}</a></p>
    }
}
