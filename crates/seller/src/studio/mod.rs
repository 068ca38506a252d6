//! The studio (stub while the inbox is built).
pub mod pages;
pub mod state;
