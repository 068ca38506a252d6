//! Each kind's request: address, headers and body, exactly as its receiver takes
//! them (docs/notify.md "Kinds"), with someone else's text escaped for that
//! receiver's markup.

use super::config::{Destination, Kind};
use super::facts::{Facts, Happened};
use super::message::{compose, Message, Piece};
use super::sign;
use crate::store::clock::ms_rfc3339;
use serde_json::{json, Value};

/// A request to send.
#[derive(Clone, Debug)]
pub struct Outgoing {
    /// The address (it may hold the destination's token: never logged).
    pub url: String,
    /// Besides `Content-Type: application/json`, which every kind sends.
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// How the receiver says it took the message.
    pub success: Success,
}

/// How a receiver says it took a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Success {
    /// Any 2xx.
    Status,
    /// A 2xx whose JSON body has `errcode` 0 (WeCom, DingTalk).
    Errcode,
    /// A 2xx whose JSON body has `code` (or the older `StatusCode`) 0 (Feishu).
    Code,
    /// A 2xx whose JSON body has `"ok": true` (Telegram).
    Ok,
}

/// Bytes of a chat message kept at most, below each service's own limit (Discord
/// takes 2,000 characters, WeCom 2,048 bytes, Telegram 4,096 characters).
fn limit(kind: Kind) -> usize {
    match kind {
        Kind::Discord => 1_900,
        Kind::Wecom => 2_000,
        _ => 4_000,
    }
}

/// The request announcing `facts` to `destination`; `now_ms` is when it is sent
/// (signatures carry it).
pub fn outgoing(destination: &Destination, facts: &Facts, now_ms: i64) -> Outgoing {
    let url = destination.url.expose().to_owned();
    let key = destination.key.as_ref().map(|k| k.expose());
    let message = compose(facts, &destination.name);
    let text = |kind: Kind| render(&message, kind, limit(kind));
    // A chat kind's JSON body; only the webhook and DingTalk add headers or query.
    let chat =
        |body: Value, success: Success, url: String| (body.to_string(), Vec::new(), success, url);
    let (body, headers, success, url) = match destination.kind {
        Kind::Webhook => {
            let body = event(facts).to_string();
            let timestamp = (now_ms / 1000).to_string();
            let signature = sign::webhook(key.unwrap_or(""), &timestamp, &body);
            let headers = vec![
                ("Microshop-Event-Id", facts.event_id.clone()),
                ("Microshop-Timestamp", timestamp),
                ("Microshop-Signature", format!("v1={signature}")),
            ];
            (body, headers, Success::Status, url)
        }
        Kind::Text => chat(json!({ "text": text(Kind::Text) }), Success::Status, url),
        // `mrkdwn: false`: Slack has no escape for * _ ~ `, so the buyer's text could
        // format the message; the three it does escape are escaped too.
        Kind::Slack => chat(
            json!({ "text": text(Kind::Slack), "mrkdwn": false }),
            Success::Status,
            url,
        ),
        Kind::Discord => chat(
            json!({ "content": text(Kind::Discord), "allowed_mentions": { "parse": [] } }),
            Success::Status,
            url,
        ),
        Kind::Telegram => {
            let chat_id = destination.chat_id.clone().unwrap_or_default();
            // A numeric id as a number, @channelname as a string (the Bot API takes both).
            let chat_id: Value = chat_id
                .parse::<i64>()
                .map_or_else(|_| Value::String(chat_id.clone()), Value::from);
            chat(
                json!({
                    "chat_id": chat_id,
                    "text": text(Kind::Telegram),
                    "parse_mode": "HTML",
                    "link_preview_options": { "is_disabled": true },
                }),
                Success::Ok,
                url,
            )
        }
        Kind::Wecom => chat(
            json!({ "msgtype": "text", "text": { "content": text(Kind::Wecom) } }),
            Success::Errcode,
            url,
        ),
        Kind::Feishu => {
            let mut body = json!({ "msg_type": "text", "content": { "text": text(Kind::Feishu) } });
            if let Some(key) = key {
                let timestamp = (now_ms / 1000).to_string();
                body["timestamp"] = Value::String(timestamp.clone());
                body["sign"] = Value::String(sign::feishu(key, &timestamp));
            }
            chat(body, Success::Code, url)
        }
        Kind::Dingtalk => {
            let body = json!({ "msgtype": "text", "text": { "content": text(Kind::Dingtalk) } });
            let url = match key {
                Some(key) => {
                    let timestamp = now_ms.to_string();
                    let sign = sign::dingtalk(key, &timestamp);
                    let joiner = if url.contains('?') { '&' } else { '?' };
                    format!("{url}{joiner}timestamp={timestamp}&sign={sign}")
                }
                None => url,
            };
            chat(body, Success::Errcode, url)
        }
    };
    Outgoing {
        url,
        headers,
        body,
        success,
    }
}

