//! The seller's receipt key: made once (`microshop receipt-key new`), kept in a
//! file only its owner reads, rotated with its old public halves kept listed as
//! retired so receipts signed before still verify (docs/trust.md).
//!
//! Rotation takes two steps (REVIEW9 2): `rotate` adds the next key, published in
//! the key list (status `next`) while the current key keeps signing, so a copy of
//! the list on a static host, published again, names it before it signs anything;
//! `rotate --activate` then makes it the current key. `rotate --now` does both at
//! once, for a shop whose only key list is the one serve answers.

use super::Receipt;
use ed25519_dalek::{Signer, SigningKey, VerifyingKey};
use microshop_core::order::receipt::{ReceiptTerms, RECEIPT_SCHEMA};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::path::Path;

/// Where the shop's public keys are published, by `serve` and beside a published site.
pub const WELL_KNOWN_PATH: &str = "/.well-known/microshop-receipt-key.json";
/// The schema tag of the private key file.
pub const KEY_FILE_SCHEMA: &str = "microshop.receipt-key/1";
/// The schema tag of the published list of public keys.
pub const PUBLIC_SCHEMA: &str = microshop_core::order::receipt_check::KEYS_SCHEMA;

/// The private key file, as written (mode 0600).
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeyFile {
    schema: String,
    key_id: String,
    /// The Ed25519 secret key (its 32-byte seed), hex.
    secret_key: String,
    created_at: String,
    /// The public halves of earlier keys, newest first.
    #[serde(default)]
    retired: Vec<PublishedKey>,
    /// The key `rotate` made, published but not signing until `rotate --activate`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    next: Option<NextKeyFile>,
}

/// The next key in the file: its secret too, as it will sign.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NextKeyFile {
    key_id: String,
    secret_key: String,
    created_at: String,
}

/// A key made ahead of a rotation: published, not signing yet.
struct NextKey {
    signing: SigningKey,
    key_id: String,
    created_at: String,
}

impl NextKey {
    fn from_seed(seed: [u8; 32], created_at: &str) -> NextKey {
        let signing = SigningKey::from_bytes(&seed);
        NextKey {
            key_id: key_id_of(&signing.verifying_key()),
            signing,
            created_at: created_at.to_owned(),
        }
    }
}

/// The document at [`WELL_KNOWN_PATH`] (core's `KeyList`).
pub use microshop_core::order::receipt_check::KeyList as PublicKeys;
pub use microshop_core::order::receipt_check::PublishedKey;

/// The key that signs, the next one (if a rotation is under way) and the retired
/// ones, all published.
pub struct Keyring {
    signing: SigningKey,
    key_id: String,
    created_at: String,
    retired: Vec<PublishedKey>,
    next: Option<NextKey>,
}

/// A key's id: `ed25519-` and the first 16 hex digits of SHA-256 of its public key.
pub fn key_id_of(public: &VerifyingKey) -> String {
    let digest = Sha256::digest(public.as_bytes());
    format!("ed25519-{}", hex(&digest[..8]))
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn unhex<const N: usize>(text: &str) -> Option<[u8; N]> {
    if text.len() != N * 2 || !text.is_ascii() {
        return None;
    }
    let mut out = [0u8; N];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&text[i * 2..i * 2 + 2], 16).ok()?;
    }
    Some(out)
}

impl Keyring {
    fn from_seed(seed: [u8; 32], created_at: &str, retired: Vec<PublishedKey>) -> Keyring {
        let signing = SigningKey::from_bytes(&seed);
        Keyring {
            key_id: key_id_of(&signing.verifying_key()),
            signing,
            created_at: created_at.to_owned(),
            retired,
            next: None,
        }
    }

    /// The id of the key that signs.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// The id of the next key, published and not signing yet, if there is one.
    pub fn next_key_id(&self) -> Option<&str> {
        self.next.as_ref().map(|n| n.key_id.as_str())
    }

