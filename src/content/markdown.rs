//! Markdown bodies to HTML: links to other pages' source files become their URLs, headings get
//! ids, raw HTML is kept only when it is safe.

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};

use crate::diagnostics::Diagnostic;
use crate::model::Doc;
use crate::text::{nearest, percent_decode, slugify, without_controls};
use crate::urls::{UrlKind, is_script, url_kind};

/// A link to an anchor on another page (or this one), checked once every page is rendered.
#[derive(Debug, Clone)]
pub struct AnchorLink {
    pub target_url: String,
    pub anchor: String,
    pub source_path: String,
    /// Where the link stands in the source file.
    pub offset: usize,
}

impl AnchorLink {
    fn new(target_url: &str, anchor: &str, doc: &Doc, offset: usize) -> Self {
        AnchorLink {
            target_url: target_url.to_owned(),
            anchor: anchor.to_owned(),
            source_path: doc.rel_path.clone(),
            offset,
        }
    }
}

#[derive(Debug, Default)]
pub struct Rendered {
    pub html: String,
    /// A hash of `html`, for telling whether the pages that show it must be made again.
    pub hash: u64,
    /// Ids of this body's headings, in order.
    pub heading_ids: Vec<String>,
    pub anchors: Vec<AnchorLink>,
    /// Files beside the page that the body uses.
    pub resources: Vec<Resource>,
    /// Links to other sites (`http://` and `https://`) and where the body has them, for
    /// `check --report --external`.
    pub external: Vec<(String, usize)>,
}

/// A file beside the page that its body uses.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The file on disk, as found (links followed).
    pub file: PathBuf,
    /// Its path relative to the page's address, decoded: `billeder/bus.jpg`.
    pub rel: String,
    /// Where the body names it, in the file's text.
    pub offset: usize,
}

/// Where each source file's page is: `content/projects/a.md` → `/projekter/a/`. A draft that
/// this build leaves out maps to the empty string.
pub type UrlMap = HashMap<String, String>;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_FOOTNOTES
}

/// Joins `rel` to `dir` without touching the disk, refusing to climb above `root`.
fn resolve(root: &str, dir: &str, rel: &str) -> Option<String> {
    let start = if rel.starts_with('/') { root } else { dir };
    let mut parts: Vec<&str> = start.split('/').filter(|s| !s.is_empty()).collect();
    let floor = root.split('/').filter(|s| !s.is_empty()).count();
    for c in Path::new(rel.trim_start_matches('/')).components() {
        match c {
            Component::Normal(s) => parts.push(s.to_str()?),
            Component::ParentDir if parts.len() > floor => {
                parts.pop();
            }
            Component::ParentDir => return None,
            _ => {}
        }
    }
    Some(parts.join("/"))
}

/// A link that leaves the site, or a path on it that is not a page's source file.
fn is_external(dest: &str) -> bool {
    matches!(url_kind(dest), UrlKind::Web | UrlKind::Mail | UrlKind::Phone)
        || dest.starts_with('/') && !dest.ends_with(".md") && !dest.contains(".md#")
}

/// `base`, or the first of `base-2`, `base-3` … not used yet. `next` keeps the number to try
/// next for each base (ids are never given back), so that 20,000 headings alike cost 20,000
/// steps, not 200 million.
fn unique_id(base: &str, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    let base = if base.is_empty() { "afsnit" } else { base };
    if used.insert(base.to_owned()) {
        return base.to_owned();
    }
    let n = next.entry(base.to_owned()).or_insert(2);
    loop {
        let id = format!("{base}-{n}");
        *n += 1;
        if used.insert(id.clone()) {
            return id;
        }
    }
}

/// Problems of one body that get a "did you mean" for a broken link.
const SUGGESTED: usize = 50;

