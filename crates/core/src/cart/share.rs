//! Shared carts: a cart carried in a link, so one buyer can pass a basket to another
//! (or an embedded shop can hand its cart to a top-level tab).
//!
//! The link text is versioned and compact: `1.tea-100g~2.cup` is format `1`, then
//! entries separated by `.`, each a sku and, after `~`, a quantity (left out when it
//! is 1). A sku is any text `check` accepts (`TEE.M.RED`, `JP 50g`, `茶-250`): its
//! `%`, `.` and `~` are written `%25`, `%2E` and `%7E` ([`encode_sku`]), the rest as
//! it is (the link's query encoding does the rest). An id-shaped sku (letters,
//! digits, `-`, `_`) is written as itself, so every link written before skus were
//! escaped reads the same, and the format stays `1`: such a link never had a `%`
//! (its reader refused any sku that was not id-shaped).
//!
//! Reading a link never touches the buyer's own cart: [`shared_cart`] turns the lines
//! into a cart of their own against the catalog (with notices for what was dropped or
//! lowered), and the buyer then chooses to [`Cart::merge`] it, replace theirs, or ignore it.

use super::{Cart, CartError};
use crate::manifest::Catalog;
use crate::rules::is_bidi_control;

/// The format written by [`encode`].
pub const SHARED_CART_VERSION: &str = "1";
/// Most lines a shared-cart link may carry when read: far more than a micro-shop's
/// cart holds, so a cart's own link always reads back, while a link made by hand to
/// be huge is refused. [`encode`] writes every line (a cart has no line limit).
pub const MAX_SHARED_LINES: usize = 200;
/// Most of one sku a shared cart may ask for.
pub const MAX_SHARED_QUANTITY: u32 = 999;

/// One entry of a shared cart, as the link carries it (not yet checked against a catalog).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedLine {
    /// The variant's sku.
    pub sku: String,
    /// How many, 1 to [`MAX_SHARED_QUANTITY`].
    pub quantity: u32,
}

/// Why a shared-cart link could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SharedCartError {
    /// Nothing in it.
    Empty,
    /// Written in a format this version does not know (the text before the first `.`).
    UnknownVersion(String),
    /// Entry number `entry` (1-based) is not `sku` or `sku~quantity`.
    Damaged { entry: usize },
    /// More than [`MAX_SHARED_LINES`] entries.
    TooMany,
}

impl std::fmt::Display for SharedCartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SharedCartError::Empty => write!(f, "the shared cart is empty"),
            SharedCartError::UnknownVersion(v) => {
                write!(
                    f,
                    "shared cart format \"{v}\" is not known (expected \"{SHARED_CART_VERSION}\")"
                )
            }
            SharedCartError::Damaged { entry } => {
                write!(
                    f,
                    "entry {entry} of the shared cart is not `sku` or `sku~quantity`"
                )
            }
            SharedCartError::TooMany => {
                write!(f, "a shared cart carries at most {MAX_SHARED_LINES} lines")
            }
        }
    }
}

/// What happened to an entry of a shared cart when it met the catalog.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SharedNotice {
    /// No such product or variant (any more): left out.
    Unknown { sku: String },
    /// Sold out: left out.
    SoldOut { sku: String, product_id: String },
    /// The quantity was brought within stock and the per-order limits.
    Changed {
        sku: String,
        product_id: String,
        asked: u32,
        now: u32,
    },
}

/// The link text of a cart's lines, every one of them (see the module's documentation
/// for the format).
pub fn encode<'a>(lines: impl IntoIterator<Item = (&'a str, u32)>) -> String {
    let mut out = String::from(SHARED_CART_VERSION);
    for (sku, quantity) in lines {
        out.push('.');
        encode_sku(sku, &mut out);
        if quantity != 1 {
            out.push('~');
            out.push_str(&quantity.min(MAX_SHARED_QUANTITY).to_string());
        }
    }
    out
}

