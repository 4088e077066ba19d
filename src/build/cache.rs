//! What a build keeps for the next one: the preview builds again on every save and reads
//! again only the files that changed, and makes again only the pages whose inputs changed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Options;
use super::changes::{Change, classify};
use crate::content::markdown::UrlMap;
use crate::diagnostics::Diagnostic;
use crate::output::Bytes;
use crate::render;
use crate::source::{self, ReadFile};
use crate::views::{Bodies, PageKind};

/// What a build keeps for the next one (see the module's documentation).
#[derive(Default)]
pub struct Cache {
    /// The options and portal.yaml's text the cache holds results for; when either changes,
    /// everything is made again.
    pub(super) key: Option<(Options, String)>,
    /// Every content file as read and checked, by its path as shown (`content/projects/a.md`).
    pub(super) files: HashMap<String, ReadFile>,
    /// Every page found in `content/`, and the problems with the folders and names.
    pub(super) found: Option<(Vec<source::Found>, Vec<Diagnostic>)>,
    /// Rendered Markdown by source path, shared with the build that uses it.
    pub(super) bodies: Arc<Bodies>,
    /// Per rendered body: the hash of the document it was made from, and its problems.
    pub(super) body_notes: HashMap<String, (u64, Vec<Diagnostic>)>,
    /// Where every page was when `bodies` were made: links in them point there.
    pub(super) url_map: UrlMap,
    /// Which pages `url_map` was made for (see `prepare`).
    pub(super) pages_there: Option<u64>,
    pub(super) templates: Option<render::Templates>,
    /// The last good build's pages by fingerprint (see `Views::fingerprint`): URL, kind, HTML.
    pub(super) pages: HashMap<u64, MadePage>,
    /// Files copied as they are (static/, pictures), by where they were read.
    pub(super) copied: HashMap<PathBuf, Bytes>,
    /// The pictures the last build made, by key (see `pictures`).
    pub(super) pictures: HashMap<u64, super::pictures::Processed>,
    /// Whether the last build succeeded (and so copied every file its pages use).
    pub(super) good: bool,
}

impl Cache {
    /// Forgets what `changed` (paths under `root`; None: anything) may have made stale.
    pub(super) fn forget(&mut self, root: &Path, key: (Options, String), changed: Option<&[PathBuf]>) {
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
            match classify(root, path) {
                Some(Change::Templates) => {
                    self.templates = None;
                    self.pages.clear();
                }
                Some(Change::Page(shown)) => {
                    self.files.remove(&shown);
                    // A page that came or went changes the list of pages.
                    let known = self.found.as_ref().is_some_and(|(f, _)| f.iter().any(|f| f.rel_path == shown));
                    if !known || !path.is_file() {
                        self.found = None;
                    }
                }
                Some(Change::ContentFile) => {
                    self.found = None;
                    self.forget_file(path);
                }
                Some(Change::Static) => self.forget_file(path),
                // portal.yaml is in the key.
                Some(Change::Config) | None => {}
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
    pub(super) fn copy(&mut self, file: &Path) -> std::io::Result<Bytes> {
        if let Some(bytes) = self.copied.get(file) {
            return Ok(bytes.clone());
        }
        let bytes: Bytes = std::fs::read(file)?.into();
        self.copied.insert(file.to_owned(), bytes.clone());
        Ok(bytes)
    }
}

/// A page as made: its address, kind, HTML and the date it last changed (for the sitemap).
pub(super) type MadePage = (String, PageKind, Bytes, Option<crate::date::Date>);
