//! The checks on what was made: every link to `page#anchor` finds its place.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use crate::diagnostics::Diagnostic;
use crate::model::{Doc, Site};
use crate::output::Output;
use crate::text::nearest;
use crate::urls::Urls;

/// Every link to `page#anchor` must find an element with that id on the rendered page. Each
/// page is read for its ids once, and each missing anchor's nearest id is found once, however
/// many links name them.
pub(super) fn check_anchors(
    bodies: &crate::views::Bodies,
    output: &Output,
    urls: &Urls,
    site: &Site,
) -> Vec<Diagnostic> {
    let sources: BTreeMap<&str, &Arc<Doc>> = site.docs().into_iter().map(|d| (d.rel_path.as_str(), d)).collect();
    let mut diags = Vec::new();
    let mut pages: HashMap<&str, Option<HashSet<&str>>> = HashMap::new();
    let mut hints: HashMap<(&str, &str), crate::say::Say> = HashMap::new();
    for r in bodies.values() {
        for a in &r.anchors {
            let ids = pages.entry(a.target_url.as_str()).or_insert_with(|| {
                let page = output.get(&urls.file(&a.target_url)).and_then(|b| std::str::from_utf8(b).ok())?;
                Some(crate::html::ids_in(page))
            });
            let Some(ids) = ids else { continue };
            if ids.contains(a.anchor.as_str()) {
                continue;
            }
            let Some(doc) = sources.get(a.source_path.as_str()) else {
                continue;
            };
            let hint = hints.entry((a.target_url.as_str(), a.anchor.as_str())).or_insert_with(|| {
                match nearest(&a.anchor, ids.iter().copied()) {
                    Some(near) => say!("build.did_you_mean_anchor", near = near),
                    None => say!("build.anchor_hint"),
                }
            });
            let d = doc.source.error_at(a.offset, say!("build.no_anchor", url = &a.target_url, anchor = &a.anchor));
            diags.push(d.with_hint(hint.clone()));
        }
    }
    diags
}

/// A line of a page that is still a text `nyttig init` or `nyttig new` wrote for the editor
/// to replace (a summary, a welcome, a question under a heading): a warning, so that no sample
/// is published by accident and `check --strict` fails on it. Each line is looked up once.
pub(super) fn sample_text(site: &Site) -> Vec<Diagnostic> {
    static SAMPLES: std::sync::OnceLock<(HashSet<&'static str>, usize)> = std::sync::OnceLock::new();
    let (samples, longest) = SAMPLES.get_or_init(|| {
        let all: HashSet<&str> = crate::scaffold::samples().collect();
        let longest = all.iter().map(|s| s.len()).max().unwrap_or(0);
        (all, longest)
    });
    let mut diags = Vec::new();
    for doc in site.docs() {
        let text = &doc.source.text;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            // A line longer than any sample with its field name and quotes is not one.
            if line.len() > longest + 40 {
                continue;
            }
            let (value, at) = sample_value(line);
            if samples.contains(value) {
                let said = say!("build.sample_text", text = value);
                diags.push(doc.source.error_at(start + at, said).with_hint(say!("build.sample_text_hint")).warning());
            }
        }
    }
    diags
}

/// A line's text without its field name and quotes (`summary: "…"` gives `…`), and where
/// that text starts in the line.
fn sample_value(line: &str) -> (&str, usize) {
    let trimmed = line.trim_end();
    let (name, rest) = trimmed.split_once(':').unwrap_or(("", trimmed));
    let value =
        if !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') { rest } else { trimmed };
    let inner = value.trim_start().trim_matches('"');
    let at = inner.as_ptr() as usize - line.as_ptr() as usize;
    (inner, at)
}
