//! The order contract: a built order verifies; each kind of tampering or mistake is named.

use microshop_core::cart::Cart;
use microshop_core::order::*;
use microshop_core::rules::{is_order_id, is_referral_code, is_safe_redirect};

mod common;
use common::{input, order, shop, ID};

fn codes(order: &OrderRequest) -> Vec<(String, String)> {
    let (m, c) = shop();
    verify_order(&m, &c, order)
        .into_iter()
        .map(|p| (p.code, p.path))
        .collect()
}

#[test]
fn a_built_order_verifies_and_carries_everything() {
    let o = order();
    assert_eq!(o.schema, "microshop.order/1");
    assert_eq!(o.subtotal, "104.00");
    assert_eq!(
        o.shipping.as_ref().map(|s| s.price.as_str()),
        Some("0.00"),
        "free over 100"
    );
    assert_eq!(o.total, "104.00");
    assert_eq!(o.lines[0].line_total, "25.00");
    assert_eq!(
        o.lines[1].options,
        [("Colour", "Red"), ("Size", "S")]
            .into_iter()
            .collect::<Pairs>()
    );
    assert_eq!(o.note.as_deref(), Some("Ring twice"));
    assert!(!o.customer.contains_key("note"));
    assert_eq!(o.referral.as_deref(), Some("amy"));
    assert!(codes(&o).is_empty(), "{:?}", codes(&o));
    let json = serde_json::to_string(&o).expect("serializes");
    let back: OrderRequest = serde_json::from_str(&json).expect("parses");
    assert_eq!(back, o);
}

#[test]
fn referral_codes_are_plain_words() {
    assert!(is_referral_code("amy-2026"));
    assert!(!is_referral_code(""));
    assert!(!is_referral_code("<script>"));
    assert!(!is_referral_code(&"a".repeat(65)));
}

#[test]
fn only_safe_payment_urls() {
    assert!(is_safe_redirect("https://pay.example/o/1"));
    assert!(is_safe_redirect("/pay/1"));
    for bad in [
        "javascript:alert(1)",
        "http://pay.example/1",
        "//evil.example/x",
        "data:text/html,x",
    ] {
        assert!(!is_safe_redirect(bad), "{bad}");
    }
}

#[test]
fn order_ids_are_128_bits_of_hex() {
    let id = order_id_from_bytes([0xab; 16]);
    assert_eq!(id, format!("ord_{}", "ab".repeat(16)));
    assert!(is_order_id(&id));
    assert!(!is_order_id("ord_123"));
    assert!(!is_order_id(&format!("ord_{}", "AB".repeat(16))));
}

#[test]
fn tampered_price_is_a_conflict() {
    let mut o = order();
    o.lines[0].unit_price = "0.01".into();
    o.lines[0].line_total = "0.02".into();
    o.subtotal = "79.02".into();
    o.total = "89.02".into();
    o.shipping.as_mut().expect("shipping").price = "10.00".into();
    let (m, c) = shop();
    let problems = verify_order(&m, &c, &o);
    assert_eq!(problems[0].code, "price_changed");
    assert_eq!(problems[0].expected.as_deref(), Some("12.50"));
    let (status, body) = rejection(problems);
    assert_eq!(status, 409);
    assert_eq!(body.error, "prices_changed");
}

#[test]
fn wrong_sums_are_named() {
    let mut o = order();
    o.lines[0].line_total = "26.00".into();
    assert_eq!(
        codes(&o),
        vec![("line_total".into(), "lines[0].line_total".into())]
    );
    let mut o = order();
    o.subtotal = "100.00".into();
    o.total = "100.00".into();
    assert_eq!(codes(&o), vec![("subtotal".into(), "subtotal".into())]);
    let mut o = order();
    o.total = "1.00".into();
    assert_eq!(codes(&o), vec![("total".into(), "total".into())]);
}

