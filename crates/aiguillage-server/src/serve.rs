//! The accept loop: every connection served by hyper within the bounds of [`Limits`].
//!
//! `axum::serve` sets no timeout and takes every connection it is offered: a client sending
//! half a header, or nothing, held its connection and file descriptor forever. Here each
//! connection has a watchdog that closes it once it has waited too long for a request's
//! header or idled too long, each request has an overall time limit, and the number of
//! connections served at once is bounded (more wait in the system's accept queue).

use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::Body;
use axum::extract::{ConnectInfo, Request};
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::Semaphore;
use tokio::time::Instant;
use tower::ServiceExt;

use crate::page_error::PageError;
use crate::{ApiError, AppState, ErrorCode};

/// The bounds on connections and requests (`aiguillage serve --header-timeout-s` and the
/// other flags; docs/operations.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// How long a client has to send a request's whole header, counted from its connection
    /// or from the first byte of a request that follows another on the same connection.
    pub header_timeout: Duration,
    /// How long a connection may sit without a request in progress and without a byte
    /// moving: a keep-alive connection waiting for its next request, or a client that stops
    /// reading a response.
    pub idle_timeout: Duration,
    /// How long a request may take until its response starts; past it the answer is `503`.
    pub request_timeout: Duration,
    /// Connections served at once; further ones wait in the system's accept queue.
    pub max_connections: usize,
}

impl Limits {
    /// The defaults of `aiguillage serve`.
    pub const DEFAULT: Limits = Limits {
        header_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(60),
        request_timeout: Duration::from_secs(60),
        max_connections: 1_024,
    };
}

impl Default for Limits {
    fn default() -> Self {
        Limits::DEFAULT
    }
}

/// The server's side of a request's connection: the address the client reached, against
/// which a `Host` header is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LocalAddr(pub(crate) SocketAddr);

