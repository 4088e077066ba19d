//! Browser tests (issue 3). The demo portal (the repository itself) and the fixture portal
//! `tests/fixtures/basic` are built with the library and served from memory on 127.0.0.1 by a
//! server this file starts; Debian's Chromium (`/usr/bin/chromium`, headless) is driven over
//! the DevTools protocol with `chromiumoxide`. On every page kind they prove:
//!
//! - axe-core finds no violation of the WCAG 2.0/2.1 A and AA rules at 375 and 1280 px (and a
//!   screenshot of each page at both widths lands in `target/screenshots/`);
//! - the keyboard alone reaches the skip link first, the skip link moves focus to the main
//!   content, Tab reaches every visible link and control in order with a visible focus, and the
//!   phone menu opens and is walked without a mouse;
//! - with JavaScript off a reader gets from the front page to a facet page to a project, and
//!   the idea page offers its e-mail fallback (and its form where the portal has one);
//! - no page asks any host but the test server for anything, no cookie is set, and the video
//!   placeholder loads nothing from the video host until it is played;
//! - every generated HTML file passes the Nu HTML Checker (vnu) without an error;
//! - under the security headers the build makes (a strict Content-Security-Policy), no page
//!   reports a violation; behind Debian's nginx with the site file `nyttig host nginx` writes,
//!   the same, and the headers and caching are right per kind of file;
//! - search: a reader types into the header's search box, lands on the search page, hears the
//!   number of results (the live region), and opens one; nothing of search is fetched before
//!   it is used, and without JavaScript the search page links to the catalogue instead.
//!
//! Chromium, axe-core, vnu and nginx are installed by `./scripts/test.sh`, which runs these tests as a
//! required part of the suite (`NYTTIG_BROWSER_TESTS=require`). Without the tools a plain
//! `cargo test` skips them with a loud message; with `require` it fails. `NYTTIG_CHROMIUM` may
//! name another Chromium binary.

#[path = "suite/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock, Weak};
use std::time::{Duration, Instant};

use chromiumoxide::cdp::browser_protocol::accessibility::GetFullAxTreeParams;
use chromiumoxide::cdp::browser_protocol::browser::BrowserContextId;
use chromiumoxide::cdp::browser_protocol::dom::SetFileInputFilesParams;
use chromiumoxide::cdp::browser_protocol::emulation::{
    MediaFeature, SetDeviceMetricsOverrideParams, SetEmulatedMediaParams, SetFocusEmulationEnabledParams,
    SetScriptExecutionDisabledParams,
};
use chromiumoxide::cdp::browser_protocol::input::{DispatchKeyEventParams, DispatchKeyEventType, InsertTextParams};
use chromiumoxide::cdp::browser_protocol::network::EventRequestWillBeSent;
use chromiumoxide::cdp::browser_protocol::page::{CaptureScreenshotFormat, Viewport};
use chromiumoxide::cdp::browser_protocol::storage::{ClearCookiesParams, GetCookiesParams};
use chromiumoxide::cdp::browser_protocol::target::{CreateBrowserContextParams, CreateTargetParams};
use chromiumoxide::layout::Point;
use chromiumoxide::page::ScreenshotParams;
use chromiumoxide::{Browser, BrowserConfig, Page};
use futures::StreamExt;
use serde::Deserialize;
use serde::de::DeserializeOwned;

use common::fixture;
use common::server::{StaticServer, serve, serve_with};
use nyttig::build::{Options, build};

const PHONE: u32 = 375;
const DESKTOP: u32 = 1280;
const WIDTHS: [u32; 2] = [PHONE, DESKTOP];
const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const FULL_COMMAND: &str = "./scripts/test.sh";

// ---------------------------------------------------------------------------------------------
// The pages: one of every kind.

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Portal {
    Demo,
    Fixture,
    /// The fixture with 60 tags more, so that its catalogue links to the page of all tags.
    ManyTags,
}

struct PageKind {
    portal: Portal,
    kind: &'static str,
    path: &'static str,
}

const fn demo(kind: &'static str, path: &'static str) -> PageKind {
    PageKind { portal: Portal::Demo, kind, path }
}

const fn fixture_page(kind: &'static str, path: &'static str) -> PageKind {
    PageKind { portal: Portal::Fixture, kind, path }
}

const fn many_tags_page(kind: &'static str, path: &'static str) -> PageKind {
    PageKind { portal: Portal::ManyTags, kind, path }
}

/// Every page kind of the demo portal, and the fixture portal's front page, a project (under
/// `/tiltak/`, Norwegian) and its idea page (no form_action).
const PAGES: &[PageKind] = &[
    demo("front", "/"),
    demo("catalogue", "/projekter/"),
    demo("catalogue-page-2", "/projekter/side/2/"),
    demo("facet", "/projekter/omraade/aeldre-og-sundhed/"),
    // Timeline, gate decisions, fundamentals, benefits and a video placeholder.
    demo("project", "/projekter/laengere-tid-i-eget-hjem/"),
    demo("project-stopped", "/projekter/faelles-lokalebooking/"),
    demo("project-paused", "/projekter/sprogmodel-som-skrivehjaelp/"),
    // A phone photo above the story and an SVG drawing in it.
    demo("project-photo", PHOTO_PAGE),
    demo("strategy-index", "/strategi/"),
    demo("strategy-targets", "/strategi/innovationsstrategi/"),
    demo("strategy-action-plan", "/strategi/handleplan/"),
    demo("innovators", "/innovatorer/"),
    demo("innovator", "/innovatorer/anna-jensen/"),
    // The results dashboard: charts, their tables, and the same for one area.
    demo("results", "/resultater/"),
    demo("results-area", "/resultater/omraade/aeldre-og-sundhed/"),
    demo("open-data", "/data/"),
    demo("result", "/resultater/evaluering-laengere-tid-i-eget-hjem/"),
    demo("news-list", "/nyheder/"),
    demo("news-item", "/nyheder/vi-stopper-spiserobotten/"),
    // A photo above the story, also shown small in the news lists.
    demo("news-item-photo", "/nyheder/sundhedsbussen-koerer-i-hele-kommunen/"),
    demo("toolbox", "/metoder/"),
    demo("method", "/metoder/proevehandlinger/"),
    demo("ideas", "/ideer/"),
    // The search page as it opens, and with the results of a shared link (`?q=`).
    demo("search", "/soeg/"),
    demo("search-results", SEARCH_RESULTS),
    demo("page", "/om-portalen/"),
    demo("accessibility", "/tilgaengelighedserklaering/"),
    // `/was/` as a browser that does not follow its refresh shows it (see `build_site`).
    demo("was", WAS_SHOWN),
    demo("404", "/findes-ikke/"),
    fixture_page("front", "/"),
    fixture_page("project", "/tiltak/digital-hjemmeoppfolging/"),
    fixture_page("ideas", "/ideer/"),
    // No idea came through this portal, and no strategy has targets.
    fixture_page("results", "/resultater/"),
    // More tags than a catalogue page lists: the link to all of them, and their page.
    many_tags_page("catalogue-more", "/tiltak/"),
    many_tags_page("facet-index", "/tiltak/emne/"),
];

/// The demo's short address for the accessibility statement, where it leads, and a copy of
/// its page without the refresh, so that the checks see the page rather than where it leads.
const WAS: &str = "/was/";
const WAS_TARGET: &str = "/tilgaengelighedserklaering/";
const WAS_SHOWN: &str = "/was-without-refresh/";

const VIDEO_PAGE: &str = "/projekter/laengere-tid-i-eget-hjem/";

/// A project whose picture is a 4000 × 3000 phone photo (`bussen-paa-torvet.jpg`).
const PHOTO_PAGE: &str = "/projekter/sundhedsbussen/";
const PHOTO: &str = "bussen-paa-torvet.";

/// A word of the demo's content, and the search page's address with it, as the page itself
/// writes its address (`URLSearchParams`).
const SEARCH_WORD: &str = "velfærdsteknologi";
const SEARCH_RESULTS: &str = "/soeg/?q=velf%C3%A6rdsteknologi";

impl PageKind {
    fn site(&self) -> &'static Site {
        site(self.portal)
    }
    fn label(&self) -> String {
        format!("{} {}", self.site().name, self.path)
    }
    fn url(&self) -> String {
        format!("{}{}", self.site().server.origin, self.path)
    }
    fn screenshot_name(&self, width: u32) -> String {
        format!("{}-{}-{width}.png", self.site().name, self.kind)
    }
}

// ---------------------------------------------------------------------------------------------
// The tools, and what happens without them.

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Debian's Chromium; `NYTTIG_CHROMIUM` names another binary.
fn chromium_binary() -> PathBuf {
    std::env::var_os("NYTTIG_CHROMIUM").map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn axe_js() -> PathBuf {
    repo().join("node_modules/axe-core/axe.min.js")
}

fn vnu_jar() -> PathBuf {
    repo().join("node_modules/vnu-jar/build/dist/vnu.jar")
}

fn required() -> bool {
    std::env::var("NYTTIG_BROWSER_TESTS").is_ok_and(|v| v == "require")
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Chromium and axe-core.
    Browser,
    /// The Nu HTML Checker and Java.
    Vnu,
    /// Chromium, axe-core and Debian's nginx.
    Nginx,
}

/// What is missing for a browser test, in words.
fn missing_tools(needs: Needs) -> Vec<String> {
    let mut missing = Vec::new();
    if matches!(needs, Needs::Browser | Needs::Nginx) && !chromium_binary().is_file() {
        missing.push(format!("{} (Debian's `chromium` package)", chromium_binary().display()));
    }
    if needs == Needs::Nginx && !Path::new(NGINX).is_file() {
        missing.push(format!("{NGINX} (Debian's `nginx` package)"));
    }
    let (path, package) = match needs {
        Needs::Browser | Needs::Nginx => (axe_js(), "axe-core"),
        Needs::Vnu => (vnu_jar(), "vnu-jar"),
    };
    if !path.is_file() {
        missing.push(format!("{} (npm package {package}: `npm ci --ignore-scripts`)", path.display()));
    }
    if needs == Needs::Vnu && Command::new("java").arg("-version").output().is_err() {
        missing.push("java (for the Nu HTML Checker: Debian's `default-jre-headless`)".into());
    }
    missing
}

/// `true` when the tools are there. Otherwise fails the test when the browser tests are
/// required, or says loudly that they were skipped (once per run, past the output capture).
fn tools_ready(test: &str, needs: Needs) -> bool {
    let missing = missing_tools(needs);
    if missing.is_empty() {
        return true;
    }
    let list = missing.iter().map(|m| format!("  - {m}")).collect::<Vec<_>>().join("\n");
    if required() {
        panic!(
            "NYTTIG_BROWSER_TESTS=require, but the browser tests cannot run; missing:\n{list}\n\
             `{FULL_COMMAND}` installs all of it."
        );
    }
    static TOLD: OnceLock<()> = OnceLock::new();
    TOLD.get_or_init(|| {
        let bar = "!".repeat(100);
        // Written to the real stderr: the test harness would swallow eprintln! of a passing test.
        let _ = writeln!(
            std::io::stderr(),
            "\n{bar}\n!! SKIPPED: the browser tests (tests/browser.rs) did not run; missing:\n{list}\n\
             !! Run the full suite with `{FULL_COMMAND}`: it installs Chromium, axe-core and vnu and \
             runs these tests as required.\n{bar}\n"
        );
    });
    let _ = writeln!(std::io::stderr(), "skipped: {test} (browser tools missing, see above)");
    false
}

// ---------------------------------------------------------------------------------------------
// The portals, built by the library and served from memory.

struct Site {
    name: &'static str,
    files: Arc<nyttig::output::Output>,
    server: StaticServer,
    /// The same files, sent with the security headers a host sends (`nyttig::hosting`).
    locked: StaticServer,
    headers: Vec<(&'static str, String)>,
    email: String,
    form_action: Option<String>,
}

fn site(portal: Portal) -> &'static Site {
    static DEMO: OnceLock<Site> = OnceLock::new();
    static FIXTURE: OnceLock<Site> = OnceLock::new();
    static MANY_TAGS: OnceLock<Site> = OnceLock::new();
    match portal {
        Portal::Demo => DEMO.get_or_init(|| build_site("demo", repo())),
        Portal::Fixture => FIXTURE.get_or_init(|| build_site("fixture", &fixture("basic"))),
        Portal::ManyTags => MANY_TAGS.get_or_init(|| {
            let dir = many_tags();
            let site = build_site("many-tags", dir.path());
            // The build is served from memory; the folder is no longer needed.
            drop(dir);
            site
        }),
    }
}

/// A copy of the fixture portal with 60 tags more.
fn many_tags() -> tempfile::TempDir {
    let dir = common::copy_fixture("basic");
    let file = dir.path().join("content/projects/matroboten.md");
    let text = std::fs::read_to_string(&file).expect("the fixture's project");
    let tags: Vec<String> = (1..=60).map(|n| format!("Emne nummer {n}")).collect();
    let text = text.replacen("\nphase:", &format!("\ntags: [{}]\nphase:", tags.join(", ")), 1);
    std::fs::write(&file, text).expect("the project is written");
    dir
}

/// The files of `root`'s portal built with `options`, with a copy of the `/was/` page without
/// its refresh at [`WAS_SHOWN`].
fn built_files(name: &str, root: &Path, options: &Options) -> nyttig::build::Built {
    let mut built = build(root, options).unwrap_or_else(|d| panic!("{} does not build:\n{d}", root.display()));
    assert_eq!(built.base_path, "/", "the browser tests serve {name} at the server's root");
    if let Some(was) = built.output.get("was/index.html") {
        let page = String::from_utf8_lossy(was).into_owned();
        let without: String =
            page.lines().filter(|l| !l.contains("http-equiv=\"refresh\"")).collect::<Vec<_>>().join("\n");
        assert_ne!(without.len(), page.len(), "the /was/ page has no refresh");
        built.output.insert(format!("{}index.html", WAS_SHOWN.trim_start_matches('/')), without.into_bytes().into());
    }
    built
}

fn build_site(name: &'static str, root: &Path) -> Site {
    let built = built_files(name, root, &Options::default());
    let config: serde_yaml::Value =
        serde_yaml::from_str(&std::fs::read_to_string(root.join("portal.yaml")).expect("portal.yaml"))
            .expect("portal.yaml parses");
    let email = config["contact"]["email"].as_str().expect("contact.email in portal.yaml").to_owned();
    let form_action = config["ideas"]["form_action"].as_str().map(str::to_owned);
    let output = built.output;
    let files = Arc::new(output);
    let server = serve(Arc::clone(&files));
    let locked = serve_with(Arc::clone(&files), built.headers.clone());
    Site { name, files, server, locked, headers: built.headers, email, form_action }
}

// ---------------------------------------------------------------------------------------------
// One Chromium for the whole file: shared by the tests that run at the same time, closed when
// the last of them is done (a global that lived to the end of the process would leave Chromium
// running after it).

fn runtime() -> &'static tokio::runtime::Runtime {
    static RT: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RT.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("a tokio runtime")
    })
}

struct Chromium {
    browser: Option<Browser>,
    handler: tokio::task::JoinHandle<()>,
    profile: tempfile::TempDir,
}

