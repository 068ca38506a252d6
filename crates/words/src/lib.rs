//! The storefront's own words (not the shop's, which come from the manifest), in
//! every language it ships: the translation files `locales/<tag>.json` at the
//! repository's root, checked and compiled in by this crate's build step
//! (`build/`). Used by the storefront, by `microshop publish` for prerendered pages,
//! and by core to check a seller's overrides against the known keys.
//!
//! Adding a message is one line in each file (`"key": "text"`); `Msg::Key` and, when
//! the text has `{placeholders}`, a typed method of [`Say`] appear from it.

pub mod data;
pub mod template;

pub use template::{check_forms, fill, pick, placeholders, Plural};

include!(concat!(env!("OUT_DIR"), "/words.rs"));

#[cfg(test)]
#[allow(dead_code)]
#[path = "../build/locales.rs"]
mod locales;

/// The seller app's own words (`locales/seller/<tag>.json`), in the same languages
/// and checked by the same build step; compiled only with the `seller` feature, which
/// only the seller app turns on, so none of it reaches the buyer's wasm.
#[cfg(feature = "seller")]
pub mod seller {
    use crate::{cardinal, fill, Lang, Plural};

    include!(concat!(env!("OUT_DIR"), "/seller_words.rs"));

    impl Msg {
        /// The message of a key of the seller's translation files.
        pub fn from_key(key: &str) -> Option<Msg> {
            KEYS.binary_search(&key).ok().map(|i| Msg::ALL[i])
        }

        /// Its text in `lang` (its `other` form).
        pub fn text(self, lang: Lang) -> &'static str {
            self.form(lang, Plural::Other)
        }

        /// Its text in `lang` in the plural form `plural` (else its `other` form).
        pub fn form(self, lang: Lang, plural: Plural) -> &'static str {
            let raw = self.raw(lang);
            if !raw.contains('\u{1f}') {
                return raw;
            }
            let slot = |p: Plural| raw.split('\u{1f}').nth(p as usize).unwrap_or("");
            Some(slot(plural))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slot(Plural::Other))
        }

        /// Whether it has plural forms in `lang`.
        pub fn has_plurals(self, lang: Lang) -> bool {
            self.raw(lang).contains('\u{1f}')
        }

        fn raw(self, lang: Lang) -> &'static str {
            crate::data::message(data(lang), self as usize)
        }
    }

    /// `lang`'s messages: compiled in, else installed from its data file, else English
    /// (a language whose file has not arrived speaks English meanwhile).
    fn data(lang: Lang) -> &'static str {
        compiled(lang)
            .or_else(|| INSTALLED[lang as usize].get().copied())
            .unwrap_or(EN)
    }

    /// Whether `lang`'s own seller messages are here (compiled in or installed).
    pub fn is_ready(lang: Lang) -> bool {
        compiled(lang).is_some() || INSTALLED[lang as usize].get().is_some()
    }

    /// Installs `lang`'s seller messages from its data file's content; false when the
    /// file does not fit this build's messages (then English stays).
    pub fn install(lang: Lang, blob: String) -> bool {
        if is_ready(lang) {
            return true;
        }
        if crate::data::read(&blob, Msg::ALL.len()).is_none() {
            return false;
        }
        let text: &'static str = Box::leak(blob.into_boxed_str());
        let _ = INSTALLED[lang as usize].set(text);
        true
    }

    /// The content of `lang`'s seller data file; `None` when its messages are not
    /// compiled into this build (only `all-languages` builds write the files).
    pub fn data_blob(lang: Lang) -> Option<String> {
        compiled(lang).map(str::to_owned)
    }

    /// The seller's words in one shipped language, plural forms by CLDR's rules
    /// (the app asks the browser's Intl instead, through its own `Say`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct Shipped(pub Lang);

    impl Say for Shipped {
        fn template(&self, msg: Msg, count: Option<u32>) -> &str {
            match count {
                Some(n) if msg.has_plurals(self.0) => msg.form(self.0, cardinal(self.0, n)),
                _ => msg.text(self.0),
            }
        }
    }
}

