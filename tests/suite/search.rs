//! Search: the browser client, run in Node against the emitted files, must give the answers
//! tantivy gives (same hit counts, same top 10 with ties grouped, same facet counts) for a
//! generated set of queries, on the demo portal and on a 2,000-project synthetic portal; and
//! a query must stay within its byte budget. Needs `node` (scripts/test.sh has it).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use nyttig::build::{Built, Options, build};
use nyttig::search::{Answer, Query};
use serde_json::{Value, json};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Writes the site to a fresh folder and returns it with the index folder's address.
fn write_site(built: &Built) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    // The client needs its scripts and the index; the pages are not read.
    let needed = |name: &str| name.starts_with("assets/") || name.starts_with("nyttig-search/");
    for (name, bytes) in built.output.iter().filter(|(name, _)| needed(name)) {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    }
    let meta = built
        .output
        .keys()
        .find(|k| k.starts_with("nyttig-search/") && k.ends_with("/meta.json"))
        .expect("the build emits a search index");
    let index_url = format!("{}{}", built.base_path, meta.trim_end_matches("meta.json"));
    (dir, index_url)
}

fn node(mode: &str, site: &Path, index_url: &str, input: &Value) -> Value {
    let mut child = Command::new("node")
        .arg(repo().join("tests/search/run.js"))
        .args([mode, &site.to_string_lossy(), index_url])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("node must be installed to test the search client (./scripts/test.sh installs what it needs)");
    let mut stdin = child.stdin.take().unwrap();
    let text = serde_json::to_vec(input).unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&text).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "the client failed:\n{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Words of the portal's Markdown, as an editor wrote them.
fn words_of(root: &Path) -> Vec<String> {
    let mut words = BTreeSet::new();
    for entry in walkdir::WalkDir::new(root.join("content")).into_iter().flatten() {
        if entry.path().extension().is_some_and(|e| e == "md") {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            for w in text.split(|c: char| !c.is_alphabetic()) {
                if w.chars().count() >= 4 {
                    words.insert(w.to_string());
                }
            }
        }
    }
    words.into_iter().collect()
}

/// A deterministic mix of what readers type: whole words, inflected and folded forms,
/// capitals, prefixes while typing, beginnings of words and words run on as whole words,
/// misspelt words, stop words, two and three words, words that are not there, filters and
/// sorting by date.
fn queries(words: &[String], n: usize) -> Vec<Query> {
    let mut seed = 2026u64;
    let mut pick = |len: usize| {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1_442_695_040_888_963_407);
        (seed >> 33) as usize % len
    };
    let fold = |w: &str| w.replace('æ', "ae").replace('ø', "oe").replace('å', "aa");
    let plain = |w: &str| w.replace('æ', "a").replace('ø', "o").replace('å', "a").replace('é', "e");
    let with_nordic: Vec<&String> = words.iter().filter(|w| w.contains(['æ', 'ø', 'å'])).collect();
    let mut out = Vec::new();
    let q = |text: String, prefix: bool| Query { q: text, prefix, ..Query::default() };
    for i in 0..n {
        let w = &words[pick(words.len())];
        let w2 = &words[pick(words.len())];
        let w3 = &words[pick(words.len())];
        // A misspelling of w: a letter after the first left out, changed, or two swapped.
        let typo = {
            let mut letters: Vec<char> = w.to_lowercase().chars().collect();
            let at = 1 + pick(letters.len().saturating_sub(2).max(1));
            match pick(3) {
                _ if letters.len() < 4 => {}
                0 => {
                    letters.remove(at);
                }
                1 => letters[at] = if letters[at] == 'e' { 'a' } else { 'e' },
                _ => {
                    let next = (at + 1).min(letters.len() - 1);
                    letters.swap(at, next);
                }
            }
            letters.into_iter().collect::<String>()
        };
        let mut query = match i % 20 {
            0 => q(w.clone(), false),
            1 => q(format!("{w}erne"), false),
            2 => q(format!("{}en", w.to_lowercase()), false),
            3 => q(fold(with_nordic[pick(with_nordic.len())]), false),
            4 => q(plain(with_nordic[pick(with_nordic.len())]), false),
            5 => q(w.to_uppercase(), false),
            6 => q(w.chars().take(3 + pick(4)).collect(), true),
            7 => q(format!("{w} {}", w2.chars().take(4).collect::<String>()), true),
            8 => q(format!("{w} og {w2}"), false),
            9 => q(format!("{w} {w2} {w3}"), false),
            10 => q(format!("for {w} i {w2}"), true),
            11 => q(format!("{w} zqxwv"), false),
            12 => q(format!("{w}s {w2}"), false),
            13 => q(format!("{} {w2}", fold(with_nordic[pick(with_nordic.len())])), true),
            14 => q(w.to_lowercase(), false),
            // A whole word that only begins words, and one that only a word begins.
            15 => q(w.chars().take(4 + pick(3)).collect(), false),
            16 => q(format!("{}xq {w2}", w.to_lowercase()), false),
            // Misspelt, alone and beside a word spelt right.
            17 => q(typo, false),
            18 => q(format!("{w2} {typo}"), true),
            _ => q(format!("{w} "), true),
        };
        if i % 5 == 0 {
            query.sort = "date".into();
        }
        out.push(query);
    }
    // Filters, on words every portal has.
    for (facet, value) in [("type", "project"), ("type", "news"), ("kind", "radical"), ("type", "innovator")] {
        let mut query = q("innovation".into(), false);
        query.filters.insert(facet.into(), value.into());
        out.push(query);
        let mut query = q("projekt borger".into(), true);
        query.filters.insert(facet.into(), value.into());
        out.push(query);
    }
    out
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-5 * a.abs().max(b.abs()).max(1e-6)
}

