//! The little both backends share: statements are written once, with PostgreSQL's
//! `$1` placeholders, and run inside a transaction through [`Tx`]. Values cross it
//! as three kinds only (integer, text, null), which is all the schema uses, so a
//! verb written against `Tx` runs unchanged on SQLite and PostgreSQL.

use std::fmt;

/// A value bound to a placeholder.
#[derive(Clone, Copy, Debug)]
pub enum Arg<'a> {
    Null,
    Int(i64),
    Text(&'a str),
}

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Arg<'a> {
        Arg::Text(s)
    }
}

impl From<i64> for Arg<'_> {
    fn from(i: i64) -> Self {
        Arg::Int(i)
    }
}

impl<'a> From<Option<&'a str>> for Arg<'a> {
    fn from(s: Option<&'a str>) -> Arg<'a> {
        s.map_or(Arg::Null, Arg::Text)
    }
}

impl From<Option<i64>> for Arg<'_> {
    fn from(i: Option<i64>) -> Self {
        i.map_or(Arg::Null, Arg::Int)
    }
}

/// A value read from a row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    Null,
    Int(i64),
    Text(String),
}

/// One row of a result, its columns in the order of the SELECT.
#[derive(Debug)]
pub struct Row(pub Vec<Value>);

impl Row {
    /// Column `i` as text ('' for null or a number: columns are typed by the schema).
    pub fn text(&self, i: usize) -> String {
        match self.0.get(i) {
            Some(Value::Text(s)) => s.clone(),
            Some(Value::Int(n)) => n.to_string(),
            _ => String::new(),
        }
    }

    /// Column `i` as an integer (0 for null).
    pub fn int(&self, i: usize) -> i64 {
        self.opt_int(i).unwrap_or(0)
    }

    /// Column `i` as an integer, `None` for null.
    pub fn opt_int(&self, i: usize) -> Option<i64> {
        match self.0.get(i) {
            Some(Value::Int(n)) => Some(*n),
            Some(Value::Text(s)) => s.parse().ok(),
            _ => None,
        }
    }

    /// Column `i` as text, `None` for null.
    pub fn opt_text(&self, i: usize) -> Option<String> {
        match self.0.get(i) {
            Some(Value::Null) | None => None,
            _ => Some(self.text(i)),
        }
    }
}

/// Which database a statement runs on, for the few statements that differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// A store failure: the database could not be reached or refused a statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreError {
    pub message: String,
    /// The database asked to run the transaction again (PostgreSQL's serialization
    /// failure or deadlock, SQLite's busy): the store does, a few times.
    pub retry: bool,
}

impl StoreError {
    pub fn new(message: impl Into<String>) -> StoreError {
        StoreError {
            message: message.into(),
            retry: false,
        }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for StoreError {}

impl From<StoreError> for String {
    fn from(e: StoreError) -> String {
        e.message
    }
}

/// Statements inside one transaction.
pub trait Tx {
    /// Runs a statement; the number of rows it changed.
    fn exec(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<u64, StoreError>;
    /// Runs a query (or a statement with RETURNING); its rows.
    fn rows(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Vec<Row>, StoreError>;
    /// Runs several statements without arguments (a migration's SQL).
    fn batch(&mut self, sql: &str) -> Result<(), StoreError>;
    /// Which database this is.
    fn kind(&self) -> Kind;

    /// The first row, if any.
    fn row(&mut self, sql: &str, args: &[Arg<'_>]) -> Result<Option<Row>, StoreError> {
        Ok(self.rows(sql, args)?.into_iter().next())
    }
}

/// How a transaction ends: a refusal (stock ran out, a stale version) rolls back
/// whatever it wrote and still answers.
pub enum Finish<T> {
    Commit(T),
    Rollback(T),
}

/// The body of a transaction: statements through `Tx`, then how it ends.
pub type Work<'w, T> = dyn FnMut(&mut dyn Tx) -> Result<Finish<T>, StoreError> + 'w;

/// `$1`..`$99` as SQLite's `?1`..`?99` (the same numbered binding); the statements
/// carry no `$` anywhere else.
pub fn sqlite_placeholders(sql: &str) -> String {
    sql.replace('$', "?")
}

/// `ESCAPE '\'` patterns for LIKE: what the seller typed, matched anywhere, with
/// `%`, `_` and `\` taken literally.
pub fn like_pattern(typed: &str) -> String {
    let mut out = String::with_capacity(typed.len() + 2);
    out.push('%');
    for c in typed.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_placeholders_for_sqlite() {
        assert_eq!(
            sqlite_placeholders("SELECT a FROM t WHERE b = $2 AND c = $10 OR d = $1"),
            "SELECT a FROM t WHERE b = ?2 AND c = ?10 OR d = ?1"
        );
        assert_eq!(like_pattern("5%_a\\"), "%5\\%\\_a\\\\%");
    }
}
