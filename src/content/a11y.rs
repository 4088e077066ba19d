//! Accessibility checks on a Markdown body that need no browser: pictures without alt text,
//! headings that skip a level, link text that does not say where it goes, tables without
//! headers. They are fed from the one pass that renders the Markdown, and reported as
//! warnings (errors with `--strict`).
//!
//! The same pass measures how deep elements nest ([`Nesting`]): a body nested deeper than
//! [`MAX_NESTING`] is an error, found before the HTML sanitiser runs, whose cost grows with
//! the square of the depth.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Source};
use crate::say::Say;

/// Link texts that tell a screen-reader user nothing when read out of context.
const VAGUE: &[&str] = &[
    // da
    "læs mere",
    "læs her",
    "klik her",
    "her",
    "mere",
    "se mere",
    "link",
    "linket",
    // nb, nn
    "les mer",
    "les meir",
    "klikk her",
    "mer",
    "meir",
    "se mer",
    "sjå meir",
    "lenke",
    "lenkje",
    // en
    "read more",
    "click here",
    "here",
    "more",
    "link",
    "this",
    "this link",
];

#[derive(Default)]
pub struct A11y {
    warnings: Vec<Diagnostic>,
    /// The last heading level seen; the page title is the one h1.
    level: u8,
    /// Text of the link or image being read, and where it started.
    link: Option<(String, usize)>,
    image: Option<(String, usize)>,
    /// In a table's header row: (its offset, whether the cell being read has text, whether a
    /// cell without text was seen).
    table_head: Option<(usize, bool, bool)>,
    nesting: Nesting,
}

/// Whether a picture's alt text in Markdown marks it as decoration: two quotation marks,
/// `![""](moenster.jpg)` (typographic ones too), which the page writes as `alt=""`.
pub fn marks_decoration(alt: &str) -> bool {
    matches!(alt.trim(), "\"\"" | "“”" | "””" | "„“" | "«»")
}

fn normalise(text: &str) -> String {
    text.trim()
        .trim_matches(|c: char| c.is_ascii_punctuation() || c == '…' || c == '»' || c == '«')
        .trim()
        .to_lowercase()
}

impl A11y {
    pub fn new() -> Self {
        A11y { level: 1, ..A11y::default() }
    }

    /// Looks at one event of the body at `offset` in the file.
    pub fn see(&mut self, event: &Event<'_>, offset: usize, source: &Source) {
        if let Some(error) = self.nesting.see(event, offset, source) {
            self.warnings.push(error);
        }
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if level == 1 {
                    self.warn(
                        source,
                        offset,
                        say!("content.second_main_title"),
                        say!("content.second_main_title_hint"),
                    );
                } else if level > self.level + 1 {
                    let (from, to) = (self.level, level);
                    self.warn(
                        source,
                        offset,
                        say!("content.heading_jumps", from = from, to = to),
                        say!("content.heading_jumps_hint", hashes = "#".repeat(usize::from(from) + 1)),
                    );
                }
                self.level = level;
            }
            Event::Start(Tag::Link { .. }) => self.link = Some((String::new(), offset)),
            Event::Start(Tag::Image { .. }) => self.image = Some((String::new(), offset)),
            Event::Text(t) | Event::Code(t) => {
                for (text, _) in [&mut self.link, &mut self.image].into_iter().flatten() {
                    text.push_str(t);
                }
                if let Some((_, has_text, _)) = &mut self.table_head {
                    *has_text |= !t.trim().is_empty();
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((text, at)) = self.link.take() {
                    let plain = normalise(&text);
                    if plain.is_empty() {
                        self.warn(
                            source,
                            at,
                            say!("content.link_without_text"),
                            say!("content.link_without_text_hint"),
                        );
                    } else if VAGUE.contains(&plain.as_str()) {
                        self.warn(
                            source,
                            at,
                            say!("content.vague_link", text = text.trim()),
                            say!("content.vague_link_hint"),
                        );
                    }
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, at)) = self.image.take()
                    && alt.trim().is_empty()
                {
                    self.warn(source, at, say!("content.no_alt_text"), say!("content.no_alt_text_hint"));
                }
            }
            Event::Start(Tag::TableHead) => self.table_head = Some((offset, false, false)),
            Event::Start(Tag::TableCell) => {
                if let Some((_, has_text, _)) = &mut self.table_head {
                    *has_text = false;
                }
            }
            Event::End(TagEnd::TableCell) => {
                if let Some((_, has_text, empty_seen)) = &mut self.table_head {
                    *empty_seen |= !*has_text;
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some((at, _, true)) = self.table_head.take() {
                    self.warn(source, at, say!("content.empty_header_cell"), say!("content.empty_header_cell_hint"));
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let lower = html.to_lowercase();
                if lower.contains("<table") && !lower.contains("<th") {
                    self.warn(
                        source,
                        offset,
                        say!("content.html_table_without_headers"),
                        say!("content.html_table_without_headers_hint"),
                    );
                }
            }
            _ => {}
        }
    }

