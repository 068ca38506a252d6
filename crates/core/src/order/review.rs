//! Verified-buyer reviews (docs/trust.md "Reviews"): what a review may say, how
//! long its writer may change it, what a seller's reply and a hiding reason may
//! say, and the rating figures a product shows. Pure: the caller passes the times.
//!
//! Text is kept as the buyer typed it (trimmed): markup is text, shown as text by
//! whoever displays it, never interpreted. Only what no page can show honestly is
//! refused: control characters and more than the length limit.

use std::fmt;

/// Longest review text, in characters (a few paragraphs in any language).
pub const MAX_REVIEW_CHARS: usize = 2_000;
/// Longest seller's reply and hiding reason, in characters.
pub const MAX_REPLY_CHARS: usize = 1_000;
/// Longest name a buyer may have their review shown under, in characters.
pub const MAX_DISPLAY_NAME_CHARS: usize = 40;
/// How long after it was first written a review may be changed by its writer:
/// long enough to add how the product held up, short enough that a review read
/// today says what was bought then.
pub const REVIEW_EDIT_DAYS: i64 = 30;
/// [`REVIEW_EDIT_DAYS`] in milliseconds.
pub const REVIEW_EDIT_MS: i64 = REVIEW_EDIT_DAYS * 24 * 60 * 60 * 1_000;
/// How long the server keeps a buyer's `Request-Nonce` (reviews, problems, their
/// messages) before pruning it (docs/trust.md "Replays"). At least the edit
/// window, so a review write replayed once its nonce is gone finds its review
/// past the window (`edit_closed`): the nonce is pruned only when `now - at >
/// NONCE_KEEP_MS`, and the review was written at or before `at`. The day beyond
/// the window allows for instances' clocks differing by up to a day.
pub const NONCE_KEEP_DAYS: i64 = REVIEW_EDIT_DAYS + 1;
/// [`NONCE_KEEP_DAYS`] in milliseconds.
pub const NONCE_KEEP_MS: i64 = NONCE_KEEP_DAYS * 24 * 60 * 60 * 1_000;
// Held at compile time: a shorter keep would let a replayed edit through.
const _: () = assert!(NONCE_KEEP_MS >= REVIEW_EDIT_MS);

/// A field of a review request that cannot be taken, and why, in plain words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewError {
    /// The field at fault (`rating`, `text`, `display_name`, `reply`, `reason`,
    /// `product_id`).
    pub field: &'static str,
    pub message: String,
}

impl fmt::Display for ReviewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

fn refuse(field: &'static str, message: impl Into<String>) -> ReviewError {
    ReviewError {
        field,
        message: message.into(),
    }
}

/// A rating of 1 to 5 whole stars.
pub fn check_rating(rating: i64) -> Result<u8, ReviewError> {
    u8::try_from(rating)
        .ok()
        .filter(|r| (1..=5).contains(r))
        .ok_or_else(|| {
            refuse(
                "rating",
                format!("{rating} is not a rating: give 1 to 5 whole stars"),
            )
        })
}

/// Text a buyer or seller wrote, trimmed: at most `max` characters, no control
/// characters but line breaks (and tabs), required unless `optional`.
pub fn check_text(
    field: &'static str,
    text: &str,
    max: usize,
    optional: bool,
) -> Result<String, ReviewError> {
    let text = text.trim();
    if text.is_empty() && !optional {
        return Err(refuse(field, "is required and is empty"));
    }
    let count = text.chars().count();
    if count > max {
        return Err(refuse(
            field,
            format!("is {count} characters long; at most {max} are kept"),
        ));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(refuse(
            field,
            "contains control characters (invisible codes a page cannot show)",
        ));
    }
    Ok(text.replace("\r\n", "\n"))
}

/// A review's text: optional (stars alone are a review), at most
/// [`MAX_REVIEW_CHARS`].
pub fn check_review_text(text: &str) -> Result<String, ReviewError> {
    check_text("text", text, MAX_REVIEW_CHARS, true)
}

