//! The pipeline: a pure function from the portal's files to the output map. Writing to disk
//! (`output`) and serving from memory are separate steps that reuse what this returns.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use rayon::prelude::*;

use crate::content::markdown::{self, Rendered, UrlMap};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::model::{Doc, Site};
use crate::output::Output;
use crate::text::nearest;
use crate::urls::Urls;
use crate::views::{Bodies, SearchAssets, Views};
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
    /// For the preview: build no search index; the pages look for it in
    /// `nyttig-search/<this folder>/`, which [`search_files`] fills after them.
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
}

/// A portal read, checked and its Markdown rendered: what pages and search are made of.
struct Prepared {
    site: Site,
    urls: Urls,
    bodies: Bodies,
    diags: Diagnostics,
}

/// Builds the portal at `root` in memory. Every content error is collected; the build fails
/// if there is any.
fn prepare(root: &Path, options: &Options) -> Result<Prepared, Diagnostics> {
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
    let config = match config::read("portal.yaml", &config_text, options.base_url.as_deref()) {
        Ok(c) => c,
        Err(ds) => {
            // Content errors are still worth reporting with a default model; here they would
            // mostly repeat the config's consequences, so stop at the config.
            return fail(diags, ds);
        }
    };

    let (loaded, ds) = content::load(root, &config);
    diags.extend(ds);
    let (site, ds) = Site::assemble(config, loaded, options.drafts);
    diags.extend(ds);

    let urls = Urls::new(&site.config);
    let docs = site.docs();
    let mut url_map: UrlMap = docs.iter().map(|d| (d.rel_path.clone(), urls.doc(d.section, &d.slug))).collect();
    url_map.extend(site.draft_paths.iter().map(|p| (p.clone(), String::new())));
    url_map.extend(site.unreadable.iter().map(|f| (f.rel_path.clone(), urls.doc(f.section, &f.slug))));
    let rendered: Vec<(String, Rendered, Vec<Diagnostic>)> = docs
        .iter()
        .copied()
        .chain(&site.broken_docs)
        .collect::<Vec<_>>()
        .par_iter()
        .map(|d| {
            let (r, ds) = markdown::render(d, &url_map, &urls.doc(d.section, &d.slug));
            (d.rel_path.clone(), r, ds)
        })
        .collect();
    let mut bodies = Bodies::new();
    for (path, r, ds) in rendered {
        diags.extend(ds);
        bodies.insert(path, r);
    }
    if diags.has_errors() {
        return fail(diags, vec![]);
    }
    Ok(Prepared { site, urls, bodies, diags })
}

/// Builds only the search index of the portal at `root`, as `nyttig search` needs it.
pub fn search_index(root: &Path, options: &Options) -> Result<search::Index, Diagnostics> {
    let Prepared { site, urls, mut bodies, mut diags } = prepare(root, options)?;
    let docs = search::documents(&site, &urls, &mut bodies, true, site.config.language.strings());
    let (lang, compounds) = (site.config.language, site.config.compounds.clone());
    // Only the index is wanted: the pages' Markdown and model can go before it is built.
    drop((bodies, site));
    index(lang, docs, &compounds).map_err(|d| {
        diags.push(d);
        diags.sorted()
    })
}

