//! Front matter: the YAML block between two `---` lines at the top of a Markdown file.
//!
//! This is the one place that reads YAML (with `keep`, which writes a page back in its own layout). Positions come from the YAML parser itself: when
//! the first error is reported, the text is read once more by the parser's event reader, which
//! gives where every value starts; that table answers every later question (see `Positions`).

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};

use serde_yaml::{Mapping, Value};

use crate::date::{Date, Month};
use crate::diagnostics::{Diagnostic, Source};
use crate::say::{Arg, IntoArg, Say, one_of};
use crate::text::{nearest, without_controls};

pub use crate::diagnostics::Seg;

/// A parsed front matter (or a whole YAML file such as portal.yaml) with its source.
#[derive(Debug)]
pub struct FrontMatter {
    pub source: Arc<Source>,
    /// Where the YAML text is in the source (the front matter without its `---` lines).
    yaml: std::ops::Range<usize>,
    /// 1-based line in the file of the YAML text's first line.
    first_line: usize,
    /// Where every value stands, read on the first `locate`.
    positions: OnceLock<Positions>,
}

/// A Markdown file split into its front matter and its body.
#[derive(Debug)]
pub struct Split {
    pub front: FrontMatter,
    /// Its fields as parsed; kept apart from `front`, which a page holds for as long as it
    /// lives while the fields are read once.
    pub map: Mapping,
    pub body: String,
    /// Byte offset of the body in the source text.
    pub body_offset: usize,
}

/// Decodes a file's bytes as UTF-8 text, dropping a byte-order mark.
pub fn decode(path: &str, bytes: &[u8]) -> Result<String, Diagnostic> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_owned()),
        Err(e) => {
            let valid = String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned();
            let src = Source::new(path, valid.clone());
            Err(src.error_at(valid.len(), say!("fields.not_utf8")).with_hint(say!("fields.not_utf8_hint")))
        }
    }
}

/// Splits a Markdown file into front matter and body and parses the front matter.
pub fn split(source: Arc<Source>) -> Result<Split, Diagnostic> {
    let text = &source.text;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(&source.path, say!("fields.empty_file")).with_hint(say!("fields.empty_file_hint")));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(source.error_at(0, say!("fields.no_front_matter")).with_hint(say!("fields.no_front_matter_hint")));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut close = None;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            close = Some((pos, (end + 1).min(text.len())));
            break;
        }
        pos = end + 1;
    }
    let Some((yaml_end, body_offset)) = close else {
        return Err(source.error_at(0, say!("fields.not_closed")).with_hint(say!("fields.not_closed_hint")));
    };
    let (front, map) = parse_yaml(source.clone(), yaml_start..yaml_end, 2, None)?;
    Ok(Split { body: text[body_offset..].to_owned(), body_offset, front, map })
}

/// Parses a whole YAML file (portal.yaml).
pub fn parse_file(source: Arc<Source>) -> Result<(FrontMatter, Mapping), Diagnostic> {
    let all = 0..source.text.len();
    let name = source.path.rsplit(['/', '\\']).next().unwrap_or(&source.path).to_owned();
    parse_yaml(source, all, 1, Some(&name))
}

/// The YAML parser counts a lone CR, U+0085, U+2028 and U+2029 as line breaks, while editors and
/// `Source` count only `\n`. The parser is given them as spaces of the same length in bytes, so
/// that its lines and byte offsets are the file's (a break inside a one-line value would be
/// folded into a space anyway).
fn unbroken(yaml: &str) -> Cow<'_, str> {
    if !yaml.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}']) {
        return Cow::Borrowed(yaml);
    }
    let mut out = String::with_capacity(yaml.len());
    for (i, c) in yaml.char_indices() {
        match c {
            '\r' if yaml[i + 1..].starts_with('\n') => out.push(c),
            '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.extend(std::iter::repeat_n(' ', c.len_utf8())),
            _ => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The column in the file of the parser's column `col` on `line`: the parser was given each
/// character that [`unbroken`] replaced as spaces, one per byte.
fn file_column(line: &str, col: usize) -> usize {
    let mut parser_col = 1;
    for (i, c) in line.chars().enumerate() {
        if parser_col >= col {
            return i + 1;
        }
        parser_col += match c {
            '\u{85}' | '\u{2028}' | '\u{2029}' => c.len_utf8(),
            _ => 1,
        };
    }
    col - (parser_col - 1) + line.chars().count()
}

/// Control characters written as YAML escapes (`"\e[31m"`, `"\0"`) are dropped from every
/// text value: they show nothing on a page and could restyle a terminal or a spreadsheet.
fn drop_controls(value: &mut Value) {
    match value {
        Value::String(s) => {
            if let std::borrow::Cow::Owned(clean) = without_controls(s) {
                *s = clean;
            }
        }
        Value::Sequence(items) => items.iter_mut().for_each(drop_controls),
        Value::Mapping(map) => map.values_mut().for_each(drop_controls),
        Value::Tagged(tagged) => drop_controls(&mut tagged.value),
        _ => {}
    }
}

/// How deep `[` and `{` may nest. Front matter needs two or three levels; the YAML parser's
/// time grows with the square of the depth, so deeper input is refused before it is parsed.
const MAX_NESTING: usize = 64;

/// The byte offset where `[`/`{` nesting first goes deeper than `MAX_NESTING`, outside quotes.
fn too_deep(yaml: &str) -> Option<usize> {
    let (mut depth, mut quote) = (0usize, None::<u8>);
    for (i, b) in yaml.bytes().enumerate() {
        match (quote, b) {
            (Some(q), _) if b == q => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(b),
            (None, b'[' | b'{') => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            (None, b']' | b'}') => depth = depth.saturating_sub(1),
            (None, b'\n') => quote = None,
            _ => {}
        }
    }
    None
}

fn parse_yaml(
    source: Arc<Source>,
    range: std::ops::Range<usize>,
    first_line: usize,
    file: Option<&str>,
) -> Result<(FrontMatter, Mapping), Diagnostic> {
    let yaml = &source.text[range.clone()];
    if let Some(at) = too_deep(yaml) {
        let line = yaml[..at].matches('\n').count();
        let col = yaml[..at].rsplit('\n').next().map_or(0, |l| l.chars().count());
        return Err(source
            .error_at_line_col(first_line + line, col + 1, say!("fields.too_deep", levels = MAX_NESTING))
            .with_hint(say!("fields.too_deep_hint")));
    }
    let written = yaml;
    let yaml = unbroken(yaml);
    let value: Value = match serde_yaml::from_str(&yaml) {
        Ok(mut v) => {
            drop_controls(&mut v);
            v
        }
        Err(e) => return Err(yaml_error(&source, written, first_line, file, &e)),
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            return Err(source
                .error_at_line_col(first_line, 1, say!("fields.not_fields"))
                .with_hint(say!("fields.not_fields_hint")));
        }
    };
    Ok((FrontMatter { source, yaml: range, first_line, positions: OnceLock::new() }, map))
}

/// Finds `at line L column C` in a YAML error message.
fn mentioned_position(message: &str, after: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find(after)? + after.len()..];
    let rest = rest.strip_prefix(" at line ")?;
    let (line, rest) = rest.split_once(" column ")?;
    let col: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.trim().parse().ok()?, col.parse().ok()?))
}

