//! notify.json's problems, each with its path and in plain words, as `check` says
//! them (one small edit of a valid file per problem), never with a secret's value;
//! and `serve`, which will not start on a broken one (orders would be stored with
//! no announcement) or on one inside a folder it serves to everyone.

mod notify_support;

use microshop_cli::notify::{Config, Kind};
use microshop_core::Problem;
use notify_support::TempDir;
use std::path::Path;
use std::process::Command;

const VALID: &str = r#"{
  "destinations": [
    {"name": "team", "kind": "slack", "url": {"env": "TEAM_HOOK"}},
    {"name": "books", "kind": "webhook", "url": "https://books.example/in", "secret": {"env": "BOOKS_KEY"},
     "events": ["order.created", "order.status"]},
    {"name": "tg", "kind": "telegram", "token": {"env": "TG_TOKEN"}, "chat_id": -100123}
  ]
}"#;

fn env(name: &str) -> Option<String> {
    match name {
        "TEAM_HOOK" => Some("https://hooks.slack.com/services/T0/B0/SECRETslack".into()),
        "BOOKS_KEY" => Some("a-very-long-secret-key-of-40-characters!".into()),
        "TG_TOKEN" => Some("123456:SECRETtelegram".into()),
        _ => None,
    }
}

fn parse(text: &str) -> Result<(Config, Vec<Problem>), Vec<Problem>> {
    Config::parse(text, Path::new("."), &env).map_err(|r| r.errors)
}

/// The problems of `VALID` with `from` replaced by `to`, as `path: message`.
fn errors_after(from: &str, to: &str) -> Vec<String> {
    assert!(VALID.contains(from), "{from}");
    match parse(&VALID.replacen(from, to, 1)) {
        Ok(_) => panic!("accepted with {to}"),
        Err(problems) => problems.iter().map(ToString::to_string).collect(),
    }
}

fn warnings_after(from: &str, to: &str) -> Vec<String> {
    match parse(&VALID.replacen(from, to, 1)) {
        Ok((_, warnings)) => warnings.iter().map(ToString::to_string).collect(),
        Err(problems) => panic!("{problems:?}"),
    }
}

#[test]
fn a_valid_file_reads_with_its_secrets_resolved() {
    let (config, warnings) = parse(VALID).expect("valid");
    assert!(warnings.is_empty(), "{warnings:?}");
    let names: Vec<(&str, Kind)> = config
        .destinations
        .iter()
        .map(|d| (d.name.as_str(), d.kind))
        .collect();
    assert_eq!(
        names,
        [
            ("team", Kind::Slack),
            ("books", Kind::Webhook),
            ("tg", Kind::Telegram)
        ]
    );
    assert_eq!(
        config.destinations[2].url.expose(),
        "https://api.telegram.org/bot123456:SECRETtelegram/sendMessage"
    );
    assert_eq!(config.destinations[2].chat_id.as_deref(), Some("-100123"));
    assert_eq!(config.for_new_orders(), ["team", "books", "tg"]);
    assert!(!config.destinations[0]
        .events
        .wants(microshop_core::order::status::Status::Paid));
    assert!(config.destinations[1]
        .events
        .wants(microshop_core::order::status::Status::Paid));
    // A secret never prints.
    let debug = format!("{config:?}");
    assert!(
        !debug.contains("SECRET") && !debug.contains("a-very-long"),
        "{debug}"
    );
}