    fn warn(&mut self, source: &Source, offset: usize, message: Say, hint: Say) {
        self.warnings.push(source.error_at(offset, message).with_hint(hint).warning());
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.warnings
    }

    /// Whether the body nests deeper than [`MAX_NESTING`] (an error is among the warnings):
    /// its HTML must then not be given to the sanitiser.
    pub fn too_deep(&self) -> bool {
        self.nesting.too_deep
    }
}

/// How deep elements may nest in a body: Markdown's own (quotes, lists, emphasis) and raw
/// HTML's together. No story needs a tenth of it; a browser stops nesting at 512.
pub const MAX_NESTING: usize = 100;

/// Bytes of a tag's name kept for matching end tags: the longest HTML name is 10.
const NAME_BYTES: usize = 16;

#[derive(Clone, Copy, Default)]
struct Name {
    bytes: [u8; NAME_BYTES],
    len: u8,
    /// An element of SVG or MathML, where `<x/>` closes itself and `<script>` holds tags.
    foreign: bool,
}

impl Name {
    fn push(&mut self, b: u8) {
        if usize::from(self.len) < NAME_BYTES {
            self.bytes[usize::from(self.len)] = b.to_ascii_lowercase();
            self.len += 1;
        }
    }

    fn get(&self) -> &[u8] {
        &self.bytes[..usize::from(self.len)]
    }

    /// Inside this foreign element, HTML is read as HTML again.
    fn integration_point(&self) -> bool {
        self.foreign
            && matches!(
                self.get(),
                b"foreignobject" | b"desc" | b"title" | b"mi" | b"mo" | b"mn" | b"ms" | b"mtext" | b"annotation-xml"
            )
    }
}

/// HTML start tags that end foreign content (`<svg><p>` closes the `<svg>`).
fn breaks_out(name: &[u8]) -> bool {
    matches!(
        name,
        b"b" | b"big"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"center"
            | b"code"
            | b"dd"
            | b"div"
            | b"dl"
            | b"dt"
            | b"em"
            | b"embed"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"hr"
            | b"i"
            | b"img"
            | b"li"
            | b"listing"
            | b"menu"
            | b"meta"
            | b"nobr"
            | b"ol"
            | b"p"
            | b"pre"
            | b"ruby"
            | b"s"
            | b"small"
            | b"span"
            | b"strong"
            | b"strike"
            | b"sub"
            | b"sup"
            | b"table"
            | b"tt"
            | b"u"
            | b"ul"
            | b"var"
    )
}

