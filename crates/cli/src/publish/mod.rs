//! `microshop publish`: the shop as a folder any static host serves as it is.
//! One HTML file per route (prerendered first screen, full head for crawlers and
//! link previews), the app's files, the seller's files, a sitemap, robots.txt and
//! precompressed copies. See docs/publishing.md.

mod body;
pub(crate) mod escape;
pub(crate) mod head;
mod headers;
pub(crate) mod image;
mod loader;
// Prices are written by the library (announcements write them too).
use microshop_cli::price as money;
pub mod output;
mod seller;
mod site;
mod template;
mod touch_icon;
mod words;

use crate::check;
use crate::source::{site_path, Source};
use head::{Head, Kind};
use microshop_core::CatalogSource;
use site::{summary, Base, Icons, Site};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use template::{Fill, Template};
use words::Msg;

/// What `publish` needs.
pub struct Options {
    /// The shop manifest (a local file: its images are copied from beside it).
    pub manifest: PathBuf,
    /// The folder to write.
    pub out: PathBuf,
    /// Where the folder will be served: `https://example.github.io/teashop/`.
    pub base_url: String,
    /// The built storefront (Trunk's output).
    pub dist: PathBuf,
    /// Who may show the shop in a frame (the `_headers` file's frame-ancestors).
    pub framing: crate::csp::Framing,
}

/// What was written, for the closing message.
pub struct Published {
    pub pages: usize,
    pub files: usize,
    pub compressed: usize,
    pub base_url: String,
}

/// Files `publish` writes itself; a seller file at one of these paths would be lost.
const GENERATED: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "_headers",
    output::MARKER,
];

