//! Clients that open a connection and then stall must not hold it forever: each
//! would keep a socket (and, mid-body, an order handler) for as long as it likes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

mod common;
mod desk;
use common::start;

fn connect(url: &str) -> TcpStream {
    connect_from(url, "127.0.0.1")
}

/// A connection from the loopback address `source` (Linux answers all of
/// 127.0.0.0/8): another client to the server, which bounds each address's
/// connections.
fn connect_from(url: &str, source: &str) -> TcpStream {
    let addr: std::net::SocketAddr = url
        .trim_start_matches("http://")
        .parse()
        .expect("an address");
    let from: std::net::SocketAddr = format!("{source}:0").parse().expect("an address");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a runtime");
    let stream = runtime
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(from)?;
            socket.connect(addr).await
        })
        .and_then(|s| s.into_std())
        .expect("connects");
    stream.set_nonblocking(false).expect("blocking");
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

/// The header lines of an answer read off the socket, names lowercased.
fn head_of(answer: &str) -> Vec<(String, String)> {
    let head = answer.split("\r\n\r\n").next().unwrap_or("");
    head.split("\r\n")
        .skip(1)
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect()
}

/// The 408 is made outside the route's handler, when the body ran out of time; it
/// carries every header the same route's other error answers carry (the security
/// headers, the CORS answer, no caching), not only its own (it lacked
/// Referrer-Policy and the CORS headers: an order page on another origin could not
/// read it).
#[test]
fn the_408_carries_the_headers_of_the_routes_other_answers() {
    let server = start("slow-body-headers");
    let request = |body: &str, length: usize| {
        format!(
            "POST /api/orders HTTP/1.1\r\nHost: {}\r\nOrigin: {}\r\n\
             Content-Type: application/json\r\n\
             Idempotency-Key: ord_00000000000000000000000000000000\r\n\
             Content-Length: {length}\r\nConnection: close\r\n\r\n{body}",
            &server.url[7..],
            server.url
        )
    };
    // The same route's answer to a whole body that is not an order.
    let mut stream = connect(&server.url);
    stream
        .write_all(request("{", 1).as_bytes())
        .expect("writes");
    let refused = read_to_close(stream).expect("an answer");
    assert!(refused.starts_with("HTTP/1.1 4"), "{refused}");
    let mut stream = connect(&server.url);
    stream
        .write_all(request("{\"schema\":", 100).as_bytes())
        .expect("writes");
    let answer = read_to_close(stream).expect("an answer");
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    let headers = head_of(&answer);
    let value = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(value("x-content-type-options"), Some("nosniff"), "{answer}");
    assert_eq!(
        value("referrer-policy"),
        Some("strict-origin-when-cross-origin"),
        "{answer}"
    );
    assert_eq!(value("cache-control"), Some("no-store"), "{answer}");
    assert_eq!(
        value("access-control-allow-origin"),
        Some(server.url.as_str()),
        "{answer}"
    );
    // Every header of the other answer but the body's own length and the date.
    let missing: Vec<String> = head_of(&refused)
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| !matches!(n.as_str(), "content-length" | "date" | "transfer-encoding"))
        .filter(|n| value(n).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "the 408 lacks {missing:?}: {answer}\nthe other: {refused}"
    );
}

/// A bound on the wait for a stalled body's answer: the server's 10 s and a
/// margin for a busy machine (only so a server that waits forever fails the test).
const CUT_OFF_WITHIN: Duration = Duration::from_secs(40);

