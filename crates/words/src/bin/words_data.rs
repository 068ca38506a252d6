//! Writes each language's data file (see `microshop_words::data`) under the folder
//! given, at the path the storefront fetches it from (`Lang::data_file`):
//! `microshop-words-data dist` writes `dist/words/<tag>-<hash>.txt`. Run by
//! scripts/split.mjs after Trunk's build; English is compiled in and has no file.

use microshop_words::Lang;
use std::path::PathBuf;

fn main() {
    let Some(out) = std::env::args().nth(1).map(PathBuf::from) else {
        eprintln!("usage: microshop-words-data <folder>");
        std::process::exit(2);
    };
    for lang in Lang::ALL {
        let (file, Some(blob)) = (lang.data_file(), lang.data_blob()) else {
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
