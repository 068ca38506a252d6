//! The desk's words: every word the seller app says comes from the seller's
//! translation files (`locales/seller/<tag>.json`, microshop-words' `seller`
//! feature), in the shipped language the seller picked or the browser prefers;
//! plural forms, money, ages and dates by the browser's Intl in that language.
//! English is compiled in; another language is fetched as a data file when the desk
//! starts in it or switches to it, so the wasm carries one language, not four
//! (docs/performance.md, "The seller app").
//!
//! The problems core finds in a draft are `microshop check`'s own sentences, in
//! English (core speaks one language); the studio marks them `lang="en"`.

use crate::web::http::{self, Body};
use crate::web::{clock, intl, page, storage};
use microshop_core::locale::is_rtl;
use microshop_core::Currency;
use microshop_seller_model::age::age;
use microshop_words::seller;
pub use microshop_words::seller::{Msg, Say};
use microshop_words::{Lang, Plural};

/// The desk's words in one shipped language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Words {
    pub lang: Lang,
}

impl Words {
    /// A message without placeholders.
    pub fn t(&self, msg: Msg) -> &'static str {
        msg.text(self.lang)
    }

    /// The language tag Intl formats in (`zh-CN`).
    pub fn tag(&self) -> &'static str {
        self.lang.tag()
    }

    /// Whether the language is written right to left.
    pub fn rtl(&self) -> bool {
        is_rtl(self.lang.tag())
    }

    /// An exact decimal amount as money (`¥68.00`), with the currency's minor digits as
    /// core knows them (HUF 1,999.99, not Intl's rounded HUF 2,000); `CNY 68.00` when
    /// Intl cannot.
    pub fn money(&self, decimal: &str, currency: &str) -> String {
        let digits = Currency::from_code(currency).map(|c| c.exponent());
        intl::format_currency(decimal, currency, digits, self.tag())
            .unwrap_or_else(|| format!("{currency} {decimal}"))
    }

    /// How long ago `then_ms` was, seen at `now_ms` ("3 minutes ago").
    pub fn ago(&self, now_ms: i64, then_ms: i64) -> String {
        let (n, unit) = age(now_ms, then_ms);
        intl::relative(n, unit.name(), self.tag()).unwrap_or_default()
    }

    /// A moment as date and time, in the browser's time zone.
    pub fn when(&self, ms: i64) -> String {
        intl::date_time(ms, self.tag()).unwrap_or_else(|| microshop_seller_model::dates::day_of(ms))
    }

    /// An RFC 3339 time from the API as date and time (as it came when unreadable).
    pub fn when_text(&self, rfc3339: &str) -> String {
        clock::parse_ms(rfc3339).map_or_else(|| rfc3339.to_owned(), |ms| self.when(ms))
    }

    /// A count in the language's digits.
    pub fn number(&self, n: u64) -> String {
        intl::number(n, self.tag())
    }
}

impl Say for Words {
    fn template(&self, msg: Msg, count: Option<u32>) -> &str {
        match count {
            Some(n) if msg.has_plurals(self.lang) => {
                let plural = intl::plural_category(self.tag(), n)
                    .and_then(|name| Plural::from_name(&name))
                    .unwrap_or(Plural::Other);
                msg.form(self.lang, plural)
            }
            _ => msg.text(self.lang),
        }
    }
}

/// The language the desk speaks: `?lang=` in the address, else the seller's last
/// choice, else the browser's first language the desk ships, else English.
pub fn initial_language() -> Lang {
    let chosen = page::query_param("lang").or_else(|| storage::get(storage::keys::LANGUAGE));
    if let Some(lang) = chosen.and_then(|t| shipped(&t)) {
        return lang;
    }
    page::languages()
        .iter()
        .find_map(|t| shipped(t))
        .unwrap_or(Lang::En)
}

/// The shipped language for `tag` when there is one for its language subtag.
fn shipped(tag: &str) -> Option<Lang> {
    let lang = Lang::for_tag(tag);
    let same = |a: &str, b: &str| {
        a.split('-').next().map(str::to_ascii_lowercase)
            == b.split('-').next().map(str::to_ascii_lowercase)
    };
    same(lang.tag(), tag).then_some(lang)
}

/// Where the app's own files are served (Trunk's `public_url`, crates/seller/Trunk.toml).
const FILES: &str = "/_seller/";

/// Makes sure the desk's words in `lang` are here: English is compiled in; another
/// language's data file is fetched once. False when it could not be had (offline, or
/// a file of another build): the desk then keeps the language it speaks.
pub async fn fetch_words(lang: Lang) -> bool {
    if seller::is_ready(lang) {
        return true;
    }
    let url = format!("{FILES}{}", seller::data_file(lang));
    match http::send("GET", &url, Body::None).await {
        Ok(reply) if reply.status == 200 => seller::install(lang, reply.body),
        _ => false,
    }
}

/// Remembers the seller's choice of language.
pub fn remember_language(lang: Lang) {
    storage::set(storage::keys::LANGUAGE, lang.tag());
}

/// Now, for ages.
pub fn now_ms() -> i64 {
    clock::now_ms()
}
