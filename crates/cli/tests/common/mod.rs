//! Shared by the integration tests: a real `microshop serve` on a free port.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::sync::Mutex;
use std::time::Duration;

pub mod raw;

/// A running `microshop serve` in a temporary directory.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The temporary directory: `dist/`, `dist/shop.json`, `orders.sqlite`.
    pub dir: PathBuf,
    /// The server's stderr, line by line.
    log: Mutex<Receiver<String>>,
    /// `http://ADDR/metrics` when started with `--metrics-addr`.
    pub metrics_url: Option<String>,
}

impl Server {
    /// The server process's id (to send it a signal).
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends the server SIGTERM, as systemd or a container runtime does to stop it.
    pub fn terminate(&self) {
        let sent = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(sent.success(), "SIGTERM sent");
    }

    /// Kills the server at once (SIGKILL: no chance to finish anything).
    pub fn kill(&mut self) {
        self.child.kill().expect("kills");
        let _ = self.child.wait();
    }

    /// Waits for the server to exit; its exit status.
    pub fn wait(&mut self) -> std::process::ExitStatus {
        self.child.wait().expect("waits")
    }

    /// Every stderr line written so far and until the server exits (call after
    /// it was stopped).
    pub fn rest_of_log(&self) -> Vec<String> {
        let log = self
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        log.iter().collect()
    }

