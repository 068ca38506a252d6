//! The store's order verbs on SQLite and PostgreSQL: one transaction per accepted
//! order, idempotency across handles (instances), no oversell, the buyer's secret,
//! one order per reference (the first 40 bits of its id) and shop.

mod stores;

use microshop_cli::store::{Accepted, Announce, Shortage};
use std::collections::BTreeMap;
use stores::{Backend, Sample, TestDb};

on_both_backends!(
    accepts_once_and_replays_the_first_answer,
    a_refusal_for_stock_stores_nothing,
    one_key_on_two_instances_at_once_makes_one_order,
    concurrent_buyers_of_the_last_items_never_oversell,
    the_status_reads_only_with_the_secret,
    the_first_event_and_announcements_come_with_the_order,
    buyers_of_the_same_two_skus_in_either_order_never_oversell,
    an_order_id_under_another_key_stores_nothing,
    a_reference_taken_by_another_order_id_stores_nothing,
    orders_sharing_a_reference_at_once_store_one,
);

fn accepts_once_and_replays_the_first_answer(backend: Backend) {
    let db = TestDb::new(backend, "replay");
    let store = db.store();
    let sample = Sample::new(1, "TEA");
    assert_eq!(store.accept(&sample.order()), Ok(Accepted::New));
    let again = store.accept(&sample.order()).expect("accept");
    assert_eq!(
        again,
        Accepted::Replay {
            status: 201,
            body: sample.response.clone()
        }
    );
    assert_eq!(
        store.replay(&sample.order_id, &sample.body_sha256),
        Ok(Some(again))
    );
    let mut other = Sample::new(1, "TEA");
    other.body_sha256 = "0".repeat(64);
    assert_eq!(store.accept(&other.order()), Ok(Accepted::Mismatch));
    assert_eq!(
        store.replay(&other.order_id, &other.body_sha256),
        Ok(Some(Accepted::Mismatch))
    );
    let all = store.all_orders().expect("orders");
    assert_eq!(all.len(), 1);
    let o = &all[0];
    assert_eq!(
        (o.status.as_str(), o.reference.as_str(), o.total_minor),
        ("new", "040G-2081", 1250)
    );
    assert_eq!(o.customer_phone, "8613800000001", "digits only");
    assert_eq!(o.customer_email, "buyer1@mail.example", "lower case");
    assert_eq!(o.received_at, "2027-01-15T08:00:01Z");
    assert_eq!(o.status_ms, o.received_ms);
    assert_eq!(o.payload, sample.body, "the body byte for byte");
}

fn a_refusal_for_stock_stores_nothing(backend: Backend) {
    let db = TestDb::new(backend, "short");
    let store = db.store();
    store
        .reconcile_stock("tea", &BTreeMap::from([("A".into(), 1), ("B".into(), 5)]))
        .expect("stock");
    let mut sample = Sample::new(2, "A");
    sample.items = vec![("B".into(), 2), ("A".into(), 2), ("FREE".into(), 9)];
    assert_eq!(
        store.accept(&sample.order()),
        Ok(Accepted::Short(vec![Shortage {
            sku: "A".into(),
            left: 1
        }]))
    );
    // Nothing stored: not the order, not the key, not B's decrement.
    assert!(store.all_orders().expect("orders").is_empty());
    assert_eq!(
        store.replay(&sample.order_id, &sample.body_sha256),
        Ok(None)
    );
    let levels = store.stock_levels("tea").expect("levels");
    assert_eq!(levels, BTreeMap::from([("A".into(), 1), ("B".into(), 5)]));
    // The same key with what is left is accepted: refusals are not remembered.
    sample.items = vec![("B".into(), 2), ("A".into(), 1), ("FREE".into(), 9)];
    assert_eq!(store.accept(&sample.order()), Ok(Accepted::New));
    let levels = store.stock_levels("tea").expect("levels");
    assert_eq!(levels, BTreeMap::from([("A".into(), 0), ("B".into(), 3)]));
}

