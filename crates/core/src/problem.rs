//! Problems found in seller data, each addressed by its path.

use std::fmt;

/// One thing wrong (or suspicious) in a document, e.g.
/// `catalog.products[3].variants[1].price: must not be negative`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Where: a JSON path such as `seller.name` or `catalog.products[3].price`; empty for the whole document.
    pub path: String,
    /// What is wrong and, where it helps, what to write instead.
    pub message: String,
    /// The product the problem is inside, so a seller can find it without counting
    /// (`catalog.products[41]` means nothing to someone editing by hand). Kept
    /// apart from `path`, which programs read; [`Problem::located`] and `Display`
    /// show both.
    pub subject: Option<Subject>,
}

/// What a problem is inside, named for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Subject {
    /// Its own path, the start of the problem's `path` (`catalog.products[1]`).
    pub at: String,
    /// Its name: a product's id, or its title when the id is missing.
    pub name: String,
}

impl Problem {
    /// A problem at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Problem {
        Problem {
            path: path.into(),
            message: message.into(),
            subject: None,
        }
    }

    /// The path with the subject's name after its part of it, for people:
    /// `catalog.products[1] (honey-oat).variants[1].stock`.
    pub fn located(&self) -> String {
        match &self.subject {
            Some(s) if self.path.starts_with(&s.at) => {
                format!("{} ({}){}", s.at, s.name, &self.path[s.at.len()..])
            }
            _ => self.path.clone(),
        }
    }

    /// The same problem in a document found at `prefix` (a separate catalog file
    /// is reported as `catalog.json: products[0].price`).
    pub fn within(self, prefix: &str) -> Problem {
        Problem {
            path: format!("{prefix}{}", self.path),
            message: self.message,
            subject: self.subject.map(|s| Subject {
                at: format!("{prefix}{}", s.at),
                name: s.name,
            }),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.located(), self.message)
        }
    }
}

/// A decoded document and the warnings (unknown keys) met on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded<T> {
    /// The document.
    pub value: T,
    /// Things that do not stop the shop but are probably mistakes.
    pub warnings: Vec<Problem>,
}

/// Why a document could not be used: every error found, and the warnings.
#[derive(Clone, Debug, PartialEq)]
pub struct Rejected {
    /// Every error, in document order.
    pub errors: Vec<Problem>,
    /// Warnings met on the way.
    pub warnings: Vec<Problem>,
}

/// The most places a grouped problem lists; the rest are counted, never printed,
/// so a file with one mistake on 10,000 rows reads as one line.
pub const PLACES_SHOWN: usize = 10;

/// Problems that say the same thing in different places (the same column on many
/// rows, the same key in many products), said once with where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Grouped {
    /// The first of them, as found.
    pub first: Problem,
    /// How many there are.
    pub count: usize,
    /// Where, for people: row numbers (`12`) for a spreadsheet, else the products'
    /// names or paths; at most [`PLACES_SHOWN`], in the order found.
    pub places: Vec<String>,
    /// Whether the places are rows of a spreadsheet (said as "on 9,998 rows").
    pub rows: bool,
    /// Whether every one says exactly what the first says (the same quoted
    /// values): else the others are said as "the same kind of problem", so a
    /// reader does not take the first's file name for every place's.
    pub identical: bool,
}

/// `problems` with each repeated problem said once: problems whose path differs
/// only in its row number or list index, and whose message differs only in the
/// values it quotes, are one group, in the order their first was found.
pub fn group(problems: &[Problem]) -> Vec<Grouped> {
    let mut groups: Vec<Grouped> = Vec::new();
    // Each group's key, searched in order: a map's code would cost the storefront's
    // wasm more than a problem list ever costs it in time (the groups are few).
    let mut keys: Vec<(String, String)> = Vec::new();
    for problem in problems {
        let (place, shape, row) = place_of(problem);
        let key = (shape, without_quoted(&problem.message));
        match keys.iter().position(|k| *k == key) {
            Some(i) => {
                let g = &mut groups[i];
                g.count += 1;
                g.rows &= row;
                g.identical &= problem.message == g.first.message;
                if g.places.len() < PLACES_SHOWN {
                    g.places.push(place);
                }
            }
            None => {
                keys.push(key);
                groups.push(Grouped {
                    first: problem.clone(),
                    count: 1,
                    places: vec![place],
                    rows: row,
                    identical: true,
                });
            }
        }
    }
    groups
}

/// A problem's place for people (the row number, the product's name, or its
/// path), its path with numbers taken out (what problems in the same place of
/// different rows or products share), and whether the place is a row.
fn place_of(problem: &Problem) -> (String, String, bool) {
    let path = &problem.path;
    if let Some(at) = path.find("row ") {
        let digits: String = path[at + 4..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        if !digits.is_empty() {
            let rest = &path[at + 4 + digits.len()..];
            return (digits, format!("{}row #{rest}", &path[..at]), true);
        }
    }
    let mut shape = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                shape.push_str("[#");
            }
            ']' => {
                in_index = false;
                shape.push(']');
            }
            _ if in_index => {}
            c => shape.push(c),
        }
    }
    let place = problem
        .subject
        .as_ref()
        .map_or_else(|| problem.located(), |s| s.name.clone());
    (place, shape, false)
}

