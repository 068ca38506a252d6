//! The app's own words the prerendered pages need, copied from the storefront's
//! `src/i18n/mod.rs` (the CLI cannot depend on the wasm crate). Same rule as the
//! app: `zh*` speaks Chinese, every other locale English. When the app's words
//! change, these must follow; the lead's browser test compares the two.

pub struct Words {
    pub search: &'static str,
    pub search_placeholder: &'static str,
    pub all: &'static str,
    pub sort: &'static str,
    /// Featured, price up, price down, newest: the app's `Sort::ALL` order.
    pub sorts: [(&'static str, &'static str); 4],
    pub sold_out: &'static str,
    /// `from {price}`: the text around the lowest price of several.
    pub from: &'static str,
    pub ships_within: &'static str,
    pub returns: &'static str,
    pub guarantee: &'static str,
    pub contact: &'static str,
    pub shipping: &'static str,
    pub policies: &'static str,
    pub add_to_cart: &'static str,
    pub unavailable: &'static str,
    pub quantity: &'static str,
    pub decrease: &'static str,
    pub increase: &'static str,
    pub only_left: &'static str,
    pub choose_options: &'static str,
    pub max_per_order: &'static str,
    pub back: &'static str,
    pub images: &'static str,
    pub description: &'static str,
    pub cart: &'static str,
    pub checkout: &'static str,
    pub order: &'static str,
    // --- share ---
    /// The share bar's buttons under the seller's header: share, QR code, referral link.
    pub share: [&'static str; 3],
}

const EN: Words = Words {
    search: "Search",
    search_placeholder: "Search products",
    all: "All",
    sort: "Sort",
    sorts: [
        ("featured", "Featured"),
        ("price-up", "Price: low to high"),
        ("price-down", "Price: high to low"),
        ("newest", "Newest"),
    ],
    sold_out: "Sold out",
    from: "from {price}",
    ships_within: "Ships within {n} days",
    returns: "Returns",
    guarantee: "Guarantee",
    contact: "Contact",
    shipping: "Shipping",
    policies: "Shop policies",
    add_to_cart: "Add to cart",
    unavailable: "Not available",
    quantity: "Quantity",
    decrease: "Decrease quantity",
    increase: "Increase quantity",
    only_left: "Only {n} left",
    choose_options: "Choose an option for each choice",
    max_per_order: "At most {n} per order.",
    back: "Back",
    images: "Images",
    description: "Description",
    cart: "Cart",
    checkout: "Checkout",
    order: "Order",
    // --- share ---
    share: ["Share", "QR code", "Referral link"],
};

const ZH: Words = Words {
    search: "搜索",
    search_placeholder: "搜索商品",
    all: "全部",
    sort: "排序",
    sorts: [
        ("featured", "推荐"),
        ("price-up", "价格从低到高"),
        ("price-down", "价格从高到低"),
        ("newest", "最新"),
    ],
    sold_out: "已售罄",
    from: "{price} 起",
    ships_within: "{n} 天内发货",
    returns: "退换",
    guarantee: "保障",
    contact: "联系",
    shipping: "配送",
    policies: "店铺政策",
    add_to_cart: "加入购物车",
    unavailable: "无货",
    quantity: "数量",
    decrease: "减少数量",
    increase: "增加数量",
    only_left: "仅剩 {n} 件",
    choose_options: "请选择每一项规格",
    max_per_order: "每单限购 {n} 件。",
    back: "返回",
    images: "图片",
    description: "商品介绍",
    cart: "购物车",
    checkout: "结算",
    order: "订单",
    // --- share ---
    share: ["分享", "二维码", "推荐链接"],
};

/// The words for a locale, chosen as the app chooses them.
pub fn words(locale: &str) -> &'static Words {
    if locale.starts_with("zh") {
        &ZH
    } else {
        &EN
    }
}
