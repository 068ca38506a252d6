//! The app's own words the prerendered pages need: the same translation files as
//! the storefront (`locales/*.json`, compiled in by `microshop-words`), chosen the
//! same way (the shipped language with the locale's language, else English), with
//! the seller's own words (`texts`) on top, so the first screen and the app agree.

use microshop_core::Manifest;
use microshop_words::{cardinal, pick, Lang, Plural};
pub use microshop_words::{Msg, Say};

/// The words of one locale of one shop.
#[derive(Clone, Copy)]
pub struct Words<'a> {
    lang: Lang,
    locale: &'a str,
    manifest: &'a Manifest,
}

impl<'a> Words<'a> {
    /// The words for `locale`, with the seller's overrides from `manifest`.
    pub fn new(manifest: &'a Manifest, locale: &'a str) -> Words<'a> {
        Words {
            lang: Lang::for_tag(locale),
            locale,
            manifest,
        }
    }

    /// The seller's forms of `msg` in this locale, if any.
    fn own(&self, msg: Msg) -> Option<&'a [(Plural, String)]> {
        self.manifest.texts.get(self.locale, msg)
    }

    /// A message without placeholders.
    pub fn t(&self, msg: Msg) -> &'a str {
        match self.own(msg) {
            Some(forms) => pick(forms, Plural::Other),
            None => self.lang.text(msg),
        }
    }

    /// The text before and after `{name}` in `msg`.
    pub fn around(&self, msg: Msg, name: &str) -> (&'a str, &'a str) {
        microshop_words::template::around(self.t(msg), name)
    }

    /// The share bar's buttons under the seller's header: share, QR code, referral link.
    pub fn share(&self) -> [&'a str; 3] {
        [
            self.t(Msg::Share),
            self.t(Msg::QrCode),
            self.t(Msg::ReferralLink),
        ]
    }

    /// The sorts as the app lists them (`Sort::ALL` order): query value and label.
    pub fn sorts(&self) -> [(&'static str, &'a str); 4] {
        [
            ("featured", self.t(Msg::SortFeatured)),
            ("price-up", self.t(Msg::SortPriceUp)),
            ("price-down", self.t(Msg::SortPriceDown)),
            ("newest", self.t(Msg::SortNewest)),
        ]
    }
}

impl Say for Words<'_> {
    // Plural forms by CLDR's rules for the shipped language (the app asks the
    // browser's Intl.PluralRules; both give the same category for whole numbers).
    fn template(&self, msg: Msg, count: Option<u32>) -> &str {
        let plural = |len: usize| match count {
            Some(n) if len > 1 => cardinal(self.lang, n),
            _ => Plural::Other,
        };
        match self.own(msg) {
            Some(forms) => pick(forms, plural(forms.len())),
            None => match count {
                Some(n) if self.lang.has_plurals(msg) => {
                    self.lang.form(msg, cardinal(self.lang, n))
                }
                _ => self.lang.text(msg),
            },
        }
    }
}
