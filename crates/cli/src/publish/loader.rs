//! When a published page starts the app. Its first screen is already in the HTML,
//! so the app's JS and wasm (hundreds of KB on a slow phone network) should not
//! compete with it: Trunk's loader preloads both and imports the glue statically,
//! which starts both downloads before the first paint. Here the preloads go, and the
//! loader imports the glue once the page has loaded and painted.
//!
//! Measured with Lighthouse (docs/performance.md): the observed largest paint was
//! already the prerendered screen (about 0.2 s), but the simulated one counted the
//! wasm download that had started before it, and came out near 2.9 s.
//!
//! The loader also starts a small worker (`INTL_WARM`, a file publish writes beside the
//! glue) that makes the page's Intl objects once: a renderer's first `NumberFormat` or
//! `DisplayNames` builds V8's list of available locales and opens ICU's data, 15-45 ms
//! at full speed, once per process for every thread. Done in the worker, the app's own
//! Intl calls on the main thread take about a millisecond (docs/performance.md, "Intl's
//! set-up off the main thread").

/// The warm-up worker's script: the formats the storefront makes first (a price, a
/// language's name, a plural), in the browser's languages. Errors stay in the worker.
pub const INTL_WARM: &str = "try{const l=navigator.languages;new Intl.NumberFormat(l,{style:'currency',currency:'USD'}).format(0);new Intl.DisplayNames(l,{type:'language'}).of('en');new Intl.PluralRules(l).select(1)}catch{}close()\n";

/// The warm-up worker's file name, with a hash of its script like the app's other files
/// (cached for good by `serve --site`, kept by the offline shell).
pub fn intl_warm_file() -> String {
    format!(
        "intl-{}.js",
        &super::record::sha256(INTL_WARM.as_bytes())[..16]
    )
}

/// Rewrites Trunk's module script to start after the first frame, and drops the
/// preloads of the glue and the wasm. Unchanged when the page is not Trunk's shape.
///
/// The script (no comments in it: every page carries it, so they are here):
/// - The page is painted already; the app starts once its pictures are in (the load
///   event, then one frame; or after 3 s at the latest), so its download never holds
///   up what the buyer sees first.
/// - `wasmSource(url)`: a host that compresses sent this page compressed; one that did
///   not (a plain static host: the navigation's encoded and decoded sizes are equal)
///   sends the wasm as it is too, 2.5 times its gzip copy, which publish writes beside
///   every wasm file: that copy is fetched and inflated (`DecompressionStream`),
///   compiling as it comes, and the compiled module is the answer. The plain file's
///   response when the page came compressed, when the offline shell controls the page
///   (it keeps the plain file), and when the copy is missing, is not gzip (a host
///   answering a missing file with its first page) or fails to compile. A host that
///   sends the copy with `Content-Encoding: gzip` has the browser inflate it.
/// - `wasmSource` is `self.wasmSource` too: the parts' loader (scripts/split.mjs,
///   `split-<hash>.js`) fetches the parts a tap needs (`buying` for the cart and
///   checkout, its chunks) through it, so the rule is written once, here
///   (docs/performance.md, "The parts' gzip copies on a host that does not compress").
pub fn defer_app_start(html: &str) -> String {
    let Some((start, end, glue, wasm)) = trunk_loader(html) else {
        return html.to_owned();
    };
    // Beside the glue, so under the same base path.
    let warm = format!(
        "{}{}",
        &glue[..glue.rfind('/').map_or(0, |i| i + 1)],
        intl_warm_file()
    );
    let mut out = String::with_capacity(html.len());
    out.push_str(&html[..start]);
    out.push_str(&format!(
        r#"<script type="module">
let started = false;
const wasmSource = self.wasmSource = async (url) => {{
  const page = performance.getEntriesByType('navigation')[0];
  if (typeof DecompressionStream === 'function' && !navigator.serviceWorker?.controller
      && page?.encodedBodySize > 0 && page.encodedBodySize === page.decodedBodySize) {{
    try {{
      const packed = await fetch(`${{url}}.gz`);
      if (packed.ok && packed.body) {{
        const body = packed.headers.has('content-encoding') ? packed.body : packed.body.pipeThrough(new DecompressionStream('gzip'));
        return await WebAssembly.compileStreaming(new Response(body, {{ headers: {{ 'content-type': 'application/wasm' }} }}));
      }}
    }} catch {{}}
  }}
  return fetch(url);
}};
const start = async () => {{
  if (started) return;
  started = true;
  try {{ new Worker('{warm}'); }} catch {{}}
  const bindings = await import('{glue}');
  const wasm = await bindings.default({{ module_or_path: wasmSource('{wasm}') }});
  window.wasmBindings = bindings;
  dispatchEvent(new CustomEvent("TrunkApplicationStarted", {{detail: {{wasm}}}}));
}};
const afterPaint = () => requestAnimationFrame(() => setTimeout(start, 0));
if (document.readyState === 'complete') afterPaint(); else addEventListener('load', afterPaint, {{ once: true }});
setTimeout(start, 3000);
</script>"#
    ));
    out.push_str(&html[end..]);
    drop_preloads(&out, &glue, &wasm)
}

