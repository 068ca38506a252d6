//! The store: everything a seller must not lose, in one database (docs/store.md).
//! One interface, two backends: SQLite (the default, one file) and PostgreSQL
//! (several instances on one database). The server, the CLI commands and the tests
//! call the verbs below; no HTTP here, and no clock or randomness either: times and
//! secrets come from the caller.
//!
//! Every verb is blocking and is written once, against [`sql::Tx`], so it runs the
//! same statements on both backends. Blocking, because SQLite is, and measured
//! enough for PostgreSQL too (docs/store.md "Why blocking"): the server runs verbs
//! in `spawn_blocking`, as it ran SQLite before.

pub mod clock;
mod desk;
mod group;
mod holder;
mod inbox;
pub mod migrations;
mod orders;
mod outbox;
mod postgres;
mod privacy;
mod problem_figures;
mod problems;
mod replays;
mod reviews;
mod seller;
pub mod sql;
mod sqlite;
mod stock;

pub use clock::{now_ms, now_rfc3339, rfc3339};
pub use desk::{Changed, OrderEvent, OrderRecord, StatusChange};
pub use inbox::{InboxPage, InboxQuery, OrderSummary};
pub use orders::{Accepted, Announce, NewOrder, PublicStatus, PublicStep, Shortage};
pub use outbox::{Announcement, ClaimScope};
pub use privacy::Buyer;
pub use problem_figures::{ProblemFigures, PublicFigures};
pub use problems::{
    Added, Answered, BuyerMessage, Photo, Problem, ProblemMessage, ProblemRaise, Raised,
};
pub use replays::PRUNE_BATCH;
pub use reviews::{ProductReviews, Review, ReviewWrite, ReviewWritten};
pub use seller::Session;
pub use sql::StoreError;
pub use stock::{OnHand, Reconciled, Short};

use sql::{Finish, Kind, Tx, Work};
use std::path::{Path, PathBuf};

/// Where the store is: `--db` (or `MICROSHOP_DB`), a SQLite file or a PostgreSQL URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Location {
    Sqlite(PathBuf),
    Postgres(String),
}

impl Location {
    /// `postgres://…` or `postgresql://…` is PostgreSQL; anything else a SQLite file.
    pub fn parse(text: &str) -> Location {
        let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
        if lower.starts_with("postgres://") || lower.starts_with("postgresql://") {
            Location::Postgres(text.to_owned())
        } else {
            Location::Sqlite(PathBuf::from(text))
        }
    }

    /// For messages: the file, or the URL without its password.
    pub fn describe(&self) -> String {
        match self {
            Location::Sqlite(path) => path.display().to_string(),
            Location::Postgres(url) => postgres::redacted(url),
        }
    }
}

/// Connections a PostgreSQL store keeps at most: enough for the server's blocking
/// threads that run verbs at once, few enough for many instances on one server.
const POSTGRES_CONNECTIONS: u32 = 8;

/// PostgreSQL writes each order in its own transaction, as many at once as the pool
/// allows: grouped (4 batches at once) it used 23 % less CPU per order but its p99
/// went from 0.14 s to 1.8 s on the busy 2-core machine, a batch being a long chain
/// of round trips that each wait for the scheduler (docs/performance.md, "Orders
/// under load"); PostgreSQL already shares one WAL flush between concurrent commits.
const POSTGRES_BATCH_WRITERS: usize = usize::MAX;

enum Backend {
    Sqlite(sqlite::Sqlite),
    Postgres(postgres::Postgres),
}

/// A handle on the store; share it (it is `Sync`). Several handles, in one process
/// or many, may use one database at once.
pub struct Store {
    backend: Backend,
    /// Orders being accepted at the same moment, committed together (group.rs).
    group: group::Group,
}

impl Store {
    /// Opens the store and applies the migrations it lacks; refuses a database a
    /// newer microshop has migrated.
    pub fn open(location: &Location) -> Result<Store, StoreError> {
        let store = Store::connect(location)?;
        migrations::migrate(&store, now_ms())?;
        Ok(store)
    }

