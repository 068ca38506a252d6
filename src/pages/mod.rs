//! One page per route.

pub mod feed;
pub mod not_found;
