//! `feed.xml` of the fixture portal `tests/fixtures/basic` and of the demo portal, read with a
//! real XML parser and held to the rules of RFC 4287 (Atom) that a reader relies on: one id,
//! title, updated and author for the feed, a self link, and for every entry a unique absolute
//! id, a title, an RFC 3339 date and a link to a page the build made. Also: newest first, no
//! draft, and the phase changes of one project worded as they should be.

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::fixture;
use nyttig::build::{Built, Options, build};
use roxmltree::{Document, Node};

const ATOM: &str = "http://www.w3.org/2005/Atom";

fn built(root: &Path) -> Built {
    build(root, &Options::default()).unwrap_or_else(|d| panic!("the build of {} failed:\n{d}", root.display()))
}

fn feed(built: &Built) -> &str {
    std::str::from_utf8(built.output.get("feed.xml").expect("feed.xml was not built")).unwrap()
}

fn children<'a, 'i>(node: Node<'a, 'i>, name: &'a str) -> impl Iterator<Item = Node<'a, 'i>> + 'a {
    node.children().filter(move |c| c.tag_name().namespace() == Some(ATOM) && c.tag_name().name() == name)
}

/// The only child `name` of `node`; fails when there is none or more than one.
fn one<'a, 'i>(node: Node<'a, 'i>, name: &'a str, what: &str) -> Node<'a, 'i> {
    let found: Vec<Node> = children(node, name).collect();
    assert_eq!(found.len(), 1, "{what} must have exactly one atom:{name}, has {}", found.len());
    found[0]
}

fn text<'a>(node: Node<'a, '_>, name: &'a str, what: &str) -> &'a str {
    one(node, name, what).text().unwrap_or("")
}

/// `link` elements with this `rel` (a link without one is `alternate`, RFC 4287 4.2.7.2).
fn links<'a, 'i>(node: Node<'a, 'i>, rel: &'a str) -> Vec<Node<'a, 'i>> {
    children(node, "link").filter(|l| l.attribute("rel").unwrap_or("alternate") == rel).collect()
}

