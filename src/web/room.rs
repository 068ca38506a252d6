//! The room a page keeps for the bar pinned at the bottom of the viewport on the
//! cart, checkout and order pages (the storage notices, `.cart-bar`): the bar's
//! height, measured while it is in the page, as `--bar-h` on `<html>`. The page's room
//! under its last line and the scroll padding that brings a focused field into view
//! clear of the bar use it (style/app.css), so two notices, a long translation or
//! large text never cover the field the buyer is in (WCAG 2.4.11); without it (the
//! feed's cart bar, one button) they keep a fixed room.

use leptos::prelude::*;
use std::cell::Cell;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, ResizeObserver};

#[wasm_bindgen]
extern "C" {
    /// `new ResizeObserver(callback)`, bound here rather than through web-sys: its
    /// binding, shared with the embed part's (src/web/frame.rs), was cut into a
    /// chunk of its own that the embed part then fetched as a third file. Without
    /// `catch` (its wrapper is code in the part): where there is no ResizeObserver
    /// (browsers before 2020) the call throws out of the timer's task, nothing is
    /// kept, and the page keeps its fixed room.
    #[wasm_bindgen(js_name = ResizeObserver)]
    type Observer;
    #[wasm_bindgen(constructor, js_class = "ResizeObserver")]
    fn new(callback: &JsValue) -> Observer;
}

/// Sets `--bar-h` on `<html>` (which the scroll padding is read from) to `value`;
/// an empty value takes it out.
fn set_room(value: &str) {
    if let Some(root) = document().document_element() {
        let _ = root
            .unchecked_into::<HtmlElement>()
            .style()
            .set_property("--bar-h", value);
    }
}

/// The page's bar of notices (`id="notices"`, on the cart, checkout and order pages):
/// found by id with the first load's own binding (the address's, for a fragment),
/// where a selector's binding was code shared with the `parts` part.
fn bar() -> Option<web_sys::Element> {
    document().get_element_by_id("notices")
}

thread_local! {
    /// One observer for the page's life, watching the bar of the page shown (none
    /// between pages): no callback is made and dropped per page. Made on the first
    /// bar; a constant start, so no lazy initialisation's code.
    static WATCH: Cell<Option<ResizeObserver>> = const { Cell::new(None) };
}

/// The observer, made the first time.
fn watcher() -> Option<ResizeObserver> {
    let made = WATCH.take().or_else(|| {
        // `FnMut`, not the embed part's `Fn()`: a callback type of its own keeps its
        // glue code out of a chunk the embed part would load too.
        let resized = Closure::<dyn FnMut()>::new(|| {
            // Not money: a length in CSS pixels, rounded up so nothing is covered; an
            // integer, as formatting a float would bring its code (about 8 KB). An
            // empty bar (not drawn) or none measures 0: the property is taken out,
            // and the page keeps its fixed room.
            let height = bar().map_or(0, |b| b.get_bounding_client_rect().height().ceil() as i32);
            set_room(&match height {
                0 => String::new(),
                _ => format!("{height}px"),
            });
        });
        let observer = Observer::new(resized.as_ref()).unchecked_into();
        resized.forget();
        Some(observer)
    });
    WATCH.set(made.clone());
    made
}

/// Keeps `--bar-h` to the height of the page's bar of notices (`.cart-bar`; none
/// while the bar is empty, not drawn) from when the calling component's view is in
/// the page. No clean-up of its own: a bar taken out of the page is reported (its
/// size is then 0) and, the next page having no bar of notices, `--bar-h` goes with
/// it; the next page that keeps room moves the observer to its own bar.
pub fn keep_room_for_bar() {
    // In a task after this one, which puts the view in the page. Boxed, as the first
    // load's own timers are: a generic closure (or an effect) would compile code of
    // its own into the part.
    let watch: Box<dyn FnOnce()> = Box::new(|| {
        if let (Some(bar), Some(watch)) = (bar(), watcher()) {
            watch.disconnect();
            watch.observe(&bar);
        }
    });
    set_timeout(watch, Duration::ZERO);
}
