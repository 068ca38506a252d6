//! The page's address as the app's state: read at start, changed by the app's own
//! navigation (`Address::go`), by a click on any link to a page of the shop (handled in
//! the app, without a reload) and by Back and Forward.
//!
//! This replaces leptos_router, which cost about 18 KB of the first load's brotli wasm
//! for seven routes (docs/performance.md, issue 16): its nested-route views, path
//! matching and `<A>` component are general; the shop needs a path, a query and a
//! history entry. What it did that buyers rely on is kept: every link to the shop is
//! followed in the app (modifier keys, other targets, downloads, `rel=external` and
//! other origins are left to the browser), a new page starts at the top (or at its
//! `#fragment`) while a refiltered feed or another variant keeps the scroll position, and
//! Back restores the browser's own scroll position.

use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{HtmlAnchorElement, MouseEvent};

/// The query's pairs as they were written, decoded, in order.
#[derive(Clone, Default, PartialEq)]
pub struct Query(Vec<(String, String)>);

impl Query {
    /// Reads `a=1&b=x%20y` (with or without the leading `?`), as `URLSearchParams` does.
    pub fn parse(search: &str) -> Query {
        let search = search.strip_prefix('?').unwrap_or(search);
        Query(
            search
                .split('&')
                .filter(|pair| !pair.is_empty())
                .map(|pair| {
                    let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                    (decode(key), decode(value))
                })
                .collect(),
        )
    }

    /// The first value of `key`.
    pub fn get(&self, key: &str) -> Option<String> {
        self.get_str(key).map(str::to_owned)
    }

    /// The first value of `key`, borrowed.
    pub fn get_str(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// Sets `key` to `value`, in its place when it is there, else at the end.
    pub fn replace(&mut self, key: &str, value: String) {
        match self.0.iter_mut().find(|(k, _)| k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key.to_owned(), value)),
        }
    }

    /// Takes every `key` out.
    pub fn remove(&mut self, key: &str) {
        self.0.retain(|(k, _)| k != key);
    }

    /// `?a=1&b=x%20y`, or nothing for an empty query.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (key, value) in &self.0 {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(&encode(key));
            out.push('=');
            out.push_str(&encode(value));
        }
        out
    }
}

/// `+` as a space, then `%XX` decoded (as written when it does not decode).
fn decode(text: &str) -> String {
    let text = text.replace('+', " ");
    super::page::decode_component(&text).unwrap_or(text)
}

fn encode(text: &str) -> String {
    js_sys::encode_uri_component(text).into()
}

/// Where the page is: its path (with the base a published shop lives under, as the
/// browser shows it), its query and its fragment.
#[derive(Clone, PartialEq)]
struct Here {
    path: String,
    search: String,
    hash: String,
}

impl Here {
    fn now() -> Here {
        let location = web_sys::window().map(|w| w.location());
        let read = |f: fn(&web_sys::Location) -> Result<String, wasm_bindgen::JsValue>| {
            location
                .as_ref()
                .and_then(|l| f(l).ok())
                .unwrap_or_default()
        };
        Here {
            path: read(web_sys::Location::pathname),
            search: read(web_sys::Location::search),
            hash: read(web_sys::Location::hash),
        }
    }

    /// `/p/x/?v=1#top`: what a history entry is written with.
    fn full(&self) -> String {
        format!("{}{}{}", self.path, self.search, self.hash)
    }
}

/// The page's address, shared through context ([`provide_address`], [`use_address`]).
#[derive(Clone, Copy)]
pub struct Address {
    here: RwSignal<Here>,
    /// The path (`/teashop/p/jasmine-pearls/`); changes only when the path does.
    pub path: Memo<String>,
    /// The query; tells its readers whenever the address changes, the path alone too:
    /// a Leptos signal forgets the views that read it only when it changes, so the
    /// views of the page left (a product page's share bar, the feed's search) would
    /// stay in its subscribers while the query stays the same (docs/performance.md,
    /// "Memory per navigation"). Its readers are few and cheap (the feed's query, the
    /// share bar's language, the pager).
    pub query: Memo<Query>,
}

impl Address {
    /// The fragment (`#...`, or empty), without tracking.
    pub fn hash_untracked(&self) -> String {
        self.here.with_untracked(|h| h.hash.clone())
    }