/// The JSON webhook's event (docs/notify.md "The event").
pub fn event(facts: &Facts) -> Value {
    let kind = match facts.happened {
        Happened::Created => "order.created",
        Happened::Status(_) => "order.status",
        Happened::Test => "test",
    };
    let mut event = json!({
        "id": facts.event_id,
        "type": kind,
        "occurred_at": ms_rfc3339(facts.occurred_ms),
        "shop": { "id": facts.shop_id, "name": facts.shop_name },
    });
    if let Some(order) = &facts.order {
        let mut o = json!({
            "order_id": order.order_id,
            "reference": order.reference,
            "status": order.status,
            "received_at": order.received_at,
            "currency": order.currency,
            "total": order.total,
        });
        for (key, value) in [
            ("tracking_note", &order.tracking_note),
            ("tracking_url", &order.tracking_url),
            ("cancel_reason", &order.cancel_reason),
        ] {
            if !value.is_empty() {
                o[key] = Value::String(value.clone());
            }
        }
        // The order as the buyer's browser sent it (docs/order-contract.md); its
        // personal fields are blank once the store cleared them.
        o["request"] = facts
            .request
            .as_ref()
            .and_then(|r| serde_json::to_value(r).ok())
            .unwrap_or(Value::Null);
        event["order"] = o;
    }
    if let Happened::Status(change) = &facts.happened {
        let mut c = json!({ "from": change.from.map(|s| s.as_str()), "to": change.to.as_str() });
        for (key, value) in [
            ("tracking_note", &change.tracking_note),
            ("tracking_url", &change.tracking_url),
            ("reason", &change.reason),
        ] {
            if !value.is_empty() {
                c[key] = Value::String(value.clone());
            }
        }
        event["change"] = c;
    }
    event
}

/// The message in `kind`'s markup, at most `max` bytes (whole lines are dropped
/// from the end, then the heading is cut, so an escape is never cut in half).
pub fn render(message: &Message, kind: Kind, max: usize) -> String {
    let line = |pieces: &[Piece]| -> String {
        pieces
            .iter()
            .map(|p| match p {
                Piece::Ours(t) => t.clone(),
                Piece::Theirs(t) => escape(kind, t),
            })
            .collect()
    };
    let heading = line(&message.heading);
    let heading = match kind {
        Kind::Telegram => format!("<b>{heading}</b>"),
        Kind::Discord => format!("**{heading}**"),
        _ => heading,
    };
    let mut out = heading;
    if out.len() > max {
        // Only a shop name or test text of thousands of characters gets here.
        return line(&[Piece::Theirs(
            message
                .heading
                .iter()
                .map(Piece::text)
                .collect::<String>()
                .chars()
                .take(max / 8)
                .collect(),
        )]);
    }
    for pieces in &message.lines {
        let next = line(pieces);
        if out.len() + 1 + next.len() + 4 > max {
            out.push_str("\n…");
            break;
        }
        out.push('\n');
        out.push_str(&next);
    }
    out
}

/// Someone else's text, made inert in `kind`'s markup.
pub fn escape(kind: Kind, text: &str) -> String {
    match kind {
        // Slack's control sequences (<@U1>, <!channel>, <https://…|x>) and
        // entities; Telegram's HTML. Both read exactly these three.
        Kind::Slack | Kind::Telegram => text
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;"),
        Kind::Discord => {
            let mut out = String::with_capacity(text.len() + 8);
            for c in text.chars() {
                // A backslash makes any ASCII punctuation literal in Discord's
                // markdown; `@` gets a zero-width space instead, which breaks
                // @everyone and @here as text too (allowed_mentions already keeps
                // them from pinging anyone).
                if c == '@' {
                    out.push_str("@\u{200B}");
                } else if c.is_ascii_punctuation() {
                    out.push('\\');
                    out.push(c);
                } else {
                    out.push(c);
                }
            }
            out
        }
        // Feishu reads <at user_id="all"></at> in plain text as a mention of
        // everyone: a zero-width space after `<` leaves no tag to read.
        Kind::Feishu => text.replace('<', "<\u{200B}"),
        // Mattermost, Rocket.Chat and Zulip (what `text` is for) read Markdown
        // and mentions in it (REVIEW9 7). A zero-width space after `<` leaves no
        // `<url|text>`, `<!channel>` or tag; after `]`, no `[text](url)` link or
        // image; after an `@` that could start a mention (not one inside an
        // e-mail address), no `@channel`, `@all` or `@**all**`. Nothing visible
        // changes, and emphasis stays as typed (it links and pings nobody).
        Kind::Text => {
            let mut out = String::with_capacity(text.len() + 8);
            let mut before = ' ';
            for c in text.chars() {
                out.push(c);
                if c == '<' || c == ']' || (c == '@' && !before.is_ascii_alphanumeric()) {
                    out.push('\u{200B}');
                }
                before = c;
            }
            out
        }
        // JSON for a program: exactly what the buyer typed. WeCom's and
        // DingTalk's `text` messages read no markup, and mention only whom the
        // request's own `mentioned_list` / `at` names (never set).
        Kind::Webhook | Kind::Wecom | Kind::Dingtalk => text.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::{escape, Kind};

    /// REVIEW9 7's buyer, in a `text` destination (Mattermost, Rocket.Chat, Zulip).
    #[test]
    fn text_leaves_no_mention_or_link_and_ordinary_text_as_typed() {
        let out = escape(
            Kind::Text,
            "@channel [Payment received - confirm here](https://evil.example/login) @all @**all** <https://evil.example|bank>",
        );
        for markup in ["@channel", "@all", "@*", "](", "<https", "<h"] {
            assert!(!out.contains(markup), "{markup} in {out:?}");
        }
        // Addresses, amounts and brackets read (and copy) as typed.
        for plain in [
            "Li Wei (Apt 3), 50% off, ring *twice* _today_",
            "li.wei+tea@example.com",
            "王小明 2×",
        ] {
            assert_eq!(escape(Kind::Text, plain), plain);
        }
    }
}
