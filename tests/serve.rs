//! `nyttig serve`: the real binary on a copy of the fixture portal, asked over HTTP while its
//! files are edited, added, broken and deleted.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use common::preview::Serve;

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
    let dir = common::copy_fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyttig"))
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
    let out = Command::new(env!("CARGO_BIN_EXE_nyttig")).args(["serve", "--root"]).arg(dir.path()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("there is no portal.yaml"));
}
