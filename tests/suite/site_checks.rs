//! Checks that need no browser: every internal link and anchor in the generated sites leads
//! somewhere, and the accessibility checks on Markdown bodies warn where they should.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::common::{copy_fixture, fixture};
use nyttig::build::{Options, build};
use nyttig::linkcheck;

fn assert_no_broken_links(root: &Path) {
    let built = build(root, &Options::default()).unwrap_or_else(|d| panic!("{} does not build:\n{d}", root.display()));
    let pages = built.output.keys().filter(|p| p.ends_with(".html")).count();
    assert!(pages > 30, "only {pages} pages");
    let broken = linkcheck::check(&built.output, &built.base_path);
    assert!(broken.is_empty(), "{} broken links in {}:\n{broken:#?}", broken.len(), root.display());
}

#[test]
fn every_link_and_anchor_of_the_demo_portal_leads_somewhere() {
    assert_no_broken_links(Path::new(env!("CARGO_MANIFEST_DIR")));
}

#[test]
fn every_link_and_anchor_of_the_fixture_portal_leads_somewhere() {
    assert_no_broken_links(&fixture("basic"));
}

#[test]
fn a_site_under_a_path_keeps_its_links_inside_it() {
    let built = build(
        &fixture("basic"),
        &Options { base_url: Some("https://example.no/innovasjon/".into()), ..Options::default() },
    )
    .unwrap();
    assert_eq!(built.base_path, "/innovasjon/");
    let broken = linkcheck::check(&built.output, &built.base_path);
    assert!(broken.is_empty(), "{broken:#?}");
    let front = String::from_utf8(built.output["index.html"].to_vec()).unwrap();
    assert!(front.contains("href=\"/innovasjon/"), "links carry the base path");
    assert!(!front.contains("href=\"/tiltak/"), "no link escapes the base path");
}

#[test]
fn markup_written_as_text_is_not_taken_for_a_link_or_an_anchor() {
    let dir = copy_fixture("basic");
    let file = dir.path().join("content/news/trygg-hjemme-vinner-pris.md");
    let text = fs::read_to_string(&file).unwrap()
        + "\nSkriv `<a href=\"x\">` slik: &lt;a href=\"jav&#x09;ascript:x\" id=\"falsk\"&gt; og [her](#falsk).\n";
    fs::write(&file, text).unwrap();
    let built = build(dir.path(), &Options::default());
    let message = built.as_ref().err().map(|d| d.to_string()).unwrap_or_default();
    assert!(message.contains("has no place called `#falsk`"), "an id written as text is no anchor:\n{message}");
    fs::write(&file, fs::read_to_string(&file).unwrap().replace(" og [her](#falsk)", "")).unwrap();
    let built = build(dir.path(), &Options::default()).unwrap();
    let page = String::from_utf8(built.output["nyheter/trygg-hjemme-vinner-pris/index.html"].to_vec()).unwrap();
    assert!(page.contains("&lt;a href=\"jav\tascript:x\""), "the text is on the page as text");
    let broken = linkcheck::check(&built.output, &built.base_path);
    assert!(broken.is_empty(), "text that looks like an attribute is not a link: {broken:#?}");
}

const STORY: &str = "\n## Bakgrunn\n\n#### For dypt\n\n[Les mer](../pages/om-portalen.md)\n";

fn with_story(dir: &Path) -> String {
    let file = dir.join("content/news/trygg-hjemme-vinner-pris.md");
    let text = fs::read_to_string(&file).unwrap() + STORY;
    fs::write(&file, &text).unwrap();
    "content/news/trygg-hjemme-vinner-pris.md".to_owned()
}

#[test]
fn accessibility_problems_in_a_story_are_warnings_with_their_place() {
    let dir = copy_fixture("basic");
    let path = with_story(dir.path());
    let built = build(dir.path(), &Options::default()).expect("warnings do not stop the build");
    let text = fs::read_to_string(dir.path().join(&path)).unwrap();
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let ours: Vec<(usize, String)> =
        built.warnings.iter().filter(|w| w.path == path).map(|w| (w.line, w.message())).collect();
    assert!(
        ours.iter().any(|(l, m)| *l == line_of("#### For dypt") && m.contains("from level 2 to level 4")),
        "{ours:#?}"
    );
    assert!(ours.iter().any(|(l, m)| *l == line_of("[Les mer]") && m.contains("`Les mer`")), "{ours:#?}");
}

#[test]
fn strict_makes_warnings_errors() {
    let dir = copy_fixture("basic");
    let path = with_story(dir.path());
    let run = |extra: &[&str]| {
        let mut args = vec!["check", "--root", dir.path().to_str().unwrap()];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_nyttig")).env("NYTTIG_LANG", "en").args(&args).output().unwrap()
    };
    let relaxed = run(&[]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", String::from_utf8_lossy(&relaxed.stderr));
    let strict = run(&["--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(stderr.contains(&format!("{path}:")) && stderr.contains("error: the link text `Les mer`"), "{stderr}");
}

#[test]
fn every_page_names_its_canonical_address_and_the_strategy_overview_its_first_page() {
    let built = build(Path::new(env!("CARGO_MANIFEST_DIR")), &Options::default()).unwrap();
    let canonical = |file: &str| {
        let html = String::from_utf8_lossy(&built.output[file]).into_owned();
        html.split("<link rel=\"canonical\" href=\"").nth(1).and_then(|r| r.split('"').next()).map(str::to_owned)
    };
    let base = "https://innovation.egebjerg.example.dk/";
    assert_eq!(canonical("index.html").as_deref(), Some(base));
    let first = canonical("strategi/index.html").expect("the strategy overview names a canonical address");
    assert!(first.starts_with(&format!("{base}strategi/")) && first != format!("{base}strategi/"), "{first}");
    let file = format!("{}index.html", first.trim_start_matches(base));
    assert_eq!(canonical(&file).as_deref(), Some(first.as_str()), "the first strategy page names itself");
    assert_eq!(canonical("404.html"), None);
    // The short address `/was/` leads on at once: it names no address of its own.
    assert_eq!(canonical("was/index.html"), None);
    let pages = built.output.keys().filter(|p| p.ends_with("index.html") && *p != "was/index.html").count();
    let with = built
        .output
        .iter()
        .filter(|(p, b)| p.ends_with("index.html") && b.windows(15).any(|w| w == b"rel=\"canonical\""))
        .count();
    assert_eq!(with, pages, "every page has one");
}
