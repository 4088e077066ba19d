//! The index as static files for the browser client. Everything is read back from tantivy's
//! own segments: its terms, postings (document and frequency, no positions), field norms and
//! token totals. File formats are described in `docs/search.md`.
//!
//! - `meta.json`: counts, the field-norm table, the first term of every chunk, facet values;
//! - `norms.bin`: per field with length norms, one byte per document (tantivy's field-norm id);
//! - `facets.bin`: per facet, one byte (or two) per document: 1 + the value's position, or 0;
//! - `dates.bin`: per document, the day (since 1970) it is dated, two bytes, or 0;
//! - `t/N.bin`: terms in byte order, cut into chunks of about the same size;
//! - `slots.bin`: per document, where its record is in `pages.bin` (see `SLOT`);
//! - `pages.bin`: per document, its card (the address before and after the title's slug, or
//!   the whole address and null; title, summary, date, type, phase, the whole summary when
//!   the card shows less, the start of the text) and the rest of its text, each deflated.

use std::collections::BTreeMap;

use rayon::prelude::*;
use serde_json::json;
use tantivy::DocSet;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::Postings;
use tantivy::schema::IndexRecordOption;

use super::{BOOSTS, FACETS, FIELDS, Index, LONG_WORD, MAX_EXPANSIONS, MIN_PREFIX, excerpt};
use crate::date::Date;
use crate::text::slugify;

/// About this many term chunks, so that a portal of any size emits under 600
/// files, and a small one small files.
const CHUNK_FILES: usize = 280;
/// At most this many files of the pages' words, for reading misspelt words.
const WORD_FILES: usize = 12;
const MIN_CHUNK_BYTES: usize = 2048;
/// The bytes of a page's slot in `slots.bin`: where its record begins in `pages.bin`, how
/// long its card is and how long the rest of its text (u32, little-endian).
const SLOT: usize = 12;
/// Result cards show this much of a summary.
const CARD_SUMMARY_CHARS: usize = 150;

/// The files of a search index, named relative to its folder, and that folder's name: a
/// hash of the contents, so that a browser never mixes files of two builds.
pub struct Exported {
    pub folder: String,
    pub files: Vec<(String, Vec<u8>)>,
}

type Postings4 = [Vec<(u32, u32)>; 4];

