//! Every page publish writes: the feed, each category, each product, the app's own
//! pages (cart, checkout, order) and the 404 page, each with its head and its
//! prerendered first screen. Listed first and rendered one by one, on many threads.

use super::body;
use super::head::{self, Head, Kind};
use super::site::{summary, Site};
use super::template::{Fill, Template};
use super::words::Msg;
use microshop_core::{Category, Product};

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