/// Turns a YAML parser error into words an editor understands, at the right place.
/// `file` names a whole YAML file (portal.yaml); `None` is the front matter of a Markdown file.
/// A field written without the space after its colon (`area:Helse og omsorg`), on the line
/// the parser stopped at or before it: YAML reads such a line as text, not as a field, and
/// stops a line later, so the line is named here with the field and its value. 1-based line
/// and column of the colon, the field's name, its value.
fn glued_colon(yaml: &str, stopped_at: usize) -> Option<(usize, usize, &str, &str)> {
    yaml.split('\n').take(stopped_at).enumerate().find_map(|(i, text)| {
        let body = text.trim_start();
        let body = body.strip_prefix("- ").unwrap_or(body);
        let (key, value) = body.split_once(':')?;
        let value = value.trim_end();
        let glued = value.chars().next().is_some_and(|c| !c.is_whitespace() && !matches!(c, '/' | ':'));
        let named = !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        (glued && named).then(|| (i + 1, text.len() - body.len() + key.len() + 1, key, value))
    })
}

fn yaml_error(source: &Source, yaml: &str, first_line: usize, file: Option<&str>, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    // The parser finds many mistakes only at the end of the text, on the line after the last
    // one (or past the end of the file); the mistake is then on the last line with content.
    let last =
        yaml.split('\n').enumerate().filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#')).last();
    let at = |(l, c): (usize, usize)| match last {
        Some((i, text)) if l > i + 1 => (i + first_line, text.trim_end().chars().count() + 1),
        _ => (l + first_line - 1, file_column(yaml.split('\n').nth(l.saturating_sub(1)).unwrap_or(""), c)),
    };
    let line_has_tab = yaml.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('\t'));
    let tab_line = yaml.lines().position(|l| l.contains('\t'));
    let (pos, message, hint) = if raw.contains("tab") || (raw.contains("cannot start any token") && line_has_tab) {
        let l = tab_line.map_or(line, |i| i + 1);
        let c = yaml.lines().nth(l - 1).and_then(|t| t.find('\t')).map_or(col, |i| i + 1);
        (at((l, c)), say!("fields.tab"), say!("fields.tab_hint"))
    } else if let Some((l, c, key, value)) = glued_colon(yaml, line) {
        (
            at((l, c)),
            say!("fields.no_space_after_colon", key = key),
            say!("fields.no_space_after_colon_hint", key = key, value = value),
        )
    } else if raw.contains("while scanning a quoted scalar") {
        let start = mentioned_position(&raw, "while scanning a quoted scalar").unwrap_or((line, col));
        (at(start), say!("fields.quote_not_closed"), say!("fields.quote_not_closed_hint"))
    } else if raw.contains("while parsing a flow sequence") {
        let start = mentioned_position(&raw, "while parsing a flow sequence").unwrap_or((line, col));
        (at(start), say!("fields.list_not_closed"), say!("fields.list_not_closed_hint"))
    } else if raw.contains("while parsing a flow mapping") {
        let start = mentioned_position(&raw, "while parsing a flow mapping").unwrap_or((line, col));
        (at(start), say!("fields.group_not_closed"), say!("fields.group_not_closed_hint"))
    } else if raw.contains("mapping values are not allowed") {
        (at((line, col)), say!("fields.colon_in_value"), say!("fields.colon_in_value_hint"))
    } else if let Some(key) = raw.strip_prefix("duplicate entry with key \"").and_then(|r| r.split('"').next()) {
        let second = yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
            .nth(1)
            .map_or((line, col), |(i, l)| (i + 1, l.len() - l.trim_start().len() + 1));
        (at(second), say!("fields.twice", key = key), say!("fields.twice_hint", key = key))
    } else if raw.contains("did not find expected key") || raw.contains("did not find expected '-'") {
        (at((line, col)), say!("fields.not_lined_up"), say!("fields.not_lined_up_hint"))
    } else if raw.contains("found character that cannot start any token") {
        (at((line, col)), say!("fields.bad_start"), say!("fields.bad_start_hint"))
    } else {
        let plain = raw.split(" at line ").next().unwrap_or(&raw).to_owned();
        let message = match file {
            Some(file) => say!("fields.file_not_yaml", file = file, error = plain),
            None => say!("fields.front_not_yaml", error = plain),
        };
        (at((line, col)), message, say!("fields.not_yaml_hint"))
    };
    source.error_at_line_col(pos.0, pos.1, message).with_hint(hint)
}

impl FrontMatter {
    /// Line and column in the file of the value at `path`; the first line when it cannot be found.
    pub fn locate(&self, path: &[Seg]) -> (usize, usize) {
        let positions = self.positions.get_or_init(|| Positions::read(&self.source.text[self.yaml.clone()]));
        match positions.find(path) {
            Some((line, col)) => (line + self.first_line - 1, col),
            None => (self.first_line, 1),
        }
    }

    /// Line and column of the key at the end of `path` (the key itself, not its value).
    pub fn locate_key(&self, path: &[Seg]) -> (usize, usize) {
        let (line, col) = self.locate(path);
        let Some(Seg::Key(key)) = path.last() else {
            return (line, col);
        };
        let Some(text) = self.source.line_text(line) else {
            return (line, col);
        };
        let before: String = text.chars().take(col.saturating_sub(1)).collect();
        match before.rfind(key.as_str()) {
            Some(byte) => (line, before[..byte].chars().count() + 1),
            None => (line, col),
        }
    }

    pub fn error(&self, path: &[Seg], message: impl Into<Say>) -> Diagnostic {
        let (line, col) = self.locate(path);
        self.source.error_at_line_col(line, col, message)
    }

    fn key_error(&self, path: &[Seg], message: impl Into<Say>) -> Diagnostic {
        let (line, col) = self.locate_key(path);
        self.source.error_at_line_col(line, col, message)
    }

