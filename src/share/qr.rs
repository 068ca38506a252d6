//! QR codes, made here (no remote service) with the `qrcodegen` crate and drawn as
//! one SVG path: the same `d` text fills the poster's canvas.
//!
//! Error correction: level M (about 15 % of the code may be lost), raised by the
//! crate to Q or H whenever that fits in the same number of modules. A shop link of
//! 40-80 characters stays at 29-37 modules with M, where Q would need the next size
//! up: at a given printed or screenshot size, bigger modules are what a phone camera
//! reads reliably through blur, scaling and JPEG recompression, and nothing is laid
//! over the code (no logo) that would need Q's extra margin.
//!
//! Measured (wasm32, opt-level z, wasm-opt -Oz, brotli): `QrCode::encode_binary`
//! costs about 4.8 KB; `encode_text` (which looks for numeric and alphanumeric
//! segments, useless for lower-case URLs) about 9.8 KB; the `qrcode` crate without
//! default features about 12 KB. See docs/performance.md.

use leptos::prelude::*;
use qrcodegen::{QrCode as Code, QrCodeEcc};
use std::fmt::Write;

/// The blank margin around a code, in modules, that readers need to find it.
pub const QUIET_ZONE: i32 = 4;

/// A QR code as an SVG path in module units, quiet zone included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QrPath {
    /// Width and height in modules, with the quiet zone on every side.
    pub size: i32,
    /// The dark modules, one rectangle per horizontal run.
    pub d: String,
}

/// The QR code of `text`; `None` if it is too long for any QR code (about 2.3 KB).
pub fn qr_path(text: &str) -> Option<QrPath> {
    let code = Code::encode_binary(text.as_bytes(), QrCodeEcc::Medium).ok()?;
    let n = code.size();
    let mut d = String::new();
    for y in 0..n {
        let mut x = 0;
        while x < n {
            if !code.get_module(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < n && code.get_module(x, y) {
                x += 1;
            }
            let _ = write!(
                d,
                "M{} {}h{}v1h-{}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE,
                x - start,
                x - start
            );
        }
    }
    Some(QrPath {
        size: n + 2 * QUIET_ZONE,
        d,
    })
}

/// A QR code of `text` as SVG, black on white whatever the theme, so it scans.
#[component]
pub fn QrCode(
    /// What the code says (a complete URL).
    #[prop(into)]
    text: Signal<String>,
    /// What it is, for screen readers.
    #[prop(into)]
    label: Signal<String>,
) -> impl IntoView {
    move || {
        qr_path(&text.get()).map(|qr| {
            view! {
                <svg class="qr" viewBox=format!("0 0 {0} {0}", qr.size) width="240" height="240" role="img" aria-label=label>
                    <rect width="100%" height="100%" fill="#fff"/>
                    <path d=qr.d fill="#000" shape-rendering="crispEdges"/>
                </svg>
            }
        })
    }
}
