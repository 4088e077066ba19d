//! The source layer: reading a portal's files. Which files under `content/` are pages
//! (`discover`), their front matter with the position of every value (`frontmatter`), each
//! section's fields into the domain's types (`entities`), and `portal.yaml` (`portal`). The
//! domain (`model`) does not import this layer: it knows a file only as a [`Doc`].

pub mod entities;
pub mod frontmatter;
pub mod keep;
pub mod portal;
mod wrong_date;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostics::{Diagnostic, Seg, Source};
use crate::model::{Doc, Loaded, Section, Unread};
use crate::say::Say;
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

/// A file or folder the system would not read (permissions, a disk error, a file that went
/// away while the build ran): not the editor's text at fault, so the command line exits 2.
pub fn io_problem(path: impl Into<String>, what: Say, err: &std::io::Error) -> Diagnostic {
    Diagnostic::unreadable(path, what, err)
}

/// Whether `d` says that the disk would not give a file or folder (see `io_problem`).
pub fn is_io_error(d: &Diagnostic) -> bool {
    d.is_error() && d.is_io()
}

/// What a folder entry is. A link is followed (to places inside `content/` only) before it
/// is used.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    Link,
    /// A named pipe, socket or device. Never opened: reading a named pipe waits for a writer
    /// forever.
    Special(Special),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Special {
    Pipe,
    Socket,
    Device,
    Other,
}

impl Kind {
    fn of(t: fs::FileType) -> Kind {
        if t.is_symlink() {
            Kind::Link
        } else if t.is_dir() {
            Kind::Folder
        } else if t.is_file() {
            Kind::File
        } else {
            Kind::Special(special_kind(t))
        }
    }

    /// "a file", "a named pipe (FIFO)": what comes after "is" in a message.
    fn described(self) -> Say {
        match self {
            Kind::File => say!("files.kind_file"),
            Kind::Folder => say!("files.kind_folder"),
            Kind::Link => say!("files.kind_link"),
            Kind::Special(Special::Pipe) => say!("files.kind_pipe"),
            Kind::Special(Special::Socket) => say!("files.kind_socket"),
            Kind::Special(Special::Device) => say!("files.kind_device"),
            Kind::Special(Special::Other) => say!("files.kind_special"),
        }
    }
}

fn special_kind(t: fs::FileType) -> Special {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Special::Pipe;
        }
        if t.is_socket() {
            return Special::Socket;
        }
        if t.is_block_device() || t.is_char_device() {
            return Special::Device;
        }
    }
    let _ = t;
    Special::Other
}

/// `name` without its ending when it ends like a Markdown file in any spelling an editor's
/// program may give it (`.md`, `.MD`, `.markdown`, `.mkd`, … and Notepad's `.md.txt`).
fn markdown_stem(name: &str) -> Option<&str> {
    const ENDINGS: [&str; 7] = ["md", "markdown", "mdown", "mkd", "mkdn", "mdwn", "md.txt"];
    ENDINGS
        .iter()
        .filter_map(|ending| {
            let cut = name.len().checked_sub(ending.len() + 1)?;
            let (stem, rest) = (name.get(..cut)?, name.get(cut..)?);
            (rest.starts_with('.') && rest[1..].eq_ignore_ascii_case(ending) && !stem.is_empty()).then_some(stem)
        })
        .min_by_key(|stem| stem.len())
}

/// Something that cannot be read as a page because it is not an ordinary file.
fn not_a_file(path: impl Into<String>, name: &str, kind: Kind) -> Diagnostic {
    Diagnostic::file(path, say!("files.not_a_file", name = name, kind = kind.described()))
        .with_hint(say!("files.not_a_file_hint"))
}

/// Walks `content/`, collecting what it finds and what is wrong.
struct Discovery<'a> {
    root: &'a Path,
    /// `content/` with its links resolved: links must stay inside it.
    content: PathBuf,
    diags: Vec<Diagnostic>,
}

