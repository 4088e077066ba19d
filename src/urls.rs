//! Every URL of the portal, in one place: sections follow `paths` in portal.yaml, facet and
//! pagination segments follow the language, and all of them sit under `base_url`'s path.

use std::collections::HashMap;

use crate::config::{Config, Paths};
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::{Moved, Section, Site};
use crate::say::Say;
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

/// The segment before a page number (`/projekter/side/2/`).
fn page_segment(lang: Lang) -> &'static str {
    if lang == Lang::En { "page" } else { "side" }
}

/// The names the portal itself uses under a section's listing (its facets and the pages of a
/// listing): a document of that section cannot be called so, or its page and the portal's would
/// share an address.
pub fn reserved_names(section: Section, lang: Lang) -> Vec<&'static str> {
    match section {
        Section::Projects | Section::Results => {
            Facet::ALL.iter().map(|f| f.segment(lang)).chain([page_segment(lang)]).collect()
        }
        _ => Vec::new(),
    }
}

/// An error for every project or result whose name is one of [`reserved_names`].
pub fn check_names(site: &Site) -> Vec<Diagnostic> {
    let named = site
        .projects
        .iter()
        .map(|p| (Section::Projects, &p.doc))
        .chain(site.results.iter().map(|r| (Section::Results, &r.doc)));
    let mut diags = Vec::new();
    for (section, doc) in named {
        let reserved = reserved_names(section, site.config.language);
        if reserved.contains(&doc.slug.as_str()) {
            diags.push(
                Diagnostic::file(&doc.rel_path, say!("links.reserved_name", name = &doc.slug))
                    .with_hint(say!("links.reserved_name_hint", names = reserved.join(", "))),
            );
        }
    }
    diags
}

/// An old address of a page, as `aliases:` gives it: see [`alias_path`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alias {
    /// An old name of a document of the page's own section: `gammelt-navn`.
    Name(String),
    /// A path under the site's base path: `gammel/sti/`, or a file `gammel.html`.
    Path(String),
}

/// What an old address written in `aliases:` is: an old name (`gammelt-navn`), a path on the
/// site (`/gammel/sti/`; one that starts with the site's base path is taken as it is, any
/// other is under it), or the site's own full address of one. None for an address on another
/// site, with `..`, a query or characters an address cannot carry unescaped: only a–z, digits,
/// `-`, `_`, `~` and, in a last part ending in `.html`, `.`.
pub fn alias_path(value: &str, config: &Config) -> Option<Alias> {
    let value = value.trim();
    let site = config.base_url.trim_end_matches('/');
    let base = config.base_path();
    let rest = if value.len() > site.len()
        && value.is_char_boundary(site.len())
        && value[..site.len()].eq_ignore_ascii_case(site)
        && value[site.len()..].starts_with('/')
    {
        &value[site.len() + 1..]
    } else if value.contains("://") || value.starts_with("//") {
        return None;
    } else if let Some(path) = value.strip_prefix('/') {
        value.strip_prefix(base).filter(|_| base != "/").unwrap_or(path)
    } else if !value.contains('/') {
        let plain = !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        return plain.then(|| Alias::Name(value.to_owned()));
    } else {
        value
    };
    let parts: Vec<&str> = rest.split('/').filter(|p| !p.is_empty()).collect();
    let (last, folders) = parts.split_last()?;
    let plain = |p: &str| p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '~'));
    if !folders.iter().all(|p| plain(p)) {
        return None;
    }
    let file = [".html", ".htm"].iter().find_map(|ext| last.strip_suffix(ext)).filter(|stem| !stem.is_empty());
    match file {
        Some(stem) if plain(stem) => Some(Alias::Path(parts.join("/"))),
        None if plain(last) => Some(Alias::Path(format!("{}/", parts.join("/")))),
        _ => None,
    }
}

