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

mod catalogue;
mod dashboard;
mod pictures;
mod project;
mod sections;

use catalogue::most_used;
pub use catalogue::pagination_window;
pub use project::video;
pub use sections::plan_timeline;

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
    /// A short address that leads on to a page elsewhere (`/was/` on a Danish portal).
    Redirect,
}

impl PageKind {
    pub const ALL: [PageKind; 20] = [
        PageKind::Front,
        PageKind::Catalogue,
        PageKind::FacetIndex,
        PageKind::Project,
        PageKind::Strategy,
        PageKind::Innovators,
        PageKind::Innovator,
        PageKind::Results,
        PageKind::Result,
        PageKind::NewsList,
        PageKind::NewsItem,
        PageKind::Methods,
        PageKind::Method,
        PageKind::Accessibility,
        PageKind::Plain,
        PageKind::Ideas,
        PageKind::Search,
        PageKind::OpenData,
        PageKind::NotFound,
        PageKind::Redirect,
    ];

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
            PageKind::Redirect => "redirect",
        }
    }

    /// The kind's name in the editor's words, for the build's summary.
    pub fn label(self) -> crate::say::Say {
        match self {
            PageKind::Front => say!("build.kind_front"),
            PageKind::Catalogue => say!("build.kind_catalogue"),
            PageKind::FacetIndex => say!("build.kind_facet_index"),
            PageKind::Project => say!("build.kind_project"),
            PageKind::Strategy => say!("build.kind_strategy"),
            PageKind::Innovators => say!("build.kind_innovators"),
            PageKind::Innovator => say!("build.kind_innovator"),
            PageKind::Results => say!("build.kind_results"),
            PageKind::Result => say!("build.kind_result"),
            PageKind::NewsList => say!("build.kind_news_list"),
            PageKind::NewsItem => say!("build.kind_news_item"),
            PageKind::Methods => say!("build.kind_methods"),
            PageKind::Method => say!("build.kind_method"),
            PageKind::Accessibility => say!("build.kind_accessibility"),
            PageKind::Plain => say!("build.kind_page"),
            PageKind::Ideas => say!("build.kind_ideas"),
            PageKind::Search => say!("build.kind_search"),
            PageKind::OpenData => say!("build.kind_opendata"),
            PageKind::NotFound => say!("build.kind_not_found"),
            PageKind::Redirect => say!("build.kind_redirect"),
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
            PageKind::Redirect => "redirect.html",
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

/// What the search page loads: the index's address and the scripts, in order (the stemmers,
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
    /// The portal's phase model, with the labels of `t`'s language.
    model: std::borrow::Cow<'a, PhaseModel>,
    pub bodies: &'a Bodies,
    /// What each picture the content uses became.
    pub pictures: &'a crate::images::Pictures,
    /// The pages (by source path) that show a picture from their front matter above the
    /// text, which is then the page's first.
    lead_pictures: HashSet<&'a str>,
    /// For each page (by source path) that shows pictures, a hash of what they became: part of
    /// the fingerprint of every page that shows them.
    picture_hashes: HashMap<&'a str, u64>,
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
    /// The Content-Security-Policy the pages carry as a `<meta>`, when the host cannot send it.
    pub policy: Option<String>,
}

/// For each page that shows pictures, a hash of what they became (see `Views::picture_hashes`).
fn picture_hashes<'a>(site: &'a Site, bodies: &Bodies, pictures: &crate::images::Pictures) -> HashMap<&'a str, u64> {
    let mut keys: HashMap<&str, Vec<u64>> = HashMap::new();
    let mut add = |doc: &'a Doc, file: &std::path::Path| {
        if let Some(key) = pictures.hash_of(file) {
            keys.entry(doc.rel_path.as_str()).or_default().push(key);
        }
    };
    for (doc, _, image) in site.lead_images() {
        add(doc, &image.file);
    }
    for doc in site.docs() {
        for r in bodies.get(&doc.rel_path).iter().flat_map(|b| &b.resources) {
            add(doc, &r.file);
        }
    }
    keys.into_iter().map(|(doc, keys)| (doc, hash::of(&keys))).collect()
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
    /// `/was/`: the short address Danish law gives the accessibility statement (made in the
    /// WAS tool), leading to it.
    Was,
    /// An old address of a page (`aliases:`), leading on to it.
    Moved(&'a crate::model::Moved),
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

impl<'a> Views<'a> {
    fn lang(&self) -> Lang {
        self.t.lang()
    }

    /// The language a page is written in: its file's `language`, or the portal's.
    pub fn language_of(&self, page: PageRef<'_>) -> Lang {
        let doc = match page {
            PageRef::Front => self.site.front.as_ref().map(|f| &f.doc),
            PageRef::Project(p) => Some(&p.doc),
            PageRef::Strategy(p) => Some(&p.doc),
            PageRef::Innovator(i) => Some(&i.doc),
            PageRef::Result(r) => Some(&r.doc),
            PageRef::News(n) => Some(&n.doc),
            PageRef::Method(m) => Some(&m.doc),
            PageRef::Plain(p) => Some(&p.doc),
            _ => None,
        };
        doc.and_then(|d| d.language).unwrap_or(self.site.config.language)
    }

    /// The same views in the words of `lang`, for the pages written in it.
    pub fn in_language(&self, lang: Lang) -> Views<'a> {
        let mut views = Views::new(self.site, self.urls, lang.strings(), self.bodies, self.pictures);
        views.search = self.search.clone();
        views.policy = self.policy.clone();
        views
    }

    fn model(&self) -> &PhaseModel {
        &self.model
    }

    fn date(&self, d: Date) -> Value {
        json!(self.t.date(d))
    }

    fn url(&self, doc: &Doc) -> String {
        self.urls.doc(doc.section, &doc.slug)
    }

    pub fn card(&self, p: &Project) -> Value {
        let image = p.image.as_ref().map(|i| self.picture(&p.doc, i, crate::images::markup::sizes::CARD, false, None));
        json!({
            "title": p.title, "summary": p.summary, "url": self.url(&p.doc),
            "phase": p.phase, "phase_label": self.model().label_of(&p.phase), "phase_state": p.phase.state(),
            "area": p.area, "kind": p.kind.id(), "kind_label": self.t.get(&format!("kind.{}", p.kind.id())),
            "year": p.started.year, "image": image,
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
                    "canonical": (!matches!(kind, PageKind::NotFound | PageKind::Redirect)).then(|| self.urls.absolute(&self.site.config.base_url, &url)),
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
            "policy": self.policy,
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

    pub fn new(
        site: &'a Site,
        urls: &'a Urls,
        t: &'a Strings,
        bodies: &'a Bodies,
        pictures: &'a crate::images::Pictures,
    ) -> Views<'a> {
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
        let model = if t.lang() == site.config.language {
            std::borrow::Cow::Borrowed(&site.config.phase_model)
        } else {
            std::borrow::Cow::Owned(site.config.phase_model.in_language(t.lang()))
        };
        let mut views = Views {
            site,
            urls,
            t,
            model,
            bodies,
            pictures,
            lead_pictures: site.lead_images().into_iter().map(|(doc, _, _)| doc.rel_path.as_str()).collect(),
            picture_hashes: picture_hashes(site, bodies, pictures),
            facets: Vec::new(),
            facet_top: Vec::new(),
            facet_index: Vec::new(),
            results_of,
            news_of,
            method_phases,
            method_phases_hash: hash::of(&sorted),
            catalogue_shape: 0,
            search: None,
            policy: None,
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
    /// Whatever a view below reads must be named here too; `tests/suite/incremental.rs` compares
    /// kept pages with a fresh build after edits of every kind.
    pub fn fingerprint(&self, page: PageRef<'_>) -> Option<u64> {
        let s = self.site;
        let pictures = |d: &Doc| self.picture_hashes.get(d.rel_path.as_str()).copied().unwrap_or(0);
        // The page's own file: its text, its rendered Markdown and its pictures.
        let own = |d: &Doc| (d.hash, self.bodies.get(&d.rel_path).map(|r| r.hash), pictures(d));
        // Other files it shows only by their front matter (names, links): their text; a
        // project's card shows its picture too.
        let card = |p: &Project| hash::of(&(p.doc.hash, pictures(&p.doc)));
        let project = |slug: &str| s.project(slug).map_or(0, card);
        let innovator = |slug: &str| s.innovator(slug).map_or(0, |i| i.doc.hash);
        let texts = |ps: &mut dyn Iterator<Item = &Project>| ps.map(card).collect::<Vec<u64>>();
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
            | PageRef::NotFound
            | PageRef::Was => return None,
            PageRef::Moved(m) => hash::of(&("moved", m)),
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
        if self.lang() == Lang::Da {
            pages.push(PageRef::Was);
        }
        pages.extend(s.moved.iter().map(PageRef::Moved));
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
            PageRef::Was => {
                let link = self.accessibility_link();
                let target = link["url"].as_str().unwrap_or_default().to_owned();
                let title = self.t.get("nav.accessibility").into_owned();
                let mut v = self.make(
                    PageKind::Redirect,
                    format!("{}was/", self.urls.home()),
                    &title,
                    None,
                    None,
                    vec![],
                    json!({ "target": target }),
                );
                v.context["breadcrumbs"] = json!([]);
                v
            }
            PageRef::Moved(m) => {
                let target = json!({ "target": m.to });
                let mut v = self.make(PageKind::Redirect, m.from.clone(), &m.title, None, None, vec![], target);
                v.context["breadcrumbs"] = json!([]);
                // Search engines move what they knew of the old address to the page.
                v.context["page"]["canonical"] = json!(self.urls.absolute(&self.site.config.base_url, &m.to));
                v
            }
        }
    }
}
