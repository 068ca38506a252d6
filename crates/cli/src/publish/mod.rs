//! `microshop publish`: the shop as a folder any static host serves as it is.
//! One HTML file per route (prerendered first screen, full head for crawlers and
//! link previews), the app's files, the seller's files, the catalog in parts for the
//! storefront, raster link previews, static oEmbed answers, sitemaps, robots.txt and
//! precompressed copies. Written on every core at once; a publish into an earlier
//! output rewrites only what changed (record.rs). See docs/publishing.md.

mod body;
mod data;
pub(crate) mod escape;
mod figures;
pub(crate) mod head;
mod headers;
pub(crate) mod image;
mod loader;
mod offline;
// Prices are written by the library (announcements write them too).
use microshop_cli::price as money;
pub mod output;
mod pages;
pub mod preview;
pub mod progress;
mod record;
mod reviews;
mod seller;
mod site;
mod sitemap;
pub(crate) mod sources;
mod template;
mod touch_icon;
mod words;
mod writer;

use crate::check;
use crate::source::{site_path, Source};
use microshop_core::Product;
use progress::Progress;
use rayon::prelude::*;
use record::sha256;
use serde_json::Value;
use site::{Base, Site};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use template::Template;
use writer::{Copies, Writer};

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
    /// When to show progress on stderr.
    pub progress: progress::When,
    /// The process ends right after publishing (the `microshop publish` command):
    /// the parsed shop is then left to the system rather than freed piece by piece
    /// (about a tenth of a one-product republish's CPU at 10,000 products). A server
    /// that publishes (the desk) passes `false`.
    pub exits_after: bool,
    /// Who may show the shop in a frame (the `_headers` file's frame-ancestors).
    pub framing: crate::csp::Framing,
    /// The shop's receipt keys, written at `.well-known/microshop-receipt-key.json`
    /// for a static host (`--receipt-key`; docs/trust.md). `serve` answers that
    /// path itself, so the desk's republish passes none.
    pub receipt_keys: Option<microshop_cli::receipt::PublicKeys>,
    /// serve's store, to prerender each product's first reviews from
    /// (docs/trust.md "Reviews on published pages"). `None`: no reviews on the
    /// pages, as for a shop without serve.
    pub reviews_from: Option<ReviewsFrom>,
    /// The files the command was given as its own (`--receipt-key`, a SQLite
    /// database, notify.json): a manifest naming one is refused, never published.
    pub private: crate::private_files::PrivateFiles,
}

/// Where publish reads reviews from.
#[derive(Clone)]
pub struct ReviewsFrom {
    pub store: std::sync::Arc<crate::store::Store>,
    /// Whether a shop that does not name serve's API is refused (`--reviews-from`,
    /// asked for by the seller) or published without reviews (serve's own
    /// republish and export, which publish every shop serve serves).
    pub required: bool,
}

/// What was written, for the closing message.
pub struct Published {
    pub pages: usize,
    /// Files published (their compressed copies not counted).
    pub files: usize,
    pub compressed: usize,
    pub base_url: String,
    /// What this publish changed in the folder.
    pub written: writer::Written,
    /// Under a base path, the hint that crawlers read only the host's root
    /// `robots.txt`, with the line to add there (publish writes nothing outside its
    /// folder, so the `robots.txt` it writes under the base path is never read).
    pub robots_hint: Option<String>,
    /// What was published otherwise than the seller would expect, each naming its
    /// file (a picture resvg cannot draw: no link preview, no icons).
    pub warnings: Vec<String>,
}

/// Files `publish` writes itself; a seller file at one of these paths would be lost.
const GENERATED: &[&str] = &[
    "index.html",
    "404.html",
    "sitemap.xml",
    "robots.txt",
    "_headers",
    output::MARKER,
    record::RECORD,
    RECEIPT_KEYS,
    offline::WORKER,
    offline::WEB_MANIFEST,
    offline::DRAWN_ICONS[0].1,
    offline::DRAWN_ICONS[1].1,
];