fn one_key_on_two_instances_at_once_makes_one_order(backend: Backend) {
    let db = TestDb::new(backend, "two_instances");
    let instances = [db.store(), db.store()];
    let sample = Sample::new(3, "TEA");
    for round in 0..3u8 {
        let sample = Sample::new(10 + round, "TEA");
        let barrier = std::sync::Barrier::new(8);
        let answers: Vec<Accepted> = std::thread::scope(|s| {
            let handles: Vec<_> = (0..8)
                .map(|i| {
                    let store = &instances[i % 2];
                    let (sample, barrier) = (&sample, &barrier);
                    s.spawn(move || {
                        barrier.wait();
                        store.accept(&sample.order()).expect("accept")
                    })
                })
                .collect();
            handles
                .into_iter()
                .map(|h| h.join().expect("thread"))
                .collect()
        });
        let new = answers.iter().filter(|a| **a == Accepted::New).count();
        assert_eq!(new, 1, "{answers:?}");
        let replay = Accepted::Replay {
            status: 201,
            body: sample.response.clone(),
        };
        assert!(
            answers.iter().all(|a| *a == Accepted::New || *a == replay),
            "{answers:?}"
        );
    }
    let _ = sample;
    assert_eq!(instances[0].all_orders().expect("orders").len(), 3);
}