impl Chromium {
    fn browser(&self) -> &Browser {
        self.browser.as_ref().expect("the browser is open")
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if let Some(mut browser) = self.browser.take()
            && tokio::runtime::Handle::try_current().is_err()
        {
            runtime().block_on(async {
                let _ = tokio::time::timeout(Duration::from_secs(5), browser.close()).await;
                let _ = tokio::time::timeout(Duration::from_secs(5), browser.wait()).await;
            });
        }
        // Otherwise dropping the browser kills the process (kill_on_drop).
        self.handler.abort();
        // Chromium's helper processes may still write to the profile for a moment.
        let profile = self.profile.path().to_owned();
        for _ in 0..30 {
            if std::fs::remove_dir_all(&profile).is_ok() || !profile.exists() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

fn chromium() -> Arc<Chromium> {
    static SHARED: Mutex<Weak<Chromium>> = Mutex::new(Weak::new());
    let mut shared = SHARED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(c) = shared.upgrade() {
        return c;
    }
    let started = Instant::now();
    let profile = tempfile::Builder::new().prefix("nyttig-chromium-").tempdir().expect("a temporary profile folder");
    let config = BrowserConfig::builder()
        .chrome_executable(chromium_binary())
        // The flags of ENGINEERING.md instead of chromiumoxide's own list; it adds --headless,
        // --remote-debugging-port, --user-data-dir and --disable-extensions.
        .disable_default_args()
        .no_sandbox()
        .args([
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            // A safety net: no name resolves, so nothing a page might ask of another host
            // leaves this machine; the request still shows up in the network events.
            "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
        ])
        .user_data_dir(profile.path())
        .window_size(DESKTOP, 900)
        .viewport(None)
        .launch_timeout(Duration::from_secs(60))
        .request_timeout(Duration::from_secs(60))
        .build()
        .expect("a Chromium configuration");
    let chromium = runtime().block_on(async {
        let (browser, mut handler) = Browser::launch(config)
            .await
            .unwrap_or_else(|e| panic!("{} does not start: {e}", chromium_binary().display()));
        let handler = tokio::spawn(async move { while handler.next().await.is_some() {} });
        Chromium { browser: Some(browser), handler, profile }
    });
    println!("Chromium started in {:.1} s", started.elapsed().as_secs_f64());
    let chromium = Arc::new(chromium);
    *shared = Arc::downgrade(&chromium);
    chromium
}

// ---------------------------------------------------------------------------------------------
// Small helpers over the DevTools protocol.

async fn open(chromium: &Chromium, width: u32, javascript: bool) -> Page {
    open_in(chromium, None, width, javascript).await
}

/// A new tab, in a browser context of its own when `context` is given (its own cookies).
async fn open_in(chromium: &Chromium, context: Option<&BrowserContextId>, width: u32, javascript: bool) -> Page {
    let mut target = CreateTargetParams::new("about:blank");
    target.browser_context_id = context.cloned();
    // A window of its own: a tab behind another one is hidden, and a hidden page runs no
    // animation frames, so a transition (even of 0.01 ms) would never end there.
    target.new_window = Some(true);
    let page = chromium.browser().new_page(target).await.expect("a new tab");
    // Each tab behaves as the focused window, also while other tests use other tabs.
    page.execute(SetFocusEmulationEnabledParams::new(true)).await.expect("focus emulation");
    if !javascript {
        page.execute(SetScriptExecutionDisabledParams::new(true)).await.expect("JavaScript off");
    }
    set_width(&page, width).await;
    page
}

async fn set_width(page: &Page, width: u32) {
    let phone = width < 600;
    let height = if phone { 812 } else { 900 };
    page.execute(SetDeviceMetricsOverrideParams::new(width, height, 1.0, phone)).await.expect("the viewport");
}

/// Errors of a page that is between two documents.
const TRANSIENT: [&str; 3] =
    ["Cannot find context", "Execution context was destroyed", "Inspected target navigated or closed"];

async fn js<T: DeserializeOwned>(page: &Page, expr: &str) -> T {
    let short: String = expr.chars().take(120).collect();
    let mut tries = 0;
    let result = loop {
        match page.evaluate_expression(expr).await {
            Ok(r) => break r,
            // During a navigation the tab may still name the old document's context.
            Err(e) if tries < 80 && TRANSIENT.iter().any(|t| e.to_string().contains(t)) => {
                tries += 1;
                tokio::time::sleep(Duration::from_millis(25)).await;
            }
            Err(e) => panic!("JavaScript failed: {e}\n  in: {short}…"),
        }
    };
    // `null` and `undefined` come back without a value.
    let value = result.value().cloned().unwrap_or(serde_json::Value::Null);
    serde_json::from_value(value).unwrap_or_else(|e| panic!("unexpected JavaScript result: {e}\n  in: {short}…"))
}

/// Loads `url` and waits for its load event; returns the HTTP status of the document.
///
/// The page itself is told to go there: chromiumoxide's `goto` now and then missed the end of
/// a navigation that followed a click with JavaScript off, and waited out its timeout.
async fn load(page: &Page, url: &str) -> u16 {
    js::<bool>(page, &format!("window.__leaving = true; location.assign({}); true", js_str(url))).await;
    let arrived = wait_for(
        page,
        &format!("!window.__leaving && location.href === {} && document.readyState === 'complete'", js_str(url)),
        Duration::from_secs(20),
    )
    .await;
    assert!(arrived, "{url} does not load within 20 s");
    let visible: bool = js(page, "document.visibilityState === 'visible'").await;
    assert!(visible, "{url} is loaded in a hidden tab, where animations and transitions stand still");
    // What a page's script is still fetching (the search page's results) comes to rest first;
    // a page that never settles fails the checks that follow on its own.
    wait_for(page, "!document.querySelector('[aria-busy=true]')", Duration::from_secs(10)).await;
    js(page, "performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0").await
}

/// Polls a JavaScript condition until it holds or the time is up; returns whether it held.
async fn wait_for(page: &Page, condition: &str, limit: Duration) -> bool {
    let started = Instant::now();
    loop {
        if js::<bool>(page, &format!("!!({condition})")).await {
            return true;
        }
        if started.elapsed() > limit {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

#[derive(Clone, Copy)]
enum Key {
    Tab,
    Enter,
    Escape,
}

/// One key press, as a keyboard sends it.
async fn press(page: &Page, key: Key) {
    let (name, code, text) = match key {
        Key::Tab => ("Tab", 9, None),
        Key::Enter => ("Enter", 13, Some("\r")),
        Key::Escape => ("Escape", 27, None),
    };
    let event = |kind| {
        let is_down = matches!(kind, DispatchKeyEventType::KeyDown);
        let mut b = DispatchKeyEventParams::builder()
            .r#type(kind)
            .key(name)
            .code(name)
            .windows_virtual_key_code(code)
            .native_virtual_key_code(code);
        if let (Some(t), true) = (text, is_down) {
            b = b.text(t).unmodified_text(t);
        }
        b.build().expect("a key event")
    };
    let down = if text.is_some() { DispatchKeyEventType::KeyDown } else { DispatchKeyEventType::RawKeyDown };
    page.execute(event(down)).await.expect("key down");
    page.execute(event(DispatchKeyEventType::KeyUp)).await.expect("key up");
}

/// The whole page as a PNG in target/screenshots/.
async fn screenshot(page: &Page, name: &str) {
    let dir = repo().join("target/screenshots");
    std::fs::create_dir_all(&dir).expect("target/screenshots");
    let size = page.layout_metrics().await.expect("layout metrics").css_content_size;
    let clip =
        Viewport { x: 0.0, y: 0.0, width: size.width.ceil(), height: size.height.ceil().min(15000.0), scale: 1.0 };
    let params = ScreenshotParams::builder()
        .format(CaptureScreenshotFormat::Png)
        .capture_beyond_viewport(true)
        .clip(clip)
        .build();
    let png = page.screenshot(params).await.unwrap_or_else(|e| panic!("screenshot {name}: {e}"));
    std::fs::write(dir.join(name), png).expect("the screenshot is written");
}

/// Every URL the tab asks for from now on.
async fn record_requests(page: &Page) -> Arc<Mutex<Vec<String>>> {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let mut events = page.event_listener::<EventRequestWillBeSent>().await.expect("network events");
    let sink = Arc::clone(&seen);
    tokio::spawn(async move {
        while let Some(event) = events.next().await {
            sink.lock().unwrap_or_else(|e| e.into_inner()).push(event.request.url.clone());
        }
    });
    seen
}

fn take(requests: &Mutex<Vec<String>>) -> Vec<String> {
    std::mem::take(&mut *requests.lock().unwrap_or_else(|e| e.into_inner()))
}

fn is_local(url: &str, origin: &str) -> bool {
    url.starts_with(&format!("{origin}/"))
        || url == origin
        || ["data:", "blob:", "about:"].iter().any(|s| url.starts_with(s))
}

/// A tab that records its requests, and the browser context it lives in.
struct Probe<'a> {
    chromium: &'a Chromium,
    context: Option<&'a BrowserContextId>,
    page: &'a Page,
    requests: &'a Mutex<Vec<String>>,
}

impl Probe<'_> {
    /// Loads a page, scrolls to its end (so that lazy pictures are asked for too) and reports
    /// every request to another host than `origin` and every cookie of the tab's context.
    async fn check_requests_and_cookies(&self, url: &str, origin: &str, at: &str, failures: &mut Vec<String>) -> usize {
        take(self.requests);
        load(self.page, url).await;
        js::<bool>(self.page, "window.scrollTo(0, document.documentElement.scrollHeight); true").await;
        tokio::time::sleep(Duration::from_millis(150)).await;
        let seen = take(self.requests);
        for other in seen.iter().filter(|u| !is_local(u, origin)) {
            failures.push(format!("{at} asks another host: {other}"));
        }
        let page_cookie: String = js(self.page, "document.cookie").await;
        let browser = self.chromium.browser();
        let params = GetCookiesParams { browser_context_id: self.context.cloned() };
        let cookies = browser.execute(params).await.expect("the browser's cookies").result.cookies;
        if !page_cookie.is_empty() || !cookies.is_empty() {
            failures.push(format!(
                "{at} sets cookies: document.cookie {page_cookie:?}, stored {:?}",
                cookies.iter().map(|c| format!("{}={} ({})", c.name, c.value, c.domain)).collect::<Vec<_>>()
            ));
            let _ = browser.execute(ClearCookiesParams { browser_context_id: self.context.cloned() }).await;
        }
        seen.len()
    }
}

fn js_str(s: &str) -> String {
    serde_json::to_string(s).expect("a JSON string")
}

fn report(what: &str, failures: &[String]) -> String {
    let mut out = format!("{} {what}:\n", failures.len());
    for f in failures {
        let _ = writeln!(out, "- {f}");
    }
    out
}

fn check_pages_exist() {
    for p in PAGES {
        if p.kind == "404" {
            continue;
        }
        let path = p.path.split('?').next().unwrap_or(p.path);
        let file = format!("{}index.html", path.trim_start_matches('/'));
        assert!(
            p.site().files.contains_key(&file),
            "{} is not generated any more ({file}); update the page list in tests/browser.rs",
            p.label()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 1. axe-core, and the screenshots.

#[derive(Deserialize, Debug)]
struct Violation {
    id: String,
    impact: Option<String>,
    help: String,
    #[serde(rename = "helpUrl")]
    help_url: String,
    count: usize,
    nodes: Vec<ViolationNode>,
}

#[derive(Deserialize, Debug)]
struct ViolationNode {
    html: String,
    target: String,
    summary: String,
}

async fn run_axe(page: &Page, axe_source: &str) -> Vec<Violation> {
    if !js::<bool>(page, "typeof window.axe === 'object'").await {
        page.evaluate_expression(axe_source).await.expect("axe-core is injected");
    }
    let tags = serde_json::to_string(&AXE_TAGS).expect("JSON");
    js(
        page,
        &format!(
            "(async () => {{
                const r = await axe.run(document, {{ runOnly: {{ type: 'tag', values: {tags} }}, resultTypes: ['violations'] }});
                return r.violations.map(v => ({{
                    id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, count: v.nodes.length,
                    nodes: v.nodes.slice(0, 3).map(n => ({{
                        html: n.html.slice(0, 300), target: n.target.join(' '),
                        summary: (n.failureSummary || '').replace(/\\s+/g, ' ').slice(0, 400) }}))
                }}));
            }})()"
        ),
    )
    .await
}

/// Opens every closed <details> and, when asked, the phone menu; returns how many it opened.
const OPEN_EVERYTHING: &str = "(menu) => {
    let n = 0;
    for (const d of document.querySelectorAll('details:not([open])')) { d.open = true; n++; }
    const t = document.querySelector('nav button[aria-controls][aria-expanded=false]');
    if (menu && t && t.checkVisibility()) { t.click(); n++; }
    return n;
}";

fn describe_violation(at: &str, v: &Violation) -> String {
    let mut f = format!(
        "{at}: {} ({}, {} element{}): {}\n    {}",
        v.id,
        v.impact.as_deref().unwrap_or("?"),
        v.count,
        if v.count == 1 { "" } else { "s" },
        v.help,
        v.help_url
    );
    for n in &v.nodes {
        let _ = write!(f, "\n    {}\n      {}\n      {}", n.target, n.html, n.summary);
    }
    f
}

#[test]
fn every_page_kind_has_no_axe_violation_at_phone_and_desktop_width_and_is_photographed() {
    if !tools_ready("axe", Needs::Browser) {
        return;
    }
    check_pages_exist();
    let started = Instant::now();
    let axe_source = std::fs::read_to_string(axe_js()).expect("axe.min.js");
    let chromium = chromium();
    let (failures, runs) = runtime().block_on(async {
        let mut failures = Vec::new();
        let mut runs = 0;
        for width in WIDTHS {
            let page = open(&chromium, width, true).await;
            for p in PAGES {
                let status = load(&page, &p.url()).await;
                let expected = if p.kind == "404" { 404 } else { 200 };
                if status != expected {
                    failures.push(format!("{} answered {status}, not {expected}", p.label()));
                }
                screenshot(&page, &p.screenshot_name(width)).await;
                let at = format!("{} at {width} px", p.label());
                failures.extend(run_axe(&page, &axe_source).await.iter().map(|v| describe_violation(&at, v)));
                runs += 1;
                // What a reader can unfold is checked unfolded too: the filters of the
                // catalogue (closed <details>) and, on a phone, the menu.
                let menu = width == PHONE && p.kind == "front";
                let opened: usize = js(&page, &format!("({OPEN_EVERYTHING})({menu})")).await;
                if opened > 0 {
                    if menu {
                        screenshot(&page, &format!("{}-{}-menu-open-{width}.png", p.site().name, p.kind)).await;
                    }
                    let at = format!("{at}, with {opened} menus and filters unfolded");
                    failures.extend(run_axe(&page, &axe_source).await.iter().map(|v| describe_violation(&at, v)));
                    runs += 1;
                }
            }
            let _ = page.close().await;
        }
        (failures, runs)
    });
    println!(
        "axe-core {}: {runs} runs on {} pages × {} widths in {:.1} s; screenshots in target/screenshots/",
        AXE_TAGS.join("/"),
        PAGES.len(),
        WIDTHS.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", report("axe-core violations (WCAG 2.0/2.1 A and AA)", &failures));
}

// ---------------------------------------------------------------------------------------------
// 2. The keyboard.

/// Finds the visible focusable elements in focus order, remembers how each looks unfocused,
/// and describes the element that has focus and how its focus shows.
const KEYBOARD_LIB: &str = r#"
window.__kbd = (() => {
  const SEL = 'a[href], area[href], button, input, select, textarea, summary, iframe, audio[controls], ' +
              'video[controls], [tabindex], [contenteditable]:not([contenteditable="false"])';
  const PARTS = ['', '::before', '::after'];
  const state = { looks: [], off: [] };
  const clear = c => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  // Colours as [r, g, b, a]; null for what cannot be read (then the contrast is not judged).
  function rgba(c) {
    const m = /^rgba?\(([^)]+)\)$/.exec(c || '');
    if (!m) return null;
    const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  }
  function backdrop(node) {
    for (let n = node; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c && c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  }
  function over(c, bg) { return [0, 1, 2].map(i => c[i] * c[3] + bg[i] * (1 - c[3])); }
  function luminance(c) {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  }
  function contrast(a, b) {
    const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  }
  function look(el) {
    return PARTS.map(p => {
      const s = getComputedStyle(el, p || null);
      const drawn = p === '' || (s.content !== 'none' && s.content !== 'normal');
      const outline = drawn && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0 && !clear(s.outlineColor)
        ? `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}` : 'none';
      const shadow = drawn && s.boxShadow !== 'none' ? s.boxShadow : 'none';
      return { outline, shadow, color: s.outlineColor, offset: parseFloat(s.outlineOffset) || 0 };
    });
  }
  // Off the page altogether (a skip link waiting above the top): coming into view is its focus.
  function offPage(el) {
    const r = el.getBoundingClientRect();
    return r.bottom + scrollY <= 0 || r.right + scrollX <= 0;
  }
  function focusable(el) {
    if (el.matches(':disabled') || el.closest('[inert]') || el.matches('input[type=hidden]')) return false;
    if (el.tagName === 'SUMMARY') {
      const d = el.parentElement;
      if (!d || d.tagName !== 'DETAILS' || d.querySelector(':scope > summary') !== el) return false;
    }
    const t = parseInt(el.getAttribute('tabindex'), 10);
    if (!Number.isNaN(t) && t < 0) return false;
    if (!el.checkVisibility({ visibilityProperty: true })) return false;
    return el.getClientRects().length > 0;
  }
  function describe(el) {
    const text = (el.getAttribute('aria-label') || el.innerText || el.value || el.getAttribute('title') || '')
      .replace(/\s+/g, ' ').trim().slice(0, 60);
    const html = el.outerHTML.replace(/\s+/g, ' ').replace(/ data-kbd="\d+"/, '').slice(0, 220);
    return `"${text}" ${html}`;
  }
  function index(scope) {
    const root = scope ? document.querySelector(scope) : document;
    const list = [...root.querySelectorAll(SEL)].filter(focusable);
    const ordered = [...list.filter(e => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex),
                     ...list.filter(e => e.tabIndex <= 0)];
    document.querySelectorAll('[data-kbd]').forEach(e => e.removeAttribute('data-kbd'));
    state.looks = ordered.map((el, i) => { el.setAttribute('data-kbd', i); return look(el); });
    state.off = ordered.map(offPage);
    return ordered.map(describe);
  }
  function scroller(el) {
    const s = getComputedStyle(el);
    return /(auto|scroll)/.test(s.overflowX + s.overflowY) &&
      (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight);
  }
  function focused() {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const i = el.hasAttribute('data-kbd') ? +el.getAttribute('data-kbd') : null;
    const now = look(el);
    const was = i === null ? PARTS.map(() => ({ outline: 'none', shadow: 'none' })) : state.looks[i];
    // A ring counts when it is new and stands out 3:1 from what lies behind it (WCAG 1.4.11).
    const ways = [];
    const faint = [];
    now.forEach((n, k) => {
      if (n.outline !== 'none' && n.outline !== was[k].outline) {
        const behind = backdrop(n.offset < 0 ? el : el.parentElement);
        const c = rgba(n.color);
        const ratio = c ? contrast(over(c, behind), behind) : 21;
        const what = `outline${PARTS[k]}: ${n.outline}`;
        if (ratio >= 3) ways.push(what);
        else faint.push(`${what} on rgb(${behind.slice(0, 3).join(', ')}), contrast ${ratio.toFixed(2)}:1`);
      }
      if (n.shadow !== 'none' && n.shadow !== was[k].shadow) ways.push(`box-shadow${PARTS[k]}: ${n.shadow}`);
    });
    if (ways.length === 0 && i !== null && state.off[i] && !offPage(el)) ways.push('comes into view');
    const r = el.getBoundingClientRect();
    let skip_to_main = false;
    if (el.tagName === 'A' && el.hash) {
      const target = document.getElementById(decodeURIComponent(el.hash.slice(1)));
      const main = document.querySelector('main');
      skip_to_main = !!target && !!main && (target === main || main.contains(target) || target.contains(main));
    }
    return {
      index: i, what: describe(el), indicator: ways.join('; ') || null, faint: faint.join('; ') || null,
      in_view: r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth && r.width >= 2 && r.height >= 2,
      rect: `${Math.round(r.left)},${Math.round(r.top)} ${Math.round(r.width)}×${Math.round(r.height)} in ${innerWidth}×${innerHeight}, scrolled to ${Math.round(scrollY)}, transform ${getComputedStyle(el).transform}`,
      scroller: scroller(el), in_main: !!el.closest('main'), skip_to_main,
      is_hash_target: !!location.hash && el === document.getElementById(decodeURIComponent(location.hash.slice(1))),
    };
  }
  return { index, focused };
})();
true
"#;

#[derive(Deserialize, Debug, Clone)]
struct Focused {
    index: Option<usize>,
    what: String,
    indicator: Option<String>,
    /// Focus rings too faint to count, with their contrast.
    faint: Option<String>,
    in_view: bool,
    /// Where it is, for the failure messages.
    rect: String,
    scroller: bool,
    in_main: bool,
    skip_to_main: bool,
    is_hash_target: bool,
}

async fn focused(page: &Page) -> Option<Focused> {
    js(page, "window.__kbd.focused()").await
}

async fn tab(page: &Page) -> Option<Focused> {
    press(page, Key::Tab).await;
    let now = focused(page).await;
    if now.as_ref().is_some_and(|f| f.indicator.is_none() || !f.in_view) {
        // Give a scroll or a transition time to finish before judging.
        tokio::time::sleep(Duration::from_millis(300)).await;
        return focused(page).await;
    }
    now
}

/// Loads the page fresh (focus at the top) and indexes its focusable elements.
async fn fresh(page: &Page, url: &str) -> Vec<String> {
    load(page, url).await;
    js::<bool>(page, KEYBOARD_LIB).await;
    js(page, "window.__kbd.index()").await
}

/// Skip link: first Tab stop, visible, and Enter moves focus to the main content.
async fn check_skip_link(page: &Page, url: &str, at: &str, failures: &mut Vec<String>) {
    fresh(page, url).await;
    let Some(first) = tab(page).await else {
        failures.push(format!("{at}: the first Tab focuses nothing"));
        return;
    };
    if !first.skip_to_main {
        failures.push(format!("{at}: the first Tab stop is not a skip link to the main content but {}", first.what));
        return;
    }
    if !first.in_view || first.indicator.is_none() {
        failures.push(format!(
            "{at}: the focused skip link is not visible (in view: {} at {}, focus indicator: {:?}): {}",
            first.in_view, first.rect, first.indicator, first.what
        ));
    }
    press(page, Key::Enter).await;
    let moved = wait_for(
        page,
        "document.activeElement && document.activeElement !== document.body && \
         (document.activeElement.closest('main') || document.activeElement.querySelector('main'))",
        Duration::from_secs(2),
    )
    .await;
    let now = focused(page).await;
    if !moved || !now.as_ref().is_some_and(|f| f.is_hash_target) {
        failures.push(format!(
            "{at}: Enter on the skip link does not move focus to the main content (focus is on {})",
            now.map_or("the page itself".into(), |f| f.what)
        ));
        return;
    }
    let has_focusable_in_main: bool = js(page, "!!document.querySelector('main [data-kbd]')").await;
    if has_focusable_in_main {
        match tab(page).await {
            Some(next) if next.in_main => {}
            other => failures.push(format!(
                "{at}: after the skip link, Tab leaves the main content for {}",
                other.map_or("nothing".into(), |f| f.what)
            )),
        }
    }
}

/// Tab from the top through the whole page: every visible link and control in order, each
/// with a visible focus.
async fn check_tab_walk(page: &Page, url: &str, at: &str, failures: &mut Vec<String>) -> usize {
    let expected = fresh(page, url).await;
    let mut reached = Vec::new();
    for _ in 0..expected.len() + 20 {
        let Some(f) = tab(page).await else {
            if reached.is_empty() {
                continue;
            }
            break;
        };
        if f.index == Some(0) && !reached.is_empty() {
            break; // around again
        }
        if f.indicator.is_none() {
            let faint = f.faint.as_deref().map(|w| format!(" (too faint: {w})")).unwrap_or_default();
            failures.push(format!("{at}: no visible focus indicator (outline or box-shadow){faint} on {}", f.what));
        }
        if !f.in_view {
            failures.push(format!("{at}: the focused element is not on screen ({}): {}", f.rect, f.what));
        }
        match f.index {
            Some(i) => reached.push(i),
            None if f.scroller => {} // a scrolling region is a Tab stop of its own
            None => {
                failures.push(format!("{at}: Tab stops at something that is not a visible link or control: {}", f.what))
            }
        }
    }
    for (i, what) in expected.iter().enumerate() {
        if !reached.contains(&i) {
            failures.push(format!("{at}: Tab never reaches {what}"));
        }
    }
    let in_order: Vec<usize> = reached.iter().copied().filter(|i| *i < expected.len()).collect();
    if in_order.windows(2).any(|w| w[0] >= w[1]) {
        failures.push(format!("{at}: the Tab order differs from the reading order: {in_order:?}"));
    }
    expected.len()
}

/// On a phone: the menu button is reached by Tab, Enter opens the menu, Tab walks its links
/// (each with a visible focus), Escape closes it and gives focus back to the button.
async fn check_phone_menu(page: &Page, url: &str, at: &str, failures: &mut Vec<String>) {
    fresh(page, url).await;
    let toggle = "document.querySelector('nav button[aria-controls][aria-expanded]')";
    let has_toggle: bool = js(page, &format!("!!{toggle} && {toggle}.checkVisibility()")).await;
    if !has_toggle {
        failures.push(format!("{at}: no visible menu button (nav button[aria-controls][aria-expanded])"));
        return;
    }
    let mut on_button = false;
    for _ in 0..15 {
        tab(page).await;
        if js::<bool>(page, &format!("document.activeElement === {toggle}")).await {
            on_button = true;
            break;
        }
    }
    if !on_button {
        failures.push(format!("{at}: Tab does not reach the menu button"));
        return;
    }
    let menu = format!("document.getElementById({toggle}.getAttribute('aria-controls'))");
    let closed_links: usize =
        js(page, &format!("[...{menu}.querySelectorAll('a[href]')].filter(a => a.checkVisibility()).length")).await;
    if closed_links > 0 {
        failures.push(format!("{at}: {closed_links} menu links are visible before the menu is opened"));
    }
    press(page, Key::Enter).await;
    let opened =
        wait_for(page, &format!("{toggle}.getAttribute('aria-expanded') === 'true'"), Duration::from_secs(2)).await;
    if !opened {
        failures.push(format!("{at}: Enter on the menu button does not open the menu (aria-expanded stays false)"));
        return;
    }
    let menu_id: String = js(page, &format!("{toggle}.getAttribute('aria-controls')")).await;
    let links: Vec<String> = js(page, &format!("window.__kbd.index('#{menu_id}')")).await;
    if links.is_empty() {
        failures.push(format!("{at}: the opened menu shows no links"));
        return;
    }
    for (i, what) in links.iter().enumerate() {
        match tab(page).await {
            Some(f) if f.index == Some(i) => {
                if f.indicator.is_none() || !f.in_view {
                    failures.push(format!(
                        "{at}: menu link without a visible focus (indicator {:?}, too faint {:?}, on screen {}): {what}",
                        f.indicator, f.faint, f.in_view
                    ));
                }
            }
            other => {
                failures.push(format!(
                    "{at}: in the open menu, Tab should reach {what} but reaches {}",
                    other.map_or("nothing".into(), |f| f.what)
                ));
                return;
            }
        }
    }
    press(page, Key::Escape).await;
    let closed = wait_for(
        page,
        &format!("{toggle}.getAttribute('aria-expanded') === 'false' && document.activeElement === {toggle}"),
        Duration::from_secs(2),
    )
    .await;
    if !closed {
        failures.push(format!("{at}: Escape does not close the menu and return focus to its button"));
    }
}

fn keyboard_at(width: u32) {
    if !tools_ready("keyboard", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    let chromium = chromium();
    let (failures, stops) = runtime().block_on(async {
        let mut failures = Vec::new();
        let mut stops = 0;
        let page = open(&chromium, width, true).await;
        // No smooth scrolling or transitions: each focus is measured where it comes to rest.
        page.emulate_media_features(vec![MediaFeature::new("prefers-reduced-motion", "reduce")])
            .await
            .expect("reduced motion");
        for p in PAGES {
            let (url, at) = (p.url(), format!("{} at {width} px", p.label()));
            check_skip_link(&page, &url, &at, &mut failures).await;
            stops += check_tab_walk(&page, &url, &at, &mut failures).await;
            if width == PHONE {
                check_phone_menu(&page, &url, &at, &mut failures).await;
            }
        }
        let _ = page.close().await;
        (failures, stops)
    });
    println!(
        "keyboard at {width} px: {} pages, {stops} Tab stops checked, in {:.1} s",
        PAGES.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", report("keyboard problems", &failures));
}

#[test]
fn on_a_phone_the_keyboard_alone_reaches_everything_and_opens_the_menu() {
    keyboard_at(PHONE);
}

#[test]
fn on_a_desktop_the_keyboard_alone_reaches_everything_with_a_visible_focus() {
    keyboard_at(DESKTOP);
}

// ---------------------------------------------------------------------------------------------
// 3. JavaScript off.

/// Marks the first visible link in <main> whose path matches `pattern` and clicks it like a
/// reader would; returns the link's path and text, or None.
async fn follow_link(page: &Page, pattern: &str) -> Option<(String, String)> {
    // Scrolled and measured here: chromiumoxide's own Element::click waits for an
    // IntersectionObserver, whose callback never runs while scripts are off.
    let found: Option<(String, String, f64, f64)> = js(
        page,
        &format!(
            "(() => {{
                const re = new RegExp({});
                const a = [...document.querySelectorAll('main a[href]')]
                  .find(a => a.origin === location.origin && re.test(a.pathname) && a.checkVisibility());
                if (!a) return null;
                a.scrollIntoView({{ block: 'center', inline: 'center', behavior: 'instant' }});
                const r = a.getClientRects()[0];
                return [a.pathname, a.innerText.replace(/\\s+/g, ' ').trim(), r.left + r.width / 2, r.top + r.height / 2];
            }})()",
            js_str(pattern)
        ),
    )
    .await;
    let (path, text, x, y) = found?;
    page.click(Point { x, y }).await.expect("a click on the link");
    let arrived = wait_for(
        page,
        &format!("location.pathname === {} && document.readyState === 'complete'", js_str(&path)),
        Duration::from_secs(10),
    )
    .await;
    arrived.then_some((path, text))
}

const FACET: &str = r"^/projekter/(fase|omraade|type|emne|aar)/[^/]+/$";
const PROJECT: &str = r"^/projekter/(?!(fase|omraade|type|emne|aar|side)/)[^/]+/$";

/// Front page → facet page → project, by clicking real links; returns the way taken.
async fn walk_to_a_project(page: &Page, at: &str) -> Result<String, String> {
    let demo = site(Portal::Demo);
    load(page, &format!("{}/", demo.server.origin)).await;
    if js::<bool>(page, "document.documentElement.classList.contains('js')").await {
        return Err(format!("{at}: the theme's script ran although JavaScript is off"));
    }
    let (facet, _) = follow_link(page, FACET)
        .await
        .ok_or_else(|| format!("{at}: the front page has no visible link to a facet page that works"))?;
    let (project, title) = follow_link(page, PROJECT)
        .await
        .ok_or_else(|| format!("{at}: the facet page {facet} has no visible link to a project that works"))?;
    let h1: Option<String> = js(
        page,
        "(() => { const h = document.querySelector('main h1');
                  return h && h.checkVisibility({ visibilityProperty: true, opacityProperty: true })
                         && h.getBoundingClientRect().height > 0 ? h.innerText.trim() : null })()",
    )
    .await;
    match h1 {
        Some(h) if !h.is_empty() && (title.contains(&h) || h.contains(&title)) => {
            Ok(format!("/ → {facet} → {project}"))
        }
        other => Err(format!("{at}: {project} (reached from {facet}) shows no h1 `{title}` but {other:?}")),
    }
}

/// `/was/`, the short address Danish law gives the accessibility statement, leads on to it
/// without JavaScript, and the footer links the statement by the name the law uses. (The page
/// itself is in `PAGES`, without its refresh, for axe, the keyboard and the screenshots.)
#[test]
fn the_short_was_address_leads_to_the_accessibility_statement() {
    if !tools_ready("was", Needs::Browser) {
        return;
    }
    let chromium = chromium();
    let origin = &site(Portal::Demo).server.origin;
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, DESKTOP, false).await;
        js::<bool>(&page, &format!("location.assign({}); true", js_str(&format!("{origin}{WAS}")))).await;
        let target = js_str(WAS_TARGET);
        let arrived = wait_for(
            &page,
            &format!("location.pathname === {target} && document.readyState === 'complete'"),
            Duration::from_secs(10),
        )
        .await;
        if !arrived {
            let at: String = js(&page, "location.href").await;
            failures.push(format!("{WAS} did not lead to {WAS_TARGET} without JavaScript within 10 s; at {at}"));
        }
        let footer: String = js(
            &page,
            &format!(
                "document.querySelector('footer a[href=' + JSON.stringify({target}) + ']')?.textContent.trim() ?? ''"
            ),
        )
        .await;
        if footer != "Tilgængelighedserklæring" {
            failures.push(format!("the footer's link to {WAS_TARGET} says {footer:?}, not the law's name"));
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}", report("the /was/ address", &failures));
}