/// Where `--receipt-key` puts the public keys, under the site's base path.
const RECEIPT_KEYS: &str = ".well-known/microshop-receipt-key.json";

/// Folders `publish` writes into; a seller file in one would be overwritten.
const GENERATED_FOLDERS: &[&str] = &[
    "p", "c", "cart", "checkout", "order", "receipt", "data", "oembed", "previews",
];

/// One file to publish.
enum Job<'a> {
    /// One of the app's files in dist.
    App(String),
    /// Bytes made or read already, compressed when they are text
    /// ([`copies_of`]).
    Bytes(String, Vec<u8>),
    /// Bytes made already that get no compressed copies: a product page whose
    /// inputs are not recorded (a shop read whole).
    Plain(String, Vec<u8>),
    /// A seller's file, read already.
    Seller(&'a (String, Vec<u8>)),
    /// The raster preview of an SVG picture (its site path).
    Preview(String),
    /// The oEmbed answer for a product.
    Embed(&'a Product),
    /// A product page: rendered already (`html`) when its inputs changed, else only
    /// when the written one cannot be kept (`Writer::page`).
    Page {
        page: &'a pages::Page<'a>,
        inputs: String,
        scripts: Vec<String>,
        html: Option<String>,
    },
}

impl Job<'_> {
    /// Where the job writes, in the output folder.
    fn path(&self) -> String {
        match self {
            Job::App(relative)
            | Job::Bytes(relative, _)
            | Job::Plain(relative, _)
            | Job::Seller((relative, _)) => relative.clone(),
            Job::Preview(picture) => preview::path_of(picture),
            Job::Embed(product) => head::oembed_file(product),
            Job::Page { page, .. } => page.file.clone(),
        }
    }
}

