//! The pictures stage: every picture the content uses (the `image` or `photo` of front
//! matter, pictures and picture files linked in bodies) made once, in parallel, into the files
//! `images` makes of it, or taken from the store of earlier builds. Each file is placed beside
//! every page that uses it; a picture that cannot be published is an error at each place
//! that uses it.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::Cache;
use crate::diagnostics::Diagnostics;
use crate::images::{self, Kind, Made, Problem, store::Store};
use crate::model::{Doc, Site, key};
use crate::output::{Bytes, Output};
use crate::say::Say;
use crate::urls::Urls;
use crate::views::Bodies;

/// A picture made: what it became and its files by suffix.
pub(super) type Processed = Arc<images::store::Stored>;

/// Where a picture is used: in a field of the front matter, or in the body.
enum Place {
    Field(&'static str),
    Body(usize),
}

/// What a picture file became (see `make`).
enum Outcome {
    /// An SVG drawing that may be published as it is, with its size if it says it.
    Svg(Option<(u32, u32)>),
    /// Made (now: `true`, or by an earlier build).
    Made(Processed, bool),
    /// Not made yet: the preview shows the original while it is made (`key`) in the background.
    Later(u64),
    Failed(Problem),
}

/// One use of a picture file by a page.
struct Use<'a> {
    file: &'a Path,
    doc: &'a Doc,
    /// As the content writes it: `bus.jpg`, `billeder/bus.jpg`, `/logo.png` (from `static/`).
    src: &'a str,
    place: Place,
}

impl Use<'_> {
    /// A message about the picture at the place that uses it.
    fn at(&self, message: Say) -> crate::diagnostics::Diagnostic {
        match self.place {
            Place::Field(field) => self.doc.error(&[key(field), key("src")], message),
            Place::Body(offset) => self.doc.source.error_at(offset, message),
        }
    }
}

/// How many pictures this build made, how many it took from earlier builds, and how many
/// it left to be made later (the preview's, shown as they are until then).
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PictureCounts {
    pub made: usize,
    pub kept: usize,
    pub later: usize,
}

/// What a build did with the content's pictures.
pub(super) struct Staged {
    pub pictures: images::Pictures,
    pub counts: PictureCounts,
    /// The pictures left to be made later: their originals are published until then.
    pub later: Vec<PathBuf>,
}

/// The pictures a preview's build left to be made after it (`Options::pictures_later`): the
/// pages show the originals until then. [`PicturesLater::make`] makes them into the store,
/// after which the next build shows them as always.
#[derive(Debug)]
pub struct PicturesLater {
    root: PathBuf,
    settings: crate::config::Images,
    pub files: Vec<PathBuf>,
}

impl PicturesLater {
    /// Makes every picture into the store (in parallel); returns how many were made (a picture
    /// that cannot be published counts too: its problem is kept, for the next build to tell).
    pub fn make(&self) -> usize {
        let store = Store::open(&self.root);
        let memory = HashMap::new();
        self.files
            .par_iter()
            .filter(|file| {
                matches!(
                    make(file, &self.settings, &store, &memory, false).unwrap_or_else(Outcome::Failed),
                    Outcome::Made(_, true) | Outcome::Failed(_)
                )
            })
            .count()
    }
}

/// Makes (or finds) every picture the content uses and puts its files in `output`; returns
/// what each became, for the pages' markup. With `later`, a picture no earlier build made is
/// left for [`PicturesLater`].
#[allow(clippy::too_many_arguments)]
pub(super) fn stage(
    root: &Path,
    site: &Site,
    urls: &Urls,
    bodies: &Bodies,
    cache: &mut Cache,
    later: bool,
    output: &mut Output,
    diags: &mut Diagnostics,
) -> Staged {
    let settings = &site.config.images;
    let uses = uses(site, bodies);
    let mut files: Vec<&Path> = uses.iter().map(|u| u.file).collect();
    files.sort_unstable();
    files.dedup();
    let store = Store::open(root);
    let memory = &cache.pictures;
    let results: Vec<(&Path, Outcome)> = files
        .par_iter()
        .map(|file| (*file, make(file, settings, &store, memory, later).unwrap_or_else(Outcome::Failed)))
        .collect();

    let mut pictures = images::Pictures::default();
    let mut counts = PictureCounts::default();
    let mut problems: HashMap<&Path, Problem> = HashMap::new();
    let mut made: HashMap<&Path, Processed> = HashMap::new();
    let mut left = Vec::new();
    // The pictures this build uses, by key: what the store keeps.
    let mut used: HashSet<u64> = HashSet::new();
    for (file, result) in results {
        match result {
            Outcome::Made(p, fresh) => {
                if fresh {
                    counts.made += 1;
                } else {
                    counts.kept += 1;
                }
                used.insert(p.0.key);
                pictures.insert(file.to_path_buf(), Arc::new(p.0.clone()));
                made.insert(file, p);
            }
            Outcome::Later(key) => {
                counts.later += 1;
                used.insert(key);
                left.push(file.to_path_buf());
            }
            Outcome::Svg(Some(size)) => pictures.insert_drawing(file.to_path_buf(), size),
            Outcome::Svg(None) => {}
            Outcome::Failed(problem) => {
                problems.insert(file, problem);
            }
        }
    }
    for u in &uses {
        if let Some(problem) = problems.get(u.file) {
            let message = say!("pictures.cannot_publish", src = u.src, why = problem.message.clone());
            diags.push(u.at(message).with_hint(problem.hint.clone()));
        } else if let Some(p) = made.get(u.file) {
            for (message, hint) in advice(&p.0, u) {
                diags.push(u.at(message).with_hint(hint).warning());
            }
            let (folder, stem) = urls.picture_place(&urls.doc(u.doc.section, &u.doc.slug), u.src);
            for (suffix, bytes) in &p.1 {
                let name = p.0.file_name(&stem, p.0.variant(suffix).unwrap_or(&p.0.share));
                let file = urls.file(&format!("{folder}{name}"));
                output.insert(crate::text::percent_decode(&file), bytes.clone());
            }
        }
    }
    if problems.is_empty() {
        store.finish(&used);
        cache.pictures = made.into_values().map(|p| (p.0.key, p)).collect();
    }
    Staged { pictures, counts, later: left }
}

