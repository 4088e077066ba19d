//! `nyttig serve`: the portal built into memory and served for preview, rebuilt on every save,
//! with every open page reloading itself and showing the build's errors over the page.
//!
//! The site is the map that `build::build` returns; nothing is written to disk and no file
//! outside that map can be served, so a path like `/../portal.yaml` has nothing to find.

use std::collections::{BTreeSet, HashMap};
use std::convert::Infallible;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Mutex, RwLock};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, HeaderValue, Method, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use notify::{RecursiveMode, Watcher};
use serde_json::json;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, broadcast, watch};

use crate::build::{self, Cache, Options};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::output::Output;
use crate::say::Say;
use crate::text::percent_decode;

pub struct ServeOptions {
    pub root: PathBuf,
    pub host: IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
    /// Read the folders for changes instead of being told of them (network drives).
    pub poll: bool,
    /// The language of messages (`--lang`), before `NYTTIG_LANG` and the portal's own.
    pub lang: Option<String>,
    /// Offer editing in the browser (the API under `/__nyttig/editor/`).
    pub edit: bool,
    /// Offer it to other machines too, when `host` is not a loopback address.
    pub edit_over_network: bool,
}

/// Connections the system may hold for the preview before it accepts them (std listens with 128):
/// a burst of slow clients then waits in line instead of making everyone's connection attempts
/// wait a second and try again. The system caps it (`net.core.somaxconn`).
const BACKLOG: i32 = 1024;
/// Where the preview's own files live; no portal path starts like this.
const OWN: &str = "/__nyttig/";
/// Where editing in the browser lives.
const EDITOR: &str = "/__nyttig/editor/";
/// The largest request the editing API reads: a few phone photos, base64-encoded.
const MAX_EDIT_BODY: usize = 100 * 1024 * 1024;
/// With `--poll`, how often the folders and files are read for changes.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// Changes closer together than this are one rebuild.
const SETTLE: Duration = Duration::from_millis(20);
/// The search index waits this long after a build, in case another save follows.
const INDEX_AFTER: Duration = Duration::from_millis(300);
const LIVE_JS: &str = include_str!("serve_live.js");

/// The folder of the preview's search index: always the same, as the pages point at it
/// before the index is built.
const SEARCH_FOLDER: &str = "preview";

/// A request's head (request line and headers) must arrive within this long of the
/// connection's opening or of the end of its last response; this is also how long a kept-alive
/// connection may wait for its next request. A slow client that trickles its header is closed.
/// Tests set `NYTTIG_SERVE_HEADER_TIMEOUT_MS` to be quick.
const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// A connection on which nothing is read or written for this long is closed, even in the middle
/// of a response (a client that stopped reading). The reload stream writes a comment more often
/// than this (`keep_alive_every`), so an open page keeps it. Tests set
/// `NYTTIG_SERVE_IDLE_TIMEOUT_MS`.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);
/// At most this many connections at once, and fewer when the open-file limit is lower (see
/// `Limits`). Tests set `NYTTIG_SERVE_MAX_CONNECTIONS`.
const MAX_CONNECTIONS: usize = 512;
/// Open files kept free of connections: the watcher, files read by a rebuild, the runtime.
const FILES_FOR_OTHER_WORK: u64 = 64;
/// The largest request head read (hyper's default is 400 KB a connection).
const MAX_HEAD: usize = 64 * 1024;
/// A request for the open data or the search index before the first is made waits for it
/// this long at most (less than `IDLE_TIMEOUT`, which would close the connection).
const BACKGROUND_WAIT: Duration = Duration::from_secs(20);
/// When every connection is taken, how long a new one waits for the closed one's place.
const EVICT_WAIT: Duration = Duration::from_millis(500);
/// After an error of `accept` that is not one connection's (out of files), wait this long.
const ACCEPT_PAUSE: Duration = Duration::from_millis(50);
/// What the preview answers: it only shows the site.
const ALLOWED_METHODS: &str = "GET, HEAD";
/// The files made in the background after the pages (`build::SearchLater`).
const BACKGROUND_FILES: [&str; 2] = ["data/", "nyttig-search/"];

/// What is served now, and the errors of the last build if it failed.
struct State {
    site: RwLock<Arc<Output>>,
    /// The search index's files, built after the pages.
    search: RwLock<Arc<Output>>,
    /// Counts rebuilds, so that a search index of an older build is not served after a newer.
    generation: AtomicU64,
    /// The last build's errors as open pages show them, in the editor's language: the
    /// `errors` message of the reload stream, `None` after a good build.
    errors: RwLock<Option<serde_json::Value>>,
    /// The health report of the last good build, and the errors of the last build if it
    /// failed: the page at `/__nyttig/report/`.
    health: RwLock<Arc<Health>>,
    /// `--lang`, which goes before the portal's `language` (see `say::chosen`).
    lang: Option<String>,
    /// Editing in the browser, when it is on.
    editing: Option<Arc<crate::editor::Editing>>,
    events: broadcast::Sender<String>,
    /// The background build of the search index and open data: the generation last sent to it
    /// and the last it finished (made, failed or gave up for a newer one).
    background: watch::Sender<Background>,
    /// Places for the open pages' reload streams: half the connections, so that pages are
    /// still answered when every stream is taken.
    streams: Arc<Semaphore>,
    /// How often a reload stream says it is alive: well within `Limits::idle`.
    keep_alive_every: Duration,
}

/// What the preview's report page shows.
#[derive(Debug)]
struct Health {
    lang: Lang,
    title: String,
    findings: Vec<crate::health::Finding>,
    errors: Vec<Diagnostic>,
}

impl Default for Health {
    fn default() -> Self {
        Health { lang: Lang::En, title: String::new(), findings: Vec::new(), errors: Vec::new() }
    }
}

#[derive(Clone, Copy, Debug, Default)]
struct Background {
    wanted: u64,
    done: u64,
}

