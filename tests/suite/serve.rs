//! `nyttig serve`: the real binary on a copy of the fixture portal, asked over HTTP while its
//! files are edited, added, broken and deleted.

use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::preview::Serve;

#[test]
fn serves_the_site_from_memory_and_nothing_outside_it() {
    let s = Serve::start();
    let (status, kind, body) = s.get("/");
    assert_eq!((status, kind.as_str()), (200, "text/html; charset=utf-8"));
    assert!(body.contains("<script src=\"/__nyttig/live.js\"></script></body>"), "the preview script is in the page");
    assert!(!s.dir.path().join("public").exists(), "serve writes nothing to disk");
    assert_eq!(s.get("/assets/style.css").1, "text/css; charset=utf-8");
    assert_eq!(s.get("/sitemap.xml").1, "application/xml");
    assert_eq!(s.get("/__nyttig/live.js").1, "text/javascript; charset=utf-8");
    // The search index comes after the pages, in a folder the search page already names.
    let search = s.get("/sok/").2;
    assert!(search.contains("data-index=\"/nyttig-search/preview/\""), "the search page names the preview's index");
    s.until("/nyttig-search/preview/meta.json", "the search index, built after the pages", |status, body| {
        status == 200 && body.contains("\"docs\"")
    });
    // The search client reads result cards and texts by range requests, as from a static host.
    let whole = s.get_part("/nyttig-search/preview/slots.bin", "bytes=0-").2;
    assert!(whole.len() >= 24 && whole.len().is_multiple_of(12), "one slot of 12 bytes per page: {}", whole.len());
    let (status, head, part) = s.get_part("/nyttig-search/preview/slots.bin", "bytes=12-23");
    assert_eq!((status, part.as_slice()), (206, &whole[12..24]), "{head}");
    assert!(head.contains(&format!("content-range: bytes 12-23/{}", whole.len())), "{head}");
    let (status, head, _) = s.get_part("/nyttig-search/preview/slots.bin", &format!("bytes={}-", whole.len()));
    assert_eq!(status, 416, "{head}");
    assert!(head.contains(&format!("content-range: bytes */{}", whole.len())), "{head}");
    // So is the open data, which shows the whole portal.
    s.until("/data/projects.json", "the open data, made after the pages", |status, body| {
        status == 200 && body.contains("\"slug\": \"matroboten\"")
    });
    let (status, _, _) = s.get("/tiltak");
    assert_eq!(status, 301, "a folder without its slash is redirected");
    let (status, _, body) = s.get("/tiltak/finnes-ikke/");
    assert_eq!(status, 404);
    assert!(body.contains("<h1"), "the portal's own 404 page");
    for path in [
        "/../portal.yaml",
        "/%2e%2e/portal.yaml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/tiltak/..%2f..%2fportal.yaml",
        "/..\\portal.yaml",
        "/%5c..%5cportal.yaml",
        "//etc/passwd",
        "/content/projects/matroboten.md",
        "/portal.yaml",
        "/./portal.yaml",
    ] {
        let (status, _, body) = s.get(path);
        assert_eq!(status, 404, "{path}");
        assert!(!body.contains("base_url") && !body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn an_edit_shows_on_every_page_that_shows_the_project() {
    let s = Serve::start();
    let file = "content/projects/velferdsteknologi-hjemme.md";
    let text = s.read(file);
    let old_title = text.lines().find(|l| l.starts_with("title:")).unwrap().to_owned();
    s.write(file, &text.replacen(&old_title, "title: Trygt hjemme med sensorer", 1));
    for page in ["/tiltak/velferdsteknologi-hjemme/", "/tiltak/", "/innovatorer/kari-nordmann/"] {
        s.until(page, "the new title", |status, body| status == 200 && body.contains("Trygt hjemme med sensorer"));
    }
    let said = s.said();
    assert!(said.contains("content/projects/velferdsteknologi-hjemme.md changed: rebuilt in"), "{said}");
    assert_eq!(said.matches("changed: rebuilt in").count(), 1, "one save, one rebuild: {said}");
    // The terminal says how many pages were made again: not all of them.
    let line = said.lines().find(|l| l.contains("changed: rebuilt in")).unwrap();
    let numbers: Vec<usize> = line
        .split("; ")
        .nth(1)
        .and_then(|rest| rest.split(" pages made again").next())
        .map(|n| n.split(" of ").filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_default();
    assert!(numbers.len() == 2 && numbers[0] < numbers[1], "{line}");
}

#[test]
fn with_poll_it_finds_changes_by_reading_the_folders() {
    let s = Serve::start_with(&["--poll"]);
    let file = "content/projects/matroboten.md";
    s.write(file, &s.read(file).replacen("title: Matroboten", "title: Roboten som lager mat", 1));
    s.until("/tiltak/matroboten/", "the new title", |status, body| {
        status == 200 && body.contains("Roboten som lager mat")
    });
    assert!(s.said().contains("content/projects/matroboten.md changed: rebuilt in"), "{}", s.said());
}

#[test]
fn new_and_deleted_files_come_and_go() {
    let s = Serve::start();
    let project = s.read("content/projects/matroboten.md");
    s.write("content/projects/ny-robot.md", &project.replacen("title: Matroboten", "title: Den nye roboten", 1));
    s.until("/tiltak/ny-robot/", "the new project", |status, body| status == 200 && body.contains("Den nye roboten"));
    s.until("/tiltak/", "the new project in the catalogue", |_, body| body.contains("Den nye roboten"));
    std::fs::remove_file(s.dir.path().join("content/projects/ny-robot.md")).unwrap();
    s.until("/tiltak/ny-robot/", "a 404", |status, _| status == 404);
    s.until("/tiltak/", "the catalogue without it", |_, body| !body.contains("Den nye roboten"));
    // A page that is linked to, deleted: the link is reported, and the old pages stay.
    std::fs::remove_file(s.dir.path().join("content/projects/matroboten.md")).unwrap();
    let errors = s.until("/__nyttig/status", "the broken link reported", |_, body| body.contains("matroboten"));
    assert!(errors.contains("content/news/trygg-hjemme-vinner-pris.md"), "{errors}");
    let (status, _, _) = s.get("/tiltak/matroboten/");
    assert_eq!(status, 200, "the last good pages are served while the build fails");
}

#[test]
fn a_broken_file_is_shown_to_the_page_until_it_is_fixed() {
    let s = Serve::start();
    let file = "content/projects/leksehjelp-paa-nett.md";
    let good = s.read(file);
    s.write(file, &good.replacen("phase: paused", "phase: pasued", 1));
    let status = s.until("/__nyttig/status", "the error", |_, body| body.contains("pasued"));
    let errors: serde_json::Value = serde_json::from_str(&status).unwrap();
    let e = &errors["errors"][0];
    assert_eq!(e["file"], file);
    assert_eq!((e["line"].as_u64(), e["col"].as_u64()), (Some(4), Some(8)), "{e}");
    assert!(e["hint"].as_str().is_some_and(|h| h.contains("paused")), "{e}");
    let (code, _, body) = s.get("/tiltak/leksehjelp-paa-nett/");
    assert!(code == 200 && body.contains("Leksehjelp på nett"), "the last good page is still served");
    // Editors' scratch files change nothing.
    s.write("content/projects/.leksehjelp-paa-nett.md.swp", "x");
    s.write(file, &good);
    s.until("/__nyttig/status", "the error cleared", |_, body| body.contains("\"errors\":[]"));
    assert!(s.said().contains("the errors are fixed"), "{}", s.said());
}

#[test]
fn a_taken_port_moves_to_the_next_free_one() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let dir = crate::common::copy_fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env("NYTTIG_LANG", "en")
        .args(["serve", "--port", &port.to_string(), "--root"])
        .arg(dir.path())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let note = lines.next().unwrap().unwrap();
    let serving = lines.next().unwrap().unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(note.contains(&format!("port {port} is in use")), "{note}");
    assert!(serving.contains("http://127.0.0.1:") && !serving.contains(&format!(":{port}/")), "{serving}");
}

#[test]
fn without_a_portal_serve_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env("NYTTIG_LANG", "en")
        .args(["serve", "--root"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no portal.yaml"));
}

/// Sends `request` as it is on a new connection and reads until the server closes it: the
/// response's head (status line and headers, lower-cased names) and its body's bytes.
fn raw(port: u16, request: &str) -> (String, Vec<u8>) {
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    // A server that cannot accept leaves a connection waiting for minutes: fail instead.
    let mut stream = TcpStream::connect_timeout(&address, Duration::from_secs(5)).expect("the server accepts");
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut bytes = Vec::new();
    stream.read_to_end(&mut bytes).unwrap();
    let at = bytes.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[..at]).into_owned();
    let head = head.lines().map(|l| l.to_ascii_lowercase()).collect::<Vec<_>>().join("\n");
    (head, bytes[(at + 4).min(bytes.len())..].to_vec())
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(':')).map(str::trim)
}

#[test]
fn only_get_and_head_are_answered() {
    let s = Serve::start();
    for method in ["POST", "PUT", "DELETE", "PATCH", "TRACE", "OPTIONS"] {
        for path in ["/", "/tiltak/", "/data/projects.json", "/__nyttig/events", "/finnes-ikke/"] {
            let (head, _) = raw(
                s.port,
                &format!(
                    "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                ),
            );
            assert!(head.starts_with("http/1.1 405"), "{method} {path}: {head}");
            assert_eq!(header(&head, "allow"), Some("get, head"), "{method} {path}: {head}");
        }
    }
    let (get_head, page) = raw(s.port, "GET /tiltak/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(get_head.starts_with("http/1.1 200") && !page.is_empty(), "{get_head}");
    let (head, body) = raw(s.port, "HEAD /tiltak/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert_eq!(header(&head, "content-type"), Some("text/html; charset=utf-8"), "{head}");
    assert_eq!(header(&head, "content-length"), Some(page.len().to_string().as_str()), "the length a GET gets");
    assert!(body.is_empty(), "HEAD has no body: {} bytes", body.len());
    let (head, _) = raw(s.port, "HEAD /finnes-ikke/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    assert!(head.starts_with("http/1.1 404"), "{head}");
}

#[test]
fn the_open_data_is_there_as_soon_as_the_preview_is() {
    let s = Serve::start();
    // At once: the search index and the open data are still being made in the background.
    let (status, kind, body) = s.get("/data/projects.json");
    assert_eq!((status, kind.as_str()), (200, "application/json"), "{body}");
    assert!(body.contains("\"slug\": \"matroboten\""), "{body}");
    let (status, _, body) = s.get("/nyttig-search/preview/meta.json");
    assert!(status == 200 && body.contains("\"docs\""), "{status}");
    let (status, _, _) = s.get("/data/finnes-ikke.json");
    assert_eq!(status, 404, "what the background does not make is still not found");
}

/// Whether the server has closed `stream`, waiting up to `within`; anything it sends is read.
fn closed_within(mut stream: &TcpStream, within: Duration) -> bool {
    let start = Instant::now();
    stream.set_read_timeout(Some(Duration::from_millis(50))).unwrap();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        match stream.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => {}
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return true,
        }
    }
    false
}

#[test]
fn a_client_that_does_not_send_its_header_in_time_is_closed() {
    // 300 ms instead of the 10 s of a real preview.
    let s = Serve::start_with_env(&[], &[("NYTTIG_SERVE_HEADER_TIMEOUT_MS", "300")]);
    let connect = || TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    let start = Instant::now();
    let silent = connect();
    let mut partial = connect();
    partial.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    let mut kept = connect();
    kept.write_all(b"GET /assets/style.css HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    // A header sent a byte at a time, each soon after the last, is still closed in time.
    let mut trickle = connect();
    let mut trickled = 0;
    let mut trickle_closed = None;
    for byte in
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
            .iter()
            .cycle()
    {
        if trickle.write_all(&[*byte]).is_err() || closed_within(&trickle, Duration::from_millis(50)) {
            trickle_closed = Some(start.elapsed());
            break;
        }
        trickled += 1;
        assert!(start.elapsed() < Duration::from_secs(5), "a trickled header held its connection for 5 s");
    }
    let trickle_closed = trickle_closed.unwrap_or_default();
    assert!(trickle_closed >= Duration::from_millis(250) && trickled > 3, "{trickle_closed:?} {trickled}");
    for (what, stream) in [("silent", &silent), ("partial header", &partial), ("kept alive", &kept)] {
        assert!(closed_within(stream, Duration::from_secs(3)), "the {what} connection is still open");
    }
    assert!(start.elapsed() < Duration::from_secs(4));
    assert_eq!(s.get("/").0, 200, "and the server still answers");
}

/// `GET /__nyttig/events` on a connection of its own, the response's head read.
fn reload_stream(port: u16) -> TcpStream {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.write_all(b"GET /__nyttig/events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut head = Vec::new();
    let mut byte = [0u8; 1];
    while !head.ends_with(b"\r\n\r\n") {
        assert_eq!(stream.read(&mut byte).unwrap(), 1, "the reload stream's head");
        head.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&head).to_ascii_lowercase();
    assert!(head.starts_with("http/1.1 200") && head.contains("text/event-stream"), "{head}");
    stream
}

/// Reads the reload stream until a reload message comes (15 s at most).
fn reload_comes(stream: &mut TcpStream) -> bool {
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    stream.set_read_timeout(Some(Duration::from_millis(200))).unwrap();
    while start.elapsed() < Duration::from_secs(15) {
        match stream.read(&mut buf) {
            Ok(0) => return false,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
            Err(_) => return false,
        }
        if String::from_utf8_lossy(&seen).contains("\"type\":\"reload\"") {
            return true;
        }
    }
    false
}

#[test]
fn an_open_pages_reload_stream_outlives_the_timeouts() {
    let s = Serve::start_with_env(
        &[],
        &[("NYTTIG_SERVE_HEADER_TIMEOUT_MS", "300"), ("NYTTIG_SERVE_IDLE_TIMEOUT_MS", "600")],
    );
    let mut stream = reload_stream(s.port);
    std::thread::sleep(Duration::from_secs(2));
    let file = "content/projects/matroboten.md";
    s.write(file, &s.read(file).replacen("title: Matroboten", "title: Roboten i kjøkkenet", 1));
    assert!(reload_comes(&mut stream), "the stream, quiet for longer than both timeouts, still tells the page");
}

#[test]
fn connections_past_the_cap_do_not_stop_a_request() {
    let s = Serve::start_with_env(&[], &[("NYTTIG_SERVE_MAX_CONNECTIONS", "8")]);
    // An open page's reload stream is answering a request: it keeps its place.
    let mut stream = reload_stream(s.port);
    let mut idle: Vec<TcpStream> = (0..24).map(|_| TcpStream::connect(("127.0.0.1", s.port)).unwrap()).collect();
    for half in &mut idle[..6] {
        half.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n").unwrap();
    }
    let start = Instant::now();
    let (status, _, _) = s.get("/");
    assert_eq!(status, 200);
    assert!(start.elapsed() < Duration::from_secs(2), "answered in {:?}", start.elapsed());
    let closed = idle.iter().filter(|c| closed_within(c, Duration::from_millis(100))).count();
    // 8 places: the stream, and at most 7 idle connections (fewer after the GET took one).
    assert!(closed >= 24 - 7, "{closed} of 24 idle connections closed");
    let file = "content/projects/matroboten.md";
    s.write(file, &s.read(file).replacen("title: Matroboten", "title: Roboten i kjøkkenet", 1));
    assert!(reload_comes(&mut stream), "the reload stream was not closed to make room");
}

#[test]
fn more_idle_connections_than_the_open_file_limit_do_not_stop_a_request() {
    let dir = crate::common::copy_fixture("basic");
    // `ulimit -n 256` for the server alone; this test's own process keeps its limit.
    let mut child = Stopped(
        Command::new("sh")
            .args(["-c", "ulimit -n 256 && exec \"$0\" serve --port 0 --root \"$1\""])
            .arg(env!("CARGO_BIN_EXE_nyttig"))
            .arg(dir.path())
            .env("NYTTIG_LANG", "en")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut lines = BufReader::new(child.0.stdout.take().unwrap()).lines().map_while(Result::ok);
    let first = lines.next().unwrap_or_default();
    let port: u16 = first
        .split("http://127.0.0.1:")
        .nth(1)
        .and_then(|rest| rest.split('/').next()?.parse().ok())
        .unwrap_or_else(|| panic!("no address in {first:?}"));
    let said = std::thread::spawn(move || lines.take(3).collect::<Vec<_>>());
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    // Until the server stops accepting (as it did at its open-file limit), 400 at most.
    let idle: Vec<TcpStream> =
        (0..400).map_while(|_| TcpStream::connect_timeout(&address, Duration::from_secs(3)).ok()).collect();
    assert!(idle.len() >= 300, "{} connections made", idle.len());
    let start = Instant::now();
    let (head, body) = raw(port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    let took = start.elapsed();
    drop(child);
    assert!(head.starts_with("http/1.1 200") && !body.is_empty(), "{head}");
    assert!(took < Duration::from_secs(2), "answered in {took:?}");
    let said = said.join().unwrap_or_default();
    assert!(said.iter().any(|l| l.contains("open-file limit (256) allows 192 connections")), "{said:?}");
}

/// A server process, stopped when the test ends, however it ends.
struct Stopped(std::process::Child);

impl Drop for Stopped {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_new_photo_is_shown_at_once_as_saved_and_its_processed_versions_follow_in_the_background() {
    let s = Serve::start();
    let photo = crate::common::fixture("pictures").join("wide.jpg");
    std::fs::copy(photo, s.dir.path().join("content/projects/digital-hjemmeoppfolging/foto.jpg")).unwrap();
    let file = "content/projects/digital-hjemmeoppfolging/index.md";
    let text = s.read(file);
    s.write(file, &text.replacen("src: bilde.svg,", "src: foto.jpg,", 1));
    let page = "/tiltak/digital-hjemmeoppfolging/";
    let body = s.until(page, "the processed picture", |_, body| body.contains(".w480.webp 480w"));
    assert!(body.contains(r#"fetchpriority="high""#), "{body}");
    let said = s.said();
    assert!(said.contains("1 new picture is shown as it was saved until it is made"), "{said}");
    assert!(said.contains("1 picture made in"), "{said}");
    // Its files are served, and the original is no longer published.
    let webp = body.split("srcset=\"").nth(1).and_then(|s| s.split(' ').next()).unwrap();
    let (status, kind, _) = s.get(webp);
    assert_eq!((status, kind.as_str()), (200, "image/webp"), "{webp}");
    assert_eq!(s.get(&format!("{page}foto.jpg")).0, 404);
}

/// Editing in the browser saves through the preview's API: only from the preview's own
/// address and pages, with the token of its configuration, and only plain paths under
/// `content/` and `static/`. Every refused request writes nothing; a good save is built and
/// served at once.
#[test]
fn the_editing_api_answers_only_the_previews_own_pages() {
    let s = Serve::start();
    let own = format!("127.0.0.1:{}", s.port);
    let get = |host: &str| {
        raw(s.port, &format!("GET /__nyttig/editor/config.yml HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"))
    };
    let (head, config) = get(&own);
    assert!(head.starts_with("http/1.1 200"), "{head}");
    let config = String::from_utf8(config).unwrap();
    let config: serde_json::Value = serde_json::from_str(&config).unwrap_or_else(|e| panic!("{e}: {config}"));
    let api =
        config["backend"]["proxy_url"].as_str().unwrap().strip_prefix(&format!("http://{own}")).unwrap().to_owned();
    assert_eq!(config["collections"][1]["folder"], "content/projects", "made from the content model");
    assert!(api.starts_with("/__nyttig/editor/") && api.ends_with("/api/v1"), "{config}");
    let (head, body) = get(&format!("evil.example:{}", s.port));
    assert!(
        head.starts_with("http/1.1 403") && !String::from_utf8_lossy(&body).contains(&api),
        "a rebound name gets no token"
    );

    let post = |path: &str, origin: &str, action: &str, params: serde_json::Value| {
        let body = serde_json::json!({ "action": action, "params": params }).to_string();
        let (head, answer) = raw(
            s.port,
            &format!(
                "POST {path} HTTP/1.1\r\nHost: {own}\r\nOrigin: {origin}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                body.len()
            ),
        );
        (
            head.split(' ').nth(1).and_then(|c| c.parse::<u16>().ok()).unwrap_or(0),
            String::from_utf8_lossy(&answer).into_owned(),
        )
    };
    let origin = format!("http://{own}");
    let persist = |path: &str, raw_text: &str| serde_json::json!({ "dataFiles": [{ "path": path, "raw": raw_text, "slug": "x" }], "assets": [], "options": {} });
    let portal_yaml = s.read("portal.yaml");
    let wrong_token = format!("/__nyttig/editor/{}/api/v1", "0".repeat(48));
    let refused = [
        (api.as_str(), "http://evil.example", persist("content/projects/ny.md", "x"), "another site's page"),
        (api.as_str(), "null", persist("content/projects/ny.md", "x"), "a sandboxed page"),
        (wrong_token.as_str(), origin.as_str(), persist("content/projects/ny.md", "x"), "without the token"),
        (api.as_str(), origin.as_str(), persist("content/../portal.yaml", "x"), "`..`"),
        (api.as_str(), origin.as_str(), persist("/tmp/nyttig-absolute.md", "x"), "an absolute path"),
        (api.as_str(), origin.as_str(), persist("ny.md", "x"), "outside content/"),
        (api.as_str(), origin.as_str(), persist("public/index.html", "x"), "the built site"),
        (api.as_str(), origin.as_str(), persist("templates/base.html", "x"), "the templates"),
    ];
    for (path, from, params, what) in refused {
        let (code, answer) = post(path, from, "persistEntry", params);
        assert_eq!(code, 403, "{what}: {answer}");
        assert!(answer.contains("\"error\""), "{what}: {answer}");
    }
    // The settings are saved only over what the editor read from them.
    let (code, answer) = post(&api, &origin, "persistEntry", persist("portal.yaml", "x"));
    assert_eq!(code, 409, "portal.yaml never read: {answer}");
    assert!(!s.dir.path().join("content/projects/ny.md").exists() && !Path::new("/tmp/nyttig-absolute.md").exists());
    assert!(!s.dir.path().join("ny.md").exists());
    assert_eq!(s.read("portal.yaml"), portal_yaml, "nothing was written");

    // A project read, changed and saved through the API is built and served.
    let file = "content/projects/leksehjelp-paa-nett.md";
    let (code, entry) = post(&api, &origin, "getEntry", serde_json::json!({ "path": file }));
    assert_eq!(code, 200, "{entry}");
    let entry: serde_json::Value = serde_json::from_str(&entry).unwrap();
    let text = entry["data"].as_str().unwrap().replacen("title: Leksehjelp på nett", "title: Leksehjelp for alle", 1);
    let (code, answer) = post(&api, &origin, "persistEntry", persist(file, &text));
    assert_eq!(code, 200, "{answer}");
    s.until("/tiltak/leksehjelp-paa-nett/", "the saved title", |code, body| {
        code == 200 && body.contains("Leksehjelp for alle")
    });
    // A save the portal cannot be built with is written, and the answer is the build's own
    // message, with the file, line and hint; the last good pages stay served.
    let broken = text.replacen("phase: paused", "phase: pasued", 1).replacen("for alle", "med feil", 1);
    let (code, answer) = post(&api, &origin, "persistEntry", persist(file, &broken));
    assert_eq!(code, 422, "{answer}");
    let said: serde_json::Value = serde_json::from_str(&answer).unwrap();
    let said = said["error"].as_str().unwrap();
    assert!(
        said.contains(&format!("{file}:4:8: error:")) && said.contains("hint:") && said.contains("paused"),
        "{said}"
    );
    assert!(s.read(file).contains("pasued"), "the save is kept, to be mended");
    let (_, _, page) = s.get("/tiltak/leksehjelp-paa-nett/");
    assert!(page.contains("Leksehjelp for alle"), "the last good page is still served");
    let (code, answer) = post(&api, &origin, "persistEntry", persist(file, &text));
    assert_eq!(code, 200, "mended in the editor: {answer}");
    // Saving again over a change made on disk since is refused, and the change kept.
    s.write(file, &text.replacen("for alle", "i teksteditoren", 1));
    let (code, answer) = post(&api, &origin, "persistEntry", persist(file, &text));
    assert_eq!(code, 409, "{answer}");
    assert!(s.read(file).contains("i teksteditoren"));
}