#[test]
fn quantities_stock_and_unknown_skus() {
    let mut o = order();
    o.lines[0].quantity = 4;
    o.lines[0].line_total = "50.00".into();
    o.subtotal = "129.00".into();
    o.total = "129.00".into();
    assert_eq!(
        codes(&o),
        vec![("out_of_stock".into(), "lines[0].quantity".into())]
    );
    let mut o = order();
    o.lines[1].sku = "NOPE".into();
    assert_eq!(
        codes(&o),
        vec![("unknown_sku".into(), "lines[1].sku".into())]
    );
}

#[test]
fn one_line_per_sku() {
    let mut o = order();
    let mut again = o.lines[0].clone();
    again.quantity = 2;
    o.lines.push(again);
    o.subtotal = "129.00".into();
    o.total = "129.00".into();
    assert_eq!(
        codes(&o),
        vec![("duplicate_line".into(), "lines[2].sku".into())]
    );
}

#[test]
fn customer_fields_are_checked_again() {
    let mut o = order();
    o.customer.remove("phone");
    let (m, c) = shop();
    let problems = verify_order(&m, &c, &o);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].field.as_deref(), Some("phone"));
    assert_eq!(problems[0].reason.as_deref(), Some("missing"));
    assert_eq!(
        microshop_core::checkout::FieldError::from_code("missing"),
        Some(microshop_core::checkout::FieldError::Missing)
    );
    let (status, body) = rejection(problems);
    assert_eq!((status, body.error.as_str()), (422, "invalid_fields"));
}

#[test]
fn build_refuses_bad_input() {
    let (m, c) = shop();
    let mut cart = Cart::default();
    let at = "2026-11-28T10:00:00Z".to_owned();
    assert_eq!(
        build_order(&m, &c, &cart, &input(), "en", ID.into(), at.clone()),
        Err(BuildError::EmptyCart)
    );
    cart.add(&c, "G-1", 1).expect("add");
    let mut bad = input();
    bad.customer.insert("phone".into(), "12".into());
    assert!(
        matches!(build_order(&m, &c, &cart, &bad, "en", ID.into(), at.clone()), Err(BuildError::Fields(f)) if f.len() == 1)
    );
    let mut no_ship = input();
    no_ship.shipping_id = None;
    assert_eq!(
        build_order(&m, &c, &cart, &no_ship, "en", ID.into(), at),
        Err(BuildError::Shipping)
    );
}

#[test]
fn wrong_shop_currency_and_schema() {
    let mut o = order();
    o.shop_id = "other".into();
    o.currency = "USD".into();
    o.schema = "x".into();
    let got: Vec<String> = codes(&o).into_iter().map(|(c, _)| c).collect();
    assert_eq!(got, vec!["schema", "shop", "currency"]);
}

#[test]
fn an_order_reads_as_text_for_a_chat() {
    let text = order_as_text(&order(), &TextLabels::ENGLISH, &|id| id.to_owned());
    assert!(
        text.starts_with(&format!(
            "Order {} · {ID} (2026-11-28T10:00:00Z)\n",
            short_ref(ID)
        )),
        "{text}"
    );
    assert!(text.contains("2 × Green tea [G-1] 25.00 CNY\n"), "{text}");
    assert!(
        text.contains("1 × Tote (Colour: Red, Size: S) [T-RS] 79.00 CNY\n"),
        "{text}"
    );
    assert!(text.contains("Total: 104.00 CNY\n"));
    assert!(text.contains("address: 1 Tea Street, Fuzhou\n"));
    assert!(text.contains("Note: Ring twice\n") && text.contains("Referral: amy\n"));
}

