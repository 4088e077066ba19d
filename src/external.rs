//! Links to other sites: do they still answer? (`nyttig check --report --external`)
//!
//! Given the distinct addresses of other sites a portal links to, [`check`] asks each once
//! (HEAD, then GET where HEAD is refused) from a small pool of threads, and says which no
//! longer answer and why. A cache file keeps the good answers for a while, so that a second
//! report the same week asks only about the links that were broken. Never part of a build.

use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use ureq::http::StatusCode;
use ureq::{Agent, Body, Error};
use url::Url;

use crate::say::Say;

/// How the links are checked.
#[derive(Debug, Clone)]
pub struct Options {
    /// The longest wait for one request, connecting included (default 10 s).
    pub timeout: Duration,
    /// How many requests are under way at once (default 8); at most two go to the same host.
    pub concurrency: usize,
    /// A JSON file that remembers the answers between runs, like
    /// `<root>/.nyttig-cache/links.json`; `None` asks about every link.
    pub cache: Option<PathBuf>,
    /// How long a good answer from the cache is trusted (default 7 days). Broken ones are
    /// always asked again.
    pub fresh_for: Duration,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            timeout: Duration::from_secs(10),
            concurrency: 8,
            cache: None,
            fresh_for: Duration::from_secs(7 * DAY),
        }
    }
}

/// What a link to another site came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// The page answered: 2xx after redirects, or 401, 403 and 429. Those three say that the
    /// page exists but is closed to strangers (a login, a firewall that turns robots away) or
    /// busy right now; the link is not wrong, so it is not reported.
    Fine,
    /// The page did not answer, and why: said after "the link `…` ".
    Broken(Say),
}

/// Seconds in a day.
const DAY: u64 = 24 * 60 * 60;
/// How long an entry stays in the cache file at most.
const KEEP_FOR: u64 = 30 * DAY;
/// Redirects followed before a link counts as a loop.
const MAX_REDIRECTS: u32 = 5;
/// Requests under way at once to the same host.
const PER_HOST: usize = 2;

/// Checks each distinct URL once; URLs that are not http(s) are not checked (not in the map).
///
/// The map has every http(s) URL of `urls` as given, `#fragment` and all; URLs that differ
/// only in their fragment are asked once. With `options.cache`, links found fine less than
/// `options.fresh_for` ago are not asked again, and the cache is written back (a cache that
/// cannot be read or written is passed over: it only saves time).
pub fn check(urls: &[String], options: &Options) -> HashMap<String, Answer> {
    let now = unix_now();
    let mut cache = options.cache.as_deref().map(read_cache).unwrap_or_default();
    let pages: BTreeSet<&str> = urls.iter().filter(|url| is_web(url)).map(|url| without_fragment(url)).collect();
    let fresh =
        |page: &&str| cache.get(*page).is_some_and(|seen| seen.fine && seen.age(now) < options.fresh_for.as_secs());
    let (known, unknown): (Vec<&str>, Vec<&str>) = pages.into_iter().partition(fresh);
    let mut answers: HashMap<&str, Answer> = known.into_iter().map(|page| (page, Answer::Fine)).collect();
    for (page, answer) in ask_all(&unknown, options) {
        cache.insert(page.to_owned(), Seen { checked: now, fine: answer == Answer::Fine });
        answers.insert(page, answer);
    }
    if let Some(path) = &options.cache {
        cache.retain(|_, seen| seen.age(now) <= KEEP_FOR);
        // The cache only saves time: a folder that cannot be written costs the next run the
        // time, and is no reason to lose this run's answers.
        let _ = write_cache(path, &cache);
    }
    urls.iter().filter_map(|url| Some((url.clone(), answers.get(without_fragment(url))?.clone()))).collect()
}

/// Whether a link is one this checks: `http://` or `https://`, in any case.
fn is_web(url: &str) -> bool {
    let scheme = url.split_once(':').map_or("", |(scheme, _)| scheme);
    scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https")
}

/// The address without its `#fragment`, which never reaches the server.
fn without_fragment(url: &str) -> &str {
    url.split('#').next().unwrap_or(url)
}

/// The seconds since 1970 now (0 on a clock set before it).
fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

/// What the cache file remembers of one address.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct Seen {
    /// When it was asked, in seconds since 1970.
    checked: u64,
    /// Whether it answered [`Answer::Fine`].
    fine: bool,
}

