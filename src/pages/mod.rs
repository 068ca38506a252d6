//! One page per route.

pub mod cart;
pub mod checkout;
pub mod feed;
pub mod not_found;
pub mod order;
pub mod product;
