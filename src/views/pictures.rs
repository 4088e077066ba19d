//! Pictures on pages: the values a template gets for a picture from front matter (a project's
//! `image`, an innovator's `photo`, a card's small version, the link preview's), and the
//! pictures of a body turned into `<picture>` elements with every width made of them.

use std::borrow::Cow;

use serde_json::{Value, json};

use super::Views;
use crate::images::markup::Shown;
use crate::model::{Doc, Image};
use crate::text::xml_escape;

/// The attributes of a start tag that `keep` keeps (by name), written again.
fn written(attrs: &crate::html::Attributes<'_>, keep: impl Fn(&str) -> bool) -> String {
    attrs
        .iter()
        .filter(|(n, _)| keep(n))
        .map(|(n, v)| format!(r#" {n}="{}""#, xml_escape(&crate::html::decode(v))))
        .collect()
}

/// ` width="…" height="…"` for a size, or nothing.
fn size_attributes(size: Option<(u32, u32)>) -> String {
    size.map(|(w, h)| format!(r#" width="{w}" height="{h}""#)).unwrap_or_default()
}

impl Views<'_> {
    /// A picture's values (see docs/theme-contract.md): `url` (the file shown where `srcset`
    /// is not read), `alt`, `width`, `height`, `srcset` and `webp_srcset` (every width, as
    /// the fallback format and as WebP), `sizes`, and `html`: the whole `<picture>` element
    /// as the default theme shows it. An SVG drawing has only `url`, `alt` and `html`.
    pub(super) fn picture(&self, doc: &Doc, image: &Image, sizes: &str, hero: bool, class: Option<&str>) -> Value {
        let page = self.url(doc);
        let Some(made) = self.pictures.get(&image.file) else {
            // A drawing (or, in the preview, a photo not made yet): the file as it is.
            let url = self.urls.resource(&page, &image.src);
            let class = class.map(|c| format!(r#" class="{}""#, xml_escape(c))).unwrap_or_default();
            let size = self.pictures.drawing_size(&image.file);
            let html = format!(
                r#"<img{class} src="{}" alt="{}"{}>"#,
                xml_escape(&url),
                xml_escape(&image.alt),
                size_attributes(size)
            );
            return json!({ "url": url, "alt": image.alt, "width": size.map(|s| s.0), "height": size.map(|s| s.1), "html": html });
        };
        let (folder, stem) = self.urls.picture_place(&page, &image.src);
        let shown = Shown { made, folder: &folder, stem: &stem, alt: &image.alt, sizes, hero, class };
        let v = shown.default_variant();
        json!({
            "url": shown.url(v), "alt": image.alt, "width": v.width, "height": v.height,
            "srcset": shown.fallback_srcset(), "webp_srcset": shown.webp_srcset(), "sizes": sizes,
            "html": shown.html(),
        })
    }

    /// The picture for link previews (`og:image`): its absolute address, size and alt text.
    pub(super) fn share_picture(&self, doc: &Doc, image: &Image) -> Value {
        let page = self.url(doc);
        let base = &self.site.config.base_url;
        match self.pictures.get(&image.file) {
            Some(made) => {
                let (folder, stem) = self.urls.picture_place(&page, &image.src);
                let url = format!("{folder}{}", made.file_name(&stem, &made.share));
                json!({ "url": self.urls.absolute(base, &url), "alt": image.alt, "width": made.share.width, "height": made.share.height })
            }
            None => {
                json!({ "url": self.urls.absolute(base, &self.urls.resource(&page, &image.src)), "alt": image.alt })
            }
        }
    }

    /// The picture a page shows above its text (its front matter's `image`), fetched first.
    pub(super) fn lead_picture(&self, doc: &Doc, image: Option<&Image>) -> Value {
        image.map_or(Value::Null, |i| self.picture(doc, i, crate::images::markup::sizes::COLUMN, true, None))
    }

    /// `view` with its link preview's picture (`page.image`) taken from `image`.
    pub(super) fn with_share_picture(&self, mut view: super::View, doc: &Doc, image: Option<&Image>) -> super::View {
        if let Some(i) = image {
            view.context["page"]["image"] = self.share_picture(doc, i);
        }
        view
    }

    /// Whether the page of `doc` shows a picture above its body (which is then the first).
    fn has_lead_picture(&self, doc: &Doc) -> bool {
        self.lead_pictures.contains(doc.rel_path.as_str())
    }

    /// A body's HTML with each of its processed pictures as a `<picture>` of every width (the
    /// first of the page fetched first, the others lazily), and each link to a picture file
    /// pointing at its largest published version, which carries no metadata.
    pub(super) fn body(&self, doc: &Doc) -> Option<Cow<'_, str>> {
        let rendered = self.bodies.get(&doc.rel_path)?;
        let html = rendered.html.as_str();
        if html.trim().is_empty() {
            return None;
        }
        let file = |src: &str| {
            let rel = crate::text::percent_decode(&crate::html::decode(src));
            let rel = rel.trim_start_matches("./").to_owned();
            let r = rendered.resources.iter().find(|r| r.rel == rel)?;
            Some((&r.file, rel))
        };
        let made = |src: &str| file(src).and_then(|(f, rel)| Some((self.pictures.get(f)?, rel)));
        if !rendered.resources.iter().any(|r| self.pictures.hash_of(&r.file).is_some()) {
            return Some(Cow::Borrowed(html));
        }
        let page = self.url(doc);
        let mut hero = !self.has_lead_picture(doc);
        let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
        for (range, attrs) in crate::html::start_tags(html, "img") {
            let value = |name: &str| attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| *v);
            let Some((m, rel)) = value("src").and_then(made) else {
                // A drawing gets the size it says it has, unless the story gives one.
                let size = value("src").and_then(file).and_then(|(f, _)| self.pictures.drawing_size(f));
                if size.is_some() && value("width").is_none() && value("height").is_none() {
                    edits.push((range, format!("<img{}{}>", written(&attrs, |_| true), size_attributes(size))));
                }
                continue;
            };
            let alt = crate::html::decode(value("alt").unwrap_or("")).into_owned();
            let (folder, stem) = self.urls.picture_place(&page, &rel);
            let shown = Shown {
                made: m,
                folder: &folder,
                stem: &stem,
                alt: &alt,
                sizes: crate::images::markup::sizes::COLUMN,
                hero,
                class: None,
            };
            edits.push((range, shown.html()));
            hero = false;
        }
        for (range, attrs) in crate::html::start_tags(html, "a") {
            let Some((m, rel)) = attrs.iter().find(|(n, _)| n.eq_ignore_ascii_case("href")).and_then(|(_, v)| made(v))
            else {
                continue;
            };
            let (folder, stem) = self.urls.picture_place(&page, &rel);
            let largest = m.largest();
            let rest = written(&attrs, |n| !n.eq_ignore_ascii_case("href"));
            let href = format!("{folder}{}", m.file_name(&stem, largest));
            edits.push((range, format!(r#"<a href="{}"{rest}>"#, xml_escape(&href))));
        }
        edits.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(html.len() + edits.len() * 600);
        let mut at = 0;
        for (range, markup) in edits {
            out.push_str(&html[at..range.start]);
            out.push_str(&markup);
            at = range.end;
        }
        out.push_str(&html[at..]);
        Some(Cow::Owned(out))
    }
}
