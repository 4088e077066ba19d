//! The health report (`nyttig check --report`, and `/__nyttig/report/` in the preview): what
//! the editors should look at, most important first, each finding at its file and line with
//! what to do. The build's own warnings are part of it; the rest is read off the portal as
//! of a given day: projects gone quiet or stuck in a phase, ended projects still shown as
//! active, zeros in the fundamentals, gates without a decision, innovators without a project,
//! old drafts, the accessibility statement, and (asked for) links to other sites.

use std::collections::HashSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::date::Date;
use crate::diagnostics::{Diagnostic, Seg};
use crate::i18n::Lang;
use crate::model::{Project, Site, key};
use crate::say::Say;

/// What a finding is about. The order is the report's: the most important first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A project past its `ended` date that is still in a phase before the last.
    EndedButActive,
    /// A zero in one of the five fundamentals: the project will most likely fail.
    AtRisk,
    /// The accessibility statement is not linked, or not updated within a year.
    Statement,
    /// Contact details written without consent (the build's warning).
    NoConsent,
    /// A link to another site that no longer answers.
    BrokenLink,
    /// A picture in a text without alt text (the build's warning).
    NoAltText,
    /// Text from `nyttig init` or `nyttig new` left in (the build's warning).
    SampleText,
    /// The build's other warnings: the text's accessibility, links to drafts.
    Warning,
    /// A project not updated for longer than the portal expects.
    NotUpdated,
    /// A project in one phase (or paused) for longer than the portal expects.
    LongInPhase,
    /// A phase change in the history without the decision taken at the gate.
    NoDecision,
    /// A project without a picture.
    NoPicture,
    /// An innovator who is neither pådriver nor on the team of a published project.
    NoProject,
    /// A draft not changed for more than three months.
    OldDraft,
}

impl Kind {
    /// The heading of its part of the report.
    fn heading(self) -> Say {
        match self {
            Kind::EndedButActive => say!("health.heading_ended"),
            Kind::AtRisk => say!("health.heading_at_risk"),
            Kind::Statement => say!("health.heading_statement"),
            Kind::NoConsent => say!("health.heading_no_consent"),
            Kind::BrokenLink => say!("health.heading_broken_link"),
            Kind::NoAltText => say!("health.heading_no_alt"),
            Kind::SampleText => say!("health.heading_sample_text"),
            Kind::Warning => say!("health.heading_warning"),
            Kind::NotUpdated => say!("health.heading_not_updated"),
            Kind::LongInPhase => say!("health.heading_long_in_phase"),
            Kind::NoDecision => say!("health.heading_no_decision"),
            Kind::NoPicture => say!("health.heading_no_picture"),
            Kind::NoProject => say!("health.heading_no_project"),
            Kind::OldDraft => say!("health.heading_old_draft"),
        }
    }

    /// The kind of one of the build's warnings, by its message.
    fn of_warning(d: &Diagnostic) -> Kind {
        match d.said().key() {
            Some("entities.no_consent") => Kind::NoConsent,
            Some("content.no_alt_text") => Kind::NoAltText,
            Some("build.sample_text") => Kind::SampleText,
            _ => Kind::Warning,
        }
    }
}

/// One thing to look at: what it is about, and where and what, as the build says its problems.
#[derive(Clone, Debug)]
pub struct Finding {
    pub kind: Kind,
    pub problem: Diagnostic,
}

/// What the report found, and the links to other sites it may check (`--external`).
#[derive(Clone, Debug)]
pub struct Report {
    /// The portal's title, for the report's heading.
    pub title: String,
    /// The day the report is made as of.
    pub today: Date,
    /// Most important first: see [`findings`].
    pub findings: Vec<Finding>,
    /// Every link to another site, where it stands; a `Link`'s place is said again as a
    /// finding when the link does not answer ([`Report::add_broken`]).
    pub links: Vec<Link>,
}

/// A link to another site and where it stands (a problem at its place, to be said anew).
#[derive(Clone, Debug)]
pub struct Link {
    pub url: String,
    pub at: Diagnostic,
}