    /// The opening line of the front matter, where a missing field is reported.
    pub fn start_error(&self, message: impl Into<Say>) -> Diagnostic {
        self.source.error_at_line_col(self.first_line.saturating_sub(1).max(1), 1, message)
    }
}

impl crate::diagnostics::FieldPlaces for FrontMatter {
    fn error_at(&self, path: &[Seg], message: Say) -> Diagnostic {
        self.error(path, message)
    }
}

/// Where every value of a YAML text starts, from one pass of the YAML parser's event reader,
/// so that reporting n problems costs one more parse, not n. It answers exactly as walking a
/// `serde_yaml::Deserializer` to the value would: the start of the value's first event (an
/// alias answers with the value it names); a value with a local tag (`!x`) is not found.
#[derive(Debug, Default)]
struct Positions {
    nodes: Vec<Node>,
    /// The document's value, if it has one.
    root: Option<usize>,
}

#[derive(Debug)]
struct Node {
    /// 1-based line and column in the YAML text.
    at: (usize, usize),
    /// Tagged `!x`: the deserializer reads it as an enum, which a path cannot enter.
    opaque: bool,
    kind: Kind,
}

#[derive(Debug)]
enum Kind {
    Scalar,
    Seq(Vec<usize>),
    /// Each text key with its values in order (a key can repeat only as `!x key` and `key`).
    Map(HashMap<String, Vec<usize>>),
}

enum Hit {
    Found((usize, usize)),
    Missing,
    /// The deserializer would have stopped with an error here.
    Stuck,
}

/// One event of the YAML parser, copied out of it.
enum Event {
    Scalar { anchor: Option<Vec<u8>>, tag: Option<Vec<u8>>, value: Vec<u8>, plain: bool, repr: std::ops::Range<usize> },
    Start { seq: bool, anchor: Option<Vec<u8>>, tag: Option<Vec<u8>> },
    End,
    Alias(Vec<u8>),
    StreamEnd,
    Other,
}

/// Where an event starts: 0-based line, 0-based column, byte offset.
type Start = (usize, usize, usize);

/// Every event of `yaml` with its start; `None` if it does not parse.
fn yaml_events(yaml: &str) -> Option<Vec<(Event, Start)>> {
    use libyaml_rs as sys;
    use std::ffi::CStr;
    use std::mem::MaybeUninit;

    /// A NUL-terminated string of the parser, or `None` for a null pointer.
    ///
    /// SAFETY: `ptr` is null or points to a NUL-terminated string that lives while it is read.
    unsafe fn owned(ptr: *const u8) -> Option<Vec<u8>> {
        (!ptr.is_null()).then(|| unsafe { CStr::from_ptr(ptr.cast()) }.to_bytes().to_vec())
    }

    let mut out = Vec::new();
    let mut parser = MaybeUninit::<sys::yaml_parser_t>::uninit();
    let parser = parser.as_mut_ptr();
    let mut event = MaybeUninit::<sys::yaml_event_t>::uninit();
    let event = event.as_mut_ptr();
    // SAFETY: the parser is initialised before use and deleted once; it reads `yaml`, which
    // outlives it. Each event is read only by the fields of its own type, copied out, and
    // deleted before the next one is parsed. This is how yaml_serde drives the same parser.
    unsafe {
        if sys::yaml_parser_initialize(parser).fail {
            return None;
        }
        sys::yaml_parser_set_encoding(parser, sys::YAML_UTF8_ENCODING);
        sys::yaml_parser_set_input_string(parser, yaml.as_ptr(), yaml.len() as u64);
        let ok = loop {
            if sys::yaml_parser_parse(parser, event).fail {
                break false;
            }
            let e = &*event;
            let m = &e.start_mark;
            let mark = (m.line as usize, m.column as usize, m.index as usize);
            let ev = match e.type_ {
                sys::YAML_SCALAR_EVENT => {
                    let s = &e.data.scalar;
                    Event::Scalar {
                        anchor: owned(s.anchor),
                        tag: owned(s.tag),
                        value: std::slice::from_raw_parts(s.value, s.length as usize).to_vec(),
                        plain: s.style == sys::YAML_PLAIN_SCALAR_STYLE,
                        repr: e.start_mark.index as usize..e.end_mark.index as usize,
                    }
                }
                sys::YAML_SEQUENCE_START_EVENT => Event::Start {
                    seq: true,
                    anchor: owned(e.data.sequence_start.anchor),
                    tag: owned(e.data.sequence_start.tag),
                },
                sys::YAML_MAPPING_START_EVENT => Event::Start {
                    seq: false,
                    anchor: owned(e.data.mapping_start.anchor),
                    tag: owned(e.data.mapping_start.tag),
                },
                sys::YAML_SEQUENCE_END_EVENT | sys::YAML_MAPPING_END_EVENT => Event::End,
                sys::YAML_ALIAS_EVENT => Event::Alias(owned(e.data.alias.anchor).unwrap_or_default()),
                sys::YAML_STREAM_END_EVENT => Event::StreamEnd,
                _ => Event::Other,
            };
            sys::yaml_event_delete(event);
            let end = matches!(ev, Event::StreamEnd);
            out.push((ev, mark));
            if end {
                break true;
            }
        };
        sys::yaml_parser_delete(parser);
        ok.then_some(out)
    }
}

/// 0-based columns (in characters) of byte offsets that mostly come in order: a cursor that
/// moves forward, so that a long line costs one pass, not one per value on it.
struct Columns<'a> {
    text: &'a str,
    /// A byte offset and its column.
    at: usize,
    col: usize,
}

impl Columns<'_> {
    fn at(&mut self, index: usize) -> usize {
        let index = index.min(self.text.len());
        if index < self.at || !self.text.is_char_boundary(index) {
            let start = self.text[..index].rfind('\n').map_or(0, |i| i + 1);
            (self.at, self.col) = (start, 0);
        }
        for c in self.text.get(self.at..index).unwrap_or("").chars() {
            self.col = if c == '\n' { 0 } else { self.col + 1 };
        }
        self.at = index;
        self.col
    }
}

/// A tag the deserializer reads as an enum (`!x`, `!`), as yaml_serde's `parse_tag`.
fn local_tag(tag: Option<&[u8]>) -> bool {
    tag.is_some_and(|t| t.first() == Some(&b'!'))
}

