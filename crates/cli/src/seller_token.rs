//! `microshop seller-token`: the seller's secret (made once, from the operating
//! system's random source, into a file only its owner reads) and a one-time sign-in
//! link with a QR code for the phone. The link's token is kept in the store as its
//! SHA-256, works once, on any instance sharing the database, until it expires.

use crate::store::{now_ms, sha256_hex, Location, Store};
use qrcodegen::{QrCode, QrCodeEcc};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// Where the secret goes unless told otherwise.
pub const DEFAULT_SECRET_FILE: &str = ".microshop/seller-secret";

/// Random bytes in a secret: 160 bits, more than the 128 a guess must beat.
const SECRET_BYTES: usize = 20;

/// What `seller-token` was asked.
pub struct Options {
    pub db: Location,
    pub base_url: String,
    pub secret_file: Option<PathBuf>,
    pub new_secret: bool,
    pub print_secret: bool,
    pub minutes: u32,
    pub link: bool,
}

pub fn run(options: &Options) -> Result<(), String> {
    if !(1..=1440).contains(&options.minutes) {
        return Err(format!(
            "--minutes {}: a link works from 1 minute to 1440 (a day)",
            options.minutes
        ));
    }
    let origin = origin_of(&options.base_url)?;
    let mut out = std::io::stdout();
    let from_env = std::env::var_os("MICROSHOP_SELLER_SECRET").is_some();
    if options.print_secret {
        let secret = new_secret()?;
        writeln!(out, "seller secret: {secret}").map_err(|e| e.to_string())?;
        writeln!(
            out,
            "It was not written anywhere: keep it like a password and give it to serve with --seller-secret-file (a file holding it) or MICROSHOP_SELLER_SECRET."
        )
        .map_err(|e| e.to_string())?;
    } else if from_env && options.secret_file.is_none() && !options.new_secret {
        writeln!(
            out,
            "The seller secret comes from MICROSHOP_SELLER_SECRET; no file was made."
        )
        .map_err(|e| e.to_string())?;
    } else {
        let path = options
            .secret_file
            .clone()
            .unwrap_or_else(|| PathBuf::from(DEFAULT_SECRET_FILE));
        if path.exists() && !options.new_secret {
            writeln!(
                out,
                "The seller secret is in {} (kept; --new-secret replaces it).",
                path.display()
            )
            .map_err(|e| e.to_string())?;
        } else {
            write_secret(&path, &new_secret()?, options.new_secret)?;
            writeln!(
                out,
                "A new seller secret was written to {} (only you can read it).\nStart the shop with: microshop serve --seller-secret-file {} …",
                path.display(),
                path.display()
            )
            .map_err(|e| e.to_string())?;
        }
    }
    if !options.new_secret && !options.link {
        return Ok(());
    }
    let store = Store::open(&options.db).map_err(|e| format!("{}: {e}", options.db.describe()))?;
    if options.new_secret {
        let ended = store
            .delete_all_sessions()
            .map_err(|e| format!("{}: {e}", options.db.describe()))?;
        // A link does not depend on the secret: one left unused on the lost phone
        // would sign its finder in after every device was signed out.
        let links = store
            .delete_unused_links()
            .map_err(|e| format!("{}: {e}", options.db.describe()))?;
        writeln!(
            out,
            "Signed out every device ({ended} session(s)) and cancelled {links} unused sign-in link(s); restart serve so it uses the new secret."
        )
        .map_err(|e| e.to_string())?;
    }
    if !options.link {
        return Ok(());
    }
    let token = hex(&random::<16>()?);
    let now = now_ms();
    let expires = now + i64::from(options.minutes) * 60_000;
    store
        .create_sign_in_link(&sha256_hex(&token), now, expires)
        .map_err(|e| format!("{}: {e}", options.db.describe()))?;
    let link = format!("{origin}/_seller/signin/{token}");
    let qr = QrCode::encode_text(&link, QrCodeEcc::Medium)
        .map_err(|e| format!("the link does not fit a QR code: {e:?}"))?;
    let colour = out.is_terminal();
    writeln!(
        out,
        "\nSign in on your phone: scan this code, or open the link. It works once, for {} minutes (until {} UTC).",
        options.minutes,
        crate::store::clock::ms_rfc3339(expires).get(11..16).unwrap_or("")
    )
    .map_err(|e| e.to_string())?;
    for line in qr_lines(&qr) {
        if colour {
            // Light modules on black, whatever the terminal's own colours.
            writeln!(out, "\x1b[97;40m{line}\x1b[0m")
        } else {
            writeln!(out, "{line}")
        }
        .map_err(|e| e.to_string())?;
    }
    writeln!(out, "{link}").map_err(|e| e.to_string())?;
    writeln!(
        out,
        "Whoever opens it first is signed in: do not share it or paste it into a chat (a chat app's link preview would use it up)."
    )
    .map_err(|e| e.to_string())?;
    Ok(())
}

