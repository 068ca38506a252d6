//! `microshop orders`: the seller's view of what arrived.
//!
//! Everything in an order but the time it arrived and its status was typed or sent by
//! a buyer's browser (or by anyone who can POST). Printed raw, an escape sequence in a
//! name could erase or rewrite lines of the seller's terminal, a carriage return could
//! overwrite a line, and a bidi override could reverse what follows. So every such
//! text is printed with those characters as visible escapes (`\u{1b}`), and line
//! titles come from the shop's own catalog when it can be read.

use crate::check;
use crate::source::Source;
use crate::store::{migrations, now_ms, Location, Store};
use microshop_core::order::{order_as_text, short_ref, OrderRequest, TextLabels};
use microshop_core::Manifest;
use std::io::Write;
use std::path::Path;

/// Prints a line; a closed pipe (`| head`) ends the listing quietly instead of panicking.
macro_rules! out {
    ($($arg:tt)*) => {
        if writeln!(std::io::stdout(), $($arg)*).is_err() {
            return Ok(());
        }
    };
}

/// Prints the orders in `db`, newest first; titles from the catalog of `manifest`.
pub fn run(db: &Location, manifest: &Path, json: bool) -> Result<(), String> {
    if let Location::Sqlite(file) = db {
        if !file.is_file() {
            return Err(format!("{} does not exist yet: no order has arrived (is `microshop serve` using another --db?)", file.display()));
        }
    }
    let store = Store::open(db).map_err(|e| format!("{}: {e}", db.describe()))?;
    let orders = store.all_orders()?;
    if json {
        for o in &orders {
            out!("{}", json_for_terminal(&o.payload));
        }
        return Ok(());
    }
    if orders.is_empty() {
        out!("no orders yet in {}", db.describe());
    }
    let shop = check::load(&Source::File(manifest.to_path_buf()), false).ok();
    if shop.is_none() && !orders.is_empty() {
        eprintln!(
            "note: line titles are as the buyers' browsers sent them: {} cannot be read (use --manifest)",
            manifest.display()
        );
    }
    for o in &orders {
        out!(
            "{}  {}  {}  {} {}  {}  [{}]",
            visible(&o.received_at),
            short_ref(&o.order_id),
            visible(&o.order_id),
            visible(&o.total),
            visible(&o.currency),
            visible(&o.customer_name),
            visible(&o.status)
        );
        if let Ok(order) = serde_json::from_str::<OrderRequest>(&o.payload) {
            let order = for_terminal(order, shop.as_ref().map(|s| (&s.manifest, &s.catalog)));
            // The first line of the text repeats the header above.
            let label = |id: &str| field_label(shop.as_ref().map(|s| &s.manifest), id);
            for line in order_as_text(&order, &TextLabels::ENGLISH, &label)
                .lines()
                .skip(1)
            {
                out!("    {line}");
            }
        }
    }
    Ok(())
}

/// `microshop migrate`: applies the migrations `db` lacks and says what it did.
pub fn migrate(db: &Location) -> Result<(), String> {
    let store = Store::connect(db).map_err(|e| format!("{}: {e}", db.describe()))?;
    let report =
        migrations::migrate(&store, now_ms()).map_err(|e| format!("{}: {e}", db.describe()))?;
    if report.from == report.to {
        println!(
            "{} is up to date (schema version {})",
            db.describe(),
            report.to
        );
    } else {
        println!(
            "{}: schema version {} -> {}",
            db.describe(),
            report.from,
            report.to
        );
    }
    Ok(())
}

/// Whether a character can move the cursor, change how the terminal reads what
/// follows, or reorder text: C0 and C1 controls, DEL, and the bidi embeddings,
/// overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