/// Every route that takes a body (POST, PUT, PATCH), as registered in
/// `serve/mod.rs` or `serve/desk/mod.rs` (a unit test in serve/mod.rs fails when one
/// is missing here), and a real path of it. `{secret}` stands for a placed order's.
const BODIES: &[(&str, &str, &str)] = &[
    ("POST", "/api/orders", "/api/orders"),
    (
        "POST",
        "/api/orders/{id}/reviews",
        "/api/orders/{order}/reviews",
    ),
    (
        "POST",
        "/api/orders/{id}/problems",
        "/api/orders/{order}/problems",
    ),
    (
        "POST",
        "/api/orders/{id}/problems/{problem}/messages",
        "/api/orders/{order}/problems/1/messages",
    ),
    ("POST", "headers::REPORT_PATH", "/_csp-report"),
    ("POST", "/_seller/signin", "/_seller/signin"),
    ("POST", "/_seller/signout", "/_seller/signout"),
    (
        "POST",
        "/_seller/api/orders/{id}/status",
        "/_seller/api/orders/{order}/status",
    ),
    ("PUT", "/_seller/api/shop", "/_seller/api/shop"),
    ("POST", "/_seller/api/shop/undo", "/_seller/api/shop/undo"),
    ("POST", "/_seller/api/media", "/_seller/api/media"),
    (
        "POST",
        "/_seller/api/reviews/{id}/reply",
        "/_seller/api/reviews/1/reply",
    ),
    (
        "POST",
        "/_seller/api/reviews/{id}/hide",
        "/_seller/api/reviews/1/hide",
    ),
    (
        "POST",
        "/_seller/api/reviews/{id}/show",
        "/_seller/api/reviews/1/show",
    ),
    (
        "POST",
        "/_seller/api/problems/{id}",
        "/_seller/api/problems/1",
    ),
    ("POST", "/_seller/api/{*rest}", "/_seller/api/nothing-here"),
];

/// Sends `method path` with every header a real client of it sends and a body that
/// announces 1000 bytes but stops after one; the stream, to wait on.
fn stall_body(url: &str, method: &str, path: &str, headers: &[(&str, &str)]) -> TcpStream {
    stall_body_from(url, "127.0.0.1", method, path, headers)
}