impl Report {
    /// The report of `site` as of `today`: its findings, the build's `warnings` among them,
    /// and its links to other sites (in the texts of `bodies`, `video`, the statement).
    pub fn new(site: &Site, bodies: &crate::views::Bodies, warnings: &[Diagnostic], today: Date) -> Report {
        Report {
            title: site.config.title.clone(),
            today,
            findings: findings(site, warnings, today),
            links: links(site, bodies),
        }
    }

    /// Adds a finding for each link that `answers` says is broken, in its place in the order.
    pub fn add_broken(&mut self, answers: &std::collections::HashMap<String, crate::external::Answer>) {
        for link in &self.links {
            if let Some(crate::external::Answer::Broken(why)) = answers.get(&link.url) {
                let said = say!("health.broken_link", url = &link.url, why = why.clone());
                let problem = link.at.clone().with_message(said).with_hint(say!("health.broken_link_hint")).warning();
                self.findings.push(Finding { kind: Kind::BrokenLink, problem });
            }
        }
        sort(&mut self.findings);
    }

    /// The distinct addresses of the links, for checking each once.
    pub fn urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self.links.iter().map(|l| l.url.clone()).collect();
        urls.sort_unstable();
        urls.dedup();
        urls
    }
}

/// Every link to another site in `site`: in the texts, a project's `video`, and the
/// accessibility statement's address.
fn links(site: &Site, bodies: &crate::views::Bodies) -> Vec<Link> {
    let mut links = Vec::new();
    for doc in site.docs() {
        if let Some(body) = bodies.get(&doc.rel_path) {
            for (url, offset) in &body.external {
                links.push(Link { url: url.clone(), at: doc.source.error_at(*offset, Say::verbatim(url)) });
            }
        }
    }
    for p in &site.projects {
        if let Some(video) = &p.video {
            links.push(Link { url: video.clone(), at: p.doc.error(&[key("video")], Say::verbatim(video)) });
        }
    }
    if let Some(url) = site.config.statement_url.as_ref().filter(|u| u.starts_with("http")) {
        let at = site.config.places.error_at(&[key("accessibility"), key("statement_url")], Say::verbatim(url));
        links.push(Link { url: url.clone(), at });
    }
    links
}

/// Most important first, then by file and place.
fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        (a.kind, &a.problem.path, a.problem.line, a.problem.col).cmp(&(
            b.kind,
            &b.problem.path,
            b.problem.line,
            b.problem.col,
        ))
    });
}

/// A draft not changed for longer than this is named.
const DRAFT_MONTHS: i32 = 3;

