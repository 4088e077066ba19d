//! How text becomes search terms, for the index and for queries alike. The browser client
//! (`themes/default/static/nyttig-search/`) repeats these steps exactly; the parity tests hold
//! the two together.
//!
//! words (letters and digits) → drop words of 40 bytes and more → lower case → drop the
//! language's stop words → fold → Snowball stem (Danish for da, Norwegian for nb and nn,
//! English for en) → for Danish, `syncope`.
//!
//! Folding lets a reader type without æ, ø and å: `ae`, `oe`, `aa` and `æ`, `ø`, `å` (and
//! a few accented letters) all become the plain vowel, so "aeldre", "ældre" and "aldre" are
//! one word, and so are "foelg" and "følg", "okonomi" and "økonomi", "ide" and "idé".

use tantivy::tokenizer::{
    Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter, TextAnalyzer, Token, TokenFilter,
    TokenStream, Tokenizer,
};

use crate::i18n::Lang;

/// Words of this many bytes or more are not indexed (they are mostly addresses and codes).
pub const MAX_WORD_BYTES: usize = 40;

const STOP_DA: &str = include_str!("stop_da.txt");
const STOP_NO: &str = include_str!("stop_no.txt");
/// Lucene's English list, as tantivy uses it.
const STOP_EN: &str = "a an and are as at be but by for if in into is it no not of on or such that the their then \
                       there these they this to was will with";

/// The stop words of a language, in the form a lower-cased word has before folding.
pub fn stop_words(lang: Lang) -> Vec<&'static str> {
    match lang {
        Lang::Da => STOP_DA.split_whitespace().collect(),
        Lang::Nb | Lang::Nn => STOP_NO.split_whitespace().collect(),
        Lang::En => STOP_EN.split_whitespace().collect(),
    }
}

/// The Snowball algorithm of a language, by the name the client knows it by (`analyzer`
/// uses the same: Danish, Norwegian, English). The English one is in the client's
/// `stem-en.js`, which only English portals load.
pub fn stemmer(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Da => Some("danish"),
        Lang::Nb | Lang::Nn => Some("norwegian"),
        Lang::En => Some("english"),
    }
}

/// The analyzer of a portal language.
pub fn analyzer(lang: Lang) -> TextAnalyzer {
    let stops = StopWordFilter::remove(stop_words(lang).into_iter().map(str::to_owned));
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .filter(stops)
        .filter(Map(fold));
    match lang {
        Lang::Da => builder.filter(Stemmer::new(Language::Danish)).filter(Map(syncope)).build(),
        Lang::Nb | Lang::Nn => builder.filter(Stemmer::new(Language::Norwegian)).build(),
        Lang::En => builder.filter(Stemmer::new(Language::English)).build(),
    }
}

/// Danish drops the e of -er before an ending: center/centret, teater/teatret, meter/metret.
/// Snowball stems the two forms apart (`jobcent`, `jobcentr`); dropping the r after t makes
/// them one. The client does the same after its stemmer.
pub fn syncope(stem: &str) -> String {
    stem.strip_suffix("tr").map_or_else(|| stem.to_owned(), |s| format!("{s}t"))
}

/// Words as they are written, lower-cased: for counting a page's words.
pub fn analyzer_unstemmed(_lang: Lang) -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES))
        .filter(LowerCaser)
        .build()
}

/// The terms of a text, in order.
pub fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        out.push(stream.token().text.clone());
    }
    out
}

/// `ae`, `oe`, `aa` and the Nordic and accented vowels become plain vowels. The client's
/// `fold` does the same, in the same order.
pub fn fold(word: &str) -> String {
    // Most words have nothing to fold: one look at their bytes, not three replacements (this
    // runs for every word of every page).
    let b = word.as_bytes();
    if b.is_ascii() && !b.windows(2).any(|w| matches!(w, [b'a', b'e' | b'a'] | [b'o', b'e'])) {
        return word.to_owned();
    }
    let word = word.replace("ae", "a").replace("oe", "o").replace("aa", "a");
    word.chars()
        .map(|c| match c {
            'æ' | 'ä' | 'å' | 'á' | 'à' | 'â' => 'a',
            'ø' | 'ö' | 'ó' | 'ò' | 'ô' => 'o',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'ü' | 'ú' | 'ù' | 'û' => 'u',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            c => c,
        })
        .collect()
}

