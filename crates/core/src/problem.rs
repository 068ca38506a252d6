//! Problems found in seller data, each addressed by its path.

use std::fmt;

/// One thing wrong (or suspicious) in a document, e.g.
/// `catalog.products[3].variants[1].price: must not be negative`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: a JSON path such as `seller.name` or `catalog.products[3].price`; empty for the whole document.
    pub path: String,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// A decoded document and the warnings (unknown keys) met on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    /// The document.
    pub value: T,
    /// Things that do not stop the shop but are probably mistakes.
    pub warnings: Vec<Problem>,
}

/// Why a document could not be used: every error found, and the warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Every error, in document order.
    pub errors: Vec<Problem>,
    /// Warnings met on the way.
    pub warnings: Vec<Problem>,
}
