//! The pipeline: a pure function from the portal's files to the output map. Writing to disk
//! (`output`) and serving from memory are separate steps that reuse what this returns.
//!
//! The preview builds again on every save with a [`Cache`] of the last build: it reads again
//! only the files that changed and makes again only the pages whose inputs changed. A build
//! with an empty cache is a full build, and both make the same files.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::ReadFile;
use crate::content::markdown::{self, Rendered, UrlMap};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::model::{Doc, Site};
use crate::output::{Bytes, Output};
use crate::text::nearest;
use crate::urls::Urls;
use crate::views::{Bodies, PageRef, SearchAssets, Views};
use crate::{config, content, render, search};

/// Where the search client and its index live in the output.
const SEARCH_DIR: &str = "nyttig-search";

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Overrides `base_url` in portal.yaml.
    pub base_url: Option<String>,
    /// Build projects marked `draft: true` too.
    pub drafts: bool,
    /// Treat warnings (accessibility, drafts, consent) as errors.
    pub strict: bool,
    /// For the preview: build neither the search index nor the open data (`data/`), which
    /// show the whole portal; the pages look for the index in `nyttig-search/<this folder>/`.
    /// [`SearchLater::files`] makes both after the pages.
    pub search_later: Option<String>,
}

/// A successful build: the files, any warnings, and how many pages of each kind.
#[derive(Debug)]
pub struct Built {
    pub output: Output,
    pub warnings: Vec<Diagnostic>,
    pub pages: BTreeMap<&'static str, usize>,
    /// The path the site lives under (`/` or `/innovation/`), for checking its links.
    pub base_path: String,
    /// The search index, as `nyttig search` and the tests ask it; its files are in `output`.
    /// None with `search_later`.
    pub search: Option<search::Index>,
    /// How many pages this build made; the others were kept from the cache's last build.
    pub rendered: usize,
    /// With `search_later`: what the search index is made from.
    pub search_later: Option<SearchLater>,
}

/// What a build keeps for the next one (see the module's documentation).
#[derive(Default)]
pub struct Cache {
    /// The options and portal.yaml's text the cache holds results for; when either changes,
    /// everything is made again.
    key: Option<(String, String)>,
    /// Every content file as read and checked, by its path as shown (`content/projects/a.md`).
    files: HashMap<String, ReadFile>,
    /// Every page found in `content/`, and the problems with the folders and names.
    found: Option<(Vec<content::Found>, Vec<Diagnostic>)>,
    /// Rendered Markdown by source path, shared with the build that uses it.
    bodies: Arc<Bodies>,
    /// Per rendered body: the hash of the document it was made from, and its problems.
    body_notes: HashMap<String, (u64, Vec<Diagnostic>)>,
    /// Where every page was when `bodies` were made: links in them point there.
    url_map: UrlMap,
    /// Which pages `url_map` was made for (see `prepare`).
    pages_there: Option<u64>,
    templates: Option<render::Templates>,
    /// The last good build's pages by fingerprint (see `Views::fingerprint`): URL, kind, HTML.
    pages: HashMap<u64, MadePage>,
    /// Files copied as they are (static/, pictures), by where they were read.
    copied: HashMap<PathBuf, Bytes>,
    /// Whether the last build succeeded (and so copied every file its pages use).
    good: bool,
}

impl Cache {
    /// Forgets what `changed` (paths under `root`; None: anything) may have made stale.
    fn forget(&mut self, root: &Path, key: (String, String), changed: Option<&[PathBuf]>) {
        if self.key.as_ref() != Some(&key) {
            *self = Cache { key: Some(key), ..Cache::default() };
            return;
        }
        let Some(changed) = changed else {
            // Anything may have changed: read everything again, but keep pages whose inputs
            // turn out the same.
            let pages = std::mem::take(&mut self.pages);
            *self = Cache { key: Some(key), pages, ..Cache::default() };
            return;
        };
        for path in changed {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let shown = rel.to_string_lossy().replace('\\', "/");
            let first = shown.split('/').next().unwrap_or("");
            if first == "templates" || first == "themes" {
                self.templates = None;
                self.pages.clear();
            } else if first == "content" && shown.ends_with(".md") {
                self.files.remove(&shown);
                // A page that came or went changes the list of pages.
                let known = self.found.as_ref().is_some_and(|(f, _)| f.iter().any(|f| f.rel_path == shown));
                if !known || !path.is_file() {
                    self.found = None;
                }
            } else if first == "content" || first == "static" {
                if first == "content" {
                    self.found = None;
                }
                self.forget_file(path);
            }
        }
    }

