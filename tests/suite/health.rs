//! The health report (`nyttig check --report`): on a portal made to have each finding once
//! (tests/fixtures/health, as of 2026-06-01) it names each once at its file and line, most
//! important first; on a healthy portal it names nothing; the command gives it as text and
//! JSON in the portal's language, asks links to other sites only when told to, and the
//! preview shows it at `/__nyttig/report/`.

use std::path::Path;
use std::process::{Command, Output};
use std::sync::Arc;

use nyttig::build::Options;
use nyttig::date::Date;
use nyttig::health::{Finding, Kind};
use nyttig::i18n::Lang;

use crate::common::portal::Portal;
use crate::common::preview::Serve;
use crate::common::server;

const DAY: Date = Date { year: 2026, month: 6, day: 1 };

fn report_of(portal: &Portal, today: Date) -> nyttig::health::Report {
    let built = portal.build_with(&Options { health_on: Some(today), ..Options::default() });
    let built = built.unwrap_or_else(|d| panic!("the portal builds:\n{d}"));
    built.health.expect("a report was asked for")
}

/// Each finding as `kind file:line`, in the report's order.
fn places(findings: &[Finding]) -> Vec<String> {
    findings.iter().map(|f| format!("{:?} {}:{}", f.kind, f.problem.path, f.problem.line)).collect()
}

#[test]
fn each_finding_is_named_once_at_its_place_most_important_first() {
    let portal = Portal::fixture("health");
    let report = report_of(&portal, DAY);
    assert_eq!(
        places(&report.findings),
        [
            "EndedButActive content/projects/slut.md:11",
            "AtRisk content/projects/i-fare.md:8",
            "Statement portal.yaml:13",
            "NoConsent content/innovators/carl-berg.md:5",
            "NoAltText content/pages/om/index.md:6",
            "SampleText content/pages/om/index.md:4",
            "Warning content/_index.md:6",
            "NotUpdated content/projects/stille.md:14",
            "LongInPhase content/projects/laenge.md:13",
            "NoDecision content/projects/uden-beslutning.md:13",
            "NoPicture content/projects/uden-billede.md:2",
            "NoProject content/innovators/bo-hansen.md:2",
            "OldDraft content/projects/kladde.md:13",
        ]
    );
    // Each says what is wrong and what to do, with the numbers that matter, in every language.
    let said = |kind: Kind, lang: Lang| {
        let f = report.findings.iter().find(|f| f.kind == kind).unwrap();
        format!("{} / {}", f.problem.message_in(lang), f.problem.hint_in(lang).unwrap_or_default())
    };
    assert!(
        said(Kind::EndedButActive, Lang::Da).contains("sluttede 2026-01-05"),
        "{}",
        said(Kind::EndedButActive, Lang::Da)
    );
    assert!(said(Kind::EndedButActive, Lang::En).contains("`foelg-op` or `stopped`"));
    assert!(said(Kind::AtRisk, Lang::Nb).contains("`forankring` står til 0"), "{}", said(Kind::AtRisk, Lang::Nb));
    assert!(said(Kind::Statement, Lang::Da).contains("2025-03-01") && said(Kind::Statement, Lang::Da).contains("WAS"));
    assert!(said(Kind::NotUpdated, Lang::Nn).contains("for 12 månader sidan"), "{}", said(Kind::NotUpdated, Lang::Nn));
    assert!(said(Kind::NotUpdated, Lang::En).contains("`updated: 2026-06-01`"));
    assert!(said(Kind::LongInPhase, Lang::En).contains("since 2025-10-06, for 7 months; the portal expects at most 6"));
    assert!(said(Kind::NoDecision, Lang::Da).contains("`nytaenk` den 2026-03-02"));
    assert!(said(Kind::NoProject, Lang::En).starts_with("Bo Hansen "));
    assert!(said(Kind::OldDraft, Lang::En).contains("since 2025-12-01 (6 months)"));

    // The text and the JSON say the same, in the language asked for.
    let text = nyttig::health::render(&report.findings, &report.title, Lang::Nb);
    assert!(text.starts_with("Helsesjekk av Innovation i Prøvested Kommune: 13 funn"), "{text}");
    assert_eq!(text.matches("\n## ").count(), 13, "a part per kind:\n{text}");
    let json = nyttig::health::json(&report, Lang::Da);
    let first = &json["findings"][0];
    assert_eq!(
        (first["kind"].as_str(), first["file"].as_str()),
        (Some("ended_but_active"), Some("content/projects/slut.md"))
    );
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(11), Some(8)));
    assert!(first["hint"].as_str().is_some_and(|h| h.contains("fortsætter det")), "{first}");
    assert_eq!(json["date"], "2026-06-01");
}

