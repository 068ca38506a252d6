//! Replayed buyer writes (docs/trust.md "Replays"): each review, problem and
//! problem message takes a one-time `Request-Nonce`, kept for `NONCE_KEEP_DAYS`
//! and then pruned. A request replayed after that is still harmless by design:
//! a review's edit window has closed by then (core: `NONCE_KEEP_MS >=
//! REVIEW_EDIT_MS`), a problem already raised with the same words is not raised
//! again, and a message the buyer already sent to a thread is not added again.

use super::sql::{Arg, Finish, StoreError, Tx};
use super::Store;
use microshop_core::order::review::nonces_pruned_before;

/// How many nonces one pruning transaction deletes: a large table is pruned in
/// short transactions, so buyers' writes never wait long behind the sweep.
pub const PRUNE_BATCH: u32 = 1_000;

/// Takes `nonce` for `order_id`: `false` when it was taken before (a replay). In
/// the write's transaction, so a request refused for another reason leaves its
/// nonce free.
pub(super) fn take_nonce(
    tx: &mut dyn Tx,
    nonce: &str,
    order_id: &str,
    now_ms: i64,
) -> Result<bool, StoreError> {
    let inserted = tx.exec(
        "INSERT INTO nonces (nonce, order_id, at_ms) VALUES ($1, $2, $3) ON CONFLICT (nonce) DO NOTHING",
        &[Arg::Text(nonce), Arg::Text(order_id), Arg::Int(now_ms)],
    )?;
    Ok(inserted == 1)
}

/// The problem of `order_id` that was raised with this kind, first message and
/// photo already (oldest first), if any: raising it again changes nothing. Whatever
/// its state: a replay must not reopen, as a new problem, one the seller closed.
pub(super) fn raised_before(
    tx: &mut dyn Tx,
    order_id: &str,
    kind: &str,
    text: &str,
    photo: Option<&str>,
) -> Result<Option<i64>, StoreError> {
    let row = tx.row(
        "SELECT p.id FROM problems p JOIN problem_messages m \
         ON m.id = (SELECT MIN(f.id) FROM problem_messages f WHERE f.problem_id = p.id) \
         WHERE p.order_id = $1 AND p.kind = $2 AND m.author = 'buyer' AND m.body = $3 \
         AND COALESCE(m.media_sha256, '') = $4 ORDER BY p.id LIMIT 1",
        &[
            Arg::Text(order_id),
            Arg::Text(kind),
            Arg::Text(text),
            Arg::Text(photo.unwrap_or_default()),
        ],
    )?;
    Ok(row.map(|r| r.int(0)))
}

/// Whether the buyer already sent this text and photo to the problem's thread:
/// sending it again adds nothing. Any earlier message of theirs, not only the
/// last, so a replay of an older message is no more harmful than of the newest.
pub(super) fn said_before(
    tx: &mut dyn Tx,
    problem_id: i64,
    text: &str,
    photo: Option<&str>,
) -> Result<bool, StoreError> {
    Ok(tx
        .row(
            "SELECT 1 FROM problem_messages WHERE problem_id = $1 AND author = 'buyer' \
             AND body = $2 AND COALESCE(media_sha256, '') = $3 LIMIT 1",
            &[
                Arg::Int(problem_id),
                Arg::Text(text),
                Arg::Text(photo.unwrap_or_default()),
            ],
        )?
        .is_some())
}

impl Store {
    /// Deletes the nonces older than `NONCE_KEEP_DAYS` at `now_ms`, at most `batch`
    /// per transaction, until none is left; how many. Several instances may prune
    /// at once: a row is deleted once, and a batch that finds fewer rows than it
    /// asked for ends the run (the next sweep takes what is left).
    pub fn prune_nonces(&self, now_ms: i64, batch: u32) -> Result<u64, StoreError> {
        let before = nonces_pruned_before(now_ms);
        let batch = batch.max(1);
        let mut pruned = 0;
        loop {
            let deleted = self.write(&mut |tx| {
                tx.exec(
                    "DELETE FROM nonces WHERE nonce IN \
                     (SELECT nonce FROM nonces WHERE at_ms < $1 LIMIT $2)",
                    &[Arg::Int(before), Arg::Int(i64::from(batch))],
                )
                .map(Finish::Commit)
            })?;
            pruned += deleted;
            if deleted < u64::from(batch) {
                return Ok(pruned);
            }
        }
    }

    /// How many nonces are kept (for tests and the operator's figures).
    pub fn nonces_kept(&self) -> Result<i64, StoreError> {
        let row = self.read(&mut |tx| tx.row("SELECT COUNT(*) FROM nonces", &[]))?;
        Ok(row.map_or(0, |r| r.int(0)))
    }
}
