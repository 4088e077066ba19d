//! The preview's incremental rebuild (`build::build_again` with a `Cache`) must make exactly
//! the files a full build makes, after edits of every kind, while making again only the pages
//! a one-file content edit affects. Every step edits a copy of the demo portal, rebuilds with
//! the cache, and compares every file and every warning with a fresh full build.

use crate::common::portal::Portal;
use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use nyttig::build::{Built, Cache, Options, build, build_again};
use nyttig::diagnostics::Diagnostics;

/// A copy of the demo portal being previewed: the cache of its last build.
struct Preview {
    dir: Portal,
    cache: Cache,
    options: Options,
    /// The files of the last good build, for telling what a step changed.
    last: nyttig::output::Output,
}

impl Preview {
    fn start() -> Preview {
        let dir = Portal::demo();
        // As `nyttig serve` builds: the search index comes later, apart from the pages.
        let options = Options { search_later: Some("preview".into()), ..Options::default() };
        let mut cache = Cache::default();
        let first = build_again(dir.root(), &options, &mut cache, None).expect("the demo builds");
        let total: usize = first.pages.values().sum();
        assert_eq!(first.rendered, total, "the first build makes every page");
        Preview { dir, cache, options, last: first.output }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.root().join(rel)
    }

    fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap()
    }

    /// Replaces `old` by `new` in a file (which must hold `old`).
    fn replace(&self, rel: &str, old: &str, new: &str) -> PathBuf {
        let text = self.read(rel);
        assert!(text.contains(old), "{rel} does not hold {old:?}");
        self.write(rel, &text.replacen(old, new, 1))
    }

    fn write(&self, rel: &str, text: &str) -> PathBuf {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(&path, text).unwrap();
        path
    }

    /// Builds again after `changed`, checks the result against a full build of the same
    /// files, and returns it with the files it changed.
    fn rebuild(&mut self, step: &str, changed: &[impl AsRef<Path>]) -> (Built, BTreeSet<String>) {
        let changed: Vec<PathBuf> = changed.iter().map(|p| p.as_ref().to_owned()).collect();
        let again = build_again(self.dir.root(), &self.options, &mut self.cache, Some(&changed));
        let full = build(self.dir.root(), &self.options);
        let again = same(step, again, full);
        let touched: BTreeSet<String> = again
            .output
            .iter()
            .filter(|(k, v)| self.last.get(*k) != Some(*v))
            .map(|(k, _)| k.clone())
            .chain(self.last.keys().filter(|k| !again.output.contains_key(*k)).cloned())
            .collect();
        self.last = again.output.clone();
        (again, touched)
    }

    /// Builds again after `changed`, expecting errors, and checks them against a full build's.
    fn rebuild_failing(&mut self, step: &str, changed: &[impl AsRef<Path>]) -> Diagnostics {
        let changed: Vec<PathBuf> = changed.iter().map(|p| p.as_ref().to_owned()).collect();
        let again = build_again(self.dir.root(), &self.options, &mut self.cache, Some(&changed));
        let full = build(self.dir.root(), &self.options);
        match (again, full) {
            (Err(a), Err(f)) => {
                assert_eq!(shown(&a.0), shown(&f.0), "{step}: the errors differ from a full build's");
                a
            }
            (a, f) => panic!("{step}: expected both builds to fail: incremental {:?}, full {:?}", a.err(), f.err()),
        }
    }
}

fn shown(diags: &[nyttig::diagnostics::Diagnostic]) -> Vec<String> {
    let mut v: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
    v.sort();
    v
}

/// The incremental build equals the full one: the same files with the same bytes, the same
/// warnings, the same page counts.
fn same(step: &str, again: Result<Built, Diagnostics>, full: Result<Built, Diagnostics>) -> Built {
    let again = again.unwrap_or_else(|d| panic!("{step}: the incremental build failed:\n{d}"));
    let full = full.unwrap_or_else(|d| panic!("{step}: the full build failed:\n{d}"));
    let keys = |b: &Built| b.output.keys().cloned().collect::<BTreeSet<_>>();
    let (a, f) = (keys(&again), keys(&full));
    assert_eq!(
        a.symmetric_difference(&f).collect::<Vec<_>>(),
        Vec::<&String>::new(),
        "{step}: the incremental build made other files than a full build"
    );
    let stale: Vec<&String> = full.output.iter().filter(|(k, v)| again.output[*k] != **v).map(|(k, _)| k).collect();
    assert!(stale.is_empty(), "{step}: these files differ from a full build's: {stale:#?}");
    assert_eq!(shown(&again.warnings), shown(&full.warnings), "{step}: the warnings differ");
    assert_eq!(again.pages, full.pages, "{step}");
    again
}

