//! The pictures earlier builds made, kept in the portal's `.nyttig-cache/pictures/` (never in
//! the output, never in git): one folder per source picture and settings, named by its key,
//! with the files and `made.json` (or `problem.json`: why it cannot be published). An index of source files by path, size and modification
//! time gives a picture's key without reading it again, so a build whose pictures did not
//! change reads no source picture and makes none.
//!
//! The store is only a cache: a folder that cannot be written or read is made again, and a
//! damaged entry is never used (each folder is written under a temporary name and renamed
//! into place whole).

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Made, Problem};
use crate::output::Bytes;
use crate::stamps::{self, Stamp};

/// The folder in a portal where nyttig keeps what it can make again.
pub const CACHE_DIR: &str = ".nyttig-cache";
const INDEX: &str = "index.tsv";

/// What a picture became: what it is and its files' bytes by suffix.
pub type Stored = (Made, Vec<(String, Bytes)>);

pub struct Store {
    dir: PathBuf,
    index: Mutex<HashMap<String, Stamp>>,
    /// Whether `index` has news to write.
    changed: Mutex<bool>,
}

impl Store {
    /// The store of the portal at `root` (nothing is written until a picture is made).
    pub fn open(root: &Path) -> Store {
        let dir = root.join(CACHE_DIR).join("pictures");
        let index = fs::read_to_string(dir.join(INDEX)).map(|text| stamps::read(&text)).unwrap_or_default();
        Store { dir, index: Mutex::new(index), changed: Mutex::new(false) }
    }

    /// The hash of the bytes of `file` if it is unchanged since it was last read.
    pub fn known_hash(&self, file: &Path) -> Option<u64> {
        let meta = fs::metadata(file).ok()?;
        let seen = self.index.lock().ok()?.get(&path_key(file)).copied()?;
        seen.matches(&meta).then_some(seen.hash)
    }

    /// Remembers the hash of the bytes of `file` as it is now.
    pub fn remember_hash(&self, file: &Path, hash: u64) {
        let Ok(meta) = fs::metadata(file) else { return };
        if let Ok(mut index) = self.index.lock() {
            index.insert(path_key(file), Stamp::of(&meta, hash));
            if let Ok(mut c) = self.changed.lock() {
                *c = true;
            }
        }
    }

    /// What an earlier build made of `key` (if the files are all there), or found wrong with it.
    pub fn get(&self, key: u64) -> Option<Result<Stored, Problem>> {
        let folder = self.dir.join(format!("{key:016x}"));
        if let Ok(problem) = fs::read(folder.join("problem.json")) {
            let problem: Option<Problem> = serde_json::from_slice(&problem).ok();
            if problem.is_none() {
                // Written by an older nyttig (its words in English only) or damaged: made
                // again, and kept again in the form this one reads.
                let _ = fs::remove_dir_all(&folder);
            }
            return problem.map(Err);
        }
        let made: Made = serde_json::from_slice(&fs::read(folder.join("made.json")).ok()?).ok()?;
        if made.key != key {
            return None;
        }
        let mut files = Vec::with_capacity(made.variants.len() + 1);
        for v in made.variants.iter().chain([&made.share]) {
            files.push((v.suffix.clone(), Bytes::from(fs::read(folder.join(&v.suffix)).ok()?)));
        }
        Some(Ok((made, files)))
    }

    /// Keeps what `key` became; a failure to write only means it is made again next time.
    pub fn put(&self, made: &Made, files: &[(String, Bytes)]) {
        let mut all: Vec<(&str, &[u8])> = files.iter().map(|(s, b)| (s.as_str(), &b[..])).collect();
        let json = serde_json::to_vec(made).unwrap_or_default();
        all.push(("made.json", &json));
        self.keep(made.key, &all);
    }

    /// Keeps why `key` cannot be published, so that it is not tried again.
    pub fn put_problem(&self, key: u64, problem: &Problem) {
        let json = serde_json::to_vec(problem).unwrap_or_default();
        self.keep(key, &[("problem.json", &json)]);
    }

    /// Writes the folder of `key` whole (under a temporary name, renamed into place), unless
    /// it is there.
    fn keep(&self, key: u64, files: &[(&str, &[u8])]) {
        static WRITES: AtomicU64 = AtomicU64::new(0);
        let folder = self.dir.join(format!("{key:016x}"));
        if folder.join("made.json").is_file() || folder.join("problem.json").is_file() {
            return;
        }
        let n = WRITES.fetch_add(1, Ordering::Relaxed);
        let tmp = self.dir.join(format!(".{key:016x}.{}.{n}.tmp", std::process::id()));
        let written = (|| -> std::io::Result<()> {
            fs::create_dir_all(&tmp)?;
            for (name, bytes) in files {
                fs::write(tmp.join(name), bytes)?;
            }
            let _ = fs::remove_dir_all(&folder);
            fs::rename(&tmp, &folder)
        })();
        if written.is_err() {
            let _ = fs::remove_dir_all(&tmp);
        }
        let _ = self.dir.parent().map(keep_out_of_git);
    }

    /// Writes the index and removes what no picture of this build uses (`used`: their keys).
    pub fn finish(&self, used: &std::collections::HashSet<u64>) {
        if let Ok(read) = fs::read_dir(&self.dir) {
            for entry in read.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let stale = u64::from_str_radix(&name, 16).is_ok_and(|k| name.len() == 16 && !used.contains(&k));
                if stale {
                    let _ = fs::remove_dir_all(entry.path());
                }
            }
        }
        if !self.changed.lock().map(|c| *c).unwrap_or(false) {
            return;
        }
        let Ok(index) = self.index.lock() else { return };
        let text = stamps::write(index.iter().filter(|(path, _)| Path::new(path).exists()));
        if fs::create_dir_all(&self.dir).is_ok() {
            let tmp = self.dir.join(format!(".{INDEX}.{}.tmp", std::process::id()));
            if fs::write(&tmp, text).is_ok() {
                let _ = fs::rename(&tmp, self.dir.join(INDEX));
            }
        }
        let _ = self.dir.parent().map(keep_out_of_git);
    }
}

/// `.nyttig-cache/.gitignore` (`cache` is that folder), so the cache stays out of git even
/// where `nyttig init` did not write the portal's own `.gitignore`.
pub fn keep_out_of_git(cache: &Path) -> std::io::Result<()> {
    let file = cache.join(".gitignore");
    if !file.exists() {
        fs::write(file, "# Made by nyttig; safe to delete.\n*\n")?;
    }
    Ok(())
}

fn path_key(file: &Path) -> String {
    file.to_string_lossy().replace(['\t', '\n'], " ")
}
