//! `/_seller/studio/profile`: the shop (its name, address name, currency,
//! languages), the seller (about, place, photo, contacts) and the policies.

use super::fields::{Kind, ListField, PlainField, TextField};
use super::pages::{PageProblems, StudioFrame};
use super::photos::Photos;
use crate::i18n::Msg;
use crate::session::use_words;
use leptos::prelude::*;
use microshop_seller_model::problems::Page;

/// The profile page.
#[component]
pub fn ProfilePage() -> impl IntoView {
    let w = use_words();
    view! {
        <StudioFrame title=w.t(Msg::SectionProfile).to_owned() back=true>
            <ProfileForm/>
        </StudioFrame>
    }
}

#[component]
fn ProfileForm() -> impl IntoView {
    let w = use_words();
    let t = move |m: Msg| w.t(m).to_owned();
    view! {
        <PageProblems which=|p| p == Page::Profile/>
        <section class="group" aria-labelledby="shop-group">
            <h2 id="shop-group">{t(Msg::GroupShop)}</h2>
            <TextField path="seller.name" label=t(Msg::ShopName)/>
            <PlainField path="id" label=t(Msg::ShopId) kind=Kind::Text hint=t(Msg::ShopIdHint)/>
            <PlainField path="currency" label=t(Msg::Currency) kind=Kind::Text hint=t(Msg::CurrencyHint)/>
            <ListField path="locales" label=t(Msg::Languages) hint=t(Msg::LanguagesHint)/>
        </section>
        <section class="group" aria-labelledby="about-group">
            <h2 id="about-group">{t(Msg::GroupAbout)}</h2>
            <Photos path="seller.avatar" label=t(Msg::Avatar) single=true/>
            <TextField path="seller.bio" label=t(Msg::Bio) long=true/>
            <TextField path="seller.location" label=t(Msg::Location)/>
        </section>
        <section class="group" aria-labelledby="contacts-group">
            <h2 id="contacts-group">{t(Msg::GroupContacts)}</h2>
            <PlainField path="seller.contacts.wechat" label="WeChat" kind=Kind::Text/>
            <PlainField path="seller.contacts.phone" label=t(Msg::Phone) kind=Kind::Tel/>
            <PlainField path="seller.contacts.email" label=t(Msg::Email) kind=Kind::Email/>
            <PlainField path="seller.contacts.whatsapp" label="WhatsApp" kind=Kind::Tel/>
            <PlainField path="seller.contacts.telegram" label="Telegram" kind=Kind::Text/>
        </section>
        <section class="group" aria-labelledby="policies-group">
            <h2 id="policies-group">{t(Msg::GroupPolicies)}</h2>
            <PlainField path="seller.policies.ships_within_days" label=t(Msg::ShipsWithinDays) kind=Kind::Count/>
            <TextField path="seller.policies.shipping" label=t(Msg::PolicyShipping) long=true/>
            <TextField path="seller.policies.returns" label=t(Msg::PolicyReturns) long=true/>
            <TextField path="seller.policies.guarantee" label=t(Msg::PolicyGuarantee) long=true/>
        </section>
    }
}
