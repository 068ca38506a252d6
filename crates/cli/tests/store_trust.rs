//! Reviews and problems in the store, on SQLite and PostgreSQL, with two store
//! handles standing for two instances (docs/store.md): racing first writes of one
//! review make one review, one nonce sent at once from several threads is taken
//! once, the 30-day edit window, the 90-day figures' window, erasing a buyer's
//! data clearing their problem messages and photos and their reviews' display
//! names (the reviews stay), a display name set, changed and taken away by its
//! writer, an order cleared by retention taking no new buyer write (its
//! review's name cleared), and the caps on a problem's buyer messages and an
//! order's photo bytes (finding 3b), also with two messages at once.

mod stores;

use microshop_cli::store::{
    Added, Buyer, BuyerMessage, Changed, Photo, ProblemFigures, ProblemRaise, Raised, ReviewWrite,
    ReviewWritten, StatusChange,
};
use microshop_core::order::problems::{MAX_BUYER_MESSAGES, MAX_ORDER_PHOTO_BYTES};
use microshop_core::order::review::REVIEW_EDIT_MS;
use microshop_core::order::status::Change;
use stores::{completed_order, race, Backend, Sample, TestDb};

const DAY: i64 = 24 * 60 * 60 * 1_000;

fn review<'a>(sample: &'a Sample, nonce: &'a str, rating: u8, now_ms: i64) -> ReviewWrite<'a> {
    ReviewWrite {
        order_id: &sample.order_id,
        secret: &sample.secret,
        nonce,
        product_id: "green",
        rating,
        text: "good",
        display_name: "Mei L.",
        locale: "en",
        now_ms,
    }
}

/// The name is set by the first write and again by each change (empty: none), kept
/// as written (markup is text), given in the order's and the product's reads.
fn a_display_name_is_set_changed_and_taken_away_by_its_writer(backend: Backend) {
    let db = TestDb::new(backend, "trust_names");
    let store = db.store();
    let sample = completed_order(&store, 8);
    let at = sample.received_ms + DAY;
    let named = |nonce: &'static str, name: &'static str, now_ms: i64| ReviewWrite {
        display_name: name,
        ..review(&sample, nonce, 5, now_ms)
    };
    let written = store
        .write_review(&named("names-nonce-0001", "<b>Mei</b> & \"Li\"", at))
        .expect("written");
    let ReviewWritten::Created(first) = written else {
        panic!("{written:?}")
    };
    assert_eq!(first.display_name, "<b>Mei</b> & \"Li\"");
    let read = store.product_reviews("tea", "green", 10).expect("read");
    assert_eq!(read.reviews[0].display_name, "<b>Mei</b> & \"Li\"");
    let changed = store
        .write_review(&named("names-nonce-0002", "梅", at + DAY))
        .expect("changed");
    assert!(
        matches!(&changed, ReviewWritten::Updated(r) if r.display_name == "梅"),
        "{changed:?}"
    );
    let reviews = store.order_reviews(&sample.order_id).expect("read");
    assert_eq!((reviews.len(), reviews[0].display_name.as_str()), (1, "梅"));
    let seller = store.seller_reviews(10).expect("read");
    assert_eq!(seller[0].0.display_name, "梅");
    assert!(!seller[0].1.is_empty(), "the order's reference still read");
    let anonymous = store
        .write_review(&named("names-nonce-0003", "", at + 2 * DAY))
        .expect("changed");
    assert!(
        matches!(&anonymous, ReviewWritten::Updated(r) if r.display_name.is_empty()),
        "{anonymous:?}"
    );
    let read = store.product_reviews("tea", "green", 10).expect("read");
    assert_eq!(
        (read.rating.count, read.reviews[0].display_name.as_str()),
        (1, "")
    );
}

