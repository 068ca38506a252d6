//! Explaining a file that is not valid JSON in the words of the person who typed it.
//!
//! serde_json says where it gave up and what it expected there. A seller typing on
//! a Chinese keyboard needs to hear what they typed instead: a curly quote, a
//! full-width comma; and a missing comma belongs at the end of the value before
//! the place where the parser noticed, usually the end of the line above.

use crate::rules::typing_slip;

/// Where and what, e.g. `line 3, column 12: a comma is missing; add , right after "x"`.
pub(super) fn explain(text: &str, error: &serde_json::Error) -> String {
    let at = offset_of(text, error.line(), error.column());
    let serde_words = {
        // serde_json appends " at line L column C"; the position is said first instead.
        let message = error.to_string();
        match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        }
    };
    if let Some((slip_at, c)) = slip_before(text, at) {
        return slip(text, slip_at, c);
    }
    let within_string = serde_words.starts_with("control character")
        || serde_words.starts_with("EOF while parsing a string");
    if within_string {
        if let Some(open) = open_string(text) {
            // A curly quote typed to close a straight one leaves the text open.
            if let Some((i, c)) = text[open..]
                .char_indices()
                .map(|(i, c)| (open + i, c))
                .find(|(_, c)| typing_slip(*c).is_some_and(|(_, ascii)| ascii == '"'))
            {
                return slip(text, i, c);
            }
            if serde_words.starts_with("control character") {
                let control = text[open..]
                    .char_indices()
                    .find(|(_, c)| c.is_control())
                    .map_or(at, |(i, _)| open + i);
                return format!(
                    "{}: a line break inside text in quotes; close the quote before the line ends, or write \\n",
                    position(text, control)
                );
            }
            return format!(
                "{}: this text in quotes is never closed; add \" where it ends",
                position(text, open)
            );
        }
    }
    if error.classify() == serde_json::error::Category::Eof {
        return format!(
            "{}: the file ends too early; a closing }} or ] is missing",
            position(text, text.len())
        );
    }
    if serde_words.starts_with("expected `,` or") {
        let end = end_of_previous_value(text, at);
        return format!(
            "{}: a comma is missing; add , right after {}",
            position(text, end),
            value_before(text, end)
        );
    }
    if serde_words == "trailing comma" {
        let comma = text[..at].rfind(',').unwrap_or(at);
        return format!(
            "{}: remove this comma; nothing may follow it before }} or ]",
            position(text, comma)
        );
    }
    if serde_words == "key must be a string" {
        let word: String = text[at..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        let example = if word.is_empty() { "name" } else { &word };
        return format!(
            "{}: write the key in straight double quotes, e.g. \"{example}\"",
            position(text, at)
        );
    }
    format!("{}: {serde_words}", position(text, at))
}

fn slip(text: &str, at: usize, c: char) -> String {
    let (what, ascii) = typing_slip(c).unwrap_or(("a character JSON does not know", '"'));
    let instead = if ascii == '"' {
        "the straight quote \"".to_owned()
    } else {
        ascii.to_string()
    };
    format!(
        "{}: {c} is {what}; write {instead} instead (switch the keyboard to English punctuation)",
        position(text, at)
    )
}

/// The byte offset serde_json's (1-based line, byte column) points at: the
/// character it stopped on.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let line_start = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    let mut at = (line_start + column.saturating_sub(1)).min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// `line L, column C` of a byte offset, the column counted in characters as an
/// editor shows it.
fn position(text: &str, at: usize) -> String {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    format!("line {line}, column {column}")
}

/// The first typing slip outside text in quotes, if it comes no later than `at`.
fn slip_before(text: &str, at: usize) -> Option<(usize, char)> {
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        if i > at {
            return None;
        }
        if in_string {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_string = false,
                _ => {}
            }
        } else if c == '"' {
            in_string = true;
        } else if typing_slip(c).is_some() {
            return Some((i, c));
        }
    }
    None
}

/// The opening quote of the text in quotes the file ends inside, or whose line
/// break stopped the parser: the last string opened and not closed on its line.
fn open_string(text: &str) -> Option<usize> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match open {
            Some(_) if escaped => escaped = false,
            Some(_) if c == '\\' => escaped = true,
            Some(_) if c == '"' => open = None,
            Some(start) if c.is_control() => return Some(start),
            Some(_) => {}
            None if c == '"' => open = Some(i),
            None => {}
        }
    }
    open
}

/// Just after the last character that is not white space before `at`.
fn end_of_previous_value(text: &str, at: usize) -> usize {
    text[..at]
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_whitespace())
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The value that ends at `end`, shown briefly: `"x"`, `12`, `]`.
fn value_before(text: &str, end: usize) -> String {
    let before = &text[..end];
    let start = if before.ends_with('"') {
        // The opening quote: the previous quote not escaped.
        let mut i = before.len() - 1;
        loop {
            match before[..i].rfind('"') {
                Some(q) if before[..q].ends_with('\\') => i = q,
                Some(q) => break q,
                None => break 0,
            }
        }
    } else {
        before
            .rfind(|c: char| c.is_whitespace() || matches!(c, ':' | ',' | '[' | '{'))
            .map_or(0, |i| i + 1)
    };
    let shown: String = before[start..].chars().collect();
    if shown.chars().count() > 30 {
        let tail: String = shown
            .chars()
            .rev()
            .take(20)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        format!("…{tail}")
    } else {
        shown
    }
}
