//! The first screen, prerendered with the same elements and classes as the app's
//! components (`src/shop/seller_header.rs`, `src/catalog/feed.rs`,
//! `product_card.rs`, `product.rs`), so the page reads before the wasm starts and
//! does not move when the app replaces it. Links are plain `<a href>` and work
//! without the app; buttons need the app (the add button says so by being
//! disabled until it starts). Every piece of shop text goes through `escape::html`.

use super::escape::html as esc;
use super::site::Site;
use super::words::{Msg, Say};
use microshop_core::catalog::feed::{feed, FeedQuery};
use microshop_core::catalog::selection::ValueState;
use microshop_core::{Category, Money, Product};
use std::fmt::Write as _;

/// How many cards the feed prerenders: the first screen on a phone and a little more.
pub const PRERENDERED_CARDS: usize = 6;
/// Cards whose image loads eagerly: the app's `eager={ i < 4 }`.
const EAGER_CARDS: usize = 4;

/// The feed, or one category of it (`/c/{id}/`).
pub fn feed_page(site: &Site, category: Option<&Category>) -> String {
    let w = site.words;
    let query = FeedQuery {
        category: category.map(|c| c.id.clone()),
        ..FeedQuery::default()
    };
    let products = feed(site.catalog, &query);
    let mut out = String::from("<div class=\"page\">");
    out.push_str(&super::seller::seller_header(site));
    out.push_str("<main>");
    out.push_str(&share_bar(site));
    let _ = write!(
        out,
        "<div class=\"toolbar\" role=\"search\"><label class=\"visually-hidden\" for=\"feed-search\">{}</label>\
         <input id=\"feed-search\" class=\"toolbar__search\" type=\"search\" enterkeyhint=\"search\" autocomplete=\"off\" placeholder=\"{}\">\
         <label class=\"visually-hidden\" for=\"feed-sort\">{}</label><select id=\"feed-sort\" class=\"toolbar__sort\">",
        esc(w.t(Msg::Search)),
        esc(w.t(Msg::SearchPlaceholder)),
        esc(w.t(Msg::Sort))
    );
    for (i, (value, label)) in w.sorts().iter().enumerate() {
        let selected = if i == 0 { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{value}\"{selected}>{}</option>",
            esc(label)
        );
    }
    out.push_str("</select></div>");
    if !site.catalog.categories.is_empty() {
        let chip = |label: &str, pressed: bool| {
            format!(
                "<li><button type=\"button\" class=\"chip\" aria-pressed=\"{pressed}\">{}</button></li>",
                esc(label)
            )
        };
        let _ = write!(
            out,
            "<nav class=\"chips\" aria-label=\"{}\"><ul class=\"chips__list\">{}",
            esc(w.t(Msg::All)),
            chip(w.t(Msg::All), category.is_none())
        );
        for c in &site.catalog.categories {
            let pressed = category.is_some_and(|chosen| chosen.id == c.id);
            out.push_str(&chip(site.text(&c.name), pressed));
        }
        out.push_str("</ul></nav>");
    }
    out.push_str("<ul class=\"grid\">");
    for (i, product) in products.iter().take(PRERENDERED_CARDS).enumerate() {
        out.push_str(&card(site, product, i < EAGER_CARDS));
    }
    out.push_str("</ul></main></div>");
    out
}

/// The share buttons under the seller's header, as `ShareBar` renders them closed
/// (src/share/mod.rs), so the app's takeover moves nothing.
fn share_bar(site: &Site) -> String {
    let [share, qr, referral] = site.words.share();
    format!(
        "<div class=\"share\"><div class=\"share__buttons\">\
         <button type=\"button\" class=\"button share__button\">{}</button>\
         <button type=\"button\" class=\"button button--quiet share__toggle\" aria-expanded=\"false\">{}</button>\
         <button type=\"button\" class=\"button button--quiet share__toggle\" aria-expanded=\"false\">{}</button>\
         </div><div class=\"share__status\" role=\"status\" aria-live=\"polite\"></div></div>",
        esc(share),
        esc(qr),
        esc(referral)
    )
}

