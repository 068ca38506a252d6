//! The words of the signed receipt (on the order page) and of the receipt check page,
//! in every language the storefront ships. They live here, in the `trust` part, and
//! not in `locales/*.json`: those are compiled into the buyer's first load (English)
//! or fetched with it (the others, whose largest file is at its byte budget), and a
//! buyer who never opens a receipt should not download its words
//! (docs/performance.md). A word missing in one language does not compile: each
//! language is one exhaustive `match`.

use microshop_words::Lang;

/// One thing the receipt pages say. `{seller}` and `{key}` are filled in by the page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Word {
    /// On the order page, when the shop's key verifies the receipt.
    SignedBy,
    /// The key that verified it is published at the root of this domain: `{domain}`.
    KeyAt,
    /// In the trust strip: the order endpoint's signing key is the one published at
    /// the root of this domain: `{domain}`.
    SignedByDomain,
    SaveReceipt,
    /// The link from the order page to the check page, and that page's heading.
    CheckReceipt,
    CheckIntro,
    ChooseFile,
    DropHere,
    Checking,
    /// The verdict: the shop's key signed these terms.
    Valid,
    Promised,
    Placed,
    Accepted,
    Altered,
    OtherKey,
    UnknownKey,
    NotReceipt,
    /// The shop's key list could not be read.
    NoKeys,
    /// This browser cannot check Ed25519 signatures.
    NoEd25519,
    /// What a valid receipt does not prove.
    NotProof,
}

/// `word` in the language of `locale` (English for a language not shipped).
pub fn say(locale: &str, word: Word) -> &'static str {
    match Lang::for_tag(locale) {
        Lang::ZhCn => zh_cn(word),
        Lang::Ja => ja(word),
        Lang::Ar => ar(word),
        _ => en(word),
    }
}

fn en(word: Word) -> &'static str {
    match word {
        Word::SignedBy => "Receipt signed by {seller}",
        Word::KeyAt => "The shop's key is published by {domain}, the domain this shop is on.",
        Word::SignedByDomain => "Receipts signed by {domain}",
        Word::SaveReceipt => "Save the signed receipt",
        Word::CheckReceipt => "Check a receipt",
        Word::CheckIntro => "Choose a receipt file saved from this shop. It is checked against the key this shop publishes, in your browser; nothing is sent.",
        Word::ChooseFile => "Receipt file",
        Word::DropHere => "Or drop the file here",
        Word::Checking => "Checking…",
        Word::Valid => "Genuine: signed by {seller} with the shop's key {key}. This is what was promised:",
        Word::Promised => "Promised",
        Word::Placed => "Placed",
        Word::Accepted => "Accepted by the shop",
        Word::Altered => "Altered: this receipt was changed after the shop signed it. Do not rely on what it says; ask the seller for the receipt again.",
        Word::OtherKey => "Not signed by this shop: another key signed this receipt.",
        Word::UnknownKey => "Not signed by this shop: the receipt names a key this shop does not publish.",
        Word::NotReceipt => "This file is not a receipt of a microshop shop.",
        Word::NoKeys => "The shop's keys could not be read, so the receipt cannot be checked now. Try again later.",
        Word::NoEd25519 => "This browser cannot check signatures. Open this page in a current browser, or check the file with microshop receipt verify.",
        Word::NotProof => "A genuine receipt proves what the shop agreed to; it does not prove that the parcel was sent or paid for.",
    }
}

fn zh_cn(word: Word) -> &'static str {
    match word {
        Word::SignedBy => "收据由 {seller} 签名",
        Word::KeyAt => "店铺的密钥由本店所在的域名 {domain} 公布。",
        Word::SignedByDomain => "收据由 {domain} 签名",
        Word::SaveReceipt => "保存签名收据",
        Word::CheckReceipt => "核对收据",
        Word::CheckIntro => "选择从本店保存的收据文件。它会在您的浏览器中用本店公布的密钥核对，不会发送任何内容。",
        Word::ChooseFile => "收据文件",
        Word::DropHere => "或把文件拖放到这里",
        Word::Checking => "正在核对…",
        Word::Valid => "真实：由 {seller} 用本店密钥 {key} 签名。以下是承诺的内容：",
        Word::Promised => "承诺",
        Word::Placed => "下单时间",
        Word::Accepted => "店铺接单时间",
        Word::Altered => "已被改动：这张收据在店铺签名后被修改过。请不要相信其中的内容，请向卖家重新索取收据。",
        Word::OtherKey => "不是本店签名：这张收据由另一个密钥签名。",
        Word::UnknownKey => "不是本店签名：收据所写的密钥不是本店公布的密钥。",
        Word::NotReceipt => "这个文件不是 microshop 店铺的收据。",
        Word::NoKeys => "无法读取店铺的密钥，现在不能核对收据。请稍后再试。",
        Word::NoEd25519 => "这个浏览器不能核对签名。请用较新的浏览器打开本页，或用 microshop receipt verify 核对文件。",
        Word::NotProof => "真实的收据证明店铺同意了什么；它不能证明包裹已寄出或已付款。",
    }
}

