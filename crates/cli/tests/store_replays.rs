//! Buyers' nonces pruned, and requests replayed after that still harmless, on
//! SQLite and PostgreSQL (docs/trust.md "Replays"): old nonces go in batches,
//! also with two instances pruning at once; a review write replayed once its
//! nonce is gone finds the edit window closed; a problem raised again is not
//! raised twice, whatever its state, also when sent at once from two instances;
//! a message the buyer already sent to a thread is not added again; after an
//! erasure, whose cleared first message no longer matches a replay, neither the
//! problem nor the message is taken again.

mod stores;

use microshop_cli::store::{
    Added, Buyer, BuyerMessage, Photo, ProblemRaise, Raised, ReviewWrite, ReviewWritten, Store,
};
use microshop_core::order::review::{NONCE_KEEP_MS, REVIEW_EDIT_MS};
use stores::{completed_order, race, Backend, Sample, TestDb};

const DAY: i64 = 24 * 60 * 60 * 1_000;

fn review<'a>(
    sample: &'a Sample,
    nonce: &'a str,
    rating: u8,
    text: &'a str,
    now_ms: i64,
) -> ReviewWrite<'a> {
    ReviewWrite {
        order_id: &sample.order_id,
        secret: &sample.secret,
        nonce,
        product_id: "green",
        rating,
        text,
        display_name: "",
        locale: "en",
        now_ms,
    }
}

fn photo(sha256: &str) -> Photo<'_> {
    Photo {
        sha256,
        content_type: "image/png",
        base64: "iVBORw0KGgo=",
    }
}

fn raise<'a>(
    sample: &'a Sample,
    nonce: &'a str,
    text: &'a str,
    photo: Option<Photo<'a>>,
    now_ms: i64,
) -> ProblemRaise<'a> {
    ProblemRaise {
        order_id: &sample.order_id,
        secret: &sample.secret,
        nonce,
        kind: "damaged",
        text,
        photo,
        now_ms,
    }
}

fn message<'a>(
    sample: &'a Sample,
    problem_id: i64,
    nonce: &'a str,
    text: &'a str,
    photo: Option<Photo<'a>>,
    now_ms: i64,
) -> BuyerMessage<'a> {
    BuyerMessage {
        order_id: &sample.order_id,
        secret: &sample.secret,
        nonce,
        problem_id,
        text,
        photo,
        now_ms,
    }
}

/// Seven nonces of one order: five taken at `t0 .. t0 + 4`, two ten days later.
fn seven_nonces(store: &Store, sample: &Sample, t0: i64) {
    for (i, at) in [0, 1, 2, 3, 4, 10 * DAY, 10 * DAY + 1]
        .into_iter()
        .enumerate()
    {
        let nonce = format!("prune-nonce-{i:04}");
        let written = store
            .write_review(&review(sample, &nonce, 5, "good", t0 + at))
            .expect("written");
        assert!(
            matches!(
                written,
                ReviewWritten::Created(_) | ReviewWritten::Updated(_)
            ),
            "{written:?}"
        );
    }
}

fn old_nonces_are_pruned_in_batches(backend: Backend) {
    let db = TestDb::new(backend, "replays_prune");
    let store = db.store();
    let sample = completed_order(&store, 1);
    let t0 = sample.received_ms + DAY;
    seven_nonces(&store, &sample, t0);
    assert_eq!(store.nonces_kept(), Ok(7));
    // Kept for exactly NONCE_KEEP_MS, pruned the millisecond after.
    assert_eq!(store.prune_nonces(t0 + NONCE_KEEP_MS, 2), Ok(0));
    assert_eq!(store.prune_nonces(t0 + NONCE_KEEP_MS + 1, 2), Ok(1));
    // Four more, two per transaction (three transactions, the last empty).
    assert_eq!(store.prune_nonces(t0 + 4 + NONCE_KEEP_MS + 1, 2), Ok(4));
    assert_eq!(store.nonces_kept(), Ok(2));
    assert_eq!(store.prune_nonces(t0 + 4 + NONCE_KEEP_MS + 1, 2), Ok(0));
    // A pruned nonce is free again: the same request is taken as new (and the
    // review is past its window then: see the next test).
    let late = store
        .write_review(&review(
            &sample,
            "prune-nonce-0001",
            5,
            "good",
            t0 + 4 + NONCE_KEEP_MS + 1,
        ))
        .expect("runs");
    assert_eq!(late, ReviewWritten::EditClosed);
}