/// Renders a document's body. `urls` maps every page's source file to its URL; `page_url` is
/// this page's own URL.
pub fn render(doc: &Doc, urls: &UrlMap, page_url: &str) -> (Rendered, Vec<Diagnostic>) {
    let mut out = Rendered::default();
    let mut diags = Vec::new();
    let source = &doc.source;
    let doc_dir = doc.rel_path.rsplit_once('/').map_or("", |(d, _)| d).to_owned();
    let mut used_ids = HashSet::new();
    let mut next_ids = HashMap::new();
    let mut has_raw_html = false;

    let mut events: Vec<Event<'_>> = Vec::new();
    let mut heading: Option<(usize, Option<String>)> = None; // (index of start event, explicit id)
    let mut heading_text = String::new();
    let mut dropped_link = false;
    let mut image_start: Option<usize> = None;
    let mut a11y = super::a11y::A11y::new();

    for (event, range) in Parser::new_ext(doc.body(), options()).into_offset_iter() {
        let offset = doc.body_offset + range.start;
        a11y.see(&event, offset, source);
        match event {
            // A fence's info string (```` ```rust ````) would become `class="language-rust"`:
            // content sets no class, so the code is shown as it is, without one.
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(_))) => {
                events.push(Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced("".into()))));
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                // An attribute block may set a heading's id and nothing else: a class or any
                // other attribute (an event handler, a style) never reaches the page.
                if !classes.is_empty() || !attrs.is_empty() {
                    let names: Vec<String> = classes
                        .iter()
                        .map(|c| format!(".{c}"))
                        .chain(attrs.iter().map(|(k, _)| k.to_string()))
                        .collect();
                    diags.push(
                        source
                            .error_at(offset, say!("content.heading_attributes", names = names.join(" ")))
                            .with_hint(say!("content.heading_attributes_hint"))
                            .warning(),
                    );
                }
                heading = Some((events.len(), id.as_ref().map(|s| s.to_string())));
                heading_text.clear();
                events.push(Event::Start(Tag::Heading { level, id, classes: Vec::new(), attrs: Vec::new() }));
            }
            Event::End(TagEnd::Heading(level)) => {
                if let Some((start, explicit)) = heading.take() {
                    let id =
                        unique_id(&explicit.unwrap_or_else(|| slugify(&heading_text)), &mut used_ids, &mut next_ids);
                    if let Event::Start(Tag::Heading { id: slot, .. }) = &mut events[start] {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    out.heading_ids.push(id);
                }
                events.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                match rewrite(&dest_url, offset, &doc_dir, doc, urls, page_url, &mut out, &mut diags, false) {
                    Some(dest) => {
                        events.push(Event::Start(Tag::Link { link_type, dest_url: CowStr::from(dest), title, id }))
                    }
                    // The link is left out; its text stays.
                    None => dropped_link = true,
                }
            }
            Event::End(TagEnd::Link) if dropped_link => dropped_link = false,
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest = rewrite(&dest_url, offset, &doc_dir, doc, urls, page_url, &mut out, &mut diags, true)
                    .unwrap_or_default();
                image_start = Some(events.len());
                events.push(Event::Start(Tag::Image { link_type, dest_url: CowStr::from(dest), title, id }));
            }
            // `![""](moenster.jpg)`: a picture marked as decoration gets `alt=""`.
            Event::End(TagEnd::Image) => {
                if let Some(start) = image_start.take() {
                    let alt: String = events[start + 1..]
                        .iter()
                        .filter_map(|e| match e {
                            Event::Text(t) | Event::Code(t) => Some(&**t),
                            _ => None,
                        })
                        .collect();
                    if super::a11y::marks_decoration(&alt) {
                        events.truncate(start + 1);
                    }
                }
                events.push(event);
            }
            Event::Html(ref html) | Event::InlineHtml(ref html) => {
                has_raw_html = true;
                for src in sources_in(html) {
                    // Checked and copied like a Markdown picture; the HTML keeps it as written.
                    let _ = rewrite(&src, offset, &doc_dir, doc, urls, page_url, &mut out, &mut diags, true);
                }
                events.push(event);
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                if heading.is_some() {
                    heading_text.push_str(t);
                }
                events.push(event);
            }
            other => events.push(other),
        }
    }
    let mut html = String::with_capacity(doc.body().len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    // Markdown alone makes only safe markup (text is escaped, link addresses are checked
    // above); raw HTML goes through the one sanitiser.
    // A body nested too deep is an error (`a11y`), found before the sanitiser, whose parser
    // spends the square of the depth: the build stops, so its HTML is never shown.
    out.html = if a11y.too_deep() {
        String::new()
    } else if has_raw_html {
        sanitize(&html)
    } else {
        html
    };
    if let std::borrow::Cow::Owned(clean) = without_controls(&out.html) {
        out.html = clean;
    }
    out.hash = crate::hash::of(&out.html);
    diags.extend(a11y.finish());
    (out, diags)
}

