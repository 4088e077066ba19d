//! Builds the fixture portal `tests/fixtures/basic` (Norwegian bokmål, a custom phase model,
//! `paths: { projects: tiltak }`) through the library and asserts on the real output: pages at
//! their URLs, facet counts, escaping, sanitised bodies, personal data, rewritten links, the
//! idea page, the accessibility link, the video, bundles, the timeline and the strategy page.
//! Also builds the repository's own demo portal.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::OnceLock;

use crate::common::{attr_values, fixture, link_texts, numbers_in, text_of};
use nyttig::build::{Built, Options, build};
use nyttig::i18n::Lang;

const BASE: &str = "https://innovasjon.testvik.example.no";
const PUBLISHED: [&str; 4] =
    ["velferdsteknologi-hjemme", "digital-hjemmeoppfolging", "leksehjelp-paa-nett", "matroboten"];
const DRAFT: &str = "hemmelig-utkast";
const HOSTILE_TITLE: &str = r#"<script>alert("x")</script>"#;
const STATEMENT_URL: &str = "https://uustatus.no/nb/erklaringer/publisert/testvik-1234";

fn build_or_explain(root: &Path, drafts: bool) -> Result<Built, String> {
    build(root, &Options { drafts, ..Options::default() })
        .map_err(|d| format!("the build of {} failed:\n{d}", root.display()))
}

fn basic() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    match BUILT.get_or_init(|| build_or_explain(&fixture("basic"), false)) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

fn demo() -> &'static Built {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    match BUILT.get_or_init(|| build_or_explain(Path::new(env!("CARGO_MANIFEST_DIR")), false)) {
        Ok(b) => b,
        Err(e) => panic!("{e}"),
    }
}

/// The HTML of an output file; fails naming the files that do exist.
fn page<'a>(built: &'a Built, path: &str) -> &'a str {
    match built.output.get(path) {
        Some(bytes) => std::str::from_utf8(bytes).unwrap_or_else(|_| panic!("{path} is not UTF-8")),
        None => {
            let html: Vec<&String> = built.output.keys().filter(|k| k.ends_with(".html")).collect();
            panic!("{path} was not built; the HTML files are: {html:#?}")
        }
    }
}

fn html_files(built: &Built) -> impl Iterator<Item = (&String, &str)> {
    built.output.iter().filter(|(k, _)| k.ends_with(".html")).map(|(k, v)| (k, std::str::from_utf8(v).unwrap_or("")))
}

/// Output files whose bytes contain `needle`.
fn files_containing<'a>(built: &'a Built, needle: &str) -> Vec<&'a String> {
    let n = needle.as_bytes();
    built.output.iter().filter(|(_, v)| v.windows(n.len()).any(|w| w == n)).map(|(k, _)| k).collect()
}

/// The `<li>` of the timeline step marked as the current one, as text.
fn current_steps(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find("aria-current=\"step\"") {
        rest = &rest[i..];
        let end = rest.find("</h3>").unwrap_or(rest.len());
        out.push(text_of(&rest[..end]));
        rest = &rest[end..];
    }
    out
}

/// Project slugs whose page is linked from `html`.
fn projects_linked(html: &str, slugs: &[&str]) -> BTreeSet<String> {
    slugs.iter().filter(|s| html.contains(&format!("href=\"/tiltak/{s}/\""))).map(|s| (*s).to_owned()).collect()
}

#[test]
fn every_page_exists_at_its_url() {
    let b = basic();
    let expected = [
        "index.html",
        "tiltak/index.html",
        "tiltak/velferdsteknologi-hjemme/index.html",
        "tiltak/digital-hjemmeoppfolging/index.html",
        "tiltak/leksehjelp-paa-nett/index.html",
        "tiltak/matroboten/index.html",
        "tiltak/fase/proeve/index.html",
        "tiltak/fase/spre/index.html",
        "tiltak/fase/paused/index.html",
        "tiltak/fase/stopped/index.html",
        "tiltak/omraade/helse-og-omsorg/index.html",
        "tiltak/omraade/oppvekst/index.html",
        "tiltak/omraade/teknikk-miljoe/index.html",
        "tiltak/type/everyday/index.html",
        "tiltak/type/radical/index.html",
        "tiltak/emne/velferdsteknologi/index.html",
        "tiltak/emne/sensorer/index.html",
        "tiltak/emne/skole/index.html",
        "tiltak/aar/2024/index.html",
        "tiltak/aar/2023/index.html",
        "tiltak/aar/2022/index.html",
        "innovatorer/index.html",
        "innovatorer/kari-nordmann/index.html",
        "innovatorer/ola-hansen/index.html",
        "innovatorer/per-skjult/index.html",
        "strategi/index.html",
        "strategi/innovasjonsstrategi/index.html",
        "nyheter/index.html",
        "nyheter/trygg-hjemme-vinner-pris/index.html",
        "resultater/index.html",
        "resultater/evaluering-hjemmeoppfolging/index.html",
        "metoder/index.html",
        "metoder/problemtre/index.html",
        "metoder/prototyping/index.html",
        "om-portalen/index.html",
        "ideer/index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
    ];
    let missing: Vec<&str> = expected.iter().copied().filter(|p| !b.output.contains_key(*p)).collect();
    assert!(missing.is_empty(), "missing: {missing:#?}\nbuilt: {:#?}", b.output.keys().collect::<Vec<_>>());
    // `paths: { projects: tiltak }` replaces the language's default segment.
    assert!(
        !b.output.keys().any(|k| k.starts_with("prosjekter/")),
        "the default segment `prosjekter/` was used despite `paths`"
    );
    assert_eq!(b.pages.get("project"), Some(&4), "{:?}", b.pages);
    assert_eq!(b.pages.get("innovator"), Some(&3), "{:?}", b.pages);
}

