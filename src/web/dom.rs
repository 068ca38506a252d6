//! Elements made and filled by hand, for a view that keeps its elements and refills
//! them rather than letting a reactive view remove and create them (the feed's
//! kept cards, `catalog/in_parts/grid.rs`). Through Leptos' own renderer calls, which
//! the first load has already; only text and attributes, never HTML.

use leptos::prelude::{document, window_event_listener_untyped};
use leptos::tachys::renderer::Rndr;
use std::cell::Cell;
use wasm_bindgen::{JsCast, JsValue};

/// An element of the page.
pub type Element = web_sys::Element;
/// A text node of the page.
pub type Text = web_sys::Text;

/// The page's element of this id.
pub fn by_id(id: &str) -> Option<Element> {
    document().get_element_by_id(id)
}

/// A new `tag` element of `class` (none when empty), at the end of `parent`.
pub fn child(parent: Option<&Element>, tag: &str, class: &str) -> Element {
    let el = Rndr::create_element(tag, None);
    if !class.is_empty() {
        Rndr::set_attribute(&el, "class", class);
    }
    if let Some(parent) = parent {
        Rndr::insert_node(parent, &el, None);
    }
    el
}

/// A new text at the end of `el`.
pub fn text_in(el: &Element, text: &str) -> Text {
    let node = Rndr::create_text_node(text);
    Rndr::insert_node(el, &node, None);
    node
}

/// Asks whether an element's box starts below the screen (the viewport), by
/// `getBoundingClientRect` and the window's `innerHeight`, through `Reflect`, which
/// the first load imports already (no new import in its glue). The first question
/// lays the page out if a write made it stale, so ask before writing. Where the
/// browser cannot say (no such function or height), nothing is below.
pub struct Screen(js_sys::Function, f64);

impl Screen {
    /// Asks through `el`'s `getBoundingClientRect` (any element's).
    pub fn new(el: &Element) -> Screen {
        let get = |on: &JsValue, name: &str| js_sys::Reflect::get(on, &name.into()).ok();
        let height = get(&js_sys::global(), "innerHeight").and_then(|h| h.as_f64());
        // Not checked: a call of what is not a function fails, and says "not below".
        Screen(
            get(el, "getBoundingClientRect")
                .unwrap_or_default()
                .unchecked_into(),
            height.unwrap_or(f64::INFINITY),
        )
    }

    /// Whether `el`'s top is below the screen now.
    pub fn below(&self, el: &Element) -> bool {
        // `call1` (with an argument it ignores), which only this part calls: `call0`
        // is `buying`'s too, and its code went into a chunk the two share.
        self.0
            .call1(el, &JsValue::UNDEFINED)
            .and_then(|r| js_sys::Reflect::get(&r, &"top".into()))
            .ok()
            .and_then(|top| top.as_f64())
            .is_some_and(|top| top >= self.1)
    }
}

/// Whether `img`'s picture is here (its `complete`, read through `Reflect`, which the
/// first load imports already; no layout).
pub fn complete(img: &Element) -> bool {
    js_sys::Reflect::get(img, &"complete".into())
        .ok()
        .is_some_and(|c| c.is_truthy())
}

thread_local! {
    /// How many times the window has scrolled or changed size since [`window_moves`]
    /// was first called (0 before: not listening yet).
    static MOVED: Cell<u32> = const { Cell::new(0) };
}

/// Counts a scroll or a resize of the window ([`MOVED`]).
fn moved(_: web_sys::Event) {
    MOVED.with(|m| m.set(m.get().wrapping_add(1).max(1)));
}

/// How many times the window has scrolled or changed size: what is on the screen may
/// have changed when this differs from an earlier answer. The first call starts
/// listening (one `scroll` and one `resize` listener for the page's life, each a
/// counter's increment; never removed).
pub fn window_moves() -> u32 {
    if MOVED.with(Cell::get) == 0 {
        MOVED.with(|m| m.set(1));
        for name in ["scroll", "resize"] {
            let _ = window_event_listener_untyped(name, moved);
        }
    }
    MOVED.with(Cell::get)
}
