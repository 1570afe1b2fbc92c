//! `vtql fmt`: print queries in the canonical (or pretty) layout, check, diff or rewrite.

use vtql::{ParseOptions, Query};

use crate::args::FmtArgs;
use crate::diff::unified;
use crate::input::{io_message, parse_all, read_sources};
use crate::out::{eprint, print, trouble, Colors, Status};

/// Whether `s` holds only the whitespace of the language (space, tab, CR, LF).
fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether the file's own line breaks are `\r\n`: its first line break outside a quoted
/// value decides (a `\r\n` inside a value is data and says nothing about the file).
fn uses_crlf(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut quoted = false;
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'\'' => quoted = !quoted,
            b'\n' if !quoted => return i > 0 && bytes[i - 1] == b'\r',
            _ => {}
        }
    }
    false
}

/// The formatted text of a file: each query in the chosen layout, one per line (a blank
/// line between pretty ones), ending with a newline. `Err` holds the rendered parse
/// errors. A blank file stays empty.
pub fn format_text(
    text: &str,
    origin: &str,
    options: &ParseOptions,
    pretty: bool,
    color: bool,
) -> Result<String, String> {
    if is_blank(text) {
        return Ok(String::new());
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut errors = String::new();
    let index = vtql::LineIndex::new(text);
    for (i, parsed) in parse_all(text, options).into_iter().enumerate() {
        match parsed.result {
            Ok(q) => {
                if i > 0 && pretty {
                    out.push('\n');
                }
                push_query(&mut out, &q, pretty);
                out.push('\n');
            }
            Err(f) => errors.push_str(&f.render_indexed(&index, origin, color)),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Keep Windows line ends when the file uses them.
    if uses_crlf(text) {
        out = crlf_outside_quotes(&out);
    }
    Ok(out)
}

/// The layout's line breaks as `\r\n`; line breaks inside quoted values are data and
/// stay as they are (printed text quotes only values, with `''` for a quote, so toggling
/// on every `'` tracks them).
fn crlf_outside_quotes(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 16);
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '\'' => quoted = !quoted,
            '\n' if !quoted => out.push('\r'),
            _ => {}
        }
        out.push(c);
    }
    out
}

fn push_query(out: &mut String, q: &Query<'_>, pretty: bool) {
    use std::fmt::Write as _;
    let _ = if pretty {
        write!(out, "{q:#}")
    } else {
        write!(out, "{q}")
    };
}

pub fn run(args: &FmtArgs, colors: Colors) -> Status {
    let options = args.inputs.parse_options();
    let (sources, mut status) = read_sources(&args.inputs.files, &args.inputs.queries, colors);
    if args.write && sources.iter().any(|s| s.path.is_none()) {
        status.add(trouble(
            colors,
            "`--write` needs files; standard input and `--query` text cannot be rewritten",
        ));
        return status;
    }
    let mut changed = 0;
    for src in &sources {
        let formatted =
            match format_text(&src.text, &src.origin, &options, args.pretty, colors.stderr) {
                Ok(f) => f,
                Err(errors) => {
                    eprint(&errors);
                    status.add(Status::Findings);
                    continue;
                }
            };
        let differs = formatted != src.text;
        changed += usize::from(differs);
        if args.diff {
            print(&unified(&src.text, &formatted, &src.origin));
            if differs {
                status.add(Status::Findings);
            }
        } else if args.check {
            if differs {
                print(&format!("would reformat {}\n", src.origin));
                status.add(Status::Findings);
            }
        } else if args.write {
            if let (true, Some(path)) = (differs, &src.path) {
                let bom = if src.bom { "\u{feff}" } else { "" };
                if let Err(e) = std::fs::write(path, format!("{bom}{formatted}")) {
                    status.add(trouble(
                        colors,
                        &format!("cannot write `{}`: {}", src.origin, io_message(&e)),
                    ));
                }
            }
        } else {
            print(&formatted);
        }
    }
    if (args.check || args.diff) && changed == 0 && status == Status::Ok && sources.len() > 1 {
        eprint(&format!("{} files already formatted\n", sources.len()));
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_and_pretty_layouts() {
        let text = "SELECT a,b FROM Leads WHERE a='x' AND b IN (1,2) ORDER BY a DESC LIMIT 5;\n\
                    select count(*) from Contacts";
        let opts = ParseOptions::default();
        assert_eq!(
            format_text(text, "f", &opts, false, false).unwrap(),
            "select a, b from Leads where a = 'x' and b in (1, 2) order by a desc limit 5;\n\
             select count(*) from Contacts;\n"
        );
        let pretty = format_text(text, "f", &opts, true, false).unwrap();
        assert!(
            pretty.contains(";\n\nselect count(*)\nfrom Contacts;\n"),
            "{pretty}"
        );
        // Formatting is idempotent.
        for p in [false, true] {
            let once = format_text(text, "f", &opts, p, false).unwrap();
            assert_eq!(format_text(&once, "f", &opts, p, false).unwrap(), once);
        }
    }

    #[test]
    fn errors_of_every_query_are_rendered() {
        let text = "select * from A where x = y;\nselect * from B;\nselect * B;\n";
        let err = format_text(text, "f.vtql", &ParseOptions::default(), false, false).unwrap_err();
        assert!(err.contains("--> f.vtql:1:27"), "{err}");
        assert!(err.contains("--> f.vtql:3:10"), "{err}");
    }

    #[test]
    fn windows_line_ends_are_kept() {
        let opts = ParseOptions::default();
        let out = format_text(
            "select *  from A;\r\nselect * from B;\r\n",
            "f",
            &opts,
            true,
            false,
        )
        .unwrap();
        assert_eq!(out, "select *\r\nfrom A;\r\n\r\nselect *\r\nfrom B;\r\n");
        assert_eq!(format_text(&out, "f", &opts, true, false).unwrap(), out);
        // A line break inside a value is data: untouched.
        let text = "select * from A where b = 'x\r\ny\nz';\r\n";
        assert_eq!(format_text(text, "f", &opts, false, false).unwrap(), text);
        // An LF file whose value holds `\r\n` stays an LF file.
        let text = "select * from A where b = 'x\r\ny';\nselect * from B;\n";
        assert_eq!(format_text(text, "f", &opts, false, false).unwrap(), text);
    }

    #[test]
    fn blank_file_stays_blank() {
        assert_eq!(
            format_text(" \n", "f", &ParseOptions::default(), false, false).unwrap(),
            ""
        );
    }
}