    /// Makes a key from `seed` (32 random bytes, the caller's) and writes it to a
    /// new file `path`, readable by its owner only; an existing file is never replaced.
    pub fn create(path: &Path, seed: [u8; 32], created_at: &str) -> Result<Keyring, String> {
        let ring = Keyring::from_seed(seed, created_at, Vec::new());
        write_new(path, &ring.file_text())?;
        Ok(ring)
    }

    /// Step 1 of a rotation: adds a key made from `seed` to `path` as the next key,
    /// published in the list (status `next`) while the current key keeps signing.
    /// Refused when there is a next key already: replacing it would drop a key a
    /// published list may name, for nothing.
    pub fn add_next(path: &Path, seed: [u8; 32], created_at: &str) -> Result<Keyring, String> {
        let mut ring = Keyring::load(path)?;
        if let Some(next) = &ring.next {
            return Err(format!(
                "{} has a next key already, {} (made {}): publish the shop so its key list has it, \
                 then run `microshop receipt-key rotate --activate {}` to make it sign",
                path.display(),
                next.key_id,
                next.created_at,
                path.display()
            ));
        }
        ring.next = Some(NextKey::from_seed(seed, created_at));
        ring.replace(path)?;
        Ok(ring)
    }

    /// Step 2 of a rotation: the next key signs from now on; the one that signed is
    /// kept, its public half only, listed as retired. Returns the retired key's id.
    pub fn activate(path: &Path) -> Result<(String, Keyring), String> {
        let old = Keyring::load(path)?;
        let Some(next) = old.next.as_ref() else {
            return Err(format!(
                "{} has no next key to activate: `microshop receipt-key rotate {}` makes one \
                 (published at once, signing only once activated)",
                path.display(),
                path.display()
            ));
        };
        let mut ring = Keyring::from_seed(next.signing.to_bytes(), &next.created_at, Vec::new());
        ring.retired = old.retired_with_current();
        ring.replace(path)?;
        Ok((old.key_id, ring))
    }

    /// A rotation in one step: replaces the key in `path` with one made from `seed`,
    /// signing at once; the old key's public half is kept, listed as retired. For a
    /// shop whose key list only serve publishes (a copy elsewhere lacks the new key
    /// until published again). Refused while a next key waits: `activate` is meant.
    pub fn rotate(
        path: &Path,
        seed: [u8; 32],
        created_at: &str,
    ) -> Result<(String, Keyring), String> {
        let old = Keyring::load(path)?;
        if let Some(next) = &old.next {
            return Err(format!(
                "{} has a next key, {}, published and waiting: `microshop receipt-key rotate \
                 --activate {}` makes it sign",
                path.display(),
                next.key_id,
                path.display()
            ));
        }
        let ring = Keyring::from_seed(seed, created_at, old.retired_with_current());
        ring.replace(path)?;
        Ok((old.key_id, ring))
    }

    /// The retired keys after this one retires: it first, then the earlier ones.
    fn retired_with_current(&self) -> Vec<PublishedKey> {
        let mut retired = vec![PublishedKey {
            status: "retired".into(),
            ..self.current()
        }];
        retired.extend(self.retired.iter().cloned());
        retired
    }

    /// Writes the ring over `path`: to a new file beside it, then moved over it, so a
    /// crash (or serve reading it meanwhile) sees the old file or the new one, never
    /// half of one.
    fn replace(&self, path: &Path) -> Result<(), String> {
        let temporary = path.with_extension("new");
        let _ = std::fs::remove_file(&temporary);
        write_new(&temporary, &self.file_text())?;
        std::fs::rename(&temporary, path)
            .map_err(|e| format!("{}: cannot replace it: {e}", path.display()))
    }

