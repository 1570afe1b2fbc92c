//! `vtql explain CODE`: the long explanation of a diagnostic code (parse, validation or
//! lint), from the library's catalogue (`vtql::validate::codes`), looked up by code or
//! by name (`E0015`, `e0015`, `wrong-operator`).

use vtql::validate::codes::{self, DiagnosticCode};

use crate::out::{print, trouble, Colors, Status};

/// The text `explain` prints: a title line, then the explanation.
pub fn render(c: &DiagnosticCode) -> String {
    format!(
        "{} ({}, {}): {}\n\n{}\n",
        c.code,
        c.name,
        c.severity,
        c.summary,
        c.explanation.trim_end()
    )
}

pub fn run(code: &str, colors: Colors) -> Status {
    match codes::lookup(code.trim()) {
        Some(c) => {
            print(&render(&c));
            Status::Ok
        }
        None => {
            let known: Vec<&str> = codes::all().map(|c| c.code).collect();
            trouble(
                colors,
                &format!(
                    "no explanation for `{code}`; known codes: {}",
                    known.join(", ")
                ),
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use vtql::{ErrorKind, Query};

    #[test]
    fn every_parse_code_is_explained() {
        for kind in ErrorKind::ALL {
            let c = codes::lookup(kind.code()).unwrap();
            assert!(render(&c).starts_with(&format!("{} (", kind.code())));
        }
        assert!(codes::lookup("e0015").is_some());
        assert!(codes::lookup("E9999").is_none());
    }

    /// The first indented line after `Example:` of each parse-code explanation is a query
    /// that fails with that very code (the size-limit codes need tiny limits, and the
    /// empty query cannot be shown, so they are skipped).
    #[test]
    fn parse_code_examples_produce_their_code() {
        let mut wrong = Vec::new();
        for kind in ErrorKind::ALL {
            let text = codes::lookup(kind.code()).unwrap().explanation;
            let Some(after) = text.split("Example:").nth(1) else {
                wrong.push(format!("{}: no example", kind.code()));
                continue;
            };
            let Some(example) = after.lines().find_map(|l| l.strip_prefix("    ")) else {
                continue;
            };
            if example.starts_with('(') || kind.code().starts_with("E01") {
                continue;
            }
            let vtiger = vtql::ParseOptions::default().dialect(vtql::Dialect::Vtiger);
            let got = [
                Query::parse(example).err(),
                Query::parse_with(example, &vtiger).err(),
            ];
            if !got.iter().flatten().any(|e| e.kind == *kind) {
                let codes: Vec<_> = got.iter().map(|e| e.as_ref().map(|e| e.code())).collect();
                wrong.push(format!("{}: `{example}` gives {codes:?}", kind.code()));
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }
}
