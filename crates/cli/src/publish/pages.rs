//! Every page publish writes: the feed, each category, each product, the app's own
//! pages (cart, checkout, order) and the 404 page, each with its head and its
//! prerendered first screen. Listed first and rendered one by one, on many threads.
//!
//! A product page is rendered again only when its inputs changed (`site_inputs`,
//! `product_inputs`): the record keeps their SHA-256 and the page's script hashes,
//! so a one-product republish of a 10,000-product shop renders one product page
//! (and the feed's pages, always rendered) instead of 10,015.

use super::body;
use super::head::{self, Head, Kind};
use super::record::{sha256_of, stat, Entry};
use super::site::{summary, Site};
use super::template::{Fill, Template};
use super::words::Msg;
use microshop_core::{Category, Product};
use rayon::prelude::*;
use serde_json::Value;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;

/// What a page's first screen is.
pub enum Screen<'a> {
    Feed(Option<&'a Category>),
    Product(&'a Product),
    /// The template's loading skeleton (the app's own pages).
    Skeleton,
}

/// One page: its file, its head, its first screen.
pub struct Page<'a> {
    pub file: String,
    pub head: Head<'a>,
    pub screen: Screen<'a>,
}

impl Page<'_> {
    /// The page's HTML.
    pub fn render(&self, site: &Site, template: &Template) -> String {
        let boot = match self.screen {
            Screen::Feed(category) => Some(body::feed_page(site, category)),
            Screen::Product(product) => Some(body::product_page(site, product)),
            Screen::Skeleton => None,
        };
        template.fill(&Fill {
            lang: site.locale,
            html_attributes: &site.manifest.theme.attributes(),
            head: &head::head_tags(site, &self.head),
            head_end: &head::head_end_tags(site, &self.head),
            boot: boot.as_deref(),
        })
    }
}

/// Every page.
pub fn pages<'a>(site: &Site<'a>) -> Vec<Page<'a>> {
    let seller = site.seller_name();
    let shop_description = site
        .manifest
        .seller
        .bio
        .as_ref()
        .map_or_else(|| seller.to_owned(), |bio| summary(site.text(bio)));
    let titled = |what: &str| format!("{what} · {seller}");
    let mut pages = vec![Page {
        file: "index.html".to_owned(),
        head: Head {
            route: String::new(),
            title: seller.to_owned(),
            description: shop_description.clone(),
            kind: Kind::Shop,
        },
        screen: Screen::Feed(None),
    }];
    for category in &site.catalog.categories {
        let route = body::category_route(category);
        pages.push(Page {
            file: format!("{route}index.html"),
            head: Head {
                route,
                title: titled(site.text(&category.name)),
                description: shop_description.clone(),
                kind: Kind::Shop,
            },
            screen: Screen::Feed(Some(category)),
        });
    }
    for product in &site.catalog.products {
        let route = body::product_route(product);
        let description = product
            .description
            .as_ref()
            .map_or_else(|| shop_description.clone(), |d| summary(site.text(d)));
        pages.push(Page {
            file: format!("{route}index.html"),
            head: Head {
                route,
                title: titled(site.text(&product.title)),
                description,
                kind: Kind::Product(product),
            },
            screen: Screen::Product(product),
        });
    }
    let w = site.words;
    for (route, name) in [
        ("cart/", w.t(Msg::Cart)),
        ("checkout/", w.t(Msg::Checkout)),
        ("order/", w.t(Msg::TextOrder)),
    ] {
        pages.push(Page {
            file: format!("{route}index.html"),
            head: Head {
                route: route.to_owned(),
                title: titled(name),
                description: shop_description.clone(),
                kind: Kind::Private,
            },
            screen: Screen::Skeleton,
        });
    }
    // The receipt check (the storefront's `trust` part): its own page so a static host
    // answers `/receipt/` with 200, not its 404 page. Titled with the shop's name: the
    // page's words live in the part, not in the interface words publish has.
    pages.push(Page {
        file: "receipt/index.html".to_owned(),
        head: Head {
            route: "receipt/".to_owned(),
            title: seller.to_owned(),
            description: shop_description.clone(),
            kind: Kind::Private,
        },
        screen: Screen::Skeleton,
    });
    pages.push(Page {
        file: "404.html".to_owned(),
        head: Head {
            route: String::new(),
            title: seller.to_owned(),
            description: shop_description,
            kind: Kind::Private,
        },
        screen: Screen::Skeleton,
    });
    pages
}

