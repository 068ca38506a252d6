//! The inbox API against a real `microshop serve`: the list (newest first, counts,
//! filters, search by reference, name and phone, paging), one order in full, the
//! status journey with every refusal (impossible, stale, missing reason, bad link),
//! the buyer's status read, and the CSV export of a date range. The list and the
//! status journey run on SQLite and on PostgreSQL. A line shows the catalog's
//! title and option labels for its sku, the buyer's own only as what they sent.

mod common;
mod desk;
mod stores;

use desk::{order_for, place, request, start_desk, start_desk_with, Seller};
use serde_json::{json, Value};
use stores::{Backend, TestDb};

/// Places four orders (oldest first) and returns their ids, references and secrets.
fn four_orders(server: &common::Server, seller: &Seller) -> Vec<(String, String, String)> {
    let buyers = [
        (1, "G-1", 1, "Chen Jing", "+86 139 1111 2222"),
        (2, "T-RS", 2, "Ana Silva", "+351 912 345 678"),
        (3, "T-RS", 1, "佐藤 健", "+81 90 1234 5678"),
        (
            4,
            "G-1",
            2,
            "=HYPERLINK(\"http://evil.example\")",
            "13800000004",
        ),
    ];
    buyers
        .iter()
        .map(|(byte, sku, qty, name, phone)| {
            let order = order_for(*byte, sku, *qty, name, phone);
            let secret = place(server, &order);
            let one = seller.get(&format!("/_seller/api/orders/{}", order.order_id));
            assert_eq!(one.status, 200, "{}", one.text());
            let reference = one.json()["order"]["reference"]
                .as_str()
                .expect("a reference")
                .to_owned();
            (order.order_id.clone(), reference, secret)
        })
        .collect()
}

fn listed(answer: &desk::Answer) -> Vec<String> {
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["orders"]
        .as_array()
        .expect("orders")
        .iter()
        .map(|o| o["order_id"].as_str().expect("id").to_owned())
        .collect()
}

