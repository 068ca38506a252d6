//! `microshop serve` against clients that ask too much or come from the wrong place,
//! over real HTTP: the per-client order limit (429 + Retry-After, behind a trusted
//! proxy too), oversized headers (431), forbidden origins, and the security headers
//! every answer carries (CSP with the page's own script hashes, nosniff, the SVG
//! sandbox, frame-ancestors).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

mod common;
use common::{agent, minimal_order, start_args, start_full};

fn post_from(
    server: &common::Server,
    id_byte: u8,
    headers: &[(&str, &str)],
) -> (u16, String, Option<String>) {
    let order = minimal_order(id_byte);
    let body = serde_json::to_string(&order).expect("json");
    let mut request = agent()
        .post(format!("{}/api/orders", server.url))
        .header("content-type", "application/json")
        .header("idempotency-key", &order.order_id);
    for (k, v) in headers {
        request = request.header(*k, *v);
    }
    let mut response = request.send(&body).expect("answers");
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    (
        response.status().as_u16(),
        response.body_mut().read_to_string().unwrap_or_default(),
        retry_after,
    )
}

#[test]
fn a_client_past_its_order_limit_gets_429_with_retry_after() {
    let server = start_args("rate", &["--orders-per-minute", "1", "--order-burst", "2"]);
    assert_eq!(post_from(&server, 1, &[]).0, 201);
    assert_eq!(post_from(&server, 2, &[]).0, 201);
    // A forwarding header from a client that is not a trusted proxy changes nothing.
    let (status, body, retry_after) = post_from(&server, 3, &[("x-forwarded-for", "198.51.100.1")]);
    assert_eq!(status, 429, "{body}");
    assert!(body.contains("\"error\":\"rate_limited\""), "{body}");
    let seconds: u64 = retry_after
        .expect("Retry-After")
        .parse()
        .expect("whole seconds");
    assert!((1..=60).contains(&seconds), "{seconds}");
    // Status reads are not orders: never limited.
    let (status, _) = common::get(&format!("{}/api/orders/ord_x", server.url));
    assert_eq!(status, 404);
}

#[test]
fn behind_a_trusted_proxy_each_client_has_its_own_limit() {
    let server = start_args(
        "rate-proxy",
        &[
            "--orders-per-minute",
            "1",
            "--order-burst",
            "1",
            "--trusted-proxy",
            "127.0.0.0/8",
        ],
    );
    let from = |ip: &'static str| [("x-forwarded-for", ip)];
    assert_eq!(post_from(&server, 1, &from("203.0.113.1")).0, 201);
    assert_eq!(post_from(&server, 2, &from("203.0.113.1")).0, 429);
    assert_eq!(post_from(&server, 3, &from("203.0.113.2")).0, 201);
    // The client wrote its own X-Forwarded-For; the proxy appended the real address.
    let forged = [("x-forwarded-for", "203.0.113.2, 203.0.113.3")];
    assert_eq!(
        post_from(&server, 4, &forged).0,
        201,
        "the rightmost address counts"
    );
    let same_again = [("x-forwarded-for", "203.0.113.9, 203.0.113.3")];
    assert_eq!(post_from(&server, 5, &same_again).0, 429);
}

/// Sends raw bytes and reads the answer's status line.
fn raw_status(url: &str, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(url.trim_start_matches("http://")).expect("connects");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .expect("timeout");
    // The server may answer (and close) before it read everything sent.
    let _ = stream.write_all(request);
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    String::from_utf8_lossy(&answer)
        .lines()
        .next()
        .unwrap_or("")
        .to_owned()
}

