//! No input makes the build panic or hang: every file of a fixture portal cut short at many
//! places, bytes damaged, and hostile YAML, must each give an orderly result (a site or errors)
//! in bounded time.

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use crate::common::copy_fixture;
use nyttig::build::{Options, build};

/// Builds in a thread and fails the test if the build panics or takes too long.
fn build_within(root: &Path, limit: Duration, what: &str) -> Result<(), String> {
    let (tx, rx) = mpsc::channel();
    let root = root.to_path_buf();
    let handle = std::thread::spawn(move || {
        let outcome = build(&root, &Options::default()).map(|_| ()).map_err(|d| d.to_string());
        let _ = tx.send(outcome);
    });
    match rx.recv_timeout(limit) {
        Ok(outcome) => {
            handle.join().map_err(|_| format!("{what}: the build panicked"))?;
            outcome.inspect_err(|errors| assert!(!errors.trim().is_empty(), "{what}: a failed build must say why"))
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: the build panicked"),
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: the build did not finish within {limit:?}"),
    }
}

fn content_files(root: &Path) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.push(root.join("portal.yaml"));
    files.sort();
    files
}

#[test]
fn files_cut_short_anywhere_give_errors_not_panics() {
    let dir = copy_fixture("basic");
    let mut builds = 0;
    for file in content_files(dir.path()) {
        let original = fs::read(&file).unwrap();
        // Every 11th byte, and the places where front matter and YAML structure break.
        let mut cuts: Vec<usize> = (0..original.len()).step_by(11).collect();
        cuts.extend(
            original.iter().enumerate().filter(|(_, b)| matches!(b, b'\n' | b':' | b'"' | b'[' | b'{')).map(|(i, _)| i),
        );
        cuts.sort_unstable();
        cuts.dedup();
        for cut in cuts.into_iter().step_by(3) {
            fs::write(&file, &original[..cut]).unwrap();
            let what = format!("{} cut at byte {cut}", file.display());
            let _ = build_within(dir.path(), Duration::from_secs(20), &what);
            builds += 1;
        }
        fs::write(&file, &original).unwrap();
    }
    assert!(builds > 100, "only {builds} builds were tried");
    build_within(dir.path(), Duration::from_secs(20), "the restored fixture").expect("the fixture builds again");
}

#[test]
fn damaged_bytes_give_errors_not_panics() {
    let dir = copy_fixture("basic");
    let damage: [&[u8]; 7] = [b"\xff\xfe", b"\0", b"\t", b"\r", b"---\n", "ø".as_bytes(), b"\xe2\x82"];
    for file in content_files(dir.path()) {
        let original = fs::read(&file).unwrap();
        for (n, bad) in damage.iter().enumerate() {
            for at in [0, 3, 4, original.len() / 3, original.len() / 2, original.len().saturating_sub(1)] {
                let at = at.min(original.len());
                let mut bytes = original[..at].to_vec();
                bytes.extend_from_slice(bad);
                bytes.extend_from_slice(&original[at..]);
                fs::write(&file, &bytes).unwrap();
                let _ = build_within(
                    dir.path(),
                    Duration::from_secs(20),
                    &format!("{} damage {n} at {at}", file.display()),
                );
            }
        }
        fs::write(&file, &original).unwrap();
    }
}

#[test]
fn hostile_yaml_is_refused_in_bounded_time() {
    let dir = copy_fixture("basic");
    let file = dir.path().join("content/news/bomb.md");
    let hostile = [
        // "Billion laughs": aliases that expand exponentially.
        "---\ntitle: Bomb\ndate: 2025-01-01\nsummary: x\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n---\n".to_owned(),
        // Nesting deeper than any stack should follow.
        format!("---\ntitle: Dyb\ndate: 2025-01-01\nsummary: x\nprojects: {}{}\n---\n", "[".repeat(100_000), "]".repeat(100_000)),
        // A very long line and a very long title.
        format!("---\ntitle: {}\ndate: 2025-01-01\nsummary: x\n---\n{}\n", "å".repeat(200_000), "x".repeat(2_000_000)),
        // Markdown that nests deeply.
        format!("---\ntitle: Citater\ndate: 2025-01-01\nsummary: x\n---\n{}tekst\n", "> ".repeat(50_000)),
    ];
    for (n, text) in hostile.iter().enumerate() {
        fs::write(&file, text).unwrap();
        let _ = build_within(dir.path(), Duration::from_secs(30), &format!("hostile input {n}"));
    }
}

use crate::fuzz;

