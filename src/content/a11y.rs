//! Accessibility checks on a Markdown body that need no browser: pictures without alt text,
//! headings that skip a level, link text that does not say where it goes, tables without
//! headers. They are fed from the one pass that renders the Markdown, and reported as
//! warnings (errors with `--strict`).

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::diagnostics::{Diagnostic, Source};

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
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = *level as u8;
                if level == 1 {
                    self.warn(
                        source,
                        offset,
                        "a `#` heading makes a second main title on the page",
                        "the page's title is its only main heading: start the story's headings at `##`",
                    );
                } else if level > self.level + 1 {
                    let (from, to) = (self.level, level);
                    self.warn(
                        source,
                        offset,
                        &format!("this heading jumps from level {from} to level {to}"),
                        &format!("screen-reader users move by heading levels: use {} here, one level below the heading above", "#".repeat(usize::from(from) + 1)),
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
                        self.warn(source, at, "this link has no text, so a screen reader cannot say where it goes", "write the link's text between the brackets: `[Sundhedsbussen](projects/sundhedsbussen.md)`");
                    } else if VAGUE.contains(&plain.as_str()) {
                        self.warn(
                            source,
                            at,
                            &format!("the link text `{}` does not say where the link goes", text.trim()),
                            "write what the reader finds there, like `[evalueringen af projektet](…)`: links are often read out of context",
                        );
                    }
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((alt, at)) = self.image.take()
                    && alt.trim().is_empty()
                {
                    self.warn(source, at, "this picture has no alt text", "write what the picture shows between the brackets: `![En borger træner at gå på trapper](foto.jpg)`");
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
                    self.warn(
                        source,
                        at,
                        "a cell in this table's header row is empty",
                        "write a heading for every column in the first row (also above a column of row names, like `Måling`), so that a screen reader can name the cells",
                    );
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                let lower = html.to_lowercase();
                if lower.contains("<table") && !lower.contains("<th") {
                    self.warn(
                        source,
                        offset,
                        "this table has no header cells (`<th>`)",
                        "write the table in Markdown with a header row, or mark the header cells with `<th>`",
                    );
                }
            }
            _ => {}
        }
    }

    fn warn(&mut self, source: &Source, offset: usize, message: &str, hint: &str) {
        self.warnings.push(source.error_at(offset, message).with_hint(hint).warning());
    }

    pub fn finish(self) -> Vec<Diagnostic> {
        self.warnings
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
        a.finish().into_iter().map(|d| (d.line, d.message)).collect()
    }

    #[test]
    fn finds_what_a_screen_reader_user_would_miss() {
        let body = "# Titel igen\n\n## Baggrund\n\n#### For dybt\n\n![](foto.jpg)\n\n[Læs mere](a.md) og [her…](b.md) og [evalueringen](c.md)\n\n| | Før |\n|---|---|\n| a | b |\n\n<table><tr><td>x</td></tr></table>\n";
        let found = check(body);
        let lines: Vec<usize> = found.iter().map(|(l, _)| *l).collect();
        assert_eq!(lines, [1, 5, 7, 9, 9, 11, 15], "{found:#?}");
        assert!(found[1].1.contains("from level 2 to level 4"), "{found:#?}");
        assert!(found[3].1.contains("`Læs mere`"), "{found:#?}");
    }

    #[test]
    fn a_well_written_story_passes() {
        let body = "## Baggrund\n\n### Detaljer\n\n## Resultat\n\n![Borgere ved bussen](bus.jpg)\n\nSe [evalueringen af bussen](a.md).\n\n| Måling | Værdi |\n|---|---|\n| a | b |\n";
        assert!(check(body).is_empty(), "{:#?}", check(body));
    }
}