pub fn run(options: &Options) -> Result<Published, String> {
    let progress = Progress::new(options.progress);
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
    progress.say(&format!("checked {} products", shop.catalog.products.len()));
    // The manifest as the storefront reads it: a spreadsheet catalog is published
    // inside shop.json, as JSON; the sheet itself stays with the seller.
    let text = source.read()?;
    let storefront_text = match &sheet {
        Some(sheet) => check::with_catalog_inline(&text, &sheet.json).ok_or_else(|| {
            format!(
                "{}: cannot put the catalog in it",
                options.manifest.display()
            )
        })?,
        None => text,
    };
    // Parsed once (16 MB for 10,000 products): the catalog in parts is taken out of it
    // rather than cloned, and the rest is the manifest of `data/shop.json`.
    let mut manifest_value: Value = serde_json::from_str(
        storefront_text
            .strip_prefix('\u{feff}')
            .unwrap_or(&storefront_text),
    )
    .map_err(|e| format!("{}: {e}", options.manifest.display()))?;
    let parts = sources::catalog_parts(&source, &shop, sheet.is_some(), &mut manifest_value)?;
    let template = Template::load(&options.dist, &base.path)?;
    let seller_dir = options
        .manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let seller_folder = sources::seller_folder(&seller_dir)?;
    let seller_files: Vec<(String, Vec<u8>)> = sources::seller_files(&shop, sheet.is_some())?
        .into_par_iter()
        .map(|relative| {
            options
                .private
                .refuse(&relative, &seller_dir.join(&relative))?;
            sources::read_seller_file(&seller_dir, &seller_folder, &relative)
                .map(|bytes| (relative, bytes))
        })
        .collect::<Result<_, _>>()?;
    let sizes: BTreeMap<String, image::Size> = seller_files
        .iter()
        .filter_map(|(relative, bytes)| Some((relative.clone(), image::size_of(relative, bytes)?)))
        .collect();
    let (icons, mut warnings) = sources::icons(&shop.manifest, &seller_dir)?;
    // What the last publish into the folder wrote (read only: the folder is changed
    // once everything is made): pages whose inputs it recorded unchanged need not be
    // rendered again, previews it drew from the same picture need not be tried again.
    let inputs_to_check: [&Path; 2] = [&options.manifest, &options.dist];
    let last = output::examine(&options.out, &inputs_to_check)?;
    // Each SVG picture a page shows in its link preview gets a raster preview.
    let svg_pictures: BTreeMap<&str, &[u8]> = seller_files
        .iter()
        .filter(|(relative, bytes)| image::mime(relative, bytes) == Some("image/svg+xml"))
        .map(|(relative, bytes)| (relative.as_str(), bytes.as_slice()))
        .collect();
    let wanted: BTreeSet<String> = shop
        .catalog
        .products
        .iter()
        .filter_map(|p| p.images.first())
        .chain(shop.manifest.seller.avatar.as_ref())
        .filter_map(|reference| site_path(reference))
        .filter(|path| svg_pictures.contains_key(path.as_str()))
        .collect();
    // A picture resvg cannot read (`check` does not draw pictures) gets no preview:
    // its pages have no og:image, with a warning, rather than no publish at all.
    // Read before the pages are made (they name the previews); a preview the last
    // publish drew from the same bytes is known to draw.
    let tried: Vec<(String, Result<String, String>)> = wanted
        .into_par_iter()
        .map(|path| {
            let svg = svg_pictures.get(path.as_str()).copied().unwrap_or_default();
            let preview = preview::path_of(&path);
            let from = preview::drawn_from(svg);
            let drawn_before = last
                .as_ref()
                .and_then(|r| r.files.get(&preview))
                .is_some_and(|e| e.from.as_deref() == Some(from.as_str()));
            let readable = if drawn_before {
                Ok(())
            } else {
                preview::readable(svg)
            };
            (path, readable.map(|()| preview))
        })
        .collect();
    let mut previews: BTreeMap<String, String> = BTreeMap::new();
    let mut without_preview: BTreeSet<String> = BTreeSet::new();
    for (path, tried) in tried {
        match tried {
            Ok(preview) => {
                previews.insert(path, preview);
            }
            Err(e) => {
                warnings.push(format!(
                    "{path}: cannot draw its link preview ({e}); pages showing it first have no \
                     og:image until the picture is fixed"
                ));
                without_preview.insert(path);
            }
        }
    }

    let mut site = Site::new(
        &base,
        &shop.manifest,
        &shop.catalog,
        &sizes,
        &icons,
        template.theme_color.clone(),
    );
    site.previews = previews;
    site.without_preview = without_preview;
    // A large catalog's pages point the storefront at the parts (the first page of
    // the feed, the page's own product); a small shop's pages load the whole
    // shop.json, one file, as before. The parts are written either way.
    site.split = parts.is_some() && shop.catalog.products.len() > data::SPLIT_ABOVE;
    if let Some(from) = &options.reviews_from {
        // The storefront shows reviews only in a shop that names serve's buyer API;
        // reviews on a page the app then drops would be markup for reviews no reader
        // sees once the app runs.
        if shop.manifest.trust.is_some() {
            site.reviews = reviews::read(&from.store, &shop.manifest.id, &shop.catalog.products)?;
            site.figures = Some(figures::read(
                &from.store,
                &shop.manifest.id,
                crate::store::now_ms(),
            )?);
            progress.say(&format!(
                "read the reviews of {} products",
                site.reviews.len()
            ));
        } else if from.required {
            return Err(format!(
                "{}: reviews are shown only in a shop whose manifest names serve's API, \
                 \"trust\": {{\"api\": \"/api/\"}} (docs/manifest.md); add it, or publish without --reviews-from",
                options.manifest.display()
            ));
        }
    }
    let pages = pages::pages(&site);

    let mut jobs: Vec<Job> = Vec::new();
    // The app's files: everything Trunk wrote but its index.html (every page is
    // made from it) and its own precompressed copies (reused when they are of the
    // same bytes).
    for relative in output::files_under(&options.dist)? {
        if relative == "index.html" || relative.ends_with(".br") || relative.ends_with(".gz") {
            continue;
        }
        jobs.push(Job::App(relative));
    }
    // The seller's files, over the app's.
    jobs.push(Job::Bytes(
        "shop.json".to_owned(),
        storefront_text.clone().into_bytes(),
    ));
    jobs.extend(seller_files.iter().map(Job::Seller));
    match (&icons.touch, &icons.touch_png) {
        (Some(touch), Some(png)) => jobs.push(Job::Bytes(touch.clone(), png.clone())),
        (Some(touch), None) if touch == "apple-touch-icon.png" => {
            if let Some(avatar) = shop.manifest.seller.avatar.as_deref().and_then(site_path) {
                let bytes = sources::read_seller_file(&seller_dir, &seller_folder, &avatar)?;
                jobs.push(Job::Bytes(touch.clone(), bytes));
            }
        }
        _ => {}
    }
    jobs.extend(
        icons
            .app_png
            .iter()
            .map(|(path, png)| Job::Bytes(path.clone(), png.clone())),
    );
    jobs.push(Job::Bytes(
        offline::WEB_MANIFEST.to_owned(),
        offline::web_manifest(&site, &icons.app).into_bytes(),
    ));
    let site_inputs = parts.as_ref().and_then(|catalog| {
        pages::site_inputs(&site, &template, &manifest_value, catalog.get("categories"))
    });
    let data_files = match &parts {
        Some(catalog_json) => data::files(
            manifest_value,
            catalog_json,
            &shop.catalog,
            shop.manifest.currency,
        )?,
        None => Vec::new(),
    };
    let product_data: HashMap<&str, &[u8]> = data_files
        .iter()
        .filter_map(|(relative, bytes)| {
            let id = relative
                .strip_prefix(data::PRODUCT_FILES)?
                .strip_suffix(".json")?;
            Some((id, bytes.as_slice()))
        })
        .collect();
    // Pages are rendered first: one Content-Security-Policy for the whole site holds
    // every page's inline scripts by hash, and each page carries it. A product page
    // whose inputs the record holds unchanged gives its script hashes from there.
    progress.say(&format!("rendering {} pages", pages.len()));
    let made = pages::make(
        &pages,
        &site,
        &template,
        site_inputs.as_deref(),
        &product_data,
        last.as_ref().map(|r| &r.files),
    );
    drop(product_data);
    let mut policy = crate::csp::Policy::default();
    policy.add_shop(&shop);
    for made in &made {
        policy.script_hashes.extend(made.scripts.iter().cloned());
    }
    let policy_sha = sha256(policy.meta().as_bytes());
    let same_policy = last.as_ref().and_then(|r| r.policy.as_ref()) == Some(&policy_sha);
    jobs.extend(
        made.into_par_iter()
            .zip(pages.par_iter())
            .map(|(made, page)| match (made.inputs, made.html) {
                (Some(inputs), html) => Job::Page {
                    page,
                    inputs,
                    scripts: made.scripts,
                    html,
                },
                (None, html) => {
                    let html = html.unwrap_or_else(|| page.render(&site, &template));
                    let bytes = headers::with_meta(&html, &policy).into_bytes();
                    if matches!(page.screen, pages::Screen::Product(_)) {
                        Job::Plain(page.file.clone(), bytes)
                    } else {
                        Job::Bytes(page.file.clone(), bytes)
                    }
                }
            })
            .collect::<Vec<_>>(),
    );
    jobs.push(Job::Bytes(
        "_headers".to_owned(),
        headers::headers_file(&base.path, &policy, &options.framing).into_bytes(),
    ));
    jobs.extend(
        data_files
            .into_iter()
            .map(|(relative, bytes)| Job::Bytes(relative, bytes)),
    );
    jobs.extend(site.previews.keys().cloned().map(Job::Preview));
    jobs.extend(shop.catalog.products.iter().map(Job::Embed));
    for (name, xml) in sitemap::sitemaps(&site, sitemap::URLS_PER_FILE) {
        jobs.push(Job::Bytes(name, xml.into_bytes()));
    }
    if let Some(keys) = &options.receipt_keys {
        let text = serde_json::to_string_pretty(keys).map_err(|e| e.to_string())? + "\n";
        jobs.push(Job::Bytes(RECEIPT_KEYS.to_owned(), text.into_bytes()));
    }
    jobs.push(Job::Bytes(
        "robots.txt".to_owned(),
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            base.url_of("sitemap.xml")
        )
        .into_bytes(),
    ));
    // The loader's Intl warm-up worker (loader.rs), named by its hash like the app's files.
    let warm = loader::intl_warm_file();
    jobs.push(Job::Bytes(
        warm.clone(),
        loader::INTL_WARM.as_bytes().to_vec(),
    ));

    // The app's files give way to what publish writes for this shop (dist holds the
    // demo's shop.json, images and robots.txt): two jobs must never write one file.
    let claimed: BTreeSet<String> = jobs
        .iter()
        .filter(|j| !matches!(j, Job::App(_)))
        .map(Job::path)
        .collect();
    jobs.retain(|j| !matches!(j, Job::App(relative) if claimed.contains(relative)));
    // The offline shell's worker, with the app files it keeps from the start.
    let mut precached: Vec<String> = jobs
        .iter()
        .filter_map(|j| match j {
            Job::App(relative) if offline::precached(relative) => Some(relative.clone()),
            _ => None,
        })
        .collect();
    precached.push(warm);
    precached.sort();
    // The shop's data and the first screen's pictures, so a shop visited once shows
    // its feed offline even when the worker took over after the page had loaded them.
    // A shop read in parts keeps the file its pages open (the feed's first page), not
    // the whole shop.json they never read (4 MB for 10,000 products).
    precached.push(
        if site.split {
            "data/shop.json"
        } else {
            "shop.json"
        }
        .to_owned(),
    );
    let pictures: BTreeSet<String> = shop
        .manifest
        .seller
        .avatar
        .iter()
        .chain(
            shop.catalog
                .products
                .iter()
                .take(offline::FIRST_PICTURES)
                .filter_map(|p| p.images.first()),
        )
        .filter_map(|reference| site_path(reference))
        .collect();
    precached.extend(pictures);
    jobs.push(Job::Bytes(
        offline::WORKER.to_owned(),
        offline::worker(&base, &precached).into_bytes(),
    ));

    let last = output::prepare(&options.out, last)?;
    let out = options.out.as_path();
    let writer = Writer::new(out, last, &progress);
    // The marker first: a publish stopped half-way leaves a folder the next one may
    // clean up.
    let marker = output::Marker {
        note: "Written by microshop publish, which replaces this folder's files when it publishes again."
            .to_owned(),
        base_url: base.url_of(""),
        base_path: base.path.clone(),
    };
    let marker = serde_json::to_string_pretty(&marker).map_err(|e| e.to_string())?;
    progress.expect(jobs.len() + 1);
    writer.put(output::MARKER, marker.as_bytes(), Copies::None)?;
    progress.say(&format!("writing {} files", jobs.len() + 1));
    let svg_pictures = &svg_pictures;
    jobs.par_iter().try_for_each(|job| match job {
        Job::App(relative) => {
            let bytes = std::fs::read(options.dist.join(relative)).map_err(|e| {
                format!("cannot read {}: {e}", options.dist.join(relative).display())
            })?;
            let copies = app_copies(&options.dist, relative, &bytes);
            writer.put(relative, &bytes, copies)
        }
        Job::Bytes(relative, bytes) | Job::Seller((relative, bytes)) => {
            writer.put(relative, bytes, copies_of(relative, site.split))
        }
        Job::Plain(relative, bytes) => writer.put(relative, bytes, Copies::None),
        Job::Page {
            page,
            inputs,
            scripts,
            html,
        } => writer.page(&page.file, inputs, scripts, same_policy, || {
            let html = match html {
                Some(html) => headers::with_meta(html, &policy),
                None => headers::with_meta(&page.render(&site, &template), &policy),
            };
            html.into_bytes()
        }),
        Job::Preview(picture) => {
            let svg = svg_pictures
                .get(picture.as_str())
                .ok_or_else(|| format!("{picture}: the picture went missing"))?;
            let from = preview::drawn_from(svg);
            writer.derive(&preview::path_of(picture), &from, || {
                preview::draw(svg)
                    .map_err(|e| format!("{picture}: cannot draw its link preview: {e}"))
            })
        }
        Job::Embed(product) => {
            let answer = embed(&site, product).to_string();
            // Read by other sites' servers, once per pasted link: not worth 20,000
            // compressed copies in a 10,000-product shop.
            writer.put(&head::oembed_file(product), answer.as_bytes(), Copies::None)
        }
    })?;
    let files = jobs.len() + 1;
    let written = writer.finish(&[], Some(policy_sha))?;
    progress.say("done");
    let page_count = pages.len();
    if options.exits_after {
        // Freeing the parsed 16 MB manifest of a 10,000-product shop, node by node,
        // was about a tenth of a one-product republish; the process ends now.
        drop(jobs);
        drop(pages);
        std::mem::forget(parts);
        std::mem::forget(shop);
    }
    Ok(Published {
        pages: page_count,
        files,
        compressed: written.compressed,
        base_url: base.url_of(""),
        written,
        robots_hint: (base.path != "/").then(|| {
            format!(
                "crawlers read only {}/robots.txt, not the one in this folder: add this line to it\n  Sitemap: {}",
                base.origin,
                base.url_of("sitemap.xml")
            )
        }),
        warnings,
    })
}

