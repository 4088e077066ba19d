//! The editing API: the local-backend protocol that Decap CMS speaks to `decap-server`
//! (`POST` of `{ "action": …, "params": { … } }`, answered with JSON), answered by nyttig
//! itself on the portal's own folder, so that no Node is needed.
//!
//! It writes files, so every path is checked before it is used ([`Api::place`]): relative,
//! `/`-separated, made of plain names (letters, digits, `-`, `_`, `.`; no `..`, no hidden
//! names), under `content/` or `static/`, and, after following any symbolic link on the way,
//! still there. A file the editor did not read, or that changed on disk since it was read, is
//! never overwritten: the answer says so instead. Files are written whole (a temporary file
//! beside them, then renamed), so the preview's watcher never reads half a file.
//!
//! Who may ask (the origin, the host, the token) is the server's concern (`serve.rs`).

use std::collections::HashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::i18n::Lang;
use crate::say::Say;

/// The folders the editor may read and write, under the portal's root.
const PLACES: [&str; 2] = ["content", "static"];
/// The portal's settings, which the settings form writes: this one file of the portal's root.
const SETTINGS: &str = "portal.yaml";
/// How deep a folder is listed at most, whatever the editor asks.
const MAX_DEPTH: u64 = 8;
/// The longest path accepted, in bytes.
const MAX_PATH: usize = 512;

/// The API on one portal folder. It remembers what it gave the editor, by path, to refuse
/// writing over a file that changed since.
pub struct Api {
    /// The portal's folder, as the system names it (links followed).
    root: PathBuf,
    /// Messages in this language.
    lang: Lang,
    /// Each file the editor was given, and a hash of its bytes then.
    seen: Mutex<HashMap<String, u64>>,
    /// New folders named as `nyttig new` names them, by the name the CMS gave them: the CMS
    /// spells `ø` as `o`, nyttig as `oe` (`content/projects/sykler-pa-oya` →
    /// `content/projects/sykler-paa-oeya`).
    named: Mutex<HashMap<String, String>>,
}

/// An answer: the HTTP status and its JSON body.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    pub status: u16,
    pub body: Value,
    /// An entry was written with other text than it had: the preview builds again.
    pub changed: bool,
}

impl Answer {
    fn ok(body: Value) -> Answer {
        Answer { status: 200, body, changed: false }
    }
}

/// Why a request was not done: the status it answers with, and what to tell the editor.
struct Refusal {
    status: u16,
    said: Say,
}

fn refused(status: u16, said: Say) -> Refusal {
    Refusal { status, said }
}

#[derive(Deserialize)]
struct Request {
    action: String,
    #[serde(default)]
    params: Value,
}

/// A file the CMS sends: where, and its text (an entry) or base64 bytes (a picture).
#[derive(Deserialize)]
struct DataFile {
    path: String,
    raw: String,
    #[serde(default, rename = "newPath")]
    new_path: Option<String>,
}

#[derive(Deserialize)]
struct Asset {
    path: String,
    content: String,
    #[serde(default)]
    encoding: String,
}

impl Api {
    /// The API on the portal at `root`, speaking `lang`.
    pub fn new(root: &Path, lang: Lang) -> io::Result<Api> {
        Ok(Api { root: fs::canonicalize(root)?, lang, seen: Mutex::new(HashMap::new()), named: Mutex::default() })
    }

    /// The portal's folder.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Answers one request body.
    pub fn answer(&self, body: &[u8]) -> Answer {
        let result = serde_json::from_slice::<Request>(body)
            .map_err(|e| refused(400, say!("editor.not_a_request", why = e)))
            .and_then(|r| self.act(&r.action, &r.params));
        match result {
            Ok(answer) => answer,
            Err(r) => Answer { status: r.status, body: json!({ "error": r.said.to(self.lang) }), changed: false },
        }
    }