/// Compares tantivy's answer with the client's. Hits of equal score may come in either order.
fn same(query: &Query, rust: &Answer, js: &Value) -> Result<(), String> {
    let r = serde_json::to_value(rust).unwrap();
    for key in ["terms", "fallback", "instead", "total", "facets"] {
        if r[key] != js[key] {
            return Err(format!("{key}: tantivy {} but the client {}", r[key], js[key]));
        }
    }
    let hits = |v: &Value| -> Vec<(String, f64)> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| (h["url"].as_str().unwrap().to_owned(), h["score"].as_f64().unwrap()))
            .collect()
    };
    let (rh, jh) = (hits(&r), hits(js));
    if rh.len() != jh.len() {
        return Err(format!("{} hits shown by tantivy, {} by the client", rh.len(), jh.len()));
    }
    // The passage of each page both show.
    for jhit in js["hits"].as_array().unwrap() {
        if let Some(rhit) = r["hits"].as_array().unwrap().iter().find(|h| h["url"] == jhit["url"])
            && rhit["excerpt"] != jhit["excerpt"]
        {
            return Err(format!(
                "the passage of {}: tantivy {} but the client {}",
                rhit["url"], rhit["excerpt"], jhit["excerpt"]
            ));
        }
    }
    let last = rh.last().map_or(0.0, |h| h.1);
    for (i, ((ru, rs), (ju, js))) in rh.iter().zip(&jh).enumerate() {
        let by_date = query.sort == "date";
        if !close(*rs, *js) && !by_date {
            return Err(format!("hit {i}: score {rs} ({ru}) by tantivy, {js} ({ju}) by the client"));
        }
        // Outside the last tie group, the same pages; within a tie group, any order.
        if ru != ju {
            let listed = |list: &[(String, f64)], u: &str, s: f64| list.iter().any(|(x, y)| x == u && close(*y, s));
            let swapped_in_a_tie = listed(&jh, ru, *rs) && listed(&rh, ju, *js);
            let cut_in_last_tie = close(*rs, last) && close(*js, last);
            if !swapped_in_a_tie && !cut_in_last_tie {
                return Err(format!("hit {i}: {ru} by tantivy, {ju} by the client"));
            }
        }
    }
    Ok(())
}