fn racing_first_writes_make_one_review(backend: Backend) {
    let db = TestDb::new(backend, "trust_race");
    let instances = [db.store(), db.store()];
    let sample = completed_order(&instances[0], 1);
    let now = sample.received_ms + DAY;
    let nonces: Vec<String> = (0..8).map(|i| format!("race-nonce-{i:08}")).collect();
    let answers = race(&instances, nonces.len(), |i, store| {
        store
            .write_review(&review(&sample, &nonces[i], 5, now))
            .expect("written")
    });
    let created = answers
        .iter()
        .filter(|a| matches!(a, ReviewWritten::Created(_)))
        .count();
    let updated = answers
        .iter()
        .filter(|a| matches!(a, ReviewWritten::Updated(_)))
        .count();
    assert_eq!((created, updated), (1, 7), "{answers:?}");
    let read = instances[1]
        .product_reviews("tea", "green", 10)
        .expect("read");
    assert_eq!((read.rating.count, read.rating.stars), (1, 5));

    // One nonce from four threads on two instances: taken once.
    let answers = race(&instances, 4, |_, store| {
        store
            .write_review(&review(&sample, "one-nonce-sent-four-times", 3, now))
            .expect("runs")
    });
    let replayed = answers
        .iter()
        .filter(|a| **a == ReviewWritten::Replayed)
        .count();
    assert_eq!(replayed, 3, "{answers:?}");
}

fn a_review_is_changed_for_thirty_days_only(backend: Backend) {
    let db = TestDb::new(backend, "trust_window");
    let store = db.store();
    let sample = completed_order(&store, 2);
    let first = sample.received_ms + DAY;
    let written = store
        .write_review(&review(&sample, "window-nonce-0001", 5, first))
        .expect("written");
    assert!(matches!(written, ReviewWritten::Created(_)), "{written:?}");
    let last_day = store
        .write_review(&review(
            &sample,
            "window-nonce-0002",
            4,
            first + REVIEW_EDIT_MS,
        ))
        .expect("runs");
    assert!(
        matches!(last_day, ReviewWritten::Updated(_)),
        "{last_day:?}"
    );
    let late = store
        .write_review(&review(
            &sample,
            "window-nonce-0003",
            1,
            first + REVIEW_EDIT_MS + 1,
        ))
        .expect("runs");
    assert_eq!(late, ReviewWritten::EditClosed);
    // The refused request left its nonce free, and the review as it was.
    let reviews = store.order_reviews(&sample.order_id).expect("read");
    assert_eq!(reviews[0].rating, 4);
    let again = store
        .write_review(&review(&sample, "window-nonce-0003", 4, first + DAY))
        .expect("runs");
    assert!(matches!(again, ReviewWritten::Updated(_)), "{again:?}");
}

fn the_figures_count_ninety_days(backend: Backend) {
    let db = TestDb::new(backend, "trust_figures");
    let store = db.store();
    let sample = completed_order(&store, 3);
    let now = sample.received_ms + 200 * DAY;
    // Each report in other words: the same words again are the same problem
    // (store_replays.rs).
    let raise = |nonce: &str, at: i64| {
        store
            .raise_problem(&ProblemRaise {
                order_id: &sample.order_id,
                secret: &sample.secret,
                nonce,
                kind: "damaged",
                text: &format!("torn ({nonce})"),
                photo: None,
                now_ms: at,
            })
            .expect("runs")
    };
    let Raised::Done(old) = raise("figures-nonce-0001", now - 91 * DAY) else {
        panic!("raised")
    };
    assert!(matches!(
        raise("figures-nonce-0002", now - DAY),
        Raised::Done(_)
    ));
    store
        .answer_problem(old.id, Some("sent again"), Some("resolved"), now - 90 * DAY)
        .expect("answered");
    let figures = store
        .problem_figures("tea", now - 90 * DAY)
        .expect("figures")
        .confirmed;
    assert_eq!((figures.raised, figures.open, figures.resolved), (1, 1, 0));
    assert!(matches!(raise("figures-nonce-0003", now), Raised::Done(_)));
    assert!(matches!(raise("figures-nonce-0004", now), Raised::Done(_)));
    // Three open: the fourth waits for an answer.
    assert_eq!(raise("figures-nonce-0005", now), Raised::TooMany);
    assert_eq!(
        store
            .problem_figures("other-shop", 0)
            .expect("figures")
            .confirmed
            .raised,
        0
    );
}

