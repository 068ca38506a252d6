//! `POST /_seller/api/media`: a photo for the shop, saved beside the manifest as
//! `images/<sha256 prefix>.<ext>` (content-addressed: the same photo twice is one
//! file, and a name never points at other bytes later).
//!
//! The type is read from the bytes, never from the name or the Content-Type the
//! browser sent: JPEG, PNG and WebP only. SVG is refused (it can carry script, and
//! an image that runs script on the shop's origin is an attack on its buyers); so is
//! anything else, named. At most [`MAX_MEDIA_BYTES`]: the seller app resizes photos
//! in the browser (longest side 1600 px) long before that.

use super::studio::{folder, write_synced};
use super::{blocking, internal, refusal, Shared};
use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;

/// Largest photo accepted.
pub const MAX_MEDIA_BYTES: usize = 4 * 1024 * 1024;

/// Hex digits of the SHA-256 in a photo's name (80 bits: no two photos of a shop meet).
const NAME_HEX: usize = 20;

/// What the bytes are, by their first bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniffed {
    Jpeg,
    Png,
    Webp,
    /// Not one the shop takes: what it seems to be, for the message.
    Other(&'static str),
}

pub fn sniff(bytes: &[u8]) -> Sniffed {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    if starts(&[0xFF, 0xD8, 0xFF]) {
        return Sniffed::Jpeg;
    }
    if starts(b"\x89PNG\r\n\x1a\n") {
        return Sniffed::Png;
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Sniffed::Webp;
    }
    if starts(b"GIF87a") || starts(b"GIF89a") {
        return Sniffed::Other("a GIF");
    }
    if starts(b"%PDF") {
        return Sniffed::Other("a PDF");
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Sniffed::Other("a HEIC/AVIF photo or a video (save it as JPEG)");
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    if head.contains("<svg") || head.contains("<?xml") {
        return Sniffed::Other("an SVG drawing (it can carry script; use PNG)");
    }
    if head.contains("<html") || head.contains("<script") {
        return Sniffed::Other("an HTML page");
    }
    Sniffed::Other("not an image the shop can show")
}

impl Sniffed {
    fn ext(self) -> Option<&'static str> {
        match self {
            Sniffed::Jpeg => Some("jpg"),
            Sniffed::Png => Some("png"),
            Sniffed::Webp => Some("webp"),
            Sniffed::Other(_) => None,
        }
    }
}

fn too_large() -> Response {
    refusal(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too_large",
        &format!(
            "A photo may be at most {} MiB; this one is larger.",
            MAX_MEDIA_BYTES / 1024 / 1024
        ),
        Vec::new(),
    )
}

pub async fn upload(State(desk): State<Shared>, request: Request) -> Response {
    if !desk.studio.editable {
        return refusal(
            StatusCode::CONFLICT,
            "read_only",
            "This shop is served without its source manifest, so photos cannot be added; start serve with --manifest.",
            Vec::new(),
        );
    }
    // Read up to the limit, then answer: a client still sending gets its 413
    // rather than a connection reset mid-upload (at most the limit is read).
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), MAX_MEDIA_BYTES).await else {
        return too_large();
    };
    if bytes.is_empty() {
        return refusal(
            StatusCode::UNPROCESSABLE_ENTITY,
            "empty",
            "The upload was empty: send the photo's bytes as the body.",
            Vec::new(),
        );
    }
    let kind = sniff(&bytes);
    let Some(ext) = kind.ext() else {
        let Sniffed::Other(what) = kind else {
            return internal("sniffed an image without an extension");
        };
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_an_image",
            &format!("This file is {what}; the shop takes JPEG, PNG or WebP photos."),
            Vec::new(),
        );
    };
    let Ok(size) = imagesize::blob_size(&bytes) else {
        return refusal(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "not_an_image",
            "This file starts like a photo but its size cannot be read: it is damaged or cut short.",
            Vec::new(),
        );
    };
    let name = format!(
        "images/{}.{ext}",
        &super::studio::version_of(&bytes)[..NAME_HEX]
    );
    let dir = folder(&desk.studio.manifest);
    let saving = name.clone();
    let written = blocking(move || {
        let path = dir.join(&saving);
        if path.is_file() {
            return Ok(());
        }
        let images = dir.join("images");
        std::fs::create_dir_all(&images)
            .map_err(|e| format!("cannot make {}: {e}", images.display()))?;
        // Whole or not at all: a temporary name, then the real one.
        let temp = images.join(format!(".upload-{}", std::process::id()));
        write_synced(&temp, &bytes)?;
        std::fs::rename(&temp, &path).map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("cannot write {}: {e}", path.display())
        })
    })
    .await;
    match written {
        Ok(Ok(())) => super::json(
            StatusCode::CREATED,
            &json!({"path": name, "width": size.width, "height": size.height}),
        ),
        Ok(Err(e)) => internal(&e),
        Err(response) => response,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Sniffed::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"), Sniffed::Png);
        assert_eq!(sniff(b"RIFF\0\0\0\0WEBPVP8 "), Sniffed::Webp);
        assert!(
            matches!(sniff(b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"), Sniffed::Other(w) if w.contains("SVG"))
        );
        assert!(
            matches!(sniff(b"  <?xml version='1.0'?><svg/>"), Sniffed::Other(w) if w.contains("SVG"))
        );
        assert!(matches!(sniff(b"GIF89a...."), Sniffed::Other(w) if w.contains("GIF")));
        assert!(matches!(sniff(b"hello"), Sniffed::Other(_)));
    }
}
