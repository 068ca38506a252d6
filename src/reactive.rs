//! A read-only view of a state's signal, handed out by the state that owns it.
//!
//! Leptos' own `ReadSignal` would do, but each `read_only()` brings its own copies of
//! the signal traits into the wasm (about 2.5 KB raw here); this wrapper reuses the
//! owner's `RwSignal` code and still leaves writing to the owner alone.

use leptos::prelude::*;

/// Read access to a signal whose owner keeps the right to write it.
pub struct ReadOnly<T: 'static>(RwSignal<T>);

impl<T: 'static> Clone for ReadOnly<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: 'static> Copy for ReadOnly<T> {}

impl<T: Send + Sync + 'static> ReadOnly<T> {
    /// Wraps the owner's signal.
    pub fn new(signal: RwSignal<T>) -> Self {
        ReadOnly(signal)
    }

    /// Reads the value, tracking it.
    pub fn with<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with(f)
    }

    /// Reads the value without tracking it.
    pub fn with_untracked<R>(&self, f: impl FnOnce(&T) -> R) -> R {
        self.0.with_untracked(f)
    }

    /// A copy of the value, tracked.
    pub fn get(&self) -> T
    where
        T: Clone,
    {
        self.0.get()
    }

    /// A copy of the value, untracked.
    pub fn get_untracked(&self) -> T
    where
        T: Clone,
    {
        self.0.get_untracked()
    }
}
