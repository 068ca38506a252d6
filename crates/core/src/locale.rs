//! Choosing which of a shop's locales to show.

/// Picks the locale to show: the first of `wanted` (an explicit choice, then the
/// browser's languages) that the shop is written in, matching the language alone
/// (`zh-TW` finds `zh-CN`) when no tag matches exactly; else the shop's default.
pub fn negotiate(wanted: &[String], shop_locales: &[String]) -> String {
    for w in wanted {
        if let Some(found) = shop_locales.iter().find(|l| l.eq_ignore_ascii_case(w)) {
            return found.clone();
        }
        let lang = w.split('-').next().unwrap_or(w);
        if let Some(found) = shop_locales.iter().find(|l| {
            l.split('-')
                .next()
                .is_some_and(|x| x.eq_ignore_ascii_case(lang))
        }) {
            return found.clone();
        }
    }
    shop_locales
        .first()
        .cloned()
        .unwrap_or_else(|| "en".to_owned())
}

#[cfg(test)]
mod tests {
    use super::negotiate;

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
    }
}
