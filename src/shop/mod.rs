//! The loaded shop, shared with every component through context, and what every
//! feature shows of it: the seller, prices, field labels.

pub mod announce;
pub mod contacts;
pub mod language;
pub mod links;
pub mod price;
pub mod unavailable;

use crate::i18n::{Msg, Words};
use crate::reactive::Lasting;
use crate::web::http::{get_text, FetchError};
use leptos::prelude::*;
use microshop_core::decode::{decode_catalog, decode_manifest, not_replaced, Kind};
use microshop_core::manifest::{Catalog, CatalogSource, CheckoutField, FieldKind, Manifest};
use microshop_core::problem::Problem;
use microshop_core::text::Text;
use microshop_core::Product;
use std::sync::Arc;

/// What fetching comes to, later (function pointers into a part: the first load
/// calls them without knowing their code).
pub type Later<T> = std::pin::Pin<Box<dyn std::future::Future<Output = T>>>;

/// How a shop in parts gets its product files: the `parts` part's two entries
/// (catalog/in_parts). That part sits above this layer, so the app hands its loader
/// in ([`product_files_from`]) and the shop calls it without knowing it.
#[derive(Clone, Copy)]
pub struct ProductFiles {
    /// `catalog` with the products of these ids it lacks, from the shop's parts
    /// folder, in this currency; `None` when a file did not answer.
    pub with_products:
        fn(String, Catalog, Vec<String>, microshop_core::Currency) -> Later<Option<Catalog>>,
    /// Adds to the shop's catalog the products of these ids not loaded yet (and drops
    /// those it no longer keeps); false when a file did not answer.
    pub fetch_products: fn(ShopContext, Vec<String>) -> Later<bool>,
}

/// Fetches the `parts` part and gives its entries; `None` when it did not arrive.
pub type ProductFilesLoader = fn() -> Later<Option<ProductFiles>>;

/// Names the loader of a shop in parts' product files (the app, once, before [`load`]).
pub fn product_files_from(loader: ProductFilesLoader) {
    PRODUCT_FILES.with(|l| l.set(Some(loader)));
}

async fn product_files() -> Option<ProductFiles> {
    let loader = PRODUCT_FILES.with(std::cell::Cell::get)?;
    loader().await
}

thread_local! {
    static PRODUCT_FILES: std::cell::Cell<Option<ProductFilesLoader>> = const { std::cell::Cell::new(None) };
    /// The shop's catalog: inline or fetched; for a shop published in parts, the
    /// products it keeps (the first page's, the cart's, the last opened: the `parts`
    /// part's `fetch_products`). One shop per page. Shared, not leaked: a catalog a
    /// shop in parts replaced lives as long as the last view that holds one of its
    /// products ([`Held`]).
    static CATALOG: std::cell::RefCell<Option<Arc<Catalog>>> = const {
        std::cell::RefCell::new(None)
    };
}

thread_local! {
    /// The product of the product page (one at a time): its closures read it here
    /// ([`shown`]), so the page keeps its product (and that product's catalog, which a
    /// shop in parts may have replaced since) without a copy in each closure. Set
    /// before any of the page's closures exist and never emptied: after the page, it
    /// keeps one catalog alive until the next product page.
    static SHOWN: std::cell::RefCell<Option<Held>> = const { std::cell::RefCell::new(None) };
}

/// The product page shows `product` (catalog/product.rs, before its closures exist).
pub fn show(product: Held) -> Held {
    SHOWN.with(|s| s.replace(Some(product)));
    shown()
}

/// The product page's product (the poster's too: it is drawn from that page).
pub fn shown() -> Held {
    SHOWN
        .with(|s| s.borrow().clone())
        .expect("a product page's product")
}

/// A product of a catalog, which it keeps alive while held: what a view that shows a
/// product keeps (the product page, a cart line, the share bar, the poster's drawing),
/// so a shop in parts can replace its catalog (and free the one replaced) under it.
#[derive(Clone)]
pub struct Held {
    catalog: Arc<Catalog>,
    at: usize,
}