    /// Reads a key file; refuses one that other users may read.
    pub fn load(path: &Path) -> Result<Keyring, String> {
        let whence = path.display();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{whence}: {e}"))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)
                .map_err(|e| format!("{whence}: {e}"))?
                .permissions()
                .mode();
            if mode & 0o077 != 0 {
                return Err(format!(
                    "{whence}: the receipt key is readable by other users (mode {:o}); run chmod 600 on it",
                    mode & 0o777
                ));
            }
        }
        let file: KeyFile = serde_json::from_str(&text)
            .map_err(|e| format!("{whence} is not a microshop receipt key: {e}"))?;
        if file.schema != KEY_FILE_SCHEMA {
            return Err(format!(
                "{whence}: schema \"{}\", expected \"{KEY_FILE_SCHEMA}\"",
                file.schema
            ));
        }
        let seed = unhex::<32>(&file.secret_key)
            .ok_or_else(|| format!("{whence}: secret_key must be 64 hex digits"))?;
        let mut ring = Keyring::from_seed(seed, &file.created_at, file.retired);
        if ring.key_id != file.key_id {
            return Err(format!(
                "{whence}: key_id \"{}\" is not the id of its secret key ({})",
                file.key_id, ring.key_id
            ));
        }
        if let Some(next) = file.next {
            let seed = unhex::<32>(&next.secret_key)
                .ok_or_else(|| format!("{whence}: next.secret_key must be 64 hex digits"))?;
            let made = NextKey::from_seed(seed, &next.created_at);
            if made.key_id != next.key_id {
                return Err(format!(
                    "{whence}: next.key_id \"{}\" is not the id of its secret key ({})",
                    next.key_id, made.key_id
                ));
            }
            ring.next = Some(made);
        }
        Ok(ring)
    }

    fn current(&self) -> PublishedKey {
        PublishedKey {
            key_id: self.key_id.clone(),
            algorithm: "Ed25519".into(),
            public_key: hex(self.signing.verifying_key().as_bytes()),
            status: "current".into(),
        }
    }

    /// What the shop publishes: the current key first, then the next one (if a
    /// rotation is under way), then the retired ones.
    pub fn public(&self) -> PublicKeys {
        let mut keys = vec![self.current()];
        keys.extend(self.next.as_ref().map(|n| PublishedKey {
            key_id: n.key_id.clone(),
            algorithm: "Ed25519".into(),
            public_key: hex(n.signing.verifying_key().as_bytes()),
            status: "next".into(),
        }));
        keys.extend(self.retired.iter().cloned());
        PublicKeys {
            schema: PUBLIC_SCHEMA.into(),
            keys,
        }
    }

    /// Signs `terms` with the current key.
    pub fn sign(&self, terms: &ReceiptTerms) -> Receipt {
        let signature = self.signing.sign(terms.canonical().as_bytes());
        Receipt {
            receipt: RECEIPT_SCHEMA.into(),
            key_id: self.key_id.clone(),
            public_key: hex(self.signing.verifying_key().as_bytes()),
            signature: hex(&signature.to_bytes()),
            terms: serde_json::to_value(terms).unwrap_or_default(),
            shop: None,
        }
    }

    fn file_text(&self) -> String {
        let file = KeyFile {
            schema: KEY_FILE_SCHEMA.into(),
            key_id: self.key_id.clone(),
            secret_key: hex(&self.signing.to_bytes()),
            created_at: self.created_at.clone(),
            retired: self.retired.clone(),
            next: self.next.as_ref().map(|n| NextKeyFile {
                key_id: n.key_id.clone(),
                secret_key: hex(&n.signing.to_bytes()),
                created_at: n.created_at.clone(),
            }),
        };
        serde_json::to_string_pretty(&file).unwrap_or_default() + "\n"
    }
}

/// Writes a file that must not exist yet, readable and writable by its owner only.
fn write_new(path: &Path, text: &str) -> Result<(), String> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            format!(
                "{} exists: a receipt key is made once (use `microshop receipt-key rotate` to replace it)",
                path.display()
            )
        } else {
            format!("{}: {e}", path.display())
        }
    })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("{}: {e}", path.display()))
}
