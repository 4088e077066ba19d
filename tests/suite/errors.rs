//! Invalid portals, one defect each: a copy of `tests/fixtures/basic` with one file written,
//! overwritten or removed. Each case names the file, line, column, message and hint the editor
//! must see. Then the command line: exit codes, messages, and what it must never write.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::mpsc;
use std::time::Duration;

use crate::common::portal::{Portal, write_file};
use crate::common::{copy_fixture, fixture, snapshot};
use nyttig::build::{Options, build};
use nyttig::diagnostics::{Diagnostic, Diagnostics};
use nyttig::i18n::Lang;

/// A valid project; cases change one line of it. Line numbers in the file are in the margin.
const PROJECT: &str = "\
---
title: Feilprosjekt
summary: Ett tiltak med én feil.
phase: behov
kind: everyday
area: Oppvekst
started: 2024-01-01
---
Tekst.
";
//  1 ---
//  2 title
//  3 summary
//  4 phase
//  5 kind
//  6 area
//  7 started
//  8 ---
//  9 Tekst.

const FEIL: &str = "content/projects/feil.md";

/// The valid project with line `n` (1-based) replaced by `with` (which may hold several lines,
/// or none).
fn project_with_line(n: usize, with: &str) -> String {
    let mut lines: Vec<&str> = PROJECT.lines().collect();
    if with.is_empty() {
        lines.remove(n - 1);
    } else {
        lines[n - 1] = with;
    }
    lines.join("\n") + "\n"
}

/// The valid project with `lines` inserted before its closing `---` (so they start at line 8).
fn project_plus(lines: &str) -> String {
    PROJECT.replacen("---\nTekst.", &format!("{lines}\n---\nTekst."), 1)
}

/// The valid project with `body` as its Markdown (the body starts at line 9).
fn project_body(body: &str) -> String {
    PROJECT.replace("Tekst.\n", body)
}

