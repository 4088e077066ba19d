//! Reading each content type's front matter into the model's types, with every field rule
//! that concerns one file alone. Rules that span files live in `model::Site::assemble`.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::Config;
use crate::diagnostics::Diagnostic;
use crate::i18n::Lang;
use crate::model::*;
use crate::phases::PhaseRef;
use crate::say::{Say, one_of};
use crate::source::frontmatter::{Fields, FrontMatter, Seg};

/// Where resources may be found: a page's own folder and the portal's `static/`.
pub struct Places<'a> {
    pub static_dir: &'a Path,
}

const PROJECT_KEYS: &[&str] = &[
    "title",
    "summary",
    "phase",
    "kind",
    "area",
    "tags",
    "started",
    "ended",
    "owner",
    "team",
    "partners",
    "origin",
    "via_portal",
    "history",
    "fundamentals",
    "benefits",
    "related",
    "image",
    "video",
    "prize",
    "draft",
    "updated",
    "language",
    "aliases",
];
const INNOVATOR_KEYS: &[&str] =
    &["name", "role", "workplace", "area", "certified", "leader", "contact", "photo", "language", "aliases"];
const STRATEGY_KEYS: &[&str] = &["title", "weight", "targets", "plan", "image", "language", "aliases"];
const RESULT_KEYS: &[&str] = &["title", "date", "project", "effects", "image", "language", "aliases"];
const NEWS_KEYS: &[&str] = &["title", "date", "summary", "projects", "author", "image", "language", "aliases"];
const METHOD_KEYS: &[&str] =
    &["title", "summary", "phases", "duration", "participants", "download", "language", "aliases"];
const PAGE_KEYS: &[&str] = &["title", "weight", "menu", "language", "aliases"];

/// The fields a file of `section` may have, as its reader knows them (the editor's forms
/// are held to this list).
pub fn keys(section: Section) -> &'static [&'static str] {
    match section {
        Section::Front => FRONT_KEYS,
        Section::Projects => PROJECT_KEYS,
        Section::Innovators => INNOVATOR_KEYS,
        Section::Strategy => STRATEGY_KEYS,
        Section::Results => RESULT_KEYS,
        Section::News => NEWS_KEYS,
        Section::Methods => METHOD_KEYS,
        Section::Pages => PAGE_KEYS,
    }
}

const FRONT_KEYS: &[&str] = &["title", "image", "language"];

/// One page's content, shared so that a preview's next build reuses it without copying.
#[derive(Clone)]
pub enum Entity {
    Front(Arc<FrontText>),
    Project(Arc<Project>),
    Innovator(Arc<Innovator>),
    Strategy(Arc<StrategyPage>),
    Result(Arc<ResultReport>),
    News(Arc<NewsItem>),
    Method(Arc<Method>),
    Page(Arc<Page>),
}

/// Reads one document into its section's type. Returns the entity only when the file had no
/// error; every problem found is returned either way.
pub fn read(
    doc: Arc<Doc>,
    front: &FrontMatter,
    map: &serde_yaml::Mapping,
    config: &Config,
    places: &Places<'_>,
) -> (Option<Entity>, Vec<Diagnostic>) {
    let diags = RefCell::new(Vec::new());
    let f = Fields::of(front, map, &diags, doc.section.one());
    language(&f, config);
    if doc.section != Section::Front {
        aliases(&f, config);
    }
    let entity = match doc.section {
        Section::Front => {
            f.check_keys(FRONT_KEYS);
            let image = image(&f, "image", &doc, places);
            Some(Entity::Front(Arc::new(FrontText { title: f.text("title", None), image, doc: doc.clone() })))
        }
        Section::Projects => project(&f, &doc, config, places).map(|x| Entity::Project(Arc::new(x))),
        Section::Innovators => innovator(&f, &doc, config, places).map(|x| Entity::Innovator(Arc::new(x))),
        Section::Strategy => strategy(&f, &doc, places).map(|x| Entity::Strategy(Arc::new(x))),
        Section::Results => result(&f, &doc, places).map(|x| Entity::Result(Arc::new(x))),
        Section::News => news(&f, &doc, places).map(|x| Entity::News(Arc::new(x))),
        Section::Methods => method(&f, &doc, config, places).map(|x| Entity::Method(Arc::new(x))),
        Section::Pages => page(&f, &doc).map(|x| Entity::Page(Arc::new(x))),
    };
    let diags = diags.into_inner();
    let ok = !diags.iter().any(Diagnostic::is_error);
    (entity.filter(|_| ok), diags)
}

