//! The shop manifest, version 1: the types a `shop.json` decodes into.
//!
//! These types describe the document (and generate its JSON Schema). Reading one
//! goes through the decoder, which reports every problem with its path.

pub mod endpoint;
pub mod files;
pub mod texts;

pub use crate::theme::Theme;
pub use endpoint::{AnswerBody, AnswerSpec, BodyFormat, Confirm, OnRedirect, OrderEndpoint};
pub use files::NamedFile;
pub use texts::Texts;

use crate::money::{Currency, Money};
use crate::text::Text;
use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// A whole shop: who sells, what, for how much, and where orders go.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(
    feature = "schema",
    schemars(title = "microshop shop manifest, version 1")
)]
pub struct Manifest {
    /// Format version; must be 1.
    pub version: u32,
    /// The shop's id, sent with every order: 1-64 of `a-z 0-9 - _`.
    pub id: String,
    /// ISO 4217 code of the shop's currency, e.g. `CNY`.
    #[cfg_attr(feature = "schema", schemars(with = "String"))]
    pub currency: Currency,
    /// Locales the shop's text is written in; the first is the default.
    pub locales: Vec<String>,
    /// Who sells.
    pub seller: Seller,
    /// Look of the storefront.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub theme: Theme,
    /// Products, inline or at a URL.
    pub catalog: CatalogSource,
    /// What the buyer fills in at checkout.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub checkout: Checkout,
    /// Shipping options; none means shipping is free and not asked.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub shipping: Vec<ShippingOption>,
    /// Where orders go.
    pub order: OrderEndpoint,
    /// How buyers pay, shown on the receipt with the amount and the order reference.
    pub payment: Option<Payment>,
    /// The seller's own interface words per locale, replacing the storefront's.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub texts: Texts,
    /// Verified-buyer reviews and the problems figures, read from `microshop serve`.
    pub trust: Option<Trust>,
    /// Where the keys that sign this shop's receipts are published (docs/trust.md).
    pub receipts: Option<Receipts>,
}

/// Reviews and problems (docs/trust.md): the shop's endpoint is `microshop serve`,
/// whose buyer API answers each product's reviews and the 90-day problems figures.
/// Without it the storefront asks nothing and shows none of them.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Trust {
    /// Base URL of serve's buyer API, relative to shop.json or absolute, e.g. `/api/`:
    /// the storefront reads `{api}products/{id}/reviews` and `{api}trust`.
    pub api: String,
}

/// Signed receipts: the shop's order endpoint signs each accepted order
/// (`microshop serve --receipt-key`), and buyers check a receipt against the keys
/// published here.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Receipts {
    /// URL of the key list (`microshop receipt-key public`'s document), relative to
    /// shop.json or absolute, e.g. `/.well-known/microshop-receipt-key.json`. Served
    /// to any origin (CORS) when it is on another host.
    pub keys: String,
}

/// Payment instructions, as micro-sellers take payment: a text and a payment QR code
/// (a personal WeChat Pay or Alipay code, or any image).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Payment {
    /// What to do, e.g. "Scan with WeChat and pay the total; write the order reference in the note."
    pub text: Option<Text>,
    /// Image URL of the payment QR code.
    pub qr: Option<String>,
}

impl Manifest {
    /// The shop's default locale.
    pub fn default_locale(&self) -> &str {
        self.locales.first().map_or("en", String::as_str)
    }
}

/// The seller's public profile: what a buyer checks before trusting a shop.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Seller {
    /// Shop or seller name.
    pub name: Text,
    /// Image URL of the seller's avatar or logo.
    pub avatar: Option<String>,
    /// A short introduction, up to 500 characters.
    pub bio: Option<Text>,
    /// Where the seller is.
    pub location: Option<Text>,
    /// How to reach the seller.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub contacts: Contacts,
    /// Shipping, returns and guarantee.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub policies: Policies,
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

/// Ways to reach the seller.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Contacts {
    /// WeChat id.
    pub wechat: Option<String>,
    /// Phone number, international format preferred.
    pub phone: Option<String>,
    /// E-mail address.
    pub email: Option<String>,
    /// WhatsApp number.
    pub whatsapp: Option<String>,
    /// Telegram user name.
    pub telegram: Option<String>,
    /// Other places: social profiles, a website.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub links: Vec<Link>,
}

/// A labelled link.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Link {
    /// What the buyer reads.
    pub label: Text,
    /// An http(s) URL.
    pub url: String,
}

/// The promises a seller makes.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Policies {
    /// Working days between order and dispatch.
    pub ships_within_days: Option<u32>,
    /// How and where parcels go.
    pub shipping: Option<Text>,
    /// Returns and refunds.
    pub returns: Option<Text>,
    /// What the seller guarantees.
    pub guarantee: Option<Text>,
}

