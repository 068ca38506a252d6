//! PostgreSQL, for several instances on one database: a small pool of connections
//! (r2d2), each keeping its prepared statements, so a statement costs one round
//! trip after its first use instead of two.
//!
//! Transactions run at READ COMMITTED, PostgreSQL's default: every verb is written
//! so that is enough (a unique key or a conditional UPDATE decides each race, and a
//! row another transaction is changing is waited for, then read again). A
//! serialization failure or a deadlock is still retried, a few times, as a whole.
//!
//! A verb that only reads runs its statements without BEGIN and COMMIT: at READ
//! COMMITTED each statement of a transaction sees the commits made before it
//! anyway, so the transaction added two round trips and nothing else. So does
//! accepting an order, whose write is one statement that PostgreSQL commits or
//! undoes whole by itself (orders.rs, `accept_in_one_statement`).

use super::sql::{Arg, Finish, Kind, Row, StoreError, Tx, Value, Work};
use postgres::error::SqlState;
use postgres::types::{IsNull, ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::error::Error;

/// Connections to one PostgreSQL database.
pub struct Postgres {
    /// Always `Some` but while being dropped (see `Drop`).
    pool: Option<r2d2::Pool<Manager>>,
}

/// The synchronous client closes a connection by blocking on a runtime of its own,
/// which panics on a thread that drives a tokio runtime (and aborts when it
/// happens while dropping): `serve` drops its store when it returns, on the
/// runtime's thread (REVIEW8 12: every graceful stop ended in exit 134). There the
/// pool is dropped on a thread of its own.
impl Drop for Postgres {
    fn drop(&mut self) {
        let Some(pool) = self.pool.take() else {
            return;
        };
        if tokio::runtime::Handle::try_current().is_ok() {
            let _ = std::thread::spawn(move || drop(pool)).join();
        }
    }
}

/// A connection and the statements prepared on it.
pub struct Connection {
    client: Client,
    prepared: HashMap<String, Statement>,
}

/// Opens connections for the pool.
struct Manager {
    config: postgres::Config,
}

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = postgres::Error;

    fn connect(&self) -> Result<Connection, postgres::Error> {
        Ok(Connection {
            client: self.config.connect(NoTls)?,
            prepared: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), postgres::Error> {
        conn.client.simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut Connection) -> bool {
        conn.client.is_closed()
    }
}

impl ToSql for Arg<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut postgres::types::private::BytesMut,
    ) -> Result<IsNull, Box<dyn Error + Sync + Send>> {
        match self {
            Arg::Null => Ok(IsNull::Yes),
            // Columns are BIGINT, but an INTEGER column of migration 1 (and a few
            // expressions) want the narrower type: the value must fit.
            Arg::Int(i) if *ty == Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
            Arg::Int(i) if *ty == Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
            Arg::Int(i) => i.to_sql(ty, out),
            Arg::Text(s) => s.to_sql(ty, out),
        }
    }

    fn accepts(ty: &Type) -> bool {
        matches!(
            *ty,
            Type::INT2 | Type::INT4 | Type::INT8 | Type::TEXT | Type::VARCHAR | Type::BPCHAR
        ) || <&str as ToSql>::accepts(ty)
    }

    postgres::types::to_sql_checked!();
}

fn error(e: &postgres::Error) -> StoreError {
    let retry = matches!(
        e.code(),
        Some(&SqlState::T_R_SERIALIZATION_FAILURE | &SqlState::T_R_DEADLOCK_DETECTED)
    );
    // The server's own sentence (its `Display` alone says only "db error"); for an
    // I/O error, its source says what failed ("Connection refused").
    let message = match (e.as_db_error(), std::error::Error::source(e)) {
        (Some(db), _) => format!("{} ({})", db.message(), db.code().code()),
        (None, Some(source)) => format!("{e}: {source}"),
        (None, None) => e.to_string(),
    };
    StoreError { message, retry }
}