fn html(built: &Built, file: &str) -> String {
    String::from_utf8_lossy(&built.output[file]).into_owned()
}

#[test]
fn a_one_file_edit_makes_only_the_pages_that_show_it_and_they_equal_a_full_build() {
    let mut p = Preview::start();
    let total: usize = p.last.keys().filter(|k| k.ends_with(".html")).count();

    // A project's title: its page, the catalogue pages it is on, its people's pages, the
    // projects that list it as related, its result and the front page.
    let file =
        p.replace("content/projects/digitalt-nattilsyn.md", "title: Digitalt nattilsyn", "title: Nattilsyn uden besøg");
    let (b, touched) = p.rebuild("project title", &[file]);
    assert!(b.rendered * 4 < total, "a one-file edit made {} of {total} pages again: {touched:#?}", b.rendered);
    for page in [
        "projekter/digitalt-nattilsyn/index.html",
        "projekter/index.html",
        "projekter/fase/implementer/index.html",
        "innovatorer/anna-jensen/index.html",
        "innovatorer/mads-kristensen/index.html",
        "projekter/spiserobot-paa-solhoej/index.html",
    ] {
        assert!(touched.contains(page), "{page} did not change: {touched:#?}");
        assert!(html(&b, page).contains("Nattilsyn uden besøg"), "{page} does not show the new title");
    }
    assert!(!touched.contains("projekter/sprogkufferten/index.html"), "an unrelated project page changed");

    // Its Markdown body only: its own page, nothing that shows it by its front matter.
    let file = p.replace("content/projects/digitalt-nattilsyn.md", "## Behovet", "## Behovet om natten");
    let (b, touched) = p.rebuild("project body", &[file]);
    let pages: Vec<&String> = touched.iter().filter(|k| k.ends_with(".html")).collect();
    assert_eq!(pages, ["projekter/digitalt-nattilsyn/index.html"], "{touched:#?}");
    assert!(b.rendered * 4 < total, "{} pages made again", b.rendered);

    // Files that a project's page shows by their front matter: an innovator's name, a
    // result's title, a news item that starts naming the project.
    let nattilsyn = "projekter/digitalt-nattilsyn/index.html";
    for (step, file, old, new, page, shown) in [
        (
            "innovator name",
            "content/innovators/anna-jensen.md",
            "name: Anna Jensen",
            "name: Anna Jensen-Holm",
            nattilsyn,
            "Anna Jensen-Holm",
        ),
        (
            "result title",
            "content/results/evaluering-laengere-tid-i-eget-hjem.md",
            "title: Evaluering af Længere tid i eget hjem",
            "title: Sådan gik det med Længere tid i eget hjem",
            "projekter/laengere-tid-i-eget-hjem/index.html",
            "Sådan gik det",
        ),
        (
            "news projects",
            "content/news/vi-stopper-spiserobotten.md",
            "projects: [spiserobot-paa-solhoej]",
            "projects: [spiserobot-paa-solhoej, digitalt-nattilsyn]",
            nattilsyn,
            "Vi stopper spiserobotten",
        ),
    ] {
        let file = p.replace(file, old, new);
        let (b, _) = p.rebuild(step, &[file]);
        assert!(html(&b, page).contains(shown), "{step}: {page} does not show {shown:?}");
    }

    // A method's phases decide where the timelines link to the toolbox: with these two
    // edits no method is left for `nytaenk`.
    let link = "metoder/#nytaenk";
    assert!(html(&b, "projekter/digitalt-nattilsyn/index.html").contains(link));
    let files = [
        p.replace("content/methods/hvad-nu-hvis.md", "phases: [nytaenk]", "phases: [udforsk]"),
        p.replace("content/methods/prototyping-med-pap-og-papir.md", "phases: [nytaenk, test]", "phases: [test]"),
    ];
    let (b, _) = p.rebuild("method phases", &files);
    assert!(!html(&b, "projekter/digitalt-nattilsyn/index.html").contains(link));

    // A strategy target and a plain page's body.
    let file = p.replace("content/strategy/innovationsstrategi.md", "target: 50, value: 21", "target: 50, value: 22");
    p.rebuild("strategy target", &[file]);
    let file = p.replace("content/pages/om-portalen.md", "## Hvad er innovationsportalen?", "## Hvad er portalen?");
    p.rebuild("page body", &[file]);
}

