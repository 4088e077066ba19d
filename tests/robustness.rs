//! No input makes the build panic or hang: every file of a fixture portal cut short at many
//! places, bytes damaged, and hostile YAML, must each give an orderly result (a site or errors)
//! in bounded time.

mod common;

use std::fs;
use std::path::Path;
use std::sync::mpsc;
use std::time::Duration;

use common::copy_fixture;
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
