//! The files beside the pages: pictures and downloads the content uses, the portal's
//! `static/` folder, the sitemap, the feed, robots.txt and the hosts' header files.

use std::path::Path;

use super::Cache;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Doc, Site};
use crate::output::Output;
use crate::urls::Urls;

/// The sitemap, the Atom feed, robots.txt and the hosts' header files (`hosting`; robots.txt
/// and the header files unless `static/` has its own).
pub(super) fn site_files(
    site: &Site,
    urls: &Urls,
    sitemap_urls: &[(String, Option<crate::date::Date>)],
    output: &mut Output,
) {
    output.insert("sitemap.xml".into(), sitemap(urls, &site.config.base_url, sitemap_urls).into_bytes().into());
    output.insert("feed.xml".into(), crate::feed::atom(site, urls).into_bytes().into());
    let admin = if site.config.editor.is_some() { format!("Disallow: {}admin/\n", urls.home()) } else { String::new() };
    output.entry("robots.txt".into()).or_insert_with(|| {
        format!(
            "User-agent: *\nAllow: /\n{admin}\nSitemap: {}\n",
            urls.absolute(&site.config.base_url, &format!("{}sitemap.xml", urls.home()))
        )
        .into_bytes()
        .into()
    });
    if let Some(host) = &site.config.editor {
        editor(site, host, output);
    }
    // The hosts' files, unless `static/` has its own; the old addresses follow its own
    // redirects, which come first.
    let hosts = crate::hosting::host_files(site, &urls.home(), output.keys().map(String::as_str));
    for (name, bytes) in hosts {
        match output.get(&name) {
            Some(own) if name == crate::hosting::REDIRECTS => {
                let mut joined = own.to_vec();
                if !joined.ends_with(b"\n") {
                    joined.push(b'\n');
                }
                joined.extend(bytes);
                output.insert(name, joined.into());
            }
            Some(_) => {}
            None => {
                output.insert(name, bytes.into());
            }
        }
    }
}

/// The editor of a portal edited through its git host (`editor:` in portal.yaml), at
/// `/admin/`: the page, its configuration made from the content model, and the bundled CMS
/// with its licences. No public page links to it or loads anything of it.
fn editor(site: &Site, host: &crate::config::EditorHost, output: &mut Output) {
    let c = &site.config;
    let mut config = crate::editor::config::config(c, crate::editor::hosted_backend(host));
    config["site_url"] = serde_json::json!(c.base_url);
    let config = serde_json::to_string_pretty(&config).unwrap_or_default();
    output.insert("admin/index.html".into(), crate::editor::page(&c.title, c.language).into_bytes().into());
    output.insert("admin/config.yml".into(), config.into_bytes().into());
    for (name, bytes) in crate::editor::cms_files() {
        output.insert(format!("admin/cms/{name}"), bytes.clone());
    }
}

/// Pictures and files that pages use, copied next to each page's output: files that are not
/// pictures, and the pictures left to be made later (`later`: shown as they are until then).
#[allow(clippy::too_many_arguments)]
pub(super) fn copy_resources(
    site: &Site,
    urls: &Urls,
    bodies: &crate::views::Bodies,
    later: &[std::path::PathBuf],
    cache: &mut Cache,
    output: &mut Output,
    diags: &mut Diagnostics,
) {
    let mut wanted: Vec<(std::path::PathBuf, String)> = Vec::new();
    let page_dir = |doc: &Doc| urls.file(&urls.doc(doc.section, &doc.slug)).trim_end_matches("index.html").to_owned();
    for doc in site.docs() {
        if let Some(r) = bodies.get(&doc.rel_path) {
            for r in &r.resources {
                wanted.push((r.file.clone(), format!("{}{}", page_dir(doc), r.rel)));
            }
        }
    }
    let mut beside = |doc: &Doc, src: &str| {
        if !src.starts_with('/') {
            wanted.push((doc.dir.join(src), format!("{}{src}", page_dir(doc))));
        }
    };
    for (doc, _, image) in site.lead_images() {
        beside(doc, &image.src);
    }
    for m in &site.methods {
        if let Some(d) = &m.download {
            beside(&m.doc, &d.src);
        }
    }
    for (file, out) in wanted {
        if !super::pictures::copied_as_is(&file, &site.config.images) && !later.contains(&file) {
            continue;
        }
        match cache.copy(&file) {
            Ok(bytes) => {
                output.insert(out, bytes);
            }
            Err(e) => diags.push(Diagnostic::unreadable(file.display().to_string(), say!("files.the_file"), &e)),
        }
    }
}

/// The portal's `static/` folder, copied as it is (it may replace the theme's assets).
pub(super) fn copy_static(root: &Path, cache: &mut Cache, output: &mut Output, diags: &mut Diagnostics) {
    let dir = root.join("static");
    if !dir.is_dir() {
        return;
    }
    for entry in walkdir::WalkDir::new(&dir).follow_links(true) {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(&dir).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                match cache.copy(e.path()) {
                    Ok(bytes) => {
                        output.insert(rel, bytes);
                    }
                    Err(err) => {
                        diags.push(Diagnostic::unreadable(format!("static/{rel}"), say!("files.the_file"), &err))
                    }
                }
            }
            Ok(_) => {}
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.strip_prefix(root).unwrap_or(p).display().to_string())
                    .unwrap_or_else(|| "static/".into());
                diags.push(
                    Diagnostic::file(path, say!("build.cannot_copy", why = e))
                        .with_hint(say!("build.cannot_copy_hint")),
                );
            }
        }
    }
}

/// Every page's absolute address, with the date it last changed where the content gives one.
fn sitemap(urls: &Urls, base_url: &str, pages: &[(String, Option<crate::date::Date>)]) -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, lastmod) in pages {
        let loc = crate::text::xml_escape(&urls.absolute(base_url, url));
        match lastmod {
            Some(d) => s.push_str(&format!("  <url><loc>{loc}</loc><lastmod>{d}</lastmod></url>\n")),
            None => s.push_str(&format!("  <url><loc>{loc}</loc></url>\n")),
        }
    }
    s.push_str("</urlset>\n");
    s
}