fn concurrent_buyers_of_the_last_items_never_oversell(backend: Backend) {
    let db = TestDb::new(backend, "oversell");
    let instances = [db.store(), db.store()];
    instances[0]
        .reconcile_stock("tea", &BTreeMap::from([("LAST".into(), 3)]))
        .expect("stock");
    let samples: Vec<Sample> = (0..10).map(|n| Sample::new(20 + n, "LAST")).collect();
    let barrier = std::sync::Barrier::new(samples.len());
    let answers: Vec<Accepted> = std::thread::scope(|s| {
        let handles: Vec<_> = samples
            .iter()
            .enumerate()
            .map(|(i, sample)| {
                let (store, barrier) = (&instances[i % 2], &barrier);
                s.spawn(move || {
                    barrier.wait();
                    store.accept(&sample.order()).expect("accept")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let sold = answers.iter().filter(|a| **a == Accepted::New).count();
    assert_eq!(sold, 3, "{answers:?}");
    assert!(answers
        .iter()
        .all(|a| matches!(a, Accepted::New | Accepted::Short(_))));
    assert_eq!(instances[1].all_orders().expect("orders").len(), 3);
    assert_eq!(instances[1].stock_levels("tea").expect("levels")["LAST"], 0);
}

fn the_status_reads_only_with_the_secret(backend: Backend) {
    let db = TestDb::new(backend, "secret");
    let store = db.store();
    let sample = Sample::new(4, "TEA");
    store.accept(&sample.order()).expect("accept");
    let status = store
        .public_status(&sample.order_id, &sample.secret)
        .expect("read")
        .expect("found with the secret");
    assert_eq!(
        (
            status.status.as_str(),
            status.reference.as_str(),
            status.total.as_str()
        ),
        ("new", "0G20-8104", "12.50")
    );
    for wrong in ["", "secret-5", "SECRET-4", "secret-4 "] {
        assert_eq!(
            store.public_status(&sample.order_id, wrong),
            Ok(None),
            "{wrong:?}"
        );
    }
    assert_eq!(
        store.public_status(&stores::order_id(99), "secret-4"),
        Ok(None)
    );
    // Only the hash is kept with the order.
    let kept = serde_json::to_string(&store.all_orders().expect("orders")).expect("json");
    assert!(!kept.contains("secret-4"), "{kept}");
}

fn the_first_event_and_announcements_come_with_the_order(backend: Backend) {
    let db = TestDb::new(backend, "first_event");
    let store = db.store();
    let mut sample = Sample::new(5, "TEA");
    sample.announce = ["chat", "hook"]
        .map(|d| Announce {
            destination: d.into(),
            body: r#"{"event":"order.created"}"#.into(),
        })
        .to_vec();
    store.accept(&sample.order()).expect("accept");
    store.accept(&sample.order()).expect("replay");
    let history = store.history(&sample.order_id).expect("history");
    assert_eq!(history.len(), 1);
    assert_eq!(
        (
            history[0].kind.as_str(),
            history[0].actor.as_str(),
            history[0].at_ms
        ),
        ("created", "buyer", sample.received_ms)
    );
    let announced = store.announcements_of(&sample.order_id).expect("outbox");
    let destinations: Vec<&str> = announced.iter().map(|a| a.destination.as_str()).collect();
    assert_eq!(
        destinations,
        ["chat", "hook"],
        "once each, the replay added none"
    );
    assert!(announced
        .iter()
        .all(|a| a.state == "pending" && a.event_key == format!("{}:created", sample.order_id)));
}

/// Orders of two counted skus (and one without a count), their lines in either
/// order, from two instances at once: exactly as many are accepted as there is
/// stock, the others are refused with nothing of them kept, and no order fails
/// (two orders lock the same stock rows in the same order: no deadlock).
fn buyers_of_the_same_two_skus_in_either_order_never_oversell(backend: Backend) {
    let db = TestDb::new(backend, "two_skus");
    let instances = [db.store(), db.store()];
    instances[0]
        .reconcile_stock(
            "tea",
            &BTreeMap::from([("CUP".into(), 4), ("POT".into(), 4)]),
        )
        .expect("stock");
    let samples: Vec<Sample> = (0..12u8)
        .map(|n| {
            let mut sample = Sample::new(40 + n, "CUP");
            sample.items = if n % 2 == 0 {
                vec![("CUP".into(), 1), ("POT".into(), 1), ("FREE".into(), 2)]
            } else {
                vec![("FREE".into(), 2), ("POT".into(), 1), ("CUP".into(), 1)]
            };
            sample
        })
        .collect();
    let barrier = std::sync::Barrier::new(samples.len());
    let answers: Vec<Accepted> = std::thread::scope(|s| {
        let handles: Vec<_> = samples
            .iter()
            .enumerate()
            .map(|(i, sample)| {
                let (store, barrier) = (&instances[i % 2], &barrier);
                s.spawn(move || {
                    barrier.wait();
                    store.accept(&sample.order()).expect("accept")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let sold = answers.iter().filter(|a| **a == Accepted::New).count();
    assert_eq!(sold, 4, "{answers:?}");
    assert!(answers
        .iter()
        .all(|a| matches!(a, Accepted::New | Accepted::Short(_))));
    assert_eq!(instances[1].all_orders().expect("orders").len(), 4);
    assert_eq!(
        instances[1].stock_levels("tea").expect("levels"),
        BTreeMap::from([("CUP".into(), 0), ("POT".into(), 0)])
    );
    // A refused order kept nothing, not even its key: it may be sent again.
    for (sample, answer) in samples.iter().zip(&answers) {
        let kept = instances[0]
            .replay(&sample.order_id, &sample.body_sha256)
            .expect("replay");
        assert_eq!(kept.is_some(), *answer == Accepted::New, "{answer:?}");
    }
}

/// An order id already stored, sent again under another Idempotency-Key: refused
/// as a reused key, and neither the new key nor any stock is kept for it.
fn an_order_id_under_another_key_stores_nothing(backend: Backend) {
    let db = TestDb::new(backend, "other_key");
    let store = db.store();
    store
        .reconcile_stock("tea", &BTreeMap::from([("POT".into(), 5)]))
        .expect("stock");
    let sample = Sample::new(60, "POT");
    assert_eq!(store.accept(&sample.order()), Ok(Accepted::New));
    let other_key = "another-key";
    let order = microshop_cli::store::NewOrder {
        key: other_key,
        ..sample.order()
    };
    assert_eq!(store.accept(&order), Ok(Accepted::Mismatch));
    assert_eq!(store.replay(other_key, &sample.body_sha256), Ok(None));
    assert_eq!(store.stock_levels("tea").expect("levels")["POT"], 4);
    assert_eq!(store.all_orders().expect("orders").len(), 1);
    assert_eq!(store.history(&sample.order_id).expect("history").len(), 1);
}

/// Order `n`'s sample under another id that shares its first 10 hex digits (so its
/// reference, `short_ref`), `tail` making the rest of the id its own.
fn same_reference(n: u8, tail: u8, sku: &str) -> Sample {
    let mut sample = Sample::new(n, sku);
    let id = format!(
        "{}{}",
        &sample.order_id[..14],
        format!("{tail:02x}").repeat(11)
    );
    sample.body = sample.body.replace(&sample.order_id, &id);
    sample.body_sha256 = microshop_cli::store::sha256_hex(&sample.body);
    sample.response = sample.response.replace(&sample.order_id, &id);
    sample.secret = format!("secret-{n}-{tail}");
    sample.order_id = id;
    sample
}

/// finding 5b: another order id with the first one's reference (`#R3ZY-W4HM`, what
/// buyers quote when paying) is refused, and nothing of it is kept: no order, no
/// key, no stock. The first order's own resend is still its replay; another shop
/// may have the same reference.
fn a_reference_taken_by_another_order_id_stores_nothing(backend: Backend) {
    let db = TestDb::new(backend, "reference_taken");
    let store = db.store();
    store
        .reconcile_stock("tea", &BTreeMap::from([("POT".into(), 5)]))
        .expect("stock");
    let first = Sample::new(70, "POT");
    assert_eq!(store.accept(&first.order()), Ok(Accepted::New));
    let reference = microshop_core::order::short_ref(&first.order_id);
    let second = same_reference(70, 0xee, "POT");
    assert_ne!(second.order_id, first.order_id);
    assert_eq!(
        microshop_core::order::short_ref(&second.order_id),
        reference
    );
    assert_eq!(
        store.accept(&second.order()),
        Ok(Accepted::ReferenceTaken {
            reference: reference.clone()
        })
    );
    assert_eq!(
        store.replay(&second.order_id, &second.body_sha256),
        Ok(None)
    );
    assert_eq!(store.stock_levels("tea").expect("levels")["POT"], 4);
    let all = store.all_orders().expect("orders");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].order_id, first.order_id);
    assert_eq!(store.order(&second.order_id).expect("read"), None);
    // The first order sent again: its first answer, as always.
    assert_eq!(
        store.accept(&first.order()),
        Ok(Accepted::Replay {
            status: 201,
            body: first.response.clone()
        })
    );
    // Refused, not remembered: the same order in another shop is taken.
    let elsewhere = microshop_cli::store::NewOrder {
        shop_id: "coffee",
        ..second.order()
    };
    assert_eq!(store.accept(&elsewhere), Ok(Accepted::New));
    assert_eq!(store.all_orders().expect("orders").len(), 2);
}

/// Orders with one reference and different ids, sent at once on two instances:
/// the database's unique index decides, so exactly one is stored.
fn orders_sharing_a_reference_at_once_store_one(backend: Backend) {
    let db = TestDb::new(backend, "reference_race");
    let instances = [db.store(), db.store()];
    let samples: Vec<Sample> = (0..8u8).map(|i| same_reference(71, i, "TEA")).collect();
    let answers = stores::race(&instances, samples.len(), |i, store| {
        store.accept(&samples[i].order()).expect("accept")
    });
    let reference = microshop_core::order::short_ref(&samples[0].order_id);
    let stored = answers.iter().filter(|a| **a == Accepted::New).count();
    assert_eq!(stored, 1, "{answers:?}");
    assert!(
        answers.iter().all(|a| *a == Accepted::New
            || *a
                == Accepted::ReferenceTaken {
                    reference: reference.clone()
                }),
        "{answers:?}"
    );
    let all = instances[0].all_orders().expect("orders");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].reference, reference);
}
