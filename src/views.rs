//! From the validated site to the pages to render: which pages exist, at which URL, with which
//! template and which values (docs/theme-contract.md). Every figure and label is computed here,
//! so that templates only present.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Serialize;
use serde_json::{Value, json};

use crate::content::markdown::Rendered;
use crate::date::{Date, Month};
use crate::hash;
use crate::i18n::{Lang, Strings, format_number};
use crate::model::*;
use crate::phases::PhaseModel;
use crate::text::{fill, percent_encode, slugify};
use crate::urls::{Facet, Urls};

mod dashboard;

/// Projects on one catalogue page.
pub const PER_PAGE: usize = 24;

/// Values of one facet a catalogue or results page lists: the most used, and the page's own.
/// A facet with more has a page of all its values ([`PageRef::FacetIndex`]), so that a
/// portal of 10,000 tags does not write 10,000 tags on each of its 10,000 tag pages.
pub const FACET_SHOWN: usize = 50;

/// Values on one page of a facet's list of all values.
pub const FACET_INDEX_PER_PAGE: usize = 300;

/// The kinds of page the portal makes; each has a template of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PageKind {
    Front,
    Catalogue,
    FacetIndex,
    Project,
    Strategy,
    Innovators,
    Innovator,
    Results,
    Result,
    NewsList,
    NewsItem,
    Methods,
    Method,
    Accessibility,
    Plain,
    Ideas,
    Search,
    OpenData,
    NotFound,
}

impl PageKind {
    /// The kind's name: `page.kind` in templates, and the build's summary.
    pub fn name(self) -> &'static str {
        match self {
            PageKind::Front => "front",
            PageKind::Catalogue => "catalogue",
            PageKind::FacetIndex => "facet_index",
            PageKind::Project => "project",
            PageKind::Strategy => "strategy",
            PageKind::Innovators => "innovators",
            PageKind::Innovator => "innovator",
            PageKind::Results => "results",
            PageKind::Result => "result",
            PageKind::NewsList => "news_list",
            PageKind::NewsItem => "news_item",
            PageKind::Methods => "methods",
            PageKind::Method => "method",
            PageKind::Accessibility => "accessibility",
            PageKind::Plain => "page",
            PageKind::Ideas => "ideas",
            PageKind::Search => "search",
            PageKind::OpenData => "opendata",
            PageKind::NotFound => "404",
        }
    }

    /// The template that renders this kind of page.
    pub fn template(self) -> &'static str {
        match self {
            PageKind::Front => "front.html",
            PageKind::Catalogue => "catalogue.html",
            PageKind::FacetIndex => "facet_index.html",
            PageKind::Project => "project.html",
            PageKind::Strategy => "strategy.html",
            PageKind::Innovators => "innovators.html",
            PageKind::Innovator => "innovator.html",
            PageKind::Results => "results.html",
            PageKind::Result => "result.html",
            PageKind::NewsList => "news_list.html",
            PageKind::NewsItem => "news_item.html",
            PageKind::Methods => "methods.html",
            PageKind::Method => "method.html",
            PageKind::Accessibility => "accessibility.html",
            PageKind::Plain => "page.html",
            PageKind::Ideas => "ideas.html",
            PageKind::Search => "search.html",
            PageKind::OpenData => "opendata.html",
            PageKind::NotFound => "404.html",
        }
    }
}

/// A page to render: where it goes, with which template and values.
#[derive(Debug, Serialize)]
pub struct View {
    pub url: String,
    pub template: &'static str,
    pub context: Value,
    /// What kind of page it is, for the build's summary.
    #[serde(skip)]
    pub kind: PageKind,
}

/// A facet's values: (value, label, its projects), in display order.
type FacetValues<'a> = Vec<(String, String, Vec<&'a Project>)>;

/// Rendered Markdown bodies by source path.
pub type Bodies = HashMap<String, std::sync::Arc<Rendered>>;

/// What the search page loads: the index's address and the scripts, in order (the stemmer,
/// the engine, then the page's own script). The build sets it when it writes an index.
#[derive(Debug, Clone, Default)]
pub struct SearchAssets {
    pub index_url: String,
    pub script_urls: Vec<String>,
}

pub struct Views<'a> {
    pub site: &'a Site,
    pub urls: &'a Urls,
    pub t: &'a Strings,
    pub bodies: &'a Bodies,
    /// Every facet's values with their projects, computed once for all catalogue pages.
    facets: Vec<(Facet, FacetValues<'a>)>,
    /// For each facet, the values its filters list: the [`FACET_SHOWN`] most used, in the
    /// facet's order (all of them when there are no more).
    facet_top: Vec<Vec<usize>>,
    /// For each facet with more values than that, all of them in the order of its own list
    /// of values (tags by name, the others in the facet's order); empty for the others.
    facet_index: Vec<Vec<usize>>,
    /// A project's reports and news (indexes into the site's lists, in their order), so
    /// that a project's page does not read every report and news item of the portal.
    results_of: HashMap<&'a str, Vec<usize>>,
    news_of: HashMap<&'a str, Vec<usize>>,
    /// The phases the toolbox has methods for (a project's timeline links them), and a hash
    /// of them for the project pages' fingerprints.
    method_phases: HashSet<&'a str>,
    method_phases_hash: u64,
    /// What every catalogue page shows of the catalogue as a whole (see [`Views::fingerprint`]).
    catalogue_shape: u64,
    /// The search page and the header's search box exist only when this is set.
    pub search: Option<SearchAssets>,
}