/// Review finding: a line total or subtotal too large to add up skipped the sum
/// checks, so an order with made-up totals was accepted.
#[test]
fn amounts_too_large_to_add_up_are_reported() {
    let doc = include_str!("fixtures/minimal.json").replace(
        r#""price": "12.50", "stock": 3"#,
        r#""price": "50000000000000000.00", "stock": 3"#,
    );
    let m = microshop_core::decode_manifest(&doc).expect("valid").value;
    let microshop_core::CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline catalog");
    };
    let mut o = order();
    o.lines.truncate(1);
    o.lines[0].unit_price = "50000000000000000.00".into();
    o.lines[0].quantity = 2;
    o.lines[0].line_total = "1.00".into();
    o.subtotal = "1.00".into();
    o.total = "1.00".into();
    o.shipping = Some(OrderShipping {
        id: "post".into(),
        label: "Post".into(),
        price: "0.00".into(),
    });
    let problems = verify_order(&m, c, &o);
    assert!(
        problems
            .iter()
            .any(|p| p.code == "amount" && p.path == "lines[0].line_total"),
        "{problems:?}"
    );
}

/// Review finding: a note was accepted by a shop whose checkout has no note field.
#[test]
fn a_note_needs_a_note_field() {
    let doc = include_str!("fixtures/minimal.json").replace(
        r#""shipping": [{"id""#,
        r#""checkout": {"fields": [{"id": "name", "kind": "name", "required": true}, {"id": "phone", "kind": "phone"}, {"id": "address", "kind": "address"}]},
  "shipping": [{"id""#,
    );
    let m = microshop_core::decode_manifest(&doc).expect("valid").value;
    let microshop_core::CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline catalog");
    };
    let o = order();
    assert!(o.note.is_some());
    let problems = verify_order(&m, c, &o);
    assert!(
        problems
            .iter()
            .any(|p| p.code == "field" && p.path == "note"),
        "{problems:?}"
    );
}

#[test]
fn options_and_details_keep_the_shops_order() {
    // Size before colour in the manifest, and the checkout asks for the phone first.
    let doc = include_str!("fixtures/minimal.json")
        .replace(
            r#"{"id": "colour", "name": "Colour", "values": [{"id": "red", "label": {"en": "Red"}}, "Blue"]},
          {"id": "size", "name": "Size", "values": ["S", "L"]}"#,
            r#"{"id": "size", "name": "Size", "values": ["S", "L"]},
          {"id": "colour", "name": "Colour", "values": [{"id": "red", "label": {"en": "Red"}}, "Blue"]}"#,
        )
        .replace(
            r#""shipping": [{"id""#,
            r#""checkout": {"fields": [{"id": "phone", "kind": "phone", "required": true, "label": "Mobile"}, {"id": "name", "kind": "name", "required": true}]},
  "shipping": [{"id""#,
        );
    let m = microshop_core::decode_manifest(&doc).expect("valid").value;
    let microshop_core::CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline catalog");
    };
    let mut cart = Cart::default();
    cart.add(c, "T-RS", 1).expect("add");
    let o = build_order(&m, c, &cart, &input(), "en", ID.into(), "t".into()).expect("builds");
    let options: Vec<&String> = o.lines[0].options.iter().map(|(k, _)| k).collect();
    assert_eq!(options, ["Size", "Colour"]);
    let fields: Vec<&String> = o.customer.iter().map(|(k, _)| k).collect();
    assert_eq!(fields, ["phone", "name"]);
    let label = |id: &str| {
        if id == "phone" {
            "Mobile".to_owned()
        } else {
            id.to_owned()
        }
    };
    let text = order_as_text(&o, &TextLabels::ENGLISH, &label);
    assert!(text.contains("1 × Tote (Size: S, Colour: Red)"), "{text}");
    assert!(
        text.contains("Mobile: +86 138 0000 0000\nname: Li Wei\n"),
        "{text}"
    );
    // The order survives the wire in that order.
    let back: OrderRequest =
        serde_json::from_str(&serde_json::to_string(&o).expect("json")).expect("parses");
    assert_eq!(back, o);
}

#[test]
fn short_references_are_readable_and_stable() {
    let r = short_ref(ID);
    assert_eq!(r.len(), 9);
    assert_eq!(&r[4..5], "-");
    assert!(
        r.chars().all(|c| c == '-'
            || (c.is_ascii_alphanumeric() && !"ILOU".contains(c) && !c.is_ascii_lowercase())),
        "{r}"
    );
    assert_eq!(short_ref(ID), r, "the same id gives the same reference");
    assert_ne!(short_ref("ord_ffffffffff0000000000000000000000"), r);
    assert_eq!(
        short_ref("ord_0000000000ffffffffffffffffffffff"),
        "0000-0000"
    );
}

#[test]
fn an_address_needed_only_for_post_is_not_demanded_for_pickup() {
    let doc = include_str!("fixtures/minimal.json").replace(
        r#""shipping": [{"id": "post", "label": "Post", "price": "10", "free_over": "100"}]"#,
        r#""checkout": {"fields": [{"id": "name", "kind": "name", "required": true}, {"id": "address", "kind": "address", "required": ["post"]}]},
  "shipping": [{"id": "post", "label": "Post", "price": "10", "free_over": "100"}, {"id": "pickup", "label": "Pick up at the shop", "price": "0"}]"#,
    );
    let m = microshop_core::decode_manifest(&doc).expect("valid").value;
    let microshop_core::CatalogSource::Inline(c) = &m.catalog else {
        panic!("inline catalog");
    };
    let mut cart = Cart::default();
    cart.add(c, "G-1", 1).expect("add");
    let mut pickup = input();
    pickup.customer.remove("address");
    pickup.shipping_id = Some("pickup".into());
    let o = build_order(&m, c, &cart, &pickup, "en", ID.into(), "t".into())
        .expect("no address for pickup");
    assert!(
        verify_order(&m, c, &o).is_empty(),
        "{:?}",
        verify_order(&m, c, &o)
    );
    let mut post = pickup.clone();
    post.shipping_id = Some("post".into());
    assert!(matches!(
        build_order(&m, c, &cart, &post, "en", ID.into(), "t".into()),
        Err(BuildError::Fields(f)) if f.contains_key("address")
    ));
    // An endpoint checks it too: the same order switched to post lacks the address.
    let mut tampered = o.clone();
    tampered.shipping = Some(OrderShipping {
        id: "post".into(),
        label: "Post".into(),
        price: "10.00".into(),
    });
    tampered.total = "22.50".into();
    assert!(verify_order(&m, c, &tampered)
        .iter()
        .any(|p| p.field.as_deref() == Some("address")));
}

/// Finding: 17,000 made-up `customer` keys per order were stored and shown to the
/// seller as checkout fields. A key that is not a checkout field of the shop is a
/// field problem at `customer.<key>`.
#[test]
fn customer_keys_that_are_not_checkout_fields_are_refused() {
    let (m, c) = shop();
    let mut o = order();
    o.customer.insert(
        "payment".into(),
        "PAID IN FULL by bank transfer, ship 10 units".into(),
    );
    let problems = verify_order(&m, &c, &o);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(
        (problems[0].code.as_str(), problems[0].path.as_str()),
        ("field", "customer.payment")
    );
    assert_eq!(problems[0].field.as_deref(), Some("payment"));
    assert_eq!(problems[0].reason.as_deref(), Some("unknown"));
    assert_eq!(problems[0].message, "is not a checkout field of this shop");
    let (status, body) = rejection(problems);
    assert_eq!((status, body.error.as_str()), (422, "invalid_fields"));

    // The note field's value travels in `note`, never in `customer`.
    let mut o = order();
    o.customer.insert("note".into(), "Ring twice".into());
    let paths: Vec<String> = verify_order(&m, &c, &o)
        .into_iter()
        .map(|p| p.path)
        .collect();
    assert_eq!(paths, vec!["customer.note".to_owned()]);

    // Thousands of them: a bounded answer, every key counted.
    let mut o = order();
    for i in 0..17_000 {
        o.customer.insert(format!("k{i:05}"), "v".into());
    }
    let problems = verify_order(&m, &c, &o);
    assert_eq!(problems.len(), 11, "ten named, then one for the rest");
    assert_eq!(problems[0].path, "customer.k00000");
    assert_eq!(problems[10].path, "customer");
    assert_eq!(
        problems[10].message,
        "has 16990 more keys that are not checkout fields of this shop"
    );
    assert_eq!(rejection(problems).1.error, "invalid_fields");
}

/// Finding: U+0000 in a checkout field or `created_at` was stored by SQLite and made
/// PostgreSQL fail (503, resent by the storefront, never stored). Control
/// characters are refused in every checkout field (line breaks only in the
/// multi-line address and note), in `created_at` and in `locale`.
#[test]
fn control_characters_in_details_are_refused() {
    let (m, c) = shop();
    let refused = |edit: &dyn Fn(&mut OrderRequest)| {
        let mut o = order();
        edit(&mut o);
        verify_order(&m, &c, &o)
            .into_iter()
            .map(|p| (p.code, p.path, p.reason, p.message))
            .collect::<Vec<_>>()
    };
    let field = |path: &str| {
        vec![(
            "field".to_owned(),
            path.to_owned(),
            Some("control".to_owned()),
            "contains an invisible control character".to_owned(),
        )]
    };
    assert_eq!(
        refused(&|o| {
            o.customer.insert("name".into(), "Li\u{0}Wei".into());
        }),
        field("customer.name")
    );
    assert_eq!(
        refused(&|o| {
            o.customer.insert("name".into(), "Li\u{1}Wei".into());
        }),
        field("customer.name")
    );
    // A tab, pasted from a spreadsheet row or a PDF, is harmless in both stores (the
    // seller's CSV neutralises a leading one): an order queued by the earlier build
    // with one is taken when resent.
    assert!(
        refused(&|o| {
            o.customer.insert("name".into(), "Li\tWei".into());
            o.customer
                .insert("address".into(), "1 Tea Street\tFlat 2\nFuzhou".into());
            o.note = Some("Ring\ttwice".into());
        })
        .is_empty(),
        "a tab is taken in every field"
    );
    assert_eq!(
        refused(&|o| {
            o.customer
                .insert("address".into(), "1 Tea St\u{1b}[2J\nFuzhou".into());
        }),
        field("customer.address")
    );
    assert_eq!(
        refused(&|o| o.note = Some("Ring\u{0} twice".into())),
        field("customer.note")
    );
    assert!(
        refused(&|o| {
            o.customer
                .insert("address".into(), "1 Tea Street\r\nFuzhou".into());
            o.note = Some("Ring twice\nthen wait".into());
        })
        .is_empty(),
        "the address and the note may have several lines"
    );
    assert_eq!(
        refused(&|o| o.created_at = "2026-11-28T10:00:00Z\u{0}".into()),
        vec![(
            "created_at".to_owned(),
            "created_at".to_owned(),
            None,
            "contains an invisible control character".to_owned()
        )]
    );
    assert_eq!(
        refused(&|o| o.locale = "en\u{7}".into()),
        vec![(
            "locale".to_owned(),
            "locale".to_owned(),
            None,
            "contains an invisible control character".to_owned()
        )]
    );
}

/// The checkout's own check (the storefront's, before sending) takes a pasted tab
/// in any field and names a control character as the cause, not "please check it".
#[test]
fn the_checkouts_check_takes_a_tab_and_names_a_control_character() {
    use microshop_core::checkout::{check_field, FieldError};
    let (m, _) = shop();
    let field = |id: &str| {
        m.checkout
            .fields
            .iter()
            .find(|f| f.id == id)
            .expect("field")
            .clone()
    };
    let (name, address) = (field("name"), field("address"));
    assert_eq!(
        check_field(&address, "1 Main St\tFlat 2", Some("post")),
        Ok(())
    );
    assert_eq!(check_field(&name, "Li\tWei", Some("post")), Ok(()));
    assert_eq!(
        check_field(&name, "Li\u{1}Wei", Some("post")),
        Err(FieldError::Control)
    );
    assert_eq!(
        check_field(&address, "1 Main St\u{1b}[2J", Some("post")),
        Err(FieldError::Control)
    );
    assert_eq!(FieldError::from_code("control"), Some(FieldError::Control));
}