/// Runs the preview until the process is stopped. Errors here are about the machine (the
/// port, the folder), not the content: content errors are shown, not fatal.
pub fn run(mut opts: ServeOptions) -> Result<(), Say> {
    // One spelling of every path, so that the paths the watcher reports match the ones read.
    opts.root = opts.root.canonicalize().unwrap_or(opts.root);
    if !opts.root.join("portal.yaml").is_file() {
        return Err(say!("cli.no_portal", dir = opts.root.display()));
    }
    // What the terminal says, in the portal's language (the overlay follows every build).
    let lang = crate::say::chosen(opts.lang.as_deref(), &opts.root);
    let open_files = raise_open_file_limit();
    let limits = Limits::new(open_files, &|name| std::env::var(name).ok());
    let listener = bind(opts.host, opts.port, lang)?;
    deepen_backlog(&listener);
    let addr = listener.local_addr().map_err(|e| say!("cli.server_failed", why = e))?;
    let shown_host = if opts.host.is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let url = format!("http://{shown_host}:{}/", addr.port());
    // The search index is built after the pages, so that it never delays a reload.
    let build_options = Options {
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        strict: false,
        search_later: Some(SEARCH_FOLDER.into()),
        timings: false,
        pictures_later: true,
        health_on: None,
        // How a host is to be given the policy is no matter for the preview.
        meta_policy: false,
        // The preview publishes nothing.
        remember_addresses: false,
    };

    // Watching starts before the first build, so that no save is missed.
    let (changes_tx, changes) = mpsc::channel();
    let pictures = picture_maker(changes_tx.clone(), lang);
    let handler = move |event: notify::Result<notify::Event>| {
        // Reading files (as every build does) is an event too: only changes count.
        if let Ok(event) = event
            && !matches!(event.kind, notify::EventKind::Access(_))
        {
            let _ = changes_tx.send(event.paths);
        }
    };
    let mut watcher: Box<dyn Watcher + Send> = if opts.poll {
        // File times are compared to the second only: the contents tell saves within one apart.
        let config = notify::Config::default().with_poll_interval(POLL_EVERY).with_compare_contents(true);
        Box::new(
            notify::PollWatcher::new(handler, config)
                .map_err(|e| say!("cli.cannot_watch", dir = opts.root.display(), why = e))?,
        )
    } else {
        Box::new(
            notify::recommended_watcher(handler)
                .map_err(|e| say!("cli.cannot_watch", dir = opts.root.display(), why = e))?,
        )
    };
    watch(watcher.as_mut(), &opts.root);
    // Editing writes files: on this computer only, unless asked for on the network too.
    let local = opts.host.is_loopback();
    let editing = if opts.edit && (local || opts.edit_over_network) {
        let editing = crate::editor::Editing::new(&opts.root, lang, addr.port(), !local)
            .map_err(|e| say!("cli.server_failed", why = e))?;
        Some(Arc::new(editing))
    } else {
        None
    };
    let (tx, _) = broadcast::channel(64);
    let state = Arc::new(State {
        site: RwLock::default(),
        search: RwLock::default(),
        generation: AtomicU64::new(0),
        errors: RwLock::default(),
        health: RwLock::default(),
        lang: opts.lang.clone(),
        editing: editing.clone(),
        events: tx,
        background: watch::Sender::new(Background::default()),
        streams: Arc::new(Semaphore::new((limits.connections / 2).max(1))),
        keep_alive_every: (limits.idle / 3).min(Duration::from_secs(15)),
    });
    let start = Instant::now();
    // What the last build made, kept so that a save makes again only what it affects.
    let mut cache = Cache::default();
    let index = indexer(&state, lang);
    if let Some(later) = rebuild(&opts.root, &build_options, &state, &mut cache, None, &pictures) {
        in_background(&state, &index, later);
    }
    let ms = start.elapsed().as_millis();
    println!("{}", say!("cli.serving", root = opts.root.display(), url = &url, ms = ms).to(lang));
    if editing.is_some() {
        println!("{}", say!("editor.at", url = format!("{url}__nyttig/editor/")).to(lang));
    }
    if opts.host.is_unspecified() || !opts.host.is_loopback() {
        let warning = say!("cli.host_visible", host = opts.host);
        println!("{}: {}", say!("common.warning").to(lang), warning.to(lang));
        if editing.is_some() {
            println!("{}: {}", say!("common.warning").to(lang), say!("editor.over_network").to(lang));
        } else if opts.edit {
            println!("{}: {}", say!("common.note").to(lang), say!("editor.off_on_network").to(lang));
        }
    }
    println!("{}", say!("cli.watching").to(lang));
    if limits.connections < MAX_CONNECTIONS && std::env::var_os("NYTTIG_SERVE_MAX_CONNECTIONS").is_none() {
        let note = say!("cli.open_files", limit = open_files, n = limits.connections);
        println!("{}: {}", say!("common.note").to(lang), note.to(lang));
    }
    if opts.open {
        open_browser(&url);
    }

    let watched_state = state.clone();
    let root = opts.root.clone();
    std::thread::spawn(move || {
        // The watcher lives in this thread, so that new folders can be watched as they come.
        loop {
            let Ok(first) = changes.recv() else { return };
            let mut paths: BTreeSet<PathBuf> = first.into_iter().collect();
            while let Ok(more) = changes.recv_timeout(SETTLE) {
                paths.extend(more);
            }
            let relevant: Vec<PathBuf> = paths.into_iter().filter(|p| matters(&root, p)).collect();
            if relevant.is_empty() {
                continue;
            }
            if relevant.iter().any(|p| p.parent() == Some(root.as_path()) && p.is_dir()) {
                watch(watcher.as_mut(), &root);
            }
            if let Some(later) = rebuild(&root, &build_options, &watched_state, &mut cache, Some(&relevant), &pictures)
            {
                in_background(&watched_state, &index, later);
            }
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| say!("cli.server_failed", why = e))?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| say!("cli.server_failed", why = e))?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| say!("cli.server_failed", why = e))?;
        let app: Router = Router::new()
            .route(
                "/__nyttig/live.js",
                get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS) }),
            )
            .route("/__nyttig/status", get(status))
            .route("/__nyttig/report/", get(report))
            .route("/__nyttig/editor/", get(editor_page))
            .route("/__nyttig/editor", get(|| async { Redirect::permanent("/__nyttig/editor/") }))
            .route("/__nyttig/editor/cms/{file}", get(editor_cms))
            .route("/__nyttig/editor/config.yml", get(editor_config))
            .route("/__nyttig/editor/{token}/api/v1", axum::routing::post(editor_api))
            .route("/__nyttig/report", get(|| async { Redirect::permanent("/__nyttig/report/") }))
            .route("/__nyttig/events", get(events))
            .fallback(page)
            .with_state(state);
        serve_connections(listener, app, limits).await;
        Ok(())
    })
}

