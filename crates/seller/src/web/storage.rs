//! The one module that knows local storage: its keys (versioned) and failures.
//! Storage may be missing or full (private mode); callers keep working in memory.

/// The storage keys. `v1` is the key scheme's version, as the storefront's.
pub mod keys {
    /// The studio's draft of a shop, kept until it is saved.
    pub fn draft(shop_id: &str) -> String {
        format!("microshop:v1:{shop_id}:seller-draft")
    }
    /// The language the seller chose for the desk.
    pub const LANGUAGE: &str = "microshop:v1:seller-language";
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Reads a key (`None` when unset or storage is unavailable).
pub fn get(key: &str) -> Option<String> {
    local_storage()?.get_item(key).ok().flatten()
}

/// Writes a key; `false` when storage is unavailable or full.
pub fn set(key: &str, value: &str) -> bool {
    local_storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// Removes a key.
pub fn remove(key: &str) {
    if let Some(s) = local_storage() {
        let _ = s.remove_item(key);
    }
}