#[test]
fn oversized_headers_get_431() {
    let server = start_args("headers", &[]);
    let long = format!(
        "GET / HTTP/1.1\r\nHost: shop\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        "a".repeat(20 * 1024)
    );
    assert_eq!(
        raw_status(&server.url, long.as_bytes()),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    let many: String = (0..100).map(|i| format!("X-Filler-{i}: 1\r\n")).collect();
    let many = format!("GET / HTTP/1.1\r\nHost: shop\r\n{many}Connection: close\r\n\r\n");
    assert_eq!(
        raw_status(&server.url, many.as_bytes()),
        "HTTP/1.1 431 Request Header Fields Too Large"
    );
    // An ordinary request on the same server is still answered.
    let plain = b"GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n";
    assert_eq!(raw_status(&server.url, plain), "HTTP/1.1 200 OK");
}

/// A CORS preflight for an order from `origin`; the allowed origin it answers.
fn preflight(server: &common::Server, origin: &str) -> Option<String> {
    let response = agent()
        .options(format!("{}/api/orders", server.url))
        .header("origin", origin)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,idempotency-key",
        )
        .call()
        .expect("answers");
    response
        .headers()
        .get("access-control-allow-origin")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[test]
fn pages_of_other_origins_may_not_send_orders_unless_allowed() {
    let server = start_args("origins", &["--allow-origin", "https://blog.example"]);
    assert_eq!(preflight(&server, "https://evil.example"), None);
    assert_eq!(
        preflight(&server, "https://blog.example").as_deref(),
        Some("https://blog.example")
    );
    let (status, body, _) = post_from(&server, 1, &[("origin", "https://evil.example")]);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("\"error\":\"origin_not_allowed\""), "{body}");
    let own = server.url.clone();
    assert_eq!(
        post_from(&server, 1, &[("origin", &own)]).0,
        201,
        "the shop's own page"
    );
    assert_eq!(
        post_from(&server, 2, &[("origin", "https://blog.example")]).0,
        201
    );
    assert_eq!(
        post_from(&server, 3, &[]).0,
        201,
        "no Origin: not a browser"
    );
}

