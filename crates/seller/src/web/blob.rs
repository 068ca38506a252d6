//! A `blob:` URL of text made in this page (the studio's draft for the preview
//! frame): same origin, so the frame can fetch it; gone when revoked.

/// A `blob:` URL holding `text` as `kind`.
pub fn url_of(text: &str, kind: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&text.into());
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(kind);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Frees a URL made by [`url_of`].
pub fn revoke(url: &str) {
    let _ = web_sys::Url::revoke_object_url(url);
}
