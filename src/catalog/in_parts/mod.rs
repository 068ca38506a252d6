//! A shop published in parts (more than 200 products; docs/publishing.md, "The
//! catalog in parts"): everything only such a shop needs, in a part of its own
//! (`parts`), which a shop with its whole catalog in its manifest never downloads.
//!
//! The first load knows that a shop is in parts (`<meta name="microshop-catalog">`)
//! and fetches this part at once, beside the shop's first file (`app.rs`'s
//! `entry_part`): what is here then is
//! - the product files: the page's product, the cart's and a shared cart's (found
//!   by its skus in the shop's sku index) before the shop shows
//!   ([`InParts::with_products`]), a product reached in the app or added by another
//!   tab later ([`InParts::fetch_products`]);
//! - the feed's grid: one page of cards at a time, with the pager, and every card
//!   fetched and indexed once the buyer searches, filters, sorts or pages on
//!   (`cards.rs`, `grid.rs`);
//! - the product page of a product not loaded yet: its file on its way, failed, or
//!   not in the shop (`missing.rs`).
//!
//! The feed's toolbar, chips and cards, the product page and the cart stay in the
//! first load: a small shop uses them too, and the part calls them.

mod cards;
mod grid;
mod missing;

use crate::on_demand::{wasm_split, NotLoaded, OnDemand, Page};
use crate::shop::links::{self, Route};
use crate::shop::{Later, ProductFiles, ShopContext};
use crate::web::http::{get_all, FetchError};
use crate::web::page;
use leptos::prelude::*;
use microshop_core::cart::share;
use microshop_core::catalog::skus;
use microshop_core::decode::decode_catalog;
use microshop_core::manifest::Catalog;
use microshop_core::Currency;

/// The part's entries.
#[derive(Clone, Copy)]
pub struct InParts {
    /// `catalog` with the products of these ids it lacks, and those of a shared
    /// cart in the address, fetched from the shop's parts (`data/`) in this
    /// currency; `None` when a file did not answer (the network): a product the shop
    /// answered without is simply not added.
    pub with_products: fn(String, Catalog, Vec<String>, Currency) -> Later<Option<Catalog>>,
    /// Adds to the shop's catalog the products of these ids not loaded yet, keeping
    /// the first page's, the cart's and the last [`KEPT`] fetched ([`kept`]); false
    /// when a file did not answer.
    pub fetch_products: fn(ShopContext, Vec<String>) -> Later<bool>,
    /// The feed's grid of a shop in parts (under the first load's toolbar, which
    /// gives it a [`crate::catalog::feed::FeedSearch`]).
    pub grid: Page,
    /// The product page of a product not loaded (yet).
    pub missing: Page,
}

/// The part, fetched on the first call (`prefetch` fetches it without calling).
#[wasm_split(parts, fallible, preload(prefetch), wasm_split_path = crate::on_demand::split)]
pub fn part() -> Result<InParts, NotLoaded> {
    Ok(InParts {
        with_products: |parts, catalog, ids, currency| {
            Box::pin(async move { with_products(&parts, catalog, ids, currency).await })
        },
        fetch_products: |shop, ids| Box::pin(fetch_products(shop, ids)),
        grid: grid::grid,
        missing: missing::page,
    })
}

/// The part's product-file entries, for the shop layer (`shop::product_files_from`).
pub fn entries_for_shop() -> Later<Option<ProductFiles>> {
    Box::pin(async {
        part().await.ok().map(|p| ProductFiles {
            with_products: p.with_products,
            fetch_products: p.fetch_products,
        })
    })
}

/// A view of this part, fetched first when needed (one `OnDemand` for every use:
/// `show` is a plain function).
#[component]
pub fn FromParts(show: fn(InParts) -> AnyView) -> impl IntoView {
    view! { <OnDemand load=part show/> }
}

async fn with_products(
    parts: &str,
    catalog: Catalog,
    mut ids: Vec<String>,
    currency: Currency,
) -> Option<Catalog> {
    ids.extend(shared_cart_products(parts, &catalog).await?);
    // A product named twice (two skus of it, or in the cart and the link) is fetched
    // once (looked for, not sorted: a few ids, and no sorting code in the part).
    let mut missing: Vec<String> = Vec::new();
    for id in ids {
        if catalog.product(&id).is_none() && !missing.contains(&id) {
            missing.push(id);
        }
    }
    if missing.is_empty() {
        return Some(catalog);
    }
    let (found, all) = product_files(parts, &missing, currency).await;
    all.then(|| catalog.with(found))
}

/// How many products a shop in parts keeps beyond the first page's and the cart's:
/// the last fetched (opened in the app), so Back and forth between a few products
/// fetches nothing again, and the catalog (and the memory) stays bounded however
/// many products the buyer opens (docs/performance.md, "Memory while paging to the
/// end"). A product dropped is fetched again when opened again.
pub const KEPT: usize = 24;