#[test]
fn without_javascript_a_reader_reaches_a_project_and_the_idea_fallback() {
    if !tools_ready("no-javascript", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    let chromium = chromium();
    let (failures, ways) = runtime().block_on(async {
        let mut failures = Vec::new();
        let mut ways = Vec::new();
        for width in WIDTHS {
            let page = open(&chromium, width, false).await;
            let at = format!("JavaScript off, {width} px");
            match walk_to_a_project(&page, &at).await {
                Ok(way) => ways.push(format!("{width} px: {way}")),
                Err(f) => failures.push(f),
            }
            // The video placeholder offers the link to the video's own page, and no player.
            load(&page, &format!("{}{VIDEO_PAGE}", site(Portal::Demo).server.origin)).await;
            let video: (bool, bool) = js(
                &page,
                "(() => { const f = document.querySelector('[data-video]');
                          const a = f && f.querySelector('a[href]');
                          return [!!a && a.checkVisibility(), !!document.querySelector('iframe')] })()",
            )
            .await;
            if video != (true, false) {
                failures.push(format!(
                    "{at}: the video placeholder on {VIDEO_PAGE} should show a link to the video and no player; \
                     (link shown, player) = {video:?}"
                ));
            }
            // The idea page: the e-mail fallback always; the idea form (in <main>: the header's
            // search box is a form too) only where the portal has one.
            for portal in [Portal::Demo, Portal::Fixture] {
                let s = site(portal);
                load(&page, &format!("{}/ideer/", s.server.origin)).await;
                let mailto = format!("mailto:{}", s.email);
                let (fallback, forms): (bool, Vec<(String, bool)>) = js(
                    &page,
                    &format!(
                        "[[...document.querySelectorAll('main a[href]')]
                            .some(a => a.getAttribute('href').startsWith({}) && a.checkVisibility()),
                          [...document.querySelectorAll('main form')]
                            .map(f => [f.getAttribute('action') || '', f.checkVisibility()])]",
                        js_str(&mailto)
                    ),
                )
                .await;
                if !fallback {
                    failures.push(format!("{at}: {} /ideer/ shows no link to {mailto}", s.name));
                }
                let expected: Vec<(String, bool)> = s.form_action.iter().map(|a| (a.clone(), true)).collect();
                if forms != expected {
                    failures.push(format!(
                        "{at}: {} /ideer/ has forms (action, shown) {forms:?}, expected {expected:?}",
                        s.name
                    ));
                }
            }
            // The dashboard is all there without JavaScript: every chart drawn, every table
            // beside it shown; the open-data page links every file.
            for path in ["/resultater/", "/resultater/omraade/aeldre-og-sundhed/"] {
                load(&page, &format!("{}{path}", site(Portal::Demo).server.origin)).await;
                let (charts, whole): (usize, usize) = js(
                    &page,
                    "(() => { const charts = [...document.querySelectorAll('main figure')].filter(f => f.querySelector('svg'));
                        const shown = e => !!e && e.checkVisibility() && e.getBoundingClientRect().height > 0;
                        return [charts.length,
                                charts.filter(f => shown(f.querySelector('svg')) && shown(f.querySelector('table'))).length] })()",
                )
                .await;
                if charts < 5 || whole != charts {
                    failures.push(format!(
                        "{at}: {path} has {charts} charts, of which {whole} are drawn with their table shown"
                    ));
                }
            }
            // Printed, the dashboard keeps every chart whole and in colour, without the menus.
            page.execute(SetEmulatedMediaParams::builder().media("print").build()).await.expect("print media");
            load(&page, &format!("{}/resultater/", site(Portal::Demo).server.origin)).await;
            screenshot(&page, &format!("demo-results-print-{width}.png")).await;
            let print: (usize, usize, bool) = js(
                &page,
                "(() => { const charts = [...document.querySelectorAll('main figure svg')];
                    const whole = charts.filter(svg => { const r = svg.getBoundingClientRect();
                        const fig = getComputedStyle(svg.closest('figure'));
                        return r.width > 0 && r.height > 0 && fig.breakInside === 'avoid'
                            && getComputedStyle(svg).printColorAdjust === 'exact' });
                    const menus = ['.site-nav', '.subset-nav', '.site-search'].some(s => {
                        const e = document.querySelector(s); return !!e && e.checkVisibility() });
                    return [charts.length, whole.length, menus] })()",
            )
            .await;
            page.execute(SetEmulatedMediaParams::builder().media("").build()).await.expect("screen media");
            if print.0 < 5 || print.1 != print.0 || print.2 {
                failures.push(format!(
                    "{at}: printed, /resultater/ has {} charts, {} of them whole and in colour; menus printed: {}",
                    print.0, print.1, print.2
                ));
            }
            load(&page, &format!("{}/data/", site(Portal::Demo).server.origin)).await;
            let files: usize = js(
                &page,
                "[...document.querySelectorAll('main a[href]')]
                    .filter(a => /\\/(data\\/projects\\.(json|csv|schema\\.json)|data\\/results\\.json|feed\\.xml)$/.test(a.pathname) && a.checkVisibility()).length",
            )
            .await;
            if files != 5 {
                failures.push(format!("{at}: /data/ shows {files} of the 5 data files' links"));
            }
            // The search page explains that search needs JavaScript and offers the catalogue
            // and its facet pages; its form, which would do nothing, is not shown.
            load(&page, &format!("{}/soeg/", site(Portal::Demo).server.origin)).await;
            screenshot(&page, &format!("demo-search-no-javascript-{width}.png")).await;
            let (catalogue, facets, form_shown): (bool, usize, bool) = js(
                &page,
                &format!(
                    "(() => {{ const re = new RegExp({});
                        const links = [...document.querySelectorAll('main a[href]')].filter(a => a.checkVisibility());
                        const form = document.getElementById('search-form');
                        return [links.some(a => a.pathname === '/projekter/'),
                                links.filter(a => re.test(a.pathname)).length,
                                !!form && form.checkVisibility()] }})()",
                    js_str(FACET)
                ),
            )
            .await;
            if !catalogue || facets == 0 || form_shown {
                failures.push(format!(
                    "{at}: /soeg/ should link to the catalogue (does: {catalogue}) and its facet pages \
                     ({facets} links) and hide its form (shown: {form_shown})"
                ));
            }
            let _ = page.close().await;
        }
        (failures, ways)
    });
    println!(
        "JavaScript off: {}; video link; idea pages; search page fallback; in {:.1} s",
        ways.join("; "),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", report("problems without JavaScript", &failures));
}