fn parity(root: &Path, n: usize) {
    let built = build(root, &Options::default()).unwrap_or_else(|e| panic!("{}", e.sorted()));
    let (site, index_url) = write_site(&built);
    let qs = queries(&words_of(root), n);
    let js = node(
        "answers",
        site.path(),
        &index_url,
        &serde_json::to_value(
            qs.iter()
                .map(|q| json!({"q": q.q, "prefix": q.prefix, "filters": q.filters, "sort": q.sort, "limit": 10}))
                .collect::<Vec<_>>(),
        )
        .unwrap(),
    );
    let js = js.as_array().unwrap();
    assert_eq!(js.len(), qs.len());
    let mut failures = Vec::new();
    let (mut with_hits, mut fallbacks, mut prefixes) = (0, 0, 0);
    for (q, j) in qs.iter().zip(js) {
        let r = built.search.as_ref().expect("a build has its search index").search(q);
        with_hits += usize::from(r.total > 0);
        fallbacks += usize::from(r.fallback);
        prefixes += usize::from(r.terms.last().is_some_and(|t| t.len() > 1));
        if let Err(e) = same(q, &r, j) {
            failures.push(format!("{:?} (prefix {}): {e}", q.q, q.prefix));
        }
    }
    eprintln!(
        "{}: {} queries, {with_hits} with hits, {fallbacks} OR fallbacks, {prefixes} prefix expansions",
        root.display(),
        qs.len()
    );
    assert!(failures.is_empty(), "{} of {} queries differ:\n{}", failures.len(), qs.len(), failures.join("\n"));
    // The set must exercise what it claims to.
    assert!(with_hits >= qs.len() / 2, "only {with_hits} queries found anything");
    assert!(fallbacks >= 5 && prefixes >= 5, "{fallbacks} fallbacks, {prefixes} prefix expansions");
}

#[test]
fn client_matches_tantivy_on_the_demo_portal() {
    parity(&repo(), 240);
}

/// The search page's scripts, by file name, in the order the page loads them.
fn search_scripts(built: &Built) -> Vec<String> {
    let page = built
        .output
        .values()
        .map(|b| String::from_utf8_lossy(b))
        .find(|p| p.contains("nyttig-search/search.js?v="))
        .expect("a search page");
    page.split("<script src=\"")
        .skip(1)
        .filter_map(|s| s.split(['?', '"']).next()?.split_once("nyttig-search/").map(|(_, f)| f.to_owned()))
        .collect()
}

/// An English portal: the basic fixture with `language: en` and pages of English prose (the
/// words of docs/search.md). tantivy stems with Snowball's English algorithm, the client with
/// stem-en.js, which only English search pages load.
#[test]
fn client_matches_tantivy_on_an_english_portal() {
    let dir = crate::common::copy_fixture("basic");
    let config = dir.path().join("portal.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap().replace("language: nb", "language: en");
    std::fs::write(&config, yaml).unwrap();
    let docs = std::fs::read_to_string(repo().join("docs/search.md")).unwrap();
    let words: Vec<&str> = docs.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() >= 2).collect();
    for (i, body) in words.chunks(120).enumerate() {
        let page = format!("---\ntitle: {}\n---\n{}\n", body[..body.len().min(4)].join(" "), body.join(" "));
        std::fs::write(dir.path().join(format!("content/pages/notes-{i}.md")), page).unwrap();
    }
    let built = build(dir.path(), &Options::default()).unwrap_or_else(|e| panic!("{}", e.sorted()));
    assert_eq!(search_scripts(&built), ["stem.js", "stem-en.js", "search.js", "ui.js"]);
    let nordic = build(&repo().join("tests/fixtures/basic"), &Options::default()).unwrap();
    assert_eq!(search_scripts(&nordic), ["stem.js", "search.js", "ui.js"]);
    parity(dir.path(), 240);
}

/// A portal of `n` projects from bench/gen_corpus.py.
fn synthetic(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .args(["--projects", &n.to_string(), "--seed", "7", "--out"])
        .arg(dir.path())
        .stdout(Stdio::null())
        .status()
        .expect("python3 runs bench/gen_corpus.py");
    assert!(status.success());
    dir
}

#[test]
fn client_matches_tantivy_on_a_synthetic_portal() {
    let dir = synthetic(2000);
    parity(dir.path(), 240);
}