#[test]
fn a_healthy_portal_has_no_findings_and_each_fix_takes_one_away() {
    let portal = Portal::fixture("health");
    // Each fix, of one or more edits, takes its finding away and no other.
    let fixes: [&[(&str, &str, &str)]; 13] = [
        &[
            ("content/projects/slut.md", "phase: test", "phase: foelg-op"),
            (
                "content/projects/slut.md",
                "updated:",
                "  - { phase: foelg-op, date: 2026-01-05, decision: \"Drift\" }\nupdated:",
            ),
        ],
        &[("content/projects/i-fare.md", "forankring: 0", "forankring: 2")],
        &[("portal.yaml", "updated: 2025-03-01", "updated: 2026-02-02")],
        &[("content/innovators/carl-berg.md", "contact:", "contact:\n  consent: true")],
        &[("content/pages/om/index.md", "![](tegning.svg)", "![En blå firkant](tegning.svg)")],
        &[("content/pages/om/index.md", "Hvilket behov startede projektet?", "Portalen viser vores projekter.")],
        &[("content/_index.md", "[vores næste projekt](projects/kladde.md)", "vores næste projekt")],
        &[("content/projects/stille.md", "updated: 2025-05-05", "updated: 2026-05-04")],
        &[("portal.yaml", "{ test: 6 }", "{ test: 12 }")],
        &[("content/projects/uden-beslutning.md", "date: 2026-03-02 }", "date: 2026-03-02, decision: \"Ja\" }")],
        &[("content/projects/uden-billede.md", "owner:", "image: { src: tegning.svg, alt: \"En firkant\" }\nowner:")],
        &[("content/projects/i-fare.md", "owner: anna-jensen", "owner: anna-jensen\nteam: [bo-hansen]")],
        &[("content/projects/kladde.md", "draft: true", "draft: true\nupdated: 2026-05-25")],
    ];
    let mut left = report_of(&portal, DAY).findings.len();
    for fix in fixes {
        for (file, from, to) in fix {
            portal.replace(file, from, to);
        }
        let now = report_of(&portal, DAY).findings;
        assert_eq!(now.len(), left - 1, "{fix:?} takes one finding away: {:#?}", places(&now));
        left = now.len();
    }
    let report = report_of(&portal, DAY);
    assert_eq!(places(&report.findings), Vec::<String>::new());
    let text = nyttig::health::render(&report.findings, &report.title, Lang::Da);
    assert!(text.contains("Intet at se på: portalen har det godt."), "{text}");

    // The statement: a missing date, then a missing address, are each one finding.
    portal.replace("portal.yaml", "  updated: 2026-02-02\n", "");
    let said: Vec<String> = report_of(&portal, DAY).findings.iter().map(|f| f.problem.message()).collect();
    assert!(said.len() == 1 && said[0].contains("nothing says when"), "{said:?}");
    portal.replace(
        "portal.yaml",
        "accessibility:\n  statement_url: https://www.was.digst.dk/innovation-proevested-example-dk\n",
        "",
    );
    let report = report_of(&portal, DAY);
    assert_eq!(places(&report.findings), ["Statement portal.yaml:1"]);
    assert!(report.findings[0].problem.hint_in(Lang::Da).unwrap().contains("WAS-værktøj"));
}

#[test]
fn a_phase_limit_for_a_phase_the_model_does_not_have_is_an_error() {
    let portal = Portal::fixture("health");
    portal.replace("portal.yaml", "{ test: 6 }", "{ tset: 6 }");
    let said = portal.messages_in(Lang::Da);
    assert!(said.contains("portal.yaml:16:") && said.contains("fejl: fasemodellen har ingen fase `tset`"), "{said}");
    assert!(said.contains("`test`"), "{said}");
}