/// Everything the report names on `site` as of `today`, the build's `warnings` among them,
/// most important first (then by file and line). Each project is looked at once.
pub fn findings(site: &Site, warnings: &[Diagnostic], today: Date) -> Vec<Finding> {
    let mut out: Vec<Finding> =
        warnings.iter().map(|w| Finding { kind: Kind::of_warning(w), problem: w.clone().warning() }).collect();
    let mut found = |kind: Kind, problem: Diagnostic| out.push(Finding { kind, problem: problem.warning() });
    let health = &site.config.health;
    let model = &site.config.phase_model;
    let last_step = model.phases.len().checked_sub(1);
    let mut with_project: HashSet<&str> = HashSet::new();

    for p in &site.projects {
        with_project.extend(p.owner.as_deref());
        with_project.extend(p.team.iter().map(String::as_str));
        if p.draft {
            old_draft(p, today, &mut found);
            continue;
        }
        let doc = &p.doc;
        let ended = p.ended.is_some_and(|e| e < today);
        if let Some(end) = p.ended.filter(|_| ended)
            && p.phase.step().is_some_and(|s| Some(s) != last_step)
        {
            let last = model.last().map_or("", |l| l.id.as_str());
            let said = say!("health.ended", ended = end, phase = p.phase.id());
            found(
                Kind::EndedButActive,
                doc.error(&[key("ended")], said).with_hint(say!("health.ended_hint", last = last)),
            );
        }
        if p.phase.is_stopped() {
            continue;
        }
        if let Some(f) = &p.fundamentals
            && let [first, ..] = f.zeros()[..]
        {
            let names = crate::say::one_of(f.zeros());
            let said = say!("health.at_risk", names = names);
            found(
                Kind::AtRisk,
                doc.error(&[key("fundamentals"), key(first)], said).with_hint(say!("health.at_risk_hint")),
            );
        }
        if !ended {
            let changed = last_change(p);
            let months = changed.months_to(today);
            if months >= health.months_without_update as i32 {
                let said =
                    say!("health.not_updated", date = changed, months = months, limit = health.months_without_update);
                let hint = say!("health.not_updated_hint", today = today);
                found(Kind::NotUpdated, doc.error(&[key("updated")], said).with_hint(hint));
            }
            let since = p.history.last().map_or(p.started, |h| h.date);
            let limit = health.months_in(p.phase.id());
            let months = since.months_to(today);
            if p.phase.step() != last_step && months > limit as i32 {
                let said =
                    say!("health.long_in_phase", phase = p.phase.id(), date = since, months = months, limit = limit);
                let at = p.history.len().checked_sub(1).map_or(vec![key("phase")], |i| history_at(i, "date"));
                let hint = if p.phase.is_halted() {
                    say!("health.long_paused_hint")
                } else {
                    say!("health.long_in_phase_hint")
                };
                found(Kind::LongInPhase, doc.error(&at, said).with_hint(hint));
            }
        }
        for (i, h) in p.history.iter().enumerate().skip(1).filter(|(_, h)| h.decision.is_none()) {
            let said = say!("health.no_decision", phase = h.phase.id(), date = h.date);
            found(
                Kind::NoDecision,
                doc.error(&history_at(i, "phase"), said).with_hint(say!("health.no_decision_hint")),
            );
        }
        if p.image.is_none() {
            found(
                Kind::NoPicture,
                doc.error(&[key("image")], say!("health.no_picture")).with_hint(say!("health.no_picture_hint")),
            );
        }
    }
    for p in &site.drafts_left_out {
        old_draft(p, today, &mut found);
    }
    for i in site.innovators.iter().filter(|i| !with_project.contains(i.doc.slug.as_str())) {
        let said = say!("health.no_project", name = &i.name);
        found(Kind::NoProject, i.doc.error(&[key("name")], said).with_hint(say!("health.no_project_hint")));
    }
    statement(site, today, &mut found);
    sort(&mut out);
    out
}

/// The way to a field of a history line: `history`, `2`, `date`.
fn history_at(i: usize, field: &str) -> Vec<Seg> {
    vec![key("history"), Seg::Index(i), key(field)]
}

/// When a project last changed as its file tells: the newest of `updated`, its last phase
/// change and `started`.
fn last_change(p: &Project) -> Date {
    [p.updated, p.history.last().map(|h| h.date)].into_iter().flatten().fold(p.started, Date::max)
}

fn old_draft(p: &Project, today: Date, found: &mut impl FnMut(Kind, Diagnostic)) {
    let changed = last_change(p);
    let months = changed.months_to(today);
    if months >= DRAFT_MONTHS {
        let said = say!("health.old_draft", date = changed, months = months);
        found(Kind::OldDraft, p.doc.error(&[key("draft")], said).with_hint(say!("health.old_draft_hint")));
    }
}

/// The accessibility statement: its address must be given, and it must have been updated
/// within a year. Denmark has it made in the WAS tool, Norway published on uustatus.no: the
/// advice follows the portal's language.
fn statement(site: &Site, today: Date, found: &mut impl FnMut(Kind, Diagnostic)) {
    let config = &site.config;
    let places = &config.places;
    let accessibility = || vec![key("accessibility")];
    let (url_hint, update_hint) = match config.language {
        Lang::Da => (say!("health.statement_url_hint_da"), say!("health.statement_update_hint_da")),
        Lang::Nb | Lang::Nn => (say!("health.statement_url_hint_no"), say!("health.statement_update_hint_no")),
        Lang::En => (say!("health.statement_url_hint_en"), say!("health.statement_update_hint_en")),
    };
    if config.statement_url.is_none() {
        found(Kind::Statement, places.error_at(&accessibility(), say!("health.no_statement_url")).with_hint(url_hint));
        return;
    }
    match config.statement_updated {
        None => {
            let said = say!("health.statement_no_date");
            found(
                Kind::Statement,
                places.error_at(&accessibility(), said).with_hint(say!("health.statement_no_date_hint", today = today)),
            );
        }
        Some(updated) if updated.months_to(today) >= 12 => {
            let said = say!("health.statement_old", date = updated);
            found(
                Kind::Statement,
                places.error_at(&[key("accessibility"), key("updated")], said).with_hint(update_hint),
            );
        }
        Some(_) => {}
    }
}

