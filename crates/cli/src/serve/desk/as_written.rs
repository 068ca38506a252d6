//! A studio save written as the seller wrote the file: the new manifest is laid
//! onto shop.json's own text, so keys keep their order, every value that did not
//! change keeps its bytes (spacing, escapes, how a number was spelled), and one
//! price changed is one line changed.
//!
//! Why here and not with serde_json's `preserve_order` feature: that feature
//! changes the maps of every crate that uses serde_json (core's receipt canonical
//! form relies on sorted keys), so the studio's save path edits the text instead,
//! with a small reader that remembers where each value lies. Whatever it writes is
//! read back and compared with the manifest asked for; on any doubt the caller
//! writes the manifest pretty-printed, as before.

use serde_json::{Map, Value};

/// Deeper than this is not edited (serde_json refuses more than 128 anyway).
const MAX_DEPTH: usize = 128;

/// `new` written over `original`'s layout, or `None` when that cannot be done
/// (the file is not JSON, has a key twice, or the result would not read as `new`).
pub fn rewrite(original: &str, new: &Value) -> Option<String> {
    let mut reader = Reader {
        text: original,
        at: 0,
    };
    // A byte order mark and the space around the document stay as they are.
    reader.at = original.len() - original.trim_start_matches('\u{feff}').len();
    reader.space();
    let root = reader.node(0)?;
    reader.space();
    if reader.at != original.len() {
        return None;
    }
    let unit = indent_unit(original, &root);
    let style = Style {
        multiline: original[root.start..root.end].contains('\n'),
        colon: colon_of(original, &root),
        unit,
    };
    let mut out = String::with_capacity(original.len() + 64);
    out.push_str(&original[..root.start]);
    Writer {
        text: original,
        style: &style,
    }
    .edit(&root, new, &mut out);
    out.push_str(&original[root.end..]);
    let back: Value = serde_json::from_str(out.trim_start_matches('\u{feff}')).ok()?;
    (back == *new).then_some(out)
}

/// A value in the text: where it lies, what it is, and its parts.
struct Node {
    start: usize,
    end: usize,
    value: Value,
    shape: Shape,
}

enum Shape {
    Scalar,
    /// Members in the order written; the space before the closing bracket.
    Object(Vec<Member>, (usize, usize)),
    /// Elements in the order written; the space before the closing bracket.
    Array(Vec<Element>, (usize, usize)),
}

struct Member {
    key: String,
    /// From after `{` or `,` to the value: space, the key as written, the colon.
    head: (usize, usize),
    /// Where the key's quote opens (the space before it is `head.0..key_at`).
    key_at: usize,
    value: Node,
    /// Space between the value and the next comma.
    after: (usize, usize),
}

struct Element {
    head: (usize, usize),
    value: Node,
    after: (usize, usize),
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let start = self.at;
        match self.peek()? {
            b'{' => self.object(start, depth),
            b'[' => self.array(start, depth),
            b'"' => {
                self.string()?;
                self.scalar(start)
            }
            _ => {
                while matches!(
                    self.peek(),
                    Some(b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E' | b'a'..=b'z')
                ) {
                    self.at += 1;
                }
                self.scalar(start)
            }
        }
    }

    fn scalar(&self, start: usize) -> Option<Node> {
        let value = serde_json::from_str(self.text.get(start..self.at)?).ok()?;
        Some(Node {
            start,
            end: self.at,
            value,
            shape: Shape::Scalar,
        })
    }

    /// Past a string, escapes included.
    fn string(&mut self) -> Option<()> {
        self.at += 1;
        loop {
            match self.peek()? {
                b'"' => {
                    self.at += 1;
                    return Some(());
                }
                b'\\' => self.at += 2,
                _ => self.at += 1,
            }
        }
    }