fn erasing_a_buyer_clears_their_problem_messages_and_photos(backend: Backend) {
    let db = TestDb::new(backend, "trust_erase");
    let store = db.store();
    let erased = completed_order(&store, 4);
    let kept = completed_order(&store, 5);
    let now = erased.received_ms + DAY;
    let photo = |sha256| Photo {
        sha256,
        content_type: "image/png",
        base64: "iVBORw0KGgo=",
    };
    let shared = "a".repeat(64);
    let own = "b".repeat(64);
    for (sample, nonce, sha) in [
        (&erased, "erase-nonce-00001", &own),
        (&erased, "erase-nonce-00002", &shared),
        (&kept, "erase-nonce-00003", &shared),
    ] {
        let raised = store
            .raise_problem(&ProblemRaise {
                order_id: &sample.order_id,
                secret: &sample.secret,
                nonce,
                kind: "damaged",
                text: "label: 1 Tea Street",
                photo: Some(photo(sha)),
                now_ms: now,
            })
            .expect("runs");
        let Raised::Done(problem) = raised else {
            panic!("{raised:?}")
        };
        store
            .answer_problem(problem.id, Some("sorry"), None, now)
            .expect("answered");
    }
    store
        .write_review(&review(&erased, "erase-nonce-00004", 5, now))
        .expect("reviewed");
    store
        .write_review(&review(&kept, "erase-nonce-00005", 4, now))
        .expect("reviewed");
    let phone = Buyer::Phone(erased.phone.clone());
    assert_eq!(store.erase_buyer(&phone, now).expect("erased"), 1);
    for problem in store.order_problems(&erased.order_id).expect("read") {
        let buyer = &problem.messages[0];
        assert_eq!((buyer.text.as_str(), buyer.photo.as_deref()), ("", None));
        assert_eq!(
            problem.messages[1].text, "sorry",
            "the seller's answer stays"
        );
    }
    assert_eq!(
        store.photo(&own).expect("read"),
        None,
        "no one else shows it"
    );
    assert!(
        store.photo(&shared).expect("read").is_some(),
        "another order shows it"
    );
    let other = store.order_problems(&kept.order_id).expect("read");
    assert_eq!(other[0].messages[0].text, "label: 1 Tea Street");
    // The review stays (stars, text), shown with no name; another buyer's keeps theirs.
    let reviews = store.order_reviews(&erased.order_id).expect("read");
    assert_eq!(reviews.len(), 1);
    assert_eq!(
        (
            reviews[0].rating,
            reviews[0].text.as_str(),
            reviews[0].display_name.as_str()
        ),
        (5, "good", "")
    );
    let theirs = store.order_reviews(&kept.order_id).expect("read");
    assert_eq!(theirs[0].display_name, "Mei L.");
    let read = store.product_reviews("tea", "green", 10).expect("read");
    assert_eq!(read.rating.count, 2, "both still counted");
    let figures = store.problem_figures("tea", 0).expect("figures").confirmed;
    assert_eq!(figures.raised, 3);
}

