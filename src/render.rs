//! Rendering views to HTML with Tera: the default theme, compiled into the binary, with a
//! portal's own `templates/` replacing its files by name.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};
use rayon::prelude::*;
use tera::{Context, Kwargs, Tera};

use crate::diagnostics::Diagnostic;
use crate::views::View;

static THEME: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

/// A theme's static files: (path under the theme's `static/`, bytes).
pub fn theme_assets() -> Vec<(String, &'static [u8])> {
    let mut out = Vec::new();
    if let Some(dir) = THEME.get_dir("static") {
        collect(dir, &mut out);
    }
    out
}

fn collect(dir: &'static Dir<'static>, out: &mut Vec<(String, &'static [u8])>) {
    for f in dir.files() {
        let rel = f.path().strip_prefix("static").unwrap_or(f.path());
        out.push((rel.to_string_lossy().replace('\\', "/"), f.contents()));
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

/// A theme script as it is served: comments on lines of their own and indentation left out,
/// which is about a fifth of its size after gzip (the search client is measured in bytes). A
/// comment with a copyright notice stays.
pub fn compact_js(src: &str) -> String {
    let mut out = String::with_capacity(src.len());
    let mut block: Option<Vec<&str>> = None;
    for line in src.lines() {
        let trimmed = line.trim();
        if let Some(lines) = &mut block {
            lines.push(line);
            if trimmed.contains("*/") {
                let lines = block.take().unwrap_or_default();
                if lines.iter().any(|l| l.contains("Copyright")) {
                    for l in lines {
                        out.push_str(l);
                        out.push('\n');
                    }
                }
            }
        } else if trimmed.starts_with("/*") && !trimmed.contains("*/") {
            block = Some(vec![line]);
        } else if trimmed.starts_with("//")
            || (trimmed.starts_with("/*") && trimmed.ends_with("*/"))
            || trimmed.is_empty()
        {
            if trimmed.contains("Copyright") {
                out.push_str(trimmed);
                out.push('\n');
            }
        } else {
            out.push_str(trimmed);
            out.push('\n');
        }
    }
    out
}

/// `{{ t.ui.plan_span | fill(start=plan.start_label, end=plan.end_label) }}`: a sentence with its
/// `{name}` placeholders filled by [`crate::text::fill`], from text or numbers. The result is
/// text, escaped where it is written like any other.
fn fill_filter(sentence: &str, values: Kwargs, _: &tera::State) -> String {
    let values: Vec<(String, String)> =
        values.iter().map(|(k, v)| (k.to_string(), v.as_str().map_or_else(|| v.to_string(), str::to_owned))).collect();
    let pairs: Vec<(&str, &str)> = values.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    crate::text::fill(sentence, &pairs)
}

/// The templates of a build: the theme's, with the portal's own replacing them by name.
pub struct Templates {
    tera: Tera,
    /// Template name → the file as the editor knows it.
    shown: BTreeMap<String, String>,
}

/// Loads the theme's templates and the portal's overrides into one Tera.
pub fn templates(root: &Path) -> Result<Templates, Vec<Diagnostic>> {
    let mut sources: BTreeMap<String, (String, String)> = BTreeMap::new();
    if let Some(dir) = THEME.get_dir("templates") {
        for f in dir.files() {
            let name = f.path().strip_prefix("templates").unwrap_or(f.path()).to_string_lossy().replace('\\', "/");
            let text = f.contents_utf8().unwrap_or_default().to_owned();
            sources.insert(name.clone(), (format!("themes/default/templates/{name}"), text));
        }
    }
    let mut diags = Vec::new();
    let own = root.join("templates");
    if own.is_dir() {
        for entry in walkdir::WalkDir::new(&own).follow_links(true).into_iter() {
            match entry {
                Ok(e) if e.file_type().is_file() => {
                    let name = e.path().strip_prefix(&own).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                    let shown = format!("templates/{name}");
                    match std::fs::read(e.path()).map(String::from_utf8) {
                        Ok(Ok(text)) => {
                            sources.insert(name, (shown, text));
                        }
                        Ok(Err(_)) => diags.push(Diagnostic::file(shown, say!("build.template_not_utf8"))),
                        Err(e) => diags.push(Diagnostic::unreadable(shown, say!("build.the_template"), &e)),
                    }
                }
                Ok(_) => {}
                Err(e) => diags.push(match e.into_io_error() {
                    Some(err) => Diagnostic::unreadable("templates/", say!("build.a_template_folder"), &err),
                    None => Diagnostic::file("templates/", say!("build.template_link_loop"))
                        .with_hint(say!("files.remove_link")),
                }),
            }
        }
    }
    let mut tera = Tera::new();
    tera.autoescape_on(vec![".html", ".xml"]);
    tera.register_filter("fill", fill_filter);
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(name, (_, text))| (name.as_str(), text.as_str()))) {
        let shown = sources.iter().map(|(n, (s, _))| (n.clone(), s.clone())).collect();
        diags.push(template_error(&e, &shown));
    }
    let shown = sources.into_iter().map(|(n, (s, _))| (n, s)).collect();
    if diags.is_empty() { Ok(Templates { tera, shown }) } else { Err(diags) }
}

/// Names the template file an error is in: Tera points at it as `--> name:line:col`.
fn template_error(e: &tera::Error, shown: &BTreeMap<String, String>) -> Diagnostic {
    let text = format!("{e}");
    let pointed = text.split("--> ").nth(1).and_then(|r| r.split(':').next()).map(str::trim);
    let file = pointed
        .and_then(|name| shown.get(name))
        .or_else(|| shown.iter().find(|(name, _)| text.contains(name.as_str())).map(|(_, s)| s))
        .cloned()
        .unwrap_or_else(|| "templates/".to_owned());
    let mut detail = text.clone();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        detail.push_str(&format!("\n{s}"));
        source = s.source();
    }
    Diagnostic::file(file, say!("build.template_error", detail = detail)).with_hint(say!("build.template_error_hint"))
}

