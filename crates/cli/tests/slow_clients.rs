//! Clients that open a connection and then stall must not hold it forever: each
//! would keep a socket (and, mid-body, an order handler) for as long as it likes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

mod common;
use common::start;

fn connect(url: &str) -> TcpStream {
    let addr = url.trim_start_matches("http://");
    let stream = TcpStream::connect(addr).expect("connects");
    // Only a bound so a server without read timeouts fails the test instead of hanging it.
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("read timeout");
    stream
}

/// Everything the server sends until it closes the connection.
fn read_to_close(mut stream: TcpStream) -> std::io::Result<String> {
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer)?;
    Ok(String::from_utf8_lossy(&answer).into_owned())
}

#[test]
fn a_client_that_stalls_in_its_headers_is_disconnected() {
    let server = start("slow-headers");
    let mut stream = connect(&server.url);
    stream
        .write_all(b"POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: appl")
        .expect("writes");
    let answer = read_to_close(stream);
    assert!(
        answer.is_ok(),
        "the server kept a connection with unfinished headers open: {answer:?}"
    );
}

#[test]
fn a_client_that_stalls_in_its_body_gets_408() {
    let server = start("slow-body");
    let mut stream = connect(&server.url);
    stream
        .write_all(
            b"POST /api/orders HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n\
              Idempotency-Key: ord_00000000000000000000000000000000\r\n\
              Content-Length: 100\r\nConnection: close\r\n\r\n{\"schema\":",
        )
        .expect("writes");
    let answer = read_to_close(stream);
    let answer = answer.expect("the server answered a body that stopped arriving");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"error\":\"body_timeout\""), "{answer}");
}
