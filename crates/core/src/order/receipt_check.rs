//! Checking a saved receipt against the keys a shop publishes (docs/trust.md), every
//! step but the signature arithmetic: the CLI verifies Ed25519 with ed25519-dalek and
//! the storefront with the browser's WebCrypto (which answers later, so the check is
//! three pure steps around it: [`read_receipt`], [`shop_key`], [`verdict`]). Both say
//! the same thing about the same file. The decision rests on the key the shop lists
//! under the receipt's key id, never on the public key the receipt carries.

use super::receipt::{canonical_json, ReceiptTerms, RECEIPT_SCHEMA};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The schema tag of a shop's published list of public keys.
pub const KEYS_SCHEMA: &str = "microshop.receipt-keys/1";
/// Where a shop publishes that list, under its address (its base path).
pub const KEYS_PATH: &str = ".well-known/microshop-receipt-key.json";

/// A receipt as the endpoint answers it and a buyer saves it. Only `terms` is signed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReceiptFile {
    /// Always `microshop.receipt/1`.
    pub receipt: String,
    /// The signing key's id, as the shop lists it at [`KEYS_PATH`].
    pub key_id: String,
    /// The signing key's public half, hex (a hint: trust comes from the shop's list).
    pub public_key: String,
    /// Ed25519 over the canonical bytes of `terms`, hex (64 bytes).
    pub signature: String,
    /// What was agreed ([`ReceiptTerms`]).
    pub terms: Value,
    /// The shop's address, added by the storefront when the buyer saves the file
    /// (not signed): where `microshop receipt verify` looks for the shop's keys when
    /// it is given none. A hint like `public_key`: the check says where it looked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
}

/// A public key as the shop publishes it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PublishedKey {
    pub key_id: String,
    /// Always `Ed25519`.
    pub algorithm: String,
    /// The 32-byte public key, hex.
    pub public_key: String,
    /// `current` (signs new receipts), `next` (published ahead of a rotation, so a
    /// copy of the list on a static host has it before it signs: `receipt-key rotate`),
    /// or `retired` (kept so old receipts verify). A receipt is checked against the
    /// key listed under its id whatever its status.
    pub status: String,
}

/// The document at [`KEYS_PATH`]: the current key first, then the next one (while a
/// rotation is under way), then the retired ones.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeyList {
    pub schema: String,
    pub keys: Vec<PublishedKey>,
}

/// Why a receipt proves nothing, each with its plain message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Not a receipt at all (not JSON, fields missing or of the wrong kind).
    Malformed(String),
    /// Signed by the shop's key, then changed.
    Altered(String),
    /// Signed by a key that is not the one the shop lists under that id.
    OtherKey(String),
    /// Names a key id the shop does not publish.
    UnknownKey(String),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Malformed(m)
            | Refused::Altered(m)
            | Refused::OtherKey(m)
            | Refused::UnknownKey(m) => f.write_str(m),
        }
    }
}

/// A receipt read and ready for the signature check.
#[derive(Clone, Debug, PartialEq)]
pub struct Signed {
    pub key_id: String,
    pub signature: [u8; 64],
    /// The public key the receipt carries, when it is 64 hex digits.
    pub carried: Option<[u8; 32]>,
    /// The bytes that were signed: the terms' canonical form.
    pub canonical: String,
    pub terms: Value,
    /// The shop's address the file names, if any.
    pub shop: Option<String>,
}

/// Reads a shop's published keys (`whence` names where they came from).
pub fn read_key_list(text: &str, whence: &str) -> Result<KeyList, String> {
    let keys: KeyList = serde_json::from_str(text)
        .map_err(|e| format!("{whence} is not a list of receipt keys: {e}"))?;
    if keys.schema != KEYS_SCHEMA {
        return Err(format!(
            "{whence}: schema \"{}\", expected \"{KEYS_SCHEMA}\"",
            keys.schema
        ));
    }
    Ok(keys)
}

/// Reads `text`, a saved receipt (`file` names it), into what the signature check needs.
pub fn read_receipt(text: &str, file: &str) -> Result<Signed, Refused> {
    let malformed =
        |why: String| Refused::Malformed(format!("{file} is not a microshop receipt: {why}"));
    let receipt: ReceiptFile = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    if receipt.receipt != RECEIPT_SCHEMA {
        return Err(malformed(format!(
            "\"receipt\" is \"{}\", expected \"{RECEIPT_SCHEMA}\"",
            receipt.receipt
        )));
    }
    let signature = unhex::<64>(&receipt.signature)
        .ok_or_else(|| malformed("\"signature\" must be 128 hex digits".into()))?;
    let canonical = canonical_json(&receipt.terms).map_err(malformed)?;
    Ok(Signed {
        key_id: receipt.key_id,
        signature,
        carried: unhex::<32>(&receipt.public_key),
        canonical,
        terms: receipt.terms,
        shop: receipt.shop,
    })
}

/// The key the shop lists under the receipt's key id, as 32 bytes (the caller makes
/// an Ed25519 key of it; one that is not a valid point is [`bad_shop_key`]).
pub fn shop_key(signed: &Signed, keys: &KeyList, file: &str) -> Result<[u8; 32], Refused> {
    let Some(listed) = keys.keys.iter().find(|k| k.key_id == signed.key_id) else {
        let ids: Vec<String> = keys
            .keys
            .iter()
            .map(|k| format!("{} ({})", k.key_id, k.status))
            .collect();
        return Err(Refused::UnknownKey(format!(
            "{file} names key {}, which the shop does not publish (it lists {}): \
             the shop did not sign this receipt, or its key list is not this shop's",
            signed.key_id,
            if ids.is_empty() {
                "no keys".to_owned()
            } else {
                ids.join(", ")
            }
        )));
    };
    unhex::<32>(&listed.public_key).ok_or_else(|| bad_shop_key(&listed.key_id))
}

