//! Reading a portal's `content/` folder: which files are pages, their front matter and their
//! Markdown.

pub mod a11y;
pub mod entities;
pub mod frontmatter;
pub mod markdown;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Source};
use crate::model::{Doc, Loaded, Section};
use crate::text::{nearest, slugify};
use entities::{Entity, Places};

/// A file that a page names (a picture, a download), looked up on disk.
#[derive(Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A file inside the folder, links followed: the real path.
    File(PathBuf),
    Missing,
    /// It exists, but it is (or goes through) a link to a place outside the folder.
    Outside,
}

/// Looks up `rel` inside `folder`. Links are followed, but a file that really lies outside
/// `folder` is refused, so that nothing outside the portal's own folders can be published.
pub fn file_within(folder: &Path, rel: &str) -> Resolved {
    let rel = rel.trim_start_matches("./");
    if rel.is_empty() || Path::new(rel).components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
        return Resolved::Outside;
    }
    let candidate = folder.join(rel);
    match (candidate.canonicalize(), folder.canonicalize()) {
        (Ok(real), Ok(base)) if real.starts_with(&base) && real.is_file() => Resolved::File(real),
        (Ok(real), Ok(base)) if !real.starts_with(&base) => Resolved::Outside,
        _ => Resolved::Missing,
    }
}

/// A content file found on disk, before it is read.
#[derive(Debug, Clone)]
pub struct Found {
    pub section: Section,
    pub slug: String,
    pub file: PathBuf,
    pub rel_path: String,
    pub dir: PathBuf,
    pub bundle: bool,
}

fn shown(root: &Path, path: &Path) -> String {
    path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/")
}

fn is_hidden(name: &str) -> bool {
    name.starts_with('.') || name.starts_with('_')
}

/// Finds every page in `content/`. A file whose path leaves `content/` through a link, a link
/// that loops, a name that is not a valid slug, and two files with the same slug are errors.
pub fn discover(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut found = Vec::new();
    let mut diags = Vec::new();
    let canonical_content = match content.canonicalize() {
        Ok(c) => c,
        Err(_) => {
            diags
                .push(Diagnostic::file("content/", "there is no `content/` folder in the portal").with_hint(
                    "run `nyttig init` to make a new portal, or use --root to point at the portal's folder",
                ));
            return (found, diags);
        }
    };
    // Each entry with whether it is a plain folder (Some(true)), a plain file (Some(false))
    // or a link (None), as the folder listing tells without asking the disk again.
    type Entry = (String, PathBuf, Option<bool>);
    let entries = |dir: &Path, diags: &mut Vec<Diagnostic>| -> Vec<Entry> {
        match fs::read_dir(dir) {
            Ok(rd) => {
                let mut v: Vec<Entry> = rd
                    .filter_map(Result::ok)
                    .map(|e| {
                        let plain = e.file_type().ok().filter(|t| !t.is_symlink()).map(|t| t.is_dir());
                        (e.file_name().to_string_lossy().into_owned(), e.path(), plain)
                    })
                    .collect();
                v.sort();
                v
            }
            Err(e) => {
                diags.push(Diagnostic::file(shown(root, dir), format!("the folder cannot be read: {e}")));
                Vec::new()
            }
        }
    };
    // Whether an entry is a folder. Follows links, but only to places inside content/; a loop
    // shows up as an error here. What is not a link lies inside the folder it was listed in.
    let inside = |path: &Path, plain: Option<bool>, diags: &mut Vec<Diagnostic>| -> Option<bool> {
        if plain.is_some() {
            return plain;
        }
        match path.canonicalize() {
            Ok(real) if real.starts_with(&canonical_content) => fs::metadata(&real).ok().map(|m| m.is_dir()),
            Ok(_) => {
                diags.push(
                    Diagnostic::file(shown(root, path), "this is a link to a place outside the `content/` folder")
                        .with_hint("move the file into `content/` instead of linking to it"),
                );
                None
            }
            Err(e) => {
                diags.push(
                    Diagnostic::file(
                        shown(root, path),
                        format!("this link cannot be followed ({e}); it may point to itself in a loop"),
                    )
                    .with_hint("remove the link or make it point to a real file"),
                );
                None
            }
        }
    };

    for (name, path, plain) in entries(&content, &mut diags) {
        if name == "_index.md" {
            found.push(Found {
                section: Section::Front,
                slug: String::new(),
                rel_path: shown(root, &path),
                dir: content.clone(),
                file: path,
                bundle: false,
            });
            continue;
        }
        if is_hidden(&name) {
            continue;
        }
        let Some(is_dir) = inside(&path, plain, &mut diags) else {
            continue;
        };
        if !is_dir {
            if name.ends_with(".md") {
                diags.push(Diagnostic::file(shown(root, &path), "a page cannot stand directly in `content/`").with_hint("move it into the folder of its kind: projects/, innovators/, strategy/, results/, news/, methods/ or pages/"));
            }
            continue;
        }
        let Some(section) = Section::from_folder(&name) else {
            let folders = Section::ALL.map(Section::folder);
            let d = Diagnostic::file(shown(root, &path), format!("`{name}` is not a content folder the portal knows"));
            diags.push(match nearest(&name, folders) {
                Some(near) => d.with_hint(format!("did you mean `{near}`?")),
                None => d.with_hint(format!("the content folders are {}", folders.join(", "))),
            });
            continue;
        };
        for (file_name, file_path, plain) in entries(&path, &mut diags) {
            if is_hidden(&file_name) {
                continue;
            }
            let Some(is_dir) = inside(&file_path, plain, &mut diags) else {
                continue;
            };
            let (slug, file, dir, bundle) = if is_dir {
                let index = file_path.join("index.md");
                if !index.is_file() {
                    continue;
                }
                (file_name.clone(), index, file_path.clone(), true)
            } else if let Some(stem) = file_name.strip_suffix(".md") {
                (stem.to_owned(), file_path.clone(), path.clone(), false)
            } else {
                continue; // a picture or file beside flat pages
            };
            let rel_path = shown(root, &file);
            if slugify(&slug) != slug || slug.is_empty() {
                let better = slugify(&slug);
                diags.push(
                    Diagnostic::file(&rel_path, format!("the name `{slug}` cannot be used in a web address"))
                        .with_hint(format!(
                            "rename it to `{}` (lower-case a-z, digits and `-`; æ→ae, ø→oe, å→aa)",
                            if better.is_empty() { "a-name".into() } else { better }
                        )),
                );
                continue;
            }
            found.push(Found { section, slug, file, rel_path, dir, bundle });
        }
    }

    let mut seen: HashMap<(Section, &str), &str> = HashMap::new();
    for f in &found {
        if let Some(first) = seen.insert((f.section, f.slug.as_str()), &f.rel_path) {
            diags.push(
                Diagnostic::file(&f.rel_path, format!("two files have the slug `{}`: this one and `{first}`", f.slug))
                    .with_hint("every page needs its own file name; rename or remove one of them"),
            );
        }
    }
    (found, diags)
}