#[test]
fn facet_pages_list_their_projects_and_the_catalogue_shows_the_counts() {
    let b = basic();
    let catalogue = page(b, "tiltak/index.html");
    assert_eq!(projects_linked(catalogue, &PUBLISHED).len(), 4, "the catalogue lists every published project");
    let facets: [(&str, &[&str]); 15] = [
        ("fase/proeve", &["velferdsteknologi-hjemme"]),
        ("fase/spre", &["digital-hjemmeoppfolging"]),
        ("fase/paused", &["leksehjelp-paa-nett"]),
        ("fase/stopped", &["matroboten"]),
        ("omraade/helse-og-omsorg", &["velferdsteknologi-hjemme", "digital-hjemmeoppfolging"]),
        ("omraade/oppvekst", &["leksehjelp-paa-nett"]),
        ("omraade/teknikk-miljoe", &["matroboten"]),
        ("type/everyday", &["velferdsteknologi-hjemme", "leksehjelp-paa-nett", "matroboten"]),
        ("type/radical", &["digital-hjemmeoppfolging"]),
        ("emne/velferdsteknologi", &["velferdsteknologi-hjemme", "digital-hjemmeoppfolging"]),
        ("emne/sensorer", &["velferdsteknologi-hjemme"]),
        ("emne/skole", &["leksehjelp-paa-nett"]),
        ("aar/2024", &["velferdsteknologi-hjemme"]),
        ("aar/2023", &["digital-hjemmeoppfolging", "leksehjelp-paa-nett"]),
        ("aar/2022", &["matroboten"]),
    ];
    for (facet, want) in facets {
        let html = page(b, &format!("tiltak/{facet}/index.html"));
        let got = projects_linked(html, &PUBLISHED);
        let want: BTreeSet<String> = want.iter().map(|s| (*s).to_owned()).collect();
        assert_eq!(got, want, "projects on the facet page {facet}");
        assert!(html.contains("<html lang=\"nb\""), "{facet}");
        // The facet's link in the catalogue's filter carries its count.
        let url = format!("/tiltak/{facet}/");
        let texts = link_texts(catalogue, &url);
        assert!(!texts.is_empty(), "the catalogue has no link to {url}");
        for t in &texts {
            assert_eq!(numbers_in(t).last().copied(), Some(want.len() as u64), "count shown for {url}: `{t}`");
        }
    }
    let proeve = link_texts(catalogue, "/tiltak/fase/proeve/");
    assert!(
        proeve.iter().all(|t| t.contains("Utprøvingsfasen")),
        "a custom phase is named by its own label: {proeve:?}"
    );
    let area = link_texts(catalogue, "/tiltak/omraade/teknikk-miljoe/");
    assert!(area.iter().all(|t| t.contains("Teknikk & miljø")), "{area:?}");
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let b = basic();
    assert!(!b.output.keys().any(|k| k.contains(DRAFT)), "a draft page was built");
    assert!(files_containing(b, DRAFT).is_empty(), "the draft's slug appears in {:?}", files_containing(b, DRAFT));
    assert!(
        files_containing(b, "Hemmelig utkast").is_empty(),
        "the draft's title appears in {:?}",
        files_containing(b, "Hemmelig utkast")
    );
    assert!(!b.output.contains_key("tiltak/aar/2025/index.html"), "the year only the draft has became a facet page");
    // Every phase of the model has its page; the one only the draft is in lists none.
    let behov = String::from_utf8_lossy(&b.output["tiltak/fase/behov/index.html"]).into_owned();
    assert!(!behov.contains(DRAFT) && !behov.contains("Hemmelig utkast"), "the draft is listed on its phase's page");

    let with = build_or_explain(&fixture("basic"), true).unwrap_or_else(|e| panic!("{e}"));
    let html = page(&with, "tiltak/hemmelig-utkast/index.html");
    assert!(html.contains("Hemmelig utkast"));
    assert!(with.output.contains_key("tiltak/aar/2025/index.html"));
    let sitemap = page(&with, "sitemap.xml");
    assert!(sitemap.contains(&format!("<loc>{BASE}/tiltak/hemmelig-utkast/</loc>")), "{sitemap}");
}

#[test]
fn every_html_page_says_its_language() {
    let b = basic();
    let mut n = 0;
    for (path, html) in html_files(b) {
        assert!(html.contains("<html lang=\"nb\""), "{path} lacks <html lang=\"nb\">");
        n += 1;
    }
    assert!(n >= 37, "only {n} HTML files");
}

#[test]
fn interface_text_is_translated() {
    // `Strings::get` prints the key itself when a word is missing from the language file.
    let prefixes = [
        "nav.",
        "notfound.",
        "facet.",
        "strategy.",
        "ideas.",
        "innovators.",
        "project.",
        "status.",
        "kind.",
        "phase.",
        "fundamental.",
        "origin.",
        "ui.",
    ];
    let mut found = BTreeMap::new();
    for (path, html) in html_files(basic()) {
        let text = text_of(html);
        let keys: Vec<String> = text
            .split(' ')
            .chain(attr_values(html, "href").into_iter().flat_map(|h| h.split(['=', '&'])))
            .filter(|w| {
                prefixes.iter().any(|p| {
                    w.starts_with(p)
                        && w.len() > p.len()
                        && w[p.len()..].chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-')
                })
            })
            .map(str::to_owned)
            .collect();
        if !keys.is_empty() {
            found.insert(path.clone(), keys.into_iter().collect::<BTreeSet<_>>());
        }
    }
    assert!(found.is_empty(), "untranslated interface keys shown to readers: {found:#?}");
}

