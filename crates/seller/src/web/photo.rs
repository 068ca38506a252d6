//! Photos from the camera or the phone's gallery, made ready to upload in the
//! browser: drawn on a canvas at most `longest` pixels on their longest side (as the
//! camera held it: createImageBitmap applies the EXIF orientation) and encoded again
//! as JPEG. The new file has only pixels: no EXIF, so no GPS location, camera or time.

use microshop_seller_model::photo::fitted;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// A photo ready to upload.
#[derive(Clone, Debug, PartialEq)]
pub struct Photo {
    /// The JPEG file.
    pub bytes: Vec<u8>,
    /// The same file as a `data:` URL, to show it before the server has it.
    pub data_url: String,
    pub width: u32,
    pub height: u32,
}

/// Why a file could not be made a photo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoError {
    /// The browser cannot read it as a picture.
    NotAPicture,
    /// Drawing or encoding failed (memory on a small phone, most likely).
    Failed,
}

/// The files of an `<input type=file>`'s change event.
pub fn chosen_files(event: &web_sys::Event) -> Vec<web_sys::File> {
    let Some(list) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
    else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Empties a file input, so the same photo can be chosen again after a failure.
pub fn clear_input(event: &web_sys::Event) {
    if let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    {
        input.set_value("");
    }
}

/// `file` resized to at most `longest` px and encoded as JPEG at `quality` (0-1).
pub async fn resized(
    file: &web_sys::File,
    longest: u32,
    quality: f64,
) -> Result<Photo, PhotoError> {
    let window = web_sys::window().ok_or(PhotoError::Failed)?;
    let bitmap = window
        .create_image_bitmap_with_blob(file)
        .map_err(|_| PhotoError::NotAPicture)?;
    let bitmap: web_sys::ImageBitmap = JsFuture::from(bitmap)
        .await
        .map_err(|_| PhotoError::NotAPicture)?
        .dyn_into()
        .map_err(|_| PhotoError::NotAPicture)?;
    let (width, height) = fitted(bitmap.width(), bitmap.height(), longest);
    let document = window.document().ok_or(PhotoError::Failed)?;
    let canvas: web_sys::HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(|_| PhotoError::Failed)?
        .dyn_into()
        .map_err(|_| PhotoError::Failed)?;
    canvas.set_width(width);
    canvas.set_height(height);
    let context: web_sys::CanvasRenderingContext2d = canvas
        .get_context("2d")
        .ok()
        .flatten()
        .ok_or(PhotoError::Failed)?
        .dyn_into()
        .map_err(|_| PhotoError::Failed)?;
    // JPEG has no transparency: a transparent PNG would turn black without a ground.
    context.set_fill_style_str("#ffffff");
    context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    context
        .draw_image_with_image_bitmap_and_dw_and_dh(
            &bitmap,
            0.0,
            0.0,
            f64::from(width),
            f64::from(height),
        )
        .map_err(|_| PhotoError::Failed)?;
    bitmap.close();
    let data_url = canvas
        .to_data_url_with_type_and_encoder_options("image/jpeg", &JsValue::from_f64(quality))
        .map_err(|_| PhotoError::Failed)?;
    let bytes = bytes_of(&data_url).ok_or(PhotoError::Failed)?;
    Ok(Photo {
        bytes,
        data_url,
        width,
        height,
    })
}

/// The bytes of a base64 `data:` URL, decoded by the browser's `atob`.
fn bytes_of(data_url: &str) -> Option<Vec<u8>> {
    let (_, base64) = data_url.split_once(";base64,")?;
    let binary = web_sys::window()?.atob(base64).ok()?;
    // atob gives one char per byte (code points 0-255).
    binary
        .chars()
        .map(|c| u8::try_from(u32::from(c)).ok())
        .collect()
}