/// Retention cleared the order: a new problem, a message to its problem and a
/// change of its review are refused (`Cleared`, with when), nothing written, their
/// nonces left free; an order retention did not reach still takes them.
fn an_order_cleared_by_retention_takes_no_buyer_write(backend: Backend) {
    let db = TestDb::new(backend, "trust_retention");
    let store = db.store();
    let cleared = completed_order(&store, 6);
    let kept = completed_order(&store, 7);
    let now = cleared.received_ms + DAY;
    let raise = |sample: &Sample, nonce: &str, text: &str, at: i64| {
        store
            .raise_problem(&ProblemRaise {
                order_id: &sample.order_id,
                secret: &sample.secret,
                nonce,
                kind: "not_received",
                text,
                photo: None,
                now_ms: at,
            })
            .expect("runs")
    };
    let Raised::Done(problem) = raise(&cleared, "retention-nonce-001", "never came", now) else {
        panic!("raised")
    };
    let written = store
        .write_review(&review(&cleared, "retention-nonce-002", 4, now))
        .expect("runs");
    assert!(matches!(written, ReviewWritten::Created(_)), "{written:?}");
    // Completed orders before the cutoff: the first only (the second completed
    // a second later).
    let swept = now + 1;
    assert_eq!(store.clear_personal_before(kept.received_ms, swept), Ok(1));
    let nonces = store.nonces_kept().expect("count");

    let later = swept + DAY;
    assert_eq!(
        raise(&cleared, "retention-nonce-003", "still nothing", later),
        Raised::Cleared(swept)
    );
    let added = store
        .add_buyer_message(&BuyerMessage {
            order_id: &cleared.order_id,
            secret: &cleared.secret,
            nonce: "retention-nonce-004",
            problem_id: problem.id,
            text: "my new address: 2 Tea Street",
            photo: None,
            now_ms: later,
        })
        .expect("runs");
    assert_eq!(added, Added::Cleared(swept));
    let changed = store
        .write_review(&review(&cleared, "retention-nonce-005", 1, later))
        .expect("runs");
    assert_eq!(changed, ReviewWritten::Cleared(swept));

    // Nothing written: the problem and its cleared first message only, the
    // review as it was, no nonce taken.
    let problems = store.order_problems(&cleared.order_id).expect("read");
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].messages.len(), 1);
    assert_eq!(problems[0].messages[0].text, "");
    let reviews = store.order_reviews(&cleared.order_id).expect("read");
    assert_eq!((reviews.len(), reviews[0].rating), (1, 4));
    assert_eq!(
        reviews[0].display_name, "",
        "the name cleared with the order's data"
    );
    assert_eq!(store.nonces_kept(), Ok(nonces));
    // The order retention did not reach still takes them.
    assert!(matches!(
        raise(&kept, "retention-nonce-006", "never came", later),
        Raised::Done(_)
    ));
}

on_both_backends!(
    a_display_name_is_set_changed_and_taken_away_by_its_writer,
    an_order_cleared_by_retention_takes_no_buyer_write,
    erasing_a_buyer_clears_their_problem_messages_and_photos,
    racing_first_writes_make_one_review,
    a_review_is_changed_for_thirty_days_only,
    the_figures_count_ninety_days,
    a_thread_takes_twenty_buyer_messages,
    an_orders_problems_take_ten_mib_of_photos,
    two_messages_at_once_at_the_cap_let_one_in,
    photos_and_figures_wait_for_the_sellers_confirmation,
);