/// Where the scanner of raw HTML stands, kept from one piece of HTML to the next: a block of
/// HTML comes one line at a time. The states follow the HTML tokenizer closely enough that
/// nothing it reads as a tag is missed (a quote only opens after `=`, comments end as the
/// tokenizer ends them, `<script>`'s text holds no tags), so that the depth counted here is
/// never far below the depth the sanitiser's parser reaches.
#[derive(Clone, Copy, Default)]
enum Scan {
    #[default]
    Text,
    /// After `<`.
    Open,
    /// After `</`.
    EndOpen,
    /// After `<!`, with how much of `--` or `[CDATA[` matched.
    Bang(u8),
    /// In a comment, with how much of its end (`--`, `--!`) was seen.
    Comment(CommentEnd),
    /// In a comment-like thing that ends at `>` (`<?…>`, `<!DOCTYPE …>`).
    Bogus,
    /// In CDATA (foreign content only), with how many `]` were just seen.
    Cdata(u8),
    Tag(HtmlTag),
    /// The text of `<script>`, `<style>`, `<textarea>` … up to its end tag, with how much of
    /// `</name` matched.
    RawText(Name, u8),
    /// After `<plaintext>`: the rest is text.
    PlainText,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum CommentEnd {
    /// Right after `<!--` (`<!-->` ends it), or after `<!---` (`<!--->` ends it).
    Start(u8),
    Body,
    Dash,
    DashDash,
    DashDashBang,
}

#[derive(Clone, Copy)]
struct HtmlTag {
    end: bool,
    name: Name,
    at: Attr,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Attr {
    Name,
    BeforeName,
    InName,
    AfterName,
    BeforeValue,
    Quoted(u8),
    Unquoted,
    AfterQuoted,
    SelfClosing,
}

fn void(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"keygen"
            | b"basefont"
            | b"bgsound"
            | b"frame"
    )
}

/// Elements whose end tag the parser honours only when they are the innermost open one
/// (else it runs the adoption agency and keeps them to open again).
fn formatting(name: &[u8]) -> bool {
    matches!(
        name,
        b"a" | b"b"
            | b"big"
            | b"code"
            | b"em"
            | b"font"
            | b"i"
            | b"nobr"
            | b"s"
            | b"small"
            | b"strike"
            | b"strong"
            | b"tt"
            | b"u"
    )
}

/// The parser's "special" elements: an end tag of another element does not close them.
fn special(name: &[u8]) -> bool {
    matches!(
        name,
        b"address"
            | b"applet"
            | b"area"
            | b"article"
            | b"aside"
            | b"base"
            | b"basefont"
            | b"bgsound"
            | b"blockquote"
            | b"body"
            | b"br"
            | b"button"
            | b"caption"
            | b"center"
            | b"col"
            | b"colgroup"
            | b"dd"
            | b"details"
            | b"dir"
            | b"div"
            | b"dl"
            | b"dt"
            | b"embed"
            | b"fieldset"
            | b"figcaption"
            | b"figure"
            | b"footer"
            | b"form"
            | b"frame"
            | b"frameset"
            | b"h1"
            | b"h2"
            | b"h3"
            | b"h4"
            | b"h5"
            | b"h6"
            | b"head"
            | b"header"
            | b"hgroup"
            | b"hr"
            | b"html"
            | b"iframe"
            | b"img"
            | b"input"
            | b"keygen"
            | b"li"
            | b"link"
            | b"listing"
            | b"main"
            | b"marquee"
            | b"menu"
            | b"meta"
            | b"nav"
            | b"noembed"
            | b"noframes"
            | b"noscript"
            | b"object"
            | b"ol"
            | b"p"
            | b"param"
            | b"plaintext"
            | b"pre"
            | b"script"
            | b"search"
            | b"section"
            | b"select"
            | b"source"
            | b"style"
            | b"summary"
            | b"table"
            | b"tbody"
            | b"td"
            | b"template"
            | b"textarea"
            | b"tfoot"
            | b"th"
            | b"thead"
            | b"title"
            | b"tr"
            | b"track"
            | b"ul"
            | b"wbr"
            | b"xmp"
            | b"mi"
            | b"mo"
            | b"mn"
            | b"ms"
            | b"mtext"
            | b"annotation-xml"
            | b"foreignobject"
            | b"desc"
    )
}

/// Where the end tag `end` of a special element stops looking for its element (the
/// parser's scopes; more stops only make the count deeper).
fn scope_boundary(end: &[u8], open: &[u8]) -> bool {
    matches!(
        open,
        b"applet"
            | b"caption"
            | b"html"
            | b"table"
            | b"td"
            | b"th"
            | b"marquee"
            | b"object"
            | b"template"
            | b"mi"
            | b"mo"
            | b"mn"
            | b"ms"
            | b"mtext"
            | b"annotation-xml"
            | b"foreignobject"
            | b"desc"
            | b"title"
            | b"svg"
            | b"math"
    ) || end == b"li" && matches!(open, b"ol" | b"ul")
        || end == b"p" && open == b"button"
}

/// Elements whose text holds no tags, up to their own end tag (`<noscript>` too: the
/// sanitiser's parser runs as if scripts were on).
fn raw_text(name: &[u8]) -> bool {
    matches!(
        name,
        b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"iframe" | b"noembed" | b"noframes" | b"noscript"
    )
}

/// The open elements a start tag closes first when they are the innermost (`<li>` ends an
/// open `<li>`, a block ends an open `<p>`).
fn closes(new: &[u8], open: &[u8]) -> bool {
    match new {
        b"li" => matches!(open, b"li" | b"p"),
        b"dt" | b"dd" => matches!(open, b"dt" | b"dd" | b"p"),
        b"option" => open == b"option",
        b"optgroup" => matches!(open, b"option" | b"optgroup"),
        b"tr" => matches!(open, b"tr" | b"td" | b"th" | b"p"),
        b"td" | b"th" => matches!(open, b"td" | b"th" | b"p"),
        b"thead" | b"tbody" | b"tfoot" => matches!(open, b"thead" | b"tbody" | b"tfoot" | b"tr" | b"td" | b"th" | b"p"),
        b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6" => {
            matches!(open, b"p" | b"h1" | b"h2" | b"h3" | b"h4" | b"h5" | b"h6")
        }
        b"address" | b"article" | b"aside" | b"blockquote" | b"center" | b"details" | b"dialog" | b"dir" | b"div"
        | b"dl" | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"form" | b"header" | b"hgroup" | b"hr"
        | b"main" | b"menu" | b"nav" | b"ol" | b"p" | b"pre" | b"listing" | b"search" | b"section" | b"summary"
        | b"table" | b"ul" | b"xmp" | b"plaintext" => open == b"p",
        _ => false,
    }
}

