//! The library behind the `vtql` command (see `vtql --help`): the subcommands, input
//! splitting, diagnostics rendering, result tables and database connections. It is
//! public so that the integration tests can prepare databases with the same code; it
//! is not a stable API (use the `vtql` crate).

#![forbid(unsafe_code)]

pub mod args;
pub mod cmd;
pub mod db;
pub mod diag;
pub mod diff;
pub mod explain;
pub mod input;
pub mod out;
pub mod setup;
pub mod stream;
pub mod table;

use std::process::ExitCode;

use clap::{CommandFactory, Parser};

use args::{Cli, Command};
use out::{Colors, Status};

/// Runs the command line of the process and returns its exit status.
pub fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        let place = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        out::eprint(&format!(
            "error: internal error in vtql{place}; please report it with the command that caused it\n"
        ));
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // Help and version go to stdout with status 0; usage errors to stderr with 2.
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    let colors = Colors::new(cli.color);
    match std::panic::catch_unwind(|| dispatch(&cli, colors)) {
        Ok(status) => status.into(),
        Err(_) => Status::Trouble.into(),
    }
}

fn dispatch(cli: &Cli, colors: Colors) -> Status {
    match &cli.command {
        Command::Fmt(a) => cmd::fmt::run(a, colors),
        Command::Parse(a) => cmd::parse::run(a, colors),
        Command::Check(a) => cmd::check::run(a, colors),
        Command::Sql(a) => cmd::sql::run(a, colors),
        Command::Run(a) => cmd::run::run(a, colors),
        Command::Serve(a) => cmd::serve::run(a, colors),
        Command::Explain(a) => explain::run(&a.code, colors),
        Command::Completions(a) => {
            let mut buf = Vec::new();
            clap_complete::generate(a.shell, &mut Cli::command(), "vtql", &mut buf);
            out::print(&String::from_utf8_lossy(&buf));
            Status::Ok
        }
    }
}