/// A message with the values it quotes left out: `"a.jpg" points at no file
/// (shop/a.jpg)` and `"b.jpg" points at no file (shop/b.jpg)` say the same thing.
fn without_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut quoted = false;
    let mut depth = 0usize;
    for c in message.chars() {
        match c {
            '"' if depth == 0 => {
                quoted = !quoted;
                out.push('"');
            }
            '(' if !quoted => {
                depth += 1;
                if depth == 1 {
                    out.push_str("(…");
                }
            }
            ')' if !quoted && depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    out.push(')');
                }
            }
            _ if quoted || depth > 0 => {}
            c => out.push(c),
        }
    }
    out
}

/// A count with thousands separated, as people read it: `9,998`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Grouped {
    /// Where else it is, after the first: ` — the same on 9,998 rows: 2, 3, 4, …`,
    /// or ` — the same kind of problem on …` when the others quote other values;
    /// empty for a problem found once.
    pub fn elsewhere(&self) -> String {
        if self.count < 2 {
            return String::new();
        }
        let unit = if self.rows { "rows" } else { "places" };
        let more = if self.count > self.places.len() {
            ", …"
        } else {
            ""
        };
        let kind = if self.identical {
            ""
        } else {
            " kind of problem"
        };
        format!(
            " — the same{kind} on {} {unit}: {}{more}",
            thousands(self.count),
            self.places.join(", ")
        )
    }
}

impl fmt::Display for Grouped {
    /// One problem as [`Problem`] says it; several as the first, then where else:
    /// `row 2, images: "a.jpg" points at no file — the same on 9,998 rows: 2, 3, 4, …`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.first, self.elsewhere())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_row(row: u32, image: &str) -> Problem {
        Problem::new(
            format!("products.csv: row {row}, images"),
            format!("\"{image}\" points at no file (shop/{image})"),
        )
    }

    #[test]
    fn one_problem_on_many_rows_is_said_once_with_a_bounded_list_of_rows() {
        let problems: Vec<Problem> = (2..10_002)
            .map(|r| on_row(r, &format!("{r}.jpg")))
            .collect();
        let groups = group(&problems);
        assert_eq!(groups.len(), 1);
        assert_eq!(
            groups[0].to_string(),
            "products.csv: row 2, images: \"2.jpg\" points at no file (shop/2.jpg) — the same kind of problem on 10,000 rows: 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, …"
        );
    }

    #[test]
    fn different_problems_and_places_stay_apart_in_the_order_found() {
        let problems = [
            on_row(2, "a.jpg"),
            Problem::new("products.csv: row 2, price", "\"x\" is not a number"),
            on_row(3, "b.jpg"),
            Problem::new("products.csv: row 3, title", "is empty"),
        ];
        let said: Vec<String> = group(&problems).iter().map(ToString::to_string).collect();
        assert_eq!(said.len(), 3, "{said:?}");
        assert!(
            said[0].ends_with("— the same kind of problem on 2 rows: 2, 3"),
            "{said:?}"
        );
        assert_eq!(said[1], "products.csv: row 2, price: \"x\" is not a number");
    }

    #[test]
    fn the_same_problem_in_many_products_names_them() {
        let mut problems = Vec::new();
        for (i, id) in ["tea", "cup", "pot"].iter().enumerate() {
            let mut p = Problem::new(
                format!("catalog.products[{i}].price"),
                "\"1元\" is more than a number",
            );
            p.subject = Some(Subject {
                at: format!("catalog.products[{i}]"),
                name: (*id).to_owned(),
            });
            problems.push(p);
        }
        let groups = group(&problems);
        assert_eq!(groups.len(), 1);
        assert!(
            groups[0]
                .to_string()
                .ends_with("— the same on 3 places: tea, cup, pot"),
            "{}",
            groups[0]
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    /// Finding: 41 different missing images were said as the first one's name
    /// "the same on 41 places". Only identical problems are "the same".
    #[test]
    fn only_identical_problems_are_the_same() {
        let same: Vec<Problem> = (2..5).map(|r| on_row(r, "a.jpg")).collect();
        assert!(group(&same)[0]
            .to_string()
            .ends_with("points at no file (shop/a.jpg) — the same on 3 rows: 2, 3, 4"));
        let other = [on_row(2, "a.jpg"), on_row(3, "b.jpg"), on_row(4, "a.jpg")];
        let groups = group(&other);
        assert_eq!(groups.len(), 1);
        assert!(
            groups[0]
                .to_string()
                .ends_with("(shop/a.jpg) — the same kind of problem on 3 rows: 2, 3, 4"),
            "{}",
            groups[0]
        );
    }
}
