//! How `microshop serve` reads the shop an order is verified against: a catalog host
//! that hangs must not stall the rest of the server, and an edit to the seller's files
//! is seen by the next order without a restart.

use std::io::Write;
use std::net::{TcpListener, TcpStream};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::Duration;

mod common;
use common::{minimal_order, post_order, split_minimal_shop, start_with};

/// A catalog host on 127.0.0.1 that accepts connections and never answers, until
/// `release` closes them.
struct Hanging {
    port: u16,
    accepted: Receiver<()>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Hanging {
    fn start() -> Hanging {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let port = listener.local_addr().expect("addr").port();
        let (tell, accepted) = channel();
        let open = Arc::new(Mutex::new(Vec::new()));
        let kept = Arc::clone(&open);
        // Bounded: a test makes a handful of fetches at most.
        std::thread::spawn(move || {
            for stream in listener.incoming().take(32).flatten() {
                if let Ok(mut list) = kept.lock() {
                    list.push(stream);
                }
                let _ = tell.send(());
            }
        });
        Hanging {
            port,
            accepted,
            open,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/catalog.json", self.port)
    }

    /// Waits until the server has connected to fetch the catalog.
    fn wait_for_fetch(&self) {
        // A bound so a broken server fails the test instead of hanging it.
        self.accepted
            .recv_timeout(Duration::from_secs(120))
            .expect("the server fetches the catalog");
    }

    /// Closes every connection: the pending fetches fail at once.
    fn release(&self) {
        if let Ok(mut list) = self.open.lock() {
            for stream in list.drain(..) {
                let _ = stream.shutdown(std::net::Shutdown::Both);
            }
        }
    }
}

fn set_catalog_url(manifest: &std::path::Path, url: &str) {
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(manifest).expect("manifest")).expect("json");
    value["catalog"] = serde_json::json!({ "url": url });
    std::fs::write(manifest, value.to_string()).expect("write");
}

#[test]
fn a_hanging_catalog_host_does_not_block_other_requests() {
    let hanging = Hanging::start();
    let server = start_with("hang-others", |root| {
        Some(split_minimal_shop(root, "catalog.json"))
    });
    let manifest = server.dir.join("seller/shop.json");
    let first = minimal_order(1);
    let (status, accepted, _) = post_order(&server, &first);
    assert_eq!(status, 201, "{accepted}");

    // The seller moves the catalog to a host that stops answering.
    set_catalog_url(&manifest, &hanging.url());
    let waiting = minimal_order(2);
    std::thread::scope(|s| {
        let stuck = s.spawn(|| post_order(&server, &waiting));
        hanging.wait_for_fetch();

        // While that order waits for the catalog, the rest of the server answers.
        // The generous bound only turns a hang into a failure; it measures nothing.
        let bounded = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .new_agent();
        let secret: serde_json::Value = serde_json::from_str(&accepted).expect("json");
        let status = bounded
            .get(format!("{}/api/orders/{}", server.url, first.order_id))
            .header(
                "order-secret",
                secret["order_secret"].as_str().unwrap_or(""),
            )
            .call()
            .map(|r| r.status().as_u16());
        let replay = bounded
            .post(format!("{}/api/orders", server.url))
            .header("content-type", "application/json")
            .header("idempotency-key", &first.order_id)
            .send(serde_json::to_string(&first).expect("json"))
            .map(|r| r.status().as_u16());
        hanging.release();
        assert_eq!(
            status.ok(),
            Some(200),
            "reading an order waited for the catalog host"
        );
        assert_eq!(
            replay.ok(),
            Some(201),
            "a resend of an accepted order waited for the catalog host"
        );

        let (status, body, _) = stuck.join().expect("thread");
        assert_eq!(status, 503, "{body}");
        assert!(body.contains("shop_unavailable"), "{body}");
    });
}

#[test]
fn an_order_fails_with_503_when_the_catalog_host_never_answers() {
    let hanging = Hanging::start();
    let url = hanging.url();
    let server = start_with("hang-forever", |root| {
        Some(split_minimal_shop(root, "catalog.json"))
    });
    set_catalog_url(&server.dir.join("seller/shop.json"), &url);
    // Only a bound against a server without a fetch timeout; the status is what is checked.
    let bounded = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .new_agent();
    let order = minimal_order(3);
    let mut response = bounded
        .post(format!("{}/api/orders", server.url))
        .header("content-type", "application/json")
        .header("idempotency-key", &order.order_id)
        .send(serde_json::to_string(&order).expect("json"))
        .expect("the server answers although the catalog host does not");
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    assert_eq!(status, 503, "{body}");
    assert!(
        body.contains("shop_unavailable") && body.contains(&url),
        "the answer names the catalog that could not be read: {body}"
    );
    drop(hanging);
}

/// Writes `text` to `path` and moves its modification time two seconds past the
/// previous one, as a later edit would have it (a test is faster than the file
/// system's clock granularity).
fn edit(path: &std::path::Path, text: &str) {
    let before = std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("mtime");
    let mut file = std::fs::File::create(path).expect("opens");
    file.write_all(text.as_bytes()).expect("writes");
    file.set_modified(before + Duration::from_secs(2))
        .expect("sets mtime");
}

#[test]
fn an_edit_to_the_sellers_files_is_seen_by_the_next_order() {
    // Files last edited an hour ago, so only their stamps can tell the server of a change
    // (a file edited moments before it was read is read again anyway).
    let server = start_with("edits", |root| {
        let manifest = split_minimal_shop(root, "catalog.json");
        for file in ["seller/shop.json", "seller/catalog.json"] {
            let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
            std::fs::File::options()
                .write(true)
                .open(root.join(file))
                .and_then(|f| f.set_modified(hour_ago))
                .expect("sets mtime");
        }
        Some(manifest)
    });
    let (status, body, _) = post_order(&server, &minimal_order(4));
    assert_eq!(status, 201, "{body}");

    // Same length, so only the modification time tells the change.
    let catalog = server.dir.join("seller/catalog.json");
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    edit(&catalog, &text.replace("\"12.50\"", "\"13.50\""));
    let (status, body, _) = post_order(&server, &minimal_order(5));
    assert_eq!(status, 409, "{body}");
    assert!(body.contains("\"expected\":\"13.50\""), "{body}");

    // The manifest itself: a shipping price change.
    let manifest = server.dir.join("seller/shop.json");
    let text = std::fs::read_to_string(&manifest).expect("manifest");
    edit(
        &manifest,
        &text.replace("\"price\":\"10\"", "\"price\":\"11\""),
    );
    let text = std::fs::read_to_string(&catalog).expect("catalog");
    edit(&catalog, &text.replace("\"13.50\"", "\"12.50\""));
    let (status, body, _) = post_order(&server, &minimal_order(6));
    assert_eq!(status, 422, "{body}");
    assert!(body.contains("\"path\":\"shipping.price\""), "{body}");
}

#[test]
fn a_catalog_url_with_a_query_string_takes_orders() {
    // Sellers add ?v=2 to make browsers fetch a changed catalog.
    let server = start_with("query", |root| {
        Some(split_minimal_shop(root, "./catalog.json?v=2#products"))
    });
    let (status, body, _) = post_order(&server, &minimal_order(7));
    assert_eq!(status, 201, "{body}");
    let (status, catalog) = common::get(&format!("{}/catalog.json?v=2", server.url));
    assert_eq!(status, 200);
    assert!(catalog.contains("\"G-1\""), "{catalog}");
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_microshop"))
        .arg("check")
        .arg(server.dir.join("seller/shop.json"))
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&check.stderr);
    assert!(check.status.success(), "{err}");
}