/// The findings of each kind together, in the report's order (findings come sorted).
fn parts(findings: &[Finding]) -> impl Iterator<Item = &[Finding]> {
    findings.chunk_by(|a, b| a.kind == b.kind)
}

/// The report as the terminal shows it, in `lang`: a part per kind of finding, each with its
/// heading and count, then its findings as the build shows its problems.
pub fn render(findings: &[Finding], title: &str, lang: Lang) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}\n", say!("health.title_for", title = title, n = findings.len()).to(lang));
    for mine in parts(findings) {
        let _ = writeln!(out, "## {} ({})\n", mine[0].kind.heading().to(lang), mine.len());
        for f in mine {
            let _ = writeln!(out, "{}", f.problem.render(lang));
        }
    }
    if findings.is_empty() {
        let _ = writeln!(out, "{}", say!("health.all_well").to(lang));
    }
    out
}

/// The report as `--json` gives it, in `lang`: each finding with its kind, place, message
/// and what to do.
pub fn json(report: &Report, lang: Lang) -> serde_json::Value {
    let items: Vec<serde_json::Value> = report
        .findings
        .iter()
        .map(|f| {
            serde_json::json!({
                "kind": f.kind,
                "heading": f.kind.heading().to(lang),
                "file": f.problem.path,
                "line": f.problem.line,
                "column": f.problem.col,
                "message": f.problem.message_in(lang),
                "hint": f.problem.hint_in(lang),
            })
        })
        .collect();
    serde_json::json!({ "portal": report.title, "date": report.today, "language": lang.code(), "findings": items })
}

/// The report as a page of the preview, in `lang`; `errors` are the last build's, shown first
/// (the findings are then those of the last build that succeeded).
pub fn html(findings: &[Finding], errors: &[Diagnostic], title: &str, lang: Lang) -> String {
    use crate::text::xml_escape as escape;
    let heading = say!("health.title_for", title = title, n = findings.len()).to(lang);
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang=\"{}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{}</title><style>{STYLE}</style></head><body><main><h1>{}</h1>",
        lang.code(),
        escape(&heading),
        escape(&heading)
    );
    let item = |out: &mut String, d: &Diagnostic| {
        let place = if d.line == 0 { d.path.clone() } else { format!("{}:{}:{}", d.path, d.line, d.col) };
        let _ = write!(out, "<li><p><code>{}</code></p><p>{}</p>", escape(&place), escape(&d.message_in(lang)));
        if let Some(hint) = d.hint_in(lang) {
            let _ = write!(out, "<p class=\"hint\">{}: {}</p>", escape(&say!("common.hint").to(lang)), escape(&hint));
        }
        out.push_str("</li>");
    };
    if !errors.is_empty() {
        let _ = write!(
            out,
            "<section class=\"errors\"><h2>{}</h2><p>{}</p><ul>",
            escape(&say!("health.errors_first", n = errors.len()).to(lang)),
            escape(&say!("health.errors_first_note").to(lang))
        );
        for d in errors {
            item(&mut out, d);
        }
        out.push_str("</ul></section>");
    }
    for mine in parts(findings) {
        let _ = write!(out, "<section><h2>{} ({})</h2><ul>", escape(&mine[0].kind.heading().to(lang)), mine.len());
        for f in mine {
            item(&mut out, &f.problem);
        }
        out.push_str("</ul></section>");
    }
    if findings.is_empty() && errors.is_empty() {
        let _ = write!(out, "<p>{}</p>", escape(&say!("health.all_well").to(lang)));
    }
    out.push_str("</main></body></html>");
    out
}

/// The page's look: plain, readable, with contrast well above WCAG AA.
const STYLE: &str = "body{font:1rem/1.5 system-ui,sans-serif;margin:0;color:#1a1a1a;background:#fff}main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #767676}ul{list-style:none;padding:0}li{padding:.5rem 0;border-bottom:1px solid #ddd}li p{margin:.2rem 0}code{font-size:.95rem;color:#333}.hint{color:#333}.errors h2{color:#a00000}";
