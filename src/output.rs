//! Writing the built site to disk, all or nothing: the new site is written beside the old one
//! and swapped in by renaming, so a failed build or a crash never leaves a half-written site.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The built site: output path (relative, `/`-separated) → bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

/// A file in every output folder, so that nyttig only ever replaces a folder it wrote itself.
pub const MARKER: &str = ".nyttig-output";

#[derive(Debug)]
pub enum OutError {
    /// The folder is not one nyttig may write to.
    Refused(String),
    Io(io::Error),
}

impl std::fmt::Display for OutError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OutError::Refused(why) => f.write_str(why),
            OutError::Io(e) => write!(f, "{e}"),
        }
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
        return Err(OutError::Refused(format!(
            "the output folder {} would contain the portal itself; choose a folder inside it such as `public/`",
            out.display()
        )));
    }
    for own in ["content", "static", "templates"] {
        if out.starts_with(root.join(own)) {
            return Err(OutError::Refused(format!(
                "the output folder {} is inside the portal's `{own}/` folder; choose another, such as `public/`",
                out.display()
            )));
        }
    }
    if out.exists() && !out.is_dir() {
        return Err(OutError::Refused(format!("{} is a file, not a folder", out.display())));
    }
    if out.is_dir() && !out.join(MARKER).exists() && fs::read_dir(&out)?.next().is_some() {
        return Err(OutError::Refused(format!(
            "{} already holds files that nyttig did not write; empty it or choose another folder, so that nothing of yours is replaced",
            out.display()
        )));
    }
    Ok(())
}

/// Writes `output` to `out`, replacing what was there only once everything is written.
pub fn write(root: &Path, out: &Path, output: &Output) -> Result<(), OutError> {
    check_out_dir(root, out)?;
    let out = absolute(out);
    let parent = out.parent().ok_or_else(|| OutError::Refused("the output folder has no parent folder".into()))?;
    fs::create_dir_all(parent)?;
    let name = out.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    let staging = parent.join(format!(".{name}.nyttig-new-{}", std::process::id()));
    let old = parent.join(format!(".{name}.nyttig-old-{}", std::process::id()));
    if staging.exists() {
        fs::remove_dir_all(&staging)?;
    }
    let written = (|| -> io::Result<()> {
        fs::create_dir_all(&staging)?;
        let mut dirs = std::collections::HashSet::new();
        for (path, bytes) in output {
            let file = staging.join(path);
            if let Some(dir) = file.parent()
                && dirs.insert(dir.to_path_buf())
            {
                fs::create_dir_all(dir)?;
            }
            fs::write(&file, bytes)?;
        }
        fs::write(staging.join(MARKER), "This folder is written by nyttig and replaced at every build.\n")
    })();
    if let Err(e) = written {
        let _ = fs::remove_dir_all(&staging);
        return Err(e.into());
    }
    if out.exists() {
        fs::rename(&out, &old)?;
    }
    if let Err(e) = fs::rename(&staging, &out) {
        if old.exists() {
            let _ = fs::rename(&old, &out);
        }
        let _ = fs::remove_dir_all(&staging);
        return Err(e.into());
    }
    if old.exists() {
        fs::remove_dir_all(&old)?;
    }
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
        first.insert("a/index.html".into(), b"one".to_vec());
        first.insert("gone.html".into(), b"old".to_vec());
        write(dir.path(), &out, &first).unwrap();
        let mut second = Output::new();
        second.insert("a/index.html".into(), b"two".to_vec());
        write(dir.path(), &out, &second).unwrap();
        assert_eq!(fs::read(out.join("a/index.html")).unwrap(), b"two");
        assert!(!out.join("gone.html").exists());
        let leftovers: Vec<_> =
            fs::read_dir(dir.path()).unwrap().filter_map(Result::ok).map(|e| e.file_name()).collect();
        assert_eq!(leftovers.len(), 1, "{leftovers:?}");
    }
}
