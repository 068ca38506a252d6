//! A real `microshop serve` process for the announcement tests: a seller folder
//! (the tiny shop, its notify.json beside it, the app's dist/ as a folder of its
//! own), any database, and the signals an operator sends.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// A seller folder in `dir`: shop.json (the tiny shop), images/avatar.svg,
/// notify.json with `notify`, and dist/index.html. Returns the manifest's path.
pub fn shop_folder(dir: &Path, notify: &str) -> PathBuf {
    std::fs::create_dir_all(dir.join("images")).expect("images");
    std::fs::create_dir_all(dir.join("dist")).expect("dist");
    std::fs::write(
        dir.join("dist/index.html"),
        "<!doctype html><title>shop</title>",
    )
    .expect("index");
    std::fs::write(
        dir.join("images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("avatar");
    let manifest = dir.join("shop.json");
    std::fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/tests/fixtures/minimal.json"
        ),
        &manifest,
    )
    .expect("manifest");
    std::fs::write(dir.join("notify.json"), notify).expect("notify");
    manifest
}

/// A running `microshop serve`.
pub struct Serve {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// Its stderr so far, line by line.
    pub log: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    /// Serves the seller folder `dir` (see [`shop_folder`]) with orders in `db`.
    pub fn start(dir: &Path, db: &str) -> Serve {
        Serve::start_with(dir, db, |_| {})
    }

    /// As [`Serve::start`], with `configure` adding to the command (a seller
    /// secret in its environment, say).
    pub fn start_with(dir: &Path, db: &str, configure: impl FnOnce(&mut Command)) -> Serve {
        let mut command = Command::new(env!("CARGO_BIN_EXE_microshop"));
        command
            .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
            .arg(dir.join("dist"))
            .arg("--manifest")
            .arg(dir.join("shop.json"))
            .args(["--db", db])
            .env_remove("MICROSHOP_NOTIFY")
            .env_remove("MICROSHOP_DB")
            .env_remove("MICROSHOP_SELLER_SECRET");
        configure(&mut command);
        let mut child = command
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawns");
        let log = Arc::new(Mutex::new(Vec::new()));
        let stderr = child.stderr.take().expect("stderr");
        let lines = Arc::clone(&log);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                lines
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner)
                    .push(line);
            }
        });
        let stdout = child.stdout.take().expect("stdout");
        let mut out = BufReader::new(stdout).lines();
        let url = loop {
            match out.next() {
                Some(Ok(line)) => {
                    if let Some(rest) = line.strip_prefix("microshop is serving the shop at ") {
                        break rest.trim_end_matches('/').to_owned();
                    }
                }
                _ => {
                    let _ = child.wait();
                    panic!(
                        "serve did not start: {}",
                        log.lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .join("\n")
                    )
                }
            }
        };
        std::thread::spawn(move || out.for_each(drop));
        Serve { child, url, log }
    }

    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// SIGTERM, as a service manager stops it.
    pub fn terminate(&self) {
        let done = Command::new("kill")
            .args(["-TERM", &self.pid().to_string()])
            .status()
            .expect("kill runs");
        assert!(done.success());
    }

    /// SIGKILL: no chance to finish anything.
    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Waits for the process to end (a guard against a hung test, not a timing).
    pub fn wait_exit(&mut self) -> ExitStatus {
        for _ in 0..1200 {
            if let Some(status) = self.child.try_wait().expect("waits") {
                return status;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("serve did not stop: {}", self.log_text());
    }

    /// Waits until nothing accepts connections at its address any more.
    pub fn wait_closed(&self) {
        let addr = self.url.trim_start_matches("http://").to_owned();
        for _ in 0..1200 {
            if std::net::TcpStream::connect(&addr).is_err() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("serve kept listening: {}", self.log_text());
    }

    /// Waits until its stderr so far satisfies `done` (lines reach the log through
    /// a reader thread, a little after the process writes them); the text.
    pub fn wait_log(&self, done: impl Fn(&str) -> bool) -> String {
        for _ in 0..1200 {
            let text = self.log_text();
            if done(&text) {
                return text;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("serve never logged what was awaited: {}", self.log_text());
    }

    pub fn log_text(&self) -> String {
        self.log
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .join("\n")
    }

    /// POSTs an order; its status.
    pub fn post_order(&self, order: &microshop_core::order::OrderRequest) -> u16 {
        let body = serde_json::to_string(order).expect("json");
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let response = agent
            .post(format!("{}/api/orders", self.url))
            .header("content-type", "application/json")
            .header("idempotency-key", &order.order_id)
            .send(body.as_str())
            .expect("answers");
        response.status().as_u16()
    }

    /// GETs a path; the status and body.
    pub fn get(&self, path: &str) -> (u16, String) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .new_agent();
        let mut response = agent
            .get(format!("{}{path}", self.url))
            .call()
            .expect("answers");
        (
            response.status().as_u16(),
            response.body_mut().read_to_string().unwrap_or_default(),
        )
    }
}

/// A seller signed in at a [`Serve`] through the real form: requests carry the
/// session cookie and the shop's Origin, as the seller app's do.
pub struct SellerAt<'a> {
    serve: &'a Serve,
    cookie: String,
}

impl<'a> SellerAt<'a> {
    /// Signs in with `secret` (letters and digits only, as the tests' are).
    pub fn sign_in(serve: &'a Serve, secret: &str) -> SellerAt<'a> {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent();
        let response = agent
            .post(format!("{}/_seller/signin", serve.url))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("origin", &serve.url)
            .send(format!("secret={secret}").as_str())
            .expect("answers");
        assert_eq!(response.status().as_u16(), 303, "signed in");
        let cookie = response
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.strip_prefix("microshop_seller="))
            .and_then(|rest| rest.split(';').next())
            .expect("a session cookie")
            .to_owned();
        SellerAt { serve, cookie }
    }

    /// `method` `path` with a JSON body (none for GET); the status and the JSON answer.
    pub fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<&serde_json::Value>,
    ) -> (u16, serde_json::Value) {
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .build()
            .new_agent();
        let url = format!("{}{path}", self.serve.url);
        let cookie = format!("microshop_seller={}", self.cookie);
        let response = match (method, body) {
            ("GET", None) => agent.get(&url).header("cookie", &cookie).call(),
            ("POST", Some(json)) => agent
                .post(&url)
                .header("cookie", &cookie)
                .header("origin", &self.serve.url)
                .header("content-type", "application/json")
                .send(json.to_string().as_str()),
            other => panic!("no {other:?} here"),
        };
        let mut response = response.expect("answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        (status, json)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
