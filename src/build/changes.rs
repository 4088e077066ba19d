//! What a changed file means for the site: the one reading of a changed path, shared by the
//! preview's watcher (which changes to build again for) and the build's cache (what to forget).

use std::path::Path;

/// The folders whose files make the site, beside `portal.yaml`.
pub const WATCHED: [&str; 4] = ["content", "static", "templates", "themes"];

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// `portal.yaml`: the cache's key holds its text, so a change makes everything again.
    Config,
    /// A template or a theme's file: every page is made again.
    Templates,
    /// A Markdown page under `content/`, by its path as shown (`content/projects/a.md`).
    Page(String),
    /// Another file under `content/` (a picture, a folder): pages may use it.
    ContentFile,
    /// A file under `static/`, copied as it is.
    Static,
}

/// What a change of `path` (under `root`) means, or `None` when it cannot change the site:
/// outside the watched folders, or an editor's swap, backup or temporary file.
pub fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = path.file_name()?.to_str()?;
    let scratch = name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with('~')
        || name.starts_with(".#")
        || name == "4913"
        || name.ends_with(".tmp")
        || name.starts_with(".nyttig");
    if scratch {
        return None;
    }
    if rel == Path::new("portal.yaml") {
        return Some(Change::Config);
    }
    let shown = rel.to_string_lossy().replace('\\', "/");
    match shown.split('/').next().unwrap_or("") {
        "templates" | "themes" => Some(Change::Templates),
        "content" if shown.ends_with(".md") => Some(Change::Page(shown)),
        "content" => Some(Change::ContentFile),
        "static" => Some(Change::Static),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_read_by_their_folder() {
        let root = Path::new("/p");
        let of = |p: &str| classify(root, &root.join(p));
        assert_eq!(of("portal.yaml"), Some(Change::Config));
        assert_eq!(of("content/projects/a.md"), Some(Change::Page("content/projects/a.md".into())));
        assert_eq!(of("content/projects/a/foto.jpg"), Some(Change::ContentFile));
        assert_eq!(of("content/projects"), Some(Change::ContentFile));
        assert_eq!(of("static/logo.svg"), Some(Change::Static));
        assert_eq!(of("templates/page.html"), Some(Change::Templates));
        assert_eq!(of("themes/x/style.css"), Some(Change::Templates));
        for ignored in ["public/index.html", "content/.a.md.swp", "content/a.md~", "content/4913", "README.md"] {
            assert_eq!(of(ignored), None, "{ignored}");
        }
        assert_eq!(classify(root, Path::new("/elsewhere/portal.yaml")), None);
    }
}
