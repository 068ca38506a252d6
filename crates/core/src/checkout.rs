//! Checks on what a buyer types at checkout, shared by the storefront and the endpoint.

use crate::manifest::{CheckoutField, FieldKind};
use crate::rules::{invisible_char, looks_like_email, looks_like_phone};
use std::collections::BTreeMap;

/// Why a checkout field's value is not accepted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldError {
    /// A required field is empty.
    Missing,
    /// Not an e-mail address.
    BadEmail,
    /// Not a phone number.
    BadPhone,
    /// Longer than the field allows.
    TooLong,
    /// Refused by the endpoint for a reason of its own (one this version does not know).
    Invalid,
    /// Holds a control character but a tab (a line break is one only outside the
    /// multi-line address and note).
    Control,
}

impl FieldError {
    /// Reads a code written by [`FieldError::code`]; `None` for codes this version does not know.
    pub fn from_code(code: &str) -> Option<FieldError> {
        [
            FieldError::Missing,
            FieldError::BadEmail,
            FieldError::BadPhone,
            FieldError::TooLong,
            FieldError::Control,
        ]
        .into_iter()
        .find(|e| e.code() == code)
    }

    /// A stable code for this error, for logs and translations.
    pub fn code(self) -> &'static str {
        match self {
            FieldError::Missing => "missing",
            FieldError::BadEmail => "bad_email",
            FieldError::BadPhone => "bad_phone",
            FieldError::TooLong => "too_long",
            FieldError::Invalid => "invalid",
            FieldError::Control => "control",
        }
    }
}

/// The longest value a field of `kind` may hold.
pub fn max_len(kind: FieldKind) -> usize {
    match kind {
        FieldKind::Address | FieldKind::Note => 1_000,
        _ => 200,
    }
}

/// Checks one value against its field, with `shipping` the chosen shipping option's id
/// (a field may be required only for some options: no address for a pickup).
pub fn check_field(
    field: &CheckoutField,
    value: &str,
    shipping: Option<&str>,
) -> Result<(), FieldError> {
    let value = value.trim();
    if value.is_empty() {
        return if field.required.applies(shipping) {
            Err(FieldError::Missing)
        } else {
            Ok(())
        };
    }
    if value.chars().count() > max_len(field.kind) {
        return Err(FieldError::TooLong);
    }
    // Invisible codes a store may not hold (PostgreSQL refuses U+0000) and a page or
    // a terminal would act on; line breaks only where the field has several lines. A
    // tab (pasted from a spreadsheet row) is harmless in both stores and the seller's
    // CSV neutralises a leading one.
    let allowed: &[char] = match field.kind {
        FieldKind::Address | FieldKind::Note => &['\n', '\r', '\t'],
        _ => &['\t'],
    };
    if invisible_char(value, allowed).is_some() {
        return Err(FieldError::Control);
    }
    match field.kind {
        FieldKind::Email if !looks_like_email(value) => Err(FieldError::BadEmail),
        FieldKind::Phone if !looks_like_phone(value) => Err(FieldError::BadPhone),
        _ => Ok(()),
    }
}

/// Checks every field; the result maps field id to its error.
pub fn check_customer(
    fields: &[CheckoutField],
    values: &BTreeMap<String, String>,
    shipping: Option<&str>,
) -> BTreeMap<String, FieldError> {
    // Inserted one by one, not collected: collecting a map sorts its entries first, a
    // copy of the standard library's stable sort in the storefront's `buying` part
    // (docs/performance.md). A repeated id keeps its last error, as `collect` did.
    let mut errors = BTreeMap::new();
    for f in fields {
        let value = values.get(&f.id).map_or("", String::as_str);
        if let Err(e) = check_field(f, value, shipping) {
            errors.insert(f.id.clone(), e);
        }
    }
    errors
}

/// How long the referral code of a link is kept in the buyer's browser: 30 days from
/// the last referral link opened (a later link's code replaces an earlier one).
pub const REFERRAL_KEPT_MS: u64 = 30 * 24 * 60 * 60 * 1000;

/// Days the buyer's browser keeps their personal details: what they typed at checkout
/// (kept for the next order, as autofill would be) after they last used it, and a
/// settled order's details after it was placed (`delivery::receipt`). Long enough for
/// a parcel and a return, short enough that a shared or lost phone does not keep an
/// address for years. Documented in docs/operating.md.
pub const DETAILS_KEPT_DAYS: u64 = 30;

