//! The domain: phase models, projects, innovators and the rest, as plain Rust types, and the
//! rules that tie them together. Content is read into these types by `content`; pages are
//! built from them by `views`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::config::Config;
use crate::date::{Date, Month};
use crate::diagnostics::{Diagnostic, FieldPlaces, Seg, Source};
use crate::phases::PhaseRef;
use crate::say::Say;
use crate::text::nearest;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Front,
    Strategy,
    Projects,
    Innovators,
    Results,
    News,
    Methods,
    Pages,
}

impl Section {
    pub const ALL: [Section; 7] = [
        Section::Strategy,
        Section::Projects,
        Section::Innovators,
        Section::Results,
        Section::News,
        Section::Methods,
        Section::Pages,
    ];

    /// The folder under `content/`.
    pub fn folder(self) -> &'static str {
        match self {
            Section::Front => "",
            Section::Strategy => "strategy",
            Section::Projects => "projects",
            Section::Innovators => "innovators",
            Section::Results => "results",
            Section::News => "news",
            Section::Methods => "methods",
            Section::Pages => "pages",
        }
    }

    pub fn from_folder(folder: &str) -> Option<Section> {
        Section::ALL.into_iter().find(|s| s.folder() == folder)
    }

    /// "a project", for messages.
    pub fn one(self) -> Say {
        match self {
            Section::Front => say!("entities.what_front"),
            Section::Strategy => say!("entities.what_strategy"),
            Section::Projects => say!("entities.what_project"),
            Section::Innovators => say!("entities.what_innovator"),
            Section::Results => say!("entities.what_result"),
            Section::News => say!("entities.what_news"),
            Section::Methods => say!("entities.what_method"),
            Section::Pages => say!("entities.what_page"),
        }
    }
}

/// A content file as read: where it is, its front matter (kept to place later errors) and its
/// Markdown body.
#[derive(Debug)]
pub struct Doc {
    pub section: Section,
    pub slug: String,
    /// Relative to the portal root with `/` separators, as shown in messages: `content/projects/a.md`.
    pub rel_path: String,
    /// The folder its relative resources (images, downloads) are found in.
    pub dir: PathBuf,
    /// A folder `projects/<slug>/index.md` whose other files belong to the page.
    pub bundle: bool,
    /// The file's text, for the body and for positions in it.
    pub source: Arc<Source>,
    /// Where its front matter's fields stand, for messages about their values.
    pub fields: Arc<dyn FieldPlaces>,
    /// Where the Markdown body starts in the file's text.
    pub body_offset: usize,
    /// A hash of the file's path and text: what the pages made from it depend on.
    pub hash: u64,
    /// A hash of the file's path and front matter alone: what figures made from it depend on.
    pub front_hash: u64,
    /// The language the page is written in when it is not the portal's (`language: nn` on
    /// a bokmål portal): its `lang`, and the words of the page around the text.
    pub language: Option<crate::i18n::Lang>,
    /// `aliases`: its old addresses, as written (see `urls::alias_path`), each with
    /// where it stands in the front matter.
    pub aliases: Vec<(String, Vec<Seg>)>,
}

impl Doc {
    /// The Markdown body: the file's text after the front matter.
    pub fn body(&self) -> &str {
        self.source.text.get(self.body_offset..).unwrap_or("")
    }
}

impl Doc {
    pub fn error(&self, path: &[Seg], message: impl Into<Say>) -> Diagnostic {
        self.fields.error_at(path, message.into())
    }
}

pub fn key(k: &str) -> Seg {
    Seg::Key(k.to_owned())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Everyday,
    Radical,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Everyday => "everyday",
            Kind::Radical => "radical",
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub phase: PhaseRef,
    pub date: Date,
    pub decision: Option<String>,
    pub note: Option<String>,
}

/// The five fundamentals, each 0–5. They multiply: one zero makes the whole zero.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Fundamentals {
    pub behov: u8,
    pub loesning: u8,
    pub paadriver: u8,
    pub team: u8,
    pub forankring: u8,
}

