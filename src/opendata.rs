//! The portal's projects as open data: `data/projects.json` (one object per published project,
//! every field of the content model, addresses absolute, innovators by slug and name only),
//! `data/projects.csv` (the same, one row per project, as a Danish or Norwegian spreadsheet
//! opens it) and `data/projects.schema.json` (the JSON file's schema). Contact details never
//! leave the loader without consent, and are not part of this data at all.

use serde::Serialize;
use serde_json::{Value, json};

use crate::model::Site;
use crate::urls::Urls;

/// One project as open data.
#[derive(Debug, Serialize)]
pub struct Record {
    pub slug: String,
    pub url: String,
    pub title: String,
    pub summary: String,
    pub phase: String,
    pub phase_label: String,
    pub kind: &'static str,
    pub area: String,
    pub tags: Vec<String>,
    pub started: String,
    pub ended: Option<String>,
    pub owner: Option<Person>,
    pub team: Vec<Person>,
    pub partners: Vec<String>,
    pub origin: Option<String>,
    pub via_portal: bool,
    pub history: Vec<Change>,
    pub fundamentals: Option<crate::model::Fundamentals>,
    pub benefits: Vec<crate::model::Benefit>,
    pub related: Vec<String>,
    pub image: Option<Picture>,
    pub video: Option<String>,
    pub prize: Option<i32>,
    pub updated: Option<String>,
}

