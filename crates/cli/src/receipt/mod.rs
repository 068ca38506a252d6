//! Signed receipts (docs/trust.md): the seller's key, signing an accepted order's
//! terms (their canonical form is the core's, `order::receipt`), and checking a
//! saved receipt against the keys a shop publishes.

mod keys;
mod verify;

pub use keys::{
    key_id_of, Keyring, PublicKeys, PublishedKey, KEY_FILE_SCHEMA, PUBLIC_SCHEMA, WELL_KNOWN_PATH,
};
pub use verify::{
    check, describe, plain_host, read_keys, shown, shown_lines, trusted_list, Refused,
};

/// A receipt as `serve` answers it and a buyer saves it (core's `ReceiptFile`).
pub use microshop_core::order::receipt_check::ReceiptFile as Receipt;
