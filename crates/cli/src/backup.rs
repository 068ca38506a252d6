//! `microshop backup --db FILE OUT`: a consistent copy of the order database while
//! `serve` keeps taking orders, through SQLite's online backup API. The copy is one
//! snapshot (every page in one step, under a read transaction, which in WAL mode never
//! blocks the server's writes), written to a temporary file beside `OUT`, checked with
//! `PRAGMA integrity_check`, then renamed into place, so `OUT` is either the whole
//! backup or not there. Restoring is copying it back while serve is stopped
//! (docs/operating.md). PostgreSQL has its own tools: pg_dump.

use crate::store::Location;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;
use std::time::Duration;

/// What a backup holds, for the summary line.
pub struct Done {
    pub orders: i64,
    pub schema_version: i64,
    pub bytes: u64,
}

/// Copies `db` to `out` (refused when `out` exists, unless `force`).
pub fn run(db: &Location, out: &Path, force: bool) -> Result<Done, String> {
    let file = match db {
        Location::Sqlite(file) => file,
        Location::Postgres(_) => {
            return Err(
                "microshop backup copies a SQLite file; back up PostgreSQL with pg_dump (docs/operating.md, \"Backups\")"
                    .to_owned(),
            )
        }
    };
    if !file.is_file() {
        return Err(format!(
            "{} does not exist: nothing to back up",
            file.display()
        ));
    }
    if out.exists() && !force {
        return Err(format!(
            "{} exists; choose a new name or add --force to replace it",
            out.display()
        ));
    }
    let source = Connection::open_with_flags(
        file,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| format!("cannot open {}: {e}", file.display()))?;
    source
        .busy_timeout(Duration::from_secs(5))
        .map_err(|e| e.to_string())?;
    let name = out
        .file_name()
        .ok_or_else(|| format!("{}: name a file to write", out.display()))?;
    let partial = out.with_file_name(format!(".{}.partial", name.to_string_lossy()));
    let _ = std::fs::remove_file(&partial);
    let copied = copy(&source, &partial).and_then(|()| check(&partial));
    let done = match copied {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(&partial);
            return Err(e);
        }
    };
    std::fs::rename(&partial, out)
        .map_err(|e| format!("cannot move the backup to {}: {e}", out.display()))?;
    Ok(done)
}

/// Every page in one step: one snapshot, whatever the server writes meanwhile.
fn copy(source: &Connection, to: &Path) -> Result<(), String> {
    let mut target =
        Connection::open(to).map_err(|e| format!("cannot create {}: {e}", to.display()))?;
    let backup = Backup::new(source, &mut target).map_err(|e| e.to_string())?;
    // The server holds the write lock for a moment per order; a busy step is tried
    // again, a bounded number of times.
    for _ in 0..100 {
        match backup
            .step(-1)
            .map_err(|e| format!("the backup failed: {e}"))?
        {
            StepResult::Done => return Ok(()),
            StepResult::More | StepResult::Busy | StepResult::Locked => {
                std::thread::sleep(Duration::from_millis(50));
            }
            _ => {}
        }
    }
    Err("the database stayed busy; try again".to_owned())
}

/// Checks the copy and counts what it holds.
fn check(copy: &Path) -> Result<Done, String> {
    let conn = Connection::open(copy).map_err(|e| e.to_string())?;
    let verdict: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(|e| e.to_string())?;
    if verdict != "ok" {
        return Err(format!(
            "the copy failed SQLite's integrity check: {verdict}"
        ));
    }
    // A backup of an empty (never migrated) file has no tables yet.
    let count = |sql: &str| conn.query_row(sql, [], |r| r.get::<_, i64>(0)).unwrap_or(0);
    let orders = count("SELECT COUNT(*) FROM orders");
    let schema_version = count("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
    // The copy is in WAL mode like its source: fold the log in, so the file alone
    // is the whole backup.
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE;")
        .map_err(|e| e.to_string())?;
    drop(conn);
    let bytes = std::fs::metadata(copy).map(|m| m.len()).unwrap_or(0);
    Ok(Done {
        orders,
        schema_version,
        bytes,
    })
}
