//! Reading the inputs (files or standard input) and parsing every query they hold.

use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};

use vtql::parse::parse_many;
use vtql::{ErrorKind, ParseOptions, Query};

use crate::diag::Finding;
use crate::out::{trouble, Colors, Status};

/// The name diagnostics give to standard input.
pub const STDIN: &str = "<stdin>";

/// One input text and where it came from.
#[derive(Debug)]
pub struct Source {
    /// The name shown in diagnostics: the path as given, or `<stdin>`.
    pub origin: String,
    /// The file, for `fmt --write`; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The text, without a leading UTF-8 byte-order mark.
    pub text: String,
    /// Whether the file started with a byte-order mark (`fmt --write` keeps it).
    pub bom: bool,
}

/// The UTF-8 byte-order mark some editors put at the start of a file.
const BOM: char = '\u{feff}';

impl Source {
    /// A source from its name and text; a leading byte-order mark is skipped, as
    /// compilers and linters do, so that it is neither an error nor a column.
    pub fn new(origin: impl Into<String>, text: impl Into<String>) -> Self {
        let mut text = text.into();
        let bom = text.starts_with(BOM);
        if bom {
            text.drain(..BOM.len_utf8());
        }
        Source {
            origin: origin.into(),
            path: None,
            text,
            bom,
        }
    }
}

fn is_stdin(p: &Path) -> bool {
    p.as_os_str() == "-"
}

/// The name diagnostics give to query text passed with `-e`/`--query`: `<query>`, or
/// `<query N>` (from 1) when there are several.
pub fn inline_origin(n: usize, count: usize) -> String {
    if count == 1 {
        "<query>".to_owned()
    } else {
        format!("<query {}>", n + 1)
    }
}

/// Whether a file name that cannot be read is probably query text given as a file.
fn looks_like_query(path: &Path) -> bool {
    let text = path.to_string_lossy();
    let text = text.trim_start();
    text.get(..6)
        .is_some_and(|w| w.eq_ignore_ascii_case("select"))
        && text[6..].starts_with(|c: char| c.is_whitespace() || c == '*' || c == '(')
}

/// The message for a file that cannot be read, with a hint when its name looks like a
/// query.
fn unreadable(path: &Path, e: &std::io::Error) -> String {
    let shown = vtql::report::terminal_safe(&path.display().to_string()).into_owned();
    let mut msg = format!("cannot read `{shown}`: {}", io_message(e));
    if e.kind() == std::io::ErrorKind::NotFound && looks_like_query(path) {
        msg.push_str(
            "\n  = help: this looks like query text, not a file name: give query text with \
             `-e 'select ...'` (`--query`), or on standard input",
        );
    }
    msg
}

/// Reads the inline queries (`-e`), then every file (standard input for `-`, or when
/// there is neither a file nor an inline query). Unreadable files are reported on
/// stderr and make the status [`Status::Trouble`]; the others are returned.
pub fn read_sources(
    files: &[PathBuf],
    queries: &[String],
    colors: Colors,
) -> (Vec<Source>, Status) {
    let mut status = Status::Ok;
    if files.iter().filter(|p| is_stdin(p)).count() > 1 {
        status.add(trouble(
            colors,
            "standard input (`-`) is given more than once",
        ));
        return (Vec::new(), status);
    }
    let mut sources: Vec<Source> = queries
        .iter()
        .enumerate()
        .map(|(n, q)| Source::new(inline_origin(n, queries.len()), q.as_str()))
        .collect();
    if files.is_empty() && queries.is_empty() {
        match read_stdin() {
            Ok(text) => sources.push(Source::new(STDIN, text)),
            Err(msg) => status.add(trouble(colors, &msg)),
        }
    }
    for path in files {
        if is_stdin(path) {
            match read_stdin() {
                Ok(text) => sources.push(Source::new(STDIN, text)),
                Err(msg) => status.add(trouble(colors, &msg)),
            }
            continue;
        }
        match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => sources.push(Source {
                    path: Some(path.clone()),
                    ..Source::new(path.display().to_string(), text)
                }),
                Err(e) => status.add(trouble(
                    colors,
                    &format!(
                        "`{}` is not UTF-8 text (invalid byte at offset {})",
                        path.display(),
                        e.utf8_error().valid_up_to()
                    ),
                )),
            },
            Err(e) => status.add(trouble(colors, &unreadable(path, &e))),
        }
    }
    (sources, status)
}

/// Reads all of standard input as UTF-8 text.
pub fn read_stdin() -> Result<String, String> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read standard input: {}", io_message(&e)))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "standard input is not UTF-8 text (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// An I/O error's message without the `(os error N)` suffix.
pub fn io_message(e: &std::io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_owned(),
        None => s,
    }
}

/// One query of a source: where it is, and its tree (spans relative to the file) or
/// its parse error.
pub struct Parsed<'s> {
    pub range: Range<usize>,
    pub result: Result<Query<'s>, Finding>,
}

