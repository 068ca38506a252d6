//! Group commit: orders accepted at the same moment are stored in one transaction,
//! so they share one commit (one fsync on SQLite, one WAL flush on PostgreSQL) and
//! one wake-up of the writer, instead of queueing for a commit each.
//!
//! No thread of its own: the caller who finds no batch being written writes one
//! itself (the leader), taking every order waiting; callers arriving meanwhile wait
//! for their answer. When a leader is done it hands the lead to the oldest order
//! still waiting, so no caller writes batch after batch while its own buyer waits.
//! Every caller is answered after the commit that holds its order (or with the
//! error that lost it): an acknowledged order is a committed one, as before.
//!
//! Each order of a batch runs in a savepoint, so a refusal (stock, a reused key) or
//! a failed statement undoes that order only; the answers are those of one order
//! alone (docs/store.md, "Group commit").

use super::orders::{accept_in, one_statement_fits, Accepted, Announce, NewOrder};
use super::sql::{Finish, Kind, StoreError};
use super::Store;
use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex, PoisonError};

/// Orders one transaction takes at most: bounded, so one batch's commit does not
/// wait for the work of a very long queue.
const BATCH: usize = 64;

/// The orders waiting and how many batches are being written.
pub(super) struct Group {
    queue: Mutex<Queue>,
    /// Batches written at once: 1 on SQLite (one writer anyway); on PostgreSQL
    /// no limit, so each order is written alone (mod.rs says why).
    writers: usize,
}

struct Queue {
    waiting: VecDeque<Waiting>,
    writing: usize,
}

struct Waiting {
    order: Box<Owned>,
    slot: Arc<Slot>,
}

/// Where a waiting caller is told it leads now, or is given its answer.
struct Slot {
    state: Mutex<State>,
    changed: Condvar,
}

enum State {
    Waiting,
    /// Write a batch starting with this caller's own order.
    Lead(Box<Owned>),
    Done(Result<Accepted, StoreError>),
}

impl Slot {
    fn set(&self, state: State) {
        *self.state.lock().unwrap_or_else(PoisonError::into_inner) = state;
        self.changed.notify_one();
    }

    fn wait(&self) -> State {
        let mut state = self.state.lock().unwrap_or_else(PoisonError::into_inner);
        while matches!(*state, State::Waiting) {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        std::mem::replace(&mut *state, State::Waiting)
    }
}

impl Group {
    pub(super) fn new(writers: usize) -> Group {
        Group {
            queue: Mutex::new(Queue {
                waiting: VecDeque::new(),
                writing: 0,
            }),
            writers: writers.max(1),
        }
    }

