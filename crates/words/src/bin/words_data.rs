//! Writes each language's data file (see `microshop_words::data`) under the folder
//! given, at the path the app fetches it from: `microshop-words-data dist` writes the
//! storefront's `dist/words/<tag>-<hash>.txt` (`Lang::data_file`, run by
//! scripts/split.mjs after Trunk's build); with the `seller` feature,
//! `microshop-words-data --seller dist/seller` writes the seller app's own
//! (`seller::data_file`, run by scripts/seller-wasm.mjs). English is compiled in and
//! has no file.

use microshop_words::Lang;
use std::path::PathBuf;

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let seller = args.first().is_some_and(|a| a == "--seller");
    if seller {
        args.remove(0);
    }
    let (Some(out), 1) = (args.first().map(PathBuf::from), args.len()) else {
        eprintln!("usage: microshop-words-data [--seller] <folder>");
        std::process::exit(2);
    };
    for lang in Lang::ALL {
        let (file, blob) = if seller {
            seller_file(lang)
        } else {
            (lang.data_file(), lang.data_blob())
        };
        let Some(blob) = blob else {
            continue;
        };
        if file.is_empty() {
            continue;
        }
        let path = out.join(file);
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| std::fs::write(&path, blob));
        if let Err(e) = written {
            eprintln!("cannot write {}: {e}", path.display());
            std::process::exit(1);
        }
    }
}

/// The seller app's data file of `lang` and its content.
#[cfg(feature = "seller")]
fn seller_file(lang: Lang) -> (&'static str, Option<String>) {
    use microshop_words::seller;
    (seller::data_file(lang), seller::data_blob(lang))
}

#[cfg(not(feature = "seller"))]
fn seller_file(_: Lang) -> (&'static str, Option<String>) {
    eprintln!("--seller needs the seller words: cargo run -p microshop-words --features seller --bin microshop-words-data -- --seller <folder>");
    std::process::exit(2);
}