/// `text` with every unsafe character as a visible escape (`\r`, `\u{1b}`), and
/// backslashes doubled so an escape cannot be faked by typing one.
pub fn visible(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

/// A raw JSON payload, still valid JSON with the same meaning, safe to print on one
/// line: unsafe characters (only possible inside strings) as `\uXXXX` escapes, and
/// line breaks between tokens as spaces.
fn json_for_terminal(payload: &str) -> String {
    let mut out = String::with_capacity(payload.len());
    for c in payload.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if is_unsafe(c) => {
                // Outside the Basic Multilingual Plane there is nothing unsafe, so one
                // UTF-16 unit is enough.
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c => out.push(c),
        }
    }
    out
}

/// The order with every text made [`visible`], and each line's title replaced by the
/// catalog's title for its product and the shipping label by the manifest's for its
/// id (in the order's locale) when the shop is known.
fn for_terminal(
    mut order: OrderRequest,
    shop: Option<(&Manifest, &microshop_core::Catalog)>,
) -> OrderRequest {
    let fallback = shop
        .and_then(|(m, _)| m.locales.first())
        .map_or("en", String::as_str)
        .to_owned();
    for line in &mut order.lines {
        let catalog_title = shop.and_then(|(_, catalog)| {
            catalog
                .products
                .iter()
                .find(|p| p.id == line.product_id)
                .map(|p| p.title.get(&order.locale, &fallback).to_owned())
        });
        line.title = visible(catalog_title.as_deref().unwrap_or(&line.title));
        line.product_id = visible(&line.product_id);
        line.sku = visible(&line.sku);
        line.unit_price = visible(&line.unit_price);
        line.line_total = visible(&line.line_total);
        line.options = std::mem::take(&mut line.options)
            .into_iter()
            .map(|(k, v)| (visible(&k), visible(&v)))
            .collect();
    }
    order.customer = std::mem::take(&mut order.customer)
        .into_iter()
        .map(|(k, v)| (visible(&k), visible(&v)))
        .collect();
    if let Some(s) = &mut order.shipping {
        // The shop's label for the option chosen: the endpoint checks the id and the
        // price, not the label a client sends.
        let shop_label = shop.and_then(|(manifest, _)| {
            let option = manifest.shipping.iter().find(|o| o.id == s.id)?;
            Some(option.label.get(&order.locale, &fallback).to_owned())
        });
        s.label = visible(shop_label.as_deref().unwrap_or(&s.label));
        s.id = visible(&s.id);
        s.price = visible(&s.price);
    }
    for text in [
        &mut order.order_id,
        &mut order.created_at,
        &mut order.currency,
        &mut order.subtotal,
        &mut order.total,
    ] {
        *text = visible(text);
    }
    for text in [&mut order.note, &mut order.referral].into_iter().flatten() {
        *text = visible(text);
    }
    order
}

/// A checkout field's label in the shop's first locale, else its id.
fn field_label(manifest: Option<&Manifest>, id: &str) -> String {
    manifest
        .and_then(|m| {
            let field = m.checkout.fields.iter().find(|f| f.id == id)?;
            let label = field.label.as_ref()?;
            Some(visible(label.get(m.default_locale(), m.default_locale())))
        })
        .unwrap_or_else(|| visible(id))
}

#[cfg(test)]
mod tests {
    use super::{json_for_terminal, visible};

    #[test]
    fn shows_controls_and_bidi_overrides_as_escapes() {
        assert_eq!(
            visible("a\u{1b}[2K\r\n\t\u{202e}\u{2066}\u{9b}\\u{1b}"),
            "a\\u{1b}[2K\\r\\n\\t\\u{202e}\\u{2066}\\u{9b}\\\\u{1b}"
        );
        assert_eq!(visible("李伟 O'Brien"), "李伟 O'Brien");
    }

    #[test]
    fn keeps_json_valid_and_equal() {
        let raw = "{\n\"note\": \"x\u{202e}y\u{9b}z\"}";
        let safe = json_for_terminal(raw);
        assert!(!safe.contains(['\n', '\u{202e}', '\u{9b}']), "{safe}");
        let a: serde_json::Value = serde_json::from_str(raw).expect("raw");
        let b: serde_json::Value = serde_json::from_str(&safe).expect("safe");
        assert_eq!(a, b);
    }
}
