//! Browsing a catalog: the feed query (search, category, sort) and choosing a
//! variant by its options.

pub mod feed;
pub mod selection;