impl Seen {
    /// Seconds since the address was asked; a time in the future counts as long ago.
    fn age(&self, now: u64) -> u64 {
        now.checked_sub(self.checked).unwrap_or(u64::MAX)
    }
}

/// The cache file: each address without fragment, and what was seen of it.
type Cache = BTreeMap<String, Seen>;

/// The cache at `path`; empty when the file is missing or does not read.
fn read_cache(path: &Path) -> Cache {
    std::fs::read(path).ok().and_then(|bytes| serde_json::from_slice(&bytes).ok()).unwrap_or_default()
}

/// Writes the cache whole or not at all: to a temporary file in the same folder (made when
/// missing), then renamed over the old one.
fn write_cache(path: &Path, cache: &Cache) -> std::io::Result<()> {
    let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    std::fs::create_dir_all(folder)?;
    let name = path.file_name().map_or("links.json".into(), |n| n.to_string_lossy());
    let temporary = folder.join(format!(".{name}.{}.tmp", std::process::id()));
    let json = serde_json::to_vec_pretty(cache).map_err(std::io::Error::other)?;
    let written = std::fs::write(&temporary, json).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written
}

/// Asks about each address from a pool of `options.concurrency` threads, and returns what
/// each came to. Addresses that do not read are answered without asking.
fn ask_all<'a>(pages: &[&'a str], options: &Options) -> Vec<(&'a str, Answer)> {
    let mut answers = Vec::new();
    let mut queue = Queue::default();
    for &page in pages {
        match readable(page) {
            Some((address, host)) => queue.waiting.push_back(Wanted { page, address, host }),
            None => answers.push((page, Answer::Broken(say!("external.unreadable")))),
        }
    }
    let threads = options.concurrency.clamp(1, queue.waiting.len().max(1));
    let pool = Pool { queue: Mutex::new(queue), freed: Condvar::new() };
    let agent = agent(options.timeout);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads).map(|_| scope.spawn(|| pool.work(&agent, options.timeout))).collect();
        for worker in workers {
            answers.extend(worker.join().unwrap_or_default());
        }
    });
    answers
}

/// A web address as servers read it (a name with æ, ø or å in punycode, the path
/// percent-encoded) and its host, or `None` when the address does not read.
fn readable(page: &str) -> Option<(Url, String)> {
    let address = Url::parse(page).ok()?;
    let host = address.host_str().filter(|host| !host.is_empty())?.to_owned();
    Some((address, host))
}

/// The HTTP client every thread shares: timeouts, redirects and our name.
fn agent(timeout: Duration) -> Agent {
    Agent::config_builder()
        .timeout_global(Some(timeout))
        .timeout_connect(Some(timeout))
        .max_redirects(MAX_REDIRECTS)
        .http_status_as_error(false)
        .user_agent(concat!("nyttig-linkcheck/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// An address to ask about.
struct Wanted<'a> {
    /// As the portal has it, without fragment.
    page: &'a str,
    /// As it is asked for.
    address: Url,
    /// Its host, which has at most [`PER_HOST`] requests under way.
    host: String,
}

/// The addresses still to ask, and how many requests each host has under way.
#[derive(Default)]
struct Queue<'a> {
    waiting: VecDeque<Wanted<'a>>,
    busy: HashMap<String, usize>,
}

/// The shared queue of the threads, and the signal that a host has a request less under way.
struct Pool<'a> {
    queue: Mutex<Queue<'a>>,
    freed: Condvar,
}

impl<'a> Pool<'a> {
    /// One thread's work: take addresses until none are left, and ask about each.
    fn work(&self, agent: &Agent, timeout: Duration) -> Vec<(&'a str, Answer)> {
        let mut answers = Vec::new();
        while let Some(wanted) = self.take() {
            answers.push((wanted.page, ask(agent, &wanted, timeout)));
            self.done(&wanted.host);
        }
        answers
    }

