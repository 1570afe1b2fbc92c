//! Starting and stopping: [`Server`], [`serve`] and [`run`].

use std::future::Future;
use std::io::Write as _;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tokio::net::TcpListener;
use vtql_service::SessionStore;

use crate::http::{router, AppState};
use crate::listen::serve_connections;
use crate::log::RequestLog;
use crate::options::{Limits, ServeOptions};
use crate::setup::{build, Built};
use crate::ServeError;

/// Most threads on tokio's blocking pool in [`run`]: the service blocks on the database
/// there, and more threads than this only queue on the connection pool.
const MAX_BLOCKING_THREADS: usize = 64;

/// How long [`run`] waits for blocking work (a statement still running after its request
/// timed out) when it exits.
const EXIT_GRACE: Duration = Duration::from_secs(5);

/// A server bound to its address with its service ready, not yet answering.
///
/// [`Server::bind`] does the slow and fallible part (files, database, listening socket),
/// so that the caller learns the bound address (with port 0, say) before serving.
pub struct Server {
    listener: TcpListener,
    address: SocketAddr,
    state: AppState,
    store: Arc<dyn SessionStore>,
    session_idle: Duration,
    purge_interval: Duration,
    generated_key: Option<String>,
}

impl Server {
    /// Loads the configuration, opens (and with `load_demo` fills) the database, and binds
    /// `options.listen`.
    pub async fn bind(options: ServeOptions) -> Result<Server, ServeError> {
        let listener =
            TcpListener::bind(&options.listen)
                .await
                .map_err(|source| ServeError::Listen {
                    address: options.listen.clone(),
                    source,
                })?;
        let address = listener.local_addr().map_err(|source| ServeError::Listen {
            address: options.listen.clone(),
            source,
        })?;
        let limits = options.limits;
        let log = Arc::clone(&options.log);
        let session_idle = options.session_idle;
        let purge_interval = options.purge_interval;
        // Files and database connections block: off the async threads.
        let built = tokio::task::spawn_blocking(move || build(&options))
            .await
            .map_err(|_| ServeError::Config("the server setup failed unexpectedly".into()))??;
        let Built {
            dispatch,
            store,
            generated_key,
        } = built;
        Ok(Server {
            listener,
            address,
            state: AppState {
                dispatch,
                limits,
                log,
            },
            store,
            session_idle,
            purge_interval,
            generated_key,
        })
    }

    /// The address actually bound (the real port when `listen` asked for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// The access key generated for `admin`, when there is neither a users file nor an
    /// access key in the options.
    pub fn generated_access_key(&self) -> Option<&str> {
        self.generated_key.as_deref()
    }

    /// Answers requests until `shutdown` completes, then stops accepting, lets in-flight
    /// requests finish (bounded by the request timeout) and returns.
    pub async fn serve_until(self, shutdown: impl Future<Output = ()>) {
        let purge = tokio::spawn(purge_loop(
            self.store,
            self.session_idle,
            self.purge_interval,
            Arc::clone(&self.state.log),
        ));
        let limits: Limits = self.state.limits;
        serve_connections(self.listener, router(self.state), limits, shutdown).await;
        purge.abort();
    }

    /// The lines printed at start: the address, and the generated access key if any.
    fn announce(&self) {
        let mut out = format!(
            "vtql serve: listening on http://{}/webservice.php\n",
            self.address
        );
        if let Some(key) = &self.generated_key {
            out.push_str(&format!(
                "vtql serve: user admin, access key {key} (generated; set VTQL_ACCESS_KEY to choose it)\n"
            ));
        }
        // A closed stdout is no reason not to serve.
        let mut stdout = std::io::stdout().lock();
        let _ = stdout.write_all(out.as_bytes());
        let _ = stdout.flush();
    }
}

/// Binds, prints the address (and a generated access key), and serves until `shutdown`.
pub async fn serve(
    options: ServeOptions,
    shutdown: impl Future<Output = ()>,
) -> Result<(), ServeError> {
    let server = Server::bind(options).await?;
    server.announce();
    server.serve_until(shutdown).await;
    Ok(())
}

/// [`serve`] on its own multi-threaded runtime until SIGINT or SIGTERM, then a graceful
/// stop: in-flight requests finish, the function returns `Ok(())`.
pub fn run(options: ServeOptions) -> Result<(), ServeError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .max_blocking_threads(MAX_BLOCKING_THREADS)
        .build()
        .map_err(ServeError::Runtime)?;
    let result = runtime.block_on(async {
        let stop = stop_signal()?;
        serve(options, stop).await
    });
    runtime.shutdown_timeout(EXIT_GRACE);
    result
}

/// Completes on the first SIGINT (Ctrl-C) or SIGTERM. The handlers are installed now,
/// so that a signal arriving during start-up is not lost.
#[cfg(unix)]
fn stop_signal() -> Result<impl Future<Output = ()>, ServeError> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut term = signal(SignalKind::terminate()).map_err(ServeError::Runtime)?;
    let mut int = signal(SignalKind::interrupt()).map_err(ServeError::Runtime)?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

/// Completes on the first Ctrl-C.
#[cfg(not(unix))]
fn stop_signal() -> Result<impl Future<Output = ()>, ServeError> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}

/// Purges idle sessions and expired challenges every `interval`.
async fn purge_loop(
    store: Arc<dyn SessionStore>,
    idle: Duration,
    interval: Duration,
    log: Arc<dyn RequestLog>,
) {
    let idle = i64::try_from(idle.as_secs()).unwrap_or(i64::MAX);
    let mut ticks = tokio::time::interval(interval.max(Duration::from_secs(1)));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    ticks.tick().await; // The first tick is immediate: nothing to purge yet.
    loop {
        ticks.tick().await;
        let store = Arc::clone(&store);
        let now = unix_now();
        let purged = tokio::task::spawn_blocking(move || store.purge(now, idle)).await;
        match purged {
            Ok(Ok(())) => {}
            Ok(Err(e)) => log.event("purge", &e.to_string()),
            Err(_) => log.event("purge", "the session purge failed unexpectedly"),
        }
    }
}

/// Seconds since the Unix epoch.
pub(crate) fn unix_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}

#[cfg(test)]
mod tests {
    use vtql_service::MemoryStore;

    use super::*;
    use crate::log::NoLog;

    #[test]
    fn idle_sessions_are_purged_periodically() {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap_or_else(|e| panic!("runtime: {e}"));
        let store = Arc::new(MemoryStore::new());
        let now = unix_now();
        let created = store
            .create_session("old", "admin", now - 100)
            .and_then(|()| store.create_session("fresh", "admin", now));
        assert!(created.is_ok());
        let dyn_store: Arc<dyn SessionStore> = store.clone();
        rt.block_on(async {
            let purge = tokio::spawn(purge_loop(
                dyn_store,
                Duration::from_secs(10),
                Duration::from_secs(1),
                Arc::new(NoLog),
            ));
            tokio::time::sleep(Duration::from_millis(1500)).await;
            purge.abort();
        });
        // With an unlimited idle time, only what the purge removed is gone.
        let later = unix_now();
        assert_eq!(
            store.touch_session("old", later, i64::MAX).ok().flatten(),
            None
        );
        assert!(store
            .touch_session("fresh", later, i64::MAX)
            .ok()
            .flatten()
            .is_some());
    }
}