/// The text a mapping key is read as, or `None` when it is read as something else (a number,
/// `true`, nothing, a list): `Value::as_str` of the key, as the deserializer reads it.
fn key_text(yaml: &str, value: &[u8], tag: Option<&[u8]>, plain: bool, repr: std::ops::Range<usize>) -> Option<String> {
    let v = std::str::from_utf8(value).ok()?;
    let resolved = |v: &str| {
        // Only these can start a null, a boolean or a number; the parser decides the rest.
        if v.is_empty() {
            None
        } else if !v.starts_with(|c: char| c.is_ascii_digit() || "~nNtTfF+-.".contains(c)) {
            Some(v.to_owned())
        } else {
            match serde_yaml::from_str::<Value>(yaml.get(repr.clone()).unwrap_or(v)) {
                Ok(Value::Null | Value::Bool(_) | Value::Number(_)) => None,
                _ => Some(v.to_owned()),
            }
        }
    };
    match tag {
        Some(t) if local_tag(Some(t)) => {
            if plain {
                resolved(v)
            } else {
                Some(v.to_owned())
            }
        }
        Some(t) => {
            let standard = ["null", "bool", "int", "float"].map(|n| format!("tag:yaml.org,2002:{n}"));
            if standard.iter().any(|s| s.as_bytes() == t) { None } else { Some(v.to_owned()) }
        }
        None if plain => resolved(v),
        None => Some(v.to_owned()),
    }
}

impl Positions {
    /// Reads the YAML text `original` as `parse_yaml` does.
    fn read(original: &str) -> Positions {
        let cleaned = unbroken(original);
        let yaml = &*cleaned;
        let mut p = Positions::default();
        let Some(events) = yaml_events(yaml) else {
            return p;
        };
        let mut anchors: HashMap<Vec<u8>, usize> = HashMap::new();
        // Open lists and mappings; for a mapping, the key read and waiting for its value.
        let mut open: Vec<(usize, Option<Option<String>>)> = Vec::new();
        let mut columns = Columns { text: original, at: 0, col: 0 };
        for (event, (line, col, index)) in events {
            // The parser counts a character given it as spaces (see `unbroken`) as several
            // columns; the file has one character there.
            let col = if matches!(cleaned, Cow::Borrowed(_)) { col } else { columns.at(index) };
            let at = (line + 1, col + 1);
            let (id, key) = match event {
                Event::Scalar { anchor, tag, value, plain, repr } => {
                    let key = key_text(yaml, &value, tag.as_deref(), plain, repr);
                    let id = p.push(at, local_tag(tag.as_deref()), Kind::Scalar);
                    if let Some(a) = anchor {
                        anchors.insert(a, id);
                    }
                    (id, key)
                }
                Event::Alias(name) => match anchors.get(&name) {
                    Some(&id) => (id, None),
                    None => continue,
                },
                Event::Start { seq, anchor, tag } => {
                    let kind = if seq { Kind::Seq(Vec::new()) } else { Kind::Map(HashMap::new()) };
                    let id = p.push(at, local_tag(tag.as_deref()), kind);
                    if let Some(a) = anchor {
                        anchors.insert(a, id);
                    }
                    open.push((id, None));
                    continue;
                }
                Event::End => match open.pop() {
                    Some((id, _)) => (id, None),
                    None => continue,
                },
                Event::StreamEnd => {
                    if p.root.is_none() {
                        // An empty document: the deserializer stands at the end of the stream.
                        p.root = Some(p.push(at, false, Kind::Scalar));
                    }
                    continue;
                }
                Event::Other => continue,
            };
            p.attach(&mut open, id, key);
        }
        p
    }

    fn push(&mut self, at: (usize, usize), opaque: bool, kind: Kind) -> usize {
        self.nodes.push(Node { at, opaque, kind });
        self.nodes.len() - 1
    }

    /// Puts a finished value into the list or mapping that holds it.
    fn attach(&mut self, open: &mut [(usize, Option<Option<String>>)], id: usize, key: Option<String>) {
        let Some((parent, pending)) = open.last_mut() else {
            self.root.get_or_insert(id);
            return;
        };
        match &mut self.nodes[*parent].kind {
            Kind::Seq(items) => items.push(id),
            Kind::Map(map) => match pending.take() {
                None => *pending = Some(key),
                Some(Some(k)) => map.entry(k).or_default().push(id),
                Some(None) => {}
            },
            Kind::Scalar => {}
        }
    }

    fn find(&self, path: &[Seg]) -> Option<(usize, usize)> {
        match self.root.map(|root| self.hit(root, path)) {
            Some(Hit::Found(at)) => Some(at),
            _ => None,
        }
    }

    fn hit(&self, id: usize, path: &[Seg]) -> Hit {
        let node = &self.nodes[id];
        if node.opaque {
            return Hit::Stuck;
        }
        match (path.split_first(), &node.kind) {
            (None, _) => Hit::Found(node.at),
            (Some((Seg::Index(i), rest)), Kind::Seq(items)) => match items.get(*i) {
                Some(&item) => self.hit(item, rest),
                None => Hit::Missing,
            },
            (Some((Seg::Key(k), rest)), Kind::Map(map)) => {
                for &value in map.get(k).into_iter().flatten() {
                    match self.hit(value, rest) {
                        Hit::Missing => {}
                        found_or_stuck => return found_or_stuck,
                    }
                }
                Hit::Missing
            }
            _ => Hit::Missing,
        }
    }
}

/// Reads the fields of one mapping in the front matter, collecting every problem it finds.
pub struct Fields<'a> {
    fm: &'a FrontMatter,
    map: &'a Mapping,
    path: Vec<Seg>,
    diags: &'a RefCell<Vec<Diagnostic>>,
    /// What the mapping is, for messages, lowercase with its indefinite article: "a project",
    /// "et projekt" (see the top of `src/messages/fields.yaml`).
    what: Say,
}

/// A text field's example, shown when it is missing (`Some`), or `None` for an optional field.
/// A message is the example in the editor's language; plain text (a file name) is said as it is.
pub struct Required(Option<Say>);

impl From<Say> for Required {
    fn from(example: Say) -> Required {
        Required(Some(example))
    }
}

impl From<Option<&str>> for Required {
    fn from(example: Option<&str>) -> Required {
        Required(example.map(Say::verbatim))
    }
}

/// What a value is, for `{found}` in a message: its words, or the editor's own text.
fn describe(v: &Value) -> Arg {
    let said = match v {
        Value::Null => say!("fields.value_nothing"),
        Value::Bool(b) => return Arg::Text(format!("`{b}`")),
        Value::Number(n) => say!("fields.value_number", number = n),
        Value::String(s) => return Arg::Text(format!("`{s}`")),
        Value::Sequence(_) => say!("fields.value_list"),
        Value::Mapping(_) => say!("fields.value_group"),
        Value::Tagged(_) => say!("fields.value_tagged"),
    };
    Arg::Say(Box::new(said))
}