enum Edit {
    Write(String, Vec<u8>),
    Remove(&'static str),
    Mkdir(&'static str),
}

struct Expect {
    path: &'static str,
    line: usize,
    /// `None` where the column is not meaningful.
    col: Option<usize>,
    message: &'static str,
    hint: Option<&'static str>,
}

struct Case {
    name: &'static str,
    edits: Vec<Edit>,
    expect: Expect,
}

fn w(path: &str, text: impl Into<Vec<u8>>) -> Edit {
    Edit::Write(path.to_owned(), text.into())
}

fn expect(
    path: &'static str,
    line: usize,
    col: Option<usize>,
    message: &'static str,
    hint: Option<&'static str>,
) -> Expect {
    Expect { path, line, col, message, hint }
}

fn apply(portal: &Portal, edits: &[Edit]) {
    for e in edits {
        match e {
            Edit::Write(p, bytes) => portal.write(p, bytes),
            Edit::Remove(p) => portal.remove(p),
            Edit::Mkdir(p) => portal.mkdir(p),
        };
    }
}

fn portal_yaml() -> String {
    fs::read_to_string(fixture("basic").join("portal.yaml")).unwrap()
}

fn cases() -> Vec<Case> {
    let matroboten = fs::read_to_string(fixture("basic").join("content/projects/matroboten.md")).unwrap();
    let portal = portal_yaml();
    assert!(
        portal.lines().nth(2) == Some("language: nb")
            && portal.lines().nth(1).is_some_and(|l| l.starts_with("base_url:")),
        "portal.yaml's first lines changed; update the cases"
    );
    vec![
        Case {
            name: "invalid YAML: a value with `: ` in it",
            edits: vec![w(FEIL, project_with_line(3, "summary: Mål: færre fall"))],
            expect: expect(FEIL, 3, Some(13), "this value contains `: `", Some("double quotes")),
        },
        Case {
            name: "invalid YAML: a list that is never closed",
            edits: vec![w(FEIL, project_plus("tags: [skole, leksehjelp"))],
            expect: expect(FEIL, 8, Some(7), "the list that starts here with `[` is not closed", Some("`]`")),
        },
        Case {
            name: "a tab used for indentation",
            edits: vec![w(FEIL, project_with_line(4, "\tphase: behov"))],
            expect: expect(FEIL, 4, Some(1), "a tab character is used for indentation", Some("spaces")),
        },
        Case {
            name: "a quote that is never closed points at the opening quote",
            edits: vec![w(FEIL, project_with_line(2, "title: \"Feilprosjekt"))],
            expect: expect(FEIL, 2, Some(8), "the quote that starts here is never closed", Some("same quote mark")),
        },
        Case {
            name: "front matter that is never closed",
            edits: vec![w(FEIL, "---\ntitle: Feilprosjekt\nsummary: Ett tiltak.\n\nTekst.\n")],
            expect: expect(FEIL, 1, Some(1), "never closed", Some("`---`")),
        },
        Case {
            name: "an empty file",
            edits: vec![w(FEIL, "")],
            expect: expect(FEIL, 0, Some(0), "the file is empty", Some("front matter")),
        },
        Case {
            name: "bytes that are not UTF-8",
            edits: vec![w(FEIL, {
                let mut b = b"---\ntitle: Feilprosjekt \xF8\n".to_vec();
                b.extend_from_slice(PROJECT.split_once("summary").map(|(_, r)| format!("summary{r}")).unwrap().as_bytes());
                b
            })],
            expect: expect(FEIL, 2, Some(21), "not UTF-8", Some("UTF-8")),
        },
        Case {
            name: "an unknown key names the nearest known one",
            edits: vec![w(FEIL, project_plus("phsae: utvikle"))],
            expect: expect(FEIL, 8, Some(1), "`phsae` is not a known field of a project", Some("did you mean `phase`?")),
        },
        Case {
            name: "a group of fields where a list belongs",
            edits: vec![w(FEIL, project_plus("tags: {a: 1}"))],
            expect: expect(FEIL, 8, Some(7), "`tags` must be a list, but it is a group of fields", None),
        },
        Case {
            name: "a list where text belongs",
            edits: vec![w(FEIL, project_with_line(2, "title: [a]"))],
            expect: expect(FEIL, 2, Some(8), "`title` must be text, but it is a list", None),
        },
        Case {
            name: "a date that does not exist",
            edits: vec![w(FEIL, project_with_line(7, "started: 2025-02-30"))],
            expect: expect(FEIL, 7, Some(10), "`started` is `2025-02-30`, but February 2025 has 28 days", Some("the last day of February 2025 is `2025-02-28`")),
        },
        Case {
            name: "a required field is missing",
            edits: vec![w(FEIL, project_with_line(3, ""))],
            expect: expect(FEIL, 1, Some(1), "a project needs `summary`, but it is missing", Some("add a line like `summary:")),
        },
        Case {
            name: "a phase that is not in the portal's model",
            edits: vec![w(FEIL, project_with_line(4, "phase: utvilke"))],
            expect: expect(FEIL, 4, Some(8), "`utvilke` is not a valid `phase`", Some("did you mean `utvikle`?")),
        },
        Case {
            name: "an owner slug that does not exist names the nearest slug",
            edits: vec![w(FEIL, project_plus("owner: kari-nordman"))],
            expect: expect(FEIL, 8, Some(8), "there is no innovator with the slug `kari-nordman`", Some("did you mean `kari-nordmann`?")),
        },
        Case {
            name: "history dates that go back in time",
            edits: vec![w(FEIL, project_with_line(4, "phase: utvikle").replacen("---\nTekst.", "history:\n  - { phase: behov, date: 2024-03-01 }\n  - { phase: utvikle, date: 2024-02-01 }\n---\nTekst.", 1))],
            expect: expect(FEIL, 10, Some(29), "this phase change (2024-02-01) is dated before the one above it (2024-03-01)", Some("oldest first")),
        },
        Case {
            name: "the last phase in history is not the project's phase",
            edits: vec![w(FEIL, project_with_line(4, "phase: proeve").replacen("---\nTekst.", "history:\n  - { phase: behov, date: 2024-01-01 }\n  - { phase: utvikle, date: 2024-02-01 }\n---\nTekst.", 1))],
            expect: expect(FEIL, 10, Some(14), "the last phase in `history` is `utvikle`, but the project's `phase` is `proeve`", Some("`proeve`")),
        },
        Case {
            name: "ended before started",
            edits: vec![w(FEIL, project_plus("ended: 2023-12-31"))],
            expect: expect(FEIL, 8, Some(8), "`ended` (2023-12-31) is before `started` (2024-01-01)", Some("check both dates")),
        },
        Case {
            name: "an image without alt",
            edits: vec![
                w("content/projects/feil/index.md", project_plus("image: { src: bilde.svg }")),
                w("content/projects/feil/bilde.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            ],
            expect: expect("content/projects/feil/index.md", 8, Some(8), "an image needs `alt`", Some("alt:")),
        },
        Case {
            name: "a fundamental scored 7",
            edits: vec![w(FEIL, project_plus("fundamentals: { behov: 7, loesning: 3, paadriver: 3, team: 3, forankring: 3 }"))],
            expect: expect(FEIL, 8, Some(24), "`behov` must be a whole number from 0 to 5, but it is the number `7`", None),
        },
        Case {
            name: "a link to a page that does not exist",
            edits: vec![w(FEIL, project_body("Se [denne siden](../innovators/finnes-ikke.md) for mer.\n"))],
            expect: expect(FEIL, 9, Some(4), "the link points to `../innovators/finnes-ikke.md`, but there is no such page", None),
        },
        Case {
            name: "a misspelt link names the nearest page",
            edits: vec![w(FEIL, project_body("Første linje.\n\nSe [Kari](../innovators/kari-nordman.md).\n"))],
            expect: expect(FEIL, 11, Some(4), "the link points to `../innovators/kari-nordman.md`, but there is no such page", Some("did you mean `innovators/kari-nordmann.md`?")),
        },
        Case {
            name: "a link to an anchor the page does not have",
            edits: vec![w(FEIL, project_body("Les om [bakgrunnen](../innovators/kari-nordmann.md#bakgrun).\n"))],
            expect: expect(FEIL, 9, Some(8), "the page /innovatorer/kari-nordmann/ has no place called `#bakgrun`", Some("did you mean `#bakgrunn`?")),
        },
        Case {
            name: "two files with the same slug",
            edits: vec![w("content/projects/matroboten/index.md", matroboten)],
            expect: expect("content/projects/matroboten.md", 0, Some(0), "two files have the slug `matroboten`", Some("rename or remove one")),
        },
        Case {
            name: "a file name that is not a slug",
            edits: vec![w("content/projects/Min Fil.md", PROJECT)],
            expect: expect("content/projects/Min Fil.md", 0, Some(0), "the name `Min Fil` cannot be used in a web address", Some("rename it to `min-fil`")),
        },
        Case {
            name: "a project named as the portal's own tag pages",
            edits: vec![w("content/projects/emne.md", PROJECT)],
            expect: expect("content/projects/emne.md", 0, Some(0), "the name `emne` is the address of the portal's own pages in this section", Some("these names are taken here: fase, omraade, type, emne, aar, side")),
        },
        Case {
            name: "a project named as the second page of the catalogue",
            edits: vec![w("content/projects/side/index.md", PROJECT)],
            expect: expect("content/projects/side/index.md", 0, Some(0), "the name `side` is the address of the portal's own pages in this section", Some("rename the file")),
        },
        Case {
            name: "a result named as the results pages of a year",
            edits: vec![w("content/results/aar.md", fs::read_to_string(fixture("basic").join("content/results/evaluering-hjemmeoppfolging.md")).unwrap())],
            expect: expect("content/results/aar.md", 0, Some(0), "the name `aar` is the address of the portal's own pages in this section", Some("rename the file")),
        },
        Case {
            name: "an unknown content folder",
            edits: vec![w("content/projekter/feil.md", PROJECT)],
            expect: expect("content/projekter", 0, Some(0), "`projekter` is not a content folder the portal knows", Some("did you mean `projects`?")),
        },
        Case {
            name: "an unknown key in portal.yaml",
            edits: vec![w("portal.yaml", portal.replacen("language: nb", "langauge: nb", 1))],
            expect: expect("portal.yaml", 3, Some(1), "`langauge` is not a known field of portal.yaml", Some("did you mean `language`?")),
        },
        Case {
            name: "a compound part search cannot use",
            edits: vec![w("portal.yaml", format!("{portal}search:\n  compounds: [hjemmepleje, ab]\n"))],
            expect: expect("portal.yaml", 23, Some(28), "`ab` cannot be a compound part", Some("at least five letters")),
        },
        Case {
            name: "portal.yaml without base_url",
            edits: vec![w("portal.yaml", portal.lines().filter(|l| !l.starts_with("base_url:")).collect::<Vec<_>>().join("\n") + "\n")],
            expect: expect("portal.yaml", 1, Some(1), "needs `base_url`, but it is missing", Some("base_url:")),
        },
        Case {
            name: "no portal.yaml at all",
            edits: vec![Edit::Remove("portal.yaml")],
            expect: expect("portal.yaml", 0, Some(0), "there is no portal.yaml", Some("nyttig init")),
        },
        Case {
            name: "an empty unknown folder is named too",
            edits: vec![Edit::Mkdir("content/nyheter")],
            expect: expect("content/nyheter", 0, Some(0), "`nyheter` is not a content folder the portal knows", None),
        },
    ]
}

fn build_copy(edits: &[Edit]) -> Result<nyttig::build::Built, Diagnostics> {
    let portal = Portal::fixture("basic");
    apply(&portal, edits);
    portal.build()
}

fn describe(d: &Diagnostic) -> String {
    format!("{}:{}:{}: {} (hint: {:?})", d.path, d.line, d.col, d.message(), d.hint())
}

/// Checks one case; returns what is wrong, or `None`.
fn check(case: &Case) -> Option<String> {
    let diags = match build_copy(&case.edits) {
        Ok(_) => return Some(format!("[{}] the build succeeded", case.name)),
        Err(d) => d,
    };
    let errors: Vec<&Diagnostic> = diags.0.iter().filter(|d| d.is_error()).collect();
    let all = errors.iter().map(|d| describe(d)).collect::<Vec<_>>().join("\n    ");
    let e = &case.expect;
    let Some(d) = errors.iter().find(|d| d.path == e.path && d.message().contains(e.message)) else {
        return Some(format!(
            "[{}] no error in {} saying `{}`; the errors were:\n    {all}",
            case.name, e.path, e.message
        ));
    };
    let mut wrong = Vec::new();
    if d.line != e.line {
        wrong.push(format!("line {} (expected {})", d.line, e.line));
    }
    if let Some(col) = e.col
        && d.col != col
    {
        wrong.push(format!("column {} (expected {col})", d.col));
    }
    if let Some(h) = e.hint
        && !d.hint().as_deref().is_some_and(|x| x.contains(h))
    {
        wrong.push(format!("hint {:?} (expected one containing `{h}`)", d.hint()));
    }
    wrong.extend(in_every_language(d));
    // One defect, one error: a defect must not drag others along.
    if errors.len() != 1 {
        wrong.push(format!("{} errors (expected 1)", errors.len()));
    }
    if wrong.is_empty() { None } else { Some(format!("[{}] {}\n    errors: {all}", case.name, wrong.join(", "))) }
}

/// What is wrong with a problem as said in each language: each names the file, line and
/// column and has its hint, leaves no `{value}` unfilled, and (outside the editor's own text in
/// backquotes) holds no word of another language.
fn in_every_language(d: &Diagnostic) -> Vec<String> {
    let mut wrong = Vec::new();
    for lang in Lang::ALL {
        let code = lang.code();
        let rendered = d.render(lang);
        let place = if d.line == 0 { format!("{}: ", d.path) } else { format!("{}:{}:{}: ", d.path, d.line, d.col) };
        if !rendered.starts_with(&place) {
            wrong.push(format!("in {code} it does not start with `{place}`: {rendered}"));
        }
        let said = format!("{} {}", d.message_in(lang), d.hint_in(lang).unwrap_or_default());
        if d.hint().is_some() && d.hint_in(lang).is_none_or(|h| h.trim().is_empty()) {
            wrong.push(format!("in {code} it has no hint"));
        }
        let words = outside_backquotes(&said);
        if words.contains('{') {
            wrong.push(format!("in {code} a value is left unfilled: {said}"));
        }
        for foreign in foreign_words(code) {
            if format!(" {words} ").contains(foreign) {
                wrong.push(format!("in {code} it says {foreign:?}: {said}"));
            }
        }
    }
    wrong
}

/// A message without what it quotes in backquotes (field names, the editor's own text).
fn outside_backquotes(text: &str) -> String {
    text.split('`').step_by(2).collect::<Vec<_>>().join(" ")
}

#[test]
fn every_defect_is_reported_where_it_stands() {
    let cases = cases();
    let failures: Vec<String> = cases.iter().filter_map(check).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), cases.len(), failures.join("\n"));
}

/// What the build prints for a portal, with its temporary folder written as `<portal>`.
fn printed(portal: &Portal) -> String {
    portal.messages().replace(&portal.root().display().to_string(), "<portal>")
}

/// Every case's whole message as the editor reads it (position, snippet, caret, hint, the
/// summary), pinned in `snapshots/`: the cases above check what matters in each, this that
/// nothing else changes without a reviewed diff.
#[test]
fn every_message_reads_as_pinned() {
    let name = |kind: &str, i: usize, case: &str| format!("{kind}-{:02}-{}", i + 1, nyttig::text::slugify(case));
    for (i, case) in cases().iter().enumerate() {
        let portal = Portal::fixture("basic");
        apply(&portal, &case.edits);
        insta::assert_snapshot!(name("error", i, case.name), printed(&portal));
        for lang in [Lang::Da, Lang::Nb] {
            let said = portal.messages_in(lang).replace(&portal.root().display().to_string(), "<portal>");
            insta::assert_snapshot!(name(&format!("error-{}", lang.code()), i, case.name), said);
        }
    }
    for (i, case) in vanishing_pages().iter().enumerate() {
        let portal = Portal::fixture("basic");
        (case.make)(portal.root());
        insta::assert_snapshot!(name("vanish", i, case.name), printed(&portal));
        for lang in [Lang::Da, Lang::Nb] {
            let said = portal.messages_in(lang).replace(&portal.root().display().to_string(), "<portal>");
            insta::assert_snapshot!(name(&format!("vanish-{}", lang.code()), i, case.name), said);
        }
    }
}

#[test]
fn the_valid_fixture_and_the_valid_project_build() {
    // Without this, every case above could pass on a broken fixture.
    let dir = Portal::fixture("basic");
    apply(&dir, &[w(FEIL, PROJECT)]);
    if let Err(d) = build(dir.root(), &Options::default()) {
        panic!("the fixture with the valid project does not build:\n{d}");
    }
}

#[test]
fn all_errors_of_a_build_are_reported_together() {
    let edits = [
        w(FEIL, project_plus("phsae: utvikle")),
        w("content/innovators/per-skjult.md", "---\nrole: Driftstekniker\nworkplace: Teknisk drift\n---\n"),
        w(
            "content/news/trygg-hjemme-vinner-pris.md",
            "---\ntitle: Nyhet\ndate: 2025-13-01\nsummary: Noe skjedde.\n---\n",
        ),
    ];
    let diags = build_copy(&edits).expect_err("the build succeeded");
    let errors: Vec<String> = diags.0.iter().filter(|d| d.is_error()).map(describe).collect();
    let has = |path: &str, line: usize, msg: &str| {
        diags.0.iter().any(|d| d.path == path && d.line == line && d.message().contains(msg))
    };
    assert!(has(FEIL, 8, "`phsae`"), "{errors:#?}");
    assert!(has("content/innovators/per-skjult.md", 1, "needs `name`"), "{errors:#?}");
    assert!(
        has("content/news/trygg-hjemme-vinner-pris.md", 3, "`date` is `2025-13-01`, but there is no month 13"),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 3, "{errors:#?}");
    // Sorted by file, then position.
    let paths: Vec<&str> = diags.0.iter().filter(|d| d.is_error()).map(|d| d.path.as_str()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
}

/// Runs `f` on another thread and fails if it takes longer than `secs` (a hang) or panics.
fn within<T: Send + 'static>(secs: u64, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(Ok(v)) => v,
        Ok(Err(_)) => panic!("the build panicked"),
        Err(_) => panic!("the build did not finish within {secs} s: it hangs"),
    }
}

#[cfg(unix)]
#[test]
fn a_link_out_of_content_is_refused() {
    use std::os::unix::fs::symlink;
    let dir = copy_fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("ute.md"), PROJECT).unwrap();
    symlink(outside.path().join("ute.md"), dir.path().join("content/projects/ute.md")).unwrap();
    // A folder linked from outside too.
    fs::create_dir_all(outside.path().join("ekstern")).unwrap();
    fs::write(outside.path().join("ekstern/index.md"), PROJECT).unwrap();
    symlink(outside.path().join("ekstern"), dir.path().join("content/projects/ekstern")).unwrap();
    let root = dir.path().to_path_buf();
    let diags = within(30, move || build(&root, &Options::default())).expect_err("a link out of content/ was accepted");
    let errors: Vec<String> = diags.0.iter().filter(|d| d.is_error()).map(describe).collect();
    for path in ["content/projects/ute.md", "content/projects/ekstern"] {
        assert!(
            diags.0.iter().any(|d| d.path == path && d.message().contains("outside the `content/` folder")),
            "{path}: {errors:#?}"
        );
    }
    assert_eq!(errors.len(), 2, "{errors:#?}");
}