/// The pictures `staged` left for later, to be made after the build.
pub(super) fn later(root: &Path, site: &Site, staged: &Staged) -> Option<PicturesLater> {
    (!staged.later.is_empty()).then(|| PicturesLater {
        root: root.to_path_buf(),
        settings: site.config.images.clone(),
        files: staged.later.clone(),
    })
}

/// What `file` became: from this process's memory or the store, or made now (unless `later`).
fn make(
    file: &Path,
    settings: &crate::config::Images,
    store: &Store,
    memory: &HashMap<u64, Processed>,
    later: bool,
) -> Result<Outcome, Problem> {
    let unreadable = |e: std::io::Error| Problem {
        message: say!("pictures.cannot_read", why = e),
        hint: say!("pictures.cannot_read_hint"),
    };
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    if Kind::by_name(&name) == Some(Kind::Svg) {
        let bytes = std::fs::read(file).map_err(unreadable)?;
        return images::svg::check(&bytes).map(|()| Outcome::Svg(images::svg::size(&bytes))).map_err(|r| Problem {
            message: match r.line {
                Some(line) => say!("pictures.svg_line", reason = r.reason, line = line),
                None => r.reason,
            },
            hint: say!("pictures.svg_hint"),
        });
    }
    let mut bytes = None;
    let hash = match store.known_hash(file) {
        Some(h) => h,
        None => {
            let b = std::fs::read(file).map_err(unreadable)?;
            let h = images::bytes_hash(&b);
            store.remember_hash(file, h);
            bytes = Some(b);
            h
        }
    };
    let key = images::key(hash, settings);
    if let Some(p) = memory.get(&key) {
        return Ok(Outcome::Made(p.clone(), false));
    }
    match store.get(key) {
        Some(Ok(p)) => return Ok(Outcome::Made(Arc::new(p), false)),
        Some(Err(problem)) => return Err(problem),
        None if later => return Ok(Outcome::Later(key)),
        None => {}
    }
    let bytes = match bytes {
        Some(b) => b,
        None => std::fs::read(file).map_err(unreadable)?,
    };
    let (made, files) =
        images::process(&bytes, key, settings).inspect_err(|problem| store.put_problem(key, problem))?;
    let files: Vec<(String, Bytes)> = files.into_iter().map(|(s, b)| (s, Bytes::from(b))).collect();
    store.put(&made, &files);
    Ok(Outcome::Made(Arc::new((made, files)), true))
}

/// What an editor should know about a picture that can be published: (message, hint).
fn advice(made: &Made, u: &Use<'_>) -> Vec<(Say, Say)> {
    use crate::images::markup::sizes::{COLUMN_PX, PORTRAIT_PX};
    let mut out = Vec::new();
    if made.animated {
        out.push((say!("pictures.gif_moves", src = u.src), say!("pictures.gif_moves_hint")));
    }
    let shown = match u.place {
        Place::Field("photo") => PORTRAIT_PX,
        Place::Field(_) => COLUMN_PX,
        // A picture in the story is never shown wider than it is.
        Place::Body(_) => 0,
    };
    if made.width < shown {
        out.push((
            say!("pictures.too_narrow", src = u.src, width = made.width, shown = shown),
            say!("pictures.too_narrow_hint", least = shown * 2),
        ));
    }
    out
}

/// Every use of a picture file by a page that is published.
fn uses<'a>(site: &'a Site, bodies: &'a Bodies) -> Vec<Use<'a>> {
    let mut out = Vec::new();
    for doc in site.docs() {
        if let Some(r) = bodies.get(&doc.rel_path) {
            for r in &r.resources {
                if Kind::is_picture_name(&r.rel) {
                    out.push(Use { file: &r.file, doc, src: &r.rel, place: Place::Body(r.offset) });
                }
            }
        }
    }
    for (doc, field, image) in site.lead_images() {
        out.push(Use { file: &image.file, doc, src: &image.src, place: Place::Field(field) });
    }
    out
}

/// Whether a file the content uses is published as it is: not a raster picture (those are
/// published as the files made of them), unless portal.yaml asks for the originals too.
pub(super) fn copied_as_is(file: &Path, settings: &crate::config::Images) -> bool {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    settings.publish_originals || !Kind::is_picture_name(&name) || Kind::by_name(&name) == Some(Kind::Svg)
}
