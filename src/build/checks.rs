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
    let mut hints: HashMap<(&str, &str), String> = HashMap::new();
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
                    Some(near) => format!("did you mean `#{near}`?"),
                    None => "link to a heading of that page: its id is the heading's text in lower case, with `-` between the words".to_owned(),
                }
            });
            let d =
                doc.source.error_at(a.offset, format!("the page {} has no place called `#{}`", a.target_url, a.anchor));
            diags.push(d.with_hint(hint.clone()));
        }
    }
    diags
}