/// Reads a shared cart's link text; the same sku twice is added up.
pub fn decode(text: &str) -> Result<Vec<SharedLine>, SharedCartError> {
    let mut parts = text.split('.');
    let version = parts.next().unwrap_or_default();
    if version.is_empty() {
        return Err(SharedCartError::Empty);
    }
    if version != SHARED_CART_VERSION {
        let shown: String = version.chars().take(16).collect();
        return Err(SharedCartError::UnknownVersion(shown));
    }
    let mut lines: Vec<SharedLine> = Vec::new();
    for (n, entry) in parts.enumerate() {
        if n >= MAX_SHARED_LINES {
            return Err(SharedCartError::TooMany);
        }
        let damaged = SharedCartError::Damaged { entry: n + 1 };
        let (sku, quantity) = match entry.split_once('~') {
            Some((sku, q)) => (sku, parse_quantity(q).ok_or(damaged.clone())?),
            None => (entry, 1),
        };
        let sku = decode_sku(sku).ok_or(damaged)?;
        match lines.iter_mut().find(|l| l.sku == sku) {
            Some(line) => {
                line.quantity = line
                    .quantity
                    .saturating_add(quantity)
                    .min(MAX_SHARED_QUANTITY)
            }
            None => lines.push(SharedLine { sku, quantity }),
        }
    }
    if lines.is_empty() {
        return Err(SharedCartError::Empty);
    }
    Ok(lines)
}

/// Writes a sku as a link's entry carries it: `%`, `.` and `~` (the escape and the
/// separators) as `%25`, `%2E` and `%7E`, every other character as it is.
/// (A loop over bytes, not three `str::replace`s, which inline a search loop each: this
/// is in the buyer's first load, through the embed's handoff link.)
pub fn encode_sku(sku: &str, out: &mut String) {
    let mut from = 0;
    for (at, b) in sku.bytes().enumerate() {
        let escape = match b {
            b'%' => "%25",
            b'.' => "%2E",
            b'~' => "%7E",
            _ => continue,
        };
        // `at` is an ASCII byte's place, so a character's boundary.
        out.push_str(sku.get(from..at).unwrap_or_default());
        out.push_str(escape);
        from = at + 1;
    }
    out.push_str(sku.get(from..).unwrap_or_default());
}

/// The sku of a link's entry ([`encode_sku`] undone; the escapes read in either
/// case); `None` when an escape is not one of those, or the sku is not one `check`
/// accepts (1 to 64 characters, no control or bidi character).
pub fn decode_sku(text: &str) -> Option<String> {
    let mut sku = String::new();
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('%') {
        sku.push_str(before);
        sku.push(match after.get(..2)? {
            "25" => '%',
            "2E" | "2e" => '.',
            "7E" | "7e" => '~',
            _ => return None,
        });
        rest = after.get(2..)?;
    }
    sku.push_str(rest);
    // One pass, no `chars().count()` (its fast path is code of its own in the wasm).
    let mut count = 0;
    for c in sku.chars() {
        if c.is_control() || is_bidi_control(c) {
            return None;
        }
        count += 1;
    }
    (1..=64).contains(&count).then_some(sku)
}

fn parse_quantity(q: &str) -> Option<u32> {
    if q.is_empty() || q.len() > 3 || !q.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    q.parse()
        .ok()
        .filter(|n| (1..=MAX_SHARED_QUANTITY).contains(n))
}

/// The cart a shared link offers, checked against the catalog: unknown and sold-out
/// entries left out, quantities within stock and limits, each such change noticed.
pub fn shared_cart(catalog: &Catalog, lines: &[SharedLine]) -> (Cart, Vec<SharedNotice>) {
    let mut cart = Cart::default();
    let mut notices = Vec::new();
    for line in lines {
        add_noticing(
            &mut cart,
            catalog,
            &line.sku,
            line.quantity,
            line.quantity,
            &mut notices,
        );
    }
    (cart, notices)
}