// ---------------------------------------------------------------------------------------------
// Search.

/// Types text into the focused field, one character at a time, as a keyboard would.
async fn type_text(page: &Page, text: &str) {
    for c in text.chars() {
        page.execute(InsertTextParams::new(c.to_string())).await.expect("a typed character");
    }
}

#[derive(Deserialize, Debug)]
struct SearchPage {
    path: String,
    value: String,
    status: String,
    live: bool,
    items: usize,
    lists: usize,
    first: Option<(String, String, f64, f64)>,
}

/// On a built portal: type into the header's search box, submit with Enter, land on the
/// search page with the results, hear their number, and open the first one. Nothing of
/// search is fetched before it is used, and nothing from another host.
async fn search_from_the_header(page: &Page, requests: &Mutex<Vec<String>>, at: &str) -> Result<String, String> {
    let demo = site(Portal::Demo);
    let origin = &demo.server.origin;
    let start = format!("{origin}{VIDEO_PAGE}");
    take(requests);
    load(page, &start).await;
    let early: Vec<String> = take(requests).into_iter().filter(|u| u.contains("nyttig-search/")).collect();
    if !early.is_empty() {
        return Err(format!("{at}: {VIDEO_PAGE} fetches search files before anyone searches: {early:?}"));
    }
    let field = page
        .find_element("header form[role=search] input[type=search][name=q]")
        .await
        .map_err(|e| format!("{at}: {VIDEO_PAGE} has no search box in its header: {e}"))?;
    field.click().await.map_err(|e| format!("{at}: the header's search box cannot be clicked: {e}"))?;
    if !js::<bool>(page, "document.activeElement?.name === 'q' && !!document.activeElement.closest('header')").await {
        return Err(format!("{at}: a click on the header's search box does not focus it"));
    }
    type_text(page, SEARCH_WORD).await;
    js::<bool>(page, "window.__leaving = true; true").await;
    press(page, Key::Enter).await;
    let landed = wait_for(
        page,
        "!window.__leaving && location.pathname === '/soeg/' && document.readyState === 'complete' \
         && document.querySelector('#search-results .search-results li a[href]') \
         && !document.querySelector('[aria-busy=true]')",
        Duration::from_secs(15),
    )
    .await;
    let state: SearchPage = js(
        page,
        "(() => { const s = document.getElementById('search-status');
            const items = [...document.querySelectorAll('#search-results ol li')];
            const a = document.querySelector('#search-results ol li a[href]');
            let first = null;
            if (a) {
              a.scrollIntoView({ block: 'center', behavior: 'instant' });
              const r = a.getClientRects()[0];
              first = [a.pathname, a.innerText.trim(), r.left + r.width / 2, r.top + r.height / 2];
            }
            return { path: location.pathname + location.search, value: document.getElementById('search-q')?.value ?? '',
              status: s ? s.textContent.trim() : '',
              live: !!s && s.getAttribute('role') === 'status' && s.getAttribute('aria-live') === 'polite',
              items: items.length, lists: document.querySelectorAll('#search-results ol').length, first } })()",
    )
    .await;
    if !landed {
        return Err(format!("{at}: Enter in the header's search box does not lead to results within 15 s: {state:?}"));
    }
    if state.path != SEARCH_RESULTS || state.value != SEARCH_WORD {
        return Err(format!(
            "{at}: the search page is at {} with {:?} in its field, not at {SEARCH_RESULTS} with {SEARCH_WORD:?}",
            state.path, state.value
        ));
    }
    let count: Option<usize> = state.status.split_whitespace().next().and_then(|n| n.parse().ok());
    if !state.live || !state.status.contains(SEARCH_WORD) || count.is_none_or(|n| n < state.items.max(1)) {
        return Err(format!(
            "{at}: the live region (role=status, aria-live=polite: {}) should announce how many pages \
             hold {SEARCH_WORD:?}, at least the {} shown; it says {:?}",
            state.live, state.items, state.status
        ));
    }
    if state.lists != 1 || state.items == 0 {
        return Err(format!("{at}: expected one list of results, found {} lists, {} items", state.lists, state.items));
    }
    let Some((path, title, x, y)) = state.first else {
        return Err(format!("{at}: the first result has no link"));
    };
    page.click(Point { x, y }).await.map_err(|e| format!("{at}: the first result cannot be clicked: {e}"))?;
    let opened = wait_for(
        page,
        &format!("location.pathname === {} && document.readyState === 'complete'", js_str(&path)),
        Duration::from_secs(10),
    )
    .await;
    let h1: String = js(page, "document.querySelector('main h1')?.innerText.trim() ?? ''").await;
    if !opened || h1 != title {
        return Err(format!("{at}: the first result {title:?} does not open {path} (opened: {opened}, h1 {h1:?})"));
    }
    let seen = take(requests);
    let others: Vec<&String> = seen.iter().filter(|u| !is_local(u, origin)).collect();
    if !others.is_empty() {
        return Err(format!("{at}: searching asks other hosts: {others:?}"));
    }
    if !seen.iter().any(|u| u.contains("/nyttig-search/") && u.ends_with("meta.json")) {
        return Err(format!("{at}: the search page answered without its index? requests: {seen:?}"));
    }
    let cookie: String = js(page, "document.cookie").await;
    if !cookie.is_empty() {
        return Err(format!("{at}: searching sets a cookie: {cookie:?}"));
    }
    Ok(format!("{} results, opened {path}", count.unwrap_or(0)))
}

/// The search page without a query fetches its index only when the field is first used.
async fn search_loads_on_first_use(page: &Page, requests: &Mutex<Vec<String>>, at: &str) -> Result<(), String> {
    let origin = &site(Portal::Demo).server.origin;
    take(requests);
    load(page, &format!("{origin}/soeg/")).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let index = |seen: &[String]| seen.iter().any(|u| u.contains("/nyttig-search/") && u.ends_with("meta.json"));
    if index(&take(requests)) {
        return Err(format!("{at}: /soeg/ fetches the index before the field is used"));
    }
    let label_shown: bool = js(
        page,
        "(() => { const l = document.querySelector('label[for=search-q]');
                  return !!l && l.checkVisibility() && l.getBoundingClientRect().width > 1 })()",
    )
    .await;
    if !label_shown {
        return Err(format!("{at}: the search page's field has no visible label"));
    }
    let results_list: bool = js(page, "!!document.querySelector('#search-results ol')").await;
    if results_list {
        return Err(format!("{at}: /soeg/ shows a list of results before anyone searched"));
    }
    js::<bool>(page, "document.getElementById('search-q').focus(); true").await;
    let started = Instant::now();
    loop {
        let seen = requests.lock().unwrap_or_else(|e| e.into_inner()).clone();
        if index(&seen) {
            return Ok(());
        }
        if started.elapsed() > Duration::from_secs(5) {
            return Err(format!("{at}: focusing the search field does not open the index: {seen:?}"));
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// On the search page: "show more" by keyboard brings the next results and focus to the
/// first of them; typing a word no page has removes the list, says so, and the address
/// follows the field, so that the search can be shared.
async fn search_page_by_keyboard(page: &Page, at: &str) -> Result<(), String> {
    let origin = &site(Portal::Demo).server.origin;
    // A word of many pages of the demo.
    load(page, &format!("{origin}/soeg/?q=borgere")).await;
    let items = "document.querySelectorAll('#search-results ol > li').length";
    let before: usize = js(page, items).await;
    let more = "document.querySelector('#search-results button')";
    if before != 10 || !js::<bool>(page, &format!("!!{more}")).await {
        return Err(format!("{at}: /soeg/?q=borgere should show 10 results and a button for more; shows {before}"));
    }
    js::<bool>(page, &format!("{more}.focus(); true")).await;
    press(page, Key::Enter).await;
    let grew = wait_for(page, &format!("{items} > 10"), Duration::from_secs(5)).await;
    let focus: (usize, String) = js(
        page,
        &format!(
            "[{items}, (() => {{ const li = document.activeElement?.closest('li');
                return li ? String([...li.parentNode.children].indexOf(li)) : String(document.activeElement?.outerHTML).slice(0, 120) }})()]"
        ),
    )
    .await;
    if !grew || focus.1 != "10" {
        return Err(format!(
            "{at}: Enter on the button for more shows {} results and leaves focus at {:?}, not at the 11th",
            focus.0, focus.1
        ));
    }
    js::<bool>(page, "(() => { const f = document.getElementById('search-q'); f.focus(); f.select(); return true })()")
        .await;
    type_text(page, "xyzzyq").await;
    let emptied = wait_for(
        page,
        "!document.querySelector('#search-results ol') && /xyzzyq/.test(document.getElementById('search-status').textContent) \
         && new URLSearchParams(location.search).get('q') === 'xyzzyq'",
        Duration::from_secs(5),
    )
    .await;
    if !emptied {
        let (status, search): (String, String) =
            js(page, "[document.getElementById('search-status').textContent, location.search]").await;
        return Err(format!(
            "{at}: after typing a word no page has, the list should go, the status say so and the address \
             follow (status {status:?}, address {search:?})"
        ));
    }
    Ok(())
}

