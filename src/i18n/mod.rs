//! Interface text: every word the storefront says comes from the translation
//! files (`locales/<tag>.json`), compiled in by the `microshop-words` crate.
//!
//! Shop text (titles, policies) comes from the manifest in its own locales; the
//! app's own words are keyed by [`Msg`], in the shipped language closest to the
//! buyer's locale (English when none is), with the seller's overrides (`texts` in
//! the manifest) on top. Messages with placeholders are typed methods of [`Say`]
//! (`words.only_left(3)`); plural forms are chosen by the browser's
//! `Intl.PluralRules` for the buyer's locale. Typed failures from core (delivery
//! failures, refused orders, build errors) are worded in `words.rs`.

pub mod money;
pub mod words;

use crate::web::http::get_text;
use crate::web::intl::plural_category;
use crate::web::page;
use microshop_core::manifest::Texts;
use microshop_words::{pick, Lang, Plural};
pub use microshop_words::{Msg, Say};

/// Makes sure the interface's words for `locale` are here: English is compiled in; any
/// other shipped language is fetched as a data file once (only the buyer's language
/// is downloaded, not all of them). False when the file could not be had: the
/// language then speaks English until it is asked for again.
pub async fn fetch_words(locale: &str) -> bool {
    let lang = Lang::for_tag(locale);
    if lang.is_ready() {
        return true;
    }
    match get_text(&page::app_file(lang.data_file())).await {
        Ok(text) => lang.install(text),
        Err(_) => false,
    }
}

/// The message in the shipped language closest to `locale`, without a shop's
/// overrides (for the screens shown before the shop has loaded).
pub fn t(locale: &str, msg: Msg) -> &'static str {
    Lang::for_tag(locale).text(msg)
}

/// The interface's words in one locale: the shipped language for it, under the
/// seller's own words for that locale.
pub struct Words {
    locale: String,
    lang: Lang,
    own: &'static Texts,
}

impl Words {
    /// The words for `locale`, with the seller's `texts` (which live as long as the page).
    pub fn new(locale: String, texts: &'static Texts) -> Words {
        Words {
            lang: Lang::for_tag(&locale),
            own: texts,
            locale,
        }
    }

    /// The words for `locale` before a shop (and its own words) has loaded.
    pub fn plain(locale: String) -> Words {
        static NONE: Texts = Texts(Vec::new());
        Words::new(locale, &NONE)
    }

    /// A message without placeholders.
    pub fn t(&self, msg: Msg) -> &'static str {
        match self.own.get(&self.locale, msg) {
            Some(forms) => pick(forms, Plural::Other),
            None => self.lang.text(msg),
        }
    }

    /// The text before and after `{name}` in `msg`, to put a component there.
    pub fn around(&self, msg: Msg, name: &str) -> (&'static str, &'static str) {
        microshop_words::template::around(self.t(msg), name)
    }
}

impl Say for Words {
    fn template(&self, msg: Msg, count: Option<u32>) -> &str {
        match self.own.get(&self.locale, msg) {
            Some(forms) => choose(forms, count, &self.locale),
            None => match count {
                Some(n) if self.lang.has_plurals(msg) => {
                    self.lang.form(msg, category(&self.locale, n))
                }
                _ => self.lang.text(msg),
            },
        }
    }
}

/// The form for `count` (by Intl's plural rules for `locale`) when there are several.
fn choose<'a, S: AsRef<str>>(
    forms: &'a [(Plural, S)],
    count: Option<u32>,
    locale: &str,
) -> &'a str {
    let plural = match count {
        Some(n) if forms.len() > 1 => category(locale, n),
        _ => Plural::Other,
    };
    pick(forms, plural)
}

/// The plural category of `n` in `locale`, by the browser's `Intl.PluralRules`.
fn category(locale: &str, n: u32) -> Plural {
    plural_category(locale, n)
        .and_then(|name| Plural::from_name(&name))
        .unwrap_or(Plural::Other)
}
