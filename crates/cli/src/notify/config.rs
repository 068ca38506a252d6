//! `notify.json`: where orders are announced (docs/notify.md). A file of its own,
//! never part of shop.json: the manifest is served to every buyer, and a chat
//! webhook's address, a bot token or an HMAC key in it would let anyone post as the
//! shop. Each secret may be written in the file, or named: `{"env": "NAME"}` reads
//! an environment variable, `{"file": "path"}` a file beside notify.json.
//!
//! Read once when `serve` starts (and by `check`): every problem with its path, in
//! the words `check` uses for shop.json, and never the secret itself in a message.

use super::read::Reader;
use super::secret::{Secret, SecretSource};
use crate::store::Announce;
use microshop_core::order::status::Status;
use microshop_core::{Problem, Rejected};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// The file `serve` and `check` look for beside shop.json.
pub const FILE_NAME: &str = "notify.json";

/// What a destination's messages are shaped for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A JSON event signed with HMAC-SHA256 (docs/notify.md "The JSON webhook").
    Webhook,
    /// A plain `{"text": …}` POST, as many chat tools and automation services take.
    Text,
    /// A Slack (or Slack-compatible: Mattermost, Rocket.Chat) incoming webhook.
    Slack,
    /// A Discord channel webhook.
    Discord,
    /// A Telegram bot's `sendMessage`.
    Telegram,
    /// A WeCom (企业微信) group robot.
    Wecom,
    /// A Feishu / Lark (飞书) group robot, optionally signed.
    Feishu,
    /// A DingTalk (钉钉) group robot, optionally signed.
    Dingtalk,
}

impl Kind {
    /// Every kind, by its name in notify.json.
    pub const ALL: [(Kind, &'static str); 8] = [
        (Kind::Webhook, "webhook"),
        (Kind::Text, "text"),
        (Kind::Slack, "slack"),
        (Kind::Discord, "discord"),
        (Kind::Telegram, "telegram"),
        (Kind::Wecom, "wecom"),
        (Kind::Feishu, "feishu"),
        (Kind::Dingtalk, "dingtalk"),
    ];

    /// Its name in notify.json.
    pub fn name(self) -> &'static str {
        Kind::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("webhook", |(_, n)| n)
    }

    pub(super) fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.iter().find(|(_, n)| *n == word).map(|(k, _)| *k)
    }

    /// The chat service (as `rules::chat_webhook` names it) this kind is made for.
    pub(super) fn service(self) -> Option<&'static str> {
        match self {
            Kind::Slack => Some("Slack"),
            Kind::Discord => Some("Discord"),
            Kind::Telegram => Some("Telegram"),
            Kind::Wecom => Some("WeCom"),
            Kind::Feishu => Some("Feishu"),
            Kind::Dingtalk => Some("DingTalk"),
            Kind::Webhook | Kind::Text => None,
        }
    }
}

/// Which events a destination announces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Events {
    /// A new order (`order.created`), on unless the list leaves it out.
    pub created: bool,
    /// Status changes to these statuses (`order.paid`, …; `order.status` is all).
    pub statuses: Vec<Status>,
}

impl Events {
    /// Whether a change to `status` is announced.
    pub fn wants(&self, status: Status) -> bool {
        self.statuses.contains(&status)
    }
}

/// Where announcements go.
#[derive(Clone, Debug)]
pub struct Destination {
    /// Its name: in the order's history and in the outbox's rows.
    pub name: String,
    pub kind: Kind,
    pub events: Events,
    /// The language of its messages; the shop's default locale when absent.
    pub locale: Option<String>,
    /// Where to POST. For Telegram, the Bot API's `sendMessage` address (it holds
    /// the token).
    pub url: Secret,
    /// The HMAC key: the webhook's, and the Feishu or DingTalk robot's signing secret.
    pub key: Option<Secret>,
    /// Telegram's chat.
    pub chat_id: Option<String>,
}

impl Destination {
    /// What must never appear in an error, a log line or the history: the address,
    /// its path (where Telegram's token and many webhooks' tokens are), each part
    /// of it a receiver's answer may quote alone (REVIEW9 6: n8n quotes its hook's
    /// id), and the key. See [`address_secrets`].
    pub fn secrets(&self) -> Vec<String> {
        let mut secrets = address_secrets(self.url.expose());
        if let Some(key) = &self.key {
            secrets.push(key.expose().to_owned());
        }
        secrets
    }
}

/// The shortest part of an address that is taken out of errors: shorter ones are
/// words a receiver's sentence may well contain (`hooks`, `room`, `v1`), and no
/// token is that short.
const SHORTEST_SECRET_PART: usize = 8;

/// `url`, its path and query, and each of its parts of 8 characters or more that
/// a receiver may quote alone: the user and password, every path segment and
/// query value, each piece of those split at `:` (a Telegram token is
/// `<bot id>:<secret>`, its segment `bot<token>`), in the form written and
/// percent-decoded (a receiver may quote either).
pub fn address_secrets(url: &str) -> Vec<String> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let rest = rest.split_once('#').map_or(rest, |(before, _)| before);
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let (path, query) = tail.split_once('?').unwrap_or((tail, ""));
    let mut parts: Vec<&str> = Vec::new();
    if let Some((user, _host)) = authority.rsplit_once('@') {
        parts.extend(user.split(':'));
    }
    for segment in path.split('/') {
        parts.push(segment);
        parts.extend(segment.strip_prefix("bot"));
    }
    for pair in query.split('&') {
        parts.push(pair.split_once('=').map_or(pair, |(_, value)| value));
    }
    let mut secrets = vec![url.to_owned(), tail.to_owned()];
    for part in parts {
        for form in [part.to_owned(), decoded(part)] {
            let pieces: Vec<String> = form.split(':').map(str::to_owned).collect();
            secrets.push(form);
            if pieces.len() > 1 {
                secrets.extend(pieces);
            }
        }
    }
    secrets.retain(|s| s.chars().count() >= SHORTEST_SECRET_PART);
    secrets.sort();
    secrets.dedup();
    secrets
}