/// RFC 3339 `date-time`: `2025-01-20T00:00:00Z`, with optional fractions and a numeric offset.
fn is_rfc3339(s: &str) -> bool {
    let b = s.as_bytes();
    let digits = |r: std::ops::Range<usize>| b.get(r).is_some_and(|d| d.iter().all(u8::is_ascii_digit));
    if b.len() < 20 || !digits(0..4) || !digits(5..7) || !digits(8..10) || !digits(11..13) {
        return false;
    }
    if b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') || b[13] != b':' || b[16] != b':' {
        return false;
    }
    if !digits(14..16) || !digits(17..19) {
        return false;
    }
    let (month, day): (u8, u8) = (s[5..7].parse().unwrap(), s[8..10].parse().unwrap());
    let (hour, minute, second): (u8, u8, u8) =
        (s[11..13].parse().unwrap(), s[14..16].parse().unwrap(), s[17..19].parse().unwrap());
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
        return false;
    }
    let mut rest = &s[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest.as_bytes() {
        [b'Z' | b'z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => [h1, h2, m1, m2].iter().all(|d| d.is_ascii_digit()),
        _ => false,
    }
}

/// An absolute URI: a scheme (RFC 3986 3.1) before the first `:`, and something after it.
fn is_absolute_uri(s: &str) -> bool {
    let Some((scheme, rest)) = s.split_once(':') else { return false };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !rest.is_empty()
        && !s.contains(char::is_whitespace)
}

/// The output file a URL on the portal's origin is written to, as `Urls::file` does it.
fn file_of(origin: &str, href: &str) -> String {
    let path = href.strip_prefix(origin).unwrap_or_else(|| panic!("{href} is not on {origin}"));
    let path = path.split('#').next().unwrap().trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') { format!("{path}index.html") } else { path.to_owned() }
}

/// An entry as read: (id, title, updated).
type Read = (String, String, String);

/// Checks the feed of `built`, whose base URL is `origin` + `/`, against RFC 4287, and
/// returns its entries in order.
fn check(built: &Built, origin: &str) -> Vec<Read> {
    let xml = feed(built);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"), "{}", &xml[..80.min(xml.len())]);
    let doc = Document::parse(xml).unwrap_or_else(|e| panic!("feed.xml is not well-formed XML: {e}"));
    let root = doc.root_element();
    assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some(ATOM), "feed"));

    let home = format!("{origin}/");
    assert_eq!(text(root, "id", "the feed"), home);
    assert!(!text(root, "title", "the feed").is_empty());
    assert!(is_rfc3339(text(root, "updated", "the feed")));
    assert!(!text(one(root, "author", "the feed"), "name", "the feed's author").is_empty());
    let this = links(root, "self");
    assert_eq!(this.len(), 1, "the feed must link to itself once");
    assert_eq!(this[0].attribute("href"), Some(format!("{origin}/feed.xml").as_str()));
    let alternate = links(root, "alternate");
    assert_eq!(alternate.len(), 1);
    assert_eq!(alternate[0].attribute("href"), Some(home.as_str()));

    let mut ids = HashSet::new();
    let mut read = Vec::new();
    for entry in children(root, "entry") {
        let id = text(entry, "id", "an entry").to_owned();
        assert!(is_absolute_uri(&id), "the id {id} is not an absolute URI");
        assert!(ids.insert(id.clone()), "the id {id} is used twice");
        let what = format!("the entry {id}");
        let title = text(entry, "title", &what).to_owned();
        assert!(!title.is_empty(), "{what} has an empty title");
        let updated = text(entry, "updated", &what).to_owned();
        assert!(is_rfc3339(&updated), "{what}: `{updated}` is not an RFC 3339 date");
        assert!(children(entry, "published").count() <= 1);
        assert!(children(entry, "summary").count() <= 1);
        let alternate = links(entry, "alternate");
        assert_eq!(alternate.len(), 1, "{what} must have one alternate link");
        let href = alternate[0].attribute("href").unwrap_or("");
        assert!(href.starts_with(&home), "{what} links to {href}, not to a page on {origin}");
        let file = file_of(origin, href);
        assert!(built.output.contains_key(&file), "{what} links to {href}, but {file} was not built");
        read.push((id, title, updated));
    }
    assert!(read.len() <= nyttig::feed::LIMIT);
    // Every date is written the same way (`…T00:00:00Z`), so text order is time order.
    assert!(read.windows(2).all(|w| w[0].2 >= w[1].2), "entries are not newest first: {read:#?}");
    if let Some(newest) = read.first() {
        assert_eq!(text(root, "updated", "the feed"), newest.2, "the feed is as new as its newest entry");
    }
    read
}

#[test]
fn the_fixture_feed_is_valid_atom_with_news_and_phase_changes() {
    let built = built(&fixture("basic"));
    let entries = check(&built, "https://innovasjon.testvik.example.no");
    let xml = feed(&built);
    assert!(!xml.contains("hemmelig-utkast") && !xml.contains("Hemmelig utkast"), "the draft is in the feed");

    let titled = |id_part: &str| -> Vec<&str> {
        entries.iter().filter(|(id, _, _)| id.contains(id_part)).map(|(_, t, _)| t.as_str()).collect()
    };
    assert_eq!(
        titled("/tiltak/matroboten/#"),
        [
            "Matroboten ble stoppet",
            "Matroboten gikk videre til Utprøvingsfasen",
            "Matroboten startet i fasen Behovsfasen"
        ]
    );
    let hostile = r#"Trygg hjemme <script>alert("x")</script> & «sånn»"#;
    assert_eq!(
        titled("/tiltak/velferdsteknologi-hjemme/#"),
        [
            format!("{hostile} gikk videre til Utprøvingsfasen"),
            format!("{hostile} gikk videre til Utviklingsfasen"),
            format!("{hostile} startet i fasen Behovsfasen"),
        ]
    );
    assert!(!xml.contains("<script>"), "markup in a title must be escaped");
    assert_eq!(titled("/tiltak/leksehjelp-paa-nett/#")[0], "Leksehjelp på nett ble satt på pause");
    let news: Vec<&Read> = entries.iter().filter(|(id, _, _)| id.contains("/nyheter/")).collect();
    assert_eq!(news.len(), 1);
    assert_eq!(
        (news[0].0.as_str(), news[0].1.as_str(), news[0].2.as_str()),
        (
            "https://innovasjon.testvik.example.no/nyheter/trygg-hjemme-vinner-pris/",
            "Trygg hjemme vinner & jubler",
            "2025-01-20T00:00:00Z"
        )
    );
    // 1 news item and 3 + 4 + 3 + 3 phase changes of the four published projects.
    assert_eq!(entries.len(), 14);
}

