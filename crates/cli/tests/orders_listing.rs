//! `microshop orders` prints what buyers typed into a seller's terminal: it must not
//! let that text move the cursor, erase lines or reorder them.

use std::process::Command;

mod common;
use common::{minimal_order, post_order, start};

/// Text a buyer controls, with a terminal escape that erases the line, a carriage
/// return that overwrites it, and a right-to-left override that reverses it. (The
/// reference endpoint refuses the escape in a checkout field since 2026-12-07, so it
/// rides in the line's title, which the contract leaves to the client.)
const NAME: &str = "Li\u{202e} Wei";
const NOTE: &str = "ring twice\rTotal: 0.00 CNY";
const TITLE: &str = "Green tea \u{1b}[2K\u{202e}gnidarg";

fn listing(db: &std::path::Path, manifest: Option<&std::path::Path>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_microshop"));
    command.args(["orders", "--db"]).arg(db);
    if let Some(m) = manifest {
        command.arg("--manifest").arg(m);
    }
    let out = command.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf8")
}

fn assert_no_raw_controls(text: &str) {
    let raw: Vec<char> = text
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(*c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    assert!(raw.is_empty(), "raw control characters {raw:?} in:\n{text}");
}

#[test]
fn buyer_text_is_escaped_and_titles_come_from_the_catalog() {
    let server = start("listing");
    let mut order = minimal_order(9);
    order.customer.insert("name".into(), NAME.into());
    order.note = Some(NOTE.into());
    order.lines[0].title = TITLE.into();
    // REVIEW8 section 4: the endpoint checks the shipping id and price, not its label.
    order.shipping.as_mut().expect("the shop ships").label = "SF Express".into();
    let (status, body, _) = post_order(&server, &order);
    assert_eq!(status, 201, "{body}");
    let db = server.dir.join("orders.sqlite");

    // Without a manifest (none at the default dist/shop.json here), the buyer's
    // title is shown, escaped.
    let without = listing(&db, None);
    assert_no_raw_controls(&without);
    assert!(
        without.contains("1 × Green tea \\u{1b}[2K\\u{202e}gnidarg [G-1]"),
        "{without}"
    );

    let with_catalog = listing(&db, Some(&server.dir.join("dist/shop.json")));
    assert_no_raw_controls(&with_catalog);
    assert!(
        with_catalog.contains("  22.50 CNY  Li\\u{202e} Wei  [new]"),
        "{with_catalog}"
    );
    assert!(
        with_catalog.contains("Note: ring twice\\rTotal: 0.00 CNY"),
        "{with_catalog}"
    );
    assert!(
        with_catalog.contains("    1 × Green tea [G-1] 12.50 CNY\n"),
        "the title comes from the catalog: {with_catalog}"
    );
    assert!(
        with_catalog.contains("    Shipping (Post): 10.00 CNY\n"),
        "the shipping label is the shop's for the option chosen: {with_catalog}"
    );
    assert!(
        without.contains("Shipping (SF Express): 10.00 CNY"),
        "without the manifest, the label sent: {without}"
    );
}
