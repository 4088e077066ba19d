//! The results section's figures: how far projects got, what the portal's own ideas became,
//! what benefits were planned and realised, the portfolio, the strategy targets, the projects
//! at risk and what was learnt from the stopped ones. Computed here from the published
//! projects (drafts are never in a `Site` unless the build asks for them), never in
//! templates; the dashboard, its facet pages and `data/results.json` all show these numbers.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::model::{Project, Site, Target};

/// The figures of a set of projects.
#[derive(Debug, Serialize, PartialEq)]
pub struct Figures {
    /// How many projects the figures are of.
    pub projects: usize,
    /// Per phase of the model, in order: how many projects reached it.
    pub funnel: Vec<Reached>,
    /// Paused projects, by the last phase of the model they had reached.
    pub paused: Vec<Halted>,
    /// Stopped projects, by the last phase of the model they had reached.
    pub stopped: Vec<Halted>,
    /// The ideas that came in through the portal and how many of them reached the last phase.
    pub portal: PortalShare,
    /// Planned and realised benefits per name and unit; values in different units are never
    /// added together.
    pub benefits: Vec<BenefitSum>,
    pub benefits_by_area: Vec<Group<BenefitSum>>,
    pub benefits_by_year: Vec<Group<BenefitSum>>,
    /// Projects per area and phase (every phase of the model, then paused and stopped).
    pub by_area_phase: Vec<AreaRow>,
    pub by_kind: Vec<Tally>,
    /// Projects per year started, oldest first.
    pub by_year: Vec<Tally>,
    /// Projects with a zero in one of the five fundamentals (one zero puts the whole at risk),
    /// newest start first.
    pub at_risk: Vec<AtRisk>,
    /// Stopped projects, newest stop first, with the last phase they had reached.
    pub learnt: Vec<Learnt>,
    /// The strategy pages' targets and how far they are: only in the whole portal's figures.
    pub targets: Option<Vec<Progress>>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Progress {
    /// The strategy page's slug.
    pub strategy: String,
    pub label: String,
    pub value: f64,
    pub target: f64,
    /// How far, in whole per cent from 0 to 100.
    pub percent: i64,
}

/// A strategy target's value now (counted from the innovators, or as written) and how far it
/// is, in whole per cent from 0 to 100.
pub fn progress(site: &Site, t: &Target) -> (f64, i64) {
    let value = t.count.map_or(t.value.unwrap_or(0.0), |c| site.count(c) as f64);
    let percent = if t.target > 0.0 { ((value / t.target) * 100.0).clamp(0.0, 100.0).round() as i64 } else { 100 };
    (value, percent)
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Reached {
    pub phase: String,
    pub label: String,
    pub projects: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Halted {
    /// The last phase of the model the projects had reached; None when their history does
    /// not tell.
    pub phase: Option<String>,
    pub label: Option<String>,
    pub projects: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct PortalShare {
    /// Projects whose idea came in through the portal (`via_portal: true`).
    pub ideas: usize,
    /// Of those, the ones that reached the model's last phase and were not stopped.
    pub reached_last: usize,
    pub last_phase: Option<String>,
    /// `reached_last` of `ideas` in per cent, one decimal; None when there are no such ideas.
    pub percent: Option<f64>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct BenefitSum {
    pub name: String,
    pub unit: String,
    /// `sum`, or `mean` for a share in per cent: 80 % in one project and 90 % in another
    /// are not 170 %.
    pub combined: &'static str,
    /// The planned values given, combined, and how many projects gave one.
    pub planned: f64,
    pub planned_projects: usize,
    pub realized: f64,
    pub realized_projects: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Group<T> {
    pub key: String,
    pub items: Vec<T>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct AreaRow {
    pub area: String,
    /// Per phase id of the model (`all_ids` order): how many projects are in it now.
    pub phases: Vec<usize>,
    pub total: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Tally {
    pub key: String,
    pub projects: usize,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct AtRisk {
    pub slug: String,
    pub title: String,
    /// The fundamentals scored 0.
    pub zeros: Vec<&'static str>,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct Learnt {
    pub slug: String,
    pub title: String,
    pub last_phase: Option<String>,
    pub last_phase_label: Option<String>,
    /// When it was stopped, if its history says.
    pub stopped: Option<String>,
}

/// The model's phases a project reached, as bits (phase `i` is bit `i`): every phase up to the
/// one it is in (or, paused or stopped, the last one its history names), and every phase its
/// history names. A project that skipped a phase still passed it.
pub fn reached(p: &Project) -> u64 {
    let mut out = 0u64;
    for i in p.history.iter().filter_map(|h| h.phase.step()).filter(|i| *i < 64) {
        out |= 1 << i;
    }
    if let Some(top) = p.last_step() {
        out |= u64::MAX >> (63 - top.min(63));
    }
    out
}

impl Figures {
    /// The whole portal's figures, with the strategy targets.
    pub fn portal(site: &Site) -> Figures {
        let all: Vec<&Project> = site.projects.iter().map(|p| &**p).collect();
        let targets = site
            .strategy
            .iter()
            .flat_map(|s| s.targets.iter().map(move |t| (s, t)))
            .map(|(s, t)| {
                let (value, percent) = progress(site, t);
                Progress { strategy: s.doc.slug.clone(), label: t.label.clone(), value, target: t.target, percent }
            })
            .collect();
        Figures { targets: Some(targets), ..Figures::of(site, &all) }
    }

    /// The figures of `projects`, which belong to `site` (a facet's, say): without targets.
    ///
    /// One pass over the projects gathers everything: at 10,000 projects each pass costs
    /// milliseconds of reading memory, and the preview makes these figures on every save.
    pub fn of(site: &Site, projects: &[&Project]) -> Figures {
        let model = &site.config.phase_model;
        let phases = &model.phases;
        let ids = model.all_ids();
        let last = phases.len().checked_sub(1);

        let mut funnel = vec![0usize; phases.len()];
        let mut halted: BTreeMap<(bool, Option<usize>), usize> = BTreeMap::new();
        let (mut ideas, mut reached_last) = (0, 0);
        let mut cells: HashMap<&str, Vec<usize>> = HashMap::new();
        let mut kinds: BTreeMap<&'static str, usize> = BTreeMap::new();
        let mut years: BTreeMap<i32, usize> = BTreeMap::new();
        let mut benefits = Benefits::default();
        let mut by_area: BTreeMap<&str, Benefits> = BTreeMap::new();
        let mut by_year: BTreeMap<i32, Benefits> = BTreeMap::new();
        let mut risky: Vec<&Project> = Vec::new();
        let mut stopped: Vec<&Project> = Vec::new();
        for p in projects.iter().copied() {
            let bits = reached(p);
            for (i, n) in funnel.iter_mut().enumerate() {
                *n += usize::from(bits >> i & 1 == 1);
            }
            if p.phase.is_halted() {
                *halted.entry((p.phase.is_stopped(), p.last_step())).or_default() += 1;
            }
            if p.via_portal {
                ideas += 1;
                reached_last += usize::from(!p.phase.is_stopped() && last.is_some_and(|l| bits >> l & 1 == 1));
            }
            if let Some(i) = ids.iter().position(|id| *id == p.phase.id()) {
                cells.entry(p.area.as_str()).or_insert_with(|| vec![0; ids.len()])[i] += 1;
            }
            *kinds.entry(p.kind.id()).or_default() += 1;
            *years.entry(p.started.year).or_default() += 1;
            if !p.benefits.is_empty() {
                benefits.add(p);
                by_area.entry(p.area.as_str()).or_default().add(p);
                by_year.entry(p.started.year).or_default().add(p);
            }
            if p.fundamentals.is_some_and(|f| f.scores().iter().any(|(_, s)| *s == 0)) {
                risky.push(p);
            }
            if p.phase.is_stopped() {
                stopped.push(p);
            }
        }

        let halted_in = |state: bool| -> Vec<Halted> {
            let these = halted.iter().filter(|((s, _), _)| *s == state);
            these
                .map(|((_, i), n)| Halted {
                    phase: i.map(|i| phases[i].id.clone()),
                    label: i.map(|i| phases[i].label.clone()),
                    projects: *n,
                })
                .collect()
        };
        let portal = PortalShare {
            ideas,
            reached_last,
            last_phase: last.map(|l| phases[l].id.clone()),
            percent: (ideas > 0).then(|| (reached_last as f64 * 1000.0 / ideas as f64).round() / 10.0),
        };
        // The portal's areas first, in their order, then the others by name. Without a list in
        // portal.yaml the portal's areas are every area its projects use, by name (`Site::areas`),
        // and these projects are among them: the rows are simply by name. `Site::areas` itself
        // is not called, as it reads and sorts every project, and a build makes these figures
        // once per value of every facet.
        let row =
            |area: &str, phases: Vec<usize>| AreaRow { area: area.to_owned(), total: phases.iter().sum(), phases };
        let mut by_area_phase: Vec<AreaRow> =
            site.config.areas.iter().filter_map(|area| Some(row(area, cells.remove(area.as_str())?))).collect();
        let mut others: Vec<(&str, Vec<usize>)> = cells.into_iter().collect();
        others.sort_unstable_by_key(|(area, _)| *area);
        by_area_phase.extend(others.into_iter().map(|(area, phases)| row(area, phases)));
        let mut by_kind: Vec<Tally> =
            kinds.into_iter().map(|(k, n)| Tally { key: k.to_owned(), projects: n }).collect();
        // Everyday before radical, as the field names them.
        by_kind.sort_by_key(|t| t.key != "everyday");

        // Newest first: the projects still young enough to mend.
        risky.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.title.cmp(&b.title)));
        let at_risk = risky
            .into_iter()
            .filter_map(|p| {
                Some(AtRisk { slug: p.doc.slug.clone(), title: p.title.clone(), zeros: p.fundamentals?.zeros() })
            })
            .collect();
        let mut learnt: Vec<Learnt> = stopped
            .into_iter()
            .map(|p| {
                let top = p.last_step();
                Learnt {
                    slug: p.doc.slug.clone(),
                    title: p.title.clone(),
                    last_phase: top.map(|i| phases[i].id.clone()),
                    last_phase_label: top.map(|i| phases[i].label.clone()),
                    stopped: p.history.iter().rev().find(|h| h.phase.is_stopped()).map(|h| h.date.to_string()),
                }
            })
            .collect();
        learnt.sort_by(|a, b| b.stopped.cmp(&a.stopped).then_with(|| a.title.cmp(&b.title)));

        Figures {
            projects: projects.len(),
            funnel: phases
                .iter()
                .zip(funnel)
                .map(|(ph, n)| Reached { phase: ph.id.clone(), label: ph.label.clone(), projects: n })
                .collect(),
            paused: halted_in(false),
            stopped: halted_in(true),
            portal,
            benefits: benefits.sums(),
            benefits_by_area: by_area.into_iter().map(|(k, b)| Group { key: k.to_owned(), items: b.sums() }).collect(),
            benefits_by_year: by_year.into_iter().map(|(y, b)| Group { key: y.to_string(), items: b.sums() }).collect(),
            by_area_phase,
            by_kind,
            by_year: years.into_iter().map(|(y, n)| Tally { key: y.to_string(), projects: n }).collect(),
            at_risk,
            learnt,
            targets: None,
        }
    }
}

/// Planned and realised values per benefit name and unit, as they are gathered. Names and
/// units are compared as written, apart from spaces at either end.
#[derive(Default)]
struct Benefits<'a> {
    sums: HashMap<(&'a str, &'a str), (f64, usize, f64, usize)>,
}

impl<'a> Benefits<'a> {
    fn add(&mut self, p: &'a Project) {
        for b in &p.benefits {
            let sum = self.sums.entry((b.name.trim(), b.unit.trim())).or_default();
            if let Some(v) = b.planned {
                sum.0 += v;
                sum.1 += 1;
            }
            if let Some(v) = b.realized {
                sum.2 += v;
                sum.3 += 1;
            }
        }
    }

    /// In name order: summed, or for a share in per cent averaged (80 % and 90 % are not 170 %).
    fn sums(self) -> Vec<BenefitSum> {
        let mean = |total: f64, n: usize| if n > 0 { (total / n as f64 * 10.0).round() / 10.0 } else { 0.0 };
        let mut out: Vec<BenefitSum> = self
            .sums
            .into_iter()
            .map(|((name, unit), (planned, planned_projects, realized, realized_projects))| {
                let share = matches!(unit.to_lowercase().as_str(), "%" | "pct" | "pct." | "procent" | "prosent");
                let (planned, realized) = if share {
                    (mean(planned, planned_projects), mean(realized, realized_projects))
                } else {
                    (planned, realized)
                };
                BenefitSum {
                    name: name.to_owned(),
                    unit: unit.to_owned(),
                    combined: if share { "mean" } else { "sum" },
                    planned,
                    planned_projects,
                    realized,
                    realized_projects,
                }
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.unit.cmp(&b.unit)));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small portal: portal.yaml with the five-phase model, and the given project files.
    fn site(projects: &[(&str, &str)]) -> Site {
        site_with("", projects)
    }

    /// The same, with more lines for portal.yaml.
    fn site_with(portal: &str, projects: &[(&str, &str)]) -> Site {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("portal.yaml"),
            format!("title: T\nbase_url: https://x.example/\nlanguage: da\nmunicipality: X Kommune\nphase_model: five-phase\ncontact:\n  email: a@x.example\n{portal}"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("content/projects")).unwrap();
        for (slug, front) in projects {
            let defaults = [("summary", "S."), ("kind", "everyday"), ("area", "Klima"), ("started", "2024-01-01")];
            let mut text = format!("---\ntitle: {slug}\n{front}\n");
            for (key, value) in defaults.iter().filter(|(k, _)| !front.contains(&format!("{k}:"))) {
                text.push_str(&format!("{key}: {value}\n"));
            }
            text.push_str("---\n");
            std::fs::write(dir.path().join(format!("content/projects/{slug}.md")), text).unwrap();
        }
        crate::build::site(dir.path(), &Default::default()).unwrap_or_else(|d| panic!("{d}"))
    }

    fn figures(site: &Site) -> Figures {
        Figures::portal(site)
    }

    fn funnel(f: &Figures) -> Vec<usize> {
        f.funnel.iter().map(|r| r.projects).collect()
    }

    #[test]
    fn the_funnel_counts_every_phase_a_project_passed() {
        let s = site(&[
            ("a", "phase: udforsk"),
            // A history that skipped `nytaenk` still passed it.
            (
                "b",
                "phase: test\nhistory:\n  - { phase: udforsk, date: 2024-01-01 }\n  - { phase: test, date: 2024-03-01 }",
            ),
            ("c", "phase: foelg-op"),
            // Stopped after testing: counts up to test, and not as having reached the end.
            (
                "d",
                "phase: stopped\nvia_portal: true\nhistory:\n  - { phase: test, date: 2024-02-01 }\n  - { phase: stopped, date: 2024-05-01 }",
            ),
            (
                "e",
                "phase: paused\nhistory:\n  - { phase: nytaenk, date: 2024-02-01 }\n  - { phase: paused, date: 2024-03-01 }",
            ),
            ("f", "phase: stopped"),
            ("g", "phase: udforsk\ndraft: true"),
        ]);
        let f = figures(&s);
        assert_eq!(f.projects, 6, "the draft is not counted");
        assert_eq!(funnel(&f), [5, 4, 3, 1, 1]);
        assert_eq!(f.paused, [Halted { phase: Some("nytaenk".into()), label: Some("Nytænk".into()), projects: 1 }]);
        assert_eq!(
            f.stopped.iter().map(|h| (h.phase.as_deref(), h.projects)).collect::<Vec<_>>(),
            [(None, 1), (Some("test"), 1)]
        );
        assert_eq!(f.learnt.len(), 2);
        assert_eq!(f.learnt[0].slug, "d", "the one with a date comes first");
        assert_eq!(f.learnt[0].last_phase.as_deref(), Some("test"));
        assert_eq!(f.learnt[0].stopped.as_deref(), Some("2024-05-01"));
    }

    #[test]
    fn the_portals_share_counts_only_ideas_that_reached_the_end_and_were_not_stopped() {
        let s = site(&[
            ("a", "phase: foelg-op\nvia_portal: true"),
            ("b", "phase: test\nvia_portal: true"),
            // Reached the last phase, then stopped: not a solution in use.
            (
                "c",
                "phase: stopped\nvia_portal: true\nhistory:\n  - { phase: foelg-op, date: 2024-02-01 }\n  - { phase: stopped, date: 2024-05-01 }",
            ),
            ("d", "phase: foelg-op"),
        ]);
        let p = figures(&s).portal;
        assert_eq!((p.ideas, p.reached_last, p.percent), (3, 1, Some(33.3)));
        assert_eq!(p.last_phase.as_deref(), Some("foelg-op"));
        assert_eq!(figures(&site(&[("a", "phase: test")])).portal.percent, None, "no ideas, no share");
    }

    #[test]
    fn benefits_are_summed_only_where_the_units_agree() {
        let s = site(&[
            ("a", "phase: test\nbenefits:\n  - { name: Sparede timer, unit: timer/år, planned: 100, realized: 40 }"),
            (
                "b",
                "phase: test\nstarted: 2025-02-01\nbenefits:\n  - { name: Sparede timer, unit: timer/år, planned: 50 }\n  - { name: Sparede timer, unit: kr./år, planned: 9000, realized: 1000 }",
            ),
        ]);
        let f = figures(&s);
        let hours = f.benefits.iter().find(|b| b.unit == "timer/år").unwrap();
        assert_eq!(
            (hours.planned, hours.planned_projects, hours.realized, hours.realized_projects),
            (150.0, 2, 40.0, 1)
        );
        let money = f.benefits.iter().find(|b| b.unit == "kr./år").unwrap();
        assert_eq!((money.planned, money.realized), (9000.0, 1000.0));
        assert_eq!(f.benefits.len(), 2, "two units, two sums");
        assert_eq!(hours.combined, "sum");
        let shares = site(&[
            ("a", "phase: test\nbenefits:\n  - { name: Tilfredshed, unit: \"%\", planned: 80, realized: 85 }"),
            ("b", "phase: test\nbenefits:\n  - { name: Tilfredshed, unit: \"%\", planned: 90 }"),
        ]);
        let share = &figures(&shares).benefits[0];
        assert_eq!((share.combined, share.planned, share.realized), ("mean", 85.0, 85.0), "per cent is averaged");
        let years: Vec<(&str, usize)> = f.benefits_by_year.iter().map(|g| (g.key.as_str(), g.items.len())).collect();
        assert_eq!(years, [("2024", 1), ("2025", 2)]);
    }

    #[test]
    fn the_portfolio_and_the_projects_at_risk() {
        let s = site(&[
            ("a", "phase: test\nfundamentals: { behov: 4, loesning: 3, paadriver: 5, team: 4, forankring: 0 }"),
            (
                "b",
                "phase: test\nkind: radical\nfundamentals: { behov: 4, loesning: 3, paadriver: 5, team: 4, forankring: 2 }",
            ),
            ("c", "phase: paused\nstarted: 2023-05-01"),
        ]);
        let f = figures(&s);
        assert_eq!(f.by_area_phase.len(), 1);
        assert_eq!(f.by_area_phase[0].phases, [0, 0, 2, 0, 0, 1, 0]);
        assert_eq!(f.by_area_phase[0].total, 3);
        let kinds: Vec<(&str, usize)> = f.by_kind.iter().map(|t| (t.key.as_str(), t.projects)).collect();
        assert_eq!(kinds, [("everyday", 2), ("radical", 1)]);
        let years: Vec<(&str, usize)> = f.by_year.iter().map(|t| (t.key.as_str(), t.projects)).collect();
        assert_eq!(years, [("2023", 1), ("2024", 2)]);
        assert_eq!(f.at_risk.len(), 1);
        assert_eq!((f.at_risk[0].slug.as_str(), f.at_risk[0].zeros.clone()), ("a", vec!["forankring"]));
    }

    #[test]
    fn areas_come_in_the_portals_order_in_every_subset() {
        let projects = [
            ("a", "phase: test\narea: Zeta"),
            ("b", "phase: test\narea: Alfa"),
            ("c", "phase: udforsk\narea: Mellem"),
            ("d", "phase: udforsk\narea: Alfa"),
        ];
        let rows = |site: &Site, slugs: &[&str]| -> Vec<(String, usize)> {
            let subset: Vec<&Project> =
                site.projects.iter().map(|p| &**p).filter(|p| slugs.contains(&p.doc.slug.as_str())).collect();
            Figures::of(site, &subset).by_area_phase.into_iter().map(|r| (r.area, r.total)).collect()
        };
        let row = |area: &str, n: usize| (area.to_owned(), n);
        // Without a list in portal.yaml: by name, as `Site::areas` orders them.
        let unlisted = site(&projects);
        assert_eq!(unlisted.areas(), ["Alfa", "Mellem", "Zeta"]);
        assert_eq!(rows(&unlisted, &["a", "b", "c", "d"]), [row("Alfa", 2), row("Mellem", 1), row("Zeta", 1)]);
        assert_eq!(rows(&unlisted, &["a", "c"]), [row("Mellem", 1), row("Zeta", 1)]);
        assert_eq!(rows(&unlisted, &["d"]), [row("Alfa", 1)]);
        assert_eq!(rows(&unlisted, &[]), []);
        // With one: in its order, whatever the names.
        let listed = site_with("areas: [Zeta, Mellem, Alfa]\n", &projects);
        assert_eq!(rows(&listed, &["a", "b", "c", "d"]), [row("Zeta", 1), row("Mellem", 1), row("Alfa", 2)]);
        assert_eq!(rows(&listed, &["b", "a"]), [row("Zeta", 1), row("Alfa", 1)]);
        assert_eq!(figures(&listed).by_area_phase.len(), 3);
    }
}