    fn act(&self, action: &str, p: &Value) -> Result<Answer, Refusal> {
        let text = |key: &str| p.get(key).and_then(Value::as_str).unwrap_or("");
        match action {
            "info" => Ok(Answer::ok(json!({ "repo": "nyttig", "publish_modes": ["simple"], "type": "local_fs" }))),
            "entriesByFolder" => {
                let depth = p.get("depth").and_then(Value::as_u64).unwrap_or(1).min(MAX_DEPTH);
                let files = self.list(text("folder"), text("extension"), depth)?;
                Ok(Answer::ok(Value::Array(files.iter().map(|f| self.entry(f)).collect())))
            }
            "entriesByFiles" => {
                let paths: Vec<&str> = p
                    .get("files")
                    .and_then(Value::as_array)
                    .map(|files| files.iter().filter_map(|f| f.get("path").and_then(Value::as_str)).collect())
                    .unwrap_or_default();
                let entries: Result<Vec<Value>, Refusal> =
                    paths.into_iter().map(|path| self.place(path).map(|_| self.entry(path))).collect();
                Ok(Answer::ok(Value::Array(entries?)))
            }
            "getEntry" => {
                self.place(text("path"))?;
                Ok(Answer::ok(self.entry(text("path"))))
            }
            "persistEntry" => self.persist_entry(p),
            "getMedia" => {
                let files = self.list(text("mediaFolder"), "", 1)?;
                let media: Result<Vec<Value>, Refusal> = files.iter().map(|f| self.media(f)).collect();
                Ok(Answer::ok(Value::Array(media?)))
            }
            "getMediaFile" => self.media(text("path")).map(Answer::ok),
            "persistMedia" => {
                let asset: Asset = serde_json::from_value(p.get("asset").cloned().unwrap_or_default())
                    .map_err(|e| refused(400, say!("editor.not_a_request", why = e)))?;
                self.write_asset(&asset)?;
                self.media(&asset.path).map(Answer::ok)
            }
            "deleteFile" => {
                self.delete(text("path"))?;
                Ok(Answer::ok(json!({ "message": format!("deleted file {}", text("path")) })))
            }
            "deleteFiles" => {
                let paths: Vec<&str> = p
                    .get("paths")
                    .and_then(Value::as_array)
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                for path in &paths {
                    self.deletable(path)?;
                }
                for path in &paths {
                    self.delete(path)?;
                }
                Ok(Answer::ok(json!({ "message": format!("deleted files {}", paths.join(", ")) })))
            }
            "getDeployPreview" => Ok(Answer::ok(Value::Null)),
            other => Err(refused(422, say!("editor.unknown_action", action = other))),
        }
    }

    /// Where `rel` is on disk, if the editor may use it: see the module's comment. A path
    /// that does not exist yet is checked up to its nearest existing folder.
    fn place(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let bad = || refused(403, say!("editor.not_allowed", path = rel));
        let renamed = self.renamed(rel);
        let rel = renamed.as_str();
        let plain = |name: &str| {
            !name.is_empty()
                && !name.starts_with('.')
                && name.chars().all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
        };
        if rel.len() > MAX_PATH || !rel.split('/').all(plain) {
            return Err(bad());
        }
        if rel == SETTINGS {
            // The file itself, never a link to another.
            let path = self.root.join(rel);
            return match fs::symlink_metadata(&path) {
                Ok(m) if !m.file_type().is_file() => Err(bad()),
                _ => Ok(path),
            };
        }
        let place = rel.split('/').next().unwrap_or("");
        if !PLACES.contains(&place) {
            return Err(bad());
        }
        let path = self.root.join(rel);
        if path.components().any(|c| !matches!(c, Component::Normal(_) | Component::RootDir | Component::Prefix(_))) {
            return Err(bad());
        }
        // The nearest part of the path that exists, as the system finds it (links followed),
        // must still be inside the place.
        let base = self.root.join(place);
        let mut existing = path.as_path();
        while fs::symlink_metadata(existing).is_err() {
            existing = existing.parent().ok_or_else(bad)?;
        }
        let real = fs::canonicalize(existing).map_err(|_| bad())?;
        let real_base = fs::canonicalize(&base).unwrap_or(base);
        // (The root itself when the place is not made yet: `static/` of a portal without one.)
        if !real.starts_with(&real_base) && real != self.root {
            return Err(bad());
        }
        Ok(path)
    }