/// One `li.card`, as `ProductCard` renders it.
fn card(site: &Site, product: &Product, eager: bool) -> String {
    let sold_out = product.sold_out();
    let compare_at = product
        .variants
        .iter()
        .find(|v| product.price_of(v) == product.lowest_price())
        .and_then(|v| product.compare_at_of(v));
    let mut out = format!(
        "<li class=\"card{}\"><a href=\"{}\" class=\"card__link\"><div class=\"card__image\">",
        if sold_out { " card--sold-out" } else { "" },
        esc(&site.base.path_of(&product_route(product)))
    );
    if let Some(src) = product.images.first().and_then(|i| site.asset_path(i)) {
        let _ = write!(
            out,
            "<img src=\"{}\" alt=\"\" width=\"400\" height=\"400\" loading=\"{}\" decoding=\"async\">",
            esc(&src),
            if eager { "eager" } else { "lazy" }
        );
    }
    if sold_out {
        let _ = write!(
            out,
            "<span class=\"badge badge--sold-out\">{}</span>",
            esc(site.words.t(Msg::SoldOut))
        );
    }
    let _ = write!(
        out,
        "</div><h2 class=\"card__title\">{}</h2><p class=\"card__price\">",
        esc(site.text(&product.title))
    );
    if product.has_price_range() {
        out.push_str(&price_from(site, product.lowest_price()));
    } else {
        out.push_str(&price(site, product.lowest_price(), false));
    }
    if let Some(former) = compare_at {
        out.push(' ');
        out.push_str(&price(site, former, true));
    }
    out.push_str("</p></a></li>");
    out
}

/// The app's `Price`.
fn price(site: &Site, amount: Money, former: bool) -> String {
    let text = esc(&site.price(amount));
    if former {
        format!("<s class=\"price price--former\">{text}</s>")
    } else {
        format!("<span class=\"price\">{text}</span>")
    }
}

/// The app's `PriceFrom`: the locale's words around the lowest price.
fn price_from(site: &Site, amount: Money) -> String {
    let (before, after) = site.words.around(Msg::From, "price");
    format!(
        "<span class=\"card__from\">{}</span>{}<span class=\"card__from\">{}</span>",
        esc(before),
        price(site, amount, false),
        esc(after)
    )
}

/// A product's route under the base: `p/{id}/`.
pub fn product_route(product: &Product) -> String {
    format!("p/{}/", product.id)
}

/// A category's route under the base: `c/{id}/`.
pub fn category_route(category: &Category) -> String {
    format!("c/{}/", category.id)
}

/// The variant the product page starts with: the app's first variant in stock
/// (with no `?v=` in the URL), else none chosen.
pub fn initial_variant(product: &Product) -> Option<&microshop_core::Variant> {
    let selection = product
        .first_available()
        .map(|v| v.options.clone())
        .unwrap_or_default();
    product.variant_for(&selection)
}