/// How long a client may take and how many may be served at once.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Limits {
    header: Duration,
    idle: Duration,
    connections: usize,
}

impl Limits {
    /// The defaults, or the test settings of the environment (`env`), with no more
    /// connections than the open-file limit leaves room for.
    fn new(open_files: u64, env: &dyn Fn(&str) -> Option<String>) -> Limits {
        let number = |name: &str| env(name).and_then(|v| v.trim().parse::<u64>().ok());
        let ms = |name: &str, default: Duration| number(name).map_or(default, |ms| Duration::from_millis(ms.max(1)));
        let room = usize::try_from(open_files.saturating_sub(FILES_FOR_OTHER_WORK)).unwrap_or(usize::MAX);
        let wanted = number("NYTTIG_SERVE_MAX_CONNECTIONS")
            .map_or(MAX_CONNECTIONS, |n| usize::try_from(n).unwrap_or(MAX_CONNECTIONS));
        Limits {
            header: ms("NYTTIG_SERVE_HEADER_TIMEOUT_MS", HEADER_TIMEOUT),
            idle: ms("NYTTIG_SERVE_IDLE_TIMEOUT_MS", IDLE_TIMEOUT),
            connections: wanted.min(room).max(2),
        }
    }
}

/// Raises the soft limit of open files to the hard one, and returns the limit now in force.
/// Every connection is an open file: at the limit, `accept` fails and nobody is answered.
fn raise_open_file_limit() -> u64 {
    #[cfg(unix)]
    // SAFETY: both calls read or write only the `rlimit` passed to them.
    unsafe {
        let mut limit = libc::rlimit { rlim_cur: 0, rlim_max: 0 };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit { rlim_cur: limit.rlim_max, rlim_max: limit.rlim_max };
            // macOS refuses an unlimited soft limit: then the old one stays.
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit = raised;
            }
        }
        #[allow(clippy::unnecessary_cast, clippy::useless_conversion)]
        u64::try_from(limit.rlim_cur).unwrap_or(u64::MAX)
    }
    #[cfg(not(unix))]
    {
        u64::MAX
    }
}

/// One open connection, as the accept loop sees it: whether a request is being answered on
/// it, when it last read or wrote, and a way to close it.
struct Conn {
    id: u64,
    epoch: Instant,
    /// Milliseconds from `epoch` to the last byte read or written.
    last_active: AtomicU64,
    /// Requests whose answer is not yet all written (a reload stream stays here).
    in_flight: AtomicUsize,
    close: tokio::sync::Notify,
}

impl Conn {
    fn touch(&self) {
        self.last_active.store(self.epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
    }

    fn quiet_for(&self) -> Duration {
        self.epoch.elapsed().saturating_sub(Duration::from_millis(self.last_active.load(Ordering::Relaxed)))
    }
}

type OpenConns = Arc<Mutex<HashMap<u64, Arc<Conn>>>>;

fn lock(open: &OpenConns) -> std::sync::MutexGuard<'_, HashMap<u64, Arc<Conn>>> {
    open.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accepts connections until the process ends. Every connection takes a place; when all are
/// taken, the connection that has been quiet longest without a request being answered (a slow
/// or idle client) is closed to make room, so that a real request is still answered; when every
/// connection is answering one, the new connection is closed at once.
async fn serve_connections(listener: tokio::net::TcpListener, app: Router, limits: Limits) {
    let places = Arc::new(Semaphore::new(limits.connections));
    let open: OpenConns = Arc::default();
    let epoch = Instant::now();
    let mut next_id = 0u64;
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(e) if is_connection_error(&e) => continue,
            Err(_) => {
                // Out of files or memory: the connection waits in the backlog meanwhile.
                tokio::time::sleep(ACCEPT_PAUSE).await;
                continue;
            }
        };
        let place = match places.clone().try_acquire_owned() {
            Ok(place) => place,
            Err(_) => {
                if !close_quietest(&open) {
                    continue;
                }
                match tokio::time::timeout(EVICT_WAIT, places.clone().acquire_owned()).await {
                    Ok(Ok(place)) => place,
                    _ => continue,
                }
            }
        };
        let _ = stream.set_nodelay(true);
        next_id += 1;
        let conn = Arc::new(Conn {
            id: next_id,
            epoch,
            last_active: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            close: tokio::sync::Notify::new(),
        });
        conn.touch();
        lock(&open).insert(conn.id, conn.clone());
        tokio::spawn(connection(stream, conn, app.clone(), limits, open.clone(), place));
    }
}

/// Errors of `accept` that concern one connection only, which is gone.
fn is_connection_error(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::{ConnectionAborted, ConnectionRefused, ConnectionReset};
    matches!(e.kind(), ConnectionRefused | ConnectionAborted | ConnectionReset)
}

