//! Full-text search. At build time every page that a reader might look for goes into an
//! in-memory tantivy index; tantivy's analysis and BM25 decide what matches and in what
//! order. `export` writes what BM25 needs as small static files, and the browser client
//! (`themes/default/static/nyttig-search/search.js`) answers from them exactly as
//! [`Index::search`] answers here. `nyttig search` and the tests use this side.

pub mod analysis;
pub mod compounds;
pub mod excerpt;
mod export;
mod pages;

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, TermQuery};
use tantivy::schema::{FAST, Field, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{DocAddress, Score, Searcher, Term, doc};

use crate::date::Date;
use crate::i18n::Lang;
use analysis::{analyzer, terms};
use compounds::Compounds;

pub use export::{Exported, export};
pub use pages::documents;

/// The indexed fields, and how much a match in each weighs. `parts` holds the known words
/// inside compounds, so that a part finds the whole word, but below a whole-word match.
pub const FIELDS: [&str; 4] = ["title", "summary", "body", "parts"];
pub const BOOSTS: [Score; 4] = [3.0, 1.5, 1.0, 0.3];
/// The filters, each one value per page (or none).
pub const FACETS: [&str; 5] = ["type", "phase", "area", "kind", "year"];
/// The last word of a query being typed matches as a prefix when it has this many letters.
pub const MIN_PREFIX: usize = 3;
/// A prefix stands for at most this many words (the most frequent), besides itself.
pub const MAX_EXPANSIONS: usize = 64;
/// A misspelt word is read as a word of the pages at most one edit away, or two when it has
/// this many letters or more.
pub const LONG_WORD: usize = 8;
const TOKENIZER: &str = "nyttig";

/// One page, as search sees it.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub summary: String,
    /// Plain text.
    pub body: String,
    pub date: Option<Date>,
    /// Per facet of [`FACETS`]: the value's key (as in the catalogue's URLs) and its label.
    pub facets: [Option<(String, String)>; 5],
}

/// What a reader asks.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct Query {
    pub q: String,
    /// The last word is still being typed: it matches as a prefix too.
    pub prefix: bool,
    /// Facet name → value key.
    pub filters: BTreeMap<String, String>,
    /// `relevance` (the default) or `date` (newest first).
    pub sort: String,
    pub limit: usize,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Hit {
    pub doc: u32,
    pub score: Score,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub date: String,
    /// The page's type and phase (value keys), or "".
    #[serde(rename = "type")]
    pub kind: String,
    pub phase: String,
    /// The passage of the page with the query's words marked (see [`Index::excerpt`]).
    pub excerpt: Option<Vec<excerpt::Piece>>,
}

/// One reason a page matched: the query's word (its position in the answer's `terms`), the
/// index term, the field it is in, and what it adds to the score.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Matched {
    pub word: usize,
    pub term: String,
    pub field: &'static str,
    pub score: Score,
}

/// The answer to a query: the words looked for, how many pages match, the first `limit`
/// of them, and per facet how many of the hits have each value.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Answer {
    /// Per word of the query: the index terms it stands for.
    pub terms: Vec<Vec<String>>,
    /// No page has every word, so pages with any of them are shown.
    pub fallback: bool,
    /// Nothing matched as typed: the query as it was searched for instead, with each
    /// misspelt word read as the nearest word of the pages.
    pub instead: Option<String>,
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: BTreeMap<String, Vec<(String, usize)>>,
}

/// A built search index, with what the pages need for result cards and filters.
pub struct Index {
    stemmer: Option<&'static str>,
    stop: Vec<&'static str>,
    analyzer: TextAnalyzer,
    searcher: Searcher,
    fields: [Field; 4],
    docs: Vec<SearchDoc>,
    /// Per facet: the values (key, label) in display order.
    facet_values: Vec<Vec<(String, String)>>,
    /// Per facet, per document: 1 + the value's position, or 0.
    facet_columns: Vec<Vec<u16>>,
    /// The terms of the pages' own words, with the word shown for each (see [`Compounds::words`]).
    words: HashMap<String, String>,
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "search::Index({} pages)", self.docs.len())
    }
}