/// A misspelt word finds the pages of the word meant, and the page says what it searched for.
async fn search_reads_a_misspelt_word(page: &Page, at: &str) -> Result<(), String> {
    let origin = &site(Portal::Demo).server.origin;
    load(page, &format!("{origin}/soeg/?q=velf%C3%A6rdsteknolgi")).await;
    let found = wait_for(
        page,
        "document.querySelectorAll('#search-results ol > li').length > 0 && !document.querySelector('[aria-busy=true]') \
         && /velfærdsteknologi/.test(document.getElementById('search-status').textContent)",
        Duration::from_secs(10),
    )
    .await;
    let (status, items): (String, usize) = js(
        page,
        "[document.getElementById('search-status').textContent.trim(), document.querySelectorAll('#search-results ol > li').length]",
    )
    .await;
    let said = "Ingen resultater for »velfærdsteknolgi«. Viser resultater for »velfærdsteknologi«.";
    if !found || !status.starts_with(said) || !status.contains(&format!("{items} ")) {
        return Err(format!(
            "{at}: /soeg/?q=velfærdsteknolgi should show the pages of »velfærdsteknologi« and say so ({said:?}); \
             the status says {status:?} beside {items} results"
        ));
    }
    Ok(())
}

/// A result shows the passage of its page with the query's words marked: `<mark>`, which the
/// browser exposes to screen readers as highlighted text (role "mark"), and axe finds
/// nothing to fault on the page of results.
async fn search_marks_the_words_found(page: &Page, axe_source: &str, at: &str) -> Result<(), String> {
    let origin = &site(Portal::Demo).server.origin;
    // A part of compounds: the passages mark the words that hold it too ("velfærdsteknologi").
    load(page, &format!("{origin}/soeg/?q=teknologi")).await;
    let shown = wait_for(
        page,
        "document.querySelectorAll('#search-results ol > li mark').length > 0 && !document.querySelector('[aria-busy=true]')",
        Duration::from_secs(10),
    )
    .await;
    let marks: Vec<(String, String)> = js(
        page,
        "[...document.querySelectorAll('#search-results ol > li')].map(li => li.querySelector('mark'))
           .filter(m => m).map(m => [m.textContent, m.closest('p').textContent])",
    )
    .await;
    let items: usize = js(page, "document.querySelectorAll('#search-results ol > li').length").await;
    if !shown || marks.is_empty() || marks.len() != items {
        return Err(format!("{at}: /soeg/?q=teknologi: {items} results, of which {} show a marked word", marks.len()));
    }
    for (word, passage) in &marks {
        if !word.to_lowercase().contains("teknolog") || passage.chars().count() < word.chars().count() + 20 {
            return Err(format!("{at}: the passage {passage:?} marks {word:?}, not a word with »teknologi«"));
        }
    }
    let tree =
        page.execute(GetFullAxTreeParams::default()).await.map_err(|e| format!("{at}: no accessibility tree: {e}"))?;
    let announced: Vec<String> = tree
        .result
        .nodes
        .iter()
        .filter(|n| n.role.as_ref().and_then(|r| r.value.as_ref()).and_then(|v| v.as_str()) == Some("mark"))
        .map(|n| n.name.as_ref().and_then(|v| v.value.as_ref()).map(|v| v.to_string()).unwrap_or_default())
        .collect();
    if announced.len() < marks.len() {
        return Err(format!(
            "{at}: {} marked words, but the accessibility tree has {} nodes of role \"mark\": {announced:?}",
            marks.len(),
            announced.len()
        ));
    }
    let violations = run_axe(page, axe_source).await;
    if !violations.is_empty() {
        let shown: Vec<String> = violations.iter().map(|v| describe_violation("/soeg/?q=teknologi", v)).collect();
        return Err(format!("{at}: axe on the results: {}", shown.join("; ")));
    }
    Ok(())
}

