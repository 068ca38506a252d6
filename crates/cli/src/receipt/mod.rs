//! Signed receipts (docs/trust.md): the seller's key, signing an accepted order's
//! terms (their canonical form is the core's, `order::receipt`), and checking a
//! saved receipt against the keys a shop publishes.

mod keys;
mod verify;

pub use keys::{
    key_id_of, Keyring, PublicKeys, PublishedKey, KEY_FILE_SCHEMA, PUBLIC_SCHEMA, WELL_KNOWN_PATH,
};
pub use verify::{check, describe, read_keys, Refused};

use serde::{Deserialize, Serialize};

/// A receipt as `serve` answers it and a buyer saves it: the terms, and who
/// signed them how. Only `terms` is signed; the rest says how to check it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Receipt {
    /// Always `microshop.receipt/1`.
    pub receipt: String,
    /// The signing key's id, as the shop lists it at [`WELL_KNOWN_PATH`].
    pub key_id: String,
    /// The signing key's public half, hex (a hint: trust comes from the shop's list).
    pub public_key: String,
    /// Ed25519 over the canonical bytes of `terms`, hex (64 bytes).
    pub signature: String,
    /// What was agreed (`order::receipt::ReceiptTerms`).
    pub terms: serde_json::Value,
}