fn two_instances_prune_at_once(backend: Backend) {
    let db = TestDb::new(backend, "replays_prune_two");
    let instances = [db.store(), db.store()];
    let sample = completed_order(&instances[0], 2);
    let t0 = sample.received_ms + DAY;
    seven_nonces(&instances[0], &sample, t0);
    let now = t0 + 4 + NONCE_KEEP_MS + 1;
    let pruned = race(&instances, 2, |_, store| {
        store.prune_nonces(now, 1).expect("pruned")
    });
    // Each old nonce deleted once, by one or the other; the newer two kept.
    assert_eq!(pruned.iter().sum::<u64>(), 5, "{pruned:?}");
    assert_eq!(instances[1].nonces_kept(), Ok(2));
}

fn a_review_replayed_after_its_nonce_was_pruned_changes_nothing(backend: Backend) {
    let db = TestDb::new(backend, "replays_review");
    let store = db.store();
    let sample = completed_order(&store, 3);
    let first = sample.received_ms + DAY;
    let written = store
        .write_review(&review(&sample, "review-nonce-0001", 5, "good", first))
        .expect("written");
    assert!(matches!(written, ReviewWritten::Created(_)), "{written:?}");
    // The last change the window allows.
    let last = first + REVIEW_EDIT_MS;
    let changed = store
        .write_review(&review(&sample, "review-nonce-0002", 2, "it broke", last))
        .expect("written");
    assert!(matches!(changed, ReviewWritten::Updated(_)), "{changed:?}");
    let pruned_at = last + NONCE_KEEP_MS + 1;
    assert_eq!(store.prune_nonces(pruned_at, 1000), Ok(2));
    // Both requests replayed once their nonces are gone, also on an instance
    // whose clock is a day behind: refused by the edit window.
    for now in [pruned_at, pruned_at - DAY] {
        for (nonce, rating, text) in [
            ("review-nonce-0001", 5, "good"),
            ("review-nonce-0002", 2, "it broke"),
        ] {
            let replayed = store
                .write_review(&review(&sample, nonce, rating, text, now))
                .expect("runs");
            assert_eq!(replayed, ReviewWritten::EditClosed, "{nonce} at {now}");
        }
    }
    let kept = store.order_reviews(&sample.order_id).expect("read");
    assert_eq!(kept.len(), 1);
    assert_eq!(
        (kept[0].rating, kept[0].text.as_str(), kept[0].updated_ms),
        (2, "it broke", last)
    );
    assert_eq!(store.nonces_kept(), Ok(0), "refused: the nonces stay free");
}

