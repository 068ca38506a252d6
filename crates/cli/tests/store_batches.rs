//! Group commit on SQLite and PostgreSQL: orders accepted at the same moment share
//! one transaction (store/group.rs), and each still gets the answer it would get
//! alone; a refusal or a failed order in a batch undoes that order only.

mod stores;

use microshop_cli::store::{Accepted, Shortage};
use std::collections::BTreeMap;
use stores::{Backend, Sample, TestDb};

on_both_backends!(
    a_batch_answers_each_order_as_if_alone,
    many_buyers_at_once_on_two_instances_are_each_stored_once,
);

fn a_batch_answers_each_order_as_if_alone(backend: Backend) {
    let db = TestDb::new(backend, "batch");
    let store = db.store();
    store
        .reconcile_stock("tea", &BTreeMap::from([("LAST".into(), 2)]))
        .expect("stock");
    let first = Sample::new(1, "LAST");
    let mut reused = Sample::new(1, "LAST");
    reused.body_sha256 = "0".repeat(64);
    let second = Sample::new(2, "LAST");
    let too_late = Sample::new(3, "LAST");
    // The same sku on two lines: its second order_items row breaks the key, so
    // this order's statements fail in the middle of the batch.
    let mut broken = Sample::new(4, "TEA");
    broken.items = vec![("TEA".into(), 1), ("TEA".into(), 1)];
    let free = Sample::new(5, "TEA");
    let batch = [&first, &first, &reused, &second, &too_late, &broken, &free];
    let orders: Vec<_> = batch.iter().map(|s| s.order()).collect();
    let answers = store.accept_all(&orders).expect("the batch commits");
    assert_eq!(answers.len(), batch.len());
    assert_eq!(answers[0], Ok(Accepted::New));
    assert_eq!(
        answers[1],
        Ok(Accepted::Replay {
            status: 201,
            body: first.response.clone()
        }),
        "a key stored earlier in the same batch is a resend"
    );
    assert_eq!(answers[2], Ok(Accepted::Mismatch));
    assert_eq!(answers[3], Ok(Accepted::New));
    assert_eq!(
        answers[4],
        Ok(Accepted::Short(vec![Shortage {
            sku: "LAST".into(),
            left: 0
        }])),
        "the stock the earlier orders of the batch took is gone"
    );
    let failed = answers[5].as_ref().expect_err("the broken order fails");
    assert!(failed.message.contains("order_items"), "{failed}");
    assert_eq!(answers[6], Ok(Accepted::New), "after a failed order");

    let mut stored: Vec<String> = store
        .all_orders()
        .expect("orders")
        .into_iter()
        .map(|o| o.order_id)
        .collect();
    stored.sort();
    assert_eq!(stored, [&first, &second, &free].map(|s| s.order_id.clone()));
    assert_eq!(store.stock_levels("tea").expect("levels")["LAST"], 0);
    // Nothing of the refused or failed orders: no key, no history.
    for refused in [&too_late, &broken] {
        assert_eq!(
            store.replay(&refused.order_id, &refused.body_sha256),
            Ok(None)
        );
        assert!(store
            .history(&refused.order_id)
            .expect("history")
            .is_empty());
    }
    for kept in [&first, &second, &free] {
        assert_eq!(store.history(&kept.order_id).expect("history").len(), 1);
    }
    // The broken order alone fails as it did in a batch.
    assert!(store.accept(&broken.order()).is_err());
    assert_eq!(store.all_orders().expect("orders").len(), 3);
}

/// 48 callers on two handles (instances) at once, each of 24 orders sent twice,
/// for 10 items: whatever batches form, 10 orders are stored once each, their
/// copies get the first answer, and the others are refused for stock.
fn many_buyers_at_once_on_two_instances_are_each_stored_once(backend: Backend) {
    let db = TestDb::new(backend, "many_at_once");
    let instances = [db.store(), db.store()];
    instances[0]
        .reconcile_stock("tea", &BTreeMap::from([("LAST".into(), 10)]))
        .expect("stock");
    let samples: Vec<Sample> = (0..24).map(|n| Sample::new(40 + n, "LAST")).collect();
    let callers = samples.len() * 2;
    let barrier = std::sync::Barrier::new(callers);
    let answers: Vec<(usize, Accepted)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..callers)
            .map(|i| {
                let (store, barrier) = (&instances[i % 2], &barrier);
                let sample = &samples[i / 2];
                s.spawn(move || {
                    barrier.wait();
                    (i / 2, store.accept(&sample.order()).expect("accept"))
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let mut by_order: BTreeMap<usize, Vec<Accepted>> = BTreeMap::new();
    for (n, answer) in answers {
        by_order.entry(n).or_default().push(answer);
    }
    let mut sold = 0;
    for (n, pair) in &by_order {
        let replay = Accepted::Replay {
            status: 201,
            body: samples[*n].response.clone(),
        };
        let new = pair.iter().filter(|a| **a == Accepted::New).count();
        if new == 1 {
            sold += 1;
            assert!(pair.contains(&replay), "order {n}: {pair:?}");
        } else {
            assert!(
                pair.iter().all(|a| matches!(a, Accepted::Short(_))),
                "order {n}: {pair:?}"
            );
        }
    }
    assert_eq!(sold, 10, "{by_order:?}");
    assert_eq!(instances[1].all_orders().expect("orders").len(), 10);
    assert_eq!(instances[1].stock_levels("tea").expect("levels")["LAST"], 0);
}
