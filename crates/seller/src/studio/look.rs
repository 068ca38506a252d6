//! `/_seller/studio/look`: the theme: a preset, light or dark, the layout
//! options, and the main colours (design tokens), each checked as `microshop
//! check` checks it (unsafe values refused, hard-to-read pairs warned).

use super::fields::{ChoiceField, Kind, PlainField};
use super::pages::{PageProblems, StudioFrame};
use super::state::use_studio;
use crate::i18n::{Msg, Say};
use crate::session::use_words;
use leptos::prelude::*;
use microshop_core::theme::{Cards, Corners, Feed, Header, Preset, Scheme};
use microshop_seller_model::problems::{field_id, Page};
use microshop_seller_model::{draft, path};

/// The colour tokens the studio offers (every token can be set in shop.json).
const COLOURS: [(&str, Msg); 6] = [
    ("color-accent", Msg::ColourAccent),
    ("color-bg", Msg::ColourBackground),
    ("color-text", Msg::ColourText),
    ("color-button", Msg::ColourButton),
    ("color-button-text", Msg::ColourButtonText),
    ("color-link", Msg::ColourLink),
];

/// The look page.
#[component]
pub fn LookPage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionLook).to_owned() back=true>
            <Look/>
        </StudioFrame>
    }
}

fn names(list: &[&str]) -> Vec<(String, String)> {
    list.iter()
        .map(|n| ((*n).to_owned(), (*n).to_owned()))
        .collect()
}

#[component]
fn Look() -> impl IntoView {
    let w = use_words();
    let t = move |m: Msg| w.t(m).to_owned();
    let presets: Vec<(String, String)> = [
        ("quiet", Msg::PresetQuiet),
        ("bold", Msg::PresetBold),
        ("handmade", Msg::PresetHandmade),
        ("contrast", Msg::PresetContrast),
    ]
    .into_iter()
    .map(|(n, m)| (n.to_owned(), w.t(m).to_owned()))
    .collect();
    let schemes: Vec<(String, String)> = [
        ("auto", Msg::SchemeAuto),
        ("light", Msg::SchemeLight),
        ("dark", Msg::SchemeDark),
    ]
    .into_iter()
    .map(|(n, m)| (n.to_owned(), w.t(m).to_owned()))
    .collect();
    // Core's names for each option, so the choices cannot drift from what it reads.
    debug_assert_eq!(Preset::NAMES.len(), 4);
    debug_assert_eq!(Scheme::NAMES.len(), 3);
    view! {
        <PageProblems which=|p| p == Page::Look/>
        <section class="group" aria-labelledby="look-preset">
            <h2 id="look-preset">{t(Msg::GroupLook)}</h2>
            <ChoiceField path="theme.preset" label=t(Msg::Preset) choices=presets/>
            <ChoiceField path="theme.scheme" label=t(Msg::Scheme) choices=schemes/>
        </section>
        <section class="group" aria-labelledby="look-layout">
            <h2 id="look-layout">{t(Msg::GroupLayout)}</h2>
            <ChoiceField path="theme.layout.feed" label=t(Msg::LayoutFeed) choices=names(Feed::NAMES)/>
            <ChoiceField path="theme.layout.cards" label=t(Msg::LayoutCards) choices=names(Cards::NAMES)/>
            <ChoiceField path="theme.layout.header" label=t(Msg::LayoutHeader) choices=names(Header::NAMES)/>
            <ChoiceField path="theme.layout.corners" label=t(Msg::LayoutCorners) choices=names(Corners::NAMES)/>
        </section>
        <section class="group" aria-labelledby="look-colours">
            <h2 id="look-colours">{t(Msg::GroupColours)}</h2>
            <p class="field__hint">{t(Msg::ColoursHint)}</p>
            {COLOURS.into_iter().map(|(token, msg)| view! { <ColourField token label=w.t(msg).to_owned()/> }).collect_view()}
        </section>
    }
}

/// One colour token: the phone's colour picker and the value as text.
#[component]
fn ColourField(token: &'static str, label: String) -> impl IntoView {
    let w = use_words();
    let studio = use_studio();
    let at = format!("theme.tokens.{token}");
    let picker_at = at.clone();
    let value = {
        let at = at.clone();
        move || studio.draft.with(|d| draft::plain(d, &at))
    };
    let hex = move || {
        let v = value();
        let ok =
            v.len() == 7 && v.starts_with('#') && v[1..].bytes().all(|b| b.is_ascii_hexdigit());
        if ok {
            v.to_ascii_lowercase()
        } else {
            String::from("#000000")
        }
    };
    let picker_id = format!("{}-picker", field_id(&at));
    view! {
        <div class="row">
            <PlainField path=at.clone() label=label.clone() kind=Kind::Text placeholder="#a8401f"/>
            <div class="field">
                <label for=picker_id.clone()>{w.pick_colour(&label)}</label>
                <input id=picker_id type="color" class="swatch" prop:value=hex
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        let at = picker_at.clone();
                        studio.edit(|d| { path::set(d, &at, serde_json::Value::String(v)); });
                    }/>
            </div>
        </div>
    }
}