    /// Forgets a picture, a static file or a folder of them. Pages check that the files they
    /// name exist: one that came can only mend a page that had a problem, one that went can
    /// only break a page that used it.
    fn forget_file(&mut self, path: &Path) {
        let used = self.copied.keys().any(|k| k.starts_with(path));
        self.copied.retain(|k, _| !k.starts_with(path));
        let exists = path.exists();
        if exists {
            self.files.retain(|_, f| f.diags.is_empty());
            self.body_notes.retain(|_, (_, diags)| diags.is_empty());
        } else if used || !self.good {
            // A file some page showed is gone (or the last build stopped before it was copied).
            self.files.clear();
            self.body_notes.clear();
        }
    }

    /// The bytes of a file that is copied as it is, read once.
    fn copy(&mut self, file: &Path) -> std::io::Result<Bytes> {
        if let Some(bytes) = self.copied.get(file) {
            return Ok(bytes.clone());
        }
        let bytes: Bytes = std::fs::read(file)?.into();
        self.copied.insert(file.to_owned(), bytes.clone());
        Ok(bytes)
    }
}

/// A portal read, checked and its Markdown rendered: what pages and search are made of.
struct Prepared {
    site: Site,
    urls: Urls,
    bodies: Arc<Bodies>,
    diags: Diagnostics,
}

