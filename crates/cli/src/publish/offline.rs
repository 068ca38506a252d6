//! The offline shell (issue 16 item 6): a service worker and a web app manifest, so a
//! shop visited once opens without a network (the last catalog, the cart, orders kept
//! in the outbox until the network is back) and can be installed on a phone's home
//! screen. The worker's rules are a hand-written file (`sw.js` beside this one, about
//! 8 KB with its comments, 2.6 KB brotli), smaller and plainer than Workbox's runtime
//! for four rules; publish puts the build's file list above them. docs/publishing.md ("Offline").

use super::escape::{json_for_script, url_path};
use super::record::sha256;
use super::site::{Base, Site};
use serde_json::{json, Value};

/// Where the worker is published, under the base path (its scope is the base path).
pub const WORKER: &str = "sw.js";
/// Where the web app manifest is published.
pub const WEB_MANIFEST: &str = "manifest.webmanifest";
/// The app icons drawn from an SVG avatar: the sizes installable apps need.
pub const DRAWN_ICONS: [(u32, &str); 2] = [(192, "app-icon-192.png"), (512, "app-icon-512.png")];

/// The worker's rules.
const RULES: &str = include_str!("sw.js");

/// Whether the worker fetches an app file when it installs: every file with a build
/// hash (the first load, the words, the `buying` part and chunks: what a buyer needs
/// to order offline), but the parts a buyer may never open (the share panels, the
/// embed's frame watcher, the receipt check), which are kept once fetched. Only the storefront's own
/// files: the seller app (`seller/`) never rides along with a buyer.
pub fn precached(relative: &str) -> bool {
    let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
    matches!(folder, "" | "words")
        && crate::serve::files::is_hashed_asset(relative)
        && !name.starts_with("split_share-")
        && !name.starts_with("split_embed-")
        && !name.starts_with("split_trust-")
}

/// How many products' cover pictures the worker keeps from the start: the feed's first
/// screen and a little more (a phone shows 4-6 cards; later ones are kept once seen).
pub const FIRST_PICTURES: usize = 12;

/// The worker for a site whose precached files are `files` (paths in the site: the
/// shop's data, the first screen's pictures, the hashed app files).
/// Its build id changes with the file list and with the rules, so a new build (new
/// hashed names) is a new worker, which browsers install beside the old one.
pub fn worker(base: &Base, files: &[String]) -> String {
    let mut paths = vec![base.path.clone()];
    paths.extend(files.iter().map(|f| base.path_of(&url_path(f))));
    let list = Value::from(paths).to_string();
    let build = &sha256(format!("{list}\n{RULES}").as_bytes())[..16];
    format!(
        "const SCOPE = {};\nconst BUILD = \"{build}\";\nconst PRECACHE = {list};\n{RULES}",
        Value::from(base.path.as_str())
    )
}

/// The inline script every page carries (hashed into the site's
/// Content-Security-Policy like the others): registers the worker once the app has
/// started (the loader's `TrunkApplicationStarted`, which Trunk's own loader sends
/// too) and taken over the prerendered screen (`#boot` gone: the app's first tasks
/// fetch its parts, words and pictures), never inside another site's frame (an embed
/// has no use for the shell).
///
/// Not at the page's `load` event: the app's glue and wasm are fetched after it, and
/// the worker's install fetches about 105 KB brotli more (the demo) over the same
/// phone network, so the first visit's wasm shared its bandwidth with files the
/// buyer needs only later or offline (docs/performance.md, "The offline shell after
/// the app").
pub fn register_script(base: &Base) -> String {
    format!(
        "<script>if(\"serviceWorker\"in navigator&&top===self)addEventListener(\"TrunkApplicationStarted\",()=>{{const r=()=>navigator.serviceWorker.register({}).catch(()=>{{}}),b=document.getElementById(\"boot\");b?.parentNode?new MutationObserver((_,o)=>{{if(!b.isConnected){{o.disconnect();r()}}}}).observe(b.parentNode,{{childList:true}}):r()}},{{once:true}})</script>",
        json_for_script(&Value::from(base.path_of(WORKER)))
    )
}

