//! The pages stage: the theme's assets and their addresses, then every page rendered with its
//! template, keeping from the cache each page whose inputs are the same as last time.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use super::cache::MadePage;
use super::{Cache, SEARCH_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::Output;
use crate::render;
use crate::urls::Urls;
use crate::views::{PageKind, PageRef, SearchAssets, Views};

/// The addresses of the theme's files that every page links to.
pub(super) struct AssetUrls {
    css: String,
    js: String,
    favicon: Option<String>,
    search: SearchAssets,
}

/// The theme's files into `output/assets/` (scripts compacted), and their addresses, each
/// with a version made from its bytes so that a host may cache them for ever.
pub(super) fn assets(urls: &Urls, index_dir: &str, output: &mut Output) -> AssetUrls {
    let assets = render::theme_assets();
    let asset_url = |name: &str| -> Option<String> {
        let bytes = assets.iter().find(|(n, _)| n == name).map(|(_, b)| *b)?;
        Some(format!("{}assets/{name}?v={:08x}", urls.home(), crate::hash::fnv1a(bytes) as u32))
    };
    let found = AssetUrls {
        css: asset_url("style.css").unwrap_or_default(),
        js: asset_url("nyttig.js").unwrap_or_default(),
        favicon: asset_url("favicon.svg"),
        search: SearchAssets {
            index_url: format!("{}{index_dir}/", urls.home()),
            script_urls: ["stem.js", "search.js", "ui.js"]
                .iter()
                .filter_map(|f| asset_url(&format!("{SEARCH_DIR}/{f}")))
                .collect(),
        },
    };
    for (name, bytes) in &assets {
        let bytes = match std::str::from_utf8(bytes) {
            Ok(js) if name.ends_with(".js") => render::compact_js(js).into_bytes(),
            _ => bytes.to_vec(),
        };
        output.insert(format!("assets/{name}"), bytes.into());
    }
    found
}

/// Every page, in the order the views list them, with its fingerprint (None: made every
/// time), and how many were made rather than kept from the cache.
pub(super) struct Made {
    pub pages: Vec<(MadePage, Option<u64>)>,
    pub rendered: usize,
}

/// Gives the views the assets' addresses; returns the values every page gets as `site`.
pub(super) fn site_values(views: &mut Views<'_>, assets: AssetUrls) -> serde_json::Value {
    views.search = Some(assets.search);
    views.site_values(&assets.css, &assets.js, assets.favicon.as_deref())
}

/// Renders the pages whose fingerprint the cache does not hold, with the portal's templates.
pub(super) fn make(
    root: &Path,
    mut views: Views<'_>,
    assets: AssetUrls,
    cache: &mut Cache,
) -> Result<Made, Vec<Diagnostic>> {
    let site_values = site_values(&mut views, assets);
    let pages = views.pages();
    let mut templates = match cache.templates.take() {
        Some(t) => t,
        None => render::templates(root)?,
    };
    let t = views.t;
    // What every page shows: a change here makes every page again.
    let shared = crate::hash::of(&site_values.to_string());
    let globals = vec![("t", t.tree().clone()), ("site", site_values)];
    let fingerprints: Vec<Option<u64>> =
        pages.par_iter().map(|p| views.fingerprint(*p).map(|f| crate::hash::of(&(shared, f)))).collect();
    let (kept, to_make): (Vec<_>, Vec<_>) = pages
        .iter()
        .zip(&fingerprints)
        .enumerate()
        .partition(|(_, (_, f))| f.is_some_and(|f| cache.pages.contains_key(&f)));
    let to_make: Vec<(usize, PageRef<'_>)> = to_make.into_iter().map(|(i, (p, _))| (i, *p)).collect();
    let made = render::render_all(&mut templates, globals, &to_make, |(_, p)| views.view(*p));
    // A kept page keeps its date too: what it depends on is in its fingerprint.
    let lastmods: Vec<Option<crate::date::Date>> = to_make.par_iter().map(|(_, p)| views.lastmod(*p)).collect();
    cache.templates = Some(templates);
    let made = made?;
    let rendered = made.len();
    let mut all: Vec<Option<MadePage>> = vec![None; pages.len()];
    for (((i, _), page), lastmod) in to_make.iter().zip(made).zip(lastmods) {
        all[*i] = Some((page.url, page.kind, page.html, lastmod));
    }
    for (i, (_, f)) in kept {
        all[i] = f.and_then(|f| cache.pages.get(&f)).cloned();
    }
    let pages = all.into_iter().zip(fingerprints).filter_map(|(page, f)| Some((page?, f))).collect();
    Ok(Made { pages, rendered })
}

/// What writing the pages gives the next stages.
pub(super) struct Written {
    /// Pages of each kind, for the build's summary.
    pub counts: BTreeMap<&'static str, usize>,
    /// Every page but the 404 page, with the date it last changed, for the sitemap.
    pub sitemap: Vec<(String, Option<crate::date::Date>)>,
    /// The pages by fingerprint, for the cache once the build has succeeded.
    pub by_fingerprint: HashMap<u64, MadePage>,
}

/// The pages into `output`, each at its address; two pages at one address is an error.
pub(super) fn write(
    made: Vec<(MadePage, Option<u64>)>,
    urls: &Urls,
    output: &mut Output,
    diags: &mut Diagnostics,
) -> Written {
    let mut written = Written {
        counts: BTreeMap::new(),
        sitemap: Vec::with_capacity(made.len()),
        by_fingerprint: HashMap::with_capacity(made.len()),
    };
    for ((url, kind, html, lastmod), fingerprint) in made {
        if let Some(f) = fingerprint {
            written.by_fingerprint.insert(f, (url.clone(), kind, html.clone(), lastmod));
        }
        *written.counts.entry(kind.name()).or_default() += 1;
        let file = urls.file(&url);
        if output.insert(file.clone(), html).is_some() {
            diags.push(
                Diagnostic::file(&file, say!("build.same_address", url = &url))
                    .with_hint(say!("build.same_address_hint")),
            );
        }
        if !matches!(kind, PageKind::NotFound | PageKind::Redirect) {
            written.sitemap.push((url, lastmod));
        }
    }
    written
}
