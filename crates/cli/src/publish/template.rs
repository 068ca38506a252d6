//! Trunk's `dist/index.html` as the template of every page: its asset URLs moved
//! under the base path, the tags each page writes itself taken out, and the places
//! where a page's head and first screen go.

use std::collections::BTreeSet;
use std::path::Path;

/// The template, rebased, with the per-page tags removed.
pub struct Template {
    html: String,
    /// The template's own `theme-color`, used when the shop's theme sets none.
    pub theme_color: Option<String>,
}

/// Whether a start tag is the one wanted.
type TagTest = fn(&str) -> bool;

/// What one page puts into the template.
pub struct Fill<'a> {
    /// `<html lang>`.
    pub lang: &'a str,
    /// More attributes of `<html>`: the theme's preset and layout options.
    pub html_attributes: &'a [(&'static str, &'static str)],
    /// Tags right after `<meta charset>`: title, description, canonical, Open Graph.
    pub head: &'a str,
    /// Tags at the end of the head, after the stylesheets they must override.
    pub head_end: &'a str,
    /// New content of `#boot`, or `None` to keep the loading skeleton.
    pub boot: Option<&'a str>,
}

impl Template {
    /// The template as pages are made from it (a part of their inputs).
    pub fn source(&self) -> &str {
        &self.html
    }

    /// Reads `dist/index.html` and rebases every absolute URL that names one of
    /// dist's own files (`/app-<hash>.css`, the JS glue and wasm, `/shop.json`,
    /// `/images/...`) under `base_path` (`/teashop/`).
    pub fn load(dist: &Path, base_path: &str) -> Result<Template, String> {
        let index = dist.join("index.html");
        let html = std::fs::read_to_string(&index).map_err(|e| {
            format!(
                "cannot read {}: {e} (build the storefront first: trunk build --release)",
                index.display()
            )
        })?;
        let names = top_level_names(dist)?;
        let mut html = super::loader::defer_app_start(&rebase(&html, &names, base_path));
        let theme_color = find_tag(&html, "<meta", |t| attr(t, "name") == Some("theme-color"))
            .and_then(|(s, e)| attr(&html[s..e], "content").map(str::to_owned));
        // The tags every page writes for itself; the template's would be duplicates.
        let own: [(&str, TagTest); 5] = [
            ("<meta", |t| attr(t, "name") == Some("description")),
            ("<meta", |t| attr(t, "name") == Some("theme-color")),
            ("<meta", |t| attr(t, "name") == Some("microshop-manifest")),
            ("<meta", |t| attr(t, "name") == Some("microshop-base")),
            ("<link", |t| {
                attr(t, "rel") == Some("preload")
                    && attr(t, "as") == Some("fetch")
                    && attr(t, "href").is_some_and(|h| h.ends_with("shop.json"))
            }),
        ];
        for (open, is_own) in own {
            while let Some((start, end)) = find_tag(&html, open, is_own) {
                // With the line break and the next line's indentation: no blank lines.
                let rest = &html[end..];
                let end = end + rest.len() - rest.trim_start_matches([' ', '\n']).len();
                html.replace_range(start..end, "");
            }
        }
        if let Some(start) = html.find("<title>") {
            let end = html[start..]
                .find("</title>")
                .map(|e| start + e + "</title>".len())
                .ok_or_else(|| format!("{}: <title> is not closed", index.display()))?;
            html.replace_range(start..end, "");
        }
        for (needle, what) in [
            ("<meta charset", "<meta charset=\"utf-8\">"),
            ("</head>", "</head>"),
            ("<html", "<html>"),
        ] {
            if !html.contains(needle) {
                return Err(format!(
                    "{} has no {what}: is it Trunk's output?",
                    index.display()
                ));
            }
        }
        Ok(Template { html, theme_color })
    }

    /// One page.
    pub fn fill(&self, fill: &Fill) -> String {
        let mut html = self.html.clone();
        if let Some(head_end) = html.find("</head>") {
            html.insert_str(head_end, fill.head_end);
        }
        if let Some((_, end)) = find_tag(&html, "<meta charset", |_| true) {
            html.insert_str(end, fill.head);
        }
        if let Some((start, end)) = find_tag(&html, "<html", |_| true) {
            let mut lang = format!("<html lang=\"{}\"", super::escape::html(fill.lang));
            // A right-to-left default locale turns the page from its first paint.
            if microshop_core::locale::is_rtl(fill.lang) {
                lang.push_str(" dir=\"rtl\"");
            }
            for (name, value) in fill.html_attributes {
                lang.push_str(&format!(" {name}=\"{}\"", super::escape::html(value)));
            }
            lang.push('>');
            html.replace_range(start..end, &lang);
        }
        if let Some(boot) = fill.boot {
            if let Some((start, end)) = boot_element(&html) {
                // Only the wrapper stays: the app removes `#boot` when it mounts. The
                // skeleton's `page` class and `aria-busy` go, since the content is real
                // and brings its own `.page` (banner, `main`).
                // `data-locale` tells the app which language the screen is in, so it
                // takes over in that language first (see src/app.rs).
                html.replace_range(
                    start..end,
                    &format!(
                        "<div id=\"boot\" data-locale=\"{}\">{boot}</div>",
                        super::escape::html(fill.lang)
                    ),
                );
            }
        }
        html
    }
}