pub fn run(options: &Options) -> Result<Published, String> {
    let base = Base::parse(&options.base_url)?;
    let manifest_arg = options.manifest.to_string_lossy();
    if manifest_arg.starts_with("http://") || manifest_arg.starts_with("https://") {
        return Err(format!(
            "{manifest_arg}: publish reads a local manifest (its images are copied from beside it)"
        ));
    }
    // Everything is read and checked before the output folder is touched.
    let source = Source::File(options.manifest.clone());
    let (shop, sheet) = check::load_with_sheet(&source, true).map_err(|rejected| {
        let mut message = format!(
            "{} has {} problem(s); fix them first (microshop check lists them):",
            options.manifest.display(),
            rejected.errors.len()
        );
        for e in microshop_core::problem::group(&rejected.errors)
            .iter()
            .take(20)
        {
            message.push_str(&format!("\n  {e}"));
        }
        message
    })?;
    // A spreadsheet catalog is published inside shop.json, as the JSON the
    // storefront reads; the sheet itself stays with the seller.
    let manifest_json = match &sheet {
        Some(sheet) => {
            let text = source.read()?;
            Some(
                check::with_catalog_inline(&text, &sheet.json).ok_or_else(|| {
                    format!(
                        "{}: cannot put the catalog in it",
                        options.manifest.display()
                    )
                })?,
            )
        }
        None => None,
    };
    let template = Template::load(&options.dist, &base.path)?;
    let seller_dir = options
        .manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let seller_files = seller_files(&shop, sheet.is_some())?;
    let mut sizes = BTreeMap::new();
    for relative in &seller_files {
        let path = seller_dir.join(relative);
        let bytes =
            std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        if let Some(size) = image::size_of(relative, &bytes) {
            sizes.insert(relative.clone(), size);
        }
    }
    let icons = icons(&shop.manifest, &seller_dir)?;

    output::prepare(&options.out, &[&options.manifest, &options.dist])?;
    let out = options.out.as_path();
    let mut files = 0;
    // The app's files: everything Trunk wrote but its index.html (every page is
    // made from it) and its own precompressed copies (made again from the final files).
    for relative in output::files_under(&options.dist)? {
        if relative == "index.html" || relative.ends_with(".br") || relative.ends_with(".gz") {
            continue;
        }
        output::copy(&options.dist.join(&relative), out, &relative)?;
        files += 1;
    }
    // The seller's files, over the app's (dist holds the demo's shop.json).
    match &manifest_json {
        Some(json) => output::write(out, "shop.json", json.as_bytes())?,
        None => output::copy(&options.manifest, out, "shop.json")?,
    }
    for relative in &seller_files {
        output::copy(&seller_dir.join(relative), out, relative)?;
        files += 1;
    }
    match (&icons.touch, &icons.touch_png) {
        (Some(touch), Some(png)) => output::write(out, touch, png)?,
        (Some(touch), None) if touch == "apple-touch-icon.png" => {
            let avatar = shop.manifest.seller.avatar.as_deref().and_then(site_path);
            if let Some(avatar) = avatar {
                output::copy(&seller_dir.join(avatar), out, touch)?;
            }
        }
        _ => {}
    }

    let site = Site::new(
        &base,
        &shop.manifest,
        &shop.catalog,
        &sizes,
        &icons,
        template.theme_color.clone(),
    );
    let pages = pages(&site);
    let filled: Vec<(&String, String)> = pages
        .iter()
        .map(|(file, head, boot)| {
            let html = template.fill(&Fill {
                lang: site.locale,
                html_attributes: &shop.manifest.theme.attributes(),
                head: &head::head_tags(&site, head),
                head_end: &head::head_end_tags(&site, head),
                boot: boot.as_deref(),
            });
            (file, html)
        })
        .collect();
    // One policy for the whole site: every page's inline scripts by hash, the
    // origins the shop's file names.
    let mut policy = crate::csp::Policy::default();
    policy.add_shop(&shop);
    for (_, html) in &filled {
        policy.add_page(html);
    }
    for (file, html) in &filled {
        output::write(out, file, headers::with_meta(html, &policy).as_bytes())?;
    }
    output::write(
        out,
        "_headers",
        headers::headers_file(&base.path, &policy, &options.framing).as_bytes(),
    )?;
    output::write(out, "sitemap.xml", sitemap(&site).as_bytes())?;
    output::write(
        out,
        "robots.txt",
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            base.url_of("sitemap.xml")
        )
        .as_bytes(),
    )?;
    let marker = output::Marker {
        note: "Written by microshop publish, which empties this folder when it publishes again."
            .to_owned(),
        base_url: base.url_of(""),
        base_path: base.path.clone(),
    };
    let marker = serde_json::to_string_pretty(&marker).map_err(|e| e.to_string())?;
    output::write(out, output::MARKER, marker.as_bytes())?;
    let compressed = output::precompress(out)?;
    Ok(Published {
        pages: pages.len(),
        files: files + pages.len() + 2,
        compressed,
        base_url: base.url_of(""),
    })
}

/// The site paths of the seller's files: the separate catalog (if local and not a
/// spreadsheet, which goes inside shop.json), the avatar, the payment QR, every
/// product image. Refuses one that a generated file would overwrite.
fn seller_files(shop: &check::Shop, from_sheet: bool) -> Result<BTreeSet<String>, String> {
    let manifest = &shop.manifest;
    let catalog = match &manifest.catalog {
        CatalogSource::Remote { url } if !from_sheet => Some(url.as_str()),
        _ => None,
    };
    let named = [
        catalog,
        manifest.seller.avatar.as_deref(),
        manifest.payment.as_ref().and_then(|p| p.qr.as_deref()),
        manifest.theme.stylesheet.as_deref(),
    ]
    .into_iter()
    .flatten()
    .chain(manifest.theme.fonts.iter().map(|f| f.src.as_str()))
    .chain(
        shop.catalog
            .products
            .iter()
            .flat_map(|p| p.images.iter().map(String::as_str)),
    );
    let mut files = BTreeSet::new();
    for reference in named {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            continue;
        }
        let Some(path) = site_path(reference) else {
            continue;
        };
        let first = path.split('/').next().unwrap_or("");
        if GENERATED.contains(&path.as_str())
            || path == "shop.json"
            || (path.contains('/') && ["p", "c", "cart", "checkout", "order"].contains(&first))
        {
            return Err(format!(
                "\"{reference}\" in the manifest would be overwritten by a published page or file; \
                 move it (for example into images/)"
            ));
        }
        files.insert(path);
    }
    Ok(files)
}

