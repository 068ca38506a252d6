//! `microshop receipt verify`: a saved receipt against the shop's published keys.
//! The decision rests on the key the shop lists under the receipt's key id, never
//! on the public key the receipt carries (anyone can put their own there).

use super::keys::{key_id_of, unhex, PublicKeys, PUBLIC_SCHEMA};
use super::Receipt;
use ed25519_dalek::{Signature, VerifyingKey};
use microshop_core::order::receipt::{canonical_json, ReceiptTerms, RECEIPT_SCHEMA};

/// Why a receipt is not what it claims, each with its plain message.
#[derive(Debug, PartialEq, Eq)]
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

/// Reads a shop's published keys (`whence` names where they came from).
pub fn read_keys(text: &str, whence: &str) -> Result<PublicKeys, String> {
    let keys: PublicKeys = serde_json::from_str(text)
        .map_err(|e| format!("{whence} is not a list of receipt keys: {e}"))?;
    if keys.schema != PUBLIC_SCHEMA {
        return Err(format!(
            "{whence}: schema \"{}\", expected \"{PUBLIC_SCHEMA}\"",
            keys.schema
        ));
    }
    Ok(keys)
}

/// Checks `text`, a saved receipt (`file` names it), against `keys`: the terms
/// it proves, or why it proves nothing.
pub fn check(text: &str, file: &str, keys: &PublicKeys) -> Result<ReceiptTerms, Refused> {
    let malformed =
        |why: String| Refused::Malformed(format!("{file} is not a microshop receipt: {why}"));
    let receipt: Receipt = serde_json::from_str(text).map_err(|e| malformed(e.to_string()))?;
    if receipt.receipt != RECEIPT_SCHEMA {
        return Err(malformed(format!(
            "\"receipt\" is \"{}\", expected \"{RECEIPT_SCHEMA}\"",
            receipt.receipt
        )));
    }
    let signature = unhex::<64>(&receipt.signature)
        .map(|b| Signature::from_bytes(&b))
        .ok_or_else(|| malformed("\"signature\" must be 128 hex digits".into()))?;
    let canonical = canonical_json(&receipt.terms).map_err(malformed)?;
    let carried = unhex::<32>(&receipt.public_key).and_then(|b| VerifyingKey::from_bytes(&b).ok());
    let signed_by_carried =
        carried.is_some_and(|k| k.verify_strict(canonical.as_bytes(), &signature).is_ok());
    let listed = keys.keys.iter().find(|k| k.key_id == receipt.key_id);
    let Some(listed) = listed else {
        let ids: Vec<String> = keys
            .keys
            .iter()
            .map(|k| format!("{} ({})", k.key_id, k.status))
            .collect();
        return Err(Refused::UnknownKey(format!(
            "{file} names key {}, which the shop does not publish (it lists {}): \
             the shop did not sign this receipt, or its key list is not this shop's",
            receipt.key_id,
            if ids.is_empty() {
                "no keys".to_owned()
            } else {
                ids.join(", ")
            }
        )));
    };
    let shop_key = unhex::<32>(&listed.public_key)
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .ok_or_else(|| {
            Refused::Malformed(format!(
                "the shop's key {} is not a valid Ed25519 public key",
                listed.key_id
            ))
        })?;
    if shop_key
        .verify_strict(canonical.as_bytes(), &signature)
        .is_ok()
    {
        // Read only once the signature holds: a field added to the terms is an
        // alteration, not a format error.
        return serde_json::from_value::<ReceiptTerms>(receipt.terms).map_err(|e| {
            malformed(format!(
                "the shop signed terms this microshop cannot read: {e}"
            ))
        });
    }
    let other = carried.filter(|k| *k != shop_key);
    match other {
        Some(k) if signed_by_carried => Err(Refused::OtherKey(format!(
            "{file} is signed by another key ({}), not by the shop's key {}: \
             the shop did not sign this receipt",
            key_id_of(&k),
            listed.key_id
        ))),
        _ => Err(Refused::Altered(format!(
            "{file} was altered after it was signed: its terms do not match the signature \
             of the shop's key {}. Do not rely on what it says; ask the seller for the receipt again",
            listed.key_id
        ))),
    }
}

/// What a verified receipt promises, in plain lines.
pub fn describe(terms: &ReceiptTerms, key_id: &str) -> String {
    let mut out = format!(
        "Valid receipt, signed by {} (shop {}, key {key_id}).\n\
         Order {}: placed {}, accepted {}.\n",
        terms.seller, terms.shop_id, terms.order_id, terms.placed_at, terms.accepted_at
    );
    for line in &terms.lines {
        let options: Vec<String> = line
            .options
            .iter()
            .map(|(n, v)| format!("{n}: {v}"))
            .collect();
        let options = if options.is_empty() {
            String::new()
        } else {
            format!(" ({})", options.join(", "))
        };
        out.push_str(&format!(
            "  {} × {}{options} [{}] at {} = {} {}\n",
            line.quantity, line.title, line.sku, line.unit_price, line.line_total, terms.currency
        ));
    }
    out.push_str(&format!(
        "Subtotal: {} {}\n",
        terms.subtotal, terms.currency
    ));
    if let Some(s) = &terms.shipping {
        out.push_str(&format!(
            "Shipping: {} {} {}\n",
            s.label, s.price, terms.currency
        ));
    }
    out.push_str(&format!("Total: {} {}\n", terms.total, terms.currency));
    let p = &terms.policies;
    if let Some(days) = p.ships_within_days {
        out.push_str(&format!("Promised: ships within {days} days\n"));
    }
    for (name, text) in [
        ("Shipping", &p.shipping),
        ("Returns", &p.returns),
        ("Guarantee", &p.guarantee),
    ] {
        if let Some(text) = text {
            out.push_str(&format!("{name} policy: {text}\n"));
        }
    }
    out
}
