//! Content errors as an editor reads them: `path:line:col: error: message`, the offending line
//! with a caret under the spot, and a hint saying what to write instead.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::{self, Write as _};
use std::sync::{Arc, OnceLock};

use crate::i18n::Lang;
use crate::say::Say;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

/// One step of the way to a value among a file's fields: `history`, then `2`, then `date`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// Where a file's fields stand, for messages about their values. This is all the domain knows
/// of the file format; the source layer's front matter reader answers it.
pub trait FieldPlaces: Send + Sync + fmt::Debug {
    /// An error at the value at `path` (at the front matter's first line when it is not there).
    fn error_at(&self, path: &[Seg], message: Say) -> Diagnostic;
}

/// A source file as the build read it: its path as shown to the editor and its text.
#[derive(Debug)]
pub struct Source {
    pub path: String,
    pub text: String,
    /// Where lines start, made on the first problem found in the file: a file with thousands
    /// of problems must not be read from its start for each of them.
    index: OnceLock<LineIndex>,
}

/// Bytes between two marks of [`LineIndex::chars_before_mark`].
const MARK: usize = 1024;

#[derive(Debug)]
struct LineIndex {
    /// Byte offset of the start of each line; the first is 0.
    starts: Vec<usize>,
    /// The number of characters before byte `k * MARK`, so that a column in a very long line
    /// is counted from the nearest mark, not from the line's start.
    chars_before_mark: Vec<usize>,
}

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_char(b: &u8) -> bool {
    (*b as i8) >= -0x40
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(bytes.iter().enumerate().filter(|(_, b)| **b == b'\n').map(|(i, _)| i + 1));
        let mut chars_before_mark = Vec::with_capacity(bytes.len() / MARK + 1);
        let mut chars = 0;
        for chunk in bytes.chunks(MARK) {
            chars_before_mark.push(chars);
            chars += chunk.iter().filter(|b| starts_char(b)).count();
        }
        chars_before_mark.push(chars);
        LineIndex { starts, chars_before_mark }
    }

    /// Characters before byte `offset` (a character boundary) in `text`.
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let mark = offset / MARK;
        let from = self.chars_before_mark.get(mark).copied().unwrap_or(0);
        from + text.as_bytes()[mark * MARK..offset].iter().filter(|b| starts_char(b)).count()
    }

    /// The byte offset of the `n`th character (0-based) of `text`, or its end.
    fn byte_of_char(&self, text: &str, n: usize) -> usize {
        let mark = self.chars_before_mark.partition_point(|&c| c <= n).saturating_sub(1);
        let mut chars = self.chars_before_mark[mark];
        let bytes = text.as_bytes();
        for (i, b) in bytes.iter().enumerate().skip(mark * MARK) {
            if starts_char(b) {
                if chars == n {
                    return i;
                }
                chars += 1;
            }
        }
        bytes.len()
    }

    /// The byte range of a 1-based line, without its line ending.
    fn line(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        let end = if text.as_bytes()[start..end].ends_with(b"\r") { end - 1 } else { end };
        Some((start, end))
    }
}

