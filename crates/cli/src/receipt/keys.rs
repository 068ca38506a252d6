//! The seller's receipt key: made once (`microshop receipt-key new`), kept in a
//! file only its owner reads, rotated with its old public halves kept listed as
//! retired so receipts signed before still verify (docs/trust.md).

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
}

/// The document at [`WELL_KNOWN_PATH`] (core's `KeyList`).
pub use microshop_core::order::receipt_check::KeyList as PublicKeys;
pub use microshop_core::order::receipt_check::PublishedKey;

/// The key that signs, and the retired ones still published.
pub struct Keyring {
    signing: SigningKey,
    key_id: String,
    created_at: String,
    retired: Vec<PublishedKey>,
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
        }
    }

    /// The id of the key that signs.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Makes a key from `seed` (32 random bytes, the caller's) and writes it to a
    /// new file `path`, readable by its owner only; an existing file is never replaced.
    pub fn create(path: &Path, seed: [u8; 32], created_at: &str) -> Result<Keyring, String> {
        let ring = Keyring::from_seed(seed, created_at, Vec::new());
        write_new(path, &ring.file_text())?;
        Ok(ring)
    }

    /// Replaces the key in `path` with one made from `seed`; the old key's public
    /// half is kept, listed as retired. Written to a new file beside it, then moved
    /// over it, so a crash leaves the old file or the new one, never half of one.
    pub fn rotate(
        path: &Path,
        seed: [u8; 32],
        created_at: &str,
    ) -> Result<(String, Keyring), String> {
        let old = Keyring::load(path)?;
        let mut retired = vec![PublishedKey {
            status: "retired".into(),
            ..old.current()
        }];
        retired.extend(old.retired);
        let ring = Keyring::from_seed(seed, created_at, retired);
        let temporary = path.with_extension("new");
        let _ = std::fs::remove_file(&temporary);
        write_new(&temporary, &ring.file_text())?;
        std::fs::rename(&temporary, path)
            .map_err(|e| format!("{}: cannot replace it: {e}", path.display()))?;
        Ok((old.key_id, ring))
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
        let ring = Keyring::from_seed(seed, &file.created_at, file.retired);
        if ring.key_id != file.key_id {
            return Err(format!(
                "{whence}: key_id \"{}\" is not the id of its secret key ({})",
                file.key_id, ring.key_id
            ));
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

    /// What the shop publishes: the current key first, then the retired ones.
    pub fn public(&self) -> PublicKeys {
        let mut keys = vec![self.current()];
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
