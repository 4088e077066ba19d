//! Reading `portal.yaml` into the portal's settings ([`Config`]), with the same field reader
//! as front matter, so that every problem is reported with its line and column.

use std::cell::RefCell;
use std::sync::Arc;

use super::frontmatter::{self, Fields};
use crate::config::{Config, Licence, Paths};
use crate::diagnostics::{Diagnostic, Source};
use crate::i18n::Lang;
use crate::phases::{PAUSED, Phase, PhaseModel, STOPPED};
use crate::say::Say;
use crate::text::slugify;
use crate::urls::{UrlKind, check_url};

const PATH_KEYS: &[&str] = &["projects", "innovators", "strategy", "results", "news", "methods", "ideas", "search"];
pub(crate) const KEYS: &[&str] = &[
    "title",
    "base_url",
    "language",
    "municipality",
    "theme",
    "phase_model",
    "phases",
    "areas",
    "paths",
    "contact",
    "ideas",
    "accessibility",
    "health",
    "search",
    "open_data",
    "images",
    "editor",
];

/// Every page's address is `base_url`'s path followed by the page's own: the path may hold
/// only characters that need no escaping (so that links in templates and in Markdown agree),
/// and no `?query` or `#anchor`, which would end up inside every address.
fn plain_base(url: &str) -> Result<(), Say> {
    let after_scheme = url.split_once("://").map_or(url, |(_, rest)| rest);
    let path = after_scheme.find('/').map_or("", |i| &after_scheme[i..]);
    if url.contains(['?', '#']) {
        return Err(say!("portal.base_url_query", url = url));
    }
    match path.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '.' | '_' | '~'))) {
        Some(c) => Err(say!("portal.base_url_path", char = c, url = url)),
        None => Ok(()),
    }
}

/// `editor:`: the git host the published portal is edited through. GitLab and Gitea need the
/// OAuth application's id, Gitea the address of the kommune's own server.
fn editor(e: &Fields<'_>) -> Option<crate::config::EditorHost> {
    e.check_keys(&["backend", "repo", "branch", "host", "app_id", "auth_url"]);
    let backend = e.choice("backend", &crate::config::EDITOR_BACKENDS, true);
    let repo = e.text("repo", Some("kommune/innovationsportal"))?;
    let parts: Vec<&str> = repo.split('/').collect();
    let plain =
        |p: &&str| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    if parts.len() < 2 || !parts.iter().all(plain) {
        e.error("repo", say!("portal.editor_repo", repo = &repo), Some(say!("portal.editor_repo_hint")));
    }
    let gitea = backend.as_deref() == Some("gitea");
    let url = |key: &str, required: bool| {
        let url = e.text(key, if required { Some("https://git.kommune.dk") } else { None })?;
        match check_url(&url, &[UrlKind::Web]) {
            Ok(()) => Some(url.trim_end_matches('/').to_owned()),
            Err(why) => {
                e.error(
                    key,
                    say!("portal.editor_url", key = key, why = why),
                    Some(say!("portal.editor_url_hint", key = key)),
                );
                None
            }
        }
    };
    let host = url("host", gitea);
    let auth_url = url("auth_url", false);
    let app_id = e.text("app_id", if gitea { Some("3f6d…") } else { None });
    let branch = e.text("branch", None).unwrap_or_else(|| "main".to_owned());
    Some(crate::config::EditorHost { backend: backend?, repo, branch, host, app_id, auth_url })
}