/// At most this many characters of a line are shown under a problem, around its column: a
/// line of a megabyte would otherwise be copied into, and printed with, every problem on it.
const SNIPPET_CHARS: usize = 120;
/// Of which this many stand before the column.
const SNIPPET_BEFORE: usize = 40;

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Source { path: path.into(), text: text.into(), index: OnceLock::new() })
    }

    fn index(&self) -> &LineIndex {
        self.index.get_or_init(|| LineIndex::new(&self.text))
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let index = self.index();
        let line = index.starts.partition_point(|&s| s <= offset);
        let line_start = index.starts[line - 1];
        let col = index.chars_before(&self.text, offset) - index.chars_before(&self.text, line_start);
        (line, col + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.index().line(&self.text, line).map(|(start, end)| &self.text[start..end])
    }

    /// The part of a line shown under a problem at its 1-based column: the whole line when it
    /// is short, else a window around the column with `…` where it was cut.
    fn snippet(&self, line: usize, col: usize) -> Option<Box<Snippet>> {
        let index = self.index();
        let (start, end) = index.line(&self.text, line)?;
        let text = &self.text[start..end];
        let caret = col.saturating_sub(1);
        if text.len() <= SNIPPET_CHARS {
            return Some(Box::new(Snippet { text: text.to_owned(), caret }));
        }
        let first = index.chars_before(&self.text, start);
        let last = index.chars_before(&self.text, end);
        let caret = caret.min(last - first);
        let from = (first + caret).saturating_sub(SNIPPET_BEFORE).max(first);
        let to = (from + SNIPPET_CHARS).min(last);
        let (a, b) = (index.byte_of_char(&self.text, from), index.byte_of_char(&self.text, to));
        let mut shown = String::with_capacity(b - a + 8);
        if from > first {
            shown.push('…');
        }
        shown.push_str(&self.text[a..b]);
        if to < last {
            shown.push('…');
        }
        Some(Box::new(Snippet { text: shown, caret: first + caret - from + usize::from(from > first) }))
    }

    pub fn error_at(&self, offset: usize, message: impl Into<Say>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        self.error_at_line_col(line, col, message)
    }

    pub fn error_at_line_col(&self, line: usize, col: usize, message: impl Into<Say>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line,
            col,
            message: message.into(),
            hint: None,
            snippet: self.snippet(line, col),
            io: false,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The line shown under a problem (perhaps only part of it) and where its caret goes, in
/// characters from the start of `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Snippet {
    text: String,
    caret: usize,
}

/// Text as it may be printed to a terminal: line breaks, other control characters and the
/// invisible characters that reorder or hide text (U+202E and the other bidirectional
/// controls, zero-width spaces, U+FEFF) are written as escapes, `\n` or `\u{202e}`, so that
/// a file name or a line cannot move, hide or fake what the terminal shows.
pub fn terminal_safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(needs_escape) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_safe(&mut out, c);
    }
    Cow::Owned(out)
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c as u32,
            0x061C | 0x180E | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x2069 | 0xFEFF | 0xFFF9..=0xFFFB)
}

fn push_safe(out: &mut String, c: char) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        c if needs_escape(c) => {
            let _ = write!(out, "\\u{{{:x}}}", c as u32);
        }
        c => out.push(c),
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the editor knows it, relative to the portal's root.
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub col: usize,
    /// What is wrong, and what to do about it: said in the reader's language when shown.
    message: Say,
    /// Boxed, as the snippet: it keeps a problem small enough to pass around by value.
    hint: Option<Box<Say>>,
    /// Boxed: most problems are passed around far more than they are shown.
    snippet: Option<Box<Snippet>>,
    /// The system would not give a file or folder (permissions, a disk error): not the
    /// editor's text at fault, so the command line exits 2, not 1.
    io: bool,
}