#[test]
fn edits_that_move_projects_between_pages_equal_a_full_build() {
    let mut p = Preview::start();

    // A new phase moves the project to other facet pages and changes every count.
    let file = p.replace("content/projects/digitalt-nattilsyn.md", "phase: implementer", "phase: test");
    let file2 = p.replace(
        "content/projects/digitalt-nattilsyn.md",
        "  - { phase: implementer, date: 2025-04-01, decision: \"Ældre- og sundhedsudvalget besluttede at tilbyde digitalt nattilsyn i hele kommunen\" }\n",
        "",
    );
    p.rebuild("phase", &[file, file2]);

    // A start date reorders the catalogue; a new tag makes a new facet page.
    let file = p.replace("content/projects/spisevenner.md", "started: 2025-02-03", "started: 2019-01-01");
    p.rebuild("start date", &[file]);
    let file = p.replace(
        "content/projects/digitalt-nattilsyn.md",
        "tags: [velfærdsteknologi,",
        "tags: [natteliv, velfærdsteknologi,",
    );
    let (b, _) = p.rebuild("new tag", &[file]);
    assert!(b.output.contains_key("projekter/emne/natteliv/index.html"));

    // A new project, renamed, then removed.
    let new = p.write(
        "content/projects/ny-ide.md",
        "---\ntitle: Ny idé\nsummary: En ny idé fra en borger.\nphase: udforsk\nkind: everyday\narea: Klima og miljø\nstarted: 2026-11-01\nowner: anna-jensen\n---\nSe også [Digitalt nattilsyn](digitalt-nattilsyn.md).\n",
    );
    let (b, _) = p.rebuild("new project", &[&new]);
    assert!(html(&b, "innovatorer/anna-jensen/index.html").contains("Ny idé"));
    let renamed = p.path("content/projects/endnu-en-ide.md");
    fs::rename(&new, &renamed).unwrap();
    let (b, _) = p.rebuild("renamed project", &[&new, &renamed]);
    assert!(b.output.contains_key("projekter/endnu-en-ide/index.html"));
    assert!(!b.output.contains_key("projekter/ny-ide/index.html"));
    fs::remove_file(&renamed).unwrap();
    let (b, _) = p.rebuild("removed project", &[renamed]);
    assert!(!html(&b, "innovatorer/anna-jensen/index.html").contains("Ny idé"));

    // A whole folder moved in (a bundle with its picture) and out again.
    let outside = tempfile::tempdir().unwrap();
    let bundle = outside.path().join("skolehaver");
    fs::create_dir_all(&bundle).unwrap();
    fs::write(bundle.join("have.svg"), b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    fs::write(
        bundle.join("index.md"),
        "---\ntitle: Skolehaver\nsummary: Børn dyrker grøntsager.\nphase: test\nkind: everyday\narea: Klima og miljø\nstarted: 2026-03-01\nimage: { src: have.svg, alt: Et bed med gulerødder }\n---\nSe ![et bed](have.svg).\n",
    )
    .unwrap();
    let inside = p.path("content/projects/skolehaver");
    fs::rename(&bundle, &inside).unwrap();
    let (b, _) = p.rebuild("folder moved in", &[&inside]);
    assert!(b.output.contains_key("projekter/skolehaver/have.svg"));
    fs::rename(&inside, &bundle).unwrap();
    let (b, _) = p.rebuild("folder moved out", &[&inside]);
    assert!(!b.output.contains_key("projekter/skolehaver/index.html"));
    fs::write(bundle.join("have.svg"), b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3\"/>").unwrap();
    fs::rename(&bundle, &inside).unwrap();
    let (b, _) = p.rebuild("folder moved in again, its picture changed meanwhile", &[&inside]);
    assert!(b.output["projekter/skolehaver/have.svg"].windows(9).any(|w| w == b"width=\"3\""));

    // A draft leaves the catalogue; published again, it comes back.
    let file = p.replace("content/projects/sprogkufferten.md", "---\n", "---\ndraft: true\n");
    let (b, _) = p.rebuild("draft", &[&file]);
    assert!(!b.output.contains_key("projekter/sprogkufferten/index.html"));
    p.replace("content/projects/sprogkufferten.md", "draft: true\n", "");
    p.rebuild("published", &[file]);
}

#[test]
fn links_pictures_settings_and_templates_equal_a_full_build() {
    let mut p = Preview::start();

    // A link in one body to a page that is then removed is an error, and mended again.
    let target = p.write("content/pages/kontakt.md", "---\ntitle: Kontakt\n---\nSkriv til os.\n");
    p.rebuild("new page", &[&target]);
    let linking = p.replace(
        "content/pages/om-portalen.md",
        "## Hvad er innovationsportalen?",
        "[Kontakt](kontakt.md)\n\n## Hvad er innovationsportalen?",
    );
    let (b, _) = p.rebuild("link to it", &[&linking]);
    assert!(html(&b, "om-portalen/index.html").contains("href=\"/kontakt/\""));
    fs::remove_file(&target).unwrap();
    let errors = p.rebuild_failing("linked page removed", &[&target]);
    assert!(errors.to_string().contains("content/pages/om-portalen.md"), "{errors}");
    p.replace("content/pages/om-portalen.md", "[Kontakt](kontakt.md)\n\n", "");
    p.rebuild("link removed", &[linking]);

    // A broken front matter fails; fixed, the build equals a full one again.
    let file = p.replace("content/projects/spisevenner.md", "title: ", "title: [unclosed\nx: ");
    p.rebuild_failing("broken front matter", &[&file]);
    let text = p.read("content/projects/spisevenner.md").replace("title: [unclosed\nx: ", "title: ");
    p.write("content/projects/spisevenner.md", &text);
    p.rebuild("fixed front matter", &[file]);

    // A drawing in a bundle changes only its bytes, not its size; a missing one is an error
    // until it is back.
    let picture = p.path("content/projects/sundhedsbussen/illustration.svg");
    let original = fs::read(&picture).unwrap();
    fs::write(
        &picture,
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"320\" height=\"200\"><circle r=\"9\"/></svg>",
    )
    .unwrap();
    let (b, touched) = p.rebuild("picture changed", &[&picture]);
    assert_eq!(touched.into_iter().collect::<Vec<_>>(), ["projekter/sundhedsbussen/illustration.svg"]);
    assert_eq!(b.rendered, p.pages_always_made(), "a picture's bytes made pages again");
    fs::remove_file(&picture).unwrap();
    p.rebuild_failing("picture removed", &[&picture]);
    fs::write(&picture, &original).unwrap();
    p.rebuild("picture back", &[picture]);

    // A photo changes its bytes under the same name: the pages that show it (the project's,
    // its news item's, the cards of it) are made again, and no other.
    let photo = p.path("content/projects/sundhedsbussen/bussen-paa-torvet.jpg");
    let original = fs::read(&photo).unwrap();
    let before = p.rebuild("nothing changed", &[] as &[PathBuf]).0;
    fs::copy(crate::common::fixture("pictures").join("small.jpg"), &photo).unwrap();
    let (b, touched) = p.rebuild("photo changed", &[&photo]);
    let pages: Vec<&String> = touched.iter().filter(|t| t.ends_with(".html")).collect();
    assert!(pages.iter().any(|t| t.as_str() == "projekter/sundhedsbussen/index.html"), "{pages:?}");
    let all: usize = b.pages.values().sum();
    assert!(b.rendered < all / 3, "{} of {all} pages made again ({} always are)", b.rendered, before.rendered);
    fs::write(&photo, &original).unwrap();
    p.rebuild("photo back", &[photo]);

    // static/: a changed file and a new one.
    let favicon = p.path("static/favicon.svg");
    fs::write(&favicon, b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    p.rebuild("static changed", &[favicon]);
    let new = p.write("static/robots.txt", "User-agent: *\nDisallow: /\n");
    let (b, _) = p.rebuild("static new", &[new]);
    assert_eq!(&b.output["robots.txt"][..], b"User-agent: *\nDisallow: /\n");

    // The portal's own template, then portal.yaml: every page again.
    let template = p.write(
        "templates/base.html",
        &fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"))
            .unwrap()
            .replacen("<footer", "<!-- own footer --><footer", 1),
    );
    let (b, _) = p.rebuild("own template", &[template]);
    assert!(html(&b, "projekter/digitalt-nattilsyn/index.html").contains("<!-- own footer -->"));
    let config = p.replace("portal.yaml", "title: Innovation i Egebjerg Kommune", "title: Innovation i Egebjerg");
    let (b, _) = p.rebuild("portal.yaml", &[config]);
    assert_eq!(b.rendered, b.pages.values().sum::<usize>(), "a new portal.yaml makes every page again");
}

impl Preview {
    /// The pages made at every build: the front page, the listings and strategy pages, whose
    /// figures span the portal.
    fn pages_always_made(&mut self) -> usize {
        let again = build_again(self.dir.root(), &self.options, &mut self.cache, Some(&[])).unwrap();
        again.rendered
    }
}
