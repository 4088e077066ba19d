//! The pages stage: the theme's assets and their addresses, then every page rendered with its
//! template, keeping from the cache each page whose inputs are the same as last time.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use rayon::prelude::*;

use super::cache::MadePage;
use super::{Cache, SEARCH_DIR};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
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
/// with a version made from its bytes so that a host may cache them for ever. The search
/// page loads the stemmers its language needs: English portals also `stem-en.js`.
pub(super) fn assets(urls: &Urls, index_dir: &str, lang: Lang, output: &mut Output) -> AssetUrls {
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
            script_urls: search_scripts(lang).iter().filter_map(|f| asset_url(&format!("{SEARCH_DIR}/{f}"))).collect(),
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

/// The search page's scripts, in the order they run: the stemmers, the engine, the page.
fn search_scripts(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Da | Lang::Nb | Lang::Nn => &["stem.js", "search.js", "ui.js"],
        Lang::En => &["stem.js", "stem-en.js", "search.js", "ui.js"],
    }
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
    let (css, js, favicon) = (assets.css.clone(), assets.js.clone(), assets.favicon.clone());
    let site_values = site_values(&mut views, assets);
    let pages = views.pages();
    let mut templates = match cache.templates.take() {
        Some(t) => t,
        None => render::templates(root)?,
    };
    // Pages written in the portal's other written form (`language: nn` on a bokmål portal)
    // are made with its words: their own views and values.
    let portal_lang = views.t.lang();
    let langs: Vec<Lang> = pages.par_iter().map(|p| views.language_of(*p)).collect();
    let mut others: Vec<Lang> = langs.iter().copied().filter(|l| *l != portal_lang).collect();
    others.sort_by_key(|l| l.code());
    others.dedup();
    let mut by_lang = vec![(portal_lang, None, site_values)];
    for lang in others {
        let other = views.in_language(lang);
        let values = other.site_values(&css, &js, favicon.as_deref());
        by_lang.push((lang, Some(other), values));
    }
    let views_of =
        |lang: Lang| by_lang.iter().find(|(l, _, _)| *l == lang).and_then(|(_, v, _)| v.as_ref()).unwrap_or(&views);
    // What every page shows: a change here makes every page again.
    let shared: Vec<(Lang, u64)> = by_lang.iter().map(|(l, _, v)| (*l, crate::hash::of(&v.to_string()))).collect();
    let shared_of = |lang: Lang| shared.iter().find(|(l, _)| *l == lang).map_or(0, |(_, h)| *h);
    let fingerprints: Vec<Option<u64>> = pages
        .par_iter()
        .zip(&langs)
        .map(|(p, l)| views_of(*l).fingerprint(*p).map(|f| crate::hash::of(&(shared_of(*l), f))))
        .collect();
    let (kept, to_make): (Vec<_>, Vec<_>) = pages
        .iter()
        .zip(&fingerprints)
        .enumerate()
        .partition(|(_, (_, f))| f.is_some_and(|f| cache.pages.contains_key(&f)));
    let to_make: Vec<(usize, PageRef<'_>)> = to_make.into_iter().map(|(i, (p, _))| (i, *p)).collect();
    let mut made = Vec::with_capacity(to_make.len());
    let mut failed = Vec::new();
    for (lang, _, values) in &by_lang {
        let these: Vec<(usize, PageRef<'_>)> = to_make.iter().filter(|(i, _)| langs[*i] == *lang).copied().collect();
        let v = views_of(*lang);
        let globals = vec![("t", v.t.tree().clone()), ("site", values.clone())];
        match render::render_all(&mut templates, globals, &these, |(_, p)| v.view(*p)) {
            Ok(pages) => made.extend(these.into_iter().zip(pages)),
            Err(ds) => failed.extend(ds),
        }
    }
    cache.templates = Some(templates);
    if !failed.is_empty() {
        return Err(failed);
    }
    // In the order of the pages, as one language made them.
    made.sort_by_key(|((i, _), _)| *i);
    let (to_make, made): (Vec<(usize, PageRef<'_>)>, Vec<render::Page>) = made.into_iter().unzip();
    // A kept page keeps its date too: what it depends on is in its fingerprint.
    let lastmods: Vec<Option<crate::date::Date>> = to_make.par_iter().map(|(_, p)| views.lastmod(*p)).collect();
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
