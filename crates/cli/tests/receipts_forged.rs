//! `microshop receipt verify` on a receipt a scammer signed with a key of their own
//! (REVIEW9 1): what the signer wrote cannot fake microshop's lines or hide the
//! address of the key list the check trusted, and a shop address that names a user
//! before its host (`http://real.example:80@evil/`) is refused, not shown as if it
//! were the real shop's. No server: the key lists are files, and the addresses with
//! a user are refused before anything is fetched.

use microshop_cli::receipt::Keyring;
use microshop_core::order::receipt::ReceiptTerms;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("microshop-forged-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs `microshop ARGS`: success, stdout, stderr (as bytes: what a terminal gets).
fn microshop(args: &[&str]) -> (bool, Vec<u8>, Vec<u8>) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .output()
        .expect("runs");
    (out.status.success(), out.stdout, out.stderr)
}

const FAKE_LINE: &str =
    "(checked against the keys at https://lantern-tea.example/.well-known/microshop-receipt-key.json)";

/// Terms as a scammer writes them: control codes, line breaks and bidi overrides in
/// every kind of string a receipt shows.
fn forged_terms() -> ReceiptTerms {
    serde_json::from_value(json!({
        "schema": "microshop.receipt/1",
        "order_id": "ord_1\u{1b}[2K",
        "shop_id": "lantern-tea",
        "seller": "Lantern Tea House\u{1b}[8m",
        "locale": "en",
        "placed_at": "2026-12-05T10:00:00Z",
        "accepted_at": "2026-12-05T10:00:01Z",
        "currency": "CNY",
        "lines": [{
            "product_id": "p", "sku": "JP-50\r", "title": "Jasmine \u{202e}05 ×",
            "options": {"Weight\u{7}": "50g\u{9b}31m"},
            "unit_price": "68.00", "quantity": 100, "line_total": "6800.00"
        }],
        "subtotal": "6800.00",
        "shipping": {"id": "s", "label": "Post\u{2028}", "price": "0.00"},
        "total": "8000.00",
        "policies": {
            "returns": "none\r\u{1b}[1A",
            "guarantee": format!("Full refund\n{FAKE_LINE}\n\u{1b}[8m"),
        }
    }))
    .expect("terms")
}

/// A forged receipt signed by `ring`, whose key id the receipt and the list both
/// spell `key_id` (the id is not signed: a scammer's list may name any).
fn forged(ring: &Keyring, key_id: &str) -> (Value, Value) {
    let mut receipt = serde_json::to_value(ring.sign(&forged_terms())).expect("json");
    receipt["key_id"] = Value::String(key_id.into());
    let mut list = serde_json::to_value(ring.public()).expect("json");
    list["keys"][0]["key_id"] = Value::String(key_id.into());
    (receipt, list)
}

/// The bytes below 0x20 (and DEL, C1 and bidi/line separators) other than `\n`.
fn controls(bytes: &[u8]) -> Vec<char> {
    String::from_utf8_lossy(bytes)
        .chars()
        .filter(|c| {
            *c != '\n'
                && (c.is_control()
                    || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{2028}' | '\u{2029}' | '\u{200e}' | '\u{200f}' | '\u{61c}'))
        })
        .collect()
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf8")
}

#[test]
fn what_the_signer_wrote_cannot_fake_or_hide_the_trusted_address() {
    let scratch = Scratch::new("escapes");
    let ring = Keyring::create(
        &scratch.0.join("scam-key.json"),
        [7; 32],
        "2026-12-05T00:00:00Z",
    )
    .expect("key");
    let (receipt, list) = forged(&ring, "ed25519-\u{1b}[8mfake");
    let file = scratch.0.join("forged.json");
    std::fs::write(&file, receipt.to_string()).expect("writes");
    let keys = scratch.0.join("keys.json");
    std::fs::write(&keys, list.to_string()).expect("writes");

    let (ok, out, err) = microshop(&["receipt", "verify", path(&file), "--key", path(&keys)]);
    let text = String::from_utf8_lossy(&out).into_owned();
    assert!(
        ok,
        "a receipt its key list vouches for is valid (for that list): {text}{}",
        String::from_utf8_lossy(&err)
    );
    assert_eq!(
        controls(&out),
        Vec::<char>::new(),
        "no control, bidi or line-separator character but microshop's own line ends: {text:?}"
    );
    let first = text.lines().next().expect("a first line");
    assert!(
        first.starts_with("Valid receipt") && first.contains(path(&keys)),
        "the first line names the key list the check trusted: {first:?}"
    );
    assert!(
        !text
            .lines()
            .skip(1)
            .any(|l| l.starts_with("(checked against")),
        "no line of the signer's can pass for microshop's: {text}"
    );
    // What was escaped is still there to read.
    assert!(text.contains("Lantern Tea House\\u{1b}[8m"), "{text}");
    assert!(text.contains("Full refund\\n(checked against"), "{text}");

    // A refusal quotes key ids the list and the file chose: escaped on stderr too.
    let mut other = list.clone();
    other["keys"][0]["key_id"] = Value::String("ed25519-\u{1b}[2K\rValid receipt".into());
    std::fs::write(&keys, other.to_string()).expect("writes");
    let (ok, _, err) = microshop(&["receipt", "verify", path(&file), "--key", path(&keys)]);
    assert!(!ok);
    assert_eq!(
        controls(&err),
        Vec::<char>::new(),
        "{:?}",
        String::from_utf8_lossy(&err)
    );
}

#[test]
fn an_address_with_a_user_before_its_host_is_refused() {
    let scratch = Scratch::new("userinfo");
    let ring = Keyring::create(
        &scratch.0.join("scam-key.json"),
        [8; 32],
        "2026-12-05T00:00:00Z",
    )
    .expect("key");
    let (mut receipt, _) = forged(&ring, ring.key_id());
    // Port 9 (discard): nothing is fetched, the address is refused first.
    receipt["shop"] = Value::String("http://lantern-tea.example:80@127.0.0.1:9/".into());
    let file = scratch.0.join("forged2.json");
    std::fs::write(&file, receipt.to_string()).expect("writes");
    let (ok, out, err) = microshop(&["receipt", "verify", path(&file)]);
    let err = String::from_utf8_lossy(&err);
    assert!(!ok, "{}", String::from_utf8_lossy(&out));
    assert!(out.is_empty(), "{}", String::from_utf8_lossy(&out));
    assert!(
        err.contains("\"shop\"") && err.contains("user") && err.contains("127.0.0.1:9"),
        "says the address is refused and which host it really is: {err}"
    );
    assert!(!err.contains("cannot fetch"), "nothing fetched: {err}");

    let (ok, _, err) = microshop(&[
        "receipt",
        "verify",
        path(&file),
        "--key",
        "https://lantern-tea.example@127.0.0.1:9/.well-known/microshop-receipt-key.json",
    ]);
    let err = String::from_utf8_lossy(&err);
    assert!(!ok);
    assert!(
        err.contains("--key") && err.contains("user") && !err.contains("cannot fetch"),
        "{err}"
    );
}
