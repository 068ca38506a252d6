//! A published site's security headers for static hosts: every page carries its CSP
//! in a `<meta>` that allows the page's own boot script by hash and no other inline
//! script, and `_headers` carries the whole policy with frame-ancestors, nosniff and
//! the SVG sandbox. `serve --site` sends the same policy as a header.

mod common;
mod publishing;
use publishing::{demo_manifest, dist, publish, Scratch, BASE_PATH, BASE_URL};

fn meta_policy(html: &str) -> String {
    let at = html
        .find("http-equiv=\"Content-Security-Policy\" content=\"")
        .expect("a CSP meta");
    let rest = &html[at + "http-equiv=\"Content-Security-Policy\" content=\"".len()..];
    rest[..rest.find('"').expect("closed")]
        .replace("&#39;", "'")
        .replace("&apos;", "'")
}

#[test]
fn pages_carry_their_policy_and_the_folder_its_headers() {
    let Some(dist) = dist() else { return };
    let scratch = Scratch::new("headers");
    let out = scratch.0.join("site");
    let (ok, _, err) = publish(&demo_manifest(), &out, BASE_URL, &dist);
    assert!(ok, "{err}");
    let index = std::fs::read_to_string(out.join("index.html")).expect("index");
    let policy = meta_policy(&index);
    let boot_hashes: Vec<String> = microshop_hashes(&index);
    assert!(!boot_hashes.is_empty(), "the page has its boot script");
    for hash in &boot_hashes {
        assert!(policy.contains(hash.as_str()), "{hash} not in {policy}");
    }
    assert!(policy.contains("'wasm-unsafe-eval'") && !policy.contains("frame-ancestors"));
    assert!(
        !policy
            .split(';')
            .any(|d| d.trim().starts_with("script-src") && d.contains("unsafe-inline")),
        "{policy}"
    );
    let product = std::fs::read_to_string(out.join("p/jasmine-pearls/index.html")).expect("page");
    assert_eq!(meta_policy(&product), policy, "one policy for the site");
    let headers = std::fs::read_to_string(out.join("_headers")).expect("_headers");
    assert!(
        headers.contains(&format!("{BASE_PATH}*\n  Content-Security-Policy: ")),
        "{headers}"
    );
    assert!(headers.contains("frame-ancestors *"), "{headers}");
    assert!(
        headers.contains("X-Content-Type-Options: nosniff"),
        "{headers}"
    );
    assert!(
        headers.contains(&format!(
            "{BASE_PATH}*.svg\n  Content-Security-Policy: default-src 'none'"
        )),
        "{headers}"
    );

    // serve --site sends the policy as a header, with the same script hashes.
    let server = common::start_site(&out, "headers");
    let response = common::agent()
        .get(format!("{}{BASE_PATH}", server.url))
        .call()
        .expect("answers");
    let header = response
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("a CSP header")
        .to_owned();
    for hash in &boot_hashes {
        assert!(header.contains(hash.as_str()), "{header}");
    }
}

/// The `'sha256-…'` of each inline script that runs, computed here independently.
fn microshop_hashes(html: &str) -> Vec<String> {
    use base64::Engine as _;
    use sha2::Digest as _;
    let doc = scraper::Html::parse_document(html);
    let scripts = scraper::Selector::parse("script:not([src])").expect("selector");
    doc.select(&scripts)
        .filter(|s| s.value().attr("type").is_none_or(|t| t == "module"))
        .map(|s| {
            let text: String = s.text().collect();
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD
                    .encode(sha2::Sha256::digest(text.as_bytes()))
            )
        })
        .collect()
}
