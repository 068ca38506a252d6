//! The cart: lines of sku and quantity, checked against the catalog, with totals.
//!
//! The cart remembers the unit price the buyer saw, so that when the catalog
//! changes the buyer is told ([`CartChange`]) instead of being charged silently.

use crate::manifest::{Catalog, Product, ShippingOption, Variant};
use crate::money::{Money, MoneyError};
use serde::{Deserialize, Serialize};

pub mod share;

/// Version of the stored cart format; bump it with a migration in [`Cart::from_storage`].
pub const CART_STORAGE_VERSION: u32 = 1;

/// One line: a variant and how many.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CartLine {
    /// The product's id.
    pub product_id: String,
    /// The variant's sku.
    pub sku: String,
    /// How many.
    pub quantity: u32,
    /// The unit price the buyer saw when adding, in minor units.
    pub unit_price: Money,
}

/// The buyer's cart.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cart {
    /// Lines in the order they were added.
    pub lines: Vec<CartLine>,
}

/// What reconciling with the catalog changed, to tell the buyer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartChange {
    /// The product or variant is gone, or sold out; the line was removed.
    Removed { product_id: String, sku: String },
    /// The price is different now.
    PriceChanged { sku: String, was: Money, now: Money },
    /// Fewer are available than were in the cart (or the per-order limits changed).
    QuantityChanged { sku: String, was: u32, now: u32 },
}

/// Why something could not go into the cart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CartError {
    /// No such product or variant.
    Unknown,
    /// The variant is sold out.
    SoldOut,
}

/// A change an endpoint asked for when it refused an order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Correction {
    /// The unit price is now `now`.
    Price { sku: String, now: Money },
    /// At most `max` may be ordered (stock or the per-order limit).
    AtMost { sku: String, max: u32 },
    /// No longer sold, or sold out.
    Gone { sku: String },
}

impl Correction {
    /// The sku it concerns.
    pub fn sku(&self) -> &str {
        match self {
            Correction::Price { sku, .. }
            | Correction::AtMost { sku, .. }
            | Correction::Gone { sku } => sku,
        }
    }
}

/// Subtotal, shipping and total of a cart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Totals {
    /// Sum of the lines.
    pub subtotal: Money,
    /// Shipping for this subtotal.
    pub shipping: Money,
    /// What the buyer pays.
    pub total: Money,
}

#[derive(Serialize)]
struct Stored {
    version: u32,
    lines: Vec<CartLine>,
}

/// Why a stored cart could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoredCartError {
    /// Written by a version of the app this one does not know.
    UnknownVersion(u32),
    /// Not a cart at all (damaged, or written by something else).
    Corrupt,
}

/// A stored line as serde reads a [`CartLine`] from a `Value`: an object with the four
/// fields (others ignored), or a list of exactly the four in their order; `None` when
/// a field is missing or of the wrong kind.
fn stored_line(line: &serde_json::Value) -> Option<CartLine> {
    use serde_json::Value;
    let field = |key: &str, at: usize| match line {
        Value::Object(fields) => fields.get(key),
        Value::Array(items) if items.len() == 4 => items.get(at),
        _ => None,
    };
    Some(CartLine {
        product_id: field("product_id", 0)?.as_str()?.to_owned(),
        sku: field("sku", 1)?.as_str()?.to_owned(),
        quantity: u32::try_from(field("quantity", 2)?.as_u64()?).ok()?,
        unit_price: Money(field("unit_price", 3)?.as_i64()?),
    })
}

fn clamp(product: &Product, variant: &Variant, quantity: u32) -> u32 {
    quantity
        .max(product.min_quantity())
        .min(product.max_quantity(variant))
}