impl Discovery<'_> {
    fn shown(&self, path: &Path) -> String {
        shown(self.root, path)
    }

    /// A folder's entries, sorted by name, each with what it is as the listing tells (a
    /// link is not followed here).
    fn entries(&mut self, dir: &Path) -> Vec<(String, PathBuf, Kind)> {
        let listing = match fs::read_dir(dir) {
            Ok(listing) => listing,
            Err(e) => {
                self.diags.push(io_problem(self.shown(dir), say!("files.the_folder"), &e));
                return Vec::new();
            }
        };
        let mut entries = Vec::new();
        for entry in listing {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    self.diags.push(io_problem(self.shown(dir), say!("files.the_folder"), &e));
                    continue;
                }
            };
            let path = entry.path();
            let kind = match entry.file_type().or_else(|_| fs::symlink_metadata(&path).map(|m| m.file_type())) {
                Ok(t) => Kind::of(t),
                Err(e) => {
                    self.diags.push(io_problem(self.shown(&path), say!("files.this_entry"), &e));
                    continue;
                }
            };
            entries.push((entry.file_name().to_string_lossy().into_owned(), path, kind));
        }
        entries.sort_by(|a, b| a.0.cmp(&b.0));
        entries
    }

    /// What an entry is, a link followed, but only to a place inside `content/`; a loop, a
    /// link to nothing and a link out of `content/` are errors (`None`).
    fn resolve(&mut self, path: &Path, kind: Kind) -> Option<Kind> {
        if kind != Kind::Link {
            return Some(kind);
        }
        let shown = self.shown(path);
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.content) => match fs::metadata(&real) {
                // A link to a folder it lies in would show the same pages again under it.
                Ok(m)
                    if m.is_dir()
                        && path.parent().and_then(|p| p.canonicalize().ok()).is_some_and(|p| p.starts_with(&real)) =>
                {
                    self.diags
                        .push(Diagnostic::file(shown, say!("files.link_loop")).with_hint(say!("files.remove_link")));
                    None
                }
                Ok(m) => Some(Kind::of(m.file_type())),
                Err(e) => {
                    self.diags.push(io_problem(shown, say!("files.the_link_target"), &e));
                    None
                }
            },
            Ok(_) => {
                self.diags.push(
                    Diagnostic::file(shown, say!("files.link_outside")).with_hint(say!("files.link_outside_hint")),
                );
                None
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let target = fs::read_link(path).map(|t| t.to_string_lossy().into_owned()).unwrap_or_default();
                self.diags.push(
                    Diagnostic::file(shown, say!("files.link_to_nothing", target = target))
                        .with_hint(say!("files.broken_link_hint")),
                );
                None
            }
            Err(e) if is_loop(&e) => {
                self.diags.push(
                    Diagnostic::file(shown, say!("files.link_in_loop", error = e))
                        .with_hint(say!("files.broken_link_hint")),
                );
                None
            }
            Err(e) => {
                self.diags.push(io_problem(shown, say!("files.the_link"), &e));
                None
            }
        }
    }

    /// The page of a folder in a section: its `index.md`, when it has one that is a file.
    /// A folder without one, but with Markdown in it, is an error: its page would vanish.
    fn bundle(&mut self, section_dir: &Path, folder: &Path, name: &str) -> Option<PathBuf> {
        let index = folder.join("index.md");
        match fs::symlink_metadata(&index) {
            Ok(m) => match self.resolve(&index, Kind::of(m.file_type()))? {
                Kind::File => {
                    self.extra_markdown(section_dir, folder);
                    Some(index)
                }
                kind => {
                    self.diags.push(not_a_file(self.shown(&index), "index.md", kind));
                    None
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                self.no_index(section_dir, folder, name);
                None
            }
            Err(e) => {
                self.diags.push(io_problem(self.shown(&index), say!("files.the_file"), &e));
                None
            }
        }
    }

    /// Markdown files in a page's folder other than its `index.md`: they are not pages.
    fn extra_markdown(&mut self, section_dir: &Path, folder: &Path) {
        let section = self.shown(section_dir);
        for rel in markdown_under(folder) {
            if rel == "index.md" {
                continue;
            }
            let file = folder.join(&rel);
            let name = rel.rsplit('/').next().unwrap_or(&rel);
            self.diags.push(
                Diagnostic::file(self.shown(&file), say!("files.extra_markdown", name = name))
                    .with_hint(say!("files.extra_markdown_hint", section = &section)),
            );
        }
    }

    /// A folder in a section without `index.md`. Silent when it holds no Markdown (a folder
    /// of pictures for the section's pages); otherwise the pages in it would silently vanish.
    fn no_index(&mut self, section_dir: &Path, folder: &Path, name: &str) {
        let section = self.shown(section_dir);
        let shown = self.shown(folder);
        let found = markdown_under(folder);
        if found.is_empty() {
            if let Some(stem) = markdown_stem(name) {
                self.diags.push(
                    Diagnostic::file(&shown, say!("files.folder_named_like_markdown", name = name)).with_hint(say!(
                        "files.folder_named_like_markdown_hint",
                        name = name,
                        stem = stem
                    )),
                );
            }
            return;
        }
        let direct: Vec<&str> = found.iter().map(String::as_str).filter(|f| !f.contains('/')).collect();
        let index_like = direct.iter().find(|f| markdown_stem(f).is_some_and(|s| s.eq_ignore_ascii_case("index")));
        let hint = match (index_like, direct.as_slice()) {
            (Some(index), _) => say!("files.rename_to_index", index = index),
            (None, [one]) => say!("files.rename_the_one", one = one, name = name, section = &section),
            (None, [_, _, ..]) => say!(
                "files.rename_one_of",
                files = direct.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", "),
                section = &section,
            ),
            (None, []) => {
                // Only deeper: pages in a folder inside the section's folder.
                let first = found.first().map(String::as_str).unwrap_or_default();
                let (inner, file) = first.rsplit_once('/').unwrap_or(("", first));
                let (from, to) = if file == "index.md" {
                    (format!("{shown}/{inner}/"), format!("{}/", inner.rsplit('/').next().unwrap_or(inner)))
                } else {
                    (format!("{shown}/{first}"), file.to_owned())
                };
                if found.len() > 1 {
                    say!("files.move_up_all", section = &section, from = from, to = to, name = name)
                } else {
                    say!("files.move_up", section = &section, from = from, to = to)
                }
            }
        };
        self.diags.push(Diagnostic::file(&shown, say!("files.no_index", folder = &shown)).with_hint(hint));
    }
}