/// The name a buyer's review is shown under: optional (empty: shown with no
/// name), trimmed, at most [`MAX_DISPLAY_NAME_CHARS`] characters, one line (no
/// control characters at all, line breaks included). Whatever the buyer types,
/// not checked against anything: text, shown as text.
pub fn check_display_name(name: &str) -> Result<String, ReviewError> {
    const FIELD: &str = "display_name";
    let name = name.trim();
    let count = name.chars().count();
    if count > MAX_DISPLAY_NAME_CHARS {
        return Err(refuse(
            FIELD,
            format!("is {count} characters long; at most {MAX_DISPLAY_NAME_CHARS} are kept"),
        ));
    }
    if name.chars().any(char::is_control) {
        return Err(refuse(
            FIELD,
            "contains control characters (line breaks, tabs or invisible codes a name cannot show)",
        ));
    }
    Ok(name.to_owned())
}

/// Nonces taken before this moment are pruned at `now_ms`: those older than
/// [`NONCE_KEEP_MS`] (`at < now - keep`, so `now - at > keep`).
pub fn nonces_pruned_before(now_ms: i64) -> i64 {
    now_ms.saturating_sub(NONCE_KEEP_MS)
}

/// Whether a review first written at `created_ms` may still be changed at `now_ms`.
pub fn may_edit(created_ms: i64, now_ms: i64) -> bool {
    now_ms.saturating_sub(created_ms) <= REVIEW_EDIT_MS
}

/// Why a review cannot be changed any more, for the buyer.
pub fn edit_closed_message() -> String {
    format!(
        "this review was written more than {REVIEW_EDIT_DAYS} days ago and can no longer be changed"
    )
}

/// The rating figures of a product's visible reviews. Kept as whole numbers (the
/// count and the sum of stars): the average is their exact quotient, shown as a
/// decimal string rounded half up, never a float.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Rating {
    pub count: u64,
    pub stars: u64,
}

