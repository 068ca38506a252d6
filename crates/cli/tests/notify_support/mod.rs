//! What the announcement tests share: a real HTTP receiver on a loopback port that
//! records every request exactly as it arrived and answers as the test scripts it
//! (or hangs, or redirects); the minimal fixture shop; orders placed in a real
//! store; and a clock the test moves itself.
#![allow(dead_code)]

use microshop_cli::notify::{Clock, Config, Shopfront, Worker};
use microshop_cli::store::{Announce, NewOrder, Store};
use microshop_core::order::OrderRequest;
use microshop_core::{Catalog, CatalogSource, Manifest};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::Duration;

/// A request as the receiver read it.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: String,
    /// Path and query, as sent.
    pub target: String,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: String,
    /// The status answered (0: none, the connection was held or dropped).
    pub answered: u16,
}

impl Request {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// What the receiver does with a request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Answers with a status, extra headers and a body.
    Answer(u16, Vec<(String, String)>, String),
    /// Answers nothing and keeps the connection open until [`Receiver::release`]
    /// (or the receiver is dropped), then closes it without an answer.
    Hang,
    /// Holds the request until [`Receiver::release`], then answers with this status.
    Held(u16),
}

impl Reply {
    pub fn status(code: u16) -> Reply {
        Reply::Answer(code, Vec::new(), String::new())
    }

    pub fn json(code: u16, body: &str) -> Reply {
        Reply::Answer(
            code,
            vec![("Content-Type".into(), "application/json".into())],
            body.into(),
        )
    }
}

type Script = Box<dyn FnMut(&Request) -> Reply + Send>;

struct State {
    requests: Vec<Request>,
    script: Script,
    released: bool,
}

/// A receiving HTTP server for one test.
pub struct Receiver {
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    shared: Arc<(Mutex<State>, Condvar)>,
}

fn lock(shared: &(Mutex<State>, Condvar)) -> std::sync::MutexGuard<'_, State> {
    shared.0.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Receiver {
    /// Starts a receiver whose answers come from `script`, called for each request.
    pub fn start(script: impl FnMut(&Request) -> Reply + Send + 'static) -> Receiver {
        let listener = TcpListener::bind("127.0.0.1:0").expect("binds");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let shared = Arc::new((
            Mutex::new(State {
                requests: Vec::new(),
                script: Box::new(script),
                released: false,
            }),
            Condvar::new(),
        ));
        let accepting = Arc::clone(&shared);
        std::thread::spawn(move || {
            for stream in listener.incoming().map_while(Result::ok) {
                let shared = Arc::clone(&accepting);
                std::thread::spawn(move || serve(stream, &shared));
            }
        });
        Receiver { url, shared }
    }

    /// Answers every request with `code` and an empty body.
    pub fn answering(code: u16) -> Receiver {
        Receiver::start(move |_| Reply::status(code))
    }

    /// Every request so far.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared).requests.clone()
    }

    /// Waits until `n` requests have arrived; every request so far. The wait has a
    /// generous guard only against a hung test: the state is what the test needs.
    pub fn wait_for(&self, n: usize) -> Vec<Request> {
        let (mutex, arrived) = &*self.shared;
        let guard = mutex.lock().unwrap_or_else(PoisonError::into_inner);
        let (guard, timeout) = arrived
            .wait_timeout_while(guard, Duration::from_secs(120), |s| s.requests.len() < n)
            .unwrap_or_else(PoisonError::into_inner);
        assert!(
            !timeout.timed_out(),
            "waited for {n} request(s), got {}: {:#?}",
            guard.requests.len(),
            guard.requests
        );
        guard.requests.clone()
    }

    /// Lets every held connection close (without an answer).
    pub fn release(&self) {
        lock(&self.shared).released = true;
        self.shared.1.notify_all();
    }

    /// From now on, answers from `script`.
    pub fn script(&self, script: impl FnMut(&Request) -> Reply + Send + 'static) {
        lock(&self.shared).script = Box::new(script);
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        self.release();
    }
}

