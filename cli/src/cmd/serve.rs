//! `vtql serve`: the `webservice.php`-compatible query server (`vtql_server::run`) with its
//! options from the command line.

use std::time::Duration;

use vtql_server::ServeOptions;

use crate::args::ServeArgs;
use crate::out::{trouble, Colors, Status};

/// The environment variable holding the demo user's access key.
pub const ACCESS_KEY_VAR: &str = "VTQL_ACCESS_KEY";

/// The server's options from `args` and the environment.
pub fn options(args: &ServeArgs) -> ServeOptions {
    let mut o = ServeOptions::default();
    o.listen = args.listen.clone();
    o.db = args.db.clone();
    o.schema = args.schema.paths.clone();
    o.mapping = args.mapping.clone();
    o.users = args.users.clone();
    o.access_key = std::env::var(ACCESS_KEY_VAR).ok().filter(|k| !k.is_empty());
    o.dialect = args.dialect.into();
    o.precedence = args.precedence.into();
    o.row_cap = args.row_cap;
    o.limits.max_body_bytes = args.max_body_bytes;
    o.limits.request_timeout = Duration::from_secs(args.request_timeout);
    o.session_idle = Duration::from_secs(args.session_idle);
    o.load_demo = args.load_demo;
    o
}

/// Serves until SIGINT or SIGTERM; exit status 0 after a graceful stop, 2 when the server
/// cannot start.
pub fn run(args: &ServeArgs, colors: Colors) -> Status {
    match vtql_server::run(options(args)) {
        Ok(()) => Status::Ok,
        Err(e) => trouble(colors, &e.to_string()),
    }
}