impl Index {
    /// Indexes `docs` for a portal in `lang`. `compounds` are portal.yaml's extra compound parts.
    pub fn build(lang: Lang, mut docs: Vec<SearchDoc>, compounds: &[String]) -> tantivy::Result<Index> {
        let mut schema = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs)
            .set_fieldnorms(true);
        let text = TextOptions::default().set_indexing_options(indexing.clone());
        // Parts are a bag of words found inside others: their number says nothing about
        // how much a page is about one of them, so that field has no length norm.
        let parts = TextOptions::default().set_indexing_options(indexing.set_fieldnorms(false));
        let fields =
            FIELDS.map(|name| schema.add_text_field(name, if name == "parts" { parts.clone() } else { text.clone() }));
        let number = schema.add_u64_field("n", FAST | STORED);
        let index = tantivy::Index::create_in_ram(schema.build());
        index.tokenizers().register(TOKENIZER, analyzer(lang));

        let mut plain = analysis::analyzer_unstemmed(lang);
        let stop: std::collections::HashSet<&str> = analysis::stop_words(lang).into_iter().collect();
        let mut lengths = Vec::with_capacity(docs.len());
        for d in &docs {
            let mut length = [0usize; 2];
            for (i, text) in [&d.body, &d.summary].into_iter().enumerate() {
                length[i] = terms(&mut plain, text).iter().filter(|w| !stop.contains(w.as_str())).count();
            }
            lengths.push(length);
        }
        // Pages in order of length, so that the field norms, one byte per page, compress
        // to little: the browser fetches them with the first query. (The order decides
        // nothing else, but which of two equal scores comes first.)
        let mut order: Vec<usize> = (0..docs.len()).collect();
        order.sort_by_key(|&i| lengths[i].map(|n| tantivy::fieldnorm::FieldNormReader::fieldnorm_to_id(n as u32)));
        let mut slots: Vec<Option<SearchDoc>> = docs.into_iter().map(Some).collect();
        docs = order.iter().filter_map(|&i| slots[i].take()).collect();
        let mut compounds = Compounds::new(lang, compounds);

        // One indexing thread with a small memory budget: the index then comes in a few
        // segments, which `export` joins again; documents are numbered by a field of their own.
        let mut writer = index.writer_with_num_threads(1, 16_000_000)?;
        for (n, d) in docs.iter_mut().enumerate() {
            // The body stays, for the passages results show (`excerpt`).
            let parts = compounds.parts_text(&format!("{} {} {}", d.title, d.summary, d.body));
            writer.add_document(doc!(
                fields[0] => d.title.as_str(),
                fields[1] => d.summary.as_str(),
                fields[2] => d.body.as_str(),
                fields[3] => parts,
                number => n as u64,
            ))?;
        }
        writer.commit()?;
        let searcher = index.reader()?.searcher();