#[test]
fn the_demo_feed_is_valid_atom() {
    let built = built(Path::new(env!("CARGO_MANIFEST_DIR")));
    let entries = check(&built, "https://innovation.egebjerg.example.dk");
    assert_eq!(entries.len(), nyttig::feed::LIMIT, "the demo has more than enough to fill the feed");
    assert!(entries.iter().any(|(id, _, _)| id.contains("/nyheder/")), "the newest news is in the feed");
    assert!(entries.iter().any(|(id, _, _)| id.contains("#phase-")), "phase changes are in the feed");
}

#[test]
fn the_preview_build_makes_the_same_feed() {
    // `nyttig serve` builds with `search_later` and a cache; its feed is the full build's.
    let root = fixture("basic");
    let full = built(&root);
    let options = Options { search_later: Some("preview".into()), ..Options::default() };
    let mut cache = nyttig::build::Cache::default();
    let preview = nyttig::build::build_again(&root, &options, &mut cache, None).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(feed(&preview), feed(&full));
}

#[test]
fn a_long_history_on_one_day_builds_in_linear_time() {
    // 20,000 phase changes on one day, the newest of the portal: every one of them competes for
    // the feed's 50 places, and the ids count the same phase earlier that day (`-2` … `-5000`).
    // Ranking them once cost the square of the history: about 1 s in a release build, and it
    // grew fourfold with every doubling.
    let dir = crate::common::copy_fixture("basic");
    let phases = ["behov", "utvikle", "proeve", "spre"];
    let mut front = String::from(
        "---\ntitle: Lang historikk\nsummary: Mange faseskift.\nkind: everyday\narea: Oppvekst\nstarted: 2024-01-01\nphase: spre\nhistory:\n",
    );
    for k in 0..20_000 {
        front.push_str(&format!("  - {{ phase: {}, date: 2030-01-01 }}\n", phases[k % 4]));
    }
    front.push_str("---\nTekst.\n");
    std::fs::write(dir.path().join("content/projects/lang-historikk.md"), front).unwrap();

    let started = Instant::now();
    let built = built(dir.path());
    let took = started.elapsed();
    // A loose bound on the whole build (it shares two cores with the other tests, some of
    // which make pictures): the quadratic cost grew fourfold per doubling. The feed's own
    // bound below is the sharp one.
    assert!(took < Duration::from_secs(20), "the build took {took:?}");
    // The feed on its own, a sharper bound: counting each id's `-2`, `-3` by reading the history
    // above it took about 3.3 s in the dev profile at this size, so the build's 5 s hardly
    // told; the feed now takes about 0.1 s.
    let site = nyttig::build::site(dir.path(), &Options::default()).unwrap_or_else(|d| panic!("{d}"));
    let urls = nyttig::urls::Urls::new(&site.config);
    let started = Instant::now();
    let xml = nyttig::feed::atom(&site, &urls);
    let took = started.elapsed();
    assert!(took < Duration::from_secs(1), "the feed took {took:?}");
    assert_eq!(xml, feed(&built));

    // `check` holds every entry to the rules, unique ids among them.
    let entries = check(&built, "https://innovasjon.testvik.example.no");
    assert_eq!(entries.len(), nyttig::feed::LIMIT);
    let prefix = "https://innovasjon.testvik.example.no/tiltak/lang-historikk/#phase-";
    assert!(entries.iter().all(|(id, _, updated)| id.starts_with(prefix) && updated == "2030-01-01T00:00:00Z"));
    // One day: by title, then by id.
    assert!(entries.windows(2).all(|w| (&w[0].1, &w[0].0) < (&w[1].1, &w[1].0)), "{entries:#?}");
    assert_eq!(entries[0].1, "Lang historikk gikk tilbake til Behovsfasen");
    assert_eq!(entries[0].0, format!("{prefix}behov-2030-01-01-10"));
}
