//! Reading notify.json's JSON: every problem with its path (`destinations[1].url`),
//! as `check` says them for shop.json. Unknown keys are warnings (as in shop.json:
//! usually typos, which the missing key they were meant to be then reports).

use super::config::{Config, Delivery, Destination, Events, Kind};
use microshop_core::order::status::Status;
use microshop_core::rules::{is_id, is_locale, nearest};
use microshop_core::Problem;
use serde_json::{Map, Value};
use std::path::Path;

/// Walks the JSON, collecting every problem with its path.
pub(super) struct Reader<'a> {
    pub(super) errors: Vec<Problem>,
    pub(super) warnings: Vec<Problem>,
    pub(super) dir: &'a Path,
    pub(super) env: &'a dyn Fn(&str) -> Option<String>,
}

const TOP_KEYS: &[&str] = &["version", "destinations", "delivery"];
const DELIVERY_KEYS: &[&str] = &["timeout_seconds", "attempts", "give_up_after_hours"];
const DESTINATION_KEYS: &[&str] = &[
    "name", "kind", "url", "secret", "token", "chat_id", "api", "events", "locale",
];

impl<'a> Reader<'a> {
    pub(super) fn new(dir: &'a Path, env: &'a dyn Fn(&str) -> Option<String>) -> Reader<'a> {
        Reader {
            errors: Vec::new(),
            warnings: Vec::new(),
            dir,
            env,
        }
    }

    pub(super) fn error(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(Problem::new(path, message));
    }

    fn unknown_keys(&mut self, object: &Map<String, Value>, known: &[&str], at: &str) {
        for key in object.keys().filter(|k| !known.contains(&k.as_str())) {
            let path = join(at, key);
            let message = match nearest(key, known) {
                Some(near) => format!("unknown key; did you mean \"{near}\"?"),
                None => format!("unknown key (known here: {})", known.join(", ")),
            };
            self.warnings.push(Problem::new(path, message));
        }
    }

    pub(super) fn config(&mut self, value: &Value) -> Config {
        let Some(top) = value.as_object() else {
            self.error("", "must be a JSON object: {\"destinations\": [ … ]}");
            return Config::default();
        };
        self.unknown_keys(top, TOP_KEYS, "");
        match top.get("version") {
            None => {}
            Some(v) if v.as_u64() == Some(1) => {}
            Some(_) => self.error("version", "must be 1"),
        }
        let delivery = self.delivery(top.get("delivery"));
        let mut destinations = Vec::new();
        match top.get("destinations") {
            None => self.error(
                "destinations",
                "is missing: list where orders are announced, e.g. [{\"name\": \"team-chat\", \"kind\": \"slack\", \"url\": {\"env\": \"SLACK_WEBHOOK_URL\"}}]",
            ),
            Some(Value::Array(list)) => {
                for (i, item) in list.iter().enumerate() {
                    if let Some(d) = self.destination(item, &format!("destinations[{i}]")) {
                        destinations.push(d);
                    }
                }
                self.unique_names(list);
            }
            Some(_) => self.error("destinations", "must be a list of destinations"),
        }
        Config {
            destinations,
            delivery,
        }
    }

    fn unique_names(&mut self, list: &[Value]) {
        let names: Vec<Option<&str>> = list
            .iter()
            .map(|d| d.get("name").and_then(Value::as_str))
            .collect();
        for (i, name) in names.iter().enumerate() {
            let Some(name) = name else { continue };
            if let Some(first) = names[..i].iter().position(|n| n == &Some(*name)) {
                self.error(
                    &format!("destinations[{i}].name"),
                    format!("\"{name}\" is already the name of destinations[{first}]; each destination needs its own name"),
                );
            }
        }
    }

    fn delivery(&mut self, value: Option<&Value>) -> Delivery {
        let mut delivery = Delivery::default();
        let Some(value) = value else {
            return delivery;
        };
        let Some(object) = value.as_object() else {
            self.error("delivery", "must be an object");
            return delivery;
        };
        self.unknown_keys(object, DELIVERY_KEYS, "delivery");
        if let Some(n) = self.whole(object, "delivery", "timeout_seconds", 1, 60) {
            delivery.timeout_ms = n * 1000;
        }
        if let Some(n) = self.whole(object, "delivery", "attempts", 1, 50) {
            delivery.attempts = u32::try_from(n).unwrap_or(12);
        }
        if let Some(n) = self.whole(object, "delivery", "give_up_after_hours", 1, 24 * 14) {
            delivery.give_up_after_ms = i64::try_from(n).unwrap_or(24) * 3_600_000;
        }
        delivery
    }

    /// A whole number from `min` to `max` at `at.key`, if present and valid.
    fn whole(
        &mut self,
        object: &Map<String, Value>,
        at: &str,
        key: &str,
        min: u64,
        max: u64,
    ) -> Option<u64> {
        let value = object.get(key)?;
        match value.as_u64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.error(
                    &join(at, key),
                    format!("must be a whole number from {min} to {max}"),
                );
                None
            }
        }
    }

    fn destination(&mut self, value: &Value, at: &str) -> Option<Destination> {
        let Some(object) = value.as_object() else {
            self.error(
                at,
                "must be an object with a name, a kind and where to send",
            );
            return None;
        };
        self.unknown_keys(object, DESTINATION_KEYS, at);
        let errors_before = self.errors.len();
        let name = match object.get("name") {
            Some(Value::String(n)) if is_id(n) => Some(n.clone()),
            Some(Value::String(n)) => {
                self.error(
                    &join(at, "name"),
                    format!("\"{n}\" is not a name: use 1-64 letters, digits, - and _ (it is shown in the order's history)"),
                );
                None
            }
            Some(_) => {
                self.error(&join(at, "name"), "must be a string");
                None
            }
            None => {
                self.error(
                    &join(at, "name"),
                    "is missing: give each destination a short name, such as \"team-chat\"",
                );
                None
            }
        };
        let kind = self.kind(object.get("kind"), &join(at, "kind"));
        let events = self.events(object.get("events"), &join(at, "events"));
        let locale = match object.get("locale") {
            None => None,
            Some(Value::String(tag)) if is_locale(tag) => Some(tag.clone()),
            Some(_) => {
                self.error(
                    &join(at, "locale"),
                    "must be a locale tag such as \"zh-CN\" or \"en\"",
                );
                None
            }
        };
        let kind = kind?;
        let (url, key, chat_id) = self.target(kind, object, at);
        if self.errors.len() > errors_before {
            return None;
        }
        Some(Destination {
            name: name?,
            kind,
            events: events?,
            locale,
            url: url?,
            key,
            chat_id,
        })
    }

    fn kind(&mut self, value: Option<&Value>, path: &str) -> Option<Kind> {
        let names: Vec<&str> = Kind::ALL.iter().map(|(_, n)| *n).collect();
        match value {
            Some(Value::String(word)) => Kind::parse(word).or_else(|| {
                let hint = match nearest(word, &names) {
                    Some(near) => format!("; did you mean \"{near}\"?"),
                    None => String::new(),
                };
                self.error(
                    path,
                    format!(
                        "\"{word}\" is not a kind of destination{hint} (kinds: {})",
                        names.join(", ")
                    ),
                );
                None
            }),
            Some(_) => {
                self.error(path, "must be a string");
                None
            }
            None => {
                self.error(path, format!("is missing: one of {}", names.join(", ")));
                None
            }
        }
    }

    fn events(&mut self, value: Option<&Value>, path: &str) -> Option<Events> {
        let Some(value) = value else {
            return Some(Events {
                created: true,
                statuses: Vec::new(),
            });
        };
        let Some(list) = value.as_array() else {
            self.error(
                path,
                "must be a list such as [\"order.created\", \"order.shipped\"]",
            );
            return None;
        };
        let mut known: Vec<String> = vec!["order.created".into(), "order.status".into()];
        known.extend(Status::ALL.iter().map(|s| format!("order.{}", s.as_str())));
        let known_refs: Vec<&str> = known.iter().map(String::as_str).collect();
        let mut events = Events {
            created: false,
            statuses: Vec::new(),
        };
        let before = self.errors.len();
        for (i, item) in list.iter().enumerate() {
            let at = format!("{path}[{i}]");
            let Some(word) = item.as_str() else {
                self.error(&at, "must be a string");
                continue;
            };
            let status = word.strip_prefix("order.").and_then(Status::parse);
            match (word, status) {
                ("order.created", _) => events.created = true,
                ("order.status", _) => events.statuses = Status::ALL.to_vec(),
                // `order.new` would be announced by `order.created` already.
                (_, Some(Status::New)) | (_, None) => {
                    let hint = match nearest(word, &known_refs) {
                        Some(near) => format!("did you mean \"{near}\"? "),
                        None => String::new(),
                    };
                    self.error(
                        &at,
                        format!(
                            "\"{word}\" is not an event; {hint}events: order.created (a new order), order.status (every status change), or one status: order.paid, order.shipped, order.completed, order.cancelled"
                        ),
                    );
                }
                (_, Some(s)) => {
                    if !events.statuses.contains(&s) {
                        events.statuses.push(s);
                    }
                }
            }
        }
        if self.errors.len() > before {
            return None;
        }
        if !events.created && events.statuses.is_empty() {
            self.error(
                path,
                "announces nothing: list at least one event, such as \"order.created\"",
            );
            return None;
        }
        Some(events)
    }
}

/// `at.key`, or `key` at the top.
pub(super) fn join(at: &str, key: &str) -> String {
    if at.is_empty() {
        key.to_owned()
    } else {
        format!("{at}.{key}")
    }
}