pub fn export(index: &Index) -> tantivy::Result<Exported> {
    let n = index.docs.len();
    let searcher = &index.searcher;
    let mut terms: BTreeMap<Vec<u8>, Postings4> = BTreeMap::new();
    // Fields with length norms, and their norms: per field, one byte per page.
    let with_norms: Vec<bool> = index
        .fields
        .iter()
        .map(|&f| {
            searcher.segment_readers().iter().all(|s| s.fieldnorms_readers().get_field(f).ok().flatten().is_some())
        })
        .collect();
    let norm_fields: Vec<usize> = (0..FIELDS.len()).filter(|&f| with_norms[f]).collect();
    let mut norms = vec![0u8; n * norm_fields.len()];
    let mut tokens = [0u64; 4];
    for seg in searcher.segment_readers() {
        let numbers = seg.fast_fields().u64("n")?;
        let number = |doc: u32| numbers.first(doc).unwrap_or(0) as u32;
        for (f, &field) in index.fields.iter().enumerate() {
            let inv = seg.inverted_index(field)?;
            tokens[f] += inv.total_num_tokens();
            if let Some(at) = norm_fields.iter().position(|&x| x == f) {
                let fieldnorms = seg.get_fieldnorms_reader(field)?;
                for doc in 0..seg.max_doc() {
                    norms[at * n + number(doc) as usize] = fieldnorms.fieldnorm_id(doc);
                }
            }
            let mut stream = inv.terms().stream()?;
            while stream.advance() {
                let mut postings = inv.read_postings_from_terminfo(stream.value(), IndexRecordOption::WithFreqs)?;
                let list = &mut terms.entry(stream.key().to_vec()).or_default()[f];
                while postings.doc() != tantivy::TERMINATED {
                    list.push((number(postings.doc()), postings.term_freq()));
                    postings.advance();
                }
            }
        }
    }
    for lists in terms.values_mut() {
        for list in lists.iter_mut() {
            list.sort_unstable();
        }
    }

    let mut files = Vec::new();

    // Term chunks.
    let encoded: Vec<(&[u8], Vec<u8>)> = terms.iter().map(|(t, p)| (t.as_slice(), encode_postings(p))).collect();
    let total: usize = encoded.iter().map(|(t, p)| t.len() + p.len()).sum();
    // Large terms make chunks of their own, so the size is raised until the count fits.
    let mut target = (total / CHUNK_FILES).max(MIN_CHUNK_BYTES);
    let mut cuts = cut(&encoded, target);
    while cuts.len() > CHUNK_FILES {
        target += target / 8;
        cuts = cut(&encoded, target);
    }
    let mut firsts = Vec::new();
    for (i, range) in cuts.into_iter().enumerate() {
        firsts.push(String::from_utf8_lossy(encoded[range.start].0).into_owned());
        files.push((format!("t/{i}.bin"), encode_chunk(&encoded[range])));
    }

    // The pages' own words, for misspelt ones: by first letter, in at most WORD_FILES files
    // of about the same size, each letter in one file; per word its term, the word shown for
    // it and on how many pages it is (summed over the fields, as `expansions` counts).
    let mut words: Vec<(&String, &String, usize)> = index
        .words
        .iter()
        .map(|(term, word)| (term, word, terms.get(term.as_bytes()).map_or(0, |p| p.iter().map(Vec::len).sum())))
        .collect();
    words.sort_unstable();
    let letter = |t: &str| t.chars().next().unwrap_or_default();
    let per_file = words.len().div_ceil(WORD_FILES).max(1);
    let mut word_firsts: Vec<String> = Vec::new();
    let mut start = 0;
    while start < words.len() {
        let mut end = (start + per_file).min(words.len());
        // The rest of the last letter stays in this file.
        while end < words.len() && letter(words[end].0) == letter(words[end - 1].0) {
            end += 1;
        }
        word_firsts.push(letter(words[start].0).to_string());
        files.push((format!("w/{}.json", word_firsts.len() - 1), json_bytes(&&words[start..end])));
        start = end;
    }

    // Cards and texts: per page a slot of SLOT bytes in `slots.bin`, for where its record is
    // in `pages.bin`; the record is its card with the start of its text, then the rest of
    // its text, each compressed on its own. The browser fetches each by a range request.
    let records: Vec<(Vec<u8>, Vec<u8>)> = index
        .docs
        .par_iter()
        .map_init(Deflater::new, |deflater, d| {
            let key = |f: usize| d.facets[f].as_ref().map_or("", |v| v.0.as_str());
            let date = d.date.map(|d| d.to_string()).unwrap_or_default();
            // Addresses mostly spell the title: only what is around its slug is stored.
            let slug = slugify(&d.title);
            let (before, after) = match d.url.find(&slug) {
                Some(at) if !slug.is_empty() => (&d.url[..at], Some(&d.url[at + slug.len()..])),
                _ => (d.url.as_str(), None),
            };
            let shown = card_summary(&d.summary);
            // The whole summary only when the card shows less: passages come from it too.
            let summary = (shown != d.summary).then_some(d.summary.as_str());
            let text = &d.body[..excerpt::start_of(&d.body, excerpt::TEXT_CHARS)];
            let head = excerpt::start_of(text, excerpt::HEAD_CHARS);
            let card = json!([before, after, d.title, shown, date, key(0), key(1), summary, &text[..head]]);
            let rest = if head < text.len() { deflater.deflate(&text.as_bytes()[head..]) } else { Vec::new() };
            (deflater.deflate(&json_bytes(&card)), rest)
        })
        .collect();
    let mut slots = Vec::with_capacity(n * SLOT);
    let mut pages = Vec::new();
    for (card, rest) in records {
        slots.extend_from_slice(&(pages.len() as u32).to_le_bytes());
        slots.extend_from_slice(&(card.len() as u32).to_le_bytes());
        slots.extend_from_slice(&(rest.len() as u32).to_le_bytes());
        pages.extend_from_slice(&card);
        pages.extend_from_slice(&rest);
    }
    files.push(("slots.bin".into(), slots));
    files.push(("pages.bin".into(), pages));

    files.push(("norms.bin".into(), norms));
    let mut facet_bytes = Vec::new();
    let mut widths = Vec::new();
    for column in &index.facet_columns {
        let wide = column.iter().any(|&v| v > 255);
        widths.push(if wide { 2 } else { 1 });
        for &v in column {
            if wide {
                facet_bytes.extend_from_slice(&v.to_le_bytes());
            } else {
                facet_bytes.push(v as u8);
            }
        }
    }
    files.push(("facets.bin".into(), facet_bytes));
    let dates: Vec<u8> = index.docs.iter().flat_map(|d| (d.date.map_or(0, day_number) as u16).to_le_bytes()).collect();
    files.push(("dates.bin".into(), dates));

    let facets: Vec<_> = FACETS
        .iter()
        .zip(&index.facet_values)
        .zip(&widths)
        .map(|((name, values), width)| json!({ "name": name, "width": width, "values": values }))
        .collect();
    let norm_table: Vec<u32> = (0..=255u8).map(FieldNormReader::id_to_fieldnorm).collect();
    let meta = json!({
        "version": 1,
        "docs": n,
        "stemmer": index.stemmer,
        "stop": index.stop,
        "min_prefix": MIN_PREFIX,
        "max_expansions": MAX_EXPANSIONS,
        "fields": FIELDS,
        "boosts": BOOSTS,
        "tokens": tokens,
        "norms": with_norms,
        "norm_table": norm_table,
        "chunks": firsts,
        "words": word_firsts,
        "long_word": LONG_WORD,
        "facets": facets,
    });
    files.push(("meta.json".into(), json_bytes(&meta)));

    let hash = files.iter().fold(crate::hash::FNV_START, |h, (name, bytes)| {
        crate::hash::fnv1a_from(crate::hash::fnv1a_from(h, name.as_bytes()), bytes)
    });
    Ok(Exported { folder: format!("{:012x}", hash & 0xffff_ffff_ffff), files })
}