impl Lang {
    /// The shipped language for a locale tag: the one with the same language subtag
    /// (`zh-TW` -> zh-CN, `ar-EG` -> ar), else English.
    pub fn for_tag(tag: &str) -> Lang {
        let language = |t: &str| {
            t.split(['-', '_'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        };
        let wanted = language(tag);
        Lang::ALL
            .into_iter()
            .find(|l| language(l.tag()) == wanted)
            .unwrap_or(Lang::En)
    }

    /// The message's text (its `other` form).
    pub fn text(self, msg: Msg) -> &'static str {
        self.form(msg, Plural::Other)
    }

    /// The message's text in the plural form `plural` (else its `other` form).
    pub fn form(self, msg: Msg, plural: Plural) -> &'static str {
        let raw = self.raw(msg);
        if !raw.contains('\u{1f}') {
            return raw;
        }
        let slot = |p: Plural| raw.split('\u{1f}').nth(p as usize).unwrap_or("");
        Some(slot(plural))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slot(Plural::Other))
    }

    /// Whether the message has plural forms in this language.
    pub fn has_plurals(self, msg: Msg) -> bool {
        self.raw(msg).contains('\u{1f}')
    }

    /// The message's forms (a plain text is the single form `Other`).
    pub fn forms(self, msg: Msg) -> Vec<(Plural, &'static str)> {
        if !self.has_plurals(msg) {
            return vec![(Plural::Other, self.raw(msg))];
        }
        Plural::ALL
            .into_iter()
            .map(|p| {
                (
                    p,
                    self.raw(msg).split('\u{1f}').nth(p as usize).unwrap_or(""),
                )
            })
            .filter(|(_, s)| !s.is_empty())
            .collect()
    }

    /// The message as stored: its text, or its six plural slots split by U+001F.
    fn raw(self, msg: Msg) -> &'static str {
        data::message(self.data(), msg as usize)
    }

    /// This language's messages: compiled in, else installed from its data file, else
    /// English (a language whose file has not arrived speaks English meanwhile).
    fn data(self) -> &'static str {
        if let Some(text) = self.compiled() {
            return text;
        }
        match INSTALLED[self as usize].get() {
            Some(text) => text,
            None => Lang::En.data(),
        }
    }

    /// Whether this language's own messages are here (compiled in or installed).
    pub fn is_ready(self) -> bool {
        self.compiled().is_some() || INSTALLED[self as usize].get().is_some()
    }

    /// Installs this language from its data file's content (see [`data`]); false when
    /// the file does not fit this build's messages, and English stays.
    pub fn install(self, blob: String) -> bool {
        if self.is_ready() {
            return true;
        }
        if data::read(&blob, Msg::ALL.len()).is_none() {
            return false;
        }
        let text: &'static str = Box::leak(blob.into_boxed_str());
        let _ = INSTALLED[self as usize].set(text);
        true
    }

    /// The content of this language's data file (what the storefront fetches); `None`
    /// when its messages are not compiled into this build.
    pub fn data_blob(self) -> Option<String> {
        self.compiled().map(str::to_owned)
    }
}

impl Msg {
    /// The message of a key of the translation files.
    pub fn from_key(key: &str) -> Option<Msg> {
        KEYS.binary_search(&key).ok().map(|i| Msg::ALL[i])
    }
}

/// The plural category of a whole number in a shipped language, for tools without
/// the browser's `Intl.PluralRules` (`microshop publish`); the storefront asks Intl.
/// CLDR's cardinal rules for integers, for the shipped languages.
pub fn cardinal(lang: Lang, n: u32) -> Plural {
    match lang.tag().split('-').next().unwrap_or("") {
        "zh" | "ja" | "ko" | "vi" | "th" | "id" => Plural::Other,
        "ar" => match (n, n % 100) {
            (0, _) => Plural::Zero,
            (1, _) => Plural::One,
            (2, _) => Plural::Two,
            (_, 3..=10) => Plural::Few,
            (_, 11..=99) => Plural::Many,
            _ => Plural::Other,
        },
        "fr" | "pt" if n <= 1 => Plural::One,
        _ if n == 1 => Plural::One,
        _ => Plural::Other,
    }
}

/// The words of one shipped language, with [`Say`]'s typed messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shipped(pub Lang);