impl Fundamentals {
    pub const NAMES: [&'static str; 5] = ["behov", "loesning", "paadriver", "team", "forankring"];

    pub fn scores(&self) -> [(&'static str, u8); 5] {
        [
            ("behov", self.behov),
            ("loesning", self.loesning),
            ("paadriver", self.paadriver),
            ("team", self.team),
            ("forankring", self.forankring),
        ]
    }

    pub fn product(&self) -> u32 {
        self.scores().iter().map(|(_, s)| u32::from(*s)).product()
    }

    pub fn zeros(&self) -> Vec<&'static str> {
        self.scores().iter().filter(|(_, s)| *s == 0).map(|(n, _)| *n).collect()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Benefit {
    pub name: String,
    pub unit: String,
    pub planned: Option<f64>,
    pub realized: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Image {
    pub src: String,
    /// Empty for a picture the editor marked as decoration (`decorative: true`).
    pub alt: String,
    /// The file itself, as found (links followed).
    #[serde(skip)]
    pub file: PathBuf,
}

#[derive(Debug)]
pub struct Project {
    pub doc: Arc<Doc>,
    pub title: String,
    pub summary: String,
    pub phase: PhaseRef,
    pub kind: Kind,
    pub area: String,
    pub tags: Vec<String>,
    pub started: Date,
    pub ended: Option<Date>,
    pub owner: Option<String>,
    pub team: Vec<String>,
    pub partners: Vec<String>,
    pub origin: Option<String>,
    pub via_portal: bool,
    pub history: Vec<HistoryEntry>,
    pub fundamentals: Option<Fundamentals>,
    pub benefits: Vec<Benefit>,
    pub related: Vec<String>,
    pub image: Option<Image>,
    pub video: Option<String>,
    pub prize: Option<i32>,
    pub draft: bool,
    pub updated: Option<Date>,
}

impl Project {
    /// The position of the last of the model's phases the project reached: the phase it is
    /// in, or for a paused or stopped project the last phase its history names.
    pub fn last_step(&self) -> Option<usize> {
        self.phase.step().or_else(|| self.history.iter().rev().find_map(|h| h.phase.step()))
    }
}

/// Contact details, present only when the innovator consented to publishing them.
#[derive(Debug, Clone, Serialize)]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
}

#[derive(Debug)]
pub struct Innovator {
    pub doc: Arc<Doc>,
    pub name: String,
    pub role: Option<String>,
    pub workplace: String,
    pub area: Option<String>,
    pub certified: Option<Date>,
    pub leader: bool,
    /// `None` unless `consent: true`: details without consent never leave the loader.
    pub contact: Option<Contact>,
    pub photo: Option<Image>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Count {
    Innovators,
    Leaders,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub label: String,
    pub target: f64,
    pub count: Option<Count>,
    pub value: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlanItem {
    pub activity: String,
    pub start: Month,
    pub end: Month,
    pub status: String,
}

#[derive(Debug)]
pub struct StrategyPage {
    pub doc: Arc<Doc>,
    pub title: String,
    pub weight: i64,
    pub targets: Vec<Target>,
    pub plan: Vec<PlanItem>,
    pub image: Option<Image>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Effect {
    pub name: String,
    pub unit: String,
    pub value: f64,
}

#[derive(Debug)]
pub struct ResultReport {
    pub doc: Arc<Doc>,
    pub title: String,
    pub date: Date,
    pub project: String,
    pub effects: Vec<Effect>,
    pub image: Option<Image>,
}

#[derive(Debug)]
pub struct NewsItem {
    pub doc: Arc<Doc>,
    pub title: String,
    pub date: Date,
    pub summary: String,
    pub projects: Vec<String>,
    pub author: Option<String>,
    pub image: Option<Image>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Download {
    pub src: String,
    pub label: String,
}

#[derive(Debug)]
pub struct Method {
    pub doc: Arc<Doc>,
    pub title: String,
    pub summary: String,
    pub phases: Vec<String>,
    pub duration: Option<String>,
    pub participants: Option<String>,
    pub download: Option<Download>,
}

#[derive(Debug)]
pub struct Page {
    pub doc: Arc<Doc>,
    pub title: String,
    pub weight: i64,
    pub menu: bool,
}

#[derive(Debug)]
pub struct FrontText {
    pub doc: Arc<Doc>,
    pub title: Option<String>,
    pub image: Option<Image>,
}

/// Everything a portal holds, validated and cross-linked.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub front: Option<Arc<FrontText>>,
    /// Newest start first.
    pub projects: Vec<Arc<Project>>,
    /// By name.
    pub innovators: Vec<Arc<Innovator>>,
    /// By weight, then title.
    pub strategy: Vec<Arc<StrategyPage>>,
    /// Newest first.
    pub results: Vec<Arc<ResultReport>>,
    /// Newest first.
    pub news: Vec<Arc<NewsItem>>,
    /// By title.
    pub methods: Vec<Arc<Method>>,
    /// By weight, then title.
    pub pages: Vec<Arc<Page>>,
    /// Drafts left out of this build, so that links to them can be told apart from typos.
    pub drafts: HashSet<String>,
    /// Those drafts, for saying how many were left out and which have waited long.
    pub drafts_left_out: Vec<Arc<Project>>,
    /// Files that exist but could not be read (the build fails): links to them are not errors.
    pub unreadable: Vec<Unread>,
    /// Their documents, where the front matter could be split, for checking their Markdown.
    pub broken_docs: Vec<Arc<Doc>>,
    /// The old addresses that lead on to pages (`aliases`), checked: made by `urls::moved`.
    pub moved: Vec<Moved>,
    project_index: HashMap<String, usize>,
    innovator_index: HashMap<String, usize>,
    /// Per innovator slug: indexes of projects where they are pådriver, and team member.
    roles: HashMap<String, (Vec<usize>, Vec<usize>)>,
}

/// An old address that leads on to a page (`aliases:`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Moved {
    /// The old address (`/projekter/gammelt-navn/`).
    pub from: String,
    /// The page's address.
    pub to: String,
    /// The page's title.
    pub title: String,
}

/// A page's file that exists but had errors: the build fails, but other pages may still name
/// it without a second error.
#[derive(Debug, Clone)]
pub struct Unread {
    pub section: Section,
    pub slug: String,
    /// As shown in messages: `content/projects/a.md`.
    pub rel_path: String,
}

/// Everything read from `content/`, before the rules that span files are applied.
#[derive(Debug, Default)]
pub struct Loaded {
    pub front: Option<Arc<FrontText>>,
    pub projects: Vec<Arc<Project>>,
    pub innovators: Vec<Arc<Innovator>>,
    pub strategy: Vec<Arc<StrategyPage>>,
    pub results: Vec<Arc<ResultReport>>,
    pub news: Vec<Arc<NewsItem>>,
    pub methods: Vec<Arc<Method>>,
    pub pages: Vec<Arc<Page>>,
    /// Files that exist but had errors: the build fails, and references to them are not errors.
    pub unreadable: Vec<Unread>,
    /// Of those, the ones whose front matter could be split: their Markdown is still checked.
    pub broken_docs: Vec<Arc<Doc>>,
}

/// A reference to a page of `section` that does not exist; `message` says which kind.
fn unknown_slug(
    doc: &Doc,
    path: &[Seg],
    slug: &str,
    message: Say,
    section: Section,
    known: &HashSet<&str>,
) -> Diagnostic {
    let folder = section.folder();
    doc.error(path, message).with_hint(match nearest(slug, known.iter().copied()) {
        Some(near) => say!("entities.slug_near_hint", near = near, folder = folder),
        None => say!("entities.slug_hint", folder = folder),
    })
}

impl Site {
    /// Applies the rules that span files, leaves drafts out unless `drafts`, and orders
    /// everything for display. Every problem found is returned; the site is usable only when
    /// none of them is an error.
    pub fn assemble(config: Config, loaded: Loaded, drafts: bool) -> (Site, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let Loaded {
            front,
            mut projects,
            mut innovators,
            mut strategy,
            mut results,
            mut news,
            mut methods,
            mut pages,
            unreadable,
            broken_docs,
        } = loaded;

        let mut draft_slugs = HashSet::new();
        let mut drafts_left_out = Vec::new();
        if !drafts {
            projects.retain(|p| {
                if p.draft {
                    draft_slugs.insert(p.doc.slug.clone());
                    drafts_left_out.push(p.clone());
                }
                !p.draft
            });
        }
        let exists_broken =
            |section: Section| unreadable.iter().filter(move |f| f.section == section).map(|f| f.slug.as_str());
        let project_slugs: HashSet<&str> =
            projects.iter().map(|p| p.doc.slug.as_str()).chain(exists_broken(Section::Projects)).collect();
        let innovator_slugs: HashSet<&str> =
            innovators.iter().map(|i| i.doc.slug.as_str()).chain(exists_broken(Section::Innovators)).collect();

        let check_project = |doc: &Doc, path: Vec<Seg>, slug: &str, diags: &mut Vec<Diagnostic>| {
            if draft_slugs.contains(slug) {
                diags.push(
                    doc.error(&path, say!("entities.draft_project", slug = slug))
                        .with_hint(say!("entities.draft_project_hint"))
                        .warning(),
                );
            } else if !project_slugs.contains(slug) {
                let message = say!("entities.no_such_project", slug = slug);
                diags.push(unknown_slug(doc, &path, slug, message, Section::Projects, &project_slugs));
            }
        };
        let check_area = |doc: &Doc, area: &str, diags: &mut Vec<Diagnostic>| {
            if !config.areas.is_empty() && !config.areas.iter().any(|a| a == area) {
                let d = doc.error(&[key("area")], say!("entities.not_an_area", area = area));
                let known: Vec<&str> = config.areas.iter().map(String::as_str).collect();
                diags.push(d.with_hint(match nearest(area, known.iter().copied()) {
                    Some(near) => say!("fields.did_you_mean", near = near),
                    None => say!("entities.areas_hint", areas = known.join(", ")),
                }));
            }
        };

        for p in &projects {
            let doc = &p.doc;
            check_area(doc, &p.area, &mut diags);
            for (slug, path) in p
                .owner
                .iter()
                .map(|o| (o, vec![key("owner")]))
                .chain(p.team.iter().enumerate().map(|(i, t)| (t, vec![key("team"), Seg::Index(i)])))
            {
                if !innovator_slugs.contains(slug.as_str()) {
                    let message = say!("entities.no_such_innovator", slug = slug);
                    diags.push(unknown_slug(doc, &path, slug, message, Section::Innovators, &innovator_slugs));
                }
            }
            for (i, slug) in p.related.iter().enumerate() {
                if slug == &doc.slug {
                    diags.push(
                        doc.error(&[key("related"), Seg::Index(i)], say!("entities.related_to_itself"))
                            .with_hint(say!("entities.related_to_itself_hint")),
                    );
                } else {
                    check_project(doc, vec![key("related"), Seg::Index(i)], slug, &mut diags);
                }
            }
            if let Some(ended) = p.ended.filter(|e| *e < p.started) {
                diags.push(
                    doc.error(
                        &[key("ended")],
                        say!("entities.ended_before_started", ended = ended, started = p.started),
                    )
                    .with_hint(say!("entities.ended_before_started_hint")),
                );
            }
            for (i, pair) in p.history.windows(2).enumerate() {
                if pair[1].date < pair[0].date {
                    diags.push(
                        doc.error(
                            &[key("history"), Seg::Index(i + 1), key("date")],
                            say!("entities.history_back_in_time", date = pair[1].date, previous = pair[0].date),
                        )
                        .with_hint(say!("entities.history_back_in_time_hint")),
                    );
                }
            }
            if let Some(last) = p.history.last()
                && last.phase != p.phase
            {
                let i = p.history.len() - 1;
                diags.push(
                    doc.error(
                        &[key("history"), Seg::Index(i), key("phase")],
                        say!("entities.last_phase_differs", last = &last.phase, phase = &p.phase),
                    )
                    .with_hint(say!("entities.last_phase_differs_hint", phase = &p.phase)),
                );
            }
        }
        let taken: Vec<&str> = config
            .paths
            .all()
            .into_iter()
            .chain(["assets", "data", "404.html", "sitemap.xml", "robots.txt", "feed.xml"])
            .collect();
        for p in &pages {
            if taken.contains(&p.doc.slug.as_str()) {
                diags.push(
                    Diagnostic::file(&p.doc.rel_path, say!("entities.page_name_taken", slug = &p.doc.slug))
                        .with_hint(say!("entities.page_name_taken_hint", names = taken.join(", "))),
                );
            }
        }
        for i in &innovators {
            if let Some(area) = &i.area {
                check_area(&i.doc, area, &mut diags);
            }
        }
        // A result of a draft is left out with it: its page would link to a page that is not there.
        results.retain(|r| {
            if draft_slugs.contains(&r.project) {
                diags.push(
                    r.doc
                        .error(&[key("project")], say!("entities.result_of_draft", project = &r.project))
                        .with_hint(say!("entities.result_of_draft_hint"))
                        .warning(),
                );
                return false;
            }
            true
        });
        for r in &results {
            check_project(&r.doc, vec![key("project")], &r.project, &mut diags);
        }
        for n in &news {
            for (i, slug) in n.projects.iter().enumerate() {
                check_project(&n.doc, vec![key("projects"), Seg::Index(i)], slug, &mut diags);
            }
        }

        projects.sort_by(|a, b| b.started.cmp(&a.started).then_with(|| a.title.cmp(&b.title)));
        innovators.sort_by(|a, b| a.name.cmp(&b.name));
        strategy.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));
        results.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        news.sort_by(|a, b| b.date.cmp(&a.date).then_with(|| a.title.cmp(&b.title)));
        methods.sort_by(|a, b| a.title.cmp(&b.title));
        pages.sort_by(|a, b| a.weight.cmp(&b.weight).then_with(|| a.title.cmp(&b.title)));

        let project_index = projects.iter().enumerate().map(|(i, p)| (p.doc.slug.clone(), i)).collect();
        let innovator_index = innovators.iter().enumerate().map(|(i, x)| (x.doc.slug.clone(), i)).collect();
        let mut roles: HashMap<String, (Vec<usize>, Vec<usize>)> = HashMap::new();
        for (i, p) in projects.iter().enumerate() {
            if let Some(owner) = &p.owner {
                roles.entry(owner.clone()).or_default().0.push(i);
            }
            for member in &p.team {
                roles.entry(member.clone()).or_default().1.push(i);
            }
        }
        let site = Site {
            config,
            front,
            projects,
            innovators,
            strategy,
            results,
            news,
            methods,
            pages,
            drafts: draft_slugs,
            drafts_left_out,
            unreadable,
            broken_docs,
            // Made once the addresses are known (`build::read`).
            moved: Vec::new(),
            project_index,
            innovator_index,
            roles,
        };
        (site, diags)
    }

    pub fn project(&self, slug: &str) -> Option<&Project> {
        self.project_index.get(slug).map(|i| &*self.projects[*i])
    }

    pub fn innovator(&self, slug: &str) -> Option<&Innovator> {
        self.innovator_index.get(slug).map(|i| &*self.innovators[*i])
    }

    /// Every document with a page of its own, and the title of that page (an innovator's
    /// name).
    pub fn titled(&self) -> Vec<(&Arc<Doc>, &str)> {
        let mut docs: Vec<(&Arc<Doc>, &str)> = Vec::new();
        docs.extend(self.projects.iter().map(|x| (&x.doc, x.title.as_str())));
        docs.extend(self.innovators.iter().map(|x| (&x.doc, x.name.as_str())));
        docs.extend(self.strategy.iter().map(|x| (&x.doc, x.title.as_str())));
        docs.extend(self.results.iter().map(|x| (&x.doc, x.title.as_str())));
        docs.extend(self.news.iter().map(|x| (&x.doc, x.title.as_str())));
        docs.extend(self.methods.iter().map(|x| (&x.doc, x.title.as_str())));
        docs.extend(self.pages.iter().map(|x| (&x.doc, x.title.as_str())));
        docs
    }

    /// Every document of the site, for work done on all of them alike (Markdown, links).
    pub fn docs(&self) -> Vec<&Arc<Doc>> {
        let mut docs: Vec<&Arc<Doc>> = Vec::new();
        docs.extend(self.front.iter().map(|f| &f.doc));
        docs.extend(self.projects.iter().map(|x| &x.doc));
        docs.extend(self.innovators.iter().map(|x| &x.doc));
        docs.extend(self.strategy.iter().map(|x| &x.doc));
        docs.extend(self.results.iter().map(|x| &x.doc));
        docs.extend(self.news.iter().map(|x| &x.doc));
        docs.extend(self.methods.iter().map(|x| &x.doc));
        docs.extend(self.pages.iter().map(|x| &x.doc));
        docs
    }

    /// Every picture named in front matter, with its page and field (`image`, `photo`): the
    /// picture a page shows above its text, on its cards and in link previews.
    pub fn lead_images(&self) -> Vec<(&Arc<Doc>, &'static str, &Image)> {
        let front = self.front.iter().map(|x| (&x.doc, "image", &x.image));
        let projects = self.projects.iter().map(|x| (&x.doc, "image", &x.image));
        let innovators = self.innovators.iter().map(|x| (&x.doc, "photo", &x.photo));
        let strategy = self.strategy.iter().map(|x| (&x.doc, "image", &x.image));
        let results = self.results.iter().map(|x| (&x.doc, "image", &x.image));
        let news = self.news.iter().map(|x| (&x.doc, "image", &x.image));
        let out: Vec<(&Arc<Doc>, &'static str, &Image)> = front
            .chain(projects)
            .chain(innovators)
            .chain(strategy)
            .chain(results)
            .chain(news)
            .filter_map(|(doc, field, image)| Some((doc, field, image.as_ref()?)))
            .collect();
        out
    }

    /// Areas in display order: portal.yaml's list, or every area used, sorted.
    pub fn areas(&self) -> Vec<String> {
        if !self.config.areas.is_empty() {
            return self.config.areas.clone();
        }
        let mut areas: Vec<String> = self.projects.iter().map(|p| p.area.clone()).collect();
        areas.sort();
        areas.dedup();
        areas
    }

    /// How many innovators a target with `count:` has reached.
    pub fn count(&self, count: Count) -> usize {
        match count {
            Count::Innovators => self.innovators.iter().filter(|i| i.certified.is_some()).count(),
            Count::Leaders => self.innovators.iter().filter(|i| i.leader).count(),
        }
    }

    /// Projects by slug of the innovators' roles: (as pådriver, as team member).
    pub fn projects_of(&self, innovator: &str) -> (Vec<&Project>, Vec<&Project>) {
        let Some((owned, member)) = self.roles.get(innovator) else {
            return (Vec::new(), Vec::new());
        };
        let pick = |ix: &Vec<usize>| ix.iter().map(|i| &*self.projects[*i]).collect();
        (pick(owned), pick(member))
    }

    /// Number of projects in each phase or state, in the model's order.
    pub fn phase_counts(&self) -> BTreeMap<usize, (String, usize)> {
        let ids = self.config.phase_model.all_ids();
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for p in &self.projects {
            *counts.entry(p.phase.id()).or_default() += 1;
        }
        ids.iter().enumerate().map(|(i, id)| (i, ((*id).to_owned(), counts.get(id).copied().unwrap_or(0)))).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_zero_makes_the_whole_zero() {
        let f = Fundamentals { behov: 4, loesning: 3, paadriver: 5, team: 4, forankring: 0 };
        assert_eq!(f.product(), 0);
        assert_eq!(f.zeros(), ["forankring"]);
        let g = Fundamentals { forankring: 2, ..f };
        assert_eq!(g.product(), 480);
        assert!(g.zeros().is_empty());
    }

    /// A kind of page is named with the article its language gives it, to stand in other
    /// messages ("et projekt skal have `title`").
    #[test]
    fn each_kind_of_page_is_named_in_each_language() {
        use crate::i18n::Lang;
        assert_eq!(Section::Projects.one().to(Lang::En), "a project");
        assert_eq!(Section::Projects.one().to(Lang::Da), "et projekt");
        assert_eq!(Section::News.one().to(Lang::Nn), "ei nyheit");
        assert_eq!(Section::Front.one().to(Lang::Nb), "forsiden");
    }
}
