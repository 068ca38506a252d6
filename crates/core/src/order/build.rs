//! Building the order payload from a reconciled cart and what the buyer typed.

use super::{OrderLine, OrderRequest, OrderShipping, Pairs, ORDER_SCHEMA};
use crate::cart::Cart;
use crate::checkout::{check_customer, FieldError};
use crate::manifest::{Catalog, FieldKind, Manifest, Product, Variant};
use crate::money::MoneyError;
use std::collections::BTreeMap;

/// What the buyer chose at checkout.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CheckoutInput {
    /// Checkout field id to value (the note field included).
    pub customer: BTreeMap<String, String>,
    /// The chosen shipping option's id.
    pub shipping_id: Option<String>,
    /// The referral code from the link, if any.
    pub referral: Option<String>,
}

/// Why an order could not be built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BuildError {
    /// Nothing in the cart.
    EmptyCart,
    /// Fields the buyer must fix: field id to error.
    Fields(BTreeMap<String, FieldError>),
    /// The shop has shipping options and none (or an unknown one) was chosen.
    Shipping,
    /// A line's sku is not in the catalog (reconcile the cart first).
    UnknownSku(String),
    /// Amounts too large to add up.
    Money(MoneyError),
}

impl From<MoneyError> for BuildError {
    fn from(e: MoneyError) -> Self {
        BuildError::Money(e)
    }
}

/// A fresh order id from 16 random bytes (the caller gets them from a CSPRNG).
pub fn order_id_from_bytes(bytes: [u8; 16]) -> String {
    let mut id = String::with_capacity(35);
    id.push_str("ord_");
    for b in bytes {
        id.push_str(&format!("{b:02x}"));
    }
    id
}

/// The order's short reference for people: 8 characters of Crockford's base32 (no
/// I, L, O or U, so nothing reads as another letter or a digit) from the first 40
/// bits of the id, shown as `K7M2-Q9XD`. It is for reading out in a chat and matching
/// a payment note; the full id stays the key.
pub fn short_ref(order_id: &str) -> String {
    const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    let hex = order_id.strip_prefix("ord_").unwrap_or(order_id);
    let bits = hex
        .get(..10)
        .and_then(|h| u64::from_str_radix(h, 16).ok())
        .unwrap_or_else(|| {
            // Not one of our ids: a stable value from its bytes all the same.
            hex.bytes()
                .fold(0u64, |acc, b| acc.rotate_left(5) ^ u64::from(b))
                & 0xff_ffff_ffff
        });
    let mut out = String::with_capacity(9);
    for i in (0..8).rev() {
        if out.len() == 4 {
            out.push('-');
        }
        let index = usize::try_from((bits >> (i * 5)) & 31).unwrap_or(0);
        out.push(char::from(ALPHABET[index]));
    }
    out
}

/// The option names and value labels of `variant` of `product`, in the product's
/// option order, in `locale` (else `fallback`, the shop's first language): what an
/// order line says it is. Shared by the order the storefront builds and the seller's
/// view of an order's lines, which shows the catalog's words for its sku.
pub fn variant_labels<'a>(
    product: &'a Product,
    variant: &'a Variant,
    locale: &'a str,
    fallback: &'a str,
) -> impl Iterator<Item = (String, String)> + 'a {
    product.options.iter().filter_map(move |o| {
        let value_id = variant.options.get(&o.id)?;
        let value = o.values.iter().find(|v| &v.id == value_id)?;
        Some((
            o.name.get(locale, fallback).to_owned(),
            value.label.get(locale, fallback).to_owned(),
        ))
    })
}

fn option_labels(manifest: &Manifest, catalog: &Catalog, sku: &str, locale: &str) -> Pairs {
    let Some((product, variant)) = catalog.find_sku(sku) else {
        return Pairs::new();
    };
    variant_labels(product, variant, locale, manifest.default_locale()).collect()
}

/// Builds the order payload from a reconciled cart; the id and time come from outside.
pub fn build_order(
    manifest: &Manifest,
    catalog: &Catalog,
    cart: &Cart,
    input: &CheckoutInput,
    locale: &str,
    order_id: String,
    created_at: String,
) -> Result<OrderRequest, BuildError> {
    if cart.is_empty() {
        return Err(BuildError::EmptyCart);
    }
    let field_errors = check_customer(
        &manifest.checkout.fields,
        &input.customer,
        input.shipping_id.as_deref(),
    );
    if !field_errors.is_empty() {
        return Err(BuildError::Fields(field_errors));
    }
    let shipping = match (&manifest.shipping[..], &input.shipping_id) {
        ([], _) => None,
        (options, Some(id)) => Some(
            options
                .iter()
                .find(|o| &o.id == id)
                .ok_or(BuildError::Shipping)?,
        ),
        (_, None) => return Err(BuildError::Shipping),
    };
    let currency = manifest.currency;
    let fallback = manifest.default_locale();
    let mut lines = Vec::new();
    for line in &cart.lines {
        let (product, _) = catalog
            .find_sku(&line.sku)
            .ok_or_else(|| BuildError::UnknownSku(line.sku.clone()))?;
        lines.push(OrderLine {
            product_id: line.product_id.clone(),
            sku: line.sku.clone(),
            title: product.title.get(locale, fallback).to_owned(),
            options: option_labels(manifest, catalog, &line.sku, locale),
            unit_price: currency.format_plain(line.unit_price),
            quantity: line.quantity,
            line_total: currency.format_plain(line.unit_price.checked_mul(line.quantity)?),
        });
    }
    let totals = cart.totals(shipping)?;
    let note_ids: Vec<&str> = manifest
        .checkout
        .fields
        .iter()
        .filter(|f| f.kind == FieldKind::Note)
        .map(|f| f.id.as_str())
        .collect();
    let mut customer = Pairs::new();
    let mut note = None;
    for field in &manifest.checkout.fields {
        let value = input.customer.get(&field.id).map_or("", |v| v.trim());
        if value.is_empty() {
            continue;
        }
        if note_ids.contains(&field.id.as_str()) {
            note = Some(value.to_owned());
        } else {
            customer.insert(field.id.clone(), value.to_owned());
        }
    }
    Ok(OrderRequest {
        schema: ORDER_SCHEMA.to_owned(),
        order_id,
        created_at,
        shop_id: manifest.id.clone(),
        currency: currency.code().to_owned(),
        locale: locale.to_owned(),
        lines,
        subtotal: currency.format_plain(totals.subtotal),
        shipping: shipping.map(|s| OrderShipping {
            id: s.id.clone(),
            label: s.label.get(locale, fallback).to_owned(),
            price: currency.format_plain(totals.shipping),
        }),
        total: currency.format_plain(totals.total),
        customer,
        note,
        referral: input.referral.clone(),
    })
}