#[test]
fn text_from_front_matter_is_escaped_everywhere() {
    let b = basic();
    // The spreadsheet file holds the text as written: it is data, served as text/csv, and
    // escaping would change it. Every other file must not hold it raw.
    let csv = "data/projects.csv";
    assert!(
        files_containing(b, HOSTILE_TITLE).is_empty(),
        "the raw title is in {:?}",
        files_containing(b, HOSTILE_TITLE)
    );
    for needle in ["<script>alert(", "<b>teknologi</b>"] {
        let raw = files_containing(b, needle);
        assert!(raw.contains(&&csv.to_owned()), "the CSV lost {needle} as written");
        let raw: Vec<&String> = raw.into_iter().filter(|f| *f != csv).collect();
        assert!(raw.is_empty(), "{needle} is not escaped in {raw:?}");
    }
    let project = page(b, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(project.contains("&lt;script&gt;"), "the title is not shown escaped");
    assert!(
        text_of(project).contains(r#"Trygg hjemme <script>alert("x")</script> & «sånn»"#),
        "the title does not read as written"
    );
    // The title is escaped wherever it is printed: cards, news links, the catalogue.
    for path in
        ["tiltak/index.html", "nyheter/trygg-hjemme-vinner-pris/index.html", "innovatorer/kari-nordmann/index.html"]
    {
        let html = page(b, path);
        assert!(html.contains("&lt;script&gt;"), "{path} does not show the title escaped");
    }
    // Every <script> element in the output is the theme's own script file, or data that is
    // never run (the search page's interface text, with `<` written as `\u003c`).
    for (path, html) in html_files(b) {
        for (i, _) in html.match_indices("<script") {
            let data = html[i..].starts_with(r#"<script type="application/json""#)
                && !html[i..]
                    .split_once('>')
                    .map_or("", |(_, rest)| rest)
                    .split("</script>")
                    .next()
                    .unwrap_or("")
                    .contains('<');
            assert!(
                html[i..].starts_with("<script src=") || data,
                "{path}: an inline <script>: {}",
                &html[i..(i + 60).min(html.len())]
            );
        }
    }
}

#[test]
fn unsafe_raw_html_is_removed_from_bodies_and_safe_html_is_kept() {
    let b = basic();
    let html = page(b, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(html.contains("<b>fed</b>"), "safe raw HTML was removed");
    for bad in ["onerror", "javascript:", "alert(1)", "alert(2)", "alert(3)"] {
        assert!(files_containing(b, bad).is_empty(), "`{bad}` is in {:?}", files_containing(b, bad));
    }
    assert!(text_of(html).contains("klikk her"), "the text of the neutralised link is kept");
}

#[test]
fn contact_details_without_consent_appear_nowhere() {
    let b = basic();
    let secrets = [
        "hemmelig@example.no",
        "+47 99 88 77 66",
        "+4799887766",
        "skjult@example.no",
        "+47 55 44 33 22",
        "+4755443322",
        "hemmelig@",
        "skjult@",
    ];
    for s in secrets {
        assert!(files_containing(b, s).is_empty(), "`{s}` leaks into {:?}", files_containing(b, s));
    }
    let kari = page(b, "innovatorer/kari-nordmann/index.html");
    assert!(kari.contains("synlig@example.no"), "the consenting innovator's e-mail is not shown");
    assert!(kari.contains("+47 11 22 33 44"), "the consenting innovator's phone is not shown");
    assert!(attr_values(kari, "href").contains(&"mailto:synlig@example.no"));
    let ola = page(b, "innovatorer/ola-hansen/index.html");
    assert!(ola.contains("Ola Hansen"));
    let mailtos: Vec<&str> =
        attr_values(ola, "href").into_iter().filter(|h| h.starts_with("mailto:") || h.starts_with("tel:")).collect();
    assert!(
        mailtos.iter().all(|h| h.starts_with("mailto:innovasjon@testvik.example.no")),
        "Ola's page offers a personal contact: {mailtos:?}"
    );
    // Details without any `consent` are a warning that names the file.
    let w = b
        .warnings
        .iter()
        .find(|w| w.path == "content/innovators/per-skjult.md")
        .unwrap_or_else(|| panic!("no warning for per-skjult.md: {:?}", b.warnings));
    assert!(w.message().contains("consent"), "{w}");
    assert!(!w.is_error());
}

#[test]
fn links_by_source_path_become_urls() {
    let b = basic();
    let project = page(b, "tiltak/velferdsteknologi-hjemme/index.html");
    let hrefs = attr_values(project, "href");
    for want in ["/innovatorer/kari-nordmann/", "/innovatorer/kari-nordmann/#bakgrunn", "/metoder/problemtre/"] {
        assert!(hrefs.contains(&want), "no link to {want} in {hrefs:?}");
    }
    let bundle = page(b, "tiltak/digital-hjemmeoppfolging/index.html");
    assert!(
        link_texts(bundle, "/innovatorer/kari-nordmann/").iter().any(|t| t == "Kari"),
        "a link from a bundle (../../innovators/…) was not rewritten"
    );
    assert!(
        link_texts(page(b, "nyheter/trygg-hjemme-vinner-pris/index.html"), "/tiltak/matroboten/")
            .iter()
            .any(|t| t == "matroboten")
    );
    assert!(
        link_texts(page(b, "index.html"), "/tiltak/velferdsteknologi-hjemme/").iter().any(|t| t == "Trygg hjemme"),
        "a link relative to content/ was not rewritten"
    );
    let about = page(b, "om-portalen/index.html");
    assert!(link_texts(about, "/strategi/innovasjonsstrategi/").iter().any(|t| t == "strategien"));
    assert!(attr_values(about, "href").contains(&"#kontakt-oss") && about.contains("id=\"kontakt-oss\""));
    // The anchor the project links to exists on the innovator's page.
    assert!(page(b, "innovatorer/kari-nordmann/index.html").contains("id=\"bakgrunn\""));
    for (path, html) in html_files(b) {
        for h in attr_values(html, "href").into_iter().chain(attr_values(html, "src")) {
            assert!(!h.contains(".md"), "{path} links to a source file: {h}");
        }
    }
}

#[test]
fn the_idea_page_offers_email_when_there_is_no_form() {
    let html = page(basic(), "ideer/index.html");
    // The header's search box is a form on every page; the idea form would be in <main>.
    let main = html.split("<main").nth(1).unwrap_or_default();
    assert!(!main.contains("<form"), "a form without `ideas.form_action`");
    let mailtos: Vec<&str> = attr_values(html, "href").into_iter().filter(|h| h.starts_with("mailto:")).collect();
    assert!(mailtos.iter().any(|h| h.starts_with("mailto:innovasjon@testvik.example.no")), "{mailtos:?}");
    assert!(
        mailtos.iter().any(|h| h.starts_with("mailto:innovasjon@testvik.example.no?subject=")),
        "no mailto with a subject: {mailtos:?}"
    );
}

#[test]
fn the_footer_links_to_the_official_accessibility_statement() {
    let b = basic();
    for (path, html) in html_files(b) {
        let texts = link_texts(html, STATEMENT_URL);
        assert!(!texts.is_empty(), "{path} has no link to the accessibility statement");
        assert!(
            texts.iter().all(|t| t.contains("Tilgjengelighetserklæring")),
            "{path}: the link is named {texts:?}, not as Norwegian law names it"
        );
    }
    assert!(
        !b.output.contains_key("tilgjengelighetserklaering/index.html"),
        "a built-in statement was made although statement_url is set"
    );
}

/// A Danish portal's short address `/was/` leads on at once to the statement, set in
/// portal.yaml or its own; it is no page of the sitemap. A Norwegian portal has none.
#[test]
fn a_danish_portal_leads_from_was_to_its_accessibility_statement() {
    assert!(!basic().output.contains_key("was/index.html"), "a Norwegian portal has a /was/ page");
    let portal = crate::common::portal::Portal::demo();
    let refresh = |built: &Built| {
        let html = crate::common::portal::page(built, "was/index.html");
        let refresh = html.split("<meta http-equiv=\"refresh\" content=\"0; url=").nth(1).map(|r| r.split('"').next());
        let link = link_texts(&html, "/tilgaengelighedserklaering/");
        (refresh.flatten().map(str::to_owned), link, html)
    };
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let (to, link, html) = refresh(&built);
    assert_eq!(to.as_deref(), Some("/tilgaengelighedserklaering/"), "{html}");
    assert!(
        link.iter().any(|t| t.contains("Tilgængelighedserklæring")),
        "no link for readers the refresh does not move: {html}"
    );
    assert!(
        html.contains("<meta name=\"robots\" content=\"noindex\">") && !html.contains("rel=\"canonical\""),
        "{html}"
    );
    let sitemap = crate::common::portal::page(&built, "sitemap.xml");
    assert!(!sitemap.contains("/was/"), "the short address is in the sitemap");

    let official = "https://www.was.digst.dk/innovation-example-dk";
    let yaml = std::fs::read_to_string(portal.root().join("portal.yaml")).unwrap();
    portal.write("portal.yaml", format!("{yaml}\naccessibility:\n  statement_url: {official}\n"));
    // The portal's own statement page comes first (docs/content.md); without it, the official one.
    std::fs::remove_file(portal.root().join("content/pages/tilgaengelighedserklaering.md")).unwrap();
    portal.replace("content/pages/om-portalen.md", "(tilgaengelighedserklaering.md)", "(privatliv.md)");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let (to, _, html) = refresh(&built);
    assert_eq!(to.as_deref(), Some(official), "{html}");
}

#[test]
fn a_video_is_a_link_and_a_placeholder_never_an_embed() {
    let b = basic();
    for (path, html) in html_files(b) {
        assert!(!html.contains("<iframe"), "{path} embeds an iframe");
        for src in attr_values(html, "src") {
            let s = src.to_ascii_lowercase();
            assert!(!s.contains("youtube") && !s.contains("youtu.be") && !s.contains("vimeo"), "{path} loads {src}");
        }
    }
    assert!(
        files_containing(b, "youtube.com/embed").is_empty(),
        "an embed address that sets cookies: {:?}",
        files_containing(b, "youtube.com/embed")
    );
    let html = page(b, "tiltak/digital-hjemmeoppfolging/index.html");
    let texts = link_texts(html, "https://www.youtube.com/watch?v=abcdefghijk");
    assert!(texts.iter().any(|t| t.contains("YouTube")), "no link to the video naming its host: {texts:?}");
    // The placeholder tells the reader where the video lives before anything is fetched.
    let text = text_of(html);
    assert!(text.matches("YouTube").count() >= 2, "no placeholder text naming YouTube besides the link: {text}");
}

#[test]
fn a_bundle_image_is_copied_beside_its_page() {
    let b = basic();
    let original = std::fs::read(fixture("basic").join("content/projects/digital-hjemmeoppfolging/bilde.svg")).unwrap();
    assert_eq!(
        b.output.get("tiltak/digital-hjemmeoppfolging/bilde.svg").map(|b| &b[..]),
        Some(&original[..]),
        "the image was not copied beside the page"
    );
    let html = page(b, "tiltak/digital-hjemmeoppfolging/index.html");
    let srcs = attr_values(html, "src");
    assert!(srcs.contains(&"/tiltak/digital-hjemmeoppfolging/bilde.svg"), "{srcs:?}");
    assert!(attr_values(html, "alt").contains(&"Skisse av en pasient som måler blodtrykket hjemme"));
    assert!(!b.output.keys().any(|k| k.ends_with("bilde.svg") && k != "tiltak/digital-hjemmeoppfolging/bilde.svg"));
}

#[test]
fn the_timeline_marks_the_phase_reached() {
    let b = basic();
    for (slug, label) in [
        ("velferdsteknologi-hjemme", "Utprøvingsfasen"),
        ("digital-hjemmeoppfolging", "Spredningsfasen"),
        // Paused and stopped projects mark the last phase they reached.
        ("leksehjelp-paa-nett", "Utviklingsfasen"),
        ("matroboten", "Utprøvingsfasen"),
    ] {
        let html = page(b, &format!("tiltak/{slug}/index.html"));
        let current = current_steps(html);
        assert_eq!(current.len(), 1, "{slug}: {current:?}");
        assert!(current[0].contains(label), "{slug}: the current step is `{}`, not {label}", current[0]);
        for other in ["Behovsfasen", "Utviklingsfasen", "Utprøvingsfasen", "Spredningsfasen"] {
            assert!(text_of(html).contains(other), "{slug}: the timeline lacks {other}");
        }
    }
}

#[test]
fn a_zero_fundamental_is_flagged() {
    let b = basic();
    let html = page(b, "tiltak/velferdsteknologi-hjemme/index.html");
    let rows: Vec<&str> = html.split("<tr").skip(1).collect();
    let forankring =
        rows.iter().find(|r| text_of(&format!("<tr{r}")).contains("Forankring")).expect("no row for Forankring");
    assert!(forankring.contains("is-zero"), "the zero is not marked: {forankring}");
    assert_eq!(rows.iter().filter(|r| r.contains("is-zero")).count(), 1);
    let healthy = page(b, "tiltak/digital-hjemmeoppfolging/index.html");
    assert!(healthy.contains("Forankring"), "the other project's fundamentals are missing");
    assert!(!healthy.contains("is-zero"), "a project without zeros is flagged");
}

#[test]
fn paused_and_stopped_projects_show_their_state() {
    let b = basic();
    let paused = text_of(page(b, "tiltak/leksehjelp-paa-nett/index.html"));
    assert!(paused.contains("På pause"), "{paused}");
    assert!(paused.contains("Oppvekstutvalget satte tiltaket på pause"), "the decision is not shown");
    assert!(paused.contains("1. februar 2024"), "the date of the pause is not shown");
    let stopped = text_of(page(b, "tiltak/matroboten/index.html"));
    assert!(stopped.contains("Stoppet"), "{stopped}");
    assert!(stopped.contains("Roboten passet ikke inn i hverdagen på sykehjemmet"), "the note is not shown");
    let active = text_of(page(b, "tiltak/velferdsteknologi-hjemme/index.html"));
    assert!(!active.contains("På pause") && !active.contains("Stoppet"), "an active project shows a state");
    let cards = text_of(page(b, "tiltak/fase/paused/index.html"));
    assert!(cards.contains("På pause"), "the card does not show the state");
}

#[test]
fn benefits_are_written_as_norwegian_numbers() {
    let text = text_of(page(basic(), "tiltak/velferdsteknologi-hjemme/index.html"));
    assert!(text.contains("Sparte timer") && text.contains("timer/år"), "{text}");
    assert!(
        text.contains("2\u{a0}000") && text.contains("1\u{a0}450"),
        "numbers are not grouped with a no-break space: {text}"
    );
    assert!(text.contains("Færre fall"));
}

#[test]
fn the_strategy_page_shows_targets_and_plan() {
    let b = basic();
    for path in ["strategi/innovasjonsstrategi/index.html", "strategi/index.html"] {
        let text = text_of(page(b, path));
        // Two innovators are certified, one is a leader; the third target is a plain value.
        for (label, value, target) in
            [("Utdannede innovatører", 2, 10), ("Ledere i innovasjonsledelse", 1, 4), ("Ideer fra innbyggerne", 21, 50)]
        {
            let at = text.find(label).unwrap_or_else(|| panic!("{path}: no target `{label}`"));
            let figures = numbers_in(&text[at..]);
            assert_eq!(
                figures.get(..2),
                Some(&[value, target][..]),
                "{path}: `{label}` does not show {value} of {target}: {}",
                text[at..].chars().take(120).collect::<String>()
            );
        }
        for activity in ["Strategien skrives", "Opplæring av innovatører", "Evaluering av strategien"] {
            assert!(text.contains(activity), "{path}: the plan lacks `{activity}`");
        }
        for status in ["done", "ongoing", "planned"] {
            let label = Lang::Nb.strings().get(&format!("status.{status}")).into_owned();
            assert!(text.contains(&label), "{path}: no status `{label}`");
        }
        assert!(text.contains("Vi vil gjøre det som er nyttig"), "{path}: the body is missing");
    }
}

#[test]
fn news_results_methods_and_pages() {
    let b = basic();
    let news = page(b, "nyheter/trygg-hjemme-vinner-pris/index.html");
    assert!(text_of(news).contains("Trygg hjemme vinner & jubler"));
    assert!(
        attr_values(news, "href").contains(&"/tiltak/velferdsteknologi-hjemme/"),
        "the news item does not link its project"
    );
    assert!(attr_values(page(b, "nyheter/index.html"), "href").contains(&"/nyheter/trygg-hjemme-vinner-pris/"));

    let result = page(b, "resultater/evaluering-hjemmeoppfolging/index.html");
    assert!(
        attr_values(result, "href").contains(&"/tiltak/digital-hjemmeoppfolging/"),
        "the result does not link its project"
    );
    assert!(text_of(result).contains("Færre innleggelser"));
    assert!(
        attr_values(page(b, "tiltak/digital-hjemmeoppfolging/index.html"), "href")
            .contains(&"/resultater/evaluering-hjemmeoppfolging/"),
        "the project does not link its result"
    );

    let toolbox = page(b, "metoder/index.html");
    for id in ["behov", "utvikle", "proeve", "spre"] {
        assert!(toolbox.contains(&format!("id=\"{id}\"")), "the toolbox has no place for the phase {id}");
    }
    // Each method is listed under the phases it serves, in the model's order.
    let pos = |needle: &str| toolbox.find(needle).unwrap_or_else(|| panic!("{needle} not in the toolbox"));
    assert!(pos("id=\"behov\"") < pos("/metoder/problemtre/") && pos("/metoder/problemtre/") < pos("id=\"utvikle\""));
    assert!(
        pos("id=\"utvikle\"") < pos("/metoder/prototyping/") && pos("/metoder/prototyping/") < pos("id=\"proeve\"")
    );
    assert_eq!(toolbox.matches("href=\"/metoder/prototyping/\"").count(), 2, "prototyping serves two phases");
    let project = page(b, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(
        attr_values(project, "href").contains(&"/metoder/#proeve"),
        "the timeline does not link the phase's methods"
    );

    // A page with `menu: true` is in the menu of every page.
    for path in ["index.html", "tiltak/index.html", "404.html"] {
        assert!(
            link_texts(page(b, path), "/om-portalen/").iter().any(|t| t == "Om portalen"),
            "{path} has no menu link to the page"
        );
    }
    let dir = page(b, "innovatorer/index.html");
    for slug in ["kari-nordmann", "ola-hansen", "per-skjult"] {
        assert!(
            attr_values(dir, "href").contains(&format!("/innovatorer/{slug}/").as_str()),
            "the directory does not list {slug}"
        );
    }
}

#[test]
fn sitemap_lists_every_page_and_robots_points_to_it() {
    let b = basic();
    let sitemap = page(b, "sitemap.xml");
    let listed: BTreeSet<String> =
        sitemap.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).map(str::to_owned).collect();
    let pages: BTreeSet<String> = b
        .output
        .keys()
        .filter(|k| k.ends_with("index.html"))
        .map(|k| format!("{BASE}/{}", k.trim_end_matches("index.html")))
        .collect();
    assert_eq!(listed, pages, "the sitemap does not list exactly the pages");
    assert!(!sitemap.contains("404"), "the 404 page is in the sitemap");
    let robots = page(b, "robots.txt");
    assert!(robots.contains(&format!("Sitemap: {BASE}/sitemap.xml")), "{robots}");
}

/// `email:` and `phone:` values of the demo's innovators who did not consent.
fn demo_secrets() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/innovators");
    let mut secrets = Vec::new();
    let mut people = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let front = text.split("---").nth(1).unwrap_or("");
        if !front.contains("consent: false") {
            continue;
        }
        people += 1;
        for key in ["email:", "phone:"] {
            for (i, _) in front.match_indices(key) {
                let value = front[i + key.len()..]
                    .split(['\n', ',', '}'])
                    .next()
                    .unwrap_or("")
                    .trim()
                    .trim_matches(['"', '\''])
                    .to_owned();
                if !value.is_empty() {
                    if key == "phone:" {
                        secrets.push(value.replace(' ', ""));
                    }
                    secrets.push(value);
                }
            }
        }
    }
    assert!(people >= 4, "expected the four demo innovators without consent, found {people}");
    assert!(secrets.len() >= 8, "{secrets:?}");
    secrets
}

#[test]
fn the_demo_portal_builds_with_its_whole_catalogue() {
    let b = demo();
    let errors: Vec<_> = b.warnings.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let project_pages = b.pages.get("project").copied().unwrap_or(0);
    assert!(project_pages >= 24, "the demo has only {project_pages} project pages");
    // Every project page is reachable from the catalogue and its pages.
    let facet_segments = ["fase", "omraade", "type", "emne", "aar", "side"];
    let slugs: BTreeSet<&str> = b
        .output
        .keys()
        .filter_map(|k| k.strip_prefix("projekter/")?.strip_suffix("/index.html"))
        .filter(|s| !s.contains('/') && !facet_segments.contains(s))
        // An old address of a project (`aliases:`) has a page that leads on to it.
        .filter(|s| {
            !String::from_utf8_lossy(&b.output[format!("projekter/{s}/index.html").as_str()])
                .contains("http-equiv=\"refresh\"")
        })
        .collect();
    assert_eq!(slugs.len(), project_pages, "{slugs:?}");
    let mut listed = BTreeSet::new();
    for (path, html) in html_files(b) {
        if path == "projekter/index.html" || path.starts_with("projekter/side/") {
            for h in attr_values(html, "href") {
                if let Some(slug) = h.strip_prefix("/projekter/").and_then(|s| s.strip_suffix('/'))
                    && slugs.contains(slug)
                {
                    listed.insert(slug.to_owned());
                }
            }
        }
    }
    assert!(listed.len() >= 24, "the catalogue lists {} projects", listed.len());
    assert_eq!(listed.len(), slugs.len(), "projects missing from the catalogue");
}

#[test]
fn the_demo_portal_leaks_no_contact_details_without_consent() {
    let b = demo();
    for secret in demo_secrets() {
        assert!(files_containing(b, &secret).is_empty(), "`{secret}` leaks into {:?}", files_containing(b, &secret));
    }
}

#[test]
fn a_base_path_prefixes_every_url_and_the_files_stay_put() {
    let b = build(
        &fixture("basic"),
        &Options { base_url: Some("https://example.no/innovasjon".into()), ..Options::default() },
    )
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(
        b.output.contains_key("tiltak/velferdsteknologi-hjemme/index.html"),
        "files are written relative to the output folder"
    );
    let mut wrong = BTreeSet::new();
    for (path, html) in html_files(&b) {
        for attr in ["href", "src", "action"] {
            for v in attr_values(html, attr) {
                if v.starts_with('/') && !v.starts_with("/innovasjon/") {
                    wrong.insert(format!("{path}: {attr}=\"{v}\""));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "root-relative URLs without the base path: {wrong:#?}");
    let project = page(&b, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(
        attr_values(project, "href").contains(&"/innovasjon/innovatorer/kari-nordmann/#bakgrunn"),
        "a rewritten link lacks the base path"
    );
    let sitemap = page(&b, "sitemap.xml");
    let locs: Vec<&str> = sitemap.split("<loc>").skip(1).filter_map(|s| s.split("</loc>").next()).collect();
    assert!(!locs.is_empty() && locs.iter().all(|l| l.starts_with("https://example.no/innovasjon/")), "{locs:?}");
    assert!(page(&b, "robots.txt").contains("Sitemap: https://example.no/innovasjon/sitemap.xml"));
}

#[test]
fn data_results_json_holds_the_figures_of_the_published_projects() {
    let b = basic();
    let json: serde_json::Value = serde_json::from_slice(&b.output["data/results.json"]).expect("valid JSON");
    assert_eq!(json["projects"], PUBLISHED.len(), "the draft is not counted");
    let funnel: Vec<(&str, u64)> = json["funnel"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["phase"].as_str().unwrap(), r["projects"].as_u64().unwrap()))
        .collect();
    // Paused after `utvikle` and stopped after `proeve` count up to where they got.
    assert_eq!(funnel, [("behov", 4), ("utvikle", 4), ("proeve", 3), ("spre", 1)]);
    assert_eq!(json["paused"][0]["phase"], "utvikle");
    assert_eq!(json["stopped"][0]["phase"], "proeve");
    assert_eq!(json["learnt"][0]["slug"], "matroboten");
    assert_eq!(json["learnt"][0]["stopped"], "2023-01-10");
    let targets = json["targets"].as_array().expect("the whole portal's figures have the targets");
    assert!(!targets.is_empty());
    assert!(!b.output["data/results.json"].windows(DRAFT.len()).any(|w| w == DRAFT.as_bytes()));
}

/// A page of a bokmål portal may be in nynorsk (`language: nn`): it carries that `lang`, its
/// interface words are nynorsk and its search words are found; the other pages stay bokmål.
/// A Danish portal cannot have one, nor a Norwegian portal a Danish page.
#[test]
fn a_page_in_nynorsk_on_a_bokmal_portal_speaks_nynorsk() {
    let portal = crate::common::portal::Portal::fixture("basic");
    let file = "content/projects/velferdsteknologi-hjemme.md";
    portal.replace(file, "title:", "language: nn\ntitle:");
    portal.replace("content/projects/matroboten.md", "title:", "language: nn\ntitle:");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let stopped = crate::common::portal::page(&built, "tiltak/matroboten/index.html");
    assert!(stopped.contains("Stoppa") && !stopped.contains("Stoppet"), "the state's label is nynorsk");
    let nn = crate::common::portal::page(&built, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(nn.starts_with("<!doctype html>\n<html lang=\"nn\">") || nn.contains("<html lang=\"nn\">"), "{nn}");
    assert!(nn.contains("Dei fem grunnpilarane") && !nn.contains("De fem grunnpilarene"), "nynorsk words");
    assert!(nn.contains("content=\"nn_NO\""), "the link preview's locale follows the page");
    let nb = crate::common::portal::page(&built, "tiltak/digital-hjemmeoppfolging/index.html");
    assert!(nb.contains("<html lang=\"nb\">") && nb.contains("De fem grunnpilarene"), "the other pages stay bokmål");
    let search = built.search.as_ref().expect("the index");
    let query = nyttig::search::Query { q: "velferdsteknologien".into(), limit: 10, ..Default::default() };
    let hits = search.search(&query).hits;
    assert!(hits.iter().any(|h| h.url.contains("velferdsteknologi-hjemme")), "{hits:?}");

    portal.replace(file, "language: nn", "language: da");
    let said = portal.messages_in(Lang::Nb);
    assert!(said.contains(&format!("{file}:2:11: feil: siden kan ikke være på språket `da`")), "{said}");
    assert!(said.contains("`language: nn`"), "{said}");
    let demo = crate::common::portal::Portal::demo();
    demo.replace("content/projects/spisevenner.md", "title:", "language: nn\ntitle:");
    let said = demo.messages_in(Lang::Da);
    assert!(said.contains("kun en norsk portal kan blande bokmål og nynorsk"), "{said}");
}

/// A reference to a page in a folder of its own may be written `<name>/index`, as the
/// browser editor writes it: it means the same page.
#[test]
fn a_reference_may_name_a_folders_page_as_the_editor_writes_it() {
    let portal = crate::common::portal::Portal::fixture("basic");
    let file = "content/projects/velferdsteknologi-hjemme.md";
    portal.replace(file, "related: [digital-hjemmeoppfolging]", "related: [digital-hjemmeoppfolging/index]");
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let html = crate::common::portal::page(&built, "tiltak/velferdsteknologi-hjemme/index.html");
    assert!(!link_texts(&html, "/tiltak/digital-hjemmeoppfolging/").is_empty(), "the related project is linked");
    portal.replace(file, "digital-hjemmeoppfolging/index]", "finnes-ikke/index]");
    assert!(portal.messages_in(Lang::En).contains("finnes-ikke"), "an unknown one is still an error");
}

/// A portal edited through its git host (`editor:` in portal.yaml) gets the editor at
/// `/admin/`: its page, the configuration made from the content model with the git host as
/// backend, and the bundled CMS unpacked with its licences; robots are kept out, and no
/// public page links to it or loads anything of it. Without `editor:` there is no `/admin/`.
#[test]
fn a_portal_edited_through_its_git_host_gets_its_editor_at_admin_and_others_none() {
    let portal = crate::common::portal::Portal::fixture("basic");
    let plain = portal.build().unwrap_or_else(|d| panic!("{d}"));
    assert!(!plain.output.keys().any(|k| k.starts_with("admin/")), "no editor without `editor:`");
    assert!(!crate::common::portal::page(&plain, "robots.txt").contains("admin"));

    let yaml = portal.read("portal.yaml");
    portal.write("portal.yaml", format!("{yaml}editor:\n  backend: gitea\n  repo: kommune/portal\n  branch: publisert\n  host: https://git.kommune.no/\n  app_id: 3f6d-11\n"));
    let built = portal.build().unwrap_or_else(|d| panic!("{d}"));
    let config: serde_json::Value = serde_json::from_str(&crate::common::portal::page(&built, "admin/config.yml"))
        .expect("the configuration is JSON (and so YAML)");
    assert_eq!(
        config["backend"],
        serde_json::json!({ "name": "gitea", "repo": "kommune/portal", "branch": "publisert", "app_id": "3f6d-11",
                            "base_url": "https://git.kommune.no", "api_root": "https://git.kommune.no/api/v1" })
    );
    let names: Vec<&str> =
        config["collections"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    assert!(names.contains(&"projects") && names.contains(&"innovators"), "{names:?}");
    let page = crate::common::portal::page(&built, "admin/index.html");
    assert!(
        page.contains("src=\"cms/decap-cms.js\"") && page.contains("href=\"config.yml\"") && page.contains("noindex")
    );
    let cms = &built.output["admin/cms/decap-cms.js"];
    assert!(cms.len() > 3_000_000 && cms.starts_with(b"/*"), "the CMS unpacked: {} bytes", cms.len());
    assert!(
        built.output.contains_key("admin/cms/LICENSE")
            && built.output.contains_key("admin/cms/THIRD-PARTY-LICENSES.txt")
    );
    assert!(crate::common::portal::page(&built, "robots.txt").contains("Disallow: /admin/"));
    assert!(!crate::common::portal::page(&built, "sitemap.xml").contains("/admin/"));
    for (file, bytes) in &built.output {
        if file.ends_with(".html") && !file.starts_with("admin/") {
            let text = String::from_utf8_lossy(bytes);
            assert!(!text.contains("admin/") && !text.contains("decap"), "{file} names the editor");
        }
    }

    // What it needs, asked for in the editor's language.
    portal.write("portal.yaml", format!("{yaml}editor:\n  backend: gitee\n  repo: portal\n"));
    let said = portal.messages();
    assert!(said.contains("portal.yaml:") && said.contains("gitee") && said.contains("`github`"), "{said}");
    assert!(said.contains("`portal` is not a repository's name"), "{said}");
    portal.write(
        "portal.yaml",
        format!("{yaml}editor:\n  backend: gitea\n  repo: kommune/portal\n  host: git.kommune.no\n"),
    );
    let said = portal.messages();
    assert!(said.contains("`host` is not an address the editor can use") && said.contains("`app_id`"), "{said}");
}
