//! The seller's sign-in: sessions (the cookie's random value, kept as its SHA-256),
//! one-time sign-in links, and `settings`, small server-wide values such as keys
//! made once and shared by every instance.

use super::sql::{Arg, Finish, StoreError};
use super::Store;

/// A seller session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub created_ms: i64,
    pub expires_ms: i64,
    pub last_seen_ms: i64,
}

impl Store {
    /// Records a session whose cookie value hashes to `id_sha256`.
    pub fn create_session(
        &self,
        id_sha256: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx| {
            tx.exec(
                "INSERT INTO seller_sessions (id_sha256, created_ms, expires_ms, last_seen_ms) VALUES ($1, $2, $3, $2)",
                &[Arg::Text(id_sha256), Arg::Int(now_ms), Arg::Int(expires_ms)],
            )?;
            Ok(Finish::Commit(()))
        })
    }

    /// The session, if it exists and has not expired at `now_ms`.
    pub fn session(&self, id_sha256: &str, now_ms: i64) -> Result<Option<Session>, StoreError> {
        let row = self.read(&mut |tx| {
            tx.row(
                "SELECT created_ms, expires_ms, last_seen_ms FROM seller_sessions WHERE id_sha256 = $1 AND expires_ms > $2",
                &[Arg::Text(id_sha256), Arg::Int(now_ms)],
            )
        })?;
        Ok(row.map(|r| Session {
            created_ms: r.int(0),
            expires_ms: r.int(1),
            last_seen_ms: r.int(2),
        }))
    }

    /// Notes the session was used, and moves its expiry (a sliding session);
    /// `false` when it is gone or expired.
    pub fn touch_session(
        &self,
        id_sha256: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<bool, StoreError> {
        self.write(&mut |tx| {
            let n = tx.exec(
                "UPDATE seller_sessions SET last_seen_ms = $1, expires_ms = $2 WHERE id_sha256 = $3 AND expires_ms > $1",
                &[Arg::Int(now_ms), Arg::Int(expires_ms), Arg::Text(id_sha256)],
            )?;
            Ok(Finish::Commit(n == 1))
        })
    }

    /// Ends a session (sign-out).
    pub fn delete_session(&self, id_sha256: &str) -> Result<bool, StoreError> {
        self.write(&mut |tx| {
            let n = tx.exec(
                "DELETE FROM seller_sessions WHERE id_sha256 = $1",
                &[Arg::Text(id_sha256)],
            )?;
            Ok(Finish::Commit(n == 1))
        })
    }

    /// Ends every session (a new seller secret signs out every device); how many.
    pub fn delete_all_sessions(&self) -> Result<u64, StoreError> {
        self.write(&mut |tx| {
            let n = tx.exec("DELETE FROM seller_sessions", &[])?;
            Ok(Finish::Commit(n))
        })
    }

    /// Forgets every sign-in link not used yet (a new secret: a link on a lost phone
    /// must not sign its finder in); how many went.
    pub fn delete_unused_links(&self) -> Result<u64, StoreError> {
        self.write(&mut |tx| {
            let n = tx.exec("DELETE FROM seller_links WHERE used_ms IS NULL", &[])?;
            Ok(Finish::Commit(n))
        })
    }

    /// Forgets expired sessions and sign-in links; how many rows went.
    pub fn expire_sessions(&self, now_ms: i64) -> Result<u64, StoreError> {
        self.write(&mut |tx| {
            let sessions = tx.exec(
                "DELETE FROM seller_sessions WHERE expires_ms <= $1",
                &[Arg::Int(now_ms)],
            )?;
            let links = tx.exec(
                "DELETE FROM seller_links WHERE expires_ms <= $1",
                &[Arg::Int(now_ms)],
            )?;
            Ok(Finish::Commit(sessions + links))
        })
    }

    /// Records a one-time sign-in link whose secret hashes to `id_sha256`.
    pub fn create_sign_in_link(
        &self,
        id_sha256: &str,
        now_ms: i64,
        expires_ms: i64,
    ) -> Result<(), StoreError> {
        self.write(&mut |tx| {
            tx.exec(
                "INSERT INTO seller_links (id_sha256, created_ms, expires_ms) VALUES ($1, $2, $3)",
                &[Arg::Text(id_sha256), Arg::Int(now_ms), Arg::Int(expires_ms)],
            )?;
            Ok(Finish::Commit(()))
        })
    }

    /// Uses a sign-in link: `true` once, for a link that exists, has not expired
    /// and was not used; every later use (on any instance) is `false`.
    pub fn use_sign_in_link(&self, id_sha256: &str, now_ms: i64) -> Result<bool, StoreError> {
        self.write(&mut |tx| {
            let n = tx.exec(
                "UPDATE seller_links SET used_ms = $1 WHERE id_sha256 = $2 AND used_ms IS NULL AND expires_ms > $1",
                &[Arg::Int(now_ms), Arg::Text(id_sha256)],
            )?;
            Ok(Finish::Commit(n == 1))
        })
    }

    /// A server-wide value.
    pub fn setting(&self, name: &str) -> Result<Option<String>, StoreError> {
        let row = self.read(&mut |tx| {
            tx.row(
                "SELECT value FROM settings WHERE name = $1",
                &[Arg::Text(name)],
            )
        })?;
        Ok(row.map(|r| r.text(0)))
    }

    /// Sets a server-wide value.
    pub fn set_setting(&self, name: &str, value: &str) -> Result<(), StoreError> {
        self.write(&mut |tx| {
            tx.exec(
                "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = $2",
                &[Arg::Text(name), Arg::Text(value)],
            )?;
            Ok(Finish::Commit(()))
        })
    }

    /// The value of `name`, setting it to `value` first if it has none: the first
    /// instance to ask decides (a key made once), every other gets that.
    pub fn setting_or_init(&self, name: &str, value: &str) -> Result<String, StoreError> {
        self.write(&mut |tx| {
            tx.exec(
                "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
                &[Arg::Text(name), Arg::Text(value)],
            )?;
            let row = tx.row(
                "SELECT value FROM settings WHERE name = $1",
                &[Arg::Text(name)],
            )?;
            Ok(Finish::Commit(
                row.map_or_else(|| value.to_owned(), |r| r.text(0)),
            ))
        })
    }
}
