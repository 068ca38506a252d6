//! `microshop receipt-key new|rotate|public` and `microshop receipt verify`
//! (docs/trust.md). The keys and the checking are the library's (`receipt`).

use crate::source::Source;
use crate::store::now_rfc3339;
use microshop_cli::receipt::{check, describe, read_keys, Keyring, Receipt, Refused};
use std::path::Path;

fn seed() -> Result<[u8; 32], String> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| format!("no randomness: {e}"))?;
    Ok(seed)
}

/// Makes the shop's receipt key in a new file (never over an existing one).
pub fn new(path: &Path) -> Result<(), String> {
    let ring = Keyring::create(path, seed()?, &now_rfc3339())?;
    println!(
        "made receipt key {} in {} (readable by you only): keep it, and a backup of it, private.\n\
         serve --receipt-key {} signs each order with it and publishes its public half at {}",
        ring.key_id(),
        path.display(),
        path.display(),
        microshop_cli::receipt::WELL_KNOWN_PATH
    );
    Ok(())
}

/// Replaces the key, keeping the old public half listed as retired.
pub fn rotate(path: &Path) -> Result<(), String> {
    let (old, ring) = Keyring::rotate(path, seed()?, &now_rfc3339())?;
    println!(
        "receipt key {} now signs; {old} is listed as retired, so receipts it signed still verify.\n\
         Restart serve, and publish the shop again if its key list is also published elsewhere",
        ring.key_id()
    );
    Ok(())
}

/// Prints the public key list a shop publishes at the well-known path.
pub fn public(path: &Path) -> Result<(), String> {
    let ring = Keyring::load(path)?;
    println!(
        "{}",
        serde_json::to_string_pretty(&ring.public()).map_err(|e| e.to_string())?
    );
    Ok(())
}

/// Checks a saved receipt against the shop's keys (a URL or a file).
pub fn verify(file: &Path, key: &str) -> Result<(), String> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let keys = read_keys(&Source::parse(key).read()?, key)?;
    match check(&text, &name, &keys) {
        Ok(terms) => {
            // The key id is read again only to name it: check() accepted it.
            let key_id = serde_json::from_str::<Receipt>(&text)
                .map(|r| r.key_id)
                .unwrap_or_default();
            print!("{}", describe(&terms, &key_id));
            Ok(())
        }
        Err(refused) => Err(match refused {
            Refused::Altered(m) => format!("ALTERED: {m}"),
            Refused::OtherKey(m) => format!("NOT SIGNED BY THE SHOP: {m}"),
            Refused::UnknownKey(m) => format!("UNKNOWN KEY: {m}"),
            Refused::Malformed(m) => m,
        }),
    }
}