/// Closes the connection that has been quiet longest among those answering no request;
/// false when every connection is answering one.
fn close_quietest(open: &OpenConns) -> bool {
    let mut open = lock(open);
    let quietest = open
        .values()
        .filter(|c| c.in_flight.load(Ordering::SeqCst) == 0)
        .min_by_key(|c| c.last_active.load(Ordering::Relaxed))
        .map(|c| c.id);
    match quietest.and_then(|id| open.remove(&id)) {
        Some(conn) => {
            conn.close.notify_one();
            true
        }
        None => false,
    }
}

/// One connection, HTTP/1.1, until the client closes it, a timeout, or the accept loop needs
/// its place.
async fn connection(
    stream: tokio::net::TcpStream,
    conn: Arc<Conn>,
    app: Router,
    limits: Limits,
    open: OpenConns,
    _place: OwnedSemaphorePermit,
) {
    let tower = TowerToHyperService::new(app);
    let counted = conn.clone();
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let busy = Busy::start(&counted);
        let answer =
            allowed(request.method(), request.uri().path()).then(|| hyper::service::Service::call(&tower, request));
        async move {
            let response = match answer {
                Some(answer) => answer.await?,
                None => method_not_allowed(),
            };
            Ok::<_, Infallible>(response.map(|body| Counted { body, _busy: busy }))
        }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new()).header_read_timeout(limits.header).keep_alive(true).max_buf_size(MAX_HEAD);
    let serving = http.serve_connection(TokioIo::new(Tracked { stream, conn: conn.clone() }), service);
    tokio::pin!(serving);
    loop {
        let left = limits.idle.saturating_sub(conn.quiet_for());
        if left.is_zero() {
            break;
        }
        tokio::select! {
            _ = serving.as_mut() => break,
            _ = conn.close.notified() => break,
            _ = tokio::time::sleep(left) => {}
        }
    }
    lock(&open).remove(&conn.id);
}

/// GET and HEAD for the site; POST only to the editing API (which checks the rest).
fn allowed(method: &Method, path: &str) -> bool {
    method == Method::GET || method == Method::HEAD || (method == Method::POST && path.starts_with(EDITOR))
}

fn method_not_allowed() -> Response {
    (
        StatusCode::METHOD_NOT_ALLOWED,
        [(header::ALLOW, ALLOWED_METHODS)],
        "the preview only shows the site: GET and HEAD\n",
    )
        .into_response()
}

/// Counts a request as being answered until its answer is all written (or dropped).
struct Busy(Arc<Conn>);

impl Busy {
    fn start(conn: &Arc<Conn>) -> Busy {
        conn.in_flight.fetch_add(1, Ordering::SeqCst);
        Busy(conn.clone())
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.0.in_flight.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A response's body that keeps its request counted while it is written.
struct Counted {
    body: Body,
    _busy: Busy,
}

impl HttpBody for Counted {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, axum::Error>>> {
        Pin::new(&mut self.body).poll_frame(cx)
    }

    fn is_end_stream(&self) -> bool {
        self.body.is_end_stream()
    }

    fn size_hint(&self) -> http_body::SizeHint {
        self.body.size_hint()
    }
}

/// A connection's socket that notes when it last read or wrote a byte.
struct Tracked {
    stream: tokio::net::TcpStream,
    conn: Arc<Conn>,
}

impl AsyncRead for Tracked {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.conn.touch();
        }
        read
    }
}

impl AsyncWrite for Tracked {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write(cx, buf);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.touch();
        }
        written
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let written = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        if matches!(written, Poll::Ready(Ok(n)) if n > 0) {
            self.conn.touch();
        }
        written
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// The port asked for, or when it is taken the next free one, with a note.
fn bind(host: IpAddr, port: u16, lang: Lang) -> Result<TcpListener, Say> {
    match TcpListener::bind(SocketAddr::new(host, port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
            for next in port.saturating_add(1)..port.saturating_add(20) {
                if let Ok(l) = TcpListener::bind(SocketAddr::new(host, next)) {
                    let note = say!("cli.port_taken", port = port, next = next);
                    println!("{}: {}", say!("common.note").to(lang), note.to(lang));
                    return Ok(l);
                }
            }
            Err(say!("cli.ports_taken", port = port))
        }
        Err(e) => Err(say!("cli.cannot_listen", address = SocketAddr::new(host, port), why = e)),
    }
}

/// Listens again with a longer queue of connections not yet accepted (`BACKLOG`); Linux and the
/// BSDs change the queue of a listening socket in place. Where it fails, 128 stays.
fn deepen_backlog(listener: &TcpListener) {
    #[cfg(unix)]
    {
        use std::os::fd::AsRawFd;
        // SAFETY: `listen` on a socket this process owns and that is already listening.
        let _ = unsafe { libc::listen(listener.as_raw_fd(), BACKLOG) };
    }
}

