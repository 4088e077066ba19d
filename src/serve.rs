//! `nyttig serve`: the portal built into memory and served for preview, rebuilt on every save,
//! with every open page reloading itself and showing the build's errors over the page.
//!
//! The site is the map that `build::build` returns; nothing is written to disk and no file
//! outside that map can be served, so a path like `/../portal.yaml` has nothing to find.

use std::collections::BTreeSet;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify::{RecursiveMode, Watcher};
use serde_json::json;
use tokio::sync::broadcast;

use crate::build::{self, Cache, Options};
use crate::diagnostics::Diagnostic;
use crate::output::Output;
use crate::text::percent_decode;

pub struct ServeOptions {
    pub root: PathBuf,
    pub host: IpAddr,
    pub port: u16,
    pub drafts: bool,
    pub open: bool,
    /// Read the folders for changes instead of being told of them (network drives).
    pub poll: bool,
}

/// Where the preview's own files live; no portal path starts like this.
const OWN: &str = "/__nyttig/";
/// With `--poll`, how often the folders and files are read for changes.
const POLL_EVERY: Duration = Duration::from_millis(500);
/// Changes closer together than this are one rebuild.
const SETTLE: Duration = Duration::from_millis(20);
/// The search index waits this long after a build, in case another save follows.
const INDEX_AFTER: Duration = Duration::from_millis(300);
/// The folders and file of a portal that a rebuild depends on.
const WATCHED: [&str; 4] = ["content", "static", "templates", "themes"];

const LIVE_JS: &str = include_str!("serve_live.js");

/// The folder of the preview's search index: always the same, as the pages point at it
/// before the index is built.
const SEARCH_FOLDER: &str = "preview";

/// What is served now, and the errors of the last build if it failed.
struct State {
    site: RwLock<Arc<Output>>,
    /// The search index's files, built after the pages.
    search: RwLock<Arc<Output>>,
    /// Counts rebuilds, so that a search index of an older build is not served after a newer.
    generation: AtomicU64,
    errors: RwLock<Vec<Diagnostic>>,
    events: broadcast::Sender<String>,
}

/// Runs the preview until the process is stopped. Errors here are about the machine (the
/// port, the folder), not the content: content errors are shown, not fatal.
pub fn run(mut opts: ServeOptions) -> Result<(), String> {
    // One spelling of every path, so that the paths the watcher reports match the ones read.
    opts.root = opts.root.canonicalize().unwrap_or(opts.root);
    if !opts.root.join("portal.yaml").is_file() {
        return Err(format!(
            "there is no portal.yaml in {}; run `nyttig init DIR` to make a portal, or use --root",
            opts.root.display()
        ));
    }
    let listener = bind(opts.host, opts.port)?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    let shown_host = if opts.host.is_unspecified() { "127.0.0.1".to_string() } else { addr.ip().to_string() };
    let url = format!("http://{shown_host}:{}/", addr.port());
    // The search index is built after the pages, so that it never delays a reload.
    let build_options = Options {
        base_url: Some(url.clone()),
        drafts: opts.drafts,
        strict: false,
        search_later: Some(SEARCH_FOLDER.into()),
    };

    // Watching starts before the first build, so that no save is missed.
    let (changes_tx, changes) = mpsc::channel();
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
                .map_err(|e| format!("cannot watch {}: {e}", opts.root.display()))?,
        )
    } else {
        Box::new(
            notify::recommended_watcher(handler).map_err(|e| format!("cannot watch {}: {e}", opts.root.display()))?,
        )
    };
    watch(watcher.as_mut(), &opts.root);
    let (tx, _) = broadcast::channel(64);
    let state = Arc::new(State {
        site: RwLock::default(),
        search: RwLock::default(),
        generation: AtomicU64::new(0),
        errors: RwLock::default(),
        events: tx,
    });
    let start = Instant::now();
    // What the last build made, kept so that a save makes again only what it affects.
    let mut cache = Cache::default();
    let index = indexer(&state);
    if let Some(later) = rebuild(&opts.root, &build_options, &state, &mut cache, None) {
        let _ = index.send(later);
    }
    println!("Serving {} at {url} (built in {} ms)", opts.root.display(), start.elapsed().as_millis());
    if opts.host.is_unspecified() || !opts.host.is_loopback() {
        println!("warning: --host {} makes the preview visible to other machines on the network", opts.host);
    }
    println!("Watching for changes; stop with Ctrl+C.");
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
            if let Some(later) = rebuild(&root, &build_options, &watched_state, &mut cache, Some(&relevant)) {
                let _ = index.send(later);
            }
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async move {
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        let app = Router::new()
            .route(
                "/__nyttig/live.js",
                get(|| async { ([(header::CONTENT_TYPE, "text/javascript; charset=utf-8")], LIVE_JS) }),
            )
            .route("/__nyttig/status", get(status))
            .route("/__nyttig/events", get(events))
            .fallback(page)
            .with_state(state);
        axum::serve(listener, app).await.map_err(|e| e.to_string())
    })
}