/// The catalog, inline or in a separate JSON file.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(untagged))]
pub enum CatalogSource {
    /// Categories and products written in the manifest.
    Inline(Catalog),
    /// A URL (absolute, or relative to the manifest) of a JSON file holding a catalog.
    Remote {
        /// Where the catalog is.
        url: String,
    },
}

/// Categories and products.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Catalog {
    /// Categories, in display order.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub categories: Vec<Category>,
    /// Products, in "featured" order.
    pub products: Vec<Product>,
}

impl Catalog {
    /// The product with this id.
    pub fn product(&self, id: &str) -> Option<&Product> {
        self.products.iter().find(|p| p.id == id)
    }

    /// The product and variant with this sku.
    pub fn find_sku(&self, sku: &str) -> Option<(&Product, &Variant)> {
        self.products
            .iter()
            .find_map(|p| p.variants.iter().find(|v| v.sku == sku).map(|v| (p, v)))
    }

    /// This catalog with the products and categories of `more` it does not have yet
    /// (a split shop's storefront adds each product file it fetches this way).
    pub fn with(&self, more: Catalog) -> Catalog {
        let mut next = self.clone();
        for category in more.categories {
            if !next.categories.iter().any(|c| c.id == category.id) {
                next.categories.push(category);
            }
        }
        for product in more.products {
            if next.product(&product.id).is_none() {
                next.products.push(product);
            }
        }
        next
    }
}

/// A group of products.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Category {
    /// Id used by products and links.
    pub id: String,
    /// What the buyer reads.
    pub name: Text,
}

/// Something for sale. A product without options has exactly one variant.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Product {
    /// Unique id used in links: 1-64 of `a-z A-Z 0-9 - _`.
    pub id: String,
    /// Up to 200 characters.
    pub title: Text,
    /// Plain text with line breaks, up to 5,000 characters; never HTML.
    pub description: Option<Text>,
    /// Image URLs; the first is the cover.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub images: Vec<String>,
    /// A category id.
    pub category: Option<String>,
    /// Search words.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub tags: Vec<String>,
    /// Date added, `YYYY-MM-DD`, for the "newest" sort.
    pub added: Option<String>,
    /// Price (decimal string); a variant may override it.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DecimalAmount>"))]
    pub price: Option<Money>,
    /// Former price shown struck through; above `price`.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DecimalAmount>"))]
    pub compare_at: Option<Money>,
    /// Stock keeping unit, for a product without options (default: the product's id).
    pub sku: Option<String>,
    /// Items left, for a product without options; absent = not tracked.
    pub stock: Option<u32>,
    /// Fewest items per order (default 1).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub min_qty: Option<u32>,
    /// Most items per order (default 99); at least 1 (`microshop check` refuses 0).
    #[cfg_attr(feature = "schema", schemars(range(min = 1)))]
    pub max_qty: Option<u32>,
    /// Up to 3 options such as size and colour.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub options: Vec<ProductOption>,
    /// The combinations that can be bought. For a product without options, the
    /// decoder makes one from `sku`, `price` and `stock`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub variants: Vec<Variant>,
}

impl Product {
    /// The price of a variant of this product.
    pub fn price_of(&self, variant: &Variant) -> Money {
        variant.price.or(self.price).unwrap_or(Money::ZERO)
    }

    /// The former price of a variant, if it is above the price.
    pub fn compare_at_of(&self, variant: &Variant) -> Option<Money> {
        variant
            .compare_at
            .or(self.compare_at)
            .filter(|c| *c > self.price_of(variant))
    }

    /// The lowest price of any variant, for "from ¥68" on cards.
    pub fn lowest_price(&self) -> Money {
        self.variants
            .iter()
            .map(|v| self.price_of(v))
            .min()
            .unwrap_or(Money::ZERO)
    }

    /// Whether prices differ between variants.
    pub fn has_price_range(&self) -> bool {
        let mut prices = self.variants.iter().map(|v| self.price_of(v));
        match prices.next() {
            Some(first) => prices.any(|p| p != first),
            None => false,
        }
    }

    /// Whether no variant can be bought.
    pub fn sold_out(&self) -> bool {
        self.variants.iter().all(|v| v.stock == Some(0))
    }

    /// The variant with this sku.
    pub fn variant(&self, sku: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.sku == sku)
    }

    /// Fewest items per order.
    pub fn min_quantity(&self) -> u32 {
        self.min_qty.unwrap_or(1).max(1)
    }

    /// Most items of `variant` a buyer may order now: the per-order limit and stock.
    pub fn max_quantity(&self, variant: &Variant) -> u32 {
        let limit = self.max_qty.unwrap_or(99);
        variant.stock.map_or(limit, |s| s.min(limit))
    }
}

