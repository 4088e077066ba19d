//! The check an SVG file must pass before it is published as it is. An SVG picture is served as
//! an image, but a reader can also open its address directly, and then the browser treats it as
//! a page of its own: a script in it would run on the portal's domain, and a reference to
//! another address would load (and tell that server who looked). So a file is published only if
//! it can do neither.
//!
//! The check is an allowlist. Elements must be in the SVG namespace (or in the namespaces that
//! Inkscape and its metadata use, which browsers ignore); among SVG elements those that run
//! scripts or show other content are refused, and so are animations that change links, event
//! handlers or styles. Attributes must be in no namespace, the `xml:` namespace (but not
//! `xml:base`), `xlink:` or the editor and metadata namespaces; no attribute may be an event
//! handler (`on…`), and every link (`href`, `xlink:href`) must point inside the picture (`#…`).
//! Styles (`style="…"` and `<style>`) may not import, load an address with `url(…)` or use
//! backslash escapes, which could disguise either. A DOCTYPE (whose entities can expand), a
//! processing instruction such as `<?xml-stylesheet?>` and `javascript:` anywhere are refused.
//!
//! The cost is linear in the size of the file: the nesting depth, the attributes of one element
//! and the number of namespace prefixes are bounded before the file is parsed (the parser
//! recurses per level and compares attributes pairwise), and the parsed tree is walked without
//! recursion.

use std::collections::HashSet;

use roxmltree::{Attribute, Document, Node, NodeType, ParsingOptions};

use crate::say::Say;

/// Why an SVG file cannot be published as it is, in words an editor understands
/// ("it holds a script (`<script>`, line 3)"), said in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub reason: Say,
    /// The line in the SVG file, 1-based, where known.
    pub line: Option<u32>,
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Namespaces whose elements and attributes browsers ignore: what Inkscape writes about its
/// own view of the drawing, and the licence and author metadata it keeps in `<metadata>`.
const EDITOR_NS: [&str; 5] = [
    "http://www.inkscape.org/namespaces/inkscape",
    "http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd",
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "http://purl.org/dc/elements/1.1/",
    "http://creativecommons.org/ns#",
];

/// The deepest nesting of elements accepted.
const MAX_DEPTH: usize = 256;
/// The most nodes (elements, texts, comments) the parser makes.
const MAX_NODES: u32 = 1_000_000;
/// The most attributes (namespace declarations included) on one element.
const MAX_ATTRIBUTES: usize = 128;
/// The most different namespace prefixes declared in one file.
const MAX_PREFIXES: usize = 32;
/// The longest name or value quoted in a reason.
const SHOWN_CHARS: usize = 60;

/// Ok when the SVG file can be published as it is; otherwise why not.
/// The size a drawing that passed [`check`] has by itself, in CSS pixels, for `width` and
/// `height` on the page: from the `<svg>` element's `width` and `height` (plain numbers or
/// `px`), else from its `viewBox`. None when it says neither (it then takes the width it is given).
pub fn size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).ok()?;
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES };
    let doc = Document::parse_with_options(text, options).ok()?;
    let root = doc.root_element();
    let pixels = |name: &str| -> Option<f64> {
        let v = root.attribute(name)?.trim();
        v.strip_suffix("px").unwrap_or(v).trim().parse::<f64>().ok().filter(|n| n.is_finite() && *n > 0.0)
    };
    let (w, h) = match (pixels("width"), pixels("height")) {
        (Some(w), Some(h)) => (w, h),
        _ => {
            let view: Vec<f64> = root
                .attribute("viewBox")?
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .map(|p| p.parse::<f64>())
                .collect::<Result<_, _>>()
                .ok()?;
            match view[..] {
                [_, _, w, h] if w.is_finite() && h.is_finite() && w > 0.0 && h > 0.0 => (w, h),
                _ => return None,
            }
        }
    };
    let whole = |n: f64| n.round().clamp(1.0, 100_000.0) as u32;
    Some((whole(w), whole(h)))
}

pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Refusal { reason: say!("pictures.svg_utf16"), line: None });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let line = line_at_bytes(bytes, e.valid_up_to());
            return Err(Refusal { reason: say!("pictures.svg_not_utf8", line = line), line: Some(line) });
        }
    };
    prescan(text)?;
    let options = ParsingOptions { allow_dtd: false, nodes_limit: MAX_NODES };
    let doc = Document::parse_with_options(text, options).map_err(|e| parse_refusal(text, &e))?;
    if let Some(encoding) = declared_encoding(text)
        && !encoding.eq_ignore_ascii_case("utf-8")
        && !encoding.eq_ignore_ascii_case("utf8")
    {
        // A browser would decode the file by what it says, not as it was checked here.
        let encoding = shorten(encoding);
        return refuse(say!("pictures.svg_encoding", encoding = encoding, line = 1), 1);
    }
    Checker { text }.run(&doc)
}

/// The `encoding` of the XML declaration (`<?xml version="1.0" encoding="UTF-8"?>`), if any.
fn declared_encoding(text: &str) -> Option<&str> {
    let declaration = text.strip_prefix("<?xml")?;
    let declaration = declaration.get(..declaration.find("?>")?)?;
    let value = declaration.split_once("encoding")?.1.trim_start().strip_prefix('=')?.trim_start();
    let quote = value.chars().next().filter(|&c| c == '"' || c == '\'')?;
    value.get(1..)?.split(quote).next()
}

/// The 1-based line of a byte offset.
fn line_at_bytes(bytes: &[u8], offset: usize) -> u32 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    let newlines = before.iter().filter(|&&b| b == b'\n').count();
    u32::try_from(newlines.saturating_add(1)).unwrap_or(u32::MAX)
}

fn line_at(text: &str, offset: usize) -> u32 {
    line_at_bytes(text.as_bytes(), offset)
}

fn refuse<T>(reason: Say, line: u32) -> Result<T, Refusal> {
    Err(Refusal { reason, line: Some(line) })
}

