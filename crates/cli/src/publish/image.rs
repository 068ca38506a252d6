//! An image's size in pixels, read from its own bytes (for `og:image:width` and
//! `og:image:height`, which let a link preview lay out before the image arrives).
//! SVG width/height (or viewBox), PNG's IHDR, JPEG's start-of-frame. Anything
//! else, or anything odd, is `None`: the tags are then left out, never guessed.

/// Width and height in pixels.
pub type Size = (u32, u32);

pub fn size_of(name: &str, bytes: &[u8]) -> Option<Size> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return png(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg(bytes);
    }
    if name.to_ascii_lowercase().ends_with(".svg") {
        return std::str::from_utf8(bytes).ok().and_then(svg);
    }
    None
}

/// What kind of image a name and its bytes are, for `<link rel="icon" type>`.
pub fn mime(name: &str, bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8]) {
        Some("image/jpeg")
    } else if name.to_ascii_lowercase().ends_with(".svg") {
        Some("image/svg+xml")
    } else {
        None
    }
}

fn png(bytes: &[u8]) -> Option<Size> {
    // Signature (8), chunk length (4), "IHDR" (4), width (4), height (4).
    if bytes.get(12..16)? != b"IHDR" {
        return None;
    }
    let width = u32::from_be_bytes(bytes.get(16..20)?.try_into().ok()?);
    let height = u32::from_be_bytes(bytes.get(20..24)?.try_into().ok()?);
    (width > 0 && height > 0).then_some((width, height))
}

/// A JPEG's size as shown: its frame's, turned a quarter when its EXIF orientation
/// says so (5 to 8: a phone held upright), as browsers and preview cards show it.
fn jpeg(bytes: &[u8]) -> Option<Size> {
    let mut at = 2;
    let mut turned = false;
    loop {
        // Markers may be padded with extra 0xFF bytes.
        while *bytes.get(at)? == 0xFF && *bytes.get(at + 1)? == 0xFF {
            at += 1;
        }
        if *bytes.get(at)? != 0xFF {
            return None;
        }
        let marker = *bytes.get(at + 1)?;
        let length = usize::from(u16::from_be_bytes([
            *bytes.get(at + 2)?,
            *bytes.get(at + 3)?,
        ]));
        // SOF0..SOF15, except DHT (C4), JPG (C8) and DAC (CC), hold the frame size.
        if (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let height = u16::from_be_bytes([*bytes.get(at + 5)?, *bytes.get(at + 6)?]);
            let width = u16::from_be_bytes([*bytes.get(at + 7)?, *bytes.get(at + 8)?]);
            let (width, height) = (u32::from(width), u32::from(height));
            let shown = if turned {
                (height, width)
            } else {
                (width, height)
            };
            return (width > 0 && height > 0).then_some(shown);
        }
        if length < 2 {
            return None;
        }
        // APP1 with EXIF: its orientation (only the first such segment counts).
        if marker == 0xE1 && !turned {
            let segment = bytes.get(at + 4..at + 2 + length)?;
            if let Some(tiff) = segment.strip_prefix(b"Exif\0\0") {
                turned = exif_orientation(tiff).is_some_and(|o| (5..=8).contains(&o));
            }
        }
        at += 2 + length;
    }
}