#[cfg(unix)]
#[test]
fn link_loops_in_content_neither_hang_nor_panic() {
    use std::os::unix::fs::symlink;
    // A folder link to its own parent: harmless, the build goes on.
    let dir = copy_fixture("basic");
    symlink("..", dir.path().join("content/projects/opp")).unwrap();
    symlink(".", dir.path().join("content/innovators/her")).unwrap();
    let root = dir.path().to_path_buf();
    if let Err(d) = within(30, move || build(&root, &Options::default())) {
        let errors: Vec<String> = d.0.iter().filter(|d| d.is_error()).map(describe).collect();
        assert!(
            errors.iter().all(|e| e.starts_with("content/projects/opp") || e.starts_with("content/innovators/her")),
            "{errors:#?}"
        );
    }
    // A link to itself cannot be followed: an error that names it.
    let dir = copy_fixture("basic");
    symlink("loop.md", dir.path().join("content/projects/loop.md")).unwrap();
    symlink("b", dir.path().join("content/projects/a")).unwrap();
    symlink("a", dir.path().join("content/projects/b")).unwrap();
    let root = dir.path().to_path_buf();
    let diags = within(30, move || build(&root, &Options::default())).expect_err("a link loop was accepted");
    let errors: Vec<String> = diags.0.iter().filter(|d| d.is_error()).map(describe).collect();
    for path in ["content/projects/loop.md", "content/projects/a", "content/projects/b"] {
        assert!(
            diags.0.iter().any(|d| d.path == path && d.message().contains("cannot be followed")),
            "{path}: {errors:#?}"
        );
    }
}