    fn queue(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Store {
    /// Stores a verified order as [`Store::accept_all`] stores a batch: with the
    /// orders other callers are accepting at the same moment, in one transaction.
    pub(super) fn accept_grouped(&self, order: &NewOrder<'_>) -> Result<Accepted, StoreError> {
        let slot = Arc::new(Slot {
            state: Mutex::new(State::Waiting),
            changed: Condvar::new(),
        });
        let order = Box::new(Owned::from(order));
        let leads = {
            let mut queue = self.group.queue();
            if queue.writing < self.group.writers {
                queue.writing += 1;
                Some(order)
            } else {
                queue.waiting.push_back(Waiting {
                    order,
                    slot: Arc::clone(&slot),
                });
                None
            }
        };
        if let Some(order) = leads {
            self.lead(order, &slot);
        }
        loop {
            match slot.wait() {
                State::Done(answer) => return answer,
                State::Lead(order) => self.lead(order, &slot),
                State::Waiting => {}
            }
        }
    }

    /// Writes one batch: `own` and the orders waiting, then answers each and hands
    /// the lead on (or gives it up when no order waits).
    fn lead(&self, own: Box<Owned>, slot: &Arc<Slot>) {
        let mut batch = vec![Waiting {
            order: own,
            slot: Arc::clone(slot),
        }];
        {
            let mut queue = self.group.queue();
            let more = queue.waiting.len().min(BATCH - 1);
            batch.extend(queue.waiting.drain(..more));
        }
        // A panic while writing must still answer the batch and pass the lead on,
        // or every later order would wait for ever.
        let mut answers = Handover {
            group: &self.group,
            batch,
            answers: Vec::new(),
        };
        let orders: Vec<NewOrder<'_>> = answers.batch.iter().map(|w| w.order.view()).collect();
        answers.answers = match self.accept_all(&orders) {
            Ok(each) => each,
            Err(e) => vec![Err(e); orders.len()],
        };
    }

    /// Stores each verified order in one transaction, each in a savepoint of its
    /// own: the answer of each is what [`Store::accept`] gives it alone, in this
    /// order (a later order of the batch sees the stock an earlier one took, and a
    /// key an earlier one stored). An order whose statements fail is undone alone
    /// and gets the error; the others are committed. `Err` when the transaction
    /// itself failed: then nothing of the batch is stored.
    pub fn accept_all(
        &self,
        orders: &[NewOrder<'_>],
    ) -> Result<Vec<Result<Accepted, StoreError>>, StoreError> {
        if let [one] = orders {
            // PostgreSQL: first the whole order in one statement; only when that
            // finds anything but the common case (rolled back), statement by
            // statement (orders.rs, `accept_in_one_statement`).
            if self.kind() == Kind::Postgres && one_statement_fits(one) {
                if let Some(answer) = self.accept_alone(one) {
                    return Ok(vec![answer]);
                }
            }
            // Alone, the order's own transaction: no savepoint to pay for.
            return Ok(vec![self.write(&mut |tx| accept_in(tx, one))]);
        }
        self.write(&mut |tx| {
            let mut answers = Vec::with_capacity(orders.len());
            // One statement between two orders: the savepoint of the order done is
            // released and the next one's taken together; a rollback to it keeps
            // it for the next order; the last is released by the commit.
            tx.batch("SAVEPOINT one_order")?;
            for (n, order) in orders.iter().enumerate() {
                let last = n + 1 == orders.len();
                match accept_in(tx, order) {
                    Ok(Finish::Commit(accepted)) => {
                        if !last {
                            tx.batch("RELEASE one_order; SAVEPOINT one_order")?;
                        }
                        answers.push(Ok(accepted));
                    }
                    Ok(Finish::Rollback(refused)) => {
                        tx.batch("ROLLBACK TO one_order")?;
                        answers.push(Ok(refused));
                    }
                    // The database asks for the transaction again (a deadlock
                    // between two instances' batches, a serialization failure):
                    // the whole batch is run again by the backend.
                    Err(e) if e.retry => return Err(e),
                    Err(e) => {
                        tx.batch("ROLLBACK TO one_order")?;
                        answers.push(Err(e));
                    }
                }
            }
            Ok(Finish::Commit(answers))
        })
    }
}

/// Answers a written batch and hands the lead on when dropped, also in a panic.
struct Handover<'g> {
    group: &'g Group,
    batch: Vec<Waiting>,
    answers: Vec<Result<Accepted, StoreError>>,
}

impl Drop for Handover<'_> {
    fn drop(&mut self) {
        let mut answers = std::mem::take(&mut self.answers).into_iter();
        for waiting in self.batch.drain(..) {
            let answer = answers.next().unwrap_or_else(|| {
                Err(StoreError::new(
                    "the batch of orders was not written".to_owned(),
                ))
            });
            waiting.slot.set(State::Done(answer));
        }
        let mut queue = self.group.queue();
        match queue.waiting.pop_front() {
            Some(next) => next.slot.set(State::Lead(next.order)),
            None => queue.writing -= 1,
        }
    }
}

/// A [`NewOrder`] that owns its text: it waits in the queue while its caller
/// sleeps, and the leader's thread writes it.
struct Owned {
    key: String,
    body_sha256: String,
    order_id: String,
    shop_id: String,
    created_at: String,
    received_ms: i64,
    currency: String,
    total: String,
    total_minor: i64,
    customer_name: String,
    customer_phone: String,
    customer_email: String,
    payload: String,
    secret: String,
    items: Vec<(String, u32)>,
    status: u16,
    response: String,
    receipt: String,
    announce: Vec<Announce>,
}

impl From<&NewOrder<'_>> for Owned {
    fn from(o: &NewOrder<'_>) -> Owned {
        Owned {
            key: o.key.to_owned(),
            body_sha256: o.body_sha256.to_owned(),
            order_id: o.order_id.to_owned(),
            shop_id: o.shop_id.to_owned(),
            created_at: o.created_at.to_owned(),
            received_ms: o.received_ms,
            currency: o.currency.to_owned(),
            total: o.total.to_owned(),
            total_minor: o.total_minor,
            customer_name: o.customer_name.to_owned(),
            customer_phone: o.customer_phone.to_owned(),
            customer_email: o.customer_email.to_owned(),
            payload: o.payload.to_owned(),
            secret: o.secret.to_owned(),
            items: o.items.to_vec(),
            status: o.status,
            response: o.response.to_owned(),
            receipt: o.receipt.to_owned(),
            announce: o.announce.to_vec(),
        }
    }
}

impl Owned {
    fn view(&self) -> NewOrder<'_> {
        NewOrder {
            key: &self.key,
            body_sha256: &self.body_sha256,
            order_id: &self.order_id,
            shop_id: &self.shop_id,
            created_at: &self.created_at,
            received_ms: self.received_ms,
            currency: &self.currency,
            total: &self.total,
            total_minor: self.total_minor,
            customer_name: &self.customer_name,
            customer_phone: &self.customer_phone,
            customer_email: &self.customer_email,
            payload: &self.payload,
            secret: &self.secret,
            items: &self.items,
            status: self.status,
            response: &self.response,
            receipt: &self.receipt,
            announce: &self.announce,
        }
    }
}