/// The port asked for, or when it is taken the next free one, with a note.
fn bind(host: IpAddr, port: u16) -> Result<TcpListener, String> {
    match TcpListener::bind(SocketAddr::new(host, port)) {
        Ok(l) => Ok(l),
        Err(e) if e.kind() == std::io::ErrorKind::AddrInUse && port != 0 => {
            for next in port.saturating_add(1)..port.saturating_add(20) {
                if let Ok(l) = TcpListener::bind(SocketAddr::new(host, next)) {
                    println!("note: port {port} is in use, so the preview uses port {next}");
                    return Ok(l);
                }
            }
            Err(format!("port {port} and the next 19 are in use; choose another with --port"))
        }
        Err(e) => Err(format!("cannot listen on {host}:{port}: {e}")),
    }
}

fn watch(watcher: &mut dyn Watcher, root: &Path) {
    let _ = watcher.watch(root, RecursiveMode::NonRecursive);
    for dir in WATCHED {
        let path = root.join(dir);
        if path.is_dir() {
            let _ = watcher.watch(&path, RecursiveMode::Recursive);
        }
    }
}

/// Whether a changed path can change the site: portal.yaml and what is under the watched
/// folders, but not editors' swap and backup files.
fn matters(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else { return false };
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else { return false };
    let scratch = name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
        || name.starts_with(".nyttig");
    if scratch {
        return false;
    }
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str()).unwrap_or("");
    rel == Path::new("portal.yaml") || WATCHED.contains(&first)
}

/// The preview's search indexer: one thread in the background that indexes the newest
/// good build, at the lowest priority, and gives up on a build as soon as a newer one is made.
/// It is sent each good build's generation and what its index is made from.
fn indexer(state: &Arc<State>) -> mpsc::Sender<(u64, build::SearchLater)> {
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
                println!("search index updated in {} ms", start.elapsed().as_millis());
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
) -> Option<(u64, build::SearchLater)> {
    let generation = state.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let start = Instant::now();
    let result = build::build_again(root, options, cache, changed);
    let ms = start.elapsed().as_millis();
    let what = changed.map(|paths| {
        let names: Vec<String> =
            paths.iter().map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string()).take(3).collect();
        let more = paths.len().saturating_sub(3);
        if more > 0 { format!("{} and {more} more", names.join(", ")) } else { names.join(", ") }
    });
    match result {
        Ok(built) => {
            for w in &built.warnings {
                eprintln!("{w}");
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
            let had_errors = state.errors.read().map(|e| !e.is_empty()).unwrap_or(false);
            if let Ok(mut site) = state.site.write() {
                *site = Arc::new(built.output);
            }
            if let Ok(mut errors) = state.errors.write() {
                errors.clear();
            }
            if let Some(what) = what {
                let total: usize = built.pages.values().sum();
                println!(
                    "{what} changed: rebuilt in {ms} ms; {} of {total} pages made again, {} changed{}",
                    built.rendered,
                    pages.len(),
                    if had_errors { "; the errors are fixed" } else { "" }
                );
            }
            let _ = state.events.send(message.to_string());
            built.search_later.map(|later| (generation, later))
        }
        Err(diags) => {
            for d in &diags.0 {
                eprintln!("{d}");
            }
            let errors: Vec<Diagnostic> = diags.0.into_iter().filter(Diagnostic::is_error).collect();
            println!(
                "{}the build stopped with {} {} ({ms} ms); the last good pages are still served, and every open page shows the errors",
                what.map(|w| format!("{w} changed: ")).unwrap_or_default(),
                errors.len(),
                if errors.len() == 1 { "error" } else { "errors" }
            );
            let message = json!({ "type": "errors", "errors": errors.iter().map(error_json).collect::<Vec<_>>() });
            if let Ok(mut e) = state.errors.write() {
                *e = errors;
            }
            let _ = state.events.send(message.to_string());
            None
        }
    }
}

fn error_json(d: &Diagnostic) -> serde_json::Value {
    json!({ "file": d.path, "line": d.line, "col": d.col, "message": d.message, "hint": d.hint, "text": d.to_string() })
}

/// `projekter/a/index.html` → `/projekter/a/`.
fn page_url(file: &str) -> String {
    format!("/{}", file.strip_suffix("index.html").unwrap_or(file))
}

async fn status(axum::extract::State(state): axum::extract::State<Arc<State>>) -> Response {
    let errors: Vec<serde_json::Value> =
        state.errors.read().map(|e| e.iter().map(error_json).collect()).unwrap_or_default();
    let body = json!({ "errors": errors }).to_string();
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-store")], body).into_response()
}

async fn events(
    axum::extract::State(state): axum::extract::State<Arc<State>>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, std::convert::Infallible>>> {
    let rx = state.events.subscribe();
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        loop {
            match rx.recv().await {
                Ok(message) => return Some((Ok(Event::default().data(message)), rx)),
                Err(broadcast::error::RecvError::Lagged(_)) => continue,
                Err(broadcast::error::RecvError::Closed) => return None,
            }
        }
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// A file of the site, with the preview's script in every page.
async fn page(axum::extract::State(state): axum::extract::State<Arc<State>>, request: Request<Body>) -> Response {
    let site = state.site.read().map(|s| s.clone()).unwrap_or_default();
    let raw = request.uri().path();
    let Some(key) = site_key(raw) else { return not_found(&site) };
    let key = if key.is_empty() || key.ends_with('/') { format!("{key}index.html") } else { key };
    if let Some(bytes) = site.get(&key) {
        return file_response(StatusCode::OK, &key, bytes);
    }
    let search = state.search.read().map(|s| s.clone()).unwrap_or_default();
    if let Some(bytes) = search.get(&key) {
        return file_response(StatusCode::OK, &key, bytes);
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
