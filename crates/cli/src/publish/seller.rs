//! The seller's header as the app's `SellerHeader` and `ContactList` render it
//! (`src/shop/seller_header.rs`): avatar, name, location, bio, the closed trust strip.

use super::escape::html as esc;
use super::site::Site;
use super::words::{Msg, Say};
use std::fmt::Write as _;

/// The banner: `div.seller`, the bio and the closed trust strip.
pub fn seller_header(site: &Site) -> String {
    let seller = &site.manifest.seller;
    let w = site.words;
    let mut out = String::from("<header class=\"masthead\"><div class=\"seller\">");
    if let Some(src) = seller.avatar.as_deref().and_then(|a| site.asset_path(a)) {
        let _ = write!(
            out,
            "<img class=\"seller__avatar\" src=\"{}\" alt=\"\" width=\"56\" height=\"56\">",
            esc(&src)
        );
    }
    let _ = write!(
        out,
        "<div class=\"seller__text\"><h1 class=\"seller__name\">{}</h1>",
        esc(site.seller_name())
    );
    if let Some(location) = &seller.location {
        let _ = write!(
            out,
            "<p class=\"seller__location\">{}</p>",
            esc(site.text(location))
        );
    }
    out.push_str("</div></div>");
    if let Some(bio) = &seller.bio {
        let _ = write!(out, "<p class=\"seller__bio\">{}</p>", esc(site.text(bio)));
    }
    let policies = &seller.policies;
    let item = |text: &str| format!("<span class=\"trust__item\">{}</span>", esc(text));
    let _ = write!(
        out,
        "<details class=\"trust\"><summary class=\"trust__summary\"><span class=\"trust__title\">{}</span>",
        esc(w.t(Msg::Policies))
    );
    if let Some(days) = policies.ships_within_days {
        out.push_str(&item(&w.ships_within(days)));
    }
    if policies.returns.is_some() {
        out.push_str(&item(w.t(Msg::Returns)));
    }
    if policies.guarantee.is_some() {
        out.push_str(&item(w.t(Msg::Guarantee)));
    }
    out.push_str(&item(w.t(Msg::Contact)));
    out.push_str("</summary><dl class=\"trust__details\">");
    for (label, text) in [
        (w.t(Msg::Shipping), &policies.shipping),
        (w.t(Msg::Returns), &policies.returns),
        (w.t(Msg::Guarantee), &policies.guarantee),
    ] {
        if let Some(text) = text {
            let _ = write!(
                out,
                "<dt>{}</dt><dd class=\"prose\">{}</dd>",
                esc(label),
                esc(site.text(text))
            );
        }
    }
    let _ = write!(
        out,
        "<dt>{}</dt><dd>{}</dd></dl></details></header>",
        esc(w.t(Msg::Contact)),
        contacts(site)
    );
    out
}

/// The app's `ContactList`: links a phone can act on.
fn contacts(site: &Site) -> String {
    let c = &site.manifest.seller.contacts;
    let mut out = format!(
        "<ul class=\"contacts\" aria-label=\"{}\">",
        esc(site.words.t(Msg::Contact))
    );
    if let Some(wechat) = &c.wechat {
        let _ = write!(
            out,
            "<li><span class=\"contacts__label\">WeChat</span><span class=\"contacts__value\">{}</span></li>",
            esc(wechat)
        );
    }
    if let Some(phone) = &c.phone {
        let digits: String = phone
            .chars()
            .filter(|ch| ch.is_ascii_digit() || *ch == '+')
            .collect();
        let _ = write!(
            out,
            "<li><a href=\"tel:{}\">{}</a></li>",
            esc(&digits),
            esc(phone)
        );
    }
    if let Some(email) = &c.email {
        let _ = write!(
            out,
            "<li><a href=\"mailto:{}\">{}</a></li>",
            esc(email),
            esc(email)
        );
    }
    if let Some(whatsapp) = &c.whatsapp {
        let digits: String = whatsapp.chars().filter(char::is_ascii_digit).collect();
        let _ = write!(
            out,
            "<li><a href=\"https://wa.me/{digits}\" rel=\"noopener\">WhatsApp</a></li>"
        );
    }
    if let Some(telegram) = &c.telegram {
        let _ = write!(
            out,
            "<li><a href=\"https://t.me/{}\" rel=\"noopener\">Telegram</a></li>",
            esc(telegram.trim_start_matches('@'))
        );
    }
    for link in &c.links {
        let _ = write!(
            out,
            "<li><a href=\"{}\" rel=\"noopener\">{}</a></li>",
            esc(&link.url),
            esc(site.text(&link.label))
        );
    }
    out.push_str("</ul>");
    out
}
