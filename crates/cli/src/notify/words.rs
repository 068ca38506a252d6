//! The words of chat messages, in the languages the storefront ships (en, zh-CN,
//! ja, ar). A message is in the shop's default locale (or the destination's own
//! `locale`): the seller reads it, not the buyer. Every language is one value of
//! [`Words`], so a missing word does not compile.
//!
//! `{name}` marks where a value goes; values (buyer's and seller's text) are
//! escaped for the chat's format, the words themselves are not markup.

use microshop_core::order::status::Status;

/// A message's words in one language.
pub struct Words {
    /// `{reference}`, `{shop}`.
    pub new_order: &'static str,
    /// `{reference}`, `{status}`, `{shop}`.
    pub status_changed: &'static str,
    /// `{quantity}`, `{title}`, `{amount}`; options follow the title.
    pub line: &'static str,
    /// `{label}`, `{amount}`.
    pub shipping: &'static str,
    /// `{amount}`.
    pub total: &'static str,
    /// `{name}`.
    pub buyer: &'static str,
    /// `{note}`.
    pub note: &'static str,
    /// `{note}`: the seller's tracking note.
    pub tracking: &'static str,
    /// `{reason}`.
    pub reason: &'static str,
    /// `{count}`: lines left out of a long order.
    pub more_lines: &'static str,
    /// Between an option's name and value, and between options.
    pub option_pair: &'static str,
    pub option_separator: &'static str,
    /// The five statuses, in `Status::ALL` order.
    pub statuses: [&'static str; 5],
    /// `microshop notify test`'s message: `{shop}`, `{destination}`.
    pub test: &'static str,
}

const EN: Words = Words {
    new_order: "New order {reference} · {shop}",
    status_changed: "Order {reference} is now {status} · {shop}",
    line: "{quantity} × {title} — {amount}",
    shipping: "Shipping: {label}, {amount}",
    total: "Total: {amount}",
    buyer: "Buyer: {name}",
    note: "Note: {note}",
    tracking: "Tracking: {note}",
    reason: "Reason: {reason}",
    more_lines: "… and {count} more lines",
    option_pair: ": ",
    option_separator: ", ",
    statuses: ["new", "paid", "shipped", "completed", "cancelled"],
    test: "Test message from {shop}: new orders will be announced here ({destination}).",
};

const ZH: Words = Words {
    new_order: "{shop} 新订单 {reference}",
    status_changed: "{shop} 订单 {reference}：{status}",
    line: "{quantity} × {title} — {amount}",
    shipping: "配送：{label}，{amount}",
    total: "合计：{amount}",
    buyer: "买家：{name}",
    note: "备注：{note}",
    tracking: "物流：{note}",
    reason: "原因：{reason}",
    more_lines: "……另有 {count} 项",
    option_pair: "：",
    option_separator: "，",
    statuses: ["新订单", "已付款", "已发货", "已完成", "已取消"],
    test: "来自 {shop} 的测试消息：新订单将在这里通知（{destination}）。",
};

const JA: Words = Words {
    new_order: "{shop} 新しい注文 {reference}",
    status_changed: "{shop} 注文 {reference}：{status}",
    line: "{quantity} × {title} — {amount}",
    shipping: "配送：{label}、{amount}",
    total: "合計：{amount}",
    buyer: "購入者：{name}",
    note: "備考：{note}",
    tracking: "追跡：{note}",
    reason: "理由：{reason}",
    more_lines: "…ほか {count} 点",
    option_pair: "：",
    option_separator: "、",
    statuses: ["新規", "支払い済み", "発送済み", "完了", "キャンセル済み"],
    test: "{shop} からのテストメッセージ：新しい注文はここに通知されます（{destination}）。",
};

const AR: Words = Words {
    new_order: "طلب جديد {reference} · {shop}",
    status_changed: "الطلب {reference}: {status} · {shop}",
    line: "{quantity} × {title} — {amount}",
    shipping: "الشحن: {label}، {amount}",
    total: "الإجمالي: {amount}",
    buyer: "المشتري: {name}",
    note: "ملاحظة: {note}",
    tracking: "التتبع: {note}",
    reason: "السبب: {reason}",
    more_lines: "… و{count} بنود أخرى",
    option_pair: ": ",
    option_separator: "، ",
    statuses: ["جديد", "مدفوع", "تم الشحن", "مكتمل", "ملغى"],
    test: "رسالة تجريبية من {shop}: سيُعلن عن الطلبات الجديدة هنا ({destination}).",
};

/// The words for a locale tag: its language's, else English.
pub fn for_locale(tag: &str) -> &'static Words {
    match tag.split(['-', '_']).next().unwrap_or("") {
        "zh" => &ZH,
        "ja" => &JA,
        "ar" => &AR,
        _ => &EN,
    }
}

impl Words {
    /// A status's word.
    pub fn status(&self, status: Status) -> &'static str {
        let i = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
        self.statuses[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each language's words have the placeholders English has, so no value is
    /// lost in a translation.
    #[test]
    fn every_language_has_the_placeholders_of_english() {
        let placeholders = |t: &str| -> Vec<String> {
            let mut found: Vec<String> = t
                .split('{')
                .skip(1)
                .filter_map(|rest| rest.split_once('}').map(|(name, _)| name.to_owned()))
                .collect();
            found.sort();
            found
        };
        let all = |w: &Words| {
            [
                w.new_order,
                w.status_changed,
                w.line,
                w.shipping,
                w.total,
                w.buyer,
                w.note,
                w.tracking,
                w.reason,
                w.more_lines,
                w.test,
            ]
        };
        for tag in ["zh-CN", "ja", "ar"] {
            for (theirs, ours) in all(for_locale(tag)).iter().zip(all(&EN)) {
                assert_eq!(placeholders(theirs), placeholders(ours), "{tag}: {theirs}");
            }
        }
        assert_eq!(for_locale("zh-TW").status(Status::Shipped), "已发货");
        assert_eq!(for_locale("fr").status(Status::Paid), "paid");
    }
}