    fn object(&mut self, start: usize, depth: usize) -> Option<Node> {
        self.at += 1;
        let mut members = Vec::new();
        let mut map = Map::new();
        let mut head_start = self.at;
        self.space();
        if self.peek()? == b'}' {
            let tail = (head_start, self.at);
            self.at += 1;
            return Some(Node {
                start,
                end: self.at,
                value: Value::Object(map),
                shape: Shape::Object(members, tail),
            });
        }
        loop {
            self.space();
            let key_at = self.at;
            if self.peek()? != b'"' {
                return None;
            }
            self.string()?;
            let key: String = serde_json::from_str(self.text.get(key_at..self.at)?).ok()?;
            self.space();
            if self.peek()? != b':' {
                return None;
            }
            self.at += 1;
            self.space();
            let head = (head_start, self.at);
            let value = self.node(depth + 1)?;
            let value_end = self.at;
            self.space();
            // A key written twice: serde_json keeps the last, an edit could not say which.
            if map.insert(key.clone(), value.value.clone()).is_some() {
                return None;
            }
            match self.peek()? {
                b',' => {
                    members.push(Member {
                        key,
                        head,
                        key_at,
                        value,
                        after: (value_end, self.at),
                    });
                    self.at += 1;
                    head_start = self.at;
                }
                b'}' => {
                    members.push(Member {
                        key,
                        head,
                        key_at,
                        value,
                        after: (value_end, value_end),
                    });
                    let tail = (value_end, self.at);
                    self.at += 1;
                    return Some(Node {
                        start,
                        end: self.at,
                        value: Value::Object(map),
                        shape: Shape::Object(members, tail),
                    });
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, start: usize, depth: usize) -> Option<Node> {
        self.at += 1;
        let mut elements = Vec::new();
        let mut values = Vec::new();
        let mut head_start = self.at;
        self.space();
        if self.peek()? == b']' {
            let tail = (head_start, self.at);
            self.at += 1;
            return Some(Node {
                start,
                end: self.at,
                value: Value::Array(values),
                shape: Shape::Array(elements, tail),
            });
        }
        loop {
            self.space();
            let head = (head_start, self.at);
            let value = self.node(depth + 1)?;
            let value_end = self.at;
            self.space();
            values.push(value.value.clone());
            match self.peek()? {
                b',' => {
                    elements.push(Element {
                        head,
                        value,
                        after: (value_end, self.at),
                    });
                    self.at += 1;
                    head_start = self.at;
                }
                b']' => {
                    elements.push(Element {
                        head,
                        value,
                        after: (value_end, value_end),
                    });
                    let tail = (value_end, self.at);
                    self.at += 1;
                    return Some(Node {
                        start,
                        end: self.at,
                        value: Value::Array(values),
                        shape: Shape::Array(elements, tail),
                    });
                }
                _ => return None,
            }
        }
    }
}

/// How new values are written: the file's indentation and colon.
struct Style {
    multiline: bool,
    unit: String,
    colon: String,
}

/// The file's indentation step: the space before the root's first member, less the
/// root's own (two spaces when the file shows none).
fn indent_unit(text: &str, root: &Node) -> String {
    let first_head = match &root.shape {
        Shape::Object(members, _) => members.first().map(|m| (m.head.0, m.key_at)),
        Shape::Array(elements, _) => elements.first().map(|e| (e.head.0, e.value.start)),
        Shape::Scalar => None,
    };
    first_head
        .and_then(|(from, to)| {
            let space = &text[from..to];
            let line = &space[space.rfind('\n')? + 1..];
            let own = line_indent(text, root.start);
            line.strip_prefix(own.as_str())
                .filter(|u| !u.is_empty())
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "  ".to_owned())
}

/// The colon as the file writes it (`": "` or `":"`), from its first member.
fn colon_of(text: &str, root: &Node) -> String {
    fn first(node: &Node) -> Option<(usize, usize)> {
        match &node.shape {
            Shape::Object(members, _) => members.first().map(|m| (m.key_at, m.head.1)),
            Shape::Array(elements, _) => elements.iter().find_map(|e| first(&e.value)),
            Shape::Scalar => None,
        }
    }
    first(root)
        .and_then(|(key_at, value_at)| {
            let mut reader = Reader { text, at: key_at };
            reader.string()?;
            Some(text[reader.at..value_at].to_owned())
        })
        .unwrap_or_else(|| ": ".to_owned())
}

/// The space before a new key or element: as the file has it, or one space after
/// the comma on a line written without any (`["a"]` gets `["a", "b"]`).
fn spaced(space: &str, multiline: bool) -> String {
    if space.is_empty() && !multiline {
        " ".to_owned()
    } else {
        space.to_owned()
    }
}

/// The spaces and tabs that begin the line `at` is on.
fn line_indent(text: &str, at: usize) -> String {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    text[line_start..]
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

struct Writer<'a> {
    text: &'a str,
    style: &'a Style,
}

impl Writer<'_> {
    fn slice(&self, (from, to): (usize, usize)) -> &str {
        &self.text[from..to]
    }

    /// `new` in place of `node`: its own text when unchanged, else edited part by part.
    fn edit(&self, node: &Node, new: &Value, out: &mut String) {
        if node.value == *new {
            out.push_str(&self.text[node.start..node.end]);
            return;
        }
        match (&node.shape, new) {
            (Shape::Object(members, tail), Value::Object(map)) if !members.is_empty() => {
                self.edit_object(node, members, *tail, map, out);
            }
            (Shape::Array(elements, tail), Value::Array(list)) if !elements.is_empty() => {
                self.edit_array(node, elements, *tail, list, out);
            }
            _ => {
                let multiline = self.style.multiline;
                self.fresh(new, &line_indent(self.text, node.start), multiline, out);
            }
        }
    }

    fn edit_object(
        &self,
        node: &Node,
        members: &[Member],
        tail: (usize, usize),
        map: &Map<String, Value>,
        out: &mut String,
    ) {
        let multiline = self.text[node.start..node.end].contains('\n');
        // The space before a key after a comma (the first's follows the bracket).
        let model = members.get(1).unwrap_or(&members[0]);
        let lead = spaced(self.slice((model.head.0, model.key_at)), multiline);
        let indent = line_indent(self.text, model.key_at);
        let mut parts: Vec<String> = Vec::new();
        for m in members {
            let Some(value) = map.get(&m.key) else {
                continue;
            };
            let mut part = self.slice(m.head).to_owned();
            self.edit(&m.value, value, &mut part);
            part.push_str(self.slice(m.after));
            parts.push(part);
        }
        // Keys the file did not have go last, laid out as its first member is.
        for (key, value) in map {
            if members.iter().any(|m| &m.key == key) {
                continue;
            }
            let mut part = lead.clone();
            part.push_str(&serde_json::to_string(key).unwrap_or_default());
            part.push_str(&self.style.colon);
            self.fresh(value, &indent, multiline, &mut part);
            parts.push(part);
        }
        out.push('{');
        out.push_str(&parts.join(","));
        if parts.is_empty() {
            out.push_str(self.slice(tail).trim_start_matches([' ', '\t']));
        } else {
            out.push_str(self.slice(tail));
        }
        out.push('}');
    }

    fn edit_array(
        &self,
        node: &Node,
        elements: &[Element],
        tail: (usize, usize),
        list: &[Value],
        out: &mut String,
    ) {
        let multiline = self.text[node.start..node.end].contains('\n');
        let model = elements.get(1).unwrap_or(&elements[0]);
        let lead = spaced(self.slice(model.head), multiline);
        let indent = line_indent(self.text, model.value.start);
        // The same at both ends stay as written; the middle is paired in order, so
        // one element added or taken out changes only its own lines.
        let same = |a: &Element, b: &Value| a.value.value == *b;
        let mut prefix = 0;
        while prefix < elements.len()
            && prefix < list.len()
            && same(&elements[prefix], &list[prefix])
        {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < elements.len() - prefix
            && suffix < list.len() - prefix
            && same(
                &elements[elements.len() - 1 - suffix],
                &list[list.len() - 1 - suffix],
            )
        {
            suffix += 1;
        }
        let old_middle = &elements[prefix..elements.len() - suffix];
        let new_middle = &list[prefix..list.len() - suffix];
        let mut parts: Vec<String> = Vec::new();
        let keep = |e: &Element, value: &Value, parts: &mut Vec<String>| {
            let mut part = self.slice(e.head).to_owned();
            self.edit(&e.value, value, &mut part);
            part.push_str(self.slice(e.after));
            parts.push(part);
        };
        for (e, value) in elements[..prefix].iter().zip(&list[..prefix]) {
            keep(e, value, &mut parts);
        }
        for (i, value) in new_middle.iter().enumerate() {
            match old_middle.get(i) {
                Some(e) => keep(e, value, &mut parts),
                None => {
                    let mut part = lead.clone();
                    self.fresh(value, &indent, multiline, &mut part);
                    parts.push(part);
                }
            }
        }
        for (e, value) in elements[elements.len() - suffix..]
            .iter()
            .zip(&list[list.len() - suffix..])
        {
            keep(e, value, &mut parts);
        }
        out.push('[');
        out.push_str(&parts.join(","));
        if parts.is_empty() {
            out.push_str(self.slice(tail).trim_start_matches([' ', '\t']));
        } else {
            out.push_str(self.slice(tail));
        }
        out.push(']');
    }

    /// A value the file did not have, written in the file's style: on lines of
    /// their own indented from `indent` when `multiline`, else on one line.
    fn fresh(&self, value: &Value, indent: &str, multiline: bool, out: &mut String) {
        let inner = format!("{indent}{}", self.style.unit);
        let (open, sep, close) = if multiline {
            (
                format!("\n{inner}"),
                format!(",\n{inner}"),
                format!("\n{indent}"),
            )
        } else {
            (String::new(), ", ".to_owned(), String::new())
        };
        match value {
            Value::Object(map) if !map.is_empty() => {
                out.push('{');
                out.push_str(&open);
                for (i, (key, v)) in map.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push_str(&self.style.colon);
                    self.fresh(v, &inner, multiline, out);
                }
                out.push_str(&close);
                out.push('}');
            }
            Value::Array(list) if !list.is_empty() => {
                out.push('[');
                out.push_str(&open);
                for (i, v) in list.iter().enumerate() {
                    if i > 0 {
                        out.push_str(&sep);
                    }
                    self.fresh(v, &inner, multiline, out);
                }
                out.push_str(&close);
                out.push(']');
            }
            scalar => out.push_str(&serde_json::to_string(scalar).unwrap_or_default()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rewrite;
    use serde_json::{json, Value};

    /// The lines of `after` that are not in `before` at the same place.
    fn changed_lines(before: &str, after: &str) -> Vec<String> {
        let (a, b): (Vec<&str>, Vec<&str>) = (before.lines().collect(), after.lines().collect());
        let mut prefix = 0;
        while prefix < a.len() && prefix < b.len() && a[prefix] == b[prefix] {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < a.len() - prefix
            && suffix < b.len() - prefix
            && a[a.len() - 1 - suffix] == b[b.len() - 1 - suffix]
        {
            suffix += 1;
        }
        b[prefix..b.len() - suffix]
            .iter()
            .map(|l| (*l).to_owned())
            .collect()
    }

    const HAND: &str = "{\n    \"version\": 1,\n    \"id\": \"tea\",\n    \"currency\": \"CNY\",\n    \"catalog\": {\n        \"products\": [\n            {\"id\": \"green\", \"title\": {\"en\": \"Green\", \"zh-CN\": \"\\u7eff\\u8336\"}, \"price\": \"12.50\"},\n            {\n                \"id\": \"black\",\n                \"price\": \"20\",\n                \"stock\": 1.0\n            }\n        ]\n    },\n    \"order\": {\"endpoint\": \"https://orders.example/hook\"}\n}\n";

    fn edited(change: impl FnOnce(&mut Value)) -> (String, Value) {
        let mut value: Value = serde_json::from_str(HAND).expect("json");
        change(&mut value);
        let out = rewrite(HAND, &value).expect("rewritten");
        assert_eq!(serde_json::from_str::<Value>(&out).expect("json"), value);
        (out, value)
    }

    #[test]
    fn nothing_changed_is_the_same_bytes() {
        let (out, _) = edited(|_| {});
        assert_eq!(out, HAND);
    }

    #[test]
    fn one_price_changed_is_one_line_changed() {
        let (out, _) = edited(|v| v["catalog"]["products"][1]["price"] = json!("22"));
        assert_eq!(
            changed_lines(HAND, &out),
            ["                \"price\": \"22\","]
        );
        // Key order, escapes and the number's spelling stay as written.
        assert!(out.contains("\\u7eff\\u8336"));
        assert!(out.contains("\"stock\": 1.0"));
        assert!(out.find("\"version\"") < out.find("\"currency\""));
    }

    #[test]
    fn a_change_on_a_one_line_product_stays_on_its_line() {
        let (out, _) = edited(|v| v["catalog"]["products"][0]["title"]["en"] = json!("Green tea"));
        assert_eq!(
            changed_lines(HAND, &out),
            ["            {\"id\": \"green\", \"title\": {\"en\": \"Green tea\", \"zh-CN\": \"\\u7eff\\u8336\"}, \"price\": \"12.50\"},"]
        );
    }

    #[test]
    fn new_keys_go_last_in_the_files_layout_and_removed_ones_leave_no_comma() {
        let (out, _) = edited(|v| {
            v["catalog"]["products"][1]["images"] = json!(["images/a.jpg"]);
            v.as_object_mut().expect("object").remove("order");
        });
        assert_eq!(
            changed_lines(HAND, &out),
            [
                "                \"stock\": 1.0,",
                "                \"images\": [",
                "                    \"images/a.jpg\"",
                "                ]",
                "            }",
                "        ]",
                "    }",
            ],
            "{out}"
        );
        assert!(out.ends_with("    }\n}\n"), "{out}");
    }

    #[test]
    fn a_product_taken_out_or_added_changes_only_its_lines() {
        let (out, _) = edited(|v| {
            v["catalog"]["products"]
                .as_array_mut()
                .expect("list")
                .remove(0);
        });
        assert!(!out.contains("green"));
        assert!(out.contains("\"id\": \"black\""));
        let (out, _) = edited(|v| {
            v["catalog"]["products"]
                .as_array_mut()
                .expect("list")
                .push(json!({"id": "white", "price": "30"}));
        });
        assert_eq!(
            changed_lines(HAND, &out),
            [
                "            },",
                "            {",
                "                \"id\": \"white\",",
                "                \"price\": \"30\"",
                // (its closing "            }" is the line that closed "black" before)
            ],
            "{out}"
        );
    }

    #[test]
    fn a_file_it_cannot_follow_is_left_to_the_caller() {
        for text in ["not json", "{\"a\": 1, \"a\": 2}", "{\"a\": 1} trailing"] {
            assert_eq!(rewrite(text, &json!({"a": 3})), None, "{text}");
        }
        // A byte order mark and tabs are kept.
        let tabbed = "\u{feff}{\n\t\"a\": 1,\n\t\"b\": [1, 2]\n}";
        let out = rewrite(tabbed, &json!({"a": 1, "b": [1, 2, 3], "c": {"d": true}})).expect("ok");
        assert_eq!(
            out,
            "\u{feff}{\n\t\"a\": 1,\n\t\"b\": [1, 2, 3],\n\t\"c\": {\n\t\t\"d\": true\n\t}\n}"
        );
    }
}
