//! An order's life after the endpoint accepted it: the statuses the seller sets and
//! which changes are possible. The server, the seller's pages and the buyer's order
//! page all ask here, so they cannot disagree on what "shipped" allows.
//!
//! ```text
//! new ──► paid ──► shipped ──► completed
//!  │        │         │
//!  └────────┴─────────┴──► cancelled (with a reason)
//! ```

use crate::rules::{url_problem, UrlUse};
use std::fmt;

/// Where an order stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    /// Accepted by the endpoint; the seller has not acted yet.
    New,
    /// The seller has the money.
    Paid,
    /// On its way, with a tracking note.
    Shipped,
    /// Delivered and done: the order is kept for the books.
    Completed,
    /// Called off, with a reason.
    Cancelled,
}

/// Longest tracking note, tracking URL and cancellation reason (in characters).
pub const MAX_NOTE_CHARS: usize = 500;
/// Longest tracking URL (in bytes; it is ASCII when valid).
pub const MAX_TRACKING_URL: usize = 2_000;

impl Status {
    /// Every status, in the order of an order's life.
    pub const ALL: [Status; 5] = [
        Status::New,
        Status::Paid,
        Status::Shipped,
        Status::Completed,
        Status::Cancelled,
    ];

    /// The word stored and sent in answers (`new`, `paid`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::New => "new",
            Status::Paid => "paid",
            Status::Shipped => "shipped",
            Status::Completed => "completed",
            Status::Cancelled => "cancelled",
        }
    }

    /// The status a stored word names. `received`, the word of the first releases,
    /// is `new`.
    pub fn parse(word: &str) -> Option<Status> {
        match word {
            "received" => Some(Status::New),
            _ => Status::ALL.into_iter().find(|s| s.as_str() == word),
        }
    }

    /// Whether nothing can follow (the buyer's page stops asking).
    pub fn is_final(self) -> bool {
        matches!(self, Status::Completed | Status::Cancelled)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the seller asks for, with what each change carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Paid,
    Shipped {
        /// Carrier and tracking number, as the buyer will read it.
        tracking_note: String,
        /// Where the buyer can follow the parcel.
        tracking_url: Option<String>,
    },
    Completed,
    Cancelled {
        /// Why, as the buyer will read it.
        reason: String,
    },
}

impl Change {
    /// The status this change leads to.
    pub fn target(&self) -> Status {
        match self {
            Change::Paid => Status::Paid,
            Change::Shipped { .. } => Status::Shipped,
            Change::Completed => Status::Completed,
            Change::Cancelled { .. } => Status::Cancelled,
        }
    }
}

/// Why a change cannot be made: a sentence for the seller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ChangeError {
    /// The order's status does not lead there.
    Impossible { from: Status, to: Status },
    /// What the change carries is not right (an empty reason, a bad URL).
    Invalid {
        field: &'static str,
        message: String,
    },
}

impl fmt::Display for ChangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChangeError::Impossible { from, to } if from == to => {
                write!(f, "the order is already {from}")
            }
            ChangeError::Impossible { from, to } => {
                let next: Vec<&str> = Status::ALL
                    .into_iter()
                    .filter(|s| can_follow(*from, *s))
                    .map(Status::as_str)
                    .collect();
                let options = if next.is_empty() {
                    "nothing can follow it".to_owned()
                } else {
                    format!("it can become {}", next.join(" or "))
                };
                write!(f, "an order that is {from} cannot become {to}: {options}")
            }
            ChangeError::Invalid { field, message } => write!(f, "{field}: {message}"),
        }
    }
}

/// Whether an order in `from` may become `to`.
pub fn can_follow(from: Status, to: Status) -> bool {
    matches!(
        (from, to),
        (Status::New, Status::Paid)
            | (Status::Paid, Status::Shipped)
            | (Status::Shipped, Status::Completed)
            | (
                Status::New | Status::Paid | Status::Shipped,
                Status::Cancelled
            )
    )
}

/// The status `change` leads to from `from`, with its texts trimmed, or why not.
pub fn apply(from: Status, change: &Change) -> Result<(Status, Change), ChangeError> {
    let to = change.target();
    if !can_follow(from, to) {
        return Err(ChangeError::Impossible { from, to });
    }
    let checked = match change {
        Change::Shipped {
            tracking_note,
            tracking_url,
        } => Change::Shipped {
            tracking_note: note("tracking_note", tracking_note)?,
            tracking_url: tracking_url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(tracking_link)
                .transpose()?,
        },
        Change::Cancelled { reason } => Change::Cancelled {
            reason: note("reason", reason)?,
        },
        other => other.clone(),
    };
    Ok((to, checked))
}

