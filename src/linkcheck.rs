//! Every internal link in the generated site must lead somewhere: each `href` and `src` that
//! points into the site must name a generated file, and each `#anchor` an id on that page.
//! Content links are checked while building; this checks what the templates made too.

use std::collections::HashMap;
use std::collections::HashSet;

use crate::html::{self, ids_in};
use crate::output::Output;
use crate::text::percent_decode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    /// The generated file the link is in.
    pub page: String,
    pub link: String,
    pub why: crate::say::Say,
}

/// The values of the `href` and `src` attributes of a page's elements, decoded.
fn links_in(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    html::scan(html, |p| {
        if let html::Piece::Attr(name, value) = p
            && (name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src"))
        {
            out.push(html::decode(value).into_owned());
        }
    });
    out
}

/// The output file a link from `page` leads to, or `None` for links that leave the site.
fn target(page: &str, link: &str, base_path: &str) -> Option<String> {
    let lower = link.to_ascii_lowercase();
    if ["http://", "https://", "mailto:", "tel:", "data:", "//"].iter().any(|p| lower.starts_with(p)) {
        return None;
    }
    let path = link.split(['?', '#']).next().unwrap_or("");
    let joined = if path.is_empty() {
        page.to_owned()
    } else if let Some(abs) = path.strip_prefix('/') {
        let base = base_path.trim_start_matches('/');
        abs.strip_prefix(base).unwrap_or(abs).to_owned()
    } else {
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
        for seg in path.split('/') {
            match seg {
                "" | "." => {}
                ".." => {
                    parts.pop();
                }
                s => parts.push(s),
            }
        }
        let mut joined = parts.join("/");
        if path.ends_with('/') {
            joined.push('/');
        }
        joined
    };
    let file = percent_decode(&joined);
    Some(if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file })
}

/// Checks every internal link and anchor of every generated HTML page.
pub fn check(output: &Output, base_path: &str) -> Vec<Broken> {
    let mut ids: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut broken = Vec::new();
    for (page, bytes) in output.iter().filter(|(p, _)| p.ends_with(".html")) {
        let Ok(html) = std::str::from_utf8(bytes) else { continue };
        for link in links_in(html) {
            let Some(file) = target(page, &link, base_path) else { continue };
            let Some(target_bytes) = output.get(&file) else {
                broken.push(Broken { page: page.clone(), link, why: say!("build.no_file", file = file) });
                continue;
            };
            let Some(anchor) = link.split_once('#').map(|(_, a)| percent_decode(a)).filter(|a| !a.is_empty()) else {
                continue;
            };
            let Some((key, _)) = output.get_key_value(&file) else { continue };
            let known = ids
                .entry(key.as_str())
                .or_insert_with(|| std::str::from_utf8(target_bytes).map(ids_in).unwrap_or_default());
            if !known.contains(anchor.as_str()) {
                broken.push(Broken {
                    page: page.clone(),
                    link,
                    why: say!("build.no_id", file = file, anchor = anchor),
                });
            }
        }
    }
    broken
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_missing_files_and_anchors_and_ignores_other_sites() {
        let mut out = Output::new();
        let front = r##"<a href="/x/a/">a</a> <a href="/x/a/#mål">m</a> <a href="/x/b/">b</a> <a href="https://y.dk/">y</a> <a href="#top">t</a> <img src="/x/assets/s.svg?v=1">"##;
        out.insert("index.html".into(), front.as_bytes().into());
        out.insert(
            "a/index.html".into(),
            r#"<h2 id="mål">Mål</h2><a href="../index.html#main">op</a>"#.as_bytes().into(),
        );
        out.insert("assets/s.svg".into(), b"<svg/>".as_slice().into());
        let broken = check(&out, "/x/");
        let found: Vec<(&str, &str)> = broken.iter().map(|b| (b.page.as_str(), b.link.as_str())).collect();
        assert_eq!(
            found,
            [("a/index.html", "../index.html#main"), ("index.html", "/x/b/"), ("index.html", "#top")],
            "{broken:#?}"
        );
    }
}
