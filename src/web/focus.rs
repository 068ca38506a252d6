//! Where keyboard focus goes when the page changes under it: to a new page's heading
//! after a route change, back to a disclosure's summary when Escape closes it, to the
//! page's heading when the focused control disappears.

use wasm_bindgen::JsCast;
use web_sys::{FocusOptions, HtmlElement};

/// After the next frame (the new page rendered), focuses the page's `h1` (else its
/// `main`), so a screen reader starts reading where a sighted buyer starts looking.
/// After a route change the router has already scrolled to the top: `scroll: false`
/// keeps it there; within a page (`scroll: true`) the heading is scrolled into view.
pub fn to_page_heading(scroll: bool) {
    leptos::prelude::request_animation_frame(move || page_heading_now(scroll));
}

/// Focuses the page's `h1` (else its `main`) now.
fn page_heading_now(scroll: bool) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = ["h1", "main"]
        .into_iter()
        .find_map(|s| document.query_selector(s).ok().flatten())
        .and_then(|e| e.dyn_into::<HtmlElement>().ok());
    if let Some(el) = target {
        if !el.has_attribute("tabindex") {
            let _ = el.set_attribute("tabindex", "-1");
        }
        let options = FocusOptions::new();
        options.set_prevent_scroll(!scroll);
        let _ = el.focus_with_options(&options);
    }
}

/// After the next frame, focuses the element with this id (made focusable by script
/// when it is not), without scrolling: the page scrolled to it already.
pub fn to_id(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        let el = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.get_element_by_id(id))
            .and_then(|e| e.dyn_into::<HtmlElement>().ok());
        if let Some(el) = el {
            if !el.has_attribute("tabindex") {
                let _ = el.set_attribute("tabindex", "-1");
            }
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            let _ = el.focus_with_options(&options);
        }
    });
}

/// `keydown` on a `<details>`: Escape closes it and puts focus on its summary.
pub fn escape_closes_details(ev: web_sys::KeyboardEvent) {
    if ev.key() != "Escape" {
        return;
    }
    let Some(details) = ev
        .current_target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlDetailsElement>().ok())
    else {
        return;
    };
    if !details.open() {
        return;
    }
    details.set_open(false);
    ev.prevent_default();
    if let Some(summary) = details
        .query_selector("summary")
        .ok()
        .flatten()
        .and_then(|s| s.dyn_into::<HtmlElement>().ok())
    {
        let _ = summary.focus();
    }
}

/// After a page replaced the frame that had the focus (a part that loaded on
/// demand), the new page's heading takes it, as on any new page; a focus the buyer
/// has since put elsewhere stays.
pub fn heading_if_lost() {
    leptos::prelude::request_animation_frame(move || {
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        let lost = document
            .active_element()
            .is_none_or(|el| el.tag_name() == "BODY");
        // In this frame, not one more later: a buyer who pressed Tab after the
        // heading took the focus keeps where Tab went (docs/testing.md, "A focus taken
        // back a frame later").
        if lost {
            page_heading_now(false);
        }
    });
}