#[cfg(unix)]
#[test]
fn a_link_loop_in_static_neither_hangs_nor_panics() {
    use std::os::unix::fs::symlink;
    let dir = copy_fixture("basic");
    fs::create_dir_all(dir.path().join("static/bilder")).unwrap();
    fs::write(dir.path().join("static/bilder/logo.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    symlink("..", dir.path().join("static/bilder/opp")).unwrap();
    let root = dir.path().to_path_buf();
    let diags = within(30, move || build(&root, &Options::default()))
        .expect_err("a link loop in static/ was copied without a word");
    assert!(diags.0.iter().any(|d| d.is_error() && d.path.starts_with("static/")), "{diags}");
}

// ---------------------------------------------------------------------------------------------
// The command line.

fn nyttig(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env("NYTTIG_LANG", "en")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("nyttig could not be started")
}

fn show(o: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn path_str(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn a_failed_build_exits_1_and_leaves_the_old_site_as_it_was() {
    let dir = Portal::fixture("basic");
    let root = dir.root();
    let o = nyttig(&["build", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let public = root.join("public");
    assert!(public.join("index.html").is_file(), "{}", show(&o));
    let before = snapshot(&public);
    // What it published is remembered, for finding pages that move (`aliases`).
    let record = fs::read_to_string(root.join(".nyttig-cache/addresses.tsv")).expect("the addresses it published");
    assert!(record.contains("projects\ttiltak/matroboten/\tMatroboten\n"), "{record}");

    apply(&dir, &[w(FEIL, project_plus("phsae: utvikle"))]);
    let o = nyttig(&["build", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(stderr.contains("content/projects/feil.md:8:1: error: `phsae` is not a known field"), "{}", show(&o));
    assert!(stderr.contains("did you mean `phase`?"), "{}", show(&o));
    assert!(stderr.contains("phsae: utvikle"), "the offending line is not shown: {}", show(&o));
    assert_eq!(snapshot(&public), before, "the previous site was changed by a failed build");
    assert_eq!(fs::read_to_string(root.join(".nyttig-cache/addresses.tsv")).unwrap(), record, "nor what it published");
    let leftovers: Vec<PathBuf> = fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        // `.nyttig-cache/` is the portal's cache (the addresses the good build published).
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().contains("nyttig-") && n != ".nyttig-cache"))
        .collect();
    assert!(leftovers.is_empty(), "staging folders were left behind: {leftovers:?}");
}

#[test]
fn output_folders_that_would_overwrite_the_portal_are_refused() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    fs::create_dir_all(root.join("static")).unwrap();
    fs::write(root.join("static/robots.txt"), "User-agent: *\n").unwrap();
    let before = snapshot(root);
    for out in
        [root.to_path_buf(), root.join("content/ut"), root.join("content"), root.join("static/ut"), root.join("static")]
    {
        let o = nyttig(&["build", "--root", path_str(root), "--out", path_str(&out)], root);
        assert_eq!(o.status.code(), Some(2), "--out {}: {}", out.display(), show(&o));
        assert!(String::from_utf8_lossy(&o.stderr).contains("error:"), "{}", show(&o));
    }
    // Relative spellings of the same places.
    for out in [".", "content/../content/ut", "./static/x"] {
        let o = nyttig(&["build", "--root", ".", "--out", out], root);
        assert_eq!(o.status.code(), Some(2), "--out {out}: {}", show(&o));
    }
    assert_eq!(snapshot(root), before, "a refused build wrote something");
    // A folder of someone else's files is never replaced.
    fs::create_dir_all(root.join("mine")).unwrap();
    fs::write(root.join("mine/notater.txt"), "mine").unwrap();
    let before = snapshot(root);
    let o = nyttig(&["build", "--root", ".", "--out", "mine"], root);
    assert_eq!(o.status.code(), Some(2), "--out mine: {}", show(&o));
    assert_eq!(snapshot(root), before, "a refused build wrote something");
}

#[test]
fn timings_name_every_stage_of_the_build() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let o = nyttig(&["check", "--root", path_str(root), "--timings"], root);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    let line = err.lines().find(|l| l.starts_with("timings: ")).unwrap_or_else(|| panic!("no timings: {}", show(&o)));
    for stage in ["read", "model", "markdown", "search", "pages", "checks", "files", "in all"] {
        assert!(line.contains(&format!("{stage} ")) && line.contains(" ms"), "{stage} is missing: {line}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env("NYTTIG_LANG", "en")
        .args(["check", "--root", path_str(root)])
        .env("NYTTIG_TIMINGS", "1")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&o.stderr).contains("timings: read "), "{}", show(&o));
    let o = nyttig(&["check", "--root", path_str(root)], root);
    assert!(!String::from_utf8_lossy(&o.stderr).contains("timings:"), "only when asked: {}", show(&o));
}

#[test]
fn check_reports_without_writing() {
    let dir = Portal::fixture("basic");
    let root = dir.root();
    let before = snapshot(root);
    let o = nyttig(&["check", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert_eq!(snapshot(root), before, "check wrote files");

    apply(&dir, &[w(FEIL, project_with_line(7, "started: 2025-02-30"))]);
    let before = snapshot(root);
    let o = nyttig(&["check", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert!(
        stderr
            .contains("content/projects/feil.md:7:10: error: `started` is `2025-02-30`, but February 2025 has 28 days"),
        "{}",
        show(&o)
    );
    assert_eq!(snapshot(root), before, "check wrote files");
    assert!(!root.join("public").exists());
}

#[test]
fn init_makes_a_portal_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let portal = dir.path().join("ny-portal");
    let o = nyttig(&["init", path_str(&portal), "--language", "nn"], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    assert!(portal.join("portal.yaml").is_file());
    let o = nyttig(&["build", "--root", path_str(&portal)], dir.path());
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let index = fs::read_to_string(portal.join("public/index.html")).unwrap();
    assert!(index.contains("<html lang=\"nn\""), "{index}");
    // A second init in the same place changes nothing.
    let before = snapshot(&portal);
    let o = nyttig(&["init", path_str(&portal), "--language", "nn"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert_eq!(snapshot(&portal), before);
    // An unknown language is a usage error.
    let o = nyttig(&["init", path_str(&dir.path().join("x")), "--language", "sv"], dir.path());
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(!dir.path().join("x/portal.yaml").exists());
}

#[test]
fn new_makes_a_file_named_by_its_slug_and_never_overwrites() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let o = nyttig(&["new", "project", "Ærlig Øko Ålborg", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let file = root.join("content/projects/aerlig-oeko-aalborg.md");
    let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}\n{}", file.display(), show(&o)));
    assert!(text.starts_with("---\n") && text.contains("title: \"Ærlig Øko Ålborg\""), "{text}");
    assert!(text.contains("phase: behov"), "the first phase of the portal's own model is not used: {text}");
    fs::write(&file, format!("{text}Redigert av redaktøren.\n")).unwrap();
    let edited = fs::read(&file).unwrap();
    let o = nyttig(&["new", "project", "Ærlig Øko Ålborg", "--root", path_str(root)], root);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(String::from_utf8_lossy(&o.stderr).contains("already exists"), "{}", show(&o));
    assert_eq!(fs::read(&file).unwrap(), edited, "the second `new` overwrote the file");
}

#[test]
fn a_bom_and_crlf_line_endings_are_read_and_errors_still_point_right() {
    let dir = Portal::fixture("basic");
    let crlf = |p: &Path| {
        let text = fs::read_to_string(p).unwrap().replace('\n', "\r\n");
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend_from_slice(text.as_bytes());
        fs::write(p, bytes).unwrap();
    };
    for f in [
        "portal.yaml",
        "content/projects/matroboten.md",
        "content/innovators/kari-nordmann.md",
        "content/pages/om-portalen.md",
    ] {
        crlf(&dir.root().join(f));
    }
    let built = build(dir.root(), &Options::default())
        .unwrap_or_else(|d| panic!("a portal with BOMs and CRLF does not build:\n{d}"));
    let html = String::from_utf8_lossy(&built.output["tiltak/matroboten/index.html"]).into_owned();
    assert!(html.contains("<h1>Matroboten</h1>"), "the title was not read cleanly");
    assert!(!html.contains('\u{feff}'), "the BOM reached the page");

    apply(&dir, &[w(FEIL, project_plus("phsae: utvikle"))]);
    crlf(&dir.root().join(FEIL));
    let diags = build(dir.root(), &Options::default()).expect_err("the defect was accepted");
    let d = diags.0.iter().find(|d| d.is_error()).unwrap();
    assert_eq!((d.path.as_str(), d.line, d.col), (FEIL, 8, 1), "{}", describe(d));
    assert!(!d.to_string().contains('\r'), "the shown line keeps its carriage return: {d:?}");
}

// ---------------------------------------------------------------------------------------------
// Defects found while writing these tests, now fixed: each guards against its return.

/// `content/projects/<bundle>/` holds a file that is a link to a file outside `content/`.
#[cfg(unix)]
#[test]
fn a_file_beside_a_page_that_links_out_of_content_is_not_published() {
    use std::os::unix::fs::symlink;
    let dir = copy_fixture("basic");
    let outside = tempfile::tempdir().unwrap();
    fs::write(outside.path().join("lonnsliste.txt"), "TOPPHEMMELIG lønnsliste").unwrap();
    fs::write(
        outside.path().join("portrett.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><title>TOPPHEMMELIG</title></svg>",
    )
    .unwrap();
    let bundle = dir.path().join("content/projects/digital-hjemmeoppfolging");
    symlink(outside.path().join("lonnsliste.txt"), bundle.join("vedlegg.txt")).unwrap();
    symlink(outside.path().join("portrett.svg"), bundle.join("portrett.svg")).unwrap();
    let index = bundle.join("index.md");
    let text = fs::read_to_string(&index).unwrap().replace("src: bilde.svg", "src: portrett.svg")
        + "\n[Vedlegg](vedlegg.txt)\n";
    fs::write(&index, text).unwrap();
    match build(dir.path(), &Options::default()) {
        Ok(b) => {
            let leaked: Vec<&String> =
                b.output.iter().filter(|(_, v)| v.windows(12).any(|w| w == b"TOPPHEMMELIG")).map(|(k, _)| k).collect();
            panic!(
                "files beside a page that are links to places outside content/ are followed and published without a word: {leaked:?}"
            );
        }
        Err(d) => {
            for name in ["vedlegg.txt", "portrett.svg"] {
                assert!(
                    d.0.iter().any(|e| e.is_error() && (e.path.contains(name) || e.message().contains(name))),
                    "no error names {name}:\n{d}"
                );
            }
        }
    }
}

#[test]
fn a_defect_in_one_file_causes_no_false_errors_in_the_files_that_refer_to_it() {
    // Ola is on a project's team; Matroboten is linked from a news item. Each file exists but
    // has one defect: the editor must see that defect, not "there is no such page" elsewhere.
    for (file, text, msg) in [
        (
            "content/innovators/ola-hansen.md",
            "---\nrole: Vernepleier\nworkplace: Testvik sykehjem\n---\n".to_owned(),
            "needs `name`",
        ),
        (
            "content/projects/matroboten.md",
            fs::read_to_string(fixture("basic").join("content/projects/matroboten.md")).unwrap().replacen(
                "kind: everyday",
                "kind: everyday\nphsae: stopped",
                1,
            ),
            "`phsae`",
        ),
    ] {
        let edits = [w(file, text)];
        let diags = build_copy(&edits).expect_err("the defect was accepted");
        let errors: Vec<String> = diags.0.iter().filter(|d| d.is_error()).map(describe).collect();
        assert!(
            errors.iter().any(|e| e.starts_with(file) && e.contains(msg)),
            "{file}: the defect itself is not reported: {errors:#?}"
        );
        let false_alarms: Vec<&String> = errors.iter().filter(|e| !e.starts_with(file)).collect();
        assert!(
            false_alarms.is_empty(),
            "one defect in {file} also yields errors in other files that say it does not exist, although it does: {false_alarms:#?}"
        );
    }
}

#[test]
fn a_result_of_a_draft_project_builds_with_a_warning() {
    let edits = [w(
        "content/results/utkast.md",
        "---\ntitle: Resultat av et utkast\ndate: 2025-03-01\nproject: hemmelig-utkast\n---\nTekst.\n",
    )];
    let built = match build_copy(&edits) {
        Ok(b) => b,
        Err(d) => panic!("a result whose project is a draft must be left out with a warning, not fail the build:\n{d}"),
    };
    assert!(
        built.warnings.iter().any(|w| w.path == "content/results/utkast.md" && w.message().contains("draft")),
        "{:?}",
        built.warnings
    );
    for (path, bytes) in &built.output {
        assert!(!bytes.windows(15).any(|w| w == b"hemmelig-utkast"), "{path} links to the unpublished draft");
    }
}

#[test]
fn a_link_to_a_draft_is_told_apart_from_a_typo() {
    let edits = [w(FEIL, project_body("Se [utkastet](../projects/hemmelig-utkast.md).\n"))];
    let diags = match build_copy(&edits) {
        Ok(b) => b.warnings,
        Err(d) => d.0,
    };
    let about: Vec<String> = diags.iter().filter(|d| d.path == FEIL).map(describe).collect();
    assert!(
        about.iter().any(|d| d.contains(":9:4:") && d.contains("draft"))
            && !about.iter().any(|d| d.contains("no such page")),
        "a Markdown link to a draft project must say it is a draft, not \"there is no such page\" as for a typo: {about:#?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Pages that vanished without a word: each is now an error that names the path and says what
// to do, and the command line exits 1 (content) or 2 (a file the disk would not give).

/// Runs `nyttig check` on `root` (as the editor would), failing if it hangs.
fn nyttig_check_within(secs: u64, root: &Path, extra: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env("NYTTIG_LANG", "en")
        .args(["check", "--root", path_str(root)])
        .args(extra)
        .current_dir(root)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("nyttig could not be started");
    let start = std::time::Instant::now();
    while child.try_wait().expect("nyttig could not be waited for").is_none() {
        if start.elapsed() > Duration::from_secs(secs) {
            let _ = child.kill();
            let o = child.wait_with_output().expect("nyttig could not be waited for");
            panic!("`nyttig check` did not finish within {secs} s: it hangs\n{}", show(&o));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().expect("nyttig's output could not be read")
}

/// One way a page could vanish, and the one error that must name it.
struct Vanish {
    name: &'static str,
    /// Changes to a copy of the fixture.
    make: fn(&Path),
    path: &'static str,
    message: &'static str,
    hint: &'static str,
}

fn vanishing_pages() -> Vec<Vanish> {
    vec![
        Vanish {
            name: "a page's folder whose page has another name",
            make: |r| write_file(r, "content/projects/x/tekst.md", PROJECT),
            path: "content/projects/x",
            message: "the folder `content/projects/x/` has no `index.md`, so it is not a page",
            hint: "rename `tekst.md` to `index.md` to make the folder the page `x`, or move it up to `content/projects/tekst.md` to make it a page of its own",
        },
        Vanish {
            name: "a page's folder with `Index.md`",
            make: |r| write_file(r, "content/projects/x/Index.md", PROJECT),
            path: "content/projects/x",
            message: "the folder `content/projects/x/` has no `index.md`, so it is not a page",
            hint: "rename `Index.md` to `index.md`, in small letters",
        },
        Vanish {
            name: "a page's folder with `index.markdown` and a picture",
            make: |r| {
                write_file(r, "content/projects/x/index.markdown", PROJECT);
                write_file(r, "content/projects/x/bilde.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
            },
            path: "content/projects/x",
            message: "the folder `content/projects/x/` has no `index.md`, so it is not a page",
            hint: "rename `index.markdown` to `index.md`, in small letters",
        },
        Vanish {
            name: "a page's folder with two pages and no `index.md`",
            make: |r| {
                write_file(r, "content/news/samling/a.md", PROJECT);
                write_file(r, "content/news/samling/b.md", PROJECT);
            },
            path: "content/news/samling",
            message: "the folder `content/news/samling/` has no `index.md`, so it is not a page",
            hint: "rename the file with the page's text (one of `a.md`, `b.md`) to `index.md`; each of the others must be a page of its own in `content/news/`",
        },
        Vanish {
            name: "a page's folder inside a folder in the section",
            make: |r| write_file(r, "content/projects/2024/x/index.md", PROJECT),
            path: "content/projects/2024",
            message: "the folder `content/projects/2024/` has no `index.md`, so it is not a page",
            hint: "pages cannot lie in folders inside `content/projects/`: move `content/projects/2024/x/` to `content/projects/x/`",
        },
        Vanish {
            name: "a second Markdown file in a page's folder",
            make: |r| write_file(r, "content/projects/digital-hjemmeoppfolging/mer.md", PROJECT),
            path: "content/projects/digital-hjemmeoppfolging/mer.md",
            message: "`mer.md` is not a page: a page's folder holds one page, its own `index.md`",
            hint: "to make it a page of its own, move it into `content/projects/`; a note that is not to be published can start its name with `_`",
        },
        Vanish {
            name: "`index.md` that is a folder",
            make: |r| fs::create_dir_all(r.join("content/projects/x/index.md")).unwrap(),
            path: "content/projects/x/index.md",
            message: "`index.md` is a folder, not an ordinary file, so it cannot be read as a page",
            hint: "replace it with the page's text saved as an ordinary file",
        },
        Vanish {
            name: "an empty folder named `x.md`",
            make: |r| fs::create_dir_all(r.join("content/projects/x.md")).unwrap(),
            path: "content/projects/x.md",
            message: "`x.md` is a folder, not a Markdown file, so it is not a page",
            hint: "remove the folder and save the page as a file `x.md`, or put the page in the folder `x/` as `index.md`",
        },
        Vanish {
            name: "`content/pages` that is a file",
            make: |r| {
                fs::remove_dir_all(r.join("content/pages")).unwrap();
                fs::write(r.join("content/pages"), "---\ntitle: Om portalen\n---\n").unwrap();
            },
            path: "content/pages",
            message: "`content/pages` is a file, but it must be a folder that holds the portal's pages",
            hint: "remove or rename it, and make a folder `pages/` with one `.md` file per page in it",
        },
        Vanish {
            name: "a page ending in `.MD`",
            make: |r| write_file(r, "content/projects/x.MD", PROJECT),
            path: "content/projects/x.MD",
            message: "`x.MD` is not read as a page: only names that end in `.md`, in small letters, are pages",
            hint: "rename it to `x.md`",
        },
        Vanish {
            name: "a page ending in `.markdown`",
            make: |r| write_file(r, "content/strategy/x.markdown", PROJECT),
            path: "content/strategy/x.markdown",
            message: "`x.markdown` is not read as a page: only names that end in `.md`, in small letters, are pages",
            hint: "rename it to `x.md`",
        },
        Vanish {
            name: "a page saved by Notepad as `.md.txt`",
            make: |r| write_file(r, "content/projects/x.md.txt", PROJECT),
            path: "content/projects/x.md.txt",
            message: "`x.md.txt` is not read as a page: only names that end in `.md`, in small letters, are pages",
            hint: "rename it to `x.md`",
        },
        Vanish {
            name: "the front page's text as `_Index.md`",
            make: |r| {
                fs::rename(r.join("content/_index.md"), r.join("content/_Index.md")).unwrap();
            },
            path: "content/_Index.md",
            message: "`_Index.md` is not read: the front page's text must be in a file named exactly `_index.md`",
            hint: "rename it to `_index.md`",
        },
        Vanish {
            name: "the front page's text as `index.md`",
            make: |r| {
                fs::rename(r.join("content/_index.md"), r.join("content/index.md")).unwrap();
            },
            path: "content/index.md",
            message: "`index.md` is not read: the front page's text must be in a file named exactly `_index.md`",
            hint: "rename it to `_index.md`",
        },
        Vanish {
            name: "a page's folder named `x.md`",
            make: |r| write_file(r, "content/projects/x.md/index.md", PROJECT),
            path: "content/projects/x.md/index.md",
            message: "the name `x.md` cannot be used in a web address",
            hint: "rename the folder to `x`: a page's folder is named as its web address, without `.md`",
        },
        #[cfg(unix)]
        Vanish {
            name: "a page's `index.md` that is a link out of `content/`",
            make: |r| {
                write_file(r, "ute.md", PROJECT);
                fs::create_dir_all(r.join("content/projects/x")).unwrap();
                std::os::unix::fs::symlink(r.join("ute.md"), r.join("content/projects/x/index.md")).unwrap();
            },
            path: "content/projects/x/index.md",
            message: "this is a link to a place outside the `content/` folder",
            hint: "move the file into `content/` instead of linking to it",
        },
        #[cfg(unix)]
        Vanish {
            name: "a link to a page that is not there",
            make: |r| std::os::unix::fs::symlink("borte.md", r.join("content/projects/x.md")).unwrap(),
            path: "content/projects/x.md",
            message: "this link cannot be followed: it points to `borte.md`, which does not exist",
            hint: "remove the link or make it point to a real file",
        },
    ]
}

#[test]
fn a_page_that_would_vanish_is_an_error_that_says_what_to_do() {
    let mut failures = Vec::new();
    for case in vanishing_pages() {
        let dir = copy_fixture("basic");
        let root = dir.path();
        (case.make)(root);
        // The library: exactly this one error, with its path, message and hint.
        let diags = match build(root, &Options::default()) {
            Ok(_) => {
                failures.push(format!("[{}] the build succeeded", case.name));
                continue;
            }
            Err(d) => d,
        };
        let errors: Vec<&Diagnostic> = diags.0.iter().filter(|d| d.is_error()).collect();
        let all = errors.iter().map(|d| describe(d)).collect::<Vec<_>>().join("\n    ");
        match errors.as_slice() {
            [d] if d.path == case.path
                && d.message() == case.message
                && d.hint().as_deref().is_some_and(|h| h.starts_with(case.hint)) =>
            {
                failures.extend(in_every_language(d).into_iter().map(|w| format!("[{}] {w}", case.name)));
            }
            _ => failures.push(format!(
                "[{}] expected the one error {}: {} (hint: {}…); the errors were:\n    {all}",
                case.name, case.path, case.message, case.hint
            )),
        }
        // The command line: the same words, and exit 1, a content error, also with --strict.
        let o = nyttig_check_within(30, root, &["--strict"]);
        let stderr = String::from_utf8_lossy(&o.stderr);
        let line = format!("{}: error: {}\n", case.path, case.message);
        if o.status.code() != Some(1) || !stderr.contains(&line) || !stderr.contains(&format!("= hint: {}", case.hint))
        {
            failures.push(format!("[{}] expected exit 1 and `{}`:\n{}", case.name, line.trim_end(), show(&o)));
        }
    }
    assert!(failures.is_empty(), "{} cases failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn what_is_left_out_by_design_stays_silent() {
    // Hidden and `_` names are not pages, pictures beside flat pages may sit in a folder of
    // their own, and a page's folder may hold pictures in sub-folders.
    let dir = copy_fixture("basic");
    let root = dir.path();
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    write_file(root, "content/projects/_utkast.md", "not a page");
    write_file(root, "content/projects/_notater/idé.md", "not a page");
    write_file(root, "content/projects/.skjult/x.md", "not a page");
    write_file(root, "content/projects/digital-hjemmeoppfolging/_notat.md", "not a page");
    write_file(root, "content/projects/digital-hjemmeoppfolging/bilder/bus.svg", svg);
    write_file(root, "content/projects/bilder/bus.svg", svg);
    write_file(root, "content/projects/tom/.gitkeep", "");
    write_file(root, "content/.DS_Store", "");
    write_file(root, "content/projects/README.txt", "notes");
    fs::create_dir_all(root.join("content/news/tom")).unwrap();
    let built =
        build(root, &Options::default()).unwrap_or_else(|d| panic!("what is left out by design fails the build:\n{d}"));
    // The fixture's own warnings (a contact without consent), and no other.
    let plain = copy_fixture("basic");
    let before = build(plain.path(), &Options::default()).unwrap_or_else(|d| panic!("the fixture fails:\n{d}"));
    assert_eq!(built.warnings, before.warnings);
    let o = nyttig_check_within(60, root, &[]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let warned = String::from_utf8_lossy(&o.stderr).matches(": warning: ").count();
    assert_eq!(warned, before.warnings.len(), "{}", show(&o));
}

#[cfg(unix)]
#[test]
fn a_named_pipe_or_socket_where_a_page_should_be_is_an_error_not_a_hang() {
    let dir = copy_fixture("basic");
    let root = dir.path();
    let mkfifo = |rel: &str| {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        let o = Command::new("mkfifo").arg(&path).output().expect("mkfifo could not be started");
        assert!(o.status.success(), "mkfifo {rel}: {}", String::from_utf8_lossy(&o.stderr));
    };
    fs::remove_file(root.join("content/_index.md")).unwrap();
    mkfifo("content/_index.md");
    mkfifo("content/projects/ror.md");
    mkfifo("content/projects/x/index.md");
    let _socket = std::os::unix::net::UnixListener::bind(root.join("content/news/sokkel.md")).unwrap();
    let expected = [
        (
            "content/_index.md",
            "`_index.md` is a named pipe (FIFO), not an ordinary file, so it cannot be read as a page",
        ),
        ("content/news/sokkel.md", "`sokkel.md` is a socket, not an ordinary file, so it cannot be read as a page"),
        (
            "content/projects/ror.md",
            "`ror.md` is a named pipe (FIFO), not an ordinary file, so it cannot be read as a page",
        ),
        (
            "content/projects/x/index.md",
            "`index.md` is a named pipe (FIFO), not an ordinary file, so it cannot be read as a page",
        ),
    ];
    let root_buf = root.to_path_buf();
    let diags = within(30, move || build(&root_buf, &Options::default())).expect_err("a named pipe was accepted");
    let errors: Vec<(&str, String)> =
        diags.0.iter().filter(|d| d.is_error()).map(|d| (d.path.as_str(), d.message())).collect();
    let expected_owned: Vec<(&str, String)> = expected.iter().map(|(p, m)| (*p, m.to_string())).collect();
    assert_eq!(errors, expected_owned, "{diags}");
    let o = nyttig_check_within(30, root, &[]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    for (path, message) in expected {
        assert!(stderr.contains(&format!("{path}: error: {message}\n")), "{path}: {}", show(&o));
    }
}

/// Runs `nyttig check` on `root` as a user who is not root (root reads any file whatever its
/// permissions), or as oneself when that is not root. `None` when that cannot be done here.
#[cfg(unix)]
fn check_as_a_plain_user(root: &Path) -> Option<Output> {
    use std::os::unix::fs::PermissionsExt;
    let me = Command::new("id").arg("-u").output().ok()?;
    if String::from_utf8_lossy(&me.stdout).trim() != "0" {
        return Some(nyttig(&["check", "--root", path_str(root)], root));
    }
    // The temporary folder is the owner's alone; `nobody` must reach the portal inside it.
    fs::set_permissions(root, fs::Permissions::from_mode(0o755)).ok()?;
    let o = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", env!("CARGO_BIN_EXE_nyttig")])
        .args(["check", "--root", path_str(root)])
        .env("NYTTIG_LANG", "en")
        .current_dir(root)
        .output()
        .ok()?;
    // setpriv itself failing (no permission to change user here) is not nyttig's answer.
    let stderr = String::from_utf8_lossy(&o.stderr);
    if stderr.starts_with("setpriv:") {
        eprintln!("setpriv could not run nyttig as nobody: {stderr}");
        return None;
    }
    Some(o)
}

#[cfg(unix)]
#[test]
fn a_file_or_folder_that_cannot_be_read_is_an_io_error_exit_2() {
    use std::os::unix::fs::PermissionsExt;
    let dir = Portal::fixture("basic");
    let root = dir.root();
    // A content error beside them must not hide that the disk failed.
    apply(&dir, &[w(FEIL, project_plus("phsae: utvikle"))]);
    fs::set_permissions(root.join("content/projects/matroboten.md"), fs::Permissions::from_mode(0o000)).unwrap();
    fs::set_permissions(root.join("content/news"), fs::Permissions::from_mode(0o000)).unwrap();
    let Some(o) = check_as_a_plain_user(root) else {
        eprintln!(
            "\n*** SKIPPED a_file_or_folder_that_cannot_be_read_is_an_io_error_exit_2: running as root and \
             `setpriv` cannot run nyttig as another user here, so no file is unreadable. The exit-code \
             mapping is still tested by content::tests (a_file_the_disk_will_not_give_is_an_io_error).\n"
        );
        return;
    };
    fs::set_permissions(root.join("content/news"), fs::Permissions::from_mode(0o755)).unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let stderr = String::from_utf8_lossy(&o.stderr);
    for line in [
        "content/projects/matroboten.md: error: the file cannot be read: Permission denied (os error 13)\n",
        "content/news: error: the folder cannot be read: Permission denied (os error 13)\n",
        "content/projects/feil.md:8:1: error: `phsae` is not a known field",
    ] {
        assert!(stderr.contains(line), "missing `{}`:\n{}", line.trim_end(), show(&o));
    }
}

// ---------------------------------------------------------------------------------------------
// The editor's language.

/// Words that give away another language than `lang` in what nyttig says: Danish words in
/// Norwegian, bokmål in nynorsk, Norwegian in Danish, English sentences in any of them.
fn foreign_words(lang: &str) -> &'static [&'static str] {
    const ENGLISH: [&str; 6] = [" the ", " is ", " must ", " cannot ", " with ", " error:"];
    match lang {
        "nb" => &[
            "hvad", "læs", "tilføj", "billede", "fejl", "ikkje", " kva ", "frå", ENGLISH[0], ENGLISH[1], ENGLISH[2],
            ENGLISH[3], ENGLISH[4], ENGLISH[5],
        ],
        "nn" => &[
            "hvad", "læs", "tilføj", "billede", "fejl", "ikke ", " hva ", " hvordan", ENGLISH[0], ENGLISH[1],
            ENGLISH[2], ENGLISH[3], ENGLISH[4], ENGLISH[5],
        ],
        "da" => &[
            "ikkje", " hva ", "bilde ", " feil", "ennå", ENGLISH[0], ENGLISH[1], ENGLISH[2], ENGLISH[3], ENGLISH[4],
            ENGLISH[5],
        ],
        _ => &[],
    }
}

/// nyttig as an editor runs it: in the language of the portal, not told another.
fn as_editor(args: &[&str], cwd: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env_remove("NYTTIG_LANG")
        .args(args)
        .current_dir(cwd)
        .output()
        .expect("nyttig could not be started")
}

fn assert_in_language(lang: &str, what: &str, text: &str) {
    let lower = text.to_lowercase();
    let found: Vec<&&str> = foreign_words(lang).iter().filter(|w| lower.contains(**w)).collect();
    assert!(found.is_empty(), "{what} in `{lang}` has {found:?}:\n{text}");
}

/// `init`, `new`, `check` and `build` speak the portal's language, in the terminal and in the
/// files they write: the sample texts are warned about until they are replaced, drafts left
/// out are counted, and a wrong date says what is wrong with it.
#[test]
fn the_commands_speak_the_portals_language() {
    let expected = [
        (
            "nb",
            "opprettet",
            "eksempelteksten",
            "1 utkast er utelatt",
            "det finnes ingen måned 13",
            "februar 2025 har 28 dager",
        ),
        (
            "nn",
            "oppretta",
            "eksempelteksten",
            "1 utkast er utelate",
            "det finst ingen månad 13",
            "februar 2025 har 28 dagar",
        ),
        (
            "da",
            "oprettede",
            "eksempelteksten",
            "1 kladde er udeladt",
            "der er ingen måned 13",
            "februar 2025 har 28 dage",
        ),
    ];
    for (lang, created, sample, drafts, month, february) in expected {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        let o = as_editor(&["init", path_str(&root), "--language", lang], dir.path());
        let said = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success() && said.contains(created), "{lang}: {}", show(&o));
        assert_in_language(lang, "init", &said);

        let o = as_editor(&["new", "project", "Digitalt tilsyn", "--folder", "--root", path_str(&root)], &root);
        assert!(o.status.success(), "{lang}: {}", show(&o));
        let file = root.join("content/projects/digitalt-tilsyn/index.md");
        let text = fs::read_to_string(&file).unwrap_or_else(|e| panic!("{lang}: {e}: {}", show(&o)));
        assert!(text.contains("draft: true") && text.contains("# owner: "), "{text}");
        assert_in_language(lang, "the file `new` wrote", &text);
        assert_in_language(lang, "new", &String::from_utf8_lossy(&o.stdout));

        // The samples are warnings, at their file, line and column, until they are replaced.
        let o = as_editor(&["check", "--strict", "--root", path_str(&root)], &root);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert_eq!(o.status.code(), Some(1), "{lang}: {}", show(&o));
        assert!(stderr.contains(sample), "{lang}: {}", show(&o));
        let project = fs::read_dir(root.join("content/projects"))
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .find(|n| n.ends_with(".md"))
            .unwrap();
        assert!(stderr.contains(&format!("content/projects/{project}:3:11: ")), "{lang}: {stderr}");
        assert_in_language(
            lang,
            "check",
            &stderr.lines().filter(|l| !l.contains(" | ")).collect::<Vec<_>>().join("\n"),
        );
        let o = as_editor(&["build", "--root", path_str(&root)], &root);
        let stdout = String::from_utf8_lossy(&o.stdout).into_owned();
        assert!(o.status.success() && stdout.contains(drafts), "{lang}: {}", show(&o));
        assert!(stdout.contains("nyttig serve --drafts"), "{lang}: {stdout}");
        assert_in_language(lang, "build", &stdout);

        // With every sample replaced, nothing is left to warn about.
        for entry in walkdir::WalkDir::new(root.join("content")).into_iter().filter_map(Result::ok) {
            if entry.path().extension().is_some_and(|e| e == "md") {
                let mut text = fs::read_to_string(entry.path()).unwrap();
                for (i, s) in nyttig::scaffold::samples().enumerate() {
                    text = text.replace(s, &format!("Vår egen tekst nummer {i}"));
                }
                fs::write(entry.path(), text).unwrap();
            }
        }
        let o = as_editor(&["check", "--strict", "--root", path_str(&root)], &root);
        assert_eq!(o.status.code(), Some(0), "{lang}: {}", show(&o));

        // A date names what is wrong with it.
        let path = root.join(format!("content/projects/{project}"));
        let text = fs::read_to_string(&path).unwrap();
        let started = text.lines().find(|l| l.starts_with("started: ")).unwrap().to_owned();
        fs::write(&path, text.replace(&started, "started: 2025-13-01")).unwrap();
        let o = as_editor(&["check", "--root", path_str(&root)], &root);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(o.status.code() == Some(1) && stderr.contains(month), "{lang}: {}", show(&o));
        assert!(stderr.contains(&format!("content/projects/{project}:7:10: ")), "{lang}: {stderr}");
        fs::write(&path, text.replace(&started, "started: 31.02.2025")).unwrap();
        let o = as_editor(&["check", "--root", path_str(&root)], &root);
        let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
        assert!(stderr.contains(february) && stderr.contains("`2025-02-28`"), "{lang}: {}", show(&o));
        assert_in_language(
            lang,
            "a date's error",
            &stderr.lines().filter(|l| !l.contains(" | ")).collect::<Vec<_>>().join("\n"),
        );
    }
}

/// The editors' guides in Danish and bokmål: their example project builds without a word of
/// warning in a portal made by `nyttig init` in their language, every command they name is
/// one nyttig has, and their prose is in their own language.
#[test]
fn the_editors_guides_hold_true() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (lang, guide) in [("da", "docs/vejledning-da.md"), ("nb", "docs/veiledning-nb.md")] {
        let text = fs::read_to_string(repo.join(guide)).unwrap();
        let example = text.split("```markdown\n").nth(1).and_then(|rest| rest.split("\n```").next());
        let example = example.unwrap_or_else(|| panic!("{guide} has no ```markdown example"));
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("portal");
        assert!(as_editor(&["init", path_str(&root), "--language", lang], dir.path()).status.success());
        fs::write(root.join("content/projects/eksempel.md"), format!("{example}\n")).unwrap();
        let o = as_editor(&["check", "--root", path_str(&root)], &root);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{guide}'s example: {}", show(&o));
        assert!(!stderr.contains("eksempel.md"), "{guide}'s example is warned about: {stderr}");
        // Nothing for the health report either but the picture, which a single file cannot have.
        let o = as_editor(&["check", "--report", "--json", "--root", path_str(&root)], &root);
        let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", show(&o)));
        let found: Vec<&serde_json::Value> = report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["file"] == "content/projects/eksempel.md" && f["kind"] != "no_picture")
            .collect();
        assert!(found.is_empty(), "{guide}'s example in the health report: {found:#?}");

        let commands = ["init", "new", "serve", "check", "build", "search"];
        for word in text.split("nyttig ").skip(1).filter_map(|rest| rest.split([' ', '`', '\n']).next()) {
            if word.chars().next().is_some_and(|c| c.is_ascii_lowercase()) && !word.contains('.') {
                assert!(commands.contains(&word), "{guide} names `nyttig {word}`, which is no command");
            }
        }
        for needed in ["nyttig new project", "nyttig serve", "nyttig check --report", "nyttig build", "__nyttig/report"]
        {
            assert!(text.contains(needed), "{guide} does not say `{needed}`");
        }
        // The prose, not the examples and messages in code.
        let prose: String = text.split("```").step_by(2).collect::<Vec<_>>().join("\n");
        let prose: String = prose.split('`').step_by(2).collect::<Vec<_>>().join(" ");
        assert_in_language(lang, guide, &prose);
    }
}

/// A hint's example comes from the portal itself where it can: a missing `area` is shown
/// with the portal's own first area.
#[test]
fn a_missing_area_is_shown_with_the_portals_own() {
    let portal = Portal::fixture("basic");
    portal.replace("content/projects/matroboten.md", "area: Teknikk & miljø\n", "");
    let said = portal.messages_in(Lang::Nb);
    assert!(said.contains("`area: Helse og omsorg`"), "{said}");
}

/// The preview's error box and its terminal speak a bokmål portal's language: no Danish
/// word, no English sentence.
#[test]
fn the_preview_speaks_bokmal_to_a_bokmal_portal() {
    let s = crate::common::preview::Serve::start_with_env(&[], &[("NYTTIG_LANG", "nb")]);
    let file = "content/projects/leksehjelp-paa-nett.md";
    let good = s.read(file);
    s.write(file, &good.replacen("phase: paused", "phase: pasued", 1).replacen("started: ", "started: 31.02.", 1));
    let status = s.until("/__nyttig/status", "the errors", |_, body| body.contains("pasued"));
    let said: serde_json::Value = serde_json::from_str(&status).unwrap();
    let words: Vec<String> = ["title", "note"]
        .iter()
        .filter_map(|k| said[*k].as_str().map(str::to_owned))
        .chain(said["errors"].as_array().unwrap().iter().flat_map(|e| {
            ["message", "hint"].iter().filter_map(|k| e[*k].as_str().map(str::to_owned)).collect::<Vec<_>>()
        }))
        .collect();
    assert!(words.len() >= 4, "{said:#}");
    let shown = words.join("\n");
    assert!(shown.contains("feil"), "{shown}");
    assert_in_language("nb", "the preview's error box", &shown);
    let report = s.until("/__nyttig/report/", "the report", |_, body| body.contains("pasued"));
    assert!(report.contains("<html lang=\"nb\">") && report.contains("Feil som må rettes først"), "{report}");
    assert_in_language("nb", "the preview's report page", &nyttig::html::text_of(&report));
    assert_in_language("nb", "the preview's terminal", &s.said());
}
