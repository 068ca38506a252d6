//! Problems with an order (docs/trust.md "Problems"): what a buyer may raise, the
//! states a problem goes through, and what its messages may say. Pure: the server
//! and the store ask here, so they agree on the words and the rules.
//!
//! ```text
//! open ──► resolved
//!   └────► refunded
//! ```
//! The seller may answer at any time; marking resolved or refunded ends it (a
//! buyer with a new problem raises another).

use super::review::{check_text, ReviewError};

/// Longest message of a problem's thread, in characters.
pub const MAX_PROBLEM_CHARS: usize = 2_000;
/// Largest photo a buyer may attach, in bytes (phones' photos, resized or not,
/// are well under it once saved as JPEG).
pub const MAX_PHOTO_BYTES: usize = 2 * 1024 * 1024;
/// Problems an order may have open at once: a buyer with more to say adds it to
/// the open one's thread (a flood of problems is not a way to be heard).
pub const MAX_OPEN_PROBLEMS: i64 = 3;
/// Messages the buyer may write to one problem's thread, the first (raising it)
/// included; the seller's answers do not count. Far more than a real exchange
/// needs, and a bound on what one free order can make the seller keep.
pub const MAX_BUYER_MESSAGES: i64 = 20;
/// Bytes of photos the problems of one order may carry in all, each photo counted
/// once however often it is sent: five full-size photos, and a bound on the disk
/// one free order can fill (each photo is kept in the database).
pub const MAX_ORDER_PHOTO_BYTES: i64 = 10 * 1024 * 1024;
/// Days the shop's public problem figures look back.
pub const PUBLIC_WINDOW_DAYS: i64 = 90;

/// What went wrong, in the buyer's words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemKind {
    NotReceived,
    NotAsDescribed,
    Damaged,
    Other,
}

impl ProblemKind {
    pub const ALL: [ProblemKind; 4] = [
        ProblemKind::NotReceived,
        ProblemKind::NotAsDescribed,
        ProblemKind::Damaged,
        ProblemKind::Other,
    ];

    /// The word stored and sent (`not_received`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemKind::NotReceived => "not_received",
            ProblemKind::NotAsDescribed => "not_as_described",
            ProblemKind::Damaged => "damaged",
            ProblemKind::Other => "other",
        }
    }

    /// The kind a word names, or a sentence listing the kinds.
    pub fn parse(word: &str) -> Result<ProblemKind, ReviewError> {
        ProblemKind::ALL
            .into_iter()
            .find(|k| k.as_str() == word)
            .ok_or_else(|| ReviewError {
                field: "kind",
                message: format!(
                    "\"{word}\" is not a kind of problem: not_received, not_as_described, damaged or other"
                ),
            })
    }
}

/// Where a problem stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProblemState {
    Open,
    Resolved,
    Refunded,
}

impl ProblemState {
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemState::Open => "open",
            ProblemState::Resolved => "resolved",
            ProblemState::Refunded => "refunded",
        }
    }

    pub fn parse(word: &str) -> Option<ProblemState> {
        [
            ProblemState::Open,
            ProblemState::Resolved,
            ProblemState::Refunded,
        ]
        .into_iter()
        .find(|s| s.as_str() == word)
    }

    /// The state a seller's mark leads to from `self`, or why not: only an open
    /// problem is marked, and only as resolved or refunded.
    pub fn mark(self, to: &str) -> Result<ProblemState, ReviewError> {
        let refuse = |message: String| ReviewError {
            field: "state",
            message,
        };
        let target = match ProblemState::parse(to) {
            Some(s @ (ProblemState::Resolved | ProblemState::Refunded)) => s,
            _ => {
                return Err(refuse(format!(
                    "\"{to}\" is not a mark for a problem: resolved or refunded"
                )))
            }
        };
        if self != ProblemState::Open {
            return Err(refuse(format!(
                "the problem is already {}; a buyer with more to say raises a new one",
                self.as_str()
            )));
        }
        Ok(target)
    }
}

/// A message of a problem's thread (the buyer's description, a seller's answer):
/// required, at most [`MAX_PROBLEM_CHARS`], text kept as text.
pub fn check_message(field: &'static str, text: &str) -> Result<String, ReviewError> {
    check_text(field, text, MAX_PROBLEM_CHARS, false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_four_words() {
        for kind in ProblemKind::ALL {
            assert_eq!(ProblemKind::parse(kind.as_str()), Ok(kind));
        }
        assert_eq!(
            ProblemKind::parse("late").expect_err("no").to_string(),
            "kind: \"late\" is not a kind of problem: not_received, not_as_described, damaged or other"
        );
    }

    #[test]
    fn only_an_open_problem_is_marked() {
        assert_eq!(
            ProblemState::Open.mark("resolved"),
            Ok(ProblemState::Resolved)
        );
        assert_eq!(
            ProblemState::Open.mark("refunded"),
            Ok(ProblemState::Refunded)
        );
        assert_eq!(
            ProblemState::Open.mark("open").expect_err("no").to_string(),
            "state: \"open\" is not a mark for a problem: resolved or refunded"
        );
        assert_eq!(
            ProblemState::Resolved
                .mark("refunded")
                .expect_err("no")
                .to_string(),
            "state: the problem is already resolved; a buyer with more to say raises a new one"
        );
    }

    #[test]
    fn a_message_is_required_text() {
        assert_eq!(
            check_message("text", "<img src=x onerror=alert(1)>").as_deref(),
            Ok("<img src=x onerror=alert(1)>")
        );
        assert_eq!(
            check_message("text", "").expect_err("empty").to_string(),
            "text: is required and is empty"
        );
        assert!(check_message("text", &"x".repeat(MAX_PROBLEM_CHARS + 1)).is_err());
    }
}