/// The SHA-256 of everything a product page is made from besides its product and
/// the site-wide policy: this program itself (its size and modification time: a
/// new build may render differently), the template, the base URL, the manifest
/// without its catalog (`manifest`, as the storefront reads it), every category
/// (`categories`, as written), and what publish found out about the seller's files
/// (pictures' sizes, previews drawn, icons). `None` when this program cannot be
/// found on disk: every page is then rendered.
pub fn site_inputs(
    site: &Site,
    template: &Template,
    manifest: &Value,
    categories: Option<&Value>,
) -> Option<String> {
    let program = stat(&std::env::current_exe().ok()?)?;
    let icons = site.icons;
    let mut text = format!(
        "pages 1\nprogram {program:?}\nbase {:?}\nlocale {}\nsizes {:?}\npreviews {:?}\n\
         without preview {:?}\ntheme color {:?}\nsplit {}\nfavicon {:?}\ntouch {:?}\n",
        site.base,
        site.locale,
        site.sizes,
        site.previews,
        site.without_preview,
        site.theme_color,
        site.split,
        icons.favicon,
        icons.touch,
    );
    for icon in &icons.app {
        let _ = writeln!(
            text,
            "app icon {} {}x{} {}",
            icon.path, icon.width, icon.height, icon.mime
        );
    }
    let manifest = serde_json::to_string(manifest).ok()?;
    let categories = serde_json::to_string(&categories).ok()?;
    Some(sha256_of(&[
        text.as_bytes(),
        b"\nmanifest ",
        manifest.as_bytes(),
        b"\ncategories ",
        categories.as_bytes(),
        b"\ntemplate ",
        template.source().as_bytes(),
    ]))
}

/// The SHA-256 of a product page's inputs: the site's (`site_inputs`), its
/// product's data file (`data/p/{id}.json`: the product as written, with its
/// category), its reviews read from serve's store (`reviews::inputs`) and, on a page
/// with reviews, the shop's problems figures (`figures::inputs`): a new review,
/// reply or hiding, or a problem raised or closed, changes the page, and a
/// republish must render it again.
pub fn product_inputs(
    site_inputs: &str,
    product_data: &[u8],
    reviews: &str,
    figures: &str,
) -> String {
    sha256_of(&[
        site_inputs.as_bytes(),
        b"\nproduct ",
        product_data,
        b"\nreviews ",
        reviews.as_bytes(),
        b"\nfigures ",
        figures.as_bytes(),
    ])
}

/// A page as this publish has it.
pub struct Made {
    /// A product page's inputs (`product_inputs`), when known.
    pub inputs: Option<String>,
    /// Its HTML without the policy, when rendered now.
    pub html: Option<String>,
    /// Its inline scripts' hashes.
    pub scripts: Vec<String>,
}

/// Every page, on every core, rendered but for the product pages `recorded` (the
/// last publish's record) holds with the same inputs: their script hashes are
/// taken from there, and the written page is kept if it can be (`Writer::page`).
/// `product_data` is each product's `data/p/` file by product id.
pub fn make(
    pages: &[Page],
    site: &Site,
    template: &Template,
    site_inputs: Option<&str>,
    product_data: &HashMap<&str, &[u8]>,
    recorded: Option<&BTreeMap<String, Entry>>,
) -> Vec<Made> {
    pages
        .par_iter()
        .map(|page| {
            let inputs = match (&page.screen, site_inputs) {
                (Screen::Product(product), Some(site_inputs)) => {
                    product_data.get(product.id.as_str()).map(|data| {
                        let shown = site.reviews.get(&product.id);
                        let reviews = super::reviews::inputs(shown);
                        let figures = super::figures::inputs(site, shown.is_some());
                        product_inputs(site_inputs, data, &reviews, &figures)
                    })
                }
                _ => None,
            };
            let scripts = inputs.as_ref().and_then(|inputs| {
                recorded?
                    .get(&page.file)
                    .filter(|e| e.inputs.as_ref() == Some(inputs))?
                    .scripts
                    .clone()
            });
            match scripts {
                Some(scripts) => Made {
                    inputs,
                    html: None,
                    scripts,
                },
                None => {
                    let html = page.render(site, template);
                    let scripts = crate::csp::inline_script_hashes(&html);
                    Made {
                        inputs,
                        html: Some(html),
                        scripts,
                    }
                }
            }
        })
        .collect()
}