/// REVIEW8 finding 5: orders cost nothing to place, so a photo is taken only on an
/// order the seller confirmed (its status ever went past `new`: paid, shipped,
/// completed, also when cancelled after that); on an order only ever `new`
/// (cancelled from `new` included) a problem or a message takes words alone, a
/// photo is refused (`PhotoNotYet`, nothing written, the nonce left free). The
/// public figures count the problems of never-confirmed orders apart, by what the
/// order is now: a problem of an order the seller confirms later moves over.
fn photos_and_figures_wait_for_the_sellers_confirmation(backend: Backend) {
    let db = TestDb::new(backend, "trust_confirmed");
    let store = db.store();
    let placed: Vec<Sample> = (20..24u8).map(|n| Sample::new(n, "G-1")).collect();
    for sample in &placed {
        store.accept(&sample.order()).expect("accepted");
    }
    let [unpaid, called_off, paid, paid_then_cancelled] = &placed[..] else {
        unreachable!("four orders")
    };
    let now = unpaid.received_ms + DAY;
    let status = |sample: &Sample, change: &Change| {
        let changed = store
            .change_status(&StatusChange {
                order_id: &sample.order_id,
                change,
                expected_version: None,
                actor: "seller",
                now_ms: now,
                announce: &[],
            })
            .expect("changed");
        assert!(matches!(changed, Changed::Done { .. }), "{changed:?}");
    };
    let cancel = Change::Cancelled {
        reason: "Not paid".into(),
    };
    status(called_off, &cancel);
    status(paid, &Change::Paid);
    status(paid_then_cancelled, &Change::Paid);
    status(paid_then_cancelled, &cancel);
    let photo = Photo {
        sha256: &"c".repeat(64),
        content_type: "image/png",
        base64: "iVBORw0KGgo=",
    };
    let raise = |sample: &Sample, nonce: &str, photo: Option<Photo<'_>>| {
        store
            .raise_problem(&ProblemRaise {
                order_id: &sample.order_id,
                secret: &sample.secret,
                nonce,
                kind: "not_received",
                text: "paid by transfer, nothing came",
                photo,
                now_ms: now,
            })
            .expect("runs")
    };
    let nonces = store.nonces_kept().expect("count");
    for (i, sample) in [unpaid, called_off].into_iter().enumerate() {
        let refused = raise(
            sample,
            &format!("confirm-nonce-p{i:03}"),
            Some(photo.clone()),
        );
        assert_eq!(refused, Raised::PhotoNotYet, "order {}", sample.order_id);
    }
    assert_eq!(
        store.nonces_kept(),
        Ok(nonces),
        "refused: the nonces stay free"
    );
    assert_eq!(store.photo(photo.sha256), Ok(None), "the photo not kept");
    let mut ids = Vec::new();
    for (i, sample) in [unpaid, called_off].into_iter().enumerate() {
        let Raised::Done(words) = raise(sample, &format!("confirm-nonce-w{i:03}"), None) else {
            panic!("words alone are taken on order {}", sample.order_id)
        };
        let (photo_nonce, words_nonce) = (
            format!("confirm-nonce-mp{i:03}"),
            format!("confirm-nonce-mw{i:03}"),
        );
        let message = BuyerMessage {
            order_id: &sample.order_id,
            secret: &sample.secret,
            nonce: &photo_nonce,
            problem_id: words.id,
            text: "here it is",
            photo: Some(photo.clone()),
            now_ms: now,
        };
        assert_eq!(
            store.add_buyer_message(&message).expect("runs"),
            Added::PhotoNotYet
        );
        let words_only = BuyerMessage {
            nonce: &words_nonce,
            photo: None,
            ..message
        };
        assert!(matches!(
            store.add_buyer_message(&words_only).expect("runs"),
            Added::Done(_)
        ));
        ids.push(words.id);
    }
    // Confirmed, also when cancelled afterwards: photos taken.
    for (i, sample) in [paid, paid_then_cancelled].into_iter().enumerate() {
        let raised = raise(
            sample,
            &format!("confirm-nonce-c{i:03}"),
            Some(photo.clone()),
        );
        assert!(matches!(raised, Raised::Done(_)), "{raised:?}");
    }
    let figures = |shop: &str| store.problem_figures(shop, 0).expect("figures");
    let counts = |f: ProblemFigures| (f.raised, f.resolved, f.refunded, f.open);
    assert_eq!(counts(figures("tea").confirmed), (2, 0, 0, 2));
    assert_eq!(counts(figures("tea").unconfirmed), (2, 0, 0, 2));
    store
        .answer_problem(
            ids[0],
            Some("we never got the money"),
            Some("resolved"),
            now,
        )
        .expect("answered");
    assert_eq!(counts(figures("tea").unconfirmed), (2, 1, 0, 1));
    // The seller confirms the unpaid order after all: its problem counts with the
    // confirmed orders' now, and the order takes photos.
    status(unpaid, &Change::Paid);
    assert_eq!(counts(figures("tea").confirmed), (3, 1, 0, 2));
    assert_eq!(counts(figures("tea").unconfirmed), (1, 0, 0, 1));
    let later = raise(unpaid, "confirm-nonce-after", Some(photo.clone()));
    assert!(matches!(later, Raised::Done(_)), "{later:?}");
    assert_eq!(counts(figures("other-shop").unconfirmed), (0, 0, 0, 0));
}

/// A problem raised on `sample` with `photo`, its id.
fn raised(store: &microshop_cli::store::Store, sample: &Sample, photo: Option<Photo<'_>>) -> i64 {
    let raised = store
        .raise_problem(&ProblemRaise {
            order_id: &sample.order_id,
            secret: &sample.secret,
            nonce: "cap-raise-nonce-0001",
            kind: "damaged",
            text: "the pot came broken",
            photo,
            now_ms: sample.received_ms + DAY,
        })
        .expect("runs");
    let Raised::Done(problem) = raised else {
        panic!("{raised:?}")
    };
    problem.id
}

