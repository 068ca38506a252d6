//! Components shared by several pages.

pub mod cart_bar;
pub mod cart_notices;
pub mod product_card;
pub mod quantity;
pub mod seller_header;
pub mod totals;
