//! A seller's own interface words: any message of the storefront, per locale,
//! e.g. `"texts": {"zh-CN": {"what_next_text": "…"}}`. Keys are those of the
//! translation files (`locales/en.json`); placeholders must match English's.

use microshop_words::{Msg, Plural};

/// A message's forms: a plain text is the single form `Other`.
pub type OwnForms = Vec<(Plural, String)>;

/// The seller's overrides: locale tag, message, forms. A flat list (a shop overrides
/// a handful), which costs the storefront less code than maps keyed by locale and message.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Texts(pub Vec<(String, Msg, OwnForms)>);

impl Texts {
    /// The seller's forms of `msg` in `locale`, if the seller wrote them.
    pub fn get(&self, locale: &str, msg: Msg) -> Option<&[(Plural, String)]> {
        self.0
            .iter()
            .find(|(l, m, _)| *m == msg && l == locale)
            .map(|(_, _, forms)| forms.as_slice())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Texts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Texts".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut properties = serde_json::Map::new();
        let english = microshop_words::Lang::En;
        for msg in Msg::ALL {
            let text = english.text(msg);
            let string = serde_json::json!({ "type": "string", "minLength": 1, "maxLength": 1000 });
            let schema = if msg.placeholders().contains(&"n") {
                let forms: serde_json::Map<String, serde_json::Value> = Plural::ALL
                    .iter()
                    .map(|p| (p.name().to_owned(), string.clone()))
                    .collect();
                serde_json::json!({
                    "description": format!("English: {text:?}. A text, or plural forms chosen by {{n}}."),
                    "anyOf": [string, { "type": "object", "properties": forms, "required": ["other"], "additionalProperties": false }]
                })
            } else {
                let mut s = string.clone();
                s["description"] = format!("English: {text:?}").into();
                s
            };
            properties.insert(msg.key().to_owned(), schema);
        }
        schemars::json_schema!({
            "description": "The storefront's own words, replaced per locale: a locale of `locales`, then message keys (those of the storefront's locales/en.json) with the seller's text. Placeholders such as {n} must be the ones English uses.",
            "type": "object",
            "additionalProperties": {
                "type": "object",
                "properties": properties,
                "additionalProperties": false
            }
        })
    }
}