/// Serves the application on `listener` within `limits` until Ctrl-C (or SIGTERM), then
/// waits for the requests in progress.
pub async fn serve(listener: TcpListener, state: AppState, limits: Limits) -> io::Result<()> {
    let request_timeout = limits.request_timeout;
    let read_only = state.web.read_only;
    let mut app = crate::router(state);
    if read_only {
        app = app.layer(axum::middleware::from_fn(refuse_writes));
    }
    let app = app.layer(axum::middleware::from_fn(move |request: Request, next: Next| {
        within(request_timeout, request, next)
    }));
    let connections = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut http = http1::Builder::new();
    // The watchdog bounds the header's time: hyper's own header timeout also starts when a
    // response ends, and so would close keep-alive connections after the header timeout
    // rather than the idle one.
    http.timer(TokioTimer::new()).header_read_timeout(None);
    let shutdown = shutdown_signal();
    tokio::pin!(shutdown);
    loop {
        // A permit first: past the bound, connections wait in the accept queue instead of
        // being accepted and left unserved.
        let permit = tokio::select! {
            permit = connections.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                Err(_) => break,
            },
            () = &mut shutdown => break,
        };
        let (stream, remote) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    accept_failed(e).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // A connection already reset has no local address: nothing to serve.
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let activity = Arc::new(Activity::new(limits));
        let app = app.clone();
        let watched = activity.clone();
        let service = hyper::service::service_fn(move |request: hyper::Request<hyper::body::Incoming>| {
            let mut request = request.map(Body::new);
            // What `into_make_service_with_connect_info` gave handlers: sign-in attempts
            // and suggestions are limited per address.
            request.extensions_mut().insert(ConnectInfo(remote));
            request.extensions_mut().insert(LocalAddr(local));
            let busy = Busy::start(watched.clone());
            let app = app.clone();
            async move {
                let response = app.oneshot(request).await;
                drop(busy);
                response
            }
        });
        let io = TokioIo::new(Watched {
            stream,
            activity: activity.clone(),
        });
        let connection = graceful.watch(http.serve_connection(io, service));
        tokio::spawn(async move {
            tokio::select! {
                served = connection => {
                    if let Err(e) = served {
                        tracing::debug!("connection from {remote}: {e}");
                    }
                }
                () = activity.expiry() => tracing::debug!("closed the connection from {remote}: timed out"),
            }
            drop(permit);
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// Runs a request within `limit`: past it, the handler is dropped (a write in progress
/// rolls back) and the answer is `503`, JSON for the API and a French page elsewhere.
async fn within(limit: Duration, request: Request, next: Next) -> Response {
    let api = crate::routes::is_api(request.uri().path());
    let target = format!(
        "{} {}",
        request.method(),
        aiguillage_model::echo(request.uri().path())
    );
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("{target} took longer than {} s: answered 503", limit.as_secs());
            if api {
                ApiError::new(
                    ErrorCode::Unavailable,
                    format!(
                        "the request took longer than the server allows ({} s): retry later",
                        limit.as_secs()
                    ),
                )
                .into_response()
            } else {
                PageError::unavailable("Le serveur met trop de temps à répondre. Réessayez dans un instant.")
                    .into_response()
            }
        }
    }
}

/// On a read-only server, every request that would write (any method but `GET`, `HEAD`
/// and `OPTIONS`) is refused before reaching its handler: `503 read_only` on the API, a
/// French page elsewhere.
async fn refuse_writes(request: Request, next: Next) -> Response {
    if matches!(request.method(), &Method::GET | &Method::HEAD | &Method::OPTIONS) {
        return next.run(request).await;
    }
    if crate::routes::is_api(request.uri().path()) {
        ApiError::read_only().into_response()
    } else {
        PageError::read_only().into_response()
    }
}

/// Failing to accept is usually a client that left (skipped); running out of file
/// descriptors is waited out, as hyper used to, instead of spinning.
async fn accept_failed(e: io::Error) {
    if matches!(
        e.kind(),
        io::ErrorKind::ConnectionRefused | io::ErrorKind::ConnectionAborted | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    tracing::error!("accepting a connection: {e}");
    tokio::time::sleep(Duration::from_secs(1)).await;
}

/// What a connection is doing, for its watchdog.
#[derive(Debug)]
struct Activity {
    limits: Limits,
    clock: Mutex<Clock>,
}

#[derive(Debug, Clone, Copy)]
struct Clock {
    /// Requests whose handler is running: no timeout of the connection applies to them.
    busy: usize,
    /// Since when a request's header is awaited: the connection's start, or the first byte
    /// of the next request.
    header_since: Option<Instant>,
    /// The last time a byte moved or a request ended.
    active_at: Instant,
}

impl Activity {
    fn new(limits: Limits) -> Self {
        let now = Instant::now();
        Activity {
            limits,
            // A client that connects and sends nothing has not sent its header in time either.
            clock: Mutex::new(Clock {
                busy: 0,
                header_since: Some(now),
                active_at: now,
            }),
        }
    }

    fn update(&self, change: impl FnOnce(&mut Clock)) {
        change(&mut self.clock.lock().unwrap_or_else(PoisonError::into_inner));
    }

    fn read(&self) {
        self.update(|clock| {
            if clock.busy == 0 && clock.header_since.is_none() {
                clock.header_since = Some(Instant::now());
            }
        });
    }

    fn wrote(&self) {
        self.update(|clock| clock.active_at = Instant::now());
    }

    /// Whether the connection has waited too long at `now`.
    fn expired(&self, now: Instant) -> bool {
        let clock = *self.clock.lock().unwrap_or_else(PoisonError::into_inner);
        clock.busy == 0
            && (clock
                .header_since
                .is_some_and(|since| now - since >= self.limits.header_timeout)
                || now - clock.active_at >= self.limits.idle_timeout)
    }

    /// Resolves once the connection has waited too long.
    async fn expiry(&self) {
        // Checked a few times per timeout: a connection is closed at most a quarter of its
        // timeout late, without a timer reset on every byte.
        let shortest = self.limits.header_timeout.min(self.limits.idle_timeout);
        let period = (shortest / 4).clamp(Duration::from_millis(10), Duration::from_secs(1));
        let mut ticks = tokio::time::interval(period);
        loop {
            ticks.tick().await;
            if self.expired(Instant::now()) {
                return;
            }
        }
    }
}

/// Marks a request's handler as running until dropped.
struct Busy(Arc<Activity>);

impl Busy {
    fn start(activity: Arc<Activity>) -> Busy {
        activity.update(|clock| {
            clock.busy += 1;
            clock.header_since = None;
        });
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.update(|clock| {
            clock.busy = clock.busy.saturating_sub(1);
            clock.active_at = Instant::now();
        });
    }
}

/// A connection's socket, telling its [`Activity`] when bytes move.
struct Watched {
    stream: TcpStream,
    activity: Arc<Activity>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let poll = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.read();
        }
        poll
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        poll
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let poll = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(poll, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.wrote();
        }
        poll
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        // If the handler cannot be installed, the server simply runs until killed.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: Limits = Limits {
        header_timeout: Duration::from_secs(10),
        idle_timeout: Duration::from_secs(60),
        request_timeout: Duration::from_secs(60),
        max_connections: 1,
    };

    #[test]
    fn a_connection_times_out_by_its_header_then_by_idling() {
        let activity = Arc::new(Activity::new(LIMITS));
        let start = Instant::now();
        // Nothing sent: the header timeout.
        assert!(!activity.expired(start + Duration::from_secs(9)));
        assert!(activity.expired(start + Duration::from_secs(10)));

        // A request runs as long as it needs (the request timeout bounds it).
        let busy = Busy::start(activity.clone());
        assert!(!activity.expired(Instant::now() + Duration::from_secs(120)));
        drop(busy);

        // Kept alive: the idle timeout, until the next request's first byte.
        let idle = Instant::now();
        assert!(!activity.expired(idle + Duration::from_secs(59)));
        assert!(activity.expired(idle + Duration::from_secs(60)));
        activity.read();
        let sent = Instant::now();
        assert!(activity.expired(sent + Duration::from_secs(10)));
        assert!(!activity.expired(idle + Duration::from_secs(9)));
    }

    #[tokio::test]
    async fn a_request_past_its_time_is_answered_503() {
        let app = axum::Router::new()
            .route("/api/slow", axum::routing::get(slow))
            .route("/slow", axum::routing::get(slow))
            .layer(axum::middleware::from_fn(|request: Request, next: Next| {
                within(Duration::from_millis(50), request, next)
            }));
        async fn slow() -> &'static str {
            tokio::time::sleep(Duration::from_secs(5)).await;
            "done"
        }
        let call = |path: &'static str| {
            let app = app.clone();
            async move {
                let request = Request::builder().uri(path).body(Body::empty()).expect("request");
                app.oneshot(request).await.expect("infallible")
            }
        };
        let api = call("/api/slow").await;
        assert_eq!(api.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(api.into_body(), 10_000).await.expect("body");
        let body: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
        assert_eq!(body["error"]["code"], "unavailable");
        let page = call("/slow").await;
        assert_eq!(page.status(), axum::http::StatusCode::SERVICE_UNAVAILABLE);
        let body = axum::body::to_bytes(page.into_body(), 100_000)
            .await
            .expect("body");
        assert!(String::from_utf8_lossy(&body).contains("Réessayez"));
    }
}
