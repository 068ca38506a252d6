//! The sitemap: every public page, with `lastmod` from a product's `added`. The
//! protocol allows 50,000 URLs (and 50 MB) in one file; past that, `sitemap.xml`
//! becomes a sitemap index naming `sitemap-1.xml`, `sitemap-2.xml`, ... (a page's
//! URL is at most a few hundred bytes, so the count is always the limit that bites).

use super::body;
use super::escape;
use super::site::Site;

/// URLs in one sitemap file, the protocol's limit.
pub const URLS_PER_FILE: usize = 50_000;

const URLSET: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";

/// The sitemap files, by name: `sitemap.xml` alone, or the index and its parts.
pub fn sitemaps(site: &Site, per_file: usize) -> Vec<(String, String)> {
    let mut urls = vec![url(site, "", None)];
    for category in &site.catalog.categories {
        urls.push(url(site, &body::category_route(category), None));
    }
    for product in &site.catalog.products {
        urls.push(url(
            site,
            &body::product_route(product),
            product.added.as_deref(),
        ));
    }
    let per_file = per_file.max(1);
    if urls.len() <= per_file {
        return vec![("sitemap.xml".to_owned(), urlset(&urls))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (n, part) in urls.chunks(per_file).enumerate() {
        let name = format!("sitemap-{}.xml", n + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc></sitemap>\n",
            escape::html(&site.base.url_of(&name))
        ));
        files.push((name, urlset(part)));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, ("sitemap.xml".to_owned(), index));
    files
}

fn urlset(urls: &[String]) -> String {
    let mut out = String::from(URLSET);
    for u in urls {
        out.push_str(u);
    }
    out.push_str("</urlset>\n");
    out
}

fn url(site: &Site, route: &str, added: Option<&str>) -> String {
    let mut out = format!(
        "  <url><loc>{}</loc>",
        escape::html(&site.base.url_of(route))
    );
    if let Some(date) = added.filter(|d| is_date(d)) {
        out.push_str(&format!("<lastmod>{date}</lastmod>"));
    }
    out.push_str("</url>\n");
    out
}

/// `YYYY-MM-DD`, the W3C date a sitemap's lastmod takes.
fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::publish::site::{Base, Icons};
    use microshop_core::{decode_manifest, CatalogSource};
    use std::collections::BTreeMap;

    #[test]
    fn past_the_limit_the_sitemap_becomes_an_index_of_parts() {
        let manifest = decode_manifest(include_str!("../../../../public/shop.json"))
            .expect("demo")
            .value;
        let CatalogSource::Inline(catalog) = manifest.catalog.clone() else {
            panic!("the demo's catalog is inline")
        };
        let base = Base::parse("https://shop.example/tea/").expect("base");
        let (sizes, icons) = (BTreeMap::new(), Icons::default());
        let site = Site::new(&base, &manifest, &catalog, &sizes, &icons, None);
        let urls = 1 + catalog.categories.len() + catalog.products.len();

        let one = sitemaps(&site, urls);
        assert_eq!(one.len(), 1, "at the limit: one file");
        assert_eq!(one[0].0, "sitemap.xml");
        assert_eq!(one[0].1.matches("<url>").count(), urls);

        let parts = sitemaps(&site, 10);
        let names: Vec<&str> = parts.iter().map(|(n, _)| n.as_str()).collect();
        let expected = urls.div_ceil(10);
        assert_eq!(names.len(), expected + 1);
        assert_eq!(names[0], "sitemap.xml");
        let index = &parts[0].1;
        assert!(index.contains("<sitemapindex "), "{index}");
        for (n, (name, xml)) in parts.iter().skip(1).enumerate() {
            assert_eq!(name, &format!("sitemap-{}.xml", n + 1));
            assert!(index.contains(&format!(
                "<loc>https://shop.example/tea/sitemap-{}.xml</loc>",
                n + 1
            )));
            assert!(xml.matches("<url>").count() <= 10);
        }
        let listed: usize = parts
            .iter()
            .skip(1)
            .map(|(_, xml)| xml.matches("<url>").count())
            .sum();
        assert_eq!(listed, urls, "every page once");
        assert_eq!(URLS_PER_FILE, 50_000, "the protocol's limit");
    }
}
