//! Writing the built site to disk, all or nothing: new and changed files are written under
//! temporary names and renamed into place only when all of them are written, so a failed build
//! never leaves a half-written site.

use crate::say::Say;
use crate::stamps::{self, Stamp};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A file's bytes. Shared, so that a preview's next build keeps the pages it did not render
/// again without copying them.
pub type Bytes = std::sync::Arc<[u8]>;

/// The built site: output path (relative, `/`-separated) → bytes.
pub type Output = BTreeMap<String, Bytes>;

/// A file in every output folder, so that nyttig only ever replaces a folder it wrote itself.
pub const MARKER: &str = ".nyttig-output";

#[derive(Debug)]
pub enum OutError {
    /// The folder is not one nyttig may write to.
    Refused(Say),
    Io(io::Error),
}

impl OutError {
    /// What went wrong, to be said in the editor's language.
    pub fn said(&self) -> Say {
        match self {
            OutError::Refused(why) => why.clone(),
            OutError::Io(e) => Say::verbatim(e.to_string()),
        }
    }
}

impl std::fmt::Display for OutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.said().en())
    }
}

impl From<io::Error> for OutError {
    fn from(e: io::Error) -> Self {
        OutError::Io(e)
    }
}

fn absolute(p: &Path) -> PathBuf {
    let abs = if p.is_absolute() { p.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(p) };
    // Resolve what exists, keep the rest, so that `a/../b` and links compare truthfully.
    let mut existing = abs.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.file_name().map(|n| n.to_owned()), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name);
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    out
}

