//! `vtql parse`: the syntax tree of every query, as JSON or Rust debug output.

use serde_json::{json, Value as Json};
use vtql::{LineCol, ParseOptions};

use crate::args::{ParseArgs, ParseFormat};
use crate::input::{parse_all, read_sources};
use crate::out::{eprint, print, Colors, Status};

/// Version of the JSON documents this command prints.
pub const JSON_VERSION: u32 = 1;

pub fn run(args: &ParseArgs, colors: Colors) -> Status {
    let options = ParseOptions::default().dialect(args.inputs.dialect.into());
    let (sources, mut status) = read_sources(&args.inputs.files, colors);
    let mut queries = Vec::new();
    let mut diagnostics = Vec::new();
    let mut debug = String::new();
    for src in &sources {
        for (index, parsed) in parse_all(&src.text, &options).into_iter().enumerate() {
            match parsed.result {
                Ok(q) => {
                    let at = LineCol::of(&src.text, q.span.lo());
                    match args.format {
                        ParseFormat::Json => queries.push(json!({
                            "file": src.origin,
                            "index": index,
                            "line": at.line,
                            "column": at.column,
                            "ast": serde_json::to_value(&q).unwrap_or(Json::Null),
                        })),
                        ParseFormat::Debug => {
                            debug.push_str(&format!(
                                "// {}:{at} (query {index})\n{q:#?}\n",
                                src.origin
                            ));
                        }
                    }
                }
                Err(f) => {
                    status.add(Status::Findings);
                    match args.format {
                        ParseFormat::Json => diagnostics.push(f.to_json(&src.text, &src.origin)),
                        ParseFormat::Debug => {
                            eprint(&f.render(&src.text, &src.origin, colors.stderr))
                        }
                    }
                }
            }
        }
    }
    match args.format {
        ParseFormat::Json => {
            let doc = json!({
                "version": JSON_VERSION,
                "queries": queries,
                "diagnostics": diagnostics,
            });
            print(&format!(
                "{}\n",
                serde_json::to_string_pretty(&doc).unwrap_or_default()
            ));
        }
        ParseFormat::Debug => print(&debug),
    }
    status
}