impl Diagnostic {
    /// A problem with a file as a whole (it cannot be read, it is missing).
    pub fn file(path: impl Into<String>, message: impl Into<Say>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            snippet: None,
            io: false,
        }
    }

    /// A file or folder that the system would not read: `<what> cannot be read: <the
    /// system's reason>`, an I/O error rather than a content error. `what` is said at the
    /// start of the sentence: `say!("files.the_file")`, `say!("files.the_folder")`.
    pub fn unreadable(path: impl Into<String>, what: impl Into<Say>, err: &std::io::Error) -> Self {
        Diagnostic {
            io: true,
            ..Diagnostic::file(path, say!("files.cannot_be_read", what = what.into(), error = err))
                .with_hint(say!("files.cannot_be_read_hint"))
        }
    }

    /// Whether the build failed here for a reason outside the content (see `unreadable`).
    pub fn is_io(&self) -> bool {
        self.io
    }

    pub fn with_hint(mut self, hint: impl Into<Say>) -> Self {
        self.hint = Some(Box::new(hint.into()));
        self
    }

    /// The message in English (tests, logs); [`Diagnostic::render`] says it in any language.
    pub fn message(&self) -> String {
        self.message.en()
    }

    pub fn hint(&self) -> Option<String> {
        self.hint.as_deref().map(Say::en)
    }

    pub fn message_in(&self, lang: Lang) -> String {
        self.message.to(lang)
    }

    pub fn hint_in(&self, lang: Lang) -> Option<String> {
        self.hint.as_ref().map(|h| h.to(lang))
    }

    /// The message as said, for changing it on its way (see `render.rs`).
    pub fn said(&self) -> &Say {
        &self.message
    }

    pub fn with_message(mut self, message: impl Into<Say>) -> Self {
        self.message = message.into();
        self
    }

    pub fn set_hint(&mut self, hint: Option<Say>) {
        self.hint = hint.map(Box::new);
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl Diagnostic {
    /// What makes two problems "alike" for [`Report`]: the same file, severity and advice.
    fn kind(&self) -> (&str, Severity, &Say) {
        (&self.path, self.severity, self.hint.as_deref().unwrap_or(&self.message))
    }

    fn severity_word(&self, lang: Lang) -> String {
        match self.severity {
            Severity::Error => say!("common.error").to(lang),
            Severity::Warning => say!("common.warning").to(lang),
        }
    }

    /// The problem as the terminal shows it, in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let mut out = String::new();
        self.render_into(&mut out, lang);
        out
    }

    fn render_into(&self, out: &mut String, lang: Lang) {
        let kind = self.severity_word(lang);
        let path = terminal_safe(&self.path);
        let message = self.message.to(lang);
        let message = terminal_safe(&message);
        let _ = if self.line == 0 {
            writeln!(out, "{path}: {kind}: {message}")
        } else {
            writeln!(out, "{path}:{}:{}: {kind}: {message}", self.line, self.col)
        };
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // Tabs as one space each, so that the caret stands under its character; escapes
            // are wider than what they stand for, so the caret counts what is shown before it.
            let mut shown = String::with_capacity(snippet.text.len());
            let mut caret = None;
            for (i, c) in snippet.text.chars().enumerate() {
                if i == snippet.caret {
                    caret = Some(shown.chars().count());
                }
                if c == '\t' { shown.push(' ') } else { push_safe(&mut shown, c) }
            }
            let caret = caret.unwrap_or_else(|| shown.chars().count() + snippet.caret - snippet.text.chars().count());
            let _ = writeln!(out, "{pad} |");
            let _ = writeln!(out, "{number} | {shown}");
            let _ = writeln!(out, "{pad} | {}^", " ".repeat(caret));
        }
        if let Some(hint) = &self.hint {
            let _ = writeln!(out, "  = {}: {}", say!("common.hint").to(lang), terminal_safe(&hint.to(lang)));
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Made whole first and written at once: on an unbuffered terminal each piece would be
        // a write of its own.
        f.write_str(&self.render(Lang::En))
    }
}

/// Everything a build found wrong, in a stable order (by file, then position).
#[derive(Debug, Default)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }

    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }

    pub fn has_errors(&self) -> bool {
        self.0.iter().any(Diagnostic::is_error)
    }

    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }

    pub fn warning_count(&self) -> usize {
        self.0.len() - self.error_count()
    }

    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| (&a.path, a.line, a.col, &a.message).cmp(&(&b.path, b.line, b.col, &b.message)));
        self.0.dedup();
        self
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Report(&self.0, Lang::En).fmt(f)
    }
}

/// How many warnings alike (same file, same advice) are shown before the rest are counted.
pub const ALIKE_SHOWN: usize = 50;

/// Problems as the terminal shows them: every error, and of warnings alike (the same file
/// and the same advice) the first [`ALIKE_SHOWN`], then one line that counts the others, so
/// that a file with 30,000 vague links does not bury everything else. `--strict` makes the
/// warnings errors, which are all shown. In the language given.
pub struct Report<'a>(pub &'a [Diagnostic], pub Lang);

impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let lang = self.1;
        let mut alike: HashMap<(&str, Severity, &Say), usize> = HashMap::new();
        // Warnings left out, in the order first left out, until their file's problems end.
        let mut left_out: Vec<(&Diagnostic, usize)> = Vec::new();
        let mut left_out_at: HashMap<(&str, Severity, &Say), usize> = HashMap::new();
        let mut out = String::new();
        let flush = |left_out: &mut Vec<(&Diagnostic, usize)>, at: &mut HashMap<_, _>, out: &mut String| {
            at.clear();
            for (first, n) in left_out.drain(..) {
                let more = say!("common.more_like_this", count = thousands(lang, n), message = first.message.clone());
                let _ = writeln!(
                    out,
                    "{}: {}: {}\n",
                    terminal_safe(&first.path),
                    first.severity_word(lang),
                    terminal_safe(&more.to(lang)),
                );
            }
        };
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 && self.0[i - 1].path != d.path {
                flush(&mut left_out, &mut left_out_at, &mut out);
            }
            let seen = alike.entry(d.kind()).or_default();
            *seen += 1;
            if d.is_error() || *seen <= ALIKE_SHOWN {
                d.render_into(&mut out, lang);
                out.push('\n');
            } else {
                let at = *left_out_at.entry(d.kind()).or_insert_with(|| {
                    left_out.push((d, 0));
                    left_out.len() - 1
                });
                left_out[at].1 += 1;
            }
            if out.len() > 1 << 16 {
                f.write_str(&out)?;
                out.clear();
            }
        }
        flush(&mut left_out, &mut left_out_at, &mut out);
        f.write_str(&out)
    }
}

