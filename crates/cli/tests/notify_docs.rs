//! Documentation that runs: the receiver in docs/notify.md ("Verifying in a
//! receiver"), taken from the doc as it is and run with Node, gets real requests
//! signed by the worker. It takes a fresh one, acts on a copy of it only once,
//! and refuses an altered body, a forged signature, and a validly signed request
//! whose timestamp is too old (a recorded request replayed later).

mod notify_support;

use notify_support::{config, order, place, worker, Receiver, Request, TempDir, TestClock};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

const KEY: &str = "docs-receiver-key-0123456789abcdef";

/// The code block the doc marks as the one this test runs.
fn receiver_from_docs() -> String {
    let doc = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/notify.md"))
        .expect("docs/notify.md");
    let after = doc
        .split_once("<!-- notify_docs.rs runs the next code block -->")
        .expect("the marker before the receiver's code block")
        .1;
    let block = after
        .split_once("```js\n")
        .expect("a ```js block after the marker")
        .1;
    block
        .split_once("\n```")
        .expect("the block's end")
        .0
        .to_owned()
}

/// The doc's receiver, running under Node.
struct NodeReceiver {
    child: Child,
    url: String,
    /// Its standard output after the "listening" line.
    lines: mpsc::Receiver<String>,
}

impl NodeReceiver {
    fn start(dir: &TempDir) -> NodeReceiver {
        let script = dir.path().join("receiver.mjs");
        std::fs::write(&script, receiver_from_docs()).expect("writes");
        let mut child = Command::new("node")
            .arg(&script)
            .env("MICROSHOP_WEBHOOK_SECRET", KEY)
            .env("PORT", "0")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("node runs (the test suite needs Node, as scripts/setup.sh installs it)");
        let mut out = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let port = match out.next() {
            Some(Ok(line)) => line
                .strip_prefix("listening on ")
                .unwrap_or_else(|| panic!("the receiver said {line:?}"))
                .to_owned(),
            other => panic!("the receiver did not start: {other:?}"),
        };
        let (send, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in out.map_while(Result::ok) {
                if send.send(line).is_err() {
                    break;
                }
            }
        });
        NodeReceiver {
            child,
            url: format!("http://127.0.0.1:{port}"),
            lines,
        }
    }

    /// Sends `request` as it was received (method, headers, body); the answer.
    fn replay(&self, request: &Request, body: &str) -> (u16, String) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut post = agent.post(format!("{}{}", self.url, request.target));
        for (name, value) in &request.headers {
            if ["host", "content-length", "connection"].contains(&name.as_str()) {
                continue;
            }
            post = post.header(name.as_str(), value.as_str());
        }
        let mut response = post.send(body).expect("the receiver answers");
        (
            response.status().as_u16(),
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }

    /// Lines it has printed so far.
    fn printed(&self) -> Vec<String> {
        self.lines.try_iter().collect()
    }
}

impl Drop for NodeReceiver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The webhook request the worker sends for order `n` at `now_ms`, as a recording
/// receiver got it.
fn signed_request(n: u8, now_ms: i64) -> Request {
    let recorder = Receiver::answering(204);
    let dir = TempDir::new(&format!("docs-signed-{n}"));
    let clock = TestClock::at(now_ms);
    let config = config(&format!(
        r#"{{"destinations": [{{"name": "books", "kind": "webhook", "url": "{}/hook", "secret": "{KEY}"}}]}}"#,
        recorder.url
    ));
    let names = config.for_new_orders();
    let (store, worker) = worker(&dir, config, &clock);
    place(&store, &order(n), &names);
    // The announcement is due from the order's time on; the clock is past it.
    let done = worker.run_due().expect("runs");
    assert_eq!(done.len(), 1, "{done:?}");
    recorder.wait_for(1).remove(0)
}

fn now_ms() -> i64 {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970");
    i64::try_from(since.as_millis()).expect("fits")
}

#[test]
fn the_documented_receiver_verifies_real_signed_requests() {
    let dir = TempDir::new("docs-receiver");
    let node = NodeReceiver::start(&dir);

    let fresh = signed_request(1, now_ms());
    assert!(fresh.header("microshop-signature").is_some());
    let (status, answer) = node.replay(&fresh, &fresh.body);
    assert_eq!((status, answer.as_str()), (200, "ok"));

    // The same event again (a copy after a lost mark): answered, not acted on.
    let (status, answer) = node.replay(&fresh, &fresh.body);
    assert_eq!(
        (status, answer.as_str()),
        (200, "duplicate: already handled")
    );

    // An altered body: the total changed on the way.
    let altered = fresh.body.replacen("\"total\":\"", "\"total\":\"1", 1);
    assert_ne!(altered, fresh.body);
    let (status, answer) = node.replay(&fresh, &altered);
    assert_eq!(status, 401, "{answer}");
    assert!(answer.starts_with("bad signature"), "{answer}");

    // A signature made with another key.
    let mut forged = fresh.clone();
    for (name, value) in &mut forged.headers {
        if name == "microshop-signature" {
            *value = format!("v1={}", "0".repeat(64));
        }
    }
    let (status, answer) = node.replay(&forged, &forged.body);
    assert_eq!(status, 401, "{answer}");

    // Signed correctly by microshop, but an hour ago: a recording replayed.
    let old = signed_request(2, now_ms() - 3_600_000);
    let (status, answer) = node.replay(&old, &old.body);
    assert_eq!(status, 401, "{answer}");
    assert!(answer.starts_with("timestamp too far"), "{answer}");

    // It acted once, on the one genuine event.
    let mut printed = Vec::new();
    for _ in 0..200 {
        printed.extend(node.printed());
        if !printed.is_empty() {
            break;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let event = fresh.json();
    assert_eq!(
        printed,
        [format!(
            "handled order.created {} total {}",
            event["order"]["reference"].as_str().expect("reference"),
            event["order"]["total"].as_str().expect("total")
        )]
    );
}