impl Rating {
    /// The average to `decimals` places (0 to 6), rounded half up: `"4.33"`;
    /// `None` without reviews.
    pub fn average(self, decimals: u32) -> Option<String> {
        if self.count == 0 {
            return None;
        }
        let decimals = decimals.min(6);
        let scale = 10u128.pow(decimals);
        let scaled = (u128::from(self.stars) * scale * 2 + u128::from(self.count))
            / (u128::from(self.count) * 2);
        let whole = scaled / scale;
        if decimals == 0 {
            return Some(whole.to_string());
        }
        let fraction = scaled % scale;
        Some(format!(
            "{whole}.{fraction:0width$}",
            width = decimals as usize
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_review_write_outlives_its_nonce_only_past_the_edit_window() {
        const DAY: i64 = 24 * 60 * 60 * 1_000;
        // A write taken at `at` (its nonce's time) finds its review written at
        // `at` or earlier; the nearest case is the first write, at `at` itself.
        let at = 1_700_000_000_000;
        // Its nonce is kept at `at + keep`, pruned one ms later ...
        assert!(nonces_pruned_before(at + NONCE_KEEP_MS) <= at);
        let pruned_at = at + NONCE_KEEP_MS + 1;
        assert!(nonces_pruned_before(pruned_at) > at);
        // ... when the review's window is closed, also for a replay reaching an
        // instance whose clock is a day behind the one that pruned.
        assert!(!may_edit(at, pruned_at));
        assert!(!may_edit(at, pruned_at - DAY));
        assert!(may_edit(at, at + REVIEW_EDIT_MS));
    }

    #[test]
    fn a_rating_is_one_to_five_whole_stars() {
        assert_eq!(check_rating(1), Ok(1));
        assert_eq!(check_rating(5), Ok(5));
        for bad in [0, 6, -1, 300, i64::MAX] {
            let err = check_rating(bad).expect_err("refused");
            assert_eq!(
                err.to_string(),
                format!("rating: {bad} is not a rating: give 1 to 5 whole stars")
            );
        }
    }

    #[test]
    fn text_is_kept_as_text() {
        let markup = "<script>alert(1)</script> <b>great</b> & \"tea\"";
        assert_eq!(check_review_text(markup).as_deref(), Ok(markup));
        assert_eq!(
            check_review_text("  很好喝。\r\n又买了  ").as_deref(),
            Ok("很好喝。\n又买了")
        );
        assert_eq!(check_review_text("   ").as_deref(), Ok(""));
        assert_eq!(
            check_text("reply", " ", MAX_REPLY_CHARS, false)
                .expect_err("required")
                .to_string(),
            "reply: is required and is empty"
        );
    }

    #[test]
    fn text_over_the_limit_or_with_control_characters_is_refused() {
        let long = "字".repeat(MAX_REVIEW_CHARS + 1);
        assert_eq!(
            check_review_text(&long).expect_err("long").to_string(),
            "text: is 2001 characters long; at most 2000 are kept"
        );
        assert!(check_review_text(&"字".repeat(MAX_REVIEW_CHARS)).is_ok());
        assert_eq!(
            check_review_text("bad\u{0}byte")
                .expect_err("control")
                .to_string(),
            "text: contains control characters (invisible codes a page cannot show)"
        );
    }

    #[test]
    fn a_display_name_is_optional_one_line_text_of_forty_characters() {
        assert_eq!(check_display_name("").as_deref(), Ok(""));
        assert_eq!(check_display_name("   ").as_deref(), Ok(""), "anonymous");
        assert_eq!(check_display_name("  Mei L.  ").as_deref(), Ok("Mei L."));
        let markup = "<b>Li</b> & \"Wei\"";
        assert_eq!(check_display_name(markup).as_deref(), Ok(markup), "text");
        // Forty characters of four bytes each: kept (characters, not bytes).
        let forty = "😀".repeat(MAX_DISPLAY_NAME_CHARS);
        assert_eq!(check_display_name(&forty).as_deref(), Ok(forty.as_str()));
        assert_eq!(
            check_display_name(&format!(" {forty} ")).as_deref(),
            Ok(forty.as_str()),
            "counted once trimmed"
        );
        assert_eq!(
            check_display_name(&"名".repeat(MAX_DISPLAY_NAME_CHARS + 1))
                .expect_err("long")
                .to_string(),
            "display_name: is 41 characters long; at most 40 are kept"
        );
        for bad in ["Li\nWei", "Li\tWei", "Li\u{0}", "\u{7f}Li", "Li\u{85}Wei"] {
            assert_eq!(
                check_display_name(bad).expect_err("control").field,
                "display_name",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn a_review_may_be_changed_for_thirty_days() {
        let day = 24 * 60 * 60 * 1_000;
        assert!(may_edit(0, 0));
        assert!(may_edit(0, 30 * day));
        assert!(!may_edit(0, 30 * day + 1));
        assert!(edit_closed_message().contains("30 days"));
    }

    #[test]
    fn the_average_is_exact_and_rounded_half_up() {
        assert_eq!(Rating::default().average(2), None);
        let r = Rating {
            count: 3,
            stars: 13,
        };
        assert_eq!(r.average(2).as_deref(), Some("4.33"));
        assert_eq!(r.average(1).as_deref(), Some("4.3"));
        assert_eq!(r.average(0).as_deref(), Some("4"));
        let half = Rating {
            count: 8,
            stars: 37,
        }; // 4.625
        assert_eq!(half.average(2).as_deref(), Some("4.63"));
        assert_eq!(
            Rating { count: 2, stars: 9 }.average(0).as_deref(),
            Some("5")
        );
        assert_eq!(
            Rating { count: 1, stars: 5 }.average(2).as_deref(),
            Some("5.00")
        );
        let many = Rating {
            count: u64::MAX / 5,
            stars: u64::MAX / 5 * 5,
        };
        assert_eq!(many.average(6).as_deref(), Some("5.000000"));
    }
}