#[test]
fn a_reader_searches_from_the_header_and_opens_a_result() {
    if !tools_ready("search", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    let chromium = chromium();
    let axe_source = std::fs::read_to_string(axe_js()).expect("axe.min.js");
    let (failures, done) = runtime().block_on(async {
        let mut failures = Vec::new();
        let mut done = Vec::new();
        for width in WIDTHS {
            let page = open(&chromium, width, true).await;
            let requests = record_requests(&page).await;
            let at = format!("search at {width} px");
            match search_from_the_header(&page, &requests, &at).await {
                Ok(way) => done.push(format!("{width} px: {way}")),
                Err(f) => failures.push(f),
            }
            if let Err(f) = search_loads_on_first_use(&page, &requests, &at).await {
                failures.push(f);
            }
            if let Err(f) = search_page_by_keyboard(&page, &at).await {
                failures.push(f);
            }
            if let Err(f) = search_reads_a_misspelt_word(&page, &at).await {
                failures.push(f);
            }
            if let Err(f) = search_marks_the_words_found(&page, &axe_source, &at).await {
                failures.push(f);
            }
            let _ = page.close().await;
        }
        (failures, done)
    });
    println!("search: {}; in {:.1} s", done.join("; "), started.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", report("search problems", &failures));
}

// ---------------------------------------------------------------------------------------------
// 3b. Under the security headers a host sends.

/// Collects the page's Content-Security-Policy violations in `window.__csp`, from before its
/// first script runs.
const CSP_LISTENER: &str = "window.__csp = []; document.addEventListener('securitypolicyviolation', e => \
    window.__csp.push(e.effectiveDirective + ' blocked ' + (e.blockedURI || '(inline)') + ' at ' + \
    (e.sourceFile || '') + ':' + e.lineNumber + ' ' + (e.sample || '')));";

/// The policy violations `page` (with [`CSP_LISTENER`]) reports on loading `url`, the page at
/// `path`: the search page once it shows its results with their passages, the others once
/// they settle; a search page without results is reported too.
async fn violations(page: &Page, url: &str, path: &str) -> Vec<String> {
    load(page, url).await;
    let mut found = Vec::new();
    if path == SEARCH_RESULTS {
        let shown =
            wait_for(page, "!!document.querySelector('#search-results ol > li mark')", Duration::from_secs(10)).await;
        if !shown {
            found.push("the search page shows no results with passages".to_owned());
        }
    } else {
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    found.extend(js::<Vec<String>>(page, "window.__csp || ['the listener did not run']").await);
    found
}

/// Every page kind, from the server `origin` gives for its portal, loaded with
/// [`CSP_LISTENER`] in `page`: the violations, each with its page, and what the expression
/// `also` gives on each page when it is not empty; and how many pages were loaded.
async fn every_kind_under_its_policy(
    page: &Page,
    origin: impl Fn(Portal) -> String,
    also: &str,
) -> (Vec<String>, usize) {
    page.evaluate_on_new_document(CSP_LISTENER).await.expect("the listener is added");
    let mut failures = Vec::new();
    for p in PAGES {
        let url = format!("{}{}", origin(p.portal), p.path);
        failures.extend(violations(page, &url, p.path).await.into_iter().map(|v| format!("{}: {v}", p.label())));
        let said: String = js(page, also).await;
        if !said.is_empty() {
            failures.push(format!("{}: {said}", p.label()));
        }
    }
    (failures, PAGES.len())
}

#[test]
fn every_page_kind_works_under_the_strict_content_security_policy() {
    if !tools_ready("csp", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    for portal in [Portal::Demo, Portal::Fixture, Portal::ManyTags] {
        let site = site(portal);
        let policy = &site.headers.iter().find(|h| h.0 == "Content-Security-Policy").expect("a policy").1;
        for needed in ["script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "object-src 'none'"] {
            assert!(policy.contains(needed), "{}: the policy has no {needed:?}: {policy}", site.name);
        }
    }
    let chromium = chromium();
    let (failures, checked) = runtime().block_on(async {
        let page = open(&chromium, DESKTOP, true).await;
        let found = every_kind_under_its_policy(&page, |p| site(p).locked.origin.clone(), "''").await;
        let _ = page.close().await;
        found
    });
    println!("csp: {checked} pages in {:.1} s", started.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", report("Content-Security-Policy violations", &failures));
}

/// GitHub Pages and GitLab Pages send no headers: the pages built with `--meta-policy` carry
/// the policy as a `<meta>`. Every page kind, served with no header at all, has it, and loads
/// without a violation; a style put into the page is refused, so the policy is in force.
#[test]
fn every_page_kind_works_under_the_policy_in_a_meta() {
    if !tools_ready("csp meta", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    let meta = Options { meta_policy: true, ..Options::default() };
    let many = many_tags();
    let servers: Vec<(Portal, StaticServer)> = [
        (Portal::Demo, repo().to_path_buf()),
        (Portal::Fixture, fixture("basic")),
        (Portal::ManyTags, many.path().to_path_buf()),
    ]
    .into_iter()
    .map(|(portal, root)| (portal, serve(Arc::new(built_files("meta", &root, &meta).output))))
    .collect();
    let chromium = chromium();
    let (failures, checked) = runtime().block_on(async {
        let page = open(&chromium, DESKTOP, true).await;
        let origin = |portal: Portal| servers.iter().find(|(p, _)| *p == portal).expect("a server").1.origin.clone();
        let has_meta = "(() => { const p = document.querySelector('head > meta[http-equiv=\"Content-Security-Policy\"]')?.content ?? ''; \
             return p.includes(\"script-src 'self'\") && !p.includes('frame-ancestors') ? '' : 'the <meta> policy is ' + JSON.stringify(p); })()";
        let (mut failures, checked) = every_kind_under_its_policy(&page, origin, has_meta).await;
        let refused: Vec<String> = js(
            &page,
            "(async () => { window.__csp = []; const s = document.createElement('style'); \
              s.textContent = 'body { outline: 1px solid red }'; document.head.append(s); \
              await new Promise(r => setTimeout(r, 200)); return window.__csp; })()",
        )
        .await;
        if !refused.iter().any(|v| v.starts_with("style-src")) {
            failures.push(format!("a style put into the page is not refused: {refused:?}"));
        }
        let _ = page.close().await;
        (failures, checked)
    });
    drop(many);
    println!("csp meta: {checked} pages in {:.1} s", started.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", report("Content-Security-Policy violations under the <meta>", &failures));
}

/// A demo project's old address (its `aliases`) and its page.
const MOVED_FROM: &str = "/projekter/nattilsyn-med-sensor/";
const MOVED_TO: &str = "/projekter/digitalt-nattilsyn/";

/// The status and the header `name` of a plain `GET` of `path` from `origin`
/// (`http://127.0.0.1:N`), as a crawler sees it: no redirect followed.
fn raw_get(origin: &str, path: &str, name: &str) -> (u16, Option<String>) {
    use std::io::Read as _;
    let address = origin.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(address).expect("the server accepts");
    stream.set_read_timeout(Some(Duration::from_secs(10))).expect("a timeout");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").expect("the request");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    let head = answer.split("\r\n\r\n").next().unwrap_or_default();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let value = head.lines().find_map(|l| {
        l.split_once(':').filter(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.trim().to_owned())
    });
    (status, value)
}

/// Opens `origin` + `from` and waits until the browser has arrived at `to`, as a reader who
/// follows an old link.
async fn arrives(page: &Page, origin: &str, from: &str, to: &str) -> bool {
    js::<bool>(page, "location.assign('about:blank'); true").await;
    wait_for(page, "location.href === 'about:blank'", Duration::from_secs(5)).await;
    js::<bool>(page, &format!("location.assign({}); true", js_str(&format!("{origin}{from}")))).await;
    let arrived = format!("location.pathname === {} && document.readyState === 'complete'", js_str(to));
    wait_for(page, &arrived, Duration::from_secs(10)).await
}

/// On a host that makes no redirects (the plain test server, as GitHub Pages), an old address
/// answers with its redirect page, which sends the reader on to the page at once.
#[test]
fn an_old_address_leads_on_through_its_redirect_page_on_any_host() {
    if !tools_ready("moved", Needs::Browser) {
        return;
    }
    let demo = site(Portal::Demo);
    let origin = demo.server.origin.clone();
    assert_eq!(
        raw_get(&origin, MOVED_FROM, "location"),
        (200, None),
        "the plain server answers with the redirect page"
    );
    let chromium = chromium();
    let arrived = runtime().block_on(async {
        let page = open(&chromium, DESKTOP, true).await;
        let arrived = arrives(&page, &origin, MOVED_FROM, MOVED_TO).await;
        let title: String = js(&page, "document.querySelector('h1')?.textContent ?? ''").await;
        let _ = page.close().await;
        (arrived, title)
    });
    assert!(arrived.0, "{MOVED_FROM} does not lead on to {MOVED_TO}");
    assert_eq!(arrived.1.trim(), "Digitalt nattilsyn", "the page arrived at");
}

/// Debian's nginx.
const NGINX: &str = "/usr/sbin/nginx";

/// nginx serving `files` at `base` under the site file `nyttig host nginx` writes for `root`'s
/// portal, on a free port of 127.0.0.1; stopped when dropped.
struct Nginx {
    origin: String,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_nginx(root: &Path, files: &nyttig::output::Output) -> Nginx {
    let dir = tempfile::tempdir().expect("a folder for nginx");
    let www = dir.path().join("www");
    for (name, bytes) in files.iter() {
        let file = www.join(name);
        std::fs::create_dir_all(file.parent().expect("a folder")).expect("the site's folders");
        std::fs::write(&file, bytes).expect("the site's files");
    }
    let site = nyttig::build::site(root, &Options::default()).expect("the portal reads");
    let base = nyttig::urls::Urls::new(&site.config).home();
    let conf = nyttig::hosting::nginx_site(&site, &base, "localhost", &www.display().to_string());
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("a free port").port();
    // The site file as written, but for where it listens.
    assert!(conf.contains("    listen 80;\n    listen [::]:80;\n"), "the site file listens on port 80");
    let conf = conf.replace("    listen 80;\n    listen [::]:80;\n", &format!("    listen 127.0.0.1:{port};\n"));
    std::fs::write(dir.path().join("site.conf"), &conf).expect("the site file");
    let d = dir.path().display();
    let main = format!(
        "daemon off;\nmaster_process off;\npid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{ worker_connections 256; }}\n\
         http {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  access_log off;\n\
         client_body_temp_path {d}/tmp;\n  proxy_temp_path {d}/tmp;\n  fastcgi_temp_path {d}/tmp;\n\
         uwsgi_temp_path {d}/tmp;\n  scgi_temp_path {d}/tmp;\n  include {d}/site.conf;\n}}\n"
    );
    std::fs::write(dir.path().join("nginx.conf"), main).expect("nginx.conf");
    let checked = Command::new(NGINX)
        .args(["-t", "-p"])
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .output()
        .expect("nginx runs");
    assert!(checked.status.success(), "nginx -t refuses the site file:\n{}", String::from_utf8_lossy(&checked.stderr));
    let child = Command::new(NGINX)
        .arg("-p")
        .arg(dir.path())
        .arg("-c")
        .arg(dir.path().join("nginx.conf"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("nginx starts");
    let started = Instant::now();
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(started.elapsed() < Duration::from_secs(10), "nginx does not listen on {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    Nginx { origin: format!("http://127.0.0.1:{port}"), child, _dir: dir }
}

/// The demo portal behind Debian's nginx with the site file `nyttig host nginx` writes: every
/// page kind loads with the security headers and no policy violation, search reads its index
/// by range requests, the idea form's receiver is an allowed form target, the caching is right
/// per kind of file, an unknown address gets the portal's 404 page, and a folder without its
/// slash is redirected.
#[test]
fn the_demo_behind_nginx_with_its_site_file_has_its_headers_and_no_violation() {
    if !tools_ready("nginx", Needs::Nginx) {
        return;
    }
    let started = Instant::now();
    let demo = site(Portal::Demo);
    let nginx = start_nginx(repo(), &demo.files);
    let chromium = chromium();
    let origin = nginx.origin.clone();
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, DESKTOP, true).await;
        page.evaluate_on_new_document(CSP_LISTENER).await.expect("the listener is added");
        for p in PAGES.iter().filter(|p| p.portal == Portal::Demo && p.path != WAS_SHOWN) {
            let url = format!("{origin}{}", p.path);
            failures.extend(violations(&page, &url, p.path).await.into_iter().map(|v| format!("nginx {}: {v}", p.path)));
        }
        // Headers per kind of file, as the browser receives them.
        load(&page, &format!("{origin}{PHOTO_PAGE}")).await;
        let answers: Vec<(String, u16, String, String, String)> = js(
            &page,
            "(async () => {
                const picture = [...document.querySelectorAll('img')].map(i => i.currentSrc).find(u => /\\.[0-9a-f]{12}\\.w[0-9]+\\./.test(u));
                const css = document.querySelector('link[rel=stylesheet]').href;
                const script = [...document.scripts].map(s => s.src).find(Boolean);
                const meta = await fetch('/soeg/').then(r => r.text()).then(t => new DOMParser().parseFromString(t, 'text/html').querySelector('[data-index]').dataset.index + 'meta.json');
                const out = [];
                for (const u of [location.pathname, css, script, picture, meta, '/data/projects.json', '/findes-ikke/', '/projekter']) {
                  const r = await fetch(u, { redirect: 'manual' });
                  out.push([u || '(none)', r.status || 301, r.headers.get('cache-control') || '', r.headers.get('content-security-policy') || '', r.headers.get('x-content-type-options') || '']);
                }
                return out; })()",
        )
        .await;
        let form_action = demo.form_action.as_deref().expect("the demo has an idea form");
        let form_origin = nyttig::hosting::origin(form_action).expect("a web address");
        for (i, (url, status, cache, csp, nosniff)) in answers.iter().enumerate() {
            let (want_status, want_cache) = match i {
                0 => (200, "no-cache"),
                1..=4 => (200, "public, max-age=31536000, immutable"),
                5 => (200, "no-cache"),
                6 => (404, "no-cache"),
                _ => (301, ""),
            };
            if *status != want_status || (i < 7 && cache != want_cache) {
                failures.push(format!("nginx {url}: {status} with Cache-Control {cache:?}, not {want_status} with {want_cache:?}"));
            }
            let policy_ok = csp.contains("script-src 'self'") && csp.contains(&format!("form-action 'self' {form_origin}"));
            if i < 7 && (!policy_ok || nosniff != "nosniff") {
                failures.push(format!("nginx {url}: the security headers are missing or wrong: {csp:?}, {nosniff:?}"));
            }
        }
        // An old address leads on with a 301 (with and without its last slash), which the
        // browser follows; the file nginx reads the old addresses from is not served.
        for from in [MOVED_FROM, MOVED_FROM.trim_end_matches('/')] {
            let (status, location) = raw_get(&origin, from, "location");
            if (status, location.as_deref()) != (301, Some(MOVED_TO)) {
                failures.push(format!("nginx {from}: {status} to {location:?}, not 301 to {MOVED_TO}"));
            }
        }
        if !arrives(&page, &origin, MOVED_FROM, MOVED_TO).await {
            failures.push(format!("nginx: {MOVED_FROM} does not lead on to {MOVED_TO} in the browser"));
        }
        for file in ["/_redirects.nginx", "/_headers", "/staticwebapp.config.json"] {
            let (status, _) = raw_get(&origin, file, "location");
            if status != 404 {
                failures.push(format!("nginx {file}: {status}, not 404"));
            }
        }
        let _ = page.close().await;
        failures
    });
    drop(nginx);
    println!("nginx: in {:.1} s", started.elapsed().as_secs_f64());
    assert!(failures.is_empty(), "{}", report("behind nginx", &failures));
}

/// A copy of the fixture portal with `editor` (the `editor:` of portal.yaml), built, and read.
fn with_editor(editor: &str) -> (tempfile::TempDir, nyttig::build::Built, nyttig::model::Site) {
    let dir = common::copy_fixture("basic");
    let yaml = std::fs::read_to_string(dir.path().join("portal.yaml")).expect("portal.yaml");
    std::fs::write(dir.path().join("portal.yaml"), format!("{yaml}{editor}")).expect("portal.yaml is written");
    let built = build(dir.path(), &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let site = nyttig::build::site(dir.path(), &Options::default()).expect("the portal reads");
    (dir, built, site)
}

/// A portal with the browser editor behind nginx: `/admin/` is sent with the editor's own
/// policy, the pages with theirs (the site file passes `nginx -t` with that location too).
#[test]
fn the_editor_behind_nginx_has_its_own_policy() {
    if !tools_ready("nginx admin", Needs::Nginx) {
        return;
    }
    let (dir, built, site) = with_editor("editor:\n  backend: gitlab\n  repo: kommune/portal\n  app_id: abc123\n");
    let nginx = start_nginx(dir.path(), &built.output);
    let page_policy = nyttig::hosting::content_security_policy(&site);
    for (path, policy) in [
        ("/admin/", nyttig::hosting::admin_policy()),
        ("/admin/cms/decap-cms.js", nyttig::hosting::admin_policy()),
        ("/admin/config.yml", nyttig::hosting::admin_policy()),
        ("/", page_policy.clone()),
        ("/tiltak/", page_policy),
    ] {
        let (status, sent) = raw_get(&nginx.origin, path, "content-security-policy");
        assert_eq!((status, sent.as_deref()), (200, Some(policy.as_str())), "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// 4. No third parties.

#[test]
fn no_page_asks_another_host_for_anything_nor_sets_a_cookie() {
    if !tools_ready("third parties", Needs::Browser) {
        return;
    }
    let started = Instant::now();
    let chromium = chromium();
    let (failures, requests) = runtime().block_on(async {
        let mut failures = Vec::new();
        let mut count = 0;
        for width in WIDTHS {
            let page = open(&chromium, width, true).await;
            let requests = record_requests(&page).await;
            let probe = Probe { chromium: &chromium, context: None, page: &page, requests: &requests };
            for p in PAGES {
                let at = format!("{} at {width} px", p.label());
                count += probe.check_requests_and_cookies(&p.url(), &p.site().server.origin, &at, &mut failures).await;
            }
            let _ = page.close().await;
        }
        (failures, count)
    });
    println!(
        "third parties: {} pages × {} widths, {requests} requests, all to the test server, in {:.1} s",
        PAGES.len(),
        WIDTHS.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(failures.is_empty(), "{}", report("requests to other hosts or cookies", &failures));
}

#[test]
fn the_video_loads_nothing_from_its_host_until_it_is_played() {
    if !tools_ready("video", Needs::Browser) {
        return;
    }
    let chromium = chromium();
    let demo = site(Portal::Demo);
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, DESKTOP, true).await;
        let requests = record_requests(&page).await;
        load(&page, &format!("{}{VIDEO_PAGE}", demo.server.origin)).await;
        js::<bool>(&page, "document.querySelector('[data-video]')?.scrollIntoView(); true").await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = take(&requests);
        for url in before.iter().filter(|u| !is_local(u, &demo.server.origin)) {
            failures.push(format!("before the video is played, {VIDEO_PAGE} asks {url}"));
        }
        if js::<bool>(&page, "!!document.querySelector('iframe')").await {
            failures.push(format!("{VIDEO_PAGE} has an iframe before the video is played"));
        }
        match page.find_element("[data-video] [data-video-play]").await {
            Err(e) => failures.push(format!("{VIDEO_PAGE} has no play button ([data-video] [data-video-play]): {e}")),
            Ok(button) => {
                if !js::<bool>(&page, "document.querySelector('[data-video-play]').checkVisibility()").await {
                    failures.push(format!("the play button on {VIDEO_PAGE} is not visible with JavaScript on"));
                }
                button.click().await.expect("a click on the play button");
                let src: Option<String> =
                    if wait_for(&page, "document.querySelector('[data-video] iframe')", Duration::from_secs(5)).await {
                        js(&page, "document.querySelector('[data-video] iframe').src").await
                    } else {
                        None
                    };
                let host = src.as_deref().and_then(|s| s.split("://").nth(1)).and_then(|s| s.split(['/', ':']).next());
                if !host.is_some_and(|h| h == "youtube-nocookie.com" || h.ends_with(".youtube-nocookie.com")) {
                    failures.push(format!(
                        "after Play, {VIDEO_PAGE} shows no iframe on youtube-nocookie.com (src {src:?})"
                    ));
                }
            }
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}", report("video problems", &failures));
}

// ---------------------------------------------------------------------------------------------
// 5. Valid HTML.

#[derive(Deserialize)]
struct VnuReport {
    messages: Vec<VnuMessage>,
}

#[derive(Deserialize)]
struct VnuMessage {
    #[serde(rename = "type")]
    kind: String,
    url: Option<String>,
    #[serde(rename = "lastLine")]
    last_line: Option<u64>,
    #[serde(rename = "firstColumn")]
    first_column: Option<u64>,
    message: String,
    extract: Option<String>,
}

#[test]
fn every_generated_html_file_passes_the_nu_html_checker() {
    if !tools_ready("vnu", Needs::Vnu) {
        return;
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut files = 0;
    for portal in [Portal::Demo, Portal::Fixture, Portal::ManyTags] {
        let s = site(portal);
        for (path, bytes) in s.files.iter().filter(|(p, _)| p.ends_with(".html")) {
            let file = dir.path().join(s.name).join(path);
            std::fs::create_dir_all(file.parent().expect("a folder")).expect("the folder is made");
            std::fs::write(&file, bytes).expect("the page is written");
            files += 1;
        }
    }
    let out = Command::new("java")
        .arg("-jar")
        .arg(vnu_jar())
        .args(["--errors-only", "--format", "json", "--skip-non-html"])
        .arg(dir.path())
        .output()
        .expect("java runs the Nu HTML Checker");
    let json = String::from_utf8_lossy(&out.stderr);
    let parsed: VnuReport = serde_json::from_str(&json).unwrap_or_else(|e| {
        panic!("vnu did not answer in JSON ({e}); it said:\n{json}\n{}", String::from_utf8_lossy(&out.stdout))
    });
    let prefix = format!("file:{}/", dir.path().display());
    let failures: Vec<String> = parsed
        .messages
        .iter()
        .filter(|m| m.kind != "info")
        .map(|m| {
            let file = m.url.as_deref().unwrap_or("?");
            format!(
                "{}:{}:{}: {} {}\n    {}",
                file.strip_prefix(&prefix).unwrap_or(file),
                m.last_line.unwrap_or(0),
                m.first_column.unwrap_or(0),
                m.kind,
                m.message,
                m.extract.as_deref().unwrap_or("").replace('\n', " ")
            )
        })
        .collect();
    println!("vnu: {files} HTML files checked in {:.1} s", started.elapsed().as_secs_f64());
    assert!(files > 150, "only {files} HTML files");
    assert!(failures.is_empty(), "{}", report("Nu HTML Checker errors", &failures));
    assert!(out.status.success(), "vnu failed: {json}");
}

// ---------------------------------------------------------------------------------------------
// The checks themselves: on a page with known defects each of them must fail, so that a green
// run above means something.

const BAD_PAGE: &str = r#"<!doctype html>
<html lang="da">
<head><meta charset="utf-8"><title>Fejl med vilje</title>
<style>
.no-ring:focus, .no-ring:focus-visible { outline: none; }
.pale:focus-visible { outline: 3px solid #eeeeee; }
</style>
</head>
<body>
<nav aria-label="Menu"><a href="/a/">Første link, intet spring til indholdet</a></nav>
<main id="main" tabindex="-1">
<h1>Fejl med vilje</h1>
<img src="/billede.svg">
<p><a class="no-ring" href="/b/">Link uden synligt fokus</a></p>
<p><a class="pale" href="/d/">Link med bleg fokusring</a></p>
<p><a href="/c/" style="position: absolute; left: -9999px">Link uden for skærmen</a></p>
<img src="http://tredjepart.example/pixel.gif" alt="">
<script>document.cookie = "sporing=1; path=/";</script>
</main>
</body>
</html>
"#;

#[test]
fn the_checks_find_the_defects_of_a_page_made_bad_on_purpose() {
    if !tools_ready("self-check", Needs::Browser) {
        return;
    }
    let mut files = BTreeMap::new();
    files.insert("index.html".to_owned(), BAD_PAGE.as_bytes().into());
    files.insert(
        "billede.svg".to_owned(),
        b"<svg xmlns='http://www.w3.org/2000/svg' width='9' height='9'/>".as_slice().into(),
    );
    let server = serve(Arc::new(files));
    let url = format!("{}/", server.origin);
    let axe_source = std::fs::read_to_string(axe_js()).expect("axe.min.js");
    let chromium = chromium();
    let found = runtime().block_on(async {
        // A browser context of its own: this page's cookie must not reach the other tests.
        let context = chromium
            .browser()
            .create_browser_context(CreateBrowserContextParams::default())
            .await
            .expect("a browser context");
        let page = open_in(&chromium, Some(&context), PHONE, true).await;
        page.emulate_media_features(vec![MediaFeature::new("prefers-reduced-motion", "reduce")])
            .await
            .expect("reduced motion");
        let requests = record_requests(&page).await;
        let mut found = Vec::new();
        let probe = Probe { chromium: &chromium, context: Some(&context), page: &page, requests: &requests };
        probe.check_requests_and_cookies(&url, &server.origin, "bad page", &mut found).await;
        found.extend(run_axe(&page, &axe_source).await.into_iter().map(|v| format!("axe {}", v.id)));
        check_skip_link(&page, &url, "bad page", &mut found).await;
        check_tab_walk(&page, &url, "bad page", &mut found).await;
        check_phone_menu(&page, &url, "bad page", &mut found).await;
        let _ = page.close().await;
        let _ = chromium.browser().dispose_browser_context(context).await;
        found
    });
    let expected = [
        "asks another host: http://tredjepart.example/pixel.gif",
        "sets cookies",
        "axe image-alt",
        "not a skip link",
        "no visible focus indicator (outline or box-shadow) on \"Link uden synligt fokus\"",
        "not on screen (-9999,",
        "contrast 1.16:1) on \"Link med bleg fokusring\"",
        "no visible menu button",
    ];
    let missed: Vec<&str> = expected.iter().copied().filter(|e| !found.iter().any(|f| f.contains(e))).collect();
    assert!(missed.is_empty(), "the checks missed {missed:#?}\nthey found:\n{found:#?}");
}

// ---------------------------------------------------------------------------------------------
// `nyttig serve`: a page open in the browser follows the editor's saves.

#[test]
fn an_open_page_reloads_itself_after_a_save_and_shows_errors_until_they_are_fixed() {
    if !tools_ready("live reload", Needs::Browser) {
        return;
    }
    let chromium = chromium();
    let serve = common::preview::Serve::start();
    let file = "content/projects/velferdsteknologi-hjemme.md";
    let good = serve.read(file);
    let title = good.lines().find(|l| l.starts_with("title:")).unwrap().to_owned();
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, 1280, true).await;
        let url = format!("http://127.0.0.1:{}/tiltak/velferdsteknologi-hjemme/", serve.port);
        load(&page, &url).await;
        // Give the page a moment to connect to the preview's events, then mark it: a reload
        // forgets the mark.
        wait_for(&page, "false", Duration::from_millis(300)).await;
        js::<bool>(&page, "window.__unchanged = true; true").await;
        let edited = good.replacen(&title, "title: Trygt hjemme med sensorer", 1);
        serve.write(file, &edited);
        let reloaded =
            "!window.__unchanged && !!document.querySelector('h1')?.textContent.includes('Trygt hjemme med sensorer')";
        if !wait_for(&page, reloaded, Duration::from_secs(15)).await {
            failures.push("the page did not reload with the new title after the save".to_string());
        }
        js::<bool>(&page, "window.__unchanged = true; true").await;
        serve.write(file, &edited.replacen("phase: ", "phase: pasued\nfase: ", 1));
        let overlay = "document.getElementById('nyttig-errors')?.textContent.includes('pasued')";
        if !wait_for(&page, overlay, Duration::from_secs(15)).await {
            failures.push("a broken save did not show the errors over the page".to_string());
        }
        screenshot(&page, "serve-errors-1280.png").await;
        serve.write(file, &edited);
        if !wait_for(&page, "!document.getElementById('nyttig-errors')", Duration::from_secs(15)).await {
            failures.push("the errors stayed after the file was fixed".to_string());
        }
        let still: bool = js(&page, "!!window.__unchanged").await;
        if !still {
            failures.push("fixing the file back to the page's text reloaded the page needlessly".to_string());
        }
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("live reload", &failures), serve.said());
}

// ---------------------------------------------------------------------------------------------
// Pictures: a phone gets a small WebP of a phone photo, and the picture shows without script.

#[test]
fn a_phone_fetches_a_small_webp_of_a_phone_photo_and_without_javascript_the_picture_shows() {
    if !tools_ready("pictures", Needs::Browser) {
        return;
    }
    let demo = site(Portal::Demo);
    let url = format!("{}{PHOTO_PAGE}", demo.server.origin);
    let chromium = chromium();
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        for (javascript, scale) in [(true, 1.0), (true, 2.0), (false, 2.0)] {
            let at = format!("375 px at {scale}x, JavaScript {}", if javascript { "on" } else { "off" });
            let page = open(&chromium, PHONE, javascript).await;
            page.execute(SetDeviceMetricsOverrideParams::new(PHONE, 812, scale, true)).await.expect("the viewport");
            let requests = record_requests(&page).await;
            load(&page, &url).await;
            js::<bool>(&page, "window.scrollTo(0, document.documentElement.scrollHeight); true").await;
            wait_for(&page, "[...document.images].every(i => i.complete)", Duration::from_secs(10)).await;
            let photos: Vec<String> = take(&requests).into_iter().filter(|u| u.contains(PHOTO)).collect();
            // The picture at the top: loaded, and from a WebP no wider than 800 px.
            let hero: (String, u32, u32, bool) = js(
                &page,
                "(() => { const i = document.querySelector('.project__image img');
                          return [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().height|0, i.checkVisibility()] })()",
            )
            .await;
            // `bussen-paa-torvet.<hash>.w800.webp` → 800
            let width = |u: &str| u.split('.').find_map(|part| part.strip_prefix('w')?.parse::<u32>().ok());
            if photos.len() != 1 || !photos[0].ends_with(".webp") || width(&photos[0]).is_none_or(|w| w > 800) {
                failures.push(format!("{at}: the photo should be fetched once, as WebP no wider than 800 px: {photos:?}"));
            }
            if !hero.0.ends_with(".webp") || hero.1 == 0 || hero.1 > 800 || hero.2 < 100 || !hero.3 {
                failures.push(format!("{at}: the photo should show (source, natural width, height, visible): {hero:?}"));
            }
            // What the page costs: every file it fetched, as the build wrote them (no gzip).
            let fetched: Vec<String> = js(
                &page,
                "[location.href, ...performance.getEntriesByType('resource').map(e => e.name)]",
            )
            .await;
            let bytes: usize = fetched
                .iter()
                .filter_map(|u| u.strip_prefix(&format!("{}/", demo.server.origin)))
                .map(|path| {
                    let path = path.split(['?', '#']).next().unwrap_or("");
                    let file = if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() };
                    demo.files.get(&file).map_or(0, |b| b.len())
                })
                .sum();
            if bytes > 250_000 {
                failures.push(format!("{at}: the page costs {bytes} bytes (more than 250 KB) in {fetched:?}"));
            }
            eprintln!("pictures: {at}: {} (hero {}x{}), the page costs {bytes} bytes in {} files", photos.join(", "), hero.1, hero.2, fetched.len());
            let _ = page.close().await;
        }
        failures
    });
    assert!(failures.is_empty(), "{}", report("pictures", &failures));
}

// ---------------------------------------------------------------------------------------------
// Editing in the browser: the bundled CMS loads the configuration made from the content
// model and lists the portal's entries through the preview's own API.

#[test]
fn the_editor_loads_the_bundled_cms_and_lists_the_portals_projects() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, DESKTOP, true).await;
        let requests = record_requests(&page).await;
        // The CMS moves to its own address (`#/…`) as it starts: `load` would wait for ever.
        js::<bool>(&page, &format!("location.assign({}); true", js_str(&format!("{origin}/__nyttig/editor/")))).await;
        // The proxy backend asks for no account: its one button goes on to the collections.
        let button = "[...document.querySelectorAll('button')].find(b => /log|login/i.test(b.textContent))";
        if wait_for(&page, &format!("!!{button}"), Duration::from_secs(30)).await {
            js::<bool>(&page, &format!("{button}.click(); true")).await;
        }
        // The collections, named in the portal's language, then the projects read through the API.
        let collections =
            "document.body.innerText.includes('Prosjekter') && document.body.innerText.includes('Innovatører')";
        if wait_for(&page, collections, Duration::from_secs(30)).await {
            js::<bool>(&page, "location.hash = '#/collections/projects'; true").await;
        }
        let listed =
            "document.body.innerText.includes('Leksehjelp på nett') && document.body.innerText.includes('Matroboten')";
        if !wait_for(&page, listed, Duration::from_secs(30)).await {
            let text: String = js(&page, "document.body.innerText.slice(0, 2000)").await;
            failures
                .push(format!("the editor did not list the projects collection and its entries; it shows:\n{text}"));
        }
        screenshot(&page, "editor-1280.png").await;
        let elsewhere: Vec<String> = take(&requests).into_iter().filter(|u| !is_local(u, &origin)).collect();
        if !elsewhere.is_empty() {
            failures.push(format!("the editor made requests to other hosts: {elsewhere:?}"));
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("the editor", &failures), serve.said());
}

/// The front matter of a Markdown file, read as values (the order and style of writing aside).
fn front_matter(text: &str) -> serde_yaml::Value {
    let front = text.strip_prefix("---\n").and_then(|t| t.split("\n---\n").next()).unwrap_or("");
    serde_yaml::from_str(front).unwrap_or(serde_yaml::Value::Null)
}

/// An edit made in the editor's form is saved through nyttig's API with every other value as
/// it was, in the file's own layout: its comments, the order and style of its fields and its
/// text, all as they were but the one line that changed. The preview builds and serves it.
#[test]
fn an_edit_in_the_editor_is_saved_with_every_value_and_built() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let file = "content/projects/leksehjelp-paa-nett.md";
    let before = serve
        .read(file)
        .replacen("---\n", "---\n# Navnet, slik det står i katalogen\n", 1)
        .replace("tags: [skole]\n", "tags: [skole]\n\n# Historien, fase for fase\n")
        .replace("Tiltaket er satt på pause.", "Tiltaket er *satt på pause*.\n\n* Venter på budsjett");
    serve.write(file, &before);
    serve.until("/tiltak/leksehjelp-paa-nett/", "the file as written by hand", |_, body| body.contains("<em>satt"));
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        js::<bool>(&page, "location.hash = '#/collections/projects/entries/leksehjelp-paa-nett'; true").await;
        let title = "[...document.querySelectorAll('input')].find(i => i.value === 'Leksehjelp på nett')";
        if !wait_for(&page, &format!("!!{title}"), Duration::from_secs(30)).await {
            failures.push("the editor did not open the project with its title".to_string());
            return failures;
        }
        js::<bool>(&page, FORM_LIB).await;
        js::<bool>(&page, &format!("__type({title}, 'Leksehjelp for alle')")).await;
        if !publish(&page).await {
            let text = shown_text(&page).await;
            failures.push(format!("the editor did not say the entry was saved:\n{text}"));
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("saving in the editor", &failures), serve.said());
    let after = serve.read(file);
    assert_eq!(
        after,
        before.replace("title: Leksehjelp på nett", "title: Leksehjelp for alle"),
        "only the title's line changes"
    );
    serve.until("/tiltak/leksehjelp-paa-nett/", "the saved title", |code, body| {
        code == 200 && body.contains("Leksehjelp for alle")
    });
}

