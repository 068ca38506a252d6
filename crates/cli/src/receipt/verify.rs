//! `microshop receipt verify`: a saved receipt against the shop's published keys.
//! The decision rests on the key the shop lists under the receipt's key id, never
//! on the public key the receipt carries (anyone can put their own there).

use super::keys::{key_id_of, PublicKeys};
use ed25519_dalek::{Signature, VerifyingKey};
use microshop_core::order::receipt::ReceiptTerms;
pub use microshop_core::order::receipt_check::Refused;
use microshop_core::order::receipt_check::{
    bad_shop_key, read_key_list, read_receipt, shop_key, verdict,
};

/// Reads a shop's published keys (`whence` names where they came from).
pub fn read_keys(text: &str, whence: &str) -> Result<PublicKeys, String> {
    read_key_list(text, whence)
}

/// Checks `text`, a saved receipt (`file` names it), against `keys`: the terms
/// it proves, or why it proves nothing. The steps are core's (the storefront's
/// page takes the same ones with WebCrypto); the arithmetic is ed25519-dalek's.
pub fn check(text: &str, file: &str, keys: &PublicKeys) -> Result<ReceiptTerms, Refused> {
    let signed = read_receipt(text, file)?;
    let shop = shop_key(&signed, keys, file)?;
    let shop = VerifyingKey::from_bytes(&shop).map_err(|_| bad_shop_key(&signed.key_id))?;
    let signature = Signature::from_bytes(&signed.signature);
    let by_shop = shop
        .verify_strict(signed.canonical.as_bytes(), &signature)
        .is_ok();
    let other = signed
        .carried
        .and_then(|b| VerifyingKey::from_bytes(&b).ok())
        .filter(|k| *k != shop)
        .filter(|k| {
            k.verify_strict(signed.canonical.as_bytes(), &signature)
                .is_ok()
        })
        .map(|k| key_id_of(&k));
    verdict(signed, file, by_shop, other)
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