/// A page of the portal before its values are computed: cheap to list; its values are made
/// only when it is rendered, so that they never all sit in memory at once.
#[derive(Clone, Copy, Debug)]
pub enum PageRef<'a> {
    Front,
    /// Page `n` (1-based) of the catalogue: all projects, or one value of one facet
    /// (indexes into the facets and their values).
    Catalogue {
        facet: Option<(usize, usize)>,
        n: usize,
    },
    /// Page `n` (1-based) of the list of all values of a facet with many.
    FacetIndex {
        facet: usize,
        n: usize,
    },
    Project(&'a Project),
    StrategyOverview,
    Strategy(&'a StrategyPage),
    Innovators,
    Innovator(&'a Innovator),
    /// The results dashboard of the whole portfolio.
    Results,
    /// The results dashboard of one facet value (indexes as in `Catalogue`).
    ResultsFor {
        facet: (usize, usize),
    },
    Result(&'a ResultReport),
    NewsList,
    News(&'a NewsItem),
    Methods,
    Method(&'a Method),
    Plain(&'a Page),
    Accessibility,
    Ideas,
    Search,
    /// The page that explains the open data in `data/`.
    OpenData,
    NotFound,
}

/// The accessibility statement's page slug, as the language's law names it.
pub fn accessibility_slug(lang: Lang) -> &'static str {
    match lang {
        Lang::Da => "tilgaengelighedserklaering",
        Lang::Nb => "tilgjengelighetserklaering",
        Lang::Nn => "tilgjengelegheitserklaering",
        Lang::En => "accessibility-statement",
    }
}

fn privacy_slugs(lang: Lang) -> &'static [&'static str] {
    match lang {
        Lang::Da => &["privatliv", "privatlivspolitik", "cookies"],
        Lang::Nb | Lang::Nn => &["personvern", "personvernerklaering", "informasjonskapsler"],
        Lang::En => &["privacy", "privacy-policy", "cookies"],
    }
}

/// A video's host and an embed address that sends no tracking cookie before play, where known.
pub fn video(url: &str) -> Value {
    let after = url.split_once("://").map_or(url, |(_, r)| r);
    let host = after.split('/').next().unwrap_or("").trim_start_matches("www.").trim_start_matches("m.");
    let id_ok = |id: &str| !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let (name, embed) = match host {
        "youtube.com" | "youtu.be" | "youtube-nocookie.com" => {
            let id = if host == "youtu.be" {
                after.split('/').nth(1).map(|s| s.split(['?', '#']).next().unwrap_or(""))
            } else {
                after
                    .split_once("v=")
                    .map(|(_, r)| r.split(['&', '#']).next().unwrap_or(""))
                    .or_else(|| after.split("/embed/").nth(1))
            };
            (
                "YouTube",
                id.filter(|i| id_ok(i)).map(|id| format!("https://www.youtube-nocookie.com/embed/{id}?autoplay=1")),
            )
        }
        "vimeo.com" | "player.vimeo.com" => {
            let id = after.rsplit('/').next().map(|s| s.split(['?', '#']).next().unwrap_or(""));
            (
                "Vimeo",
                id.filter(|i| id_ok(i) && i.chars().all(|c| c.is_ascii_digit()))
                    .map(|id| format!("https://player.vimeo.com/video/{id}?dnt=1&autoplay=1")),
            )
        }
        other => (other, None),
    };
    json!({ "url": url, "host": name, "embed_url": embed })
}

impl<'a> Views<'a> {
    fn lang(&self) -> Lang {
        self.t.lang()
    }

    fn model(&self) -> &PhaseModel {
        &self.site.config.phase_model
    }

    fn body(&self, doc: &Doc) -> Option<&str> {
        self.bodies.get(&doc.rel_path).map(|r| r.html.as_str()).filter(|h| !h.trim().is_empty())
    }

    fn date(&self, d: Date) -> Value {
        json!(self.t.date(d))
    }

    fn url(&self, doc: &Doc) -> String {
        self.urls.doc(doc.section, &doc.slug)
    }

    pub fn card(&self, p: &Project) -> Value {
        json!({
            "title": p.title, "summary": p.summary, "url": self.url(&p.doc),
            "phase": p.phase, "phase_label": self.model().label_of(&p.phase), "phase_state": p.phase.state(),
            "area": p.area, "kind": p.kind.id(), "kind_label": self.t.get(&format!("kind.{}", p.kind.id())),
            "year": p.started.year,
        })
    }

    fn person(&self, slug: &str) -> Option<Value> {
        let i = self.site.innovator(slug)?;
        Some(json!({ "name": i.name, "url": self.url(&i.doc), "role": i.role, "workplace": i.workplace }))
    }

    fn dated(&self, title: &str, doc: &Doc, date: Date) -> Value {
        json!({ "title": title, "url": self.url(doc), "date": self.t.date(date), "date_iso": date.to_string() })
    }

    fn home_crumb(&self) -> Value {
        json!({ "label": self.t.get("nav.home"), "url": self.urls.home() })
    }

    /// The page values every template gets, plus the page's own.
    #[allow(clippy::too_many_arguments)]
    fn make(
        &self,
        kind: PageKind,
        url: String,
        title: &str,
        description: Option<&str>,
        section: Option<&str>,
        crumbs: Vec<Value>,
        mut own: Value,
    ) -> View {
        let mut breadcrumbs = vec![self.home_crumb()];
        breadcrumbs.extend(crumbs);
        breadcrumbs.push(json!({ "label": title, "url": null }));
        if kind == PageKind::Front {
            breadcrumbs.clear();
        }
        if let Value::Object(map) = &mut own {
            map.insert(
                "page".into(),
                json!({
                    "kind": kind.name(), "title": title, "url": url, "description": description, "section": section,
                    "canonical": (kind != PageKind::NotFound).then(|| self.urls.absolute(&self.site.config.base_url, &url)),
                }),
            );
            map.insert("breadcrumbs".into(), Value::Array(breadcrumbs));
        }
        View { url, template: kind.template(), context: own, kind }
    }

    fn section_crumb(&self, section: Section) -> Value {
        let label = match section {
            Section::Projects => self.t.get("nav.projects"),
            Section::Innovators => self.t.get("nav.innovators"),
            Section::Strategy => self.t.get("nav.strategy"),
            Section::Results => self.t.get("nav.results"),
            Section::News => self.t.get("nav.news"),
            Section::Methods => self.t.get("nav.methods"),
            Section::Front | Section::Pages => self.t.get("nav.home"),
        };
        json!({ "label": label, "url": self.urls.section(section) })
    }

    /// The site-wide values (`site` in every template).
    pub fn site_values(&self, css_url: &str, js_url: &str, favicon_url: Option<&str>) -> Value {
        let c = &self.site.config;
        let u = self.urls;
        let mut menu = vec![];
        if !self.site.strategy.is_empty() {
            menu.push(json!({ "label": self.t.get("nav.strategy"), "url": u.section(Section::Strategy), "section": "strategy" }));
        }
        menu.push(
            json!({ "label": self.t.get("nav.projects"), "url": u.section(Section::Projects), "section": "projects" }),
        );
        if !self.site.innovators.is_empty() {
            menu.push(json!({ "label": self.t.get("nav.innovators"), "url": u.section(Section::Innovators), "section": "innovators" }));
        }
        menu.push(
            json!({ "label": self.t.get("nav.results"), "url": u.section(Section::Results), "section": "results" }),
        );
        if !self.site.news.is_empty() {
            menu.push(json!({ "label": self.t.get("nav.news"), "url": u.section(Section::News), "section": "news" }));
        }
        if !self.site.methods.is_empty() {
            menu.push(
                json!({ "label": self.t.get("nav.methods"), "url": u.section(Section::Methods), "section": "methods" }),
            );
        }
        for p in self.site.pages.iter().filter(|p| p.menu) {
            menu.push(json!({ "label": p.title, "url": self.url(&p.doc), "section": format!("page-{}", p.doc.slug) }));
        }
        menu.push(json!({ "label": self.t.get("nav.ideas"), "url": u.ideas(), "section": "ideas" }));
        let privacy = self
            .site
            .pages
            .iter()
            .find(|p| privacy_slugs(self.lang()).contains(&p.doc.slug.as_str()))
            .map(|p| self.url(&p.doc));
        json!({
            "title": c.title, "municipality": c.municipality, "lang": self.lang().code(), "base_url": c.base_url,
            "contact_email": c.contact_email, "form_action": c.form_action,
            "home_url": u.home(), "css_url": css_url, "js_url": js_url, "favicon_url": favicon_url,
            "menu": menu, "accessibility": self.accessibility_link(), "privacy_url": privacy, "ideas_url": u.ideas(),
            "search_url": self.search_url(),
            "feed_url": u.feed(),
            "open_data": { "label": self.t.get("opendata.title"), "url": u.open_data() },
            "og_locale": match self.lang() { Lang::Da => "da_DK", Lang::Nb => "nb_NO", Lang::Nn => "nn_NO", Lang::En => "en_GB" },
        })
    }

    fn accessibility_link(&self) -> Value {
        let label = self.t.get("nav.accessibility");
        let slug = accessibility_slug(self.lang());
        if self.site.pages.iter().any(|p| p.doc.slug == slug) {
            json!({ "label": label, "url": self.urls.doc(Section::Pages, slug), "external": false })
        } else if let Some(url) = &self.site.config.statement_url {
            json!({ "label": label, "url": url, "external": true })
        } else {
            json!({ "label": label, "url": self.urls.doc(Section::Pages, slug), "external": false })
        }
    }

    pub fn new(site: &'a Site, urls: &'a Urls, t: &'a Strings, bodies: &'a Bodies) -> Views<'a> {
        let mut results_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, r) in site.results.iter().enumerate() {
            results_of.entry(r.project.as_str()).or_default().push(i);
        }
        let mut news_of: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, n) in site.news.iter().enumerate() {
            // A news item that names a project twice is listed once, as `contains` found it.
            let mut named: Vec<&str> = n.projects.iter().map(String::as_str).collect();
            named.sort_unstable();
            named.dedup();
            for p in named {
                news_of.entry(p).or_default().push(i);
            }
        }
        let method_phases: HashSet<&str> =
            site.methods.iter().flat_map(|m| m.phases.iter().map(String::as_str)).collect();
        let mut sorted: Vec<&str> = method_phases.iter().copied().collect();
        sorted.sort_unstable();
        let mut views = Views {
            site,
            urls,
            t,
            bodies,
            facets: Vec::new(),
            facet_top: Vec::new(),
            facet_index: Vec::new(),
            results_of,
            news_of,
            method_phases,
            method_phases_hash: hash::of(&sorted),
            catalogue_shape: 0,
            search: None,
        };
        let facets: Vec<(Facet, FacetValues<'a>)> = Facet::ALL.iter().map(|f| (*f, views.facet_values(*f))).collect();
        views.facet_top = facets.iter().map(|(_, values)| most_used(values)).collect();
        views.facet_index = facets
            .iter()
            .map(|(f, values)| {
                let mut all: Vec<usize> = Vec::new();
                if values.len() > FACET_SHOWN {
                    all = (0..values.len()).collect();
                    if *f == Facet::Tag {
                        let key = |i: &usize| (values[*i].1.to_lowercase(), values[*i].1.clone());
                        all.sort_by_cached_key(key);
                    }
                }
                all
            })
            .collect();
        views.facets = facets;
        // Every value with its label and count: what the filters of every catalogue page are
        // chosen from, and what the lists of all values show.
        let shape: Vec<(&str, &str, &str, usize)> = views
            .facets
            .iter()
            .flat_map(|(f, values)| values.iter().map(|(v, l, ps)| (f.id(), v.as_str(), l.as_str(), ps.len())))
            .collect();
        views.catalogue_shape = hash::of(&(shape, site.projects.len()));
        views
    }

    /// What a page's HTML depends on besides the values every page gets (`site`, `t`), as
    /// one number: the same number means the same HTML, so that the preview keeps a page
    /// from its last build instead of making it again. It is made of the hashes of the files
    /// the page shows (their text and rendered Markdown) and of the page's place in the
    /// portal. Pages that show figures of the whole portal (the front page, the listings,
    /// strategy targets) are few and have none: they are always made.
    ///
    /// Whatever a view below reads must be named here too; `tests/incremental.rs` compares
    /// kept pages with a fresh build after edits of every kind.
    pub fn fingerprint(&self, page: PageRef<'_>) -> Option<u64> {
        let s = self.site;
        // The page's own file: its text and its rendered Markdown.
        let own = |d: &Doc| (d.hash, self.bodies.get(&d.rel_path).map(|r| r.hash));
        // Other files it shows only by their front matter (cards, names, links): their text.
        let project = |slug: &str| s.project(slug).map_or(0, |p| p.doc.hash);
        let innovator = |slug: &str| s.innovator(slug).map_or(0, |i| i.doc.hash);
        let texts = |ps: &mut dyn Iterator<Item = &Project>| ps.map(|p| p.doc.hash).collect::<Vec<u64>>();
        Some(match page {
            PageRef::Catalogue { facet, n } => {
                let (skip, take) = ((n - 1) * PER_PAGE, PER_PAGE);
                let shown = match facet {
                    Some((fi, vi)) => texts(&mut self.facets[fi].1[vi].2.iter().skip(skip).take(take).copied()),
                    None => texts(&mut s.projects.iter().skip(skip).take(take).map(|p| &**p)),
                };
                hash::of(&("catalogue", self.catalogue_shape, facet, n, shown))
            }
            PageRef::FacetIndex { facet, n } => hash::of(&("facet_index", self.catalogue_shape, facet, n)),
            PageRef::Project(p) => {
                let people: Vec<u64> = p.owner.iter().chain(&p.team).map(|i| innovator(i)).collect();
                let related: Vec<u64> = p.related.iter().map(|r| project(r)).collect();
                let results: Vec<u64> = self.results_of(p).map(|r| r.doc.hash).collect();
                let news: Vec<u64> = self.news_of(p).map(|n| n.doc.hash).collect();
                // The timeline links each phase to the toolbox when a method belongs to it.
                hash::of(&("project", own(&p.doc), people, related, results, news, self.method_phases_hash))
            }
            PageRef::Innovator(i) => {
                let (owned, member) = s.projects_of(&i.doc.slug);
                let (owned, member) = (texts(&mut owned.into_iter()), texts(&mut member.into_iter()));
                hash::of(&("innovator", own(&i.doc), owned, member))
            }
            PageRef::Result(r) => hash::of(&("result", own(&r.doc), project(&r.project))),
            PageRef::News(n) => {
                hash::of(&("news", own(&n.doc), n.projects.iter().map(|p| project(p)).collect::<Vec<_>>()))
            }
            PageRef::Method(m) => hash::of(&("method", own(&m.doc))),
            PageRef::Results => self.dashboard_fingerprint(None),
            PageRef::ResultsFor { facet } => self.dashboard_fingerprint(Some(facet)),
            PageRef::Plain(p) => hash::of(&("page", own(&p.doc))),
            PageRef::Front
            | PageRef::StrategyOverview
            | PageRef::Strategy(_)
            | PageRef::Innovators
            | PageRef::NewsList
            | PageRef::Methods
            | PageRef::Accessibility
            | PageRef::Ideas
            | PageRef::Search
            | PageRef::OpenData
            | PageRef::NotFound => return None,
        })
    }

    /// When a page last changed in substance, for `sitemap.xml`: a project's `updated` date
    /// or its newest dated change, a news item's or report's date, and for a listing the
    /// newest of what it lists. None where the content gives no date.
    pub fn lastmod(&self, page: PageRef<'_>) -> Option<Date> {
        let s = self.site;
        let newest = |ps: &mut dyn Iterator<Item = &Project>| ps.map(Self::project_date).max();
        match page {
            PageRef::Project(p) => Some(Self::project_date(p)),
            PageRef::News(n) => Some(n.date),
            PageRef::Result(r) => Some(r.date),
            PageRef::Catalogue { facet, n } => {
                let (skip, take) = ((n - 1) * PER_PAGE, PER_PAGE);
                match facet {
                    Some((fi, vi)) => newest(&mut self.facets[fi].1[vi].2.iter().skip(skip).take(take).copied()),
                    None => newest(&mut s.projects.iter().skip(skip).take(take).map(|p| &**p)),
                }
            }
            // A results page shows its projects and their reports (what its fingerprint holds).
            PageRef::ResultsFor { facet: (fi, vi) } => {
                let projects = &self.facets[fi].1[vi].2;
                newest(&mut projects.iter().copied()).max(self.reports_of(projects).iter().map(|r| r.date).max())
            }
            PageRef::Results => {
                newest(&mut s.projects.iter().map(|p| &**p)).max(s.results.iter().map(|r| r.date).max())
            }
            PageRef::Front => {
                let projects = newest(&mut s.projects.iter().map(|p| &**p));
                projects.max(s.news.iter().map(|n| n.date).max())
            }
            PageRef::NewsList => s.news.iter().map(|n| n.date).max(),
            _ => None,
        }
    }

    fn project_date(p: &Project) -> Date {
        p.history.iter().map(|h| h.date).chain(p.updated).fold(p.started, Date::max)
    }

    fn listing_pages(count: usize) -> usize {
        count.div_ceil(PER_PAGE).max(1)
    }

    /// Every page of the portal.
    pub fn pages(&self) -> Vec<PageRef<'a>> {
        let s = self.site;
        let mut pages = vec![PageRef::Front];
        pages.extend((1..=Self::listing_pages(s.projects.len())).map(|n| PageRef::Catalogue { facet: None, n }));
        for (fi, (_, values)) in self.facets.iter().enumerate() {
            for (vi, (_, _, projects)) in values.iter().enumerate() {
                let count = Self::listing_pages(projects.len());
                pages.extend((1..=count).map(|n| PageRef::Catalogue { facet: Some((fi, vi)), n }));
            }
            let listed = self.facet_index[fi].len();
            if listed > 0 {
                pages.extend((1..=listed.div_ceil(FACET_INDEX_PER_PAGE)).map(|n| PageRef::FacetIndex { facet: fi, n }));
            }
        }
        pages.extend(s.projects.iter().map(|x| PageRef::Project(x)));
        if !s.strategy.is_empty() {
            pages.push(PageRef::StrategyOverview);
        }
        pages.extend(s.strategy.iter().map(|x| PageRef::Strategy(x)));
        pages.push(PageRef::Innovators);
        pages.extend(s.innovators.iter().map(|x| PageRef::Innovator(x)));
        pages.extend(self.dashboard_pages());
        pages.extend(s.results.iter().map(|x| PageRef::Result(x)));
        if !s.news.is_empty() {
            pages.push(PageRef::NewsList);
        }
        pages.extend(s.news.iter().map(|x| PageRef::News(x)));
        pages.push(PageRef::Methods);
        pages.extend(s.methods.iter().map(|x| PageRef::Method(x)));
        pages.extend(s.pages.iter().map(|x| PageRef::Plain(x)));
        if !s.pages.iter().any(|p| p.doc.slug == accessibility_slug(self.lang())) && s.config.statement_url.is_none() {
            pages.push(PageRef::Accessibility);
        }
        pages.push(PageRef::Ideas);
        if self.search.is_some() {
            pages.push(PageRef::Search);
        }
        pages.push(PageRef::OpenData);
        pages.push(PageRef::NotFound);
        pages
    }

    /// The URL, template and values of one page.
    pub fn view(&self, page: PageRef<'_>) -> View {
        match page {
            PageRef::Front => self.front(),
            PageRef::Catalogue { facet, n } => self.catalogue_page(facet, n),
            PageRef::FacetIndex { facet, n } => self.facet_index_page(facet, n),
            PageRef::Project(p) => self.project(p),
            PageRef::StrategyOverview => self.strategy_overview(),
            PageRef::Strategy(p) => self.strategy_page(p, self.strategy_nav(Some(&p.doc.slug))),
            PageRef::Innovators => self.innovators(),
            PageRef::Innovator(i) => self.innovator(i),
            PageRef::Results => self.dashboard(None),
            PageRef::ResultsFor { facet } => self.dashboard(Some(facet)),
            PageRef::Result(r) => self.result(r),
            PageRef::NewsList => self.news_list(),
            PageRef::News(n) => self.news_item(n),
            PageRef::Methods => self.methods(),
            PageRef::Method(m) => self.method(m),
            PageRef::Plain(p) => self.page(p),
            PageRef::Accessibility => {
                let title = self.t.get("nav.accessibility").into_owned();
                let url = self.urls.doc(Section::Pages, accessibility_slug(self.lang()));
                self.make(
                    PageKind::Accessibility,
                    url,
                    &title,
                    None,
                    None,
                    vec![],
                    json!({ "contact_email": self.site.config.contact_email }),
                )
            }
            PageRef::Ideas => self.ideas(),
            PageRef::Search => self.search_page(),
            PageRef::OpenData => self.open_data(),
            PageRef::NotFound => self.not_found(),
        }
    }

    fn front(&self) -> View {
        let s = self.site;
        let key_figures: Vec<Value> = s
            .phase_counts()
            .into_values()
            .filter(|(id, count)| *count > 0 || self.model().index(id).is_some())
            .map(|(id, count)| json!({ "label": self.model().label(&id), "count": count, "url": self.urls.facet(Facet::Phase, &id), "phase": id }))
            .collect();
        let title = s.front.as_ref().and_then(|f| f.title.clone()).unwrap_or_else(|| s.config.title.clone());
        let intro = s.front.as_ref().and_then(|f| self.body(&f.doc));
        let news: Vec<Value> = s.news.iter().take(3).map(|n| json!({ "title": n.title, "url": self.url(&n.doc), "date": self.t.date(n.date), "date_iso": n.date.to_string(), "summary": n.summary })).collect();
        let mut newest: Vec<&Project> = s.projects.iter().map(|p| &**p).collect();
        newest.sort_by(|a, b| {
            b.updated.unwrap_or(b.started).cmp(&a.updated.unwrap_or(a.started)).then_with(|| a.title.cmp(&b.title))
        });
        self.make(
            PageKind::Front,
            self.urls.home(),
            &title,
            Some(&s.config.title),
            None,
            vec![],
            json!({
                "intro_html": intro, "key_figures": key_figures, "total_projects": s.projects.len(),
                "newest_projects": newest.iter().take(6).map(|p| self.card(p)).collect::<Vec<_>>(),
                "newest_news": news, "search_url": self.search_url(), "ideas_url": self.urls.ideas(),
            }),
        )
    }

    /// Facet values with their projects, in display order.
    fn facet_values(&self, facet: Facet) -> FacetValues<'a> {
        let s = self.site;
        // Grouped by the value's URL, so that `Klima` and `klima` share one page and no
        // project is lost; the first spelling seen is the one shown.
        let mut groups: BTreeMap<String, (String, Vec<&Project>)> = BTreeMap::new();
        // Each spelling's address, worked out once: a portal has few values and many projects.
        let mut slugs: HashMap<String, String> = HashMap::new();
        for p in s.projects.iter().map(|p| &**p) {
            let own: [String; 1];
            let values: &[String] = match facet {
                Facet::Phase => {
                    own = [p.phase.id().to_owned()];
                    &own
                }
                Facet::Area => std::slice::from_ref(&p.area),
                Facet::Tag => &p.tags,
                Facet::Kind => {
                    own = [p.kind.id().to_owned()];
                    &own
                }
                Facet::Year => {
                    own = [p.started.year.to_string()];
                    &own
                }
            };
            for v in values {
                let slug = match slugs.get(v) {
                    Some(slug) => slug,
                    None => slugs.entry(v.clone()).or_insert_with(|| slugify(v)),
                };
                let group = match groups.get_mut(slug) {
                    Some(group) => group,
                    None => groups.entry(slug.clone()).or_insert_with(|| (v.clone(), Vec::new())),
                };
                if group.1.last().is_none_or(|last| !std::ptr::eq(*last, p)) {
                    group.1.push(p);
                }
            }
        }
        let mut take = |value: &str| groups.remove(&slugify(value));
        let mut ordered: FacetValues<'a> = match facet {
            Facet::Phase => {
                // Every phase of the model has its page, even before a project reaches it;
                // paused and stopped only when a project is in them.
                let model = self.model();
                let ids = model.all_ids();
                ids.into_iter()
                    .filter_map(|id| {
                        let projects = take(id).map(|(_, ps)| ps);
                        let projects = projects.or_else(|| model.index(id).map(|_| Vec::new()))?;
                        Some((id.to_owned(), model.label(id).to_owned(), projects))
                    })
                    .collect()
            }
            Facet::Kind => ["everyday", "radical"]
                .into_iter()
                .filter_map(|k| {
                    take(k).map(|(_, ps)| (k.to_owned(), self.t.get(&format!("kind.{k}")).into_owned(), ps))
                })
                .collect(),
            Facet::Area => s.areas().iter().filter_map(|a| take(a).map(|(v, ps)| (v.clone(), v, ps))).collect(),
            Facet::Tag | Facet::Year => Vec::new(),
        };
        // What is left: areas not in portal.yaml's list (sorted by name), tags, years.
        let mut rest: FacetValues<'a> = groups.into_values().map(|(v, ps)| (v.clone(), v, ps)).collect();
        match facet {
            Facet::Tag => {
                rest.sort_by(|a, b| b.2.len().cmp(&a.2.len()).then_with(|| a.1.to_lowercase().cmp(&b.1.to_lowercase())))
            }
            Facet::Year => rest.sort_by(|a, b| b.0.cmp(&a.0)),
            _ => rest.sort_by(|a, b| a.1.cmp(&b.1)),
        }
        ordered.extend(rest);
        ordered
    }

    /// The filters of a catalogue page: of each facet the most used values and the page's
    /// own (`current`), with a link to all values when there are more.
    fn facet_list(&self, current: Option<(usize, usize)>) -> Value {
        let facets = self.facets.iter().enumerate().filter(|(_, (_, values))| !values.is_empty());
        Value::Array(
            facets
                .map(|(fi, (f, values))| {
                    let shown = self.shown_values(fi, current);
                    json!({
                        "key": f.id(), "label": self.t.get(&format!("facet.{}", f.id())),
                        "values": shown.into_iter().map(|vi| {
                            let (v, label, ps) = &values[vi];
                            json!({
                                "label": label, "count": ps.len(), "url": self.urls.facet(*f, v),
                                "current": current == Some((fi, vi)),
                            })
                        }).collect::<Vec<_>>(),
                        "more": self.all_values_link(fi),
                    })
                })
                .collect(),
        )
    }

    /// Which values of facet `fi` a page lists, in the facet's order: the most used, and the
    /// page's own value when it is of this facet.
    fn shown_values(&self, fi: usize, current: Option<(usize, usize)>) -> Vec<usize> {
        let mut shown = self.facet_top[fi].clone();
        if let Some((cf, cv)) = current
            && cf == fi
            && let Err(at) = shown.binary_search(&cv)
        {
            shown.insert(at, cv);
        }
        shown
    }

    /// The link to the list of all values of facet `fi`, when its filters do not show them all.
    fn all_values_link(&self, fi: usize) -> Value {
        let (f, values) = &self.facets[fi];
        if self.facet_index[fi].is_empty() {
            return Value::Null;
        }
        let label = self.t.get(&format!("facet_all.{}", f.id()));
        json!({
            "label": format!("{label} ({})", format_number(self.lang(), values.len() as f64)),
            "url": self.facet_index_url(*f), "count": values.len(),
        })
    }

    /// The address of the list of all values of a facet: its values' own addresses stand
    /// under it (`/projekter/emne/` above `/projekter/emne/velfaerd/`).
    fn facet_index_url(&self, facet: Facet) -> String {
        let of_value = self.urls.facet(facet, "");
        of_value.strip_suffix('/').unwrap_or(&of_value).to_owned()
    }

    /// Page `n` of the list of all values of facet `fi`, with how many projects each has.
    fn facet_index_page(&self, fi: usize, n: usize) -> View {
        let (f, values) = &self.facets[fi];
        let listed = &self.facet_index[fi];
        let url = self.facet_index_url(*f);
        let pages = listed.len().div_ceil(FACET_INDEX_PER_PAGE).max(1);
        let from = ((n - 1) * FACET_INDEX_PER_PAGE).min(listed.len());
        let chunk = &listed[from..(n * FACET_INDEX_PER_PAGE).min(listed.len())];
        let heading = self.t.get(&format!("facet_all.{}", f.id())).into_owned();
        let title = if n > 1 { format!("{heading} ({} {n})", self.t.get("nav.page")) } else { heading.clone() };
        let entries: Vec<Value> = chunk
            .iter()
            .map(|vi| {
                let (v, label, ps) = &values[*vi];
                json!({ "label": label, "count": ps.len(), "url": self.urls.facet(*f, v) })
            })
            .collect();
        self.make(
            PageKind::FacetIndex,
            self.urls.paged(&url, n),
            &title,
            None,
            Some("projects"),
            vec![self.section_crumb(Section::Projects)],
            json!({
                "heading": heading, "key": f.id(), "facet_label": self.t.get(&format!("facet.{}", f.id())),
                "total": values.len(), "total_label": format_number(self.lang(), values.len() as f64),
                "values": entries, "all_url": self.urls.section(Section::Projects),
                "pagination": self.pagination(&url, n, pages),
            }),
        )
    }

    /// The pager of a listing at `url` of `pages` pages, on page `n`; none for one page.
    fn pagination(&self, url: &str, n: usize, pages: usize) -> Value {
        if pages <= 1 {
            return Value::Null;
        }
        json!({
            "current": n, "total": pages,
            "prev_url": (n > 1).then(|| self.urls.paged(url, n - 1)),
            "next_url": (n < pages).then(|| self.urls.paged(url, n + 1)),
            "pages": pagination_window(n, pages).into_iter().map(|(i, gap_before)| json!({
                "number": i, "url": self.urls.paged(url, i), "current": i == n, "gap_before": gap_before,
            })).collect::<Vec<_>>(),
        })
    }

    /// A project's reports, in the portal's order.
    fn results_of(&self, p: &Project) -> impl Iterator<Item = &'a ResultReport> + use<'a, '_> {
        let found = self.results_of.get(p.doc.slug.as_str()).map_or(&[][..], Vec::as_slice);
        let site: &'a Site = self.site;
        found.iter().map(move |i| &*site.results[*i])
    }

    /// The news items that name a project, in the portal's order.
    fn news_of(&self, p: &Project) -> impl Iterator<Item = &'a NewsItem> + use<'a, '_> {
        let found = self.news_of.get(p.doc.slug.as_str()).map_or(&[][..], Vec::as_slice);
        let site: &'a Site = self.site;
        found.iter().map(move |i| &*site.news[*i])
    }

    /// Page `n` of the catalogue, all projects or one facet value's.
    fn catalogue_page(&self, facet: Option<(usize, usize)>, n: usize) -> View {
        let all_url = self.urls.section(Section::Projects);
        let projects_word = self.t.get("nav.projects");
        let all: Vec<&Project>;
        let (projects, url, heading, active, crumbs): (&[&Project], String, String, Value, Vec<Value>) = match facet {
            Some((fi, vi)) => {
                let (f, values) = &self.facets[fi];
                let (v, label, ps) = &values[vi];
                let active = json!({
                    "facet_label": self.t.get(&format!("facet.{}", f.id())), "value_label": label,
                    "results_url": (!ps.is_empty()).then(|| self.results_url(*f, v)).flatten(),
                    "results_label": fill(&self.t.get("dashboard.figures_for"), &[("value", label)]),
                });
                (
                    ps,
                    self.urls.facet(*f, v),
                    format!("{projects_word}: {label}"),
                    active,
                    vec![self.section_crumb(Section::Projects)],
                )
            }
            None => {
                all = self.site.projects.iter().map(|p| &**p).collect();
                (&all, all_url.clone(), projects_word.into_owned(), Value::Null, vec![])
            }
        };
        let pages = Self::listing_pages(projects.len());
        let chunk = &projects[((n - 1) * PER_PAGE).min(projects.len())..(n * PER_PAGE).min(projects.len())];
        let pagination = self.pagination(&url, n, pages);
        let title = if n > 1 { format!("{heading} ({} {n})", self.t.get("nav.page")) } else { heading.clone() };
        self.make(
            PageKind::Catalogue,
            self.urls.paged(&url, n),
            &title,
            None,
            Some("projects"),
            crumbs,
            json!({
                "heading": heading, "intro": null, "total": projects.len(),
                "cards": chunk.iter().map(|p| self.card(p)).collect::<Vec<_>>(),
                "facets": self.facet_list(facet), "active": active, "all_url": all_url, "pagination": pagination,
            }),
        )
    }

    fn timeline(&self, p: &Project) -> (Value, Value) {
        let model = self.model();
        let reached = p.last_step();
        let methods_for =
            |id: &str| self.method_phases.contains(id).then(|| format!("{}#{id}", self.urls.section(Section::Methods)));
        let timeline: Vec<Value> = model
            .phases
            .iter()
            .enumerate()
            .map(|(i, ph)| {
                let state = match reached {
                    Some(r) if i < r => "done",
                    Some(r) if i == r => "current",
                    _ => "future",
                };
                let entries: Vec<Value> = p
                    .history
                    .iter()
                    .filter(|h| h.phase.id() == ph.id)
                    .map(|h| json!({ "date": self.t.date(h.date), "date_iso": h.date.to_string(), "decision": h.decision, "note": h.note }))
                    .collect();
                json!({ "id": ph.id, "label": ph.label, "description": ph.description, "state": state, "methods_url": methods_for(&ph.id), "entries": entries })
            })
            .collect();
        let status = if p.phase.is_halted() {
            let entry = p.history.iter().rev().find(|h| h.phase == p.phase);
            json!({
                "id": p.phase, "label": model.label_of(&p.phase),
                "date": entry.map(|e| self.t.date(e.date)), "date_iso": entry.map(|e| e.date.to_string()),
                "decision": entry.and_then(|e| e.decision.clone()), "note": entry.and_then(|e| e.note.clone()),
            })
        } else {
            Value::Null
        };
        (Value::Array(timeline), status)
    }

    fn project(&self, p: &Project) -> View {
        let (timeline, status) = self.timeline(p);
        let url = self.url(&p.doc);
        let fundamentals = p.fundamentals.map(|f| {
            let zeros: Vec<String> = f.zeros().into_iter().map(|z| self.t.get(&format!("fundamental.{z}")).into_owned()).collect();
            json!({
                "items": f.scores().iter().map(|(k, s)| json!({ "key": k, "label": self.t.get(&format!("fundamental.{k}")), "score": s, "zero": *s == 0 })).collect::<Vec<_>>(),
                "has_zero": !zeros.is_empty(), "zero_labels": zeros, "product": f.product(),
            })
        });
        let num = |n: Option<f64>| n.map(|n| format_number(self.lang(), n));
        let benefits: Vec<Value> = p
            .benefits
            .iter()
            .map(|b| json!({ "name": b.name, "unit": b.unit, "planned": num(b.planned), "realized": num(b.realized) }))
            .collect();
        let results: Vec<Value> = self.results_of(p).map(|r| self.dated(&r.title, &r.doc, r.date)).collect();
        let news: Vec<Value> = self.news_of(p).map(|n| self.dated(&n.title, &n.doc, n.date)).collect();
        let related: Vec<Value> = p.related.iter().filter_map(|s| self.site.project(s)).map(|r| self.card(r)).collect();
        let image = p.image.as_ref().map(|i| json!({ "url": self.urls.resource(&url, &i.src), "alt": i.alt }));
        let shared_image = p.image.as_ref().map(|i| {
            let absolute = self.urls.absolute(&self.site.config.base_url, &self.urls.resource(&url, &i.src));
            json!({ "url": absolute, "alt": i.alt })
        });
        let project = json!({
            "title": p.title, "summary": p.summary, "phase": p.phase, "phase_label": self.model().label_of(&p.phase),
            "phase_state": p.phase.state(), "kind": p.kind.id(), "kind_label": self.t.get(&format!("kind.{}", p.kind.id())),
            "area": p.area, "area_url": self.urls.facet(Facet::Area, &p.area),
            "tags": p.tags.iter().map(|t| json!({ "label": t, "url": self.urls.facet(Facet::Tag, t) })).collect::<Vec<_>>(),
            "started": self.date(p.started), "started_iso": p.started.to_string(),
            "ended": p.ended.map(|d| self.t.date(d)), "ended_iso": p.ended.map(|d| d.to_string()), "year": p.started.year,
            "owner": p.owner.as_deref().and_then(|o| self.person(o)),
            "team": p.team.iter().filter_map(|t| self.person(t)).collect::<Vec<_>>(),
            "partners": p.partners, "origin_label": p.origin.as_ref().map(|o| self.t.get(&format!("origin.{o}"))),
            "via_portal": p.via_portal, "prize": p.prize, "prize_label": p.prize.map(|y| fill(&self.t.get("project.prize"), &[("year", &y.to_string())])),
            "updated": p.updated.map(|d| self.t.date(d)), "updated_iso": p.updated.map(|d| d.to_string()),
            "image": image, "video": p.video.as_deref().map(video), "body_html": self.body(&p.doc),
        });
        let mut view = self.make(
            PageKind::Project,
            url,
            &p.title,
            Some(&p.summary),
            Some("projects"),
            vec![self.section_crumb(Section::Projects)],
            json!({ "project": project, "timeline": timeline, "status": status, "fundamentals": fundamentals, "benefits": benefits, "related": related, "results": results, "news": news }),
        );
        view.context["page"]["image"] = shared_image.unwrap_or(Value::Null);
        view
    }

    fn strategy_nav(&self, current: Option<&str>) -> Vec<Value> {
        let pages = self.site.strategy.iter();
        pages.map(|p| json!({ "title": p.title, "url": self.url(&p.doc), "current": Some(p.doc.slug.as_str()) == current })).collect()
    }

    /// The strategy section's own address shows the first strategy page, with the navigation
    /// to all of them.
    fn strategy_overview(&self) -> View {
        let Some(first) = self.site.strategy.first() else { return self.not_found() };
        // Search engines are told that the first page's own address is the one to show.
        let mut overview = self.strategy_page(first, self.strategy_nav(None));
        overview.url = self.urls.section(Section::Strategy);
        if let Some(Value::Object(page)) = overview.context.get_mut("page") {
            page.insert("url".into(), json!(overview.url));
        }
        overview
    }

    fn strategy_page(&self, p: &StrategyPage, nav: Vec<Value>) -> View {
        let targets: Vec<Value> = p
            .targets
            .iter()
            .map(|t| {
                let (value, percent) = crate::figures::progress(self.site, t);
                let text = format!("{} {} {}", format_number(self.lang(), value), self.t.get("strategy.of"), format_number(self.lang(), t.target));
                json!({ "label": t.label, "value": format_number(self.lang(), value), "target": format_number(self.lang(), t.target), "percent": percent, "text": text })
            })
            .collect();
        let plan = plan_timeline(&p.plan, self.t);
        self.make(
            PageKind::Strategy,
            self.url(&p.doc),
            &p.title,
            None,
            Some("strategy"),
            vec![self.section_crumb(Section::Strategy)],
            json!({ "strategy_nav": nav, "body_html": self.body(&p.doc), "targets": targets, "plan": plan }),
        )
    }

    fn innovators(&self) -> View {
        let mut groups: BTreeMap<(usize, String), BTreeMap<String, Vec<Value>>> = BTreeMap::new();
        let areas = self.site.areas();
        let other = self.t.get("innovators.no_area").into_owned();
        for i in &self.site.innovators {
            let area = i.area.clone().unwrap_or_else(|| other.clone());
            let order = areas.iter().position(|a| *a == area).unwrap_or(areas.len());
            groups.entry((order, area)).or_default().entry(i.workplace.clone()).or_default().push(json!({
                "name": i.name, "url": self.url(&i.doc), "role": i.role, "certified": i.certified.map(|d| self.t.date(d)), "leader": i.leader,
            }));
        }
        let groups: Vec<Value> = groups
            .into_iter()
            .map(|((_, area), workplaces)| {
                json!({ "area": area, "workplaces": workplaces.into_iter().map(|(w, list)| json!({ "workplace": w, "innovators": list })).collect::<Vec<_>>() })
            })
            .collect();
        self.make(
            PageKind::Innovators,
            self.urls.section(Section::Innovators),
            &self.t.get("nav.innovators"),
            None,
            Some("innovators"),
            vec![],
            json!({ "groups": groups, "total": self.site.innovators.len() }),
        )
    }

    fn innovator(&self, i: &Innovator) -> View {
        let url = self.url(&i.doc);
        let (owned, member) = self.site.projects_of(&i.doc.slug);
        let innovator = json!({
            "name": i.name, "role": i.role, "workplace": i.workplace, "area": i.area,
            "certified": i.certified.map(|d| self.t.date(d)), "certified_iso": i.certified.map(|d| d.to_string()), "leader": i.leader,
            "contact": i.contact, "photo": i.photo.as_ref().map(|p| json!({ "url": self.urls.resource(&url, &p.src), "alt": p.alt })),
            "body_html": self.body(&i.doc),
        });
        self.make(
            PageKind::Innovator,
            url,
            &i.name,
            i.role.as_deref(),
            Some("innovators"),
            vec![self.section_crumb(Section::Innovators)],
            json!({ "innovator": innovator, "owned": owned.iter().map(|p| self.card(p)).collect::<Vec<_>>(), "member": member.iter().map(|p| self.card(p)).collect::<Vec<_>>() }),
        )
    }

    fn project_link(&self, slug: &str) -> Value {
        match self.site.project(slug) {
            Some(p) => {
                json!({ "label": p.title, "title": p.title, "url": self.url(&p.doc), "phase_label": self.model().label_of(&p.phase) })
            }
            None => Value::Null,
        }
    }

    fn result(&self, r: &ResultReport) -> View {
        let effects: Vec<Value> = r
            .effects
            .iter()
            .map(|e| json!({ "name": e.name, "unit": e.unit, "value": format_number(self.lang(), e.value) }))
            .collect();
        let report = json!({ "title": r.title, "date": self.t.date(r.date), "date_iso": r.date.to_string(), "project": self.project_link(&r.project), "effects": effects, "body_html": self.body(&r.doc) });
        self.make(
            PageKind::Result,
            self.url(&r.doc),
            &r.title,
            None,
            Some("results"),
            vec![self.section_crumb(Section::Results)],
            json!({ "report": report }),
        )
    }

    fn news_list(&self) -> View {
        let items: Vec<Value> = self
            .site
            .news
            .iter()
            .map(|n| json!({ "title": n.title, "url": self.url(&n.doc), "date": self.t.date(n.date), "date_iso": n.date.to_string(), "summary": n.summary, "author": n.author }))
            .collect();
        self.make(
            PageKind::NewsList,
            self.urls.section(Section::News),
            &self.t.get("nav.news"),
            None,
            Some("news"),
            vec![],
            json!({ "items": items }),
        )
    }

    fn news_item(&self, n: &NewsItem) -> View {
        let item = json!({
            "title": n.title, "date": self.t.date(n.date), "date_iso": n.date.to_string(), "summary": n.summary, "author": n.author,
            "projects": n.projects.iter().map(|s| self.project_link(s)).filter(|v| !v.is_null()).collect::<Vec<_>>(), "body_html": self.body(&n.doc),
        });
        self.make(
            PageKind::NewsItem,
            self.url(&n.doc),
            &n.title,
            Some(&n.summary),
            Some("news"),
            vec![self.section_crumb(Section::News)],
            json!({ "item": item }),
        )
    }

    fn methods(&self) -> View {
        // Each phase's methods, in the toolbox's order, found in one pass over the methods.
        let mut by_phase: HashMap<&str, Vec<&Method>> = HashMap::new();
        for m in &self.site.methods {
            let mut phases: Vec<&str> = m.phases.iter().map(String::as_str).collect();
            phases.sort_unstable();
            phases.dedup();
            for ph in phases {
                by_phase.entry(ph).or_default().push(m);
            }
        }
        let phases: Vec<Value> = self
            .model()
            .phases
            .iter()
            .map(|ph| {
                let methods: Vec<Value> = by_phase
                    .get(ph.id.as_str())
                    .map_or(&[][..], Vec::as_slice)
                    .iter()
                    .map(|m| json!({ "title": m.title, "url": self.url(&m.doc), "summary": m.summary, "duration": m.duration, "participants": m.participants }))
                    .collect();
                json!({ "id": ph.id, "label": ph.label, "description": ph.description, "methods": methods })
            })
            .collect();
        self.make(
            PageKind::Methods,
            self.urls.section(Section::Methods),
            &self.t.get("nav.methods"),
            None,
            Some("methods"),
            vec![],
            json!({ "phases": phases }),
        )
    }

    fn method(&self, m: &Method) -> View {
        let url = self.url(&m.doc);
        let toolbox = self.urls.section(Section::Methods);
        let method = json!({
            "title": m.title, "summary": m.summary, "duration": m.duration, "participants": m.participants,
            "phases": m.phases.iter().map(|p| json!({ "label": self.model().label(p), "url": format!("{toolbox}#{p}") })).collect::<Vec<_>>(),
            "download": m.download.as_ref().map(|d| json!({ "label": d.label, "url": self.urls.resource(&url, &d.src) })),
            "body_html": self.body(&m.doc),
        });
        self.make(
            PageKind::Method,
            url,
            &m.title,
            Some(&m.summary),
            Some("methods"),
            vec![self.section_crumb(Section::Methods)],
            json!({ "method": method }),
        )
    }

    fn page(&self, p: &Page) -> View {
        let section = format!("page-{}", p.doc.slug);
        self.make(
            PageKind::Plain,
            self.url(&p.doc),
            &p.title,
            None,
            Some(&section),
            vec![],
            json!({ "body_html": self.body(&p.doc) }),
        )
    }

    fn ideas(&self) -> View {
        let c = &self.site.config;
        let subject = self.t.get("ideas.mail_subject");
        let mailto = format!("mailto:{}?subject={}", c.contact_email, percent_encode(&subject));
        self.make(
            PageKind::Ideas,
            self.urls.ideas(),
            &self.t.get("nav.ideas"),
            None,
            Some("ideas"),
            vec![],
            json!({ "form_action": c.form_action, "email": c.contact_email, "mailto_url": mailto, "areas": self.site.areas() }),
        )
    }

    /// The search page's address, when the portal has search.
    fn search_url(&self) -> Option<String> {
        self.search.as_ref().map(|_| self.urls.search())
    }

    /// The words the search page's script needs, in the page's language.
    fn search_strings(&self) -> Value {
        let mut strings = serde_json::Map::new();
        for key in [
            "results_one",
            "results_many",
            "no_results",
            "fallback",
            "loading",
            "error",
            "empty",
            "more",
            "all",
            "showing",
        ] {
            strings.insert(key.into(), json!(self.t.get(&format!("search.{key}"))));
        }
        let tree = self.t.tree();
        strings.insert("date_format".into(), json!(self.t.get("date_format")));
        strings.insert("months".into(), tree.get("months").cloned().unwrap_or(Value::Null));
        Value::Object(strings)
    }

    /// The search page. Its script fills in the results; without JavaScript it explains that
    /// search needs it and links to the catalogue and its facet pages instead.
    fn search_page(&self) -> View {
        let Some(assets) = &self.search else { return self.not_found() };
        let strings = self.search_strings();
        // Safe inside <script type="application/json">: no `</script>` can end it early.
        let strings_json = crate::text::safe_json(&strings, false);
        let facets: Vec<Value> = self
            .facets
            .iter()
            .filter(|(f, values)| *f != Facet::Tag && values.iter().any(|(_, _, ps)| !ps.is_empty()))
            .map(|(f, values)| {
                json!({
                    "key": f.id(), "label": self.t.get(&format!("facet.{}", f.id())),
                    "values": values.iter().filter(|(_, _, ps)| !ps.is_empty()).map(|(v, label, ps)| json!({
                        "label": label, "count": ps.len(), "url": self.urls.facet(*f, v),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let filters: Vec<Value> = ["type", "phase", "area", "kind", "year"]
            .into_iter()
            .map(|key| json!({ "key": key, "label": self.t.get(&format!("facet.{key}")) }))
            .collect();
        self.make(
            PageKind::Search,
            self.urls.search(),
            &self.t.get("search.title"),
            None,
            Some("search"),
            vec![],
            json!({
                "index_url": assets.index_url, "script_urls": assets.script_urls,
                "strings": strings, "strings_json": strings_json,
                "filters": filters,
                "fallback_links": {
                    "catalogue": { "label": self.t.get("ui.show_all_projects"), "url": self.urls.section(Section::Projects) },
                    "facets": facets,
                },
            }),
        )
    }

    /// The open-data page: the files in `data/`, their formats and their licence.
    fn open_data(&self) -> View {
        let c = &self.site.config;
        let home = self.urls.home();
        let say = |key: &str| self.t.get(&format!("opendata.{key}")).into_owned();
        let file = |name: &str, format: &str, key: &str| json!({ "name": name, "url": format!("{home}{name}"), "format": format, "description": say(key) });
        let files = [
            file("data/projects.json", "JSON", "projects_json"),
            file("data/projects.csv", "CSV (UTF-8, ;)", "projects_csv"),
            file("data/projects.schema.json", "JSON Schema", "projects_schema"),
            file("data/results.json", "JSON", "results_json"),
            file("feed.xml", "Atom", "feed"),
        ];
        let l = &c.licence;
        let text = if l.attribution { say("licence_text") } else { say("licence_text_other") };
        let (before, after) = text.split_once("{licence}").unwrap_or((&text, ""));
        let after = fill(after, &[("municipality", &c.municipality)]);
        let licence = json!({ "name": l.name, "url": l.url, "before": before, "after": after });
        self.make(
            PageKind::OpenData,
            self.urls.open_data(),
            &say("title"),
            Some(&say("intro")),
            None,
            vec![],
            json!({ "files": files, "licence": licence, "results_url": self.urls.section(Section::Results) }),
        )
    }

    fn not_found(&self) -> View {
        let mut v = self.make(
            PageKind::NotFound,
            format!("{}404.html", self.urls.home()),
            &self.t.get("notfound.title"),
            None,
            None,
            vec![],
            json!({}),
        );
        v.context["breadcrumbs"] = json!([]);
        v
    }
}

/// Which page numbers a pager shows: the first, the last and two either side of the current
/// one, each with whether a gap stands before it.
pub fn pagination_window(current: usize, total: usize) -> Vec<(usize, bool)> {
    let mut shown: Vec<usize> = (1..=total).filter(|&i| i == 1 || i == total || i.abs_diff(current) <= 2).collect();
    shown.dedup();
    let mut prev = 0;
    shown
        .into_iter()
        .map(|i| {
            let gap = prev != 0 && i > prev + 1;
            prev = i;
            (i, gap)
        })
        .collect()
}

/// The [`FACET_SHOWN`] most used of a facet's values (by their number of projects; among
/// as many, the first in the facet's order), in the facet's order.
fn most_used(values: &FacetValues<'_>) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    if values.len() > FACET_SHOWN {
        order.select_nth_unstable_by_key(FACET_SHOWN - 1, |&i| (std::cmp::Reverse(values[i].2.len()), i));
        order.truncate(FACET_SHOWN);
        order.sort_unstable();
    }
    order
}

/// The action plan as positioned bars: offsets and widths in percent of the plan's whole span.
pub fn plan_timeline(plan: &[PlanItem], t: &Strings) -> Value {
    let (Some(first), Some(last)) = (plan.iter().map(|p| p.start).min(), plan.iter().map(|p| p.end).max()) else {
        return Value::Null;
    };
    let total = f64::from(first.span_to(last));
    let pct = |months: i32| (f64::from(months) / total * 1000.0).round() / 10.0;
    let years: Vec<Value> = (first.year..=last.year)
        .map(|y| {
            let start = if y == first.year { first } else { Month { year: y, month: 1 } };
            let end = if y == last.year { last } else { Month { year: y, month: 12 } };
            json!({ "year": y, "offset": pct(start.index() - first.index()), "width": pct(start.span_to(end)) })
        })
        .collect();
    let items: Vec<Value> = plan
        .iter()
        .map(|p| {
            json!({
                "activity": p.activity, "status": p.status, "status_label": t.get(&format!("status.{}", p.status)),
                "start": t.month(p.start), "end": t.month(p.end), "start_iso": p.start.to_string(), "end_iso": p.end.to_string(),
                "offset": pct(p.start.index() - first.index()), "width": pct(p.start.span_to(p.end)),
            })
        })
        .collect();
    json!({ "start_label": t.month(first), "end_label": t.month(last), "years": years, "items": items })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn videos_embed_without_tracking_before_play() {
        let v = video("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=3");
        assert_eq!(v["host"], "YouTube");
        assert_eq!(v["embed_url"], "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1");
        assert_eq!(
            video("https://youtu.be/abcDEF12345")["embed_url"],
            "https://www.youtube-nocookie.com/embed/abcDEF12345?autoplay=1"
        );
        assert_eq!(
            video("https://vimeo.com/123456")["embed_url"],
            "https://player.vimeo.com/video/123456?dnt=1&autoplay=1"
        );
        assert!(video("https://video.kommune.dk/v/1")["embed_url"].is_null());
    }

    #[test]
    fn every_language_names_what_search_shows() {
        let keys = [
            "title",
            "label",
            "header_label",
            "options",
            "sort",
            "sort_relevance",
            "sort_date",
            "all",
            "results_one",
            "results_many",
            "no_results",
            "fallback",
            "loading",
            "error",
            "empty",
            "more",
            "showing",
            "nojs_heading",
            "nojs_text",
        ];
        let types = ["project", "strategy", "innovator", "result", "news", "method", "page"];
        for lang in Lang::ALL {
            let t = lang.strings();
            for key in
                keys.iter().map(|k| format!("search.{k}")).chain(types.iter().map(|k| format!("search.type.{k}")))
            {
                assert!(t.lookup(&key).is_some_and(|s| !s.trim().is_empty()), "{} lacks `{key}`", lang.code());
            }
            assert!(t.lookup("facet.type").is_some(), "{} lacks `facet.type`", lang.code());
            for key in ["results_one", "results_many", "no_results"] {
                assert!(
                    t.get(&format!("search.{key}")).contains("{q}"),
                    "{}: search.{key} names the query",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn pagers_show_a_window_with_gaps() {
        assert_eq!(pagination_window(1, 3), [(1, false), (2, false), (3, false)]);
        assert_eq!(
            pagination_window(10, 417),
            [(1, false), (8, true), (9, false), (10, false), (11, false), (12, false), (417, true)]
        );
        assert_eq!(pagination_window(417, 417), [(1, false), (415, true), (416, false), (417, false)]);
    }

    #[test]
    fn plan_bars_are_placed_in_percent_of_the_span() {
        let m = |s: &str| Month::parse(s).unwrap();
        let plan = vec![
            PlanItem { activity: "A".into(), start: m("2025-01"), end: m("2025-03"), status: "done".into() },
            PlanItem { activity: "B".into(), start: m("2025-04"), end: m("2025-12"), status: "ongoing".into() },
        ];
        let v = plan_timeline(&plan, Lang::Da.strings());
        assert_eq!(v["items"][0]["width"], 25.0);
        assert_eq!(v["items"][1]["offset"], 25.0);
        assert_eq!(v["items"][1]["width"], 75.0);
        assert_eq!(v["items"][1]["status_label"], "I gang");
        assert_eq!(v["years"].as_array().map(Vec::len), Some(1));
    }
}
