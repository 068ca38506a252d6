//! Sending one request from the server: a time limit for the whole exchange (a
//! receiver that hangs), no redirect followed (a 3xx is a failure that says where
//! it pointed), and the answer read as its kind reads it. Every sentence here may
//! reach the order's history, so none carries the address or a token.

use super::formats::{Outgoing, Success};
use super::secret::redact;
use std::time::Duration;

/// What an attempt came to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The receiver took it.
    Sent,
    /// Not taken; worth another attempt (`retry_after_secs` when the receiver said when).
    Failed {
        error: String,
        retry_after_secs: Option<u32>,
    },
    /// Not taken, and never will be: the receiver said the address is gone (410).
    Gone { error: String },
}

/// Answers read at most (an error description is short; a body is not needed).
const MAX_ANSWER_BYTES: u64 = 16 * 1024;

/// Sends announcements with one connection pool.
pub struct Sender {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Sender {
    /// A sender whose every exchange (connecting, sending, answering) ends within
    /// `timeout_ms`.
    pub fn new(timeout_ms: u64) -> Sender {
        let timeout = Duration::from_millis(timeout_ms);
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .http_status_as_error(false)
            .user_agent(concat!(
                "microshop/",
                env!("CARGO_PKG_VERSION"),
                " (announcements)"
            ))
            .build()
            .new_agent();
        Sender { agent, timeout }
    }

    /// Sends `out`; `secrets` are taken out of any sentence a library writes.
    pub fn send(&self, out: &Outgoing, secrets: &[String]) -> Outcome {
        let mut request = self
            .agent
            .post(&out.url)
            .header("Content-Type", "application/json");
        for (name, value) in &out.headers {
            request = request.header(*name, value);
        }
        let mut response = match request.send(out.body.as_bytes()) {
            Ok(response) => response,
            Err(e) => {
                return Outcome::Failed {
                    error: self.network_error(&e, secrets),
                    retry_after_secs: None,
                }
            }
        };
        let status = response.status();
        let code = status.as_u16();
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        let retry_after_secs = header("retry-after").and_then(|v| v.trim().parse::<u32>().ok());
        let location = header("location");
        let answer = response
            .body_mut()
            .with_config()
            .limit(MAX_ANSWER_BYTES)
            .read_to_string()
            .unwrap_or_default();
        let said = |answer: &str| {
            // Secrets out first: a cut could leave half of one.
            let short: String = redact(answer, secrets)
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .take(200)
                .collect();
            let short = short.trim();
            if short.is_empty() {
                String::new()
            } else {
                format!(": {short}")
            }
        };
        let reason = status.canonical_reason().unwrap_or("");
        match code {
            200..=299 => match accepted(out.success, &answer) {
                Ok(()) => Outcome::Sent,
                Err(why) => Outcome::Failed {
                    error: format!("answered {code} but refused the message: {}", redact(&why, secrets)),
                    retry_after_secs: None,
                },
            },
            300..=399 => {
                let to = location
                    .as_deref()
                    .and_then(microshop_core::rules::url_host)
                    .map_or_else(String::new, |host| format!(" to {host}"));
                Outcome::Failed {
                    error: format!(
                        "answered {code} {reason}, a redirect{to}: not followed; write the address it points to in notify.json"
                    ),
                    retry_after_secs: None,
                }
            }
            410 => Outcome::Gone {
                error: format!(
                    "answered 410 Gone{}: the receiver says this address is gone for good; given up (write its new address in notify.json)",
                    said(&answer)
                ),
            },
            _ => Outcome::Failed {
                error: format!("answered {code} {reason}{}", said(&answer)),
                retry_after_secs,
            },
        }
    }

    fn network_error(&self, e: &ureq::Error, secrets: &[String]) -> String {
        match e {
            ureq::Error::Timeout(_) => format!(
                "no answer within {} s (the receiver is slow, hangs or cannot be reached)",
                self.timeout.as_secs().max(1)
            ),
            ureq::Error::HostNotFound => "the receiver's host name was not found (DNS)".into(),
            ureq::Error::ConnectionFailed => "could not connect to the receiver".into(),
            ureq::Error::Io(io) => format!("could not reach the receiver: {}", io.kind()),
            ureq::Error::Tls(why) => format!("TLS failed: {why}"),
            other => format!("could not send: {}", redact(&other.to_string(), secrets)),
        }
    }
}

/// Whether a 2xx answer's body says the message was taken, as `success` reads it;
/// else what the receiver said.
fn accepted(success: Success, answer: &str) -> Result<(), String> {
    if success == Success::Status {
        return Ok(());
    }
    let json: serde_json::Value = serde_json::from_str(answer)
        .map_err(|_| "its answer is not the JSON this kind of receiver answers".to_owned())?;
    let text = |key: &str| json[key].as_str().unwrap_or("").to_owned();
    match success {
        Success::Status => Ok(()),
        Success::Errcode => match json["errcode"].as_i64() {
            Some(0) => Ok(()),
            Some(code) => Err(format!("errcode {code} {}", text("errmsg"))),
            None => Err("its answer has no errcode".into()),
        },
        Success::Code => match json["code"]
            .as_i64()
            .or_else(|| json["StatusCode"].as_i64())
        {
            Some(0) => Ok(()),
            Some(code) => Err(format!(
                "code {code} {}{}",
                text("msg"),
                text("StatusMessage")
            )),
            None => Err("its answer has no code".into()),
        },
        Success::Ok => match json["ok"].as_bool() {
            Some(true) => Ok(()),
            _ => Err(format!("not ok {}", text("description"))),
        },
    }
}