/// The editor's form helpers: a field by its label; typing into inputs and text areas as a
/// person does (the element's own setter, then the event React listens to); choosing an
/// option of a select or relation by typing its label and pressing Enter.
const FORM_LIB: &str = r#"
window.__field = (label, n = 0) => {
  const l = [...document.querySelectorAll('label')].filter(l => l.textContent.trim().replace(/ \(.*\)$/, '') === label)[n];
  return l && document.getElementById(l.htmlFor);
};
window.__type = (el, text) => {
  const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, text);
  el.dispatchEvent(new Event('input', { bubbles: true }));
  el.dispatchEvent(new Event('change', { bubbles: true }));
  return true;
};
window.__enter = (el) => {
  el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', code: 'Enter', keyCode: 13, bubbles: true }));
  return true;
};
true
"#;

/// The start of what a page shows, for a failure's message.
async fn shown_text(page: &Page) -> String {
    js(page, "document.body.innerText.slice(0, 1000)").await
}

/// What every test of the editor starts with: Chromium, and a preview of the fixture portal
/// with its address; `None` when the browser tests cannot run here.
fn editor_session() -> Option<(Arc<Chromium>, common::preview::Serve, String)> {
    if !tools_ready("editor", Needs::Browser) {
        return None;
    }
    let serve = common::preview::Serve::start();
    let origin = format!("http://127.0.0.1:{}", serve.port);
    Some((chromium(), serve, origin))
}

/// Opens the editor and goes on past its login (the local API asks for no account).
async fn open_editor(chromium: &Chromium, origin: &str) -> Page {
    let page = open(chromium, DESKTOP, true).await;
    js::<bool>(&page, &format!("location.assign({}); true", js_str(&format!("{origin}/__nyttig/editor/")))).await;
    let button = "[...document.querySelectorAll('button')].find(b => /log|login/i.test(b.textContent))";
    if wait_for(&page, &format!("!!{button}"), Duration::from_secs(30)).await {
        js::<bool>(&page, &format!("{button}.click(); true")).await;
    }
    wait_for(&page, "document.body.innerText.includes('Prosjekter')", Duration::from_secs(30)).await;
    page
}

/// Opens `entry` of the editor (`projects/new`, `projects/entries/<name>`) with its form
/// ready to be filled in.
async fn open_entry(page: &Page, entry: &str) {
    js::<bool>(page, &format!("location.hash = {}; true", js_str(&format!("#/collections/{entry}")))).await;
    wait_for(page, "!!document.querySelector('input')", Duration::from_secs(30)).await;
    js::<bool>(page, FORM_LIB).await;
}

/// Chooses `option` in the select or relation labelled `label` (its `n`th), as a person
/// does: typing the start of its name and pressing Enter.
async fn choose(page: &Page, label: &str, n: usize, option: &str) {
    let field = format!("__field({}, {n})", js_str(label));
    js::<bool>(page, &format!("{field}.focus(); __type({field}, {})", js_str(option))).await;
    // A relation looks its options up through the API first.
    wait_for(page, "false", Duration::from_millis(800)).await;
    js::<bool>(page, &format!("__enter({field})")).await;
    wait_for(page, "false", Duration::from_millis(300)).await;
}

/// A new project `title` in the editor, its required fields filled in: title, summary,
/// `phase` (its label), kind, area and start.
async fn new_project(page: &Page, title: &str, phase: &str) {
    open_entry(page, "projects/new").await;
    js::<bool>(page, &format!("__type(__field('Tittel'), {})", js_str(title))).await;
    js::<bool>(page, "__type(__field('Sammendrag'), 'Elever låner sykler gratis.')").await;
    choose(page, "Fase", 0, phase).await;
    choose(page, "Type", 0, "Innovasjon i små steg").await;
    choose(page, "Område", 0, "Oppvekst").await;
    js::<bool>(page, "__type(__field('Startdato'), '2026-01-05')").await;
}

/// Publishes the entry open in the editor and waits until it says it is saved.
async fn publish(page: &Page) -> bool {
    publish_and_wait(page, "document.body.innerText.includes('Innlegg lagret')").await
}

/// Publishes the entry open in the editor and waits until `done` holds.
async fn publish_and_wait(page: &Page, done: &str) -> bool {
    let publish =
        "[...document.querySelectorAll('button,[role=button]')].find(b => /^publiser$/i.test(b.textContent.trim()))";
    if !wait_for(page, &format!("!!{publish}"), Duration::from_secs(10)).await {
        return false;
    }
    js::<bool>(page, &format!("{publish}.click(); true")).await;
    let now = "[...document.querySelectorAll('[role=menuitem],li,button')].find(b => /^publiser nå$/i.test(b.textContent.trim()))";
    if wait_for(page, &format!("!!{now}"), Duration::from_secs(10)).await {
        js::<bool>(page, &format!("{now}.click(); true")).await;
    }
    wait_for(page, done, Duration::from_secs(25)).await
}

/// A project made in the editor's forms (a select of the portal's phases, its areas, the
/// pådriver from the innovators, a history line) is a folder of its own with exactly the
/// front matter the content model expects; the preview builds it, serves its page and lists it
/// in the catalogue. Deleted in the editor, its folder and its page are gone.
#[test]
fn a_project_made_in_the_editor_is_a_folder_with_its_front_matter_built_and_then_deleted() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let file = "content/projects/sykkelbibliotek/index.md";
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        new_project(&page, "Sykkelbibliotek", "Utviklingsfasen").await;
        choose(&page, "Pådriver", 0, "Kari").await;
        // Two lines of history: the start, then the move to the next phase with its decision.
        let add = "[...document.querySelectorAll('button')].find(b => /faseskifter/i.test(b.textContent))";
        for (n, (phase, date, decision)) in
            [("Behovsfasen", "2026-01-05", ""), ("Utviklingsfasen", "2026-03-02", "Oppvekstutvalget sa ja")]
                .iter()
                .enumerate()
        {
            js::<bool>(&page, &format!("{add}.click(); true")).await;
            wait_for(&page, &format!("!!__field('Dato', {n})"), Duration::from_secs(5)).await;
            choose(&page, "Fase", n + 1, phase).await;
            js::<bool>(&page, &format!("__type(__field('Dato', {n}), {})", js_str(date))).await;
            if !decision.is_empty() {
                js::<bool>(&page, &format!("__type(__field('Vedtak', {n}), {})", js_str(decision))).await;
            }
        }
        if !publish(&page).await {
            let text = shown_text(&page).await;
            failures.push(format!("the new project was not saved:\n{text}"));
            return failures;
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("a new project", &failures), serve.said());
    let text = serve.read(file);
    let expected: serde_yaml::Value = serde_yaml::from_str(
        "title: Sykkelbibliotek\nsummary: Elever låner sykler gratis.\nphase: utvikle\nkind: everyday\narea: Oppvekst\nstarted: 2026-01-05\nowner: kari-nordmann\nhistory:\n  - { phase: behov, date: 2026-01-05 }\n  - { phase: utvikle, date: 2026-03-02, decision: Oppvekstutvalget sa ja }\n",
    )
    .unwrap();
    assert_eq!(front_matter(&text), expected, "the file the editor wrote:\n{text}");
    serve.until("/tiltak/sykkelbibliotek/", "the new project's page", |code, body| {
        code == 200 && body.contains("Sykkelbibliotek")
    });
    serve.until("/tiltak/", "the catalogue with the new project", |_, body| body.contains("/tiltak/sykkelbibliotek/"));
    let current = |body: &str| {
        let step = body.split("aria-current=\"step\"").nth(1).unwrap_or("");
        step[..step.find("</h3>").unwrap_or(0)].to_owned()
    };
    let page = serve.until("/tiltak/sykkelbibliotek/", "the new project's page", |code, _| code == 200);
    assert!(current(&page).contains("Utviklingsfasen"), "the timeline's current step:\n{}", current(&page));

    // Its next phase, chosen in the form: the timeline moves on.
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        // A project in a folder of its own is the entry `<name>/index` to the CMS.
        open_entry(&page, "projects/entries/sykkelbibliotek/index").await;
        wait_for(&page, "!!__field('Fase')", Duration::from_secs(30)).await;
        choose(&page, "Fase", 0, "Utprøvingsfasen").await;
        // As the field's hint says: the move goes into the history too, with its decision.
        let add = "[...document.querySelectorAll('button')].find(b => /faseskifter/i.test(b.textContent))";
        js::<bool>(&page, &format!("{add}.click(); true")).await;
        wait_for(&page, "!!__field('Dato', 2)", Duration::from_secs(5)).await;
        choose(&page, "Fase", 3, "Utprøvingsfasen").await;
        js::<bool>(&page, "__type(__field('Dato', 2), '2026-05-04')").await;
        js::<bool>(&page, "__type(__field('Vedtak', 2), 'Rektormøtet sa ja')").await;
        if !publish(&page).await {
            let text = shown_text(&page).await;
            failures.push(format!("the new phase was not saved:\n{text}"));
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("the next phase", &failures), serve.said());
    let text = serve.read(file);
    assert_eq!(front_matter(&text)["phase"], "proeve", "{text}");
    assert_eq!(
        front_matter(&text)["history"][2],
        serde_yaml::from_str::<serde_yaml::Value>("{ phase: proeve, date: 2026-05-04, decision: Rektormøtet sa ja }")
            .unwrap(),
        "{text}"
    );
    let page = serve.until("/tiltak/sykkelbibliotek/", "the timeline in its new phase", |_, body| {
        current(body).contains("Utprøvingsfasen")
    });
    assert!(!current(&page).contains("Utviklingsfasen"));

    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        js::<bool>(&page, "location.hash = '#/collections/projects/entries/sykkelbibliotek/index'; true").await;
        let delete = "[...document.querySelectorAll('button,[role=button]')].find(b => /^slett innlegg$/i.test(b.textContent.trim()))";
        if !wait_for(&page, &format!("!!{delete}"), Duration::from_secs(30)).await {
            failures.push("no button to delete the project".to_string());
            return failures;
        }
        // The CMS asks "are you sure?" with the browser's own dialog: yes.
        js::<bool>(&page, &format!("window.confirm = () => true; {delete}.click(); true")).await;
        if !wait_for(&page, "!location.hash.includes('sykkelbibliotek')", Duration::from_secs(15)).await {
            failures.push("the editor stayed on the deleted project".to_string());
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("deleting a project", &failures), serve.said());
    serve.until("/tiltak/sykkelbibliotek/", "the deleted project's page gone", |code, _| code == 404);
    assert!(!serve.dir.path().join("content/projects/sykkelbibliotek").exists(), "its folder is gone");
}