/// A choice such as size or colour.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ProductOption {
    /// Id used by variants.
    pub id: String,
    /// What the buyer reads.
    pub name: Text,
    /// The values; a plain string is both id and label.
    pub values: Vec<OptionValue>,
}

/// One value of an option.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct OptionValue {
    /// Id used by variants.
    pub id: String,
    /// What the buyer reads.
    pub label: Text,
}

/// One buyable combination of option values.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Variant {
    /// Stock keeping unit, unique in the shop.
    pub sku: String,
    /// Option id to value id.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub options: BTreeMap<String, String>,
    /// Price, if it differs from the product's.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DecimalAmount>"))]
    pub price: Option<Money>,
    /// Former price, if it differs from the product's.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DecimalAmount>"))]
    pub compare_at: Option<Money>,
    /// Items left; absent = not tracked; 0 = sold out.
    pub stock: Option<u32>,
}

/// What the buyer fills in.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Checkout {
    /// Fields in display order.
    pub fields: Vec<CheckoutField>,
}

impl Default for Checkout {
    fn default() -> Self {
        let field = |id: &str, kind, required| CheckoutField {
            id: id.to_owned(),
            kind,
            label: None,
            required: Required::Always(required),
        };
        Checkout {
            fields: vec![
                field("name", FieldKind::Name, true),
                field("phone", FieldKind::Phone, true),
                field("address", FieldKind::Address, true),
                field("note", FieldKind::Note, false),
            ],
        }
    }
}

/// One checkout field.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct CheckoutField {
    /// Key in the order's `customer` object.
    pub id: String,
    /// What sort of value: decides the keyboard, autocomplete and checks.
    pub kind: FieldKind,
    /// Label; the kinds other than `text` have a translated default.
    pub label: Option<Text>,
    /// Whether the buyer must fill it in: `true`, `false`, or the ids of the shipping
    /// options that need it (`["post"]`: an address only when it is posted).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub required: Required,
}

/// When a checkout field must be filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(untagged))]
pub enum Required {
    /// Always (`true`) or never (`false`).
    Always(bool),
    /// Only when one of these shipping options is chosen.
    ForShipping(Vec<String>),
}

impl Default for Required {
    fn default() -> Self {
        Required::Always(false)
    }
}

impl Required {
    /// Whether the field must be filled in with `shipping` chosen.
    pub fn applies(&self, shipping: Option<&str>) -> bool {
        match self {
            Required::Always(required) => *required,
            Required::ForShipping(ids) => shipping.is_some_and(|s| ids.iter().any(|id| id == s)),
        }
    }

    /// Whether it is required for some choice.
    pub fn ever(&self) -> bool {
        match self {
            Required::Always(required) => *required,
            Required::ForShipping(ids) => !ids.is_empty(),
        }
    }
}

/// The sorts of checkout field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
#[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
pub enum FieldKind {
    /// Full name.
    Name,
    /// Phone number.
    Phone,
    /// E-mail address.
    Email,
    /// Postal address, several lines.
    Address,
    /// Free text, one line.
    Text,
    /// Free text, several lines.
    Note,
}

impl FieldKind {
    /// Reads the manifest's name for a kind.
    pub fn from_name(name: &str) -> Option<FieldKind> {
        Some(match name {
            "name" => FieldKind::Name,
            "phone" => FieldKind::Phone,
            "email" => FieldKind::Email,
            "address" => FieldKind::Address,
            "text" => FieldKind::Text,
            "note" => FieldKind::Note,
            _ => return None,
        })
    }
}

/// A way to get the parcel to the buyer.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct ShippingOption {
    /// Id sent with the order.
    pub id: String,
    /// What the buyer reads.
    pub label: Text,
    /// Flat price.
    #[cfg_attr(feature = "schema", schemars(with = "DecimalAmount"))]
    pub price: Money,
    /// Subtotal from which this option is free.
    #[cfg_attr(feature = "schema", schemars(with = "Option<DecimalAmount>"))]
    pub free_over: Option<Money>,
}

impl ShippingOption {
    /// What shipping costs for this subtotal.
    pub fn cost_for(&self, subtotal: Money) -> Money {
        match self.free_over {
            Some(threshold) if subtotal >= threshold => Money::ZERO,
            _ => self.price,
        }
    }
}

/// A money amount as written in the manifest: a decimal string such as `"68.50"`,
/// with no more decimals than the currency has, or a whole number.
#[cfg(feature = "schema")]
#[derive(JsonSchema)]
#[schemars(untagged)]
#[allow(dead_code)]
enum DecimalAmount {
    /// `"68"`, `"68.5"`, `"68.50"`.
    Decimal(#[schemars(regex(pattern = r"^[0-9]+(\.[0-9]+)?$"))] String),
    /// Whole units.
    Whole(u64),
}