#[test]
fn each_problem_is_named_with_its_path() {
    let cases: &[(&str, &str, &str)] = &[
        (
            r#""kind": "slack""#,
            r#""kind": "slak""#,
            r#"destinations[0].kind: "slak" is not a kind of destination; did you mean "slack"? (kinds: webhook, text, slack, discord, telegram, wecom, feishu, dingtalk)"#,
        ),
        (
            r#""kind": "slack", "#,
            "",
            "destinations[0].kind: is missing: one of webhook, text, slack, discord, telegram, wecom, feishu, dingtalk",
        ),
        (
            r#""url": "https://books.example/in""#,
            r#""url": "http://books.example/in""#,
            "destinations[1].url: is not https: announcements carry order details and the address carries its token, so they go over https (http only to this machine: localhost, 127.0.0.1)",
        ),
        (
            r#""url": "https://books.example/in""#,
            r#""url": "books.example/in""#,
            "destinations[1].url: is not a URL: it must start with https://",
        ),
        (
            r#""url": "https://books.example/in""#,
            r#""url": "https://books.example/a b""#,
            "destinations[1].url: contains spaces or control characters",
        ),
        (
            r#""url": {"env": "TEAM_HOOK"}"#,
            r#""url": {"env": "TEAM_HOOK_TYPO"}"#,
            "destinations[0].url: the environment variable TEAM_HOOK_TYPO is not set (or not UTF-8); set it where microshop runs",
        ),
        (
            r#", "secret": {"env": "BOOKS_KEY"}"#,
            "",
            "destinations[1].secret: is missing: a long random key the receiver checks signatures with (openssl rand -hex 32)",
        ),
        (
            r#""secret": {"env": "BOOKS_KEY"}"#,
            r#""secret": "short""#,
            "destinations[1].secret: is shorter than 16 characters; use a long random key (openssl rand -hex 32)",
        ),
        (
            r#""secret": {"env": "BOOKS_KEY"}"#,
            r#""secret": {"vault": "x"}"#,
            r#"destinations[1].secret: is not a secret: write the value as a string, or name where it is: {"env": "VARIABLE"} or {"file": "secret.txt"}"#,
        ),
        (
            r#""secret": {"env": "BOOKS_KEY"}"#,
            r#""secret": "  ""#,
            "destinations[1].secret: is empty",
        ),
        (
            r#""name": "books""#,
            r#""name": "team""#,
            r#"destinations[1].name: "team" is already the name of destinations[0]; each destination needs its own name"#,
        ),
        (
            r#""name": "books""#,
            r#""name": "the books""#,
            r#"destinations[1].name: "the books" is not a name: use 1-64 letters, digits, - and _ (it is shown in the order's history)"#,
        ),
        (
            r#""events": ["order.created", "order.status"]"#,
            r#""events": ["order.created", "order.shiped"]"#,
            r#"destinations[1].events[1]: "order.shiped" is not an event; did you mean "order.shipped"? events: order.created (a new order), order.status (every status change), or one status: order.paid, order.shipped, order.completed, order.cancelled"#,
        ),
        (
            r#""events": ["order.created", "order.status"]"#,
            r#""events": []"#,
            r#"destinations[1].events: announces nothing: list at least one event, such as "order.created""#,
        ),
        (
            r#", "chat_id": -100123"#,
            "",
            "destinations[2].chat_id: is missing: the chat's id (a number such as -1001234567890, or @channelname)",
        ),
        (
            r#""token": {"env": "TG_TOKEN"}"#,
            r#""token": "123/456""#,
            "destinations[2].token: is not a bot token (it looks like 123456:ABC-DEF…, without / ? # or spaces)",
        ),
        (
            "\"destinations\": [",
            "\"delivery\": {\"timeout_seconds\": 0}, \"destinations\": [",
            "delivery.timeout_seconds: must be a whole number from 1 to 60",
        ),
        (
            "\"destinations\": [",
            "\"version\": 2, \"destinations\": [",
            "version: must be 1",
        ),
    ];
    for (from, to, expected) in cases {
        assert_eq!(errors_after(from, to), [*expected], "{from} -> {to}");
    }
}

#[test]
fn a_file_that_is_not_a_list_of_destinations_says_what_it_should_be() {
    assert_eq!(
        parse("[]")
            .err()
            .map(|p| p[0].to_string())
            .unwrap_or_default(),
        r#"must be a JSON object: {"destinations": [ … ]}"#
    );
    assert_eq!(
        parse("{}")
            .err()
            .map(|p| p[0].to_string())
            .unwrap_or_default(),
        r#"destinations: is missing: list where orders are announced, e.g. [{"name": "team-chat", "kind": "slack", "url": {"env": "SLACK_WEBHOOK_URL"}}]"#
    );
    assert_eq!(
        parse("{\"destinations\": [}")
            .err()
            .map(|p| p[0].to_string())
            .unwrap_or_default(),
        "is not valid JSON: expected value (line 1, column 19)"
    );
}