fn nyttig(args: &[&str], root: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_nyttig"))
        .env_remove("NYTTIG_LANG")
        .args(args)
        .arg("--root")
        .arg(root)
        .output()
        .unwrap()
}

#[test]
fn the_command_gives_the_report_and_asks_other_sites_only_when_told() {
    let portal = Portal::fixture("health");
    let pages = ["fundet.html", "erklaering.html"].map(|p| (p.to_owned(), Arc::from(b"<p>her</p>".as_slice())));
    let site = server::serve(Arc::new(pages.into_iter().collect()));
    // No request leaves the machine: every link to another site goes to the local server.
    let statement = format!("{}/erklaering.html", site.origin);
    portal.replace("portal.yaml", "https://www.was.digst.dk/innovation-proevested-example-dk", &statement);
    let page = "content/pages/om/index.md";
    portal.replace(
        page,
        "Sådan ser",
        &format!("Læs [mere]({0}/fundet.html) og [det gamle]({0}/vaek.html#top).\n\nSådan ser", site.origin),
    );
    let o = nyttig(&["check", "--report"], portal.root());
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.starts_with("Sundhedstjek af Innovation i Prøvested Kommune: "), "{stdout}");
    assert!(stdout.contains("content/projects/slut.md:11:8: advarsel: projektet sluttede 2026-01-05"), "{stdout}");
    assert!(!stdout.contains("linket `"), "links to other sites are asked only with --external:\n{stdout}");

    let o = nyttig(&["check", "--report", "--external", "--json", "--lang", "nb"], portal.root());
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let broken: Vec<&serde_json::Value> =
        json["findings"].as_array().unwrap().iter().filter(|f| f["kind"] == "broken_link").collect();
    assert_eq!(broken.len(), 1, "{json:#}");
    assert_eq!((broken[0]["file"].as_str(), broken[0]["line"].as_u64()), (Some(page), Some(6)));
    let message = broken[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with(&format!("lenken `{}/vaek.html#top`", site.origin)) && message.contains("404"),
        "{message}"
    );
    assert_eq!(json["language"], "nb");
    let cache = std::fs::read_to_string(portal.root().join(".nyttig-cache/links.json")).unwrap();
    assert!(cache.contains("fundet.html"), "good answers are remembered: {cache}");

    // A portal with errors gets them first, and no report.
    portal.replace("content/projects/slut.md", "phase: test", "phase: tset");
    let o = nyttig(&["check", "--report"], portal.root());
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr.contains("content/projects/slut.md:") && stderr.contains("ret først fejlene ovenfor"), "{stderr}");
}

#[test]
fn the_preview_shows_the_report_and_the_errors_first() {
    let s = Serve::start();
    let body = s.until("/__nyttig/report/", "the report", |code, body| code == 200 && body.contains("Health report"));
    assert!(body.starts_with("<!doctype html><html lang=\"en\">"), "{body}");
    assert!(body.contains("<h1>Health report for Innovasjon i Testvik kommune: "), "{body}");
    assert!(body.contains("<h2>Projects without a picture ("), "{body}");
    assert!(body.contains("<code>content/projects/leksehjelp-paa-nett.md:"), "{body}");
    let file = "content/projects/leksehjelp-paa-nett.md";
    let good = s.read(file);
    s.write(file, &good.replacen("phase: paused", "phase: pasued", 1));
    let body = s.until("/__nyttig/report/", "the error", |_, body| body.contains("pasued"));
    assert!(body.contains("<h2>Errors to fix first (1)</h2>"), "{body}");
    assert!(body.find("Errors to fix first") < body.find("Projects without a picture"), "errors come first");
    s.write(file, &good);
    s.until("/__nyttig/report/", "the error gone", |_, body| !body.contains("Errors to fix first"));
    let (code, _, _) = s.get("/__nyttig/report");
    assert_eq!(code, 308, "the address without its slash leads to the report");
}
