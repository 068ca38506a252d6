//! The core's modules form layers, and each imports only from layers below it:
//! a change that makes a lower layer reach up (or two modules of one layer reach
//! each other) fails here, before it turns into an import cycle.

use std::path::{Path, PathBuf};

/// Bottom first. A module may use modules of lower layers only.
const LAYERS: &[&[&str]] = &[
    &["money", "text", "problem", "locale"],
    &["rules"],
    &["theme"],
    &["manifest"],
    &["decode"],
    &["catalog"],
    &["cart", "checkout"],
    &["order"],
    &["delivery"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// Every `crate::name` in `source` (comments skipped), with its line number.
fn crate_references(source: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (n, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(i) = rest.find("crate::") {
            let after = &rest[i + "crate::".len()..];
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let braced = after.starts_with('{');
            if braced {
                // `use crate::{a, b::c}`: each name up to the closing brace.
                let inner = after[1..].split('}').next().unwrap_or("");
                for part in inner.split(',') {
                    let head = part.trim().split("::").next().unwrap_or("").trim();
                    if !head.is_empty() {
                        found.push((n + 1, head.to_owned()));
                    }
                }
            } else if !name.is_empty() {
                found.push((n + 1, name));
            }
            rest = &after[1.min(after.len())..];
        }
    }
    found
}

/// The top-level module a source file belongs to (`src/order/build.rs` -> `order`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(src).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_owned())
}

/// The imports of `module`'s `source` that break the layering, as messages.
fn violations(file: &str, module: &str, source: &str) -> Vec<String> {
    let Some(own) = layer_of(module) else {
        return vec![format!(
            "{file}: module `{module}` is in no layer; add it to LAYERS"
        )];
    };
    crate_references(source)
        .into_iter()
        .filter(|(_, name)| name != module)
        .filter_map(|(line, name)| match layer_of(&name) {
            Some(l) if l < own => None,
            Some(_) => Some(format!(
                "{file}:{line}: `{module}` uses `crate::{name}`, which is not in a lower layer"
            )),
            None => Some(format!(
                "{file}:{line}: `crate::{name}` is not a module of a layer (use the module path, not a re-export)"
            )),
        })
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn every_module_imports_only_from_lower_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 10, "found the sources in {}", src.display());
    let mut problems = Vec::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        if module == "lib" {
            continue;
        }
        let source = std::fs::read_to_string(&file).expect("readable source");
        let name = file
            .strip_prefix(&src)
            .unwrap_or(&file)
            .display()
            .to_string();
        problems.extend(violations(&name, &module, &source));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_catches_upward_and_sideways_imports() {
    let upward = "use crate::order::OrderProblem;\nfn f(x: crate::delivery::outbox::Outbox) {}";
    assert_eq!(violations("cart.rs", "cart", upward).len(), 2);
    let sideways = "use crate::{checkout::FieldError, money::Money};";
    assert_eq!(violations("cart.rs", "cart", sideways).len(), 1);
    let re_export = "use crate::decode_manifest;";
    assert_eq!(violations("feed.rs", "catalog", re_export).len(), 1);
    let fine = "use crate::money::Money; // crate::order in a comment\nuse crate::cart::Cart;";
    assert!(violations("order/build.rs", "order", fine).is_empty());
    assert_eq!(violations("x.rs", "nowhere", "").len(), 1);
}