impl std::ops::Deref for Held {
    type Target = Product;
    fn deref(&self) -> &Product {
        &self.catalog.products[self.at]
    }
}

/// The shop every component reads: manifest, catalog, and the buyer's locale.
///
/// The shop is loaded once per page and lives as long as the page, so it is
/// leaked to `'static`: the context is `Copy` and closures can capture it freely.
#[derive(Clone, Copy)]
pub struct ShopContext {
    /// The manifest as decoded.
    pub manifest: &'static Manifest,
    /// The catalog the shop came with, kept for the page's life: for a shop not in
    /// parts, its whole catalog, which never changes (the feed's products borrow it).
    pub came_with: &'static Catalog,
    /// Changes when a shop in parts adds products to its catalog (kept in
    /// [`CATALOG`], read with [`ShopContext::catalog`]). A flag beside a plain cell,
    /// not a signal of the catalog: the first load has the code of a `bool` signal
    /// already, and a signal of another type would bring its own (about 0.6 KB brotli).
    grown: Lasting<RwSignal<bool>>,
    /// Where a shop published in parts keeps them (`.../data/`), else `None`
    /// (docs/publishing.md, "The catalog in parts").
    pub parts: Option<&'static str>,
    /// How many of the catalog's first products are the feed's first ones, in its
    /// order (a shop in parts adds the page's and the cart's products after them).
    pub first: usize,
    /// Absolute URL of the manifest: relative URLs in it are relative to this.
    pub base: &'static str,
    /// The locale text is shown in.
    pub locale: Lasting<RwSignal<String>>,
    /// Whether the buyer chose the locale (`?lang=` in the address, or the language
    /// switch): then the address keeps `lang=`, so a shared link keeps the language.
    pub chosen: Lasting<RwSignal<bool>>,
    /// True while a prerendered page shows its own language before switching to the
    /// buyer's: what the switch would push down (the product page's share bar, under a
    /// description that grows or shrinks with the language) waits, so nothing shifts.
    pub settling: Lasting<RwSignal<bool>>,
}

impl ShopContext {
    /// The products loaded so far (every product, unless the shop is in parts);
    /// tracks the products fetched later. Read it and let it go: a view that keeps a
    /// product keeps a [`Held`] ([`ShopContext::product`], [`ShopContext::sku`]).
    pub fn catalog(&self) -> Arc<Catalog> {
        self.grown.track();
        self.catalog_untracked()
    }

    /// The product of this id, held (tracks the catalog).
    pub fn product(&self, id: &str) -> Option<Held> {
        let catalog = self.catalog();
        let at = catalog.products.iter().position(|p| p.id == id)?;
        Some(Held { catalog, at })
    }

    /// The product of this sku, held, and the index of its variant (tracks the catalog).
    pub fn sku(&self, sku: &str) -> Option<(Held, usize)> {
        let catalog = self.catalog();
        let (at, variant) = catalog.products.iter().enumerate().find_map(|(at, p)| {
            p.variants
                .iter()
                .position(|v| v.sku == sku)
                .map(|v| (at, v))
        })?;
        Some((Held { catalog, at }, variant))
    }

    /// Fetches the files of the products of `ids` not loaded yet (a shop in parts,
    /// with the `parts` part's code); false when one could not be fetched (the
    /// network, or the part), so what depends on them waits rather than taking them
    /// for gone.
    pub async fn fetch_products(&self, ids: Vec<String>) -> bool {
        if self.parts.is_none() {
            return true;
        }
        match product_files().await {
            Some(part) => (part.fetch_products)(*self, ids).await,
            None => false,
        }
    }

    /// Takes `catalog` (the products so far and those just fetched) as the shop's
    /// catalog: what reads [`ShopContext::catalog`] follows.
    pub(crate) fn set_catalog(&self, catalog: Catalog) {
        CATALOG.with(|c| c.replace(Some(Arc::new(catalog))));
        // `set` tells every reader, equal value or not.
        self.grown.set(true);
    }