/// A rendered page.
pub struct Page {
    pub url: String,
    pub kind: crate::views::PageKind,
    /// Made into shared bytes on the thread that rendered it, so that the rendered text's
    /// memory is given back where it was taken.
    pub html: crate::output::Bytes,
}

/// Renders every page in parallel; `view` makes each page's values just before it is rendered,
/// so that only the pages being rendered hold theirs. `globals` are the values every template gets.
pub fn render_all<T: Sync>(
    templates: &mut Templates,
    globals: Vec<(&'static str, serde_json::Value)>,
    pages: &[T],
    view: impl Fn(&T) -> View + Sync,
) -> Result<Vec<Page>, Vec<Diagnostic>> {
    for (k, v) in globals {
        templates.tera.global_context().insert(k, &v);
    }
    let (tera, shown) = (&templates.tera, &templates.shown);
    let results: Vec<Result<Page, Diagnostic>> = pages
        .par_iter()
        .map(|page| {
            let v = view(page);
            let ctx = Context::from_serialize(&v.context)
                .map_err(|e| Diagnostic::file(v.template, say!("build.page_values", why = e)))?;
            drop(v.context);
            let page = |html: String| Page { url: v.url.clone(), kind: v.kind, html: html.into_bytes().into() };
            tera.render(v.template, &ctx).map(page).map_err(|e| {
                let d = template_error(&e, shown);
                let message = say!("build.while_making", problem = d.said().clone(), url = &v.url);
                d.with_message(message)
            })
        })
        .collect();
    let mut ok = Vec::with_capacity(results.len());
    let mut errs: Vec<Diagnostic> = Vec::new();
    for r in results {
        match r {
            Ok(x) => ok.push(x),
            // One broken template fails many pages in the same way: report it once per template.
            Err(d) if errs.iter().any(|e| e.path == d.path) => {}
            Err(d) => errs.push(d),
        }
    }
    if errs.is_empty() { Ok(ok) } else { Err(errs) }
}

#[cfg(test)]
mod tests {
    use super::compact_js;

    #[test]
    fn scripts_lose_comments_and_indentation_but_not_code_or_copyright() {
        let src = "/* About.\n   More. */\n(function () {\n  // note\n  var a = \"//x\"; // end\n\n  /* one line */\n  return a;\n})();\n/* Copyright (c) 2001 X.\n */\n";
        assert_eq!(
            compact_js(src),
            "(function () {\nvar a = \"//x\"; // end\nreturn a;\n})();\n/* Copyright (c) 2001 X.\n */\n"
        );
    }
}