/// The shop lists a key that is not an Ed25519 public key.
pub fn bad_shop_key(key_id: &str) -> Refused {
    Refused::Malformed(format!(
        "the shop's key {key_id} is not a valid Ed25519 public key"
    ))
}

/// What the signature checks mean. `by_shop`: the shop's key verifies the canonical
/// bytes. `other`: the id of the key the receipt carries, when that key is not the
/// shop's and does verify them (a receipt someone else signed).
pub fn verdict(
    signed: Signed,
    file: &str,
    by_shop: bool,
    other: Option<String>,
) -> Result<ReceiptTerms, Refused> {
    if by_shop {
        // Read only once the signature holds: a field added to the terms is an
        // alteration, not a format error.
        return serde_json::from_value::<ReceiptTerms>(signed.terms).map_err(|e| {
            Refused::Malformed(format!(
                "{file} is not a microshop receipt: the shop signed terms this microshop cannot read: {e}"
            ))
        });
    }
    match other {
        Some(other) => Err(Refused::OtherKey(format!(
            "{file} is signed by another key ({other}), not by the shop's key {}: \
             the shop did not sign this receipt",
            signed.key_id
        ))),
        None => Err(Refused::Altered(format!(
            "{file} was altered after it was signed: its terms do not match the signature \
             of the shop's key {}. Do not rely on what it says; ask the seller for the receipt again",
            signed.key_id
        ))),
    }
}

/// `N` bytes from `2N` hex digits.
pub fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

/// Lowercase hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TERMS: &str = r#"{"schema":"microshop.receipt/1","order_id":"ord_1","shop_id":"s","seller":"S","locale":"en","placed_at":"2026-12-05T10:00:00Z","accepted_at":"2026-12-05T10:00:01Z","currency":"CNY","lines":[],"subtotal":"1.00","total":"1.00","policies":{}}"#;

    fn file(signature: &str) -> String {
        format!(
            r#"{{"receipt":"microshop.receipt/1","key_id":"ed25519-1","public_key":"{}","signature":"{signature}","terms":{TERMS}}}"#,
            "ab".repeat(32)
        )
    }

    fn keys() -> KeyList {
        read_key_list(
            &format!(
                r#"{{"schema":"microshop.receipt-keys/1","keys":[{{"key_id":"ed25519-1","algorithm":"Ed25519","public_key":"{}","status":"current"}}]}}"#,
                "cd".repeat(32)
            ),
            "keys.json",
        )
        .unwrap()
    }

    #[test]
    fn a_receipt_is_read_into_its_canonical_bytes() {
        let signed = read_receipt(&file(&"00".repeat(64)), "r.json").unwrap();
        assert_eq!(signed.carried, Some([0xab; 32]));
        assert!(signed.canonical.starts_with(r#"{"accepted_at":"#));
        assert_eq!(shop_key(&signed, &keys(), "r.json"), Ok([0xcd; 32]));
        assert!(matches!(
            verdict(signed.clone(), "r.json", true, None),
            Ok(t) if t.order_id == "ord_1"
        ));
        assert!(matches!(
            verdict(signed.clone(), "r.json", false, Some("ed25519-2".into())),
            Err(Refused::OtherKey(m)) if m.starts_with("r.json is signed by another key (ed25519-2)")
        ));
        assert!(matches!(
            verdict(signed, "r.json", false, None),
            Err(Refused::Altered(m)) if m.starts_with("r.json was altered after it was signed")
        ));
    }

    #[test]
    fn what_is_not_a_receipt_is_said() {
        for (text, why) in [
            (
                "<html>".to_owned(),
                "r.json is not a microshop receipt: expected value",
            ),
            (
                file("00"),
                "r.json is not a microshop receipt: \"signature\" must be 128 hex digits",
            ),
            (
                file(&"00".repeat(64)).replace("\"lines\":[]", "\"lines\":1.5"),
                "r.json is not a microshop receipt: terms.lines is a number with a fraction",
            ),
            (
                file(&"00".repeat(64)).replace("microshop.receipt/1\",\"key", "x\",\"key"),
                "r.json is not a microshop receipt: \"receipt\" is \"x\"",
            ),
        ] {
            match read_receipt(&text, "r.json") {
                Err(Refused::Malformed(m)) => assert!(m.starts_with(why), "{m}"),
                other => panic!("{text}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_key_the_shop_does_not_list_is_named() {
        let mut signed = read_receipt(&file(&"00".repeat(64)), "r.json").unwrap();
        signed.key_id = "ed25519-9".into();
        assert!(matches!(
            shop_key(&signed, &keys(), "r.json"),
            Err(Refused::UnknownKey(m)) if m.contains("ed25519-9") && m.contains("ed25519-1 (current)")
        ));
        assert!(read_key_list("{\"schema\":\"x\",\"keys\":[]}", "k").is_err());
        assert!(read_key_list("<html>", "k")
            .is_err_and(|e| e.starts_with("k is not a list of receipt keys")));
    }

    #[test]
    fn hex_round_trips() {
        assert_eq!(hex(&[0, 15, 255]), "000fff");
        assert_eq!(unhex::<3>("000fff"), Some([0, 15, 255]));
        assert_eq!(unhex::<2>("0g00"), None);
        assert_eq!(unhex::<2>("é0"), None);
    }
}