#[cfg(unix)]
fn is_loop(e: &std::io::Error) -> bool {
    e.raw_os_error() == Some(libc::ELOOP)
}

#[cfg(not(unix))]
fn is_loop(_: &std::io::Error) -> bool {
    true
}

/// Markdown files under `folder` (by any ending `markdown_stem` knows), relative to it with
/// `/`, sorted. Links are not followed and hidden names are skipped; it looks a few folders
/// deep and gives up on folders it cannot read: it only finds what an editor misplaced.
fn markdown_under(folder: &Path) -> Vec<String> {
    fn walk(dir: &Path, prefix: &str, depth: usize, out: &mut Vec<String>) {
        let Ok(listing) = fs::read_dir(dir) else { return };
        for entry in listing.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if is_hidden(&name) || out.len() >= 50 {
                continue;
            }
            let Ok(t) = entry.file_type() else { continue };
            let rel = format!("{prefix}{name}");
            if t.is_dir() && depth > 0 {
                walk(&entry.path(), &format!("{rel}/"), depth - 1, out);
            } else if !t.is_dir() && markdown_stem(&name).is_some() {
                out.push(rel);
            }
        }
    }
    let mut out = Vec::new();
    walk(folder, "", 3, &mut out);
    out.sort();
    out
}

/// Finds every page in `content/`. A file whose path leaves `content/` through a link, a link
/// that loops, a name that is not a valid slug, and two files with the same slug are errors.
/// So is everything that would make a page an editor wrote silently vanish: a folder with
/// Markdown but no `index.md`, a file ending in `.MD` or `.markdown`, a section folder that is
/// a file, a named pipe or device where a page should be.
pub fn discover(root: &Path) -> (Vec<Found>, Vec<Diagnostic>) {
    let content = root.join("content");
    let mut found = Vec::new();
    let canonical_content = match content.canonicalize() {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let d = Diagnostic::file("content/", say!("files.no_content_folder"))
                .with_hint(say!("files.no_content_folder_hint"));
            return (found, vec![d]);
        }
        Err(e) => return (found, vec![io_problem("content/", say!("files.the_folder"), &e)]),
    };
    match fs::metadata(&canonical_content) {
        Ok(m) if m.is_dir() => {}
        Ok(m) => {
            let d = not_a_folder(
                "content",
                Kind::of(m.file_type()),
                say!("files.content_folder"),
                say!("files.content_folder_hint"),
            );
            return (found, vec![d]);
        }
        Err(e) => return (found, vec![io_problem("content/", say!("files.the_folder"), &e)]),
    }
    let mut walk = Discovery { root, content: canonical_content, diags: Vec::new() };

    for (name, path, kind) in walk.entries(&content) {
        // `_index.md` spelt otherwise would be skipped as hidden, or taken for a misplaced page.
        let front_spelling = name != "_index.md"
            && markdown_stem(&name)
                .is_some_and(|s| s.eq_ignore_ascii_case("_index") || s.eq_ignore_ascii_case("index"));
        if is_hidden(&name) && name != "_index.md" && !front_spelling {
            continue;
        }
        let Some(kind) = walk.resolve(&path, kind) else {
            continue;
        };
        let rel_path = walk.shown(&path);
        if name == "_index.md" || (front_spelling && kind != Kind::Folder) {
            if kind != Kind::File {
                walk.diags.push(not_a_file(rel_path, &name, kind));
            } else if front_spelling {
                walk.diags.push(
                    Diagnostic::file(rel_path, say!("files.front_page_name", name = &name))
                        .with_hint(say!("files.front_page_name_hint")),
                );
            } else {
                found.push(Found {
                    section: Section::Front,
                    slug: String::new(),
                    rel_path,
                    dir: content.clone(),
                    file: path,
                    bundle: false,
                });
            }
            continue;
        }
        if kind != Kind::Folder {
            if let Some(section) = Section::ALL.into_iter().find(|s| s.folder().eq_ignore_ascii_case(&name)) {
                let folder = section.folder();
                walk.diags.push(not_a_folder(
                    &rel_path,
                    kind,
                    say!("files.section_folder", folder = folder),
                    say!("files.section_folder_hint", folder = folder),
                ));
            } else if markdown_stem(&name).is_some() {
                walk.diags.push(
                    Diagnostic::file(rel_path, say!("files.page_in_content"))
                        .with_hint(say!("files.page_in_content_hint")),
                );
            }
            continue;
        }
        let Some(section) = Section::from_folder(&name) else {
            let folders = Section::ALL.map(Section::folder);
            let d = Diagnostic::file(rel_path, say!("files.unknown_folder", name = &name));
            walk.diags.push(match nearest(&name, folders) {
                Some(near) => d.with_hint(say!("fields.did_you_mean", near = near)),
                None => d.with_hint(say!("files.content_folders_are", folders = folders.join(", "))),
            });
            continue;
        };
        for (file_name, file_path, kind) in walk.entries(&path) {
            if is_hidden(&file_name) {
                continue;
            }
            let Some(kind) = walk.resolve(&file_path, kind) else {
                continue;
            };
            let (slug, file, dir, bundle) = match kind {
                Kind::Folder => match walk.bundle(&path, &file_path, &file_name) {
                    Some(index) => (file_name.clone(), index, file_path.clone(), true),
                    None => continue,
                },
                Kind::File => match file_name.strip_suffix(".md") {
                    Some(stem) => (stem.to_owned(), file_path.clone(), path.clone(), false),
                    None => {
                        if let Some(stem) = markdown_stem(&file_name) {
                            walk.diags.push(
                                Diagnostic::file(walk.shown(&file_path), say!("files.not_md", name = &file_name))
                                    .with_hint(say!("files.not_md_hint", stem = stem)),
                            );
                        }
                        continue; // otherwise a picture or file beside flat pages
                    }
                },
                Kind::Special(_) | Kind::Link => {
                    if markdown_stem(&file_name).is_some() {
                        walk.diags.push(not_a_file(walk.shown(&file_path), &file_name, kind));
                    }
                    continue;
                }
            };
            let rel_path = walk.shown(&file);
            if slugify(&slug) != slug || slug.is_empty() {
                let d = Diagnostic::file(&rel_path, say!("files.not_a_slug", slug = &slug));
                // A folder `x.md/` holding `index.md`: the ending belongs to no web address.
                let d = match markdown_stem(&slug).filter(|stem| bundle && slugify(stem) == *stem) {
                    Some(stem) => d.with_hint(say!("files.folder_named_md_hint", stem = stem)),
                    None => {
                        let better = slugify(&slug);
                        let better = if better.is_empty() { say!("files.a_name") } else { Say::verbatim(better) };
                        d.with_hint(say!("files.slug_hint", better = better))
                    }
                };
                walk.diags.push(d);
                continue;
            }
            found.push(Found { section, slug, file, rel_path, dir, bundle });
        }
    }

    let mut diags = walk.diags;
    let mut seen: HashMap<(Section, &str), &str> = HashMap::new();
    for f in &found {
        if let Some(first) = seen.insert((f.section, f.slug.as_str()), &f.rel_path) {
            diags.push(
                Diagnostic::file(&f.rel_path, say!("files.same_slug", slug = &f.slug, first = first))
                    .with_hint(say!("files.same_slug_hint")),
            );
        }
    }
    (found, diags)
}

