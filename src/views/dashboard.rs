//! The results dashboard: the figures of [`crate::figures`] as charts, data tables and the
//! sentences that sum them up, for the whole portfolio and for each area, phase, kind and
//! start year. Every number is written once here, with the language's digits, and the chart,
//! its table and its summary all take that same text.

use serde_json::{Value, json};

use super::{PageKind, PageRef, View, Views};
use crate::charts::{self, BarRow, StackRow};
use crate::figures::{BenefitSum, Figures, Group};
use crate::i18n::format_number;
use crate::model::{Project, Section};
use crate::urls::Facet;

/// The facets that have results pages of their own (a tag's projects are too few and too
/// many tags to be worth one).
pub const FACETS: [Facet; 4] = [Facet::Area, Facet::Phase, Facet::Kind, Facet::Year];

/// How many projects at risk, and stopped projects, a page lists: the newest. All of them are
/// in `data/results.json`; a page of thousands of links helps nobody.
const LISTED: usize = 25;

/// A data table: column heads, then rows of a row head and cells (numbers already written).
fn table(head: Vec<String>, rows: Vec<(String, Vec<String>)>) -> Value {
    let rows: Vec<Value> = rows.into_iter().map(|(label, cells)| json!({ "label": label, "cells": cells })).collect();
    json!({ "head": head, "rows": rows })
}

impl<'a> Views<'a> {
    fn n(&self, n: impl Into<f64>) -> String {
        format_number(self.lang(), n.into())
    }

    fn count(&self, n: usize) -> String {
        self.n(n as u32)
    }

    /// `dashboard.<key>` with its `{name}` placeholders filled in.
    fn say(&self, key: &str, values: &[(&str, &str)]) -> String {
        crate::text::fill(&self.t.get(&format!("dashboard.{key}")), values)
    }

    /// A chart with its title, the sentence that sums it up, the SVG and the table.
    fn chart(&self, id: &str, title: String, summary: String, svg: String, legend: Vec<Value>, table: Value) -> Value {
        let caption = self.say("table_of", &[("title", &title)]);
        json!({ "id": id, "title": title, "summary": summary, "svg_html": svg, "legend": legend, "table": table, "caption": caption })
    }