    /// Waits for a line of the server's stderr that contains `needle`; returns it.
    /// The wait is only a guard against a hung test: the line is normally already
    /// written when the request that caused it has been answered.
    pub fn log_line(&self, needle: &str) -> String {
        let log = self
            .log
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut seen = Vec::new();
        loop {
            match log.recv_timeout(Duration::from_secs(60)) {
                Ok(line) if line.contains(needle) => return line,
                Ok(line) => seen.push(line),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => {
                    panic!(
                        "no line with {needle:?} on stderr; saw:\n{}",
                        seen.join("\n")
                    )
                }
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Serves a minimal app and the minimal fixture manifest on a free port.
pub fn start(name: &str) -> Server {
    start_with(name, |_| None)
}

/// Like [`start`]; `seller` may write a seller directory into the temporary
/// directory and return its manifest, served with `--manifest`.
pub fn start_with(name: &str, seller: impl FnOnce(&std::path::Path) -> Option<PathBuf>) -> Server {
    start_configured(name, seller, |_| {})
}

/// Like [`start`], with more arguments for `serve`.
pub fn start_args(name: &str, args: &[&str]) -> Server {
    start_full(name, |_| None, args)
}

/// Like [`start_with`], with more arguments for `serve`.
pub fn start_full(
    name: &str,
    seller: impl FnOnce(&std::path::Path) -> Option<PathBuf>,
    args: &[&str],
) -> Server {
    start_configured(name, seller, |command| {
        command.args(args);
    })
}

/// Like [`start_with`]; `configure` may add arguments and environment to the
/// command (a seller secret, a site, a database, an app).
pub fn start_configured(
    name: &str,
    seller: impl FnOnce(&std::path::Path) -> Option<PathBuf>,
    configure: impl FnOnce(&mut Command),
) -> Server {
    let dir =
        std::env::temp_dir().join(format!("microshop-endpoint-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("dist/images")).expect("dist");
    std::fs::write(
        dir.join("dist/index.html"),
        "<!doctype html><title>shop</title>",
    )
    .expect("index");
    std::fs::write(
        dir.join("dist/images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("avatar");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/fixtures/minimal.json"
        ),
        dir.join("dist/shop.json"),
    )
    .expect("manifest");
    let mut command = Command::new(env!("CARGO_BIN_EXE_microshop"));
    command.args(["serve", "--addr", "127.0.0.1:0"]);
    if let Some(manifest) = seller(&dir) {
        command.arg("--manifest").arg(manifest);
    }
    // A secret in the caller's environment must not turn the seller side on here.
    command.env_remove("MICROSHOP_SELLER_SECRET");
    configure(&mut command);
    // A test may name its own database (PostgreSQL) and app (the built storefront);
    // else a SQLite file and the stand-in app here.
    if !command.get_args().any(|a| a == "--db") {
        command.arg("--db").arg(dir.join("orders.sqlite"));
    }
    if !command.get_args().any(|a| a == "--dist") {
        command.arg("--dist").arg(dir.join("dist"));
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawns");
    let stderr = child.stderr.take().expect("stderr");
    let (send, log) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            // The test may not be listening; the server's stderr is still drained.
            let _ = send.send(line);
        }
    });
    // The origin: a site's base path (`/teashop/`) is the test's to add.
    let (served, metrics_url) = served_urls(&mut child);
    let after_scheme = served.find("://").map_or(0, |i| i + 3);
    let host_end = served[after_scheme..]
        .find('/')
        .map_or(served.len(), |i| after_scheme + i);
    let url = served[..host_end].to_owned();
    Server {
        child,
        url: url.trim_end_matches('/').to_owned(),
        dir,
        log: Mutex::new(log),
        metrics_url,
    }
}

/// Runs `microshop serve --site SITE` (a published folder) on a free port; `url` is
/// the origin, without the site's base path.
pub fn start_site(site: &Path, name: &str) -> Server {
    start_site_args(site, name, &[])
}

/// Like [`start_site`], with more arguments for `serve` (a `--db` of the test's own
/// replaces the SQLite file).
pub fn start_site_args(site: &Path, name: &str, args: &[&str]) -> Server {
    let dir = std::env::temp_dir().join(format!("microshop-site-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let mut command = Command::new(env!("CARGO_BIN_EXE_microshop"));
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--site"])
        .arg(site)
        .args(args);
    if !args.contains(&"--db") {
        command.arg("--db").arg(dir.join("orders.sqlite"));
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    // http://127.0.0.1:PORT/teashop/ -> http://127.0.0.1:PORT
    let served = served_url(&mut child);
    let after_scheme = served.find("://").map_or(0, |i| i + 3);
    let host_end = served[after_scheme..]
        .find('/')
        .map_or(served.len(), |i| after_scheme + i);
    let url = served[..host_end].to_owned();
    // stderr is not read here: an empty log that no test asks for.
    let (_, log) = channel();
    Server {
        child,
        url,
        dir,
        log: Mutex::new(log),
        metrics_url: None,
    }
}

/// The address a starting `microshop serve` prints; its output is drained from then
/// on, so the server never writes into a closed pipe.
fn served_url(child: &mut std::process::Child) -> String {
    served_urls(child).0
}

/// The shop's address and the metrics address (when there is one).
fn served_urls(child: &mut std::process::Child) -> (String, Option<String>) {
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let mut metrics = None;
    let url = loop {
        let line = lines
            .next()
            .expect("server printed its address")
            .expect("utf8");
        if let Some(rest) = line.strip_prefix("metrics at ") {
            metrics = Some(rest.to_owned());
        }
        if let Some(rest) = line.strip_prefix("microshop is serving the shop at ") {
            break rest.to_owned();
        }
    };
    std::thread::spawn(move || lines.for_each(drop));
    (url, metrics)
}

/// An HTTP client that returns 4xx/5xx answers instead of errors.
pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

/// A valid order for the minimal fixture shop (`tiny-shop`): one green tea, posted.
pub fn minimal_order(id_byte: u8) -> microshop_core::order::OrderRequest {
    use microshop_core::cart::Cart;
    use microshop_core::order::{build_order, CheckoutInput};
    use microshop_core::{decode_manifest, CatalogSource};
    use std::collections::BTreeMap;

    let m = decode_manifest(include_str!("../../../core/tests/fixtures/minimal.json"))
        .expect("valid")
        .value;
    let CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline")
    };
    let mut cart = Cart::default();
    cart.add(c, "G-1", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "13800000000".to_owned()),
            ("address".to_owned(), "1 Tea Street".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: None,
    };
    let id = microshop_core::order::order_id_from_bytes([id_byte; 16]);
    build_order(
        &m,
        c,
        &cart,
        &input,
        "en",
        id,
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

/// POSTs an order body; returns the status, the body and the Idempotent-Replayed header.
pub fn post(server: &Server, body: &str, key: Option<&str>) -> (u16, String, Option<String>) {
    let mut request = agent()
        .post(format!("{}/api/orders", server.url))
        .header("content-type", "application/json");
    if let Some(k) = key {
        request = request.header("idempotency-key", k);
    }
    let mut response = request.send(body).expect("answers");
    let replayed = response
        .headers()
        .get("idempotent-replayed")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let status = response.status().as_u16();
    (
        status,
        response.body_mut().read_to_string().unwrap_or_default(),
        replayed,
    )
}

/// POSTs `order` with its own id as the Idempotency-Key.
pub fn post_order(
    server: &Server,
    order: &microshop_core::order::OrderRequest,
) -> (u16, String, Option<String>) {
    let body = serde_json::to_string(order).expect("json");
    post(server, &body, Some(&order.order_id))
}

/// GETs a URL; returns the status and the body.
pub fn get(url: &str) -> (u16, String) {
    let mut response = agent().get(url).call().expect("answers");
    (
        response.status().as_u16(),
        response.body_mut().read_to_string().unwrap_or_default(),
    )
}

/// The minimal fixture as a seller directory with its catalog in a separate file,
/// `catalog_url` naming it; returns the manifest's path.
pub fn split_minimal_shop(root: &Path, catalog_url: &str) -> PathBuf {
    let dir = root.join("seller");
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    let mut manifest: serde_json::Value =
        serde_json::from_str(include_str!("../../../core/tests/fixtures/minimal.json"))
            .expect("fixture");
    let catalog = manifest["catalog"].take();
    manifest["catalog"] = serde_json::json!({ "url": catalog_url });
    let file = catalog_url.split(['?', '#']).next().unwrap_or(catalog_url);
    std::fs::write(dir.join(file), catalog.to_string()).expect("catalog");
    std::fs::write(dir.join("shop.json"), manifest.to_string()).expect("manifest");
    std::fs::write(
        dir.join("images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("avatar");
    dir.join("shop.json")
}

/// Makes a receipt key at `path` with `microshop receipt-key new`.
pub fn new_receipt_key(path: &Path) {
    let made = Command::new(env!("CARGO_BIN_EXE_microshop"))
        .args(["receipt-key", "new"])
        .arg(path)
        .output()
        .expect("runs");
    assert!(made.status.success(), "{made:?}");
}
