//! Compounds, split at build time so that a part finds the whole: "velfærd" and "teknologi"
//! find "velfærdsteknologien", "sensor" finds "bevægelsessensorerne".
//!
//! A long word is tried as two or three parts that are words of the language's lexicon
//! (`lexicon/`, made from wordfreq by `scripts/make-lexicon.py`), with the joining letters
//! -s- and -e- between them and the word's own ending after the last. Of all the ways to
//! cut it, the one whose parts are most frequent wins (the geometric mean of their
//! frequencies, after Koehn and Knight 2003), and only if it beats the word left whole: a
//! frequent word is not cut into rarer ones. A part is never a prefix (for-, over-, under-:
//! "forældre", "undervisning") nor a suffix that is also a word ("-skab" in "fællesskab").
//!
//! The parts go to the `parts` field as words, to be analysed (folded and stemmed) as query
//! words are. So does, for every word of the page, its stem where Snowball stems that stem
//! again to something else: "senteret" stems to "senter", but a reader's "senter" stems to
//! "sent", which the page then has too.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tantivy::tokenizer::TextAnalyzer;

use super::analysis::{MAX_WORD_BYTES, analyzer, fold, stop_words, terms};
use crate::i18n::Lang;

/// A part has at least this many letters: shorter ones are more often endings and prefixes
/// than words ("bil", "sko", "by").
const MIN_PART: usize = 4;
/// At most this many parts.
const MAX_PARTS: usize = 3;
/// A part is a word at least this frequent, in tenths of a Zipf unit: the rarest words of
/// a frequency list are mostly names, abbreviations and pieces of words.
const FLOOR: u8 = 30;
/// The same for a part of only `MIN_PART` letters ("kont", "stud", "komm" are not parts).
const SHORT_FLOOR: u8 = 40;
/// How much more frequent than its parts' mean a word must be to stay whole, in tenths of a
/// Zipf unit: "pandekager" is a little more frequent than "pande" and "kager".
const WHOLE_MARGIN: u8 = 8;
/// What `search.compounds` words weigh: as a common word.
const EXTRA_ZIPF: u8 = 50;

/// Words that are prefixes rather than words before another: never a part before another.
/// (The language's stop words are not parts either.)
const PREFIXES: &[&str] = &[
    "hver", "hvert", "hvilken", "hvilke", "fore", "over", "under", "efter", "etter", "gennem", "gjennom", "mellem",
    "mellom", "sammen", "imod", "imot", "frem", "fram", "igen", "igjen", "uden", "uten", "blandt", "mange", "meget",
    "mykje", "ikke", "ikkje", "andre", "anden", "andet", "egen", "eget", "egne", "alle", "altid", "alltid", "hvor",
    "hvad", "hvis", "dette", "disse", "denne", "noget", "noen", "nogle", "ingen", "inden", "innen", "hele", "selve",
];

/// Short prefixes: a part that is one of these and fewer than `MIN_PART` letters more is a
/// prefixed word, not a word ("for|st|erke", "an|er|kendt", "u|ret").
const SHORT_PREFIXES: &[&str] = &[
    "for", "fore", "be", "u", "ind", "inn", "over", "under", "an", "er", "ge", "mis", "sam", "op", "opp", "ud", "ut",
    "af", "av", "til", "fra", "gen", "gjen", "van", "ur",
];

/// Endings that are also words, never a part: "fælles|skab", "forvalt|ning", "regn|inger",
/// "organ|isere".
const SUFFIXES: &[&str] = &[
    "isere", "iserer", "isert", "iseret", "itert", "itet", "entere", "allert", "abel", "abelt", "amente", "amentet",
    "ing", "ring", "ering", "hed", "het", "heit", "lig", "lige", "isk", "iske", "else", "skab", "skap", "ning", "ling",
    "dom", "ende", "ede", "ere", "eret", "erede", "ande", "ator", "isme", "tion", "sjon", "massig", "messig", "agtig",
    "aktig", "fuld", "full", "ighed", "ighet", "inde", "inne", "innen", "innene", "elig", "bar", "bare", "elle",
    "lighed", "lighet", "entene", "trere", "ident", "identen", "omhed", "omhet",
];

/// The endings of inflected forms: definite, plural, genitive and the verb's.
const ENDINGS: &[&str] = &[
    "e", "en", "et", "er", "ene", "erne", "ens", "ets", "es", "s", "ne", "r", "n", "t", "a", "ar", "ane", "enes",
    "ernes", "rne", "rnes", "de", "ede", "te", "ende", "est", "este", "ere", "eret", "erede", "ret", "ers",
];

