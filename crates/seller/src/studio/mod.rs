//! The studio: the shop made and kept on the phone without touching JSON. The
//! draft is shop.json as JSON (`state`), edited field by field (`fields`), checked
//! on every change by core's decoder (the same problems `microshop check` reports,
//! each beside its field), saved with the version it was based on, one save
//! undone, kept in local storage until saved; photos resized in the browser
//! (`photos`); a preview of the shop as buyers see it (`preview`); exports.

pub mod catalog;
pub mod exports;
pub mod fields;
pub mod look;
pub mod pages;
pub mod photos;
pub mod preview;
pub mod product;
pub mod profile;
pub mod savebar;
pub mod selling;
pub mod state;
