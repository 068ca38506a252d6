//! The sign-in page's few words in every language the storefront ships. The page is
//! rendered by the server before anything else of the desk loads (no wasm), so its
//! words live here rather than in the seller app's translation files; the language
//! is picked from the browser's Accept-Language as the storefront picks the buyer's.

use microshop_words::Lang;

/// A sentence or label of the sign-in page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    Title,
    Heading,
    Secret,
    SignIn,
    Hint,
    Wrong,
    LinkUsed,
    TooMany,
    SignedOut,
    OffHeading,
    Off,
}

/// The words of one language.
#[derive(Clone, Copy, Debug)]
pub struct SignInWords {
    pub lang: Lang,
}

impl SignInWords {
    /// The language the browser prefers among the shipped ones (English otherwise).
    pub fn for_request(accept_language: Option<&str>) -> SignInWords {
        SignInWords {
            lang: preferred(accept_language.unwrap_or("")),
        }
    }

    /// `lang` and `dir` of the page.
    pub fn tag(self) -> &'static str {
        self.lang.tag()
    }

    pub fn is_rtl(self) -> bool {
        self.lang.tag() == "ar"
    }

    /// The text of `word`; `{seconds}` in `TooMany` is for the caller to fill.
    pub fn t(self, word: Word) -> &'static str {
        match self.lang.tag() {
            "zh-CN" => zh(word),
            "ja" => ja(word),
            "ar" => ar(word),
            _ => en(word),
        }
    }
}

/// The first language of `Accept-Language` (by its q values) that is shipped.
fn preferred(header: &str) -> Lang {
    let mut wanted: Vec<(u16, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let tag = pieces.next()?.trim();
            let q = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .map_or(Some(1000), |q| {
                    q.trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))
                        // Thousandths, so the order is integer-compared.
                        .map(|q| (q * 1000.0).round() as u16)
                })?;
            (!tag.is_empty() && tag != "*" && q > 0).then_some((q, i, tag))
        })
        .collect();
    wanted.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    let language = |t: &str| {
        t.split(['-', '_'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    wanted
        .iter()
        .find_map(|(_, _, tag)| {
            Lang::ALL
                .into_iter()
                .find(|l| language(l.tag()) == language(tag))
        })
        .unwrap_or(Lang::En)
}

fn en(word: Word) -> &'static str {
    match word {
        Word::Title => "Sign in · seller's desk",
        Word::Heading => "Sign in to your shop",
        Word::Secret => "Seller secret",
        Word::SignIn => "Sign in",
        Word::Hint => "No secret at hand? On the computer that runs the shop, run microshop seller-token: it prints a sign-in link and a QR code for your phone, good for one sign-in.",
        Word::Wrong => "That secret is not right. Check it and try again.",
        Word::LinkUsed => "This sign-in link was already used or has expired. Make a new one with microshop seller-token, or sign in with your secret.",
        Word::TooMany => "Too many tries. Wait {seconds} seconds, then try again.",
        Word::SignedOut => "You are signed out.",
        Word::OffHeading => "The seller's side is off",
        Word::Off => "This shop was started without a seller secret, so nobody can sign in. On the computer that runs it, run microshop seller-token (it writes a secret to .microshop/seller-secret), then start microshop serve again with --seller-secret-file .microshop/seller-secret.",
    }
}

fn zh(word: Word) -> &'static str {
    match word {
        Word::Title => "登录 · 卖家后台",
        Word::Heading => "登录你的店铺",
        Word::Secret => "卖家密钥",
        Word::SignIn => "登录",
        Word::Hint => "手边没有密钥？在运行店铺的电脑上执行 microshop seller-token：它会打印一个登录链接和一个二维码，供手机登录一次。",
        Word::Wrong => "密钥不对。请检查后重试。",
        Word::LinkUsed => "这个登录链接已经用过或已过期。请用 microshop seller-token 生成新的链接，或用密钥登录。",
        Word::TooMany => "尝试次数过多。请等待 {seconds} 秒后再试。",
        Word::SignedOut => "你已退出登录。",
        Word::OffHeading => "卖家后台未开启",
        Word::Off => "这个店铺启动时没有设置卖家密钥，所以无法登录。请在运行它的电脑上执行 microshop seller-token（它会把密钥写入 .microshop/seller-secret），然后加上 --seller-secret-file .microshop/seller-secret 重新启动 microshop serve。",
    }
}

