//! Reading a destination's address, secrets and chat (for `read.rs`): each kind
//! takes what it needs, and a problem never says a secret's value.

use super::config::Kind;
use super::read::{join, Reader};
use super::secret::Secret;
use microshop_core::rules::{chat_webhook, is_local_host, url_host};
use microshop_core::Problem;
use serde_json::{Map, Value};

/// Telegram's Bot API, unless a destination names its own Bot API server.
const TELEGRAM_API: &str = "https://api.telegram.org";

impl Reader<'_> {
    /// The destination's address, key and chat, as its kind needs them.
    pub(super) fn target(
        &mut self,
        kind: Kind,
        object: &Map<String, Value>,
        at: &str,
    ) -> (Option<Secret>, Option<Secret>, Option<String>) {
        let kind_name = kind.name();
        let not_for = format!("is not used by a {kind_name} destination");
        if kind == Kind::Telegram {
            if object.contains_key("url") {
                self.warnings.push(Problem::new(
                    join(at, "url"),
                    format!(
                        "{}; a telegram destination is reached through \"token\" and \"chat_id\"",
                        not_for
                    ),
                ));
            }
            let token = self.secret(object, at, "token", "the bot's token from @BotFather");
            let chat_id = self.chat_id(object.get("chat_id"), &join(at, "chat_id"));
            let api = match object.get("api") {
                None => Some(TELEGRAM_API.to_owned()),
                Some(Value::String(api)) => match self.address_problem(api) {
                    Some(problem) => {
                        self.error(&join(at, "api"), problem);
                        None
                    }
                    None => Some(api.trim_end_matches('/').to_owned()),
                },
                Some(_) => {
                    self.error(&join(at, "api"), "must be a string");
                    None
                }
            };
            let token = token.and_then(|token| {
                if token.expose().contains(['/', '?', '#']) || token.expose().chars().any(char::is_whitespace) {
                    self.error(&join(at, "token"), "is not a bot token (it looks like 123456:ABC-DEF…, without / ? # or spaces)");
                    return None;
                }
                Some(token)
            });
            let url = match (token, api) {
                (Some(token), Some(api)) => {
                    let source = token.source();
                    Some(Secret::new(
                        format!("{api}/bot{}/sendMessage", token.expose()),
                        source,
                    ))
                }
                _ => None,
            };
            return (url, None, chat_id);
        }
        for key in ["token", "chat_id", "api"] {
            if object.contains_key(key) {
                self.warnings
                    .push(Problem::new(join(at, key), not_for.clone()));
            }
        }
        let url = self
            .secret(object, at, "url", "the address to POST to")
            .and_then(|url| match self.address_problem(url.expose()) {
                Some(problem) => {
                    self.error(&join(at, "url"), format!("{problem}{}", url.from_where()));
                    None
                }
                None => {
                    self.mismatched_service(kind, &url, &join(at, "url"));
                    Some(url)
                }
            });
        let key = match kind {
            Kind::Webhook => {
                let key = self.secret(
                    object,
                    at,
                    "secret",
                    "a long random key the receiver checks signatures with (openssl rand -hex 32)",
                );
                key.and_then(|k| {
                    if k.expose().chars().count() < 16 {
                        self.error(&join(at, "secret"), format!("is shorter than 16 characters{}; use a long random key (openssl rand -hex 32)", k.from_where()));
                        None
                    } else {
                        Some(k)
                    }
                })
            }
            Kind::Feishu | Kind::Dingtalk => {
                if object.contains_key("secret") {
                    self.secret(object, at, "secret", "the robot's signing secret")
                } else {
                    None
                }
            }
            _ => {
                if object.contains_key("secret") {
                    self.warnings.push(Problem::new(
                        join(at, "secret"),
                        format!("{}: its messages are not signed", not_for),
                    ));
                }
                None
            }
        };
        (url, key, None)
    }

    /// Why `url` cannot receive announcements. The address itself is never said:
    /// it usually holds the secret.
    fn address_problem(&self, url: &str) -> Option<String> {
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Some("contains spaces or control characters".into());
        }
        let lower = url.to_ascii_lowercase();
        let host = url_host(url);
        if lower.starts_with("https://") && host.is_some() {
            return None;
        }
        if lower.starts_with("http://") && host.as_deref().is_some_and(is_local_host) {
            return None;
        }
        if lower.starts_with("http://") {
            return Some("is not https: announcements carry order details and the address carries its token, so they go over https (http only to this machine: localhost, 127.0.0.1)".into());
        }
        Some("is not a URL: it must start with https://".into())
    }

    /// A warning when `url` is a known chat service's address and `kind` is made
    /// for another one.
    fn mismatched_service(&mut self, kind: Kind, url: &Secret, path: &str) {
        let Some((_, service)) = chat_webhook(url.expose()) else {
            return;
        };
        let service = if service == "Lark" { "Feishu" } else { service };
        if kind.service() == Some(service) {
            return;
        }
        let suggested = Kind::ALL
            .iter()
            .find(|(k, _)| k.service() == Some(service))
            .map_or("", |(_, n)| n);
        self.warnings.push(Problem::new(
            path,
            format!(
                "is a {service} address, but the kind is \"{}\": {service} expects the messages of \"kind\": \"{suggested}\"",
                kind.name()
            ),
        ));
    }

    fn chat_id(&mut self, value: Option<&Value>, path: &str) -> Option<String> {
        match value {
            Some(Value::String(id))
                if !id.trim().is_empty() && !id.contains(char::is_whitespace) =>
            {
                Some(id.clone())
            }
            Some(Value::Number(n)) if n.is_i64() => Some(n.to_string()),
            None => {
                self.error(
                    path,
                    "is missing: the chat's id (a number such as -1001234567890, or @channelname)",
                );
                None
            }
            Some(_) => {
                self.error(path, "must be the chat's id: a whole number such as -1001234567890, or \"@channelname\"");
                None
            }
        }
    }

    /// A secret at `at.key`: a string, `{"env": "NAME"}` or `{"file": "path"}`.
    fn secret(
        &mut self,
        object: &Map<String, Value>,
        at: &str,
        key: &str,
        what: &str,
    ) -> Option<Secret> {
        let path = join(at, key);
        let resolved = match object.get(key) {
            None => Err(format!("is missing: {what}")),
            Some(value) => super::secret::resolve(value, self.dir, self.env),
        };
        match resolved {
            Ok(secret) => Some(secret),
            Err(message) => {
                self.error(&path, message);
                None
            }
        }
    }
}