fn note(field: &'static str, text: &str) -> Result<String, ChangeError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(ChangeError::Invalid {
            field,
            message: "is required: the buyer reads it".to_owned(),
        });
    }
    if text.chars().count() > MAX_NOTE_CHARS {
        return Err(ChangeError::Invalid {
            field,
            message: format!("is longer than {MAX_NOTE_CHARS} characters"),
        });
    }
    if text.chars().any(|c| c.is_control() && c != '\n') {
        return Err(ChangeError::Invalid {
            field,
            message: "contains control characters".to_owned(),
        });
    }
    Ok(text.to_owned())
}

/// A tracking link the buyer's page may show: an absolute http(s) URL, since the
/// buyer opens it from their own page, not the seller's site.
fn tracking_link(url: &str) -> Result<String, ChangeError> {
    let invalid = |message: String| ChangeError::Invalid {
        field: "tracking_url",
        message,
    };
    if url.len() > MAX_TRACKING_URL {
        return Err(invalid(format!(
            "is longer than {MAX_TRACKING_URL} characters"
        )));
    }
    if let Some(problem) = url_problem(url, UrlUse::Link) {
        return Err(invalid(problem));
    }
    let lower = url.to_ascii_lowercase();
    let host = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""));
    match host {
        Some(host) if !host.is_empty() => Ok(url.to_owned()),
        _ => Err(invalid(format!(
            "\"{url}\" must be a full https:// address of the carrier's tracking page"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shipped(note: &str, url: Option<&str>) -> Change {
        Change::Shipped {
            tracking_note: note.into(),
            tracking_url: url.map(Into::into),
        }
    }

    #[test]
    fn follows_the_table() {
        let allowed = [
            (Status::New, Status::Paid),
            (Status::Paid, Status::Shipped),
            (Status::Shipped, Status::Completed),
            (Status::New, Status::Cancelled),
            (Status::Paid, Status::Cancelled),
            (Status::Shipped, Status::Cancelled),
        ];
        for from in Status::ALL {
            for to in Status::ALL {
                assert_eq!(
                    can_follow(from, to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
    }

    #[test]
    fn refuses_with_a_sentence_naming_both_states() {
        let err = apply(Status::Completed, &Change::Cancelled { reason: "x".into() })
            .expect_err("refused");
        assert_eq!(
            err.to_string(),
            "an order that is completed cannot become cancelled: nothing can follow it"
        );
        let err = apply(Status::New, &shipped("SF 123", None)).expect_err("refused");
        assert_eq!(
            err.to_string(),
            "an order that is new cannot become shipped: it can become paid or cancelled"
        );
        let err = apply(Status::Paid, &Change::Paid).expect_err("refused");
        assert_eq!(err.to_string(), "the order is already paid");
    }

    #[test]
    fn checks_what_a_change_carries() {
        let (to, change) = apply(
            Status::Paid,
            &shipped("  SF 123  ", Some(" https://sf.example/t/123 ")),
        )
        .expect("ok");
        assert_eq!(to, Status::Shipped);
        assert_eq!(change, shipped("SF 123", Some("https://sf.example/t/123")));
        assert_eq!(
            apply(Status::Paid, &shipped("SF", Some(""))).map(|(_, c)| c),
            Ok(shipped("SF", None))
        );
        for (change, expected) in [
            (shipped(" ", None), "tracking_note: is required: the buyer reads it"),
            (
                shipped("SF", Some("javascript:alert(1)")),
                "tracking_url: uses the javascript: scheme; only https:// or http:// URLs and relative paths are allowed",
            ),
            (
                shipped("SF", Some("/track/1")),
                "tracking_url: \"/track/1\" must be a full https:// address of the carrier's tracking page",
            ),
            (
                shipped(&"x".repeat(501), None),
                "tracking_note: is longer than 500 characters",
            ),
            (
                shipped("SF\u{1b}[2K", None),
                "tracking_note: contains control characters",
            ),
        ] {
            let err = apply(Status::Paid, &change).expect_err("refused");
            assert_eq!(err.to_string(), expected);
        }
        let err = apply(Status::New, &Change::Cancelled { reason: "".into() }).expect_err("no");
        assert_eq!(err.to_string(), "reason: is required: the buyer reads it");
    }

    #[test]
    fn reads_stored_words() {
        assert_eq!(Status::parse("received"), Some(Status::New));
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("lost"), None);
        assert!(Status::Cancelled.is_final() && !Status::Shipped.is_final());
    }
}