/// Parses every query of `text`, lazily (see [`vtql::parse::parse_many`]). A blank text is
/// parsed as one (empty) query, which the parser rejects with `E0001`.
pub fn parse_iter<'s>(
    text: &'s str,
    options: &ParseOptions,
) -> impl Iterator<Item = Parsed<'s>> + 's {
    let mut queries = parse_many(text, options).peekable();
    let blank = queries.peek().is_none();
    let empty = blank.then(|| {
        let result = Query::parse_with(text, options).map_err(|e| Finding::from_parse(&e, 0));
        Parsed {
            range: 0..text.len(),
            result,
        }
    });
    empty.into_iter().chain(queries.map(|p| Parsed {
        range: p.range,
        result: p.result.map_err(|e| {
            let mut f = Finding::from_parse(&e, 0);
            if let Some(help) = limit_help(e.kind) {
                f.help = Some(help.into());
            }
            let next_query = e
                .found
                .as_deref()
                .is_some_and(|t| t.eq_ignore_ascii_case("select"));
            if next_query && f.help.is_none() {
                f.help = Some(
                    "end the query before it with `;`: the queries of a file are separated by `;`"
                        .into(),
                );
            }
            f
        }),
    }))
}

/// The help of a size-limit error in the command's terms: the flag that raises it.
fn limit_help(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::QueryTooLong => {
            "split the query, or raise the limit with `--max-query-bytes BYTES` for trusted input"
        }
        ErrorKind::TooManyConditions => {
            "use `in (...)` or split the query, or raise the limit with `--max-conditions N` for trusted input"
        }
        ErrorKind::ListTooLong => {
            "split the list over several queries, or raise the limit with `--max-list-values N` for trusted input"
        }
        ErrorKind::TooManyColumns => {
            "select `*`, or raise the limit with `--max-select-columns N` for trusted input"
        }
        ErrorKind::TooManyValues => {
            "split the query, or raise the limit with `--max-values N` for trusted input"
        }
        _ => return None,
    })
}

/// [`parse_iter`], collected.
pub fn parse_all<'s>(text: &'s str, options: &ParseOptions) -> Vec<Parsed<'s>> {
    parse_iter(text, options).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn second_query_error_is_located_in_the_file() {
        let text = "select * from A;\n\nselect * from B where x = y;\n";
        let parsed = parse_all(text, &ParseOptions::default());
        assert_eq!(parsed.len(), 2);
        assert!(parsed[0].result.is_ok());
        let err = parsed[1].result.as_ref().err().unwrap();
        assert_eq!(&text[err.span.range()], "y");
        assert_eq!(vtql::LineCol::of(text, err.span.lo()).to_string(), "3:27");
    }

    #[test]
    fn a_missing_separator_gets_a_help() {
        let text = "select * from A\nselect * from B;";
        let parsed = parse_all(text, &ParseOptions::default());
        let err = parsed[0].result.as_ref().err().unwrap();
        assert_eq!(vtql::LineCol::of(text, err.span.lo()).to_string(), "2:1");
        assert!(err.help.as_deref().unwrap().contains("separated by `;`"));
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let src = Source::new("f", "\u{feff}select * from A;");
        assert!(src.bom);
        assert_eq!(src.text, "select * from A;");
        assert!(parse_all(&src.text, &ParseOptions::default())[0]
            .result
            .is_ok());
        assert!(!Source::new("f", "select 1;").bom);
    }

    #[test]
    fn a_missing_file_named_like_a_query_gets_a_hint() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        let msg = unreadable(Path::new("SELECT * from Contacts;"), &missing);
        assert!(msg.contains("`-e 'select ...'` (`--query`)"), "{msg}");
        let msg = unreadable(Path::new("queries.vtql"), &missing);
        assert!(!msg.contains("--query"), "{msg}");
        assert!(!looks_like_query(Path::new("selections.vtql")));
        let msg = unreadable(Path::new("select \u{1b}[2J"), &missing);
        assert!(msg.contains("\\u{1b}") && !msg.contains('\u{1b}'), "{msg}");
    }

    #[test]
    fn inline_queries_are_named_by_position() {
        assert_eq!(inline_origin(0, 1), "<query>");
        assert_eq!(inline_origin(1, 3), "<query 2>");
    }

    #[test]
    fn limit_errors_name_the_flag() {
        let opts = ParseOptions::default().limits(vtql::Limits::default().with_max_values(1));
        let parsed = parse_all("select * from A where a in (1, 2);", &opts);
        let err = parsed[0].result.as_ref().err().unwrap();
        assert_eq!(err.code, "E0105");
        assert!(err.help.as_deref().unwrap().contains("--max-values N"));
    }

    #[test]
    fn blank_text_is_an_empty_query() {
        let parsed = parse_all("  \n", &ParseOptions::default());
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].result.as_ref().err().unwrap().code, "E0001");
    }

    #[test]
    fn trees_point_into_the_file() {
        let text = "select * from A;\nselect x from Bee;";
        let parsed = parse_all(text, &ParseOptions::default());
        let q = parsed[1].result.as_ref().unwrap();
        assert_eq!(&text[q.module.span.range()], "Bee");
    }
}
