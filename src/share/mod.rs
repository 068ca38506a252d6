//! Passing the shop on: a share button (the system's share sheet, else the link
//! copied, else how to share from an in-app browser's own menu), the link's QR code,
//! a product's poster and a buyer's own referral link.
//!
//! Links shared are the published pages' addresses ([`links`]): a product by its id,
//! so a link survives reordering and a change of language; `lang=` is kept when the
//! buyer chose a language in the address.
//!
//! Layer: below the views that show it (catalog, cart), above `shop`, `i18n` and
//! `web`; it reads no feature's state (the cart's page hands it the cart's link).

pub mod poster;
pub mod qr;
pub mod referral;

use crate::i18n::Msg;
use crate::on_demand::{wasm_split, NotLoaded, OnDemand};
use crate::shop::{links, use_shop};
use crate::web::{clipboard, page, share};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the last press of "Share" came to, for the live region.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Said {
    Nothing,
    /// The link is on the clipboard.
    Copied,
    /// No share sheet and no clipboard: the link, to copy by hand.
    CopyThis(String),
    /// WeChat's browser: share from its menu (and whether the link was copied too).
    WeChat {
        copied: bool,
    },
}

/// Which panel under the buttons is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Panel {
    Closed,
    Qr,
    Poster,
    Referral,
}

/// The complete address of `path` (a [`links`] address), with the `lang` the buyer
/// chose in the current address, if any.
pub fn shareable(path: &str, lang: Option<&str>) -> String {
    page::absolute(&match lang {
        Some(lang) => links::with_param(path, "lang", lang),
        None => path.to_owned(),
    })
}

/// Shares `url`: the share sheet where the browser has one; else the link is copied
/// and that is said; in WeChat, how to share from its menu. Never silent.
fn share_link(said: RwSignal<Said>, title: String, url: String) {
    said.set(Said::Nothing);
    spawn_local(async move {
        if share::can_share() {
            match share::share(&title, &title, &url).await {
                share::Shared::Done | share::Shared::Cancelled => return,
                share::Shared::Failed => {}
            }
        }
        let copied = clipboard::copy_text(&url).await;
        said.set(if share::is_wechat() {
            Said::WeChat { copied }
        } else if copied {
            Said::Copied
        } else {
            Said::CopyThis(url)
        });
    });
}

/// The share buttons of a page and the panel they open.
#[component]
pub fn ShareBar(
    /// The page's address, from [`links`] (the feed, a product, a shared cart).
    #[prop(into)]
    path: Signal<String>,
    /// What is shared, as the share sheet's title.
    #[prop(into)]
    title: Signal<String>,
    /// Offer a referral link of the buyer's own.
    #[prop(optional)]
    referral: bool,
    /// Offer a poster of the product page's product.
    #[prop(optional)]
    poster: bool,
) -> impl IntoView {
    let shop = use_shop();
    let said = RwSignal::new(Said::Nothing);
    let panel = RwSignal::new(Panel::Closed);
    // The language chosen in the address, followed as it changes.
    let query = crate::web::address::use_address().query;
    let lang = Signal::derive(move || query.read().get("lang"));
    let url = Signal::derive(move || shareable(&path.get(), lang.read().as_deref()));
    let toggle =
        move |p: Panel| panel.update(|open| *open = if *open == p { Panel::Closed } else { p });
    let button = move |p: Panel, label: Msg| {
        view! {
            <button type="button" class="button button--quiet share__toggle"
                aria-expanded=move || (panel.get() == p).to_string()
                on:click=move |_| toggle(p)>{move || shop.t(label)}</button>
        }
    };
    let said_text = move || {
        let t = |m| shop.t(m);
        match said.get() {
            Said::Nothing => None,
            Said::Copied => Some(t(Msg::LinkCopied).to_owned()),
            Said::CopyThis(_) => Some(t(Msg::CopyThisLink).to_owned()),
            Said::WeChat { copied: false } => Some(t(Msg::ShareInWeChat).to_owned()),
            Said::WeChat { copied: true } => {
                Some([t(Msg::ShareInWeChat), " ", t(Msg::LinkCopied)].concat())
            }
        }
    };
    view! {
        <div class="share">
            <div class="share__buttons">
                <button type="button" class="button share__button"
                    on:click=move |_| share_link(said, title.get_untracked(), url.get_untracked())>
                    {move || shop.t(Msg::Share)}
                </button>
                {button(Panel::Qr, Msg::QrCode)}
                {poster.then(|| button(Panel::Poster, Msg::Poster))}
                {referral.then(|| button(Panel::Referral, Msg::ReferralLink))}
            </div>
            <div class="share__status" role="status" aria-live="polite">
                {move || said_text().map(|text| view! { <p class="share__said">{text}</p> })}
                {move || match said.get() {
                    Said::CopyThis(link) => Some(view! {
                        <input class="share__link" type="text" readonly value=link aria-label=move || shop.t(Msg::CopyThisLink)/>
                    }),
                    _ => None,
                }}
            </div>
            {move || {
                let open = panel.get();
                (open != Panel::Closed).then(|| {
                    let asked = Asked { panel: open, url, path, lang, said, title };
                    view! { <OnDemand load=panels show=move |p: Panels| (p.show)(asked)/> }
                })
            }}
        </div>
    }
}

/// What an open panel shows: the page's link, its product, where share results go.
#[derive(Clone, Copy)]
pub struct Asked {
    panel: Panel,
    url: Signal<String>,
    path: Signal<String>,
    lang: Signal<Option<String>>,
    said: RwSignal<Said>,
    title: Signal<String>,
}

/// The panels' code, from their part.
#[derive(Clone, Copy)]
pub struct Panels {
    show: fn(Asked) -> AnyView,
}

/// The QR code, poster and referral panels, in a part of their own: few buyers open
/// them, and the QR encoder and the canvas drawing are most of sharing's bytes.
#[wasm_split(share, fallible, wasm_split_path = crate::on_demand::split)]
fn panels() -> Result<Panels, NotLoaded> {
    Ok(Panels { show: panel })
}

/// The open panel's view.
fn panel(asked: Asked) -> AnyView {
    let shop = use_shop();
    let Asked {
        panel,
        url,
        path,
        lang,
        said,
        title,
    } = asked;
    match panel {
        Panel::Closed => ().into_any(),
        Panel::Qr => view! {
            <div class="share__panel">
                <qr::QrCode text=url label=Signal::derive(move || shop.t(Msg::QrCodeOfLink).to_owned())/>
                <p class="share__url">{url}</p>
            </div>
        }
        .into_any(),
        Panel::Poster => view! { <poster::PosterView url/> }.into_any(),
        Panel::Referral => view! {
            <referral::ReferralMaker path lang on_share=move |u: String| share_link(said, title.get_untracked(), u)/>
        }
        .into_any(),
    }
}
