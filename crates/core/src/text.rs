//! Text a buyer reads: one string, or one string per locale.

use std::collections::BTreeMap;

/// A plain string, or a map of BCP 47 locale to string.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(untagged))]
pub enum Text {
    /// The same text in every locale.
    Plain(String),
    /// One text per locale, e.g. `{"zh-CN": "茉莉龙珠", "en": "Jasmine pearls"}`.
    Localized(BTreeMap<String, String>),
}

impl Text {
    /// The text for `locale`, else for its language (`zh` for `zh-CN`), else for
    /// `fallback`, else the first one there is.
    pub fn get<'a>(&'a self, locale: &str, fallback: &str) -> &'a str {
        match self {
            Text::Plain(text) => text,
            Text::Localized(map) => {
                let language = locale.split('-').next().unwrap_or(locale);
                map.get(locale)
                    .or_else(|| {
                        map.iter()
                            .find(|(k, _)| k.split('-').next() == Some(language))
                            .map(|(_, v)| v)
                    })
                    .or_else(|| map.get(fallback))
                    .or_else(|| map.values().next())
                    .map_or("", String::as_str)
            }
        }
    }

    /// Every variant of the text, for search and length checks.
    pub fn all(&self) -> Box<dyn Iterator<Item = &str> + '_> {
        match self {
            Text::Plain(text) => Box::new(std::iter::once(text.as_str())),
            Text::Localized(map) => Box::new(map.values().map(String::as_str)),
        }
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Self {
        Text::Plain(text.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_locale_then_language_then_fallback() {
        let text = Text::Localized(BTreeMap::from([
            ("zh-CN".to_owned(), "茉莉".to_owned()),
            ("en".to_owned(), "Jasmine".to_owned()),
        ]));
        assert_eq!(text.get("zh-CN", "en"), "茉莉");
        assert_eq!(text.get("zh-TW", "en"), "茉莉");
        assert_eq!(text.get("en-GB", "zh-CN"), "Jasmine");
        assert_eq!(text.get("ar", "en"), "Jasmine");
        assert_eq!(Text::from("Tote").get("ar", "en"), "Tote");
    }
}
