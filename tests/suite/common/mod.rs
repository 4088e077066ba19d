//! Helpers shared by the integration tests: fixture copies, plain-text views of HTML, a
//! static server for the browser tests (`server`) and `nyttig serve` run for tests (`preview`).
#![allow(dead_code)]

pub mod portal;
pub mod preview;
pub mod server;

use std::fs;
use std::path::{Path, PathBuf};

/// `tests/fixtures/<name>` in the repository.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// Copies a folder tree (files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A fresh copy of a fixture portal in a temporary folder (removed when dropped).
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), dir.path());
    dir
}

/// Every file under `dir`, relative path → bytes, for before/after comparisons.
pub fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = fs::read_dir(dir) else { return };
        for e in rd.flatten() {
            let p = e.path();
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
                out.insert(rel, fs::read(&p).unwrap_or_default());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

/// The visible text of an HTML fragment (read with the portal's own scanner, `nyttig::html`):
/// tags dropped, character references decoded, whitespace collapsed.
pub fn text_of(html: &str) -> String {
    nyttig::html::text_of(html).split([' ', '\n', '\t', '\r']).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" ")
}

/// The text of every `<a>` whose `href` is exactly `href`.
pub fn link_texts(html: &str, href: &str) -> Vec<String> {
    let needle = format!("href=\"{href}\"");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&needle) {
        rest = &rest[i + needle.len()..];
        let Some(open_end) = rest.find('>') else { break };
        let Some(close) = rest.find("</a>") else { break };
        if close > open_end {
            out.push(text_of(&rest[open_end + 1..close]));
        }
    }
    out
}

/// Every value of attribute `name` of the page's elements (read with `nyttig::html`).
pub fn attr_values<'a>(html: &'a str, name: &str) -> Vec<&'a str> {
    nyttig::html::attribute_values(html, name)
}

/// Whole numbers in a text, in order (`"2023 (2 prosjekter)"` → `[2023, 2]`).
pub fn numbers_in(text: &str) -> Vec<u64> {
    text.split(|c: char| !c.is_ascii_digit()).filter(|s| !s.is_empty()).filter_map(|s| s.parse().ok()).collect()
}
