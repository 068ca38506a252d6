//! Browsing: the feed, product pages, product cards, and the not-found page.

pub mod feed;
pub mod in_parts;
pub mod not_found;
pub mod product;
pub mod product_card;
pub mod seller_header;
