//! The desk's HTTP API (docs/seller-api.md) as typed calls: the only module that
//! knows its paths and shapes. Answers are read leniently (a field the server
//! leaves out is its default), and every refusal is an [`ApiError`] the pages word.

pub mod orders;
pub mod shop;
pub mod trust;

use crate::web::http::{self, Body, Reply};
use serde::de::DeserializeOwned;
use serde::Deserialize;

/// Where the seller app lives (the router's base).
pub const APP: &str = "/_seller";

/// Where the API lives.
pub const BASE: &str = "/_seller/api";

/// Where the sign-in page is.
pub const SIGN_IN: &str = "/_seller/signin";

/// Why a call did not give what was asked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the session ended (or never was); sign in again.
    SignedOut,
    /// 409: the thing was changed in another tab or device since it was read.
    ChangedElsewhere,
    /// 4xx with the server's reason: its code, sentence and problems by path.
    Refused(Refusal),
    /// Another status (a 5xx), or an answer that cannot be read.
    Failed(u16),
    /// No answer: offline, or the server is down.
    Unreachable,
}

/// A refusal the server explained.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Refusal {
    /// The HTTP status.
    #[serde(skip)]
    pub status: u16,
    /// What kind: `transition`, `invalid`, `too_large`, `not_an_image`...
    pub error: String,
    /// One plain sentence (the server's, in English).
    pub message: String,
    /// Problems by path (`reason`, `tracking_url`, `catalog.products[0].price`).
    pub problems: Vec<PathProblem>,
    /// The same problems as `microshop check` says them, a repeated one once.
    pub grouped: Vec<FileProblem>,
}

/// A problem of the shop's files as `microshop check` says it: one repeated on many
/// rows of a spreadsheet (or many products) is one, with where ("… — the same on
/// 9,998 rows: 2, 3, 4, …").
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct FileProblem {
    /// The first one's path and message (what the studio's own checks compare).
    pub path: String,
    pub message: String,
    /// How many there are.
    pub count: usize,
    /// The whole sentence, in `check`'s words (English).
    pub said: String,
}

/// One problem the server found, at a path.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct PathProblem {
    pub path: String,
    pub message: String,
}

/// A reply read as `T` when 2xx, else as an error.
fn read<T: DeserializeOwned>(reply: Reply) -> Result<T, ApiError> {
    match reply.status {
        200..=299 => serde_json::from_str(&reply.body).map_err(|_| ApiError::Failed(reply.status)),
        _ => Err(refusal(reply)),
    }
}

/// The error a non-2xx reply means.
pub fn refusal(reply: Reply) -> ApiError {
    match reply.status {
        401 => ApiError::SignedOut,
        409 => ApiError::ChangedElsewhere,
        400..=499 => match serde_json::from_str::<Refusal>(&reply.body) {
            Ok(mut r) => {
                r.status = reply.status;
                ApiError::Refused(r)
            }
            Err(_) => ApiError::Refused(Refusal {
                status: reply.status,
                ..Refusal::default()
            }),
        },
        status => ApiError::Failed(status),
    }
}

async fn call<T: DeserializeOwned>(method: &str, url: &str, body: Body<'_>) -> Result<T, ApiError> {
    let reply = http::send(method, url, body)
        .await
        .map_err(|_| ApiError::Unreachable)?;
    read(reply)
}

/// GETs `path` under the API.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    call("GET", &format!("{BASE}{path}"), Body::None).await
}

/// Sends JSON to `path` under the API.
pub async fn send<T: DeserializeOwned>(
    method: &str,
    path: &str,
    json: &serde_json::Value,
) -> Result<T, ApiError> {
    call(
        method,
        &format!("{BASE}{path}"),
        Body::Json(&json.to_string()),
    )
    .await
}

/// Sends bytes to `path` under the API.
pub async fn send_bytes<T: DeserializeOwned>(
    path: &str,
    bytes: &[u8],
    kind: &str,
) -> Result<T, ApiError> {
    call("POST", &format!("{BASE}{path}"), Body::Bytes(bytes, kind)).await
}

/// The session: who is signed in to which shop.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Me {
    pub shop_id: String,
    pub shop_name: String,
    pub locales: Vec<String>,
    pub default_locale: String,
    pub currency: String,
    pub base_url: Option<String>,
    pub statuses: Vec<String>,
}

/// `GET /me`.
pub async fn me() -> Result<Me, ApiError> {
    get("/me").await
}

/// Fetches a download under the API and offers it to save (`fallback` names it
/// when the server does not).
pub async fn download(path: &str, fallback: &str) -> Result<(), ApiError> {
    match http::download(&format!("{BASE}{path}")).await {
        Err(_) => Err(ApiError::Unreachable),
        Ok(Err(reply)) => Err(refusal(reply)),
        Ok(Ok(file)) => {
            crate::web::download::save(&file.blob, file.name.as_deref().unwrap_or(fallback));
            Ok(())
        }
    }
}

/// `text` for a URL's query (every byte but `A-Z a-z 0-9 - . _ ~` as `%XX`).
pub fn encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}
