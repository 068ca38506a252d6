//! The only modules that touch the browser's APIs (web_sys): storage, HTTP, the
//! clipboard, the clock and random numbers, and the page itself. They deal in
//! strings and bytes; parsing and rules belong to core.

pub mod clipboard;
pub mod clock;
pub mod focus;
pub mod http;
pub mod intl;
pub mod page;
pub mod storage;