/// Which files get `.br`/`.gz` copies. The rule: **none for a file there is one of
/// per product** (its page, its `data/p/` file, its oEmbed answer: 30,000 files in
/// a 10,000-product shop, and creating files is what a large publish's time goes
/// to, docs/performance.md "Publishing at scale"); copies, made fast
/// (`writer::FAST`), for every other text file, whose number does not grow with the
/// products, or grows by one per thousand (the app's wasm, JS and CSS at the best
/// quality, `app_copies`; the feed and category pages, `data/shop.json`, the cards,
/// the sku shards, the sitemaps). A product page is 7 KB of HTML (2.2 KB brotli): a
/// host that compresses on the fly (`serve --site` does; GitHub Pages, Netlify,
/// Cloudflare do for everything) sends it compressed anyway, and hosts that use
/// copies only ever save the on-the-fly compression of small files. Product pages
/// are not put here: `Writer::page` and `Job::Plain` write them without copies.
/// Nor does the whole `shop.json` of a shop read in parts (`split`) get copies: its
/// pages and offline worker read `data/`, never it, and compressing it again (16 MB
/// at 10,000 products) was a sixth of a one-product republish.
fn copies_of(relative: &str, split: bool) -> Copies {
    if output::is_compressible(relative)
        && !relative.starts_with(data::PRODUCT_FILES)
        && !(split && relative == "shop.json")
    {
        Copies::Fast
    } else {
        Copies::None
    }
}