impl Say for Shipped {
    fn template(&self, msg: Msg, count: Option<u32>) -> &str {
        match count {
            Some(n) if self.0.has_plurals(msg) => self.0.form(msg, cardinal(self.0, n)),
            _ => self.0.text(msg),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_and_messages_agree() {
        assert_eq!(Msg::from_key("what_next_text"), Some(Msg::WhatNextText));
        assert_eq!(Msg::from_key("what_next_txt"), None);
        for msg in Msg::ALL {
            assert_eq!(Msg::from_key(msg.key()), Some(msg));
        }
        assert_eq!(Msg::PayAmount.placeholders(), ["amount", "ref"]);
    }

    #[test]
    fn typed_messages_fill_their_placeholders() {
        let en = Shipped(Lang::En);
        assert_eq!(
            en.pay_amount("¥68.00", "K7Q2"),
            "Pay ¥68.00 and write K7Q2 in the payment note."
        );
        assert_eq!(en.ships_within(1), "Ships within 1 day");
        assert_eq!(en.ships_within(3), "Ships within 3 days");
        let ar = Shipped(Lang::Ar);
        assert_eq!(ar.ships_within(2), "يُشحن خلال يومين");
        assert_eq!(ar.ships_within(5), "يُشحن خلال 5 أيام");
        assert_eq!(ar.ships_within(14), "يُشحن خلال 14 يومًا");
        assert_eq!(Shipped(Lang::ZhCn).ships_within(1), "1 天内发货");
    }

    #[test]
    fn data_files_round_trip_and_are_named_by_their_content() {
        for lang in Lang::ALL {
            let Some(blob) = lang.data_blob() else {
                panic!("{} is compiled in with all-languages", lang.tag());
            };
            assert_eq!(data::read(&blob, Msg::ALL.len()), Some(blob.as_str()));
            if lang == Lang::En {
                assert_eq!(lang.data_file(), "", "English is compiled in everywhere");
            } else {
                let name = format!(
                    "words/{}-{:016x}.txt",
                    lang.tag(),
                    data::fnv64(blob.as_bytes())
                );
                assert_eq!(lang.data_file(), name);
            }
        }
    }

    #[test]
    fn a_data_file_that_does_not_fit_is_refused() {
        let n = Msg::ALL.len();
        assert_eq!(
            data::read("a\u{1e}\u{1e}b\u{1e}", 3),
            Some("a\u{1e}\u{1e}b\u{1e}")
        );
        assert!(
            data::read("a\u{1e}b\u{1e}", n).is_none(),
            "too few messages"
        );
        assert!(
            data::read("a\u{1e}b\u{1e}", 1).is_none(),
            "too many messages"
        );
        assert!(
            data::read("a\u{1e}b", 2).is_none(),
            "the last one cut short"
        );
        assert!(data::read("", 1).is_none(), "empty");
        // The old format (offsets, a newline, the text) is refused: English stays.
        assert!(data::read("0,1\na", 1).is_none());
        assert_eq!(data::message("a\u{1e}\u{1e}b\u{1f}c\u{1e}", 2), "b\u{1f}c");
        assert_eq!(data::message("a\u{1e}", 1), "");
        assert_eq!(data::message("a\u{1e}", 7), "", "past the end");
    }

    #[test]
    fn languages_by_tag() {
        assert_eq!(Lang::for_tag("zh-TW"), Lang::ZhCn);
        assert_eq!(Lang::for_tag("zh-Hant-HK"), Lang::ZhCn);
        assert_eq!(Lang::for_tag("ar-EG"), Lang::Ar);
        assert_eq!(Lang::for_tag("ja"), Lang::Ja);
        assert_eq!(Lang::for_tag("fr"), Lang::En);
        assert_eq!(Lang::for_tag(""), Lang::En);
    }

    #[test]
    fn every_shipped_text_passes_its_own_check() {
        for lang in Lang::ALL {
            for msg in Msg::ALL {
                check_forms(msg.placeholders(), &lang.forms(msg)).unwrap();
            }
        }
    }

    /// Values `Intl.PluralRules(tag).select(n)` gives in Chromium and Node.
    #[test]
    fn cardinal_rules_agree_with_intl() {
        use Plural::*;
        let ar = [
            (0, Zero),
            (1, One),
            (2, Two),
            (3, Few),
            (10, Few),
            (11, Many),
            (99, Many),
            (100, Other),
            (102, Other),
            (103, Few),
            (111, Many),
        ];
        for (n, p) in ar {
            assert_eq!(cardinal(Lang::Ar, n), p, "ar {n}");
        }
        assert_eq!(cardinal(Lang::En, 1), One);
        assert_eq!(cardinal(Lang::En, 0), Other);
        assert_eq!(cardinal(Lang::Ja, 1), Other);
        assert_eq!(cardinal(Lang::ZhCn, 1), Other);
    }
}

#[cfg(all(test, feature = "seller"))]
mod seller_tests {
    use super::seller::{self, Msg, Say, Shipped};
    use super::{check_forms, data, Lang, Plural};

    #[test]
    fn seller_data_files_round_trip_and_are_named_by_their_content() {
        for lang in Lang::ALL {
            let Some(blob) = seller::data_blob(lang) else {
                panic!("{} is compiled in with all-languages", lang.tag());
            };
            assert_eq!(data::read(&blob, Msg::ALL.len()), Some(blob.as_str()));
            assert!(seller::is_ready(lang));
            assert!(seller::install(lang, blob.clone()), "ready stays ready");
            if lang == Lang::En {
                assert_eq!(seller::data_file(lang), "", "English is compiled in");
            } else {
                let name = format!(
                    "words/{}-{:016x}.txt",
                    lang.tag(),
                    data::fnv64(blob.as_bytes())
                );
                assert_eq!(seller::data_file(lang), name);
                assert_ne!(
                    seller::data_file(lang),
                    lang.data_file(),
                    "not the buyer's file"
                );
            }
        }
    }

    #[test]
    fn the_seller_words_are_their_own_namespace_with_typed_messages() {
        assert_eq!(Msg::from_key("sign_out"), Some(Msg::SignOut));
        assert_eq!(Msg::SignOut.text(Lang::Ja), "ログアウト");
        let en = Shipped(Lang::En);
        assert_eq!(en.items(1), "1 item");
        assert_eq!(en.items(3), "3 items");
        assert_eq!(en.order_title("K7M2-Q9XD"), "Order K7M2-Q9XD");
        assert_eq!(Shipped(Lang::Ar).items(2), "صنفان");
        for lang in Lang::ALL {
            for msg in Msg::ALL {
                check_forms(msg.placeholders(), &[(Plural::Other, msg.text(lang))]).unwrap();
            }
        }
    }
}