/// Measures how deep a body nests, from the events of the one pass that renders it, without
/// building a tree: Markdown's elements by their start and end, raw HTML by a scan of its
/// tags. It errs on the deep side: an element the parser might keep open is counted as
/// open, and a formatting element closed by its parent's end tag (which the parser opens
/// again later) stays counted. Each tag costs at most [`MAX_NESTING`] steps, so the whole
/// measure is linear in the body; it stops at the first place that is too deep.
#[derive(Default)]
pub struct Nesting {
    markdown: usize,
    /// Raw HTML elements open, innermost last.
    open: Vec<Name>,
    /// Formatting elements closed by an ancestor's end tag: the parser opens them again.
    reopened: usize,
    scan: Scan,
    too_deep: bool,
}

impl Nesting {
    pub fn new() -> Self {
        Nesting::default()
    }

    fn depth(&self) -> usize {
        self.markdown + self.open.len() + self.reopened
    }

    /// Looks at one event at `offset`; the error when this is where the body first nests
    /// too deep.
    pub fn see(&mut self, event: &Event<'_>, offset: usize, source: &Source) -> Option<Diagnostic> {
        if self.too_deep {
            return None;
        }
        match event {
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => None,
            Event::Start(_) => {
                self.markdown += 1;
                self.check(offset, source, false)
            }
            Event::End(_) => {
                self.markdown = self.markdown.saturating_sub(1);
                None
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for (i, b) in html.bytes().enumerate() {
                    if self.byte(b)
                        && let Some(error) = self.check(offset + i, source, true)
                    {
                        return Some(error);
                    }
                }
                None
            }
            _ => None,
        }
    }

