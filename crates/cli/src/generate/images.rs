//! The generated shop's pictures: a few per category, shared by its products (a
//! real shop has a photo each, but ten thousand files would measure the disk, not
//! the shop). Flat SVG still lifes in the demo's style; one category's are PNG, so a
//! generated shop has raster photos too (they are their own link preview).

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{Options, Tree};

/// Pictures per category.
pub const PER_KIND: usize = 4;

/// Background and two ink colours per picture, cycled.
const PALETTES: &[[&str; 3]] = &[
    ["#eef4e4", "#6f9a5a", "#4e6c3f"],
    ["#f6ede3", "#b5482a", "#7a2f1b"],
    ["#e8eef6", "#3f6fa0", "#2a4a6c"],
    ["#f4f0e6", "#c59a3a", "#7c5e1e"],
    ["#efe8f3", "#7d5a9b", "#52386a"],
    ["#e6f2f0", "#3a8f84", "#245c55"],
    ["#f5e9ec", "#b04a66", "#73293f"],
    ["#eceae6", "#5b5750", "#36332e"],
];

/// Picture `n` of category number `kind`: an SVG of 400x400.
pub fn svg(kind: usize, n: usize) -> String {
    let [bg, ink, deep] = PALETTES[(kind * PER_KIND + n) % PALETTES.len()];
    // The shape says which category it is; the picture number moves and sizes it.
    let shift = 12 * n as i32;
    let shape = match kind % 5 {
        0 => format!(
            "<rect x=\"{}\" y=\"120\" width=\"150\" height=\"200\" rx=\"14\" fill=\"{ink}\"/>\
             <rect x=\"{}\" y=\"96\" width=\"166\" height=\"40\" rx=\"10\" fill=\"{deep}\"/>",
            125 + shift / 2,
            117 + shift / 2
        ),
        1 => format!(
            "<ellipse cx=\"200\" cy=\"{}\" rx=\"{}\" ry=\"90\" fill=\"{ink}\"/>\
             <rect x=\"150\" y=\"{}\" width=\"100\" height=\"22\" rx=\"8\" fill=\"{deep}\"/>",
            230 - shift / 3,
            120 + shift,
            130 - shift / 3
        ),
        2 => format!(
            "<path d=\"M{} 290 L200 {} L{} 290 Z\" fill=\"{ink}\"/>\
             <circle cx=\"200\" cy=\"{}\" r=\"26\" fill=\"{deep}\"/>",
            90 + shift,
            100 + shift,
            310 - shift,
            250 - shift / 2
        ),
        3 => format!(
            "<circle cx=\"200\" cy=\"200\" r=\"{}\" fill=\"{ink}\"/>\
             <circle cx=\"200\" cy=\"200\" r=\"{}\" fill=\"{bg}\"/>\
             <circle cx=\"200\" cy=\"200\" r=\"{}\" fill=\"{deep}\"/>",
            130 - shift / 2,
            80 - shift / 3,
            36
        ),
        _ => format!(
            "<rect x=\"110\" y=\"{}\" width=\"180\" height=\"{}\" rx=\"40\" fill=\"{ink}\"/>\
             <path d=\"M200 {}q50-70 0-140q-50 70 0 140z\" fill=\"{deep}\"/>",
            220 + shift / 2,
            90 - shift / 3,
            230 + shift / 2
        ),
    };
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 400 400\" width=\"400\" height=\"400\">\
         <rect width=\"400\" height=\"400\" fill=\"{bg}\"/>\
         <circle cx=\"200\" cy=\"200\" r=\"160\" fill=\"#fff\" opacity=\".45\"/>{shape}\
         <rect x=\"{}\" y=\"330\" width=\"{}\" height=\"10\" rx=\"5\" fill=\"{deep}\" opacity=\".3\"/></svg>",
        140 - shift,
        120 + 2 * shift
    )
}

/// The seller's avatar.
pub fn avatar() -> String {
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 96 96\" width=\"96\" height=\"96\">\
     <circle cx=\"48\" cy=\"48\" r=\"48\" fill=\"#3f6fa0\"/>\
     <path d=\"M28 62 L48 26 L68 62 Z\" fill=\"#f4f0e6\"/>\
     <circle cx=\"48\" cy=\"66\" r=\"6\" fill=\"#c59a3a\"/></svg>"
        .to_owned()
}

/// An SVG drawn as a PNG of its own size.
pub fn png(svg: &str) -> Result<Vec<u8>, String> {
    let tree = Tree::from_str(svg, &Options::default()).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or("no memory for a picture")?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_picture_is_an_svg_resvg_reads() {
        for kind in 0..9 {
            for n in 0..PER_KIND {
                let svg = svg(kind, n);
                Tree::from_str(&svg, &Options::default()).expect("valid SVG");
            }
        }
        let png = png(&svg(0, 0)).expect("drawn");
        assert_eq!(&png[1..4], b"PNG");
    }
}