    /// The catalog without tracking it.
    pub(crate) fn catalog_untracked(&self) -> Arc<Catalog> {
        CATALOG.with(|c| c.borrow().clone()).unwrap_or_default()
    }

    /// Shop text in the buyer's locale (tracks the locale signal).
    pub fn text(&self, text: &Text) -> String {
        text.get(&self.locale.get(), self.manifest.default_locale())
            .to_owned()
    }

    /// A URL from the manifest, made absolute against the manifest's own URL.
    pub fn asset(&self, url: &str) -> String {
        crate::web::page::resolve(url, self.base)
    }

    /// Interface text in the buyer's locale (with the seller's own words).
    pub fn t(&self, msg: Msg) -> &'static str {
        self.words().t(msg)
    }

    /// The interface's words in the buyer's locale, for messages with placeholders
    /// (`shop.words().only_left(3)`); tracks the locale signal.
    pub fn words(&self) -> Words {
        Words::new(self.locale.get(), &self.manifest.texts)
    }

    /// The buyer chooses one of the shop's locales (the language switch); the page
    /// changes once that language's words are here (fetched the first time).
    pub fn choose_locale(&self, tag: &str) {
        if let Some(locale) = self.manifest.locales.iter().find(|l| *l == tag).cloned() {
            let shop = *self;
            leptos::task::spawn_local(async move {
                crate::i18n::fetch_words(&locale).await;
                shop.locale.set(locale);
                shop.chosen.set(true);
            });
        }
    }

    /// "←" pointing back, which is to the right in a right-to-left locale.
    pub fn back_arrow(&self) -> &'static str {
        if microshop_core::locale::is_rtl(&self.locale.get()) {
            "→"
        } else {
            "←"
        }
    }

    /// A checkout field's label in the buyer's locale: the manifest's, else the kind's default.
    pub fn field_label(&self, field: &CheckoutField) -> String {
        match &field.label {
            Some(text) => self.text(text),
            None => self
                .t(match field.kind {
                    FieldKind::Name => Msg::FieldName,
                    FieldKind::Phone => Msg::FieldPhone,
                    FieldKind::Email => Msg::FieldEmail,
                    FieldKind::Address => Msg::FieldAddress,
                    FieldKind::Text | FieldKind::Note => Msg::FieldNote,
                })
                .to_owned(),
        }
    }
}

impl ShopContext {
    /// Makes the context of a shop that loaded; called once per page.
    pub fn new(loaded: &'static Loaded, locale: String) -> ShopContext {
        CATALOG.with(|c| c.replace(Some(loaded.catalog.clone())));
        ShopContext {
            manifest: &loaded.manifest,
            came_with: &loaded.catalog,
            grown: Lasting::new(RwSignal::new(false)),
            parts: loaded.parts.as_deref(),
            first: loaded.first,
            base: &loaded.base,
            locale: Lasting::new(RwSignal::new(locale)),
            chosen: Lasting::new(RwSignal::new(false)),
            settling: Lasting::new(RwSignal::new(false)),
        }
    }
}

thread_local! {
    /// The page's one shop ([`provide_shop`]): a thread-local, not a Leptos context, whose
    /// generic look-up compiled about 650 B of wasm per type (docs/performance.md,
    /// session 17).
    static SHOP: std::cell::Cell<Option<ShopContext>> = const { std::cell::Cell::new(None) };
}

/// Makes `shop` the one [`use_shop`] gives (the app, once the shop is loaded).
pub fn provide_shop(shop: ShopContext) {
    SHOP.with(|s| s.set(Some(shop)));
}

/// The shop context; only called below the loaded shop.
#[inline(never)]
pub fn use_shop() -> ShopContext {
    SHOP.with(std::cell::Cell::get)
        .expect("provided by the app at start")
}

