//! A tiny static HTTP server for tests: serves a build's output map from memory on 127.0.0.1,
//! the way a plain static host would (`index.html` for folders, a redirect to the folder's
//! address with its slash, the portal's `404.html` with status 404 for anything unknown).

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use nyttig::serve::{Part, content_type, part_of, site_key};

/// A running server. It lives as long as the test process; its threads end with it.
pub struct StaticServer {
    pub port: u16,
    /// `http://127.0.0.1:<port>`
    pub origin: String,
}

/// Serves `files` (output path → bytes, as `nyttig::build::Built::output`) on a free port.
pub fn serve(files: Arc<nyttig::output::Output>) -> StaticServer {
    serve_with(files, Vec::new())
}

/// As [`serve`], every answer sent with `headers` too (a host's security headers).
pub fn serve_with(files: Arc<nyttig::output::Output>, headers: Vec<(&'static str, String)>) -> StaticServer {
    let headers = Arc::new(headers);
    let listener = TcpListener::bind("127.0.0.1:0").expect("a free port on 127.0.0.1");
    let port = listener.local_addr().expect("the listener's address").port();
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let files = Arc::clone(&files);
            let headers = Arc::clone(&headers);
            thread::spawn(move || answer(stream, &files, &headers));
        }
    });
    StaticServer { port, origin: format!("http://127.0.0.1:{port}") }
}

/// What the server answers for a request path (without the query) and its `Range` header:
/// status, headers, body. The path rules, content types and ranges are `nyttig serve`'s own.
pub fn respond(
    files: &nyttig::output::Output,
    raw_path: &str,
    range: Option<&str>,
) -> (u16, Vec<(&'static str, String)>, Vec<u8>) {
    let not_found = || {
        let body = files.get("404.html").map_or_else(|| b"not found".to_vec(), |b| b.to_vec());
        (404, vec![("Content-Type", content_type("404.html").to_owned())], body)
    };
    let Some(rel) = site_key(raw_path) else { return not_found() };
    let file = if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.clone() };
    if let Some(body) = files.get(&file) {
        let kind = ("Content-Type", content_type(&file).to_owned());
        return match part_of(range, body.len()) {
            Part::Whole => (200, vec![kind], body.to_vec()),
            Part::Some(part, shown) => (206, vec![kind, ("Content-Range", shown)], body[part].to_vec()),
            Part::None(shown) => (416, vec![("Content-Range", shown)], Vec::new()),
        };
    }
    if !rel.is_empty() && !rel.ends_with('/') && files.contains_key(&format!("{rel}/index.html")) {
        return (301, vec![("Location", format!("{raw_path}/"))], Vec::new());
    }
    not_found()
}

fn answer(mut stream: TcpStream, files: &nyttig::output::Output, always: &[(&'static str, String)]) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let head = String::from_utf8_lossy(&head);
    let mut first = head.lines().next().unwrap_or_default().split(' ');
    let (method, target) = (first.next().unwrap_or_default(), first.next().unwrap_or("/"));
    let path = target.split(['?', '#']).next().unwrap_or("/");
    let range = head
        .lines()
        .find_map(|l| l.split_once(':').filter(|(name, _)| name.trim().eq_ignore_ascii_case("range")).map(|(_, v)| v));
    let (status, headers, body) = match method {
        "GET" | "HEAD" => respond(files, path, range),
        _ => (405, vec![("Allow", "GET, HEAD".to_owned())], Vec::new()),
    };
    let reason = match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        416 => "Range Not Satisfiable",
        404 => "Not Found",
        _ => "Method Not Allowed",
    };
    let mut out = format!("HTTP/1.1 {status} {reason}\r\nContent-Length: {}\r\n", body.len());
    for (name, value) in headers.iter().chain(always) {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    out.push_str("Cache-Control: no-store\r\nConnection: close\r\n\r\n");
    let mut bytes = out.into_bytes();
    if method != "HEAD" {
        bytes.extend_from_slice(&body);
    }
    let _ = stream.write_all(&bytes);
    let _ = stream.flush();
}
