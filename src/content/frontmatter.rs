//! Front matter: the YAML block between two `---` lines at the top of a Markdown file.
//!
//! This is the one place that touches YAML. Positions come from the YAML parser itself: to find
//! where a value stands, the text is parsed again with a seed that stops at that value, and
//! the parser's error location is the answer. That costs a parse, so it is done only when an
//! error is reported.

use std::cell::RefCell;
use std::fmt;
use std::sync::Arc;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

use crate::date::{Date, Month};
use crate::diagnostics::{Diagnostic, Source};
use crate::text::{list_or, nearest, without_controls};

/// One step into the YAML tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A parsed front matter (or a whole YAML file such as portal.yaml) with its source.
#[derive(Debug)]
pub struct FrontMatter {
    pub source: Arc<Source>,
    /// Where the YAML text is in the source (the front matter without its `---` lines).
    yaml: std::ops::Range<usize>,
    /// 1-based line in the file of the YAML text's first line.
    first_line: usize,
    pub map: Mapping,
}

/// A Markdown file split into its front matter and its body.
#[derive(Debug)]
pub struct Split {
    pub front: FrontMatter,
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
            Err(src
                .error_at(valid.len(), "the file is not UTF-8 text: it has bytes here that are not letters in UTF-8")
                .with_hint("open the file in your editor and save it with the encoding UTF-8"))
        }
    }
}

/// Splits a Markdown file into front matter and body and parses the front matter.
pub fn split(source: Arc<Source>) -> Result<Split, Diagnostic> {
    let text = &source.text;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(&source.path, "the file is empty").with_hint(
            "start the file with front matter: a line `---`, the fields (at least `title:`), and a line `---`",
        ));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err(source.error_at(0, "the file must start with front matter: a line with only `---`").with_hint(
            "put a line `---` first, then the fields (like `title: …`), then another line `---`, then the text",
        ));
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
        return Err(source
            .error_at(0, "the front matter that starts here is never closed")
            .with_hint("add a line with only `---` after the last field"));
    };
    let front = parse_yaml(source.clone(), yaml_start..yaml_end, 2)?;
    Ok(Split { body: text[body_offset..].to_owned(), body_offset, front })
}

/// Parses a whole YAML file (portal.yaml).
pub fn parse_file(source: Arc<Source>) -> Result<FrontMatter, Diagnostic> {
    let all = 0..source.text.len();
    parse_yaml(source, all, 1)
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
) -> Result<FrontMatter, Diagnostic> {
    let yaml = &source.text[range.clone()];
    if let Some(at) = too_deep(yaml) {
        let line = yaml[..at].matches('\n').count();
        let col = yaml[..at].rsplit('\n').next().map_or(0, |l| l.chars().count());
        return Err(source
            .error_at_line_col(
                first_line + line,
                col + 1,
                format!("lists and groups are nested more than {MAX_NESTING} levels deep here"),
            )
            .with_hint(
                "front matter needs only a few levels of `[ ]` and `{ }`; check for brackets that are not closed",
            ));
    }
    let value: Value = match serde_yaml::from_str(yaml) {
        Ok(mut v) => {
            drop_controls(&mut v);
            v
        }
        Err(e) => return Err(yaml_error(&source, yaml, first_line, &e)),
    };
    let map = match value {
        Value::Mapping(m) => m,
        Value::Null => Mapping::new(),
        _ => {
            return Err(source
                .error_at_line_col(
                    first_line,
                    1,
                    "the front matter must be a list of fields, one `name: value` per line",
                )
                .with_hint("write each field as `name: value`, for example `title: Sådan arbejder vi`"));
        }
    };
    Ok(FrontMatter { source, yaml: range, first_line, map })
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
fn yaml_error(source: &Source, yaml: &str, first_line: usize, e: &serde_yaml::Error) -> Diagnostic {
    let raw = e.to_string();
    let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let at = |(l, c): (usize, usize)| (l + first_line - 1, c);
    let line_has_tab = yaml.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains('\t'));
    let tab_line = yaml.lines().position(|l| l.contains('\t'));
    let (pos, message, hint) = if raw.contains("tab") || (raw.contains("cannot start any token") && line_has_tab) {
        let l = tab_line.map_or(line, |i| i + 1);
        let c = yaml.lines().nth(l - 1).and_then(|t| t.find('\t')).map_or(col, |i| i + 1);
        (
            at((l, c)),
            "a tab character is used for indentation here".to_owned(),
            "front matter must be indented with spaces, never tabs: replace the tab with spaces".to_owned(),
        )
    } else if raw.contains("while scanning a quoted scalar") {
        let start = mentioned_position(&raw, "while scanning a quoted scalar").unwrap_or((line, col));
        (
            at(start),
            "the quote that starts here is never closed".to_owned(),
            "end the text with the same quote mark (\" or ') on the same line".to_owned(),
        )
    } else if raw.contains("while parsing a flow sequence") {
        let start = mentioned_position(&raw, "while parsing a flow sequence").unwrap_or((line, col));
        (
            at(start),
            "the list that starts here with `[` is not closed".to_owned(),
            "end the list with `]`, and separate its items with commas".to_owned(),
        )
    } else if raw.contains("while parsing a flow mapping") {
        let start = mentioned_position(&raw, "while parsing a flow mapping").unwrap_or((line, col));
        (
            at(start),
            "the group of fields that starts here with `{` is not closed".to_owned(),
            "end it with `}`, and separate its fields with commas".to_owned(),
        )
    } else if raw.contains("mapping values are not allowed") {
        (
            at((line, col)),
            "this value contains `: `, which YAML reads as a new field".to_owned(),
            "put the whole value in double quotes, like `summary: \"Mål: færre fald\"`".to_owned(),
        )
    } else if let Some(key) = raw.strip_prefix("duplicate entry with key \"").and_then(|r| r.split('"').next()) {
        let second = yaml
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim_start().strip_prefix(key).is_some_and(|r| r.trim_start().starts_with(':')))
            .nth(1)
            .map_or((line, col), |(i, l)| (i + 1, l.len() - l.trim_start().len() + 1));
        (at(second), format!("`{key}` is written twice"), format!("keep only one `{key}:` line"))
    } else if raw.contains("did not find expected key") || raw.contains("did not find expected '-'") {
        (
            at((line, col)),
            "this line is not indented like the lines around it".to_owned(),
            "line up the field with the fields above it, using spaces".to_owned(),
        )
    } else if raw.contains("found character that cannot start any token") {
        (at((line, col)), "this character cannot start a value".to_owned(), "put the value in double quotes".to_owned())
    } else {
        let plain = raw.split(" at line ").next().unwrap_or(&raw).to_owned();
        (
            at((line, col)),
            format!("the front matter is not valid YAML: {plain}"),
            "check the quotes, colons and indentation on this line".to_owned(),
        )
    };
    source.error_at_line_col(pos.0, pos.1, message).with_hint(hint)
}

