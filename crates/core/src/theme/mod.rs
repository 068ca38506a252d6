//! The storefront's look: a preset, a colour scheme, layout options, design-token
//! overrides (light and dark), the seller's own font files and an extra stylesheet.
//!
//! The types here are what `theme` in a manifest decodes into; [`css`] turns them into
//! the one piece of CSS the storefront and `microshop publish` both write. Every
//! value that reaches that CSS passed [`value::unsafe_value`] (always) and, in the
//! seller's tools, [`value::kind_problem`] (feature `theme-check`).

#[cfg(feature = "theme-check")]
pub mod contrast;
#[cfg(feature = "theme-check")]
pub mod palette;
#[cfg(feature = "theme-check")]
pub mod stylesheet;
pub mod value;

use std::collections::BTreeMap;

#[cfg(feature = "schema")]
use schemars::JsonSchema;

/// The order of the cascade layers, the same in style/tokens.css: app defaults,
/// presets and layout options, the manifest's tokens, dark palettes, the manifest's
/// dark tokens, then components. The seller's stylesheet is not in a layer, so it
/// wins over all of them.
pub const LAYERS: &str = "@layer base,preset,shop,dark,shop-dark,components;";

/// Look of the storefront.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Theme {
    /// Built-in look: `quiet` (default, light), `bold` (dark), `handmade` (warm),
    /// `contrast` (high contrast).
    #[cfg_attr(feature = "schema", schemars(default))]
    pub preset: Preset,
    /// Light or dark: `auto` (default) follows the buyer's system setting.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub scheme: Scheme,
    /// Layout options: feed, cards, header, corners.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub layout: Layout,
    /// Design token name (without `--`) to CSS value, e.g. `"color-accent": "#9a3412"`.
    /// See docs/tokens.md for the names and the kind of value each takes.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub tokens: BTreeMap<String, String>,
    /// Token values for dark mode (the system's, or `scheme: dark`), same names.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub dark: BTreeMap<String, String>,
    /// The seller's own font files, next to the manifest, usable in font tokens.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub fonts: Vec<FontFile>,
    /// A CSS file next to the manifest (relative path), loaded after the app's CSS.
    pub stylesheet: Option<String>,
}

/// A font file of the seller's.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct FontFile {
    /// The family name font tokens use, e.g. `Roaster Slab`: letters, digits, spaces, `-`.
    pub family: String,
    /// Relative path of a `.woff2`, `.woff`, `.ttf` or `.otf` file next to the manifest.
    pub src: String,
    /// Weight (`700`) or weight range of a variable font (`100 900`); default `400`.
    pub weight: Option<String>,
    /// `normal` (default) or `italic`.
    pub style: Option<String>,
}

