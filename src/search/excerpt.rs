//! The passage of a page where a query's words are, with those words marked: what a result
//! shows instead of only its summary, so that a reader sees why the page matched.
//!
//! A word of the text is a match when its term is one of the query's terms, or when it holds
//! one of them of at least four letters inside it (a compound: "bevægelsessensorerne" holds
//! "sensor"). The passage is the run of [`WORDS`] words that holds the most of the query's
//! words (each counted once), the first such run; it begins a few words before its first
//! match, and says with "…" where it cuts the text. The browser client does the same.
//!
//! A passage comes from the first [`TEXT_CHARS`] characters of a page's text. The browser
//! gets the first [`HEAD_CHARS`] of them with the result card, and the rest only when the
//! head cannot be the passage (see `docs/search.md`).

use std::collections::HashSet;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{fold, terms};

/// The words a passage holds.
pub const WORDS: usize = 24;
/// How many words come before the first match, when there are as many.
const BEFORE: usize = 4;
/// A query term found inside a longer word has at least this many letters.
const MIN_INSIDE: usize = 4;
/// A passage comes from at most this many characters of a page's text.
pub const TEXT_CHARS: usize = 20_000;
/// The start of the text that comes with a result card in the browser.
pub const HEAD_CHARS: usize = 2_000;

/// Where the start of `text` of at most `chars` characters ends: the whole text when it is
/// that short, else before the last white space within them, so that no word is cut.
pub fn start_of(text: &str, chars: usize) -> usize {
    match text.char_indices().nth(chars) {
        None => text.len(),
        Some((at, _)) => text[..at].rfind(char::is_whitespace).unwrap_or(0),
    }
}

/// A piece of a passage: text, marked or not.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Piece {
    pub text: String,
    pub marked: bool,
}

/// The passage of `text` with the words of `clauses` (per query word, the terms it stands
/// for) marked, or none when no word of `text` matches.
pub fn excerpt(analyzer: &mut TextAnalyzer, text: &str, clauses: &[Vec<String>]) -> Option<Vec<Piece>> {
    // The words, where they are, and which query words each one matches.
    let mut words: Vec<(usize, usize, Vec<usize>)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
        match (c.is_alphanumeric() && i < text.len(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                let word = &text[s..i];
                words.push((s, i, matched(analyzer, word, clauses)));
                start = None;
            }
            _ => {}
        }
    }
    // The run of WORDS words with the most query words, the first of them.
    let mut best: Option<(usize, usize)> = None;
    for from in 0..words.len() {
        if words[from].2.is_empty() {
            continue;
        }
        let found: HashSet<usize> =
            words[from..(from + WORDS).min(words.len())].iter().flat_map(|w| w.2.iter().copied()).collect();
        if best.is_none_or(|(n, _)| found.len() > n) {
            best = Some((found.len(), from));
        }
    }
    let (_, first) = best?;
    let from = first.saturating_sub(BEFORE);
    let to = (from + WORDS).min(words.len());
    let mut pieces: Vec<Piece> = Vec::new();
    let mut add = |text: String, marked: bool| {
        if text.is_empty() {
            return;
        }
        match pieces.last_mut() {
            Some(last) if !last.marked && !marked => last.text.push_str(&text),
            _ => pieces.push(Piece { text, marked }),
        }
    };
    if from > 0 {
        add("… ".into(), false);
    } else {
        // The start of the text: what comes before its first word.
        add(one_line(&text[..words[0].0]).trim_start().to_owned(), false);
    }
    for k in from..to {
        if k > from {
            add(one_line(&text[words[k - 1].1..words[k].0]), false);
        }
        add(text[words[k].0..words[k].1].to_owned(), !words[k].2.is_empty());
    }
    if to < words.len() {
        add(" …".into(), false);
    } else {
        // The end of the text: its last stop.
        add(one_line(&text[words[to - 1].1..]).trim_end().to_owned(), false);
    }
    Some(pieces)
}

/// `gap` on one line: every run of white space one space.
fn one_line(gap: &str) -> String {
    let mut out = String::with_capacity(gap.len());
    let mut space = false;
    for c in gap.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    if space {
        out.push(' ');
    }
    out
}

/// The query words (their positions in `clauses`) that `word` matches.
fn matched(analyzer: &mut TextAnalyzer, word: &str, clauses: &[Vec<String>]) -> Vec<usize> {
    let own = terms(analyzer, word);
    let folded = fold(&word.chars().flat_map(char::to_lowercase).collect::<String>());
    clauses
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.iter().any(|t| own.contains(t) || (t.chars().count() >= MIN_INSIDE && folded.contains(t.as_str())))
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;
    use crate::search::analysis::analyzer;

    fn shown(text: &str, q: &[&str]) -> String {
        let mut a = analyzer(Lang::Da);
        let clauses: Vec<Vec<String>> = q.iter().map(|w| terms(&mut a, w)).collect();
        excerpt(&mut a, text, &clauses)
            .map(|p| p.iter().map(|p| if p.marked { format!("[{}]", p.text) } else { p.text.clone() }).collect())
            .unwrap_or_default()
    }

    #[test]
    fn the_passage_with_the_most_query_words_is_shown_with_them_marked() {
        let text = "Kommunen har prøvet mange ting. ".repeat(10)
            + "Nu hjælper bevægelsessensorerne borgerne i eget hjem,\nog sensoren ringer. "
            + &"Resten handler om andet. ".repeat(10);
        let s = shown(&text, &["sensor", "borger"]);
        assert!(s.starts_with("… "), "{s}");
        assert!(s.contains("Nu hjælper [bevægelsessensorerne] [borgerne] i eget hjem, og [sensoren] ringer."), "{s}");
        assert!(s.ends_with(" …"), "{s}");
    }

    #[test]
    fn a_short_text_is_shown_whole_and_no_match_is_no_passage() {
        assert_eq!(shown("Digital hjemmepleje.", &["hjemmepleje"]), "Digital [hjemmepleje].");
        assert_eq!(shown("Digital hjemmepleje.", &["skole"]), "");
        // Markup in the text is text: the pieces are escaped where they are shown.
        assert_eq!(shown("<b>hjemmepleje</b>", &["hjemmepleje"]), "<b>[hjemmepleje]</b>");
    }

    #[test]
    fn the_start_of_a_text_ends_between_words() {
        assert_eq!(start_of("æble pære", 20), "æble pære".len());
        assert_eq!(start_of("æble pære", 9), "æble pære".len());
        assert_eq!(&"æble pære blomme"[..start_of("æble pære blomme", 12)], "æble pære");
        assert_eq!(start_of("æblepære", 3), 0);
    }
}
