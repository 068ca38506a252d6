//! A seller's SVG avatar drawn as a 180x180 PNG on white, for phones' home-screen
//! shortcuts (iOS takes no SVG there). resvg draws it: pure Rust, no system fonts
//! (text in an avatar is left out rather than drawn in a random font).

use resvg::tiny_skia::{Color, Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// The icon's side in pixels: what iOS asks for.
const SIDE: u32 = 180;

/// The SVG drawn centred at 180x180 on white, as PNG bytes.
pub fn from_svg(svg: &[u8]) -> Result<Vec<u8>, String> {
    square(svg, SIDE)
}

/// The SVG drawn centred on a white square of `side` pixels, as PNG bytes (also the
/// web app manifest's icons, publish/offline.rs).
pub fn square(svg: &[u8], side: u32) -> Result<Vec<u8>, String> {
    let tree = Tree::from_data(svg, &Options::default()).map_err(|e| e.to_string())?;
    let mut pixmap = Pixmap::new(side, side).ok_or("no memory for the icon")?;
    pixmap.fill(Color::WHITE);
    let size = tree.size();
    let side = side as f32;
    let scale = (side / size.width()).min(side / size.height());
    let dx = (side - size.width() * scale) / 2.0;
    let dy = (side - size.height() * scale) / 2.0;
    let transform = Transform::from_scale(scale, scale).post_translate(dx, dy);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_an_svg_at_180_by_180() {
        let svg = br##"<svg xmlns="http://www.w3.org/2000/svg" width="56" height="56"><circle cx="28" cy="28" r="28" fill="#b5482a"/></svg>"##;
        let png = from_svg(svg).expect("draws");
        assert_eq!(&png[1..4], b"PNG");
        // Width and height are the IHDR chunk's first two big-endian words.
        assert_eq!(
            u32::from_be_bytes([png[16], png[17], png[18], png[19]]),
            180
        );
        assert_eq!(
            u32::from_be_bytes([png[20], png[21], png[22], png[23]]),
            180
        );
        let decoded = Pixmap::decode_png(&png).expect("a PNG");
        let centre = decoded.pixel(90, 90).expect("pixel");
        assert_eq!(
            (centre.red(), centre.green(), centre.blue()),
            (0xb5, 0x48, 0x2a)
        );
        assert!(from_svg(b"<not svg").is_err());
    }
}