/// The favicon is the avatar itself when a browser can show it (SVG or PNG). The
/// touch icon (what a phone shows for a saved shortcut) is a PNG: a PNG avatar as it
/// is, a JPEG one linked as it is, an SVG one drawn at 180x180 on white (iOS takes
/// no SVG there).
fn icons(manifest: &microshop_core::Manifest, seller_dir: &Path) -> Result<Icons, String> {
    let mut icons = Icons::default();
    let Some(avatar) = manifest.seller.avatar.as_deref().and_then(site_path) else {
        return Ok(icons);
    };
    let path = seller_dir.join(&avatar);
    let bytes = std::fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    match image::mime(&avatar, &bytes) {
        Some(mime @ ("image/svg+xml" | "image/png")) => {
            icons.favicon = Some((avatar.clone(), mime));
            icons.touch = Some("apple-touch-icon.png".to_owned());
            if mime == "image/svg+xml" {
                icons.touch_png = Some(touch_icon::from_svg(&bytes).map_err(|e| {
                    format!("{}: cannot draw it as a touch icon: {e}", path.display())
                })?);
            }
        }
        Some("image/jpeg") => icons.touch = Some(avatar),
        _ => {}
    }
    Ok(icons)
}

/// Every page: its file, its head, and its prerendered first screen (`None` keeps
/// the template's loading skeleton).
fn pages<'a>(site: &Site<'a>) -> Vec<(String, Head<'a>, Option<String>)> {
    let seller = site.seller_name();
    let shop_description = site
        .manifest
        .seller
        .bio
        .as_ref()
        .map_or_else(|| seller.to_owned(), |bio| summary(site.text(bio)));
    let titled = |what: &str| format!("{what} · {seller}");
    let mut pages = vec![(
        "index.html".to_owned(),
        Head {
            route: String::new(),
            title: seller.to_owned(),
            description: shop_description.clone(),
            kind: Kind::Shop,
        },
        Some(body::feed_page(site, None)),
    )];
    for category in &site.catalog.categories {
        let route = body::category_route(category);
        pages.push((
            format!("{route}index.html"),
            Head {
                route,
                title: titled(site.text(&category.name)),
                description: shop_description.clone(),
                kind: Kind::Shop,
            },
            Some(body::feed_page(site, Some(category))),
        ));
    }
    for product in &site.catalog.products {
        let route = body::product_route(product);
        let description = product
            .description
            .as_ref()
            .map_or_else(|| shop_description.clone(), |d| summary(site.text(d)));
        pages.push((
            format!("{route}index.html"),
            Head {
                route,
                title: titled(site.text(&product.title)),
                description,
                kind: Kind::Product(product),
            },
            Some(body::product_page(site, product)),
        ));
    }
    let w = site.words;
    for (route, name) in [
        ("cart/", w.t(Msg::Cart)),
        ("checkout/", w.t(Msg::Checkout)),
        ("order/", w.t(Msg::TextOrder)),
    ] {
        pages.push((
            format!("{route}index.html"),
            Head {
                route: route.to_owned(),
                title: titled(name),
                description: shop_description.clone(),
                kind: Kind::Private,
            },
            None,
        ));
    }
    pages.push((
        "404.html".to_owned(),
        Head {
            route: String::new(),
            title: seller.to_owned(),
            description: shop_description,
            kind: Kind::Private,
        },
        None,
    ));
    pages
}

/// The feed, the categories and the products, with `lastmod` from `added`.
fn sitemap(site: &Site) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut url = |route: &str, added: Option<&str>| {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            escape::html(&site.base.url_of(route))
        ));
        if let Some(date) = added.filter(|d| is_date(d)) {
            out.push_str(&format!("<lastmod>{date}</lastmod>"));
        }
        out.push_str("</url>\n");
    };
    url("", None);
    for category in &site.catalog.categories {
        url(&body::category_route(category), None);
    }
    for product in &site.catalog.products {
        url(&body::product_route(product), product.added.as_deref());
    }
    out.push_str("</urlset>\n");
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
