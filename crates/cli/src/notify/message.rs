//! A chat message before it has a format: lines of pieces, each piece either our
//! own words or text that came from someone else (the buyer's name and note, the
//! seller's product titles and tracking note). Each format escapes the second kind
//! its own way (`formats.rs`), so nothing a buyer types is read as markup, a
//! mention or a link.

use super::facts::{Facts, Happened};
use super::words::{for_locale, Words};
use crate::price::format_price;
use microshop_core::Currency;

/// A piece of a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Our words and numbers: safe in every format.
    Ours(String),
    /// Someone else's text: escaped for the format.
    Theirs(String),
}

impl Piece {
    /// Its text, unescaped.
    pub fn text(&self) -> &str {
        match self {
            Piece::Ours(t) | Piece::Theirs(t) => t,
        }
    }
}

/// A message: a heading (bold where the format has bold) and its lines.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub heading: Vec<Piece>,
    pub lines: Vec<Vec<Piece>>,
}

impl Message {
    /// The message as plain text, nothing escaped.
    pub fn plain(&self) -> String {
        let line = |pieces: &[Piece]| pieces.iter().map(Piece::text).collect::<String>();
        std::iter::once(line(&self.heading))
            .chain(self.lines.iter().map(|l| line(l)))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Lines of an order listed at most; the rest are counted.
const MAX_LINES: usize = 20;
/// Characters of one piece of someone else's text kept at most (a note may be long).
const MAX_PIECE_CHARS: usize = 300;

/// `template` with each `{name}` replaced by its piece; the words around are ours.
pub fn fill(template: &str, values: &[(&str, Piece)]) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = &rest[open + 1..close];
        match values.iter().find(|(n, _)| *n == name) {
            Some((_, piece)) => {
                if open > 0 {
                    pieces.push(Piece::Ours(rest[..open].to_owned()));
                }
                pieces.push(piece.clone());
            }
            None => pieces.push(Piece::Ours(rest[..=close].to_owned())),
        }
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        pieces.push(Piece::Ours(rest.to_owned()));
    }
    pieces
}

/// Someone else's text on one line, shortened when long.
fn theirs(text: &str) -> Piece {
    // One line (a line break could start a quote or a heading in a chat's markup),
    // and no direction overrides (they could make a line read as something else).
    let one_line: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let trimmed = one_line.trim();
    if trimmed.chars().count() > MAX_PIECE_CHARS {
        let cut: String = trimmed.chars().take(MAX_PIECE_CHARS - 1).collect();
        Piece::Theirs(format!("{cut}…"))
    } else {
        Piece::Theirs(trimmed.to_owned())
    }
}

/// An amount as people read it in `locale` (`¥68.00`, `CN¥68.00`), exact: from the
/// contract's decimal string through core's money. A string that is not one is
/// shown as it is, with its currency's code.
pub fn amount(decimal: &str, currency: &str, locale: &str) -> Piece {
    match Currency::from_code(currency).and_then(|c| Some((c, c.parse(decimal).ok()?))) {
        Some((c, money)) => Piece::Ours(format_price(money, c, locale)),
        None => Piece::Theirs(format!("{currency} {decimal}")),
    }
}

/// The message for `facts`, in their locale.
pub fn compose(facts: &Facts, destination: &str) -> Message {
    let words = for_locale(&facts.locale);
    let reference = facts
        .order
        .as_ref()
        .map_or(String::new(), |o| format!("#{}", o.reference));
    let shop = theirs(&facts.shop_name);
    match &facts.happened {
        Happened::Test => Message {
            heading: fill(
                words.test,
                &[("shop", shop), ("destination", theirs(destination))],
            ),
            lines: Vec::new(),
        },
        Happened::Created => Message {
            heading: fill(
                words.new_order,
                &[("reference", Piece::Ours(reference)), ("shop", shop)],
            ),
            lines: order_lines(facts, words, true),
        },
        Happened::Status(change) => {
            let mut lines = Vec::new();
            if !change.tracking_note.is_empty() {
                lines.push(fill(
                    words.tracking,
                    &[("note", theirs(&change.tracking_note))],
                ));
            }
            if !change.tracking_url.is_empty() {
                lines.push(vec![theirs(&change.tracking_url)]);
            }
            if !change.reason.is_empty() {
                lines.push(fill(words.reason, &[("reason", theirs(&change.reason))]));
            }
            lines.extend(order_lines(facts, words, false));
            Message {
                heading: fill(
                    words.status_changed,
                    &[
                        ("reference", Piece::Ours(reference)),
                        ("status", Piece::Ours(words.status(change.to).to_owned())),
                        ("shop", shop),
                    ],
                ),
                lines,
            }
        }
    }
}

/// What was bought (with `details`: shipping, buyer and note too) and the total.
fn order_lines(facts: &Facts, words: &Words, details: bool) -> Vec<Vec<Piece>> {
    let Some(order) = &facts.order else {
        return Vec::new();
    };
    let money = |decimal: &str| amount(decimal, &order.currency, &facts.locale);
    let mut lines = Vec::new();
    if details {
        for line in facts.lines.iter().take(MAX_LINES) {
            let mut pieces = fill(
                words.line,
                &[
                    ("quantity", Piece::Ours(line.quantity.to_string())),
                    ("title", theirs(&line.title)),
                    ("amount", money(&line.line_total)),
                ],
            );
            if !line.options.is_empty() {
                // The options go right after the title: " (Size: M, Colour: red)".
                let at = pieces
                    .iter()
                    .position(|p| matches!(p, Piece::Theirs(_)))
                    .map_or(pieces.len(), |i| i + 1);
                let mut options = vec![Piece::Ours(" (".into())];
                for (i, (name, value)) in line.options.iter().enumerate() {
                    if i > 0 {
                        options.push(Piece::Ours(words.option_separator.into()));
                    }
                    options.push(theirs(name));
                    options.push(Piece::Ours(words.option_pair.into()));
                    options.push(theirs(value));
                }
                options.push(Piece::Ours(")".into()));
                pieces.splice(at..at, options);
            }
            lines.push(pieces);
        }
        if facts.lines.len() > MAX_LINES {
            lines.push(fill(
                words.more_lines,
                &[(
                    "count",
                    Piece::Ours((facts.lines.len() - MAX_LINES).to_string()),
                )],
            ));
        }
        if let Some((label, price)) = &facts.shipping {
            lines.push(fill(
                words.shipping,
                &[("label", theirs(label)), ("amount", money(price))],
            ));
        }
    }
    lines.push(fill(words.total, &[("amount", money(&order.total))]));
    if details {
        if !order.customer_name.trim().is_empty() {
            lines.push(fill(words.buyer, &[("name", theirs(&order.customer_name))]));
        }
        if let Some(note) = facts
            .request
            .as_ref()
            .and_then(|r| r.note.as_deref())
            .filter(|n| !n.trim().is_empty())
        {
            lines.push(fill(words.note, &[("note", theirs(note))]));
        }
    }
    lines
}