/// Letters that join two parts: "velfærd-s-teknologi", "barn-e-hage".
const LINKS: &[&str] = &["", "s", "e"];

/// A language's words, folded, with their frequency in tenths of a Zipf unit (log10 of the
/// frequency per billion words).
pub struct Lexicon(HashMap<String, u8>);

impl Lexicon {
    fn read(text: &str) -> Lexicon {
        let mut words = HashMap::with_capacity(text.len() / 8);
        let mut band = 0u8;
        for line in text.lines() {
            match line.strip_prefix('=') {
                Some(b) => band = b.parse().unwrap_or(0),
                None if !line.is_empty() => {
                    let e = words.entry(fold(line)).or_insert(band);
                    *e = (*e).max(band);
                }
                None => {}
            }
        }
        Lexicon(words)
    }

    /// The lexicon of a language; English has none (its compounds are written apart).
    pub fn of(lang: Lang) -> Option<&'static Lexicon> {
        static DA: OnceLock<Lexicon> = OnceLock::new();
        static NO: OnceLock<Lexicon> = OnceLock::new();
        match lang {
            Lang::Da => Some(DA.get_or_init(|| Lexicon::read(include_str!("lexicon/da.txt")))),
            Lang::Nb | Lang::Nn => Some(NO.get_or_init(|| Lexicon::read(include_str!("lexicon/nb.txt")))),
            Lang::En => None,
        }
    }

    /// The words, folded, with their frequency.
    pub fn words(&self) -> impl Iterator<Item = (&str, u8)> {
        self.0.iter().map(|(w, z)| (w.as_str(), *z))
    }
}

/// Splits the words of pages into their parts, remembering each word's answer.
pub struct Compounds {
    lexicon: Option<&'static Lexicon>,
    /// `search.compounds`, folded.
    extra: HashMap<String, u8>,
    /// The language's stop words, folded.
    stop: HashSet<String>,
    analyzer: TextAnalyzer,
    memo: HashMap<String, Word>,
}

impl Compounds {
    /// For a portal in `lang`; `extra` is `search.compounds` from portal.yaml.
    pub fn new(lang: Lang, extra: &[String]) -> Compounds {
        Compounds {
            lexicon: Lexicon::of(lang),
            extra: extra.iter().map(|w| (fold(&w.to_lowercase()), EXTRA_ZIPF)).collect(),
            stop: stop_words(lang).into_iter().map(fold).collect(),
            analyzer: analyzer(lang),
            memo: HashMap::new(),
        }
    }

    /// How frequent `word` is, if it is a word of the lexicon (or the editor's).
    fn zipf(&self, word: &str) -> Option<u8> {
        let listed = self.lexicon.and_then(|l| l.0.get(word).copied());
        match (listed, self.extra.get(word)) {
            (Some(a), Some(b)) => Some(a.max(*b)),
            (a, b) => a.or(b.copied()),
        }
    }

    /// How frequent `word` is as a part: a frequent word that is no stop word, no suffix.
    fn part(&self, word: &str) -> Option<u8> {
        if word.chars().count() < MIN_PART || SUFFIXES.contains(&word) || self.stop.contains(word) {
            return None;
        }
        // Four letters are as often a piece or an abbreviation as a word: only frequent ones.
        let floor = if word.chars().count() == MIN_PART { SHORT_FLOOR } else { FLOOR };
        self.zipf(word).filter(|z| *z >= floor)
    }

    /// A part before another (its joining letter `link` after it), as the word it is: the
    /// word itself, or, before an -s-, the word whose e the compound drops ("arbejd-s-plads"
    /// of "arbejde").
    fn head(&self, part: &str, link: &str) -> Option<(u8, String)> {
        let letters = part.chars().count();
        if PREFIXES.contains(&part)
            || SHORT_PREFIXES.iter().any(|p| {
                // ("af|ten" is a word: the shortest prefixes only make short words.)
                let n = p.chars().count();
                part.starts_with(p) && letters - n < MIN_PART && (n > 2 || letters == MIN_PART)
            })
        {
            return None;
        }
        if let Some(z) = self.part(part) {
            return Some((z, part.to_owned()));
        }
        if link == "s" {
            let dropped = format!("{part}e");
            return self.part(&dropped).map(|z| (z, dropped));
        }
        None
    }