    /// `rel` with the folder the CMS named in place of the folder nyttig named, if it is one.
    fn renamed(&self, rel: &str) -> String {
        let named = self.named.lock().unwrap_or_else(|e| e.into_inner());
        let mut at = rel.len();
        // From the whole path up, folder by folder (`named` holds few entries, a path few parts).
        loop {
            if let Some(ours) = named.get(&rel[..at]) {
                return format!("{ours}{}", &rel[at..]);
            }
            match rel[..at].rfind('/') {
                Some(i) => at = i,
                None => return rel.to_owned(),
            }
        }
    }

    /// A new entry in a folder of its own (`content/projects/<name>/index.md`) gets the folder
    /// `nyttig new` would make for its title (or an innovator's name), when that differs from
    /// the CMS's and is free; the CMS goes on using its own name for it.
    fn name_new_folder(&self, f: &DataFile) -> Result<(), Refusal> {
        let Some(folder) = f.path.strip_suffix("/index.md") else { return Ok(()) };
        let Some((section, name)) = folder.rsplit_once('/') else { return Ok(()) };
        if f.new_path.is_some() || self.place(&f.path)?.exists() {
            return Ok(());
        }
        let title = crate::source::keep::front_text(&f.raw, "title")
            .or_else(|| crate::source::keep::front_text(&f.raw, "name"));
        let ours = crate::text::slugify(&title.unwrap_or_default());
        let free = |rel: String| self.place(&rel).is_ok_and(|p| !p.exists());
        if !ours.is_empty() && ours != name && free(format!("{section}/{ours}")) && free(format!("{section}/{ours}.md"))
        {
            let mut named = self.named.lock().unwrap_or_else(|e| e.into_inner());
            named.insert(folder.to_owned(), format!("{section}/{ours}"));
        }
        Ok(())
    }

    /// The files under `folder` ending in `extension`, at most `depth` folders down, as paths
    /// like `content/projects/a.md`; hidden names are passed over.
    fn list(&self, folder: &str, extension: &str, depth: u64) -> Result<Vec<String>, Refusal> {
        let folder = folder.trim_end_matches('/');
        let dir = self.place(folder)?;
        let mut files = Vec::new();
        let walk = walkdir::WalkDir::new(&dir).min_depth(1).max_depth(depth as usize).sort_by_file_name();
        for entry in walk.into_iter().filter_entry(|e| !e.file_name().to_string_lossy().starts_with('.')) {
            let Ok(entry) = entry else { continue };
            let name = entry.path().strip_prefix(&dir).ok().map(|p| p.to_string_lossy().replace('\\', "/"));
            if let Some(name) = name
                && entry.file_type().is_file()
                && name.ends_with(extension)
            {
                files.push(format!("{folder}/{name}"));
            }
        }
        Ok(files)
    }