/// Something that must be a folder but is not: the pages that belong in it would vanish.
fn not_a_folder(path: &str, kind: Kind, must_be: Say, hint: Say) -> Diagnostic {
    Diagnostic::file(path, say!("files.not_a_folder", path = path, kind = kind.described(), must_be = must_be))
        .with_hint(hint)
}

/// The bytes of `path` if it is an ordinary file. Anything else is never read, and a named
/// pipe is opened without waiting for a writer only to see what it is: a page replaced by
/// one while the preview runs must not stop the build.
fn read_regular(path: &Path) -> Result<Vec<u8>, Result<Kind, std::io::Error>> {
    use std::io::Read as _;
    let kind = Kind::of(fs::metadata(path).map_err(Err)?.file_type());
    if kind != Kind::File {
        return Err(Ok(kind));
    }
    let mut options = fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let mut file = options.open(path).map_err(Err)?;
    let meta = file.metadata().map_err(Err)?;
    let kind = Kind::of(meta.file_type());
    if kind != Kind::File {
        return Err(Ok(kind));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    file.read_to_end(&mut bytes).map_err(Err)?;
    Ok(bytes)
}

/// A document as read, with its front matter's fields to read the entity from.
pub struct ReadDoc {
    pub doc: Doc,
    /// Its front matter, for positions (the same as `doc.fields`).
    pub front: Arc<frontmatter::FrontMatter>,
    /// Its fields as parsed.
    pub map: serde_yaml::Mapping,
}

/// Reads one found file into a document: bytes, UTF-8, front matter.
pub fn read_doc(found: &Found) -> Result<ReadDoc, Diagnostic> {
    let bytes = read_regular(&found.file).map_err(|e| match e {
        Ok(kind) => {
            let name = found.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            not_a_file(&found.rel_path, &name, kind)
        }
        Err(e) => io_problem(&found.rel_path, say!("files.the_file"), &e),
    })?;
    let text = frontmatter::decode(&found.rel_path, &bytes)?;
    let hash = crate::hash::of(&(&found.rel_path, &text));
    let split = frontmatter::split(Source::new(found.rel_path.clone(), text))?;
    let front_hash = crate::hash::of(&(&found.rel_path, split.front.source.text.get(..split.body_offset)));
    // The parsed fields are read once, into the entity, and then let go: held for every page
    // they would be most of a build's memory. Errors found later locate their values in the
    // YAML text again.
    let map = split.map;
    let front = Arc::new(split.front);
    let doc = Doc {
        section: found.section,
        slug: found.slug.clone(),
        rel_path: found.rel_path.clone(),
        dir: found.dir.clone(),
        bundle: found.bundle,
        source: front.source.clone(),
        fields: front.clone(),
        front_hash,
        body_offset: split.body_offset,
        hash,
        // Checked with the other fields (`entities::read`): a file with a wrong one fails.
        language: map.get("language").and_then(|v| v.as_str()).and_then(crate::i18n::Lang::parse),
        // Checked with the other fields too.
        aliases: {
            let at = |i: Option<usize>| [Seg::Key("aliases".to_owned())].into_iter().chain(i.map(Seg::Index)).collect();
            match map.get("aliases") {
                Some(serde_yaml::Value::String(one)) => vec![(one.trim().to_owned(), at(None))],
                Some(serde_yaml::Value::Sequence(items)) => items
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((v.as_str()?.trim().to_owned(), at(Some(i)))))
                    .collect(),
                _ => Vec::new(),
            }
        },
    };
    Ok(ReadDoc { doc, front, map })
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
        Ok(ReadDoc { doc, front, map }) => {
            let doc = Arc::new(doc);
            let (entity, diags) = entities::read(doc.clone(), &front, &map, config, &places);
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
                let f = &file.found;
                loaded.unreadable.push(Unread {
                    section: f.section,
                    slug: f.slug.clone(),
                    rel_path: f.rel_path.clone(),
                });
                // Its body is still checked, so that all its errors are reported in one go.
                loaded.broken_docs.extend(file.doc.clone());
            }
        }
    }
    (loaded, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(file: PathBuf, rel_path: &str) -> Found {
        Found {
            section: Section::Projects,
            slug: "x".into(),
            dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
            file,
            rel_path: rel_path.into(),
            bundle: false,
        }
    }

    #[test]
    fn markdown_endings_in_any_spelling_are_recognised() {
        assert_eq!(markdown_stem("tekst.md"), Some("tekst"));
        assert_eq!(markdown_stem("Tekst.MD"), Some("Tekst"));
        assert_eq!(markdown_stem("x.Markdown"), Some("x"));
        assert_eq!(markdown_stem("x.mkd"), Some("x"));
        assert_eq!(markdown_stem("x.md.txt"), Some("x"), "Notepad's ending");
        assert_eq!(markdown_stem("Index.md"), Some("Index"));
        for other in ["bilde.svg", "x.txt", "md", ".md", "notes.mdx", "æ.md5"] {
            assert_eq!(markdown_stem(other), None, "{other}");
        }
    }

    #[test]
    fn only_a_system_error_reading_the_disk_counts_as_an_io_error() {
        let denied = std::io::Error::from_raw_os_error(13);
        assert!(is_io_error(&io_problem("content/projects/x.md", say!("files.the_file"), &denied)));
        // The same words without the system's error are the content's fault.
        assert!(!is_io_error(&Diagnostic::file(
            "templates/x.html",
            "the template cannot be read: it is not UTF-8 text"
        )));
        assert!(!is_io_error(&Diagnostic::file("content/projects/x.md", "the file is empty")));
        assert!(!is_io_error(&io_problem("x.md", say!("files.the_file"), &denied).warning()));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_file_the_disk_will_not_give_is_an_io_error() {
        // The process's own memory at address 0 answers every read with EIO, also for root
        // (who may read any file whatever its permissions).
        let d = read_doc(&found(PathBuf::from("/proc/self/mem"), "content/projects/x.md"))
            .err()
            .unwrap_or_else(|| panic!("/proc/self/mem was read"));
        assert_eq!(d.path, "content/projects/x.md");
        assert!(d.message().starts_with("the file cannot be read: "), "{}", d.message());
        assert!(is_io_error(&d), "{d}");
    }

    #[cfg(unix)]
    #[test]
    fn a_named_pipe_is_never_waited_on() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let pipe = dir.path().join("x.md");
        let c = std::ffi::CString::new(pipe.to_string_lossy().as_bytes()).unwrap_or_default();
        // SAFETY: a valid NUL-terminated path.
        assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0, "mkfifo failed");
        let (tx, rx) = std::sync::mpsc::channel();
        let f = found(pipe, "content/projects/x.md");
        std::thread::spawn(move || {
            let _ = tx.send(read_doc(&f).err());
        });
        let d = rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap_or_else(|_| panic!("reading a named pipe waits for a writer"))
            .unwrap_or_else(|| panic!("a named pipe was read as a page"));
        assert_eq!(d.path, "content/projects/x.md");
        assert_eq!(d.message(), "`x.md` is a named pipe (FIFO), not an ordinary file, so it cannot be read as a page");
        assert_eq!(
            d.message_in(crate::i18n::Lang::Da),
            "`x.md` er en navngiven pipe (FIFO) og ikke en almindelig fil, så den kan ikke læses som en side"
        );
        assert!(!is_io_error(&d), "{d}");
    }
}