    fn check(&mut self, offset: usize, source: &Source, html: bool) -> Option<Diagnostic> {
        if self.depth() <= MAX_NESTING {
            return None;
        }
        self.too_deep = true;
        self.open = Vec::new();
        let (message, hint) = if html {
            (say!("content.html_too_deep", max = MAX_NESTING), say!("content.html_too_deep_hint"))
        } else {
            (say!("content.text_too_deep", max = MAX_NESTING), say!("content.text_too_deep_hint"))
        };
        Some(source.error_at(offset, message).with_hint(hint))
    }

    /// Reads one byte of raw HTML; true when it ended a start tag that made the body deeper.
    fn byte(&mut self, b: u8) -> bool {
        let ws = matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c');
        self.scan = match self.scan {
            Scan::Text => match b {
                b'<' => Scan::Open,
                _ => Scan::Text,
            },
            Scan::Open => match b {
                b'/' => Scan::EndOpen,
                b'!' => Scan::Bang(0),
                b'?' => Scan::Bogus,
                b if b.is_ascii_alphabetic() => Scan::Tag(HtmlTag::new(false, b)),
                b'<' => Scan::Open,
                _ => Scan::Text,
            },
            Scan::EndOpen => match b {
                b if b.is_ascii_alphabetic() => Scan::Tag(HtmlTag::new(true, b)),
                b'>' => Scan::Text,
                _ => Scan::Bogus,
            },
            Scan::Bang(n) => {
                const CDATA: &[u8] = b"[CDATA[";
                match (n, b) {
                    (0, b'-') => Scan::Bang(1),
                    (1, b'-') => Scan::Comment(CommentEnd::Start(0)),
                    (0, b'[') if self.in_foreign() => Scan::Bang(11),
                    (n @ 11..17, b) if b == CDATA[usize::from(n - 10)] => {
                        if n == 16 {
                            Scan::Cdata(0)
                        } else {
                            Scan::Bang(n + 1)
                        }
                    }
                    (_, b'>') => Scan::Text,
                    _ => Scan::Bogus,
                }
            }
            Scan::Comment(end) => Scan::Comment(match (end, b) {
                (CommentEnd::Start(_), b'>') => return self.text(),
                (CommentEnd::Start(0), b'-') => CommentEnd::Start(1),
                (CommentEnd::Start(1), b'-') | (CommentEnd::Dash, b'-') => CommentEnd::DashDash,
                (CommentEnd::DashDash, b'-') => CommentEnd::DashDash,
                (CommentEnd::DashDash, b'!') => CommentEnd::DashDashBang,
                (CommentEnd::DashDash | CommentEnd::DashDashBang, b'>') => return self.text(),
                (CommentEnd::DashDashBang, b'-') => CommentEnd::Dash,
                (_, b'-') => CommentEnd::Dash,
                _ => CommentEnd::Body,
            }),
            Scan::Bogus => match b {
                b'>' => Scan::Text,
                _ => Scan::Bogus,
            },
            Scan::Cdata(n) => match (n, b) {
                (2.., b'>') => Scan::Text,
                (_, b']') => Scan::Cdata((n + 1).min(2)),
                _ => Scan::Cdata(0),
            },
            Scan::PlainText => Scan::PlainText,
            Scan::RawText(name, n) => {
                let n = usize::from(n);
                let matched = match n {
                    0 => b == b'<',
                    1 => b == b'/',
                    _ if n - 2 < name.get().len() => b.to_ascii_lowercase() == name.get()[n - 2],
                    // The whole `</name`: an end tag if a delimiter follows.
                    _ => {
                        if ws || b == b'/' || b == b'>' {
                            let tag = HtmlTag { end: true, name, at: Attr::Name };
                            return self.tag_byte(tag, b, ws);
                        }
                        false
                    }
                };
                match (matched, b) {
                    (true, _) => Scan::RawText(name, (n + 1) as u8),
                    (false, b'<') => Scan::RawText(name, 1),
                    (false, _) => Scan::RawText(name, 0),
                }
            }
            Scan::Tag(tag) => return self.tag_byte(tag, b, ws),
        };
        false
    }

