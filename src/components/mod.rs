//! Components shared by several pages.

pub mod product_card;
pub mod seller_header;