/// A related project chosen in the editor's relation field (a project in a folder of its
/// own, which the CMS names `<name>/index`) is saved so that the build links it.
#[test]
fn a_related_project_chosen_in_the_editor_is_linked() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let saved = runtime().block_on(async {
        let page = open_editor(&chromium, &origin).await;
        js::<bool>(&page, "location.hash = '#/collections/projects/entries/leksehjelp-paa-nett'; true").await;
        let title = "[...document.querySelectorAll('input')].some(i => i.value === 'Leksehjelp på nett')";
        wait_for(&page, title, Duration::from_secs(30)).await;
        js::<bool>(&page, FORM_LIB).await;
        choose(&page, "Relaterte prosjekter", 0, "Digital").await;
        publish(&page).await
    });
    let text = serve.read("content/projects/leksehjelp-paa-nett.md");
    assert!(saved, "the change was not saved:\n{text}\nserver said:\n{}", serve.said());
    assert_eq!(
        front_matter(&text)["related"],
        serde_yaml::from_str::<serde_yaml::Value>("[digital-hjemmeoppfolging/index]").unwrap(),
        "{text}"
    );
    serve.until("/tiltak/leksehjelp-paa-nett/", "the related project linked", |code, body| {
        code == 200 && body.contains("href=\"/tiltak/digital-hjemmeoppfolging/\"")
    });
}

/// A save the portal cannot be built with shows the build's own message in the editor (the
/// file, line and hint), and the last good page stays served.
#[test]
fn a_save_the_build_refuses_shows_the_builds_message_in_the_editor() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let file = "content/projects/leksehjelp-paa-nett.md";
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        open_entry(&page, "projects/entries/leksehjelp-paa-nett").await;
        // An end before the start: the form lets it through, the build does not.
        js::<bool>(&page, "__type(__field('Sluttdato'), '2020-01-01')").await;
        let shown = format!("document.body.innerText.includes({})", js_str(&format!("{file}:")));
        if !publish_and_wait(&page, &shown).await {
            let text = shown_text(&page).await;
            failures.push(format!("the editor did not show the build's message:\n{text}"));
        }
        screenshot(&page, "editor-error-1280.png").await;
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("a refused save", &failures), serve.said());
    assert!(serve.read(file).contains("ended: 2020-01-01"), "the save is kept, to be mended");
    let (code, _, body) = serve.get("/tiltak/leksehjelp-paa-nett/");
    assert!(code == 200 && body.contains("Leksehjelp på nett"), "the last good page is still served");
}

/// A photo uploaded in the editor's picture field, with its alt text beside it, lands in the
/// new project's own folder and is shown on its page with that text. The folder is named as
/// `nyttig new` names it (`sykler-paa-oeya`, where the CMS would write `sykler-pa-oya`), and the
/// CMS goes on showing the project it saved.
#[test]
fn a_picture_uploaded_in_the_editor_lands_beside_its_project_with_its_alt_text() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let photo = repo().join("tests/fixtures/pictures/wide.jpg");
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        new_project(&page, "Sykler på Øya", "Behovsfasen").await;
        // The picture field opens the media library; its upload is a file input.
        js::<bool>(
            &page,
            "([...document.querySelectorAll('button')].find(b => /velg et bilde/i.test(b.textContent)).click(), true)",
        )
        .await;
        if !wait_for(&page, "!!document.querySelector('input[type=file]')", Duration::from_secs(10)).await {
            failures.push("the picture field opened no place to upload".to_string());
            return failures;
        }
        let input = page.find_element("input[type=file]").await.expect("the file input");
        let mut upload = SetFileInputFilesParams::new(vec![photo.display().to_string()]);
        upload.backend_node_id = Some(input.backend_node_id);
        page.execute(upload).await.expect("the photo chosen");
        let chosen = "[...document.querySelectorAll('button')].find(b => /velg markert/i.test(b.textContent))";
        wait_for(&page, "document.body.innerText.includes('wide.jpg')", Duration::from_secs(10)).await;
        js::<bool>(&page, &format!("{chosen}.click(); true")).await;
        js::<bool>(&page, "__type(__field('Alt-tekst'), 'En sykkel foran skolen')").await;
        if !publish(&page).await {
            let text = shown_text(&page).await;
            failures.push(format!("the project with its picture was not saved:\n{text}"));
        }
        let _ = page.close().await;
        // Opened afresh by the CMS's own name for it, it is read from its folder with its picture.
        let page = open_editor(&chromium, &origin).await;
        open_entry(&page, "projects/entries/sykler-pa-oya/index").await;
        let shown = "[...document.querySelectorAll('input')].some(i => i.value === 'Sykler på Øya') && [...document.querySelectorAll('img')].some(i => i.src.startsWith('blob:') || i.src.includes('wide'))";
        if !wait_for(&page, shown, Duration::from_secs(15)).await {
            let text: String = js(&page, "location.hash + ' ' + [...document.querySelectorAll('img')].map(i => i.src.slice(0, 80)).join(' ') + ' ' + [...document.querySelectorAll('input')].map(i => i.value).join('|')").await;
            failures.push(format!("the saved project was not shown again with its picture:\n{text}"));
        }
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("a picture", &failures), serve.said());
    let text = serve.read("content/projects/sykler-paa-oeya/index.md");
    let image = &front_matter(&text)["image"];
    assert_eq!(image["src"], "wide.jpg", "{text}");
    assert_eq!(image["alt"], "En sykkel foran skolen", "{text}");
    let saved =
        std::fs::read(serve.dir.path().join("content/projects/sykler-paa-oeya/wide.jpg")).expect("the photo beside");
    assert_eq!(saved, std::fs::read(&photo).unwrap(), "the photo arrives whole");
    assert!(!serve.dir.path().join("content/projects/sykler-pa-oya").exists());
    serve.until("/tiltak/sykler-paa-oeya/", "the page with its picture", |code, body| {
        code == 200 && body.contains("alt=\"En sykkel foran skolen\"")
    });
}

/// The configuration made for a portal edited through its git host is read by the bundled
/// CMS's own loader, for each git host: the editor at `/admin/` (here on the preview, as on
/// any static host) opens at its log-in to that host with no configuration error, and asks no
/// other host for anything before an editor logs in.
#[test]
fn the_editor_at_admin_opens_at_the_log_in_of_each_git_host() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let yaml = serve.read("portal.yaml");
    let hosts = [
        (
            "github",
            "editor:\n  backend: github\n  repo: kommune/portal\n  auth_url: https://auth.kommune.example\n",
            "GitHub",
        ),
        ("gitlab", "editor:\n  backend: gitlab\n  repo: kommune/portal\n  app_id: abc123\n", "GitLab"),
        (
            "gitea",
            "editor:\n  backend: gitea\n  repo: kommune/portal\n  host: https://git.kommune.example\n  app_id: abc123\n",
            "Gitea",
        ),
    ];
    let mut failures = Vec::new();
    for (name, editor, shown) in hosts {
        serve.write("portal.yaml", &format!("{yaml}{editor}"));
        serve.until("/admin/config.yml", "the configuration for this git host", |code, body| {
            code == 200 && body.contains(&format!("\"name\": \"{name}\""))
        });
        failures.extend(runtime().block_on(async {
            let mut failures = Vec::new();
            let page = open(&chromium, DESKTOP, true).await;
            let requests = record_requests(&page).await;
            js::<bool>(&page, &format!("location.assign({}); true", js_str(&format!("{origin}/admin/")))).await;
            let login = format!(
                "[...document.querySelectorAll('button')].some(b => b.textContent.includes({}))",
                js_str(shown)
            );
            if !wait_for(&page, &login, Duration::from_secs(30)).await {
                let text = shown_text(&page).await;
                failures.push(format!("{name}: the editor did not offer to log in with {shown}; it shows:\n{text}"));
            }
            let text: String = js(&page, "document.body.innerText").await;
            if text.to_lowercase().contains("config") {
                failures.push(format!("{name}: the CMS found fault with its configuration:\n{text}"));
            }
            screenshot(&page, &format!("editor-admin-{name}-1280.png")).await;
            let elsewhere: Vec<String> = take(&requests).into_iter().filter(|u| !is_local(u, &origin)).collect();
            if !elsewhere.is_empty() {
                failures.push(format!("{name}: requests to other hosts before anyone logged in: {elsewhere:?}"));
            }
            let _ = page.close().await;
            failures
        }));
    }
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("/admin/", &failures), serve.said());
}

/// The editor at `/admin/`, served with the headers a host sends for it (its own policy:
/// scripts from the site only, with the `eval` and inline styles the CMS needs, no framing),
/// starts and offers its log-in without a single violation.
#[test]
fn the_editor_at_admin_starts_under_its_own_policy() {
    if !tools_ready("admin csp", Needs::Browser) {
        return;
    }
    let (_dir, built, site) =
        with_editor("editor:\n  backend: github\n  repo: kommune/portal\n  auth_url: https://auth.kommune.example\n");
    let headers = nyttig::hosting::admin_headers(&site);
    let policy = headers.iter().find(|h| h.0 == "Content-Security-Policy").expect("a policy").1.clone();
    assert!(
        policy.contains("script-src 'self' 'unsafe-eval';") && policy.contains("frame-ancestors 'none'"),
        "{policy}"
    );
    let server = serve_with(Arc::new(built.output), headers);
    let chromium = chromium();
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open(&chromium, DESKTOP, true).await;
        page.evaluate_on_new_document(CSP_LISTENER).await.expect("the listener is added");
        js::<bool>(&page, &format!("location.assign({}); true", js_str(&format!("{}/admin/", server.origin)))).await;
        let login = "[...document.querySelectorAll('button')].some(b => b.textContent.includes('GitHub'))";
        if !wait_for(&page, login, Duration::from_secs(30)).await {
            failures.push(format!(
                "the editor did not offer to log in with GitHub; it shows:\n{}",
                shown_text(&page).await
            ));
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        failures.extend(js::<Vec<String>>(&page, "window.__csp || ['the listener did not run']").await);
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}", report("/admin/ under its policy", &failures));
}

/// nyttig's own editor page (what is shown before the CMS starts, and without JavaScript) has
/// no axe violation. The CMS's own interface is measured and reported, not required.
#[test]
fn the_editors_own_page_has_no_axe_violation() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let axe_source = std::fs::read_to_string(axe_js()).expect("axe.min.js");
    let (own, cms) = runtime().block_on(async {
        // The page as a browser without JavaScript shows it, its message in place of the CMS;
        // axe needs JavaScript, so it looks at that markup in a page of its own.
        let page = open(&chromium, DESKTOP, false).await;
        assert_eq!(load(&page, &format!("{origin}/__nyttig/editor/")).await, 200);
        let html = page.content().await.expect("the page's markup");
        let _ = page.close().await;
        let script = html.find("<script").expect("the CMS's script");
        let end = script + html[script..].find("</script>").expect("its end") + "</script>".len();
        let without_js =
            format!("{}{}", &html[..script], &html[end..]).replace("<noscript>", "").replace("</noscript>", "");
        let page = open(&chromium, DESKTOP, true).await;
        page.set_content(without_js).await.expect("the page's own markup");
        let own = run_axe(&page, &axe_source).await;
        let _ = page.close().await;
        let page = open_editor(&chromium, &origin).await;
        open_entry(&page, "projects/entries/leksehjelp-paa-nett").await;
        let cms = run_axe(&page, &axe_source).await;
        let _ = page.close().await;
        (own, cms)
    });
    let cms: Vec<String> = cms.iter().map(|v| describe_violation("the CMS's form", v)).collect();
    let _ = writeln!(
        std::io::stderr(),
        "axe on Decap CMS's own form (reported, not required): {} kinds of violation\n{}",
        cms.len(),
        cms.join("\n")
    );
    let own: Vec<String> = own.iter().map(|v| describe_violation("/__nyttig/editor/", v)).collect();
    assert!(own.is_empty(), "{}\nserver said:\n{}", own.join("\n"), serve.said());
}

/// The portal's settings have a form too: the contact address changed there is saved into
/// portal.yaml with every other setting (those not in the form too) kept as written, and the
/// preview builds with it.
#[test]
fn a_setting_changed_in_the_editor_changes_only_its_line_of_portal_yaml() {
    let Some((chromium, serve, origin)) = editor_session() else { return };
    let before = serve.read("portal.yaml").replacen("title:", "# Portalen\ntitle:", 1);
    serve.write("portal.yaml", &before);
    let failures = runtime().block_on(async {
        let mut failures = Vec::new();
        let page = open_editor(&chromium, &origin).await;
        open_entry(&page, "settings/entries/portal").await;
        let email = "__field('E-post')";
        if !wait_for(
            &page,
            &format!("!!{email} && {email}.value === 'innovasjon@testvik.example.no'"),
            Duration::from_secs(30),
        )
        .await
        {
            let text = shown_text(&page).await;
            failures.push(format!("the settings form did not show the contact address:\n{text}"));
            return failures;
        }
        js::<bool>(&page, &format!("__type({email}, 'ideer@testvik.example.no')")).await;
        if !publish(&page).await {
            let text = shown_text(&page).await;
            failures.push(format!("the settings were not saved:\n{text}"));
        }
        screenshot(&page, "editor-settings-1280.png").await;
        let _ = page.close().await;
        failures
    });
    assert!(failures.is_empty(), "{}\nserver said:\n{}", report("the settings", &failures), serve.said());
    let after = serve.read("portal.yaml");
    assert_eq!(
        after,
        before.replace("innovasjon@testvik.example.no", "ideer@testvik.example.no"),
        "only the address's line changes"
    );
    serve.until("/ideer/", "the idea page with the new address", |code, body| {
        code == 200 && body.contains("ideer@testvik.example.no")
    });
}