fn parse_refusal(text: &str, e: &roxmltree::Error) -> Refusal {
    use roxmltree::Error as E;
    match e {
        E::DtdDetected => {
            let line = text.find("<!DOCTYPE").map(|at| line_at(text, at));
            let reason = match line {
                Some(line) => say!("pictures.svg_doctype_at", line = line),
                None => say!("pictures.svg_doctype"),
            };
            Refusal { reason, line }
        }
        E::NodesLimitReached => Refusal { reason: say!("pictures.svg_too_many_nodes", max = MAX_NODES), line: None },
        E::NoRootNode
        | E::UnclosedRootNode
        | E::AttributesLimitReached
        | E::NamespacesLimitReached
        | E::UnexpectedEndOfStream => Refusal { reason: say!("pictures.svg_not_well_formed", why = e), line: None },
        _ => Refusal { reason: say!("pictures.svg_not_well_formed", why = e), line: Some(e.pos().row) },
    }
}

/// A pass over the text before parsing, which bounds what makes the parser slow or deep: the
/// nesting of elements (it recurses per level), the attributes of one element (it compares them
/// pairwise) and the namespace prefixes (it looks them up one by one). It reads the markup as
/// XML does up to the first error, where the parser stops anyway.
fn prescan(text: &str) -> Result<(), Refusal> {
    let b = text.as_bytes();
    let mut prefixes: HashSet<&[u8]> = HashSet::new();
    let mut depth = 0usize;
    let mut i = 0usize;
    while let Some(found) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'<')) {
        let p = i + found;
        let rest = b.get(p..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i = skip_past(b, p + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            i = skip_past(b, p + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            i = skip_past(b, p + 2, b"?>");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            i = skip_past(b, p + 2, b">");
        } else if rest.starts_with(b"<!") {
            i = skip_past(b, p + 2, b">");
        } else {
            let tag = scan_start_tag(b, p, &mut prefixes);
            if tag.attributes > MAX_ATTRIBUTES {
                let line = line_at(text, p);
                return refuse(say!("pictures.svg_too_many_attributes", max = MAX_ATTRIBUTES, line = line), line);
            }
            if prefixes.len() > MAX_PREFIXES {
                let line = line_at(text, p);
                return refuse(say!("pictures.svg_too_many_namespaces", max = MAX_PREFIXES, line = line), line);
            }
            if tag.opens {
                depth += 1;
                if depth > MAX_DEPTH {
                    let line = line_at(text, p);
                    return refuse(say!("pictures.svg_too_deep", max = MAX_DEPTH, line = line), line);
                }
            }
            i = tag.end;
        }
    }
    Ok(())
}

/// The offset just after the first `needle` at or after `from`, or the end of the text.
fn skip_past(b: &[u8], from: usize, needle: &[u8]) -> usize {
    b.get(from..)
        .and_then(|rest| rest.windows(needle.len()).position(|w| w == needle))
        .map_or(b.len(), |at| from + at + needle.len())
}

struct StartTag {
    /// Where scanning goes on: after the tag, or where it broke off.
    end: usize,
    /// Whether the tag opens an element (`<g>`, not `<g/>` nor a broken tag).
    opens: bool,
    /// How many attributes it has (counting stops just past the limit).
    attributes: usize,
}

/// Reads the start tag at `p` (a `<` not followed by `!`, `?` or `/`) as XML does, and adds the
/// prefixes it declares (`xmlns` is the empty one) to `prefixes`.
fn scan_start_tag<'a>(b: &'a [u8], p: usize, prefixes: &mut HashSet<&'a [u8]>) -> StartTag {
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r');
    let is_name_end = |c: u8| is_space(c) || matches!(c, b'=' | b'/' | b'>' | b'<' | b'"' | b'\'');
    let at = |j: usize| b.get(j).copied();
    let mut tag = StartTag { end: b.len(), opens: false, attributes: 0 };
    let mut j = p + 1;
    while at(j).is_some_and(|c| !is_name_end(c)) {
        j += 1;
    }
    loop {
        while at(j).is_some_and(is_space) {
            j += 1;
        }
        match at(j) {
            None => return tag,
            Some(b'>') => {
                tag.opens = true;
                tag.end = j + 1;
                return tag;
            }
            Some(b'/' | b'<') => {
                tag.end = j.max(p + 1);
                return tag;
            }
            Some(_) => {}
        }
        let name_start = j;
        while at(j).is_some_and(|c| !is_name_end(c)) {
            j += 1;
        }
        let name = b.get(name_start..j).unwrap_or_default();
        while at(j).is_some_and(is_space) {
            j += 1;
        }
        if at(j) != Some(b'=') {
            tag.end = j.max(name_start + 1);
            return tag;
        }
        j += 1;
        while at(j).is_some_and(is_space) {
            j += 1;
        }
        let Some(quote) = at(j).filter(|&c| c == b'"' || c == b'\'') else {
            tag.end = j;
            return tag;
        };
        j += 1;
        while at(j).is_some_and(|c| c != quote && c != b'<') {
            j += 1;
        }
        if at(j) != Some(quote) {
            tag.end = j;
            return tag;
        }
        j += 1;
        tag.attributes += 1;
        if tag.attributes > MAX_ATTRIBUTES {
            return tag;
        }
        if name == b"xmlns" {
            prefixes.insert(&name[..0]);
        } else if let Some(prefix) = name.strip_prefix(b"xmlns:") {
            prefixes.insert(prefix);
        }
    }
}

/// The walk over the parsed file.
struct Checker<'t> {
    text: &'t str,
}

impl<'t> Checker<'t> {
    fn line(&self, offset: usize) -> u32 {
        line_at(self.text, offset)
    }

    /// An element's name as written (`svg:rect`, `x:script`).
    fn element_name(&self, node: Node) -> String {
        let written = self
            .text
            .get(node.range().start + 1..)
            .and_then(|rest| rest.split(|c: char| c.is_whitespace() || c == '>' || c == '/').next())
            .filter(|name| !name.is_empty())
            .unwrap_or(node.tag_name().name());
        shorten(written)
    }

    /// An attribute's name as written (`xlink:href`).
    fn attribute_name(&self, attr: &Attribute) -> String {
        shorten(self.text.get(attr.range_qname()).unwrap_or(attr.name()))
    }

    fn run(&self, doc: &Document) -> Result<(), Refusal> {
        let root = doc.root_element();
        let (namespace, name) = (root.tag_name().namespace(), root.tag_name().name());
        if name != "svg" {
            let line = self.line(root.range().start);
            let shown = self.element_name(root);
            return refuse(say!("pictures.svg_root_not_svg", element = shown, line = line), line);
        }
        if namespace != Some(SVG_NS) {
            let line = self.line(root.range().start);
            return refuse(say!("pictures.svg_no_namespace", namespace = SVG_NS, line = line), line);
        }
        for node in doc.root().descendants() {
            match node.node_type() {
                NodeType::Element => self.element(node)?,
                NodeType::Text => self.text_node(node)?,
                NodeType::PI => return self.instruction(node),
                NodeType::Root | NodeType::Comment => {}
            }
        }
        Ok(())
    }

