//! Exit statuses, colors and writing to stdout/stderr without panicking.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use crate::args::ColorChoice;

/// The outcome of a command; the worst one wins.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// Nothing to report: exit 0.
    #[default]
    Ok,
    /// Findings: syntax or validation errors, formatting differences, denied warnings (1).
    Findings,
    /// Usage, input/output or configuration errors (2).
    Trouble,
}

impl Status {
    /// Keeps the worse of the two.
    pub fn add(&mut self, other: Status) {
        *self = (*self).max(other);
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        ExitCode::from(match s {
            Status::Ok => 0,
            Status::Findings => 1,
            Status::Trouble => 2,
        })
    }
}

/// Whether to color a stream: `always`/`never` as told (the flag overrides the
/// environment); `auto` never colors when `NO_COLOR` is set and not empty
/// (<https://no-color.org>), colors when `CLICOLOR_FORCE` is set and not `0`, and
/// otherwise colors a terminal whose `TERM` is not `dumb`.
pub fn use_color(choice: ColorChoice, is_terminal: bool) -> bool {
    let set = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if set("NO_COLOR").is_some() {
                false
            } else if set("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
                true
            } else {
                is_terminal && set("TERM").is_none_or(|t| t != "dumb")
            }
        }
    }
}

/// Color decisions for both streams.
#[derive(Clone, Copy, Debug)]
pub struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

impl Colors {
    pub fn new(choice: ColorChoice) -> Self {
        Colors {
            stdout: use_color(choice, io::stdout().is_terminal()),
            stderr: use_color(choice, io::stderr().is_terminal()),
        }
    }
}

/// Writes to stdout. A closed pipe (`vtql run ... | head`) ends the process quietly
/// with status 0; any other write error ends it with status 2.
pub fn print(s: &str) {
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        write_failed(&e);
    }
}

/// Writes to stderr (errors there are ignored: there is nowhere left to report them).
pub fn eprint(s: &str) {
    let _ = io::stderr().lock().write_all(s.as_bytes());
}

fn write_failed(e: &io::Error) -> ! {
    if e.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprint(&format!("error: cannot write to standard output: {e}\n"));
    std::process::exit(2);
}

/// Prints `error: message` on stderr (red and bold with color) and returns
/// [`Status::Trouble`].
pub fn trouble(colors: Colors, message: &str) -> Status {
    let (red, bold, reset) = if colors.stderr {
        ("\x1b[1;31m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    eprint(&format!("{red}error{reset}{bold}:{reset} {message}\n"));
    Status::Trouble
}

/// Prints `note: message` on stderr.
pub fn note(colors: Colors, message: &str) {
    let (cyan, bold, reset) = if colors.stderr {
        ("\x1b[1;36m", "\x1b[1m", "\x1b[0m")
    } else {
        ("", "", "")
    };
    eprint(&format!("{cyan}note{reset}{bold}:{reset} {message}\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worst_status_wins() {
        let mut s = Status::Ok;
        s.add(Status::Trouble);
        s.add(Status::Findings);
        assert_eq!(s, Status::Trouble);
        let mut s = Status::Ok;
        s.add(Status::Findings);
        assert_eq!(s, Status::Findings);
    }

    #[test]
    fn explicit_choices_ignore_the_terminal() {
        assert!(use_color(ColorChoice::Always, false));
        assert!(!use_color(ColorChoice::Never, true));
    }
}
