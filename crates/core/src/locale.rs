//! Choosing which of a shop's locales to show, and which way its text runs.

/// Picks the locale to show from `shop_locales` (the manifest's, default first).
///
/// `wanted` is the buyer's languages by preference: an explicit choice (`?lang=`)
/// first, then the browser's (`navigator.languages`). For each wanted tag in turn,
/// compared without regard to case (`_` read as `-`):
/// 1. the shop locale with the same tag;
/// 2. else one of the same language written in the same script (`zh-Hant-TW` and
///    `zh-HK` find `zh-TW`, `zh-SG` finds `zh-CN`: Chinese without a script is
///    Simplified, except in Taiwan, Hong Kong and Macau);
/// 3. else one of the same language (`zh-Hant-TW` finds `zh-CN` or `zh`, `en-GB`
///    finds `en-US`): a reader of one is better served by the other than by a
///    language they did not ask for.
///
/// The first wanted tag that finds anything wins, so the buyer's first language in
/// another region beats their second language exactly. Nothing found: the shop's
/// default locale (`"en"` for a shop without locales). Tags that are not a language
/// (`?lang=<script>`) match nothing and are passed over.
pub fn negotiate(wanted: &[String], shop_locales: &[String]) -> String {
    let shop: Vec<Tag<'_>> = shop_locales.iter().map(|l| Tag::parse(l)).collect();
    for w in wanted {
        let w = Tag::parse(w);
        if w.language.is_empty() {
            continue;
        }
        let found = shop
            .iter()
            .position(|s| s.same(&w))
            .or_else(|| {
                shop.iter()
                    .position(|s| s.language == w.language && s.script() == w.script())
            })
            .or_else(|| shop.iter().position(|s| s.language == w.language));
        if let Some(i) = found {
            return shop_locales[i].clone();
        }
    }
    shop_locales
        .first()
        .cloned()
        .unwrap_or_else(|| "en".to_owned())
}

/// Whether text in `tag` runs right to left: Arabic, Hebrew, Persian, Urdu and the
/// other languages written in right-to-left scripts, unless the tag names a
/// left-to-right script (`az-Latn`); an explicit right-to-left script (`pa-Arab`) too.
pub fn is_rtl(tag: &str) -> bool {
    const RTL_SCRIPTS: [&str; 9] = [
        "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "mand", "samr",
    ];
    const RTL_LANGUAGES: [&str; 15] = [
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "nqo", "ps", "sd", "syr", "ug", "ur",
        "yi",
    ];
    let t = Tag::parse(tag);
    match t.script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL_LANGUAGES.contains(&t.language.as_str()),
    }
}

/// A language tag's parts that matter here, lower-cased.
struct Tag<'a> {
    raw: &'a str,
    language: String,
    script: Option<String>,
    region: Option<String>,
}

impl<'a> Tag<'a> {
    fn parse(raw: &'a str) -> Tag<'a> {
        let mut parts = raw.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        let first = parts.next().unwrap_or_default();
        let language =
            if (2..=3).contains(&first.len()) && first.bytes().all(|b| b.is_ascii_alphabetic()) {
                first
            } else {
                String::new()
            };
        let mut script = None;
        let mut region = None;
        for part in parts {
            let alpha = part.bytes().all(|b| b.is_ascii_alphabetic());
            if script.is_none() && region.is_none() && part.len() == 4 && alpha {
                script = Some(part);
            } else if region.is_none()
                && ((part.len() == 2 && alpha)
                    || (part.len() == 3 && part.bytes().all(|b| b.is_ascii_digit())))
            {
                region = Some(part);
            } else {
                break;
            }
        }
        Tag {
            raw,
            language,
            script,
            region,
        }
    }

    fn same(&self, other: &Tag<'_>) -> bool {
        let norm = |s: &str| s.trim().replace('_', "-").to_ascii_lowercase();
        norm(self.raw) == norm(other.raw)
    }

    /// The script, written or implied (only Chinese's is implied: by its region).
    fn script(&self) -> Option<&str> {
        match (&self.script, self.language.as_str(), self.region.as_deref()) {
            (Some(s), _, _) => Some(s),
            (None, "zh", Some("tw" | "hk" | "mo")) => Some("hant"),
            (None, "zh", _) => Some("hans"),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_rtl, negotiate};

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn exact_then_language_then_default() {
        let shop = v(&["zh-CN", "en"]);
        assert_eq!(negotiate(&v(&["en-US", "zh-CN"]), &shop), "en");
        assert_eq!(negotiate(&v(&["zh-TW"]), &shop), "zh-CN");
        assert_eq!(negotiate(&v(&["fr", "EN"]), &shop), "en");
        assert_eq!(negotiate(&v(&["fr"]), &shop), "zh-CN");
        assert_eq!(negotiate(&[], &[]), "en");
        assert_eq!(negotiate(&v(&["ja"]), &[]), "en");
    }

    #[test]
    fn case_and_underscores_do_not_matter() {
        let shop = v(&["en", "zh-CN"]);
        assert_eq!(negotiate(&v(&["ZH-cn"]), &shop), "zh-CN");
        assert_eq!(negotiate(&v(&["zh_CN"]), &shop), "zh-CN");
    }

    #[test]
    fn chinese_follows_its_script() {
        let shop = v(&["en", "zh-CN", "zh-TW"]);
        assert_eq!(negotiate(&v(&["zh-Hant-TW"]), &shop), "zh-TW");
        assert_eq!(negotiate(&v(&["zh-HK"]), &shop), "zh-TW");
        assert_eq!(negotiate(&v(&["zh-Hans"]), &shop), "zh-CN");
        assert_eq!(negotiate(&v(&["zh-SG"]), &shop), "zh-CN");
        assert_eq!(negotiate(&v(&["zh"]), &shop), "zh-CN");
        // Only one Chinese: any Chinese reader gets it rather than English.
        assert_eq!(
            negotiate(&v(&["zh-Hant-TW", "en"]), &v(&["en", "zh"])),
            "zh"
        );
        assert_eq!(
            negotiate(&v(&["zh-Hant-TW", "en"]), &v(&["en", "zh-CN"])),
            "zh-CN"
        );
    }

    #[test]
    fn an_explicit_choice_comes_first() {
        let shop = v(&["zh-CN", "en", "ja", "ar"]);
        // ?lang=ar, then navigator.languages
        assert_eq!(negotiate(&v(&["ar", "en-US", "en"]), &shop), "ar");
        // a ?lang= the shop does not have falls through to the browser's languages
        assert_eq!(negotiate(&v(&["de", "ja-JP", "en"]), &shop), "ja");
        // the first language in another region beats the second exactly
        assert_eq!(negotiate(&v(&["en-GB", "zh-CN"]), &shop), "en");
        assert_eq!(negotiate(&v(&["ar-EG"]), &shop), "ar");
    }

    #[test]
    fn what_is_not_a_language_matches_nothing() {
        let shop = v(&["zh-CN", "en"]);
        for junk in ["", "<script>", "e", "english", "-en", "12", "*"] {
            assert_eq!(negotiate(&v(&[junk, "en"]), &shop), "en", "{junk:?}");
        }
    }

    #[test]
    fn right_to_left() {
        for tag in ["ar", "ar-EG", "he", "fa-IR", "ur", "pa-Arab", "AR"] {
            assert!(is_rtl(tag), "{tag}");
        }
        for tag in ["en", "zh-CN", "ja", "az-Latn", "ku", "arn", ""] {
            assert!(!is_rtl(tag), "{tag}");
        }
    }
}