/// `health:`: how long a project may go without an update, and stay in a phase, before the
/// health report names it. `months_in_phase` is a number for every phase, or a group of
/// phase ids (`{ ide: 3, test: 12 }`) that sets those phases' own.
fn health(h: &Fields<'_>, model: &PhaseModel) -> Option<crate::config::Health> {
    const MONTHS: (i64, i64) = (1, 240);
    h.check_keys(&["months_without_update", "months_in_phase"]);
    let mut health = crate::config::Health::default();
    if let Some(n) = h.integer("months_without_update", MONTHS.0, MONTHS.1, false) {
        health.months_without_update = n as u32;
    }
    match h.raw("months_in_phase") {
        Some(serde_yaml::Value::Mapping(map)) => {
            let ids: Vec<String> = map.keys().filter_map(|k| k.as_str().map(str::to_owned)).collect();
            h.object("months_in_phase", Say::code("months_in_phase"), |m| {
                for id in &ids {
                    if !model.knows(id) {
                        let choices = crate::say::one_of(model.all_ids());
                        m.error(
                            id,
                            say!("portal.health_no_phase", id = id),
                            Some(say!("portal.health_no_phase_hint", ids = choices)),
                        );
                    } else if let Some(n) = m.integer(id, MONTHS.0, MONTHS.1, false) {
                        health.phase_months.insert(id.clone(), n as u32);
                    }
                }
                Some(())
            });
        }
        Some(_) => {
            if let Some(n) = h.integer("months_in_phase", MONTHS.0, MONTHS.1, false) {
                health.months_in_phase = n as u32;
            }
        }
        None => {}
    }
    Some(health)
}

