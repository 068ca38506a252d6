//! Signals handed out by the states that own them, and read by views that come and go.
//!
//! A Leptos signal forgets the views that read it only when it changes: a view's
//! effects are dropped with the view, but each stays in the set of subscribers of
//! every signal it read (a dead entry, which also keeps the effect's allocation) until
//! that signal next changes. The shop's locale, the cart, the address's query and the
//! like live as long as the page and seldom change, so every product page and every
//! feed (each card's title, price and labels) left some 10-30 KB behind, for good
//! (docs/performance.md, "Memory per navigation"). What reads them here leaves their
//! set when the reader's owner is cleaned up (the view dropped, or the effect about
//! to run again): [`Lasting`] and [`ReadOnly`].

use leptos::prelude::*;
use leptos::reactive::graph::{AnySource, Observer, Source, ToAnySource};

/// Called on a tracked read of `source`: the observer reading it (a view's effect, a
/// memo) leaves its subscribers when the *current* owner is cleaned up. One copy for
/// every signal type (`dyn`): only naming the source is the type's own code.
///
/// The current owner, not the observer's: reactive_graph names no observer's owner.
/// Inside an effect or a memo (a `move ||` in a view, a component's own code) the two
/// are the same. They differ where a closure runs under one owner while another node
/// tracks: a `<For>` row's `children` run under the row's owner while the list's
/// effect may be the observer (REVIEW §7, read from Leptos' code, not shown by a
/// test here), so a `Lasting` read there, tracked, would take the list out of the
/// signal's subscribers when that row goes. See the rule at [`Lasting`].
#[inline(never)]
fn leave_on_cleanup(source: &dyn AsSource) {
    if let Some(observer) = Observer::get() {
        let source = source.as_source();
        on_cleanup(move || source.remove_subscriber(&observer));
    }
}

/// A signal as the graph's node its readers subscribe to.
trait AsSource {
    fn as_source(&self) -> AnySource;
}

impl<T: Send + Sync + 'static> AsSource for RwSignal<T> {
    fn as_source(&self) -> AnySource {
        self.to_any_source()
    }
}

impl<T: Send + Sync + 'static> AsSource for ArcRwSignal<T> {
    fn as_source(&self) -> AnySource {
        self.to_any_source()
    }
}

/// A signal that lives as long as the page, read by views that do not: read as the
/// signal is (`get`, `with`, `set`), and a view that read it is
/// forgotten by it when the view goes. Inherent methods that call the signal's own,
/// not the signal traits implemented again: those would be new copies of Leptos'
/// generic code in the first load for each signal type.
///
/// The rule: read it tracked only inside a closure of its own (`move || x.get()` in a
/// view, an effect, a memo) or in a component's body, never directly in a `<For>`'s
/// `children` or `key` (or another closure that one node calls while a different one
/// tracks): there the clean-up is registered on the row's owner for the list's
/// effect, and the row's removal would unsubscribe the whole list (REVIEW §7;
/// [`leave_on_cleanup`]). Untracked reads (`get_untracked`) are free anywhere.
pub struct Lasting<S>(S);

impl<S: Clone> Clone for Lasting<S> {
    fn clone(&self) -> Self {
        Lasting(self.0.clone())
    }
}

impl<S: Copy> Copy for Lasting<S> {}

impl<S> Lasting<S> {
    /// Wraps a signal of the page's life.
    pub fn new(signal: S) -> Self {
        Lasting(signal)
    }
}

impl<T: Send + Sync + 'static> Lasting<RwSignal<T>> {
    /// A copy of the value, tracked.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        leave_on_cleanup(&self.0);
        self.0.get()
    }

    /// Reads the value, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        leave_on_cleanup(&self.0);
        self.0.with(f)
    }

    /// Tracks the value without reading it.
    pub fn track(&self) {
        leave_on_cleanup(&self.0);
        self.0.track();
    }

    /// A copy of the value, untracked.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.0.get_untracked()
    }

    /// Sets the value.
    pub fn set(&self, value: T) {
        self.0.set(value);
    }
}

impl<T: Send + Sync + 'static> Lasting<ArcRwSignal<T>> {
    /// A copy of the value, tracked.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        leave_on_cleanup(&self.0);
        self.0.get()
    }

    /// A copy of the value, untracked.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.0.get_untracked()
    }

    /// Sets the value.
    pub fn set(&self, value: T) {
        self.0.set(value);
    }
}

/// Read access to a signal whose owner keeps the right to write it.
///
/// Leptos' own `ReadSignal` would do, but each `read_only()` brings its own copies of
/// the signal traits into the wasm (about 2.5 KB raw here); this wrapper reuses the
/// owner's `RwSignal` code and still leaves writing to the owner alone. A signal of
/// the page's life that views of every page read (the cart) is handed out as a
/// `Lasting<ReadOnly<T>>`: a view that read it is forgotten by it when the view goes.
pub struct ReadOnly<T: 'static>(RwSignal<T>);

impl<T: 'static> Clone for ReadOnly<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for ReadOnly<T> {}

impl<T: Send + Sync + 'static> ReadOnly<T> {
    /// Wraps the owner's signal.
    pub fn new(signal: RwSignal<T>) -> Self {
        ReadOnly(signal)
    }

    /// Reads the value, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with(f)
    }

    /// Reads the value without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// A copy of the value, tracked.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.0.get()
    }

    /// A copy of the value, untracked.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.0.get_untracked()
    }
}

impl<T: Send + Sync + 'static> Lasting<ReadOnly<T>> {
    /// The plain read access, whose readers the signal forgets only when it changes:
    /// for the `buying` part's pages (the cart and checkout pages, which the buyer
    /// leaves having changed the cart, or rarely), where each reader that leaves costs
    /// that part bytes over its budget line.
    pub fn plain(&self) -> ReadOnly<T> {
        self.0
    }

    /// Reads the value, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        leave_on_cleanup(&self.0 .0);
        self.0.with(f)
    }

    /// Reads the value without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with_untracked(f)
    }
}

/// A part of a view drawn once `shown` is true, nothing before: the takeover draws
/// some of the page in a task after the one that drew the rest (src/app.rs's footer,
/// the feed's share bar and chips; docs/performance.md, "The takeover's tasks"). One
/// closure type for every such part: each closure type in a view is a copy of
/// Leptos's code for it in the wasm.
pub fn once_shown(
    shown: RwSignal<bool>,
    view: Box<dyn Fn() -> AnyView + Send + Sync>,
) -> impl Fn() -> AnyView + Send + Sync {
    move || match shown.get() {
        false => ().into_any(),
        true => view(),
    }
}
