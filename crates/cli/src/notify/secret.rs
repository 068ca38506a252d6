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

/// `text` with every secret of `secrets` replaced by `***`, in any case of its
/// ASCII letters (a receiver may quote a token or a `%2f` in upper case): for
/// error sentences from libraries and receivers, which may quote the address they
/// were given or a part of it.
pub fn redact(text: &str, secrets: &[String]) -> String {
    // Longest first: a whole address goes before its own path is looked for.
    let mut secrets: Vec<String> = secrets
        .iter()
        .filter(|s| s.len() >= 4)
        .map(|s| s.to_ascii_lowercase())
        .collect();
    secrets.sort_by_key(|s| std::cmp::Reverse(s.len()));
    let mut out = text.to_owned();
    for secret in secrets {
        // ASCII lower-casing keeps every byte where it was, so a match in the
        // lower-cased copy is the same range of `out`, on char boundaries.
        let mut kept = String::with_capacity(out.len());
        let lower = out.to_ascii_lowercase();
        let mut from = 0;
        while let Some(at) = lower[from..].find(&secret) {
            kept.push_str(&out[from..from + at]);
            kept.push_str("***");
            from += at + secret.len();
        }
        kept.push_str(&out[from..]);
        out = kept;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::redact;
    use crate::notify::config::address_secrets;

    #[test]
    fn takes_out_each_part_of_an_address_in_any_form_and_case() {
        let secrets = address_secrets(
            "https://user:pa55word-x@n8n.example/webhook/n8n%20Id-4f2a9c71?room=12&token=Tk%2Fsecret%3D99",
        );
        for quoted in [
            "n8n%20Id-4f2a9c71",
            "n8n Id-4f2a9c71",
            "N8N%20ID-4F2A9C71",
            "Tk%2fsecret%3d99",
            "Tk/secret=99",
            "pa55word-x",
        ] {
            assert_eq!(
                redact(&format!("webhook \"{quoted}\" is not registered"), &secrets),
                "webhook \"***\" is not registered"
            );
        }
        // Short parts are words, kept: the sentence stays useful.
        assert_eq!(
            redact("room 12 has no webhook", &secrets),
            "room 12 has no webhook"
        );
        // A Telegram token quoted alone, or its secret half.
        let telegram = address_secrets(
            "https://api.telegram.org/bot123456789:AAEexampleSecretPart_xyz/sendMessage",
        );
        assert_eq!(
            redact(
                "token 123456789:AAEexampleSecretPart_xyz, AAEexampleSecretPart_xyz",
                &telegram
            ),
            "token ***, ***"
        );
        assert_eq!(redact("É ünïcode — aaa", &telegram), "É ünïcode — aaa");
    }
}