fn watch(watcher: &mut dyn Watcher, root: &Path) {
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    for dir in build::changes::WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Whether a changed path can change the site (see [`build::changes::classify`]).
fn matters(root: &Path, path: &Path) -> bool {
    build::changes::classify(root, path).is_some()
}

/// The preview's search indexer: one thread in the background that indexes the newest
/// good build, at the lowest priority, and gives up on a build as soon as a newer one is made.
/// It is sent each good build's generation and what its index is made from.
fn indexer(state: &Arc<State>, lang: Lang) -> mpsc::Sender<(u64, build::SearchLater)> {
    let (tx, rx) = mpsc::channel::<(u64, build::SearchLater)>();
    let state = state.clone();
    std::thread::spawn(move || {
        // The index takes seconds on a large portal: it yields to the next save's rebuild.
        lower_priority();
        // Its own threads, made by this one, share its low priority.
        let pool = rayon::ThreadPoolBuilder::new().build().ok();
        while let Ok(mut next) = rx.recv() {
            // Saves in quick succession index once, after the last of them.
            loop {
                match rx.recv_timeout(INDEX_AFTER) {
                    Ok(newer) => next = newer,
                    Err(mpsc::RecvTimeoutError::Timeout) => break,
                    Err(mpsc::RecvTimeoutError::Disconnected) => return,
                }
            }
            let (generation, later) = next;
            let current = || state.generation.load(Ordering::SeqCst) == generation;
            let start = Instant::now();
            let index = || later.files(&current);
            let files = match &pool {
                Some(pool) => pool.install(index),
                None => index(),
            };
            if let Ok(Some(files)) = files
                && current()
                && let Ok(mut search) = state.search.write()
            {
                *search = Arc::new(files);
                println!("{}", say!("cli.search_updated", ms = start.elapsed().as_millis()).to(lang));
            }
            // Requests waiting for these files look again (after the files are in place).
            state.background.send_modify(|b| b.done = b.done.max(generation));
        }
    });
    tx
}

/// Makes the pictures that builds left for later (new or changed photos), in the background,
/// then has the site built again with them, which reloads the pages that show them.
fn picture_maker(changes: mpsc::Sender<Vec<PathBuf>>, lang: Lang) -> mpsc::Sender<build::PicturesLater> {
    let (tx, rx) = mpsc::channel::<build::PicturesLater>();
    std::thread::spawn(move || {
        // A save's rebuild comes first.
        lower_priority();
        let pool = rayon::ThreadPoolBuilder::new().build().ok();
        // Each file as it was when it was made (size, time): one the store could not keep is
        // not made again and again.
        let mut tried: std::collections::HashSet<(PathBuf, u64, Option<std::time::SystemTime>)> =
            std::collections::HashSet::new();
        while let Ok(mut later) = rx.recv() {
            // Only the newest build's list matters.
            while let Ok(newer) = rx.try_recv() {
                later = newer;
            }
            later.files.retain(|file| {
                let meta = std::fs::metadata(file).ok();
                tried.insert((file.clone(), meta.as_ref().map_or(0, |m| m.len()), meta.and_then(|m| m.modified().ok())))
            });
            if later.files.is_empty() {
                continue;
            }
            let start = Instant::now();
            let made = match &pool {
                Some(pool) => pool.install(|| later.make()),
                None => later.make(),
            };
            let secs = crate::i18n::format_number(lang, start.elapsed().as_secs_f64());
            let said = match made {
                1 => say!("cli.pictures_made_one", secs = secs),
                n => say!("cli.pictures_made_many", n = n, secs = secs),
            };
            println!("{}", said.to(lang));
            if changes.send(later.files).is_err() {
                return;
            }
        }
    });
    tx
}

/// Gives the calling thread, and the threads it makes, the lowest priority: it runs only when
/// nothing else wants the processor (Linux; elsewhere nothing changes).
fn lower_priority() {
    #[cfg(target_os = "linux")]
    // SAFETY: both calls only read their arguments; on Linux, `0` is the calling thread.
    unsafe {
        let idle = libc::sched_param { sched_priority: 0 };
        if libc::sched_setscheduler(0, libc::SCHED_IDLE, &idle) != 0 {
            libc::setpriority(libc::PRIO_PROCESS, 0, 19);
        }
    }
}

/// Builds the site and makes it the one served; on errors keeps the last good site and tells
/// every open page. A good build returns its generation and what its search index is made of.
fn rebuild(
    root: &Path,
    options: &Options,
    state: &State,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
    pictures: &mpsc::Sender<build::PicturesLater>,
) -> Option<(u64, build::SearchLater)> {
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let start = Instant::now();
    let result = build::build_again(root, options, cache, changed);
    let ms = start.elapsed().as_millis();
    let lang = crate::say::chosen(state.lang.as_deref(), root);
    let what = changed.map(|paths| {
        let names: Vec<String> =
            paths.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).take(3).collect();
        let more = paths.len().saturating_sub(3);
        let names = names.join(", ");
        if more > 0 { say!("cli.and_more", names = names, n = more).to(lang) } else { names }
    });
    match result {
        Ok(mut built) => {
            for w in &built.warnings {
                eprintln!("{}", w.render(lang));
            }
            if let Some(later) = built.pictures_later.take() {
                let said = match later.files.len() {
                    1 => say!("cli.pictures_later_one"),
                    n => say!("cli.pictures_later_many", n = n),
                };
                println!("{}", said.to(lang));
                let _ = pictures.send(later);
            }
            let old = state.site.read().map(|s| s.clone()).unwrap_or_default();
            let changed_files: Vec<&String> = built
                .output
                .iter()
                .filter(|(k, v)| old.get(*k).is_none_or(|o| !Arc::ptr_eq(o, v) && o != *v))
                .map(|(k, _)| k)
                .chain(old.keys().filter(|k| !built.output.contains_key(*k)))
                .collect();
            let pages: Vec<String> =
                changed_files.iter().filter(|k| k.ends_with(".html")).map(|k| page_url(k)).collect();
            let css_only = !changed_files.is_empty() && changed_files.iter().all(|k| k.ends_with(".css"));
            // Files a page may load (stylesheets, scripts, pictures), unlike the site's data
            // and feeds, which only change what other programs read.
            let loaded = |k: &str| {
                ![".html", ".xml", ".txt", ".json", ".csv"].iter().any(|end| k.ends_with(end))
                    && !k.starts_with("nyttig-search/")
            };
            let assets = changed_files.iter().any(|k| loaded(k));
            let message = json!({
                "type": "reload",
                "pages": pages,
                "css_only": css_only,
                "all": assets && !css_only,
            });
            let had_errors = state.errors.read().map(|e| e.is_some()).unwrap_or(false);
            if let Ok(mut site) = state.site.write() {
                *site = Arc::new(built.output);
            }
            if let Ok(mut errors) = state.errors.write() {
                *errors = None;
            }
            if let (Some(later), Ok(mut health)) = (&built.search_later, state.health.write()) {
                let findings = crate::health::findings(later.site(), &built.warnings, crate::date::today());
                *health =
                    Arc::new(Health { lang, title: later.site().config.title.clone(), findings, errors: Vec::new() });
            }
            if let Some(what) = what {
                let total: usize = built.pages.values().sum();
                let (made, changed) = (built.rendered, pages.len());
                let rebuilt = say!("cli.rebuilt", what = what, ms = ms, made = made, total = total, changed = changed);
                let fixed = if had_errors { format!("; {}", say!("cli.errors_fixed").to(lang)) } else { String::new() };
                println!("{}{fixed}", rebuilt.to(lang));
            }
            let _ = state.events.send(message.to_string());
            built.search_later.map(|later| (generation, later))
        }
        Err(diags) => {
            for d in &diags.0 {
                eprintln!("{}", d.render(lang));
            }
            let errors: Vec<Diagnostic> = diags.0.into_iter().filter(Diagnostic::is_error).collect();
            if let Ok(mut health) = state.health.write() {
                let findings = health.findings.clone();
                *health = Arc::new(Health { lang, title: health.title.clone(), findings, errors: errors.clone() });
            }
            let count =
                if errors.len() == 1 { say!("cli.errors_one") } else { say!("cli.errors_many", n = errors.len()) };
            let stopped = say!("cli.stopped", errors = count, ms = ms).to(lang);
            match what {
                Some(what) => println!("{}: {stopped}", say!("cli.changed", what = what).to(lang)),
                None => println!("{stopped}"),
            }
            let title = match errors.len() {
                1 => say!("cli.overlay_title_one"),
                n => say!("cli.overlay_title_many", n = n),
            };
            let errors: Vec<serde_json::Value> = errors.iter().map(|d| error_json(d, lang)).collect();
            let message = json!({
                "type": "errors",
                "errors": errors,
                "title": title.to(lang),
                "note": say!("cli.overlay_note").to(lang),
            });
            if let Ok(mut e) = state.errors.write() {
                *e = Some(message.clone());
            }
            let _ = state.events.send(message.to_string());
            None
        }
    }
}