#[allow(clippy::too_many_arguments)]
fn rewrite(
    dest: &str,
    offset: usize,
    doc_dir: &str,
    doc: &Doc,
    urls: &UrlMap,
    page_url: &str,
    out: &mut Rendered,
    diags: &mut Vec<Diagnostic>,
    image: bool,
) -> Option<String> {
    let source = &doc.source;
    if is_script(dest) {
        diags.push(source.error_at(offset, say!("content.script_link")).with_hint(say!("content.script_link_hint")));
        return None;
    }
    let kind = url_kind(dest);
    let lower = dest.to_ascii_lowercase();
    if image && (kind == UrlKind::Web || lower.starts_with("//")) {
        diags.push(
            source
                .error_at(offset, say!("content.picture_elsewhere", dest = dest))
                .with_hint(say!("content.picture_elsewhere_hint")),
        );
        return None;
    }
    if kind == UrlKind::Refused {
        diags.push(
            source
                .error_at(offset, say!("content.refused_address", dest = dest))
                .with_hint(say!("content.refused_address_hint")),
        );
        return None;
    }
    if is_external(dest) || dest.is_empty() {
        if kind == UrlKind::Web {
            out.external.push((dest.to_owned(), offset));
        }
        return Some(dest.to_owned());
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if path.is_empty() {
        // An anchor on this very page.
        if let Some(a) = anchor {
            out.anchors.push(AnchorLink::new(page_url, a, doc, offset));
        }
        return Some(dest.to_owned());
    }
    let decoded = percent_decode(path);
    if decoded.ends_with(".md") || decoded.ends_with('/') {
        let candidates = [resolve("content", doc_dir, &decoded), resolve("content", "content", &decoded)];
        let target = candidates.iter().flatten().find_map(|c| {
            let key = c.trim_end_matches('/');
            urls.get(key)
                .or_else(|| urls.get(&format!("{key}/index.md")))
                .or_else(|| urls.get(&key.replace(".md", "/index.md")))
        });
        match target {
            Some(url) if url.is_empty() => {
                diags.push(
                    source
                        .error_at(offset, say!("content.link_to_draft", path = path))
                        .with_hint(say!("content.link_to_draft_hint"))
                        .warning(),
                );
                None
            }
            Some(url) => {
                if let Some(a) = anchor {
                    out.anchors.push(AnchorLink::new(url, a, doc, offset));
                    Some(format!("{url}#{a}"))
                } else {
                    Some(url.clone())
                }
            }
            None => {
                let d = source.error_at(offset, say!("content.no_such_page", path = path));
                let wanted = candidates.iter().flatten().next().cloned().unwrap_or_default();
                let keys = urls.keys().map(String::as_str);
                // A guess compares with every page of the portal: only for a body's first
                // problems, so that thousands of broken links cost no more than their file.
                let guess = if diags.len() < SUGGESTED { nearest(&wanted, keys) } else { None };
                diags.push(match guess {
                    Some(near) => {
                        d.with_hint(say!("content.did_you_mean", name = near.strip_prefix("content/").unwrap_or(near)))
                    }
                    None => d.with_hint(say!("content.no_such_page_hint")),
                });
                None
            }
        }
    } else {
        // A file beside the page: copied next to the page's own output.
        match crate::source::file_within(&doc.dir, &decoded) {
            crate::source::Resolved::File(file) => {
                out.resources.push(Resource { file, rel: decoded.trim_start_matches("./").to_owned(), offset })
            }
            crate::source::Resolved::Missing => {
                let missing = if image {
                    say!("content.picture_missing", path = path)
                } else {
                    say!("content.file_missing", path = path)
                };
                diags.push(source.error_at(offset, missing).with_hint(say!("content.missing_hint")))
            }
            crate::source::Resolved::Outside => {
                let outside = if image {
                    say!("content.picture_outside", path = path)
                } else {
                    say!("content.file_outside", path = path)
                };
                diags.push(source.error_at(offset, outside).with_hint(say!("content.outside_hint")))
            }
        }
        Some(dest.to_owned())
    }
}

/// The `src` values of the tags in a piece of raw HTML, quoted or not.
fn sources_in(html: &str) -> Vec<String> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("src=") {
        let start = from + i + 4;
        let before = lower[..from + i].chars().last();
        from = start;
        if !matches!(before, Some(c) if c.is_whitespace()) {
            continue; // `data-src=` and the like
        }
        let rest = &html[start..];
        let value = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        out.push(value.to_owned());
    }
    out
}

