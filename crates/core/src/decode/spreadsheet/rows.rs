//! CSV text into rows, as spreadsheet programs write it: comma (or semicolon, or
//! tab) separated, CRLF or LF, cells in double quotes holding separators, quotes
//! (doubled) and line breaks. Parsed by the `csv` crate; this module adds what a
//! seller needs when a row is broken: the row number the spreadsheet shows
//! (header = row 1, a cell with line breaks still one row), and where a quote
//! was left open.

use crate::problem::Problem;

/// The rows of a CSV file.
pub(super) struct Sheet {
    /// The header row's cells.
    pub header: Vec<String>,
    /// The other rows that are not empty, with as many cells as the header.
    pub rows: Vec<Row>,
}

/// One row below the header.
pub(super) struct Row {
    /// As a spreadsheet numbers it: the header is row 1.
    pub number: u32,
    pub cells: Vec<String>,
}

/// The separator a file uses: the one of `,` `;` and tab found most often in its
/// first line (Excel writes `;` where the decimal mark is a comma, and tabs as
/// "Unicode Text").
fn separator(text: &str) -> u8 {
    let first = first_line(text);
    let count = |c: char| first.matches(c).count();
    let (commas, semicolons, tabs) = (count(','), count(';'), count('\t'));
    if tabs > commas && tabs >= semicolons {
        b'\t'
    } else if semicolons > commas {
        b';'
    } else {
        b','
    }
}

/// The header line, cells in quotes skipped (a `"a;b"` header says nothing).
fn first_line(text: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            c if !quoted => out.push(c),
            _ => {}
        }
    }
    out
}

/// Where each spreadsheet row starts (its byte in the file), and the line and row
/// of a quote that is never closed. A quote opens a quoted cell only at the start of
/// a cell, as the `csv` crate reads it; inside one, `""` is a quote.
fn layout(text: &str, separator: u8) -> (Vec<usize>, Option<(u64, usize)>) {
    let bytes = text.as_bytes();
    let mut starts = vec![0usize];
    let mut line = 1u64;
    let mut cell_start = true;
    let mut open: Option<(u64, usize)> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if open.is_some() {
            match b {
                b'"' if bytes.get(i + 1) == Some(&b'"') => i += 1,
                b'"' => open = None,
                b'\n' => line += 1,
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line += 1,
                _ => {}
            }
            i += 1;
            continue;
        }
        match b {
            b'"' if cell_start => {
                open = Some((line, starts.len()));
                cell_start = false;
            }
            b'\r' | b'\n' => {
                if b == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                line += 1;
                starts.push(i + 1);
                cell_start = true;
            }
            b if b == separator => cell_start = true,
            _ => cell_start = false,
        }
        i += 1;
    }
    (starts, open)
}

/// Reads `text` into rows. Errors: a quote never closed (nothing is read then:
/// the rest of the file would be one cell), a row with more or fewer cells than
/// the header (that row is left out; the others are read).
pub(super) fn read(text: &str) -> Result<(Sheet, Vec<Problem>), Vec<Problem>> {
    let separator = separator(text);
    let (starts, unclosed) = layout(text, separator);
    if let Some((line, row)) = unclosed {
        return Err(vec![Problem::new(
            format!("row {row}"),
            format!("a quote (\") opened on line {line} of the file is never closed, so everything after it would be one cell; close the cell's quote, and write a quote inside a cell as two (\"\")"),
        )]);
    }
    // The `csv` crate's record position can point at the end of the line before
    // (the `\n` of a CRLF) and skips empty lines: the row is counted from the
    // record's first byte instead.
    let row_at = |byte: u64| {
        let mut at = usize::try_from(byte).unwrap_or(usize::MAX);
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        u32::try_from(starts.partition_point(|s| *s <= at)).unwrap_or(u32::MAX)
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(text.as_bytes());
    let mut header: Option<Vec<String>> = None;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                // The text is UTF-8 and the reader is flexible: only a read error is left.
                errors.push(Problem::new("", format!("cannot be read as CSV: {e}")));
                break;
            }
        };
        let number = record.position().map_or(u32::MAX, |p| row_at(p.byte()));
        let mut cells: Vec<String> = record.iter().map(str::to_owned).collect();
        let Some(header) = &header else {
            header = Some(cells);
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // Cells past the header's columns that are empty are a spreadsheet's
        // leftovers (a column once used), not a broken row.
        while cells.len() > header.len() && cells.last().is_some_and(|c| c.trim().is_empty()) {
            cells.pop();
        }
        if cells.len() != header.len() {
            errors.push(Problem::new(
                format!("row {number}"),
                wrong_count(cells.len(), header.len(), separator),
            ));
            continue;
        }
        rows.push(Row { number, cells });
    }
    match header {
        Some(header) => Ok((Sheet { header, rows }, errors)),
        None => Err(vec![Problem::new(
            "",
            "is empty; the first row names the columns (id, title, price, ...) and each row below is a product or one of its variants",
        )]),
    }
}