    /// The next address whose host is not busy, waiting for one when all are; `None` when
    /// the queue is empty.
    fn take(&self) -> Option<Wanted<'a>> {
        let mut queue = self.lock();
        loop {
            if queue.waiting.is_empty() {
                return None;
            }
            let free = queue.waiting.iter().position(|w| queue.busy.get(&w.host).is_none_or(|n| *n < PER_HOST));
            if let Some(wanted) = free.and_then(|index| queue.waiting.remove(index)) {
                *queue.busy.entry(wanted.host.clone()).or_default() += 1;
                return Some(wanted);
            }
            queue = self.freed.wait(queue).unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Marks a request to `host` as finished, and wakes the threads waiting for a host.
    fn done(&self, host: &str) {
        let mut queue = self.lock();
        if let Some(n) = queue.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.freed.notify_all();
    }

    /// The queue, also after another thread panicked while holding it (the queue stays whole).
    fn lock(&self) -> MutexGuard<'_, Queue<'a>> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Asks about one address: HEAD, and GET when HEAD gets an error status or a broken reply
/// (some servers refuse HEAD or answer it wrongly). The body of a GET is never read.
fn ask(agent: &Agent, wanted: &Wanted, timeout: Duration) -> Answer {
    let head = agent.head(wanted.address.as_str()).call();
    let again = match &head {
        Ok(reply) => !fine(reply.status()),
        Err(error) => garbled(error),
    };
    let reply = if again { agent.get(wanted.address.as_str()).call() } else { head };
    judge(reply, wanted, timeout)
}

/// Whether a status says the page is there: 2xx, or 401, 403 and 429 (see [`Answer::Fine`]).
fn fine(status: StatusCode) -> bool {
    status.is_success()
        || [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN, StatusCode::TOO_MANY_REQUESTS].contains(&status)
}

/// Whether an error is the server answering HEAD wrongly (a reply that does not read, or the
/// connection closed instead of a reply), so that a GET may still succeed.
fn garbled(error: &Error) -> bool {
    match error {
        Error::Protocol(_) | Error::LargeResponseHeader(..) => true,
        Error::Io(e) if !insecure(e) => matches!(
            e.kind(),
            ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted
                | ErrorKind::InvalidData
        ),
        _ => false,
    }
}

/// Whether an I/O error is the TLS handshake failing: a certificate that is out of date or
/// for another name, or no TLS at all (rustls hands its errors on inside I/O errors).
fn insecure(error: &std::io::Error) -> bool {
    error.get_ref().is_some_and(|inner| inner.is::<rustls::Error>())
}

/// What a reply or an error says about the link.
fn judge(reply: Result<ureq::http::Response<Body>, Error>, wanted: &Wanted, timeout: Duration) -> Answer {
    match reply {
        Ok(reply) if fine(reply.status()) => Answer::Fine,
        Ok(reply) => Answer::Broken(status(reply.status())),
        Err(error) => Answer::Broken(failure(&error, wanted, timeout)),
    }
}

/// "answers 404 Not Found".
fn status(status: StatusCode) -> Say {
    match status.canonical_reason() {
        Some(reason) => say!("external.status", code = status.as_u16(), reason = reason),
        None => say!("external.status_code", code = status.as_u16()),
    }
}

/// Why a request got no reply.
fn failure(error: &Error, wanted: &Wanted, timeout: Duration) -> Say {
    let host = wanted.host.as_str();
    match error {
        Error::Timeout(_) => too_slow(timeout),
        Error::HostNotFound => say!("external.unknown_host", host = host),
        Error::TooManyRedirects => say!("external.redirects", max = MAX_REDIRECTS),
        Error::BadUri(_) | Error::Http(_) => say!("external.unreadable"),
        Error::Tls(_) | Error::Rustls(_) | Error::Pem(_) | Error::TlsRequired => {
            say!("external.tls", error = error)
        }
        Error::Io(e) if insecure(e) => say!("external.tls", error = e),
        Error::Io(e) => match e.kind() {
            ErrorKind::ConnectionRefused => say!("external.refused", host = host),
            ErrorKind::TimedOut | ErrorKind::WouldBlock => too_slow(timeout),
            // A name that does not resolve is an I/O error of the system's lookup, like others.
            _ if !resolves(&wanted.address) => say!("external.unknown_host", host = host),
            _ => say!("external.failed", error = error),
        },
        _ => say!("external.failed", error = error),
    }
}

/// Whether the host of a web address resolves to an address to connect to.
fn resolves(address: &Url) -> bool {
    address.socket_addrs(|| None).is_ok_and(|found| !found.is_empty())
}

/// "did not answer within 10 seconds", or milliseconds for a wait that is not whole seconds.
fn too_slow(timeout: Duration) -> Say {
    let seconds = timeout.as_secs();
    if seconds >= 2 && timeout.subsec_nanos() == 0 {
        say!("external.timeout", seconds = seconds)
    } else {
        say!("external.timeout_ms", ms = timeout.as_millis())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use std::io::{BufRead, BufReader, Write};
    use std::net::{TcpListener, TcpStream};
    use std::sync::Arc;

    /// What the test server was asked: `"HEAD /ok"` and how often, and the user agents.
    #[derive(Default)]
    struct Asked {
        requests: HashMap<String, usize>,
        agents: BTreeSet<String>,
    }

    /// A server on 127.0.0.1 that answers by path; its address and what it is asked.
    fn server() -> (String, Arc<Mutex<Asked>>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let asked = Arc::new(Mutex::new(Asked::default()));
        let record = Arc::clone(&asked);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let record = Arc::clone(&record);
                std::thread::spawn(move || answer(stream, &record));
            }
        });
        (base, asked)
    }