/// Reads one found file into a document: bytes, UTF-8, front matter.
pub fn read_doc(found: &Found) -> Result<Doc, Diagnostic> {
    let bytes = fs::read(&found.file)
        .map_err(|e| Diagnostic::file(&found.rel_path, format!("the file cannot be read: {e}")))?;
    let text = frontmatter::decode(&found.rel_path, &bytes)?;
    let hash = crate::output::hash_of(&(&found.rel_path, &text));
    let split = frontmatter::split(Source::new(found.rel_path.clone(), text))?;
    let front_hash = crate::output::hash_of(&(&found.rel_path, split.front.source.text.get(..split.body_offset)));
    Ok(Doc {
        section: found.section,
        slug: found.slug.clone(),
        rel_path: found.rel_path.clone(),
        dir: found.dir.clone(),
        bundle: found.bundle,
        front: split.front,
        front_hash,
        body_offset: split.body_offset,
        hash,
    })
}

/// One content file read and checked: its entity if it read cleanly, its problems, and its
/// document when its front matter could be split. A preview keeps these between builds and
/// reads again only the files that changed.
#[derive(Clone)]
pub struct ReadFile {
    pub found: Found,
    pub entity: Option<Entity>,
    pub diags: Vec<Diagnostic>,
    pub doc: Option<Arc<Doc>>,
}

/// Reads and checks one page. `static_dir` is where pictures named from the site root are.
pub fn read_file(found: &Found, config: &Config, static_dir: &Path) -> ReadFile {
    let places = Places { static_dir };
    match read_doc(found) {
        Ok(mut doc) => {
            // The parsed front matter is read once, into the entity, and then let go: held
            // for every page it would be most of a build's memory. Errors found later locate
            // their values in the YAML text again.
            let map = std::mem::take(&mut doc.front.map);
            let doc = Arc::new(doc);
            let (entity, diags) = entities::read(doc.clone(), &map, config, &places);
            ReadFile { found: found.clone(), entity, diags, doc: Some(doc) }
        }
        Err(d) => ReadFile { found: found.clone(), entity: None, diags: vec![d], doc: None },
    }
}

/// Reads and checks every page of the portal, in parallel.
pub fn read_all(root: &Path, found: &[Found], config: &Config) -> Vec<ReadFile> {
    let static_dir = root.join("static");
    found.par_iter().map(|f| read_file(f, config, &static_dir)).collect()
}

/// The portal's pages sorted by section, with every file's problems.
pub fn gather<'a>(files: impl IntoIterator<Item = &'a ReadFile>) -> (Loaded, Vec<Diagnostic>) {
    let mut loaded = Loaded::default();
    let mut diags = Vec::new();
    for file in files {
        diags.extend(file.diags.iter().cloned());
        match file.entity.clone() {
            Some(Entity::Front(x)) => loaded.front = Some(x),
            Some(Entity::Project(x)) => loaded.projects.push(x),
            Some(Entity::Innovator(x)) => loaded.innovators.push(x),
            Some(Entity::Strategy(x)) => loaded.strategy.push(x),
            Some(Entity::Result(x)) => loaded.results.push(x),
            Some(Entity::News(x)) => loaded.news.push(x),
            Some(Entity::Method(x)) => loaded.methods.push(x),
            Some(Entity::Page(x)) => loaded.pages.push(x),
            // Still known to exist, so that other files' references to it are not reported too.
            None => {
                loaded.unreadable.push(file.found.clone());
                // Its body is still checked, so that all its errors are reported in one go.
                loaded.broken_docs.extend(file.doc.clone());
            }
        }
    }
    (loaded, diags)
}
