//! Compounds, per language: compounds taken out of the lexicon, written into pages in their
//! definite and plural forms, are found by each of their parts queried as a whole word; and
//! words that only look like compounds are left whole.

use std::collections::HashMap;

use nyttig::i18n::Lang;
use nyttig::search::analysis::stop_words;
use nyttig::search::compounds::{Compounds, Lexicon};
use nyttig::search::{Index, Query, SearchDoc};

/// How many compounds a language is tried with.
const COMPOUNDS: usize = 300;

/// Beginnings that are prefixes, not words: a compound of the test never begins with one.
const PREFIXES: &[&str] = &[
    "over", "under", "efter", "etter", "mellem", "mellom", "sammen", "gennem", "gjennom", "imod", "imot", "frem",
    "fram", "uden", "uten", "andre", "anden", "andet", "alle", "hele", "mange", "meget", "store", "inden", "innen",
    "rundt",
];

/// Endings of derived words, which end words rather than begin or make them.
const DERIVATIONS: &[&str] = &["ende", "lighed", "lighet", "ingen", "inger", "skabet", "skapet", "fulde", "fulle"];

/// Compounds of the lexicon: a word made of two words of at least five letters, each among
/// the words of Zipf 3 and more and none a stop word or a prefix, with -s-, -e- or
/// nothing between them, the second in its base form, the first not a prefixed short word
/// ("for|ud", "over|s") and the two not a plural ("butik|kerne"); a part in at most three of them, so that each part's pages fit in a
/// first page of results. Taken evenly from the whole lexicon, in a fixed order.
fn compounds(lang: Lang) -> Vec<(String, String, String)> {
    let lexicon = Lexicon::of(lang).unwrap();
    let mut words: Vec<(&str, u8)> = lexicon.words().collect();
    words.sort();
    let zipf: HashMap<&str, u8> = words.iter().copied().collect();
    let stop: Vec<String> = stop_words(lang).into_iter().map(nyttig::search::analysis::fold).collect();
    let part = |w: &str| {
        w.len() >= 5 && zipf.get(w).is_some_and(|z| *z >= 30) && !stop.iter().any(|s| s == w) && !PREFIXES.contains(&w)
    };
    // A head in its base form, not an inflected form of another word ("koden", "banen") nor
    // a derivation that ends words rather than being one ("lighed", "ingen", "liggende").
    let base = |b: &str| {
        !["e", "n", "t", "r", "s", "es", "en", "et", "er", "ene", "erne", "ne", "de", "te", "ede"]
            .iter()
            .any(|e| b.strip_suffix(e).is_some_and(|stem| stem.len() >= 4 && zipf.contains_key(stem)))
            && !DERIVATIONS.iter().any(|d| b.ends_with(d))
    };
    let mut found = Vec::new();
    for (w, _) in &words {
        if !w.bytes().all(|b| b.is_ascii_lowercase()) || w.len() < 10 {
            continue;
        }
        let cut = (5..=w.len() - 5).find_map(|at| {
            let (a, rest) = w.split_at(at);
            ["", "s", "e"].iter().find_map(|link| {
                let b = rest.strip_prefix(link)?;
                let prefixed = ["for", "fore", "forud", "over", "op", "opp", "an", "be", "u", "ind", "inn", "ud", "ut"]
                    .iter()
                    .any(|p| a.strip_prefix(p).is_some_and(|rest| rest.len() < 4));
                // "butik|kerne" is "butikk|erne", the plural.
                let doubled =
                    b.len() > 1 && a.ends_with(&b[..1]) && ["e", "er", "en", "et", "erne", "ene"].contains(&&b[1..]);
                (part(a) && part(b) && base(b) && !prefixed && !doubled)
                    .then(|| (w.to_string(), a.to_string(), b.to_string()))
            })
        });
        found.extend(cut);
    }
    eprintln!("{lang:?}: {} compounds in the lexicon", found.len());
    // Evenly through the alphabet, a part in at most three compounds.
    let step = (found.len() / (COMPOUNDS * 3 / 2)).max(1);
    let mut uses: HashMap<String, usize> = HashMap::new();
    let mut picked = Vec::new();
    for (w, a, b) in found.into_iter().step_by(step) {
        if picked.len() < COMPOUNDS && uses.get(&a).copied().unwrap_or(0) < 3 && uses.get(&b).copied().unwrap_or(0) < 3
        {
            *uses.entry(a.clone()).or_default() += 1;
            *uses.entry(b.clone()).or_default() += 1;
            picked.push((w, a, b));
        }
    }
    picked
}