    /// Reads one request and answers it.
    fn answer(mut stream: TcpStream, asked: &Mutex<Asked>) {
        let mut reader = BufReader::new(stream.try_clone().unwrap());
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let mut words = line.split_whitespace();
        let (method, path) = (words.next().unwrap_or("").to_owned(), words.next().unwrap_or("").to_owned());
        loop {
            let mut header = String::new();
            if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':')
                && name.eq_ignore_ascii_case("user-agent")
            {
                asked.lock().unwrap().agents.insert(value.trim().to_owned());
            }
        }
        *asked.lock().unwrap().requests.entry(format!("{method} {path}")).or_default() += 1;
        let (status, location) = match (method.as_str(), path.as_str()) {
            (_, "/ok" | "/%C3%A6ldre") => ("200 OK", None),
            (_, "/gone") => ("404 Not Found", None),
            (_, "/moved") => ("301 Moved Permanently", Some("/ok")),
            (_, "/loop") => ("302 Found", Some("/loop")),
            (_, "/closed") => ("403 Forbidden", None),
            ("HEAD", "/head-refused") => ("405 Method Not Allowed", None),
            (_, "/head-refused") => ("200 OK", None),
            (_, "/slow") => {
                std::thread::sleep(Duration::from_secs(2));
                ("200 OK", None)
            }
            _ => ("404 Not Found", None),
        };
        let body = if method == "HEAD" { "" } else { "hello" };
        let location = location.map_or(String::new(), |to| format!("Location: {to}\r\n"));
        let reply = format!("HTTP/1.1 {status}\r\n{location}Content-Length: 5\r\nConnection: close\r\n\r\n{body}");
        let _ = stream.write_all(reply.as_bytes());
    }

    /// Options with a short timeout and the given cache.
    fn quick(cache: Option<PathBuf>) -> Options {
        Options { timeout: Duration::from_millis(300), cache, ..Options::default() }
    }

    /// The English words of a broken answer; panics on a fine one.
    fn why(answer: Option<&Answer>) -> String {
        match answer {
            Some(Answer::Broken(say)) => say.to(Lang::En),
            other => panic!("not broken: {other:?}"),
        }
    }

    #[test]
    fn each_address_is_asked_once_and_judged_by_its_answer() {
        let (base, asked) = server();
        let urls: Vec<String> =
            ["/ok", "/ok#top", "/ok", "/gone", "/moved", "/loop", "/slow", "/head-refused", "/closed", "/ældre"]
                .iter()
                .map(|path| format!("{base}{path}"))
                .chain(["mailto:someone@example.dk".to_owned(), "/local/page".to_owned()])
                .collect();
        let answers = check(&urls, &quick(None));
        let at = |path: &str| answers.get(&format!("{base}{path}"));
        assert_eq!(at("/ok"), Some(&Answer::Fine));
        assert_eq!(at("/ok#top"), Some(&Answer::Fine));
        assert_eq!(at("/moved"), Some(&Answer::Fine));
        assert_eq!(at("/head-refused"), Some(&Answer::Fine));
        assert_eq!(at("/closed"), Some(&Answer::Fine));
        assert_eq!(at("/ældre"), Some(&Answer::Fine), "asked as /%C3%A6ldre");
        assert_eq!(why(at("/gone")), "answers 404 Not Found");
        assert_eq!(why(at("/slow")), "did not answer within 300 milliseconds");
        assert!(why(at("/loop")).contains("more than 5 times"), "{}", why(at("/loop")));
        assert!(!answers.contains_key("mailto:someone@example.dk"));
        assert!(!answers.contains_key("/local/page"));
        assert_eq!(answers.len(), 9, "each http(s) URL as given, duplicates once");

        let asked = asked.lock().unwrap();
        let times = |request: &str| asked.requests.get(request).copied().unwrap_or(0);
        assert_eq!(times("HEAD /ok"), 2, "once for itself, once after /moved");
        assert_eq!(times("GET /ok"), 0);
        assert_eq!((times("HEAD /gone"), times("GET /gone")), (1, 1));
        assert_eq!((times("HEAD /head-refused"), times("GET /head-refused")), (1, 1));
        assert_eq!((times("HEAD /closed"), times("GET /closed")), (1, 0));
        assert_eq!(times("HEAD /moved"), 1);
        assert_eq!(times("HEAD /loop"), 6, "the first ask and five redirects");
        let agent = format!("nyttig-linkcheck/{}", env!("CARGO_PKG_VERSION"));
        assert_eq!(asked.agents, BTreeSet::from([agent]));
    }

    /// A server that answers everything in plain HTTP at once, also what should be TLS.
    fn plain_server() -> String {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        std::thread::spawn(move || {
            for mut stream in listener.incoming().flatten() {
                let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
            }
        });
        format!("https://{address}/")
    }

    #[test]
    fn a_refused_connection_an_unknown_host_and_a_failed_handshake_are_broken() {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let refused = format!("http://127.0.0.1:{port}/");
        let unknown = "http://nyttig-test.invalid/".to_owned();
        let insecure = plain_server();
        let started = std::time::Instant::now();
        let answers = check(&[refused.clone(), unknown.clone(), insecure.clone()], &quick(None));
        assert!(started.elapsed() < Duration::from_secs(5), "{:?}", started.elapsed());
        assert_eq!(why(answers.get(&refused)), "could not connect: 127.0.0.1 refused the connection");
        // A resolver that cannot be reached gives up after the timeout instead.
        let said = why(answers.get(&unknown));
        assert!(
            said == "points to nyttig-test.invalid, a name that is not known" || said.contains("300 milliseconds"),
            "{said}"
        );
        let said = why(answers.get(&insecure));
        assert!(said.starts_with("has no valid secure connection (TLS): "), "{said}");
    }

    #[test]
    fn addresses_that_do_not_read_are_broken() {
        let urls: Vec<String> = ["http://", "http://user@/", "http://exa mple.dk/", "http://[::1/", "HTTPS://a:99999/"]
            .map(String::from)
            .to_vec();
        let answers = check(&urls, &quick(None));
        for url in &urls {
            assert_eq!(why(answers.get(url)), "is not an address that can be read", "{url}");
        }
    }

    #[test]
    fn a_fine_answer_is_remembered_and_a_broken_one_asked_again() {
        let (base, asked) = server();
        let folder = tempfile::tempdir().unwrap();
        let cache = folder.path().join(".nyttig-cache/links.json");
        let urls: Vec<String> = ["/ok", "/gone", "/closed"].iter().map(|path| format!("{base}{path}")).collect();
        let first = check(&urls, &quick(Some(cache.clone())));
        asked.lock().unwrap().requests.clear();
        let second = check(&urls, &quick(Some(cache.clone())));
        assert_eq!(first, second);
        let requests: BTreeSet<String> = asked.lock().unwrap().requests.keys().cloned().collect();
        assert_eq!(requests, BTreeSet::from(["HEAD /gone".to_owned(), "GET /gone".to_owned()]));

        let stale = Options { fresh_for: Duration::ZERO, ..quick(Some(cache.clone())) };
        check(&urls[..1], &stale);
        assert_eq!(asked.lock().unwrap().requests.get("HEAD /ok"), Some(&1), "asked again when no longer fresh");
    }

    #[test]
    fn a_missing_or_corrupt_cache_is_empty_and_old_entries_are_dropped() {
        let (base, _asked) = server();
        let folder = tempfile::tempdir().unwrap();
        let cache = folder.path().join("links.json");
        std::fs::write(&cache, "{ not json").unwrap();
        let url = format!("{base}/ok");
        assert_eq!(check(std::slice::from_ref(&url), &quick(Some(cache.clone()))).get(&url), Some(&Answer::Fine));

        let mut kept = read_cache(&cache);
        assert_eq!(kept.keys().collect::<Vec<_>>(), [&url]);
        let long_ago = Seen { checked: unix_now() - 40 * DAY, fine: true };
        kept.insert("https://old.example.dk/".to_owned(), long_ago);
        write_cache(&cache, &kept).unwrap();
        check(&[], &quick(Some(cache.clone())));
        assert_eq!(read_cache(&cache).keys().collect::<Vec<_>>(), [&url]);
        let leftovers: Vec<_> = std::fs::read_dir(folder.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(leftovers, ["links.json"]);
    }
}