/// Hands a good build's search index and open data to the background, and says so first, so
/// that a request for them waits instead of finding nothing.
fn in_background(state: &State, index: &mpsc::Sender<(u64, build::SearchLater)>, later: (u64, build::SearchLater)) {
    state.background.send_modify(|b| b.wanted = b.wanted.max(later.0));
    if index.send(later).is_err() {
        // No indexer: nothing is coming, so nobody should wait for it.
        state.background.send_modify(|b| b.done = b.wanted);
    }
}

fn error_json(d: &Diagnostic, lang: Lang) -> serde_json::Value {
    json!({ "file": d.path, "line": d.line, "col": d.col, "message": d.message_in(lang), "hint": d.hint_in(lang), "text": d.render(lang) })
}

/// `projekter/a/index.html` → `/projekter/a/`.
fn page_url(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

async fn status(axum::extract::State(state): axum::extract::State<Arc<State>>) -> Response {
    let errors = state.errors.read().ok().and_then(|e| e.clone());
    let body = errors.unwrap_or_else(|| json!({ "errors": [] })).to_string();
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

/// The health report, in the editor's language: the same findings as `nyttig check --report`,
/// made again at every save.
async fn report(axum::extract::State(state): axum::extract::State<Arc<State>>) -> Response {
    let health = state.health.read().map(|h| h.clone()).unwrap_or_default();
    let page = crate::health::html(&health.findings, &health.errors, &health.title, health.lang);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// The editor's page, for the preview's own address only.
async fn editor_page(axum::extract::State(state): axum::extract::State<Arc<State>>, headers: HeaderMap) -> Response {
    let Some(editing) = state.editing.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    if !headers.get(header::HOST).and_then(|h| h.to_str().ok()).is_some_and(|h| editing.own_host(h)) {
        return StatusCode::FORBIDDEN.into_response();
    }
    let health = state.health.read().map(|h| h.clone()).unwrap_or_default();
    let page = crate::editor::page(&health.title, health.lang);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], page).into_response()
}

/// A file of the bundled CMS, as stored: gzipped.
async fn editor_cms(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    axum::extract::Path(file): axum::extract::Path<String>,
) -> Response {
    let found = state.editing.as_ref().and_then(|_| crate::editor::cms_file(&file));
    let Some((bytes, kind)) = found else { return StatusCode::NOT_FOUND.into_response() };
    let headers =
        [(header::CONTENT_TYPE, kind), (header::CONTENT_ENCODING, "gzip"), (header::CACHE_CONTROL, "no-cache")];
    (headers, bytes).into_response()
}

/// The editor's configuration: where it saves (the API, with its token). Only for the
/// preview's own address: no other site can read it, nor a name rebound to this machine.
async fn editor_config(axum::extract::State(state): axum::extract::State<Arc<State>>, headers: HeaderMap) -> Response {
    let Some(editing) = state.editing.as_ref() else { return StatusCode::NOT_FOUND.into_response() };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).filter(|h| editing.own_host(h));
    let Some(host) = host else { return StatusCode::FORBIDDEN.into_response() };
    let Some(config) = editing.config(host) else { return StatusCode::SERVICE_UNAVAILABLE.into_response() };
    ([(header::CONTENT_TYPE, "text/yaml; charset=utf-8"), (header::CACHE_CONTROL, "no-store")], config).into_response()
}

