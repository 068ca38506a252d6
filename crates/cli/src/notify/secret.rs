//! Secrets of notify.json (webhook addresses with their tokens, bot tokens, HMAC
//! keys): where each comes from, and a type that never prints its value, so a
//! secret cannot slip into a log line, an error or the order's history by a `{:?}`.

use serde_json::Value;
use std::fmt;
use std::path::Path;

/// Where a secret was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    /// In notify.json itself.
    Inline,
    /// In an environment variable.
    Env(String),
    /// In a file beside notify.json.
    File(String),
}

/// A value that must reach only its receiver.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret {
    value: String,
    source: SecretSource,
}

impl Secret {
    pub fn new(value: String, source: SecretSource) -> Secret {
        Secret { value, source }
    }

    /// The value, for the request that needs it.
    pub fn expose(&self) -> &str {
        &self.value
    }

    /// Where it was written.
    pub fn source(&self) -> SecretSource {
        self.source.clone()
    }

    /// ` (from the environment variable X)`, ` (from the file f)`, or nothing: said
    /// after a problem with the value, which is itself never said.
    pub fn from_where(&self) -> String {
        match &self.source {
            SecretSource::Inline => String::new(),
            SecretSource::Env(name) => format!(" (from the environment variable {name})"),
            SecretSource::File(file) => format!(" (from the file {file})"),
        }
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret(*** {:?})", self.source)
    }
}

/// A secret as notify.json writes it: `"…"`, `{"env": "NAME"}` or `{"file": "path"}`
/// (relative to `dir`, the folder of notify.json; the file's trailing line break is
/// not part of it). Errors say what is wrong without the value.
pub fn resolve(
    value: &Value,
    dir: &Path,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<Secret, String> {
    const FORMS: &str = "write the value as a string, or name where it is: {\"env\": \"VARIABLE\"} or {\"file\": \"secret.txt\"}";
    let (text, source) = match value {
        Value::String(text) => (text.clone(), SecretSource::Inline),
        Value::Object(object) if object.len() == 1 => {
            match (object.get("env"), object.get("file")) {
                (Some(Value::String(name)), _) => {
                    if name.is_empty() || name.contains(['=', '\0']) {
                        return Err(format!("\"{name}\" is not an environment variable's name"));
                    }
                    let text = env(name).ok_or_else(|| {
                        format!("the environment variable {name} is not set (or not UTF-8); set it where microshop runs")
                    })?;
                    (text, SecretSource::Env(name.clone()))
                }
                (_, Some(Value::String(file))) => {
                    let path = dir.join(file);
                    let bytes = std::fs::read(&path)
                        .map_err(|e| format!("cannot read the file {}: {e}", path.display()))?;
                    let text = String::from_utf8(bytes)
                        .map_err(|_| format!("the file {} is not UTF-8 text", path.display()))?;
                    let text = text.trim_end_matches(['\r', '\n']).to_owned();
                    (text, SecretSource::File(file.clone()))
                }
                _ => return Err(format!("is not a secret: {FORMS}")),
            }
        }
        _ => return Err(format!("is not a secret: {FORMS}")),
    };
    let secret = Secret::new(text, source);
    if secret.expose().trim().is_empty() {
        return Err(format!("is empty{}", secret.from_where()));
    }
    if secret.expose().trim() != secret.expose() {
        return Err(format!(
            "starts or ends with spaces{}; a pasted secret rarely should",
            secret.from_where()
        ));
    }
    Ok(secret)
}

/// `text` with every secret of `secrets` replaced by `***`: for error sentences
/// from libraries, which may quote the address they were given.
pub fn redact(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_owned();
    // Longest first: a whole address goes before its own path is looked for.
    let mut secrets: Vec<&str> = secrets.iter().copied().filter(|s| s.len() >= 4).collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    for secret in secrets {
        out = out.replace(secret, "***");
    }
    out
}
