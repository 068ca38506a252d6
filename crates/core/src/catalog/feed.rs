//! The product feed: search, category filter and sort, as a shareable query.

use crate::catalog::index::merge_sort;
use crate::manifest::{Catalog, Product};

/// How the feed is ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Sort {
    /// The seller's order in the manifest.
    #[default]
    Featured,
    /// Cheapest first.
    PriceUp,
    /// Dearest first.
    PriceDown,
    /// Most recently added first.
    Newest,
}

impl Sort {
    /// Every sort, in menu order.
    pub const ALL: [Sort; 4] = [Sort::Featured, Sort::PriceUp, Sort::PriceDown, Sort::Newest];

    /// The URL value (`?sort=price-up`); the default has none.
    pub fn param(self) -> &'static str {
        match self {
            Sort::Featured => "featured",
            Sort::PriceUp => "price-up",
            Sort::PriceDown => "price-down",
            Sort::Newest => "newest",
        }
    }

    /// Reads a URL value; anything unknown is the default.
    pub fn from_param(value: &str) -> Sort {
        Sort::ALL
            .into_iter()
            .find(|s| s.param() == value)
            .unwrap_or_default()
    }
}

/// What the buyer asked the feed for; lives in the URL (`?q=&cat=&sort=`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedQuery {
    /// Words to search titles, tags and skus for.
    pub search: String,
    /// A category id.
    pub category: Option<String>,
    /// The order.
    pub sort: Sort,
}

impl FeedQuery {
    /// The query string for this query, empty for the default view (`q=tea&cat=green`).
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.trim().is_empty() {
            parts.push(format!("q={}", encode(self.search.trim())));
        }
        if let Some(c) = &self.category {
            parts.push(format!("cat={}", encode(c)));
        }
        if self.sort != Sort::Featured {
            parts.push(format!("sort={}", self.sort.param()));
        }
        parts.join("&")
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass through).
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn matches(product: &Product, words: &[String], lowercase: &impl Fn(&str) -> String) -> bool {
    words.iter().all(|word| {
        product.title.all().any(|t| lowercase(t).contains(word))
            || product.tags.iter().any(|t| lowercase(t).contains(word))
            || product
                .variants
                .iter()
                .any(|v| lowercase(&v.sku).contains(word))
            || product.id.contains(word.as_str())
    })
}

/// The products the feed shows for `query`, in order; search ignores case
/// (`str::to_lowercase`, every script's letters).
pub fn feed<'a>(catalog: &'a Catalog, query: &FeedQuery) -> Vec<&'a Product> {
    feed_lowercased_by(catalog, query, str::to_lowercase)
}