    /// Goes to `url`, a path of the shop with its query and fragment (the
    /// addresses `shop::links` makes): a new history entry, or the current one
    /// replaced (in the history once the browser is idle after the frame: the app's
    /// address changes at once); the page starts at the top (or its fragment) when
    /// `scroll`. A new entry without `scroll` (a category, a sort: the feed refiltered
    /// in place) is written in a task after the frame the new feed is drawn in.
    pub fn go(&self, url: &str, replace: bool, scroll: bool) {
        let (rest, hash) = split_at(url, '#');
        let (path, search) = split_at(rest, '?');
        let next = Here {
            path: path.to_owned(),
            search: search.to_owned(),
            hash: hash.to_owned(),
        };
        let full = next.full();
        if replace {
            // Written once the frame is drawn (when the browser is idle): each keystroke
            // into the search replaced the entry before, a few ms of its frame
            // (docs/performance.md). Only the last address waiting is written; an
            // entry still to be added is added with this address instead.
            let pushed = PUSH.take();
            if pushed.is_some() {
                PUSH.set(Some(full));
            } else if REPLACE.replace(Some(full)).is_none() {
                crate::web::idle::when_idle(Box::new(write_waiting));
            }
        } else if self.here.with_untracked(|h| h.full() != full) {
            // What was typed before keeps its own entry, written first (and an entry
            // still to be added before this one).
            let waiting = PUSH.take();
            if scroll || waiting.is_some() {
                PUSH.set(waiting);
                write_waiting();
                if let Some(history) = history() {
                    push_entry(&history, &full);
                }
            } else {
                // A tap's history write (a few ms) after the frame of its new feed: a
                // task queued from the next frame's callback (docs/performance.md).
                PUSH.set(Some(full));
                crate::web::idle::after_frame(Box::new(write_waiting));
            }
        } else {
            write_waiting();
        }
        self.here.set(next);
        if scroll {
            scroll_to_fragment_or_top();
        }
    }
}

impl Address {
    /// Takes `key` out of the address without a new history entry (a shared cart,
    /// once handled, is not offered again on reload). Written at once, through the
    /// same queue as [`Address::go`]'s replaced addresses: an address still waiting
    /// (a search, a language) was made from the app's address, which had `key`, so
    /// it is written over, not after; and the app's address loses `key` too, so no
    /// address made from it later brings `key` back. One owner writes the history.
    pub fn forget(&self, key: &str) {
        let mut query = self.query.get_untracked();
        if query.get_str(key).is_none() {
            return;
        }
        query.remove(key);
        let mut next = self.here.get_untracked();
        next.search = query.to_query_string();
        // In place of the entry still to be added, if any (the app's address is it).
        if PUSH.take().is_some() {
            PUSH.set(Some(next.full()));
        } else {
            REPLACE.set(Some(next.full()));
        }
        write_waiting();
        self.here.set(next);
    }
}

thread_local! {
    /// The address the current history entry is still to be replaced with.
    static REPLACE: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
    /// The address of a new history entry still to be added (after `REPLACE`'s).
    static PUSH: std::cell::Cell<Option<String>> = const { std::cell::Cell::new(None) };
    /// The current entry's place in this tab's history, as the entries the app
    /// writes are stamped (their `history.state`: the document's first entry 0 when
    /// the app starts, then 1, 2, ...; an entry the browser made has none and says
    /// nothing): a popstate to a lower one is Back. Entries ahead of the current
    /// one go when a new one is pushed, so the stamps rise along the history.
    static AT: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// The stamp of the history's current entry; `None` for an entry the app did not
/// write (a fragment typed in the address bar, a link the app leaves to the browser).
fn stamp(history: &web_sys::History) -> Option<u32> {
    // Not money: a small count the app wrote itself.
    history
        .state()
        .ok()
        .and_then(|s| s.as_f64())
        .map(|n| n as u32)
}

/// Adds the entry `full` after the current one, stamped one higher.
fn push_entry(history: &web_sys::History, full: &str) {
    let at = AT.get().saturating_add(1);
    AT.set(at);
    let _ = history.push_state_with_url(&JsValue::from(at), "", Some(full));
}

fn history() -> Option<web_sys::History> {
    web_sys::window().and_then(|w| w.history().ok())
}

/// Writes the addresses waiting, if any: the current entry replaced, then the new one.
fn write_waiting() {
    let (replace, push) = (REPLACE.take(), PUSH.take());
    if let Some(history) = history() {
        if let Some(full) = replace {
            // The entry keeps its stamp.
            let _ = history.replace_state_with_url(&JsValue::from(AT.get()), "", Some(&full));
        }
        if let Some(full) = push {
            push_entry(&history, &full);
        }
    }
}

/// `text` cut before `at` (which stays with the second half), or all of it and nothing.
fn split_at(text: &str, at: char) -> (&str, &str) {
    text.find(at)
        .map_or((text, ""), |i| (&text[..i], &text[i..]))
}

/// After a new page: to the element the fragment names, else to the top.
fn scroll_to_fragment_or_top() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hash = window.location().hash().unwrap_or_default();
    let id = hash.strip_prefix('#').unwrap_or_default();
    let target = (!id.is_empty())
        .then(|| {
            let id = js_sys::decode_uri(id)
                .ok()
                .and_then(|s| s.as_string())
                .unwrap_or_else(|| id.to_owned());
            window.document()?.get_element_by_id(&id)
        })
        .flatten();
    match target {
        Some(el) => el.scroll_into_view(),
        None => window.scroll_to_with_x_and_y(0.0, 0.0),
    }
}

