//! Choosing a variant by its options: which values can still be picked.

use crate::manifest::{Product, Variant};
use std::collections::BTreeMap;

/// Option id to chosen value id; options not chosen yet are absent.
pub type Selection = BTreeMap<String, String>;

/// Whether a value can be picked, given the other choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValueState {
    /// Some variant with this value (and the other choices) can be bought.
    Available,
    /// Such variants exist but all are sold out.
    SoldOut,
    /// No variant has this combination.
    Missing,
}

impl Product {
    /// The variant matching a complete selection.
    pub fn variant_for(&self, selection: &Selection) -> Option<&Variant> {
        if selection.len() != self.options.len() {
            return None;
        }
        self.variants.iter().find(|v| &v.options == selection)
    }

    /// The state of `value` of `option`, keeping the buyer's other choices.
    pub fn value_state(&self, selection: &Selection, option: &str, value: &str) -> ValueState {
        let candidates: Vec<&Variant> = self
            .variants
            .iter()
            .filter(|v| v.options.get(option).is_some_and(|x| x == value))
            .filter(|v| {
                selection
                    .iter()
                    .filter(|(o, _)| o.as_str() != option)
                    .all(|(o, chosen)| v.options.get(o) == Some(chosen))
            })
            .collect();
        if candidates.is_empty() {
            ValueState::Missing
        } else if candidates.iter().all(|v| v.stock == Some(0)) {
            ValueState::SoldOut
        } else {
            ValueState::Available
        }
    }

    /// The selection of a variant (for `?v=SKU` links).
    pub fn selection_of(&self, sku: &str) -> Option<Selection> {
        self.variant(sku).map(|v| v.options.clone())
    }

    /// The first variant that can be bought, to preselect it.
    pub fn first_available(&self) -> Option<&Variant> {
        self.variants.iter().find(|v| v.stock != Some(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::decode_manifest;
    use crate::manifest::CatalogSource;

    fn tote() -> Product {
        let m = decode_manifest(include_str!("../../tests/fixtures/minimal.json"))
            .expect("valid")
            .value;
        match m.catalog {
            CatalogSource::Inline(c) => c.product("tote").cloned().expect("tote"),
            CatalogSource::Remote { .. } => panic!("inline"),
        }
    }

    fn sel(pairs: &[(&str, &str)]) -> Selection {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn disables_missing_and_sold_out_combinations() {
        let p = tote();
        // Variants: red+S (in stock), Blue+L (sold out).
        assert_eq!(
            p.value_state(&Selection::new(), "colour", "red"),
            ValueState::Available
        );
        assert_eq!(
            p.value_state(&Selection::new(), "colour", "Blue"),
            ValueState::SoldOut
        );
        assert_eq!(
            p.value_state(&sel(&[("colour", "red")]), "size", "L"),
            ValueState::Missing
        );
        assert_eq!(
            p.value_state(&sel(&[("colour", "red")]), "size", "S"),
            ValueState::Available
        );
        assert_eq!(
            p.value_state(&sel(&[("size", "L")]), "colour", "Blue"),
            ValueState::SoldOut
        );
    }

    #[test]
    fn finds_variants_by_selection_and_sku() {
        let p = tote();
        assert_eq!(
            p.variant_for(&sel(&[("colour", "red"), ("size", "S")]))
                .map(|v| v.sku.as_str()),
            Some("T-RS")
        );
        assert_eq!(p.variant_for(&sel(&[("colour", "red")])), None);
        assert_eq!(
            p.selection_of("T-BL"),
            Some(sel(&[("colour", "Blue"), ("size", "L")]))
        );
        assert_eq!(p.first_available().map(|v| v.sku.as_str()), Some("T-RS"));
    }
}
