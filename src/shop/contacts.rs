//! The seller's contacts as links a phone can act on (the trust strip, the order
//! page, the page a shop shows when it cannot load).

use crate::i18n::Msg;
use crate::shop::use_shop;
use leptos::prelude::*;

/// The seller's contacts as links a phone can act on.
#[component]
pub fn ContactList() -> impl IntoView {
    let shop = use_shop();
    let c = &shop.manifest.seller.contacts;
    let tel = |n: &str| {
        format!(
            "tel:{}",
            n.chars()
                .filter(|ch| ch.is_ascii_digit() || *ch == '+')
                .collect::<String>()
        )
    };
    view! {
        <ul class="contacts" aria-label=move || shop.t(Msg::Contact)>
            {c.wechat.as_ref().map(|w| view! { <li><span class="contacts__label">"WeChat"</span><span class="contacts__value">{w.clone()}</span></li> })}
            {c.phone.as_ref().map(|p| view! { <li><a href=tel(p)>{p.clone()}</a></li> })}
            {c.email.as_ref().map(|e| view! { <li><a href=format!("mailto:{e}")>{e.clone()}</a></li> })}
            {c.whatsapp.as_ref().map(|w| view! { <li><a href=format!("https://wa.me/{}", w.chars().filter(char::is_ascii_digit).collect::<String>()) rel="noopener">"WhatsApp"</a></li> })}
            {c.telegram.as_ref().map(|t| view! { <li><a href=format!("https://t.me/{}", t.trim_start_matches('@')) rel="noopener">"Telegram"</a></li> })}
            {c.links.iter().map(|l| view! { <li><a href=l.url.clone() rel="noopener">{move || shop.text(&l.label)}</a></li> }).collect_view()}
        </ul>
    }
}
