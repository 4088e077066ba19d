//! `nyttig serve`, the real binary, on a copy of the fixture portal: for the serve and
//! browser tests.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

pub struct Serve {
    child: Child,
    pub port: u16,
    pub dir: tempfile::TempDir,
    /// What the server printed since it started.
    said: Arc<Mutex<Vec<String>>>,
}

impl Serve {
    /// `nyttig serve --port 0` on a fresh copy of the fixture portal.
    pub fn start() -> Serve {
        Serve::start_with(&[])
    }

    /// The same, with more arguments for `serve`.
    pub fn start_with(args: &[&str]) -> Serve {
        Serve::start_with_env(args, &[])
    }

    /// The same, with variables set in its environment (the server's test settings).
    pub fn start_with_env(args: &[&str], env: &[(&str, &str)]) -> Serve {
        let dir = super::copy_fixture("basic");
        let mut child = Command::new(env!("CARGO_BIN_EXE_nyttig"))
            .env("NYTTIG_LANG", "en")
            .args(["serve", "--port", "0", "--root"])
            .arg(dir.path())
            .args(args)
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().expect("serve prints its address").unwrap();
        let port = first
            .split("http://127.0.0.1:")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("no address in {first:?}"));
        let said = Arc::new(Mutex::new(vec![first]));
        let sink = said.clone();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Serve { child, port, dir, said }
    }

    /// Status, content type and body of a GET, the path sent exactly as given.
    pub fn get(&self, path: &str) -> (u16, String, String) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let text = String::from_utf8_lossy(&raw).into_owned();
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        let kind = head
            .lines()
            .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-type: ").map(str::to_owned))
            .unwrap_or_default();
        (status, kind, body.to_owned())
    }

    /// Status, head and body of a GET of `range` (a `Range` header's value) of `path`.
    pub fn get_part(&self, path: &str, range: &str) -> (u16, String, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(stream, "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nRange: {range}\r\nConnection: close\r\n\r\n")
            .unwrap();
        let mut raw = Vec::new();
        stream.read_to_end(&mut raw).unwrap();
        let at = raw.windows(4).position(|w| w == b"\r\n\r\n").map_or(raw.len(), |p| p + 4);
        let head = String::from_utf8_lossy(&raw[..at]).to_ascii_lowercase();
        let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        (status, head, raw[at..].to_vec())
    }

    pub fn write(&self, file: &str, text: &str) {
        std::fs::write(self.dir.path().join(file), text).unwrap();
    }

    pub fn read(&self, file: &str) -> String {
        std::fs::read_to_string(self.dir.path().join(file)).unwrap()
    }

    /// Waits until `check` holds for the page at `path`, and returns the body.
    pub fn until(&self, path: &str, what: &str, check: impl Fn(u16, &str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let (status, _, body) = self.get(path);
            if check(status, &body) {
                return body;
            }
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "{path}: {what} (status {status})\nserver said:\n{}",
                self.said()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn said(&self) -> String {
        self.said.lock().unwrap().join("\n")
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