/// The budgets of the issue, on a 10,000-project portal: from the first keystroke to the
/// first ten results on screen (scripts, index and cards, gzip), and for each extra word the
/// index data it needs; a word that matches nothing (misspelt) has 30 KB more for the words
/// and chunks it fetches. The cards of the new first ten are reported, not budgeted: they
/// are the results' cost, not the word's.
#[test]
fn queries_stay_within_their_byte_budget() {
    const FIRST: u64 = 50_000;
    const EXTRA: u64 = 16_000;
    const TYPO: u64 = 30_000;
    let dir = synthetic(10_000);
    let built = build(dir.path(), &Options::default()).unwrap();
    let files = built.output.keys().filter(|k| k.starts_with("nyttig-search/")).count();
    assert!(files <= 600, "{files} files for search");
    let (site, index_url) = write_site(&built);
    let words = words_of(dir.path());
    let realistic: Vec<String> =
        serde_json::from_slice(&std::fs::read(repo().join("bench/search_queries.json")).unwrap()).unwrap();
    let typed = queries(&words, 60).into_iter().map(|q| q.q.trim().to_owned()).filter(|q| !q.is_empty());
    let cases: Vec<Value> = realistic
        .into_iter()
        .chain(typed)
        .enumerate()
        .map(|(i, q)| json!({"q": q, "extra": words[(i * 7919) % words.len()]}))
        .collect();
    let r = node("bytes", site.path(), &index_url, &Value::Array(cases));
    let scripts = r["scripts_bytes"].as_u64().unwrap();
    let (mut first_all, mut extra_all, mut cards_all, mut typo_all) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for c in r["cases"].as_array().unwrap() {
        // A word that matches nothing fetches the pages' words and more term chunks: that
        // has a budget of its own.
        let typo = c["typo_bytes"].as_u64().unwrap();
        assert!(typo <= TYPO, "{:?}: {typo} bytes for the misspelt word (budget {TYPO}): {}", c["q"], c["files"]);
        typo_all.push(typo);
        let first = c["first_bytes"].as_u64().unwrap() + scripts - typo;
        let extra = c["extra_index_bytes"].as_u64().unwrap();
        first_all.push(first);
        extra_all.push(extra);
        cards_all.push(c["extra_bytes"].as_u64().unwrap() - extra);
        assert!(first <= FIRST, "{:?}: {first} bytes to the first results (budget {FIRST}): {}", c["q"], c["files"]);
        assert!(
            extra <= EXTRA,
            "{:?} + {:?}: {extra} bytes of index for the extra word (budget {EXTRA})",
            c["q"],
            c["extra"]
        );
        assert!(c["compute_ms"].as_f64().unwrap() < 1000.0, "{:?}: slow", c["q"]);
    }
    let median = |v: &mut Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    eprintln!(
        "{} queries, {files} files: first results median {} max {} bytes (scripts {scripts}); extra word median {} max {} bytes, and the new cards median {} bytes",
        first_all.len(),
        median(&mut first_all),
        first_all.last().unwrap(),
        median(&mut extra_all),
        extra_all.last().unwrap(),
        median(&mut cards_all)
    );
    typo_all.retain(|b| *b > 0);
    eprintln!(
        "{} queries with a word that matches nothing: its words and chunks median {} max {} bytes",
        typo_all.len(),
        median(&mut typo_all),
        typo_all.last().unwrap()
    );
}