    /// An entry as the CMS reads it, `{ data, file: { path, id } }` (`data` null when there is
    /// no such file), remembered as what the editor was given.
    fn entry(&self, rel: &str) -> Value {
        let text = self.place(rel).ok().and_then(|p| fs::read(p).ok());
        let id = text.as_ref().map(|bytes| {
            let hash = crate::hash::of(bytes);
            self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned(), hash);
            format!("{hash:016x}")
        });
        let data = text.map(|bytes| String::from_utf8_lossy(&bytes).into_owned());
        json!({ "data": data, "file": { "path": rel, "id": id } })
    }

    /// A picture or other file as the CMS reads it: base64 content, name, path, id.
    fn media(&self, rel: &str) -> Result<Value, Refusal> {
        let bytes = fs::read(self.place(rel)?).map_err(|_| refused(404, say!("editor.no_file", path = rel)))?;
        let name = rel.rsplit('/').next().unwrap_or(rel);
        Ok(json!({
            "id": format!("{:016x}", crate::hash::of(&bytes)),
            "content": base64::engine::general_purpose::STANDARD.encode(&bytes),
            "encoding": "base64",
            "path": rel,
            "name": name,
        }))
    }

    fn persist_entry(&self, p: &Value) -> Result<Answer, Refusal> {
        let bad = |e: serde_json::Error| refused(400, say!("editor.not_a_request", why = e));
        let files: Vec<DataFile> = match p.get("dataFiles") {
            Some(files) => serde_json::from_value(files.clone()).map_err(bad)?,
            None => vec![serde_json::from_value(p.get("entry").cloned().unwrap_or_default()).map_err(bad)?],
        };
        let assets: Vec<Asset> = serde_json::from_value(p.get("assets").cloned().unwrap_or(json!([]))).map_err(bad)?;
        for f in &files {
            self.name_new_folder(f)?;
        }
        // Every path is checked, and every file found unchanged, before anything is written.
        for f in &files {
            self.place(&f.path)?;
            self.unchanged(&f.path)?;
            if let Some(to) = &f.new_path
                && self.place(to)?.exists()
            {
                return Err(refused(409, say!("editor.exists", path = to)));
            }
        }
        for a in &assets {
            self.place(&a.path)?;
        }
        // Each page keeps its own layout where its values did not change (`source::keep`).
        let mut changed = false;
        let mut texts = Vec::with_capacity(files.len());
        for f in &files {
            let old = self.place(&f.path).ok().and_then(|p| fs::read_to_string(p).ok());
            let text = match &old {
                Some(old) if f.path.ends_with(".md") => {
                    crate::source::keep::keep_layout(old, &f.raw, crate::content::markdown::same_meaning)
                }
                Some(old) if f.path == SETTINGS => crate::source::keep::keep_yaml_layout(old, &f.raw),
                _ => f.raw.clone(),
            };
            changed |= old.as_deref() != Some(text.as_str());
            texts.push(text);
        }
        for (f, text) in files.iter().zip(&texts) {
            self.write(&f.path, text.as_bytes())?;
            self.remember(&f.path, text.as_bytes());
            if let Some(to) = &f.new_path {
                self.rename(&f.path, to)?;
            }
        }
        for a in &assets {
            self.write_asset(a)?;
        }
        Ok(Answer { changed, ..Answer::ok(json!({ "message": "entry persisted" })) })
    }

    /// A file the editor is about to write over must be the one it was given.
    fn unchanged(&self, rel: &str) -> Result<(), Refusal> {
        let path = self.place(rel)?;
        let Ok(bytes) = fs::read(&path) else { return Ok(()) };
        let seen = self.seen.lock().unwrap_or_else(|e| e.into_inner()).get(rel).copied();
        match seen {
            Some(hash) if hash == crate::hash::of(&bytes) => Ok(()),
            Some(_) => Err(refused(409, say!("editor.changed", path = rel))),
            None => Err(refused(409, say!("editor.exists", path = rel))),
        }
    }

    fn remember(&self, rel: &str, bytes: &[u8]) {
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).insert(rel.to_owned(), crate::hash::of(&bytes));
    }

    fn write_asset(&self, asset: &Asset) -> Result<(), Refusal> {
        if asset.encoding != "base64" {
            return Err(refused(400, say!("editor.not_base64", path = &asset.path)));
        }
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(asset.content.as_bytes())
            .map_err(|_| refused(400, say!("editor.not_base64", path = &asset.path)))?;
        if self.place(&asset.path)?.exists() {
            self.unchanged_media(&asset.path, &bytes)?;
        }
        self.write(&asset.path, &bytes)
    }

    /// A picture is never written over by another of the same name: the same bytes again is
    /// fine (the CMS sends a picture again with its entry), others are refused.
    fn unchanged_media(&self, rel: &str, bytes: &[u8]) -> Result<(), Refusal> {
        let old = fs::read(self.place(rel)?).unwrap_or_default();
        if old == bytes { Ok(()) } else { Err(refused(409, say!("editor.exists", path = rel))) }
    }

    /// Writes `bytes` to `rel` whole: a temporary file beside it, then renamed over it.
    fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Refusal> {
        let path = self.place(rel)?;
        let failed = |e: io::Error| refused(500, say!("editor.not_written", path = rel, why = e));
        let dir = path.parent().ok_or_else(|| refused(403, say!("editor.not_allowed", path = rel)))?;
        fs::create_dir_all(dir).map_err(failed)?;
        // Made inside the place: the check above holds for the folders made too.
        self.place(rel)?;
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let temp = dir.join(format!(".nyttig-{name}.tmp"));
        fs::write(&temp, bytes).map_err(failed)?;
        fs::rename(&temp, &path).map_err(|e| {
            let _ = fs::remove_file(&temp);
            failed(e)
        })
    }

    fn rename(&self, from: &str, to: &str) -> Result<(), Refusal> {
        let (source, target) = (self.place(from)?, self.place(to)?);
        let failed = |e: io::Error| refused(500, say!("editor.not_written", path = to, why = e));
        if let Some(dir) = target.parent() {
            fs::create_dir_all(dir).map_err(failed)?;
        }
        fs::rename(&source, &target).map_err(failed)?;
        self.forget_empty_folders(&source);
        Ok(())
    }

    /// Deletes a file; the folders it leaves empty under its place go with it, so that a
    /// deleted project's folder does not stay behind.
    /// Where `rel` is, if the editor may delete it: as `place`, but never the settings.
    fn deletable(&self, rel: &str) -> Result<PathBuf, Refusal> {
        if rel == SETTINGS {
            return Err(refused(403, say!("editor.not_allowed", path = rel)));
        }
        self.place(rel)
    }

    fn delete(&self, rel: &str) -> Result<(), Refusal> {
        let path = self.deletable(rel)?;
        match fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(refused(500, say!("editor.not_written", path = rel, why = e))),
        }
        self.seen.lock().unwrap_or_else(|e| e.into_inner()).remove(rel);
        self.forget_empty_folders(&path);
        Ok(())
    }

    fn forget_empty_folders(&self, removed: &Path) {
        let mut dir = removed.parent();
        while let Some(d) = dir {
            if PLACES.iter().any(|p| d == self.root.join(p)) || !d.starts_with(&self.root) {
                break;
            }
            if fs::remove_dir(d).is_err() {
                break;
            }
            dir = d.parent();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn portal() -> (tempfile::TempDir, Api) {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("content/projects")).unwrap();
        fs::write(dir.path().join("content/projects/a.md"), "---\ntitle: A\n---\nTekst\n").unwrap();
        fs::write(dir.path().join("portal.yaml"), "title: P\n").unwrap();
        let api = Api::new(dir.path(), Lang::En).unwrap();
        (dir, api)
    }

    fn ask(api: &Api, action: &str, params: Value) -> Answer {
        api.answer(json!({ "action": action, "params": params }).to_string().as_bytes())
    }

    fn persist(api: &Api, path: &str, raw: &str) -> Answer {
        ask(
            api,
            "persistEntry",
            json!({ "dataFiles": [{ "path": path, "raw": raw, "slug": "x" }], "assets": [], "options": {} }),
        )
    }

    #[test]
    fn entries_are_listed_read_and_written_back() {
        let (dir, api) = portal();
        let listed =
            ask(&api, "entriesByFolder", json!({ "folder": "content/projects", "extension": "md", "depth": 2 }));
        assert_eq!(listed.status, 200);
        assert_eq!(listed.body[0]["file"]["path"], "content/projects/a.md");
        assert_eq!(listed.body[0]["data"], "---\ntitle: A\n---\nTekst\n");
        let saved = persist(&api, "content/projects/a.md", "---\ntitle: B\n---\nTekst\n");
        assert_eq!(saved.status, 200, "{:?}", saved.body);
        assert_eq!(
            fs::read_to_string(dir.path().join("content/projects/a.md")).unwrap(),
            "---\ntitle: B\n---\nTekst\n"
        );
        // A new entry in a folder of its own, with its picture beside it.
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nxx");
        let new = ask(
            &api,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "content/projects/ny/index.md", "raw": "---\ntitle: Ny\n---\n", "slug": "ny" }],
                    "assets": [{ "path": "content/projects/ny/foto.png", "content": png, "encoding": "base64" }], "options": {} }),
        );
        assert_eq!(new.status, 200, "{:?}", new.body);
        assert!(dir.path().join("content/projects/ny/foto.png").is_file());
        let media = ask(&api, "getMedia", json!({ "mediaFolder": "content/projects/ny" }));
        assert_eq!(media.body[0]["name"], "foto.png", "{:?}", media.body);
        // Deleting the entry and its picture takes its folder too.
        let gone = ask(
            &api,
            "deleteFiles",
            json!({ "paths": ["content/projects/ny/index.md", "content/projects/ny/foto.png"] }),
        );
        assert_eq!(gone.status, 200);
        assert!(!dir.path().join("content/projects/ny").exists());
        assert!(dir.path().join("content/projects").is_dir(), "the section's folder stays");
    }

    #[test]
    fn a_saved_page_keeps_its_comments_and_can_be_saved_again() {
        let (dir, api) = portal();
        let file = dir.path().join("content/projects/a.md");
        fs::write(&file, "---\n# navnet\ntitle: A\nteam: [anna, bo]\n---\nTekst\n").unwrap();
        ask(&api, "getEntry", json!({ "path": "content/projects/a.md" }));
        let form = "---\ntitle: B\nteam:\n  - anna\n  - bo\n---\nTekst\n";
        assert_eq!(persist(&api, "content/projects/a.md", form).status, 200);
        assert_eq!(fs::read_to_string(&file).unwrap(), "---\n# navnet\ntitle: B\nteam: [anna, bo]\n---\nTekst\n");
        // What was written is what the API remembers: the next save is not refused.
        let again = persist(&api, "content/projects/a.md", &form.replace("title: B", "title: C"));
        assert_eq!(again.status, 200, "{:?}", again.body);
        assert!(fs::read_to_string(&file).unwrap().starts_with("---\n# navnet\ntitle: C\nteam: [anna, bo]\n"));
    }

    #[test]
    fn a_new_folder_is_named_as_nyttig_new_names_it_and_the_cms_keeps_its_own_name_for_it() {
        let (dir, api) = portal();
        // The CMS spells "Sykler på Øya" as `sykler-pa-oya`; `nyttig new` as `sykler-paa-oeya`.
        let png = base64::engine::general_purpose::STANDARD.encode(b"\x89PNG\r\n\x1a\nxx");
        let new = ask(
            &api,
            "persistEntry",
            json!({ "dataFiles": [{ "path": "content/projects/sykler-pa-oya/index.md", "raw": "---\ntitle: Sykler på Øya\n---\n" }],
                    "assets": [{ "path": "content/projects/sykler-pa-oya/foto.png", "content": png, "encoding": "base64" }] }),
        );
        assert_eq!(new.status, 200, "{:?}", new.body);
        let ours = dir.path().join("content/projects/sykler-paa-oeya");
        assert!(ours.join("index.md").is_file() && ours.join("foto.png").is_file());
        assert!(!dir.path().join("content/projects/sykler-pa-oya").exists());
        // Read, saved again and deleted by the CMS's name.
        let read = ask(&api, "getEntry", json!({ "path": "content/projects/sykler-pa-oya/index.md" }));
        assert_eq!(read.body["data"], "---\ntitle: Sykler på Øya\n---\n");
        assert_eq!(
            persist(&api, "content/projects/sykler-pa-oya/index.md", "---\ntitle: Sykler på Øya\nsummary: S\n---\n")
                .status,
            200
        );
        assert!(fs::read_to_string(ours.join("index.md")).unwrap().contains("summary: S"));
        let media = ask(&api, "getMedia", json!({ "mediaFolder": "content/projects/sykler-pa-oya" }));
        assert_eq!(media.body[0]["name"], "foto.png", "{:?}", media.body);
        let gone = ask(
            &api,
            "deleteFiles",
            json!({ "paths": ["content/projects/sykler-pa-oya/index.md", "content/projects/sykler-pa-oya/foto.png"] }),
        );
        assert_eq!(gone.status, 200);
        assert!(!ours.exists());
        // A name that is taken is left to the CMS; so is one the CMS already spells the same.
        fs::create_dir_all(dir.path().join("content/projects/bro-over-aa")).unwrap();
        let taken = persist(&api, "content/projects/bro-over-a/index.md", "---\ntitle: Bro over å\n---\n");
        assert_eq!(taken.status, 200);
        assert!(dir.path().join("content/projects/bro-over-a/index.md").is_file());
        assert_eq!(persist(&api, "content/projects/same/index.md", "---\ntitle: Same\n---\n").status, 200);
        assert!(dir.path().join("content/projects/same/index.md").is_file());
    }

    #[test]
    fn paths_outside_the_content_are_refused_and_nothing_is_written() {
        let (dir, api) = portal();
        let outside = dir.path().parent().unwrap().join("nyttig-outside-target");
        let _ = fs::remove_dir_all(&outside);
        fs::create_dir_all(&outside).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(&outside, dir.path().join("content/ud")).unwrap();
        for path in [
            "../x.md",
            "content/../portal.yaml",
            "content/projects/../../portal.yaml",
            "/etc/passwd",
            "templates/base.html",
            "content\\projects\\b.md",
            "content/projects/.skjult.md",
            "content//projects/b.md",
            "content/projects/b.md\u{0}",
            "content/projects/c:b.md",
            "content/ud/b.md",
            "",
        ] {
            let answer = persist(&api, path, "x");
            assert_eq!(answer.status, 403, "{path}: {:?}", answer.body);
            assert!(answer.body["error"].as_str().is_some_and(|e| e.contains("may not")), "{:?}", answer.body);
            assert_eq!(ask(&api, "getEntry", json!({ "path": path })).status, 403, "{path}");
            assert_eq!(ask(&api, "deleteFile", json!({ "path": path })).status, 403, "{path}");
        }
        assert_eq!(fs::read_dir(&outside).unwrap().count(), 0, "nothing was written through the link");
        // A place the portal does not have yet is made inside it.
        assert!(!dir.path().join("static").exists());
        assert_eq!(ask(&api, "getMedia", json!({ "mediaFolder": "static/billeder" })).status, 200);
        // The settings file: written only once read, never deleted.
        assert_eq!(persist(&api, "portal.yaml", "x").status, 409);
        assert_eq!(ask(&api, "deleteFile", json!({ "path": "portal.yaml" })).status, 403);
        let both = json!({ "paths": ["content/projects/a.md", "portal.yaml"] });
        assert_eq!(ask(&api, "deleteFiles", both).status, 403);
        assert!(dir.path().join("content/projects/a.md").is_file(), "nothing deleted when one is refused");
        assert_eq!(fs::read_to_string(dir.path().join("portal.yaml")).unwrap(), "title: P\n");
        ask(&api, "getEntry", json!({ "path": "portal.yaml" }));
        assert_eq!(persist(&api, "portal.yaml", "title: Q\n").status, 200);
        assert_eq!(fs::read_to_string(dir.path().join("portal.yaml")).unwrap(), "title: Q\n");
        #[cfg(unix)]
        {
            fs::remove_file(dir.path().join("portal.yaml")).unwrap();
            std::os::unix::fs::symlink(outside.join("p.yaml"), dir.path().join("portal.yaml")).unwrap();
            assert_eq!(persist(&api, "portal.yaml", "x").status, 403, "not through a link");
            assert!(!outside.join("p.yaml").exists());
        }
        let _ = fs::remove_dir_all(&outside);
    }

    #[test]
    fn a_file_changed_on_disk_or_never_read_is_not_written_over() {
        let (dir, api) = portal();
        let file = dir.path().join("content/projects/a.md");
        let never_read = persist(&api, "content/projects/a.md", "x");
        assert_eq!(never_read.status, 409, "{:?}", never_read.body);
        ask(&api, "getEntry", json!({ "path": "content/projects/a.md" }));
        fs::write(&file, "---\ntitle: Ændret i en teksteditor\n---\n").unwrap();
        let answer = persist(&api, "content/projects/a.md", "---\ntitle: Fra formularen\n---\n");
        assert_eq!(answer.status, 409);
        assert!(answer.body["error"].as_str().unwrap().contains("changed"), "{:?}", answer.body);
        assert!(fs::read_to_string(&file).unwrap().contains("teksteditor"), "the change on disk is kept");
    }

    #[test]
    fn requests_that_do_not_read_say_so() {
        let (_dir, api) = portal();
        assert_eq!(api.answer(b"{").status, 400);
        assert_eq!(api.answer(b"[]").status, 400);
        assert_eq!(ask(&api, "runShell", json!({})).status, 422);
        assert_eq!(ask(&api, "info", json!({})).body["type"], "local_fs");
        let asset = json!({ "asset": { "path": "content/projects/x.png", "content": "!!", "encoding": "base64" } });
        assert_eq!(ask(&api, "persistMedia", asset).status, 400);
    }
}