/// `http://host:port` of a base URL (the desk is at the origin's `/_seller/`).
fn origin_of(base_url: &str) -> Result<String, String> {
    let rest = base_url
        .strip_prefix("https://")
        .map(|r| ("https", r))
        .or_else(|| base_url.strip_prefix("http://").map(|r| ("http", r)));
    let Some((scheme, rest)) = rest else {
        return Err(format!(
            "--base-url {base_url}: write the shop's address as the phone reaches it, starting with http:// or https://"
        ));
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty()
        || host.contains('@')
        || host.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(format!("--base-url {base_url}: no host in it"));
    }
    Ok(format!("{scheme}://{host}"))
}

fn random<const N: usize>() -> Result<[u8; N], String> {
    let mut bytes = [0u8; N];
    getrandom::getrandom(&mut bytes).map_err(|e| format!("no randomness: {e}"))?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A secret: 160 random bits in lower-case Crockford base32 (no i, l, o, u to
/// misread), in groups of four, easy to type on a phone.
fn new_secret() -> Result<String, String> {
    const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";
    let bytes = random::<SECRET_BYTES>()?;
    let mut bits: u64 = 0;
    let mut held = 0;
    let mut chars = String::new();
    for byte in bytes {
        bits = (bits << 8) | u64::from(byte);
        held += 8;
        while held >= 5 {
            held -= 5;
            let index = usize::try_from((bits >> held) & 31).unwrap_or(0);
            chars.push(char::from(ALPHABET[index]));
        }
    }
    let groups: Vec<String> = chars
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect();
    Ok(groups.join("-"))
}

/// Writes the secret readable by its owner only; replaces an existing file only
/// when asked (through a new file and a rename, so it is never half-written).
fn write_secret(path: &Path, secret: &str, replace: bool) -> Result<(), String> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
    }
    let target = if replace {
        path.with_extension("new")
    } else {
        path.to_path_buf()
    };
    let mut options = std::fs::OpenOptions::new();
    options.write(true);
    if replace {
        options.create(true).truncate(true);
    } else {
        options.create_new(true);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options
        .open(&target)
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // An existing `.new` file keeps its mode on open: set it.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))
            .map_err(|e| format!("cannot restrict {}: {e}", target.display()))?;
    }
    file.write_all(format!("{secret}\n").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", target.display()))?;
    if replace {
        std::fs::rename(&target, path)
            .map_err(|e| format!("cannot replace {}: {e}", path.display()))?;
    }
    Ok(())
}

/// The code in Unicode half blocks, two rows of modules per line, light modules
/// drawn (a dark terminal's text colour), with the standard quiet zone of 4.
fn qr_lines(qr: &QrCode) -> Vec<String> {
    const QUIET: i32 = 4;
    let size = qr.size();
    let light = |x: i32, y: i32| !qr.get_module(x, y);
    let mut lines = Vec::new();
    let mut y = -QUIET;
    while y < size + QUIET {
        let line: String = (-QUIET..size + QUIET)
            .map(|x| match (light(x, y), light(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            })
            .collect();
        lines.push(line);
        y += 2;
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_random_and_typeable() {
        let a = new_secret().expect("random");
        let b = new_secret().expect("random");
        assert_ne!(a, b);
        assert_eq!(a.replace('-', "").len(), 32, "{a}: 160 bits in base32");
        assert!(a
            .chars()
            .all(|c| c == '-' || c.is_ascii_digit() || c.is_ascii_lowercase()));
        assert!(!a.contains(['i', 'l', 'o', 'u']));
    }

    #[test]
    fn the_link_goes_to_the_origin() {
        assert_eq!(
            origin_of("https://shop.example/teashop/").expect("ok"),
            "https://shop.example"
        );
        assert_eq!(
            origin_of("http://192.168.1.5:8080").expect("ok"),
            "http://192.168.1.5:8080"
        );
        assert!(origin_of("shop.example").is_err());
        assert!(origin_of("https://").is_err());
        assert!(origin_of("https://user@evil.example").is_err());
    }

    #[test]
    fn the_qr_code_reads_back_as_drawn() {
        let qr = QrCode::encode_text(
            "http://127.0.0.1:8080/_seller/signin/0123",
            QrCodeEcc::Medium,
        )
        .expect("fits");
        let lines = qr_lines(&qr);
        let width = usize::try_from(qr.size() + 8).expect("size");
        assert!(lines.iter().all(|l| l.chars().count() == width));
        assert_eq!(lines.len(), width.div_ceil(2));
        // The quiet zone is light (drawn); the finder pattern's corner is dark.
        assert!(lines[0].chars().all(|c| c == '█'));
        assert!(lines[1].chars().all(|c| c == '█'));
        let modules_0_and_1: Vec<char> = lines[2].chars().collect();
        assert_eq!(modules_0_and_1[3], '█', "x = -1 is quiet zone");
        assert_eq!(modules_0_and_1[4], ' ', "(0, 0) and (0, 1) are dark");
    }

    #[cfg(unix)]
    #[test]
    fn the_secret_file_is_for_its_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("microshop-secret-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let path = dir.join("nested/seller-secret");
        write_secret(&path, "first", false).expect("written");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        assert!(
            write_secret(&path, "second", false).is_err(),
            "kept unless replaced"
        );
        write_secret(&path, "second", true).expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "second\n");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