impl<'a> Fields<'a> {
    /// The fields of `map`, read from the front matter `fm`.
    pub fn of(
        fm: &'a FrontMatter,
        map: &'a Mapping,
        diags: &'a RefCell<Vec<Diagnostic>>,
        what: impl Into<Say>,
    ) -> Self {
        Fields { fm, map, path: Vec::new(), diags, what: what.into() }
    }

    pub fn front_matter(&self) -> &'a FrontMatter {
        self.fm
    }

    pub fn path(&self, key: &str) -> Vec<Seg> {
        let mut p = self.path.clone();
        p.push(Seg::Key(key.to_owned()));
        p
    }

    pub fn report(&self, d: Diagnostic) {
        self.diags.borrow_mut().push(d);
    }

    /// Reports a problem with the value of `key`.
    pub fn error(&self, key: &str, message: impl Into<Say>, hint: Option<Say>) {
        let mut d = self.fm.error(&self.path(key), message);
        d.set_hint(hint);
        self.report(d);
    }

    /// Reports every key that is not in `known`, naming the nearest known key.
    pub fn check_keys(&self, known: &[&str]) {
        for key in self.map.keys() {
            let Some(name) = key.as_str() else {
                let d = self.fm.error(&self.path, say!("fields.key_not_text", found = describe(key)));
                self.report(d);
                continue;
            };
            if known.contains(&name) {
                continue;
            }
            let message = say!("fields.unknown_field", name = name, what = self.what.clone());
            let mut d = self.fm.key_error(&self.path(name), message);
            d.set_hint(Some(match nearest(name, known.iter().copied()) {
                Some(near) => say!("fields.did_you_mean", near = near),
                None => say!("fields.fields_are", what = self.what.clone(), fields = one_of(known)),
            }));
            self.report(d);
        }
    }

    fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&self, key: &str, example: impl IntoArg) {
        let message = say!("fields.missing", what = self.what.clone(), key = key);
        let mut d =
            if self.path.is_empty() { self.fm.start_error(message) } else { self.fm.error(&self.path, message) };
        d.set_hint(Some(say!("fields.missing_hint", key = key, example = example)));
        self.report(d);
    }

    /// Text, also from a number (`title: 2025`). A required field names an example, shown
    /// when it is missing: `say!(…)` in the editor's language, or `Some("photo.jpg")`.
    pub fn text(&self, key: &str, required: impl Into<Required>) -> Option<String> {
        let Required(required) = required.into();
        match self.value(key) {
            None => {
                if let Some(example) = required {
                    self.missing(key, example);
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() && required.is_some() => {
                self.error(key, say!("fields.empty", key = key), Some(say!("fields.empty_hint", key = key)));
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(other) => {
                self.error(
                    key,
                    say!("fields.not_text", key = key, found = describe(other)),
                    Some(say!("fields.not_text_hint", key = key)),
                );
                None
            }
        }
    }

    pub fn date(&self, key: &str, required: bool) -> Option<Date> {
        let raw = self.scalar(key, required, "2025-03-01")?;
        let date = Date::parse(&raw);
        if date.is_none() {
            let (message, hint) = super::wrong_date::why_not_a_date(key, &raw);
            self.error(key, message, Some(hint));
        }
        date
    }

    pub fn month(&self, key: &str, required: bool) -> Option<Month> {
        let raw = self.scalar(key, required, "2025-03")?;
        let month = Month::parse(&raw);
        if month.is_none() {
            self.error(
                key,
                say!("fields.not_a_month", key = key, raw = raw),
                Some(say!("fields.month_like", key = key)),
            );
        }
        month
    }

    fn scalar(&self, key: &str, required: bool, example: &str) -> Option<String> {
        match self.value(key) {
            None if required => {
                self.missing(key, example);
                None
            }
            None => None,
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(other) => {
                self.error(key, say!("fields.not_like", key = key, example = example, found = describe(other)), None);
                None
            }
        }
    }

    pub fn bool(&self, key: &str) -> Option<bool> {
        match self.value(key)? {
            Value::Bool(b) => Some(*b),
            Value::String(s) if ["yes", "ja", "true"].contains(&s.to_lowercase().as_str()) => Some(true),
            Value::String(s) if ["no", "nej", "nei", "false"].contains(&s.to_lowercase().as_str()) => Some(false),
            other => {
                self.error(
                    key,
                    say!("fields.not_bool", key = key, found = describe(other)),
                    Some(say!("fields.not_bool_hint", key = key)),
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn integer(&self, key: &str, min: i64, max: i64, required: bool) -> Option<i64> {
        let v = match self.value(key) {
            None if required => {
                self.missing(key, min.max(0));
                return None;
            }
            None => return None,
            Some(v) => v,
        };
        match v.as_i64() {
            Some(n) if (min..=max).contains(&n) => Some(n),
            _ => {
                self.error(
                    key,
                    say!("fields.not_integer", key = key, min = min, max = max, found = describe(v)),
                    Some(say!("fields.not_integer_hint", key = key, example = min.max(0))),
                );
                None
            }
        }
    }

    /// A number, whole or decimal.
    pub fn number(&self, key: &str, required: bool) -> Option<f64> {
        let v = match self.value(key) {
            None if required => {
                self.missing(key, "100");
                return None;
            }
            None => return None,
            Some(v) => v,
        };
        match v.as_f64().filter(|n| n.is_finite()) {
            Some(n) => Some(n),
            None => {
                self.error(
                    key,
                    say!("fields.not_number", key = key, found = describe(v)),
                    Some(say!("fields.not_number_hint", key = key)),
                );
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub fn choice(&self, key: &str, allowed: &[&str], required: bool) -> Option<String> {
        let raw = self.scalar(key, required, allowed.first().copied().unwrap_or(""))?;
        if allowed.contains(&raw.as_str()) {
            return Some(raw);
        }
        let hint = match nearest(&raw, allowed.iter().copied()) {
            Some(near) => say!("fields.did_you_mean_choice", near = near, choices = one_of(allowed)),
            None => say!("fields.write_one_of", choices = one_of(allowed)),
        };
        self.error(key, say!("fields.not_a_choice", raw = raw, key = key), Some(hint));
        None
    }

    /// A list of texts; a single text counts as a list of one.
    pub fn strings(&self, key: &str) -> Vec<(String, Vec<Seg>)> {
        match self.value(key) {
            None => Vec::new(),
            Some(Value::String(s)) => vec![(s.trim().to_owned(), self.path(key))],
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let mut p = self.path(key);
                    p.push(Seg::Index(i));
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push((s.trim().to_owned(), p)),
                        Value::Number(n) => out.push((n.to_string(), p)),
                        other => self.report(
                            self.fm.error(&p, say!("fields.item_not_text", key = key, found = describe(other))),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    key,
                    say!("fields.not_a_list", key = key, found = describe(other)),
                    Some(say!("fields.list_in_brackets_hint", key = key)),
                );
                Vec::new()
            }
        }
    }

    /// A list of groups of fields (`history`, `benefits`), each read by `read`.
    /// `what` is one item, as `Fields::what`: "a benefit".
    pub fn list<T>(
        &self,
        key: &str,
        what: impl Into<Say>,
        mut read: impl FnMut(&Fields<'_>, usize) -> Option<T>,
    ) -> Vec<T> {
        let what = what.into();
        match self.value(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let mut path = self.path(key);
                    path.push(Seg::Index(i));
                    match item {
                        Value::Mapping(map) => {
                            let fields = Fields { fm: self.fm, map, path, diags: self.diags, what: what.clone() };
                            if let Some(v) = read(&fields, i) {
                                out.push(v);
                            }
                        }
                        other => {
                            let found = describe(other);
                            let message =
                                say!("fields.item_not_a_group", key = key, what = what.clone(), found = found);
                            self.report(self.fm.error(&path, message))
                        }
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    key,
                    say!("fields.not_a_list", key = key, found = describe(other)),
                    Some(say!("fields.list_on_lines_hint", key = key)),
                );
                Vec::new()
            }
        }
    }

    /// A group of fields under `key` (`image`, `contact`).
    /// `what` is the group, as `Fields::what`: "an image", "`contact`".
    pub fn object<T>(&self, key: &str, what: impl Into<Say>, read: impl FnOnce(&Fields<'_>) -> Option<T>) -> Option<T> {
        match self.value(key)? {
            Value::Mapping(map) => {
                read(&Fields { fm: self.fm, map, path: self.path(key), diags: self.diags, what: what.into() })
            }
            other => {
                self.error(key, say!("fields.not_a_group", key = key, found = describe(other)), None);
                None
            }
        }
    }

    pub fn has(&self, key: &str) -> bool {
        self.value(key).is_some()
    }

    /// The raw value, for fields whose shape varies (`image` as text or group).
    pub fn raw(&self, key: &str) -> Option<&'a Value> {
        self.value(key)
    }

    /// The path of this mapping itself, for errors about the whole item.
    pub fn here(&self) -> &[Seg] {
        &self.path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
    use std::fmt;

    /// How `locate` found a value before `Positions`: walk a deserializer to it and fail there.
    fn locate_by_seeking(fm: &FrontMatter, path: &[Seg]) -> (usize, usize) {
        let de = serde_yaml::Deserializer::from_str(&fm.source.text[fm.yaml.clone()]);
        match (Seek { path }).deserialize(de) {
            Err(e) if e.to_string().contains(FOUND) => {
                e.location().map_or((fm.first_line, 1), |l| (l.line() + fm.first_line - 1, l.column()))
            }
            _ => (fm.first_line, 1),
        }
    }

    const FOUND: &str = "nyttig-located";

    /// Walks the YAML to the node at `path` and fails there, so that the error carries its position.
    struct Seek<'a> {
        path: &'a [Seg],
    }

    impl Seek<'_> {
        fn leaf<E: de::Error>(self) -> Result<(), E> {
            if self.path.is_empty() { Err(E::custom(FOUND)) } else { Ok(()) }
        }
    }

    impl<'de> DeserializeSeed<'de> for Seek<'_> {
        type Value = ();
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for Seek<'_> {
        type Value = ();
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("any value")
        }
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<(), E> {
            self.leaf()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<(), E> {
            self.leaf()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<(), E> {
            self.leaf()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<(), E> {
            self.leaf()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<(), E> {
            self.leaf()
        }
        fn visit_unit<E: de::Error>(self) -> Result<(), E> {
            self.leaf()
        }
        fn visit_none<E: de::Error>(self) -> Result<(), E> {
            self.leaf()
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            match self.path.first() {
                None => Err(de::Error::custom(FOUND)),
                Some(Seg::Index(wanted)) => {
                    for _ in 0..*wanted {
                        if seq.next_element::<IgnoredAny>()?.is_none() {
                            return Ok(());
                        }
                    }
                    seq.next_element_seed(Seek { path: &self.path[1..] })?;
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(())
                }
                Some(Seg::Key(_)) => {
                    while seq.next_element::<IgnoredAny>()?.is_some() {}
                    Ok(())
                }
            }
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            match self.path.first() {
                None => Err(de::Error::custom(FOUND)),
                Some(Seg::Key(wanted)) => {
                    while let Some(key) = map.next_key::<Value>()? {
                        if key.as_str() == Some(wanted.as_str()) {
                            map.next_value_seed(Seek { path: &self.path[1..] })?;
                        } else {
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                    Ok(())
                }
                Some(Seg::Index(_)) => {
                    while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                    Ok(())
                }
            }
        }
    }

    fn split_text(text: &str) -> Result<Split, Diagnostic> {
        split(Source::new("content/projects/p.md", text))
    }

    #[test]
    fn splits_front_matter_and_body_with_crlf() {
        let s = split_text("---\r\ntitle: Hej\r\n---\r\nBrødtekst\r\n").unwrap();
        assert_eq!(s.map.get("title").and_then(Value::as_str), Some("Hej"));
        assert_eq!(s.body, "Brødtekst\r\n");
    }

    #[test]
    fn reports_unclosed_and_missing_front_matter() {
        let e = split_text("---\ntitle: Hej\nBrødtekst\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message().contains("never closed"), "{e}");
        let e = split_text("title: Hej\n").unwrap_err();
        assert!(e.message().contains("must start with front matter"), "{e}");
        let e = split_text("  \n").unwrap_err();
        assert!(e.message().contains("empty"), "{e}");
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let e = split_text("---\ntitle: \"Hej\nphase: test\n---\n").unwrap_err();
        assert_eq!((e.line, e.col, e.message().as_str()), (2, 8, "the quote that starts here is never closed"));
        let e = split_text("---\ntitle: Hej\n\tphase: test\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message().contains("tab"), "{e}");
        let e = split_text("---\ntitle: Hej\ntitle: Igen\n---\n").unwrap_err();
        assert_eq!((e.line, e.message().as_str()), (3, "`title` is written twice"));
        let e = split_text("---\nsummary: Mål: færre fald\n---\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.hint().as_deref().unwrap_or("").contains("quotes"), "{e}");
        // The parser stops a line later; the line without its space is named.
        for text in [
            "---\ntitle: Hej\narea:Helse og omsorg\nkind: everyday\n---\n",
            "---\ntitle: Hej\narea:Helse og omsorg\n---\n",
        ] {
            let e = split_text(text).unwrap_err();
            assert_eq!((e.line, e.col), (3, 5), "{e}");
            assert_eq!(e.hint().as_deref(), Some("write `area: Helse og omsorg`"), "{e}");
        }
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let text = format!("---\ntitle: Hej\ntags: {}\n---\n", "[".repeat(10_000));
        let e = split_text(&text).unwrap_err();
        assert_eq!((e.line, e.col), (3, 7 + MAX_NESTING));
        assert!(split_text("---\ntitle: \"[[[[\"\ntags: [[a]]\n---\n").is_ok(), "brackets in quotes do not count");
    }

    #[test]
    fn locates_values_and_keys() {
        let s = split_text("---\ntitle: Hej\nphsae: test\nhistory:\n  - { phase: udforsk, date: 2024-03-01 }\n  - phase: test\n    date: 2024-01-01\n---\n").unwrap();
        let key = |k: &str| Seg::Key(k.into());
        assert_eq!(s.front.locate(&[key("phsae")]), (3, 8));
        assert_eq!(s.front.locate_key(&[key("phsae")]), (3, 1));
        assert_eq!(s.front.locate(&[key("history"), Seg::Index(0), key("date")]), (5, 29));
        assert_eq!(s.front.locate(&[key("history"), Seg::Index(1), key("date")]), (7, 11));
        assert_eq!(s.front.locate(&[key("nowhere")]), (2, 1));
    }

    #[test]
    fn fields_collect_every_problem() {
        let s = split_text("---\ntitel: Hej\nstarted: 2025-02-30\nkind: everday\nscore: 7\n---\n").unwrap();
        let diags = RefCell::new(Vec::new());
        let f = Fields::of(&s.front, &s.map, &diags, "a project");
        f.check_keys(&["title", "started", "kind", "score"]);
        assert_eq!(f.text("title", Some("Mit projekt")), None);
        assert_eq!(f.date("started", true), None);
        assert_eq!(f.choice("kind", &["everyday", "radical"], true), None);
        assert_eq!(f.integer("score", 0, 5, false), None);
        let d = diags.into_inner();
        let summary: Vec<(usize, usize, String)> =
            d.iter().map(|d| (d.line, d.col, d.hint().unwrap_or_default())).collect();
        assert_eq!(summary[0], (2, 1, "did you mean `title`?".into()));
        assert_eq!((summary[1].0, summary[1].1), (1, 1), "a missing field is reported at the opening line");
        assert_eq!((summary[2].0, summary[2].1), (3, 10));
        assert_eq!(summary[3], (4, 7, "did you mean `everyday`? The choices are `everyday` or `radical`".into()));
        assert_eq!((summary[4].0, summary[4].1), (5, 8));
        assert_eq!(d.len(), 5);
    }

    #[test]
    fn fields_speak_the_editors_language() {
        use crate::i18n::Lang;
        let s = split_text("---\nphsae: x\nscore: [1]\nkind: x\n---\n").unwrap();
        let diags = RefCell::new(Vec::new());
        let f = Fields::of(&s.front, &s.map, &diags, "portal.yaml");
        f.check_keys(&["phase", "score", "kind"]);
        assert_eq!(f.text("title", Some("Hej")), None);
        assert_eq!(f.integer("score", 0, 5, false), None);
        assert_eq!(f.choice("kind", &["everyday", "radical", "strategic"], true), None);
        let d = diags.into_inner();
        let said = |lang| -> Vec<(String, String)> {
            d.iter().map(|d| (d.message_in(lang), d.hint_in(lang).unwrap_or_default())).collect()
        };
        let da = said(Lang::Da);
        assert_eq!(da[0], ("`phsae` er ikke et felt, som portal.yaml kan have".into(), "mente du `phase`?".into()));
        assert_eq!(
            da[1],
            ("portal.yaml skal have `title`, men feltet mangler".into(), "tilføj en linje som `title: Hej`".into())
        );
        assert_eq!(da[2].0, "`score` skal være et helt tal fra 0 til 5, men det er en liste");
        assert_eq!(da[3].1, "skriv `everyday`, `radical` eller `strategic`");
        let nn = said(Lang::Nn);
        assert_eq!(nn[2].0, "`score` må vere eit heiltal frå 0 til 5, men det er ei liste");
        assert_eq!(said(Lang::En)[3].1, "write one of `everyday`, `radical` or `strategic`");

        let s = split_text("---\nsteps: [x]\nimage: 7\n---\n").unwrap();
        let diags = RefCell::new(Vec::new());
        let f = Fields::of(&s.front, &s.map, &diags, "a project");
        assert!(f.list("steps", "a step", |_, _| Some(())).is_empty());
        assert_eq!(f.object("image", "`image`", |_| Some(())), None);
        let d = diags.into_inner();
        assert_eq!(
            d[0].message(),
            "every item of `steps` must be a step written as `{ name: value, … }`, but this one is `x`"
        );
        assert_eq!(
            d[1].message_in(Lang::Nn),
            "`image` må vere ei gruppe felt, som `image: { … }`, men det er talet `7`"
        );
        let e = split_text("---\ntitle: \"Hej\n---\n").unwrap_err();
        assert_eq!(e.message_in(Lang::Da), "anførselstegnet, der begynder her, bliver aldrig afsluttet");
    }

    /// Every path into `value` (and a few that lead nowhere).
    fn paths(value: &Value, here: Vec<Seg>, out: &mut Vec<Vec<Seg>>) {
        out.push(here.clone());
        let mut nowhere = here.clone();
        nowhere.push(Seg::Key("nowhere".into()));
        out.push(nowhere);
        let mut beyond = here.clone();
        beyond.push(Seg::Index(99));
        out.push(beyond);
        match value {
            Value::Tagged(tagged) => paths(&tagged.value, here, out),
            Value::Sequence(items) => {
                for (i, item) in items.iter().enumerate() {
                    let mut p = here.clone();
                    p.push(Seg::Index(i));
                    paths(item, p, out);
                }
            }
            Value::Mapping(map) => {
                for (k, v) in map {
                    if let Some(k) = k.as_str() {
                        let mut p = here.clone();
                        p.push(Seg::Key(k.to_owned()));
                        paths(v, p, out);
                    }
                }
            }
            _ => {}
        }
    }

    #[test]
    fn positions_answer_as_seeking_did() {
        let yamls = [
            "title: Hej\nphsae: test\nhistory:\n  - { phase: udforsk, date: 2024-03-01 }\n  - phase: test\n    date: 2024-01-01\n",
            "a: &x { b: [1, 2, {c: d}] }\ne: *x\nf: [*x, *x]\n\"g h\": 'i'\n'true': 1\ntrue: 2\n3: drei\n\"3\": tre\n~: null\n",
            "a: !tag { b: 1 }\nc: !tag x\n!k d: 5\ne: !!str 7\nf:\n- - x\n  - y\n-   z: |\n      block\n    w: >\n      folded\n",
            "# only a comment\n",
            "",
            "? [complex, key]\n: value\nplain: multi\n  line\nlast:\n",
            "title: Hej\r\nlist:\r\n- a\r\n- b\r\n",
            "l:\n- 1\n- [2, 3]\n",
            "x: \"æøå\"\ny: [æ, ø, {å: 1}]\n",
        ];
        for yaml in yamls {
            let (fm, _) = parse_file(Source::new("portal.yaml", yaml)).unwrap();
            let text = &fm.source.text[fm.yaml.clone()];
            let mut all = Vec::new();
            paths(&serde_yaml::from_str(text).unwrap(), Vec::new(), &mut all);
            assert!(!all.is_empty());
            for path in &all {
                assert_eq!(fm.locate(path), locate_by_seeking(&fm, path), "{path:?} in {yaml:?}");
            }
        }
        let s = split_text("---\ntitle: Hej\nhistory: [{ a: 1 }, b]\n---\n").unwrap();
        let mut all = Vec::new();
        paths(&Value::Mapping(s.map.clone()), Vec::new(), &mut all);
        for path in &all {
            assert_eq!(s.front.locate(path), locate_by_seeking(&s.front, path), "{path:?}");
        }
    }

    #[test]
    fn thousands_of_bad_items_are_located_in_linear_time() {
        let n = 4_000;
        let items: String = (0..n).map(|_| "  mindre-madspild,\n").collect();
        let text = format!("---\ntitle: Hej\nhistory: [\n{items}]\n---\n");
        let s = split_text(&text).unwrap();
        let started = std::time::Instant::now();
        let diags = RefCell::new(Vec::new());
        let f = Fields::of(&s.front, &s.map, &diags, "a project");
        let read = f.list("history", "a step", |_, _| Some(()));
        let d = diags.into_inner();
        let took = started.elapsed();
        assert!(read.is_empty());
        assert_eq!(d.len(), n);
        for (i, d) in d.iter().enumerate() {
            assert_eq!((d.line, d.col), (4 + i, 3), "{d}");
        }
        assert!(took < std::time::Duration::from_secs(2), "{n} errors took {took:?}");
    }

    #[test]
    fn line_breaks_the_yaml_parser_counts_do_not_move_errors() {
        for c in ["\u{2028}", "\u{2029}", "\u{85}", "\r"] {
            let portal = format!(
                "title: \"T{c}\"\nbase_url: https://x.example/\nlanguage: da\nmunicipality: K\ncontact:\n  email: \"\"\n"
            );
            let errors = crate::source::portal::read("portal.yaml", &portal, None).unwrap_err();
            let e = errors.iter().find(|e| e.message().contains("email")).unwrap();
            assert_eq!((e.line, e.col), (6, 10), "{c:?}: {e}");
            assert!(e.to_string().contains("6 |   email: \"\""), "{c:?}: {e}");

            for front in
                [format!("---\ntitle: \"T{c}\"\nphsae: x\n---\n"), format!("---\ntitle: T{c}U\nphsae: x\n---\n")]
            {
                let s = split_text(&front).unwrap();
                let diags = RefCell::new(Vec::new());
                Fields::of(&s.front, &s.map, &diags, "a project").check_keys(&["title"]);
                let d = diags.into_inner();
                assert_eq!((d[0].line, d[0].col), (3, 1), "{c:?}: {}", d[0]);
                assert!(d[0].to_string().contains("3 | phsae: x"), "{c:?}: {}", d[0]);
            }
            // A value after the character on its line: the character is one column.
            let s = split_text(&format!("---\ntags: [\"a{c}\", 7]\n---\n")).unwrap();
            assert_eq!(s.front.locate(&[Seg::Key("tags".into()), Seg::Index(1)]), (2, 14), "{c:?}");
            // The same for a syntax error after the character.
            let e = split_text(&format!("---\ntitle: T{c}\nsummary: Mål: færre fald\n---\n")).unwrap_err();
            assert_eq!(e.line, 3, "{c:?}: {e}");
            assert!(e.to_string().contains("3 | summary"), "{c:?}: {e}");
            // And on the same line, after the character: the `:` of `b: c` is column 13.
            let e = split_text(&format!("---\nsummary: a{c}b: c\n---\n")).unwrap_err();
            assert_eq!((e.line, e.col), (2, 13), "{c:?}: {e}");
        }
        let s = split_text("---\ntitle: \"T\u{2028}U\"\n---\n").unwrap();
        assert_eq!(s.map.get("title").and_then(Value::as_str), Some("T   U"));
    }

    #[test]
    fn a_yaml_error_at_the_end_points_at_the_last_line() {
        let errors = crate::source::portal::read("portal.yaml", "title: T\nid", None).unwrap_err();
        let e = &errors[0];
        assert_eq!((e.line, e.col), (2, 3), "{e}");
        assert!(e.message().starts_with("portal.yaml is not valid YAML: "), "{e}");
        assert!(e.to_string().contains("2 | id"), "{e}");

        let e = split_text("---\ntitle: T\nid\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 3), "{e}");
        assert!(e.message().starts_with("the front matter is not valid YAML: "), "{e}");
        assert!(e.to_string().contains("3 | id"), "{e}");
        let e = split_text("---\ntitle: T\nid\n\n# a comment\n\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 3), "{e}");
    }

    #[test]
    fn non_utf8_bytes_are_reported_where_they_stand() {
        let e = decode("content/news/a.md", b"---\ntitle: K\xF8benhavn\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 9));
        assert!(e.message().contains("not UTF-8"));
        assert_eq!(decode("a", b"\xEF\xBB\xBFhej").unwrap(), "hej");
    }
}