/// A token filter that rewrites each word with a function.
#[derive(Clone)]
pub struct Map(fn(&str) -> String);

impl TokenFilter for Map {
    type Tokenizer<T: Tokenizer> = MapFilter<T>;
    fn transform<T: Tokenizer>(self, tokenizer: T) -> MapFilter<T> {
        MapFilter { tokenizer, f: self.0 }
    }
}

#[derive(Clone)]
pub struct MapFilter<T> {
    tokenizer: T,
    f: fn(&str) -> String,
}

impl<T: Tokenizer> Tokenizer for MapFilter<T> {
    type TokenStream<'a> = MapStream<T::TokenStream<'a>>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        MapStream { tail: self.tokenizer.token_stream(text), f: self.f }
    }
}

pub struct MapStream<T> {
    tail: T,
    f: fn(&str) -> String,
}

impl<T: TokenStream> TokenStream for MapStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = (self.f)(&token.text);
        true
    }
    fn token(&self) -> &Token {
        self.tail.token()
    }
    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn da(text: &str) -> Vec<String> {
        terms(&mut analyzer(Lang::Da), text)
    }

    #[test]
    fn folding_takes_the_short_way_only_where_nothing_changes() {
        for (word, folded) in [
            ("projekt", "projekt"),
            ("aeldre", "aldre"),
            ("aae", "a"),
            ("foelg", "folg"),
            ("paa", "pa"),
            ("ældre", "aldre"),
            ("idé", "ide"),
            ("aea", "a"),
            ("oae", "oa"),
            ("", ""),
        ] {
            assert_eq!(fold(word), folded, "{word}");
        }
    }

    #[test]
    fn folded_and_inflected_forms_meet() {
        assert_eq!(da("ældre"), da("aeldre"));
        assert_eq!(da("følg"), da("foelg"));
        assert_eq!(da("økonomi"), da("okonomi"));
        assert_eq!(da("idé"), da("ide"));
        assert_eq!(da("innovationsprojekterne"), da("innovationsprojekt"));
        assert_eq!(da("jobcentret"), da("jobcenter"));
        assert_eq!(da("teatret"), da("teater"));
        assert_ne!(da("ældre"), da("alder"));
        assert_eq!(da("Projekter for ældre"), vec!["projek".to_string(), "aldr".to_string()]);
    }

    #[test]
    fn english_is_stemmed_too() {
        let en = |text: &str| terms(&mut analyzer(Lang::En), text);
        assert_eq!(stemmer(Lang::En), Some("english"));
        assert_eq!(en("innovations"), en("innovation"));
        assert_eq!(en("services"), en("service"));
        assert_eq!(en("running"), en("runs"));
        assert_eq!(en("The projects of the city"), vec!["project".to_string(), "citi".to_string()]);
        // No Danish syncope: "centre" and "centres" keep their "tr".
        assert_eq!(en("centre centres"), vec!["centr".to_string(), "centr".to_string()]);
    }

    #[test]
    fn long_words_and_stop_words_are_dropped() {
        assert!(da(&"a".repeat(40)).is_empty());
        assert_eq!(da(&"b".repeat(39)).len(), 1);
        assert!(da("og i at det").is_empty());
    }

    #[test]
    fn our_stop_words_are_tantivys() {
        for (lang, language, count) in [(Lang::Da, Language::Danish, 94), (Lang::Nb, Language::Norwegian, 172)] {
            let words = stop_words(lang);
            assert_eq!(words.len(), count);
            let mut theirs = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(StopWordFilter::new(language).expect("tantivy has this list"))
                .build();
            for w in words {
                assert!(terms(&mut theirs, w).is_empty(), "{w} is not a stop word in tantivy");
            }
        }
    }
}