/// 29,950 in English, 29.950 in Danish.
fn thousands(lang: Lang, n: usize) -> String {
    crate::i18n::format_number(lang, n as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_path_line_col_snippet_caret_and_hint() {
        let src = Source::new("content/projects/a.md", "---\nphsae: test\n---\n");
        let d = src.error_at(4, "`phsae` is not a known field").with_hint("did you mean `phase`?");
        let text = d.to_string();
        assert!(text.starts_with("content/projects/a.md:2:1: error: `phsae` is not a known field\n"), "{text}");
        assert!(text.contains("2 | phsae: test\n  | ^\n"), "{text}");
        assert!(text.contains("= hint: did you mean `phase`?"), "{text}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let src = Source::new("x.md", "område: Ældre\n");
        assert_eq!(src.line_col("område: ".len()), (1, 9));
        assert_eq!(src.line_col(4), (1, 4), "an offset inside a character falls back to its start");
    }

    /// The index gives what counting from the start gives, everywhere: across marks, in long
    /// lines of several-byte characters, at line ends, CR LF and the end of the file.
    #[test]
    fn lines_and_columns_match_counting_from_the_start() {
        let mut text = String::new();
        for i in 0..100 {
            text.push_str(&"æøå x".repeat(i % 7 * 40));
            text.push_str(if i % 5 == 0 { "\r\n" } else { "\n" });
        }
        text.push_str("sidste linje uden linjeskift ø");
        let src = Source::new("x.md", text.clone());
        // Counted from the start, one character at a time.
        let (mut line, mut col) = (1, 1);
        for (offset, c) in text.char_indices() {
            assert_eq!(src.line_col(offset), (line, col), "at byte {offset}");
            if c.len_utf8() > 1 {
                assert_eq!(src.line_col(offset + 1), (line, col), "inside the character at {offset}");
            }
            (line, col) = if c == '\n' { (line + 1, 1) } else { (line, col + 1) };
        }
        assert_eq!(src.line_col(text.len()), (line, col));
        assert_eq!(src.line_col(usize::MAX), (line, col));
        for (n, line) in text.split('\n').enumerate() {
            assert_eq!(src.line_text(n + 1), Some(line.trim_end_matches('\r')), "line {}", n + 1);
        }
        assert_eq!(src.line_text(0), None);
        assert_eq!(src.line_text(102), None);
        assert_eq!(Source::new("x.md", "").line_col(0), (1, 1));
    }

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("{}[her](x){}", "å".repeat(5_000), "ø".repeat(5_000));
        let src = Source::new("x.md", format!("---\ntitle: A\n---\n{line}\n"));
        let at = src.text.find("[her]").unwrap();
        let text = src.error_at(at, "vague").to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "x.md:4:5001: error: vague");
        assert!(lines[2].starts_with("4 | …ååå") && lines[2].ends_with("øøø…"), "{text}");
        assert!(lines[2].chars().count() < 140, "{text}");
        let caret = lines[3].chars().count() - 1;
        assert_eq!(lines[2].chars().nth(caret), Some('['), "{text}");
        // Near the start of the line the window starts there, without `…`.
        let early = src.error_at(src.text.find('å').unwrap() + 4, "x").to_string();
        assert!(early.contains("4 | åååå") && early.lines().nth(3) == Some("  |   ^"), "{early}");
    }

    #[test]
    fn control_and_direction_characters_are_escaped_in_terminal_output() {
        let src = Source::new("content/projects/a\u{202e}b\nc\u{200f}.md", "---\ntitle: \u{202e}fdp.exe\ttab\n---\n");
        let d = src.error_at(11, "the title `\u{202e}fdp.exe` is odd").with_hint("no\u{2066} tricks");
        let text = d.to_string();
        assert!(
            text.starts_with(
                "content/projects/a\\u{202e}b\\nc\\u{200f}.md:2:8: error: the title `\\u{202e}fdp.exe` is odd\n"
            ),
            "{text}"
        );
        assert!(text.contains("2 | title: \\u{202e}fdp.exe tab\n"), "{text}");
        assert!(text.contains("  |        ^\n"), "{text}");
        assert!(text.contains("= hint: no\\u{2066} tricks"), "{text}");
        for bad in ['\u{202e}', '\u{200f}', '\u{2066}', '\u{1b}'] {
            assert!(!text.contains(bad), "{bad:?} printed raw in {text}");
        }
        assert_eq!(terminal_safe("a\u{1b}[31mb\u{feff}"), "a\\u{1b}[31mb\\u{feff}");
        assert!(matches!(terminal_safe("content/projekter/ældre.md"), Cow::Borrowed(_)));
        let file = Diagnostic::file("static/a\u{202e}.png", "x").to_string();
        assert_eq!(file, "static/a\\u{202e}.png: error: x\n");
    }

    #[test]
    fn warnings_alike_are_counted_after_the_first_fifty_and_errors_all_shown() {
        let src = Source::new("content/news/a.md", "[her](x)\n".repeat(200));
        let mut all: Vec<Diagnostic> = (0..200)
            .map(|i| src.error_at(i * 9, "the link text `her` is vague").with_hint("say where").warning())
            .collect();
        all.push(src.error_at(0, "an error").with_hint("say where"));
        all.push(Source::new("content/news/b.md", "x\n").error_at(0, "other file").warning());
        let shown = Report(&all, Lang::En).to_string();
        assert_eq!(shown.matches("warning: the link text").count(), ALIKE_SHOWN, "{shown}");
        assert!(
            shown.contains("content/news/a.md: warning: … and 150 more like this: the link text `her` is vague"),
            "{shown}"
        );
        assert!(shown.contains("error: an error") && shown.contains("b.md:1:1: warning: other file"), "{shown}");
        assert!(
            shown.find("150 more").unwrap() < shown.find("b.md").unwrap(),
            "the count closes its own file's problems"
        );
        assert_eq!(thousands(Lang::En, 29_950), "29,950");
        assert_eq!(thousands(Lang::En, 1_234_567), "1,234,567");
        let danish = Report(&all, Lang::Da).to_string();
        assert!(danish.contains("content/news/a.md: advarsel: … og 150 mere af samme slags: "), "{danish}");
        assert!(danish.contains("b.md:1:1: advarsel: other file\n"), "{danish}");
        assert!(danish.contains("  = råd: say where\n"), "{danish}");
    }
}
