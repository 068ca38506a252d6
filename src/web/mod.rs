//! The only modules that touch the browser's APIs (web_sys): the address, storage,
//! HTTP, the clipboard, the clock and random numbers, Web Locks, WebCrypto, files saved and picked, elements made by hand, the page itself, the share sheet, the
//! canvas, and the frame an embedded shop is shown in. They deal in strings and
//! bytes; parsing and rules belong to core.

pub mod address;
/// A diagnostic build's allocator (`--features alloc-trace`; docs/performance.md,
/// "Memory per navigation"), never in a shipped build.
#[cfg(feature = "alloc-trace")]
mod alloc_trace;
pub mod canvas;
pub mod clipboard;
pub mod clock;
pub mod crypto;
pub mod dom;
pub mod files;
pub mod focus;
pub mod frame;
pub mod http;
pub mod idle;
pub mod intl;
pub mod locks;
pub mod page;
pub mod photo;
pub mod room;
pub mod share;
pub mod storage;