    fn instruction(&self, node: Node) -> Result<(), Refusal> {
        let line = self.line(node.range().start);
        let target = node.pi().map_or("", |pi| pi.target);
        if target.eq_ignore_ascii_case("xml-stylesheet") {
            refuse(say!("pictures.svg_stylesheet_instruction", line = line), line)
        } else {
            let target = shorten(target);
            refuse(say!("pictures.svg_instruction", target = target, line = line), line)
        }
    }

    fn text_node(&self, node: Node) -> Result<(), Refusal> {
        let text = node.text().unwrap_or_default();
        if let Some(at) = find_javascript(text) {
            let line = self.line(node.range().start).saturating_add(newlines(text, at));
            return refuse(say!("pictures.svg_javascript_text", line = line), line);
        }
        Ok(())
    }

    fn element(&self, node: Node) -> Result<(), Refusal> {
        let tag = node.tag_name();
        let local = tag.name();
        match tag.namespace() {
            Some(SVG_NS) => self.svg_element(node, local)?,
            Some(ns) if EDITOR_NS.contains(&ns) => {}
            _ => {
                let line = self.line(node.range().start);
                let shown = self.element_name(node);
                return if local.eq_ignore_ascii_case("script") {
                    refuse(say!("pictures.svg_script", element = shown, line = line), line)
                } else {
                    refuse(say!("pictures.svg_foreign_element", element = shown, line = line), line)
                };
            }
        }
        for attr in node.attributes() {
            self.attribute(node, &attr)?;
        }
        Ok(())
    }

    fn svg_element(&self, node: Node, local: &str) -> Result<(), Refusal> {
        let refusal = |why: Held| {
            let line = self.line(node.range().start);
            let element = self.element_name(node);
            let reason = match why {
                Held::Script => say!("pictures.svg_script", element = element, line = line),
                Held::WebContent => say!("pictures.svg_web_content", element = element, line = line),
                Held::OtherContent => say!("pictures.svg_other_content", element = element, line = line),
                Held::Handler => say!("pictures.svg_handler", element = element, line = line),
                Held::NotAllowed => say!("pictures.svg_element_not_allowed", element = element, line = line),
            };
            refuse(reason, line)
        };
        match local.to_ascii_lowercase().as_str() {
            "script" => refusal(Held::Script),
            "foreignobject" => refusal(Held::WebContent),
            "iframe" | "embed" | "object" => refusal(Held::OtherContent),
            "handler" | "listener" => refusal(Held::Handler),
            "discard" => refusal(Held::NotAllowed),
            "animate" | "set" | "animatetransform" | "animatemotion" | "animatecolor" => self.animation(node),
            "style" => self.style_element(node),
            _ => Ok(()),
        }
    }

    /// An animation may not change a link, an event handler or a style.
    fn animation(&self, node: Node) -> Result<(), Refusal> {
        let Some(target) = node.attribute("attributeName") else { return Ok(()) };
        let target = target.trim();
        let local = target.rsplit(':').next().unwrap_or(target).to_ascii_lowercase();
        let line = self.line(node.range().start);
        let (element, attribute) = (self.element_name(node), shorten(target));
        let reason = if local.starts_with("on") {
            say!("pictures.svg_animates_handler", element = element, attribute = attribute, line = line)
        } else if local == "href" || local == "base" {
            say!("pictures.svg_animates_link", element = element, attribute = attribute, line = line)
        } else if local == "style" {
            say!("pictures.svg_animates_style", element = element, attribute = attribute, line = line)
        } else {
            return Ok(());
        };
        refuse(reason, line)
    }

    fn style_element(&self, node: Node) -> Result<(), Refusal> {
        if let Some(kind) = node.attribute("type") {
            let media_type = kind.split(';').next().unwrap_or_default().trim();
            if !media_type.is_empty() && !media_type.eq_ignore_ascii_case("text/css") {
                let line = self.line(node.range().start);
                let kind = shorten(kind);
                return refuse(say!("pictures.svg_style_type", kind = kind, line = line), line);
            }
        }
        // The style is the element's own text, joined across comments and CDATA sections.
        let mut css = String::new();
        let mut pieces: Vec<(usize, Node)> = Vec::new();
        for child in node.children() {
            match child.node_type() {
                NodeType::Element => {
                    let line = self.line(child.range().start);
                    let shown = self.element_name(child);
                    return refuse(say!("pictures.svg_style_holds", element = shown, line = line), line);
                }
                NodeType::Text => {
                    pieces.push((css.len(), child));
                    css.push_str(child.text().unwrap_or_default());
                }
                _ => {}
            }
        }
        let Some((at, problem)) = css_problem(&css) else { return Ok(()) };
        let line = match pieces.iter().rev().find(|(start, _)| *start <= at) {
            Some((start, piece)) => {
                let inside = css.get(*start..).unwrap_or_default();
                self.line(piece.range().start).saturating_add(newlines(inside, at - start))
            }
            None => self.line(node.range().start),
        };
        refuse(problem.reason(Say::verbatim("`<style>`"), line), line)
    }

    fn attribute(&self, node: Node, attr: &Attribute) -> Result<(), Refusal> {
        let local = attr.name();
        let value = attr.value();
        let about = || {
            let line = self.line(attr.range().start);
            let subject = say!(
                "pictures.svg_the_attribute",
                attribute = self.attribute_name(attr),
                element = self.element_name(node)
            );
            (subject, line)
        };
        if local.as_bytes().get(..2).is_some_and(|p| p.eq_ignore_ascii_case(b"on")) {
            let (subject, line) = about();
            return refuse(say!("pictures.svg_runs_script", subject = subject, line = line), line);
        }
        if find_javascript(value).is_some() {
            let (subject, line) = about();
            return refuse(say!("pictures.svg_runs_javascript", subject = subject, line = line), line);
        }
        let is_href = local.eq_ignore_ascii_case("href");
        match attr.namespace() {
            None | Some(SVG_NS) if is_href => self.link(node, attr),
            None | Some(SVG_NS) => {
                let problem = if local.eq_ignore_ascii_case("style") {
                    css_problem(value).map(|(_, problem)| problem)
                } else {
                    value_problem(value)
                };
                match problem {
                    Some(problem) => {
                        let (subject, line) = about();
                        refuse(problem.reason(subject, line), line)
                    }
                    None => Ok(()),
                }
            }
            Some(XLINK_NS) if is_href => self.link(node, attr),
            Some(XLINK_NS) => Ok(()),
            Some(XML_NS) if local == "base" => {
                let line = self.line(attr.range().start);
                let shown = self.element_name(node);
                refuse(say!("pictures.svg_xml_base", element = shown, line = line), line)
            }
            Some(XML_NS) => Ok(()),
            Some(ns) if EDITOR_NS.contains(&ns) => Ok(()),
            Some(_) => {
                let (subject, line) = about();
                refuse(say!("pictures.svg_attribute_not_svg", subject = subject, line = line), line)
            }
        }
    }