/// The definite singular and the definite plural of a noun.
fn inflected(lang: Lang, w: &str) -> [String; 2] {
    let stem = w.strip_suffix('e').unwrap_or(w);
    match lang {
        Lang::Da => [format!("{stem}en"), format!("{stem}erne")],
        _ => [format!("{stem}en"), format!("{stem}ene")],
    }
}

#[test]
fn every_part_of_a_compound_finds_its_page_in_danish_and_norwegian() {
    for lang in [Lang::Da, Lang::Nb] {
        let picked = compounds(lang);
        assert_eq!(picked.len(), COMPOUNDS, "{lang:?}: too few compounds in the lexicon");
        let docs: Vec<SearchDoc> = picked
            .iter()
            .enumerate()
            .map(|(i, (w, _, _))| {
                let [one, many] = inflected(lang, w);
                SearchDoc {
                    url: format!("/side/{i}/"),
                    title: format!("Side {i}"),
                    summary: String::new(),
                    body: format!("Om {one}. Alle {many} er med."),
                    date: None,
                    facets: Default::default(),
                }
            })
            .collect();
        let index = Index::build(lang, docs, &[]).unwrap();
        let mut missed = [Vec::new(), Vec::new()];
        for (i, (w, a, b)) in picked.iter().enumerate() {
            for (k, part) in [a, b].into_iter().enumerate() {
                let answer = index.search(&Query { q: part.clone(), limit: 10, ..Query::default() });
                if !answer.hits.iter().any(|h| h.url == format!("/side/{i}/")) {
                    missed[k].push(format!("{part} in {w}"));
                }
            }
        }
        for (k, what) in ["first parts", "heads"].into_iter().enumerate() {
            let found = 1.0 - missed[k].len() as f64 / COMPOUNDS as f64;
            eprintln!("{lang:?}: {what} find their page in the top 10: {:.1} %", found * 100.0);
            assert!(found >= 0.95, "{lang:?}: {what} found {:.1} %, missed: {:?}", found * 100.0, missed[k]);
        }
    }
}

#[test]
fn words_that_only_look_like_compounds_stay_whole() {
    let danish = [
        "forældre",
        "forvaltning",
        "kommunikation",
        "fællesskab",
        "undervisning",
        "virkeligheden",
        "muligheder",
        "medlemmerne",
        "passerede",
        "kontrolleret",
        "detaljerede",
        "accepterede",
        "regningen",
        "stillingen",
        "fordelingen",
        "planterne",
        "elevernes",
        "kontorer",
        "samtalen",
        "anerkendt",
        "forestillinger",
        "forudsætninger",
        "uretfærdigt",
        "organisation",
        "administration",
        "tilgængelighed",
        "kommunerne",
        "medarbejderne",
        "samarbejdet",
        "forebyggelse",
        "sammenhængen",
        "overblikket",
        "undersøgelsen",
        "ansættelsen",
        "indsatsen",
        "tilbuddet",
        "udviklingen",
        "opgaverne",
        "anbefalingerne",
        "ledelsen",
        "evalueringen",
        "digitaliseringen",
        "rehabiliteringen",
        "erfaringerne",
        "afdelingen",
        "kommunikationen",
        "aktivering",
        "borgerne",
        "sundheden",
        "kvaliteten",
        "reagent",
    ];
    let norwegian = [
        "bilprodusent",
        "muligheter",
        "medlemmene",
        "innebærer",
        "anerkjenne",
        "forsterke",
        "organisere",
        "representere",
        "installert",
        "kommentere",
        "prioritert",
        "demonstrere",
        "presidenten",
        "plassering",
        "registrering",
        "turnering",
        "virksomheter",
        "studentene",
        "venninnene",
        "informasjon",
        "innbyggerne",
        "forvaltningen",
        "kommunikasjon",
        "samarbeidet",
        "forebygging",
        "sammenhengen",
        "undersøkelsen",
        "utviklingen",
        "oppgavene",
        "anbefalingene",
        "ledelsen",
        "evalueringen",
        "digitaliseringen",
        "erfaringene",
        "avdelingen",
        "tilbudet",
        "foreldre",
        "fellesskapet",
        "virkeligheten",
        "reagent",
    ];
    let mut split = Vec::new();
    for (lang, words) in [(Lang::Da, &danish[..]), (Lang::Nb, &norwegian[..])] {
        let compounds = Compounds::new(lang, &[]);
        for w in words {
            let parts = compounds.split(&nyttig::search::analysis::fold(w));
            if !parts.is_empty() {
                split.push(format!("{w} → {}", parts.join("|")));
            }
        }
    }
    assert!(danish.len() + norwegian.len() >= 50);
    assert!(split.is_empty(), "split, but not compounds:\n{}", split.join("\n"));
}
