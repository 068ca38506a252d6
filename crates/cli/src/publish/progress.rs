//! Progress of a long publish, on stderr: a line at every tenth of the files and at
//! most one a second, so a seller publishing ten thousand products sees it move.
//! Shown when stderr is a terminal (`--progress auto`, the default); `always`
//! shows it in logs too, `never` keeps stderr for errors. The closing summary goes
//! to stdout either way.

use std::io::IsTerminal as _;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// When to show progress.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum When {
    /// When stderr is a terminal.
    Auto,
    Always,
    Never,
}

pub struct Progress {
    shown: bool,
    total: AtomicUsize,
    done: AtomicUsize,
    started: Instant,
    /// The last line's time and tenth.
    last: Mutex<(Instant, usize)>,
}

impl Progress {
    pub fn new(when: When) -> Progress {
        let shown = match when {
            When::Auto => std::io::stderr().is_terminal(),
            When::Always => true,
            When::Never => false,
        };
        let now = Instant::now();
        Progress {
            shown,
            total: AtomicUsize::new(0),
            done: AtomicUsize::new(0),
            started: now,
            last: Mutex::new((now, 0)),
        }
    }

    /// How many files this publish writes, once known.
    pub fn expect(&self, total: usize) {
        self.total.store(total, Ordering::Relaxed);
    }

    /// A line of its own (what publish is doing now).
    pub fn say(&self, what: &str) {
        if self.shown {
            eprintln!(
                "publish: {what} ({:.1} s)",
                self.started.elapsed().as_secs_f32()
            );
        }
    }

    /// One more file done.
    pub fn step(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if !self.shown {
            return;
        }
        let total = self.total.load(Ordering::Relaxed).max(done);
        let tenth = done * 10 / total;
        let Ok(mut last) = self.last.lock() else {
            return;
        };
        let now = Instant::now();
        if tenth > last.1 || now.duration_since(last.0) >= Duration::from_secs(1) {
            *last = (now, tenth.max(last.1));
            eprintln!(
                "publish: {done} of {total} files ({}%, {:.1} s)",
                done * 100 / total,
                self.started.elapsed().as_secs_f32()
            );
        }
    }
}