/// The buyer's message `text` (nonce from it) to problem `id`.
fn message<'a>(
    sample: &'a Sample,
    id: i64,
    nonce: &'a str,
    text: &'a str,
    photo: Option<Photo<'a>>,
) -> BuyerMessage<'a> {
    BuyerMessage {
        order_id: &sample.order_id,
        secret: &sample.secret,
        nonce,
        problem_id: id,
        text,
        photo,
        now_ms: sample.received_ms + 2 * DAY,
    }
}

/// How many messages problem `id` of the sample's order has.
fn thread_len(store: &microshop_cli::store::Store, sample: &Sample, id: i64) -> usize {
    store
        .order_problems(&sample.order_id)
        .expect("read")
        .iter()
        .find(|p| p.id == id)
        .map_or(0, |p| p.messages.len())
}

/// finding 3b: a thread takes `MAX_BUYER_MESSAGES` (20) from the buyer, the first
/// included; the next is refused (`ThreadFull`) and nothing of it is written (no
/// message, no nonce); the seller's answers do not count, and a message sent
/// before is still its harmless replay.
fn a_thread_takes_twenty_buyer_messages(backend: Backend) {
    let db = TestDb::new(backend, "trust_thread_cap");
    let store = db.store();
    let sample = completed_order(&store, 20);
    let id = raised(&store, &sample, None);
    store
        .answer_problem(
            id,
            Some("sorry, sending another"),
            None,
            sample.received_ms + DAY,
        )
        .expect("answered");
    let texts: Vec<String> = (1..MAX_BUYER_MESSAGES)
        .map(|i| format!("detail {i}"))
        .collect();
    let nonces: Vec<String> = (1..MAX_BUYER_MESSAGES)
        .map(|i| format!("cap-nonce-{i:010}"))
        .collect();
    for (text, nonce) in texts.iter().zip(&nonces) {
        let added = store
            .add_buyer_message(&message(&sample, id, nonce, text, None))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "message {text}");
    }
    let full = usize::try_from(MAX_BUYER_MESSAGES).expect("small") + 1;
    assert_eq!(
        thread_len(&store, &sample, id),
        full,
        "20 of the buyer's, 1 answer"
    );
    let nonces_kept = store.nonces_kept().expect("count");
    let refused = store
        .add_buyer_message(&message(
            &sample,
            id,
            "cap-nonce-over-0001",
            "one more",
            None,
        ))
        .expect("runs");
    assert_eq!(refused, Added::ThreadFull);
    assert_eq!(thread_len(&store, &sample, id), full, "nothing written");
    assert_eq!(store.nonces_kept(), Ok(nonces_kept), "its nonce left free");
    // A message sent before, sent again: nothing new either way.
    let replay = store
        .add_buyer_message(&message(
            &sample,
            id,
            "cap-nonce-over-0002",
            &texts[3],
            None,
        ))
        .expect("runs");
    assert!(matches!(replay, Added::Already(_)), "{replay:?}");
    // The seller may still answer.
    let answered = store
        .answer_problem(
            id,
            Some("refund on its way"),
            None,
            sample.received_ms + 3 * DAY,
        )
        .expect("answered");
    assert!(matches!(answered, microshop_cli::store::Answered::Done(_)));
}

/// A photo of `mib` MiB as the store takes it (base64; the store does not look at
/// the bytes: serve did), named `tag`.
fn big_photo(sha256: &str, base64: &str) -> Photo<'static> {
    Photo {
        sha256: Box::leak(sha256.to_owned().into_boxed_str()),
        content_type: "image/jpeg",
        base64: Box::leak(base64.to_owned().into_boxed_str()),
    }
}