    /// Opens the store without migrating it.
    pub fn connect(location: &Location) -> Result<Store, StoreError> {
        let (backend, writers) = match location {
            Location::Sqlite(path) => (Backend::Sqlite(sqlite::Sqlite::open(path)?), 1),
            Location::Postgres(url) => (
                Backend::Postgres(postgres::Postgres::open(url, POSTGRES_CONNECTIONS)?),
                POSTGRES_BATCH_WRITERS,
            ),
        };
        Ok(Store {
            backend,
            group: group::Group::new(writers),
        })
    }

    /// Opens a SQLite file (tests and the demo).
    pub fn open_sqlite(path: &Path) -> Result<Store, StoreError> {
        Store::open(&Location::Sqlite(path.to_path_buf()))
    }

    fn kind(&self) -> Kind {
        match self.backend {
            Backend::Sqlite(_) => Kind::Sqlite,
            Backend::Postgres(_) => Kind::Postgres,
        }
    }

    /// Runs `work` in a transaction that may write.
    fn write<T>(&self, work: &mut Work<'_, T>) -> Result<T, StoreError> {
        match &self.backend {
            Backend::Sqlite(db) => db.transaction(true, work),
            Backend::Postgres(db) => db.transaction(work),
        }
    }

    /// Runs `work` in a transaction that only reads.
    fn read<T>(
        &self,
        work: &mut dyn FnMut(&mut dyn Tx) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut commit = |tx: &mut dyn Tx| work(tx).map(Finish::Commit);
        match &self.backend {
            Backend::Sqlite(db) => db.transaction(false, &mut commit),
            Backend::Postgres(db) => db.read(&mut commit),
        }
    }

    /// Runs `work`, one statement that writes, as a transaction of its own:
    /// PostgreSQL commits it, or undoes it whole when it fails, with no BEGIN and
    /// COMMIT round trips (orders.rs, `accept_in_one_statement`). PostgreSQL only.
    fn one_statement<T>(&self, work: &mut Work<'_, T>) -> Result<T, StoreError> {
        match &self.backend {
            Backend::Postgres(db) => db.read(work),
            Backend::Sqlite(db) => db.transaction(true, work),
        }
    }

    /// Commits without waiting for the disk (`serve --sqlite-sync normal`; see
    /// `sqlite::Sqlite::synchronous_normal` for what that risks). SQLite only:
    /// PostgreSQL's equivalent, `synchronous_commit`, is the server's setting.
    pub fn sqlite_synchronous_normal(&self) -> Result<(), StoreError> {
        match &self.backend {
            Backend::Sqlite(db) => db.synchronous_normal(),
            Backend::Postgres(_) => Err(StoreError::new(
                "--sqlite-sync is for a SQLite database; on PostgreSQL set synchronous_commit on the server (docs/operating.md)".to_owned(),
            )),
        }
    }

    /// SQLite's `synchronous` setting (2 FULL, 1 NORMAL); `None` on PostgreSQL.
    pub fn sqlite_synchronous(&self) -> Result<Option<i64>, StoreError> {
        match &self.backend {
            Backend::Sqlite(db) => db.synchronous().map(Some),
            Backend::Postgres(_) => Ok(None),
        }
    }

    /// The schema version of the database.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        migrations::check(self, now_ms())
    }
}

/// A phone number as the store keeps and matches it: its digits only, so
/// `+86 138-0000 0000` and `8613800000000` are one buyer.
pub fn phone_digits(phone: &str) -> String {
    phone.chars().filter(char::is_ascii_digit).collect()
}

/// An e-mail address as the store keeps and matches it: trimmed, lower case.
pub fn email_key(email: &str) -> String {
    email.trim().to_lowercase()
}

/// A name as the desk's search matches it (`orders.customer_name_folded`, the
/// typed words the same way): each character lower-cased by Unicode's own
/// mapping, one at a time (so it never depends on the letters around it), and a
/// final sigma written as a sigma. Done here, not by the database: SQLite's LOWER
/// and LIKE fold ASCII only, PostgreSQL's LOWER follows the database's locale, so
/// either would make the two backends find different orders.
pub fn search_fold(text: &str) -> String {
    text.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'ς' { 'σ' } else { c })
        .collect()
}

/// The lower-case hex of SHA-256 of `text`: what the store keeps of secrets.
pub fn sha256_hex(text: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The lower-case hex of SHA-256 of `bytes` (a buyer's photo's name).
pub fn sha256_bytes_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