/// Milliseconds of [`DETAILS_KEPT_DAYS`].
pub const DETAILS_KEPT_MS: u64 = DETAILS_KEPT_DAYS * 24 * 60 * 60 * 1000;

/// Whether what was saved at `saved_at_ms` is still kept at `now_ms`, `window_ms`
/// later at most (ms since the Unix epoch, from the browser's clock). A time in the
/// future (a clock set back) keeps it.
fn kept(saved_at_ms: u64, now_ms: u64, window_ms: u64) -> bool {
    now_ms.saturating_sub(saved_at_ms) <= window_ms
}

/// Whether a referral code saved at `saved_at_ms` is still kept at `now_ms`: the
/// buyer did open the link.
pub fn referral_kept(saved_at_ms: u64, now_ms: u64) -> bool {
    kept(saved_at_ms, now_ms, REFERRAL_KEPT_MS)
}

/// Whether the checkout details the buyer last used (typed, or ordered with) at
/// `used_at_ms` are still kept at `now_ms`.
pub fn details_kept(used_at_ms: u64, now_ms: u64) -> bool {
    kept(used_at_ms, now_ms, DETAILS_KEPT_MS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::Required;

    fn field(kind: FieldKind, required: bool) -> CheckoutField {
        CheckoutField {
            id: "f".into(),
            kind,
            label: None,
            required: Required::Always(required),
        }
    }

    #[test]
    fn emails() {
        for ok in ["a@b.co", "li.wei+shop@mail.example.cn"] {
            assert!(looks_like_email(ok), "{ok}");
        }
        for bad in ["", "a@b", "@b.co", "a b@c.co", "a@.co", "a@b.", "ab.co"] {
            assert!(!looks_like_email(bad), "{bad}");
        }
    }

    #[test]
    fn phones() {
        for ok in [
            "+86 138 0000 0000",
            "13800000000",
            "(020) 555-0100",
            "+1.415.555.0100",
        ] {
            assert!(looks_like_phone(ok), "{ok}");
        }
        for bad in [
            "",
            "1234",
            "phone",
            "+86 138 0000 0000 0000 0",
            "138-0000-000x",
        ] {
            assert!(!looks_like_phone(bad), "{bad}");
        }
    }

    #[test]
    fn fields() {
        assert_eq!(
            check_field(&field(FieldKind::Name, true), "  ", None),
            Err(FieldError::Missing)
        );
        assert_eq!(
            check_field(&field(FieldKind::Name, false), "", None),
            Ok(())
        );
        assert_eq!(
            check_field(&field(FieldKind::Email, false), "x", None),
            Err(FieldError::BadEmail)
        );
        assert_eq!(
            check_field(&field(FieldKind::Phone, true), "12", None),
            Err(FieldError::BadPhone)
        );
        assert_eq!(
            check_field(&field(FieldKind::Text, false), &"x".repeat(201), None),
            Err(FieldError::TooLong)
        );
        let values = BTreeMap::from([("f".to_owned(), "ok".to_owned())]);
        assert!(check_customer(&[field(FieldKind::Name, true)], &values, None).is_empty());
    }

    #[test]
    fn a_field_can_be_required_only_for_some_shipping_options() {
        let mut address = field(FieldKind::Address, false);
        address.required = Required::ForShipping(vec!["post".into()]);
        assert_eq!(
            check_field(&address, "", Some("post")),
            Err(FieldError::Missing)
        );
        assert_eq!(check_field(&address, "", Some("pickup")), Ok(()));
        assert_eq!(check_field(&address, "", None), Ok(()));
        assert!(address.required.ever());
    }

    #[test]
    fn a_referral_is_kept_for_30_days() {
        let day = 24 * 60 * 60 * 1000;
        let opened = 1_800_000_000_000;
        assert!(referral_kept(opened, opened));
        assert!(referral_kept(opened, opened + 29 * day));
        assert!(referral_kept(opened, opened + 30 * day));
        assert!(!referral_kept(opened, opened + 30 * day + 1));
        assert!(!referral_kept(opened, opened + 31 * day));
        assert!(referral_kept(opened, opened - day));
    }

    #[test]
    fn checkout_details_are_kept_for_30_days_after_their_last_use() {
        let day = 24 * 60 * 60 * 1000;
        let used = 1_800_000_000_000;
        assert!(details_kept(used, used + 30 * day));
        assert!(!details_kept(used, used + 30 * day + 1));
        assert!(
            details_kept(used, used - day),
            "a clock set back keeps them"
        );
    }
}
