//! Link previews chat apps actually show. WhatsApp, WeChat, Telegram, Facebook,
//! X and Slack show no SVG in a preview card, and most published pictures are SVG:
//! each SVG picture a page names as its `og:image` (a product's cover, the seller's
//! avatar) is drawn as a 1200x630 PNG, the size those cards are laid out for,
//! contained and centred on the picture's own corner colour (a flat background
//! continues to the edges; a transparent one becomes white). Raster pictures (PNG,
//! JPEG) are their own preview. Drawn with resvg (no text: a picture's text would
//! be left out rather than drawn in a random font).

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// The preview's size: the 1.91:1 card of Open Graph and X's large image.
pub const WIDTH: u32 = 1200;
pub const HEIGHT: u32 = 630;

/// Changes whenever the drawing changes, so every preview is drawn again.
pub const DRAWING: &str = "preview-1";

/// Where the preview of a picture (a site path) is published:
/// `images/tea-1.svg` -> `previews/images/tea-1.svg.png`.
pub fn path_of(picture: &str) -> String {
    format!("previews/{picture}.png")
}

/// What a preview is recorded as drawn from (the publish record's `from`): the
/// drawing's version and the picture's SHA-256.
pub fn drawn_from(svg: &[u8]) -> String {
    format!("{DRAWING}:{}", super::record::sha256(svg))
}

/// Whether resvg can read the picture, so [`draw`] can draw it; else why not, as
/// resvg says it ("SVG has an invalid size", "unknown entity reference 'nbsp'").
pub fn readable(svg: &[u8]) -> Result<(), String> {
    Tree::from_data(svg, &Options::default())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The SVG drawn as the preview PNG.
pub fn draw(svg: &[u8]) -> Result<Vec<u8>, String> {
    let tree = Tree::from_data(svg, &Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size();
    let (width, height) = (WIDTH as f32, HEIGHT as f32);
    let scale = (width / size.width()).min(height / size.height());
    let (w, h) = (size.width() * scale, size.height() * scale);
    // The picture alone first, to read its corner's colour.
    let mut picture = Pixmap::new(w.ceil().max(1.0) as u32, h.ceil().max(1.0) as u32)
        .ok_or("no memory for the preview")?;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale),
        &mut picture.as_mut(),
    );
    let corner = picture
        .pixel(0, 0)
        .filter(|p| p.alpha() == 255)
        .map_or(Color::WHITE, |p| {
            Color::from_rgba8(p.red(), p.green(), p.blue(), 255)
        });
    let mut card = Pixmap::new(WIDTH, HEIGHT).ok_or("no memory for the preview")?;
    card.fill(corner);
    let dx = (width - w) / 2.0;
    let dy = (height - h) / 2.0;
    resvg::render(
        &tree,
        Transform::from_scale(scale, scale).post_translate(dx, dy),
        &mut card.as_mut(),
    );
    card.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_square_picture_is_centred_on_its_own_background() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"><rect width="400" height="400" fill="#eef4e4"/><circle cx="200" cy="200" r="100" fill="#b5482a"/></svg>"##;
        let png = draw(svg).expect("drawn");
        assert_eq!(
            super::super::image::size_of("x.png", &png),
            Some((WIDTH, HEIGHT))
        );
        let card = Pixmap::decode_png(&png).expect("a PNG");
        let at = |x, y| {
            let p = card.pixel(x, y).expect("inside");
            (p.red(), p.green(), p.blue())
        };
        assert_eq!(
            at(5, 5),
            (0xee, 0xf4, 0xe4),
            "the band takes the corner colour"
        );
        assert_eq!(
            at(600, 315),
            (0xb5, 0x48, 0x2a),
            "the picture is in the middle"
        );
        assert!(draw(b"<svg").is_err());
    }

    #[test]
    fn a_transparent_picture_goes_on_white() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96"><circle cx="48" cy="48" r="48" fill="#3f6fa0"/></svg>"##;
        let card = Pixmap::decode_png(&draw(svg).expect("drawn")).expect("a PNG");
        let p = card.pixel(3, 3).expect("inside");
        assert_eq!((p.red(), p.green(), p.blue()), (255, 255, 255));
    }
}