fn serve(stream: TcpStream, shared: &(Mutex<State>, Condvar)) {
    let mut reader = BufReader::new(match stream.try_clone() {
        Ok(s) => s,
        Err(_) => return,
    });
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or("").to_owned();
    let target = parts.next().unwrap_or("").to_owned();
    let mut headers = Vec::new();
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        if let Some((name, value)) = header.split_once(':') {
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
    }
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut request = Request {
        method,
        target,
        headers,
        body: String::from_utf8_lossy(&body).into_owned(),
        answered: 0,
    };
    let (reply, index) = {
        let mut state = lock(shared);
        let reply = (state.script)(&request);
        if let Reply::Answer(code, ..) = &reply {
            request.answered = *code;
        }
        state.requests.push(request);
        shared.1.notify_all();
        (reply, state.requests.len() - 1)
    };
    let mut stream = stream;
    match reply {
        Reply::Answer(code, extra, body) => {
            let mut head = format!(
                "HTTP/1.1 {code} {}\r\nContent-Length: {}\r\nConnection: close\r\n",
                reason(code),
                body.len()
            );
            for (name, value) in extra {
                head.push_str(&format!("{name}: {value}\r\n"));
            }
            head.push_str("\r\n");
            let _ = stream.write_all(head.as_bytes());
            let _ = stream.write_all(body.as_bytes());
            let _ = stream.flush();
        }
        Reply::Hang => {
            let guard = lock(shared);
            let _released = shared
                .1
                .wait_while(guard, |s| !s.released)
                .unwrap_or_else(PoisonError::into_inner);
        }
        Reply::Held(code) => {
            {
                let guard = lock(shared);
                let _released = shared
                    .1
                    .wait_while(guard, |s| !s.released)
                    .unwrap_or_else(PoisonError::into_inner);
            }
            let head = format!(
                "HTTP/1.1 {code} {}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                reason(code)
            );
            if stream.write_all(head.as_bytes()).is_ok() {
                // The answer went out (to a live peer, as far as TCP knows).
                lock(shared).requests[index].answered = code;
            }
        }
    }
}

fn reason(code: u16) -> &'static str {
    match code {
        200 => "OK",
        204 => "No Content",
        302 => "Found",
        404 => "Not Found",
        410 => "Gone",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        _ => "Whatever",
    }
}

/// The minimal fixture shop (`tiny-shop`, default locale zh-CN).
pub struct TinyShop {
    pub manifest: Manifest,
    pub catalog: Catalog,
}

impl TinyShop {
    pub fn new() -> TinyShop {
        let manifest = microshop_core::decode_manifest(include_str!(
            "../../../core/tests/fixtures/minimal.json"
        ))
        .expect("valid")
        .value;
        let CatalogSource::Inline(catalog) = manifest.catalog.clone() else {
            panic!("inline catalog")
        };
        TinyShop { manifest, catalog }
    }
}

impl Shopfront for TinyShop {
    fn with_shop(&self, f: &mut dyn FnMut(&Manifest, &Catalog)) -> bool {
        f(&self.manifest, &self.catalog);
        true
    }
}

/// A valid order of the tiny shop: one green tea (`G-1`) and one red S tote.
pub fn order(n: u8) -> OrderRequest {
    use microshop_core::cart::Cart;
    use microshop_core::order::{build_order, CheckoutInput};
    use std::collections::BTreeMap;

    let shop = TinyShop::new();
    let mut cart = Cart::default();
    cart.add(&shop.catalog, "G-1", 2).expect("add");
    cart.add(&shop.catalog, "T-RS", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), "Li Wei".to_owned()),
            ("phone".to_owned(), "13800000000".to_owned()),
            ("address".to_owned(), "1 Tea Street".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: None,
    };
    let id = microshop_core::order::order_id_from_bytes([n; 16]);
    build_order(
        &shop.manifest,
        &shop.catalog,
        &cart,
        &input,
        "en",
        id,
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}

/// When the test orders arrive (ms since the epoch): 2026-12-05T10:00:00Z.
pub const T0: i64 = 1_796_464_800_000;