    /// How frequent the last part is, as it is written in the word: a word, or a word and
    /// one of the endings (which stays, to be stemmed as a query is).
    fn tail(&self, part: &str) -> Option<u8> {
        if SUFFIXES.contains(&part) || ENDINGS.contains(&part) {
            return None;
        }
        if let Some(z) = self.part(part) {
            return Some(z);
        }
        let mut best = None;
        for base in ENDINGS.iter().filter_map(|e| part.strip_suffix(e)) {
            if SUFFIXES.contains(&base) {
                return None;
            }
            best = best.max(self.part(base));
        }
        best
    }

    /// The parts of `word` (lower-cased, folded), or none when it is best left whole. An
    /// inflected form of a known word is cut where that word is ("hjemmeside|n").
    pub fn split(&self, word: &str) -> Vec<String> {
        if word.len() >= MAX_WORD_BYTES || !word.chars().all(char::is_alphabetic) {
            return Vec::new();
        }
        let base = ENDINGS.iter().find_map(|e| {
            let base = word.strip_suffix(e)?;
            (base.chars().count() >= MIN_PART && self.zipf(base).is_some()).then_some((base, *e))
        });
        match base {
            Some((base, ending)) => {
                let (mut parts, lasts) = self.split_whole(base);
                let n = parts.len();
                for last in &mut parts[n - lasts..] {
                    last.push_str(ending);
                }
                parts
            }
            None => self.split_whole(word).0,
        }
    }

    /// The best cut of a word that is not an inflected form of another, and how many of the
    /// parts, at the end, are readings of its last word.
    fn split_whole(&self, word: &str) -> (Vec<String>, usize) {
        if word.chars().count() < 2 * MIN_PART {
            return (Vec::new(), 0);
        }
        // The word whole, as a word (with its ending), or not known at all. A compound is
        // often about as frequent as its parts: the whole must beat them by a margin.
        let whole = self.tail(word).map_or(0.0, |z| f32::from(z.saturating_sub(WHOLE_MARGIN)));
        let mut best = (whole, Vec::new());
        self.cut(word, &mut Vec::with_capacity(MAX_PARTS), &mut best);
        let mut parts = best.1;
        // A joining letter may as well begin the last word, and the letter that begins it
        // join: "nytår-s-aften" and "straffe|spark" are read both ways, and both go in.
        if let Some(last) = parts.last() {
            let at = word.len() - last.len();
            let before =
                word[..at].chars().last().filter(|c| matches!(c, 's' | 'e')).map(|c| &word[at - c.len_utf8()..]);
            let after = last.strip_prefix(['s', 'e']);
            let other: Vec<String> =
                [before, after].into_iter().flatten().filter(|o| self.tail(o).is_some()).map(str::to_owned).collect();
            let lasts = 1 + other.len();
            parts.extend(other);
            return (parts, lasts);
        }
        (parts, 0)
    }

    /// Tries every way to cut `rest` after the `parts` found before it, keeping the `best`
    /// (the mean frequency of its parts, and the parts).
    fn cut(&self, rest: &str, parts: &mut Vec<(u8, String)>, best: &mut (f32, Vec<String>)) {
        if let Some((_, before)) = parts.last()
            && let Some(z) = self.tail(rest)
            && !doubled_ending(before, rest)
        {
            let sum: u32 = parts.iter().map(|(z, _)| u32::from(*z)).sum::<u32>() + u32::from(z);
            let score = sum as f32 / (parts.len() + 1) as f32;
            // A better mean, or as good with fewer parts.
            if score > best.0 || (score == best.0 && !best.1.is_empty() && parts.len() + 1 < best.1.len()) {
                *best = (score, parts.iter().map(|(_, p)| p.clone()).chain([rest.to_owned()]).collect());
            }
        }
        if parts.len() + 1 >= MAX_PARTS {
            return;
        }
        for (at, _) in rest.char_indices().skip(MIN_PART) {
            let (part, after) = rest.split_at(at);
            if after.chars().count() < MIN_PART {
                break;
            }
            for link in LINKS {
                let Some(next) = after.strip_prefix(link) else { continue };
                if next.chars().count() < MIN_PART {
                    continue;
                }
                if let Some(head) = self.head(part, link) {
                    parts.push(head);
                    self.cut(next, parts, best);
                    parts.pop();
                }
            }
        }
    }

    /// What the `parts` field gets for the words of `text` (a page), as text to analyse: the
    /// parts of each compound, and the stems that Snowball would stem again; each once, and
    /// none that the page has as a word of its own (the word finds the page already).
    pub fn parts_text(&mut self, text: &str) -> String {
        let words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        for word in &words {
            if !self.memo.contains_key(word) {
                let read = self.read(word);
                self.memo.insert(word.clone(), read);
            }
        }
        let own: HashSet<&str> = words.iter().filter_map(|w| self.memo[w].term.as_deref()).collect();
        let mut given: HashSet<&str> = HashSet::new();
        let mut out = String::new();
        for word in &words {
            for (form, term) in &self.memo[word].parts {
                if !own.contains(term.as_str()) && given.insert(term) {
                    out.push_str(form);
                    out.push(' ');
                }
            }
        }
        out
    }