/// The list and the status journey, on whichever database `server` uses.
fn inbox_and_status_journey(server: &common::Server) {
    let seller = Seller::sign_in(server);
    let placed = four_orders(server, &seller);
    let ids: Vec<String> = placed.iter().map(|p| p.0.clone()).collect();

    // Newest first, each with its summary; every status counted.
    let answer = seller.get("/_seller/api/orders");
    let newest_first: Vec<String> = ids.iter().rev().cloned().collect();
    assert_eq!(listed(&answer), newest_first);
    let body = answer.json();
    assert_eq!(
        body["counts"],
        json!({"new": 4, "paid": 0, "shipped": 0, "completed": 0, "cancelled": 0})
    );
    assert_eq!(body["next"], Value::Null);
    let ana = &body["orders"][2];
    assert_eq!(ana["customer_name"], "Ana Silva");
    assert_eq!(ana["status"], "new");
    assert_eq!(ana["currency"], "CNY");
    assert_eq!(ana["total"], "158.00", "2 x 79, shipping free over 100");
    assert_eq!(ana["lines"], 2, "items, quantities summed");
    assert!(ana["received_at"]
        .as_str()
        .is_some_and(|t| t.ends_with('Z')));
    assert_eq!(answer.header("cache-control").as_deref(), Some("no-store"));

    // Search: the reference as printed (with #, any case), a name, phone digits.
    let (ana_id, ana_ref, ana_secret) = &placed[1];
    for q in [
        ana_ref.clone(),
        format!("%23{}", ana_ref.to_lowercase()),
        "silva".to_owned(),
        "912%20345-678".to_owned(),
    ] {
        let found = listed(&seller.get(&format!("/_seller/api/orders?q={q}")));
        assert_eq!(found, vec![ana_id.clone()], "q={q}");
    }
    assert_eq!(
        listed(&seller.get("/_seller/api/orders?q=%E4%BD%90%E8%97%A4")),
        vec![ids[2].clone()],
        "a Japanese name"
    );
    assert!(listed(&seller.get("/_seller/api/orders?q=nobody")).is_empty());

    // Paging: two at a time, the cursor as it came, to the end.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/_seller/api/orders?limit=2&cursor={c}"),
            None => "/_seller/api/orders?limit=2".to_owned(),
        };
        let page = seller.get(&path);
        seen.extend(listed(&page));
        match page.json()["next"].as_str() {
            Some(next) => cursor = Some(next.replace(':', "%3A")),
            None => break,
        }
    }
    assert_eq!(seen, newest_first);

    // Bad filters are named.
    for (path, field) in [
        ("/_seller/api/orders?status=lost", "status"),
        ("/_seller/api/orders?limit=0", "limit"),
        ("/_seller/api/orders?limit=many", "limit"),
        ("/_seller/api/orders?cursor=yesterday", "cursor"),
    ] {
        let answer = seller.get(path);
        assert_eq!(answer.status, 422, "{path}: {}", answer.text());
        assert_eq!(answer.json()["problems"][0]["path"], field, "{path}");
    }

    // The journey: paid, shipped with tracking, completed; each version once.
    let status = |to: Value| seller.post_json(&format!("/_seller/api/orders/{ana_id}/status"), &to);
    let paid = status(json!({"to": "paid", "version": 1}));
    assert_eq!(paid.status, 200, "{}", paid.text());
    assert_eq!(paid.json()["order"]["status"], "paid");
    assert_eq!(paid.json()["order"]["version"], 2);
    assert_eq!(
        paid.json()["next_statuses"],
        json!(["shipped", "cancelled"])
    );
    // A page still at version 1 (another tab) is refused, and nothing changes.
    let stale = status(json!({"to": "cancelled", "version": 1, "reason": "Out of stock"}));
    assert_eq!(stale.status, 409, "{}", stale.text());
    assert_eq!(stale.json()["error"], "changed_elsewhere");
    assert!(stale.json()["message"]
        .as_str()
        .is_some_and(|m| m.contains("reload")));
    // What core's rules refuse, in its sentence or at its field.
    let refused = status(json!({"to": "completed", "version": 2}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["error"], "transition");
    assert_eq!(
        refused.json()["message"],
        "An order that is paid cannot become completed: it can become shipped or cancelled."
    );
    let refused = status(json!({"to": "new", "version": 2}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["error"], "transition");
    let refused = status(
        json!({"to": "shipped", "version": 2, "tracking_note": "SF 123", "tracking_url": "ftp://track.example/1"}),
    );
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(refused.json()["problems"][0]["path"], "tracking_url");
    let refused = status(json!({"to": "shipped", "version": 2}));
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(refused.json()["problems"][0]["path"], "tracking_note");
    let refused = status(json!({"to": "lost", "version": 2}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["problems"][0]["path"], "to");
    let refused = status(json!({"to": "paid"}));
    assert_eq!(refused.status, 422);
    assert_eq!(refused.json()["problems"][0]["path"], "version");
    let refused = seller.send(
        "POST",
        &format!("/_seller/api/orders/{ana_id}/status"),
        "application/json",
        b"{not json",
    );
    assert_eq!(refused.status, 400);
    let shipped = status(
        json!({"to": "shipped", "version": 2, "tracking_note": "SF Express SF1234567890", "tracking_url": "https://tracking.example/SF1234567890"}),
    );
    assert_eq!(shipped.status, 200, "{}", shipped.text());
    let order = &shipped.json()["order"];
    assert_eq!(order["tracking_note"], "SF Express SF1234567890");
    assert_eq!(
        order["tracking_url"],
        "https://tracking.example/SF1234567890"
    );

    // The buyer, with the order's secret, follows it: status, tracking, history.
    let buyer = request(
        server,
        "GET",
        &format!("/api/orders/{ana_id}"),
        &[("order-secret", ana_secret)],
        None,
    );
    assert_eq!(buyer.status, 200, "{}", buyer.text());
    let public = buyer.json();
    assert_eq!(public["status"], "shipped");
    assert_eq!(public["tracking_note"], "SF Express SF1234567890");
    assert_eq!(
        public["tracking_url"],
        "https://tracking.example/SF1234567890"
    );
    let steps: Vec<&str> = public["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|h| h["status"].as_str().expect("status"))
        .collect();
    assert_eq!(steps, ["new", "paid", "shipped"]);
    assert!(public.get("customer_name").is_none(), "no personal data");
    let wrong = request(
        server,
        "GET",
        &format!("/api/orders/{ana_id}"),
        &[("order-secret", "not-the-secret")],
        None,
    );
    assert_eq!(wrong.status, 404);

    // Cancelling needs a reason; with one, the buyer reads it.
    let (chen_id, _, chen_secret) = &placed[0];
    let cancel =
        |body: Value| seller.post_json(&format!("/_seller/api/orders/{chen_id}/status"), &body);
    let refused = cancel(json!({"to": "cancelled", "version": 1, "reason": "  "}));
    assert_eq!(refused.status, 422, "{}", refused.text());
    assert_eq!(refused.json()["problems"][0]["path"], "reason");
    let cancelled = cancel(json!({"to": "cancelled", "version": 1, "reason": "Out of stock"}));
    assert_eq!(cancelled.status, 200, "{}", cancelled.text());
    assert_eq!(cancelled.json()["next_statuses"], json!([]));
    let buyer = request(
        server,
        "GET",
        &format!("/api/orders/{chen_id}"),
        &[("order-secret", chen_secret)],
        None,
    );
    assert_eq!(buyer.json()["cancel_reason"], "Out of stock");

    // The history keeps each change with its time; the counts follow.
    let one = seller.get(&format!("/_seller/api/orders/{ana_id}")).json();
    let history: Vec<(String, String)> = one["history"]
        .as_array()
        .expect("history")
        .iter()
        .map(|e| {
            assert!(e["at_ms"].as_i64().is_some_and(|t| t > 0));
            (
                e["kind"].as_str().unwrap_or("").to_owned(),
                e["detail"]["to"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(
        history,
        [
            ("created".to_owned(), String::new()),
            ("status".to_owned(), "paid".to_owned()),
            ("status".to_owned(), "shipped".to_owned()),
        ]
    );
    let counts = seller.get("/_seller/api/orders").json()["counts"].clone();
    assert_eq!(
        counts,
        json!({"new": 2, "paid": 0, "shipped": 1, "completed": 0, "cancelled": 1})
    );
    assert_eq!(
        listed(&seller.get("/_seller/api/orders?status=shipped")),
        vec![ana_id.clone()]
    );
}

#[test]
fn inbox_and_status_journey_on_sqlite() {
    let server = start_desk("inbox-sqlite");
    inbox_and_status_journey(&server);
}

#[test]
fn inbox_and_status_journey_on_postgres() {
    let db = TestDb::new(Backend::Postgres, "desk_inbox");
    let url = match &db.location {
        microshop_cli::store::Location::Postgres(url) => url.clone(),
        microshop_cli::store::Location::Sqlite(_) => unreachable!("a PostgreSQL database"),
    };
    let server = start_desk_with(
        "inbox-postgres",
        |_| None,
        |command| {
            command.arg("--db").arg(&url);
        },
    );
    inbox_and_status_journey(&server);
}

#[test]
fn one_order_in_full() {
    let server = start_desk("inbox-one");
    let seller = Seller::sign_in(&server);
    let order = order_for(9, "T-RS", 1, "Li Wei", "+86 138 0000 0000");
    place(&server, &order);
    let answer = seller.get(&format!("/_seller/api/orders/{}", order.order_id));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let full = answer.json();
    let o = &full["order"];
    assert_eq!(o["status"], "new");
    assert_eq!(o["version"], 1);
    assert_eq!(o["locale"], "en");
    assert_eq!(o["tracking_note"], Value::Null);
    assert_eq!(o["lines"][0]["sku"], "T-RS");
    assert_eq!(
        o["lines"][0]["options"],
        json!({"Colour": "Red", "Size": "S"})
    );
    assert_eq!(o["lines"][0]["quantity"], 1);
    assert_eq!(o["subtotal"], "79.00");
    assert_eq!(o["shipping"]["label"], "Post");
    assert_eq!(
        o["customer"],
        json!([
            {"id": "name", "label": "Name", "value": "Li Wei"},
            {"id": "phone", "label": "Phone", "value": "+86 138 0000 0000"},
            {"id": "address", "label": "Address", "value": "1 Tea Street\nGulou"},
        ])
    );
    assert_eq!(full["history"][0]["kind"], "created");
    assert_eq!(full["announcements"], json!([]));
    assert_eq!(full["next_statuses"], json!(["paid", "cancelled"]));
    // An order that is not there, and an address that names none.
    let unknown = microshop_core::order::order_id_from_bytes([200; 16]);
    for path in [
        format!("/_seller/api/orders/{unknown}"),
        "/_seller/api/orders/..%2F..%2Fetc".to_owned(),
        format!("/_seller/api/orders/{unknown}/status"),
    ] {
        let answer = if path.ends_with("/status") {
            seller.post_json(&path, &json!({"to": "paid", "version": 1}))
        } else {
            seller.get(&path)
        };
        assert_eq!(answer.status, 404, "{path}: {}", answer.text());
        assert_eq!(answer.json()["error"], "not_found");
    }
    // /me names the shop.
    let me = seller.get("/_seller/api/me").json();
    assert_eq!(me["shop_id"], "tiny-shop");
    assert_eq!(me["shop_name"], "小店");
    assert_eq!(me["default_locale"], "zh-CN");
    assert_eq!(me["currency"], "CNY");
    assert_eq!(
        me["statuses"],
        json!(["new", "paid", "shipped", "completed", "cancelled"])
    );
}

#[test]
fn orders_export_as_csv_for_a_spreadsheet() {
    let server = start_desk("inbox-csv");
    let seller = Seller::sign_in(&server);
    let placed = four_orders(&server, &seller);
    let today = microshop_cli::store::now_rfc3339()[..10].to_owned();
    let answer = seller.get(&format!("/_seller/api/orders.csv?from={today}&to={today}"));
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("content-type").as_deref(),
        Some("text/csv; charset=utf-8")
    );
    assert_eq!(
        answer.header("content-disposition"),
        Some(format!(
            "attachment; filename=\"orders-{today}-{today}.csv\""
        ))
    );
    assert_eq!(&answer.body[..3], b"\xEF\xBB\xBF", "UTF-8 BOM");
    let text = String::from_utf8(answer.body[3..].to_vec()).expect("UTF-8");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    for column in [
        "reference",
        "status",
        "sku",
        "quantity",
        "line_total",
        "customer.name",
        "customer.phone",
    ] {
        assert!(header.iter().any(|h| h == column), "{column} in {header:?}");
    }
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 4, "one row per order line");
    let column = |name: &str| header.iter().position(|h| h == name).expect("column");
    let names: Vec<&str> = records
        .iter()
        .map(|r| &r[column("customer.name")])
        .collect();
    assert_eq!(
        names,
        [
            "Chen Jing",
            "Ana Silva",
            "佐藤 健",
            "'=HYPERLINK(\"http://evil.example\")"
        ],
        "oldest first; a formula is text"
    );
    assert_eq!(&records[0][column("reference")], placed[0].1.as_str());
    assert_eq!(&records[1][column("customer.phone")], "'+351 912 345 678");
    // Days without orders: the header alone.
    let empty = seller.get("/_seller/api/orders.csv?from=2020-01-01&to=2020-01-31");
    assert_eq!(empty.status, 200);
    assert_eq!(String::from_utf8_lossy(&empty.body[3..]).lines().count(), 1);
    // Bad ranges are named.
    for (query, field) in [
        ("from=2026-02-31&to=2026-03-01", "from"),
        ("from=2026-03-01&to=2026-02-01", "to"),
        ("from=2026-03-01", "to"),
        ("from=yesterday&to=today", "from"),
        ("from=2000-01-01&to=2026-01-01", "to"),
    ] {
        let answer = seller.get(&format!("/_seller/api/orders.csv?{query}"));
        assert_eq!(answer.status, 422, "{query}: {}", answer.text());
        assert_eq!(answer.json()["problems"][0]["path"], field, "{query}");
    }
    let reversed = seller.get("/_seller/api/orders.csv?from=2026-03-01&to=2026-02-01");
    assert_eq!(
        reversed.json()["problems"][0]["message"],
        "The last day is before the first."
    );
}

/// finding 7: a buyer's client may send any title and options for a line (the
/// contract relies on the sku); the seller's order shows the catalog's title and
/// option labels for the sku in the order's locale, and what the buyer sent only
/// as `sent_title` / `sent_options`, and only when it differs.
#[test]
fn a_line_shows_the_catalogs_title_and_options_not_the_buyers() {
    let server = start_desk("inbox-titles");
    let seller = Seller::sign_in(&server);
    let mut order = order_for(11, "T-RS", 1, "Li Wei", "+86 138 0000 0000");
    order.lines[0].title = "1 kg GOLD BAR (seller agreed)".into();
    order.lines[0].options = [("Quantity agreed".to_owned(), "10 units, paid".to_owned())]
        .into_iter()
        .collect();
    place(&server, &order);
    let honest = order_for(12, "T-RS", 1, "Chen Jie", "+86 139 0000 0000");
    place(&server, &honest);
    let line = |id: &str| order_view(&seller, id)["lines"][0].clone();
    let forged = line(&order.order_id);
    assert_eq!(forged["title"], "Tote", "{forged}");
    assert_eq!(
        forged["options"],
        json!({"Colour": "Red", "Size": "S"}),
        "{forged}"
    );
    assert_eq!(forged["sent_title"], "1 kg GOLD BAR (seller agreed)");
    assert_eq!(
        forged["sent_options"],
        json!({"Quantity agreed": "10 units, paid"})
    );
    let kept = line(&honest.order_id);
    assert_eq!(kept["title"], "Tote");
    assert_eq!(kept["options"], json!({"Colour": "Red", "Size": "S"}));
    assert!(
        kept.get("sent_title").is_none() && kept.get("sent_options").is_none(),
        "what the buyer sent is the catalog's: {kept}"
    );
    // The CSV export says the same: the catalog's words in `title` and `options`,
    // the buyer's in `sent_title` / `sent_options` only where they differ.
    let (header, records) = todays_csv(&seller);
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let row = |id: &str| {
        records
            .iter()
            .find(|r| &r[column("order_id")] == id)
            .unwrap_or_else(|| panic!("a row for {id}"))
    };
    let forged = row(&order.order_id);
    assert_eq!(&forged[column("title")], "Tote");
    assert_eq!(&forged[column("options")], "Colour: Red; Size: S");
    assert_eq!(
        &forged[column("sent_title")],
        "1 kg GOLD BAR (seller agreed)"
    );
    assert_eq!(
        &forged[column("sent_options")],
        "Quantity agreed: 10 units, paid"
    );
    let kept = row(&honest.order_id);
    assert_eq!(&kept[column("title")], "Tote");
    assert_eq!(&kept[column("sent_title")], "");
    assert_eq!(&kept[column("sent_options")], "");
}

/// REVIEW8 section 4: the endpoint checks the shipping option's id and price, not
/// its label, so an order for one option could carry another's name ("SF Express"
/// on the free pickup). The order view and the CSV export show the shop's label for
/// the chosen id; the view keeps the buyer's words as `sent_label`, only where they
/// differ.
#[test]
fn the_shipping_shown_is_the_shops_option_not_the_buyers_label() {
    let server = start_desk("inbox-shipping");
    let seller = Seller::sign_in(&server);
    let mut order = order_for(13, "G-1", 1, "Li Wei", "+86 138 0000 0000");
    order.shipping.as_mut().expect("the shop ships").label = "SF Express".into();
    place(&server, &order);
    let honest = order_for(14, "G-1", 1, "Chen Jie", "+86 139 0000 0000");
    place(&server, &honest);
    let shipping = |id: &str| order_view(&seller, id)["shipping"].clone();
    assert_eq!(
        shipping(&order.order_id),
        json!({"id": "post", "label": "Post", "price": "10.00", "sent_label": "SF Express"})
    );
    assert_eq!(
        shipping(&honest.order_id),
        json!({"id": "post", "label": "Post", "price": "10.00"})
    );
    let (header, records) = todays_csv(&seller);
    let column = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    for id in [&order.order_id, &honest.order_id] {
        let row = records
            .iter()
            .find(|r| &r[column("order_id")] == id.as_str())
            .unwrap_or_else(|| panic!("a row for {id}"));
        assert_eq!(&row[column("shipping")], "Post", "{row:?}");
    }
}

/// An order stored before verify refused customer keys that are not checkout
/// fields may hold thousands of made-up ones (written here straight into the
/// SQLite store, past the API's 422): the CSV export has a column for each, the
/// order's own values in them, and the order in full lists each once, checkout
/// fields first. Reading such an order compared each key with every key read
/// before it (~200 million comparisons at 20,000 keys, per export and per view);
/// core's pairs test counts the comparisons, this one the columns.
#[test]
fn an_old_order_with_20000_made_up_customer_keys_exports_every_column() {
    const KEYS: usize = 20_000;
    let server = start_desk("inbox-many-keys");
    let seller = Seller::sign_in(&server);
    let order = order_for(11, "G-1", 1, "Li Wei", "+86 138 0000 0000");
    place(&server, &order);
    let db = rusqlite::Connection::open(server.dir.join("orders.sqlite")).expect("the store");
    let payload: String = db
        .query_row(
            "SELECT payload FROM orders WHERE order_id = ?1",
            [&order.order_id],
            |row| row.get(0),
        )
        .expect("the order");
    let mut payload: Value = serde_json::from_str(&payload).expect("JSON");
    let customer = payload["customer"].as_object_mut().expect("customer");
    let own = customer.len();
    for k in 0..KEYS {
        customer.insert(format!("x{k:05}"), format!("v{k}").into());
    }
    db.execute(
        "UPDATE orders SET payload = ?1 WHERE order_id = ?2",
        [payload.to_string(), order.order_id.clone()],
    )
    .expect("stored");
    drop(db);

    let (header, records) = todays_csv(&seller);
    assert_eq!(records.len(), 1, "one line");
    let customer_columns: Vec<usize> = (0..header.len())
        .filter(|&i| header[i].starts_with("customer."))
        .collect();
    assert_eq!(customer_columns.len(), own + KEYS, "a column per key, once");
    let first = header
        .iter()
        .position(|h| h == "customer.x00000")
        .expect("the first made-up key's column");
    assert_eq!(
        header[first + KEYS - 1],
        "customer.x19999",
        "in the order stored"
    );
    assert_eq!(&records[0][first + 12_345], "v12345");
    let filled = customer_columns
        .iter()
        .filter(|&&i| !records[0][i].is_empty())
        .count();
    assert_eq!(filled, own + KEYS, "every value in its column");

    let one = seller.get(&format!("/_seller/api/orders/{}", order.order_id));
    assert_eq!(one.status, 200, "{}", one.text());
    let listed = one.json()["order"]["customer"]
        .as_array()
        .expect("customer")
        .clone();
    assert_eq!(listed.len(), own + KEYS, "each once");
    assert_eq!(listed[0]["id"], "name", "the checkout's fields first");
    assert_eq!(listed[own]["id"], "x00000");
    assert_eq!(listed[own + KEYS - 1]["value"], "v19999");
}

/// Today's orders as the desk's CSV export gives them (200, UTF-8 after its BOM): the
/// header's names and the rows.
fn todays_csv(seller: &Seller) -> (Vec<String>, Vec<csv::StringRecord>) {
    let today = microshop_cli::store::now_rfc3339()[..10].to_owned();
    let answer = seller.get(&format!("/_seller/api/orders.csv?from={today}&to={today}"));
    assert_eq!(answer.status, 200, "{}", answer.text());
    let text = String::from_utf8(answer.body[3..].to_vec()).expect("UTF-8");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header = rows
        .headers()
        .expect("header")
        .iter()
        .map(str::to_owned)
        .collect();
    let records = rows.records().map(|r| r.expect("row")).collect();
    (header, records)
}

/// The desk's view of one order (`GET /_seller/api/orders/{id}`'s `order`).
fn order_view(seller: &Seller, id: &str) -> Value {
    let answer = seller.get(&format!("/_seller/api/orders/{id}"));
    assert_eq!(answer.status, 200, "{}", answer.text());
    answer.json()["order"].clone()
}