    fn text(&mut self) -> bool {
        self.scan = Scan::Text;
        false
    }

    /// One byte inside a tag: its name, then its attributes as the tokenizer reads them.
    fn tag_byte(&mut self, mut tag: HtmlTag, b: u8, ws: bool) -> bool {
        tag.at = match (tag.at, b) {
            (_, b'>') if !matches!(tag.at, Attr::Quoted(_)) => {
                let self_closing = tag.at == Attr::SelfClosing;
                self.scan = Scan::Text;
                return self.emit(tag, self_closing);
            }
            (Attr::Name, b'/') | (Attr::BeforeName | Attr::InName | Attr::AfterName, b'/') => Attr::SelfClosing,
            (Attr::Name, _) if ws => Attr::BeforeName,
            (Attr::Name, b) => {
                tag.name.push(b);
                Attr::Name
            }
            (Attr::BeforeName, _) if ws => Attr::BeforeName,
            (Attr::BeforeName, _) => Attr::InName,
            (Attr::InName, _) if ws => Attr::AfterName,
            (Attr::InName | Attr::AfterName, b'=') => Attr::BeforeValue,
            (Attr::InName, _) => Attr::InName,
            (Attr::AfterName, _) if ws => Attr::AfterName,
            (Attr::AfterName, _) => Attr::InName,
            (Attr::BeforeValue, _) if ws => Attr::BeforeValue,
            (Attr::BeforeValue, b'"' | b'\'') => Attr::Quoted(b),
            (Attr::BeforeValue, _) => Attr::Unquoted,
            (Attr::Quoted(q), b) if b == q => Attr::AfterQuoted,
            (Attr::Quoted(q), _) => Attr::Quoted(q),
            (Attr::Unquoted, _) if ws => Attr::BeforeName,
            (Attr::Unquoted, _) => Attr::Unquoted,
            (Attr::AfterQuoted | Attr::SelfClosing, b'/') => Attr::SelfClosing,
            (Attr::AfterQuoted | Attr::SelfClosing, _) if ws => Attr::BeforeName,
            (Attr::AfterQuoted | Attr::SelfClosing, _) => Attr::InName,
        };
        self.scan = Scan::Tag(tag);
        false
    }

    /// A whole tag was read: opens or closes elements as the parser would, or deeper.
    fn emit(&mut self, tag: HtmlTag, self_closing: bool) -> bool {
        let name = tag.name.get();
        if tag.end {
            self.close(tag.name);
            return false;
        }
        let mut foreign = self.in_foreign();
        if foreign && breaks_out(name) {
            while self.open.last().is_some_and(|open| open.foreign && !open.integration_point()) {
                self.open.pop();
            }
            foreign = false;
        }
        foreign |= name == b"svg" || name == b"math";
        if foreign && self_closing || !foreign && void(name) {
            return false;
        }
        if !foreign {
            while self.open.last().is_some_and(|open| !open.foreign && closes(name, open.get())) {
                self.open.pop();
            }
            if name == b"plaintext" {
                self.scan = Scan::PlainText;
            } else if raw_text(name) {
                self.scan = Scan::RawText(tag.name, 0);
            }
        }
        self.open.push(Name { foreign, ..tag.name });
        true
    }

    /// Whether the innermost open element is SVG or MathML (and not a place for HTML in it).
    fn in_foreign(&self) -> bool {
        self.open.last().is_some_and(|open| open.foreign && !open.integration_point())
    }

