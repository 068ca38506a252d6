//! Each kind of destination against a real HTTP receiver that checks the exact
//! request: method, path and query, headers, the JSON's shape, the signatures
//! (computed again here, independently), and that a buyer's hostile text stays
//! text in each chat's markup. Messages are in the shop's default locale (zh-CN
//! for the tiny shop), amounts exact.

mod notify_support;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use microshop_cli::notify::Delivered;
use microshop_cli::store::StatusChange;
use microshop_core::order::status::{Change, Status};
use microshop_core::order::{short_ref, OrderRequest};
use notify_support::{
    config, order, place, worker, Receiver, Reply, Request, TempDir, TestClock, T0,
};
use serde_json::json;
use sha2::Sha256;

/// What a buyer may type to break out of a chat's markup.
const HOSTILE_NAME: &str = "<!channel> @everyone <at user_id=\"all\"></at> & <b>Li</b>";
const HOSTILE_NOTE: &str = "**now** [pay here](https://evil.example) _x_ `y` <@123>";

fn hostile_order(n: u8) -> OrderRequest {
    let mut o = order(n);
    o.customer.insert("name".into(), HOSTILE_NAME.into());
    o.note = Some(HOSTILE_NOTE.into());
    o
}

fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sends the one announcement of a hostile order to a destination of `kind`
/// (its JSON, with `URL` standing for the receiver's address); the request the
/// receiver got.
fn announce_to(kind_json: &str, answer: Reply) -> (Request, OrderRequest) {
    let receiver = Receiver::start(move |_| answer.clone());
    let json = kind_json.replace("URL", &receiver.url);
    let dir = TempDir::new(&format!("formats-{}", kind_json.len()));
    let clock = TestClock::at(T0 + 1_500);
    let config = config(&format!(r#"{{"destinations": [{json}]}}"#));
    let names = config.for_new_orders();
    let (store, worker) = worker(&dir, config, &clock);
    let order = hostile_order(7);
    place(&store, &order, &names);
    let done = worker.run_due().expect("runs");
    assert_eq!(done.len(), 1);
    assert_eq!(
        done[0].1,
        Delivered::Sent,
        "{:?}",
        store.announcements_of(&order.order_id)
    );
    let requests = receiver.wait_for(1);
    assert_eq!(requests.len(), 1, "sent once");
    (requests[0].clone(), order)
}

/// The message's lines, in zh-CN (the shop's default locale), with the buyer's
/// name and note as `name` and `note` write them.
fn zh_message(order: &OrderRequest, name: &str, note: &str) -> String {
    format!(
        "小店 新订单 #{}\n2 × Green tea — ¥25.00\n1 × Tote (Colour：Red，Size：S) — ¥79.00\n配送：Post，¥0.00\n合计：¥104.00\n买家：{name}\n备注：{note}",
        short_ref(&order.order_id)
    )
}

fn assert_json_post(request: &Request, path: &str) {
    assert_eq!(request.method, "POST");
    assert_eq!(request.target, path);
    assert_eq!(request.header("content-type"), Some("application/json"));
}

/// `text` goes to Mattermost, Rocket.Chat and Zulip, which read Markdown links,
/// `<url|text>` and `@channel`/`@all` (REVIEW9 7: they arrived as typed): a
/// zero-width space after `<`, after `]` and after an `@` that could start a
/// mention leaves none of them to read, and nothing visible changes.
#[test]
fn the_generic_text_kind_posts_the_message_with_no_link_or_mention() {
    let (request, order) = announce_to(
        r#"{"name": "shop-bot", "kind": "text", "url": "URL/hooks/text?room=1"}"#,
        Reply::status(200),
    );
    assert_json_post(&request, "/hooks/text?room=1");
    let z = '\u{200B}';
    assert_eq!(
        request.json(),
        json!({ "text": zh_message(
            &order,
            &format!("<{z}!channel> @{z}everyone <{z}at user_id=\"all\"><{z}/at> & <{z}b>Li<{z}/b>"),
            &format!("**now** [pay here]{z}(https://evil.example) _x_ `y` <{z}@{z}123>"),
        ) })
    );
    let text = request.json()["text"].as_str().expect("text").to_owned();
    for markup in ["@everyone", "](", "<!", "<@", "<at", "<b>"] {
        assert!(!text.contains(markup), "{markup} in {text}");
    }
    assert_eq!(
        text.replace(z, ""),
        zh_message(&order, HOSTILE_NAME, HOSTILE_NOTE),
        "reads the same"
    );
}

#[test]
fn slack_gets_its_three_characters_escaped_and_no_markup() {
    let (request, order) = announce_to(
        r#"{"name": "team", "kind": "slack", "url": "URL/services/T1/B2/abc"}"#,
        Reply::Answer(200, vec![], "ok".into()),
    );
    assert_json_post(&request, "/services/T1/B2/abc");
    let slack = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    assert_eq!(
        request.json(),
        json!({
            "text": zh_message(&order, &slack(HOSTILE_NAME), &slack(HOSTILE_NOTE)),
            "mrkdwn": false,
        })
    );
    let text = request.json()["text"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        !text.contains("<!channel>") && !text.contains("<@123>"),
        "{text}"
    );
}

#[test]
fn discord_gets_escaped_markdown_and_no_mentions() {
    let (request, order) = announce_to(
        r#"{"name": "discord", "kind": "discord", "url": "URL/api/webhooks/1/tok"}"#,
        Reply::status(204),
    );
    assert_json_post(&request, "/api/webhooks/1/tok");
    let body = request.json();
    assert_eq!(body["allowed_mentions"], json!({ "parse": [] }));
    let content = body["content"].as_str().unwrap_or_default();
    let reference = short_ref(&order.order_id);
    assert!(
        content.starts_with(&format!("**小店 新订单 #{reference}**\n")),
        "{content}"
    );
    // Every ASCII punctuation mark backslashed (Discord's escape), `@` broken by a
    // zero-width space.
    let discord = |t: &str| -> String {
        t.chars()
            .map(|c| match c {
                '@' => "@\u{200B}".to_owned(),
                c if c.is_ascii_punctuation() => format!("\\{c}"),
                c => c.to_string(),
            })
            .collect()
    };
    let message = zh_message(&order, &discord(HOSTILE_NAME), &discord(HOSTILE_NOTE));
    let (heading, rest) = message.split_once('\n').expect("lines");
    assert_eq!(content, format!("**{heading}**\n{rest}"));
    assert!(content.contains(r#"\<\!channel\>"#), "{content}");
    assert!(
        content.contains(r#"\*\*now\*\* \[pay here\]\(https\:\/\/evil\.example\)"#),
        "{content}"
    );
    assert!(
        !content.contains("@everyone"),
        "the mention is broken as text too"
    );
}

#[test]
fn telegram_gets_html_with_the_buyers_text_escaped() {
    let (request, order) = announce_to(
        r#"{"name": "tg", "kind": "telegram", "token": "123456:ABC-def", "chat_id": -1001234567890, "api": "URL"}"#,
        Reply::json(200, r#"{"ok":true,"result":{}}"#),
    );
    assert_json_post(&request, "/bot123456:ABC-def/sendMessage");
    let html = |t: &str| {
        t.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let message = zh_message(&order, &html(HOSTILE_NAME), &html(HOSTILE_NOTE));
    let (heading, rest) = message.split_once('\n').expect("lines");
    assert_eq!(
        request.json(),
        json!({
            "chat_id": -1_001_234_567_890_i64,
            "text": format!("<b>{heading}</b>\n{rest}"),
            "parse_mode": "HTML",
            "link_preview_options": { "is_disabled": true },
        })
    );
}

#[test]
fn wecom_gets_its_text_message() {
    let (request, order) = announce_to(
        r#"{"name": "wecom", "kind": "wecom", "url": "URL/cgi-bin/webhook/send?key=abc-123"}"#,
        Reply::json(200, r#"{"errcode":0,"errmsg":"ok"}"#),
    );
    assert_json_post(&request, "/cgi-bin/webhook/send?key=abc-123");
    assert_eq!(
        request.json(),
        json!({
            "msgtype": "text",
            "text": { "content": zh_message(&order, HOSTILE_NAME, HOSTILE_NOTE) },
        })
    );
}

#[test]
fn feishu_gets_its_text_message_signed_and_no_at_tag() {
    let (request, order) = announce_to(
        r#"{"name": "feishu", "kind": "feishu", "url": "URL/open-apis/bot/v2/hook/xyz", "secret": "feishu-signing-secret"}"#,
        Reply::json(200, r#"{"code":0,"data":{},"msg":"success"}"#),
    );
    assert_json_post(&request, "/open-apis/bot/v2/hook/xyz");
    let body = request.json();
    let timestamp = body["timestamp"].as_str().expect("timestamp").to_owned();
    assert_eq!(
        timestamp,
        ((T0 + 1_500) / 1000).to_string(),
        "seconds, as a string"
    );
    // Feishu's own algorithm: HMAC-SHA256 keyed with "timestamp\nsecret" over nothing.
    let expected = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(
        format!("{timestamp}\nfeishu-signing-secret").as_bytes(),
        b"",
    ));
    let feishu = |t: &str| t.replace('<', "<\u{200B}");
    assert_eq!(
        body,
        json!({
            "timestamp": timestamp,
            "sign": expected,
            "msg_type": "text",
            "content": { "text": zh_message(&order, &feishu(HOSTILE_NAME), &feishu(HOSTILE_NOTE)) },
        })
    );
    assert!(!body.to_string().contains("<at user_id"));
}

#[test]
fn dingtalk_gets_its_text_message_and_a_signed_query() {
    let (request, order) = announce_to(
        r#"{"name": "ding", "kind": "dingtalk", "url": "URL/robot/send?access_token=tok", "secret": "SECdingtalk"}"#,
        Reply::json(200, r#"{"errcode":0,"errmsg":"ok"}"#),
    );
    assert_eq!(request.method, "POST");
    let (path, query) = request.target.split_once('?').expect("query");
    assert_eq!(path, "/robot/send");
    let pairs: Vec<(&str, &str)> = query.split('&').filter_map(|p| p.split_once('=')).collect();
    let timestamp = (T0 + 1_500).to_string();
    // DingTalk's own algorithm: HMAC-SHA256 keyed with the secret over
    // "timestamp\nsecret", base64, then URL-encoded.
    let sign = base64::engine::general_purpose::STANDARD.encode(hmac_sha256(
        b"SECdingtalk",
        format!("{timestamp}\nSECdingtalk").as_bytes(),
    ));
    let encoded = percent_encoding::utf8_percent_encode(&sign, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    assert_eq!(
        pairs,
        vec![
            ("access_token", "tok"),
            ("timestamp", timestamp.as_str()),
            ("sign", encoded.as_str())
        ]
    );
    assert_eq!(request.header("content-type"), Some("application/json"));
    assert_eq!(
        request.json(),
        json!({
            "msgtype": "text",
            "text": { "content": zh_message(&order, HOSTILE_NAME, HOSTILE_NOTE) },
        })
    );
}

#[test]
fn the_json_webhook_is_a_signed_documented_event() {
    let (request, order) = announce_to(
        r#"{"name": "books", "kind": "webhook", "url": "URL/microshop", "secret": "0123456789abcdef0123456789abcdef"}"#,
        Reply::status(204),
    );
    assert_json_post(&request, "/microshop");
    let event_id = format!("{}:created", order.order_id);
    assert_eq!(
        request.header("microshop-event-id"),
        Some(event_id.as_str())
    );
    let timestamp = request.header("microshop-timestamp").expect("timestamp");
    assert_eq!(timestamp, ((T0 + 1_500) / 1000).to_string());
    let signed = hex(&hmac_sha256(
        b"0123456789abcdef0123456789abcdef",
        format!("{timestamp}.{}", request.body).as_bytes(),
    ));
    assert_eq!(
        request.header("microshop-signature"),
        Some(format!("v1={signed}").as_str())
    );
    let body = request.json();
    assert_eq!(
        body,
        json!({
            "id": event_id,
            "type": "order.created",
            "occurred_at": "2026-12-05T10:00:00Z",
            "shop": { "id": "tiny-shop", "name": "小店" },
            "order": {
                "order_id": order.order_id,
                "reference": short_ref(&order.order_id),
                "status": "new",
                "received_at": "2026-12-05T10:00:00Z",
                "currency": "CNY",
                "total": "104.00",
                "request": serde_json::to_value(&order).expect("json"),
            },
        })
    );
}

/// Item 4 of the issue: a destination that opts in gets the status changes the
/// store enqueues with the change, rendered from the change's history event.
#[test]
fn status_changes_are_announced_to_destinations_that_ask() {
    let receiver = Receiver::answering(200);
    let dir = TempDir::new("status");
    let clock = TestClock::at(T0 + 1_000);
    let config = config(&format!(
        r#"{{"destinations": [
            {{"name": "orders-only", "kind": "text", "url": "{0}/a"}},
            {{"name": "shipping", "kind": "text", "url": "{0}/b", "events": ["order.shipped", "order.cancelled"], "locale": "en"}},
            {{"name": "everything", "kind": "webhook", "url": "{0}/c", "secret": "0123456789abcdef", "events": ["order.created", "order.status"]}}
        ]}}"#,
        receiver.url
    ));
    let (store, worker) = worker(&dir, config.clone(), &clock);
    let order = order(9);
    place(&store, &order, &config.for_new_orders());
    assert_eq!(
        worker.run_due().expect("runs").len(),
        2,
        "orders-only and everything"
    );
    for (to, change) in [
        (Status::Paid, Change::Paid),
        (
            Status::Shipped,
            Change::Shipped {
                tracking_note: "SF 123 <b>".into(),
                tracking_url: Some("https://track.example/SF123".into()),
            },
        ),
    ] {
        let announce = config.status_announcements(&order.order_id, to);
        let changed = store
            .change_status(&StatusChange {
                order_id: &order.order_id,
                change: &change,
                expected_version: None,
                actor: "seller",
                now_ms: clock.now(),
                announce: &announce,
            })
            .expect("changes");
        assert!(
            matches!(changed, microshop_cli::store::Changed::Done { .. }),
            "{changed:?}"
        );
    }
    let done = worker.run_due().expect("runs");
    assert_eq!(
        done.len(),
        3,
        "paid to everything; shipped to shipping and everything"
    );
    let requests = receiver.wait_for(5);
    let to =
        |path: &str| -> Vec<&Request> { requests.iter().filter(|r| r.target == path).collect() };
    assert_eq!(to("/a").len(), 1, "a new order only");
    let shipping = to("/b");
    assert_eq!(shipping.len(), 1);
    assert_eq!(
        shipping[0].json()["text"],
        format!(
            // A `text` chat reads no tag from the tracking note either.
            "Order #{} is now shipped · Tiny shop\nTracking: SF 123 <\u{200B}b>\nhttps://track.example/SF123\nTotal: CN¥104.00",
            short_ref(&order.order_id)
        )
    );
    let everything = to("/c");
    let types: Vec<String> = everything
        .iter()
        .map(|r| r.json()["type"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(types, ["order.created", "order.status", "order.status"]);
    let shipped = everything
        .iter()
        .map(|r| r.json())
        .find(|e| e["change"]["to"] == "shipped")
        .expect("the shipped event");
    assert_eq!(
        shipped["change"],
        json!({"from": "paid", "to": "shipped", "tracking_note": "SF 123 <b>", "tracking_url": "https://track.example/SF123"})
    );
    assert_eq!(shipped["id"], format!("{}:status:shipped", order.order_id));
    // Each delivery is in the order's history.
    let announced = store
        .history(&order.order_id)
        .expect("history")
        .into_iter()
        .filter(|e| e.kind == "announced")
        .count();
    assert_eq!(announced, 5);
}
