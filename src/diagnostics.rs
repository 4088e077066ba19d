//! Content errors as an editor reads them: `path:line:col: error: message`, the offending line
//! with a caret under the spot, and a hint saying what to write instead.

use std::fmt;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A source file as the build read it: its path as shown to the editor and its text.
#[derive(Debug)]
pub struct Source {
    pub path: String,
    pub text: String,
}

impl Source {
    pub fn new(path: impl Into<String>, text: impl Into<String>) -> Arc<Self> {
        Arc::new(Source { path: path.into(), text: text.into() })
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(&self.text, offset.min(self.text.len()));
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }

    /// The text of a 1-based line, without its line ending.
    pub fn line_text(&self, line: usize) -> Option<&str> {
        self.text.split('\n').nth(line.checked_sub(1)?).map(|l| l.trim_end_matches('\r'))
    }

    pub fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        self.error_at_line_col(line, col, message)
    }

    pub fn error_at_line_col(&self, line: usize, col: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            path: self.path.clone(),
            line,
            col,
            message: message.into(),
            hint: None,
            snippet: self.line_text(line).map(str::to_owned),
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The file as the editor knows it, relative to the portal's root.
    pub path: String,
    /// 1-based; 0 when the problem concerns the whole file.
    pub line: usize,
    pub col: usize,
    pub message: String,
    pub hint: Option<String>,
    snippet: Option<String>,
}

impl Diagnostic {
    /// A problem with a file as a whole (it cannot be read, it is missing).
    pub fn file(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            path: path.into(),
            line: 0,
            col: 0,
            message: message.into(),
            hint: None,
            snippet: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        if self.line == 0 {
            writeln!(f, "{}: {kind}: {}", self.path, self.message)?;
        } else {
            writeln!(f, "{}:{}:{}: {kind}: {}", self.path, self.line, self.col, self.message)?;
        }
        if let Some(snippet) = &self.snippet {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            let shown: String = snippet.replace('\t', " ");
            writeln!(f, "{pad} |")?;
            writeln!(f, "{number} | {shown}")?;
            writeln!(f, "{pad} | {}^", " ".repeat(self.col.saturating_sub(1)))?;
        }
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
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
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
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
}