/// Whether two Markdown texts say the same: the same elements with the same text, however
/// each is written (`*a*` or `_a_`, `*` or `-` before a list item, a character escaped or not).
pub fn same_meaning(a: &str, b: &str) -> bool {
    fn read(text: &str) -> Vec<Event<'_>> {
        let mut events: Vec<Event> = Vec::new();
        for event in Parser::new_ext(text, options()) {
            match (events.last_mut(), event) {
                (Some(Event::Text(before)), Event::Text(more)) => *before = format!("{before}{more}").into(),
                (_, event) => events.push(event),
            }
        }
        events
    }
    read(a) == read(b)
}

/// The one place that sanitises content HTML. Keeps what Markdown itself produces and plain
/// formatting; drops scripts, event handlers, classes and styles (a table cell keeps only its
/// text alignment, as a class: see [`aligned_by_class`]), and every address that `url_kind`
/// refuses.
pub fn sanitize(html: &str) -> String {
    let clean = ammonia::Builder::default()
        .add_generic_attributes(["id"])
        .add_tag_attributes("th", ["style"])
        .add_tag_attributes("td", ["style"])
        .add_tags(["figure", "figcaption", "details", "summary", "abbr", "mark", "small", "sub", "sup"])
        .url_schemes(["http", "https", "mailto", "tel"].into_iter().collect())
        .link_rel(None)
        .url_relative(ammonia::UrlRelative::PassThrough)
        .attribute_filter(|_element, attribute, value| match attribute {
            "style" => text_align(value).map(|a| format!("text-align: {a}").into()),
            "href" | "src" | "cite" | "action" | "poster" | "srcset" | "background" => {
                (url_kind(value) != UrlKind::Refused).then_some(value.into())
            }
            _ => Some(value.into()),
        })
        .clean(html)
        .to_string();
    aligned_by_class(clean)
}