/// `language`: a page of a Norwegian portal may be written in the other written form
/// (`nn` on a bokmål portal, `nb` on a nynorsk one); a Danish or English portal has one.
fn language(f: &Fields<'_>, config: &Config) {
    let Some(raw) = f.raw("language") else { return };
    let norwegian = matches!(config.language, Lang::Nb | Lang::Nn);
    let allowed: &[&str] = if norwegian { &["nb", "nn"] } else { &[config.language.code()] };
    let Some(code) = raw.as_str() else {
        f.choice("language", allowed, false);
        return;
    };
    if allowed.contains(&code) {
        return;
    }
    let hint = if norwegian {
        say!("entities.language_hint_no")
    } else {
        say!("entities.language_hint_one", code = config.language.code())
    };
    f.error("language", say!("entities.language", found = code, allowed = one_of(allowed)), Some(hint));
}

/// `aliases`: the page's old addresses, each an old name (`gammelt-navn`) or a path on the
/// site (`/gammel/sti/`); see [`crate::urls::alias_path`]. Whether one is another page's
/// address is checked once all pages are known ([`crate::urls::moved`]).
fn aliases(f: &Fields<'_>, config: &Config) {
    for (value, path) in f.strings("aliases") {
        if crate::urls::alias_path(&value, config).is_none() {
            f.report(
                f.front_matter()
                    .error(&path, say!("entities.alias", value = &value))
                    .with_hint(say!("entities.alias_hint")),
            );
        }
    }
}

/// A reference to another page by its name: `sundhedsbussen`, or, as the browser editor
/// writes it for a page in a folder of its own, `sundhedsbussen/index`.
fn reference(name: String) -> String {
    match name.strip_suffix("/index") {
        Some(folder) => folder.to_owned(),
        None => name,
    }
}

/// A list of references (see [`reference`]).
fn references(f: &Fields<'_>, key: &str) -> Vec<String> {
    slug_list(f, key).into_iter().map(reference).collect()
}

fn slug_list(f: &Fields<'_>, key: &str) -> Vec<String> {
    f.strings(key).into_iter().map(|(s, _)| s).collect()
}

/// Values that get a page of their own (tags, areas) need letters or digits for its address.
fn addressable(f: &Fields<'_>, key: &str, values: Vec<(String, Vec<Seg>)>) -> Vec<String> {
    values
        .into_iter()
        .filter(|(v, path)| {
            let ok = !crate::text::slugify(v).is_empty();
            if !ok {
                f.report(
                    f.front_matter()
                        .error(path, say!("entities.no_letters", value = v))
                        .with_hint(say!("entities.no_letters_hint", key = key)),
                );
            }
            ok
        })
        .map(|(v, _)| v)
        .collect()
}

/// A phase or state of the portal's model, resolved once here.
fn phase_id(f: &Fields<'_>, key: &str, config: &Config, required: bool) -> Option<PhaseRef> {
    let ids = config.phase_model.all_ids();
    f.choice(key, &ids, required).and_then(|id| PhaseRef::resolve(&config.phase_model, &id))
}

