//! A small blocking connection pool: at most `size` connections, idle ones reused
//! most-recent first, a bounded wait for a free one, broken ones discarded.

use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use crate::options::millis;
use crate::ExecError;

/// Opens one new connection.
pub(crate) type Connect<C> = Box<dyn Fn() -> Result<C, ExecError> + Send + Sync>;

/// The pool. Connections are opened lazily, on demand.
pub(crate) struct Pool<C> {
    state: Mutex<State<C>>,
    freed: Condvar,
    size: usize,
    acquire_timeout: Duration,
    connect: Connect<C>,
}

struct State<C> {
    idle: Vec<C>,
    /// Connections in existence: idle, leased, or being opened.
    open: usize,
}

/// A connection taken from the pool; it goes back when dropped, unless discarded.
pub(crate) struct Lease<'p, C> {
    pool: &'p Pool<C>,
    conn: Option<C>,
    /// Whether the connection had been used before (it may have died while idle).
    pub reused: bool,
}

impl<C> Pool<C> {
    pub fn new(size: usize, acquire_timeout: Duration, connect: Connect<C>) -> Self {
        Pool {
            state: Mutex::new(State {
                idle: Vec::new(),
                open: 0,
            }),
            freed: Condvar::new(),
            size: size.max(1),
            acquire_timeout,
            connect,
        }
    }

    fn lock(&self) -> MutexGuard<'_, State<C>> {
        // The state stays consistent across a panic of a holder: no invariant spans an
        // unlock, so a poisoned lock is safe to use.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// An idle connection, else a new one if the pool has room, else the first one
    /// freed within the acquire timeout.
    pub fn acquire(&self) -> Result<Lease<'_, C>, ExecError> {
        let deadline = Instant::now() + self.acquire_timeout;
        let mut state = self.lock();
        loop {
            if let Some(conn) = state.idle.pop() {
                return Ok(Lease {
                    pool: self,
                    conn: Some(conn),
                    reused: true,
                });
            }
            if state.open < self.size {
                state.open += 1;
                drop(state);
                return match (self.connect)() {
                    Ok(conn) => Ok(Lease {
                        pool: self,
                        conn: Some(conn),
                        reused: false,
                    }),
                    Err(e) => {
                        self.lock().open -= 1;
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(ExecError::PoolTimeout {
                    millis: millis(self.acquire_timeout),
                });
            }
            state = self
                .freed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Closes every idle connection (they reopen on demand).
    pub fn clear_idle(&self) {
        let idle = {
            let mut state = self.lock();
            let idle = std::mem::take(&mut state.idle);
            state.open -= idle.len();
            idle
        };
        drop(idle);
        self.freed.notify_all();
    }

    /// Connections in existence (for tests and metrics).
    #[cfg(test)]
    pub fn open(&self) -> usize {
        self.lock().open
    }
}

impl<C> Lease<'_, C> {
    /// The connection.
    pub fn conn(&mut self) -> &mut C {
        // Only `discard` takes the connection, and it consumes the lease.
        self.conn.as_mut().unwrap_or_else(|| unreachable!())
    }

    /// Closes the connection instead of returning it, making room for a new one.
    pub fn discard(mut self) {
        if let Some(conn) = self.conn.take() {
            drop(conn);
            self.pool.lock().open -= 1;
            self.pool.freed.notify_one();
        }
    }
}

impl<C> Drop for Lease<'_, C> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.pool.lock().idle.push(conn);
            self.pool.freed.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::Arc;

    fn counting(size: usize, wait: Duration) -> (Pool<usize>, Arc<AtomicUsize>) {
        let made = Arc::new(AtomicUsize::new(0));
        let m = Arc::clone(&made);
        let pool = Pool::new(
            size,
            wait,
            Box::new(move || Ok(m.fetch_add(1, Ordering::SeqCst))),
        );
        (pool, made)
    }

    #[test]
    fn reuses_idle_connections() {
        let (pool, made) = counting(2, Duration::from_millis(10));
        let a = pool.acquire().unwrap();
        assert!(!a.reused);
        drop(a);
        let mut b = pool.acquire().unwrap();
        assert!(b.reused);
        assert_eq!(*b.conn(), 0);
        assert_eq!(made.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_full_pool_times_out_then_frees() {
        let (pool, _) = counting(1, Duration::from_millis(50));
        let a = pool.acquire().unwrap();
        let started = Instant::now();
        let e = pool.acquire().err().unwrap();
        assert!(matches!(e, ExecError::PoolTimeout { millis: 50 }), "{e}");
        assert!(started.elapsed() >= Duration::from_millis(50));
        a.discard();
        assert_eq!(pool.open(), 0);
        let mut b = pool.acquire().unwrap();
        assert_eq!(
            *b.conn(),
            1,
            "a discarded connection is replaced by a new one"
        );
    }

    #[test]
    fn a_waiter_gets_the_returned_connection() {
        let (pool, _) = counting(1, Duration::from_secs(5));
        let pool = Arc::new(pool);
        let a = pool.acquire().unwrap();
        let p = Arc::clone(&pool);
        let waiter = std::thread::spawn(move || p.acquire().map(|mut l| *l.conn()).ok());
        std::thread::sleep(Duration::from_millis(20));
        drop(a);
        assert_eq!(waiter.join().unwrap(), Some(0));
    }

    #[test]
    fn failed_connects_free_their_slot() {
        let pool: Pool<()> = Pool::new(
            1,
            Duration::from_millis(10),
            Box::new(|| Err(ExecError::Unsupported("no".into()))),
        );
        assert!(pool.acquire().is_err());
        assert!(matches!(
            pool.acquire().err(),
            Some(ExecError::Unsupported(_))
        ));
        assert_eq!(pool.open(), 0);
    }
}
