//! The page itself: its URL, the manifest's address, the browser's languages and
//! network state, the document's language and title, theme tokens, focus.

/// The document's absolute URL for `path`.
pub fn absolute(path: &str) -> String {
    let base = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    resolve(path, &base)
}

/// Whether an absolute `url` is on another origin than the page (where the
/// browser's CORS rules apply to what the page sends and reads).
pub fn is_other_origin(url: &str) -> bool {
    let here = web_sys::window().and_then(|w| w.location().origin().ok());
    let there = web_sys::Url::new(url).ok().map(|u| u.origin());
    here != there
}

/// `url` made absolute against `base` (a relative URL in the manifest against the
/// manifest's own URL); as it is when it cannot be.
pub fn resolve(url: &str, base: &str) -> String {
    web_sys::Url::new_with_base(url, base)
        .map(|u| u.href())
        .unwrap_or_else(|_| url.to_owned())
}

/// The manifest's URL: `<meta name="microshop-manifest" content="...">`, else `/shop.json`.
pub fn manifest_url() -> String {
    let configured = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=microshop-manifest]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.trim().is_empty());
    absolute(configured.as_deref().unwrap_or("/shop.json"))
}

/// Where a shop published in parts keeps them (`<meta name="microshop-catalog"
/// content="/data/">`, written by `microshop publish` for a large catalog), absolute;
/// `None` for a shop whose manifest holds its whole catalog.
pub fn catalog_parts() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| {
            d.query_selector("meta[name=microshop-catalog]")
                .ok()
                .flatten()
        })
        .and_then(|m| m.get_attribute("content"))
        .filter(|c| !c.trim().is_empty())
        .map(|c| absolute(&c))
}

/// The browser's preferred languages, most preferred first.
pub fn languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let list: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    if list.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        list
    }
}

/// Sets `<html lang>` and `<html dir>` (`rtl` for a right-to-left locale).
pub fn set_document_language(locale: &str, rtl: bool) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute("lang", locale);
        let _ = html.set_attribute("dir", if rtl { "rtl" } else { "ltr" });
    }
}

/// Sets the page title.
pub fn set_title(title: &str) {
    if let Some(d) = web_sys::window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Puts the shop's theme on the page: the preset and layout options as `data-*`
/// attributes of `<html>`, the manifest's tokens and font faces in
/// `<style id="microshop-theme">` (in cascade layers, so the app's dark palettes and
/// the seller's stylesheet still win over them), and the seller's stylesheet as
/// `<link id="microshop-stylesheet">`, after the app's CSS. A published page has these
/// already; they are rewritten in place, never added twice. `base` is the manifest's
/// URL: font files and the stylesheet are next to it.
pub fn apply_theme(theme: &microshop_core::Theme, base: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let (Some(html), Some(head)) = (
        document.document_element(),
        document.query_selector("head").ok().flatten(),
    ) else {
        return;
    };
    for attribute in [
        "data-scheme",
        "data-feed",
        "data-cards",
        "data-header",
        "data-corners",
    ] {
        let _ = html.remove_attribute(attribute);
    }
    for (attribute, value) in theme.attributes() {
        let _ = html.set_attribute(attribute, value);
    }
    // Only checked values reach this text (core refuses `; { } \ url(` and the
    // like), and it is set as text, never parsed as HTML.
    let css = theme.css(|src| resolve(src, base));
    let own = |tag: &str, id: &str| {
        document.get_element_by_id(id).or_else(|| {
            let el = document.create_element(tag).ok()?;
            el.set_id(id);
            head.append_child(&el).ok()?;
            Some(el)
        })
    };
    if let Some(style) = own("style", "microshop-theme") {
        style.set_text_content(Some(&css));
    }
    if let Some(link) = own("link", "microshop-stylesheet") {
        match &theme.stylesheet {
            Some(path) => {
                // A published page has it already: setting the same URL again could
                // make the browser fetch and apply it a second time.
                let href = resolve(path, base);
                if link.get_attribute("href").map(|h| absolute(&h)) != Some(href.clone()) {
                    let _ = link.set_attribute("rel", "stylesheet");
                    let _ = link.set_attribute("href", &href);
                }
            }
            None => link.remove(),
        }
    }
}

/// Leaves the shop for another page (a payment page the endpoint named).
pub fn go_to(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().assign(url);
    }
}

