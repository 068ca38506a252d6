//! Tests of the shop cache: when files are read again, and what the seller is told.
use super::{read, report, CurrentShop};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

struct Scratch(PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(path: &std::path::Path, text: &str, modified: SystemTime) {
    std::fs::write(path, text).expect("writes");
    std::fs::File::options()
        .write(true)
        .open(path)
        .and_then(|f| f.set_modified(modified))
        .expect("sets mtime");
}

#[test]
fn reads_again_only_when_a_stamp_changes_or_an_edit_was_racy() {
    let dir = std::env::temp_dir().join(format!("microshop-shop-cache-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    let _clean = Scratch(dir.clone());
    let manifest = dir.join("shop.json");
    let text = include_str!("../../../core/tests/fixtures/minimal.json");
    let hour_ago = SystemTime::now() - Duration::from_secs(3600);
    write(&manifest, text, hour_ago);

    let shop = CurrentShop::new(manifest.clone());
    let first = shop.latest();
    assert!(first.shop.is_ok());
    assert!(
        Arc::ptr_eq(&first, &shop.latest()),
        "unchanged files are not read again"
    );
    assert!(
        first.files.contains("images/avatar.svg"),
        "{:?}",
        first.files
    );

    // Same size, one second later: the modification time alone tells.
    write(
        &manifest,
        &text.replace("12.50", "13.50"),
        hour_ago + Duration::from_secs(1),
    );
    let second = shop.latest();
    assert!(!Arc::ptr_eq(&first, &second));

    // Edited just now: read again on the next request too, since another edit
    // within the clock's granularity would not change the stamp.
    write(&manifest, text, SystemTime::now());
    let third = shop.latest();
    assert!(
        !Arc::ptr_eq(&third, &shop.latest()),
        "a racy reading is not trusted"
    );
}

#[test]
fn the_seller_is_told_once_per_change() {
    let dir = std::env::temp_dir().join(format!("microshop-shop-report-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("images")).expect("dir");
    let _clean = Scratch(dir.clone());
    std::fs::write(dir.join("images/avatar.svg"), "<svg/>").expect("avatar");
    let manifest = dir.join("shop.json");
    let text = include_str!("../../../core/tests/fixtures/minimal.json");
    std::fs::write(&manifest, text).expect("writes");
    let valid = read(&manifest);
    assert!(report(&manifest, None, &valid, None).is_empty());

    std::fs::write(&manifest, text.replace("\"12.50\"", "\"28元\"")).expect("breaks");
    let broken = read(&manifest);
    let told = report(&manifest, Some(&valid), &broken, Some(&valid));
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told[0].contains("has 1 problem; buyers still see the last valid version (read 20"),
        "{}",
        told[0]
    );
    assert!(
        told[1].starts_with("  error: catalog.products[0] (green).price: \"28元\""),
        "{}",
        told[1]
    );
    // Read again with the same problems (saved twice, a racy re-read): said once.
    let again = read(&manifest);
    assert!(report(&manifest, Some(&broken), &again, Some(&valid)).is_empty());
    let never = report(&manifest, None, &broken, None);
    assert!(
        never[0].ends_with("orders will be refused until it is fixed:"),
        "{}",
        never[0]
    );

    std::fs::write(&manifest, text).expect("fixes");
    let fixed = read(&manifest);
    let told = report(&manifest, Some(&again), &fixed, Some(&valid));
    assert_eq!(
        told,
        vec![format!(
            "{} is fixed; buyers see it now",
            manifest.display()
        )]
    );
}