/// Why the shop could not be shown.
#[derive(Clone, Debug, PartialEq)]
pub enum LoadError {
    /// The manifest or catalog could not be fetched.
    Unreachable { url: String, why: FetchError },
    /// The manifest or catalog has problems the seller must fix.
    Invalid { url: String, problems: Vec<Problem> },
}

/// A shop that loaded, before it becomes a context.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub manifest: Manifest,
    pub catalog: Arc<Catalog>,
    pub base: String,
    /// A shop in parts: where they are.
    pub parts: Option<String>,
    /// See [`ShopContext::first`].
    pub first: usize,
}

/// The seller's problem when a fetched file was not UTF-8: the browser read it
/// with replacement characters, and a seller's GBK file would show garbled.
fn utf8_or_problem(text: &str, url: &str) -> Result<(), LoadError> {
    not_replaced(text, Kind::Json).map_err(|p| LoadError::Invalid {
        url: url.to_owned(),
        problems: vec![p],
    })
}

/// Fetches and checks the manifest (and its catalog, when separate). A shop
/// published in parts (`<meta name="microshop-catalog">`) comes with the products of
/// `wanted(manifest)` (the page's product, the cart's) and of a shared cart in the
/// address (found by sku in the `parts` part), fetched before it shows.
pub async fn load(
    manifest_url: String,
    wanted: impl FnOnce(&Manifest) -> Vec<String>,
) -> Result<Loaded, LoadError> {
    let text = get_text(&manifest_url)
        .await
        .map_err(|why| LoadError::Unreachable {
            url: manifest_url.clone(),
            why,
        })?;
    utf8_or_problem(&text, &manifest_url)?;
    let mut manifest = decode_manifest(&text)
        .map_err(|r| LoadError::Invalid {
            url: manifest_url.clone(),
            problems: r.errors,
        })?
        .value;
    // Taken out of the manifest, not copied: nothing reads it there after this (and
    // the first load carries no code to clone a catalog: about 0.3 KB of brotli).
    let currency = manifest.currency;
    let catalog = match &mut manifest.catalog {
        CatalogSource::Inline(c) => std::mem::take(c),
        CatalogSource::Remote { url } => {
            let url = crate::web::page::resolve(url, &manifest_url);
            let text = get_text(&url).await.map_err(|why| LoadError::Unreachable {
                url: url.clone(),
                why,
            })?;
            utf8_or_problem(&text, &url)?;
            decode_catalog(&text, currency)
                .map_err(|r| LoadError::Invalid {
                    url,
                    problems: r.errors,
                })?
                .value
        }
    };
    let parts = crate::web::page::catalog_parts();
    let first = catalog.products.len();
    let mut catalog = catalog;
    if let Some(parts) = &parts {
        // Without them the cart would be checked against their absence (and lose
        // its lines): the shop says it could not load, and a reload tries again.
        let unreachable = || LoadError::Unreachable {
            url: parts.clone(),
            why: FetchError::Network,
        };
        // Always through the part, which also finds and fetches the products of a
        // shared cart in the address (`?cart=`, which names skus), so the intake
        // offers every line. The page waits for the part anyway (`app.rs`'
        // `entry_part`), and a condition here would be first-load code.
        let ids = wanted(&manifest);
        let part = product_files().await.ok_or_else(unreachable)?;
        catalog = (part.with_products)(parts.clone(), catalog, ids, manifest.currency)
            .await
            .ok_or_else(unreachable)?;
    }
    // A split shop's manifest is `data/shop.json`, written from the seller's
    // `shop.json` one folder up: its relative URLs (pictures) are relative to that.
    let base = match &parts {
        Some(parts) => crate::web::page::resolve("../shop.json", parts),
        None => manifest_url,
    };
    Ok(Loaded {
        manifest,
        catalog: Arc::new(catalog),
        base,
        parts,
        first,
    })
}
