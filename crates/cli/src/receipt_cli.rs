//! `microshop receipt-key new|rotate|public` and `microshop receipt verify`
//! (docs/trust.md). The keys and the checking are the library's (`receipt`).

use crate::source::Source;
use crate::store::now_rfc3339;
use microshop_cli::receipt::{
    check, describe, plain_host, read_keys, shown, shown_lines, trusted_list, Keyring, Receipt,
    Refused,
};
use std::path::Path;

fn seed() -> Result<[u8; 32], String> {
    let mut seed = [0u8; 32];
    getrandom::getrandom(&mut seed).map_err(|e| format!("no randomness: {e}"))?;
    Ok(seed)
}

/// Where `receipt-key new` writes the key (and `rotate` and `public` read it) when
/// given no file: a dot folder, beside the seller secret and the orders. serve never
/// serves a dot path, where a `receipt-key.json` beside shop.json could be named as
/// one of the shop's files (REVIEW8 section 8).
pub const DEFAULT_KEY_FILE: &str = ".microshop/receipt-key.json";

/// Makes the shop's receipt key in a new file (never over an existing one), making
/// its folder if needed.
pub fn new(path: &Path) -> Result<(), String> {
    if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(folder)
            .map_err(|e| format!("cannot create {}: {e}", folder.display()))?;
    }
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

/// How `receipt-key rotate` goes: in two steps (the default, then `--activate`),
/// or in one (`--now`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rotation {
    /// Step 1: the next key is published, the current one keeps signing.
    Next,
    /// Step 2: the next key signs.
    Activate,
    /// Both at once (a shop whose only key list is serve's).
    Now,
}