/// Reads and checks the portal at `root` and renders its Markdown, reusing what `cache` holds
/// of files that did not change. Every content error is collected; it fails if there is any.
fn prepare(
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Result<Prepared, Diagnostics> {
    let mut diags = Diagnostics::default();
    let fail = |mut diags: Diagnostics, more: Vec<Diagnostic>| -> Result<Prepared, Diagnostics> {
        diags.extend(more);
        Err(diags.sorted())
    };

    let config_path = root.join("portal.yaml");
    let config_text = match std::fs::read(&config_path) {
        Ok(bytes) => match content::frontmatter::decode("portal.yaml", &bytes) {
            Ok(t) => t,
            Err(d) => return fail(diags, vec![d]),
        },
        Err(_) => {
            return fail(
                diags,
                vec![
                    Diagnostic::file("portal.yaml", format!("there is no portal.yaml in {}", root.display()))
                        .with_hint(
                            "run `nyttig init DIR` to make a new portal, or use --root to point at the portal's folder",
                        ),
                ],
            );
        }
    };
    cache.forget(root, (format!("{options:?}"), config_text.clone()), changed);
    cache.good = false;
    let config = match config::read("portal.yaml", &config_text, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(ds) => {
            // Content errors are still worth reporting with a default model; here they would
            // mostly repeat the config's consequences, so stop at the config.
            return fail(diags, ds);
        }
    };

    let (loaded, ds) = read_content(root, &config, cache);
    diags.extend(ds);
    let (site, ds) = Site::assemble(config, loaded, options.drafts);
    diags.extend(ds);
    diags.extend(crate::urls::check_names(&site));
    let urls = Urls::new(&site.config);
    let bodies = render_bodies(&site, &urls, cache, &mut diags);
    if diags.has_errors() {
        return fail(diags, vec![]);
    }
    Ok(Prepared { site, urls, bodies, diags })
}

/// Every content file read and checked, reading again only what `cache` does not hold.
fn read_content(root: &Path, config: &config::Config, cache: &mut Cache) -> (crate::model::Loaded, Vec<Diagnostic>) {
    let (found, ds) = cache.found.get_or_insert_with(|| content::discover(root));
    let mut diags = ds.clone();
    let unread: Vec<content::Found> =
        found.iter().filter(|f| !cache.files.contains_key(&f.rel_path)).cloned().collect();
    let there: HashSet<&str> = found.iter().map(|f| f.rel_path.as_str()).collect();
    cache.files.retain(|path, _| there.contains(path.as_str()));
    for file in content::read_all(root, &unread, config) {
        cache.files.insert(file.found.rel_path.clone(), file);
    }
    let (loaded, mut more) = content::gather(found.iter().filter_map(|f| cache.files.get(&f.rel_path)));
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
        .chain(site.draft_paths.iter().map(|p| entry(p, false)))
        .fold(0u64, u64::wrapping_add);
    if cache.pages_there != Some(pages_there) {
        let mut url_map: UrlMap = docs.iter().map(|d| (d.rel_path.clone(), urls.doc(d.section, &d.slug))).collect();
        url_map.extend(site.draft_paths.iter().map(|p| (p.clone(), String::new())));
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

/// The portal at `root` read and checked, for computing figures of it.
pub fn site(root: &Path, options: &Options) -> Result<Site, Diagnostics> {
    Ok(prepare(root, options, &mut Cache::default(), None)?.site)
}

/// Builds only the search index of the portal at `root`, as `nyttig search` needs it.
pub fn search_index(root: &Path, options: &Options) -> Result<search::Index, Diagnostics> {
    // The cache is let go at once, so that the bodies can be let go one by one below.
    let Prepared { site, urls, bodies, mut diags } = prepare(root, options, &mut Cache::default(), None)?;
    let mut bodies = Arc::unwrap_or_clone(bodies);
    let text = |doc: &Doc| bodies.remove(&doc.rel_path).map(|r| crate::html::text_of(&r.html)).unwrap_or_default();
    let docs = search::documents(&site, &urls, text, site.config.language.strings());
    let (lang, compounds) = (site.config.language, site.config.compounds.clone());
    // Only the index is wanted: the pages' Markdown and model can go before it is built.
    drop((bodies, site));
    index(lang, docs, &compounds).map_err(|d| {
        diags.push(d);
        diags.sorted()
    })
}

/// What the search index and the open data of a build made with `search_later` are made
/// from: the preview makes them after the pages are served, so that a save never waits for
/// them.
#[derive(Debug)]
pub struct SearchLater {
    site: Site,
    urls: Urls,
    bodies: Arc<Bodies>,
    folder: String,
}

impl SearchLater {
    /// The open data files and the index's files, under `nyttig-search/<folder>/`; None when
    /// `go_on` says to give up (a newer build wants its own).
    pub fn files(self, go_on: &dyn Fn() -> bool) -> Result<Option<Output>, Diagnostics> {
        let SearchLater { site, urls, bodies, folder } = self;
        let mut files: Output = crate::opendata::files(&site, &urls).into_iter().collect();
        let text = |doc: &Doc| bodies.get(&doc.rel_path).map(|r| crate::html::text_of(&r.html)).unwrap_or_default();
        let docs = search::documents(&site, &urls, text, site.config.language.strings());
        let (lang, compounds) = (site.config.language, site.config.compounds.clone());
        // Let go of the bodies, so that the next build can change them without a copy.
        drop((bodies, site));
        if !go_on() {
            return Ok(None);
        }
        let index = index(lang, docs, &compounds).map_err(|d| Diagnostics(vec![d]))?;
        if !go_on() {
            return Ok(None);
        }
        let exported = search::export(&index).map_err(|e| Diagnostics(vec![export_error(e)]))?;
        for (name, bytes) in exported.files {
            files.insert(format!("{SEARCH_DIR}/{folder}/{name}"), bytes.into());
        }
        Ok(Some(files))
    }
}

fn export_error(e: tantivy::TantivyError) -> Diagnostic {
    Diagnostic::file("portal.yaml", format!("the search index could not be written: {e}"))
}

fn index(lang: Lang, docs: Vec<search::SearchDoc>, compounds: &[String]) -> Result<search::Index, Diagnostic> {
    search::Index::build(lang, docs, compounds)
        .map_err(|e| Diagnostic::file("portal.yaml", format!("the search index could not be built: {e}")))
}

/// Builds the portal at `root` in memory. Every content error is collected; the build fails
/// if there is any.
pub fn build(root: &Path, options: &Options) -> Result<Built, Diagnostics> {
    build_again(root, options, &mut Cache::default(), None)
}

/// Builds the portal at `root` again after the files `changed` (None: any file may have
/// changed), reusing what `cache` holds of the last build, and keeps this build's results in
/// it. The files are the same as a full build's.
pub fn build_again(
    root: &Path,
    options: &Options,
    cache: &mut Cache,
    changed: Option<&[PathBuf]>,
) -> Result<Built, Diagnostics> {
    let fail = |mut diags: Diagnostics, more: Vec<Diagnostic>| -> Result<Built, Diagnostics> {
        diags.extend(more);
        Err(diags.sorted())
    };
    let Prepared { site, urls, bodies, mut diags } = prepare(root, options, cache, changed)?;

    let mut output = Output::new();
    let (search, index_dir) = match &options.search_later {
        Some(folder) => (None, format!("{SEARCH_DIR}/{folder}")),
        None => {
            let text = |doc: &Doc| bodies.get(&doc.rel_path).map(|r| crate::html::text_of(&r.html)).unwrap_or_default();
            let docs = search::documents(&site, &urls, text, site.config.language.strings());
            let search = match index(site.config.language, docs, &site.config.compounds) {
                Ok(i) => i,
                Err(d) => return fail(diags, vec![d]),
            };
            let exported = match search::export(&search) {
                Ok(e) => e,
                Err(e) => return fail(diags, vec![export_error(e)]),
            };
            let index_dir = format!("{SEARCH_DIR}/{}", exported.folder);
            for (name, bytes) in exported.files {
                output.insert(format!("{index_dir}/{name}"), bytes.into());
            }
            (Some(search), index_dir)
        }
    };

    let t = site.config.language.strings();
    let mut views = Views::new(&site, &urls, t, &bodies);

    let assets = render::theme_assets();
    let asset_url = |name: &str| -> Option<String> {
        let bytes = assets.iter().find(|(n, _)| n == name).map(|(_, b)| *b)?;
        Some(format!("{}assets/{name}?v={:08x}", urls.home(), crate::hash::fnv1a(bytes) as u32))
    };
    let css = asset_url("style.css").unwrap_or_default();
    let js = asset_url("nyttig.js").unwrap_or_default();
    let favicon = asset_url("favicon.svg");
    views.search = Some(SearchAssets {
        index_url: format!("{}{index_dir}/", urls.home()),
        script_urls: ["stem.js", "search.js", "ui.js"]
            .iter()
            .filter_map(|f| asset_url(&format!("{SEARCH_DIR}/{f}")))
            .collect(),
    });
    let pages = views.pages();
    for (name, bytes) in &assets {
        let bytes = match std::str::from_utf8(bytes) {
            Ok(js) if name.ends_with(".js") => render::compact_js(js).into_bytes(),
            _ => bytes.to_vec(),
        };
        output.insert(format!("assets/{name}"), bytes.into());
    }

    let templates = match cache.templates.take() {
        Some(t) => Ok(t),
        None => render::templates(root),
    };
    let mut templates = match templates {
        Ok(t) => t,
        Err(ds) => return fail(diags, ds),
    };
    let site_values = views.site_values(&css, &js, favicon.as_deref());
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
    let made = match made {
        Ok(r) => r,
        Err(ds) => return fail(diags, ds),
    };
    let rendered = made.len();
    let mut all: Vec<Option<MadePage>> = vec![None; pages.len()];
    for (((i, _), page), lastmod) in to_make.iter().zip(made).zip(lastmods) {
        all[*i] = Some((page.url, page.kind, page.html, lastmod));
    }
    for (i, (_, f)) in kept {
        all[i] = f.and_then(|f| cache.pages.get(&f)).cloned();
    }
    drop(pages);
    let mut page_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut sitemap_urls = Vec::with_capacity(all.len());
    let mut pages_made: HashMap<u64, MadePage> = HashMap::with_capacity(all.len());
    for (page, fingerprint) in all.into_iter().zip(fingerprints) {
        let Some((url, kind, html, lastmod)) = page else { continue };
        if let Some(f) = fingerprint {
            pages_made.insert(f, (url.clone(), kind, html.clone(), lastmod));
        }
        *page_counts.entry(kind).or_default() += 1;
        let file = urls.file(&url);
        if output.insert(file.clone(), html).is_some() {
            diags.push(
                Diagnostic::file(&file, format!("two pages would be written to the same address {url}")).with_hint(
                    "a tag, area or page name probably makes the same address as another; rename one of them",
                ),
            );
        }
        if kind != "404" {
            sitemap_urls.push((url, lastmod));
        }
    }
    diags.extend(check_anchors(&bodies, &output, &urls, &site));

    copy_resources(&site, &urls, &bodies, cache, &mut output, &mut diags);
    copy_static(root, cache, &mut output, &mut diags);
    if options.search_later.is_none() {
        output.extend(crate::opendata::files(&site, &urls));
    }
    output.insert("sitemap.xml".into(), sitemap(&urls, &site.config.base_url, &sitemap_urls).into_bytes().into());
    output.insert("feed.xml".into(), crate::feed::atom(&site, &urls).into_bytes().into());
    output.entry("robots.txt".into()).or_insert_with(|| {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute(&site.config.base_url, &format!("{}sitemap.xml", urls.home()))
        )
        .into_bytes()
        .into()
    });

    if options.strict {
        for d in &mut diags.0 {
            d.severity = crate::diagnostics::Severity::Error;
        }
    }
    if diags.has_errors() {
        return fail(diags, vec![]);
    }
    let warnings = diags.sorted().0;
    cache.pages = pages_made;
    cache.good = true;
    drop(views);
    let base_path = urls.home();
    let search_later =
        options.search_later.as_ref().map(|folder| SearchLater { site, urls, bodies, folder: folder.clone() });
    Ok(Built { output, warnings, pages: page_counts, base_path, search, rendered, search_later })
}

/// Every link to `page#anchor` must find an element with that id on the rendered page.
fn check_anchors(bodies: &crate::views::Bodies, output: &Output, urls: &Urls, site: &Site) -> Vec<Diagnostic> {
    let sources: BTreeMap<&str, &Arc<Doc>> = site.docs().into_iter().map(|d| (d.rel_path.as_str(), d)).collect();
    let mut diags = Vec::new();
    for r in bodies.values() {
        for a in &r.anchors {
            let Some(page) = output.get(&urls.file(&a.target_url)).and_then(|b| std::str::from_utf8(b).ok()) else {
                continue;
            };
            let ids = crate::html::ids_in(page);
            if ids.contains(a.anchor.as_str()) {
                continue;
            }
            let Some(doc) = sources.get(a.source_path.as_str()) else {
                continue;
            };
            let d = doc
                .front
                .source
                .error_at(a.offset, format!("the page {} has no place called `#{}`", a.target_url, a.anchor));
            diags.push(match nearest(&a.anchor, ids.iter().copied()) {
                Some(near) => d.with_hint(format!("did you mean `#{near}`?")),
                None => d.with_hint("link to a heading of that page: its id is the heading's text in lower case, with `-` between the words"),
            });
        }
    }
    diags
}

/// Pictures and files that pages use, copied next to each page's output.
fn copy_resources(
    site: &Site,
    urls: &Urls,
    bodies: &crate::views::Bodies,
    cache: &mut Cache,
    output: &mut Output,
    diags: &mut Diagnostics,
) {
    let mut wanted: Vec<(std::path::PathBuf, String)> = Vec::new();
    let page_dir = |doc: &Doc| urls.file(&urls.doc(doc.section, &doc.slug)).trim_end_matches("index.html").to_owned();
    for doc in site.docs() {
        if let Some(r) = bodies.get(&doc.rel_path) {
            for (file, rel) in &r.resources {
                wanted.push((file.clone(), format!("{}{rel}", page_dir(doc))));
            }
        }
    }
    let mut beside = |doc: &Doc, src: &str| {
        if !src.starts_with('/') {
            wanted.push((doc.dir.join(src), format!("{}{src}", page_dir(doc))));
        }
    };
    for p in &site.projects {
        if let Some(i) = &p.image {
            beside(&p.doc, &i.src);
        }
    }
    for i in &site.innovators {
        if let Some(p) = &i.photo {
            beside(&i.doc, &p.src);
        }
    }
    for m in &site.methods {
        if let Some(d) = &m.download {
            beside(&m.doc, &d.src);
        }
    }
    for (file, out) in wanted {
        match cache.copy(&file) {
            Ok(bytes) => {
                output.insert(out, bytes);
            }
            Err(e) => diags.push(Diagnostic::unreadable(file.display().to_string(), "the file", &e)),
        }
    }
}

/// The portal's `static/` folder, copied as it is (it may replace the theme's assets).
fn copy_static(root: &Path, cache: &mut Cache, output: &mut Output, diags: &mut Diagnostics) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                match cache.copy(e.path()) {
                    Ok(bytes) => {
                        output.insert(rel, bytes);
                    }
                    Err(err) => diags.push(Diagnostic::unreadable(format!("static/{rel}"), "the file", &err)),
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
                    .unwrap_or_else(|| "static/".into());
                diags.push(
                    Diagnostic::file(path, format!("this cannot be copied: {e}"))
                        .with_hint("a link that points to itself or to a folder above it makes a loop; remove it"),
                );
            }
        }
    }
}

/// Every page's absolute address, with the date it last changed where the content gives one.
fn sitemap(urls: &Urls, base_url: &str, pages: &[(String, Option<crate::date::Date>)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in pages {
        let loc = crate::text::xml_escape(&urls.absolute(base_url, url));
        match lastmod {
            Some(d) => s.push_str(&format!("  <url><loc>{loc}</loc><lastmod>{d}</lastmod></url>\n")),
            None => s.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    s.push_str("</urlset>\n");
    s
}

/// A page as made: its address, kind, HTML and the date it last changed (for the sitemap).
type MadePage = (String, &'static str, Bytes, Option<crate::date::Date>);
