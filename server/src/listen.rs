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

#[cfg(test)]
mod tests {
    //! The accept loop on a real socket, with the echo dispatcher.

    use std::io::{Read, Write};
    use std::net::TcpStream;
    use std::sync::Arc;
    use std::time::Instant;

    use super::*;
    use crate::http::{router, AppState};
    use crate::testing::{Captured, Echo, Slow};

    /// Starts the loop on a runtime of its own; returns the address, the stop switch and
    /// the thread.
    fn start(
        dispatch: impl crate::dispatch::Dispatch,
        limits: Limits,
    ) -> (
        std::net::SocketAddr,
        tokio::sync::oneshot::Sender<()>,
        std::thread::JoinHandle<()>,
    ) {
        let state = AppState {
            dispatch: Arc::new(dispatch),
            limits,
            log: Arc::new(Captured::default()),
        };
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap_or_else(|e| panic!("runtime: {e}"));
            rt.block_on(async move {
                let listener = TcpListener::bind("127.0.0.1:0")
                    .await
                    .unwrap_or_else(|e| panic!("bind: {e}"));
                let _ = addr_tx.send(listener.local_addr().ok());
                serve_connections(listener, router(state), limits, async {
                    let _ = stop_rx.await;
                })
                .await;
            });
        });
        let addr = addr_rx
            .recv()
            .ok()
            .flatten()
            .unwrap_or_else(|| panic!("no address"));
        (addr, stop_tx, thread)
    }

    fn exchange(addr: std::net::SocketAddr, request: &[u8]) -> String {
        let mut s = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = s.set_read_timeout(Some(Duration::from_secs(10)));
        s.write_all(request)
            .unwrap_or_else(|e| panic!("write: {e}"));
        let mut out = Vec::new();
        let _ = s.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    #[test]
    fn slow_headers_are_cut_off_while_others_are_served() {
        let limits = Limits {
            header_read_timeout: Duration::from_secs(2),
            ..Limits::default()
        };
        let (addr, stop, thread) = start(Echo, limits);
        let mut slow = TcpStream::connect(addr).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = slow.write_all(b"GET /webservice.php?oper");
        let t = Instant::now();
        for _ in 0..10 {
            let answer = exchange(
                addr,
                b"GET /webservice.php?operation=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            );
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        // Served while the slow client still held its connection; then it is closed
        // (end of stream, not our read timeout).
        let _ = slow.set_read_timeout(Some(Duration::from_secs(10)));
        let mut buf = Vec::new();
        let closed = slow.read_to_end(&mut buf);
        assert!(closed.is_ok(), "{closed:?}");
        assert!(t.elapsed() < Duration::from_secs(6), "{:?}", t.elapsed());
        let _ = stop.send(());
        let _ = thread.join();
    }

    #[test]
    fn shutdown_waits_for_in_flight_requests() {
        let (addr, stop, thread) = start(Slow, Limits::default());
        let client = std::thread::spawn(move || {
            exchange(
                addr,
                b"GET /webservice.php?operation=x HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
            )
        });
        std::thread::sleep(Duration::from_millis(100));
        let _ = stop.send(());
        let answer = client.join().unwrap_or_default();
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(answer.contains("\"operation\""), "{answer}");
        let _ = thread.join();
        assert!(TcpStream::connect(addr).is_err());
    }
}
