//! The loaded shop, shared with every component through context, and what every
//! feature shows of it: the seller, prices, field labels.

pub mod announce;
pub mod language;
pub mod links;
pub mod price;
pub mod seller_header;
pub mod unavailable;

use crate::i18n::{Msg, Words};
use crate::web::http::{get_text, FetchError};
use leptos::prelude::*;
use microshop_core::decode::{decode_catalog, decode_manifest, not_replaced, Kind};
use microshop_core::manifest::{Catalog, CatalogSource, CheckoutField, FieldKind, Manifest};
use microshop_core::problem::Problem;
use microshop_core::text::Text;

/// The shop every component reads: manifest, catalog, and the buyer's locale.
///
/// The shop is loaded once per page and lives as long as the page, so it is
/// leaked to `'static`: the context is `Copy` and closures can capture it freely.
#[derive(Clone, Copy)]
pub struct ShopContext {
    /// The manifest as decoded.
    pub manifest: &'static Manifest,
    /// The catalog, inline or fetched.
    pub catalog: &'static Catalog,
    /// Absolute URL of the manifest: relative URLs in it are relative to this.
    pub base: &'static str,
    /// The locale text is shown in.
    pub locale: RwSignal<String>,
    /// Whether the buyer chose the locale (`?lang=` in the address, or the language
    /// switch): then the address keeps `lang=`, so a shared link keeps the language.
    pub chosen: RwSignal<bool>,
    /// True while a prerendered page shows its own language before switching to the
    /// buyer's: what the switch would push down (the product page's share bar, under a
    /// description that grows or shrinks with the language) waits, so nothing shifts.
    pub settling: RwSignal<bool>,
}

impl ShopContext {
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
    pub fn new(loaded: Loaded, locale: String) -> ShopContext {
        ShopContext {
            manifest: Box::leak(Box::new(loaded.manifest)),
            catalog: Box::leak(Box::new(loaded.catalog)),
            base: Box::leak(loaded.base.into_boxed_str()),
            locale: RwSignal::new(locale),
            chosen: RwSignal::new(false),
            settling: RwSignal::new(false),
        }
    }
}

/// The shop context; only called below the loaded shop.
pub fn use_shop() -> ShopContext {
    expect_context::<ShopContext>()
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
    pub catalog: Catalog,
    pub base: String,
}

/// The seller's problem when a fetched file was not UTF-8: the browser read it
/// with replacement characters, and a seller's GBK file would show garbled.
fn utf8_or_problem(text: &str, url: &str) -> Result<(), LoadError> {
    not_replaced(text, Kind::Json).map_err(|p| LoadError::Invalid {
        url: url.to_owned(),
        problems: vec![p],
    })
}

/// Fetches and checks the manifest (and its catalog, when separate).
pub async fn load(manifest_url: String) -> Result<Loaded, LoadError> {
    let text = get_text(&manifest_url)
        .await
        .map_err(|why| LoadError::Unreachable {
            url: manifest_url.clone(),
            why,
        })?;
    utf8_or_problem(&text, &manifest_url)?;
    let manifest = decode_manifest(&text)
        .map_err(|r| LoadError::Invalid {
            url: manifest_url.clone(),
            problems: r.errors,
        })?
        .value;
    let catalog = match &manifest.catalog {
        CatalogSource::Inline(c) => c.clone(),
        CatalogSource::Remote { url } => {
            let url = crate::web::page::resolve(url, &manifest_url);
            let text = get_text(&url).await.map_err(|why| LoadError::Unreachable {
                url: url.clone(),
                why,
            })?;
            utf8_or_problem(&text, &url)?;
            decode_catalog(&text, manifest.currency)
                .map_err(|r| LoadError::Invalid {
                    url,
                    problems: r.errors,
                })?
                .value
        }
    };
    Ok(Loaded {
        manifest,
        catalog,
        base: manifest_url,
    })
}
