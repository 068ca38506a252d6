//! Tests of the studio's writes against the shop `serve` gives buyers.
use super::{Studio, Written};
use crate::serve::shop::CurrentShop;
use serde_json::Value;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

struct Scratch(std::path::PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn served_name(shop: &CurrentShop) -> String {
    let serving = shop.recent();
    let text = serving.reading.text.as_deref().unwrap_or_default();
    let served: Value = serde_json::from_str(text).unwrap_or_default();
    served["seller"]["name"]["en"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

/// "Saved. Buyers see it now." must be true when it is said: a request for
/// /shop.json that arrives while another request happens to be reading the files
/// gets the last reading (`CurrentShop::recent`), so the save itself makes that
/// reading the saved shop before it answers. (Flake run final-4: the studio's undo
/// test read the old name right after "Saved" under load.)
#[test]
fn after_a_save_or_an_undo_buyers_are_served_what_was_written() {
    let dir = std::env::temp_dir().join(format!("microshop-studio-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    let _clean = Scratch(dir.clone());
    let manifest = dir.join("shop.json");
    let text = include_str!("../../../../core/tests/fixtures/minimal.json");
    std::fs::write(&manifest, text).expect("writes");
    std::fs::write(
        dir.join("images/avatar.svg"),
        "<svg xmlns='http://www.w3.org/2000/svg'/>",
    )
    .expect("writes");
    // An hour old, so the first reading is trusted (not racy) until the save.
    std::fs::File::options()
        .write(true)
        .open(&manifest)
        .and_then(|f| f.set_modified(SystemTime::now() - Duration::from_secs(3600)))
        .expect("sets mtime");
    let shop = Arc::new(CurrentShop::new(manifest.clone()));
    assert_eq!(served_name(&shop), "Tiny shop");

    let studio = Studio::new(manifest.clone(), true, None, Arc::clone(&shop));
    let (_, version) = studio.current().expect("reads");
    let mut edited: Value = serde_json::from_str(text).expect("json");
    edited["seller"]["name"]["en"] = Value::from("Tiny shop, renamed");
    let pretty = serde_json::to_string_pretty(&edited).expect("json");
    let Ok(Written::Done { version, .. }) = studio.save(&edited, pretty, &version) else {
        panic!("the save is refused");
    };
    {
        // Another request reading the files now: buyers get the last reading.
        let _reading = shop.hold_reading();
        assert_eq!(served_name(&shop), "Tiny shop, renamed");
    }

    let Ok(Written::Done { .. }) = studio.undo(&version) else {
        panic!("the undo is refused");
    };
    let _reading = shop.hold_reading();
    assert_eq!(served_name(&shop), "Tiny shop");
}