fn wrong_count(cells: usize, columns: usize, separator: u8) -> String {
    let sep = match separator {
        b';' => "semicolon",
        b'\t' => "tab",
        _ => "comma",
    };
    if cells > columns {
        format!("has {cells} cells but the header row has {columns} columns; a cell holding a {sep} must be in quotes (\"a, b\"), which spreadsheet programs do when they save")
    } else {
        format!("has {cells} cells but the header row has {columns} columns; a line break inside a cell that is not in quotes splits a row in two")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(text: &str) -> Vec<(u32, Vec<String>)> {
        let (sheet, errors) = read(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert!(errors.is_empty(), "{errors:?}");
        sheet
            .rows
            .into_iter()
            .map(|r| (r.number, r.cells))
            .collect()
    }

    #[test]
    fn quoted_cells_hold_commas_quotes_and_line_breaks_and_stay_one_row() {
        let text = "id,title,description\r\ntea,\"Tea, green\",\"Says \"\"hi\"\"\r\non two lines\"\r\n\r\ncup,Cup,\"\"\r\n";
        let rows = rows_of(text);
        assert_eq!(rows[0].0, 2);
        assert_eq!(
            rows[0].1,
            ["tea", "Tea, green", "Says \"hi\"\r\non two lines"]
        );
        // The empty line is row 3, as a spreadsheet shows it.
        assert_eq!(rows[1].0, 4);
    }

    #[test]
    fn semicolons_and_tabs_are_separators_when_the_header_says_so() {
        assert_eq!(
            rows_of("id;title;price\ntea;Tea;1,50\n")[0].1,
            ["tea", "Tea", "1,50"]
        );
        assert_eq!(
            rows_of("id\ttitle\ntea\tTea, green\n")[0].1,
            ["tea", "Tea, green"]
        );
    }

    #[test]
    fn a_row_with_another_number_of_cells_is_named_by_its_row() {
        let (sheet, errors) = read("id,title,price\ntea,Tea,1\ncup,Cup, big,2\nbowl,Bowl\n,,\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(sheet.rows.len(), 1);
        let said: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert!(
            said[0].starts_with("row 3: has 4 cells but the header row has 3 columns"),
            "{said:?}"
        );
        assert!(said[1].starts_with("row 4: has 2 cells"), "{said:?}");
        assert_eq!(said.len(), 2, "an empty row is no problem: {said:?}");
    }

    #[test]
    fn an_unclosed_quote_names_its_line_and_row() {
        let errors = read("id,title\ntea,\"Tea\ncup,Cup\nbowl,Bowl\n")
            .err()
            .unwrap_or_default();
        assert_eq!(errors.len(), 1);
        assert!(
            errors[0]
                .to_string()
                .starts_with("row 2: a quote (\") opened on line 2 of the file is never closed"),
            "{}",
            errors[0]
        );
    }
}