fn header_of(url: &str, name: &str) -> Option<String> {
    let response = agent().get(url).call().expect("answers");
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

const BOOT: &str = "console.log('boot')";

/// A served app whose index.html carries an inline script, and a shop whose orders
/// go to another origin and whose pictures live on a CDN.
fn app_with_inline_script(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    std::fs::write(
        dir.join("dist/index.html"),
        format!("<!doctype html><title>shop</title><script type=\"module\">{BOOT}</script><script type=\"application/ld+json\">{{}}</script>"),
    )
    .expect("index");
    std::fs::write(
        dir.join("dist/images/evil.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    )
    .expect("svg");
    let mut manifest: serde_json::Value =
        serde_json::from_str(include_str!("../../core/tests/fixtures/minimal.json"))
            .expect("fixture");
    manifest["order"]["endpoint"] = "https://orders.example/hook".into();
    manifest["catalog"]["products"][0]["images"] =
        serde_json::json!(["https://cdn.example/tea.jpg"]);
    let path = dir.join("dist/shop.json");
    std::fs::write(&path, manifest.to_string()).expect("manifest");
    Some(path)
}

#[test]
fn pages_carry_a_policy_with_their_own_script_hashes_and_no_inline_script() {
    let server = start_full("csp", app_with_inline_script, &[]);
    let policy = header_of(&format!("{}/", server.url), "content-security-policy")
        .expect("a page has a CSP");
    let hash = {
        use base64::Engine as _;
        use sha2::Digest as _;
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(BOOT.as_bytes()))
    };
    let script_src = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .expect("script-src")
        .to_owned();
    assert!(script_src.contains(&format!("'sha256-{hash}'")), "{policy}");
    assert!(script_src.contains("'wasm-unsafe-eval'"), "{policy}");
    assert!(
        !script_src.contains("unsafe-inline") && !script_src.contains(" * "),
        "{policy}"
    );
    assert_eq!(
        script_src.matches("sha256-").count(),
        1,
        "the JSON block needs no hash: {policy}"
    );
    assert!(
        policy.contains("connect-src 'self' https://orders.example"),
        "{policy}"
    );
    assert!(
        policy.contains("img-src 'self' data: blob: https://cdn.example"),
        "{policy}"
    );
    assert!(
        policy.contains("frame-ancestors *"),
        "embedding is allowed by default: {policy}"
    );
    assert!(policy.contains("object-src 'none'") && policy.contains("base-uri 'self'"));
    // The app's own routes (the SPA fallback) too.
    assert!(header_of(
        &format!("{}/p/green-tea/", server.url),
        "content-security-policy"
    )
    .is_some());
    for path in ["/", "/shop.json", "/images/avatar.svg", "/api/orders/x"] {
        let url = format!("{}{path}", server.url);
        assert_eq!(
            header_of(&url, "x-content-type-options").as_deref(),
            Some("nosniff"),
            "{path}"
        );
        assert_eq!(
            header_of(&url, "referrer-policy").as_deref(),
            Some("strict-origin-when-cross-origin"),
            "{path}"
        );
    }
    let svg = header_of(
        &format!("{}/images/evil.svg", server.url),
        "content-security-policy",
    )
    .expect("an SVG has its own policy");
    assert!(
        svg.contains("sandbox") && svg.contains("default-src 'none'"),
        "{svg}"
    );
}

/// The same app, whose shop reads its receipt keys and its reviews API from other
/// hosts (a key list at the seller's own domain, an API behind another name).
fn app_reading_other_hosts(dir: &std::path::Path) -> Option<std::path::PathBuf> {
    let path = app_with_inline_script(dir)?;
    let text = std::fs::read_to_string(&path).expect("manifest");
    let mut manifest: serde_json::Value = serde_json::from_str(&text).expect("manifest json");
    manifest["receipts"] =
        serde_json::json!({"keys": "https://keys.example/.well-known/microshop-receipt-key.json"});
    manifest["trust"] = serde_json::json!({"api": "https://api.example/api/"});
    std::fs::write(&path, manifest.to_string()).expect("manifest");
    Some(path)
}

#[test]
fn the_policy_lets_the_storefront_read_keys_and_reviews_it_is_told_to_read() {
    // Found by the trust strip's domain line: a shop whose manifest names its key
    // list on another host could not check any receipt, its own CSP refused the fetch.
    let server = start_full("csp-hosts", app_reading_other_hosts, &[]);
    let policy = header_of(&format!("{}/", server.url), "content-security-policy")
        .expect("a page has a CSP");
    let connect = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("connect-src"))
        .expect("connect-src")
        .to_owned();
    for origin in [
        "https://orders.example",
        "https://keys.example",
        "https://api.example",
    ] {
        assert!(
            connect.split(' ').any(|s| s == origin),
            "{origin} in {connect}"
        );
    }
}

#[test]
fn frame_ancestors_follow_the_seller_setting() {
    let server = start_args("frames", &["--frame-ancestors", "none"]);
    let policy = header_of(&format!("{}/", server.url), "content-security-policy").expect("csp");
    assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
    assert_eq!(
        header_of(&format!("{}/", server.url), "x-frame-options").as_deref(),
        Some("DENY")
    );
    let some = start_args(
        "frames-some",
        &["--frame-ancestors", "https://blog.example"],
    );
    let policy = header_of(&format!("{}/", some.url), "content-security-policy").expect("csp");
    assert!(
        policy.contains("frame-ancestors 'self' https://blog.example"),
        "{policy}"
    );
}

#[test]
fn bad_settings_are_refused_with_what_and_where() {
    for (args, says) in [
        (
            &["--trusted-proxy", "10.0.0.0/40"][..],
            "--trusted-proxy \"10.0.0.0/40\"",
        ),
        (
            &["--allow-origin", "https://x.example/shop"][..],
            "--allow-origin \"https://x.example/shop\"",
        ),
        (&["--frame-ancestors", "blog"][..], "--frame-ancestors"),
        (&["--retention-days", "0"][..], "--retention-days \"0\""),
        (&["--log-format", "xml"][..], "--log-format \"xml\""),
        (&["--proxy-header", "x-real-ip"][..], "x-real-ip"),
        (&["--sqlite-sync", "off"][..], "--sqlite-sync \"off\""),
    ] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_microshop"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db", ":memory:"])
            .args(args)
            .output()
            .expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr.contains(says), "{args:?}: {stderr}");
    }
}

/// Browsers' CSP violation reports are counted, but one address may send only so
/// many: the route had no limit, so one address could keep it busy with as many
/// reports (and slow bodies) as it liked (REVIEW8 7).
#[test]
fn csp_reports_past_an_address_limit_get_429() {
    let server = start_args("csp-reports", &[]);
    let send = || {
        agent()
            .post(format!("{}/_csp-report", server.url))
            .header("content-type", "application/csp-report")
            .send(r#"{"csp-report":{"violated-directive":"img-src","blocked-uri":"https://x.example/a.png"}}"#)
            .expect("answers")
            .status()
            .as_u16()
    };
    let answers: Vec<u16> = (0..40).map(|_| send()).collect();
    assert_eq!(answers[0], 204);
    assert!(answers.contains(&429), "{answers:?}");
}