/// Moves focus to the first element `selector` finds after the next render (the first
/// invalid form field, `[aria-invalid=true]`; the cart's changes after a 409), so
/// keyboard and screen-reader users land on it; the browser scrolls it into view.
pub fn focus_first(selector: &'static str) {
    use wasm_bindgen::JsCast;
    // After the render that marks fields invalid (or shows the list).
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector(selector).ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
}

/// Whether the browser believes it is online.
pub fn is_online() -> bool {
    web_sys::window().is_none_or(|w| w.navigator().on_line())
}

/// Whether the page is visible (not a background tab or a locked screen).
pub fn is_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// The language a prerendered first screen is in (`<div id="boot" data-locale>`).
pub fn boot_locale() -> Option<String> {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
        .and_then(|b| b.get_attribute("data-locale"))
}

/// Whether the page came with a first screen of its own (`#boot`).
pub fn has_boot_screen() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
        .is_some()
}

/// Removes the page's own first screen (`#boot`), in the same task as the app draws
/// the real one, so no frame shows neither.
pub fn remove_boot_screen() {
    if let Some(boot) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("boot"))
    {
        boot.remove();
    }
}

/// For a horizontal scroller's scroll event: the nearest whole page of scroll (which
/// image of a gallery is in view).
pub fn scrolled_page(event: &web_sys::Event) -> Option<usize> {
    use wasm_bindgen::JsCast;
    let el = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let width = el.client_width().max(1);
    usize::try_from((el.scroll_left() + width / 2) / width).ok()
}

/// Whether the page is seen by the seller rather than a buyer: opened on this machine
/// (`localhost`, `127.0.0.1`, `[::1]`) or with `?seller` in the address.
pub fn is_seller_view() -> bool {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return false;
    };
    let host = location.hostname().unwrap_or_default();
    let query = location.search().unwrap_or_default();
    matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]" | "::1")
        || query
            .trim_start_matches('?')
            .split('&')
            .any(|pair| pair == "seller" || pair.starts_with("seller="))
}

/// The path a published shop lives under, for the router: `<meta name="microshop-base"
/// content="/teashop/">` gives `/teashop`; none (or `/`) means the origin's root.
pub fn router_base() -> Option<String> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("meta[name=microshop-base]").ok().flatten())
        .and_then(|m| m.get_attribute("content"))?;
    let base = base.trim().trim_end_matches('/');
    (base.starts_with('/') && !base.starts_with("//")).then(|| base.to_owned())
}

/// A query parameter of the page's address, decoded (`?lang=en` gives `en`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// `text` with its `%XX` escapes decoded (`decodeURIComponent`); `None` when an
/// escape is not one or does not make UTF-8.
pub fn decode_component(text: &str) -> Option<String> {
    js_sys::decode_uri_component(text)
        .ok()
        .and_then(|s| s.as_string())
}

/// The address's path (`/teashop/p/jasmine-pearls/`), before the router runs.
pub fn pathname() -> String {
    web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default()
}

/// The address of one of the app's own files (`words/ja-<hash>.txt`), under the path a
/// published shop lives at, like the app's scripts.
pub fn app_file(path: &str) -> String {
    format!("{}/{path}", router_base().unwrap_or_default())
}

/// The host that vouches for a shop's receipt key: the page's own host when `keys_url`
/// (absolute) is the key list at the root of the page's own origin (the seller's own
/// domain, docs/trust.md), over https or on this machine; `None` for a list elsewhere
/// (under a path of a shared host, or on another site), which says nothing about this
/// domain. String work on `absolute("/")` (the origin and a slash), not `URL` objects
/// or `location.origin`: functions the first load already has, so the part adds none
/// to it.
pub fn vouching_host(keys_url: &str, well_known: &str) -> Option<String> {
    let root = absolute("/");
    if keys_url.strip_prefix(root.as_str()) != Some(well_known) {
        return None;
    }
    let (secure, host) = match root.strip_prefix("https://") {
        Some(host) => (true, host),
        None => (false, root.strip_prefix("http://")?),
    };
    let host = host.trim_end_matches('/');
    let name = host.split(':').next().unwrap_or(host);
    (secure || name == "localhost" || name == "127.0.0.1").then(|| host.to_owned())
}

/// Sets `name` (a `data-` attribute) on the document's root element: a figure a test
/// reads (the `parts` part's catalog count).
pub fn set_root_data(name: &str, value: &str) {
    if let Some(html) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    {
        let _ = html.set_attribute(name, value);
    }
}
