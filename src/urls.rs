//! Every URL of the portal, in one place: sections follow `paths` in portal.yaml, facet and
//! pagination segments follow the language, and all of them sit under `base_url`'s path.

use crate::config::{Config, Paths};
use crate::i18n::Lang;
use crate::model::Section;
use crate::text::slugify;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Facet {
    Phase,
    Area,
    Kind,
    Tag,
    Year,
}

impl Facet {
    pub const ALL: [Facet; 5] = [Facet::Phase, Facet::Area, Facet::Kind, Facet::Tag, Facet::Year];

    pub fn id(self) -> &'static str {
        match self {
            Facet::Phase => "phase",
            Facet::Area => "area",
            Facet::Kind => "kind",
            Facet::Tag => "tag",
            Facet::Year => "year",
        }
    }

    fn segment(self, lang: Lang) -> &'static str {
        let nordic = lang != Lang::En;
        match self {
            Facet::Phase if nordic => "fase",
            Facet::Phase => "phase",
            Facet::Area if nordic => "omraade",
            Facet::Area => "area",
            Facet::Kind if nordic => "type",
            Facet::Kind => "kind",
            Facet::Tag if nordic => "emne",
            Facet::Tag => "tag",
            Facet::Year if nordic => "aar",
            Facet::Year => "year",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Urls {
    base: String,
    paths: Paths,
    lang: Lang,
}

impl Urls {
    pub fn new(config: &Config) -> Urls {
        Urls { base: config.base_path().to_owned(), paths: config.paths.clone(), lang: config.language }
    }

    pub fn home(&self) -> String {
        self.base.clone()
    }

    fn under(&self, segment: &str) -> String {
        format!("{}{segment}/", self.base)
    }

    /// The listing of a section (`/projekter/`); plain pages have none and live at the root.
    pub fn section(&self, section: Section) -> String {
        let p = &self.paths;
        match section {
            Section::Front | Section::Pages => self.home(),
            Section::Projects => self.under(&p.projects),
            Section::Innovators => self.under(&p.innovators),
            Section::Strategy => self.under(&p.strategy),
            Section::Results => self.under(&p.results),
            Section::News => self.under(&p.news),
            Section::Methods => self.under(&p.methods),
        }
    }

    /// The page of one document.
    pub fn doc(&self, section: Section, slug: &str) -> String {
        match section {
            Section::Front => self.home(),
            _ => format!("{}{slug}/", self.section(section)),
        }
    }

    pub fn ideas(&self) -> String {
        self.under(&self.paths.ideas)
    }

    pub fn search(&self) -> String {
        self.under(&self.paths.search)
    }

    /// The Atom feed of news and phase changes.
    pub fn feed(&self) -> String {
        format!("{}feed.xml", self.base)
    }

    /// The catalogue filtered by one facet value (`/projekter/fase/test/`).
    pub fn facet(&self, facet: Facet, value: &str) -> String {
        format!("{}{}/{}/", self.section(Section::Projects), facet.segment(self.lang), slugify(value))
    }

    /// The results dashboard of one facet value (`/resultater/omraade/skole/`).
    pub fn results_for(&self, facet: Facet, value: &str) -> String {
        format!("{}{}/{}/", self.section(Section::Results), facet.segment(self.lang), slugify(value))
    }

    /// The page that explains the open data, beside the files in `data/`.
    pub fn open_data(&self) -> String {
        self.under("data")
    }

    /// Page `n` (1-based) of a paginated listing at `url`.
    pub fn paged(&self, url: &str, n: usize) -> String {
        let word = if self.lang == Lang::En { "page" } else { "side" };
        if n <= 1 { url.to_owned() } else { format!("{url}{word}/{n}/") }
    }

    /// The URL of a file named in front matter: beside the page at `page_url`, or under
    /// `static/` (copied to the site's root) when it starts with `/`.
    pub fn resource(&self, page_url: &str, src: &str) -> String {
        match src.strip_prefix('/') {
            Some(in_static) => format!("{}{in_static}", self.base),
            None => format!("{page_url}{src}"),
        }
    }

    /// The file a URL is written to, relative to the output folder.
    pub fn file(&self, url: &str) -> String {
        let rel = url.strip_prefix(&self.base).unwrap_or(url.trim_start_matches('/'));
        if rel.is_empty() || rel.ends_with('/') { format!("{rel}index.html") } else { rel.to_owned() }
    }

    /// An absolute URL for feeds, sitemaps and open data.
    pub fn absolute(&self, base_url: &str, url: &str) -> String {
        let origin_end = base_url.find("://").map_or(0, |i| i + 3);
        let origin = base_url[origin_end..].find('/').map_or(base_url, |i| &base_url[..origin_end + i]);
        format!("{origin}{url}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base: &str, lang: &str) -> Urls {
        let text =
            format!("title: T\nbase_url: {base}\nmunicipality: M\nlanguage: {lang}\ncontact: {{ email: a@b.dk }}\n");
        Urls::new(&crate::config::read("portal.yaml", &text, None).unwrap())
    }

    #[test]
    fn urls_follow_language_and_base_path() {
        let u = urls("https://x.dk/innovation/", "da");
        assert_eq!(u.doc(Section::Projects, "a"), "/innovation/projekter/a/");
        assert_eq!(u.doc(Section::Pages, "om"), "/innovation/om/");
        assert_eq!(u.facet(Facet::Area, "Ældre og sundhed"), "/innovation/projekter/omraade/aeldre-og-sundhed/");
        assert_eq!(u.paged(&u.section(Section::Projects), 2), "/innovation/projekter/side/2/");
        assert_eq!(u.file("/innovation/projekter/a/"), "projekter/a/index.html");
        assert_eq!(u.file("/innovation/"), "index.html");
        assert_eq!(u.resource("/innovation/projekter/a/", "foto.jpg"), "/innovation/projekter/a/foto.jpg");
        assert_eq!(u.resource("/innovation/projekter/a/", "/billeder/foto.jpg"), "/innovation/billeder/foto.jpg");
        assert_eq!(u.absolute("https://x.dk/innovation/", "/innovation/om/"), "https://x.dk/innovation/om/");
        let en = urls("https://y.org", "en");
        assert_eq!(en.facet(Facet::Year, "2025"), "/projects/year/2025/");
        assert_eq!(en.doc(Section::News, "n"), "/news/n/");
    }
}
