//! What the server tells its operator, on stderr: plain lines (the default, for a
//! terminal), or one JSON object per line (`--log-format json`, for a log collector:
//! `{"ts":"…","level":"info","msg":"…"}`).
//!
//! Buyers' personal data never goes into a message: the code logs order ids, totals
//! and counts, never names, phones, addresses, e-mails or notes. As a second line of
//! defence every message passes through [`redact`], which masks e-mail addresses and
//! phone-number-like digit runs, in case an error from a library quotes a value.

use std::borrow::Cow;
use std::io::Write;
use std::sync::OnceLock;

/// How lines are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format, String> {
        match text {
            "text" => Ok(Format::Text),
            "json" => Ok(Format::Json),
            other => Err(format!("--log-format \"{other}\": use text or json")),
        }
    }
}

static FORMAT: OnceLock<Format> = OnceLock::new();

/// Chooses the format once, at start (later calls change nothing).
pub fn set_format(format: Format) {
    let _ = FORMAT.set(format);
}

/// Writes an informational line.
pub fn info(message: &str) {
    write("info", message);
}

/// Writes `message` at `level`, ignoring a closed stderr (the server must keep running).
pub fn write(level: &str, message: &str) {
    let message = redact(message);
    let line = match FORMAT.get().copied().unwrap_or(Format::Text) {
        Format::Text => format!("{message}\n"),
        Format::Json => {
            let mut json = serde_json::json!({
                "ts": timestamp(crate::store::now_ms()),
                "level": level,
                "msg": message,
            })
            .to_string();
            json.push('\n');
            json
        }
    };
    let _ = std::io::stderr().lock().write_all(line.as_bytes());
}

/// RFC 3339 UTC with milliseconds.
fn timestamp(ms: i64) -> String {
    let seconds = crate::store::clock::ms_rfc3339(ms);
    let whole = seconds.trim_end_matches('Z');
    format!("{whole}.{:03}Z", ms.rem_euclid(1000))
}

/// `text` with e-mail addresses replaced by `[email]` and phone numbers (a run of 7
/// or more digits, with the spaces, dashes, dots, brackets and `+` people write in
/// them, that is not part of a word such as an order id) by `[phone]`.
pub fn redact(text: &str) -> Cow<'_, str> {
    let emails = replace(text, |chars, i| {
        email_at(chars, i).map(|end| (email_start(chars, i), end, "[email]"))
    });
    let phones = replace(&emails, |chars, i| {
        phone_at(chars, i).map(|end| (i, end, "[phone]"))
    });
    if phones == text {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(phones)
    }
}

/// `text` with each span `found` reports at a position (its start, at or before
/// the position, its end, and what replaces it) replaced.
fn replace(
    text: &str,
    found: impl Fn(&[char], usize) -> Option<(usize, usize, &'static str)>,
) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        if let Some((start, end, with)) = found(&chars, i) {
            // What was copied since the span's start is taken back out.
            out.truncate(out.len() - (i - start));
            out.extend(with.chars());
            i = end;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out.into_iter().collect()
}

fn is_local_char(c: char) -> bool {
    c.is_alphanumeric() || "._%+-'".contains(c)
}

fn email_start(chars: &[char], at: usize) -> usize {
    let mut start = at;
    while start > 0 && is_local_char(chars[start - 1]) {
        start -= 1;
    }
    start
}

/// At an `@` with a local part before it and a dotted domain after: where it ends.
fn email_at(chars: &[char], i: usize) -> Option<usize> {
    if chars[i] != '@' || email_start(chars, i) == i {
        return None;
    }
    let mut end = i + 1;
    while end < chars.len()
        && (chars[end].is_alphanumeric() || chars[end] == '.' || chars[end] == '-')
    {
        end += 1;
    }
    let domain: String = chars[i + 1..end].iter().collect();
    let domain = domain.trim_end_matches('.');
    (domain.contains('.') && !domain.starts_with('.')).then_some(i + 1 + domain.chars().count())
}

/// At the start of a phone-number-like run: where it ends.
fn phone_at(chars: &[char], i: usize) -> Option<usize> {
    let starts = chars[i].is_ascii_digit() || chars[i] == '+' || chars[i] == '(';
    let after_word = i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_');
    if !starts || after_word {
        return None;
    }
    let mut end = i;
    let mut digits = 0;
    let mut last_digit = i;
    while end < chars.len() {
        let c = chars[end];
        if c.is_ascii_digit() {
            digits += 1;
            last_digit = end;
        } else if !" -.()+".contains(c) || (c == '+' && end != i) {
            break;
        }
        end += 1;
    }
    let end = last_digit + 1;
    let before_word = end < chars.len() && (chars[end].is_alphanumeric() || chars[end] == '_');
    (digits >= 7 && !before_word).then_some(end)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn masks_emails_and_phones_but_not_ids_or_times() {
        assert_eq!(
            redact("mail Li.Wei+tea@Example.co.uk now."),
            "mail [email] now."
        );
        assert_eq!(
            redact("call +86 138-0000 0000, thanks"),
            "call [phone], thanks"
        );
        assert_eq!(redact("tel (020) 7946 0958"), "tel [phone]");
        let plain = "order ord_0123456789abcdef0123456789abcdef received at 2026-12-05T10:00:00Z: 22.50 CNY";
        assert_eq!(redact(plain), plain);
        assert_eq!(redact("user@localhost"), "user@localhost");
        assert_eq!(redact("12 items"), "12 items");
        assert_eq!(redact("from 13800000000@qq.com"), "from [email]");
    }
}