fn ja(word: Word) -> &'static str {
    match word {
        Word::SignedBy => "{seller} が署名した領収書",
        Word::KeyAt => "ショップの鍵は、このショップのドメイン {domain} が公開しています。",
        Word::SignedByDomain => "領収書は {domain} が署名しています",
        Word::SaveReceipt => "署名付き領収書を保存",
        Word::CheckReceipt => "領収書を確認",
        Word::CheckIntro => "このショップで保存した領収書ファイルを選んでください。ショップが公開している鍵で、ブラウザの中で確認します。何も送信されません。",
        Word::ChooseFile => "領収書ファイル",
        Word::DropHere => "またはここにファイルをドロップ",
        Word::Checking => "確認しています…",
        Word::Valid => "本物です：{seller} がショップの鍵 {key} で署名しました。約束された内容は次のとおりです：",
        Word::Promised => "約束",
        Word::Placed => "注文日時",
        Word::Accepted => "ショップの受付日時",
        Word::Altered => "改ざんされています：この領収書はショップの署名の後に変更されました。内容を信用せず、販売者に領収書を再度求めてください。",
        Word::OtherKey => "このショップの署名ではありません：別の鍵がこの領収書に署名しています。",
        Word::UnknownKey => "このショップの署名ではありません：領収書に書かれた鍵をこのショップは公開していません。",
        Word::NotReceipt => "このファイルは microshop のショップの領収書ではありません。",
        Word::NoKeys => "ショップの鍵を読み込めないため、今は領収書を確認できません。後でもう一度お試しください。",
        Word::NoEd25519 => "このブラウザは署名を確認できません。新しいブラウザで開くか、microshop receipt verify でファイルを確認してください。",
        Word::NotProof => "本物の領収書はショップが何に同意したかを証明します。発送や支払いを証明するものではありません。",
    }
}

fn ar(word: Word) -> &'static str {
    match word {
        Word::SignedBy => "إيصال موقّع من {seller}",
        Word::KeyAt => "مفتاح المتجر منشور على {domain}، وهو نطاق هذا المتجر.",
        Word::SignedByDomain => "الإيصالات موقّعة من {domain}",
        Word::SaveReceipt => "احفظ الإيصال الموقّع",
        Word::CheckReceipt => "تحقّق من إيصال",
        Word::CheckIntro => "اختر ملف إيصال حفظته من هذا المتجر. يُتحقَّق منه في متصفحك بالمفتاح الذي ينشره المتجر، ولا يُرسَل أي شيء.",
        Word::ChooseFile => "ملف الإيصال",
        Word::DropHere => "أو أفلت الملف هنا",
        Word::Checking => "جارٍ التحقق…",
        Word::Valid => "أصلي: وقّعه {seller} بمفتاح المتجر {key}. هذا ما وُعدت به:",
        Word::Promised => "الوعد",
        Word::Placed => "وقت الطلب",
        Word::Accepted => "وقت قبول المتجر",
        Word::Altered => "مُعدَّل: تغيّر هذا الإيصال بعد أن وقّعه المتجر. لا تعتمد على ما فيه، واطلب الإيصال من البائع مرة أخرى.",
        Word::OtherKey => "ليس موقّعًا من هذا المتجر: وقّع هذا الإيصال مفتاح آخر.",
        Word::UnknownKey => "ليس موقّعًا من هذا المتجر: يذكر الإيصال مفتاحًا لا ينشره هذا المتجر.",
        Word::NotReceipt => "هذا الملف ليس إيصالًا من متجر microshop.",
        Word::NoKeys => "تعذّرت قراءة مفاتيح المتجر، فلا يمكن التحقق من الإيصال الآن. حاول لاحقًا.",
        Word::NoEd25519 => "هذا المتصفح لا يستطيع التحقق من التواقيع. افتح الصفحة في متصفح حديث، أو تحقّق من الملف بالأمر microshop receipt verify.",
        Word::NotProof => "الإيصال الأصلي يثبت ما وافق عليه المتجر، ولا يثبت أن الطرد أُرسل أو أن الثمن دُفع.",
    }
}
