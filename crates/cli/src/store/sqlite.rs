//! SQLite, the default and the demo's: one file, one writing connection per store
//! handle (SQLite has one writer at a time anyway), WAL so readers never wait for
//! it, and read transactions on connections of their own: on the writer's they
//! queued behind its commits' fsyncs (docs/performance.md, "Orders under load").
//!
//! Every write transaction starts `IMMEDIATE`: it takes the write lock first, so two
//! handles (two processes on one file) queue on the busy timeout instead of failing
//! when a read turns into a write.

use super::sql::{sqlite_placeholders, Arg, Finish, Kind, Row, StoreError, Tx, Value, Work};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ToSql, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One SQLite file.
pub struct Sqlite {
    conn: Mutex<Connection>,
    /// Idle read-only connections; `None` for an in-memory database, which another
    /// connection would not see (reads then use the writer's).
    readers: Option<Readers>,
}

/// Read connections, opened when no idle one is left and kept for the next read.
struct Readers {
    path: PathBuf,
    idle: Mutex<Vec<Connection>>,
}

/// Read connections kept idle at most: as many as reads ran at once at the peak,
/// bounded so a burst does not keep a page cache per blocking thread for ever.
const IDLE_READERS: usize = 8;

impl Readers {
    fn take(&self) -> Result<Connection, StoreError> {
        let idle = self
            .idle
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .pop();
        if let Some(conn) = idle {
            return Ok(conn);
        }
        let conn = Connection::open(&self.path)
            .map_err(|e| StoreError::new(format!("cannot open {}: {e}", self.path.display())))?;
        // query_only: a read that tried to write would be a bug, refused here
        // rather than racing the writer for the lock.
        conn.execute_batch("PRAGMA busy_timeout=5000; PRAGMA query_only=ON;")
            .map_err(|e| error(&e))?;
        conn.set_prepared_statement_cache_capacity(64);
        Ok(conn)
    }

    fn give_back(&self, conn: Connection) {
        let mut idle = self.idle.lock().unwrap_or_else(PoisonError::into_inner);
        if idle.len() < IDLE_READERS {
            idle.push(conn);
        }
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            Arg::Null => ToSqlOutput::Owned(rusqlite::types::Value::Null),
            Arg::Int(i) => ToSqlOutput::Owned(rusqlite::types::Value::Integer(*i)),
            Arg::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

fn error(e: &rusqlite::Error) -> StoreError {
    let busy = matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
    );
    StoreError {
        message: e.to_string(),
        retry: busy,
    }
}

/// Switches the file to WAL. A fresh file's switch needs the exclusive lock, and two
/// connections switching at once can deadlock (each holds the shared lock the other
/// waits on); SQLite answers that with BUSY at once instead of calling the busy
/// handler. So the switch is tried again, briefly and with a growing pause, for as
/// long as the busy timeout would have waited. A file already in WAL needs no lock.
fn wal(conn: &Connection) -> rusqlite::Result<()> {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    let mut pause = std::time::Duration::from_millis(1);
    loop {
        let mode = conn.query_row("PRAGMA journal_mode", [], |row| row.get::<_, String>(0));
        let attempt = match mode {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(_) => conn
                .query_row("PRAGMA journal_mode=WAL", [], |row| row.get::<_, String>(0))
                .map(|_| ()),
            Err(e) => Err(e),
        };
        match attempt {
            Err(e)
                if matches!(
                    e.sqlite_error_code(),
                    Some(rusqlite::ErrorCode::DatabaseBusy)
                ) && std::time::Instant::now() < deadline =>
            {
                std::thread::sleep(pause);
                pause = (pause * 2).min(std::time::Duration::from_millis(50));
            }
            other => return other,
        }
    }
}

impl Sqlite {
    /// Opens (creating if needed) the file at `path`, and its folder.
    pub fn open(path: &Path) -> Result<Sqlite, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)
                .map_err(|e| StoreError::new(format!("cannot create {}: {e}", dir.display())))?;
        }
        let conn = Connection::open(path)
            .map_err(|e| StoreError::new(format!("cannot open {}: {e}", path.display())))?;
        // synchronous stays at SQLite's FULL: an acknowledged order survives a power
        // cut too, not only a crash of the process.
        let prepare =
            |e: rusqlite::Error| StoreError::new(format!("cannot prepare {}: {e}", path.display()));
        conn.execute_batch("PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;")
            .map_err(prepare)?;
        wal(&conn).map_err(prepare)?;
        // Every statement of the verbs stays prepared: rusqlite's default of 16
        // is fewer than one accepted order and a status read use together.
        conn.set_prepared_statement_cache_capacity(128);
        let in_memory = path.as_os_str().is_empty() || path.as_os_str() == ":memory:";
        Ok(Sqlite {
            conn: Mutex::new(conn),
            readers: (!in_memory).then(|| Readers {
                path: path.to_path_buf(),
                idle: Mutex::new(Vec::new()),
            }),
        })
    }

    /// `PRAGMA synchronous=NORMAL` (the operator's choice, `serve --sqlite-sync
    /// normal`): in WAL mode a commit then waits for no fsync; the WAL is synced at
    /// checkpoints. A crash of the process loses nothing; a power cut or a kernel
    /// crash may lose the orders acknowledged since the last checkpoint
    /// (docs/operating.md, docs/performance.md).
    pub fn synchronous_normal(&self) -> Result<(), StoreError> {
        self.conn()
            .execute_batch("PRAGMA synchronous=NORMAL;")
            .map_err(|e| error(&e))
    }

    /// SQLite's `synchronous` setting of the connection (2 FULL, 1 NORMAL).
    pub fn synchronous(&self) -> Result<i64, StoreError> {
        self.conn()
            .query_row("PRAGMA synchronous", [], |row| row.get(0))
            .map_err(|e| error(&e))
    }

    /// A panic while the lock was held cannot leave half a transaction behind
    /// (rusqlite rolls back a transaction that is dropped), so a poisoned lock is
    /// used as it is rather than stopping every later order.
    fn conn(&self) -> MutexGuard<'_, Connection> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Runs `work` in one transaction (`IMMEDIATE` when it writes). A read runs on
    /// a read connection: it sees the last commit and waits for no writer.
    pub fn transaction<T>(&self, writes: bool, work: &mut Work<'_, T>) -> Result<T, StoreError> {
        match (&self.readers, writes) {
            (Some(readers), false) => {
                let mut conn = readers.take()?;
                let result = run(&mut conn, TransactionBehavior::Deferred, work);
                // A connection whose transaction failed to end is not reused.
                if conn.is_autocommit() {
                    readers.give_back(conn);
                }
                result
            }
            (_, writes) => {
                let behavior = if writes {
                    TransactionBehavior::Immediate
                } else {
                    TransactionBehavior::Deferred
                };
                run(&mut self.conn(), behavior, work)
            }
        }
    }
}