/// Reads portal.yaml. `base_url_override` is the command line's `--base-url`.
pub fn read(path_shown: &str, text: &str, base_url_override: Option<&str>) -> Result<Config, Vec<Diagnostic>> {
    let source: Arc<Source> = Source::new(path_shown, text);
    let (fm, map) = frontmatter::parse_file(source).map_err(|d| vec![d])?;
    let diags = RefCell::new(Vec::new());
    let f = Fields::of(&fm, &map, &diags, Say::verbatim("portal.yaml"));
    f.check_keys(KEYS);

    let title = f.text("title", say!("portal.example_title"));
    let municipality = f.text("municipality", say!("portal.example_municipality"));
    let language = match f.choice("language", &["da", "nb", "nn", "en"], false).as_deref() {
        Some("nb") => Lang::Nb,
        Some("nn") => Lang::Nn,
        Some("en") => Lang::En,
        _ => Lang::Da,
    };
    let base_url = match base_url_override {
        Some(url) => Some(url.to_owned()),
        None => f.text("base_url", say!("portal.example_base_url")),
    };
    let checked = |url: &str| check_url(url, &[UrlKind::Web]).and_then(|()| plain_base(url));
    let base_url = base_url.and_then(|url| match checked(&url) {
        Ok(()) => Some(if url.ends_with('/') { url } else { format!("{url}/") }),
        Err(why) => {
            f.error("base_url", say!("portal.base_url_invalid", why = why), Some(say!("portal.base_url_hint")));
            None
        }
    });
    let theme = f.text("theme", None).unwrap_or_else(|| "default".to_owned());
    if theme != "default" {
        f.error("theme", say!("portal.no_theme", theme = &theme), Some(say!("portal.no_theme_hint")));
    }

    let model_name =
        f.choice("phase_model", &["n3", "five-phase", "blt", "custom"], false).unwrap_or_else(|| "n3".into());
    let phase_model = if model_name == "custom" {
        let phases = f.list("phases", say!("portal.a_phase"), |p, _| {
            p.check_keys(&["id", "label", "description"]);
            let id = p.text("id", say!("portal.example_phase_id"))?;
            let label = p.text("label", say!("portal.example_phase_label"))?;
            if slugify(&id) != id || id == PAUSED || id == STOPPED {
                p.error("id", say!("portal.bad_phase_id", id = &id), Some(say!("portal.bad_phase_id_hint")));
                return None;
            }
            Some(Phase { id, label, description: p.text("description", None) })
        });
        if phases.is_empty() && !f.has("phases") {
            f.error("phase_model", say!("portal.custom_needs_phases"), Some(say!("portal.custom_needs_phases_hint")));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, p) in phases.iter().enumerate() {
            if !seen.insert(p.id.clone()) {
                let mut path = f.path("phases");
                path.push(frontmatter::Seg::Index(i));
                f.report(fm.error(&path, say!("portal.phase_twice", id = &p.id)));
            }
        }
        PhaseModel::custom(phases, language)
    } else {
        if f.has("phases") {
            f.error(
                "phases",
                say!("portal.phases_not_read", model = &model_name),
                Some(say!("portal.phases_not_read_hint")),
            );
        }
        PhaseModel::builtin(&model_name, language)
    };

    let mut areas = Vec::new();
    for (area, path) in f.strings("areas") {
        if areas.contains(&area) {
            f.report(fm.error(&path, say!("portal.area_twice", area = &area)));
        } else {
            areas.push(area);
        }
    }

    let mut paths = Paths::defaults(language);
    f.object("paths", Say::code("paths"), |p| {
        p.check_keys(PATH_KEYS);
        for key in PATH_KEYS {
            if let Some(segment) = p.text(key, None) {
                if slugify(&segment) != segment || segment.is_empty() {
                    p.error(
                        key,
                        say!("portal.bad_segment", segment = &segment),
                        Some(say!("portal.bad_segment_hint", example = slugify(&segment))),
                    );
                } else if let Some(slot) = paths.slot(key) {
                    *slot = segment;
                }
            }
        }
        Some(())
    });
    let all = paths.all();
    for (i, a) in all.iter().enumerate() {
        if all[..i].contains(a) {
            f.error("paths", say!("portal.same_segment", segment = a), Some(say!("portal.same_segment_hint")));
        }
    }

    let contact_email = f
        .object("contact", Say::code("contact"), |c| {
            c.check_keys(&["email"]);
            let email = c.text("email", say!("portal.example_email"))?;
            if !email.contains('@') {
                c.error("email", say!("portal.not_an_email", email = &email), None);
            }
            Some(email)
        })
        .or_else(|| {
            if !f.has("contact") {
                f.error("contact", say!("portal.needs_contact"), Some(say!("portal.needs_contact_hint")));
            }
            None
        });
    let form_action = f.object("ideas", Say::code("ideas"), |i| {
        i.check_keys(&["form_action"]);
        let url = i.text("form_action", None)?;
        if let Err(why) = check_url(&url, &[UrlKind::Web]) {
            i.error(
                "form_action",
                say!("portal.form_action_invalid", why = why),
                Some(say!("portal.form_action_hint")),
            );
            return None;
        }
        Some(url)
    });
    let mut statement_updated = None;
    let statement_url = f.object("accessibility", Say::code("accessibility"), |a| {
        a.check_keys(&["statement_url", "updated"]);
        statement_updated = a.date("updated", false);
        let url = a.text("statement_url", None)?;
        if let Err(why) = check_url(&url, &[UrlKind::Web, UrlKind::Relative]) {
            a.error(
                "statement_url",
                say!("portal.statement_url_invalid", why = why),
                Some(say!("portal.statement_url_hint")),
            );
            return None;
        }
        Some(url)
    });

    let health = f.object("health", Say::code("health"), |h| health(h, &phase_model)).unwrap_or_default();

    let licence = f
        .object("open_data", Say::code("open_data"), |o| {
            o.check_keys(&["licence", "licence_url"]);
            let name = o.text("licence", None).unwrap_or_else(|| Licence::DEFAULT.to_owned());
            let url = o.text("licence_url", None);
            if let Some(u) = &url
                && let Err(why) = check_url(u, &[UrlKind::Web])
            {
                o.error(
                    "licence_url",
                    say!("portal.licence_url_invalid", why = why),
                    Some(say!("portal.licence_url_hint")),
                );
            }
            Some(Licence::new(name, url, language))
        })
        .unwrap_or_else(|| Licence::new(Licence::DEFAULT.to_owned(), None, language));

    let mut compounds = Vec::new();
    f.object("search", Say::code("search"), |s| {
        s.check_keys(&["compounds"]);
        for (word, path) in s.strings("compounds") {
            if word.chars().count() < 5 || !word.chars().all(char::is_alphanumeric) {
                s.report(
                    fm.error(&path, say!("portal.not_a_compound_part", word = &word))
                        .with_hint(say!("portal.not_a_compound_part_hint")),
                );
            } else {
                compounds.push(word);
            }
        }
        Some(())
    });

    let images = f
        .object("images", Say::code("images"), |i| {
            i.check_keys(&["widths", "quality", "formats", "publish_originals"]);
            let mut images = crate::config::Images::default();
            if i.has("widths") {
                let mut widths = Vec::new();
                for (w, path) in i.strings("widths") {
                    match w.parse::<u32>() {
                        Ok(n) if (16..=6000).contains(&n) => widths.push(n),
                        _ => i.report(
                            fm.error(&path, say!("portal.not_a_width", width = &w))
                                .with_hint(say!("portal.not_a_width_hint")),
                        ),
                    }
                }
                widths.sort_unstable();
                widths.dedup();
                if !widths.is_empty() {
                    images.widths = widths;
                }
            }
            if let Some(q) = i.integer("quality", 1, 100, false) {
                images.quality = q as u8;
            }
            if i.has("formats") {
                let (mut webp, mut jpeg) = (false, false);
                for (format, path) in i.strings("formats") {
                    match format.to_ascii_lowercase().as_str() {
                        "webp" => webp = true,
                        "jpeg" | "jpg" => jpeg = true,
                        "avif" => {
                            i.report(fm.error(&path, say!("portal.no_avif")).with_hint(say!("portal.no_avif_hint")))
                        }
                        _ => i.report(
                            fm.error(&path, say!("portal.unknown_format", format = &format))
                                .with_hint(say!("portal.unknown_format_hint")),
                        ),
                    }
                }
                if webp || jpeg {
                    (images.webp, images.jpeg) = (webp, jpeg);
                }
            }
            if let Some(o) = i.bool("publish_originals") {
                images.publish_originals = o;
            }
            Some(images)
        })
        .unwrap_or_default();

    let editor = f.object("editor", Say::code("editor"), editor);

    let diags = diags.into_inner();
    let places = Arc::new(fm);
    match (title, base_url, municipality, contact_email) {
        (Some(title), Some(base_url), Some(municipality), Some(contact_email)) if diags.is_empty() => Ok(Config {
            title,
            base_url,
            language,
            municipality,
            theme,
            phase_model,
            areas,
            paths,
            contact_email,
            form_action,
            statement_url,
            statement_updated,
            health,
            places,
            licence,
            compounds,
            images,
            editor,
        }),
        _ => Err(diags),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str =
        "title: Innovation\nbase_url: https://x.dk/innovation\nmunicipality: X Kommune\ncontact: { email: a@x.dk }\n";

    #[test]
    fn reads_a_minimal_portal_with_language_defaults() {
        let c = read("portal.yaml", MINIMAL, None).unwrap();
        assert_eq!(c.base_url, "https://x.dk/innovation/");
        assert_eq!(c.base_path(), "/innovation/");
        assert_eq!(c.language, Lang::Da);
        assert_eq!(c.paths.projects, "projekter");
        let ids: Vec<&str> = c.phase_model.phases.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["ide", "nytt", "nyttig", "nyttiggjort"]);
    }

    #[test]
    fn collects_all_errors_with_positions() {
        let text = "title: Innovation\nbase_url: x.dk\nlangauge: da\nmunicipality: X\nphase_model: five\npaths: { projects: Projekter }\n";
        let errs = read("portal.yaml", text, None).unwrap_err();
        let lines: Vec<usize> = errs.iter().map(|d| d.line).collect();
        assert!(
            errs.iter().any(|d| d.line == 3 && d.hint().as_deref() == Some("did you mean `language`?")),
            "{errs:?}"
        );
        assert!(errs.iter().any(|d| d.line == 2 && d.message().contains("base_url")), "{errs:?}");
        assert!(
            errs.iter().any(|d| d.line == 5 && d.hint().as_deref().is_some_and(|h| h.contains("five-phase"))),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|d| d.line == 6 && d.message().contains("`Projekter` cannot be a URL segment")),
            "{errs:?}"
        );
        assert!(errs.iter().any(|d| d.message().contains("needs `contact`")), "{errs:?}");
        let segment = errs.iter().find(|d| d.line == 6).map(|d| d.message_in(Lang::Nn)).unwrap_or_default();
        assert_eq!(segment, "`Projekter` kan ikkje brukast som ein del av ei nettadresse");
        assert_eq!(lines.len(), 5, "{errs:?}");
    }

    #[test]
    fn every_address_in_portal_yaml_passes_the_one_url_rule() {
        let hostile = [
            "javascript:alert(document.domain)",
            "JavaScript:alert(1)",
            "\"java\\tscript:alert(1)\"",
            "\" javascript:alert(1)\"",
            "data:text/html;base64,PHNjcmlwdD4=",
            "vbscript:msgbox(1)",
            "file:///etc/passwd",
            "//evil.example/",
            "\"https://x.dk/\\\"onmouseover=alert(1)\"",
        ];
        let places = [
            ("statement_url", "accessibility: {{ statement_url: {v} }}\n"),
            ("form_action", "ideas: {{ form_action: {v} }}\n"),
            ("licence_url", "open_data: {{ licence_url: {v} }}\n"),
            ("base_url", "base_url: {v}\n"),
        ];
        for (key, line) in places {
            for v in hostile {
                let minimal = if key == "base_url" {
                    MINIMAL.replace("base_url: https://x.dk/innovation\n", "")
                } else {
                    MINIMAL.to_owned()
                };
                let text = format!("{minimal}{}", line.replace("{v}", v).replace("{{", "{").replace("}}", "}"));
                let errs = read("portal.yaml", &text, None).expect_err(&format!("{key}: {v} was accepted"));
                assert!(
                    errs.iter().any(|d| d.message().contains(key) && d.line == text.lines().count()),
                    "{key} = {v}: {errs:?}"
                );
            }
        }
        for base in
            ["https://x.example/æøå/", "https://x.example/a b/", "https://x.example/?q=1#f", "https://x.example/a#b"]
        {
            let text = format!("{}base_url: \"{base}\"\n", MINIMAL.replace("base_url: https://x.dk/innovation\n", ""));
            let errs = read("portal.yaml", &text, None).expect_err(base);
            assert!(errs.iter().any(|d| d.message().contains("base_url") && d.line == 4), "{base}: {errs:?}");
            assert!(read("portal.yaml", MINIMAL, Some(base)).is_err(), "--base-url {base}");
        }
        let ok = format!(
            "{MINIMAL}accessibility: {{ statement_url: /tilgaengelighed/ }}\nideas: {{ form_action: https://f.example.dk/ide }}\n"
        );
        let c = read("portal.yaml", &ok, None).unwrap();
        assert_eq!(c.statement_url.as_deref(), Some("/tilgaengelighed/"));
        let relative = format!("{MINIMAL}accessibility: {{ statement_url: tilgaengelighed/ }}\n");
        assert!(read("portal.yaml", &relative, None).is_err(), "a path must start at the site's root");
    }

    #[test]
    fn custom_phase_models_are_read() {
        let text = format!(
            "{MINIMAL}phase_model: custom\nphases:\n  - {{ id: behov, label: Behov }}\n  - {{ id: proeve, label: Prøve, description: Vi prøver }}\n"
        );
        let c = read("portal.yaml", &text, Some("https://y.no")).unwrap();
        assert_eq!(c.base_url, "https://y.no/");
        assert_eq!(c.phase_model.phases[1].label, "Prøve");
        assert_eq!(c.phase_model.label("stopped"), "Stoppet");
    }
}