macro_rules! named {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
        #[cfg_attr(feature = "schema", derive(JsonSchema))]
        #[cfg_attr(feature = "schema", schemars(rename_all = "lowercase"))]
        pub enum $name {
            #[default]
            $($(#[$vdoc])* $variant),+
        }
        impl $name {
            /// Every value's name, the default first.
            pub const NAMES: &'static [&'static str] = &[$($text),+];
            /// The manifest's name for this value.
            pub fn name(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
            /// Reads the manifest's name.
            pub fn from_name(name: &str) -> Option<$name> {
                match name { $($text => Some($name::$variant),)+ _ => None }
            }
        }
    };
}

named!(
    /// The built-in looks.
    Preset {
        /// Light, calm, the default.
        Quiet = "quiet",
        /// Dark, strong colour, heavy headings.
        Bold = "bold",
        /// Warm paper colours, serif headings, soft corners.
        Handmade = "handmade",
        /// High contrast, for reading in sunlight or with low vision.
        Contrast = "contrast",
    }
);

named!(
    /// Light or dark.
    Scheme {
        /// Follows the buyer's system setting (`prefers-color-scheme`).
        Auto = "auto",
        /// Always light.
        Light = "light",
        /// Always dark.
        Dark = "dark",
    }
);

named!(
    /// How the feed shows products.
    Feed {
        /// Cards in a grid as wide as the screen allows.
        Grid = "grid",
        /// Smaller cards, more per row.
        Dense = "dense",
        /// One product per row, picture beside the text.
        List = "list",
    }
);

named!(
    /// How a product card looks.
    Cards {
        /// A surface with a soft shadow.
        Raised = "raised",
        /// No shadow, no border.
        Flat = "flat",
        /// A border, no shadow.
        Outlined = "outlined",
    }
);

named!(
    /// How the seller's header looks.
    Header {
        /// Avatar, name, place and bio.
        Full = "full",
        /// Small avatar and name on one line, no bio.
        Compact = "compact",
        /// Everything centred, a larger avatar.
        Centered = "centered",
    }
);

named!(
    /// Corner style of everything: buttons, cards, images, avatar, gallery dots.
    Corners {
        /// The preset's corners.
        Round = "round",
        /// Small radii.
        Soft = "soft",
        /// No rounding anywhere.
        Square = "square",
    }
);

/// Layout options; each is a `data-*` attribute on `<html>` that style/ keys on.
#[derive(Clone, Debug, PartialEq, Default)]
#[cfg_attr(feature = "schema", derive(JsonSchema))]
pub struct Layout {
    /// `grid` (default), `dense` or `list`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub feed: Feed,
    /// `raised` (default), `flat` or `outlined`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub cards: Cards,
    /// `full` (default), `compact` or `centered`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub header: Header,
    /// `round` (default), `soft` or `square`.
    #[cfg_attr(feature = "schema", schemars(default))]
    pub corners: Corners,
}

impl Theme {
    /// The attributes `<html>` carries: `data-preset` always, the others only when
    /// they differ from their default.
    pub fn attributes(&self) -> Vec<(&'static str, &'static str)> {
        let mut out = vec![("data-preset", self.preset.name())];
        let l = &self.layout;
        let options = [
            ("data-scheme", self.scheme.name(), Scheme::NAMES[0]),
            ("data-feed", l.feed.name(), Feed::NAMES[0]),
            ("data-cards", l.cards.name(), Cards::NAMES[0]),
            ("data-header", l.header.name(), Header::NAMES[0]),
            ("data-corners", l.corners.name(), Corners::NAMES[0]),
        ];
        for (attribute, value, default) in options {
            if value != default {
                out.push((attribute, value));
            }
        }
        out
    }

    /// The manifest's part of the CSS: font faces, then the tokens in the `shop`
    /// layer and the dark tokens in the `shop-dark` layer. `font_url` makes a font
    /// file's path (checked: relative, next to the manifest) into the URL to write;
    /// a URL it returns with characters that could leave a CSS string is skipped.
    /// Empty when the theme has nothing of its own.
    pub fn css(&self, font_url: impl Fn(&str) -> String) -> String {
        // push_str rather than format!: this runs in the storefront, where each
        // formatting call costs wasm bytes.
        let mut out = String::new();
        for font in &self.fonts {
            let url = font_url(&font.src);
            if url.contains(['"', '\\', '\n', '\r', '<', '>']) {
                continue;
            }
            let src = &font.src;
            let format = if src.ends_with("woff2") {
                "woff2"
            } else if src.ends_with("woff") {
                "woff"
            } else if src.ends_with("otf") {
                "opentype"
            } else {
                "truetype"
            };
            for part in [
                "@font-face{font-family:\"",
                &font.family,
                "\";src:url(\"",
                &url,
                "\") format(\"",
                format,
                "\");font-weight:",
                font.weight.as_deref().unwrap_or("400"),
                ";font-style:",
                font.style.as_deref().unwrap_or("normal"),
                ";font-display:swap}",
            ] {
                out.push_str(part);
            }
        }
        let block = |out: &mut String, selector: &str, tokens: &BTreeMap<String, String>| {
            out.push_str(selector);
            out.push('{');
            for (name, value) in tokens {
                for part in ["--", name, ":", value, ";"] {
                    out.push_str(part);
                }
            }
            out.push('}');
        };
        if !self.tokens.is_empty() {
            out.push_str("@layer shop{");
            block(&mut out, ":root", &self.tokens);
            out.push('}');
        }
        if !self.dark.is_empty() {
            out.push_str("@layer shop-dark{@media (prefers-color-scheme:dark){");
            block(&mut out, ":root:not([data-scheme=light])", &self.dark);
            out.push('}');
            block(&mut out, ":root[data-scheme=dark]", &self.dark);
            out.push('}');
        }
        if !out.is_empty() {
            out.insert_str(0, LAYERS);
        }
        out
    }
}

/// What sort of value a token takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A CSS colour: `#rgb`, `#rrggbb`, `rgb()`, `hsl()` or a named colour.
    Color,
    /// A length: `0`, `12px`, `1.5rem`, `50%`.
    Length,
    /// A plain number: a line height or a font weight.
    Number,
    /// A list of font families: generic, common system fonts, or the seller's own.
    Font,
    /// A box shadow: `none`, or offsets, blur, spread and a colour, comma-separated.
    Shadow,
    /// A duration: `150ms`, `0.2s`.
    Time,
    /// A timing function: `ease`, `linear`, `ease-out`, `cubic-bezier(...)`.
    Easing,
}