    /// Every term the pages' own words give (not their parts), with the word that gives it
    /// (the shortest; of two as short, the first in byte order): what a misspelt word may
    /// be meant as, and how to show it.
    pub fn words(&self) -> HashMap<String, String> {
        let mut out: HashMap<String, String> = HashMap::new();
        for (word, read) in &self.memo {
            let Some(term) = &read.term else { continue };
            match out.get_mut(term) {
                Some(shown) if (shown.chars().count(), shown.as_str()) <= (word.chars().count(), word.as_str()) => {}
                Some(shown) => *shown = word.clone(),
                None => {
                    out.insert(term.clone(), word.clone());
                }
            }
        }
        out
    }

    /// A word's term, and what it gives the `parts` field: each form to index, with its term.
    fn read(&mut self, word: &str) -> Word {
        let mut forms = self.split(&fold(word));
        let mut term = |form: &str| match terms(&mut self.analyzer, form).as_slice() {
            [t] => Some(t.clone()),
            _ => None,
        };
        let own = term(word);
        // The word and each part, as the stem a reader's word may stem to.
        for at in 0..=forms.len() {
            let stem = if at == 0 { own.clone() } else { term(&forms[at - 1]) };
            if let Some(stem) = stem
                && term(&stem).as_ref() != Some(&stem)
            {
                forms.push(stem);
            }
        }
        let parts = forms.into_iter().filter_map(|f| term(&f).map(|t| (f, t))).collect();
        Word { term: own, parts }
    }
}

/// What a word of a page is to search.
struct Word {
    /// Its term, unless it is a stop word or too long.
    term: Option<String>,
    /// What it adds to the `parts` field: a form to index and the term that form becomes.
    parts: Vec<(String, String)>,
}

/// `rest` is the last letter of `before` doubled before an ending: "medlem|mene" is
/// "medlemm|ene", the plural, not two words.
fn doubled_ending(before: &str, rest: &str) -> bool {
    let mut letters = rest.chars();
    letters.next().is_some_and(|first| before.ends_with(first) && ENDINGS.contains(&letters.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(lang: Lang, word: &str) -> Vec<String> {
        Compounds::new(lang, &[]).split(&fold(word))
    }

    #[test]
    fn compounds_split_into_their_most_frequent_words() {
        for (lang, word, parts) in [
            (Lang::Da, "velfærdsteknologi", &["velfard", "teknologi"][..]),
            (Lang::Da, "hverdagsrehabilitering", &["hverdag", "rehabilitering"]),
            (Lang::Da, "velfærdsløsningerne", &["velfard", "losningerne"]),
            (Lang::Da, "bevægelsessensorerne", &["bevagelse", "sensorerne"]),
            (Lang::Da, "arbejdspladsen", &["arbejd", "pladsen"]),
            (Lang::Nb, "helsestasjonen", &["helse", "stasjonen"]),
            (Lang::Nb, "barnehagen", &["barn", "hagen"]),
            (Lang::Da, "hjemmesiden", &["hjemme", "siden"]),
        ] {
            assert_eq!(split(lang, word), parts, "{word}");
        }
    }

    #[test]
    fn words_that_are_not_compounds_stay_whole() {
        for (lang, word) in [
            (Lang::Da, "forældre"),
            (Lang::Da, "forvaltning"),
            (Lang::Da, "kommunikation"),
            (Lang::Da, "fællesskab"),
            (Lang::Da, "undervisning"),
            (Lang::Nb, "bilprodusent"),
            (Lang::Nb, "reagent"),
        ] {
            assert_eq!(split(lang, word), Vec::<String>::new(), "{word}");
        }
    }

    #[test]
    fn an_editors_word_is_a_part() {
        let c = Compounds::new(Lang::Da, &["xyzvej".to_string()]);
        assert_eq!(c.split("xyzvejcentret"), ["xyzvej", "centret"]);
    }

    #[test]
    fn a_stem_snowball_stems_again_is_indexed_as_the_reader_types_it() {
        let mut c = Compounds::new(Lang::Nb, &[]);
        let text = c.parts_text("Senteret");
        let mut a = analyzer(Lang::Nb);
        assert!(terms(&mut a, &text).contains(&terms(&mut a, "senter")[0]), "{text}");
    }
}