/// JSON that no file of the index can be read as markup in.
fn json_bytes(value: &impl serde::Serialize) -> Vec<u8> {
    crate::text::safe_json(value, false).into_bytes()
}

/// Raw deflate streams (RFC 1951), which browsers inflate natively; one compressor, made
/// once per thread and reset for each stream.
struct Deflater(flate2::Compress);

impl Deflater {
    fn new() -> Deflater {
        Deflater(flate2::Compress::new(flate2::Compression::default(), false))
    }

    fn deflate(&mut self, bytes: &[u8]) -> Vec<u8> {
        self.0.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = self.0.total_in() as usize;
            match self.0.compress_vec(&bytes[read..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) | Err(_) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
            }
        }
    }
}

/// Cuts terms in order into runs of about `target` bytes.
fn cut(encoded: &[(&[u8], Vec<u8>)], target: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    while start < encoded.len() {
        let (mut end, mut size) = (start, 0);
        while end < encoded.len() && (end == start || size + encoded[end].1.len() <= target) {
            size += encoded[end].0.len() + encoded[end].1.len();
            end += 1;
        }
        out.push(start..end);
        start = end;
    }
    out
}

/// Per field: how many documents, then the document gaps, then the frequencies.
fn encode_postings(lists: &Postings4) -> Vec<u8> {
    let mut out = Vec::new();
    for list in lists {
        varint(&mut out, list.len() as u64);
    }
    for list in lists {
        let mut last = 0u32;
        for (i, &(doc, _)) in list.iter().enumerate() {
            varint(&mut out, u64::from(if i == 0 { doc } else { doc - last }));
            last = doc;
        }
        for &(_, tf) in list {
            varint(&mut out, u64::from(tf));
        }
    }
    out
}

/// A chunk: the number of terms; each term as (bytes shared with the one before, length of
/// the rest, the rest); then each term's postings, in the same order.
fn encode_chunk(terms: &[(&[u8], Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    varint(&mut out, terms.len() as u64);
    let mut previous: &[u8] = &[];
    for (term, _) in terms {
        let shared = previous.iter().zip(term.iter()).take_while(|(a, b)| a == b).count();
        varint(&mut out, shared as u64);
        varint(&mut out, (term.len() - shared) as u64);
        out.extend_from_slice(&term[shared..]);
        previous = term;
    }
    for (_, postings) in terms {
        out.extend_from_slice(postings);
    }
    out
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7f) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Days since 1970-01-01, at least 1 for any date this century.
pub fn day_number(d: Date) -> u32 {
    d.days_since_1970().clamp(0, i64::from(u16::MAX)) as u32
}

/// The summary as a result card shows it: at most [`CARD_SUMMARY_CHARS`], cut between words.
pub fn card_summary(summary: &str) -> String {
    let summary = summary.trim();
    if summary.chars().count() <= CARD_SUMMARY_CHARS {
        return summary.to_owned();
    }
    let cut: String = summary.chars().take(CARD_SUMMARY_CHARS).collect();
    let cut = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", cut.trim_end_matches(|c: char| !c.is_alphanumeric()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_fit_two_bytes() {
        assert_eq!(day_number(Date { year: 1970, month: 1, day: 1 }), 0);
        assert_eq!(day_number(Date { year: 1969, month: 1, day: 1 }), 0);
        assert_eq!(day_number(Date { year: 2300, month: 1, day: 1 }), 65_535);
    }

    #[test]
    fn summaries_are_cut_between_words() {
        assert_eq!(card_summary(" Kort. "), "Kort.");
        let long = "ord ".repeat(100);
        let cut = card_summary(&long);
        assert!(cut.ends_with("ord…") && cut.chars().count() <= CARD_SUMMARY_CHARS + 1, "{cut}");
    }
}