/// An image or file beside the page (or under `static/` when it starts with `/`); it must
/// exist. The file as found.
fn resource(f: &Fields<'_>, key_path: &str, src: &str, doc: &Doc, places: &Places<'_>) -> Option<PathBuf> {
    if src.contains("://") {
        f.error(key_path, say!("entities.on_another_site", src = src), Some(say!("entities.on_another_site_hint")));
        return None;
    }
    let (folder, rel, missing) = match src.strip_prefix('/') {
        Some(rel) => (places.static_dir, rel, say!("entities.no_file_static", src = src)),
        None => (doc.dir.as_path(), src, say!("entities.no_file_beside", src = src)),
    };
    match super::file_within(folder, rel) {
        super::Resolved::File(file) => Some(file),
        super::Resolved::Missing => {
            f.error(key_path, missing, Some(say!("entities.no_file_hint")));
            None
        }
        super::Resolved::Outside => {
            f.error(key_path, say!("entities.outside", src = src), Some(say!("entities.outside_hint")));
            None
        }
    }
}

fn image(f: &Fields<'_>, key: &str, doc: &Doc, places: &Places<'_>) -> Option<Image> {
    f.object(key, say!("entities.what_image"), |i| {
        i.check_keys(&["src", "alt", "decorative"]);
        let src = i.text("src", say!("entities.example_photo"))?;
        let alt = i.text("alt", None);
        let decorative = i.bool("decorative").unwrap_or(false);
        if decorative && alt.is_some() {
            i.error("decorative", say!("entities.alt_and_decorative"), Some(say!("entities.alt_and_decorative_hint")));
        } else if alt.is_none() && !decorative {
            i.report(doc.error(i.here(), say!("entities.no_alt")).with_hint(say!("entities.no_alt_hint")));
        }
        let alt = if decorative { Some(String::new()) } else { alt };
        let file = resource(i, "src", &src, doc, places)?;
        Some(Image { src, alt: alt?, file })
    })
}

fn project(f: &Fields<'_>, doc: &Arc<Doc>, config: &Config, places: &Places<'_>) -> Option<Project> {
    f.check_keys(PROJECT_KEYS);
    let title = f.text("title", say!("entities.example_project_title"));
    let summary = f.text("summary", say!("entities.example_project_summary"));
    let phase = phase_id(f, "phase", config, true);
    let kind = f
        .choice("kind", &["everyday", "radical"], true)
        .map(|k| if k == "radical" { Kind::Radical } else { Kind::Everyday });
    // The example is the portal's own first area, where it lists them.
    let example_area = config.areas.first().map_or_else(|| say!("entities.example_area"), Say::verbatim);
    let area = f.text("area", example_area).and_then(|a| addressable(f, "area", vec![(a, f.path("area"))]).pop());
    let started = f.date("started", true);
    let ended = f.date("ended", false);
    let owner = f.text("owner", None).map(reference);
    let origin = f.choice("origin", &["staff", "citizen", "politician", "business", "other"], false);
    let history = f.list("history", say!("entities.what_phase_change"), |h, _| {
        h.check_keys(&["phase", "date", "decision", "note"]);
        let phase = phase_id(h, "phase", config, true);
        let date = h.date("date", true);
        Some(HistoryEntry {
            phase: phase?,
            date: date?,
            decision: h.text("decision", None),
            note: h.text("note", None),
        })
    });
    let fundamentals = f.object("fundamentals", say!("entities.what_fundamentals"), |g| {
        g.check_keys(&Fundamentals::NAMES);
        let score = |k: &str| g.integer(k, 0, 5, true).map(|n| n as u8);
        let (behov, loesning, paadriver, team, forankring) =
            (score("behov"), score("loesning"), score("paadriver"), score("team"), score("forankring"));
        Some(Fundamentals {
            behov: behov?,
            loesning: loesning?,
            paadriver: paadriver?,
            team: team?,
            forankring: forankring?,
        })
    });
    let benefits = f.list("benefits", say!("entities.what_benefit"), |b, _| {
        b.check_keys(&["name", "unit", "planned", "realized"]);
        let name = b.text("name", say!("entities.example_benefit_name"));
        let unit = b.text("unit", say!("entities.example_unit"));
        let planned = b.number("planned", false);
        let realized = b.number("realized", false);
        Some(Benefit { name: name?, unit: unit?, planned, realized })
    });
    let image = image(f, "image", doc, places);
    let video = f.text("video", None).filter(|v| {
        let checked = crate::urls::check_url(v, &[crate::urls::UrlKind::Web]);
        if let Err(why) = &checked {
            f.error("video", say!("entities.video_address", why = why.clone()), None);
        }
        checked.is_ok()
    });
    let prize = f.integer("prize", 1900, 2200, false).map(|y| y as i32);
    Some(Project {
        doc: doc.clone(),
        title: title?,
        summary: summary?,
        phase: phase?,
        kind: kind?,
        area: area?,
        tags: addressable(f, "tags", f.strings("tags")),
        started: started?,
        ended,
        owner,
        team: references(f, "team"),
        partners: slug_list(f, "partners"),
        origin,
        via_portal: f.bool("via_portal").unwrap_or(false),
        history,
        fundamentals,
        benefits,
        related: references(f, "related"),
        image,
        video,
        prize,
        draft: f.bool("draft").unwrap_or(false),
        updated: f.date("updated", false),
    })
}