/// The table cells of sanitised HTML aligned by a class of the stylesheet (`align-right`)
/// rather than by their `style`, which a strict Content-Security-Policy refuses. Only the
/// `text-align` styles that `sanitize` keeps, and only inside `th` and `td` tags, are changed.
fn aligned_by_class(html: String) -> String {
    const STYLE: &str = " style=\"text-align: ";
    if !html.contains(STYLE) {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find(STYLE) {
        // The tag it is in: after the last `<`, with no `>` between (searched only back to
        // where the last match ended, so that the whole costs one pass).
        let in_cell = rest[..at].rfind('<').is_some_and(|t| {
            let tag = &rest[t..at];
            (tag.starts_with("<th") || tag.starts_with("<td")) && !tag.contains('>')
        });
        let value = &rest[at + STYLE.len()..];
        let align = ["left", "right", "center"].into_iter().find(|a| value.starts_with(&format!("{a}\"")));
        match align.filter(|_| in_cell) {
            Some(a) => {
                out.push_str(&rest[..at]);
                out.push_str(&format!(" class=\"align-{a}\""));
                rest = &value[a.len() + 1..];
            }
            None => {
                out.push_str(&rest[..at + STYLE.len()]);
                rest = value;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The alignment in a table cell's `style` (`text-align: center`, as Markdown tables write it),
/// when that is all the style says.
fn text_align(style: &str) -> Option<&'static str> {
    let (property, value) = style.trim().trim_end_matches(';').split_once(':')?;
    if !property.trim().eq_ignore_ascii_case("text-align") {
        return None;
    }
    ["left", "right", "center"].into_iter().find(|a| value.trim().eq_ignore_ascii_case(a))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Source;
    use crate::model::Section;
    use crate::source::frontmatter;

    fn doc(body: &str) -> Doc {
        let text = format!("---\ntitle: A\n---\n{body}");
        let split = frontmatter::split(Source::new("content/news/a.md", text)).unwrap();
        Doc {
            section: Section::News,
            slug: "a".into(),
            rel_path: "content/news/a.md".into(),
            dir: PathBuf::from("/nonexistent"),
            bundle: false,
            source: split.front.source.clone(),
            fields: std::sync::Arc::new(split.front),
            body_offset: split.body_offset,
            hash: 0,
            front_hash: 0,
            language: None,
            aliases: Vec::new(),
        }
    }

    fn urls() -> UrlMap {
        [
            ("content/projects/sundhedsbussen.md", "/projekter/sundhedsbussen/"),
            ("content/innovators/anna-jensen.md", "/innovatorer/anna-jensen/"),
        ]
        .into_iter()
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
        .collect()
    }

    #[test]
    fn links_to_source_files_become_urls() {
        let d = doc(
            "Se [bussen](../projects/sundhedsbussen.md) og [Anna](innovators/anna-jensen.md#kontakt) og [ekstern](https://x.dk).\n",
        );
        let (r, diags) = render(&d, &urls(), "/nyheder/a/");
        assert!(diags.is_empty(), "{diags:?}");
        assert!(r.html.contains(r#"<a href="/projekter/sundhedsbussen/">bussen</a>"#), "{}", r.html);
        assert!(r.html.contains(r#"href="/innovatorer/anna-jensen/#kontakt""#), "{}", r.html);
        assert!(r.html.contains(r#"href="https://x.dk""#));
        assert_eq!(r.anchors.len(), 1);
        assert_eq!(
            (r.anchors[0].target_url.as_str(), r.anchors[0].anchor.as_str(), d.source.line_col(r.anchors[0].offset).0),
            ("/innovatorer/anna-jensen/", "kontakt", 4)
        );
    }

    #[test]
    fn broken_links_name_line_and_nearest_page() {
        let d = doc("Første linje\n\nSe [bussen](../projects/sundhedsbusen.md).\n");
        let (_, diags) = render(&d, &urls(), "/nyheder/a/");
        assert_eq!(diags.len(), 1);
        assert_eq!((diags[0].line, diags[0].col), (6, 4));
        assert_eq!(diags[0].hint().as_deref(), Some("did you mean `projects/sundhedsbussen.md`?"));
    }

    #[test]
    fn links_to_drafts_keep_their_text_and_warn() {
        let mut map = urls();
        map.insert("content/projects/kladde.md".into(), String::new());
        let d = doc("Se [kladden](../projects/kladde.md) her.\n");
        let (r, diags) = render(&d, &map, "/x/");
        assert_eq!(r.html, "<p>Se kladden her.</p>\n");
        assert_eq!(diags.len(), 1);
        assert!(!diags[0].is_error() && diags[0].message().contains("draft"), "{diags:?}");
        assert_eq!(
            diags[0].message_in(crate::i18n::Lang::Nn),
            "lenka peikar til `../projects/kladde.md`, som er eit utkast og ikkje er publisert, så lenka er ikkje teken med"
        );
    }

    #[test]
    fn headings_get_unique_ids() {
        let d = doc("## Vores principper\n\n## Vores principper\n\n### Mål {#maal}\n");
        let (r, _) = render(&d, &urls(), "/x/");
        assert_eq!(r.heading_ids, ["vores-principper", "vores-principper-2", "maal"]);
        assert!(r.html.contains(r#"<h2 id="vores-principper">"#), "{}", r.html);
    }

    #[test]
    fn unsafe_html_and_script_links_are_removed() {
        let d = doc(
            "<p onclick=\"x()\">Hej<script>alert(1)</script></p>\n\n<a href=\"javascript:alert(1)\">x</a> <b>fed</b>\n\n[klik](javascript:alert(1))\n",
        );
        let (r, diags) = render(&d, &urls(), "/x/");
        assert!(
            !r.html.contains("script") && !r.html.contains("onclick") && !r.html.contains("javascript:"),
            "{}",
            r.html
        );
        assert!(r.html.contains("<b>fed</b>"), "{}", r.html);
        assert_eq!(diags.len(), 1, "the Markdown link that runs a script is an error");
    }

    /// Every attribute that reaches the page from a body, as `(tag, attribute, value)`.
    fn attributes(html: &str) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for tag in html.split('<').skip(1) {
            let tag = tag.split('>').next().unwrap_or("");
            let mut parts = tag.splitn(2, ' ');
            let name = parts.next().unwrap_or("").to_owned();
            let mut rest = parts.next().unwrap_or("");
            while let Some(eq) = rest.find("=\"") {
                let attr = rest[..eq].trim().to_owned();
                let value_end = rest[eq + 2..].find('"').map_or(rest.len(), |e| eq + 2 + e);
                out.push((name.clone(), attr, rest[eq + 2..value_end].to_owned()));
                rest = rest.get(value_end + 1..).unwrap_or("");
            }
        }
        out
    }

    #[test]
    fn code_keeps_its_text_but_content_sets_no_class() {
        for fence in
            ["```rust\nlet x = 1;\n```", "~~~ {.evil onclick=x}\nlet x = 1;\n~~~", "```\"><b>x\nlet x = 1;\n```"]
        {
            let (r, _) = render(&doc(&format!("{fence}\n\n<code class=\"c\">y</code>\n")), &urls(), "/x/");
            assert!(r.html.contains("<pre><code>let x = 1;\n</code></pre>"), "{fence}: {}", r.html);
            assert!(!r.html.contains("class") && !r.html.contains("onclick"), "{fence}: {}", r.html);
        }
    }

    #[test]
    fn heading_attribute_blocks_set_an_id_and_nothing_else() {
        let payloads = [
            "# Hej {#top onclick=alert(1)}",
            "## Hej {.rod style=position:fixed}",
            "### Hej {onmouseover=\"alert(1)\" tabindex=1}",
            "Hej {autofocus onfocus=alert(1)}\n===",
            "#### {#x .y data-x=1 href=javascript:alert(1)}",
            "- # I en liste {onclick=x}\n\n> ## I et citat {onclick=x}",
        ];
        for payload in payloads {
            let (r, diags) = render(&doc(&format!("{payload}\n")), &urls(), "/x/");
            let attrs = attributes(&r.html);
            assert!(attrs.iter().all(|(_, a, _)| a == "id"), "{payload}: {}", r.html);
            assert!(!r.html.contains("onclick") && !r.html.contains("style"), "{payload}: {}", r.html);
            assert!(
                diags.iter().any(|d| !d.is_error() && d.message().contains("can only be given an id")),
                "{payload}: the editor is told: {diags:?}"
            );
        }
        let (r, diags) = render(&doc("## Mål {#maal}\n"), &urls(), "/x/");
        assert!(r.html.contains(r#"<h2 id="maal">"#) && diags.is_empty(), "{} {diags:?}", r.html);
    }

    #[test]
    fn table_cells_keep_only_their_text_alignment() {
        let body = "<table><tr><th style=\"text-align: right\">A</th>\
            <td style=\"position:fixed;top:0;left:0;width:100%;height:100%\">B</td>\
            <td style=\"background:url(https://evil.example/x.png)\">C</td>\
            <td style=\"text-align:center; color: red\">D</td>\
            <td style=\"TEXT-ALIGN: Left;\">E</td>\
            <td class=\"x\" style=\"text-align: expression(alert(1))\">F</td></tr></table>\n\n\
            | a | b |\n|:-:|--:|\n| 1 | 2 |\n";
        let (r, _) = render(&doc(body), &urls(), "/x/");
        let styles: Vec<String> = attributes(&r.html)
            .into_iter()
            .filter(|(_, a, _)| a != "id")
            .map(|(t, a, v)| format!("{t} {a}={v}"))
            .collect();
        assert_eq!(
            styles,
            [
                "th class=align-right",
                "td class=align-left",
                "th class=align-center",
                "th class=align-right",
                "td class=align-center",
                "td class=align-right"
            ],
            "{}",
            r.html
        );
        // The same words in text stay text.
        let text = "<p>a style=\"text-align: left\" b</p>\n\n| x |\n|--:|\n| style=\"text-align: right\" |\n";
        let (r, _) = render(&doc(text), &urls(), "/x/");
        assert!(r.html.contains("<p>a style=\"text-align: left\" b</p>"), "{}", r.html);
        assert!(r.html.contains("<td class=\"align-right\">style=\"text-align: right\"</td>"), "{}", r.html);
    }

    #[test]
    fn raw_html_addresses_pass_the_one_url_rule() {
        let body = "<a href=\"java&#x09;script:alert(1)\">a</a> <a href=\" javascript:alert(1)\">b</a> \
            <a href=\"data:text/html,x\">c</a> <a href=\"//evil.example/\">d</a> <a href=\"vbscript:x\">e</a> \
            <img src=\"data:image/svg+xml,x\" alt=\"\"> <a href=\"https://ok.example/\">ok</a> <a href=\"/om/\">om</a>\n";
        let (r, _) = render(&doc(body), &urls(), "/x/");
        let hrefs: Vec<String> =
            attributes(&r.html).into_iter().filter(|(_, a, _)| a == "href" || a == "src").map(|(_, _, v)| v).collect();
        assert_eq!(hrefs, ["https://ok.example/", "/om/"], "{}", r.html);
    }

    #[test]
    fn markdown_links_to_refused_addresses_are_errors() {
        for link in ["[a](file:///etc/passwd)", "[a](//evil.example/x)", "<javascript:alert(1)>", "[a](JAVASCRIPT:x)"] {
            let (r, diags) = render(&doc(&format!("{link}\n")), &urls(), "/x/");
            assert!(!r.html.contains("href"), "{link}: {}", r.html);
            assert!(diags.iter().any(|d| d.is_error()), "{link}: {diags:?}");
        }
    }

    #[test]
    fn control_characters_never_reach_the_page() {
        let body = "Hej\u{0}med\u{1b}[31mfarve\u{7f} og \u{85}C1\n\n<p>rå\u{1b}html</p>\n\n`kode\u{8}`\n";
        let (r, _) = render(&doc(body), &urls(), "/x/");
        assert!(!r.html.chars().any(crate::text::is_stray_control), "{:?}", r.html);
        assert!(r.html.contains("farve") && r.html.contains("råhtml"), "{}", r.html);
    }

    #[test]
    fn pictures_must_be_stored_with_the_portal() {
        let d = doc(
            "![Kort](https://maps.example.com/x.png)\n\n<img src=\"https://cdn.example.com/y.png\" alt=\"\">\n\n<p><img src='mangler.png' alt=''></p>\n",
        );
        let (_, diags) = render(&d, &urls(), "/x/");
        let lines: Vec<(usize, bool)> =
            diags.iter().map(|d| (d.line, d.message().contains("another website"))).collect();
        assert_eq!(lines, [(4, true), (6, true), (8, false)], "{diags:#?}");
        assert_eq!(sources_in("<img data-src=\"a\" src=b.png><video SRC='c.mp4'>"), ["b.png", "c.mp4"]);
    }
}
