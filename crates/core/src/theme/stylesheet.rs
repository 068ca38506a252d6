//! What the seller's extra stylesheet (`theme.stylesheet`) would load from another
//! host. The shop promises no asset from a remote host, so `microshop check` (and
//! `publish`, which checks first) refuses, with its line:
//!
//! - `@import` of anything but a path on the shop's own host (no scheme, `data:`
//!   included, since an imported `data:` stylesheet could itself import; no `//host`);
//! - `url(...)`, `src(...)` and the strings and urls in `image-set(...)` /
//!   `-webkit-image-set(...)` whose target has a scheme other than `data:` or starts
//!   with `//` (a `data:` image or font is inside the stylesheet and loads nothing).
//!
//! Comments are skipped; CSS escapes (`u\72l(`, `"http\3a //"`) are decoded first,
//! and a backslash counts as a slash in a target, as browsers read it. Relative urls
//! to the seller's own files (`url(fonts/slab.woff2)`) pass.

/// One thing a stylesheet would load from elsewhere: its line (from 1) and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteLoad {
    pub line: usize,
    pub message: String,
}

/// Everything in `css` that would load from another host, in order.
pub fn remote_loads(css: &str) -> Vec<RemoteLoad> {
    let mut scan = Scan {
        c: css.chars().collect(),
        i: 0,
        line: 1,
    };
    let mut found = Vec::new();
    // Open brackets: the function each belongs to ("" for a plain bracket).
    let mut stack: Vec<String> = Vec::new();
    // Inside an `@import` prelude (until `;` or `{`).
    let mut importing = false;
    while let Some(ch) = scan.peek() {
        if ch == '/' && scan.at(1) == Some('*') {
            scan.i += 2;
            while scan.peek().is_some() && !(scan.peek() == Some('*') && scan.at(1) == Some('/')) {
                scan.bump();
            }
            scan.i += 2;
        } else if ch == '"' || ch == '\'' {
            let line = scan.line;
            let text = scan.string(ch);
            let form = form(&stack, importing, false);
            if let Some(form) = form {
                found.extend(judge(form, &text, line));
            }
        } else if ch == '@' {
            scan.i += 1;
            if scan.ident().eq_ignore_ascii_case("import") {
                importing = true;
            }
        } else if is_ident_start(ch) {
            let name = scan.ident().to_ascii_lowercase();
            if scan.peek() != Some('(') {
                continue;
            }
            scan.i += 1;
            if name == "url" || name == "src" {
                scan.skip_space();
                if !matches!(scan.peek(), Some('"' | '\'')) {
                    let line = scan.line;
                    let target = scan.raw_url();
                    if let Some(form) = form(&stack, importing, true) {
                        found.extend(judge(form, &target, line));
                    }
                    continue;
                }
            }
            stack.push(name);
        } else {
            match ch {
                '(' => stack.push(String::new()),
                ')' => {
                    stack.pop();
                }
                ';' | '{' | '}' => {
                    importing = false;
                    stack.clear();
                }
                _ => {}
            }
            scan.bump();
        }
    }
    found
}

/// The form a target at this point is loaded by, if it is loaded at all: a string
/// or url in an `@import`, in `url(`/`src(`, or in an `image-set(`.
fn form(stack: &[String], importing: bool, in_url: bool) -> Option<&'static str> {
    let top = stack.last().map(String::as_str);
    let url = in_url || matches!(top, Some("url" | "src"));
    if importing && (stack.is_empty() || (url && stack.len() == 1)) {
        Some("@import")
    } else if stack
        .iter()
        .any(|f| f == "image-set" || f == "-webkit-image-set")
    {
        Some("image-set(")
    } else if url {
        Some("url(")
    } else {
        None
    }
}

