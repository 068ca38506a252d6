//! Reading a document from a file path or an http(s) URL, and resolving the
//! paths inside it relative to where it came from.

use std::path::{Path, PathBuf};

/// Where a document came from.
#[derive(Clone, Debug)]
pub enum Source {
    /// A local file.
    File(PathBuf),
    /// An http(s) URL.
    Url(String),
}

impl Source {
    /// A path or URL as typed on the command line.
    pub fn parse(arg: &str) -> Source {
        if arg.starts_with("http://") || arg.starts_with("https://") {
            Source::Url(arg.to_owned())
        } else {
            Source::File(PathBuf::from(arg))
        }
    }

    /// Reads the whole document as text.
    pub fn read(&self) -> Result<String, String> {
        match self {
            Source::File(path) => std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read {}: {e}", path.display())),
            Source::Url(url) => {
                let response = ureq::get(url)
                    .call()
                    .map_err(|e| format!("cannot fetch {url}: {e}"))?;
                response
                    .into_body()
                    .with_config()
                    .limit(20 * 1024 * 1024)
                    .read_to_string()
                    .map_err(|e| format!("cannot read the answer from {url}: {e}"))
            }
        }
    }

    /// `reference` (absolute, or relative to this document) as a new source;
    /// `None` for absolute URLs when this document is a file and the reference is remote.
    pub fn join(&self, reference: &str) -> Source {
        if reference.starts_with("http://") || reference.starts_with("https://") {
            return Source::Url(reference.to_owned());
        }
        match self {
            Source::File(path) => {
                Source::File(path.parent().unwrap_or(Path::new(".")).join(reference))
            }
            Source::Url(base) => {
                let dir = base.rsplit_once('/').map_or(base.as_str(), |(d, _)| d);
                Source::Url(format!("{dir}/{}", reference.trim_start_matches("./")))
            }
        }
    }
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::File(p) => write!(f, "{}", p.display()),
            Source::Url(u) => write!(f, "{u}"),
        }
    }
}
