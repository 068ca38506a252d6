//! Elements made and filled by hand, for a view that keeps its elements and refills
//! them rather than letting a reactive view remove and create them (the feed's
//! kept cards, `catalog/in_parts/grid.rs`). Through Leptos' own renderer calls, which
//! the first load has already; only text and attributes, never HTML.

use leptos::prelude::document;
use leptos::tachys::renderer::Rndr;
use wasm_bindgen::JsCast;

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

/// Asks whether the browser draws an element now: `Element.checkVisibility` with
/// `contentVisibilityAuto` is false for what a `content-visibility: auto` ancestor
/// skips (a card away from the screen). Through `Reflect`, which the first load
/// imports already; a browser without it (Safari before 17.4) draws everything.
pub struct Drawn(Option<(js_sys::Function, js_sys::Object)>);

impl Drawn {
    /// Asks through `el`'s `checkVisibility` (any element's).
    pub fn new(el: &Element) -> Drawn {
        let check = js_sys::Reflect::get(el, &"checkVisibility".into()).ok();
        Drawn(check.and_then(|f| f.dyn_into().ok()).map(|f| {
            let options = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&options, &"contentVisibilityAuto".into(), &true.into());
            (f, options)
        }))
    }

    /// Whether `el` is drawn now (not skipped).
    pub fn drawn(&self, el: &Element) -> bool {
        self.0
            .as_ref()
            .is_none_or(|(f, options)| f.call1(el, options).map_or(true, |seen| !seen.is_falsy()))
    }
}
