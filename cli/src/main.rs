//! `vtql`: format, parse, check, translate and run vtiger / Simply CRM web-service
//! queries. See `vtql --help`.

#![forbid(unsafe_code)]

fn main() -> std::process::ExitCode {
    vtql_cli::main()
}