fn ja(word: Word) -> &'static str {
    match word {
        Word::Title => "サインイン · 販売者デスク",
        Word::Heading => "ショップにサインイン",
        Word::Secret => "販売者シークレット",
        Word::SignIn => "サインイン",
        Word::Hint => "シークレットが手元にない場合は、ショップを動かしているパソコンで microshop seller-token を実行してください。スマートフォン用に一度だけ使えるサインインリンクと QR コードが表示されます。",
        Word::Wrong => "シークレットが正しくありません。確認してもう一度お試しください。",
        Word::LinkUsed => "このサインインリンクは使用済みか期限切れです。microshop seller-token で新しいリンクを作るか、シークレットでサインインしてください。",
        Word::TooMany => "試行回数が多すぎます。{seconds} 秒待ってからもう一度お試しください。",
        Word::SignedOut => "サインアウトしました。",
        Word::OffHeading => "販売者デスクは無効です",
        Word::Off => "このショップは販売者シークレットなしで起動されたため、サインインできません。ショップを動かしているパソコンで microshop seller-token を実行し（シークレットが .microshop/seller-secret に書き込まれます）、--seller-secret-file .microshop/seller-secret を付けて microshop serve を起動し直してください。",
    }
}

fn ar(word: Word) -> &'static str {
    match word {
        Word::Title => "تسجيل الدخول · مكتب البائع",
        Word::Heading => "سجّل الدخول إلى متجرك",
        Word::Secret => "كلمة سر البائع",
        Word::SignIn => "تسجيل الدخول",
        Word::Hint => "ليست كلمة السر معك؟ على الحاسوب الذي يشغّل المتجر، شغّل microshop seller-token: يطبع رابط دخول ورمز QR لهاتفك، صالحين لمرة دخول واحدة.",
        Word::Wrong => "كلمة السر غير صحيحة. تحقّق منها وحاول مرة أخرى.",
        Word::LinkUsed => "رابط الدخول هذا استُخدم من قبل أو انتهت صلاحيته. أنشئ رابطًا جديدًا بالأمر microshop seller-token، أو سجّل الدخول بكلمة السر.",
        Word::TooMany => "محاولات كثيرة جدًا. انتظر {seconds} ثانية ثم حاول مرة أخرى.",
        Word::SignedOut => "سجّلت الخروج.",
        Word::OffHeading => "جانب البائع متوقف",
        Word::Off => "بدأ هذا المتجر بلا كلمة سر للبائع، فلا يمكن لأحد تسجيل الدخول. على الحاسوب الذي يشغّله، شغّل microshop seller-token (يكتب كلمة سر في ‎.microshop/seller-secret)، ثم شغّل microshop serve من جديد مع ‎--seller-secret-file .microshop/seller-secret.",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_the_browsers_language_among_the_shipped_ones() {
        let tag = |h: &str| SignInWords::for_request(Some(h)).tag();
        assert_eq!(tag("zh-TW,zh;q=0.9,en;q=0.8"), "zh-CN");
        assert_eq!(tag("fr-FR, ja;q=0.5, en;q=0.4"), "ja");
        assert_eq!(tag("en;q=0.2, ar-EG"), "ar");
        assert_eq!(tag("de, *;q=0.1"), "en");
        assert_eq!(tag("ja;q=0, ar;q=0.1"), "ar");
        assert_eq!(tag("ja;q=oops"), "en");
        assert_eq!(SignInWords::for_request(None).tag(), "en");
    }

    #[test]
    fn every_language_has_every_word() {
        let all = [
            Word::Title,
            Word::Heading,
            Word::Secret,
            Word::SignIn,
            Word::Hint,
            Word::Wrong,
            Word::LinkUsed,
            Word::TooMany,
            Word::SignedOut,
            Word::OffHeading,
            Word::Off,
        ];
        for lang in Lang::ALL {
            let words = SignInWords { lang };
            for word in all {
                assert!(!words.t(word).is_empty(), "{lang:?} {word:?}");
            }
            assert!(words.t(Word::TooMany).contains("{seconds}"), "{lang:?}");
        }
    }
}