/// The editing API (`editor::Editing::answer`): the file work is done off the server's threads.
async fn editor_api(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
    axum::extract::Path(token): axum::extract::Path<String>,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let Some(editing) = state.editing.clone() else { return StatusCode::NOT_FOUND.into_response() };
    let Ok(body) = axum::body::to_bytes(body, MAX_EDIT_BODY).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let text = |name| headers.get(name).and_then(|v: &HeaderValue| v.to_str().ok()).map(str::to_owned);
    let (host, origin) = (text(header::HOST), text(header::ORIGIN));
    // Listening before the save, so that the build it causes is not missed.
    let mut builds = state.events.subscribe();
    let answer =
        tokio::task::spawn_blocking(move || editing.answer(host.as_deref(), origin.as_deref(), &token, &body)).await;
    match answer {
        Ok(a) if a.changed => {
            // The editor is told what the build says of its save, in the build's own words.
            match build_of_save(&mut builds).await {
                Some(errors) => {
                    let json = [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")];
                    (StatusCode::UNPROCESSABLE_ENTITY, json, json!({ "error": errors }).to_string()).into_response()
                }
                None => {
                    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], a.body.to_string()).into_response()
                }
            }
        }
        Ok(a) => {
            let status = StatusCode::from_u16(a.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let json = [(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")];
            (status, json, a.body.to_string()).into_response()
        }
        Err(_) => StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    }
}

/// Waits for the build a save causes: its errors, as the terminal shows them, when it
/// failed; `None` when it succeeded (or did not come within the wait, as when the watcher is
/// slow: the preview shows its errors then anyway).
async fn build_of_save(builds: &mut broadcast::Receiver<String>) -> Option<String> {
    let wait = tokio::time::sleep(Duration::from_secs(20));
    tokio::pin!(wait);
    loop {
        let message = tokio::select! {
            m = builds.recv() => m,
            () = &mut wait => return None,
        };
        let Ok(message) = message else { continue };
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&message) else { continue };
        match value["type"].as_str() {
            Some("reload") => return None,
            Some("errors") => {
                let texts: Vec<&str> = value["errors"].as_array()?.iter().filter_map(|e| e["text"].as_str()).collect();
                return Some(format!("{}\n{}", value["title"].as_str().unwrap_or(""), texts.join("\n")));
            }
            _ => continue,
        }
    }
}

async fn events(axum::extract::State(state): axum::extract::State<Arc<State>>) -> Response {
    // A stream holds its connection for as long as the page is open: beyond half the
    // connections, new pages go without live reload rather than the server without places.
    let Ok(place) = state.streams.clone().try_acquire_owned() else {
        return (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "10")], "too many open pages").into_response();
    };
    let rx = state.events.subscribe();
    let stream = futures_util::stream::unfold((rx, place), |(mut rx, place)| async move {
        loop {
            match rx.recv().await {
                Ok(message) => return Some((Ok::<_, Infallible>(Event::default().data(message)), (rx, place))),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(state.keep_alive_every)).into_response()
}

/// A file of the site, with the preview's script in every page.
async fn page(axum::extract::State(state): axum::extract::State<Arc<State>>, request: Request<Body>) -> Response {
    let site = state.site.read().map(|s| s.clone()).unwrap_or_default();
    let raw = request.uri().path();
    let Some(key) = site_key(raw) else { return not_found(&site) };
    let key = if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key };
    let range = request.headers().get(header::RANGE).and_then(|v| v.to_str().ok());
    if let Some(bytes) = site.get(&key) {
        return part_response(&key, bytes, range);
    }
    let mut search = state.search.read().map(|s| s.clone()).unwrap_or_default();
    if !search.contains_key(&key) && BACKGROUND_FILES.iter().any(|folder| key.starts_with(folder)) {
        // Made in the background after the pages: wait for the build that is making them
        // rather than answer a 404 that is not true, then serve what it made.
        let mut made = state.background.subscribe();
        let _ =
            tokio::time::timeout(BACKGROUND_WAIT, async { made.wait_for(|b| b.done >= b.wanted).await.is_ok() }).await;
        search = state.search.read().map(|s| s.clone()).unwrap_or_default();
    }
    if let Some(bytes) = search.get(&key) {
        return part_response(&key, bytes, range);
    }
    if site.contains_key(&format!("{key}/index.html")) {
        let location = format!("{raw}/");
        return (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, location)]).into_response();
    }
    not_found(&site)
}

/// The key in the site of a request path, or None for anything that tries to leave it:
/// `..` and `.` segments (plain or percent-encoded), backslashes, NUL, and `//`.
pub fn site_key(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw);
    if !decoded.starts_with('/') || decoded.starts_with("//") || decoded.contains(['\\', '\0']) {
        return None;
    }
    let rest = &decoded[1..];
    if rest.split('/').any(|seg| seg == ".." || seg == ".") || rest.starts_with(OWN.trim_start_matches('/')) {
        return None;
    }
    Some(rest.to_owned())
}