/// finding 3b: an order's problems take `MAX_ORDER_PHOTO_BYTES` (10 MiB) of photos
/// in all, each counted once: three 3 MiB photos fit, a fourth is refused
/// (`PhotosFull`, on a message and on a new problem), nothing written; the same
/// photo again, or a message without one, still goes in.
fn an_orders_problems_take_ten_mib_of_photos(backend: Backend) {
    let db = TestDb::new(backend, "trust_photo_cap");
    let store = db.store();
    let sample = completed_order(&store, 21);
    // 3 MiB of bytes: 4 MiB of base64.
    let three_mib = usize::try_from(MAX_ORDER_PHOTO_BYTES).expect("fits") / 10 * 4;
    let photos: Vec<Photo<'static>> = (0..4u8)
        .map(|i| {
            big_photo(
                &format!("{i:x}").repeat(64),
                &char::from(b'A' + i).to_string().repeat(three_mib),
            )
        })
        .collect();
    let id = raised(&store, &sample, Some(photos[0].clone()));
    for (i, photo) in photos[1..3].iter().enumerate() {
        let nonce = format!("photo-cap-nonce-{i:04}");
        let text = format!("another side {i}");
        let added = store
            .add_buyer_message(&message(&sample, id, &nonce, &text, Some(photo.clone())))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "{added:?}");
    }
    let nonces_kept = store.nonces_kept().expect("count");
    let refused = store
        .add_buyer_message(&message(
            &sample,
            id,
            "photo-cap-nonce-over",
            "and the box",
            Some(photos[3].clone()),
        ))
        .expect("runs");
    assert_eq!(refused, Added::PhotosFull);
    assert_eq!(thread_len(&store, &sample, id), 3, "nothing written");
    assert_eq!(
        store.photo(photos[3].sha256),
        Ok(None),
        "the photo not kept"
    );
    assert_eq!(store.nonces_kept(), Ok(nonces_kept), "its nonce left free");
    let raised_again = store
        .raise_problem(&ProblemRaise {
            order_id: &sample.order_id,
            secret: &sample.secret,
            nonce: "photo-cap-raise-over",
            kind: "other",
            text: "the box too",
            photo: Some(photos[3].clone()),
            now_ms: sample.received_ms + 2 * DAY,
        })
        .expect("runs");
    assert_eq!(raised_again, Raised::PhotosFull);
    assert_eq!(
        store.order_problems(&sample.order_id).expect("read").len(),
        1
    );
    // A photo the order sent before adds no bytes; words alone always fit.
    for (nonce, text, photo) in [
        (
            "photo-cap-nonce-same",
            "the first side again",
            Some(photos[0].clone()),
        ),
        ("photo-cap-nonce-none", "no photo this time", None),
    ] {
        let added = store
            .add_buyer_message(&message(&sample, id, nonce, text, photo))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "{added:?}");
    }
}

/// Two (here six) messages at once to a thread one short of the cap, on two
/// instances: one gets in, the others are refused.
fn two_messages_at_once_at_the_cap_let_one_in(backend: Backend) {
    let db = TestDb::new(backend, "trust_cap_race");
    let instances = [db.store(), db.store()];
    let sample = completed_order(&instances[0], 22);
    let id = raised(&instances[0], &sample, None);
    for i in 2..MAX_BUYER_MESSAGES {
        let (nonce, text) = (format!("race-cap-nonce-{i:04}"), format!("detail {i}"));
        let added = instances[0]
            .add_buyer_message(&message(&sample, id, &nonce, &text, None))
            .expect("runs");
        assert!(matches!(added, Added::Done(_)), "{added:?}");
    }
    let nonces: Vec<String> = (0..6).map(|i| format!("race-cap-last-{i:04}")).collect();
    let texts: Vec<String> = (0..6).map(|i| format!("last word {i}")).collect();
    let answers = race(&instances, 6, |i, store| {
        store
            .add_buyer_message(&message(&sample, id, &nonces[i], &texts[i], None))
            .expect("runs")
    });
    let done = answers
        .iter()
        .filter(|a| matches!(a, Added::Done(_)))
        .count();
    let full = answers.iter().filter(|a| **a == Added::ThreadFull).count();
    assert_eq!((done, full), (1, 5), "messages added at once, and refused");
    assert_eq!(
        thread_len(&instances[0], &sample, id),
        usize::try_from(MAX_BUYER_MESSAGES).expect("small")
    );
}
