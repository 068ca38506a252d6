//! The parts of the `microshop` tool that other programs and the integration tests
//! use directly: the store (docs/store.md). The commands are in `main.rs`.

pub mod store;
