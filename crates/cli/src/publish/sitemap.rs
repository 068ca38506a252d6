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
