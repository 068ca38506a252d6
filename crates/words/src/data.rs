//! A language's messages as a data file, for the storefront to fetch instead of
//! carrying every language in its wasm: the offsets of each message's start, comma
//! separated, a newline, then the messages' text (as `Lang::raw` reads them). Shared by
//! the build step, which names each file by [`fnv64`] of its content, and the crate.

/// The data file's content for one language's `text` and message offsets `at`.
pub fn blob(text: &str, at: &[u16]) -> String {
    let offsets: Vec<String> = at.iter().map(u16::to_string).collect();
    format!("{}\n{text}", offsets.join(","))
}

/// Reads a data file: `Some((text, offsets))` when it has `count` + 1 offsets, rising,
/// each on a character boundary of the text; `None` for anything else.
pub fn read(blob: &str, count: usize) -> Option<(&str, Vec<u16>)> {
    let (head, text) = blob.split_once('\n')?;
    let at: Vec<u16> = head
        .split(',')
        .map(|n| n.parse().ok())
        .collect::<Option<_>>()?;
    let fits = at.len() == count + 1
        && at.first() == Some(&0)
        && at.last().map(|&l| usize::from(l)) == Some(text.len())
        && at.windows(2).all(|w| w[0] <= w[1])
        && at.iter().all(|&a| text.is_char_boundary(usize::from(a)));
    fits.then_some((text, at))
}

/// FNV-1a, 64 bits: names a data file by its content (a new build's words never hide
/// behind a cached old file).
pub fn fnv64(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}