/// The old addresses of every page (`aliases:`), with an error for one that is another page's
/// address or in two pages' `aliases`. Values that are no address were reported when read.
pub fn moved(site: &Site, urls: &Urls) -> (Vec<Moved>, Vec<Diagnostic>) {
    let titled = site.titled();
    let pages: HashMap<String, &str> =
        titled.iter().map(|(d, _)| (urls.doc(d.section, &d.slug), d.rel_path.as_str())).collect();
    let mut seen: HashMap<String, &str> = HashMap::new();
    let (mut moved, mut diags) = (Vec::new(), Vec::new());
    for (doc, title) in &titled {
        for (value, at) in &doc.aliases {
            let Some(alias) = alias_path(value, &site.config) else { continue };
            let from = urls.alias(doc.section, &alias);
            let (message, hint) = if let Some(file) = pages.get(&from) {
                (say!("links.alias_taken", url = &from, file = *file), say!("links.alias_taken_hint"))
            } else if let Some(file) = seen.insert(from.clone(), &doc.rel_path) {
                (say!("links.alias_twice", url = &from, file = file), say!("links.alias_twice_hint"))
            } else {
                moved.push(Moved { from, to: urls.doc(doc.section, &doc.slug), title: (*title).to_owned() });
                continue;
            };
            diags.push(doc.error(at, message).with_hint(hint));
        }
    }
    (moved, diags)
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

    /// The old address an alias of a document of `section` names.
    pub fn alias(&self, section: Section, alias: &Alias) -> String {
        match alias {
            Alias::Name(name) => self.doc(section, name),
            Alias::Path(path) => format!("{}{path}", self.base),
        }
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
        if n <= 1 { url.to_owned() } else { format!("{url}{}/{n}/", page_segment(self.lang)) }
    }

    /// The URL of a file named in front matter: beside the page at `page_url`, or under
    /// `static/` (copied to the site's root) when it starts with `/`.
    pub fn resource(&self, page_url: &str, src: &str) -> String {
        match src.strip_prefix('/') {
            Some(in_static) => format!("{}{in_static}", self.base),
            None => format!("{page_url}{src}"),
        }
    }

    /// Where the files made of a picture named `src` by the page at `page_url` are published:
    /// the address of their folder (ending in `/`) and the start of their names. `bus.jpg`
    /// beside `/projekter/a/` → (`/projekter/a/`, `bus`); `billeder/Min bus.JPG` →
    /// (`/projekter/a/billeder/`, `min-bus`); `/billeder/logo.png` from `static/` →
    /// (`/billeder/`, `logo`). Names are made plain, so that they need no escaping in `srcset`.
    pub fn picture_place(&self, page_url: &str, src: &str) -> (String, String) {
        let (dir, name) = src.rsplit_once('/').unwrap_or(("", src));
        let dir: Vec<String> = dir.split('/').filter(|s| !s.is_empty()).map(crate::text::percent_encode).collect();
        let folder = if dir.is_empty() { String::new() } else { format!("{}/", dir.join("/")) };
        let folder = self.resource(page_url, &if src.starts_with('/') { format!("/{folder}") } else { folder });
        let stem = slugify(name.rsplit_once('.').map_or(name, |(s, _)| s));
        (folder, if stem.is_empty() { "picture".to_owned() } else { stem })
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

/// What an address written by an editor (in content or portal.yaml) is, by the one rule that
/// every such address passes before it reaches a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// `https://…` or `http://…` with a host.
    Web,
    /// `mailto:…`
    Mail,
    /// `tel:…`
    Phone,
    /// A path on this site or beside the page (`/om/`, `../a.md`, `foto.jpg`), without scheme.
    Relative,
    /// Only an anchor on the same page: `#kontakt`.
    Fragment,
    /// A scheme that runs a script or opens something else (`javascript:`, `data:`, `file:` …),
    /// a `//host` address without scheme, or characters that no address contains.
    Refused,
}

/// Classifies an address as a browser would read it: browsers drop tabs and line breaks
/// anywhere and control characters and spaces at the start, so `java\tscript:` and
/// ` javascript:` are scripts too. Backslashes count as slashes, as browsers count them.
pub fn url_kind(raw: &str) -> UrlKind {
    let squashed: String = raw.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let url = squashed.trim_start_matches(|c: char| c.is_ascii_control() || c == ' ');
    if url.chars().any(|c| c.is_control() || c.is_whitespace() && c != ' ' || matches!(c, '"' | '<' | '>' | '`'))
        || url.len() != squashed.len()
    {
        return UrlKind::Refused;
    }
    let scheme_end = url.find([':', '/', '\\', '?', '#']);
    if let Some(i) = scheme_end.filter(|&i| url[i..].starts_with(':')) {
        let scheme = &url[..i];
        let rest = &url[i + 1..];
        let valid = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
        return match scheme.to_ascii_lowercase().as_str() {
            _ if !valid => UrlKind::Refused,
            "http" | "https" => {
                let host = rest.strip_prefix("//").unwrap_or("");
                let host = host.split(['/', '\\', '?', '#']).next().unwrap_or("");
                if host.is_empty() || rest.contains('\\') { UrlKind::Refused } else { UrlKind::Web }
            }
            "mailto" if !rest.is_empty() => UrlKind::Mail,
            "tel" if !rest.is_empty() => UrlKind::Phone,
            _ => UrlKind::Refused,
        };
    }
    let mut slashes = url.chars().take_while(|c| matches!(c, '/' | '\\'));
    if slashes.next().is_some() && slashes.next().is_some() {
        // `//host/x` leaves the site without saying how; write `https://host/x`.
        return UrlKind::Refused;
    }
    if url.contains('\\') {
        return UrlKind::Refused;
    }
    if url.starts_with('#') { UrlKind::Fragment } else { UrlKind::Relative }
}

/// Whether an address runs a script when followed (`javascript:`, `vbscript:`, a `data:` page).
pub fn is_script(raw: &str) -> bool {
    let squashed: String =
        raw.chars().filter(|c| !c.is_whitespace() && !c.is_control()).collect::<String>().to_ascii_lowercase();
    ["javascript:", "vbscript:", "data:"].iter().any(|s| squashed.starts_with(s))
}

/// Checks an address from portal.yaml or front matter against the kinds its place allows.
/// `Err` is a sentence for the editor that names what is allowed.
pub fn check_url(raw: &str, allowed: &[UrlKind]) -> Result<(), Say> {
    let kind = url_kind(raw);
    // A path in portal.yaml or front matter is shown on pages at every depth: only one from
    // the site's root means the same page everywhere.
    if allowed.contains(&kind) && (kind != UrlKind::Relative || raw.starts_with('/')) {
        return Ok(());
    }
    let ways: Vec<Say> = [
        (UrlKind::Web, say!("links.web_address")),
        (UrlKind::Relative, say!("links.site_path")),
        (UrlKind::Mail, say!("links.mail_link")),
    ]
    .into_iter()
    .filter(|(kind, _)| allowed.contains(kind))
    .map(|(_, way)| way)
    .collect();
    let what = match ways.as_slice() {
        [one] => one.clone(),
        [first, second] => say!("links.either", first = first.clone(), second = second.clone()),
        [first, second, third] => {
            say!("links.one_of_three", first = first.clone(), second = second.clone(), third = third.clone())
        }
        _ => return Err(say!("links.no_address_here", raw = raw)),
    };
    Err(match kind {
        UrlKind::Refused if is_script(raw) => say!("links.runs_a_script", raw = raw, what = what),
        _ => say!("links.must_be", what = what, raw = raw),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn urls(base: &str, lang: &str) -> Urls {
        let text =
            format!("title: T\nbase_url: {base}\nmunicipality: M\nlanguage: {lang}\ncontact: {{ email: a@b.dk }}\n");
        Urls::new(&crate::source::portal::read("portal.yaml", &text, None).unwrap())
    }

    #[test]
    fn an_alias_is_an_old_name_or_a_path_on_the_site() {
        let text =
            "title: T\nbase_url: https://x.dk/innovation/\nmunicipality: M\nlanguage: da\ncontact: { email: a@b.dk }\n";
        let config = crate::source::portal::read("portal.yaml", text, None).unwrap();
        let u = Urls::new(&config);
        let at = |value: &str| alias_path(value, &config).map(|a| u.alias(Section::Projects, &a));
        for (value, url) in [
            ("gammelt-navn", "/innovation/projekter/gammelt-navn/"),
            (" Gammel_2 ", "/innovation/projekter/Gammel_2/"),
            ("/gammel/sti", "/innovation/gammel/sti/"),
            ("/innovation/gammel/sti/", "/innovation/gammel/sti/"),
            ("projekter/x/", "/innovation/projekter/x/"),
            ("https://X.dk/innovation/gammel/", "/innovation/gammel/"),
            ("/gammel/side.html", "/innovation/gammel/side.html"),
        ] {
            assert_eq!(at(value).as_deref(), Some(url), "{value}");
        }
        for none in [
            "",
            "/",
            "https://x.dk/innovation/",
            "https://andet.dk/innovation/gammel/",
            "//andet.dk/x/",
            "javascript:alert(1)",
            "/gammel/../hemmelig/",
            "/gammel/?id=3",
            "/gammel/side.php",
            "/ældre/",
            "gammel navn",
            "/a\"b/",
            "/a;b/",
            "/a b/",
            "/.html",
        ] {
            assert_eq!(at(none), None, "{none:?}");
        }
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

    #[test]
    fn one_rule_for_every_address() {
        use UrlKind::*;
        let cases = [
            ("https://x.dk/a?b#c", Web),
            ("HTTP://x.dk", Web),
            ("mailto:a@b.dk", Mail),
            ("tel:+4512345678", Phone),
            ("/tilgaengelighed/", Relative),
            ("../projects/a.md#x", Relative),
            ("foto.jpg", Relative),
            ("a:b/c", Refused),
            ("#kontakt", Fragment),
            ("javascript:alert(1)", Refused),
            ("JaVaScRiPt:alert(1)", Refused),
            (" javascript:alert(1)", Refused),
            ("\u{1}javascript:alert(1)", Refused),
            ("java\tscript:alert(1)", Refused),
            ("java\nscript:alert(1)", Refused),
            ("vbscript:x", Refused),
            ("data:text/html,<script>", Refused),
            ("data:image/png;base64,AAAA", Refused),
            ("file:///etc/passwd", Refused),
            ("//evil.example/x", Refused),
            ("/\\evil.example/x", Refused),
            ("https:evil.example", Refused),
            ("https://", Refused),
            ("https://x.dk/\"onmouseover=\"x", Refused),
            ("https://x.dk/\u{2028}a", Refused),
            ("min fil.pdf", Relative),
            ("mailto:", Refused),
            ("", Relative),
        ];
        for (url, kind) in cases {
            assert_eq!(url_kind(url), kind, "{url:?}");
        }
        assert!(check_url("/om/", &[Web, Relative]).is_ok());
        let err = check_url("javascript:alert(1)", &[Web, Relative]).unwrap_err().en();
        assert!(err.contains("runs a script") && err.contains("https://") && err.contains("starting with /"), "{err}");
        let err = check_url("/om/", &[Web]).unwrap_err();
        assert_eq!(err.en(), "it must be a web address starting with https://, but it is `/om/`");
        let err = check_url("om/", &[Web, Relative, Mail]).unwrap_err();
        assert_eq!(
            err.to(Lang::Nn),
            "adressa må vere ei nettadresse som byrjar med https://, ei adresse på portalen som byrjar med / \
             eller ei e-postlenke som byrjar med mailto:, men det står `om/`"
        );
    }
}