/// Refuses output folders that would overwrite the portal's own files.
pub fn check_out_dir(root: &Path, out: &Path) -> Result<(), OutError> {
    let (root, out) = (absolute(root), absolute(out));
    if out == root || root.starts_with(&out) {
        return Err(OutError::Refused(say!("build.out_holds_portal", out = out.display())));
    }
    for own in ["content", "static", "templates"] {
        if out.starts_with(root.join(own)) {
            return Err(OutError::Refused(say!("build.out_inside", out = out.display(), folder = own)));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(OutError::Refused(say!("build.out_is_file", out = out.display())));
    }
    if out.is_dir() && !out.join(MARKER).exists() && fs::read_dir(&out)?.next().is_some() {
        return Err(OutError::Refused(say!("build.out_not_ours", out = out.display())));
    }
    Ok(())
}

/// What the last build wrote, per file: (content hash, size, modification time in ns).
type Manifest = HashMap<String, Stamp>;

fn read_manifest(out: &Path) -> Manifest {
    fs::read_to_string(out.join(MARKER)).map(|text| stamps::read(&text)).unwrap_or_default()
}

fn write_manifest(out: &Path, manifest: &Manifest) -> io::Result<()> {
    let text = format!(
        "# This folder is written by nyttig: it replaces the files listed here at every build.\n{}",
        stamps::write(manifest.iter())
    );
    let tmp = out.join(format!("{MARKER}.new"));
    fs::write(&tmp, text)?;
    fs::rename(tmp, out.join(MARKER))
}

fn staging_name(file: &Path) -> PathBuf {
    let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    file.with_file_name(format!(".{name}.nyttig-new"))
}

/// Writes `output` to `out`, all or nothing. New and changed files are first written under
/// temporary names; only when every one of them is written are they renamed into place, and
/// files of the previous build that are gone are removed. If any write fails, the temporary
/// files are removed and the previous site stays exactly as it was. Files whose content did
/// not change are not touched, so their dates stay (sync tools upload only what changed).
pub fn write(root: &Path, out: &Path, output: &Output) -> Result<(), OutError> {
    check_out_dir(root, out)?;
    let out = absolute(out);
    fs::create_dir_all(&out)?;
    let old = read_manifest(&out);

    let hashed: Vec<(&String, &Bytes, u64)> = output.par_iter().map(|(p, b)| (p, b, crate::hash::bytes(b))).collect();
    let changed: Vec<(&String, &Bytes, u64)> = hashed
        .par_iter()
        .filter(|(path, bytes, hash)| match (old.get(*path), fs::metadata(out.join(path))) {
            // Unchanged only if the file on disk is still the one the last build wrote.
            (Some(stamp), Ok(meta)) => stamp.hash != *hash || stamp.size != bytes.len() as u64 || !stamp.matches(&meta),
            _ => true,
        })
        .copied()
        .collect();

    // Folders that do not exist yet, made first and removed again if the build cannot finish.
    let mut new_dirs: Vec<PathBuf> = Vec::new();
    let mut seen = HashSet::new();
    for (path, _, _) in &changed {
        let mut dir = out.join(path);
        while dir.pop() && dir != out && seen.insert(dir.clone()) {
            if !dir.exists() {
                new_dirs.push(dir.clone());
            }
        }
    }
    new_dirs.sort_by_key(|d| d.components().count());
    let undo = |new_dirs: &[PathBuf], staged: &[PathBuf]| {
        for f in staged {
            let _ = fs::remove_file(f);
        }
        for d in new_dirs.iter().rev() {
            let _ = fs::remove_dir(d);
        }
    };
    for d in &new_dirs {
        if let Err(e) = fs::create_dir(d).or_else(|e| if d.is_dir() { Ok(()) } else { Err(e) }) {
            undo(&new_dirs, &[]);
            return Err(e.into());
        }
    }

    let staged: Vec<(PathBuf, io::Result<()>)> = changed
        .par_iter()
        .map(|(path, bytes, _)| {
            let tmp = staging_name(&out.join(path));
            let written = fs::write(&tmp, &bytes[..]);
            (tmp, written)
        })
        .collect();
    if let Some(e) = staged.iter().find_map(|(_, r)| r.as_ref().err()) {
        let message = e.to_string();
        let kind = e.kind();
        let files: Vec<PathBuf> = staged.into_iter().map(|(f, _)| f).collect();
        undo(&new_dirs, &files);
        return Err(io::Error::new(kind, message).into());
    }

    // Everything is written: swap it in.
    let renamed: Vec<io::Result<()>> = changed
        .par_iter()
        .map(|(path, _, _)| {
            let target = out.join(path);
            fs::rename(staging_name(&target), target)
        })
        .collect();
    if let Some(Err(e)) = renamed.into_iter().find(Result::is_err) {
        return Err(e.into());
    }

    // What the previous build wrote and this one does not: removed, with folders left empty.
    for path in old.keys().filter(|p| !output.contains_key(*p)) {
        let file = out.join(path);
        let _ = fs::remove_file(&file);
        let mut dir = file;
        while dir.pop() && dir != out && fs::remove_dir(&dir).is_ok() {}
    }

    let mut manifest: Manifest = Manifest::with_capacity(hashed.len());
    let changed_paths: HashSet<&String> = changed.iter().map(|(p, _, _)| *p).collect();
    for (path, bytes, hash) in &hashed {
        let time = if changed_paths.contains(path) {
            fs::metadata(out.join(path)).map(|m| stamps::mtime(&m)).unwrap_or(0)
        } else {
            old.get(*path).map_or(0, |e| e.time)
        };
        manifest.insert((*path).clone(), Stamp { hash: *hash, size: bytes.len() as u64, time });
    }
    write_manifest(&out, &manifest)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_folders_that_would_destroy_the_portal() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        fs::create_dir_all(root.join("content/projects")).unwrap();
        for bad in [
            root.to_path_buf(),
            root.join("content"),
            root.join("content/projects/out"),
            root.join("static/x"),
            root.join(".."),
        ] {
            assert!(matches!(check_out_dir(root, &bad), Err(OutError::Refused(_))), "{}", bad.display());
        }
        assert!(check_out_dir(root, &root.join("public")).is_ok());
        fs::create_dir_all(root.join("mine")).unwrap();
        fs::write(root.join("mine/notes.txt"), "keep").unwrap();
        assert!(
            matches!(check_out_dir(root, &root.join("mine")), Err(OutError::Refused(_))),
            "a folder of someone else's files"
        );
    }

    #[test]
    fn replaces_the_old_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::new();
        first.insert("a/index.html".into(), b"one".as_slice().into());
        first.insert("gone.html".into(), b"old".as_slice().into());
        write(dir.path(), &out, &first).unwrap();
        let mut second = Output::new();
        second.insert("a/index.html".into(), b"two".as_slice().into());
        write(dir.path(), &out, &second).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> =
            fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
        let inside: Vec<_> = fs::read_dir(&out).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(inside.len(), 2, "only `a/` and the marker remain: {inside:?}");
    }

    #[test]
    fn unchanged_files_are_not_rewritten_but_hand_edits_are_repaired() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut site = Output::new();
        site.insert("a/index.html".into(), b"same".as_slice().into());
        site.insert("b/index.html".into(), b"old".as_slice().into());
        write(dir.path(), &out, &site).unwrap();
        let before = fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(20));
        fs::write(out.join("b/index.html"), b"edited by hand").unwrap();
        write(dir.path(), &out, &site).unwrap();
        assert_eq!(fs::metadata(out.join("a/index.html")).unwrap().modified().unwrap(), before);
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"old", "a file changed by hand is written again");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_site_as_it_was() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut first = Output::new();
        first.insert("a/index.html".into(), b"one".as_slice().into());
        first.insert("b/index.html".into(), b"one".as_slice().into());
        write(dir.path(), &out, &first).unwrap();
        // A folder where b's new version must be staged makes that one write fail, even for root.
        fs::create_dir(out.join("b/.index.html.nyttig-new")).unwrap();
        let mut second = Output::new();
        second.insert("a/index.html".into(), b"two".as_slice().into());
        second.insert("b/index.html".into(), b"two".as_slice().into());
        second.insert("c/d/index.html".into(), b"two".as_slice().into());
        assert!(write(dir.path(), &out, &second).is_err());
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"one");
        assert_eq!(fs::read(out.join("b/index.html")).unwrap(), b"one");
        assert!(!out.join("c").exists(), "folders made for the failed build are removed again");
        assert!(!out.join("a/.index.html.nyttig-new").exists(), "staged files are removed again");
        fs::remove_dir(out.join("b/.index.html.nyttig-new")).unwrap();
        write(dir.path(), &out, &second).unwrap();
        assert_eq!(fs::read(out.join("c/d/index.html")).unwrap(), b"two");
    }
}