    /// The results pages: the whole portfolio's, and one per value of [`FACETS`] that has projects.
    pub(super) fn dashboard_pages(&self) -> Vec<PageRef<'a>> {
        let mut pages = vec![PageRef::Results];
        for (fi, (facet, values)) in self.facets.iter().enumerate() {
            if FACETS.contains(facet) {
                let with = values.iter().enumerate().filter(|(_, v)| !v.2.is_empty());
                pages.extend(with.map(|(vi, _)| PageRef::ResultsFor { facet: (fi, vi) }));
            }
        }
        pages
    }

    /// The address of the results page of one facet value, when it has one.
    pub(super) fn results_url(&self, facet: Facet, value: &str) -> Option<String> {
        FACETS.contains(&facet).then(|| self.urls.results_for(facet, value))
    }

    /// What a results page shows: the front matter of its projects (a story's text changes no
    /// figure), its reports, and for the whole portfolio the strategy targets and the
    /// innovators they count.
    pub(super) fn dashboard_fingerprint(&self, subset: Option<(usize, usize)>) -> u64 {
        let s = self.site;
        let all: Vec<&Project>;
        let projects = match subset {
            Some((fi, vi)) => &self.facets[fi].1[vi].2,
            None => {
                all = s.projects.iter().map(|p| &**p).collect();
                &all
            }
        };
        let fronts: Vec<u64> = projects.iter().map(|p| p.doc.front_hash).collect();
        let reports: Vec<u64> = self.reports_of(projects).iter().map(|r| r.doc.hash).collect();
        let targets: Vec<u64> = match subset {
            Some(_) => vec![],
            None => s
                .strategy
                .iter()
                .map(|p| p.doc.front_hash)
                .chain(s.innovators.iter().map(|i| i.doc.front_hash))
                .collect(),
        };
        crate::hash::of(&("results", self.catalogue_shape, subset, fronts, reports, targets))
    }

    /// The reports of `projects`, in the portal's order: found through each project, so that
    /// a results page of few projects does not read every report of the portal.
    pub(super) fn reports_of(&self, projects: &[&Project]) -> Vec<&'a crate::model::ResultReport> {
        let mut at: Vec<usize> = projects
            .iter()
            .flat_map(|p| self.results_of.get(p.doc.slug.as_str()).into_iter().flatten())
            .copied()
            .collect();
        at.sort_unstable();
        at.dedup();
        at.into_iter().map(|i| &*self.site.results[i]).collect()
    }

    /// The links to the results of each area, phase, kind and year: of each the most used
    /// and the page's own, as the catalogue's filters, and the link to all of them there.
    fn subset_nav(&self, current: Option<(usize, usize)>) -> Vec<Value> {
        let facets = self.facets.iter().enumerate().filter(|(_, (f, _))| FACETS.contains(f));
        facets
            .filter(|(_, (_, values))| values.iter().any(|v| !v.2.is_empty()))
            .map(|(fi, (f, values))| {
                let values: Vec<Value> = self
                    .shown_values(fi, current)
                    .into_iter()
                    .map(|vi| (vi, &values[vi]))
                    .filter(|(_, v)| !v.2.is_empty())
                    .map(|(vi, (v, label, ps))| {
                        json!({ "label": label, "count": ps.len(), "url": self.urls.results_for(*f, v), "current": current == Some((fi, vi)) })
                    })
                    .collect();
                json!({ "key": f.id(), "label": self.t.get(&format!("facet.{}", f.id())), "values": values, "more": self.all_values_link(fi) })
            })
            .collect()
    }

    /// The results page of the whole portfolio (`None`) or of one facet value.
    pub(super) fn dashboard(&self, subset: Option<(usize, usize)>) -> View {
        let all: Vec<&Project>;
        let (projects, figures, title, url, subset_value) = match subset {
            Some((fi, vi)) => {
                let (facet, values) = &self.facets[fi];
                let (value, label, ps) = &values[vi];
                let facet_label = self.t.get(&format!("facet.{}", facet.id())).to_lowercase();
                let subset = json!({
                    "facet_label": facet_label, "value_label": label,
                    "catalogue_url": self.urls.facet(*facet, value),
                    "intro": self.say("intro_for", &[("n", &self.count(ps.len())), ("facet", &facet_label), ("value", label)]),
                });
                let title = self.say("title_for", &[("value", label)]);
                (ps.as_slice(), Figures::of(self.site, ps), title, self.urls.results_for(*facet, value), subset)
            }
            None => {
                all = self.site.projects.iter().map(|p| &**p).collect();
                let title = self.t.get("nav.results").into_owned();
                (all.as_slice(), Figures::portal(self.site), title, self.urls.section(Section::Results), Value::Null)
            }
        };
        let reports: Vec<Value> = self
            .reports_of(projects)
            .into_iter()
            .map(|r| json!({ "title": r.title, "url": self.url(&r.doc), "date": self.t.date(r.date), "date_iso": r.date.to_string(), "project": self.project_link(&r.project) }))
            .collect();
        let project_url = |slug: &str| self.urls.doc(Section::Projects, slug);
        let at_risk: Vec<Value> = figures
            .at_risk
            .iter()
            .take(LISTED)
            .map(|r| {
                let zeros: Vec<String> = r.zeros.iter().map(|z| self.t.get(&format!("fundamental.{z}")).into_owned()).collect();
                json!({ "title": r.title, "url": project_url(&r.slug), "zeros": self.say("risk_zeros", &[("list", &zeros.join(", "))]) })
            })
            .collect();
        let learnt: Vec<Value> = figures
            .learnt
            .iter()
            .take(LISTED)
            .map(|l| {
                let after = l.last_phase_label.as_ref().map(|p| self.say("learnt_after", &[("phase", p)]));
                let date = l.stopped.as_deref().and_then(crate::date::Date::parse);
                json!({ "title": l.title, "url": project_url(&l.slug), "after": after, "stopped": date.map(|d| self.t.date(d)), "stopped_iso": l.stopped })
            })
            .collect();
        let crumbs = if subset.is_some() {
            vec![json!({ "label": self.t.get("nav.results"), "url": self.urls.section(Section::Results) })]
        } else {
            vec![]
        };
        let charts = if projects.is_empty() { Value::Null } else { self.charts(&figures) };
        let description = match &subset_value {
            Value::Null => self.say("intro", &[]),
            subset => subset["intro"].as_str().unwrap_or_default().to_owned(),
        };
        self.make(
            PageKind::Results,
            url,
            &title,
            Some(&description),
            Some("results"),
            crumbs,
            json!({
                "subset": subset_value, "subsets": self.subset_nav(subset), "all_url": self.urls.section(Section::Results),
                "total": self.count(figures.projects), "charts": charts,
                "benefits_by_area": self.benefit_groups("by_area", &figures.benefits_by_area),
                "benefits_by_year": self.benefit_groups("by_year", &figures.benefits_by_year),
                "at_risk": at_risk, "at_risk_more": self.more(at_risk.len(), figures.at_risk.len()),
                "learnt": learnt, "learnt_more": self.more(learnt.len(), figures.learnt.len()),
                "reports": reports,
                "data_url": format!("{}data/results.json", self.urls.home()),
                "open_data_url": self.urls.open_data(),
            }),
        )
    }

    /// "The 25 newest of 3.412 are listed", when a list is cut short.
    fn more(&self, shown: usize, total: usize) -> Option<String> {
        (total > shown).then(|| self.say("listed", &[("shown", &self.count(shown)), ("total", &self.count(total))]))
    }

    /// A benefit's combined value, or "–" when no project gave one.
    fn benefit_value(&self, value: f64, projects: usize) -> String {
        if projects > 0 { self.n(value) } else { "–".to_owned() }
    }

    fn benefit_label(&self, b: &BenefitSum) -> String {
        let unit = if b.unit.is_empty() { String::new() } else { format!(" ({})", b.unit) };
        let mean = if b.combined == "mean" { format!(", {}", self.say("mean", &[])) } else { String::new() };
        format!("{}{unit}{mean}", b.name)
    }

    fn benefit_rows(&self, items: &[BenefitSum]) -> Vec<(String, Vec<String>)> {
        items
            .iter()
            .map(|b| {
                let planned = self.benefit_value(b.planned, b.planned_projects);
                let cells = vec![b.unit.clone(), planned, self.benefit_value(b.realized, b.realized_projects)];
                let mean = if b.combined == "mean" { format!(" ({})", self.say("mean", &[])) } else { String::new() };
                (format!("{}{mean}", b.name), cells)
            })
            .collect()
    }

    /// Benefits by area or by year (`key`: `by_area`, `by_year`): a table per group.
    fn benefit_groups(&self, key: &str, groups: &[Group<BenefitSum>]) -> Vec<Value> {
        let heading = self.say(&format!("benefits_{key}"), &[]);
        let head = || ["benefit", "unit", "planned", "realized"].iter().map(|k| self.say(k, &[])).collect::<Vec<_>>();
        groups
            .iter()
            .enumerate()
            .map(|(i, g)| {
                json!({
                    "id": format!("benefits-{key}-{}", i + 1), "key": g.key, "caption": format!("{heading}: {}", g.key),
                    "table": table(head(), self.benefit_rows(&g.items)),
                })
            })
            .collect()
    }

    /// Every chart of the figures `f`, by its id.
    fn charts(&self, f: &Figures) -> Value {
        let mut charts = serde_json::Map::new();
        charts.insert("funnel".into(), self.funnel_chart(f));
        charts.insert("halted".into(), self.halted_chart(f));
        charts.insert("portal".into(), self.portal_chart(f));
        if let Some(chart) = self.benefits_chart(f) {
            charts.insert("benefits".into(), chart);
        }
        charts.insert("area_phase".into(), self.area_phase_chart(f));
        let kind_label = |k: &str| self.t.get(&format!("kind.{k}")).into_owned();
        charts.insert(
            "by_kind".into(),
            self.tally_chart("by_kind", "kind", &f.by_kind, &kind_label, &self.t.get("facet.kind")),
        );
        charts.insert(
            "by_year".into(),
            self.tally_chart("by_year", "year", &f.by_year, &|y| y.to_owned(), &self.t.get("facet.year")),
        );
        if let Some(chart) = self.targets_chart(f) {
            charts.insert("targets".into(), chart);
        }
        Value::Object(charts)
    }

    /// The column heads `keys`, in the portal's language.
    fn head(&self, keys: &[&str]) -> Vec<String> {
        keys.iter().map(|k| self.say(k, &[])).collect()
    }

    /// How far projects got: how many reached each phase.
    fn funnel_chart(&self, f: &Figures) -> Value {
        let rows: Vec<BarRow> = f
            .funnel
            .iter()
            .map(|r| BarRow {
                label: r.label.clone(),
                bars: vec![(r.projects as f64, self.count(r.projects))],
                full: None,
            })
            .collect();
        let (first, last) = (f.funnel.first(), f.funnel.last());
        let summary = self.say(
            "funnel_summary",
            &[
                ("total", &self.count(f.projects)),
                ("first", &self.count(first.map_or(0, |r| r.projects))),
                ("first_label", first.map_or("", |r| &r.label)),
                ("last", &self.count(last.map_or(0, |r| r.projects))),
                ("last_label", last.map_or("", |r| &r.label)),
            ],
        );
        let table_rows = f.funnel.iter().map(|r| (r.label.clone(), vec![self.count(r.projects)])).collect();
        self.chart(
            "funnel",
            self.say("funnel_title", &[]),
            summary,
            charts::bars("funnel", &rows),
            vec![],
            table(self.head(&["phase", "reached"]), table_rows),
        )
    }

    /// Paused and stopped projects, by where they stopped: a table only, the numbers are few.
    fn halted_chart(&self, f: &Figures) -> Value {
        let model = &self.site.config.phase_model;
        let mut halted: Vec<(String, Vec<String>)> = Vec::new();
        for (state, list) in [("paused", &f.paused), ("stopped", &f.stopped)] {
            for h in list {
                let after = h.label.clone().unwrap_or_else(|| self.say("unknown_phase", &[]));
                halted.push((model.label(state).to_owned(), vec![after, self.count(h.projects)]));
            }
        }
        let (paused, stopped): (usize, usize) =
            (f.paused.iter().map(|h| h.projects).sum(), f.stopped.iter().map(|h| h.projects).sum());
        json!({
            "id": "halted", "title": self.say("halted_title", &[]),
            "summary": self.say("halted_summary", &[("paused", &self.count(paused)), ("stopped", &self.count(stopped))]),
            "table": (!halted.is_empty()).then(|| table(self.head(&["state", "last_reached", "projects"]), halted)),
            "caption": self.say("halted_title", &[]),
        })
    }

    /// The portal's own ideas: how many came in through it, and how far they got.
    fn portal_chart(&self, f: &Figures) -> Value {
        let model = &self.site.config.phase_model;
        let p = &f.portal;
        let last_label = p.last_phase.as_deref().map_or(String::new(), |id| model.label(id).to_owned());
        let percent = p.percent.map(|x| self.say("percent", &[("n", &self.n(x))]));
        let summary = match &percent {
            Some(percent) => self.say(
                "portal_summary",
                &[
                    ("ideas", &self.count(p.ideas)),
                    ("reached", &self.count(p.reached_last)),
                    ("last_label", &last_label),
                    ("percent", percent),
                ],
            ),
            None => self.say("portal_none", &[]),
        };
        let reached_label = self.say("portal_reached", &[("last_label", &last_label)]);
        let rows = vec![
            BarRow {
                label: self.say("portal_ideas", &[]),
                bars: vec![(p.ideas as f64, self.count(p.ideas))],
                full: None,
            },
            BarRow {
                label: reached_label.clone(),
                bars: vec![(p.reached_last as f64, self.count(p.reached_last))],
                full: None,
            },
        ];
        let mut table_rows = vec![
            (self.say("portal_ideas", &[]), vec![self.count(p.ideas)]),
            (reached_label, vec![self.count(p.reached_last)]),
        ];
        if let Some(percent) = &percent {
            table_rows.push((self.say("share", &[]), vec![percent.clone()]));
        }
        json!({
            "id": "portal", "title": self.say("portal_title", &[]), "summary": summary, "percent": percent,
            "svg_html": (p.ideas > 0).then(|| charts::bars("portal", &rows)),
            "legend": [], "table": (p.ideas > 0).then(|| table(self.head(&["what", "projects"]), table_rows)),
            "caption": self.say("table_of", &[("title", &self.say("portal_title", &[]))]),
        })
    }

    /// Benefits, each on its own scale: planned light, realised solid.
    fn benefits_chart(&self, f: &Figures) -> Option<Value> {
        if f.benefits.is_empty() {
            return None;
        }

        let rows: Vec<BarRow> = f
            .benefits
            .iter()
            .map(|b| {
                let planned = self.benefit_value(b.planned, b.planned_projects);
                let realized = self.benefit_value(b.realized, b.realized_projects);
                // Each benefit on its own scale: its two bars compare with each other only.
                let full = Some(b.planned.max(b.realized)).filter(|x| *x > 0.0);
                BarRow { label: self.benefit_label(b), bars: vec![(b.planned, planned), (b.realized, realized)], full }
            })
            .collect();
        let legend = vec![
            json!({ "label": self.say("planned", &[]), "class": "light" }),
            json!({ "label": self.say("realized", &[]), "class": "solid" }),
        ];
        let summary = self.say("benefits_summary", &[("n", &self.count(f.benefits.len()))]);
        Some(self.chart(
            "benefits",
            self.say("benefits_title", &[]),
            summary,
            charts::bars("benefits", &rows),
            legend,
            table(self.head(&["benefit", "unit", "planned", "realized"]), self.benefit_rows(&f.benefits)),
        ))
    }

    /// The portfolio: projects by area, stacked by phase.
    fn area_phase_chart(&self, f: &Figures) -> Value {
        let model = &self.site.config.phase_model;
        let ids = model.all_ids();
        let labels: Vec<String> = ids.iter().map(|id| model.label(id).to_owned()).collect();
        let used: Vec<usize> = (0..ids.len())
            .filter(|i| model.index(ids[*i]).is_some() || f.by_area_phase.iter().any(|r| r.phases[*i] > 0))
            .collect();
        let rows: Vec<StackRow> = f
            .by_area_phase
            .iter()
            .map(|r| StackRow {
                label: r.area.clone(),
                parts: used.iter().map(|i| r.phases[*i] as f64).collect(),
                part_labels: used.iter().map(|i| format!("{}: {}", labels[*i], self.count(r.phases[*i]))).collect(),
                total: self.count(r.total),
            })
            .collect();
        let top = f.by_area_phase.iter().max_by(|a, b| a.total.cmp(&b.total).then_with(|| b.area.cmp(&a.area)));
        let summary = self.say(
            "area_phase_summary",
            &[
                ("total", &self.count(f.projects)),
                ("n", &self.count(f.by_area_phase.len())),
                ("top", top.map_or("", |t| &t.area)),
                ("count", &self.count(top.map_or(0, |t| t.total))),
            ],
        );
        let mut area_head = vec![self.say("area", &[])];
        area_head.extend(used.iter().map(|i| labels[*i].clone()));
        area_head.push(self.say("total_col", &[]));
        let area_rows = f
            .by_area_phase
            .iter()
            .map(|r| {
                let mut cells: Vec<String> = used.iter().map(|i| self.count(r.phases[*i])).collect();
                cells.push(self.count(r.total));
                (r.area.clone(), cells)
            })
            .collect();
        // Phases in order get darker; paused and stopped have colours of their own.
        let classes: Vec<String> = used
            .iter()
            .map(|i| if model.index(ids[*i]).is_some() { format!("phase-{i}") } else { ids[*i].to_owned() })
            .collect();
        let legend: Vec<Value> =
            used.iter().zip(&classes).map(|(i, class)| json!({ "label": labels[*i], "class": class })).collect();
        self.chart(
            "area_phase",
            self.say("area_phase_title", &[]),
            summary,
            charts::stacked("area_phase", &rows, &classes),
            legend,
            table(area_head, area_rows),
        )
    }

    /// Projects counted by one value (kind, start year) as bars.
    fn tally_chart(
        &self,
        id: &str,
        key: &str,
        tallies: &[crate::figures::Tally],
        label: &dyn Fn(&str) -> String,
        first: &str,
    ) -> Value {
        let rows: Vec<BarRow> = tallies
            .iter()
            .map(|t| BarRow {
                label: label(&t.key),
                bars: vec![(t.projects as f64, self.count(t.projects))],
                full: None,
            })
            .collect();
        let list: Vec<String> =
            tallies.iter().map(|t| format!("{}: {}", label(&t.key), self.count(t.projects))).collect();
        let summary = self.say(&format!("{key}_summary"), &[("list", &list.join(", "))]);
        let table_rows = tallies.iter().map(|t| (label(&t.key), vec![self.count(t.projects)])).collect();
        self.chart(
            id,
            self.say(&format!("{key}_title"), &[]),
            summary,
            charts::bars(id, &rows),
            vec![],
            table(vec![first.to_owned(), self.say("projects", &[])], table_rows),
        )
    }

    /// The strategy's targets, each a bar towards its own target.
    fn targets_chart(&self, f: &Figures) -> Option<Value> {
        let targets = f.targets.as_ref().filter(|t| !t.is_empty())?;

        let of = self.t.get("strategy.of");
        let rows: Vec<BarRow> = targets
            .iter()
            .map(|t| BarRow {
                label: t.label.clone(),
                bars: vec![(t.value, format!("{} {of} {}", self.n(t.value), self.n(t.target)))],
                full: Some(t.target),
            })
            .collect();
        let reached = targets.iter().filter(|t| t.percent >= 100).count();
        let summary =
            self.say("targets_summary", &[("reached", &self.count(reached)), ("n", &self.count(targets.len()))]);
        let table_rows = targets
            .iter()
            .map(|t| {
                (
                    t.label.clone(),
                    vec![self.n(t.value), self.n(t.target), self.say("percent", &[("n", &self.n(t.percent as f64))])],
                )
            })
            .collect();
        Some(self.chart(
            "targets",
            self.say("targets_title", &[]),
            summary,
            charts::bars("targets", &rows),
            vec![],
            table(self.head(&["target", "value", "goal", "progress"]), table_rows),
        ))
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::Lang;

    #[test]
    fn placeholders_are_filled_once_and_braces_in_values_stay() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("portal.yaml"),
            "title: T\nbase_url: https://x.example/\nlanguage: en\nmunicipality: M\ncontact:\n  email: a@x.example\n",
        )
        .unwrap();
        std::fs::create_dir(dir.path().join("content")).unwrap();
        let site = crate::build::site(dir.path(), &Default::default()).unwrap();
        let urls = crate::urls::Urls::new(&site.config);
        let bodies = Default::default();
        let pictures = Default::default();
        let views = super::Views::new(&site, &urls, Lang::En.strings(), &bodies, &pictures);
        let said =
            views.say("area_phase_summary", &[("total", "3"), ("n", "{count}"), ("top", "A {n} }"), ("count", "2")]);
        assert_eq!(said, "3 projects in {count} areas, most in A {n} } (2).");
        assert_eq!(views.say("title_for", &[]), "Results: {value}", "an unknown placeholder stays as written");
    }

    /// Every key this file says (`say` with a literal) is a `dashboard.` key that every language has: a
    /// missing one would print its own name on the page.
    #[test]
    fn every_sentence_the_dashboard_says_exists_in_every_language() {
        let source = include_str!("dashboard.rs");
        let keys: Vec<&str> = source
            .split("say(\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .filter(|k| !k.is_empty() && k.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
            .collect();
        assert!(keys.len() > 30, "{keys:?}");
        let mut keys = keys;
        // Made with format!: the tallies' and the benefit groups' keys; and the tables' heads.
        keys.extend([
            "kind_title",
            "kind_summary",
            "year_title",
            "year_summary",
            "benefits_by_area",
            "benefits_by_year",
        ]);
        keys.extend(["phase", "reached", "state", "last_reached", "projects", "what", "benefit", "unit", "planned"]);
        keys.extend(["realized", "target", "value", "goal", "progress"]);
        for lang in Lang::ALL {
            for key in &keys {
                let path = format!("dashboard.{key}");
                assert!(lang.strings().lookup(&path).is_some(), "{} lacks `{path}`", lang.code());
            }
        }
    }
}
