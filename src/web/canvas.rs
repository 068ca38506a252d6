//! Drawing a picture on a canvas and turning it into a PNG (a product's poster).
//!
//! Images are fetched with `crossOrigin = "anonymous"`: a same-origin picture (the
//! shop's own files) draws as usual, and one from a host that does not allow it fails
//! to load instead of tainting the canvas, so the PNG can always be made.

use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement};

/// A canvas of a fixed size in pixels, drawn on in that coordinate space.
pub struct Canvas {
    element: HtmlCanvasElement,
    context: CanvasRenderingContext2d,
}

impl Canvas {
    /// A new, blank canvas (not in the document); `None` where the browser has none.
    pub fn new(width: u32, height: u32) -> Option<Canvas> {
        let element = web_sys::window()?
            .document()?
            .create_element("canvas")
            .ok()?
            .dyn_into::<HtmlCanvasElement>()
            .ok()?;
        element.set_width(width);
        element.set_height(height);
        let context = element
            .get_context("2d")
            .ok()??
            .dyn_into::<CanvasRenderingContext2d>()
            .ok()?;
        Some(Canvas { element, context })
    }

    /// Fills a rectangle with a CSS colour.
    pub fn rect(&self, x: f64, y: f64, width: f64, height: f64, colour: &str) {
        self.context.set_fill_style_str(colour);
        self.context.fill_rect(x, y, width, height);
    }

    /// Draws text (`font` as in CSS) with its baseline at `at`, squeezed to `max_width`;
    /// `centre` centres it on `at`.
    pub fn text(
        &self,
        text: &str,
        at: (f64, f64),
        font: &str,
        colour: &str,
        max_width: f64,
        centre: bool,
    ) {
        self.context.set_font(font);
        self.context.set_fill_style_str(colour);
        self.context
            .set_text_align(if centre { "center" } else { "start" });
        let _ = self
            .context
            .fill_text_with_max_width(text, at.0, at.1, max_width);
    }

    /// Fills an SVG path (`d`) drawn in units of `scale` pixels from (`x`, `y`).
    pub fn path(&self, d: &str, x: f64, y: f64, scale: f64, colour: &str) {
        let Ok(path) = web_sys::Path2d::new_with_path_string(d) else {
            return;
        };
        self.context.save();
        let _ = self.context.translate(x, y);
        let _ = self.context.scale(scale, scale);
        self.context.set_fill_style_str(colour);
        self.context.fill_with_path_2d(&path);
        self.context.restore();
    }

    /// Draws the picture at `url` to cover the box (cropped, not stretched), in a
    /// circle when `round`; false when it could not be loaded.
    pub async fn image(
        &self,
        url: &str,
        x: f64,
        y: f64,
        width: f64,
        height: f64,
        round: bool,
    ) -> bool {
        let Ok(image) = HtmlImageElement::new() else {
            return false;
        };
        image.set_cross_origin(Some("anonymous"));
        image.set_src(url);
        if wasm_bindgen_futures::JsFuture::from(image.decode())
            .await
            .is_err()
        {
            return false;
        }
        // Pixel sizes, not money: the crop that keeps the box's proportions.
        let (w, h) = (
            f64::from(image.natural_width()),
            f64::from(image.natural_height()),
        );
        if w <= 0.0 || h <= 0.0 {
            return false;
        }
        let scale = (width / w).max(height / h);
        let (sw, sh) = (width / scale, height / scale);
        let c = &self.context;
        c.save();
        if round {
            c.begin_path();
            let _ = c.arc(
                x + width / 2.0,
                y + height / 2.0,
                width.min(height) / 2.0,
                0.0,
                std::f64::consts::TAU,
            );
            c.clip();
        }
        let drawn = c
            .draw_image_with_html_image_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
                &image,
                (w - sw) / 2.0,
                (h - sh) / 2.0,
                sw,
                sh,
                x,
                y,
                width,
                height,
            )
            .is_ok();
        c.restore();
        drawn
    }

    /// The picture as a PNG `data:` URL (an `<img>` long-pressed in an in-app browser
    /// saves it); `None` if the browser refuses.
    pub fn png(&self) -> Option<String> {
        self.element.to_data_url_with_type("image/png").ok()
    }
}

/// A CSS custom property's value on `<html>` as the page computes it (`--color-accent`).
pub fn css_token(name: &str) -> Option<String> {
    let window = web_sys::window()?;
    let html = window.document()?.document_element()?;
    let value = window
        .get_computed_style(&html)
        .ok()??
        .get_property_value(name)
        .ok()?;
    let value = value.trim();
    (!value.is_empty()).then(|| value.to_owned())
}