/// The search index's files for a build made with `search_later: Some(folder)`, under
/// `nyttig-search/<folder>/`.
pub fn search_files(root: &Path, options: &Options, folder: &str) -> Result<Output, Diagnostics> {
    let index = search_index(root, options)?;
    let exported = search::export(&index).map_err(|e| Diagnostics(vec![export_error(e)]))?;
    Ok(exported.files.into_iter().map(|(name, bytes)| (format!("{SEARCH_DIR}/{folder}/{name}"), bytes)).collect())
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
    let fail = |mut diags: Diagnostics, more: Vec<Diagnostic>| -> Result<Built, Diagnostics> {
        diags.extend(more);
        Err(diags.sorted())
    };
    let Prepared { site, urls, mut bodies, mut diags } = prepare(root, options)?;

    let mut output = Output::new();
    let (search, index_dir) = match &options.search_later {
        Some(folder) => (None, format!("{SEARCH_DIR}/{folder}")),
        None => {
            let docs = search::documents(&site, &urls, &mut bodies, false, site.config.language.strings());
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
                output.insert(format!("{index_dir}/{name}"), bytes);
            }
            (Some(search), index_dir)
        }
    };

    let t = site.config.language.strings();
    let mut views = Views::new(&site, &urls, t, &bodies);

    let assets = render::theme_assets();
    let asset_url = |name: &str| -> Option<String> {
        let bytes = assets.iter().find(|(n, _)| n == name).map(|(_, b)| *b)?;
        Some(format!("{}assets/{name}?v={:08x}", urls.home(), fnv(bytes) as u32))
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
        output.insert(format!("assets/{name}"), bytes);
    }

    let mut tera = match render::templates(root) {
        Ok(t) => t,
        Err(ds) => return fail(diags, ds),
    };
    let globals = vec![("t", t.tree().clone()), ("site", views.site_values(&css, &js, favicon.as_deref()))];
    let rendered = match render::render_all(&mut tera, globals, &pages, |p| views.view(*p)) {
        Ok(r) => r,
        Err(ds) => return fail(diags, ds),
    };
    drop(pages);
    let mut page_counts: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut sitemap_urls = Vec::with_capacity(rendered.len());
    for page in rendered {
        *page_counts.entry(page.kind).or_default() += 1;
        let file = urls.file(&page.url);
        if output.insert(file.clone(), page.html.into_bytes()).is_some() {
            diags.push(
                Diagnostic::file(&file, format!("two pages would be written to the same address {}", page.url))
                    .with_hint(
                        "a tag, area or page name probably makes the same address as another; rename one of them",
                    ),
            );
        }
        if page.kind != "404" {
            sitemap_urls.push(page.url);
        }
    }
    diags.extend(check_anchors(&bodies, &output, &urls, &site));

    copy_resources(&site, &urls, &bodies, &mut output, &mut diags);
    copy_static(root, &mut output, &mut diags);
    let sitemap_urls: Vec<&str> = sitemap_urls.iter().map(String::as_str).collect();
    output.insert("sitemap.xml".into(), sitemap(&urls, &site.config.base_url, &sitemap_urls).into_bytes());
    output.entry("robots.txt".into()).or_insert_with(|| {
        format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            urls.absolute(&site.config.base_url, &format!("{}sitemap.xml", urls.home()))
        )
        .into_bytes()
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
    Ok(Built { output, warnings, pages: page_counts, base_path: urls.home(), search })
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
            let ids = markdown::ids_in(page);
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
        match std::fs::read(&file) {
            Ok(bytes) => {
                output.insert(out, bytes);
            }
            Err(e) => diags.push(Diagnostic::file(file.display().to_string(), format!("the file cannot be read: {e}"))),
        }
    }
}

/// The portal's `static/` folder, copied as it is (it may replace the theme's assets).
fn copy_static(root: &Path, output: &mut Output, diags: &mut Diagnostics) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                match std::fs::read(e.path()) {
                    Ok(bytes) => {
                        output.insert(rel, bytes);
                    }
                    Err(err) => {
                        diags.push(Diagnostic::file(format!("static/{rel}"), format!("the file cannot be read: {err}")))
                    }
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

fn sitemap(urls: &Urls, base_url: &str, pages: &[&str]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for url in pages {
        let loc = urls.absolute(base_url, url).replace('&', "&amp;").replace('<', "&lt;");
        s.push_str(&format!("  <url><loc>{loc}</loc></url>\n"));
    }
    s.push_str("</urlset>\n");
    s
}

/// FNV-1a: a stable content hash for cache-busting asset URLs.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}
