//! The seller app's rules that need no browser, tested natively: the studio edits a
//! draft of `shop.json` as JSON ([`draft`]) addressed by the same paths core's
//! decoder gives its problems ([`path`]), so each problem lands beside its field
//! ([`problems`]); products' variants from their options ([`variants`]); a new
//! seller's starter shop ([`starter`]); the storefront's preview of the draft
//! ([`preview`]); a photo's size ([`photo`]); an order's age
//! ([`age`]); the CSV export's dates ([`dates`]).
//!
//! The clock is passed in, as in core.

pub mod age;
pub mod dates;
pub mod draft;
pub mod path;
pub mod photo;
pub mod preview;
pub mod problems;
pub mod starter;
pub mod variants;
