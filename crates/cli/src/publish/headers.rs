//! The security headers of a published site. A plain static host sends no headers of
//! the shop's choosing, so each page carries its Content-Security-Policy in a
//! `<meta http-equiv>` (everything but frame-ancestors, which browsers ignore there),
//! and the folder gets a `_headers` file in the format Netlify and Cloudflare Pages
//! read, with the whole policy, nosniff, Referrer-Policy and the SVG sandbox.
//! docs/publishing.md gives the nginx and Caddy lines for the same.

use crate::csp::{Framing, Policy};

/// The policy SVG pictures get: they show, they run nothing.
pub const SVG_POLICY: &str =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

/// `html` with the policy's `<meta>` first in its head, before any script.
pub fn with_meta(html: &str, policy: &Policy) -> String {
    let meta = format!(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">",
        // The policy holds no `"`, `<` or `&`: origins are checked (csp::origin_of),
        // hashes are base64; escaped anyway, as any attribute.
        super::escape::html(&policy.meta())
    );
    let lower = html.to_ascii_lowercase();
    match lower
        .find("<head")
        .and_then(|at| lower[at..].find('>').map(|end| at + end + 1))
    {
        Some(at) => format!("{}\n  {meta}{}", &html[..at], &html[at..]),
        None => format!("{meta}{html}"),
    }
}

/// The `_headers` file for a site served under `base_path` (`/` or `/teashop/`).
pub fn headers_file(base_path: &str, policy: &Policy, framing: &Framing) -> String {
    let mut out = String::from(
        "# Written by microshop publish: the security headers static hosts that read\n\
         # _headers (Netlify, Cloudflare Pages) send. nginx and Caddy: docs/publishing.md.\n",
    );
    out.push_str(&format!(
        "{base_path}*\n  Content-Security-Policy: {}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: strict-origin-when-cross-origin\n",
        policy.header(framing, None)
    ));
    if let Some(xfo) = framing.x_frame_options() {
        out.push_str(&format!("  X-Frame-Options: {xfo}\n"));
    }
    out.push_str(&format!(
        "{base_path}*.svg\n  Content-Security-Policy: {SVG_POLICY}\n"
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_comes_before_any_script() {
        let mut policy = Policy::default();
        policy.add_page("<script>boot()</script>");
        let html = with_meta("<!doctype html><html><head><meta charset=\"utf-8\"><script>boot()</script></head></html>", &policy);
        let meta = html.find("http-equiv").expect("meta");
        assert!(meta < html.find("<script>").expect("script"));
        assert!(!html.contains("frame-ancestors"));
        let file = headers_file("/tea/", &policy, &Framing::Nobody);
        assert!(file.contains("/tea/*\n  Content-Security-Policy: default-src 'self'"));
        assert!(file.contains("frame-ancestors 'none'"));
        assert!(file.contains("X-Frame-Options: DENY"));
        assert!(file.contains("/tea/*.svg\n  Content-Security-Policy: default-src 'none'"));
    }
}