/// A short, fixed run of the mutation fuzzer (`examples/fuzz.rs` runs it for longer): about
/// 200 mutated builds of the demo and fixture portals, or 40 s, whichever comes first; any
/// panic, hang, script in a page, error without a file … fails (see `tests/suite/common/fuzz.rs`).
#[test]
fn fuzzed_portals_build_or_fail_cleanly() {
    let config = fuzz::Config {
        seed: 20_261_204,
        iterations: Some(200),
        time_limit: Some(Duration::from_secs(40)),
        base: "all".into(),
        // The dev profile, and the other tests of this file running beside it.
        deadline: Duration::from_secs(30),
        grace: Duration::from_secs(5),
        command: "cargo run --release --example fuzz --".into(),
        ..fuzz::Config::default()
    };
    let report = fuzz::run(&config, &mut |line| eprintln!("{line}")).expect("the fuzzer starts");
    eprintln!("{}", report.summary());
    assert!(report.failures.is_empty(), "the fuzzer found failures:\n{}", report.summary());
}

// Cost that grows with the input, not its square (hardening issue): measured in the release
// build by `bench/hostile.py`; here each case is sized so that the old code took far longer
// than the bound allows, and output is bounded by a multiple of the input.

/// A project of the `basic` fixture with this body, as `content/projects/<slug>.md`.
fn hostile_project(root: &Path, slug: &str, tags: &[String], body: &str) {
    let tags = if tags.is_empty() { String::new() } else { format!("tags: [{}]\n", tags.join(", ")) };
    let text = format!(
        "---\ntitle: Projekt {slug}\nsummary: Et prosjekt.\nphase: behov\nkind: everyday\narea: Oppvekst\nstarted: 2025-01-15\n{tags}---\n{body}"
    );
    fs::write(root.join(format!("content/projects/{slug}.md")), text).unwrap();
}

/// Builds and returns the outcome with how long it took; fails the test past `limit`.
fn timed_build(root: &Path, limit: Duration) -> (Result<nyttig::build::Built, String>, Duration) {
    let (tx, rx) = mpsc::channel();
    let root = root.to_path_buf();
    std::thread::spawn(move || {
        let started = std::time::Instant::now();
        let outcome = build(&root, &Options::default()).map_err(|d| d.to_string());
        let _ = tx.send((outcome, started.elapsed()));
    });
    match rx.recv_timeout(limit) {
        Ok(done) => done,
        Err(_) => panic!("the build did not finish within {limit:?} (or panicked)"),
    }
}

#[test]
fn html_nested_thousands_deep_is_refused_at_its_place_in_bounded_time() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let depth = 20_000;
    // Nested plainly, and tag soup that the HTML parser nests as deep although it looks
    // closed: an item's end tag does not reach through a list, an unclosed `<b>` is opened
    // again in every `<div>`.
    let bodies = [
        format!("Indledning.\n\n{}x{}\n", "<div>".repeat(depth), "</div>".repeat(depth)),
        format!("{}\n", "<li><ul></li>".repeat(depth)),
        format!("{}\n", (0..depth).map(|i| format!("<div><b id=b{i}></div>")).collect::<String>()),
        format!("{}tekst\n", "> ".repeat(depth)),
    ];
    for (n, body) in bodies.iter().enumerate() {
        hostile_project(root, "dyb", &[], body);
        let (outcome, took) = timed_build(root, Duration::from_secs(60));
        let errors = outcome.err().unwrap_or_else(|| panic!("body {n}: a body nested {depth} deep must be refused"));
        assert!(took < Duration::from_secs(10), "body {n}: {took:?}");
        let line = if n == 0 { 3 } else { 1 };
        assert!(
            errors.contains(&format!("content/projects/dyb.md:{}:", line + 8))
                && errors.contains("nested more than 100"),
            "body {n}: {}",
            &errors[..errors.len().min(2_000)]
        );
        assert!(errors.len() < 10_000, "body {n}: one error, with a short snippet: {} bytes", errors.len());
    }
    // A hundred deep is allowed.
    hostile_project(root, "dyb", &[], &format!("{}x{}\n", "<div>".repeat(99), "</div>".repeat(99)));
    let (outcome, _) = timed_build(root, Duration::from_secs(60));
    outcome.expect("99 nested <div>s are fine");
}

#[test]
fn thirty_thousand_warnings_cost_what_their_file_costs() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // 30,000 vague links, one a paragraph (the line of each is found), and 20,000 on one
    // line of 200 KB (each warning shows a part of it, not all of it).
    let many_lines = "Se [her](https://example.dk/a).\n\n".repeat(30_000);
    let one_line = format!("{}\n", "Se [her](https://example.dk/b). ".repeat(20_000));
    hostile_project(root, "vage", &[], &format!("{many_lines}{one_line}"));
    let (outcome, took) = timed_build(root, Duration::from_secs(120));
    let built = outcome.expect("warnings do not stop the build");
    assert!(took < Duration::from_secs(20), "{took:?}");
    let ours: Vec<_> = built.warnings.iter().filter(|w| w.path == "content/projects/vage.md").collect();
    assert_eq!(ours.len(), 50_000);
    let long = ours.last().unwrap().to_string();
    assert!(long.len() < 600, "a warning on a long line shows part of it: {} bytes", long.len());
    let shown = nyttig::diagnostics::Report(&built.warnings, nyttig::i18n::Lang::En).to_string();
    assert!(shown.len() < 100_000, "the terminal gets {} bytes", shown.len());
    assert!(
        shown.contains("content/projects/vage.md: warning: … and 49,950 more like this"),
        "{}",
        &shown[shown.len() - 500..]
    );
}

