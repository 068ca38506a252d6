//! Signatures, each as its receiver computes it (docs/notify.md).

use base64::Engine as _;
use hmac::{Hmac, Mac};
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use sha2::Sha256;

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length: `new_from_slice` cannot fail for it.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        Err(_) => Vec::new(),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The JSON webhook's `Microshop-Signature` value after `v1=`: lower-case hex of
/// HMAC-SHA256 with the destination's secret over `<timestamp>.<body>`.
pub fn webhook(secret: &str, timestamp: &str, body: &str) -> String {
    let mut message = Vec::with_capacity(timestamp.len() + 1 + body.len());
    message.extend_from_slice(timestamp.as_bytes());
    message.push(b'.');
    message.extend_from_slice(body.as_bytes());
    hex(&hmac_sha256(secret.as_bytes(), &message))
}

/// Feishu's `sign`: base64 of HMAC-SHA256 keyed with `<timestamp>\n<secret>` over
/// nothing (so Feishu's own examples compute it); `timestamp` in seconds.
pub fn feishu(secret: &str, timestamp: &str) -> String {
    let key = format!("{timestamp}\n{secret}");
    base64::engine::general_purpose::STANDARD.encode(hmac_sha256(key.as_bytes(), b""))
}

/// DingTalk's `sign` query value: base64 of HMAC-SHA256 keyed with the secret over
/// `<timestamp>\n<secret>`, percent-encoded; `timestamp` in milliseconds.
pub fn dingtalk(secret: &str, timestamp: &str) -> String {
    let message = format!("{timestamp}\n{secret}");
    let sign = base64::engine::general_purpose::STANDARD
        .encode(hmac_sha256(secret.as_bytes(), message.as_bytes()));
    utf8_percent_encode(&sign, NON_ALPHANUMERIC).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// RFC 4231 test case 2, through the webhook's `timestamp.body` joining.
    #[test]
    fn signs_as_hmac_sha256() {
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            webhook(
                "Jefe",
                "what do ya want",
                " for nothing?".trim_start_matches(' ')
            ),
            hex(&hmac_sha256(b"Jefe", b"what do ya want.for nothing?"))
        );
    }
}