/// The Orientation (tag 0x0112) of an EXIF block's first image directory.
fn exif_orientation(tiff: &[u8]) -> Option<u16> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = [*tiff.get(at)?, *tiff.get(at + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b: [u8; 4] = tiff.get(at..at + 4)?.try_into().ok()?;
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    if u16_at(2)? != 42 {
        return None;
    }
    let directory = usize::try_from(u32_at(4)?).ok()?;
    let entries = usize::from(u16_at(directory)?);
    (0..entries).find_map(|i| {
        let entry = directory.checked_add(2 + 12 * i)?;
        // A SHORT (type 3): its value is the first two bytes of the value field.
        (u16_at(entry)? == 0x0112 && u16_at(entry + 2)? == 3).then(|| u16_at(entry + 8))?
    })
}

fn svg(text: &str) -> Option<Size> {
    let start = text.find("<svg")?;
    let tag_end = text[start..].find('>')? + start;
    let tag = &text[start..tag_end];
    let number = |name: &str| attribute(tag, name).and_then(|v| pixels(&v));
    match (number("width"), number("height")) {
        (Some(w), Some(h)) => Some((w, h)),
        _ => {
            let view_box = attribute(tag, "viewBox")?;
            let parts: Vec<&str> = view_box
                .split(|c: char| c.is_whitespace() || c == ',')
                .filter(|p| !p.is_empty())
                .collect();
            match parts.as_slice() {
                [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
                _ => None,
            }
        }
    }
}

/// An attribute's value in a start tag (`name="v"` or `name='v'`), matched as a
/// whole name (so `width` does not match `stroke-width`).
fn attribute(tag: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(name) {
        let at = from + found;
        from = at + name.len();
        let before = tag[..at].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let rest = tag[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            continue;
        }
        let value = &rest[1..];
        return value.find(quote).map(|end| value[..end].to_owned());
    }
    None
}

/// `400`, `400px`, `400.0` as whole pixels; percentages and other units are `None`.
fn pixels(value: &str) -> Option<u32> {
    let value = value.trim();
    let number = value.strip_suffix("px").unwrap_or(value);
    let parsed: f64 = number.parse().ok()?;
    (parsed.is_finite() && (1.0..=100_000.0).contains(&parsed)).then(|| parsed.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::size_of;

    /// A JPEG's first bytes: an APP1 EXIF block with `orientation` (byte order
    /// `order`), then a 400x300 frame (REVIEW7 §10).
    fn jpeg_with_orientation(order: &[u8; 2], orientation: u16) -> Vec<u8> {
        let big = order == b"MM";
        let u16b = |v: u16| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let u32b = |v: u32| {
            if big {
                v.to_be_bytes()
            } else {
                v.to_le_bytes()
            }
        };
        let mut tiff = order.to_vec();
        tiff.extend(u16b(42));
        tiff.extend(u32b(8));
        tiff.extend(u16b(2));
        // Another tag first (ImageWidth, a LONG), then Orientation.
        tiff.extend(u16b(0x0100));
        tiff.extend(u16b(4));
        tiff.extend(u32b(1));
        tiff.extend(u32b(400));
        tiff.extend(u16b(0x0112));
        tiff.extend(u16b(3));
        tiff.extend(u32b(1));
        tiff.extend(u16b(orientation));
        tiff.extend([0, 0]);
        tiff.extend(u32b(0));
        let mut app1 = b"Exif\0\0".to_vec();
        app1.extend(tiff);
        let mut jpeg = vec![0xFF, 0xD8, 0xFF, 0xE1];
        jpeg.extend(u16::try_from(app1.len() + 2).expect("small").to_be_bytes());
        jpeg.extend(app1);
        // SOF0: length 17, precision 8, height 300, width 400, 3 components.
        jpeg.extend([0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0x2C, 0x01, 0x90, 0x03]);
        jpeg.extend([0; 9]);
        jpeg
    }

    #[test]
    fn a_jpeg_turned_by_its_exif_orientation_is_measured_as_shown() {
        for order in [b"MM", b"II"] {
            for (orientation, shown) in [
                (1, (400, 300)),
                (3, (400, 300)),
                (6, (300, 400)),
                (8, (300, 400)),
                (5, (300, 400)),
            ] {
                assert_eq!(
                    size_of("rotated.jpg", &jpeg_with_orientation(order, orientation)),
                    Some(shown),
                    "{order:?} {orientation}"
                );
            }
        }
        let mut broken = jpeg_with_orientation(b"MM", 6);
        broken[14] = b'X'; // not a TIFF header: the frame's size as it is
        assert_eq!(size_of("b.jpg", &broken), Some((400, 300)));
    }

    #[test]
    fn reads_svg_width_and_height_or_the_view_box() {
        let svg = br#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" stroke-width="3" width="800px" height="600">"#;
        assert_eq!(size_of("a.svg", svg), Some((800, 600)));
        let svg = br#"<?xml version="1.0"?><svg viewBox='0 0 400 300'></svg>"#;
        assert_eq!(size_of("a.SVG", svg), Some((400, 300)));
        assert_eq!(
            size_of("a.svg", br#"<svg width="100%" height="100%">"#),
            None
        );
    }

    #[test]
    fn reads_png_and_jpeg_headers() {
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        png.extend_from_slice(&180u32.to_be_bytes());
        png.extend_from_slice(&90u32.to_be_bytes());
        assert_eq!(size_of("x.png", &png), Some((180, 90)));
        // SOI, an APP0 segment of 4 bytes, then SOF0 with height 300 and width 500.
        let jpeg = [
            0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xC0, 0, 11, 8, 0x01, 0x2C, 0x01, 0xF4, 3,
        ];
        assert_eq!(size_of("x.jpg", &jpeg), Some((500, 300)));
        assert_eq!(size_of("x.jpg", &[0xFF, 0xD8, 0xFF]), None, "truncated");
        assert_eq!(size_of("x.gif", b"GIF89a"), None);
    }
}