/// The names directly in dist (`app-<hash>.css`, `images`, `shop.json`).
fn top_level_names(dist: &Path) -> Result<BTreeSet<String>, String> {
    let entries =
        std::fs::read_dir(dist).map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
    let mut names = BTreeSet::new();
    for entry in entries {
        let entry = entry.map_err(|e| format!("cannot list {}: {e}", dist.display()))?;
        if let Some(name) = entry.file_name().to_str() {
            names.insert(name.to_owned());
        }
    }
    Ok(names)
}

/// Rewrites `"/name...` and `'/name...` to `"/base/name...` where `name` is one of
/// dist's own files or folders (followed by `/`, `?`, `#` or the closing quote), so
/// the page's links, the module script's imports and the preloads all move, and
/// nothing else does.
pub fn rebase(html: &str, names: &BTreeSet<String>, base_path: &str) -> String {
    if base_path == "/" {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len() + 256);
    let mut rest = html;
    while let Some(i) = rest.find(['"', '\'']) {
        let quote = &rest[i..=i];
        out.push_str(&rest[..=i]);
        rest = &rest[i + 1..];
        if let Some(path) = rest.strip_prefix('/') {
            let name_end = path.find(['/', '?', '#', '"', '\'']).unwrap_or(path.len());
            let ends_right = path[name_end..].starts_with(['/', '?', '#'])
                || path[name_end..].starts_with(quote);
            if ends_right && names.contains(&path[..name_end]) {
                out.push_str(base_path);
                rest = path;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The first start tag beginning with `open` (`<meta`) that `is_it` accepts, as a
/// byte range including its `>` and one line break after it.
fn find_tag(html: &str, open: &str, is_it: impl Fn(&str) -> bool) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(found) = html[from..].find(open) {
        let start = from + found;
        let end = start + html[start..].find('>')? + 1;
        if is_it(&html[start..end]) {
            return Some((start, end));
        }
        from = end;
    }
    None
}

/// An attribute's value in a start tag written as Trunk writes them (`name="v"`).
fn attr<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let needle = format!(" {name}=\"");
    let start = tag.find(&needle)? + needle.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The byte range of the whole `<div id="boot" ...>...</div>` element, nested divs
/// counted.
fn boot_element(html: &str) -> Option<(usize, usize)> {
    let start = html.find("<div id=\"boot\"")?;
    let mut depth = 0usize;
    let mut at = start;
    loop {
        let next_open = html[at..].find("<div").map(|i| at + i);
        let next_close = html[at..].find("</div>").map(|i| at + i)?;
        match next_open {
            Some(open) if open < next_close => {
                depth += 1;
                at = open + "<div".len();
            }
            _ => {
                depth -= 1;
                at = next_close + "</div>".len();
                if depth == 0 {
                    return Some((start, at));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rebases_only_urls_of_dist_files() {
        let names: BTreeSet<String> = ["app-1.css", "shop.json", "images", "m-2.js"]
            .into_iter()
            .map(str::to_owned)
            .collect();
        let html = r#"<link href="/app-1.css"><meta content="/shop.json"><img src='/images/a.svg'>
import init from '/m-2.js'; <a href="/other">x</a> <a href="/app-1.cssx">"#;
        assert_eq!(
            rebase(html, &names, "/teashop/"),
            r#"<link href="/teashop/app-1.css"><meta content="/teashop/shop.json"><img src='/teashop/images/a.svg'>
import init from '/teashop/m-2.js'; <a href="/other">x</a> <a href="/app-1.cssx">"#
        );
    }

    #[test]
    fn finds_the_whole_boot_element() {
        let html = r#"<body><div id="boot" class="page"><div class="a"></div><ul><li><div></div></li></ul></div><noscript></noscript>"#;
        let (s, e) = boot_element(html).expect("found");
        assert_eq!(&html[e..], "<noscript></noscript>");
        assert!(html[s..e].starts_with("<div id=\"boot\""));
    }
}