/// The `<link>` naming the web app manifest.
pub fn manifest_link(base: &Base) -> String {
    format!(
        "<link rel=\"manifest\" href=\"{}\">",
        super::escape::html(&base.path_of(WEB_MANIFEST))
    )
}

/// One icon the web app manifest lists.
pub struct AppIcon {
    /// Its path in the site.
    pub path: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
}

/// The web app manifest: the seller's name, the shop's first page, the theme's colour
/// and the icons (an app without a 192 and a 512 px icon still works offline, but a
/// browser does not offer to install it: docs/publishing.md).
pub fn web_manifest(site: &Site, icons: &[AppIcon]) -> String {
    let name = site.seller_name();
    let mut manifest = json!({
        "name": name,
        "short_name": name,
        "lang": site.locale,
        "start_url": site.base.path,
        "scope": site.base.path,
        "display": "standalone",
        "icons": icons.iter().map(|icon| json!({
            "src": site.base.path_of(&url_path(&icon.path)),
            "sizes": format!("{}x{}", icon.width, icon.height),
            "type": icon.mime,
        })).collect::<Vec<_>>(),
    });
    if let (Some(colour), Value::Object(map)) = (&site.theme_color, &mut manifest) {
        map.insert("theme_color".into(), json!(colour));
        map.insert("background_color".into(), json!(colour));
    }
    format!("{manifest:#}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base(url: &str) -> Base {
        Base::parse(url).expect("a base URL")
    }

    #[test]
    fn the_worker_names_its_scope_and_files_and_changes_with_them() {
        let b = base("https://shop.example/tea/");
        let one = worker(&b, &["app-0123456789abcdef.css".into()]);
        assert!(one.starts_with("const SCOPE = \"/tea/\";\n"));
        assert!(one.contains(r#"const PRECACHE = ["/tea/","/tea/app-0123456789abcdef.css"];"#));
        let two = worker(&b, &["app-fedcba9876543210.css".into()]);
        let build = |w: &str| w.lines().nth(1).map(str::to_owned);
        assert_ne!(build(&one), build(&two), "a new build is a new worker");
        assert_eq!(
            build(&one),
            build(&worker(&b, &["app-0123456789abcdef.css".into()]))
        );
    }

    #[test]
    fn precaches_hashed_files_but_the_parts_a_buyer_may_never_open() {
        assert!(precached("microshop-storefront-0123456789abcdef_bg.wasm"));
        assert!(precached("split_buying-0123456789abcdef.wasm"));
        assert!(precached("words/ja-0123456789abcdef.txt"));
        assert!(!precached("split_share-0123456789abcdef.wasm"));
        assert!(!precached("split_embed-0123456789abcdef.wasm"));
        assert!(!precached("split_trust-0123456789abcdef.wasm"));
        assert!(!precached("embed.js"));
        assert!(!precached("shop.json"));
        // The seller app is not the buyer's.
        assert!(!precached(
            "seller/microshop-seller-0123456789abcdef_bg.wasm"
        ));
        assert!(!precached("seller/preview/words/ja-0123456789abcdef.txt"));
    }

    #[test]
    fn the_register_script_cannot_close_its_element() {
        let b = base("https://shop.example/a%3C/script%3E/");
        let script = register_script(&b);
        assert_eq!(script.matches("</script>").count(), 1);
        assert!(script.contains("top===self"));
        // After the app's start, not at `load`: the install's fetches would share the
        // phone's network with the wasm (tests/e2e/offline.test.mjs checks it in a page).
        assert!(script.contains("\"TrunkApplicationStarted\""), "{script}");
        assert!(!script.contains("\"load\""), "{script}");
    }
}