fn run<T>(
    conn: &mut Connection,
    behavior: TransactionBehavior,
    work: &mut Work<'_, T>,
) -> Result<T, StoreError> {
    let tx = conn
        .transaction_with_behavior(behavior)
        .map_err(|e| error(&e))?;
    let mut handle = SqliteTx { tx: &tx };
    match work(&mut handle)? {
        Finish::Commit(value) => {
            tx.commit().map_err(|e| error(&e))?;
            Ok(value)
        }
        Finish::Rollback(value) => {
            tx.rollback().map_err(|e| error(&e))?;
            Ok(value)
        }
    }
}

struct SqliteTx<'c> {
    tx: &'c rusqlite::Transaction<'c>,
}

impl Tx for SqliteTx<'_> {
    fn exec(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(&sqlite_placeholders(sql))
            .map_err(|e| error(&e))?;
        let changed = stmt
            .execute(rusqlite::params_from_iter(args.iter()))
            .map_err(|e| error(&e))?;
        Ok(u64::try_from(changed).unwrap_or(u64::MAX))
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>, StoreError> {
        let mut stmt = self
            .tx
            .prepare_cached(&sqlite_placeholders(sql))
            .map_err(|e| error(&e))?;
        let columns = stmt.column_count();
        let mut rows = stmt
            .query(rusqlite::params_from_iter(args.iter()))
            .map_err(|e| error(&e))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().map_err(|e| error(&e))? {
            let mut values = Vec::with_capacity(columns);
            for i in 0..columns {
                values.push(match row.get_ref(i).map_err(|e| error(&e))? {
                    ValueRef::Null | ValueRef::Real(_) | ValueRef::Blob(_) => Value::Null,
                    ValueRef::Integer(n) => Value::Int(n),
                    ValueRef::Text(t) => Value::Text(String::from_utf8_lossy(t).into_owned()),
                });
            }
            out.push(Row(values));
        }
        Ok(out)
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        self.tx.execute_batch(sql).map_err(|e| error(&e))
    }

    fn kind(&self) -> Kind {
        Kind::Sqlite
    }
}
