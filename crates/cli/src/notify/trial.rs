//! `microshop notify test`: a test message to each destination (or one), sent at
//! once and outside the outbox, so a seller setting a destination up sees right
//! away whether its address, token, chat id or signing secret works, before an
//! order depends on it. Nothing is stored; the answer is printed.

use super::config::Config;
use super::facts::{test_facts, Shopfront};
use super::formats::outgoing;
use super::send::{Outcome, Sender};

/// Sends the test message to every destination of `config`, or only to the one
/// named `only`; what each came to, in notify.json's order. `Err` when `only`
/// names no destination.
pub fn send_test(
    config: &Config,
    shop: &dyn Shopfront,
    only: Option<&str>,
    now_ms: i64,
) -> Result<Vec<(String, Outcome)>, String> {
    let chosen: Vec<_> = config
        .destinations
        .iter()
        .filter(|d| only.is_none_or(|name| d.name == name))
        .collect();
    if chosen.is_empty() {
        let names: Vec<&str> = config
            .destinations
            .iter()
            .map(|d| d.name.as_str())
            .collect();
        return Err(match only {
            Some(name) => format!(
                "no destination is named \"{name}\" (destinations: {})",
                names.join(", ")
            ),
            None => "notify.json has no destination".to_owned(),
        });
    }
    let sender = Sender::new(config.delivery.timeout_ms);
    Ok(chosen
        .into_iter()
        .map(|destination| {
            let facts = test_facts(shop, destination.locale.as_deref(), now_ms);
            let out = outgoing(destination, &facts, now_ms);
            (
                destination.name.clone(),
                sender.send(&out, &destination.secrets()),
            )
        })
        .collect())
}
