//! `microshop notify test`: the command a seller runs after setting a destination
//! up. Each destination gets one test message in its exact format, at once; a
//! receiver that refuses it makes the command fail and say why (never the address
//! or its token); `--to` picks one destination.

mod notify_support;

use notify_support::serving::shop_folder;
use notify_support::{Receiver, TempDir};
use std::path::Path;
use std::process::Command;

const KEY: &str = "trial-key-0123456789abcdef";

/// Runs `microshop notify test` in `dir` with `args`: success, stdout, stderr.
fn notify_test(dir: &Path, args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .current_dir(dir)
        .args(["notify", "test"])
        .args(args)
        .env_remove("MICROSHOP_NOTIFY")
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn two_destinations(chat: &str, books: &str) -> String {
    format!(
        r#"{{"destinations": [
            {{"name": "team", "kind": "slack", "url": "{chat}/services/T0/B0/tokenXYZ"}},
            {{"name": "books", "kind": "webhook", "url": "{books}/in", "secret": "{KEY}", "locale": "en"}}
        ]}}"#
    )
}

#[test]
fn each_destination_gets_a_test_message_in_its_format() {
    let chat = Receiver::answering(200);
    let books = Receiver::answering(204);
    let dir = TempDir::new("trial-ok");
    shop_folder(dir.path(), &two_destinations(&chat.url, &books.url));
    let (ok, stdout, stderr) = notify_test(dir.path(), &[]);
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(
        stdout,
        "sent: team took the test message\nsent: books took the test message\n"
    );

    let slack = chat.wait_for(1).remove(0);
    assert_eq!(
        (slack.method.as_str(), slack.target.as_str()),
        ("POST", "/services/T0/B0/tokenXYZ")
    );
    let body = slack.json();
    assert_eq!(body["mrkdwn"], false);
    let text = body["text"].as_str().expect("text");
    // The shop's default locale (zh-CN), its name, the destination's name.
    assert!(text.contains("测试消息") && text.contains("team"), "{text}");

    let webhook = books.wait_for(1).remove(0);
    let event = webhook.json();
    assert_eq!(event["type"], "test");
    assert!(event.get("order").is_none(), "{event}");
    let timestamp = webhook.header("microshop-timestamp").expect("timestamp");
    let expected = {
        use hmac::{Hmac, Mac};
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(KEY.as_bytes()).expect("key");
        mac.update(format!("{timestamp}.{}", webhook.body).as_bytes());
        mac.finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    assert_eq!(
        webhook.header("microshop-signature"),
        Some(format!("v1={expected}").as_str())
    );
    assert!(webhook
        .header("microshop-event-id")
        .is_some_and(|id| id.starts_with("test:")));
}

#[test]
fn a_refused_test_message_fails_the_command_and_says_why_without_the_token() {
    let chat = Receiver::answering(500);
    let books = Receiver::answering(204);
    let dir = TempDir::new("trial-fail");
    shop_folder(dir.path(), &two_destinations(&chat.url, &books.url));
    let (ok, stdout, stderr) = notify_test(dir.path(), &[]);
    assert!(!ok);
    assert_eq!(stdout, "sent: books took the test message\n");
    assert!(
        stderr.contains("failed: team: answered 500 Internal Server Error"),
        "{stderr}"
    );
    assert!(
        stderr.contains("1 of 2 destination(s) did not take the test message"),
        "{stderr}"
    );
    assert!(
        !stderr.contains("tokenXYZ") && !stderr.contains(KEY),
        "{stderr}"
    );
}

#[test]
fn to_picks_one_destination_and_an_unknown_name_is_refused() {
    let chat = Receiver::answering(200);
    let books = Receiver::answering(204);
    let dir = TempDir::new("trial-to");
    shop_folder(dir.path(), &two_destinations(&chat.url, &books.url));
    let (ok, stdout, stderr) = notify_test(dir.path(), &["shop.json", "--to", "books"]);
    assert!(ok, "{stdout}{stderr}");
    assert_eq!(stdout, "sent: books took the test message\n");
    assert_eq!(books.wait_for(1).len(), 1);
    assert!(chat.requests().is_empty());

    let (ok, _, stderr) = notify_test(dir.path(), &["--to", "bookz"]);
    assert!(!ok);
    assert!(
        stderr.contains("no destination is named \"bookz\" (destinations: team, books)"),
        "{stderr}"
    );
}

#[test]
fn a_broken_notify_json_is_listed_not_tried() {
    let dir = TempDir::new("trial-broken");
    shop_folder(
        dir.path(),
        r#"{"destinations": [{"name": "team", "kind": "slak", "url": "https://hooks.slack.com/services/x"}]}"#,
    );
    let (ok, stdout, stderr) = notify_test(dir.path(), &[]);
    assert!(!ok);
    assert_eq!(stdout, "");
    assert!(
        stderr.contains("error: destinations[0].kind: \"slak\" is not a kind of destination; did you mean \"slack\"?"),
        "{stderr}"
    );
}
