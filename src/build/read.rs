//! The first stages: read portal.yaml and the content files, assemble and check the model,
//! and render every body's Markdown, each reusing what the cache holds.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Cache, Options, Timings, failed};
use crate::content::markdown::{self, Rendered, UrlMap};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Doc, Site};
use crate::urls::Urls;
use crate::views::Bodies;
use crate::{config, source};

/// A portal read, checked and its Markdown rendered: what pages and search are made of.
pub(super) struct Prepared {
    pub site: Site,
    pub urls: Urls,
    pub bodies: Arc<Bodies>,
    pub diags: Diagnostics,
    /// With `remember_addresses`: the pages to remember once the build succeeds.
    pub addresses: Option<Vec<super::addresses::Known>>,
}

/// Reads and checks the portal at `root` and renders its Markdown, reusing what `cache` holds
/// of files that did not change. Every content error is collected; it fails if there is any.
pub(super) fn prepare(
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
    clock: &mut Timings,
) -> Result<Prepared, Diagnostics> {
    let mut diags = Diagnostics::default();
    let fail = |diags: Diagnostics, more: Vec<Diagnostic>| Err(failed(diags, more));

    let config_path = root.join("portal.yaml");
    let config_text = match std::fs::read(&config_path) {
        Ok(bytes) => match crate::source::frontmatter::decode("portal.yaml", &bytes) {
            Ok(t) => t,
            Err(d) => return fail(diags, vec![d]),
        },
        Err(_) => {
            return fail(
                diags,
                vec![
                    Diagnostic::file("portal.yaml", say!("build.no_portal_yaml", dir = root.display()))
                        .with_hint(say!("build.no_portal_yaml_hint")),
                ],
            );
        }
    };
    cache.forget(root, (options.clone(), config_text.clone()), changed);
    cache.good = false;
    let config = match source::portal::read("portal.yaml", &config_text, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(ds) => {
            // Content errors are still worth reporting with a default model; here they would
            // mostly repeat the config's consequences, so stop at the config.
            return fail(diags, ds);
        }
    };

    let (loaded, ds) = read_content(root, &config, cache);
    diags.extend(ds);
    clock.lap("read");
    let (mut site, ds) = Site::assemble(config, loaded, options.drafts);
    diags.extend(ds);
    diags.extend(crate::urls::check_names(&site));
    let urls = Urls::new(&site.config);
    let (moved, ds) = crate::urls::moved(&site, &urls);
    site.moved = moved;
    diags.extend(ds);
    let addresses = options.remember_addresses.then(|| {
        let (moved, ds, remember) = super::addresses::moved_since(&site, &urls, &super::addresses::remembered(root));
        site.moved.extend(moved);
        diags.extend(ds);
        remember
    });
    clock.lap("model");
    let bodies = render_bodies(&site, &urls, cache, &mut diags);
    clock.lap("markdown");
    if diags.has_errors() {
        return fail(diags, vec![]);
    }
    Ok(Prepared { site, urls, bodies, diags, addresses })
}

/// Every content file read and checked, reading again only what `cache` does not hold.
fn read_content(root: &Path, config: &config::Config, cache: &mut Cache) -> (crate::model::Loaded, Vec<Diagnostic>) {
    let (found, ds) = cache.found.get_or_insert_with(|| source::discover(root));
    let mut diags = ds.clone();
    let unread: Vec<source::Found> = found.iter().filter(|f| !cache.files.contains_key(&f.rel_path)).cloned().collect();
    let there: HashSet<&str> = found.iter().map(|f| f.rel_path.as_str()).collect();
    cache.files.retain(|path, _| there.contains(path.as_str()));
    for file in source::read_all(root, &unread, config) {
        cache.files.insert(file.found.rel_path.clone(), file);
    }
    let (loaded, mut more) = source::gather(found.iter().filter_map(|f| cache.files.get(&f.rel_path)));
    diags.append(&mut more);
    (loaded, diags)
}

/// Every page's Markdown rendered, rendering again only what `cache` does not hold.
fn render_bodies(site: &Site, urls: &Urls, cache: &mut Cache, diags: &mut Diagnostics) -> Arc<Bodies> {
    let docs = site.docs();
    // A body links to other pages by their URLs: when any page came, went or became a draft,
    // all are made again. Which pages there are is told by a sum of hashes, in any order.
    let entry = |path: &str, published: bool| crate::hash::of(&(path, published));
    let pages_there = docs
        .iter()
        .map(|d| entry(&d.rel_path, true))
        .chain(site.unreadable.iter().map(|f| entry(&f.rel_path, true)))
        .chain(site.drafts_left_out.iter().map(|p| entry(&p.doc.rel_path, false)))
        .fold(0u64, u64::wrapping_add);
    if cache.pages_there != Some(pages_there) {
        let mut url_map: UrlMap = docs.iter().map(|d| (d.rel_path.clone(), urls.doc(d.section, &d.slug))).collect();
        url_map.extend(site.drafts_left_out.iter().map(|p| (p.doc.rel_path.clone(), String::new())));
        url_map.extend(site.unreadable.iter().map(|f| (f.rel_path.clone(), urls.doc(f.section, &f.slug))));
        cache.body_notes.clear();
        cache.url_map = url_map;
        cache.pages_there = Some(pages_there);
    }
    let all_docs: Vec<&Arc<Doc>> = docs.iter().copied().chain(&site.broken_docs).collect();
    let there: HashSet<&str> = all_docs.iter().map(|d| d.rel_path.as_str()).collect();
    cache.body_notes.retain(|path, _| there.contains(path.as_str()));
    let stale: Vec<&Arc<Doc>> =
        all_docs.into_iter().filter(|d| cache.body_notes.get(&d.rel_path).is_none_or(|(h, _)| *h != d.hash)).collect();
    let url_map = &cache.url_map;
    let rendered: Vec<(String, u64, Rendered, Vec<Diagnostic>)> = stale
        .par_iter()
        .map(|d| {
            let (r, ds) = markdown::render(d, url_map, &urls.doc(d.section, &d.slug));
            (d.rel_path.clone(), d.hash, r, ds)
        })
        .collect();
    // The last build's copy of the bodies is gone by now, so they are changed in place.
    let bodies = Arc::make_mut(&mut cache.bodies);
    bodies.retain(|path, _| cache.body_notes.contains_key(path));
    for (path, hash, r, ds) in rendered {
        bodies.insert(path.clone(), Arc::new(r));
        cache.body_notes.insert(path, (hash, ds));
    }
    for (_, ds) in cache.body_notes.values() {
        diags.extend(ds.iter().cloned());
    }
    cache.bodies.clone()
}
