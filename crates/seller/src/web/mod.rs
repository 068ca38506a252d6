//! The only modules that touch the browser's APIs (web_sys, js_sys, wasm_bindgen):
//! HTTP, local storage, Intl, the page, photos (canvas), downloads, the clock.
//! They deal in strings and bytes; rules belong to core and the seller model.

pub mod blob;
pub mod clock;
pub mod download;
pub mod http;
pub mod intl;
pub mod page;
pub mod photo;
pub mod storage;
