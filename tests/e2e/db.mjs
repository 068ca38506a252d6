// Reads the order endpoint's own SQLite database with Debian's sqlite3, not through the app.
import { execFileSync } from 'node:child_process';

/** Rows of a query as objects. */
export function query(db, sql) {
  const out = execFileSync('sqlite3', ['-json', db, sql], { encoding: 'utf8' }).trim();
  return out ? JSON.parse(out) : [];
}

/** Every stored order's payload, parsed. */
export function orders(db) {
  return query(db, 'SELECT payload FROM orders ORDER BY received_at').map((r) => JSON.parse(r.payload));
}