/// Why `target`, loaded by `form`, is refused, if it is.
fn judge(form: &str, target: &str, line: usize) -> Option<RemoteLoad> {
    // As a browser's URL parser reads it: tabs and newlines dropped, spaces and
    // controls trimmed, backslashes as slashes.
    let url: String = target
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    let url = url.trim_matches(|c: char| c <= ' ');
    let scheme = url.split_once(':').and_then(|(s, _)| {
        let ok = s.starts_with(|c: char| c.is_ascii_alphabetic())
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        ok.then(|| s.to_ascii_lowercase())
    });
    let other_host = url.starts_with("//") || scheme.as_deref().is_some_and(|s| s != "data");
    let message = if form == "@import" && (other_host || scheme.is_some()) {
        format!(
            "@import \"{target}\" loads a stylesheet from {}; import only your own files by a relative path (\"more.css\"), or put the rules in this file",
            if other_host { "another host" } else { "a data: URL, which may import from another host" }
        )
    } else if other_host {
        let fix = if form == "@import" {
            ""
        } else {
            " (fonts: theme.fonts or url(\"fonts/x.woff2\"); images: url(\"images/x.png\"))"
        };
        format!(
            "{form} \"{target}\" loads from another host; a shop loads nothing from other sites: put the file next to the manifest and name it by a relative path{fix}"
        )
    } else {
        return None;
    };
    Some(RemoteLoad { line, message })
}

fn is_ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '-' | '_' | '\\') || !c.is_ascii()
}

struct Scan {
    c: Vec<char>,
    i: usize,
    line: usize,
}

impl Scan {
    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn at(&self, ahead: usize) -> Option<char> {
        self.c.get(self.i + ahead).copied()
    }

    /// Moves past one character, counting lines.
    fn bump(&mut self) -> Option<char> {
        let ch = self.peek()?;
        if ch == '\n' {
            self.line += 1;
        }
        self.i += 1;
        Some(ch)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// After a backslash: the escaped character (hex escapes decoded), or None for
    /// an escaped newline (a line continuation in a string).
    fn escape(&mut self) -> Option<char> {
        let mut hex = String::new();
        while hex.len() < 6 && self.peek().is_some_and(|c| c.is_ascii_hexdigit()) {
            hex.extend(self.bump());
        }
        if hex.is_empty() {
            return match self.bump() {
                Some('\n') | None => None,
                other => other,
            };
        }
        if self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
        let code = u32::from_str_radix(&hex, 16).unwrap_or(0);
        Some(
            char::from_u32(code)
                .filter(|c| *c != '\0')
                .unwrap_or('\u{fffd}'),
        )
    }

    /// An identifier (escapes decoded); stops before anything else.
    fn ident(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.peek() {
            if c == '\\' {
                self.bump();
                out.extend(self.escape());
            } else if c.is_ascii_alphanumeric() || matches!(c, '-' | '_') || !c.is_ascii() {
                out.push(c);
                self.bump();
            } else {
                break;
            }
        }
        out
    }

    /// A string opened by `quote` (escapes decoded), ending at its closing quote or line.
    fn string(&mut self, quote: char) -> String {
        self.bump();
        let mut out = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => out.extend(self.escape()),
                '\n' => break,
                c if c == quote => break,
                c => out.push(c),
            }
        }
        out
    }

    /// An unquoted url's text up to and past its `)` (escapes decoded).
    fn raw_url(&mut self) -> String {
        let mut out = String::new();
        while let Some(c) = self.bump() {
            match c {
                '\\' => out.extend(self.escape()),
                ')' => break,
                c => out.push(c),
            }
        }
        out.trim_end().to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::remote_loads;

    #[test]
    fn lines_are_counted_through_comments_and_strings() {
        let css = "/* a\nb */\n.a { content: \"x\\\ny\"; }\n.b { background: url(https://h.example/x.png) }";
        let found = remote_loads(css);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].line, 5);
    }

    #[test]
    fn escaped_schemes_are_seen() {
        assert_eq!(
            remote_loads(".a{background:url(\"http\\3a //h.example/x\")}").len(),
            1
        );
        assert_eq!(
            remote_loads("@\\69mport 'https://h.example/x.css';").len(),
            1
        );
    }
}
