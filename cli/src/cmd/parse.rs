//! `vtql parse`: the syntax tree of every query, as JSON or Rust debug output, printed
//! query by query as they are parsed.

use serde_json::{json, Value as Json};
use vtql::LineIndex;

use crate::args::{ParseArgs, ParseFormat};
use crate::input::{parse_iter, read_sources};
use crate::out::{eprint, print, Colors, Status};
use crate::stream::JsonStream;

/// Version of the JSON documents this command prints.
pub const JSON_VERSION: u32 = 1;

pub fn run(args: &ParseArgs, colors: Colors) -> Status {
    let options = args.inputs.parse_options();
    let (sources, mut status) = read_sources(&args.inputs.files, &args.inputs.queries, colors);
    let mut stream = match args.format {
        ParseFormat::Json => Some(JsonStream::start(
            &[("version", json!(JSON_VERSION))],
            "queries",
            print,
        )),
        ParseFormat::Debug => None,
    };
    let mut diagnostics = Vec::new();
    for src in &sources {
        let index = LineIndex::new(&src.text);
        for (n, parsed) in parse_iter(&src.text, &options).enumerate() {
            match parsed.result {
                Ok(q) => {
                    let at = index.line_col(q.span.lo());
                    match &mut stream {
                        Some(stream) => stream.item(&json!({
                            "file": src.origin,
                            "index": n,
                            "line": at.line,
                            "column": at.column,
                            "ast": serde_json::to_value(&q).unwrap_or(Json::Null),
                        })),
                        None => print(&format!(
                            "// {}:{at} (query {n})\n{q:#?}\n",
                            vtql::report::terminal_safe(&src.origin)
                        )),
                    }
                }
                Err(f) => {
                    status.add(Status::Findings);
                    match args.format {
                        ParseFormat::Json => diagnostics.push(f.to_json(&index, &src.origin)),
                        ParseFormat::Debug => {
                            eprint(&f.render_indexed(&index, &src.origin, colors.stderr))
                        }
                    }
                }
            }
        }
    }
    if let Some(stream) = stream {
        stream.finish(&[("diagnostics", Json::Array(diagnostics))]);
    }
    status
}