        let mut facet_values: Vec<Vec<(String, String)>> = vec![Vec::new(); FACETS.len()];
        let mut facet_columns = vec![vec![0u16; docs.len()]; FACETS.len()];
        let mut positions: Vec<HashMap<String, u16>> = vec![HashMap::new(); FACETS.len()];
        for (n, d) in docs.iter().enumerate() {
            for (f, value) in d.facets.iter().enumerate() {
                if let Some((key, label)) = value {
                    let at = *positions[f].entry(key.clone()).or_insert_with(|| {
                        facet_values[f].push((key.clone(), label.clone()));
                        facet_values[f].len() as u16
                    });
                    facet_columns[f][n] = at;
                }
            }
        }
        let (stemmer, stop) = (analysis::stemmer(lang), analysis::stop_words(lang));
        let words = compounds.words();
        Ok(Index {
            stemmer,
            stop,
            analyzer: analyzer(lang),
            searcher,
            fields,
            docs,
            facet_values,
            facet_columns,
            words,
        })
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The words of a query as index terms; with `prefix`, the last one also stands for the
    /// most frequent terms that begin with it (see [`MIN_PREFIX`], [`MAX_EXPANSIONS`]). A
    /// word whose term no page has stands for the terms that begin with it as typed (a
    /// shared link finds what typing found); when there are none, for the nearest word of
    /// the pages, if it is misspelt (see [`LONG_WORD`]: the second value maps its term to
    /// the word meant); else for the longest term that begins it.
    fn query_terms(&self, q: &str, prefix: bool) -> (Vec<Vec<String>>, HashMap<String, String>) {
        let mut analyzer = self.analyzer.clone();
        // Each clause: its term, then what else it stands for; and the word as typed.
        let mut clauses: Vec<Vec<String>> = Vec::new();
        let mut typed_words: Vec<String> = Vec::new();
        for word in q.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if let [t] = terms(&mut analyzer, word).as_slice()
                && !clauses.iter().any(|c| c[0] == *t)
            {
                clauses.push(vec![t.clone()]);
                typed_words.push(as_typed(word));
            }
        }
        // While the reader is still typing the last word, it also stands for the words that
        // begin with it as typed (folded, not stemmed: "spiser" finds "spiserobot", not "spisested").
        if prefix && q.chars().last().is_some_and(char::is_alphanumeric) {
            let start =
                q.char_indices().rev().take_while(|(_, c)| c.is_alphanumeric()).last().map_or(q.len(), |(i, _)| i);
            let tail = &q[start..];
            if let [term] = terms(&mut analyzer, tail).as_slice() {
                let typed = as_typed(tail);
                if typed.chars().count() >= MIN_PREFIX
                    && let Some(clause) = clauses.iter_mut().find(|c| c[0] == *term)
                {
                    clause.extend(self.expansions(&typed, term));
                }
            }
        }
        // A word no page has: the words it begins, else the word meant, else the longest
        // word that begins it.
        let mut meant = HashMap::new();
        for (clause, typed) in clauses.iter_mut().zip(&typed_words) {
            if clause.len() > 1 || self.has_term(&clause[0]) || typed.chars().count() < MIN_PREFIX {
                continue;
            }
            let more = self.expansions(typed, &clause[0]);
            if !more.is_empty() {
                clause.extend(more);
            } else if let Some(near) = self.nearest(&clause[0]) {
                meant.insert(clause[0].clone(), self.words[&near].clone());
                clause.push(near);
            } else {
                let mut ends: Vec<usize> = typed.char_indices().map(|(i, _)| i).skip(MIN_PREFIX).collect();
                ends.push(typed.len());
                let longest = ends.iter().rev().map(|&end| &typed[..end]).find(|p| self.has_term(p));
                clause.extend(longest.map(str::to_owned));
            }
        }
        (clauses, meant)
    }

    /// Some page has `term` in some field.
    fn has_term(&self, term: &str) -> bool {
        self.doc_freq(term) > 0
    }

    /// Terms of any field that begin with `prefix`, but `except`, most frequent first.
    fn expansions(&self, prefix: &str, except: &str) -> Vec<String> {
        let mut freq: BTreeMap<String, u64> = BTreeMap::new();
        for seg in self.searcher.segment_readers() {
            for &field in &self.fields {
                let Ok(inv) = seg.inverted_index(field) else { continue };
                let Ok(mut stream) = inv.terms().range().ge(prefix.as_bytes()).into_stream() else { continue };
                while stream.advance() {
                    let key = stream.key();
                    if !key.starts_with(prefix.as_bytes()) {
                        break;
                    }
                    if key != except.as_bytes() {
                        let text = String::from_utf8_lossy(key).into_owned();
                        *freq.entry(text).or_default() += u64::from(stream.value().doc_freq);
                    }
                }
            }
        }
        let mut all: Vec<(String, u64)> = freq.into_iter().collect();
        all.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.into_iter().take(MAX_EXPANSIONS).map(|(t, _)| t).collect()
    }

    /// A clause that matches any of `texts` in any field, each weighed by its field.
    fn clause(&self, texts: &[String]) -> Box<dyn tantivy::query::Query> {
        let mut should: Vec<(Occur, Box<dyn tantivy::query::Query>)> = Vec::new();
        for text in texts {
            for (i, &field) in self.fields.iter().enumerate() {
                let term = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
                should.push((Occur::Should, Box::new(BoostQuery::new(Box::new(term), BOOSTS[i]))));
            }
        }
        Box::new(BooleanQuery::new(should))
    }

    /// Why page `doc` matched `terms` (an answer's `terms`): each term it has, in which field,
    /// and what that adds to its score (BM25 times the field's weight). The parts sum to the
    /// page's score.
    pub fn explain(&self, terms: &[Vec<String>], doc: u32) -> Vec<Matched> {
        let Some(address) = self.address(doc) else { return Vec::new() };
        let mut out = Vec::new();
        for (word, texts) in terms.iter().enumerate() {
            for text in texts {
                for (f, &field) in self.fields.iter().enumerate() {
                    let term = TermQuery::new(Term::from_field_text(field, text), IndexRecordOption::WithFreqs);
                    let query = BoostQuery::new(Box::new(term), BOOSTS[f]);
                    if let Ok(why) = tantivy::query::Query::explain(&query, &self.searcher, address) {
                        out.push(Matched { word, term: text.clone(), field: FIELDS[f], score: why.value() });
                    }
                }
            }
        }
        out
    }

    /// The passage of page `doc` where the words of `terms` (an answer's `terms`) are, with
    /// them marked: from its text, else from its summary; none when neither has them.
    pub fn excerpt(&self, doc: u32, terms: &[Vec<String>]) -> Option<Vec<excerpt::Piece>> {
        let d = self.docs.get(doc as usize)?;
        let mut analyzer = self.analyzer.clone();
        let text = &d.body[..excerpt::start_of(&d.body, excerpt::TEXT_CHARS)];
        excerpt::excerpt(&mut analyzer, text, terms).or_else(|| excerpt::excerpt(&mut analyzer, &d.summary, terms))
    }

    /// Where page `doc` is in the index.
    fn address(&self, doc: u32) -> Option<DocAddress> {
        self.searcher.segment_readers().iter().enumerate().find_map(|(ord, seg)| {
            let column = seg.fast_fields().u64("n").ok()?;
            (0..seg.max_doc())
                .find(|&id| column.first(id) == Some(u64::from(doc)))
                .map(|id| DocAddress::new(ord as u32, id))
        })
    }

    /// The pages that match every clause; if none, those that match any (and `fallback` says so).
    fn matching(&self, clauses: &[Vec<String>], fallback: &mut bool) -> Vec<(u32, Score)> {
        let mut found = if clauses.is_empty() { Vec::new() } else { self.matches(clauses, false) };
        if found.is_empty() && clauses.len() > 1 {
            found = self.matches(clauses, true);
            *fallback = !found.is_empty();
        }
        found
    }

    /// The term of the pages' own words nearest to `term`: one that begins with the same
    /// letter and is at most one edit away (two for a long word), the fewest edits first,
    /// then the one on the most pages, then the first in byte order.
    fn nearest(&self, term: &str) -> Option<String> {
        let first = term.chars().next()?;
        let letters = term.chars().count();
        let most = if letters >= LONG_WORD { 2 } else { 1 };
        let mut best: Option<(usize, std::cmp::Reverse<u64>, &str)> = None;
        for word in self.words.keys() {
            if !word.starts_with(first) || word.chars().count().abs_diff(letters) > most {
                continue;
            }
            if let Some(edits) = edits(term, word, most) {
                let here = (edits, std::cmp::Reverse(self.doc_freq(word)), word.as_str());
                if best.as_ref().is_none_or(|b| here < *b) {
                    best = Some(here);
                }
            }
        }
        best.map(|(_, _, w)| w.to_owned())
    }

    /// On how many pages `term` is, summed over the fields (as the client counts it).
    fn doc_freq(&self, term: &str) -> u64 {
        let mut n = 0;
        for seg in self.searcher.segment_readers() {
            for &field in &self.fields {
                if let Ok(inv) = seg.inverted_index(field)
                    && let Ok(Some(info)) = inv.terms().get(term.as_bytes())
                {
                    n += u64::from(info.doc_freq);
                }
            }
        }
        n
    }

    /// `q` with each word whose term is in `meant` written as the word meant.
    fn rewritten(&self, q: &str, meant: &HashMap<String, String>) -> String {
        let mut analyzer = self.analyzer.clone();
        let mut out = String::with_capacity(q.len());
        let mut word = String::new();
        let mut flush = |word: &mut String, out: &mut String| {
            let replaced = match terms(&mut analyzer, word).as_slice() {
                [t] => meant.get(t),
                _ => None,
            };
            out.push_str(replaced.map_or(word.as_str(), String::as_str));
            word.clear();
        };
        for c in q.chars() {
            if c.is_alphanumeric() {
                word.push(c);
            } else {
                flush(&mut word, &mut out);
                out.push(c);
            }
        }
        flush(&mut word, &mut out);
        out.trim().to_owned()
    }

    /// Every page that matches `clauses` (all of them, or with `any` any of them) and its score.
    fn matches(&self, clauses: &[Vec<String>], any: bool) -> Vec<(u32, Score)> {
        let occur = if any { Occur::Should } else { Occur::Must };
        let query = BooleanQuery::new(clauses.iter().map(|c| (occur, self.clause(c))).collect());
        let limit = self.docs.len().max(1);
        let found: Vec<(Score, DocAddress)> =
            self.searcher.search(&query, &TopDocs::with_limit(limit).order_by_score()).unwrap_or_default();
        found
            .into_iter()
            .filter_map(|(score, addr)| {
                let col = self.searcher.segment_reader(addr.segment_ord).fast_fields().u64("n").ok()?;
                Some((col.first(addr.doc_id)? as u32, score))
            })
            .collect()
    }

    /// Answers `query` as the browser client does.
    pub fn search(&self, query: &Query) -> Answer {
        let (clauses, meant) = self.query_terms(&query.q, query.prefix);
        let instead = (!meant.is_empty()).then(|| self.rewritten(&query.q, &meant));
        let mut fallback = false;
        let found = self.matching(&clauses, &mut fallback);

        // Filters: a page passes when it has the chosen value of every filtered facet.
        let wanted: Vec<Option<u16>> = FACETS
            .iter()
            .enumerate()
            .map(|(f, name)| {
                let key = query.filters.get(*name)?;
                Some(self.facet_values[f].iter().position(|(k, _)| k == key).map_or(u16::MAX, |p| p as u16 + 1))
            })
            .collect();
        let passes = |doc: u32, except: Option<usize>| {
            wanted
                .iter()
                .enumerate()
                .all(|(f, w)| Some(f) == except || w.is_none_or(|w| self.facet_columns[f][doc as usize] == w))
        };
        // Counts per facet over the hits that pass the other facets' filters, so that a
        // reader can switch from one value to another.
        let mut facets = BTreeMap::new();
        for (f, name) in FACETS.iter().enumerate() {
            let mut counts = vec![0usize; self.facet_values[f].len() + 1];
            for &(doc, _) in &found {
                if passes(doc, Some(f)) {
                    counts[self.facet_columns[f][doc as usize] as usize] += 1;
                }
            }
            let values = self.facet_values[f]
                .iter()
                .zip(&counts[1..])
                .filter(|(_, c)| **c > 0)
                .map(|((k, _), c)| (k.clone(), *c))
                .collect();
            facets.insert(name.to_string(), values);
        }

        let mut hits: Vec<(u32, Score)> = found.into_iter().filter(|&(d, _)| passes(d, None)).collect();
        let by_score = |a: &(u32, Score), b: &(u32, Score)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if query.sort == "date" {
            let day = |d: u32| self.docs[d as usize].date.map_or(0, export::day_number);
            hits.sort_by(|a, b| day(b.0).cmp(&day(a.0)).then_with(|| by_score(a, b)));
        } else {
            hits.sort_by(by_score);
        }
        let total = hits.len();
        let limit = if query.limit == 0 { 10 } else { query.limit };
        let hits = hits
            .into_iter()
            .take(limit)
            .map(|(doc, score)| {
                let d = &self.docs[doc as usize];
                Hit {
                    doc,
                    score,
                    url: d.url.clone(),
                    title: d.title.clone(),
                    summary: export::card_summary(&d.summary),
                    date: d.date.map(|d| d.to_string()).unwrap_or_default(),
                    kind: d.facets[0].as_ref().map(|f| f.0.clone()).unwrap_or_default(),
                    phase: d.facets[1].as_ref().map(|f| f.0.clone()).unwrap_or_default(),
                    excerpt: self.excerpt(doc, &clauses),
                }
            })
            .collect();
        Answer { terms: clauses, fallback, instead, total, hits, facets }
    }
}