    /// A link must point inside the picture: `#` and the `id` of one of its elements.
    fn link(&self, node: Node, attr: &Attribute) -> Result<(), Refusal> {
        let target = attr.value().trim();
        if target.starts_with('#') {
            return Ok(());
        }
        let line = self.line(attr.range().start);
        let element = self.element_name(node);
        let shown = shorten(target);
        let reason = if node.tag_name().name() == "a" {
            say!("pictures.svg_links_outside", element = element, target = shown, line = line)
        } else if target.get(..5).is_some_and(|scheme| scheme.eq_ignore_ascii_case("data:")) {
            let attribute = self.attribute_name(attr);
            say!("pictures.svg_embedded_file", element = element, attribute = attribute, target = shown, line = line)
        } else {
            say!("pictures.svg_element_loads", element = element, target = shown, line = line)
        };
        refuse(reason, line)
    }
}

/// An element an SVG file may not hold, by what it does.
#[derive(Clone, Copy)]
enum Held {
    Script,
    WebContent,
    OtherContent,
    Handler,
    NotAllowed,
}

/// What is wrong with a piece of CSS.
enum CssProblem {
    Backslash,
    Import,
    /// `url(…)` to somewhere outside the picture; what it points to.
    Url(String),
    /// A function that loads or runs something, and what it does.
    Function(&'static str, Does),
}

/// What a CSS function that is refused does.
#[derive(Clone, Copy)]
enum Does {
    Loads,
    RunsScript,
}

impl CssProblem {
    /// The reason, about `subject` (the `<style>` element, or an attribute of an element).
    fn reason(&self, subject: Say, line: u32) -> Say {
        match self {
            CssProblem::Backslash => say!("pictures.svg_css_backslash", subject = subject, line = line),
            CssProblem::Import => say!("pictures.svg_css_import", subject = subject, line = line),
            CssProblem::Url(target) => say!("pictures.svg_css_url", subject = subject, target = target, line = line),
            CssProblem::Function(name, Does::Loads) => {
                say!("pictures.svg_css_function_loads", subject = subject, function = name, line = line)
            }
            CssProblem::Function(name, Does::RunsScript) => {
                say!("pictures.svg_css_function_script", subject = subject, function = name, line = line)
            }
        }
    }
}

/// Functions that load or run something without `url(`, in style sheets and style attributes.
const CSS_FUNCTIONS: [(&str, Does); 4] =
    [("image-set(", Does::Loads), ("image(", Does::Loads), ("src(", Does::Loads), ("expression(", Does::RunsScript)];
/// The same for other attributes, which are free text more often (`image(s)` is no function).
const VALUE_FUNCTIONS: [(&str, Does); 2] = [("image-set(", Does::Loads), ("expression(", Does::RunsScript)];

/// The first problem in a style sheet or a `style` attribute, and where it is.
fn css_problem(css: &str) -> Option<(usize, CssProblem)> {
    if let Some(at) = css.find('\\') {
        return Some((at, CssProblem::Backslash));
    }
    let lower = css.to_ascii_lowercase();
    if let Some(at) = lower.find("@import") {
        return Some((at, CssProblem::Import));
    }
    if let Some((at, target)) = outside_url(css, &lower) {
        return Some((at, CssProblem::Url(target)));
    }
    CSS_FUNCTIONS.iter().find_map(|&(name, why)| lower.find(name).map(|at| (at, CssProblem::Function(name, why))))
}

/// The first problem in another attribute's value, which the browser may read as CSS too (`fill`,
/// `filter`, `mask`, the values of an animation): CSS escapes are undone before looking.
fn value_problem(value: &str) -> Option<CssProblem> {
    if !value.contains('(') && !value.contains('\\') {
        return None;
    }
    let unescaped;
    let value = if value.contains('\\') {
        unescaped = css_unescape(value);
        unescaped.as_str()
    } else {
        value
    };
    let lower = value.to_ascii_lowercase();
    if let Some((_, target)) = outside_url(value, &lower) {
        return Some(CssProblem::Url(target));
    }
    VALUE_FUNCTIONS.iter().find_map(|&(name, why)| lower.contains(name).then_some(CssProblem::Function(name, why)))
}

/// The first `url(…)` whose target, past spaces and a quote, does not start with `#`: where it
/// is and what it points to. `lower` is `css` in ASCII lower case (so offsets agree).
fn outside_url(css: &str, lower: &str) -> Option<(usize, String)> {
    let is_css_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
    lower.match_indices("url(").find_map(|(at, _)| {
        let inside = css.get(at + 4..).unwrap_or_default();
        let target = inside.trim_start_matches(is_css_space);
        let target = target.strip_prefix(['"', '\'']).unwrap_or(target).trim_start_matches(is_css_space);
        if target.starts_with('#') {
            return None;
        }
        let end = target.find([')', '"', '\'']).unwrap_or(target.len());
        let shown = target.get(..end).unwrap_or_default().trim_end_matches(is_css_space);
        Some((at, if shown.is_empty() { "url()".to_string() } else { shorten(shown) }))
    })
}

/// CSS text with its escapes (`\72`, `\r`) undone, as the browser reads it.
fn css_unescape(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut chars = css.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let mut code = 0u32;
        let mut digits = 0;
        while digits < 6 {
            match chars.peek().and_then(|d| d.to_digit(16)) {
                Some(d) => {
                    code = code * 16 + d;
                    digits += 1;
                    chars.next();
                }
                None => break,
            }
        }
        if digits > 0 {
            if chars.peek().is_some_and(|c| c.is_ascii_whitespace()) {
                chars.next();
            }
            out.push(char::from_u32(code).filter(|&c| c != '\0').unwrap_or('\u{FFFD}'));
        } else if let Some(next) = chars.next()
            && next != '\n'
        {
            out.push(next);
        }
    }
    out
}