impl Cart {
    /// Reads a cart written by [`Cart::to_storage`].
    pub fn from_storage(text: &str) -> Result<Cart, StoredCartError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|_| StoredCartError::Corrupt)?;
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(CART_STORAGE_VERSION) => {}
            Some(v) => {
                return Err(StoredCartError::UnknownVersion(
                    u32::try_from(v).unwrap_or(u32::MAX),
                ))
            }
            None => return Err(StoredCartError::Corrupt),
        }
        // Read from the `Value` by hand, exactly as serde's derived reader of `Stored`
        // reads it (`lines` a list of lines, each an object with the four fields or a
        // list of the four in their order; other fields ignored): the storefront's
        // first load parses its shop as `Value`s anyway, and serde's reader of these
        // types from a `Value` cost it bytes of its own (docs/performance.md).
        let lines = value
            .get("lines")
            .and_then(serde_json::Value::as_array)
            .ok_or(StoredCartError::Corrupt)?;
        let lines = lines
            .iter()
            .map(stored_line)
            .collect::<Option<Vec<CartLine>>>()
            .ok_or(StoredCartError::Corrupt)?;
        Ok(Cart { lines })
    }

    /// The cart as JSON for local storage, with its format version.
    pub fn to_storage(&self) -> String {
        let stored = Stored {
            version: CART_STORAGE_VERSION,
            lines: self.lines.clone(),
        };
        serde_json::to_string(&stored).unwrap_or_default()
    }

    /// How many items in all.
    pub fn count(&self) -> u32 {
        self.lines
            .iter()
            .fold(0u32, |n, l| n.saturating_add(l.quantity))
    }

    /// Whether the cart has nothing.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Adds `quantity` of a variant, within its limits and stock; returns the line's new quantity.
    pub fn add(&mut self, catalog: &Catalog, sku: &str, quantity: u32) -> Result<u32, CartError> {
        let (product, variant) = catalog.find_sku(sku).ok_or(CartError::Unknown)?;
        if variant.stock == Some(0) {
            return Err(CartError::SoldOut);
        }
        let price = product.price_of(variant);
        let line = match self.lines.iter_mut().find(|l| l.sku == sku) {
            Some(line) => {
                line.quantity = clamp(product, variant, line.quantity.saturating_add(quantity));
                line.unit_price = price;
                line
            }
            None => {
                self.lines.push(CartLine {
                    product_id: product.id.clone(),
                    sku: sku.to_owned(),
                    quantity: clamp(product, variant, quantity),
                    unit_price: price,
                });
                self.lines.last_mut().ok_or(CartError::Unknown)?
            }
        };
        Ok(line.quantity)
    }

    /// Sets a line's quantity within its limits; 0 removes the line.
    pub fn set_quantity(&mut self, catalog: &Catalog, sku: &str, quantity: u32) {
        if quantity == 0 {
            self.remove(sku);
            return;
        }
        let Some((product, variant)) = catalog.find_sku(sku) else {
            return;
        };
        if let Some(line) = self.lines.iter_mut().find(|l| l.sku == sku) {
            line.quantity = clamp(product, variant, quantity);
        }
    }

    /// Removes a line.
    pub fn remove(&mut self, sku: &str) {
        self.lines.retain(|l| l.sku != sku);
    }

    /// Brings the cart in line with the catalog and says what changed.
    pub fn reconcile(&mut self, catalog: &Catalog) -> Vec<CartChange> {
        let mut changes = Vec::new();
        let mut merged: Vec<CartLine> = Vec::new();
        for mut line in std::mem::take(&mut self.lines) {
            let found = catalog
                .find_sku(&line.sku)
                .filter(|(p, v)| p.id == line.product_id && v.stock != Some(0));
            let Some((product, variant)) = found else {
                changes.push(CartChange::Removed {
                    product_id: line.product_id,
                    sku: line.sku,
                });
                continue;
            };
            let price = product.price_of(variant);
            if price != line.unit_price {
                changes.push(CartChange::PriceChanged {
                    sku: line.sku.clone(),
                    was: line.unit_price,
                    now: price,
                });
                line.unit_price = price;
            }
            let quantity = clamp(product, variant, line.quantity);
            if quantity != line.quantity {
                changes.push(CartChange::QuantityChanged {
                    sku: line.sku.clone(),
                    was: line.quantity,
                    now: quantity,
                });
                line.quantity = quantity;
            }
            match merged.iter_mut().find(|l| l.sku == line.sku) {
                Some(existing) => {
                    existing.quantity = clamp(
                        product,
                        variant,
                        existing.quantity.saturating_add(line.quantity),
                    )
                }
                None => merged.push(line),
            }
        }
        self.lines = merged;
        changes
    }

    /// Applies what an endpoint said must change (read from its refusal by
    /// `order::corrections`): prices it expects, quantities over its limits, lines it
    /// no longer sells. Returns the changes, to tell the buyer.
    pub fn apply_corrections(&mut self, corrections: &[Correction]) -> Vec<CartChange> {
        let mut changes = Vec::new();
        for correction in corrections {
            let Some(index) = self.lines.iter().position(|l| l.sku == correction.sku()) else {
                continue;
            };
            let line = &mut self.lines[index];
            match *correction {
                Correction::Price { now, .. } => {
                    changes.push(CartChange::PriceChanged {
                        sku: line.sku.clone(),
                        was: line.unit_price,
                        now,
                    });
                    line.unit_price = now;
                }
                Correction::AtMost { max, .. } if max > 0 && max < line.quantity => {
                    changes.push(CartChange::QuantityChanged {
                        sku: line.sku.clone(),
                        was: line.quantity,
                        now: max,
                    });
                    line.quantity = max;
                }
                Correction::AtMost { .. } => {}
                Correction::Gone { .. } => {
                    changes.push(CartChange::Removed {
                        product_id: line.product_id.clone(),
                        sku: line.sku.clone(),
                    });
                    self.lines.remove(index);
                }
            }
        }
        changes
    }

    /// Takes out what an accepted order contained (the seller has it now).
    pub fn remove_ordered<'a>(&mut self, skus: impl IntoIterator<Item = &'a str>) {
        let skus: Vec<&str> = skus.into_iter().collect();
        self.lines.retain(|l| !skus.contains(&l.sku.as_str()));
    }

    /// Subtotal of the lines at their unit prices.
    pub fn subtotal(&self) -> Result<Money, MoneyError> {
        let line_totals: Result<Vec<Money>, MoneyError> = self
            .lines
            .iter()
            .map(|l| l.unit_price.checked_mul(l.quantity))
            .collect();
        Money::sum(line_totals?)
    }

    /// Subtotal, shipping (for the chosen option) and total.
    pub fn totals(&self, shipping: Option<&ShippingOption>) -> Result<Totals, MoneyError> {
        let subtotal = self.subtotal()?;
        let shipping = shipping.map_or(Money::ZERO, |s| s.cost_for(subtotal));
        Ok(Totals {
            subtotal,
            shipping,
            total: subtotal.checked_add(shipping)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_manifest;
    use crate::manifest::CatalogSource;
    use crate::money::Money;

    /// The small test shop of tests/fixtures/minimal.json (also used by `share`'s tests).
    pub(super) fn catalog() -> Catalog {
        let text = include_str!("../../tests/fixtures/minimal.json");
        match decode_manifest(text).expect("valid").value.catalog {
            CatalogSource::Inline(c) => c,
            CatalogSource::Remote { .. } => panic!("inline"),
        }
    }

    #[test]
    fn add_merges_lines_and_respects_stock() {
        let c = catalog();
        let mut cart = Cart::default();
        assert_eq!(cart.add(&c, "G-1", 2), Ok(2));
        assert_eq!(cart.add(&c, "G-1", 5), Ok(3), "stock is 3");
        assert_eq!(cart.lines.len(), 1);
        assert_eq!(cart.add(&c, "T-BL", 1), Err(CartError::SoldOut));
        assert_eq!(cart.add(&c, "NOPE", 1), Err(CartError::Unknown));
        assert_eq!(cart.add(&c, "T-RS", 1), Ok(1));
        assert_eq!(cart.count(), 4);
        assert_eq!(cart.subtotal(), Ok(Money(3 * 1250 + 7900)));
    }

    #[test]
    fn totals_apply_free_shipping_threshold() {
        let c = catalog();
        let mut cart = Cart::default();
        cart.add(&c, "G-1", 1).expect("add");
        let post = ShippingOption {
            id: "post".into(),
            label: "Post".into(),
            price: Money(1000),
            free_over: Some(Money(10000)),
        };
        assert_eq!(
            cart.totals(Some(&post)),
            Ok(Totals {
                subtotal: Money(1250),
                shipping: Money(1000),
                total: Money(2250)
            })
        );
        cart.add(&c, "T-RS", 2).expect("add");
        let totals = cart.totals(Some(&post)).expect("totals");
        assert_eq!(totals.shipping, Money::ZERO);
        assert_eq!(totals.total, Money(1250 + 15800));
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let cart = Cart {
            lines: vec![CartLine {
                product_id: "p".into(),
                sku: "s".into(),
                quantity: 3,
                unit_price: Money(i64::MAX / 2),
            }],
        };
        assert_eq!(cart.subtotal(), Err(MoneyError::Overflow));
    }

    #[test]
    fn reconcile_reports_every_change() {
        let c = catalog();
        let mut cart = Cart {
            lines: vec![
                CartLine {
                    product_id: "green".into(),
                    sku: "G-1".into(),
                    quantity: 9,
                    unit_price: Money(1000),
                },
                CartLine {
                    product_id: "gone".into(),
                    sku: "X".into(),
                    quantity: 1,
                    unit_price: Money(1),
                },
                CartLine {
                    product_id: "tote".into(),
                    sku: "T-BL".into(),
                    quantity: 1,
                    unit_price: Money(8900),
                },
                CartLine {
                    product_id: "tote".into(),
                    sku: "T-RS".into(),
                    quantity: 1,
                    unit_price: Money(7900),
                },
            ],
        };
        let changes = cart.reconcile(&c);
        assert_eq!(
            changes,
            vec![
                CartChange::PriceChanged {
                    sku: "G-1".into(),
                    was: Money(1000),
                    now: Money(1250)
                },
                CartChange::QuantityChanged {
                    sku: "G-1".into(),
                    was: 9,
                    now: 3
                },
                CartChange::Removed {
                    product_id: "gone".into(),
                    sku: "X".into()
                },
                CartChange::Removed {
                    product_id: "tote".into(),
                    sku: "T-BL".into()
                },
            ]
        );
        assert_eq!(cart.lines.len(), 2);
        assert!(cart.reconcile(&c).is_empty(), "a reconciled cart is stable");
    }

    #[test]
    fn applies_corrections_from_an_endpoint() {
        let c = catalog();
        let mut cart = Cart::default();
        cart.add(&c, "G-1", 3).expect("add");
        cart.add(&c, "T-RS", 1).expect("add");
        let changes = cart.apply_corrections(&[
            Correction::Price {
                sku: "G-1".into(),
                now: Money(1300),
            },
            Correction::AtMost {
                sku: "G-1".into(),
                max: 2,
            },
            Correction::AtMost {
                sku: "G-1".into(),
                max: 5,
            },
            Correction::Gone { sku: "T-RS".into() },
            Correction::Gone {
                sku: "not-in-cart".into(),
            },
        ]);
        assert_eq!(
            changes,
            vec![
                CartChange::PriceChanged {
                    sku: "G-1".into(),
                    was: Money(1250),
                    now: Money(1300)
                },
                CartChange::QuantityChanged {
                    sku: "G-1".into(),
                    was: 3,
                    now: 2
                },
                CartChange::Removed {
                    product_id: "tote".into(),
                    sku: "T-RS".into()
                },
            ]
        );
        assert_eq!(cart.lines.len(), 1);
        cart.remove_ordered(["G-1"]);
        assert!(cart.is_empty());
    }

    #[test]
    fn storage_round_trip_and_bad_data() {
        let c = catalog();
        let mut cart = Cart::default();
        cart.add(&c, "G-1", 2).expect("add");
        assert_eq!(Cart::from_storage(&cart.to_storage()), Ok(cart));
        assert_eq!(
            Cart::from_storage("{not json"),
            Err(StoredCartError::Corrupt)
        );
        assert_eq!(
            Cart::from_storage("{\"version\":9,\"lines\":[]}"),
            Err(StoredCartError::UnknownVersion(9))
        );
        assert_eq!(
            Cart::from_storage("{\"version\":1,\"lines\":[{\"sku\":1}]}"),
            Err(StoredCartError::Corrupt)
        );
        assert_eq!(Cart::from_storage("[]"), Err(StoredCartError::Corrupt));
    }

    /// The stored cart is read by hand (for the storefront's bytes): it reads every
    /// text as serde's derived reader of the same types did.
    #[test]
    fn the_stored_cart_is_read_as_serde_read_it() {
        #[derive(Deserialize)]
        struct Serde {
            #[allow(dead_code)]
            version: u32,
            lines: Vec<CartLine>,
        }
        let by_serde = |text: &str| {
            let value: serde_json::Value = serde_json::from_str(text).ok()?;
            serde_json::from_value::<Serde>(value).ok().map(|s| s.lines)
        };
        let line = r#"{"product_id":"p","sku":"P-1","quantity":2,"unit_price":1250}"#;
        let texts = [
            format!(r#"{{"version":1,"lines":[{line}]}}"#),
            format!(r#"{{"lines":[{line},{line}],"version":1,"extra":[1]}}"#),
            r#"{"version":1,"lines":[]}"#.to_owned(),
            r#"{"version":1}"#.to_owned(),
            r#"{"version":1,"lines":null}"#.to_owned(),
            r#"{"version":1,"lines":{}}"#.to_owned(),
            r#"{"version":1,"lines":[["p","P-1",2,1250]]}"#.to_owned(),
            r#"{"version":1,"lines":[["p","P-1",2]]}"#.to_owned(),
            r#"{"version":1,"lines":[["p","P-1",2,1250,0]]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2,"unit_price":-5,"x":null}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":-1,"unit_price":1}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":4294967296,"unit_price":1}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":4294967295,"unit_price":1}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2.0,"unit_price":1}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2,"unit_price":9223372036854775808}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2,"unit_price":-9223372036854775808}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":"p","sku":"P-1","quantity":2,"unit_price":"1"}]}"#.to_owned(),
            r#"{"version":1,"lines":[{"product_id":1,"sku":"P-1","quantity":2,"unit_price":1}]}"#.to_owned(),
            r#"{"version":1,"lines":[null]}"#.to_owned(),
            r#"{"version":1,"lines":["p"]}"#.to_owned(),
        ];
        for text in &texts {
            assert_eq!(
                Cart::from_storage(text).ok().map(|c| c.lines),
                by_serde(text),
                "{text}"
            );
        }
        assert_eq!(Cart::from_storage(&texts[6]).map(|c| c.lines.len()), Ok(1));
    }
}