    /// An end tag: closes its element and those inside it when the parser would.
    fn close(&mut self, name: Name) {
        let name_bytes = name.get();
        let found = if formatting(name_bytes) {
            // Closed only when innermost; else the parser reshuffles and keeps it.
            self.open.last().is_some_and(|open| open.get() == name_bytes).then_some(self.open.len() - 1)
        } else {
            let is_special = special(name_bytes);
            let mut found = None;
            for (i, open) in self.open.iter().enumerate().rev() {
                if open.get() == name_bytes {
                    found = Some(i);
                    break;
                }
                let stops = if is_special { scope_boundary(name_bytes, open.get()) } else { special(open.get()) };
                if stops {
                    break;
                }
            }
            found
        };
        if let Some(i) = found {
            for closed in self.open.drain(i..) {
                let closed = closed.get();
                if formatting(closed) && closed != name_bytes {
                    self.reopened += 1;
                }
            }
        }
    }
}

impl HtmlTag {
    fn new(end: bool, first: u8) -> HtmlTag {
        let mut name = Name::default();
        name.push(first);
        HtmlTag { end, name, at: Attr::Name }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::{Options, Parser};

    fn check(body: &str) -> Vec<(usize, String)> {
        let source = Source::new("content/news/a.md", body);
        let mut a = A11y::new();
        for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
            a.see(&event, range.start, &source);
        }
        a.finish().into_iter().map(|d| (d.line, d.message())).collect()
    }