/// Stores `order` as accepted at `T0`, with an announcement for each of `destinations`.
pub fn place(store: &Store, order: &OrderRequest, destinations: &[String]) {
    let body = serde_json::to_string(order).expect("json");
    let announce: Vec<Announce> = destinations
        .iter()
        .map(|d| Announce {
            destination: d.clone(),
            body: serde_json::json!({"event": "order.created", "order_id": order.order_id})
                .to_string(),
        })
        .collect();
    let items: Vec<(String, u32)> = order
        .lines
        .iter()
        .map(|l| (l.sku.clone(), l.quantity))
        .collect();
    let name = order.customer.get("name").cloned().unwrap_or_default();
    let accepted = store
        .accept(&NewOrder {
            key: &order.order_id,
            body_sha256: &microshop_cli::store::sha256_hex(&body),
            order_id: &order.order_id,
            shop_id: &order.shop_id,
            created_at: &order.created_at,
            received_ms: T0,
            currency: &order.currency,
            total: &order.total,
            total_minor: 0,
            customer_name: &name,
            customer_phone: "13800000000",
            customer_email: "",
            payload: &body,
            secret: "s",
            items: &items,
            status: 201,
            response: "{}",
            receipt: "",
            announce: &announce,
        })
        .expect("stored");
    assert_eq!(accepted, microshop_cli::store::Accepted::New);
}

/// A clock the test moves; jitter at its full value (retries take their whole backoff).
pub struct TestClock(pub Arc<AtomicI64>);

impl TestClock {
    pub fn at(ms: i64) -> TestClock {
        TestClock(Arc::new(AtomicI64::new(ms)))
    }

    pub fn set(&self, ms: i64) {
        self.0.store(ms, Ordering::SeqCst);
    }

    pub fn now(&self) -> i64 {
        self.0.load(Ordering::SeqCst)
    }

    pub fn clock(&self) -> Clock {
        let now = Arc::clone(&self.0);
        Clock {
            now_ms: Arc::new(move || now.load(Ordering::SeqCst)),
            jitter_permille: Arc::new(|| 1000),
        }
    }
}

/// A temporary folder, removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl TempDir {
    pub fn new(name: &str) -> TempDir {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, Ordering::SeqCst);
        let dir = std::env::temp_dir().join(format!(
            "microshop-notify-{name}-{}-{n}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// notify.json's text read with no environment variables.
pub fn config(json: &str) -> Config {
    match Config::parse(json, Path::new("."), &|_| None) {
        Ok((config, _)) => config,
        Err(rejected) => panic!("{:#?}", rejected.errors),
    }
}

/// A SQLite store in `dir`, a worker on it for `config`, at the test's clock.
pub fn worker(dir: &TempDir, config: Config, clock: &TestClock) -> (Arc<Store>, Worker) {
    let store = Arc::new(Store::open_sqlite(&dir.path().join("orders.sqlite")).expect("store"));
    let worker = Worker::new(
        Arc::clone(&store),
        Arc::new(config),
        Arc::new(TinyShop::new()),
        clock.clock(),
        "test-worker".into(),
    );
    (store, worker)
}

pub mod serving;

/// An order of the tiny shop the served stock never refuses: one red S tote
/// (`T-RS` has no count).
pub fn tote_order(n: u8) -> OrderRequest {
    use microshop_core::cart::Cart;
    use microshop_core::order::{build_order, CheckoutInput};
    use std::collections::BTreeMap;

    let shop = TinyShop::new();
    let mut cart = Cart::default();
    cart.add(&shop.catalog, "T-RS", 1).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), format!("Buyer {n}")),
            ("phone".to_owned(), "13800000000".to_owned()),
            ("address".to_owned(), "1 Tea Street".to_owned()),
        ]),
        shipping_id: Some("post".to_owned()),
        referral: None,
    };
    let id = microshop_core::order::order_id_from_bytes([n; 16]);
    build_order(
        &shop.manifest,
        &shop.catalog,
        &cart,
        &input,
        "en",
        id,
        "2026-11-28T10:00:00Z".to_owned(),
    )
    .expect("builds")
}
