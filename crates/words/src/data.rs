//! A language's messages as a data file, for the storefront to fetch instead of
//! carrying every language in its wasm: the messages' text in key order, each ended
//! by U+001E (as `Lang::raw` reads them; the translation files may not contain it).
//! No table of offsets: a message is found by counting separators, which costs the
//! buyer nothing noticeable on ~170 short messages, while the offsets were 330 B of
//! brotli in every data file and 344 B in the first-load wasm (docs/performance.md).
//! Shared by the build step, which names each file by [`fnv64`] of its content, and
//! the crate.

/// The separator after each message.
pub const END: char = '\u{1e}';

/// Reads a data file: `Some(text)` when it holds exactly `count` messages; `None` for
/// anything else (a file of another build).
pub fn read(blob: &str, count: usize) -> Option<&str> {
    let ends = blob.bytes().filter(|&b| b == 0x1e).count();
    (blob.ends_with(END) && ends == count).then_some(blob)
}

/// The message at `index` of a table (its text, or its plural slots).
pub fn message(text: &str, index: usize) -> &str {
    text.split(END).nth(index).unwrap_or("")
}

/// FNV-1a, 64 bits: names a data file by its content (a new build's words never hide
/// behind a cached old file).
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
