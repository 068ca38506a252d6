//! The page's one polite live region: what changed in the cart, said to screen
//! readers without moving focus. It lives outside the routes, so it is in the page
//! before anything is said into it (a region created with its text is not read).

use crate::i18n::Say;
use crate::shop::ShopContext;
use leptos::prelude::*;

/// Says short messages to screen readers. Written only through [`Announcer::say`].
#[derive(Clone, Copy)]
pub struct Announcer {
    text: RwSignal<String>,
}

/// Provides the announcer; render [`LiveRegion`] once, outside the routes.
pub fn provide_announcer() -> Announcer {
    let announcer = Announcer {
        text: RwSignal::new(String::new()),
    };
    ANNOUNCER.with(|a| a.set(Some(announcer)));
    announcer
}

thread_local! {
    /// The page's one announcer ([`provide_announcer`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static ANNOUNCER: std::cell::Cell<Option<Announcer>> = const { std::cell::Cell::new(None) };
}

/// The announcer context.
#[inline(never)]
pub fn use_announcer() -> Announcer {
    ANNOUNCER
        .with(std::cell::Cell::get)
        .expect("provided by the app at start")
}

impl Announcer {
    /// Forgets what was said: a new page or another language has no stale sentence
    /// left in the region.
    pub fn clear(&self) {
        if !self.text.with_untracked(String::is_empty) {
            self.text.set(String::new());
        }
    }

    /// Says `text`; the same text twice in a row is said twice (a no-break space
    /// makes the second one a change screen readers notice).
    pub fn say(&self, text: String) {
        self.text.update(|t| {
            *t = if *t == text {
                format!("{text}\u{a0}")
            } else {
                text
            }
        });
    }
}

/// "Added {item} to cart".
pub fn added(shop: ShopContext, item: &str) -> String {
    shop.words().added_item(item)
}

/// "{item}: quantity {n}".
pub fn quantity_now(shop: ShopContext, item: &str, n: u32) -> String {
    shop.words().quantity_now(item, n)
}

/// "Removed {item} from cart".
pub fn removed(shop: ShopContext, item: &str) -> String {
    shop.words().removed_item(item)
}

/// "Products shown: {n}".
pub fn products_shown(shop: ShopContext, n: usize) -> String {
    shop.words()
        .products_shown(u32::try_from(n).unwrap_or(u32::MAX))
}

/// The live region itself: visually hidden, polite, read whole.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let announcer = use_announcer();
    view! {
        <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">
            {move || announcer.text.get()}
        </p>
    }
}