async fn fetch_products(shop: ShopContext, ids: Vec<String>) -> bool {
    let Some(parts) = shop.parts else {
        return true;
    };
    let so_far = shop.catalog_untracked();
    let missing: Vec<String> = ids
        .into_iter()
        .filter(|id| so_far.product(id).is_none())
        .collect();
    drop(so_far);
    if missing.is_empty() {
        return true;
    }
    let (found, all) = product_files(parts, &missing, shop.manifest.currency).await;
    // Made from the catalog as it is now: another fetch may have ended meanwhile.
    let next = kept(&shop.catalog_untracked(), shop.first, found);
    // What the catalog holds, for a test to read (the part's code, not the first load's).
    page::set_root_data("data-catalog-products", &next.products.len().to_string());
    shop.set_catalog(next);
    all
}

/// The catalog a shop in parts keeps, `so_far` with the products `found`: the first
/// page's products (the first `first`, in the feed's order), those of the cart
/// (exactly: a product missing from the catalog is a line the cart drops), every
/// product `found` (asked for now: another tab's cart may be checked against them
/// next), and of the others the last fetched, [`KEPT`] in all with those found (the
/// catalog's order after the first page is the order they were fetched in: the
/// oldest go first). A copy: views may hold products of `so_far`
/// ([`crate::shop::Held`]), which is freed when the last of them goes.
fn kept(so_far: &Catalog, first: usize, found: Catalog) -> Catalog {
    let in_cart = crate::cart::state::product_ids_in_cart();
    let fresh = so_far.products.len();
    let mut next = so_far.with(found);
    // Those that may go: after the first page, before those found, not in the cart.
    let older = |i: usize, id: &String| i >= first && i < fresh && !in_cart.contains(id);
    let mut older_count = 0;
    for (i, p) in next.products.iter().enumerate() {
        older_count += usize::from(older(i, &p.id));
    }
    let room = KEPT.saturating_sub(next.products.len() - fresh);
    let mut excess = older_count.saturating_sub(room);
    let mut i = 0;
    next.products.retain(|p| {
        let go = excess > 0 && older(i, &p.id);
        excess -= usize::from(go);
        i += 1;
        !go
    });
    next
}

/// The ids of the products a shared-cart link in the address (`/cart/?cart=`, read
/// by `cart/intake.rs`) names by sku and `catalog` lacks, from the shop's sku index
/// (`skus/{xx}.json`: one file for each shard the link's skus are in, fetched side by
/// side); `None` when one did not answer. A sku in no shard is not in the shop: left
/// for the intake to say so, as for a shop loaded whole. A damaged link is the
/// intake's to say too.
async fn shared_cart_products(parts: &str, catalog: &Catalog) -> Option<Vec<String>> {
    let Some(text) = page::query_param("cart") else {
        return Some(Vec::new());
    };
    if !matches!(links::route(&page::pathname()), Route::Cart) {
        return Some(Vec::new());
    }
    // The link's skus, read as plainly as the format allows (`1.sku~2.sku`, each sku
    // escaped as `share::encode_sku` writes it, whose `%25`, `%2E` and `%7E` the
    // browser's `decodeURIComponent` reads back): core's `decode` lives in `buying`, and
    // sharing it (or its `decode_sku`) would split a chunk out of that part, about
    // 250 B brotli of `parts` (docs/performance.md, session 17). A damaged entry only
    // costs a look-up (or none); the intake says the link is damaged.
    let mut entries = text.split('.');
    if entries.next() != Some(share::SHARED_CART_VERSION) {
        return Some(Vec::new());
    }
    // Each sku the shop did not come with, and its shard's file (each file once).
    let mut wanted: Vec<(String, String)> = Vec::new();
    let mut urls: Vec<String> = Vec::new();
    for entry in entries.take(share::MAX_SHARED_LINES) {
        let Some(sku) = page::decode_component(entry.split('~').next().unwrap_or_default()) else {
            continue;
        };
        if catalog.find_sku(&sku).is_none() {
            let url = format!("{parts}{}", skus::file_of(&sku));
            if !urls.contains(&url) {
                urls.push(url.clone());
            }
            wanted.push((sku, url));
        }
    }
    let mut ids = Vec::new();
    for (url, answer) in urls.iter().zip(get_all(&urls).await) {
        let shard = match answer {
            Ok(text) => serde_json::from_str(&text).unwrap_or_default(),
            Err(FetchError::Status(404 | 410)) => serde_json::Value::Null,
            Err(_) => return None,
        };
        for (sku, _) in wanted.iter().filter(|(_, u)| u == url) {
            if let Some(id) = skus::product_of(&shard, sku) {
                ids.push(id.to_owned());
            }
        }
    }
    Some(ids)
}

/// The products of `ids`' files under `parts`, fetched side by side: the catalog of
/// those found, and whether every file answered (found or gone).
/// A damaged file counts as gone: the product cannot be sold from it (publish
/// writes checked products; the network panel names the file).
async fn product_files(parts: &str, ids: &[String], currency: Currency) -> (Catalog, bool) {
    let urls: Vec<String> = ids
        .iter()
        .map(|id| {
            format!(
                "{parts}p/{}.json",
                microshop_core::catalog::feed::encode(id)
            )
        })
        .collect();
    let mut found = Catalog::default();
    let mut all = true;
    for answer in get_all(&urls).await {
        match answer {
            Ok(text) => {
                if let Ok(decoded) = decode_catalog(&text, currency) {
                    found = found.with(decoded.value);
                }
            }
            Err(FetchError::Status(404 | 410)) => {}
            Err(_) => all = false,
        }
    }
    (found, all)
}