/// Rotates the key (docs/trust.md, "Rotation"). A running serve reads the file again
/// at its next request: no restart in any step.
pub fn rotate(path: &Path, how: Rotation) -> Result<(), String> {
    let file = path.display();
    match how {
        Rotation::Next => {
            let ring = Keyring::add_next(path, seed()?, &now_rfc3339())?;
            let next = ring.next_key_id().unwrap_or_default();
            println!(
                "made receipt key {next} as the next key: the key list publishes it from now on \
                 (status \"next\"), and {} still signs.\n\
                 1. Publish the shop again wherever its key list is copied (a static host: \
                 microshop publish --receipt-key {file}); a running serve lists it already.\n\
                 2. Then run `microshop receipt-key rotate --activate {file}`: {next} signs from \
                 then on, and the site's list, which names it, verifies its receipts",
                ring.key_id()
            );
        }
        Rotation::Activate => {
            let (old, ring) = Keyring::activate(path)?;
            println!(
                "receipt key {} now signs (a running serve from its next order, no restart); \
                 {old} is listed as retired, so receipts it signed still verify.\n\
                 A copy of the key list published elsewhere since `rotate` names {} as next, so it \
                 verifies its receipts; publish the shop again so that it names it current",
                ring.key_id(),
                ring.key_id()
            );
        }
        Rotation::Now => {
            let (old, ring) = Keyring::rotate(path, seed()?, &now_rfc3339())?;
            println!(
                "receipt key {} now signs (a running serve from its next order, no restart); \
                 {old} is listed as retired, so receipts it signed still verify.\n\
                 A copy of the key list published elsewhere (a static host) does not list {} until \
                 the shop is published again: until then buyers checking there read \"Not signed \
                 by this shop\". `rotate` without --now avoids that",
                ring.key_id(),
                ring.key_id()
            );
        }
    }
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

/// Checks a saved receipt against the shop's keys (a URL or a file; without one,
/// the keys the shop named in the file publishes). What the receipt's signer wrote
/// is shown escaped, on stdout and in the refusals ([`shown`]): the key list the
/// check trusted is named first, and nothing the signer wrote can fake or hide it.
pub fn verify(file: &Path, key: Option<&str>) -> Result<(), String> {
    verify_shown(file, key).map_err(|e| shown_lines(&e))
}

fn verify_shown(file: &Path, key: Option<&str>) -> Result<(), String> {
    let name = file.display().to_string();
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {name}: {e}"))?;
    let key = match key {
        Some(k) => {
            if let Source::Url(url) = Source::parse(k) {
                plain_host(&url).map_err(|e| format!("--key: {e}"))?;
            }
            k.to_owned()
        }
        None => keys_of_shop(&text, &name)?,
    };
    let source = Source::parse(&key);
    let host =
        match &source {
            // The shop's address was checked; the list the manifest names may be elsewhere.
            Source::Url(url) => Some(plain_host(url).map_err(|e| {
                format!("the key list the shop's manifest names (receipts.keys): {e}")
            })?),
            Source::File(_) => None,
        };
    let keys = read_keys(&source.read()?, &key)?;
    match check(&text, &name, &keys) {
        Ok(terms) => {
            // The key id is read again only to name it: check() accepted it.
            let key_id = serde_json::from_str::<Receipt>(&text)
                .map(|r| r.key_id)
                .unwrap_or_default();
            // Where the trust comes from, first: a buyer judges whether that address is the shop's.
            print!(
                "{}",
                describe(&terms, &key_id, &trusted_list(&key, host.as_deref()))
            );
            Ok(())
        }
        // Core's messages quote the key ids the file and the list chose.
        Err(refused) => Err(match refused {
            Refused::Altered(m) => format!("ALTERED: {}", shown(&m)),
            Refused::OtherKey(m) => format!("NOT SIGNED BY THE SHOP: {}", shown(&m)),
            Refused::UnknownKey(m) => format!("UNKNOWN KEY: {}", shown(&m)),
            Refused::Malformed(m) => shown(&m),
        }),
    }
}

/// The key list of the shop a saved receipt names (`shop`, written by the storefront
/// when the buyer saved it): the manifest's `receipts.keys` at `<shop>shop.json`,
/// else `<shop>.well-known/microshop-receipt-key.json`.
fn keys_of_shop(text: &str, name: &str) -> Result<String, String> {
    let shop = serde_json::from_str::<serde_json::Value>(text)
        .ok()
        .and_then(|v| v.get("shop").and_then(|s| s.as_str()).map(str::to_owned));
    let Some(shop) = shop else {
        return Err(format!(
            "{name} does not name its shop (no \"shop\" address: it was not saved from a \
             storefront): give the shop's key list with --key URL"
        ));
    };
    if !(shop.starts_with("https://") || shop.starts_with("http://")) {
        return Err(format!(
            "{name} names its shop as \"{}\", which is not an http(s) address: \
             give the shop's key list with --key URL",
            shown(&shop)
        ));
    }
    plain_host(&shop).map_err(|e| format!("{name}: its \"shop\" address {e}"))?;
    let shop = if shop.ends_with('/') {
        shop
    } else {
        format!("{shop}/")
    };
    let manifest_url = format!("{shop}shop.json");
    let named = Source::Url(manifest_url.clone())
        .read()
        .ok()
        .and_then(|t| serde_json::from_str::<serde_json::Value>(&t).ok())
        .and_then(|m| {
            m.pointer("/receipts/keys")
                .and_then(|k| k.as_str())
                .map(str::to_owned)
        });
    Ok(match named {
        Some(keys) => join_url(&manifest_url, &keys),
        None => format!("{shop}{}", microshop_core::order::receipt_check::KEYS_PATH),
    })
}

/// `reference` resolved against `base` (both http(s)): absolute, from the origin
/// (`/x`), or beside `base`'s last segment.
fn join_url(base: &str, reference: &str) -> String {
    if reference.starts_with("https://") || reference.starts_with("http://") {
        return reference.to_owned();
    }
    let scheme_end = base.find("://").map_or(0, |i| i + 3);
    let origin_end = base[scheme_end..]
        .find('/')
        .map_or(base.len(), |i| scheme_end + i);
    if let Some(path) = reference.strip_prefix('/') {
        return format!("{}/{path}", &base[..origin_end]);
    }
    let dir_end = base
        .rfind('/')
        .filter(|i| *i >= origin_end)
        .map_or(base.len(), |i| i + 1);
    format!("{}{reference}", &base[..dir_end])
}

/// Whether the domain a shop is published under vouches for the key in `path`: the
/// key list at the root of `site`'s origin lists it as the current key. That is
/// the condition under which the storefront says the shop's key is published by
/// that domain (docs/trust.md, "Seller identity").
pub fn domain(path: &Path, site: &str) -> Result<(), String> {
    let ring = Keyring::load(path)?;
    if !(site.starts_with("https://") || site.starts_with("http://")) {
        return Err(format!(
            "\"{site}\" is not an http(s) address: give the shop's address, such as https://shop.example/"
        ));
    }
    let list = join_url(site, microshop_cli::receipt::WELL_KNOWN_PATH);
    let text = Source::Url(list.clone()).read().map_err(|e| {
        format!(
            "{e}\nthe domain publishes no key list: put the output of `microshop receipt-key public {}` \
             at {list} (publish --receipt-key writes it into a site published at the domain's root)",
            path.display()
        )
    })?;
    let keys = read_keys(&text, &list)?;
    let mine = ring.public();
    let current = mine.keys.first().ok_or("the key file has no key")?;
    match keys.keys.iter().find(|k| k.key_id == current.key_id) {
        Some(k) if k.public_key == current.public_key && k.status == "current" => {
            // Between the two steps of a rotation: is the next key published yet?
            let next = match mine.keys.iter().find(|k| k.status == "next") {
                None => String::new(),
                Some(n) if keys.keys.iter().any(|k| k.key_id == n.key_id && k.public_key == n.public_key) => {
                    format!(
                        "\nIt lists your next key {} too: `microshop receipt-key rotate --activate {}` \
                         can make it sign",
                        n.key_id,
                        path.display()
                    )
                }
                Some(n) => {
                    return Err(format!(
                        "{list} lists your key {} as current but does not list your next key {} yet: \
                         publish the shop again (its key list: microshop receipt-key public {}) before \
                         `microshop receipt-key rotate --activate {}`, or buyers checking there will \
                         read \"Not signed by this shop\" for receipts the next key signs",
                        current.key_id,
                        n.key_id,
                        path.display(),
                        path.display()
                    ))
                }
            };
            println!(
                "{list} lists your key {} as current: the storefront there says receipts are \
                 signed with a key its domain publishes{next}",
                current.key_id
            );
            Ok(())
        }
        Some(k) if k.public_key != current.public_key => Err(format!(
            "{list} lists {} with another public key: it is not your key",
            k.key_id
        )),
        Some(k) => Err(format!(
            "{list} lists your key {} as {}, not as current: publish the list again \
             (microshop receipt-key public {})",
            k.key_id,
            k.status,
            path.display()
        )),
        None => Err(format!(
            "{list} does not list your key {} (it lists {}): publish the list again \
             (microshop receipt-key public {})",
            current.key_id,
            if keys.keys.is_empty() {
                "no keys".to_owned()
            } else {
                keys.keys
                    .iter()
                    .map(|k| k.key_id.clone())
                    .collect::<Vec<_>>()
                    .join(", ")
            },
            path.display()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::join_url;

    #[test]
    fn a_key_list_address_is_read_against_the_manifest() {
        let m = "https://shop.example/teashop/shop.json";
        assert_eq!(
            join_url(m, "keys.json"),
            "https://shop.example/teashop/keys.json"
        );
        assert_eq!(
            join_url(m, "/.well-known/microshop-receipt-key.json"),
            "https://shop.example/.well-known/microshop-receipt-key.json"
        );
        assert_eq!(
            join_url(m, "https://keys.example/k.json"),
            "https://keys.example/k.json"
        );
    }
}