fn a_problem_raised_again_is_not_raised_twice(backend: Backend) {
    let db = TestDb::new(backend, "replays_raise");
    let store = db.store();
    let sample = completed_order(&store, 4);
    let t0 = sample.received_ms + DAY;
    let sha = "c".repeat(64);
    let text = "The tin came dented";
    let first = store
        .raise_problem(&raise(
            &sample,
            "raise-nonce-0001",
            text,
            Some(photo(&sha)),
            t0,
        ))
        .expect("runs");
    let Raised::Done(first) = first else {
        panic!("raised: {first:?}")
    };
    let pruned_at = t0 + NONCE_KEEP_MS + 1;
    assert_eq!(store.prune_nonces(pruned_at, 1000), Ok(1));
    // Replayed once its nonce is gone: that problem, nothing raised.
    let replayed = store
        .raise_problem(&raise(
            &sample,
            "raise-nonce-0001",
            text,
            Some(photo(&sha)),
            pruned_at,
        ))
        .expect("runs");
    assert_eq!(replayed, Raised::Already(first.clone()));
    // Also once the seller closed it: a replay does not raise it anew.
    store
        .answer_problem(
            first.id,
            Some("a new tin left today"),
            Some("resolved"),
            t0 + DAY,
        )
        .expect("answered");
    let replayed = store
        .raise_problem(&raise(
            &sample,
            "raise-nonce-0001",
            text,
            Some(photo(&sha)),
            pruned_at,
        ))
        .expect("runs");
    let Raised::Already(now) = replayed else {
        panic!("not raised again: {replayed:?}")
    };
    assert_eq!((now.id, now.state.as_str()), (first.id, "resolved"));
    let problems = store.order_problems(&sample.order_id).expect("read");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(store.nonces_kept(), Ok(0), "refused: the nonce stays free");
    let figures = store.problem_figures("tea", 0).expect("figures").confirmed;
    assert_eq!((figures.raised, figures.resolved), (1, 1));
    // Other words, or the same words without the photo, are another problem.
    for (nonce, text, shot) in [
        (
            "raise-nonce-0002",
            "The lid came dented too",
            Some(photo(&sha)),
        ),
        ("raise-nonce-0003", text, None),
    ] {
        let other = store
            .raise_problem(&raise(&sample, nonce, text, shot, pruned_at))
            .expect("runs");
        assert!(matches!(other, Raised::Done(_)), "{other:?}");
    }
    // A third open problem: the order is at its cap, and a replay of an open one
    // is still that one, not "too many".
    let third = store
        .raise_problem(&raise(
            &sample,
            "raise-nonce-0004",
            "and a third",
            None,
            pruned_at,
        ))
        .expect("runs");
    assert!(matches!(third, Raised::Done(_)), "{third:?}");
    let again = store
        .raise_problem(&raise(
            &sample,
            "raise-nonce-0005",
            "and a third",
            None,
            pruned_at,
        ))
        .expect("runs");
    assert!(matches!(again, Raised::Already(_)), "{again:?}");
    assert_eq!(
        store.order_problems(&sample.order_id).expect("read").len(),
        4
    );
}

fn one_problem_sent_from_two_instances_at_once_is_raised_once(backend: Backend) {
    let db = TestDb::new(backend, "replays_raise_race");
    let instances = [db.store(), db.store()];
    let sample = completed_order(&instances[0], 5);
    let now = sample.received_ms + DAY;
    let nonces: Vec<String> = (0..6).map(|i| format!("race-raise-{i:06}")).collect();
    let answers = race(&instances, nonces.len(), |i, store| {
        store
            .raise_problem(&raise(&sample, &nonces[i], "never came", None, now))
            .expect("runs")
    });
    let raised = answers
        .iter()
        .filter(|a| matches!(a, Raised::Done(_)))
        .count();
    let already = answers
        .iter()
        .filter(|a| matches!(a, Raised::Already(_)))
        .count();
    assert_eq!((raised, already), (1, 5), "{answers:?}");
    assert_eq!(
        instances[1]
            .order_problems(&sample.order_id)
            .expect("read")
            .len(),
        1
    );
}

fn a_message_sent_again_is_not_added_twice(backend: Backend) {
    let db = TestDb::new(backend, "replays_message");
    let store = db.store();
    let sample = completed_order(&store, 6);
    let t0 = sample.received_ms + DAY;
    let raised = store
        .raise_problem(&raise(&sample, "thread-nonce-0001", "never came", None, t0))
        .expect("runs");
    let Raised::Done(problem) = raised else {
        panic!("raised: {raised:?}")
    };
    store
        .answer_problem(problem.id, Some("it left on Monday"), None, t0 + 1)
        .expect("answered");
    let box_photo = "d".repeat(64);
    let label_photo = "e".repeat(64);
    let sent = [
        ("thread-nonce-0002", "here is the box", Some(&box_photo)),
        ("thread-nonce-0003", "and the label", None),
    ];
    for (i, (nonce, text, sha)) in sent.iter().enumerate() {
        let added = store
            .add_buyer_message(&message(
                &sample,
                problem.id,
                nonce,
                text,
                sha.map(|s| photo(s)),
                t0 + 2 + i64::try_from(i).expect("small"),
            ))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "{added:?}");
    }
    let thread = store.order_problems(&sample.order_id).expect("read");
    assert_eq!(thread[0].messages.len(), 4);
    let pruned_at = t0 + 3 + NONCE_KEEP_MS + 1;
    assert_eq!(store.prune_nonces(pruned_at, 1000), Ok(3));
    // Each replayed once its nonce is gone, the older one too: the thread as it is.
    for (nonce, text, sha) in sent {
        let replayed = store
            .add_buyer_message(&message(
                &sample,
                problem.id,
                nonce,
                text,
                sha.map(|s| photo(s)),
                pruned_at,
            ))
            .expect("runs");
        assert_eq!(replayed, Added::Already(thread[0].clone()), "{nonce}");
    }
    assert_eq!(store.nonces_kept(), Ok(0), "refused: the nonces stay free");
    // The seller's words are not the buyer's; another photo is another message.
    for (nonce, text, sha) in [
        ("thread-nonce-0004", "it left on Monday", None),
        ("thread-nonce-0005", "here is the box", Some(&label_photo)),
    ] {
        let added = store
            .add_buyer_message(&message(
                &sample,
                problem.id,
                nonce,
                text,
                sha.map(|s| photo(s)),
                pruned_at,
            ))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "{added:?}");
    }
    let thread = store.order_problems(&sample.order_id).expect("read");
    assert_eq!(thread[0].messages.len(), 6);
}