/// [`stall_body`] from the loopback address `source`.
fn stall_body_from(
    url: &str,
    source: &str,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> TcpStream {
    let mut stream = connect_from(url, source);
    // The server's 10 s and a margin for a busy machine.
    stream
        .set_read_timeout(Some(CUT_OFF_WITHIN))
        .expect("read timeout");
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", &url[7..]);
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("Content-Length: 1000\r\nConnection: close\r\n\r\n{");
    stream.write_all(request.as_bytes()).expect("writes");
    stream
}

/// A body that stops arriving is cut off on every route that takes one, with the
/// order endpoint's 408 (or, for a route that answers without reading it, its
/// answer): none waits for it forever. Each request carries what its route asks
/// for first (a session, the order's secret), so the handler does read the body.
#[test]
fn a_body_that_stops_arriving_is_cut_off_on_every_route() {
    let server = desk::start_desk("slow-bodies");
    let order = desk::order_for(7, "G-1", 1, "Li Wei", "+86 138 0000 0000");
    let secret = desk::place(&server, &order);
    let seller = desk::Seller::sign_in(&server);
    let cookie = format!("microshop_seller={}", seller.cookie);
    let mut held = Vec::new();
    for (method, route, path) in BODIES {
        let path = path.replace("{order}", &order.order_id);
        let mut headers = vec![("Origin", server.url.as_str())];
        // Not the sign-out: with the session's cookie it would end the session the
        // seller routes of this same batch use, and whichever of them the server
        // checks after it would answer 401 (a race, seen once in the test command).
        if route.starts_with("/_seller/api") {
            headers.push(("Cookie", cookie.as_str()));
        }
        let content_type = match *route {
            "/_seller/signin" => "application/x-www-form-urlencoded",
            "headers::REPORT_PATH" => "application/csp-report",
            "/_seller/api/media" => "image/png",
            _ => "application/json",
        };
        headers.push(("Content-Type", content_type));
        headers.push(("Order-Secret", secret.as_str()));
        headers.push(("Request-Nonce", "nonce-0123456789abcdef"));
        headers.push(("Idempotency-Key", order.order_id.as_str()));
        held.push((
            method,
            path.clone(),
            stall_body(&server.url, method, &path, &headers),
        ));
    }
    // All at once: the server cuts each off on its own clock.
    let waits: Vec<_> = held
        .into_iter()
        .map(|(method, path, stream)| {
            (
                method,
                path,
                std::thread::spawn(move || read_to_close(stream)),
            )
        })
        .collect();
    let mut waiting = Vec::new();
    for (method, path, wait) in waits {
        let answer = match wait.join().expect("reads") {
            Ok(answer) => answer,
            Err(e) => {
                waiting.push(format!("{method} {path} ({e})"));
                continue;
            }
        };
        let status = answer.get(9..12).unwrap_or("closed without an answer");
        // Routes that answer without reading a body: signing out, showing a review,
        // a photo while serve has no --manifest (409 read_only), an address the
        // seller API does not have (404).
        let answers_first = matches!(
            path.as_str(),
            "/_seller/signout"
                | "/_seller/api/reviews/1/show"
                | "/_seller/api/media"
                | "/_seller/api/nothing-here"
        );
        assert!(
            status == "408" || answers_first,
            "{method} {path}: {answer}"
        );
        if status == "408" {
            assert!(answer.contains("\"error\":\"body_timeout\""), "{answer}");
        }
    }
    assert!(
        waiting.is_empty(),
        "the server still waits for the body of: {}",
        waiting.join(", ")
    );
}

/// At the connection limit, held by bodies that stop arriving on the public
/// routes that take one (from eight addresses, under each one's bounds), the server still
/// answers a health check: they are cut off and free their connections.
#[test]
fn connections_held_by_stalled_bodies_are_freed() {
    let server = desk::start_desk("slow-bodies-cap");
    let mut held = Vec::new();
    for n in 0..256 {
        let source = format!("127.0.0.{}", 2 + n / 32);
        let path = if n % 2 == 0 {
            "/_csp-report"
        } else {
            "/_seller/signin"
        };
        let content_type = if n % 2 == 0 {
            "application/csp-report"
        } else {
            "application/x-www-form-urlencoded"
        };
        held.push(stall_body_from(
            &server.url,
            &source,
            "POST",
            path,
            &[("Origin", &server.url), ("Content-Type", content_type)],
        ));
    }
    // Behind all of them (the server takes connections in order): it is served only
    // once one of those is let go.
    let mut health = connect_from(&server.url, "127.0.0.9");
    health
        .set_read_timeout(Some(CUT_OFF_WITHIN))
        .expect("read timeout");
    health
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")
        .expect("writes");
    let answer = read_to_close(health).expect("the health check was answered");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(held);
}

/// One address may hold at most `MAX_CONNECTIONS_PER_CLIENT` (64) connections: past
/// them it cannot fill the server's 256 slots with trickled bodies and keep every
/// buyer waiting (REVIEW8 7). The 65th is closed at once, unanswered; once the held
/// ones close, the address is served again.
#[test]
fn one_address_cannot_hold_every_connection() {
    let server = start("per-client");
    let held: Vec<TcpStream> = (0..64)
        .map(|_| {
            let mut stream = connect(&server.url);
            // A head not finished yet: held for the head's 10 s.
            stream
                .write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\n")
                .expect("writes");
            stream
        })
        .collect();
    // The server takes connections in order: this one comes after the 64.
    let mut one_more = connect(&server.url);
    one_more
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")
        .expect("writes");
    let answer = read_to_close(one_more).unwrap_or_default();
    assert!(
        !answer.starts_with("HTTP/1.1 200"),
        "a 65th connection of one address was served: {answer:?}"
    );
    drop(held);
    // The server sees them close in its own time: wait for a served connection.
    let served = (0..600).any(|_| {
        let mut stream = connect(&server.url);
        let _ =
            stream.write_all(b"GET /healthz HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n");
        let answer = read_to_close(stream).unwrap_or_default();
        answer.starts_with("HTTP/1.1 200") || {
            std::thread::sleep(Duration::from_millis(50));
            false
        }
    });
    assert!(
        served,
        "the address is served again once its connections closed"
    );
}
