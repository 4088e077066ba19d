//! portal.yaml's settings as the build uses them (read by `source::portal`).

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::date::Date;
use crate::diagnostics::FieldPlaces;
use crate::i18n::Lang;
use crate::phases::PhaseModel;

#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    /// Always ends with `/`.
    pub base_url: String,
    pub language: Lang,
    pub municipality: String,
    pub theme: String,
    pub phase_model: PhaseModel,
    /// The order areas are shown in; when empty, areas are sorted by name.
    pub areas: Vec<String>,
    pub paths: Paths,
    pub contact_email: String,
    pub form_action: Option<String>,
    pub statement_url: Option<String>,
    /// When the accessibility statement was last updated (`accessibility.updated`).
    pub statement_updated: Option<Date>,
    /// What the health report expects of projects (`health`).
    pub health: Health,
    /// Where portal.yaml's fields stand, for the health report's findings about them.
    pub places: Arc<dyn FieldPlaces>,
    /// The open data's licence and where it is explained (`open_data`).
    pub licence: Licence,
    /// Words that search should find inside compounds, besides its own list (`search.compounds`).
    pub compounds: Vec<String>,
    /// How pictures are made (`images`).
    pub images: Images,
    /// Editing the published portal in the browser through its git host (`editor`): the build
    /// then writes the editor at `/admin/`.
    pub editor: Option<EditorHost>,
}

/// The git host a published portal is edited through (`editor:` in portal.yaml): the CMS at
/// `/admin/` logs the editor in with an account there, and every save is a commit on `branch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditorHost {
    /// `github`, `gitlab` or `gitea`.
    pub backend: String,
    /// `owner/name`.
    pub repo: String,
    pub branch: String,
    /// The address of a git host of the kommune's own (GitLab, Gitea, GitHub Enterprise).
    pub host: Option<String>,
    /// The OAuth application's id (GitLab and Gitea).
    pub app_id: Option<String>,
    /// The OAuth server that logs editors in to GitHub.
    pub auth_url: Option<String>,
}

/// The git hosts the editor can save through.
pub const EDITOR_BACKENDS: [&str; 3] = ["github", "gitlab", "gitea"];

/// What the health report (`nyttig check --report`) expects: `health:` in portal.yaml.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Health {
    /// A project not updated for this many months is reported (`months_without_update`).
    pub months_without_update: u32,
    /// A project in one phase (or paused) for longer than this is reported (`months_in_phase`
    /// as a number), unless `phase_months` names its phase.
    pub months_in_phase: u32,
    /// The phases with a time of their own (`months_in_phase` as a group: `{ ide: 3 }`).
    pub phase_months: BTreeMap<String, u32>,
}

impl Default for Health {
    fn default() -> Self {
        Health { months_without_update: 12, months_in_phase: 18, phase_months: BTreeMap::new() }
    }
}

impl Health {
    /// How many months a project may stay in the phase (or state) `id`.
    pub fn months_in(&self, id: &str) -> u32 {
        self.phase_months.get(id).copied().unwrap_or(self.months_in_phase)
    }
}

/// How pictures are made: `images:` in portal.yaml; the defaults suit a kommune's portal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Images {
    /// The widths each picture is made in (those wider than the picture are left out; a
    /// picture narrower than the widest gets its own width too).
    pub widths: Vec<u32>,
    /// Quality of the WebP and JPEG files, 1–100.
    pub quality: u8,
    /// Publish the source files too (as they are, metadata and all).
    pub publish_originals: bool,
    /// Make WebP files (`formats: [webp]`).
    pub webp: bool,
    /// Make JPEG files, or PNG for pictures with transparency (`formats: [jpeg]`).
    pub jpeg: bool,
}

impl Default for Images {
    fn default() -> Self {
        Images { widths: vec![480, 800, 1200, 1600], quality: 80, publish_originals: false, webp: true, jpeg: true }
    }
}

/// URL segments of the sections. Defaults follow the language.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Paths {
    pub projects: String,
    pub innovators: String,
    pub strategy: String,
    pub results: String,
    pub news: String,
    pub methods: String,
    pub ideas: String,
    pub search: String,
}

impl Paths {
    pub fn defaults(lang: Lang) -> Paths {
        let s = |da: &str, nb: &str, en: &str| match lang {
            Lang::Da => da.to_owned(),
            Lang::Nb | Lang::Nn => nb.to_owned(),
            Lang::En => en.to_owned(),
        };
        Paths {
            projects: s("projekter", "prosjekter", "projects"),
            innovators: s("innovatorer", "innovatorer", "innovators"),
            strategy: s("strategi", "strategi", "strategy"),
            results: s("resultater", "resultater", "results"),
            news: s("nyheder", "nyheter", "news"),
            methods: s("metoder", "metoder", "methods"),
            ideas: s("ideer", "ideer", "ideas"),
            search: s("soeg", "sok", "search"),
        }
    }

    pub fn slot(&mut self, key: &str) -> Option<&mut String> {
        Some(match key {
            "projects" => &mut self.projects,
            "innovators" => &mut self.innovators,
            "strategy" => &mut self.strategy,
            "results" => &mut self.results,
            "news" => &mut self.news,
            "methods" => &mut self.methods,
            "ideas" => &mut self.ideas,
            "search" => &mut self.search,
            _ => return None,
        })
    }

    pub fn all(&self) -> [&str; 8] {
        [
            &self.projects,
            &self.innovators,
            &self.strategy,
            &self.results,
            &self.news,
            &self.methods,
            &self.ideas,
            &self.search,
        ]
    }
}

/// The licence the open data is published under.
#[derive(Debug, Clone, PartialEq)]
pub struct Licence {
    pub name: String,
    /// Where the licence is explained: as written, or the known licence's own page.
    pub url: Option<String>,
    /// Whoever reuses the data must name the source (the CC BY family, NLOD).
    pub attribution: bool,
}

impl Licence {
    pub const DEFAULT: &'static str = "CC BY 4.0";

    pub fn new(name: String, url: Option<String>, lang: Lang) -> Licence {
        let key = name.to_uppercase().replace(['-', '_'], " ");
        let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
        let deed = match lang {
            Lang::Da => "da",
            Lang::Nb | Lang::Nn => "no",
            Lang::En => "en",
        };
        let known = match key.as_str() {
            "CC BY 4.0" => Some(format!("https://creativecommons.org/licenses/by/4.0/deed.{deed}")),
            "CC0 1.0" | "CC0" => Some(format!("https://creativecommons.org/publicdomain/zero/1.0/deed.{deed}")),
            "NLOD 2.0" => Some("https://data.norge.no/nlod/no/2.0".to_owned()),
            _ => None,
        };
        let attribution = key.starts_with("CC BY") || key.starts_with("NLOD");
        Licence { url: url.or(known), name, attribution }
    }
}

impl Config {
    /// The path part of `base_url`, always starting and ending with `/`: where the site lives.
    pub fn base_path(&self) -> &str {
        let after_scheme = self.base_url.split_once("://").map_or(self.base_url.as_str(), |(_, r)| r);
        after_scheme.find('/').map_or("/", |i| &after_scheme[i..])
    }
}