/// Where `javascript:` starts in `text`, in any case and with any spaces or control characters
/// inside it (a browser drops them from an address).
fn find_javascript(text: &str) -> Option<usize> {
    const WORD: &[u8] = b"javascript:";
    let mut matched = 0;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() || c.is_control() {
            continue;
        }
        let c = c.to_ascii_lowercase();
        if c.is_ascii() && WORD.get(matched) == Some(&(c as u8)) {
            if matched == 0 {
                start = at;
            }
            matched += 1;
            if matched == WORD.len() {
                return Some(start);
            }
        } else if c == 'j' {
            // `j` occurs only first in the word, so a failed match can restart only here.
            start = at;
            matched = 1;
        } else {
            matched = 0;
        }
    }
    None
}

/// How many line breaks come before byte `offset` of `text`.
fn newlines(text: &str, offset: usize) -> u32 {
    let before = text.as_bytes().get(..offset).unwrap_or(text.as_bytes());
    u32::try_from(before.iter().filter(|&&b| b == b'\n').count()).unwrap_or(u32::MAX)
}

/// A name or value as quoted in a reason: on one line, not too long, without backquotes.
fn shorten(text: &str) -> String {
    let mut out: String = text
        .chars()
        .take(SHOWN_CHARS)
        .map(|c| match c {
            '`' => '\'',
            c if c.is_control() => ' ',
            c => c,
        })
        .collect();
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drawing as Inkscape saves it: editor namespaces, a named view, licence metadata,
    /// gradients linked by `#id`, a style sheet that only refers inside the picture.
    const INKSCAPE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->

<svg
   width="210mm"
   height="297mm"
   viewBox="0 0 210 297"
   version="1.1"
   id="svg5"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)"
   sodipodi:docname="tegning.svg"
   inkscape:export-filename="C:\Users\redaktoer\tegning.png"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
   xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <title id="title1">Kort over bydelen</title>
  <sodipodi:namedview
     id="namedview7"
     pagecolor="#ffffff"
     bordercolor="#666666"
     borderopacity="1.0"
     inkscape:showpageshadow="2"
     inkscape:pageopacity="0.0"
     inkscape:document-units="mm"
     showgrid="true"
     inkscape:zoom="0.72337262"
     inkscape:current-layer="layer1">
    <inkscape:grid type="xygrid" id="grid1" />
  </sodipodi:namedview>
  <defs id="defs2">
    <linearGradient inkscape:collect="always" id="linearGradient1">
      <stop style="stop-color:#2e8b57;stop-opacity:1" offset="0" id="stop1" />
      <stop style="stop-color:#2e8b57;stop-opacity:0" offset="1" id="stop2" />
    </linearGradient>
    <linearGradient xlink:href="#linearGradient1" id="linearGradient2" x1="10" y1="10" x2="100" y2="10"
       gradientUnits="userSpaceOnUse" />
    <style type="text/css"><![CDATA[
      .vej { stroke: #7a7a7a; fill: url( '#linearGradient2' ); }
      text { font-family: "Open Sans", sans-serif; }
    ]]></style>
  </defs>
  <metadata id="metadata1">
    <rdf:RDF>
      <cc:Work rdf:about="">
        <dc:format>image/svg+xml</dc:format>
        <dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage" />
        <dc:title>Kort over bydelen</dc:title>
        <cc:license rdf:resource="http://creativecommons.org/licenses/by-sa/4.0/" />
      </cc:Work>
    </rdf:RDF>
  </metadata>
  <g inkscape:label="Lag 1" inkscape:groupmode="layer" id="layer1" xml:space="preserve">
    <rect style="fill:url(#linearGradient2);stroke:none" id="rect1" width="80" height="40" x="20" y="30" />
    <path class="vej" d="m 20,100 h 120 v 40" sodipodi:nodetypes="ccc" id="path1" />
    <use xlink:href="#rect1" href="#rect1" y="60" id="use1" />
    <a href="#rect1"><text x="20" y="200" xml:lang="da">Rådhuset &amp; torvet</text></a>
    <circle cx="150" cy="50" r="10" fill="url(#linearGradient2)" clip-path="url(#clip)" />
    <animate attributeName="opacity" values="0;1" dur="2s" />
  </g>
</svg>
"##;

    fn svg(inside: &str) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n{inside}\n</svg>"
        )
    }

    /// The refusal for `text`, which must be refused.
    fn refused(text: &str) -> Refusal {
        match check(text.as_bytes()) {
            Ok(()) => panic!("should be refused:\n{text}"),
            Err(refusal) => refusal,
        }
    }

    fn refused_inside(inside: &str) -> Refusal {
        refused(&svg(inside))
    }

    #[track_caller]
    fn assert_passes(text: &str) {
        if let Err(refusal) = check(text.as_bytes()) {
            panic!("should pass, but {refusal:?}:\n{text}");
        }
    }

    #[track_caller]
    fn assert_mentions(refusal: &Refusal, words: &[&str]) {
        let reason = refusal.reason.en();
        for word in words {
            assert!(reason.contains(word), "{word:?} not in {reason:?}");
        }
    }

    /// A refusal as the English reason and the line, to compare with what it should be.
    fn said(refusal: &Refusal) -> (String, Option<u32>) {
        (refusal.reason.en(), refusal.line)
    }

    #[test]
    fn an_inkscape_drawing_passes() {
        assert_passes(INKSCAPE);
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), INKSCAPE.as_bytes()].concat();
        assert_eq!(check(&with_bom), Ok(()));
    }

    #[test]
    fn the_projects_illustrations_pass() {
        assert_passes(include_str!("../../content/projects/sundhedsbussen/illustration.svg"));
        assert_passes(include_str!("../../content/projects/laengere-tid-i-eget-hjem/illustration.svg"));
    }

    #[test]
    fn a_script_is_refused() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <rect width=\"1\" height=\"1\"/>\n\n  \
                    <script>alert(1)</script>\n</svg>";
        let refusal = refused(text);
        assert_eq!(said(&refusal), ("it holds a script (`<script>`, line 4)".to_string(), Some(4)));
    }

    #[test]
    fn a_script_in_another_namespace_is_refused() {
        let refusal = refused(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:x=\"http://www.w3.org/1999/xhtml\">\
             <x:script>alert(1)</x:script></svg>",
        );
        assert_mentions(&refusal, &["a script", "`<x:script>`", "line 1"]);
    }

    #[test]
    fn elements_outside_svg_are_refused() {
        let xhtml = refused(
            "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<div xmlns=\"http://www.w3.org/1999/xhtml\">hej</div></svg>",
        );
        assert_mentions(&xhtml, &["`<div>`", "not part of SVG", "line 2"]);
        assert_eq!(xhtml.line, Some(2));
        let no_namespace = refused_inside("<g xmlns=\"\"><blink/></g>");
        assert_mentions(&no_namespace, &["`<g>`", "not part of SVG"]);
        let unknown = refused("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:i=\"urn:x\"><i:x/></svg>");
        assert_mentions(&unknown, &["`<i:x>`", "not part of SVG"]);
    }

    #[test]
    fn content_elements_are_refused() {
        let cases = [
            ("<foreignObject><p>hej</p></foreignObject>", "`<foreignObject>`, which can carry web page content"),
            ("<iframe/>", "`<iframe>`"),
            ("<embed/>", "`<embed>`"),
            ("<object/>", "`<object>`"),
            ("<handler>alert(1)</handler>", "`<handler>`, which runs a script"),
            ("<listener event=\"click\"/>", "`<listener>`"),
            ("<discard begin=\"1s\"/>", "`<discard>`"),
        ];
        for (inside, words) in cases {
            let refusal = refused_inside(inside);
            assert_mentions(&refusal, &[words, "line 2"]);
            assert_eq!(refusal.line, Some(2));
        }
    }

    #[test]
    fn event_attributes_are_refused_in_any_namespace() {
        let refusal = refused("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
        assert_eq!(said(&refusal), ("the attribute `onload` on `<svg>` runs a script (line 1)".to_string(), Some(1)));
        assert_mentions(&refused_inside("<rect OnClick=\"x()\"/>"), &["`OnClick` on `<rect>` runs a script"]);
        let namespaced = refused("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:foo=\"urn:x\" foo:onload=\"x()\"/>");
        assert_mentions(&namespaced, &["`foo:onload` on `<svg>` runs a script"]);
        let editor = refused_inside(
            "<sodipodi:namedview xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\" \
             onmouseover=\"x()\"/>",
        );
        assert_mentions(&editor, &["`onmouseover` on `<sodipodi:namedview>`"]);
    }

    #[test]
    fn attributes_in_other_namespaces_are_refused() {
        let refusal =
            refused("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:foo=\"urn:x\">\n<g foo:bar=\"1\"/></svg>");
        assert_eq!(
            said(&refusal),
            ("the attribute `foo:bar` on `<g>` is not part of SVG (line 2)".to_string(), Some(2))
        );
    }

    #[test]
    fn links_must_stay_inside_the_picture() {
        let script = refused_inside("<a xlink:href=\"javascript:alert(1)\"><text>x</text></a>");
        assert_mentions(&script, &["`xlink:href` on `<a>` runs a script", "javascript:"]);
        let hidden = refused_inside("<a href=\" java\tscript&#x3A;alert(1)\"/>");
        assert_mentions(&hidden, &["`href` on `<a>` runs a script"]);
        let away = refused_inside("<a href=\"https://x.dk/\">x</a>");
        assert_mentions(&away, &["`<a>` links to `https://x.dk/` outside the picture", "line 2"]);
        assert_passes(&svg("<a href=\"#kort\"><rect id=\"kort\"/></a><a><rect/></a>"));
    }

    #[test]
    fn references_must_stay_inside_the_picture() {
        let image = refused_inside("<image href=\"https://x.dk/a.png\"/>");
        assert_eq!(image.reason.en(), "`<image>` loads `https://x.dk/a.png` from outside the picture (line 2)");
        assert_mentions(&refused_inside("<use xlink:href=\"other.svg#a\"/>"), &["`<use>` loads `other.svg#a`"]);
        let filter = refused_inside("<filter><feImage href=\"//x.dk/a.png\"/></filter>");
        assert_mentions(&filter, &["`<feImage>` loads `//x.dk/a.png`"]);
        let embedded = refused_inside("<image xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/>");
        assert_mentions(&embedded, &["`<image>` has a file embedded in `xlink:href`"]);
        let unbound = refused_inside("<linearGradient href=\"\"/>");
        assert_mentions(&unbound, &["`<linearGradient>` loads ``"]);
        assert_passes(&svg("<use href=\" #a\"/><image xlink:href=\"#b\"/><filter><feImage href=\"#c\"/></filter>"));
    }

    #[test]
    fn xml_base_is_refused() {
        assert_mentions(&refused_inside("<g xml:base=\"https://x.dk/\"/>"), &["`xml:base` on `<g>`"]);
        assert_passes(&svg("<text xml:space=\"preserve\" xml:lang=\"nb\">Hei</text>"));
    }

    #[test]
    fn animations_may_not_change_links_handlers_or_styles() {
        let href = refused_inside("<a><animate attributeName=\"href\" to=\"javascript:alert(1)\"/></a>");
        assert_mentions(&href, &["`<animate>`"]);
        let plain_href = refused_inside("<a><animate attributeName=\"href\" to=\"https://x.dk\"/></a>");
        assert_mentions(&plain_href, &["`<animate>` changes the attribute `href`", "outside the picture"]);
        let xlink = refused_inside("<a><set attributeName=\"xlink:href\" to=\"#a\"/></a>");
        assert_mentions(&xlink, &["`<set>` changes the attribute `xlink:href`"]);
        let onclick = refused_inside("<rect><set attributeName=\"onclick\" to=\"alert(1)\"/></rect>");
        assert_mentions(&onclick, &["`<set>` changes the attribute `onclick`, which runs a script"]);
        let style = refused_inside("<rect><animateTransform attributeName=\" style \" to=\"x\"/></rect>");
        assert_mentions(&style, &["`<animateTransform>` changes the attribute `style`"]);
        let paint = refused_inside("<rect><animate attributeName=\"fill\" to=\"url(https://x.dk/p.svg#p)\"/></rect>");
        assert_mentions(&paint, &["the attribute `to` on `<animate>` loads `https://x.dk/p.svg#p`"]);
        assert_passes(&svg("<rect><animate attributeName=\"fill\" values=\"red;url(#p)\"/></rect>"));
    }

    #[test]
    fn style_attributes_may_not_load() {
        let refusal = refused_inside("<rect style=\"background:url(https://x)\"/>");
        assert_eq!(
            refusal.reason.en(),
            "the attribute `style` on `<rect>` loads `https://x` from outside the picture (line 2)"
        );
        let quoted = refused_inside("<rect style=\"fill:URL( 'http://x/y.svg#p' )\"/>");
        assert_mentions(&quoted, &["loads `http://x/y.svg#p`"]);
        let escaped = refused_inside("<rect style=\"fill:u\\72l(x)\"/>");
        assert_mentions(&escaped, &["`style` on `<rect>` contains a backslash"]);
        let set = refused_inside("<rect style=\"mask:image-set('a.png' 1x)\"/>");
        assert_mentions(&set, &["uses `image-set(`"]);
        assert_mentions(&refused_inside("<rect style=\"width:expression(alert(1))\"/>"), &["`expression(`"]);
        assert_passes(&svg("<rect style=\"fill:url(#g);filter:url( &quot;#f&quot; )\"/>"));
    }

    #[test]
    fn presentation_attributes_may_not_load() {
        let fill = refused_inside("<rect fill=\"url(https://x.dk/p.svg#p)\"/>");
        assert_mentions(&fill, &["the attribute `fill` on `<rect>` loads `https://x.dk/p.svg#p`"]);
        let escaped = refused_inside("<rect filter=\"u\\72 l(https://x.dk/f.svg#f)\"/>");
        assert_mentions(&escaped, &["the attribute `filter` on `<rect>` loads `https://x.dk/f.svg#f`"]);
        assert_passes(&svg("<rect fill=\"url(#p)\" aria-label=\"a\\b image(s)\"/>"));
    }

    #[test]
    fn style_sheets_may_not_load() {
        let import = refused_inside("<style>@import 'x.css';</style>");
        assert_eq!(import.reason.en(), "`<style>` imports another style sheet (`@import`, line 2)");
        let url = refused_inside("<style>\n\nrect { fill: url(\"https://x.dk/p.svg#p\") }</style>");
        assert_eq!(url.line, Some(4));
        assert_mentions(&url, &["`<style>` loads `https://x.dk/p.svg#p`", "line 4"]);
        let escaped = refused_inside("<style>a{b:u\\72l(x)}</style>");
        assert_mentions(&escaped, &["`<style>` contains a backslash"]);
        let split = refused_inside("<style>@im<!-- -->port 'x.css';</style>");
        assert_mentions(&split, &["`@import`"]);
        let cdata = refused_inside("<style><![CDATA[@IMPORT url(x.css);]]></style>");
        assert_mentions(&cdata, &["`@import`"]);
        let font = refused_inside("<style>@font-face { src: url(f.woff2) }</style>");
        assert_mentions(&font, &["loads `f.woff2`"]);
        let source = refused_inside("<style>a { b: src(\"x\") }</style>");
        assert_mentions(&source, &["uses `src(`"]);
        let child = refused_inside("<style>a{}<g/></style>");
        assert_mentions(&child, &["`<style>` holds `<g>`"]);
        assert_passes(&svg("<style type=\"text/css\">rect { fill: url(#g) }</style><style/>"));
    }

    #[test]
    fn style_sheets_must_be_css() {
        let refusal = refused_inside("<style type=\"text/xsl\">x</style>");
        assert_eq!(refusal.reason.en(), "`<style>` has type `text/xsl`; only `text/css` is allowed (line 2)");
    }

    #[test]
    fn a_doctype_is_refused() {
        let text = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [\n<!ENTITY a \"aaaaaaaaaa\">\n\
                    <!ENTITY b \"&a;&a;&a;\">\n]>\n\
                    <svg xmlns=\"http://www.w3.org/2000/svg\"><text>&b;</text></svg>";
        let refusal = refused(text);
        assert_mentions(&refusal, &["`<!DOCTYPE …>`", "entities", "remove it", "line 2"]);
        assert_eq!(refusal.line, Some(2));
        let public = "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \
                      \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\"><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_mentions(&refused(public), &["`<!DOCTYPE …>`"]);
    }

    #[test]
    fn processing_instructions_are_refused() {
        let text = "<?xml version=\"1.0\"?>\n<?xml-stylesheet href=\"x.css\" type=\"text/css\"?>\n\
                    <svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(
            said(&refused(text)),
            ("it holds `<?xml-stylesheet …?>`, which loads a style sheet (line 2)".to_string(), Some(2))
        );
        assert_mentions(&refused_inside("<g><?php echo 1; ?></g>"), &["`<?php …?>`", "line 2"]);
    }

    #[test]
    fn javascript_anywhere_is_refused() {
        let text = refused_inside("<text>\nJava Script: alert(1)</text>");
        assert_eq!(text.reason.en(), "it holds the text `javascript:`, which can run a script (line 3)");
        let inkscape = "xmlns:inkscape=\"http://www.inkscape.org/namespaces/inkscape\"";
        let attribute = refused_inside(&format!("<g inkscape:label=\"javascript:x\" {inkscape}/>"));
        assert_mentions(&attribute, &["`inkscape:label` on `<g>` runs a script"]);
        let encoded = refused_inside("<text>&#x6A;ava&#x0A;script&#58;</text>");
        assert_mentions(&encoded, &["`javascript:`"]);
        assert_passes(&svg("<text>jjavascript is a word; so is java</text>"));
    }

    #[test]
    fn a_file_that_is_not_well_formed_is_refused() {
        let refusal = refused("<svg xmlns=\"http://www.w3.org/2000/svg\">\n<g></svg>");
        assert!(refusal.reason.en().starts_with("it is not a well-formed SVG file: "), "{refusal:?}");
        assert_eq!(refusal.line, Some(2));
        assert!(refused("").reason.en().starts_with("it is not a well-formed SVG file: "));
        assert!(refused("not xml").reason.en().starts_with("it is not a well-formed SVG file: "));
        let entity = refused_inside("<text>&nbsp;</text>");
        assert_mentions(&entity, &["not a well-formed SVG file", "nbsp"]);
        let latin1 = check(b"<svg xmlns=\"http://www.w3.org/2000/svg\">\n<text>R\xE5dhus</text></svg>");
        assert_eq!(
            latin1.map_err(|r| said(&r)),
            Err(("it is not a well-formed SVG file: it is not UTF-8 text (line 2)".to_string(), Some(2)))
        );
        let utf16 = check(b"\xFF\xFE<\0s\0v\0g\0/\0>\0").map_err(|r| r.reason.en());
        assert!(utf16.is_err_and(|reason| reason.contains("UTF-16")));
    }

    #[test]
    fn a_declared_encoding_must_be_utf8() {
        let latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>";
        assert_eq!(
            said(&refused(latin1)),
            ("its first line says it is written in `ISO-8859-1`, but it must be UTF-8 (line 1)".to_string(), Some(1))
        );
        assert_passes(
            "<?xml version='1.0' encoding='utf-8' standalone='no'?><svg xmlns='http://www.w3.org/2000/svg'/>",
        );
        assert_passes("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    }

    #[test]
    fn attributes_in_the_svg_namespace_are_checked_like_plain_ones() {
        let text = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:s=\"http://www.w3.org/2000/svg\">\
                    <image s:href=\"https://x.dk/a.png\" s:width=\"3\"/></svg>";
        assert_mentions(&refused(text), &["`<image>` loads `https://x.dk/a.png`"]);
    }

    #[test]
    fn the_root_must_be_svg_in_the_svg_namespace() {
        let html = refused("<html xmlns=\"http://www.w3.org/1999/xhtml\"><svg/></html>");
        assert_eq!(html.reason.en(), "the outermost element is `<html>`, not `<svg>` (line 1)");
        let bare = refused("<svg><rect/></svg>");
        assert_mentions(&bare, &["`<svg>` element lacks `xmlns=\"http://www.w3.org/2000/svg\"`"]);
        let prefixed = "<s:svg xmlns:s=\"http://www.w3.org/2000/svg\"><s:rect/></s:svg>";
        assert_passes(prefixed);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let nested = |levels: usize| svg(&format!("{}{}", "<g>".repeat(levels), "</g>".repeat(levels)));
        assert_passes(&nested(MAX_DEPTH - 1));
        let refusal = refused(&nested(2000));
        assert_eq!(refusal.reason.en(), format!("its elements are nested more than {MAX_DEPTH} levels deep (line 2)"));
        // Far deeper than a parser's stack would take.
        assert_mentions(&refused(&nested(500_000)), &["nested more than"]);
        let unclosed = format!("<svg xmlns=\"http://www.w3.org/2000/svg\">{}", "<g a='>'>".repeat(100_000));
        assert_mentions(&refused(&unclosed), &["nested more than"]);
        // Self-closed elements, comments, CDATA and instructions do not nest.
        let flat = svg(&"<g/><!-- <g> --><text><![CDATA[<g>]]></text><g a=\"/>\"></g>".repeat(2000));
        assert_passes(&flat);
    }

    #[test]
    fn costly_shapes_are_refused() {
        let attributes: String = (0..=MAX_ATTRIBUTES).map(|i| format!(" a{i}=\"1\"")).collect();
        let many = refused_inside(&format!("<rect{attributes}/>"));
        assert_mentions(&many, &[&format!("more than {MAX_ATTRIBUTES} attributes"), "line 2"]);
        let prefixes: String = (0..=MAX_PREFIXES).map(|i| format!("<g xmlns:p{i}=\"urn:{i}\"/>")).collect();
        assert_mentions(&refused_inside(&prefixes), &[&format!("more than {MAX_PREFIXES} namespaces")]);
        let nodes = svg(&"<g/>".repeat(MAX_NODES as usize));
        assert_mentions(&refused(&nodes), &["too large"]);
    }

    #[test]
    fn no_input_makes_it_panic() {
        // Every beginning of a good file and of a refused one; and every byte changed to `<`, `"`, `&`.
        let sample = format!("{INKSCAPE}<!-- ü -->");
        let bad = svg("<a xlink:href='javascript:x'><style>@import url(x)</style></a>");
        for text in [sample.as_str(), bad.as_str()] {
            let bytes = text.as_bytes();
            for end in 0..bytes.len() {
                let _ = check(&bytes[..end]);
            }
            for at in (0..bytes.len()).step_by(7) {
                for replacement in [b'<', b'"', b'&', 0xC3] {
                    let mut changed = bytes.to_vec();
                    changed[at] = replacement;
                    let _ = check(&changed);
                }
            }
        }
    }

    #[test]
    fn a_refusal_is_said_in_the_readers_language() {
        use crate::i18n::Lang;
        let handler = refused("<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>");
        assert_eq!(handler.reason.to(Lang::Da), "attributten `onload` på `<svg>` kører et script (linje 1)");
        assert_eq!(handler.reason.to(Lang::Nn), "attributtet `onload` på `<svg>` køyrer eit skript (linje 1)");
        let import = refused_inside("<style>@import 'x.css';</style>");
        assert_eq!(import.reason.to(Lang::Nb), "`<style>` henter et annet stilark (`@import`, linje 2)");
    }

    #[test]
    fn css_escapes_are_undone() {
        assert_eq!(css_unescape("u\\72l(\\\"x\\\")"), "url(\"x\")");
        assert_eq!(css_unescape("u\\000072 l"), "url");
        assert_eq!(css_unescape("a\\0 b\\"), "a\u{FFFD}b");
        assert_eq!(css_unescape("\\1F600"), "\u{1F600}");
    }

    #[test]
    fn a_drawing_has_the_size_its_width_and_height_or_its_view_box_say() {
        let svg = |attrs: &str| format!("<svg xmlns=\"http://www.w3.org/2000/svg\" {attrs}/>");
        assert_eq!(size(svg(r#"width="120" height="80""#).as_bytes()), Some((120, 80)));
        assert_eq!(size(svg(r#"width="120px" height="80.4px" viewBox="0 0 10 10""#).as_bytes()), Some((120, 80)));
        assert_eq!(size(svg(r#"width="100%" viewBox="0,0,640,360""#).as_bytes()), Some((640, 360)));
        assert_eq!(size(svg(r#"width="10cm" height="5cm""#).as_bytes()), None);
        assert_eq!(size(svg(r#"viewBox="0 0 0 10""#).as_bytes()), None);
        assert_eq!(size(svg("").as_bytes()), None);
    }
}
