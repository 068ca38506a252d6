//! The seller's own interface words (`texts`): per locale of the shop, message keys
//! of the storefront with the seller's text, its placeholders checked against
//! English's. A key the storefront does not know is a warning with the nearest
//! key (the shop still opens, with the storefront's own words there).

use super::reader::{describe, join, Reader};
use crate::manifest::texts::{OwnForms, Texts};
use crate::rules::nearest;
use microshop_words::{check_forms, Msg, Plural, KEYS};
use serde_json::Value;

/// Characters in one overriding text.
const MAX: usize = 1_000;

pub(super) fn texts(
    r: &mut Reader,
    value: &Value,
    path: &str,
    locales: Option<&[String]>,
) -> Texts {
    let Value::Object(map) = value else {
        r.object(value, path);
        return Texts::default();
    };
    let mut out = Vec::new();
    for (locale, messages) in map {
        let locale_path = join(path, locale);
        if let Some(locales) = locales {
            if !locales.iter().any(|l| l == locale) {
                r.warnings.push(crate::problem::Problem::new(
                    &locale_path,
                    format!(
                        "\"{locale}\" is not one of the shop's locales ({}), so these words are never shown; write them under one of those",
                        locales.join(", ")
                    ),
                ));
                continue;
            }
        }
        let Value::Object(messages) = messages else {
            r.object(messages, &locale_path);
            continue;
        };
        for (key, value) in messages {
            let p = join(&locale_path, key);
            let Some(msg) = Msg::from_key(key) else {
                let guess = nearest(key, &KEYS)
                    .map(|k| format!("; did you mean \"{k}\"?"))
                    .unwrap_or_default();
                r.warnings.push(crate::problem::Problem::new(
                    p,
                    format!("is not a text of the storefront, ignored{guess} (the keys are those of the storefront's locales/en.json)"),
                ));
                continue;
            };
            if let Some(forms) = forms(r, value, &p) {
                match check_forms(msg.placeholders(), &forms) {
                    Ok(()) => out.push((locale.to_owned(), msg, forms)),
                    Err(e) => r.error(p, e),
                }
            }
        }
    }
    Texts(out)
}

fn forms(r: &mut Reader, value: &Value, path: &str) -> Option<OwnForms> {
    match value {
        Value::Object(map) => {
            let mut out = Vec::new();
            for (name, v) in map {
                let p = join(path, name);
                let Some(plural) = Plural::from_name(name) else {
                    r.error(
                        p,
                        "is not a plural form; write the text, or forms named zero, one, two, few, many and other",
                    );
                    return None;
                };
                out.push((plural, r.string(v, &p, MAX)?));
            }
            Some(out)
        }
        Value::String(_) => Some(vec![(Plural::Other, r.string(value, path, MAX)?)]),
        other => {
            r.error(
                path,
                format!(
                    "must be text in quotes (or plural forms such as {{\"one\": \"…\", \"other\": \"…\"}}); here it is {}",
                    describe(other)
                ),
            );
            None
        }
    }
}