/// An innovator named by a project: slug, name and page only.
#[derive(Debug, Serialize)]
pub struct Person {
    pub slug: String,
    pub name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct Change {
    pub phase: String,
    pub date: String,
    pub decision: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Picture {
    pub url: String,
    pub alt: String,
}

/// Every published project, in the catalogue's order.
pub fn records(site: &Site, urls: &Urls, pictures: &crate::images::Pictures) -> Vec<Record> {
    let base = &site.config.base_url;
    let model = &site.config.phase_model;
    let person = |slug: &String| {
        site.innovator(slug).map(|i| Person {
            slug: slug.clone(),
            name: i.name.clone(),
            url: urls.absolute(base, &urls.doc(i.doc.section, &i.doc.slug)),
        })
    };
    site.projects
        .iter()
        .map(|p| {
            let page = urls.doc(p.doc.section, &p.doc.slug);
            Record {
                slug: p.doc.slug.clone(),
                url: urls.absolute(base, &page),
                title: p.title.clone(),
                summary: p.summary.clone(),
                phase: p.phase.to_string(),
                phase_label: model.label_of(&p.phase).to_owned(),
                kind: p.kind.id(),
                area: p.area.clone(),
                tags: p.tags.clone(),
                started: p.started.to_string(),
                ended: p.ended.map(|d| d.to_string()),
                owner: p.owner.as_ref().and_then(person),
                team: p.team.iter().filter_map(person).collect(),
                partners: p.partners.clone(),
                origin: p.origin.clone(),
                via_portal: p.via_portal,
                history: p
                    .history
                    .iter()
                    .map(|h| Change {
                        phase: h.phase.to_string(),
                        date: h.date.to_string(),
                        decision: h.decision.clone(),
                        note: h.note.clone(),
                    })
                    .collect(),
                fundamentals: p.fundamentals,
                benefits: p.benefits.clone(),
                related: p.related.clone(),
                image: p.image.as_ref().map(|i| Picture {
                    url: urls.absolute(base, &picture_url(urls, pictures, &page, i)),
                    alt: i.alt.clone(),
                }),
                video: p.video.clone(),
                prize: p.prize,
                updated: p.updated.map(|d| d.to_string()),
            }
        })
        .collect()
}

/// `data/projects.json`.
pub fn json(records: &[Record]) -> String {
    crate::text::safe_json(&records, true)
}

/// The columns of `data/projects.csv`, in order.
pub const COLUMNS: [&str; 29] = [
    "slug",
    "url",
    "title",
    "summary",
    "phase",
    "phase_label",
    "kind",
    "area",
    "tags",
    "started",
    "ended",
    "owner",
    "owner_name",
    "team",
    "partners",
    "origin",
    "via_portal",
    "history",
    "behov",
    "loesning",
    "paadriver",
    "team_score",
    "forankring",
    "benefits",
    "related",
    "image",
    "video",
    "prize",
    "updated",
];

/// `data/projects.csv`: a UTF-8 byte order mark, then one header row and one row per project,
/// fields separated by `;` (the list separator of a Danish or Norwegian spreadsheet), lists
/// joined with `|`, a field quoted when it holds `;`, `"` or a line break (and written with a `'`
/// first when a spreadsheet would run it as a formula: `runs_as_formula`), and lines ended
/// with CR LF (RFC 4180). A history entry is `phase date`; a benefit is
/// `name (unit): planned/realised`, an empty side when not given.
pub fn csv(records: &[Record]) -> String {
    let mut out = String::from("\u{feff}");
    push_row(&mut out, COLUMNS.iter().map(|c| (*c).to_owned()));
    let number = |n: Option<f64>| n.map(|n| n.to_string()).unwrap_or_default();
    for r in records {
        let f = r.fundamentals.map(|f| f.scores().map(|(_, s)| s.to_string()));
        let score = |i: usize| f.as_ref().map(|s| s[i].clone()).unwrap_or_default();
        let row = [
            r.slug.clone(),
            r.url.clone(),
            r.title.clone(),
            r.summary.clone(),
            r.phase.clone(),
            r.phase_label.clone(),
            r.kind.to_owned(),
            r.area.clone(),
            r.tags.join("|"),
            r.started.clone(),
            r.ended.clone().unwrap_or_default(),
            r.owner.as_ref().map(|o| o.slug.clone()).unwrap_or_default(),
            r.owner.as_ref().map(|o| o.name.clone()).unwrap_or_default(),
            r.team.iter().map(|t| t.slug.as_str()).collect::<Vec<_>>().join("|"),
            r.partners.join("|"),
            r.origin.clone().unwrap_or_default(),
            r.via_portal.to_string(),
            r.history.iter().map(|h| format!("{} {}", h.phase, h.date)).collect::<Vec<_>>().join("|"),
            score(0),
            score(1),
            score(2),
            score(3),
            score(4),
            r.benefits
                .iter()
                .map(|b| format!("{} ({}): {}/{}", b.name, b.unit, number(b.planned), number(b.realized)))
                .collect::<Vec<_>>()
                .join("|"),
            r.related.join("|"),
            r.image.as_ref().map(|i| i.url.clone()).unwrap_or_default(),
            r.video.clone().unwrap_or_default(),
            r.prize.map(|p| p.to_string()).unwrap_or_default(),
            r.updated.clone().unwrap_or_default(),
        ];
        push_row(&mut out, row.into_iter());
    }
    out
}

fn push_row(out: &mut String, fields: impl Iterator<Item = String>) {
    let fields: Vec<String> = fields
        .map(|f| {
            if runs_as_formula(&f) {
                format!("\"'{}\"", f.replace('"', "\"\""))
            } else if f.contains([';', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    out.push_str(&fields.join(";"));
    out.push_str("\r\n");
}

/// Whether a spreadsheet would read a cell as a formula (`=HYPERLINK(…)`, `+`, `-`, `@`, their
/// full-width forms, or any of them after spaces, a tab or a line break). Such a cell gets a `'`
/// in front, as OWASP recommends for CSV files, so the spreadsheet shows it as text; the JSON
/// keeps the text exactly.
fn runs_as_formula(cell: &str) -> bool {
    let rest = cell.trim_start_matches([' ', '\t', '\r', '\n']);
    cell.starts_with(['\t', '\r']) || rest.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠'])
}

/// `data/projects.schema.json`: JSON Schema (2020-12) of `data/projects.json`, for this portal's
/// phase model.
pub fn schema(site: &Site, schema_url: &str) -> String {
    let text = json!({ "type": "string" });
    let texts = json!({ "type": "array", "items": text });
    let date = json!({ "type": "string", "format": "date" });
    let or_null = |v: Value| json!({ "anyOf": [v, { "type": "null" }] });
    let score = json!({ "type": "integer", "minimum": 0, "maximum": 5 });
    let phases: Vec<&str> = site.config.phase_model.all_ids();
    // Every field is always there (null when not given): all are required.
    let object = |properties: Value| {
        let required: Vec<&String> = properties.as_object().map(|o| o.keys().collect()).unwrap_or_default();
        json!({ "type": "object", "additionalProperties": false, "required": required, "properties": properties })
    };
    let person = object(json!({ "slug": text, "name": text, "url": { "type": "string", "format": "uri" } }));
    let project = object(json!({
        "slug": { "type": "string", "pattern": "^[a-z0-9]+(-[a-z0-9]+)*$" },
        "url": { "type": "string", "format": "uri" },
        "title": text, "summary": text,
        "phase": { "enum": phases },
        "phase_label": text,
        "kind": { "enum": ["everyday", "radical"] },
        "area": text, "tags": texts,
        "started": date, "ended": or_null(date.clone()),
        "owner": or_null(person.clone()),
        "team": { "type": "array", "items": person },
        "partners": texts,
        "origin": or_null(json!({ "enum": ["staff", "citizen", "politician", "business", "other"] })),
        "via_portal": { "type": "boolean" },
        "history": { "type": "array", "items": object(json!({
            "phase": { "enum": phases }, "date": date, "decision": or_null(text.clone()), "note": or_null(text.clone()),
        })) },
        "fundamentals": or_null(object(json!({
            "behov": score, "loesning": score, "paadriver": score, "team": score, "forankring": score,
        }))),
        "benefits": { "type": "array", "items": object(json!({
            "name": text, "unit": text,
            "planned": or_null(json!({ "type": "number" })), "realized": or_null(json!({ "type": "number" })),
        })) },
        "related": texts,
        "image": or_null(object(json!({ "url": { "type": "string", "format": "uri" }, "alt": text }))),
        "video": or_null(json!({ "type": "string", "format": "uri" })),
        "prize": or_null(json!({ "type": "integer" })),
        "updated": or_null(date),
    }));
    let schema = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_url,
        "title": format!("{}: projects", site.config.title),
        "description": "Every published innovation project of the portal, one object each (data/projects.json).",
        "type": "array",
        "items": project,
    });
    crate::text::safe_json(&schema, true)
}

/// The address of a project's picture as published: the largest version of a photo (the
/// original is not published), or an SVG drawing itself.
fn picture_url(urls: &Urls, pictures: &crate::images::Pictures, page: &str, image: &crate::model::Image) -> String {
    match pictures.get(&image.file) {
        Some(made) => {
            let (folder, stem) = urls.picture_place(page, &image.src);
            format!("{folder}{}", made.file_name(&stem, made.largest()))
        }
        None => urls.resource(page, &image.src),
    }
}

/// The open data files of `site` by their path in the output: the projects (JSON, CSV, the
/// JSON's schema) and the results figures (`data/results.json`).
pub fn files(site: &Site, urls: &Urls, pictures: &crate::images::Pictures) -> [(String, crate::output::Bytes); 4] {
    let records = records(site, urls, pictures);
    let schema_url = urls.absolute(&site.config.base_url, &format!("{}data/projects.schema.json", urls.home()));
    let figures = crate::text::safe_json(&crate::figures::Figures::portal(site), true);
    [
        ("data/projects.json", json(&records)),
        ("data/projects.csv", csv(&records)),
        ("data/projects.schema.json", schema(site, &schema_url)),
        ("data/results.json", figures),
    ]
    .map(|(path, text)| (path.to_owned(), text.into_bytes().into()))
}
