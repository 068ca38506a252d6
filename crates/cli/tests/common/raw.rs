//! Requests written by hand on a socket and answers read off it as sent: an HTTP
//! library would decode the body or add its own Accept-Encoding.

use std::io::{Read as _, Write as _};
use std::net::TcpStream;

/// An answer read off the socket: status, headers (names lowercased), body as sent.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// `method path` on `origin` (`http://127.0.0.1:PORT`) with `headers`, over HTTP/1.1
/// with `Connection: close`; a chunked body is put back together, nothing decoded.
pub fn ask(origin: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let host = origin.strip_prefix("http://").expect("http origin");
    let mut stream = TcpStream::connect(host).expect("connects");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).expect("sent");
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("read");
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8(raw[..end].to_vec()).expect("ASCII head");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .expect("status");
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n == "transfer-encoding" && v.contains("chunked"));
    if chunked && method != "HEAD" {
        let mut joined = Vec::new();
        let mut rest = &body[..];
        loop {
            let line_end = rest
                .windows(2)
                .position(|w| w == b"\r\n")
                .expect("chunk size");
            let size = usize::from_str_radix(
                std::str::from_utf8(&rest[..line_end]).expect("hex").trim(),
                16,
            )
            .expect("chunk size");
            rest = &rest[line_end + 2..];
            if size == 0 {
                break;
            }
            joined.extend_from_slice(&rest[..size]);
            rest = &rest[size + 2..];
        }
        body = joined;
    }
    Answer {
        status,
        headers,
        body,
    }
}

/// A brotli body decoded (the test fails on a damaged one).
pub fn unbrotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    brotli::Decompressor::new(bytes, 4096)
        .read_to_end(&mut out)
        .expect("brotli");
    out
}

/// A gzip body decoded (the test fails on a damaged one).
pub fn ungzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_end(&mut out)
        .expect("gzip");
    out
}

/// What a HEAD must say as its GET does (RFC 9110 9.3.2): the body's coding, type and
/// length, its validators, what it varies on, how long it is kept, its policy.
const HEAD_AS_GET: [&str; 8] = [
    "content-encoding",
    "content-type",
    "etag",
    "last-modified",
    "vary",
    "content-length",
    "content-security-policy",
    "cache-control",
];

/// `path` asked with GET and with HEAD, `headers` with each: the HEAD is a 200 with
/// its GET's headers ([`HEAD_AS_GET`]) and no body. `what` names the case in a failure.
pub fn head_as_get(origin: &str, path: &str, headers: &[(&str, &str)], what: &str) {
    let get = ask(origin, "GET", path, headers);
    let head = ask(origin, "HEAD", path, headers);
    assert_eq!(head.status, 200, "HEAD {what}");
    assert!(head.body.is_empty(), "HEAD {what}: no body");
    for name in HEAD_AS_GET {
        assert_eq!(head.header(name), get.header(name), "HEAD {what}: {name}");
    }
}
