//! Formats one query: prints its canonical form, or the diagnostic.
//!
//! ```text
//! cargo run --example fmt -- "SELECT firstname,lastname FROM Contacts WHERE lastname='Smith'"
//! echo "select * from Leads" | cargo run --example fmt
//! cargo run --example fmt -- --pretty --vtiger "select * from Leads where a = 1 or b = 2;"
//! ```
//!
//! The query is the argument (several arguments are joined with spaces), or standard
//! input when there is none. `--pretty` prints the multi-line form; `--vtiger` parses in
//! the dialect of the real server instead of the documented one.
//!
//! Exit status: 0 with the formatted query on stdout; 1 with a rustc-style diagnostic on
//! stderr when the query does not parse; 2 on a usage or input error.

use std::io::Read as _;
use std::process::ExitCode;

use vtql::{Dialect, ParseOptions, Query};

const USAGE: &str = "usage: fmt [--pretty] [--vtiger] [QUERY...]   (reads stdin without QUERY)";

fn main() -> ExitCode {
    let mut pretty = false;
    let mut options = ParseOptions::default();
    let mut words = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--pretty" => pretty = true,
            "--vtiger" => options = options.dialect(Dialect::Vtiger),
            "-h" | "--help" => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            flag if flag.starts_with("--") => {
                eprintln!("fmt: unknown option `{flag}`\n{USAGE}");
                return ExitCode::from(2);
            }
            _ => words.push(arg),
        }
    }

    let (source, origin) = if words.is_empty() {
        let mut text = String::new();
        if let Err(e) = std::io::stdin().read_to_string(&mut text) {
            eprintln!("fmt: cannot read standard input: {e}");
            return ExitCode::from(2);
        }
        (text, "<stdin>")
    } else {
        (words.join(" "), "<query>")
    };

    match Query::parse_with(&source, &options) {
        Ok(query) if pretty => {
            println!("{query:#}");
            ExitCode::SUCCESS
        }
        Ok(query) => {
            println!("{query}");
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprint!("{}", err.render(&source, origin));
            ExitCode::from(1)
        }
    }
}
