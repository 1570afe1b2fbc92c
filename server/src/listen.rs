//! Accepting connections and serving HTTP/1.1 on them with hyper, by hand rather than
//! through `axum::serve`, for two settings `axum::serve` does not expose: the header read
//! timeout (a slow-loris client, or an idle kept-alive connection, is dropped after it
//! without holding anything but its own socket) and the largest request head. Shutdown is
//! graceful: stop accepting, let in-flight requests finish, close idle connections.

use std::future::Future;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::net::TcpListener;

use crate::options::Limits;

/// Room for the request headers beside the request line, in the read buffer.
const HEADER_ROOM: usize = 16 << 10;

/// Pause after a failed `accept` (out of file descriptors, say) before the next one, so
/// that the loop does not spin.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Serves `router` on `listener` until `shutdown` completes, then waits for in-flight
/// requests (at most `limits.request_timeout` plus `limits.header_read_timeout`).
pub(crate) async fn serve_connections(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    shutdown: impl Future<Output = ()>,
) {
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read_timeout)
        // hyper's floor is 8 KiB.
        .max_buf_size((limits.max_url_bytes + HEADER_ROOM).max(8192));
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(_) => {
                        tokio::time::sleep(ACCEPT_BACKOFF).await;
                        continue;
                    }
                };
                // Small JSON answers: send them now rather than wait for more to write.
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(router.clone());
                let connection = builder.serve_connection(TokioIo::new(stream), service);
                let connection = graceful.watch(connection);
                tokio::spawn(async move {
                    // Errors here are the client's (gone, too slow, malformed head): the
                    // connection is closed and nobody else is affected.
                    let _ = connection.await;
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    let grace = limits.request_timeout + limits.header_read_timeout;
    let _ = tokio::time::timeout(grace, graceful.shutdown()).await;
}