fn innovator(f: &Fields<'_>, doc: &Arc<Doc>, _config: &Config, places: &Places<'_>) -> Option<Innovator> {
    f.check_keys(INNOVATOR_KEYS);
    let name = f.text("name", say!("entities.example_innovator_name"));
    let workplace = f.text("workplace", say!("entities.example_workplace"));
    let contact = f
        .object("contact", Say::code("contact"), |c| {
            c.check_keys(&["consent", "email", "phone"]);
            let consent = c.bool("consent");
            let email = c.text("email", None);
            let phone = c.text("phone", None);
            if consent.is_none() && (email.is_some() || phone.is_some()) {
                c.report(
                    doc.error(c.here(), say!("entities.no_consent"))
                        .with_hint(say!("entities.no_consent_hint"))
                        .warning(),
                );
            }
            // Without consent the details are dropped here, so no later stage can show them.
            consent.unwrap_or(false).then_some(Contact { email, phone })
        })
        .filter(|c| c.email.is_some() || c.phone.is_some());
    let photo = image(f, "photo", doc, places);
    Some(Innovator {
        doc: doc.clone(),
        name: name?,
        role: f.text("role", None),
        workplace: workplace?,
        area: f.text("area", None),
        certified: f.date("certified", false),
        leader: f.bool("leader").unwrap_or(false),
        contact,
        photo,
    })
}

fn strategy(f: &Fields<'_>, doc: &Arc<Doc>, places: &Places<'_>) -> Option<StrategyPage> {
    f.check_keys(STRATEGY_KEYS);
    let title = f.text("title", say!("entities.example_strategy_title"));
    let targets = f.list("targets", say!("entities.what_target"), |t, _| {
        t.check_keys(&["label", "target", "count", "value"]);
        let label = t.text("label", say!("entities.example_target_label"));
        let target = t.number("target", true);
        let count = t
            .choice("count", &["innovators", "leaders"], false)
            .map(|c| if c == "leaders" { Count::Leaders } else { Count::Innovators });
        let value = t.number("value", false);
        if count.is_some() && value.is_some() {
            t.report(
                doc.error(t.here(), say!("entities.count_and_value")).with_hint(say!("entities.count_and_value_hint")),
            );
        } else if count.is_none() && value.is_none() {
            t.report(
                doc.error(t.here(), say!("entities.no_count_or_value"))
                    .with_hint(say!("entities.no_count_or_value_hint")),
            );
        }
        if target.is_some_and(|n| n <= 0.0) {
            t.error("target", say!("entities.target_not_positive"), None);
        }
        Some(Target { label: label?, target: target?, count, value })
    });
    let plan = f.list("plan", say!("entities.what_activity"), |a, _| {
        a.check_keys(&["activity", "start", "end", "status"]);
        let activity = a.text("activity", say!("entities.example_activity"));
        let start = a.month("start", true);
        let end = a.month("end", true);
        let status = a.choice("status", &["planned", "ongoing", "done"], true);
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            a.error(
                "end",
                say!("entities.end_before_start", end = e, start = s),
                Some(say!("entities.end_before_start_hint")),
            );
        }
        Some(PlanItem { activity: activity?, start: start?, end: end?, status: status? })
    });
    Some(StrategyPage {
        doc: doc.clone(),
        title: title?,
        weight: f.integer("weight", -10_000, 10_000, false).unwrap_or(0),
        targets,
        plan,
        image: image(f, "image", doc, places),
    })
}

