//! The search stage: the index of every page's text, exported as the files the search page
//! loads. The preview makes it after the pages ([`SearchLater`]), a build with them.

use std::path::Path;
use std::sync::Arc;

use super::read::{Prepared, prepare};
use super::{Cache, Options, SEARCH_DIR, Timings};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::i18n::Lang;
use crate::model::{Doc, Site};
use crate::output::Output;
use crate::search;
use crate::urls::Urls;
use crate::views::Bodies;

/// The index of the portal's pages and its files under `nyttig-search/<folder>/` in `output`;
/// with `search_later`, neither (the folder is the one given).
pub(super) fn stage(
    site: &Site,
    urls: &Urls,
    bodies: &Bodies,
    options: &Options,
    output: &mut Output,
) -> Result<(Option<search::Index>, String), Diagnostic> {
    if let Some(folder) = &options.search_later {
        return Ok((None, format!("{SEARCH_DIR}/{folder}")));
    }
    let text = |doc: &Doc| bodies.get(&doc.rel_path).map(|r| crate::html::text_of(&r.html)).unwrap_or_default();
    let docs = search::documents(site, urls, text, site.config.language.strings());
    let search = index(site.config.language, docs, &site.config.compounds)?;
    let exported = search::export(&search).map_err(export_error)?;
    let index_dir = format!("{SEARCH_DIR}/{}", exported.folder);
    for (name, bytes) in exported.files {
        output.insert(format!("{index_dir}/{name}"), bytes.into());
    }
    Ok((Some(search), index_dir))
}

/// Builds only the search index of the portal at `root`, as `nyttig search` needs it.
pub fn search_index(root: &Path, options: &Options) -> Result<search::Index, Diagnostics> {
    // The cache is let go at once, so that the bodies can be let go one by one below.
    let Prepared { site, urls, bodies, mut diags, .. } =
        prepare(root, options, &mut Cache::default(), None, &mut Timings::off())?;
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
    pub(super) site: Site,
    pub(super) urls: Urls,
    pub(super) bodies: Arc<Bodies>,
    pub(super) folder: String,
    pub(super) pictures: crate::images::Pictures,
}

impl SearchLater {
    /// The portal the pages were made of.
    pub fn site(&self) -> &Site {
        &self.site
    }

    /// The open data files and the index's files, under `nyttig-search/<folder>/`; None when
    /// `go_on` says to give up (a newer build wants its own).
    pub fn files(self, go_on: &dyn Fn() -> bool) -> Result<Option<Output>, Diagnostics> {
        let SearchLater { site, urls, bodies, folder, pictures } = self;
        let mut files: Output = crate::opendata::files(&site, &urls, &pictures).into_iter().collect();
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
    Diagnostic::file("portal.yaml", say!("build.index_not_written", why = e))
}

fn index(lang: Lang, docs: Vec<search::SearchDoc>, compounds: &[String]) -> Result<search::Index, Diagnostic> {
    search::Index::build(lang, docs, compounds)
        .map_err(|e| Diagnostic::file("portal.yaml", say!("build.index_not_built", why = e)))
}