impl Kind {
    /// The kind's name in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Color => "a colour such as #9a3412, rgb(154 52 18) or darkred",
            Kind::Length => "a length such as 0, 12px or 1.5rem",
            Kind::Number => "a number such as 1.5 or 700",
            Kind::Font => "font families such as Georgia, serif (or one of theme.fonts)",
            Kind::Shadow => "a shadow such as 0 1px 2px rgb(0 0 0 / 10%), or none",
            Kind::Time => "a duration such as 150ms or 0.2s",
            Kind::Easing => "a timing function such as ease-out or cubic-bezier(0.2, 0, 0, 1)",
        }
    }
}

/// Every token the storefront's CSS reads, with its kind. docs/tokens.md lists them
/// with their roles and defaults.
#[cfg(feature = "theme-check")]
pub const TOKENS: &[(&str, Kind)] = &[
    ("color-bg", Kind::Color),
    ("color-surface", Kind::Color),
    ("color-text", Kind::Color),
    ("color-muted", Kind::Color),
    ("color-border", Kind::Color),
    ("color-accent", Kind::Color),
    ("color-accent-text", Kind::Color),
    ("color-button", Kind::Color),
    ("color-button-text", Kind::Color),
    ("color-link", Kind::Color),
    ("color-danger", Kind::Color),
    ("color-success", Kind::Color),
    ("color-skeleton", Kind::Color),
    ("color-focus", Kind::Color),
    ("color-field-border", Kind::Color),
    ("font-body", Kind::Font),
    ("font-heading", Kind::Font),
    ("font-weight-heading", Kind::Number),
    ("font-weight-medium", Kind::Number),
    ("font-weight-strong", Kind::Number),
    ("font-weight-bold", Kind::Number),
    ("font-size-s", Kind::Length),
    ("font-size-m", Kind::Length),
    ("font-size-l", Kind::Length),
    ("font-size-xl", Kind::Length),
    ("line-height", Kind::Number),
    ("line-height-heading", Kind::Number),
    ("space-1", Kind::Length),
    ("space-2", Kind::Length),
    ("space-3", Kind::Length),
    ("space-4", Kind::Length),
    ("space-6", Kind::Length),
    ("space-8", Kind::Length),
    ("radius-s", Kind::Length),
    ("radius-m", Kind::Length),
    ("radius-pill", Kind::Length),
    ("radius-round", Kind::Length),
    ("border-width", Kind::Length),
    ("focus-width", Kind::Length),
    ("focus-offset", Kind::Length),
    ("shadow-card", Kind::Shadow),
    ("motion-duration", Kind::Time),
    ("motion-easing", Kind::Easing),
    ("touch-target", Kind::Length),
    ("page-max", Kind::Length),
    ("page-narrow", Kind::Length),
    ("grid-min", Kind::Length),
    ("avatar-size", Kind::Length),
    ("dot-size", Kind::Length),
    ("thumb-size", Kind::Length),
    ("qr-size", Kind::Length),
];

/// The kind of a token, if the storefront knows it.
#[cfg(feature = "theme-check")]
pub fn kind_of(name: &str) -> Option<Kind> {
    TOKENS.iter().find(|(n, _)| *n == name).map(|(_, k)| *k)
}