/// An app file's copies: Trunk's own when they decode to the same bytes (the build
/// made them at brotli's best quality already), else made at the best quality.
fn app_copies(dist: &Path, relative: &str, bytes: &[u8]) -> Copies {
    if !output::is_compressible(relative) {
        return Copies::None;
    }
    let given = |ext: &str, decode: fn(&[u8]) -> Option<Vec<u8>>| {
        std::fs::read(dist.join(format!("{relative}.{ext}")))
            .ok()
            .filter(|c| decode(c).as_deref() == Some(bytes))
    };
    match (given("br", output::unbrotli), given("gz", output::ungzip)) {
        (Some(br), Some(gz)) => Copies::Given { br, gz },
        _ => Copies::Best,
    }
}

/// A product's oEmbed answer, as `microshop serve` gives it for the product's URL.
fn embed(site: &Site, product: &Product) -> Value {
    let thumbnail = product
        .images
        .first()
        .and_then(|i| site.preview(i))
        .and_then(|(url, size)| size.map(|(w, h)| (url, w, h)));
    crate::serve::oembed::body(
        &crate::serve::oembed::Embedded {
            title: site.text(&product.title).to_owned(),
            seller: site.seller_name().to_owned(),
            shop_url: site.base.url_of(""),
            page_url: site.base.url_of(&body::product_route(product)),
            layout: crate::serve::oembed::CARD,
            thumbnail,
        },
        None,
        None,
    )
}