impl FrontMatter {
    /// Line and column in the file of the value at `path`; the first line when it cannot be found.
    pub fn locate(&self, path: &[Seg]) -> (usize, usize) {
        let de = serde_yaml::Deserializer::from_str(&self.source.text[self.yaml.clone()]);
        match (Seek { path }).deserialize(de) {
            Err(e) if e.to_string().contains(FOUND) => {
                e.location().map_or((self.first_line, 1), |l| (l.line() + self.first_line - 1, l.column()))
            }
            _ => (self.first_line, 1),
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

    pub fn error(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate(path);
        self.source.error_at_line_col(line, col, message)
    }

    fn key_error(&self, path: &[Seg], message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.locate_key(path);
        self.source.error_at_line_col(line, col, message)
    }

    /// The opening line of the front matter, where a missing field is reported.
    pub fn start_error(&self, message: impl Into<String>) -> Diagnostic {
        self.source.error_at_line_col(self.first_line.saturating_sub(1).max(1), 1, message)
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

/// Reads the fields of one mapping in the front matter, collecting every problem it finds.
pub struct Fields<'a> {
    fm: &'a FrontMatter,
    map: &'a Mapping,
    path: Vec<Seg>,
    diags: &'a RefCell<Vec<Diagnostic>>,
    /// What the mapping is, for messages: "a project", "a benefit".
    what: &'a str,
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("`{s}`"),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a group of fields".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

impl<'a> Fields<'a> {
    pub fn new(fm: &'a FrontMatter, diags: &'a RefCell<Vec<Diagnostic>>, what: &'a str) -> Self {
        Self::of(fm, &fm.map, diags, what)
    }

    /// The fields of `map`, the front matter `fm` once held (see `content::load`).
    pub fn of(fm: &'a FrontMatter, map: &'a Mapping, diags: &'a RefCell<Vec<Diagnostic>>, what: &'a str) -> Self {
        Fields { fm, map, path: Vec::new(), diags, what }
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
    pub fn error(&self, key: &str, message: impl Into<String>, hint: Option<String>) {
        let mut d = self.fm.error(&self.path(key), message);
        d.hint = hint;
        self.report(d);
    }

    /// Reports every key that is not in `known`, naming the nearest known key.
    pub fn check_keys(&self, known: &[&str]) {
        for key in self.map.keys() {
            let Some(name) = key.as_str() else {
                let d = self.fm.error(&self.path, format!("a field name must be text, not {}", describe(key)));
                self.report(d);
                continue;
            };
            if known.contains(&name) {
                continue;
            }
            let mut d = self.fm.key_error(&self.path(name), format!("`{name}` is not a known field of {}", self.what));
            d.hint = Some(match nearest(name, known.iter().copied()) {
                Some(near) => format!("did you mean `{near}`?"),
                None => format!("the fields of {} are {}", self.what, list_or(known)),
            });
            self.report(d);
        }
    }

    fn value(&self, key: &str) -> Option<&'a Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn missing(&self, key: &str, example: &str) {
        let message = format!("{} needs `{key}`, but it is missing", capitalise(self.what));
        let hint = Some(format!("add a line like `{key}: {example}`"));
        let mut d =
            if self.path.is_empty() { self.fm.start_error(message) } else { self.fm.error(&self.path, message) };
        d.hint = hint;
        self.report(d);
    }

    /// Text, also from a number (`title: 2025`). `example` is shown when it is missing.
    pub fn text(&self, key: &str, required: Option<&str>) -> Option<String> {
        match self.value(key) {
            None => {
                if let Some(example) = required {
                    self.missing(key, example);
                }
                None
            }
            Some(Value::String(s)) if s.trim().is_empty() && required.is_some() => {
                self.error(key, format!("`{key}` is empty"), Some(format!("write the {key} after `{key}:`")));
                None
            }
            Some(Value::String(s)) => Some(s.trim().to_owned()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(Value::Bool(b)) => Some(b.to_string()),
            Some(other) => {
                self.error(
                    key,
                    format!("`{key}` must be text, but it is {}", describe(other)),
                    Some(format!("write `{key}: ` followed by the text on one line")),
                );
                None
            }
        }
    }

    pub fn date(&self, key: &str, required: bool) -> Option<Date> {
        let raw = self.scalar(key, required, "2025-03-01")?;
        let date = Date::parse(&raw);
        if date.is_none() {
            self.error(
                key,
                format!("`{key}` must be a date written as YYYY-MM-DD, but it is `{raw}`"),
                Some(format!("write it like `{key}: 2025-03-01` (year, month, day), and check that the day exists")),
            );
        }
        date
    }

    pub fn month(&self, key: &str, required: bool) -> Option<Month> {
        let raw = self.scalar(key, required, "2025-03")?;
        let month = Month::parse(&raw);
        if month.is_none() {
            self.error(
                key,
                format!("`{key}` must be a month written as YYYY-MM, but it is `{raw}`"),
                Some(format!("write it like `{key}: 2025-03`")),
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
                self.error(
                    key,
                    format!("`{key}` must be written like `{example}`, but it is {}", describe(other)),
                    None,
                );
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
                    format!("`{key}` must be `true` or `false`, but it is {}", describe(other)),
                    Some(format!("write `{key}: true` or `{key}: false`")),
                );
                None
            }
        }
    }

    /// A whole number in `min..=max`.
    pub fn integer(&self, key: &str, min: i64, max: i64, required: bool) -> Option<i64> {
        let v = match self.value(key) {
            None if required => {
                self.missing(key, &min.max(0).to_string());
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
                    format!("`{key}` must be a whole number from {min} to {max}, but it is {}", describe(v)),
                    Some(format!("write a whole number, like `{key}: {}`", min.max(0))),
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
                    format!("`{key}` must be a number, but it is {}", describe(v)),
                    Some(format!("write digits with a decimal point, not a comma, like `{key}: 1400` or `{key}: 2.5`")),
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
            Some(near) => format!("did you mean `{near}`? The choices are {}", list_or(allowed)),
            None => format!("write one of {}", list_or(allowed)),
        };
        self.error(key, format!("`{raw}` is not a valid `{key}`"), Some(hint));
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
                        other => self.report(self.fm.error(
                            &p,
                            format!("every item of `{key}` must be text, but this one is {}", describe(other)),
                        )),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    key,
                    format!("`{key}` must be a list, but it is {}", describe(other)),
                    Some(format!("write the items in brackets, like `{key}: [first, second]`")),
                );
                Vec::new()
            }
        }
    }

    /// A list of groups of fields (`history`, `benefits`), each read by `read`.
    pub fn list<T>(&self, key: &str, what: &str, mut read: impl FnMut(&Fields<'_>, usize) -> Option<T>) -> Vec<T> {
        match self.value(key) {
            None => Vec::new(),
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for (i, item) in items.iter().enumerate() {
                    let mut path = self.path(key);
                    path.push(Seg::Index(i));
                    match item {
                        Value::Mapping(map) => {
                            let fields = Fields { fm: self.fm, map, path, diags: self.diags, what };
                            if let Some(v) = read(&fields, i) {
                                out.push(v);
                            }
                        }
                        other => self.report(self.fm.error(&path, format!("every item of `{key}` must be {what} written as `{{ name: value, … }}`, but this one is {}", describe(other)))),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    key,
                    format!("`{key}` must be a list, but it is {}", describe(other)),
                    Some(format!("write one item per line, each starting with `- `, under `{key}:`")),
                );
                Vec::new()
            }
        }
    }

    /// A group of fields under `key` (`image`, `contact`).
    pub fn object<T>(&self, key: &str, what: &str, read: impl FnOnce(&Fields<'_>) -> Option<T>) -> Option<T> {
        match self.value(key)? {
            Value::Mapping(map) => read(&Fields { fm: self.fm, map, path: self.path(key), diags: self.diags, what }),
            other => {
                self.error(
                    key,
                    format!("`{key}` must be a group of fields, like `{key}: {{ … }}`, but it is {}", describe(other)),
                    None,
                );
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map_or_else(String::new, |f| f.to_uppercase().chain(c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_text(text: &str) -> Result<Split, Diagnostic> {
        split(Source::new("content/projects/p.md", text))
    }

    #[test]
    fn splits_front_matter_and_body_with_crlf() {
        let s = split_text("---\r\ntitle: Hej\r\n---\r\nBrødtekst\r\n").unwrap();
        assert_eq!(s.front.map.get("title").and_then(Value::as_str), Some("Hej"));
        assert_eq!(s.body, "Brødtekst\r\n");
    }

    #[test]
    fn reports_unclosed_and_missing_front_matter() {
        let e = split_text("---\ntitle: Hej\nBrødtekst\n").unwrap_err();
        assert_eq!((e.line, e.col), (1, 1));
        assert!(e.message.contains("never closed"), "{e}");
        let e = split_text("title: Hej\n").unwrap_err();
        assert!(e.message.contains("must start with front matter"), "{e}");
        let e = split_text("  \n").unwrap_err();
        assert!(e.message.contains("empty"), "{e}");
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let e = split_text("---\ntitle: \"Hej\nphase: test\n---\n").unwrap_err();
        assert_eq!((e.line, e.col, e.message.as_str()), (2, 8, "the quote that starts here is never closed"));
        let e = split_text("---\ntitle: Hej\n\tphase: test\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (3, 1));
        assert!(e.message.contains("tab"), "{e}");
        let e = split_text("---\ntitle: Hej\ntitle: Igen\n---\n").unwrap_err();
        assert_eq!((e.line, e.message.as_str()), (3, "`title` is written twice"));
        let e = split_text("---\nsummary: Mål: færre fald\n---\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.hint.as_deref().unwrap_or("").contains("quotes"), "{e}");
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
        let f = Fields::new(&s.front, &diags, "a project");
        f.check_keys(&["title", "started", "kind", "score"]);
        assert_eq!(f.text("title", Some("Mit projekt")), None);
        assert_eq!(f.date("started", true), None);
        assert_eq!(f.choice("kind", &["everyday", "radical"], true), None);
        assert_eq!(f.integer("score", 0, 5, false), None);
        let d = diags.into_inner();
        let summary: Vec<(usize, usize, &str)> =
            d.iter().map(|d| (d.line, d.col, d.hint.as_deref().unwrap_or(""))).collect();
        assert_eq!(summary[0], (2, 1, "did you mean `title`?"));
        assert_eq!((summary[1].0, summary[1].1), (1, 1), "a missing field is reported at the opening line");
        assert_eq!((summary[2].0, summary[2].1), (3, 10));
        assert_eq!(summary[3], (4, 7, "did you mean `everyday`? The choices are `everyday` or `radical`"));
        assert_eq!((summary[4].0, summary[4].1), (5, 8));
        assert_eq!(d.len(), 5);
    }

    #[test]
    fn non_utf8_bytes_are_reported_where_they_stand() {
        let e = decode("content/news/a.md", b"---\ntitle: K\xF8benhavn\n---\n").unwrap_err();
        assert_eq!((e.line, e.col), (2, 9));
        assert!(e.message.contains("not UTF-8"));
        assert_eq!(decode("a", b"\xEF\xBB\xBFhej").unwrap(), "hej");
    }
}