fn result(f: &Fields<'_>, doc: &Arc<Doc>, places: &Places<'_>) -> Option<ResultReport> {
    f.check_keys(RESULT_KEYS);
    let title = f.text("title", say!("entities.example_result_title"));
    let date = f.date("date", true);
    let project = f.text("project", say!("entities.example_project_slug")).map(reference);
    let effects = f.list("effects", say!("entities.what_effect"), |e, _| {
        e.check_keys(&["name", "unit", "value"]);
        let (name, unit, value) = (
            e.text("name", say!("entities.example_benefit_name")),
            e.text("unit", say!("entities.example_unit")),
            e.number("value", true),
        );
        Some(Effect { name: name?, unit: unit?, value: value? })
    });
    let image = image(f, "image", doc, places);
    Some(ResultReport { doc: doc.clone(), title: title?, date: date?, project: project?, effects, image })
}

fn news(f: &Fields<'_>, doc: &Arc<Doc>, places: &Places<'_>) -> Option<NewsItem> {
    f.check_keys(NEWS_KEYS);
    let title = f.text("title", say!("entities.example_news_title"));
    let date = f.date("date", true);
    let summary = f.text("summary", say!("entities.example_news_summary"));
    Some(NewsItem {
        doc: doc.clone(),
        title: title?,
        date: date?,
        summary: summary?,
        projects: references(f, "projects"),
        author: f.text("author", None),
        image: image(f, "image", doc, places),
    })
}

fn method(f: &Fields<'_>, doc: &Arc<Doc>, config: &Config, places: &Places<'_>) -> Option<Method> {
    f.check_keys(METHOD_KEYS);
    let title = f.text("title", say!("entities.example_method_title"));
    let summary = f.text("summary", say!("entities.example_method_summary"));
    let ids: Vec<&str> = config.phase_model.phases.iter().map(|p| p.id.as_str()).collect();
    let mut phases = Vec::new();
    for (phase, path) in f.strings("phases") {
        if ids.contains(&phase.as_str()) {
            phases.push(phase);
        } else {
            let hint = match crate::text::nearest(&phase, ids.iter().copied()) {
                Some(near) => say!("entities.not_a_phase_near_hint", near = near, phases = one_of(&ids)),
                None => say!("entities.phases_are", phases = one_of(&ids)),
            };
            f.report(doc.error(&path, say!("entities.not_a_phase", phase = &phase)).with_hint(hint));
        }
    }
    let first = ids.first().copied().unwrap_or("test");
    if f.has("phases") && phases.is_empty() && f.strings("phases").is_empty() {
        f.error("phases", say!("entities.phases_empty"), Some(say!("entities.phases_empty_hint", first = first)));
    }
    if !f.has("phases") {
        f.report(
            f.front_matter()
                .start_error(say!("entities.no_phases"))
                .with_hint(say!("entities.no_phases_hint", first = first)),
        );
    }
    let download = f.object("download", say!("entities.what_download"), |d| {
        d.check_keys(&["src", "label"]);
        let src = d.text("src", say!("entities.example_download"))?;
        let label = d.text("label", None).unwrap_or_else(|| src.clone());
        resource(d, "src", &src, doc, places).map(|_| Download { src, label })
    });
    Some(Method {
        doc: doc.clone(),
        title: title?,
        summary: summary?,
        phases,
        duration: f.text("duration", None),
        participants: f.text("participants", None),
        download,
    })
}

fn page(f: &Fields<'_>, doc: &Arc<Doc>) -> Option<Page> {
    f.check_keys(PAGE_KEYS);
    let title = f.text("title", say!("entities.example_page_title"));
    Some(Page {
        doc: doc.clone(),
        title: title?,
        weight: f.integer("weight", -10_000, 10_000, false).unwrap_or(0),
        menu: f.bool("menu").unwrap_or(false),
    })
}
