//! The page itself: the browser's languages, `<html lang dir>`, the title, the
//! address, focus, and the shop's theme tokens.

use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window()?.document()
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

/// Sets `<html lang>` and `<html dir>`.
pub fn set_language(tag: &str, rtl: bool) {
    if let Some(html) = document().and_then(|d| d.document_element()) {
        let _ = html.set_attribute("lang", tag);
        let _ = html.set_attribute("dir", if rtl { "rtl" } else { "ltr" });
    }
}

/// Sets the document's title.
pub fn set_title(title: &str) {
    if let Some(d) = document() {
        d.set_title(title);
    }
}

/// A query parameter of the page's address (`?lang=ja` gives `ja`).
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    web_sys::UrlSearchParams::new_with_str(&search)
        .ok()?
        .get(name)
}

/// The page's origin (`https://shop.example`).
pub fn origin() -> String {
    web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_default()
}

/// Moves the focus to the element with `id` (made focusable by script when it is
/// not, as a heading), scrolling it into view.
pub fn focus(id: &str) -> bool {
    let Some(el) = document()
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if !el.has_attribute("tabindex")
        && !matches!(
            el.tag_name().as_str(),
            "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON" | "A"
        )
    {
        let _ = el.set_attribute("tabindex", "-1");
    }
    let _ = el.focus();
    true
}

/// Whether the focus is nowhere (on the body): the element that had it was
/// removed, as a page's "Loading…" heading is when its content arrives.
pub fn focus_is_lost() -> bool {
    document().is_some_and(|d| {
        d.active_element()
            .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"))
    })
}

/// Moves the focus to the page's `h1`, without scrolling (a new page was shown).
pub fn focus_heading() {
    let Some(el) = document()
        .and_then(|d| d.query_selector("main h1").ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    else {
        return;
    };
    let _ = el.set_attribute("tabindex", "-1");
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = el.focus_with_options(&options);
}

/// Writes the shop's theme: its preset and layout attributes on `<html>` and its
/// tokens' CSS (checked by core's decoder before it gets here, set as text).
pub fn apply_theme(attributes: &[(&str, &str)], css: &str) {
    let Some(d) = document() else {
        return;
    };
    if let Some(html) = d.document_element() {
        for name in [
            "data-scheme",
            "data-feed",
            "data-cards",
            "data-header",
            "data-corners",
        ] {
            let _ = html.remove_attribute(name);
        }
        for (name, value) in attributes {
            let _ = html.set_attribute(name, value);
        }
    }
    let style = d.get_element_by_id("microshop-theme").or_else(|| {
        let el = d.create_element("style").ok()?;
        el.set_id("microshop-theme");
        d.query_selector("head")
            .ok()
            .flatten()?
            .append_child(&el)
            .ok()?;
        Some(el)
    });
    if let Some(style) = style {
        style.set_text_content(Some(css));
    }
}

/// Whether the page is shown (not a background tab), so ages can stop ticking.
pub fn visible() -> bool {
    document().is_some_and(|d| !d.hidden())
}

/// How the app's own `navigate` calls go: their paths are whole (`/_seller/…`, as
/// its links are), and leptos_router's default (`resolve: true`) would put the
/// router's base in front once more (`/_seller/_seller/…`).
pub fn whole_path() -> leptos_router::NavigateOptions {
    leptos_router::NavigateOptions {
        resolve: false,
        ..Default::default()
    }
}
