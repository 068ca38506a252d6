//! Parts of the storefront that the first load leaves out and fetches when a buyer
//! needs them (checkout, the order page, the share panels, ...).
//!
//! The release build is split at functions marked `#[wasm_split(<part>, fallible,
//! ..)]`: `scripts/split.mjs` (Trunk's post-build hook) cuts everything only such a
//! function reaches into `<part>-<hash>.wasm`, which shares the first load's memory
//! and code and is fetched on the first call (see docs/architecture.md, "How to add
//! a page that loads on demand"). A part hands back plain function pointers (a
//! [`Page`], or a feature's own table of them), so the first load calls into it
//! without knowing its types' code.
//!
//! A part that does not arrive (a slow or lost network, an in-app browser that
//! dropped the request) is said in the buyer's language with a retry; nothing the
//! buyer has (the cart, orders) depends on it: they live in the first load and in
//! storage.

use crate::i18n::Msg;
use crate::shop::use_shop;
use crate::web::{focus, idle};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll, Waker};

/// The split-point macro, with the failure kept as a value (a load that fails must
/// not abort the app): `#[wasm_split(part, fallible, wasm_split_path = crate::on_demand::split)]`.
pub use wasm_split_helpers as split;
pub use wasm_split_helpers::wasm_split;

/// A part of the storefront that did not arrive.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotLoaded;

impl From<split::SplitLoaderError> for NotLoaded {
    fn from(_: split::SplitLoaderError) -> NotLoaded {
        NotLoaded
    }
}

/// A page that lives in a part: built by the first load once the part is there.
pub type Page = fn() -> AnyView;

/// What a part built, ready to show: the part's value (a page builder, a table of
/// them) already handed to the caller's `show`, so nothing below depends on its type.
type Built = Arc<dyn Fn() -> AnyView + Send + Sync>;

/// One attempt at loading a part and building what it shows.
type Loading = Pin<Box<dyn Future<Output = Result<Built, NotLoaded>>>>;

/// What loading a part came to, so far.
#[derive(Clone)]
enum Arrival {
    Waiting,
    Here(Built),
    Failed,
}

/// Starts `load` and returns its answer now when the part is already here (no
/// frame flashes on a page the buyer has seen); else the answer arrives in `into`.
fn start(mut load: Loading, into: RwSignal<Arrival>) {
    // A part that arrived earlier is ready at the first poll; a waiting one wakes the
    // task that polls it later, whose waker replaces this one.
    let first = load.as_mut().poll(&mut Context::from_waker(Waker::noop()));
    let settle = move |r: Result<Built, NotLoaded>| {
        into.set(match r {
            Ok(built) => Arrival::Here(built),
            Err(NotLoaded) => Arrival::Failed,
        })
    };
    match first {
        Poll::Ready(r) => settle(r),
        Poll::Pending => {
            into.set(Arrival::Waiting);
            spawn_local(async move { settle(load.await) });
        }
    }
}

/// Shows what a part builds, fetching the part first when needed: meanwhile the
/// page's frame (its heading) and "Loading…", and when it fails a message and a
/// button to try again.
///
/// Generic only in this thin shell: it turns the part's value into a view builder
/// at once and hands the rest to [`arriving`], which the first load holds once for
/// every part. A generic component would be compiled once per split point (its
/// signals, effects and views: about 2 KB of the main module each, measured with
/// twiggy in docs/performance.md), and the first load pays for every part's copy.
#[component]
pub fn OnDemand<L, F, T, S>(
    /// Loads the part and returns what it builds (the split function).
    load: L,
    /// Builds the view from what the part gave.
    show: S,
    /// The page's heading, shown while the part is on its way; `None` for a panel
    /// inside a page.
    #[prop(optional)]
    title: Option<Msg>,
    /// A panel extra to its page (a product's reviews): fetched when the browser is
    /// idle, and nothing shown meanwhile or when the part does not arrive. The same
    /// body as every other use (one mode flag, not a second component: each body is
    /// code in the first load).
    #[prop(optional)]
    idle: bool,
) -> impl IntoView
where
    L: Fn() -> F + Copy + Send + Sync + 'static,
    F: Future<Output = Result<T, NotLoaded>> + 'static,
    T: Copy + Send + Sync + 'static,
    S: Fn(T) -> AnyView + Send + Sync + 'static,
{
    let show = Arc::new(show);
    let loader: Arc<dyn Fn() -> Loading + Send + Sync> = Arc::new(move || {
        let show = show.clone();
        Box::pin(async move {
            let t = load().await?;
            Ok(Arc::new(move || show(t)) as Built)
        })
    });
    arriving(loader, title, idle)
}

/// The body of [`OnDemand`], the same code for every part.
#[inline(never)]
fn arriving(
    loader: Arc<dyn Fn() -> Loading + Send + Sync>,
    title: Option<Msg>,
    idle: bool,
) -> AnyView {
    let shop = use_shop();
    let arrival = RwSignal::new(Arrival::Waiting);
    if idle {
        let loader = loader.clone();
        idle::when_idle(Box::new(move || start(loader(), arrival)));
    } else {
        start(loader(), arrival);
    }
    let retry = move |_| start(loader(), arrival);
    (move || match arrival.get() {
        Arrival::Here(built) => {
            // The frame's heading had the focus: the page's own heading takes it over.
            if !idle {
                focus::heading_if_lost();
            }
            untrack(|| built())
        }
        // An extra panel says nothing of its part: the page is whole without it.
        _ if idle => ().into_any(),
        Arrival::Waiting => {
            let heading = title.map(|m| view! { <h1>{move || shop.t(m)}</h1> });
            view! {
                <div class="on-demand" aria-busy="true">
                    {heading}
                    <p class="on-demand__status" role="status">{move || shop.t(Msg::PartLoading)}</p>
                </div>
            }
            .into_any()
        }
        Arrival::Failed => {
            let heading = title.map(|m| view! { <h1>{move || shop.t(m)}</h1> });
            view! {
                <div class="on-demand">
                    {heading}
                    <p class="on-demand__failed" role="alert">{move || shop.t(Msg::PartNotLoaded)}</p>
                    <button type="button" class="button on-demand__retry" on:click=retry.clone()>
                        {move || shop.t(Msg::TryAgain)}
                    </button>
                </div>
            }
            .into_any()
        }
    })
    .into_any()
}

/// Fetches a part when the browser is idle (a buyer with a cart will likely check
/// out), so the tap that needs it finds it here. A failure is left for the page
/// that needs the part to say and retry.
pub fn prefetch<F>(preload: fn() -> F)
where
    F: Future<Output = Result<(), split::SplitLoaderError>> + 'static,
{
    idle::when_idle(Box::new(move || {
        spawn_local(async move {
            let _ = preload().await;
        })
    }));
}