/// `part` percent-decoded, `+` read as a space too (as a query is).
fn decoded(part: &str) -> String {
    percent_encoding::percent_decode_str(&part.replace('+', " "))
        .decode_utf8_lossy()
        .into_owned()
}

/// How hard announcements are tried (docs/notify.md "Retries").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Delivery {
    /// One attempt's limit, connecting and answering included.
    pub timeout_ms: u64,
    /// Attempts before an announcement is given up (dead).
    pub attempts: u32,
    /// Age (from the event) after which no new attempt starts.
    pub give_up_after_ms: i64,
}

impl Default for Delivery {
    fn default() -> Self {
        Delivery {
            timeout_ms: 10_000,
            attempts: 12,
            give_up_after_ms: 24 * 3_600_000,
        }
    }
}

/// The destinations of a shop; none when there is no notify.json.
#[derive(Clone, Debug, Default)]
pub struct Config {
    pub destinations: Vec<Destination>,
    pub delivery: Delivery,
}

/// Where notify.json is: the file given (`--notify`), else `notify.json` beside
/// the manifest when there is one.
pub fn locate(given: Option<&Path>, manifest: &Path) -> Option<PathBuf> {
    if let Some(path) = given {
        return Some(path.to_path_buf());
    }
    let beside = manifest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from(FILE_NAME), |d| d.join(FILE_NAME));
    beside.is_file().then_some(beside)
}

impl Config {
    /// Reads notify.json at `path`; `env` reads an environment variable (the
    /// process's own in `serve`, a table in tests).
    pub fn read(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(Config, Vec<Problem>), Rejected> {
        let text = std::fs::read(path).map_err(|e| Rejected {
            errors: vec![Problem::new("", format!("cannot read it: {e}"))],
            warnings: Vec::new(),
        })?;
        let text = std::str::from_utf8(&text).map_err(|e| Rejected {
            errors: vec![Problem::new(
                "",
                format!(
                    "is not UTF-8 text (byte {}); save it as UTF-8",
                    e.valid_up_to() + 1
                ),
            )],
            warnings: Vec::new(),
        })?;
        let dir = path
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let (config, mut warnings) = Config::parse(text, dir, env)?;
        warnings.extend(readable_by_others(path, &config));
        Ok((config, warnings))
    }

    /// Reads notify.json's text; `{"file": …}` secrets are read relative to `dir`.
    pub fn parse(
        text: &str,
        dir: &Path,
        env: &dyn Fn(&str) -> Option<String>,
    ) -> Result<(Config, Vec<Problem>), Rejected> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let value: Value = serde_json::from_str(text).map_err(|e| Rejected {
            errors: vec![Problem::new(
                "",
                format!(
                    "is not valid JSON: {} (line {}, column {})",
                    plain_json_error(&e),
                    e.line(),
                    e.column()
                ),
            )],
            warnings: Vec::new(),
        })?;
        let mut reader = Reader::new(dir, env);
        let config = reader.config(&value);
        if reader.errors.is_empty() {
            Ok((config, reader.warnings))
        } else {
            Err(Rejected {
                errors: reader.errors,
                warnings: reader.warnings,
            })
        }
    }

    /// The destination named `name`.
    pub fn destination(&self, name: &str) -> Option<&Destination> {
        self.destinations.iter().find(|d| d.name == name)
    }

    /// The names of the destinations that announce new orders: one outbox row each,
    /// written with the order (`serve/accept.rs`).
    pub fn for_new_orders(&self) -> Vec<String> {
        self.destinations
            .iter()
            .filter(|d| d.events.created)
            .map(|d| d.name.clone())
            .collect()
    }

    /// The announcements of a change of `order_id` to `to`, for the destinations
    /// that asked for it: what the desk passes to `Store::change_status`, so they
    /// are written in the change's own transaction. The message is rendered when it
    /// is sent, from the change's history event (its from, tracking and reason).
    pub fn status_announcements(&self, order_id: &str, to: Status) -> Vec<Announce> {
        let body = serde_json::json!({
            "event": "order.status",
            "order_id": order_id,
            "to": to.as_str(),
        })
        .to_string();
        self.destinations
            .iter()
            .filter(|d| d.events.wants(to))
            .map(|d| Announce {
                destination: d.name.clone(),
                body: body.clone(),
            })
            .collect()
    }
}

/// serde_json's message without its own " at line … column …" (said once, after).
fn plain_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// A warning when notify.json holds a secret itself and other users of this
/// machine may read it.
#[cfg(unix)]
fn readable_by_others(path: &Path, config: &Config) -> Option<Problem> {
    use std::os::unix::fs::PermissionsExt;
    let inline = config.destinations.iter().any(|d| {
        d.url.source() == SecretSource::Inline
            || d.key
                .as_ref()
                .is_some_and(|k| k.source() == SecretSource::Inline)
    });
    let mode = std::fs::metadata(path).ok()?.permissions().mode();
    (inline && mode & 0o044 != 0).then(|| {
        Problem::new(
            "",
            format!(
                "holds secrets and other users of this machine may read it (mode {:o}): run chmod 600 on it, or name the secrets with {{\"env\": …}}",
                mode & 0o777
            ),
        )
    })
}

#[cfg(not(unix))]
fn readable_by_others(_path: &Path, _config: &Config) -> Option<Problem> {
    None
}
