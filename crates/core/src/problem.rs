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
    /// The product the problem is inside, so a seller can find it without counting
    /// (`catalog.products[41]` means nothing to someone editing by hand). Kept
    /// apart from `path`, which programs read; [`Problem::located`] and `Display`
    /// show both.
    pub subject: Option<Subject>,
}

/// What a problem is inside, named for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Its own path, the start of the problem's `path` (`catalog.products[1]`).
    pub at: String,
    /// Its name: a product's id, or its title when the id is missing.
    pub name: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            subject: None,
        }
    }

    /// The path with the subject's name after its part of it, for people:
    /// `catalog.products[1] (honey-oat).variants[1].stock`.
    pub fn located(&self) -> String {
        match &self.subject {
            Some(s) if self.path.starts_with(&s.at) => {
                format!("{} ({}){}", s.at, s.name, &self.path[s.at.len()..])
            }
            _ => self.path.clone(),
        }
    }

    /// The same problem in a document found at `prefix` (a separate catalog file
    /// is reported as `catalog.json: products[0].price`).
    pub fn within(self, prefix: &str) -> Problem {
        Problem {
            path: format!("{prefix}{}", self.path),
            message: self.message,
            subject: self.subject.map(|s| Subject {
                at: format!("{prefix}{}", s.at),
                name: s.name,
            }),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.located(), self.message)
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