/// A problem and a message replayed after the buyer's data was erased, with
/// their nonces still kept, pruned, or new: `Cleared`, nothing raised or added
/// (docs/trust.md "Replays").
fn a_problem_replayed_after_an_erasure_is_not_raised_again(backend: Backend) {
    let db = TestDb::new(backend, "replays_erased");
    let store = db.store();
    let sample = completed_order(&store, 7);
    let t0 = sample.received_ms + DAY;
    let sha = "f".repeat(64);
    let text = "The parcel was opened: label 1 Tea Street";
    let raised = store
        .raise_problem(&raise(
            &sample,
            "erased-nonce-0001",
            text,
            Some(photo(&sha)),
            t0,
        ))
        .expect("runs");
    let Raised::Done(problem) = raised else {
        panic!("raised: {raised:?}")
    };
    let more = "and here is the box";
    let added = store
        .add_buyer_message(&message(
            &sample,
            problem.id,
            "erased-nonce-0002",
            more,
            None,
            t0 + 1,
        ))
        .expect("runs");
    assert!(matches!(added, Added::Done(_)), "{added:?}");
    let erased_at = t0 + DAY;
    let buyer = Buyer::Phone(sample.phone.clone());
    assert_eq!(store.erase_buyer(&buyer, erased_at), Ok(1));
    let pruned_at = t0 + 1 + NONCE_KEEP_MS + 1;
    for (now, prune) in [(erased_at + 1, false), (pruned_at, true)] {
        if prune {
            assert_eq!(store.prune_nonces(now, 1000), Ok(2));
        }
        for nonce in ["erased-nonce-0001", "erased-nonce-0003"] {
            let replayed = store
                .raise_problem(&raise(&sample, nonce, text, Some(photo(&sha)), now))
                .expect("runs");
            assert_eq!(replayed, Raised::Cleared(erased_at), "{nonce} at {now}");
        }
        for nonce in ["erased-nonce-0002", "erased-nonce-0004"] {
            let replayed = store
                .add_buyer_message(&message(&sample, problem.id, nonce, more, None, now))
                .expect("runs");
            assert_eq!(replayed, Added::Cleared(erased_at), "{nonce} at {now}");
        }
    }
    let problems = store.order_problems(&sample.order_id).expect("read");
    assert_eq!(problems.len(), 1, "{problems:?}");
    let texts: Vec<&str> = problems[0]
        .messages
        .iter()
        .map(|m| m.text.as_str())
        .collect();
    assert_eq!(texts, ["", ""], "cleared, and nothing added");
    assert_eq!(store.photo(&sha), Ok(None));
    assert_eq!(store.nonces_kept(), Ok(0), "refused: the nonces stay free");
}

on_both_backends!(
    a_problem_replayed_after_an_erasure_is_not_raised_again,
    old_nonces_are_pruned_in_batches,
    two_instances_prune_at_once,
    a_review_replayed_after_its_nonce_was_pruned_changes_nothing,
    a_problem_raised_again_is_not_raised_twice,
    one_problem_sent_from_two_instances_at_once_is_raised_once,
    a_message_sent_again_is_not_added_twice,
);