#[test]
fn ten_thousand_distinct_tags_give_output_linear_in_them() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let per_project = 10;
    let projects = 1_000;
    for p in 0..projects {
        let tags: Vec<String> = (0..per_project).map(|t| format!("emne{:05}", p * per_project + t)).collect();
        hostile_project(root, &format!("p{p:04}"), &tags, "Et prosjekt.\n");
    }
    let (outcome, took) = timed_build(root, Duration::from_secs(120));
    let built = outcome.expect("the portal builds");
    let total: usize = built.output.values().map(|b| b.len()).sum();
    let tags = projects * per_project;
    // Each tag page and project page is a few dozen KB at most; the old pages listed every
    // tag on every tag page: 10,000 × 10,000 links.
    assert!(total < tags * 60_000, "{total} bytes for {tags} tags");
    eprintln!("{tags} tags: {} files, {total} bytes, {took:?}", built.output.len());
    let html =
        |path: &str| String::from_utf8(built.output.get(path).unwrap_or_else(|| panic!("no {path}")).to_vec()).unwrap();
    // A tag page lists the 50 most used tags and its own, and links to the list of all.
    let page = html("tiltak/emne/emne09999/index.html");
    let links = page.matches("href=\"/tiltak/emne/emne").count();
    assert!(links <= nyttig::views::FACET_SHOWN + 1, "{links} tag links on one tag page");
    assert!(page.contains("aria-current=\"page\"") && page.contains("href=\"/tiltak/emne/emne09999/\""));
    assert!(page.contains("<a href=\"/tiltak/emne/\">Alle temaer (10\u{a0}0"), "no link to all tags");
    // The list of all tags, in pages, names each tag (the fixture's own too) once.
    let tag_pages = built
        .output
        .keys()
        .filter(|k| {
            k.strip_prefix("tiltak/emne/")
                .is_some_and(|rest| rest.matches('/').count() == 1 && !rest.starts_with("index"))
        })
        .count();
    assert!(tag_pages > tags, "{tag_pages}");
    let mut listed = 0;
    for n in 1.. {
        let path =
            if n == 1 { "tiltak/emne/index.html".to_owned() } else { format!("tiltak/emne/side/{n}/index.html") };
        let Some(bytes) = built.output.get(&path) else { break };
        let page = std::str::from_utf8(bytes).unwrap();
        assert!(page.contains("<h1>Alle temaer"), "{path}");
        listed += page.matches("<li><a href=\"/tiltak/emne/").count();
    }
    assert_eq!(listed, tag_pages);
}

#[test]
fn headings_and_broken_links_by_the_thousand_cost_what_their_file_costs() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    // 20,000 headings of one text get ids `afsnit`, `afsnit-2` … (each id was looked for
    // from `-2` up); 5,000 broken links in a portal of 1,000 pages (each was compared with
    // every page for a "did you mean").
    for p in 0..1_000 {
        hostile_project(root, &format!("p{p:04}"), &[], "Et prosjekt.\n");
    }
    hostile_project(root, "overskrifter", &[], &"## Afsnit\n\n".repeat(20_000));
    let (outcome, took) = timed_build(root, Duration::from_secs(120));
    let built = outcome.expect("the portal builds");
    assert!(took < Duration::from_secs(30), "{took:?}");
    let page = std::str::from_utf8(&built.output["tiltak/overskrifter/index.html"]).unwrap().to_owned();
    assert!(page.contains("<h2 id=\"afsnit\">") && page.contains("<h2 id=\"afsnit-20000\">"));
    let links: String = (0..5_000).map(|i| format!("Se [prosjektet](p{i:05}x.md).\n\n")).collect();
    hostile_project(root, "lenker", &[], &links);
    let (outcome, took) = timed_build(root, Duration::from_secs(120));
    let errors = outcome.expect_err("broken links are errors");
    assert!(took < Duration::from_secs(30), "{took:?}");
    assert_eq!(errors.matches("but there is no such page").count(), 5_000, "every broken link is reported");
    assert!(errors.contains("did you mean `projects/p0000.md`?"), "the first ones get a guess");
}