/// [`feed`] with the lowercasing passed in: the storefront passes the browser's own
/// `toLowerCase` (the same Unicode rules), so Rust's case tables (about 6 KB of brotli
/// wasm) stay out of the buyer's first load.
pub fn feed_lowercased_by<'a>(
    catalog: &'a Catalog,
    query: &FeedQuery,
    lowercase: impl Fn(&str) -> String,
) -> Vec<&'a Product> {
    let words: Vec<String> = query.search.split_whitespace().map(&lowercase).collect();
    let all = &catalog.products;
    let mut at: Vec<usize> = (0..all.len())
        .filter(|&i| {
            let p = &all[i];
            query
                .category
                .as_ref()
                .is_none_or(|c| p.category.as_ref() == Some(c))
                && matches(p, &words, &lowercase)
        })
        .collect();
    // One stable sort for every order, the one `index.rs` uses (positions, a `dyn`
    // comparison: one copy of it in the wasm, which the `parts` part calls too; the
    // standard library's was about 4 KB raw of the first load, docs/performance.md,
    // session 14). Equal prices and dates keep the seller's order.
    if query.sort != Sort::Featured {
        at = merge_sort(at, &|a, b| {
            let (a, b) = (&all[a], &all[b]);
            match query.sort {
                Sort::PriceDown => b.lowest_price() < a.lowest_price(),
                // Dates are YYYY-MM-DD, so text order is date order; undated products go last.
                Sort::Newest => b.added < a.added,
                Sort::PriceUp | Sort::Featured => a.lowest_price() < b.lowest_price(),
            }
        });
    }
    at.into_iter().map(|i| &all[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_manifest;
    use crate::manifest::CatalogSource;

    fn demo() -> Catalog {
        let m = decode_manifest(include_str!("../../../../public/shop.json"))
            .expect("demo")
            .value;
        match m.catalog {
            CatalogSource::Inline(c) => c,
            CatalogSource::Remote { .. } => panic!("inline"),
        }
    }

    #[test]
    fn search_is_case_insensitive_across_locales_tags_and_skus() {
        let c = demo();
        let q = |s: &str| FeedQuery {
            search: s.into(),
            ..Default::default()
        };
        let jasmine = feed(&c, &q("JASMINE"));
        assert!(jasmine.iter().any(|p| p.id == "jasmine-pearls"));
        assert!(feed(&c, &q("茉莉"))
            .iter()
            .any(|p| p.id == "jasmine-pearls"));
        assert!(feed(&c, &q("zzzz-nothing")).is_empty());
        let sku = &c.products[0].variants[0].sku;
        assert_eq!(
            feed(&c, &q(sku)).first().map(|p| &p.id),
            Some(&c.products[0].id)
        );
    }

    #[test]
    fn search_folds_the_case_of_every_script_with_the_lowercasing_given() {
        let mut c = demo();
        c.products[0].title = crate::text::Text::Plain("ÉTÉ Jasmine ΣΟΦΙΑ".into());
        let q = |s: &str| FeedQuery {
            search: s.into(),
            ..Default::default()
        };
        let first = Some(&c.products[0].id);
        for typed in ["été", "ÉtÉ", "σοφια"] {
            assert_eq!(feed(&c, &q(typed)).first().map(|p| &p.id), first, "{typed}");
        }
        // The storefront passes the browser's lowercasing: the one given is the one used.
        let ascii = feed_lowercased_by(&c, &q("été"), str::to_ascii_lowercase);
        assert!(ascii.is_empty());
        let jasmine = feed_lowercased_by(&c, &q("JASMINE"), str::to_ascii_lowercase);
        assert_eq!(jasmine.first().map(|p| &p.id), first);
    }

    #[test]
    fn category_and_sorts() {
        let c = demo();
        let cat = c.categories[0].id.clone();
        let only = feed(
            &c,
            &FeedQuery {
                category: Some(cat.clone()),
                ..Default::default()
            },
        );
        assert!(!only.is_empty() && only.iter().all(|p| p.category.as_ref() == Some(&cat)));
        let up = feed(
            &c,
            &FeedQuery {
                sort: Sort::PriceUp,
                ..Default::default()
            },
        );
        assert!(up
            .windows(2)
            .all(|w| w[0].lowest_price() <= w[1].lowest_price()));
        let down = feed(
            &c,
            &FeedQuery {
                sort: Sort::PriceDown,
                ..Default::default()
            },
        );
        assert!(down
            .windows(2)
            .all(|w| w[0].lowest_price() >= w[1].lowest_price()));
        let newest = feed(
            &c,
            &FeedQuery {
                sort: Sort::Newest,
                ..Default::default()
            },
        );
        assert!(newest.windows(2).all(|w| w[0].added >= w[1].added));
        // Equal prices and dates keep the seller's order (the sort is stable).
        let at = |p: &Product| c.products.iter().position(|q| q.id == p.id);
        let keeps_order = |sorted: &[&Product], same: fn(&Product, &Product) -> bool| {
            sorted
                .windows(2)
                .all(|w| !same(w[0], w[1]) || at(w[0]) < at(w[1]))
        };
        assert!(keeps_order(&up, |a, b| a.lowest_price() == b.lowest_price()));
        assert!(keeps_order(&down, |a, b| a.lowest_price() == b.lowest_price()));
        assert!(keeps_order(&newest, |a, b| a.added == b.added));
        let featured = feed(&c, &FeedQuery::default());
        assert_eq!(featured.len(), c.products.len());
        assert_eq!(featured[0].id, c.products[0].id);
    }

    #[test]
    fn query_strings_round_trip_through_the_url() {
        let q = FeedQuery {
            search: "green tea".into(),
            category: Some("green".into()),
            sort: Sort::Newest,
        };
        assert_eq!(q.to_query_string(), "q=green%20tea&cat=green&sort=newest");
        assert_eq!(FeedQuery::default().to_query_string(), "");
        assert_eq!(Sort::from_param("bogus"), Sort::Featured);
        assert_eq!(encode("茶&"), "%E8%8C%B6%26");
    }
}
