//! Browsing a catalog: the feed query (search, category, sort), the cards a large
//! catalog is published as and the index that searches them, and choosing a
//! variant by its options.

pub mod card;
pub mod feed;
pub mod index;
pub mod selection;
pub mod skus;