/// A connection string without its password, for messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.split_once(':') {
                Some((user, _)) => format!("{}{user}:***{}", &url[..scheme + 3], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

impl Postgres {
    /// Connects to the database at `url` (`postgres://user:pass@host:port/db`).
    pub fn open(url: &str, max_connections: u32) -> Result<Postgres, StoreError> {
        let mut config: postgres::Config = url.parse().map_err(|e| {
            StoreError::new(format!("{} is not a PostgreSQL URL: {e}", redacted(url)))
        })?;
        // A server gone without a word (a partition, a host that vanished) is
        // noticed: a connection attempt gives up after 10 s, and an idle connection
        // is probed after 30 s, unless the URL says otherwise (`connect_timeout=`,
        // `keepalives_idle=`). Requests have their own deadlines in serve.
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(std::time::Duration::from_secs(10));
        }
        if config.get_keepalives_idle() == std::time::Duration::from_secs(2 * 60 * 60) {
            config.keepalives_idle(std::time::Duration::from_secs(30));
        }
        // One connection first, for the server's own reason when it fails (`database
        // "x" does not exist`, a refused connection) at once: the pool would wait
        // out its timeout and then say only that it timed out.
        drop(config.connect(NoTls).map_err(|e| {
            StoreError::new(format!(
                "cannot connect to PostgreSQL: {}",
                error(&e).message
            ))
        })?);
        let pool = r2d2::Pool::builder()
            .max_size(max_connections)
            .min_idle(Some(1))
            // A broken connection shows on use (and is then dropped by has_broken);
            // testing each checkout would add a round trip to every order.
            .test_on_check_out(false)
            .connection_timeout(std::time::Duration::from_secs(10))
            .build_unchecked(Manager { config });
        Ok(Postgres { pool: Some(pool) })
    }

    fn connection(&self) -> Result<r2d2::PooledConnection<Manager>, StoreError> {
        self.pool
            .as_ref()
            .ok_or_else(|| StoreError::new("the database connections are closed"))?
            .get()
            .map_err(|e| StoreError::new(format!("no database connection: {e}")))
    }

    /// Runs `work` in one transaction, again (up to 5 times) when PostgreSQL asks.
    pub fn transaction<T>(&self, work: &mut Work<'_, T>) -> Result<T, StoreError> {
        let mut conn = self.connection()?;
        let mut attempt = 0;
        loop {
            attempt += 1;
            match once(&mut conn, work) {
                Err(e) if e.retry && attempt < 5 => continue,
                other => return other,
            }
        }
    }

    /// Runs `work` statement by statement, each in a transaction of its own (see
    /// the top): for reads, and for a write that is one statement, which
    /// PostgreSQL commits, or undoes whole, by itself.
    pub fn read<T>(&self, work: &mut Work<'_, T>) -> Result<T, StoreError> {
        let mut conn = self.connection()?;
        let Connection { client, prepared } = &mut *conn;
        let mut handle = PgTx {
            on: On::Client(client),
            prepared,
        };
        match work(&mut handle)? {
            Finish::Commit(value) | Finish::Rollback(value) => Ok(value),
        }
    }
}

fn once<T>(conn: &mut Connection, work: &mut Work<'_, T>) -> Result<T, StoreError> {
    let Connection { client, prepared } = conn;
    let tx = client.transaction().map_err(|e| error(&e))?;
    let mut handle = PgTx {
        on: On::Tx(tx),
        prepared,
    };
    let finish = work(&mut handle)?;
    let On::Tx(tx) = handle.on else {
        return Err(StoreError::new("the transaction was lost".to_owned()));
    };
    match finish {
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

/// Where statements run: in a transaction, or one by one (reads).
enum On<'c> {
    Tx(postgres::Transaction<'c>),
    Client(&'c mut Client),
}

struct PgTx<'c> {
    on: On<'c>,
    prepared: &'c mut HashMap<String, Statement>,
}

impl PgTx<'_> {
    fn statement(&mut self, sql: &str) -> Result<Statement, StoreError> {
        if let Some(s) = self.prepared.get(sql) {
            return Ok(s.clone());
        }
        let s = match &mut self.on {
            On::Tx(tx) => tx.prepare(sql),
            On::Client(client) => client.prepare(sql),
        }
        .map_err(|e| error(&e))?;
        self.prepared.insert(sql.to_owned(), s.clone());
        Ok(s)
    }
}

fn params<'a>(args: &'a [Arg<'_>]) -> Vec<&'a (dyn ToSql + Sync)> {
    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect()
}

impl Tx for PgTx<'_> {
    fn exec(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError> {
        let statement = self.statement(sql)?;
        let params = params(args);
        match &mut self.on {
            On::Tx(tx) => tx.execute(&statement, &params),
            On::Client(client) => client.execute(&statement, &params),
        }
        .map_err(|e| error(&e))
    }

    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>, StoreError> {
        let statement = self.statement(sql)?;
        let params = params(args);
        let rows = match &mut self.on {
            On::Tx(tx) => tx.query(&statement, &params),
            On::Client(client) => client.query(&statement, &params),
        }
        .map_err(|e| error(&e))?;
        rows.iter().map(row).collect()
    }

    fn batch(&mut self, sql: &str) -> Result<(), StoreError> {
        match &mut self.on {
            On::Tx(tx) => tx.batch_execute(sql),
            On::Client(client) => client.batch_execute(sql),
        }
        .map_err(|e| error(&e))
    }

    fn kind(&self) -> Kind {
        Kind::Postgres
    }
}

fn row(r: &postgres::Row) -> Result<Row, StoreError> {
    let mut values = Vec::with_capacity(r.len());
    for (i, column) in r.columns().iter().enumerate() {
        let ty = column.type_();
        let value = if *ty == Type::INT8 {
            r.try_get::<_, Option<i64>>(i).map(|v| v.map(Value::Int))
        } else if *ty == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)
                .map(|v| v.map(|n| Value::Int(i64::from(n))))
        } else if *ty == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)
                .map(|v| v.map(|n| Value::Int(i64::from(n))))
        } else if *ty == Type::BOOL {
            r.try_get::<_, Option<bool>>(i)
                .map(|v| v.map(|b| Value::Int(i64::from(b))))
        } else {
            r.try_get::<_, Option<String>>(i)
                .map(|v| v.map(Value::Text))
        };
        values.push(value.map_err(|e| error(&e))?.unwrap_or(Value::Null));
    }
    Ok(Row(values))
}