/// A product page's first screen, as `ProductView` renders it with no `?v=`.
pub fn product_page(site: &Site, product: &Product) -> String {
    let w = site.words;
    let title = site.text(&product.title);
    let mut out = format!(
        "<div class=\"page page--product\"><header><nav class=\"backbar\"><a href=\"{}\" class=\"backbar__link\">{} {}</a></nav></header><main>\
         <div class=\"gallery\" role=\"region\" aria-roledescription=\"carousel\" aria-label=\"{}\" tabindex=\"0\">",
        esc(&site.base.path),
        if microshop_core::locale::is_rtl(site.locale) { "→" } else { "←" },
        esc(w.t(Msg::Back)),
        esc(w.t(Msg::Images))
    );
    let images: Vec<String> = product
        .images
        .iter()
        .filter_map(|i| site.asset_path(i))
        .collect();
    let count = images.len();
    for (i, src) in images.iter().enumerate() {
        let alt = if i == 0 {
            title.to_owned()
        } else {
            format!("{title} ({}/{count})", i + 1)
        };
        let _ = write!(
            out,
            "<img class=\"gallery__image\" src=\"{}\" alt=\"{}\" width=\"400\" height=\"400\" loading=\"{}\">",
            esc(src),
            esc(&alt),
            if i == 0 { "eager" } else { "lazy" }
        );
    }
    out.push_str("</div>");
    if count > 1 {
        out.push_str("<p class=\"gallery__dots\" aria-hidden=\"true\">");
        for i in 0..count {
            let current = if i == 0 { " gallery__dot--current" } else { "" };
            let _ = write!(out, "<span class=\"gallery__dot{current}\"></span>");
        }
        out.push_str("</p>");
    }
    let _ = write!(
        out,
        "<h1 class=\"product__title\">{}</h1><p class=\"product__price\">",
        esc(title)
    );
    let variant = initial_variant(product);
    match variant {
        Some(v) => {
            out.push_str(&price(site, product.price_of(v), false));
            if let Some(former) = product.compare_at_of(v) {
                out.push(' ');
                out.push_str(&price(site, former, true));
            }
        }
        None => out.push_str(&price_from(site, product.lowest_price())),
    }
    out.push_str("</p>");
    out.push_str(&options(site, product));
    let stock = match variant {
        None if !product.options.is_empty() => w.t(Msg::ChooseOptions).to_owned(),
        Some(v) if v.stock == Some(0) => w.t(Msg::SoldOut).to_owned(),
        Some(v) => match v.stock {
            Some(n) if n <= 5 => w.only_left(n),
            _ => String::new(),
        },
        None => String::new(),
    };
    let _ = write!(
        out,
        "<p class=\"product__stock\" aria-live=\"polite\">{}</p>",
        esc(&stock)
    );
    if let Some(n) = product.max_qty {
        let _ = write!(
            out,
            "<p class=\"buy__limit\" data-testid=\"per-order-limit\">{}</p>",
            esc(&w.max_per_order(n))
        );
    }
    let min = product.min_quantity();
    let max = variant.map_or(1, |v| product.max_quantity(v)).max(1);
    let can_buy = variant.is_some_and(|v| v.stock != Some(0));
    let disabled = |yes: bool| if yes { " disabled" } else { "" };
    let _ = write!(
        out,
        "<div class=\"buy\"><div class=\"stepper\" role=\"group\" aria-label=\"{}\">\
         <button type=\"button\" class=\"stepper__button\" aria-label=\"{}\"{}>−</button>\
         <input class=\"stepper__input\" type=\"number\" inputmode=\"numeric\" min=\"{min}\" max=\"{max}\" aria-label=\"{}\" value=\"{min}\">\
         <button type=\"button\" class=\"stepper__button\" aria-label=\"{}\"{}>+</button></div>\
         <button type=\"button\" class=\"button button--primary buy__add\" disabled>{}</button></div>\
         <p class=\"toast\" data-testid=\"added\"></p>",
        esc(&format!("{} – {title}", w.t(Msg::Quantity))),
        esc(w.t(Msg::Decrease)),
        disabled(true),
        esc(w.t(Msg::Quantity)),
        esc(w.t(Msg::Increase)),
        disabled(min >= max),
        esc(if can_buy { w.t(Msg::AddToCart) } else { w.t(Msg::Unavailable) })
    );
    if let Some(description) = &product.description {
        let _ = write!(
            out,
            "<section class=\"product__description\"><h2>{}</h2><p class=\"prose\">{}</p></section>",
            esc(w.t(Msg::Description)),
            esc(site.text(description))
        );
    }
    // Under the description, where the app's `trust` part puts them.
    if let Some(reviews) = site.reviews.get(&product.id) {
        out.push_str(&super::reviews::section(site, reviews));
    }
    out.push_str("</main></div>");
    out
}

/// The option fieldsets with the initial selection pressed, as the app shows them.
fn options(site: &Site, product: &Product) -> String {
    let selection = product
        .first_available()
        .map(|v| v.options.clone())
        .unwrap_or_default();
    let mut out = String::new();
    for option in &product.options {
        let _ = write!(
            out,
            "<fieldset class=\"option\"><legend class=\"option__name\">{}</legend><div class=\"option__values\">",
            esc(site.text(&option.name))
        );
        for value in &option.values {
            let state = product.value_state(&selection, &option.id, &value.id);
            let pressed = selection.get(&option.id) == Some(&value.id);
            let sold_out = state == ValueState::SoldOut;
            let _ = write!(
                out,
                "<button type=\"button\" class=\"option__value{}\" aria-pressed=\"{pressed}\"{}>{}{}</button>",
                if sold_out { " option__value--sold-out" } else { "" },
                if state == ValueState::Missing { " disabled" } else { "" },
                esc(site.text(&value.label)),
                if sold_out {
                    format!("<span class=\"visually-hidden\"> ({})</span>", esc(site.words.t(Msg::SoldOut)))
                } else {
                    String::new()
                }
            );
        }
        out.push_str("</div></fieldset>");
    }
    out
}
