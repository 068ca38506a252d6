//! The sku index of a shop published in parts (docs/publishing.md, "The catalog in
//! parts"): which product sells a sku, for a shared-cart link (which names skus
//! only) into a shop whose storefront has not loaded every product.
//!
//! Written by `microshop publish` as [`SHARDS`] small files, `data/skus/{xx}.json`,
//! each a JSON object from sku to product id holding the skus whose [`shard`] is
//! `xx`, so a link of a few lines fetches a few small files, not the catalog. Every
//! shard is written, empty ones as `{}`: a sku missing from its shard is not in the
//! shop, whatever the host answers for files it does not have.

use serde_json::Value;

/// Shards of the index: two hex digits (`00` to `ff`).
pub const SHARDS: usize = 256;

/// The folder of the shards, under the shop's parts folder (`data/`).
pub const SKU_FILES: &str = "skus/";

/// The shard a sku is in: the top byte of the 32-bit FNV-1a hash of its UTF-8 bytes
/// (the same in publish and in the browser: no platform hasher, no seed).
pub fn shard_of(sku: &str) -> u8 {
    let mut hash: u32 = 0x811c_9dc5;
    for b in sku.bytes() {
        hash ^= u32::from(b);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash.to_be_bytes()[0]
}

/// A shard's name: two lowercase hex digits (written by hand: the storefront's part
/// that reads the index carries no integer formatting for it).
pub fn shard_name(shard: u8) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut name = String::with_capacity(2);
    name.push(char::from(HEX[usize::from(shard >> 4)]));
    name.push(char::from(HEX[usize::from(shard & 15)]));
    name
}

/// The name of the shard a sku is in (see [`shard_of`]).
pub fn shard(sku: &str) -> String {
    shard_name(shard_of(sku))
}

/// The shard's file of a sku, relative to the parts folder: `skus/{xx}.json`.
pub fn file_of(sku: &str) -> String {
    format!("{SKU_FILES}{}.json", shard(sku))
}

/// The product id a shard (as parsed JSON) gives for `sku`; `None` when the sku is
/// not in it (or the shard is not an object of strings there).
pub fn product_of<'a>(shard: &'a Value, sku: &str) -> Option<&'a str> {
    shard.get(sku).and_then(Value::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shard_is_two_hex_digits_fixed_by_the_sku() {
        // Fixed values: publish and the browser must agree, build after build.
        assert_eq!(shard(""), "81");
        assert_eq!(shard("a"), "e4");
        assert_eq!(shard("JP-50"), shard("JP-50"));
        assert_eq!(file_of("a"), "skus/e4.json");
        for n in 0..=255u8 {
            assert_eq!(shard_name(n), format!("{n:02x}"));
        }
        for sku in ["JP-50", "TEA-00001-1", "長い-sku"] {
            let s = shard(sku);
            assert_eq!(s.len(), 2);
            assert!(s
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        }
    }

    #[test]
    fn skus_spread_over_the_shards() {
        let mut counts = vec![0usize; SHARDS];
        for n in 0..30_000 {
            let sku = format!("TEA-{:05}-{}", n / 3, n % 3 + 1);
            counts[usize::from(shard_of(&sku))] += 1;
        }
        // 30,000 skus: about 117 a shard; none empty, none more than twice that.
        assert!(counts.iter().all(|&c| c > 0 && c < 240), "{counts:?}");
    }

    #[test]
    fn a_shard_names_the_product_of_its_skus_only() {
        let value: Value =
            serde_json::from_str(r#"{"JP-50": "jasmine-pearls", "odd": 3}"#).expect("JSON");
        assert_eq!(product_of(&value, "JP-50"), Some("jasmine-pearls"));
        assert_eq!(product_of(&value, "GONE-1"), None);
        assert_eq!(product_of(&value, "odd"), None);
        assert_eq!(product_of(&Value::Null, "JP-50"), None);
    }
}