    #[test]
    fn finds_what_a_screen_reader_user_would_miss() {
        let body = "# Titel igen\n\n## Baggrund\n\n#### For dybt\n\n![](foto.jpg)\n\n[Læs mere](a.md) og [her…](b.md) og [evalueringen](c.md)\n\n| | Før |\n|---|---|\n| a | b |\n\n<table><tr><td>x</td></tr></table>\n";
        let found = check(body);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 5, 7, 9, 9, 11, 15], "{found:#?}");
        assert!(found[1].1.contains("from level 2 to level 4"), "{found:#?}");
        assert!(found[3].1.contains("`Læs mere`"), "{found:#?}");
        let body = "[her](a.md)\n";
        let source = Source::new("content/news/a.md", body);
        let mut a = A11y::new();
        for (event, range) in Parser::new(body).into_offset_iter() {
            a.see(&event, range.start, &source);
        }
        let said = a.finish().pop().map(|d| d.message_in(crate::i18n::Lang::Da));
        assert_eq!(said.as_deref(), Some("linkteksten `her` siger ikke, hvor linket fører hen"));
    }

    /// The error about nesting, as (line, column), if any.
    fn too_deep(body: &str) -> Option<(usize, usize)> {
        let source = Source::new("content/news/a.md", body);
        let mut a = A11y::new();
        for (event, range) in Parser::new_ext(body, Options::ENABLE_TABLES).into_offset_iter() {
            a.see(&event, range.start, &source);
        }
        let deep = a.too_deep();
        let errors: Vec<(usize, usize)> =
            a.finish().into_iter().filter(|d| d.is_error()).map(|d| (d.line, d.col)).collect();
        assert_eq!(deep, !errors.is_empty(), "{errors:?}");
        assert!(errors.len() <= 1, "one error is enough: {errors:?}");
        errors.first().copied()
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_an_error_at_its_place() {
        let divs = |n: usize| format!("{}x{}\n", "<div>".repeat(n), "</div>".repeat(n));
        assert_eq!(too_deep(&divs(MAX_NESTING)), None);
        // The 101st `<div>` ends at byte 505 of the line.
        assert_eq!(too_deep(&format!("Tekst\n\n{}", divs(MAX_NESTING + 1))), Some((3, 505)));
        assert_eq!(too_deep(&divs(20_000)), Some((1, 505)));
        assert!(too_deep(&format!("{}tekst\n", "> ".repeat(MAX_NESTING + 1))).is_some());
        assert!(too_deep(&format!("{}tekst\n", "> ".repeat(MAX_NESTING - 1))).is_none());
        // Markdown and HTML add up.
        assert!(too_deep(&format!("{}{}", "> ".repeat(60), divs(60))).is_some());
    }

    #[test]
    fn long_but_flat_html_is_not_deep() {
        let cases = [
            // Elements closed by the next one or by their own end tag, void elements.
            format!("<ul>{}</ul>\n", "<li>punkt".repeat(1_000)),
            format!("<div>{}</div>\n", "<p>afsnit".repeat(1_000)),
            format!("<table>{}</table>\n", "<tr><td>a<td>b".repeat(1_000)),
            format!("<dl>{}</dl>\n", "<dt>a<dd>b".repeat(1_000)),
            format!("<p>{}</p>\n", "a<br>b<img src=x alt=y><hr/>".repeat(1_000)),
            format!("{}\n", "<div><span>x</span></div>".repeat(1_000)),
            format!("<svg>{}</svg>\n", "<path d='m0 0'/>".repeat(1_000)),
            // What is not a tag: comments, script and style text, quoted `>`.
            format!("<!-- {} -->\n", "<div>".repeat(1_000)),
            format!("<script>{}</script>\n", "<div>".repeat(1_000)),
            format!("<p title=\"{}\">x</p>\n", "<div>".repeat(1_000)),
            // Markdown paragraphs with a little inline HTML each.
            "Et <b>fed</b> og <i>kursivt</i> ord.\n\n".repeat(1_000),
        ];
        for body in &cases {
            assert_eq!(too_deep(body), None, "{}", &body[..80.min(body.len())]);
        }
    }

    /// Tag soup that the HTML parser nests deeply although it looks closed or hidden: each
    /// must be found, or the sanitiser's parser would spend the square of its depth on it.
    #[test]
    fn tricks_that_hide_depth_are_seen_through() {
        let n = 500;
        let cases = [
            // A quote that is not after `=` opens nothing.
            format!("<div \"a>{}\n", "<div>".repeat(n)),
            // A comment ends at `--!>` too.
            format!("<!-- x --!>{}\n", "<div>".repeat(n)),
            // `</li>` does not reach through a list to an outer item.
            format!("{}\n", "<li><ul></li>".repeat(n)),
            // `</span>` does not close the `<div>` inside it.
            format!("{}\n", "<span><div></span>".repeat(n)),
            // SVG's `<style>` holds tags; `<p>` leaves SVG.
            format!("<svg><style>{}\n", "<div>".repeat(n)),
            format!("<svg><p>{}\n", "<div>".repeat(n)),
            // `<![x>` is no CDATA outside SVG, and ends at `>` inside.
            format!("<svg><![x>{}\n", "<div>".repeat(n)),
            format!("<![CDATA[ x>{}\n", "<div>".repeat(n)),
            // A misnested `</b>` leaves its element open.
            format!("{}\n", "<b><div></b>".repeat(n)),
            // Formatting elements closed by their parent are opened again by the parser.
            format!("{}\n", (0..n).map(|i| format!("<div><b id={i}></div>")).collect::<String>()),
        ];
        for body in &cases {
            assert!(too_deep(body).is_some(), "not seen: {}", &body[..60.min(body.len())]);
        }
        // Raw text ends at its own end tag, and only there.
        assert!(too_deep(&format!("<textarea></textare>{}\n", "<div>".repeat(n))).is_none());
        assert!(too_deep(&format!("<textarea></textarea >{}\n", "<div>".repeat(n))).is_some());
        assert!(too_deep(&format!("<script></div></script>{}\n", "<p>x</p>".repeat(n))).is_none());
    }

    #[test]
    fn a_well_written_story_passes() {
        let body = "## Baggrund\n\n### Detaljer\n\n## Resultat\n\n![Borgere ved bussen](bus.jpg)\n\nSe [evalueringen af bussen](a.md).\n\n| Måling | Værdi |\n|---|---|\n| a | b |\n";
        assert!(check(body).is_empty(), "{:#?}", check(body));
    }
}