fn not_found(site: &Output) -> Response {
    match site.get("404.html") {
        Some(bytes) => file_response(StatusCode::NOT_FOUND, "404.html", bytes),
        None => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// A file, or the part of it that `range` (a `Range` header) asks for: the search client
/// reads its cards and texts so.
fn part_response(key: &str, bytes: &[u8], range: Option<&str>) -> Response {
    let len = bytes.len();
    // Pages get the preview's script: they are always sent whole.
    let range = range.filter(|_| !content_type(key).starts_with("text/html"));
    let mut response = match part_of(range, len) {
        Part::Whole => return file_response(StatusCode::OK, key, bytes),
        Part::Some(part, shown) => {
            let mut response = file_response(StatusCode::PARTIAL_CONTENT, key, &bytes[part]);
            response.headers_mut().insert(header::CONTENT_RANGE, HeaderValue::from_str(&shown).expect("ASCII"));
            response
        }
        Part::None(shown) => {
            let mut response = (StatusCode::RANGE_NOT_SATISFIABLE, ()).into_response();
            response.headers_mut().insert(header::CONTENT_RANGE, HeaderValue::from_str(&shown).expect("ASCII"));
            response
        }
    };
    response.headers_mut().insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    response
}

/// What to send of a file of `len` bytes for a request with `range` (its `Range` header).
pub enum Part {
    /// The whole file (200).
    Whole,
    /// These bytes (206), with the `Content-Range` that says so.
    Some(std::ops::Range<usize>, String),
    /// Nothing (416), with the `Content-Range` that gives the file's length.
    None(String),
}

/// The part of a file of `len` bytes that a request with `range` gets.
pub fn part_of(range: Option<&str>, len: usize) -> Part {
    match range.and_then(|r| byte_range(r, len)) {
        None => Part::Whole,
        Some(Ok(part)) => {
            let shown = format!("bytes {}-{}/{len}", part.start, part.end - 1);
            Part::Some(part, shown)
        }
        Some(Err(())) => Part::None(format!("bytes */{len}")),
    }
}

/// The bytes of a file of `len` bytes that a `Range` header asks for: None to send the whole
/// file (a header this server does not serve in part: several ranges, another unit, not
/// readable), `Err` when the range begins past the end (416), else the range. A static host
/// answers so (RFC 9110, 14.2).
pub fn byte_range(header: &str, len: usize) -> Option<Result<std::ops::Range<usize>, ()>> {
    let spec = header.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (first, last) = spec.split_once('-')?;
    let number = |s: &str| -> Option<usize> {
        let s = s.trim();
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().unwrap_or(usize::MAX))
    };
    let range = match (number(first), number(last)) {
        (Some(a), Some(b)) if a > b => None,
        (Some(a), _) if a >= len => Some(Err(())),
        (Some(a), Some(b)) => Some(Ok(a..b.saturating_add(1).min(len))),
        (Some(a), None) if last.trim().is_empty() => Some(Ok(a..len)),
        (None, Some(0)) if first.trim().is_empty() => Some(Err(())),
        (None, Some(n)) if first.trim().is_empty() => Some(Ok(len.saturating_sub(n)..len)),
        _ => None,
    };
    // Nothing of an empty file can be sent in part.
    range.map(|r| r.and_then(|r| if r.is_empty() { Err(()) } else { Ok(r) }))
}

fn file_response(status: StatusCode, key: &str, bytes: &[u8]) -> Response {
    let kind = content_type(key);
    let body = if kind.starts_with("text/html") { with_live_script(bytes) } else { bytes.to_vec() };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// The page with the preview's script before `</body>`.
fn with_live_script(html: &[u8]) -> Vec<u8> {
    let tag = b"<script src=\"/__nyttig/live.js\"></script>";
    let at = html.windows(7).rposition(|w| w == b"</body>").unwrap_or(html.len());
    [&html[..at], tag, &html[at..]].concat()
}

pub fn content_type(key: &str) -> &'static str {
    let ext = key.rsplit_once('.').map_or("", |(_, e)| e).to_ascii_lowercase();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        _ => "application/octet-stream",
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") { "open" } else { "xdg-open" };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        println!("note: could not open a browser ({opener}); open {url} yourself");
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_range_header_asks_for_one_part_or_the_whole_file() {
        use super::byte_range;
        assert_eq!(byte_range("bytes=0-9", 100), Some(Ok(0..10)));
        assert_eq!(byte_range("bytes=90-200", 100), Some(Ok(90..100)));
        assert_eq!(byte_range("bytes=95-", 100), Some(Ok(95..100)));
        assert_eq!(byte_range("bytes=-5", 100), Some(Ok(95..100)));
        assert_eq!(byte_range("bytes=-500", 100), Some(Ok(0..100)));
        assert_eq!(byte_range("bytes=100-", 100), Some(Err(())));
        assert_eq!(byte_range("bytes=-0", 100), Some(Err(())));
        assert_eq!(byte_range("bytes=-5", 0), Some(Err(())));
        assert_eq!(byte_range("bytes=99999999999999999999999-", 100), Some(Err(())));
        // The whole file: several parts, another unit, nonsense.
        for whole in ["bytes=0-1,5-6", "items=0-1", "bytes=5-1", "bytes=a-b", "bytes=-", "bytes=1-2-3", "0-1"] {
            assert_eq!(byte_range(whole, 100), None, "{whole}");
        }
    }

    use super::*;

    #[test]
    fn paths_that_leave_the_site_find_nothing() {
        assert_eq!(site_key("/projekter/a/").as_deref(), Some("projekter/a/"));
        assert_eq!(site_key("/assets/style.css").as_deref(), Some("assets/style.css"));
        assert_eq!(site_key("/s%C3%B8g/").as_deref(), Some("søg/"));
        for bad in [
            "/../portal.yaml",
            "/%2e%2e/portal.yaml",
            "/%2E%2E/portal.yaml",
            "/projekter/..%2f..%2fportal.yaml",
            "/a/./b",
            "//etc/passwd",
            "/..\\portal.yaml",
            "/%5c..%5cportal.yaml",
            "/a%00b",
            "/__nyttig/x",
        ] {
            assert_eq!(site_key(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = with_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(html).unwrap(),
            "<html><body><p>x</p><script src=\"/__nyttig/live.js\"></script></body></html>"
        );
    }

    #[test]
    fn editors_scratch_files_do_not_rebuild() {
        let root = Path::new("/p");
        assert!(matters(root, Path::new("/p/content/projects/a.md")));
        assert!(matters(root, Path::new("/p/portal.yaml")));
        assert!(matters(root, Path::new("/p/static/logo.svg")));
        for scratch in ["/p/content/projects/.a.md.swp", "/p/content/a.md~", "/p/content/.#a.md", "/p/content/4913"] {
            assert!(!matters(root, Path::new(scratch)), "{scratch}");
        }
        assert!(!matters(root, Path::new("/p/public/index.html")));
        assert!(!matters(root, Path::new("/p/target/x")));
    }
}