/// A word as a prefix is matched: lower case, folded, not stemmed.
fn as_typed(word: &str) -> String {
    analysis::fold(&word.chars().flat_map(char::to_lowercase).collect::<String>())
}

/// The number of edits (a letter added, removed, changed, or two letters swapped) between
/// `a` and `b`, if it is at most `most`. The client's `edits` counts the same.
fn edits(a: &str, b: &str, most: usize) -> Option<usize> {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // Three rows of the table: two back (for swaps), the last, and this one.
    let mut before: Vec<usize> = Vec::new();
    let mut last: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let change = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (last[j] + 1).min(row[j - 1] + 1).min(last[j - 1] + change);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(before[j - 2] + 1);
            }
        }
        if row.iter().min().is_some_and(|m| *m > most) {
            return None;
        }
        before = std::mem::replace(&mut last, row);
    }
    Some(last[b.len()]).filter(|d| *d <= most)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(url: &str, title: &str, body: &str, kind: &str) -> SearchDoc {
        SearchDoc {
            url: url.into(),
            title: title.into(),
            summary: String::new(),
            body: body.into(),
            date: None,
            facets: [Some((kind.into(), kind.into())), None, None, None, None],
        }
    }

    fn index() -> Index {
        let docs = vec![
            doc("/a/", "Velfærdsteknologi i hjemmeplejen", "Robotter hjælper ældre borgere.", "project"),
            doc("/b/", "Teknologi i skolen", "Digitale værktøjer til eleverne.", "project"),
            doc("/c/", "Hverdagsrehabilitering", "Innovationsprojekterne blev til rehabilitering.", "news"),
            doc("/d/", "Økonomi", "Budget og følg op på økonomien.", "page"),
        ];
        Index::build(Lang::Da, docs, &[]).unwrap()
    }

    fn urls(a: &Answer) -> Vec<&str> {
        a.hits.iter().map(|h| h.url.as_str()).collect()
    }

    fn ask(i: &Index, q: &str) -> Answer {
        i.search(&Query { q: q.into(), ..Query::default() })
    }

    #[test]
    fn folded_inflected_and_compound_words_are_found() {
        let i = index();
        assert_eq!(urls(&ask(&i, "aeldre")), ["/a/"]);
        assert_eq!(urls(&ask(&i, "okonomi")), ["/d/"]);
        assert_eq!(urls(&ask(&i, "foelg op")), ["/d/"]);
        assert_eq!(urls(&ask(&i, "innovationsprojekt")), ["/c/"]);
        // The whole word ranks above the part of a compound.
        assert_eq!(urls(&ask(&i, "teknologi")), ["/b/", "/a/"]);
        assert_eq!(urls(&ask(&i, "rehabilitering")), ["/c/"]);
    }

    #[test]
    fn and_first_then_or_with_a_flag() {
        let i = index();
        let a = ask(&i, "teknologi skolen");
        assert_eq!((urls(&a), a.fallback), (vec!["/b/"], false));
        let a = ask(&i, "skolen økonomi");
        assert!(a.fallback);
        assert_eq!(a.total, 2);
        assert!(ask(&i, "og i at").hits.is_empty());
    }

    #[test]
    fn the_last_word_is_a_prefix_while_typing() {
        let i = index();
        let typing = |q: &str| i.search(&Query { q: q.into(), prefix: true, ..Query::default() });
        assert_eq!(urls(&typing("hverdagsreh")), ["/c/"]);
        assert_eq!(typing("hverdagsre").terms, [["hverdagsr", "hverdagsrehabilitering"]]);
        assert!(ask(&i, "skolerne").hits.len() == 1 && typing("skol").total == 1);
    }

    #[test]
    fn a_whole_word_no_page_has_stands_for_the_words_it_begins_or_the_longest_that_begins_it() {
        let i = index();
        // A shared link finds what typing found.
        assert_eq!(urls(&ask(&i, "hverdagsreh")), ["/c/"]);
        assert_eq!(urls(&ask(&i, "hverdagsreh ")), ["/c/"]);
        assert_eq!(ask(&i, "velfærdstek").terms, [["velfardstek", "velfardsteknologi"]]);
        // Nothing begins with it: the longest word that begins it.
        assert_eq!(urls(&ask(&i, "økonomiafdelingens")), ["/d/"]);
        assert_eq!(ask(&i, "økonomiafdelingens").terms, [["okonomiafdeling", "okonomi"]]);
        // A word that is there is not widened, and too short a word stands for nothing else.
        assert_eq!(ask(&i, "skolen").terms, [["skol"]]);
        assert!(ask(&i, "xq").hits.is_empty());
    }

    #[test]
    fn an_explanation_names_each_term_and_field_and_sums_to_the_score() {
        let i = index();
        let a = ask(&i, "velfærd teknologi");
        let hit = &a.hits[0];
        assert_eq!(hit.url, "/a/");
        let why = i.explain(&a.terms, hit.doc);
        let said: Vec<(usize, &str, &str)> = why.iter().map(|m| (m.word, m.term.as_str(), m.field)).collect();
        assert!(said.contains(&(0, "velfard", "parts")), "{said:?}");
        assert!(said.contains(&(1, "teknologi", "parts")), "{said:?}");
        assert!(said.iter().all(|(_, _, f)| *f == "parts"), "the title has the compound only: {said:?}");
        let sum: f32 = why.iter().map(|m| m.score).sum();
        assert!((sum - hit.score).abs() < 1e-4 * hit.score, "{sum} against {}", hit.score);
        assert!(i.explain(&a.terms, 999).is_empty());
    }

    #[test]
    fn a_result_shows_the_passage_with_the_query_words() {
        let i = index();
        let a = ask(&i, "robotter ældre");
        let shown: Vec<(String, bool)> =
            i.excerpt(a.hits[0].doc, &a.terms).unwrap().into_iter().map(|p| (p.text, p.marked)).collect();
        assert_eq!(
            shown,
            [
                ("Robotter".to_string(), true),
                (" hjælper ".into(), false),
                ("ældre".into(), true),
                (" borgere.".into(), false)
            ]
        );
    }

    #[test]
    fn edits_count_letters_added_removed_changed_and_swapped() {
        assert_eq!(edits("teknologi", "teknologi", 2), Some(0));
        assert_eq!(edits("teknolgi", "teknologi", 2), Some(1));
        assert_eq!(edits("teknoolgi", "teknologi", 2), Some(1), "a swap is one edit");
        assert_eq!(edits("tknolgi", "teknologi", 2), Some(2));
        assert_eq!(edits("tknlgi", "teknologi", 2), None);
        assert_eq!(edits("ældre", "aldre", 1), Some(1));
        assert_eq!(edits("", "ab", 2), Some(2));
    }

    #[test]
    fn a_misspelt_word_is_read_as_the_nearest_word_of_the_pages_and_the_answer_says_so() {
        let i = index();
        let a = ask(&i, "velfærdsteknolgi");
        assert_eq!((urls(&a), a.instead.as_deref()), (vec!["/a/"], Some("velfærdsteknologi")));
        let a = ask(&i, "Økonomj og rehabiliterign");
        assert_eq!(a.instead.as_deref(), Some("økonomi og rehabilitering"));
        assert_eq!(urls(&a), ["/d/", "/c/"], "no page has both: any of them");
        // What is found as typed is not read as anything else, and the first letter stays.
        assert_eq!(ask(&i, "teknologi").instead, None);
        assert!(ask(&i, "reknologi").hits.is_empty());
    }

    #[test]
    fn filters_and_facet_counts() {
        let i = index();
        let mut q = Query { q: "teknologi".into(), ..Query::default() };
        assert_eq!(ask(&i, "teknologi").facets["type"], [("project".to_string(), 2)]);
        q.filters.insert("type".into(), "news".into());
        let a = i.search(&q);
        assert_eq!(a.total, 0);
        assert_eq!(a.facets["type"], [("project".to_string(), 2)], "counts ignore the facet's own filter");
    }
}
