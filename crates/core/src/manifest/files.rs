//! The files a manifest names, as the seller wrote their references: what publish
//! copies into the site and what serve lets buyers read from the seller's folder.
//! No I/O: resolving a reference against the manifest's place is the caller's.

use super::{CatalogSource, Manifest};

/// What a file the manifest names is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NamedFile {
    /// The separate catalog (`catalog` as a URL): JSON, or a spreadsheet.
    Catalog,
    /// `seller.avatar`.
    Avatar,
    /// `payment.qr`.
    PaymentQr,
    /// `theme.stylesheet`.
    Stylesheet,
    /// One of `theme.fonts`.
    Font,
}

impl Manifest {
    /// The files the manifest itself names, each with what it is for, in this
    /// order: the separate catalog, the avatar, the payment QR code, the
    /// stylesheet, the font files. References as written (relative or absolute
    /// URLs). Product images are the catalog's, not listed here.
    pub fn named_files(&self) -> impl Iterator<Item = (NamedFile, &str)> {
        let catalog = match &self.catalog {
            CatalogSource::Remote { url } => Some(url.as_str()),
            CatalogSource::Inline(_) => None,
        };
        [
            (NamedFile::Catalog, catalog),
            (NamedFile::Avatar, self.seller.avatar.as_deref()),
            (
                NamedFile::PaymentQr,
                self.payment.as_ref().and_then(|p| p.qr.as_deref()),
            ),
            (NamedFile::Stylesheet, self.theme.stylesheet.as_deref()),
        ]
        .into_iter()
        .filter_map(|(what, reference)| reference.map(|r| (what, r)))
        .chain(
            self.theme
                .fonts
                .iter()
                .map(|f| (NamedFile::Font, f.src.as_str())),
        )
    }
}