/// The module script's span and the glue's and wasm's URLs.
fn trunk_loader(html: &str) -> Option<(usize, usize, String, String)> {
    let start = html.find("<script type=\"module\">")?;
    let end = start + html[start..].find("</script>")? + "</script>".len();
    let script = &html[start..end];
    let glue = quoted_after(script, "from ")?;
    let wasm = quoted_after(script, "module_or_path: ")?;
    Some((start, end, glue, wasm))
}

/// The single-quoted string right after `marker`.
fn quoted_after(text: &str, marker: &str) -> Option<String> {
    let rest = &text[text.find(marker)? + marker.len()..];
    let rest = rest.strip_prefix('\'')?;
    let url = &rest[..rest.find('\'')?];
    // Only plain paths: they are written into a script.
    url.bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b))
        .then(|| url.to_owned())
}

/// Removes `<link ...>` tags whose `href` is the glue or the wasm.
fn drop_preloads(html: &str, glue: &str, wasm: &str) -> String {
    let mut out = html.to_owned();
    for url in [glue, wasm] {
        let needle = format!("href=\"{url}\"");
        while let Some(at) = out.find(&needle) {
            let Some(open) = out[..at].rfind("<link") else {
                break;
            };
            let Some(close) = out[at..].find('>') else {
                break;
            };
            out.replace_range(open..at + close + 1, "");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<head><script type="module">
import init, * as bindings from '/shop/app-1.js';
const wasm = await init({ module_or_path: '/shop/app-1_bg.wasm' });
window.wasmBindings = bindings;
</script>
<link rel="modulepreload" href="/shop/app-1.js" crossorigin="anonymous"><link rel="preload" href="/shop/app-1_bg.wasm" as="fetch" type="application/wasm"><link rel="preload" href="/shop/shop.json" as="fetch"></head>"#;

    #[test]
    fn the_app_starts_after_the_first_frame_and_nothing_preloads_it() {
        let out = defer_app_start(TRUNK);
        assert!(!out.contains("import init"), "{out}");
        assert!(out.contains("await import('/shop/app-1.js')"));
        assert!(out.contains("wasmSource('/shop/app-1_bg.wasm')"), "{out}");
        assert!(out.contains("fetch(`${url}.gz`)"), "{out}");
        assert!(out.contains("self.wasmSource = async (url)"), "{out}");
        assert!(
            !out.contains("\n//"),
            "no comments in every page's script: {out}"
        );
        assert!(out.contains("addEventListener('load'"));
        assert!(
            out.contains(&format!("new Worker('/shop/{}')", intl_warm_file())),
            "{out}"
        );
        assert!(!out.contains("modulepreload"));
        assert!(!out.contains("href=\"/shop/app-1_bg.wasm\""));
        assert!(
            out.contains("href=\"/shop/shop.json\""),
            "the manifest still preloads"
        );
    }

    #[test]
    fn the_warm_up_worker_is_named_by_its_hash_as_the_app_files_are() {
        let name = intl_warm_file();
        assert!(crate::serve::files::is_hashed_asset(&name), "{name}");
        assert!(super::super::offline::precached(&name), "{name}");
    }

    #[test]
    fn other_pages_are_left_alone() {
        let plain = "<head><script type=\"module\">console.log(1)</script></head>";
        assert_eq!(defer_app_start(plain), plain);
    }
}