/// Starts following the address (Back, Forward and clicks on the shop's links) and
/// provides it; `base` is the path a published shop lives under (`/teashop`, or empty).
pub fn provide_address(base: String) -> Address {
    let here = RwSignal::new(Here::now());
    let address = Address {
        here,
        path: Memo::new(move |_| here.with(|h| h.path.clone())),
        query: Memo::new_with_compare(move |_| here.with(|h| Query::parse(&h.search)), |_, _| true),
    };
    // The document's first entry stamped 0 (its address kept), so a Back to it is
    // known as one.
    if let Some(history) = history() {
        match stamp(&history) {
            Some(at) => AT.set(at),
            None => {
                let _ = history.replace_state(&JsValue::from(0), "");
            }
        }
    }
    // Back and Forward: the browser restores the scroll position itself.
    // (An address still waiting was the entry's left behind: not written over the new one.)
    // A tap's entry still waiting (Back pressed within the tap's frame) was never in
    // the history: that Back left the entry the tap was made on, one further than the
    // buyer meant. Forward returns to it (its own popstate then draws it): Back undid
    // the tap. (Where that entry was the document's first, the browser has left it.)
    let popstate = window_event_listener(leptos::ev::popstate, move |_| {
        REPLACE.take();
        let tapped = PUSH.take().is_some();
        // An entry the app did not stamp says nothing of the direction: drawn as it is.
        if let Some((history, to)) = history().and_then(|h| stamp(&h).map(|to| (h, to))) {
            let back = to < AT.replace(to);
            if tapped && back {
                let _ = history.forward();
                return;
            }
        }
        here.set(Here::now());
    });
    // A page hidden (another app, another tab, leaving the shop) may be discarded
    // without its idle callbacks and frames: what waits is written now, so Back finds
    // the search or the tapped category. `visibilitychange` fires at the document and
    // bubbles to the window; it comes before `pagehide` when the buyer leaves.
    let hidden = window_event_listener(leptos::ev::visibilitychange, |_| write_waiting());
    let click = window_event_listener(leptos::ev::click, move |ev| {
        if let Some((url, scroll)) = in_app_link(&ev, &base) {
            ev.prevent_default();
            address.go(&url, false, scroll);
        }
    });
    on_cleanup(move || {
        popstate.remove();
        hidden.remove();
        click.remove();
    });
    ADDRESS.with(|a| a.set(Some(address)));
    address
}

thread_local! {
    /// The page's one address ([`provide_address`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static ADDRESS: std::cell::Cell<Option<Address>> = const { std::cell::Cell::new(None) };
}

/// The page's address; only below [`provide_address`].
#[inline(never)]
pub fn use_address() -> Address {
    ADDRESS
        .with(std::cell::Cell::get)
        .expect("provided by the app at start")
}

/// The address a click follows in the app, with whether the new page starts at the top
/// (`data-noscroll` says not): a plain left click on a link to a page of this shop.
fn in_app_link(ev: &MouseEvent, base: &str) -> Option<(String, bool)> {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.alt_key()
        || ev.ctrl_key()
        || ev.shift_key()
    {
        return None;
    }
    // The link the click is in, however deep inside it the click landed.
    let path = ev.composed_path();
    let link = (0..path.length()).find_map(|i| path.get(i).dyn_into::<HtmlAnchorElement>().ok())?;
    let external = link
        .get_attribute("rel")
        .is_some_and(|rel| rel.split_ascii_whitespace().any(|r| r == "external"));
    if !link.target().is_empty()
        || link.href().is_empty()
        || link.has_attribute("download")
        || external
    {
        return None;
    }
    let origin = web_sys::window()?.location().origin().ok()?;
    let path = link.pathname();
    let under_base = base.is_empty()
        || path
            .strip_prefix(base)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
    if link.origin() != origin || !under_base {
        return None;
    }
    let scroll = !link.has_attribute("data-noscroll");
    Some((format!("{path}{}{}", link.search(), link.hash()), scroll))
}
