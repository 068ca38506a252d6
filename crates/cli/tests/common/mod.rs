//! Shared by the integration tests: a real `microshop serve` on a free port.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// A running `microshop serve` in a temporary directory.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub url: String,
    /// The temporary directory: `dist/`, `dist/shop.json`, `orders.sqlite`.
    pub dir: PathBuf,
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
    command
        .args(["serve", "--addr", "127.0.0.1:0", "--dist"])
        .arg(dir.join("dist"))
        .arg("--db")
        .arg(dir.join("orders.sqlite"));
    if let Some(manifest) = seller(&dir) {
        command.arg("--manifest").arg(manifest);
    }
    let mut child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawns");
    let stdout = child.stdout.take().expect("stdout");
    let mut lines = BufReader::new(stdout).lines();
    let url = loop {
        let line = lines
            .next()
            .expect("server printed its address")
            .expect("utf8");
        if let Some(rest) = line.strip_prefix("microshop is serving the shop at ") {
            break rest.trim_end_matches('/').to_owned();
        }
    };
    // Keep draining the server's output so it never writes into a closed pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Server { child, url, dir }
}
