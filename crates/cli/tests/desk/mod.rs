//! Shared by the desk tests (tests/desk_*.rs): a real `microshop serve` with a seller
//! secret, signing in through the real form, and requests that carry the session
//! cookie and the shop's Origin as the seller app's would.
#![allow(dead_code)]

use crate::common::{start_configured, Server};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The seller's secret in these tests.
pub const SECRET: &str = "desk-test-secret-7d1e9a4c2b8f6e30";

/// `serve` of the minimal fixture shop with the seller side on (secret from the
/// environment); `seller` may write a seller directory and return its manifest;
/// `configure` may add arguments.
pub fn start_desk_with(
    name: &str,
    seller: impl FnOnce(&Path) -> Option<PathBuf>,
    configure: impl FnOnce(&mut Command),
) -> Server {
    start_configured(name, seller, |command| {
        command.env("MICROSHOP_SELLER_SECRET", SECRET);
        configure(command);
    })
}

/// `serve` of the minimal fixture shop with the seller side on.
pub fn start_desk(name: &str) -> Server {
    start_desk_with(name, |_| None, |_| {})
}

/// An HTTP client that follows no redirect and returns 4xx/5xx as answers.
pub fn client() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .build()
        .new_agent()
}

/// An answer read whole.
pub struct Answer {
    pub status: u16,
    pub headers: ureq::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    }

    /// Every Set-Cookie.
    pub fn cookies(&self) -> Vec<String> {
        self.headers
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .map(str::to_owned)
            .collect()
    }

    /// The session cookie's value, if one was set.
    pub fn session(&self) -> Option<String> {
        self.cookies().iter().find_map(|c| {
            c.strip_prefix("microshop_seller=")
                .and_then(|rest| rest.split(';').next())
                .filter(|v| !v.is_empty())
                .map(str::to_owned)
        })
    }
}

fn read(response: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = response.expect("the server answers");
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_default();
    Answer {
        status,
        headers,
        body,
    }
}

/// A request to `path`, with these headers, and this body for methods that take one.
pub fn request(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> Answer {
    let url = format!("{}{path}", server.url);
    let agent = client();
    macro_rules! with_headers {
        ($builder:expr) => {{
            let mut b = $builder;
            for (name, value) in headers {
                b = b.header(*name, *value);
            }
            b
        }};
    }
    let response = match method {
        "GET" => with_headers!(agent.get(&url)).call(),
        "DELETE" => with_headers!(agent.delete(&url)).call(),
        "POST" => with_headers!(agent.post(&url)).send(body.unwrap_or(b"")),
        "PUT" => with_headers!(agent.put(&url)).send(body.unwrap_or(b"")),
        other => panic!("no {other} here"),
    };
    read(response)
}

/// Signs in through the form with `secret`; the answer.
pub fn sign_in_with(server: &Server, secret: &str) -> Answer {
    let body = format!(
        "secret={}",
        secret
            .bytes()
            .map(|b| if b.is_ascii_alphanumeric() {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            })
            .collect::<String>()
    );
    request(
        server,
        "POST",
        "/_seller/signin",
        &[
            ("content-type", "application/x-www-form-urlencoded"),
            ("origin", &server.url),
        ],
        Some(body.as_bytes()),
    )
}

/// A signed-in seller: requests carry the session cookie and the shop's Origin.
pub struct Seller<'a> {
    pub server: &'a Server,
    pub cookie: String,
}

impl<'a> Seller<'a> {
    /// Signs in with the right secret.
    pub fn sign_in(server: &'a Server) -> Seller<'a> {
        let answer = sign_in_with(server, SECRET);
        assert_eq!(answer.status, 303, "signed in: {}", answer.text());
        let cookie = answer.session().expect("a session cookie");
        Seller { server, cookie }
    }

    fn headers<'h>(
        &'h self,
        cookie: &'h str,
        extra: &[(&'h str, &'h str)],
    ) -> Vec<(&'h str, &'h str)> {
        let mut headers = vec![("cookie", cookie), ("origin", self.server.url.as_str())];
        headers.extend_from_slice(extra);
        headers
    }

    pub fn get(&self, path: &str) -> Answer {
        let cookie = format!("microshop_seller={}", self.cookie);
        request(self.server, "GET", path, &self.headers(&cookie, &[]), None)
    }

    pub fn send(&self, method: &str, path: &str, content_type: &str, body: &[u8]) -> Answer {
        let cookie = format!("microshop_seller={}", self.cookie);
        request(
            self.server,
            method,
            path,
            &self.headers(&cookie, &[("content-type", content_type)]),
            Some(body),
        )
    }

    pub fn post_json(&self, path: &str, json: &serde_json::Value) -> Answer {
        self.send(
            "POST",
            path,
            "application/json",
            json.to_string().as_bytes(),
        )
    }

    pub fn put_json(&self, path: &str, json: &serde_json::Value) -> Answer {
        self.send("PUT", path, "application/json", json.to_string().as_bytes())
    }
}

/// An order for the minimal fixture shop: `quantity` of `sku` (`G-1` counts stock,
/// `T-RS` is a red S tote without a count), from `name` with `phone`.
pub fn order_for(
    id_byte: u8,
    sku: &str,
    quantity: u32,
    name: &str,
    phone: &str,
) -> microshop_core::order::OrderRequest {
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
    cart.add(c, sku, quantity).expect("add");
    let input = CheckoutInput {
        customer: BTreeMap::from([
            ("name".to_owned(), name.to_owned()),
            ("phone".to_owned(), phone.to_owned()),
            ("address".to_owned(), "1 Tea Street\nGulou".to_owned()),
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

/// Places `order` on the server's endpoint as a buyer's browser would; its
/// `order_secret` (the buyer's key to its status).
pub fn place(server: &Server, order: &microshop_core::order::OrderRequest) -> String {
    let (status, body, _) = crate::common::post_order(server, order);
    assert_eq!(status, 201, "order accepted: {body}");
    let answer: serde_json::Value = serde_json::from_str(&body).expect("json");
    answer["order_secret"]
        .as_str()
        .expect("an order_secret")
        .to_owned()
}
