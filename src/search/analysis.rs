//! How text becomes search terms, for the index and for queries alike. The browser client
//! (`themes/default/static/nyttig-search/`) repeats these steps exactly; the parity tests hold
//! the two together.
//!
//! words (letters and digits) → drop words of 40 bytes and more → lower case → drop the
//! language's stop words → fold → Snowball stem (Danish for da, Norwegian for nb and nn) →
//! for Danish, `syncope`.
//!
//! Folding lets a reader type without æ, ø and å: `ae`, `oe`, `aa` and `æ`, `ø`, `å` (and
//! a few accented letters) all become the plain vowel, so "aeldre", "ældre" and "aldre" are
//! one word, and so are "foelg" and "følg", "okonomi" and "økonomi", "ide" and "idé".

use std::collections::{BTreeSet, HashMap, HashSet};

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
/// uses the same: Danish, Norwegian, none).
pub fn stemmer(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::Da => Some("danish"),
        Lang::Nb | Lang::Nn => Some("norwegian"),
        // The client carries no English stemmer; English portals match whole words.
        Lang::En => None,
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
        Lang::En => builder.dynamic().build(),
    }
}

/// Danish drops the e of -er before an ending: center/centret, teater/teatret, meter/metret.
/// Snowball stems the two forms apart (`jobcent`, `jobcentr`); dropping the r after t makes
/// them one. The client does the same after its stemmer.
pub fn syncope(stem: &str) -> String {
    stem.strip_suffix("tr").map_or_else(|| stem.to_owned(), |s| format!("{s}t"))
}

/// Words as they are written, lower-cased: for finding the portal's own compound parts.
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

/// Word parts that the default dictionary knows, per language family, before folding. The
/// words of the portal itself and `search.compounds` in portal.yaml are added to them.
const PARTS_DA: &str = "teknologi rehabilitering velfærd borger borgere ældre ældrepleje pleje omsorg sundhed skole \
    undervisning dagtilbud daginstitution børn unge familie hjem hjemmepleje sygepleje træning genoptræning \
    digital digitalisering data løsning løsninger projekt innovation forløb indsats tilbud service medarbejder \
    leder ledelse kommune klima energi affald miljø natur trafik transport mobilitet bolig byggeri plan \
    kultur fritid idræt bibliotek beskæftigelse job arbejde virksomhed erhverv frivillig fællesskab \
    trivsel fravær læring psykiatri handicap misbrug forebyggelse robot sensor skærm platform app \
    administration økonomi indkøb udbud samarbejde partnerskab netværk metode værktøj model strategi";
const PARTS_NO: &str = "teknologi rehabilitering velferd innbygger innbyggere eldre eldreomsorg pleie omsorg helse \
    skole undervisning barnehage barn unge familie hjem hjemmetjeneste sykepleie trening opptrening \
    digital digitalisering data løsning løsninger prosjekt innovasjon forløp innsats tilbud tjeneste \
    medarbeider leder ledelse kommune klima energi avfall miljø natur trafikk transport mobilitet bolig \
    bygg plan kultur fritid idrett bibliotek arbeid jobb virksomhet næring frivillig fellesskap trivsel \
    fravær læring psykiatri funksjonshemming rus forebygging robot sensor skjerm plattform app \
    administrasjon økonomi innkjøp anskaffelse samarbeid partnerskap nettverk metode verktøy modell strategi";

/// Splits long words into the known words they are made of ("velfærdsteknologi" →
/// "velfærd", "teknologi"), so that a part finds the whole. Parts go to a field of their
/// own that weighs less, so whole words rank first.
pub struct Compounds {
    /// Folded, lower-cased known words of at least `MIN_PART` letters.
    known: HashSet<String>,
    memo: HashMap<String, Vec<String>>,
}

/// Shorter parts find too much that is not meant ("sko" in "skole").
const MIN_PART: usize = 5;
/// The rest of a word beside a part must be at least this long to be a word of its own.
const MIN_REST: usize = 3;

impl Compounds {
    /// `portal_words` are the words the portal's own texts use on their own; `extra` is
    /// `search.compounds` from portal.yaml.
    pub fn new<'a>(lang: Lang, portal_words: impl IntoIterator<Item = &'a str>, extra: &'a [String]) -> Compounds {
        let builtin = match lang {
            Lang::Da => PARTS_DA,
            Lang::Nb | Lang::Nn => PARTS_NO,
            Lang::En => "",
        };
        let known = builtin
            .split_whitespace()
            .chain(portal_words)
            .chain(extra.iter().map(String::as_str))
            .map(|w| fold(&w.to_lowercase()))
            .filter(|w| w.chars().count() >= MIN_PART)
            .collect();
        Compounds { known, memo: HashMap::new() }
    }

    /// The known words inside `word` (lower-cased, folded), other than the word itself.
    pub fn parts(&mut self, word: &str) -> &[String] {
        if !self.memo.contains_key(word) {
            let parts = split(&self.known, word);
            self.memo.insert(word.to_owned(), parts);
        }
        &self.memo[word]
    }

    /// The parts of every word of `text`, as text to index.
    pub fn parts_text(&mut self, text: &str) -> String {
        let mut out = String::new();
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 2 * MIN_PART - 2) {
            let word = fold(&word.to_lowercase());
            for part in self.parts(&word) {
                out.push_str(part);
                out.push(' ');
            }
        }
        out
    }
}

/// The known words that end `word` or end one of its first parts: in Danish and Norwegian
/// compounds the last part is the thing itself ("velfærds|teknologi" is a kind of
/// teknologi), so "teknologi" finds it; "velfærd" does not, nor "digital" "digitalisering".
fn split(known: &HashSet<String>, word: &str) -> Vec<String> {
    let mut found = BTreeSet::new();
    tails(known, word, &mut found);
    found.into_iter().collect()
}

fn tails(known: &HashSet<String>, word: &str, found: &mut BTreeSet<String>) {
    let starts: Vec<usize> = word.char_indices().map(|(i, _)| i).collect();
    let n = starts.len();
    if n < MIN_REST + MIN_PART || word.len() >= MAX_WORD_BYTES {
        return;
    }
    for &at in &starts[MIN_REST..=n - MIN_PART] {
        let tail = &word[at..];
        if known.contains(tail) && found.insert(tail.to_owned()) {
            // The first part may end in a joining letter: "hverdag-s-rehabilitering".
            let head = &word[..at];
            tails(known, head, found);
            if let Some(head) = head.strip_suffix(['s', 'e']) {
                tails(known, head, found);
            }
        }
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

    #[test]
    fn compounds_split_into_known_words() {
        let mut c = Compounds::new(Lang::Da, ["hverdag", "center", "forlob"], &["borgerservice".to_string()]);
        assert_eq!(c.parts("velfardsteknologi"), ["teknologi"]);
        assert_eq!(c.parts("hverdagsrehabilitering"), ["rehabilitering"]);
        assert_eq!(c.parts("hverdagsrehabiliteringsforlob"), ["forlob", "rehabilitering"]);
        assert_eq!(c.parts("teknologi"), Vec::<String>::new());
        assert_eq!(c.parts("borgerservicecenter"), ["center", "service"]);
        assert_eq!(c.parts("borgerservice"), ["service"]);
        // Inflections and derivations are not compounds.
        assert!(c.parts("borgerne").is_empty());
        assert!(c.parts("digitalisering").is_empty());
        assert_eq!(c.parts_text("Velfærdsteknologi i hverdagen"), "teknologi ");
    }
}