/// The client's hand-written Snowball stemmers give tantivy's stems, word for word: every
/// word of the demo and fixture portals and of the English docs, and words made to reach
/// every rule of the three algorithms (tests/search/stem_words.py); each language stems
/// all of them.
#[test]
fn the_client_stems_as_tantivy_does() {
    use tantivy::tokenizer::{Language, RawTokenizer, Stemmer, TextAnalyzer};
    let mut words = BTreeSet::new();
    for args in [&[][..], &["english"][..]] {
        let generated = Command::new("python3")
            .arg(repo().join("tests/search/stem_words.py"))
            .args(args)
            .output()
            .expect("python3 runs");
        assert!(generated.status.success());
        words.extend(String::from_utf8(generated.stdout).unwrap().lines().filter(|w| !w.is_empty()).map(str::to_owned));
    }
    for root in [repo(), repo().join("tests/fixtures/basic")] {
        words.extend(words_of(&root).iter().map(|w| w.to_lowercase()));
    }
    // English as it is written: the README and the docs.
    let docs = std::fs::read_dir(repo().join("docs")).unwrap().flatten().map(|e| e.path());
    for path in docs.chain([repo().join("README.md")]).filter(|p| p.extension().is_some_and(|e| e == "md")) {
        let text = std::fs::read_to_string(path).unwrap();
        words.extend(text.split(|c: char| !c.is_alphabetic() && c != '\'').map(str::to_lowercase));
    }
    words.remove("");
    assert!(words.len() > 150_000, "only {} words", words.len());
    let mut cases = Vec::new();
    for (language, name) in
        [(Language::Danish, "danish"), (Language::Norwegian, "norwegian"), (Language::English, "english")]
    {
        let mut stemmer = TextAnalyzer::builder(RawTokenizer::default()).filter(Stemmer::new(language)).build();
        for w in &words {
            let mut stream = stemmer.token_stream(w);
            assert!(stream.advance());
            cases.push(json!([w, name, stream.token().text]));
        }
    }
    let mut child = Command::new("node")
        .arg(repo().join("tests/search/stem_check.js"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node must be installed (./scripts/test.sh)");
    let input = serde_json::to_vec(&cases).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        stdin.write_all(&input).unwrap();
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    let report = String::from_utf8_lossy(&out.stdout);
    eprintln!("{report}");
    assert!(out.status.success() && report.contains(" 0 mismatches"), "{report}");
}

/// An editor's own compound parts (`search.compounds` in portal.yaml) are found inside longer
/// words the lexicon cannot cut: a local name.
#[test]
fn the_editors_compound_parts_are_found() {
    let dir = crate::common::copy_fixture("basic");
    let page = dir.path().join("content/projects/digital-hjemmeoppfolging/index.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, format!("{text}\nPrøvd ut på Havnekvitrudsenteret.\n")).unwrap();
    let ask = |root: &Path| {
        let index = nyttig::build::search_index(root, &Options::default()).unwrap();
        index.search(&Query { q: "kvitrud".into(), ..Query::default() })
    };
    assert_eq!(ask(dir.path()).total, 0, "the lexicon has no `kvitrud`");
    let portal = dir.path().join("portal.yaml");
    let text = std::fs::read_to_string(&portal).unwrap();
    std::fs::write(&portal, format!("{text}search:\n  compounds: [kvitrud]\n")).unwrap();
    let answer = ask(dir.path());
    let urls: Vec<&str> = answer.hits.iter().map(|h| h.url.as_str()).collect();
    assert_eq!(urls, ["/tiltak/digital-hjemmeoppfolging/"]);
}

/// `nyttig search --explain` says, for each result, which terms matched in which field and
/// what each adds, in the portal's language; with `--json` the same under each hit.
#[test]
fn the_editor_sees_why_a_page_matched() {
    let dir = crate::common::copy_fixture("basic");
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_nyttig"))
            .env_remove("NYTTIG_LANG")
            .args(["search", "--root"])
            .arg(dir.path())
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let text = run(&["--explain", "oppfølging"]);
    assert!(text.contains("/tiltak/digital-hjemmeoppfolging/"), "{text}");
    assert!(text.contains("i deler av sammensatte ord"), "a part of `hjemmeoppfølging`, said in Norwegian: {text}");
    let json: Value = serde_json::from_str(&run(&["--explain", "--json", "oppfølging"])).unwrap();
    let hit = &json["hits"][0];
    let why = hit["explain"].as_array().unwrap();
    assert!(why.iter().any(|m| m["field"] == "parts"), "{hit}");
    let sum: f64 = why.iter().map(|m| m["score"].as_f64().unwrap()).sum();
    assert!(close(sum, hit["score"].as_f64().unwrap()), "{sum} against {hit}");
    assert!(!run(&["oppfølging"]).contains("sammensatte"), "only when asked");
}
