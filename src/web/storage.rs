//! The one module that knows local storage: its keys (versioned) and its failures.
//!
//! Storage may be missing, full or throwing (private mode, some in-app browsers).
//! Every call returns a `Result`, and callers keep working in memory when it fails.

use wasm_bindgen::JsValue;

/// Why storage could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StorageError {
    /// No `localStorage` at all, or access throws (blocked, sandboxed).
    Unavailable,
    /// Writing failed, usually because the quota is full.
    WriteFailed,
}

/// The storage keys, one per kind of record and shop. The `v1` is the key
/// scheme's version; the records carry their own format version inside.
pub mod keys {
    /// The cart of a shop.
    pub fn cart(shop_id: &str) -> String {
        format!("microshop:v1:{shop_id}:cart")
    }
    /// Orders placed in a shop from this browser (the outbox and the receipts).
    pub fn orders(shop_id: &str) -> String {
        format!("microshop:v1:{shop_id}:orders")
    }
    /// What the buyer typed at checkout, so a reload loses nothing.
    pub fn checkout(shop_id: &str) -> String {
        format!("microshop:v1:{shop_id}:checkout")
    }
}

fn local_storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError::Unavailable)?
        .local_storage()
        .ok()
        .flatten()
        .ok_or(StorageError::Unavailable)
}

/// Reads a key; `Ok(None)` when it is not set.
pub fn get(key: &str) -> Result<Option<String>, StorageError> {
    local_storage()?
        .get_item(key)
        .map_err(|_| StorageError::Unavailable)
}

/// Writes a key.
pub fn set(key: &str, value: &str) -> Result<(), StorageError> {
    local_storage()?
        .set_item(key, value)
        .map_err(|_: JsValue| StorageError::WriteFailed)
}

/// Removes a key.
pub fn remove(key: &str) -> Result<(), StorageError> {
    local_storage()?
        .remove_item(key)
        .map_err(|_| StorageError::WriteFailed)
}

/// Whether storage works at all: writes and removes a probe key.
pub fn works() -> bool {
    let probe = "microshop:probe";
    set(probe, "1").is_ok() && remove(probe).is_ok()
}