#[test]
fn likely_mistakes_are_warnings() {
    assert_eq!(
        warnings_after(
            r#""chat_id": -100123"#,
            r#""chat_id": -100123, "chatid": 1"#
        ),
        [r#"destinations[2].chatid: unknown key; did you mean "chat_id"?"#]
    );
    assert_eq!(
        warnings_after(
            r#""kind": "slack", "url": {"env": "TEAM_HOOK"}"#,
            r#""kind": "discord", "url": {"env": "TEAM_HOOK"}"#
        ),
        [
            r#"destinations[0].url: is a Slack address, but the kind is "discord": Slack expects the messages of "kind": "slack""#
        ]
    );
    assert_eq!(
        warnings_after(r#""url": {"env": "TEAM_HOOK"}"#, r#""url": {"env": "TEAM_HOOK"}, "secret": "x""#),
        ["destinations[0].secret: is not used by a slack destination: its messages are not signed"]
    );
}

#[test]
fn no_problem_says_a_secrets_value() {
    let leaky = VALID
        .replace(
            r#"{"env": "TEAM_HOOK"}"#,
            r#""http://hooks.example/SECRETinline""#,
        )
        .replace(r#"{"env": "BOOKS_KEY"}"#, r#""SECRETshort""#);
    let problems = parse(&leaky).expect_err("refused");
    assert_eq!(problems.len(), 2, "{problems:?}");
    for p in problems {
        assert!(!p.to_string().contains("SECRET"), "{p}");
    }
}

#[test]
fn a_secret_may_live_in_a_file_beside_notify_json() {
    let dir = TempDir::new("secret-file");
    std::fs::write(
        dir.path().join("books.key"),
        "from-a-file-0123456789abcdef\n",
    )
    .expect("key");
    let text = VALID.replace(r#"{"env": "BOOKS_KEY"}"#, r#"{"file": "books.key"}"#);
    let (config, _) = Config::parse(&text, dir.path(), &env).expect("valid");
    assert_eq!(
        config.destinations[1].key.as_ref().map(|k| k.expose()),
        Some("from-a-file-0123456789abcdef"),
        "without its line break"
    );
    let missing = VALID.replace(r#"{"env": "BOOKS_KEY"}"#, r#"{"file": "nope.key"}"#);
    let problems = Config::parse(&missing, dir.path(), &env)
        .expect_err("refused")
        .errors;
    assert!(
        problems[0]
            .to_string()
            .starts_with("destinations[1].secret: cannot read the file "),
        "{}",
        problems[0]
    );
}

/// A seller folder: the tiny shop's manifest and `notify` as notify.json beside it.
fn seller_folder(dir: &Path, notify: &str) -> std::path::PathBuf {
    std::fs::create_dir_all(dir.join("images")).expect("images");
    std::fs::write(
        dir.join("images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("avatar");
    let manifest = dir.join("shop.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/fixtures/minimal.json"
        ),
        &manifest,
    )
    .expect("manifest");
    std::fs::write(dir.join("notify.json"), notify).expect("notify");
    manifest
}

fn microshop(args: &[&str]) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(args)
        .env_remove("MICROSHOP_NOTIFY")
        .env(
            "TEAM_HOOK",
            "https://hooks.slack.com/services/T0/B0/SECRETslack",
        )
        .env("TG_TOKEN", "123456:SECRETtelegram")
        .output()
        .expect("runs");
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn check_reads_notify_json_beside_the_manifest() {
    let dir = TempDir::new("check");
    let manifest = seller_folder(dir.path(), VALID);
    let manifest = manifest.to_str().expect("utf8");
    let (ok, out, err) = microshop(&["check", manifest]);
    assert!(!ok, "BOOKS_KEY is not set: {out}{err}");
    let notify = dir.path().join("notify.json");
    assert!(
        err.contains(&format!(
            "{}: 1 problem:\n  error: destinations[1].secret: the environment variable BOOKS_KEY is not set (or not UTF-8); set it where microshop runs",
            notify.display()
        )),
        "{err}"
    );
    assert!(
        out.contains("ok: ") && out.contains("shop \"tiny-shop\""),
        "the shop itself is fine: {out}"
    );
    assert!(!out.contains("SECRET") && !err.contains("SECRET"));

    // Given explicitly, and fixed.
    let other = dir.path().join("elsewhere.json");
    std::fs::write(
        &other,
        VALID.replace(r#"{"env": "BOOKS_KEY"}"#, r#""0123456789abcdef-file""#),
    )
    .expect("write");
    let (ok, out, err) = microshop(&["check", manifest, "--notify", other.to_str().expect("utf8")]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains(&format!(
            "ok: {}: 3 destinations: team (slack), books (webhook), tg (telegram)",
            other.display()
        )),
        "{out}"
    );
    assert!(
        err.contains("holds secrets and other users of this machine may read it"),
        "an inline secret in a file others may read: {err}"
    );
}

#[test]
fn serve_will_not_start_on_a_broken_notify_json() {
    let dir = TempDir::new("serve-broken");
    let manifest = seller_folder(
        dir.path(),
        r#"{"destinations": [{"name": "x", "kind": "smoke-signal"}]}"#,
    );
    let dist = dir.path().join("dist");
    std::fs::create_dir_all(&dist).expect("dist");
    std::fs::write(dist.join("index.html"), "<!doctype html>").expect("index");
    let (ok, _, err) = microshop(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--dist",
        dist.to_str().expect("utf8"),
        "--manifest",
        manifest.to_str().expect("utf8"),
        "--db",
        dir.path().join("orders.sqlite").to_str().expect("utf8"),
    ]);
    assert!(!ok);
    assert!(
        err.contains("has 1 problem, so no order would be announced; fix it (microshop check shows them too):"),
        "{err}"
    );
    assert!(
        err.contains("error: destinations[0].kind: \"smoke-signal\" is not a kind of destination"),
        "{err}"
    );
}

#[test]
fn serve_will_not_start_with_notify_json_in_a_folder_it_serves() {
    let dir = TempDir::new("serve-public");
    let dist = dir.path().join("dist");
    let manifest = seller_folder(&dist, r#"{"destinations": []}"#);
    std::fs::write(dist.join("index.html"), "<!doctype html>").expect("index");
    let (ok, _, err) = microshop(&[
        "serve",
        "--addr",
        "127.0.0.1:0",
        "--dist",
        dist.to_str().expect("utf8"),
        "--db",
        dir.path().join("orders.sqlite").to_str().expect("utf8"),
    ]);
    assert!(!ok);
    assert!(
        err.contains(&format!(
            "{} is inside {}, which is served to everyone as it is: its secrets would be public",
            manifest.with_file_name("notify.json").display(),
            dist.display()
        )),
        "{err}"
    );
}