/// Adds `quantity` of `sku` to `cart`; notices when the line does not end at `asked`
/// (brought within the limits) or could not be added at all.
fn add_noticing(
    cart: &mut Cart,
    catalog: &Catalog,
    sku: &str,
    quantity: u32,
    asked: u32,
    notices: &mut Vec<SharedNotice>,
) {
    let product_id = || {
        catalog
            .find_sku(sku)
            .map(|(p, _)| p.id.clone())
            .unwrap_or_default()
    };
    let sku = sku.to_owned();
    match cart.add(catalog, &sku, quantity) {
        Ok(now) if now != asked => notices.push(SharedNotice::Changed {
            product_id: product_id(),
            sku,
            asked,
            now,
        }),
        Ok(_) => {}
        Err(CartError::Unknown) => notices.push(SharedNotice::Unknown { sku }),
        Err(CartError::SoldOut) => notices.push(SharedNotice::SoldOut {
            product_id: product_id(),
            sku,
        }),
    }
}

impl Cart {
    /// The link text of this cart (see [`encode`]).
    pub fn to_shared(&self) -> String {
        encode(self.lines.iter().map(|l| (l.sku.as_str(), l.quantity)))
    }

    /// Adds another cart's lines to this one (a shared cart the buyer chose to add);
    /// notices the lines whose sum had to be lowered to stay within the limits.
    pub fn merge(&mut self, catalog: &Catalog, other: &Cart) -> Vec<SharedNotice> {
        let mut notices = Vec::new();
        for line in &other.lines {
            let before = self
                .lines
                .iter()
                .find(|l| l.sku == line.sku)
                .map_or(0, |l| l.quantity);
            let asked = before.saturating_add(line.quantity);
            add_noticing(self, catalog, &line.sku, line.quantity, asked, &mut notices);
        }
        notices
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::catalog;
    use super::*;

    fn line(sku: &str, quantity: u32) -> SharedLine {
        SharedLine {
            sku: sku.into(),
            quantity,
        }
    }

    #[test]
    fn encodes_compactly_and_reads_back() {
        let text = encode([("G-1", 2), ("T-RS", 1), ("a_b-c", 999)]);
        assert_eq!(text, "1.G-1~2.T-RS.a_b-c~999");
        assert!(text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b)));
        assert_eq!(
            decode(&text),
            Ok(vec![line("G-1", 2), line("T-RS", 1), line("a_b-c", 999)])
        );
    }

    #[test]
    fn a_long_cart_round_trips_whole() {
        // A cart has no line limit of its own: every line goes into the link.
        let cart = Cart {
            lines: (0..60)
                .map(|n| crate::cart::CartLine {
                    product_id: format!("p{n}"),
                    sku: format!("S-{n}"),
                    quantity: n % 3 + 1,
                    unit_price: crate::money::Money::ZERO,
                })
                .collect(),
        };
        let read = decode(&cart.to_shared()).expect("a cart's own link reads back");
        let expected: Vec<SharedLine> = cart
            .lines
            .iter()
            .map(|l| line(&l.sku, l.quantity))
            .collect();
        assert_eq!(read, expected);
    }

    #[test]
    fn every_sku_check_accepts_reads_back() {
        let long = "x".repeat(64);
        // `check` accepts any sku of 1-64 characters without control or bidi
        // characters: dots, tildes, spaces, percent signs, any script.
        let skus = [
            "TEE.M.RED",
            "JP 50g",
            "茶-250",
            "a~b",
            "~",
            ".",
            "%",
            "..~~%%",
            "100%",
            "%2E",
            "%252E",
            "a%7eb",
            "1.A~2",
            "<script>",
            "ü/#?&=+;",
            &long,
        ];
        let lines: Vec<(&str, u32)> = skus.iter().zip(1..).map(|(s, q)| (*s, q)).collect();
        let text = encode(lines.iter().copied());
        let read = decode(&text).expect("a cart's own link reads back");
        let expected: Vec<SharedLine> = lines.iter().map(|(s, q)| line(s, *q)).collect();
        assert_eq!(read, expected, "{text}");
        // Only the separators and the escape are escaped: the rest is the sku's own.
        assert_eq!(
            encode([("TEE.M.RED", 2), ("JP 50g", 1), ("茶-250", 3), ("5%~", 1)]),
            "1.TEE%2EM%2ERED~2.JP 50g.茶-250~3.5%25%7E"
        );
        // Escapes read in either case.
        assert_eq!(decode("1.TEE%2em%2eRED~2"), Ok(vec![line("TEE.m.RED", 2)]));
    }

    #[test]
    fn links_shared_before_skus_were_escaped_read_the_same() {
        // An id-shaped sku is written as it always was (format `1`), so a link shared
        // before skus were escaped reads the same.
        for text in [
            "1.G-1~2.T-RS.a_b-c~999",
            "1.tea-100g~2.cup",
            "1.JP-100~2.TGY-50",
        ] {
            let read = decode(text).expect("an old link reads");
            let again: Vec<(&str, u32)> =
                read.iter().map(|l| (l.sku.as_str(), l.quantity)).collect();
            assert_eq!(encode(again), text);
        }
    }

    #[test]
    fn same_sku_twice_adds_up_within_the_cap() {
        assert_eq!(decode("1.A~2.A~3"), Ok(vec![line("A", 5)]));
        assert_eq!(decode("1.A~999.A~999"), Ok(vec![line("A", 999)]));
    }

    #[test]
    fn bad_links_say_what_is_wrong() {
        assert_eq!(decode(""), Err(SharedCartError::Empty));
        assert_eq!(decode("1"), Err(SharedCartError::Empty));
        assert_eq!(
            decode("2.A"),
            Err(SharedCartError::UnknownVersion("2".into()))
        );
        for (text, entry) in [
            ("1.", 1),
            ("1.A.", 2),
            ("1.A~0", 1),
            ("1.A~1000", 1),
            ("1.A~+1", 1),
            ("1.A~", 1),
            ("1.A.B~x", 2),
            ("1.A~1~2", 1),
            // An escape is one of those `encode` writes, and the sku it gives is one
            // `check` accepts (1-64 characters, no control or bidi characters).
            ("1.A%", 1),
            ("1.A%2", 1),
            ("1.A%41", 1),
            ("1.A%0A", 1),
            ("1.A.B%2E%", 2),
            ("1.A\u{7}", 1),
            ("1.A\u{202E}B", 1),
            ("1.%茶", 1),
            ("1.%%25", 1),
        ] {
            assert_eq!(
                decode(text),
                Err(SharedCartError::Damaged { entry }),
                "{text}"
            );
        }
        let long = format!("1.{}", "x".repeat(65));
        assert_eq!(decode(&long), Err(SharedCartError::Damaged { entry: 1 }));
        let many: Vec<String> = (0..=MAX_SHARED_LINES).map(|n| format!("s{n}")).collect();
        assert_eq!(
            decode(&format!("1.{}", many.join("."))),
            Err(SharedCartError::TooMany)
        );
        let long_version = "9".repeat(100);
        match decode(&long_version) {
            Err(SharedCartError::UnknownVersion(v)) => assert_eq!(v.len(), 16),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn offered_cart_drops_unknown_and_sold_out_and_lowers_over_limit() {
        let (cart, notices) = shared_cart(
            &catalog(),
            &[
                line("G-1", 9),
                line("GONE", 1),
                line("T-BL", 1),
                line("T-RS", 2),
            ],
        );
        assert_eq!(cart.to_shared(), "1.G-1~3.T-RS~2");
        assert_eq!(
            notices,
            vec![
                SharedNotice::Changed {
                    sku: "G-1".into(),
                    product_id: "green".into(),
                    asked: 9,
                    now: 3
                },
                SharedNotice::Unknown { sku: "GONE".into() },
                SharedNotice::SoldOut {
                    sku: "T-BL".into(),
                    product_id: "tote".into()
                },
            ]
        );
    }

    #[test]
    fn merging_adds_to_the_buyers_cart_within_limits() {
        let c = catalog();
        let mut mine = Cart::default();
        mine.add(&c, "G-1", 2).expect("add");
        let (shared, _) = shared_cart(&c, &[line("G-1", 2), line("T-RS", 1)]);
        let notices = mine.merge(&c, &shared);
        assert_eq!(mine.to_shared(), "1.G-1~3.T-RS");
        assert_eq!(
            notices,
            vec![SharedNotice::Changed {
                sku: "G-1".into(),
                product_id: "green".into(),
                asked: 4,
                now: 3
            }]
        );
    }
}
