//! JSON read by the browser's own `JSON.parse`, then walked into a `serde_json::Value`:
//! the first load carries no JSON parser (serde_json's cost about 5 KB of brotli wasm,
//! docs/performance.md). Only texts that every parser reads alike are read here
//! (`microshop_core::decode::plain_json`); for any other the caller uses core's
//! `parse_json`, so a value read here is the one `microshop check` reads.

use js_sys::{Array, Object};
use microshop_core::decode::plain_json;
use serde_json::{Map, Number, Value};
use wasm_bindgen::{JsCast, JsValue};

/// `text` parsed, when it is plain JSON (see above) that `JSON.parse` accepts.
pub fn parse(text: &str) -> Option<Value> {
    if !plain_json(text) {
        return None;
    }
    js_sys::JSON::parse(text).ok().map(|v| value(&v))
}

/// What `JSON.parse` made, as serde_json's value: its numbers are whole and exact here
/// (`plain_json`), so each is the integer serde_json reads.
fn value(v: &JsValue) -> Value {
    if let Some(s) = v.as_string() {
        Value::String(s)
    } else if let Some(n) = v.as_f64() {
        // Whole and within 15 digits: exact in both types.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let number = if n >= 0.0 {
            Number::from(n as u64)
        } else {
            Number::from(n as i64)
        };
        Value::Number(number)
    } else if let Some(b) = v.as_bool() {
        Value::Bool(b)
    } else if Array::is_array(v) {
        Value::Array(Array::from(v).iter().map(|item| value(&item)).collect())
    } else if v.is_object() {
        let mut map = Map::new();
        for entry in Object::entries(v.unchecked_ref::<Object>()).iter() {
            let pair = Array::from(&entry);
            map.insert(
                pair.get(0).as_string().unwrap_or_default(),
                value(&pair.get(1)),
            );
        }
        Value::Object(map)
    } else {
        Value::Null
    }
}
