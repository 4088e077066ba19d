//! A portal for one test: a copy of a fixture (or of the demo) in a temporary folder, edited
//! file by file, built, and asked for its pages and messages.

use std::fs;
use std::path::Path;

use nyttig::build::{Built, Options, build};
use nyttig::diagnostics::Diagnostics;

use super::{copy_dir, copy_fixture};

pub struct Portal {
    dir: tempfile::TempDir,
}

impl Portal {
    /// A copy of `tests/fixtures/<name>`.
    pub fn fixture(name: &str) -> Portal {
        Portal { dir: copy_fixture(name) }
    }

    /// A copy of the repository's demo portal (`portal.yaml`, `content/`, `static/`).
    pub fn demo() -> Portal {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let dir = tempfile::tempdir().unwrap();
        fs::copy(repo.join("portal.yaml"), dir.path().join("portal.yaml")).unwrap();
        for folder in ["content", "static"] {
            copy_dir(&repo.join(folder), &dir.path().join(folder));
        }
        Portal { dir }
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `rel` (folders made as needed).
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Portal {
        write_file(self.root(), rel, bytes);
        self
    }

    /// The text of `rel`.
    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Replaces the first `from` in `rel`, which must be there.
    pub fn replace(&self, rel: &str, from: &str, to: &str) -> &Portal {
        let text = self.read(rel);
        assert!(text.contains(from), "{rel} has no `{from}`");
        self.write(rel, text.replacen(from, to, 1))
    }

    pub fn remove(&self, rel: &str) -> &Portal {
        fs::remove_file(self.root().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        self
    }

    pub fn mkdir(&self, rel: &str) -> &Portal {
        fs::create_dir_all(self.root().join(rel)).unwrap();
        self
    }

    pub fn build(&self) -> Result<Built, Diagnostics> {
        self.build_with(&Options::default())
    }

    pub fn build_with(&self, options: &Options) -> Result<Built, Diagnostics> {
        build(self.root(), options)
    }

    /// What a build prints: its errors and warnings as the terminal shows them.
    pub fn messages(&self) -> String {
        self.messages_in(nyttig::i18n::Lang::En)
    }

    /// What the build prints for this portal, in `lang`.
    pub fn messages_in(&self, lang: nyttig::i18n::Lang) -> String {
        let diags = match self.build() {
            Ok(built) => built.warnings,
            Err(diags) => diags.0,
        };
        nyttig::diagnostics::Report(&diags, lang).to_string()
    }
}

/// Writes `rel` under `root`, making its folders.
pub fn write_file(root: &Path, rel: &str, bytes: impl AsRef<[u8]>) {
    let file = root.join(rel);
    fs::create_dir_all(file.parent().unwrap()).unwrap();
    fs::write(file, bytes).unwrap();
}

/// The page at `file` of a build (`tiltak/index.html`), as text.
pub fn page(built: &Built, file: &str) -> String {
    let bytes = built.output.get(file).unwrap_or_else(|| panic!("no {file} in the build"));
    String::from_utf8(bytes.to_vec()).unwrap()
}
