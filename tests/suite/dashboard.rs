//! The results dashboard, read as a reader and a screen reader get it: every number a chart
//! draws is in the data table below it, and every number in the table is the figure that
//! `data/results.json` holds. Checked on the fixture portal (Norwegian, one draft) and the demo
//! (Danish), for the whole portfolio and for a facet's own page.

use std::path::Path;

use crate::common::{fixture, text_of};
use nyttig::build::{Built, Options, build};
use serde_json::Value;

fn built(root: &Path) -> Built {
    build(root, &Options::default()).unwrap_or_else(|d| panic!("{d}"))
}

fn text<'a>(b: &'a Built, file: &str) -> &'a str {
    std::str::from_utf8(b.output.get(file).unwrap_or_else(|| panic!("{file} was not built"))).unwrap()
}

/// The inner HTML of every `<tag …>…</tag>` in `html`, in order.
fn elements<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i + open.len()..];
        // `<th` must not match `<thead`.
        if !rest.starts_with([' ', '>']) {
            continue;
        }
        let (Some(start), Some(end)) = (rest.find('>'), rest.find(&close)) else { break };
        out.push(&rest[start + 1..end]);
        rest = &rest[end..];
    }
    out
}

/// The `<figure data-figure="id">` of the page.
fn figure<'a>(html: &'a str, id: &str) -> &'a str {
    let start = html.find(&format!("data-figure=\"{id}\"")).unwrap_or_else(|| panic!("no figure {id}"));
    let end = html[start..].find("</figure>").unwrap();
    &html[start..start + end]
}

/// The body rows of a figure's table: the row head and its cells, as text.
fn rows(fig: &str) -> Vec<(String, Vec<String>)> {
    let body = elements(fig, "tbody");
    assert_eq!(body.len(), 1, "one table body in {fig}");
    elements(body[0], "tr")
        .into_iter()
        .map(|tr| (text_of(elements(tr, "th")[0]), elements(tr, "td").into_iter().map(text_of).collect()))
        .collect()
}

/// A number as the page writes it (`1.660.000`, `86,5`, `2 000`, `25 %`), or None for "–".
fn number(text: &str) -> Option<f64> {
    let t: String = text.trim_end_matches('%').chars().filter(|c| !matches!(c, ' ' | '\u{a0}' | '.')).collect();
    if t == "–" {
        return None;
    }
    Some(t.replace(',', ".").parse().unwrap_or_else(|_| panic!("`{text}` is not a number")))
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("{v} is not a number"))
}

/// Every number the chart writes is a number of its table.
fn chart_numbers_are_in_the_table(fig: &str) {
    let svg = elements(fig, "svg");
    assert_eq!(svg.len(), 1, "one chart in {fig}");
    assert!(fig.contains("role=\"img\""), "the chart is one picture for a screen reader");
    let cells: Vec<String> = rows(fig).into_iter().flat_map(|(_, c)| c).collect();
    // The numbers the chart writes beside its bars (its labels are the table's row heads).
    let values: Vec<String> = svg[0]
        .split("class=\"chart__value\"")
        .skip(1)
        .map(|t| text_of(&t[t.find('>').unwrap() + 1..t.find("</text>").unwrap()]))
        .collect();
    assert!(!values.is_empty(), "the chart writes its numbers");
    for v in values {
        // A target is written "45 af 100": both numbers are cells of its row.
        for part in v.split(' ').filter(|p| p.chars().any(|c| c.is_ascii_digit())) {
            assert!(cells.iter().any(|c| c == part), "the chart's `{part}` is not in its table: {cells:?}");
        }
    }
}

/// The dashboard at `file` shows exactly the figures `json` holds.
fn dashboard_matches(html: &str, json: &Value) {
    let rows_of = |id: &str| rows(figure(html, id));

    let funnel = rows_of("funnel");
    let expected = json["funnel"].as_array().unwrap();
    assert_eq!(funnel.len(), expected.len());
    for ((label, cells), r) in funnel.iter().zip(expected) {
        assert_eq!(label, r["label"].as_str().unwrap());
        assert_eq!(number(&cells[0]), Some(f(&r["projects"])), "funnel {label}");
    }

    let p = &json["portal"];
    let summary = text_of(elements(figure(html, "portal"), "p")[0]);
    if f(&p["ideas"]) > 0.0 {
        let portal = rows_of("portal");
        assert_eq!(number(&portal[0].1[0]), Some(f(&p["ideas"])));
        assert_eq!(number(&portal[1].1[0]), Some(f(&p["reached_last"])));
        assert_eq!(number(&portal[2].1[0]), Some(f(&p["percent"])));
        assert!(summary.contains(&portal[2].1[0]), "the summary says the share {}: {summary}", portal[2].1[0]);
        chart_numbers_are_in_the_table(figure(html, "portal"));
    } else {
        assert!(!figure(html, "portal").contains("<svg"), "no chart of nothing");
        assert!(!summary.chars().any(|c| c.is_ascii_digit()), "{summary}");
    }

    let benefits = rows_of("benefits");
    let expected = json["benefits"].as_array().unwrap();
    assert_eq!(benefits.len(), expected.len());
    for ((name, cells), b) in benefits.iter().zip(expected) {
        assert!(name.starts_with(b["name"].as_str().unwrap()), "{name}");
        assert_eq!(cells[0], b["unit"].as_str().unwrap());
        let given = |key: &str| (f(&b[format!("{key}_projects")]) > 0.0).then(|| f(&b[key]));
        assert_eq!(number(&cells[1]), given("planned"), "planned {name}");
        assert_eq!(number(&cells[2]), given("realized"), "realised {name}");
    }

    let areas = rows_of("area_phase");
    let expected = json["by_area_phase"].as_array().unwrap();
    assert_eq!(areas.len(), expected.len());
    for ((area, cells), r) in areas.iter().zip(expected) {
        assert_eq!(area, r["area"].as_str().unwrap());
        assert_eq!(number(cells.last().unwrap()), Some(f(&r["total"])));
        let shown: f64 = cells[..cells.len() - 1].iter().filter_map(|c| number(c)).sum();
        assert_eq!(shown, f(&r["total"]), "the phases of {area} add up to its total");
        let nonzero: Vec<f64> = r["phases"].as_array().unwrap().iter().map(f).filter(|n| *n > 0.0).collect();
        let shown: Vec<f64> = cells[..cells.len() - 1].iter().filter_map(|c| number(c)).filter(|n| *n > 0.0).collect();
        assert_eq!(shown, nonzero, "the phases of {area}");
    }

    for (id, key) in [("by_kind", "by_kind"), ("by_year", "by_year")] {
        let shown = rows_of(id);
        let expected = json[key].as_array().unwrap();
        assert_eq!(shown.len(), expected.len());
        for ((_, cells), t) in shown.iter().zip(expected) {
            assert_eq!(number(&cells[0]), Some(f(&t["projects"])), "{id}");
        }
    }

    match json["targets"].as_array().filter(|t| !t.is_empty()) {
        Some(targets) => {
            let shown = rows_of("targets");
            assert_eq!(shown.len(), targets.len());
            for ((label, cells), t) in shown.iter().zip(targets) {
                assert_eq!(label, t["label"].as_str().unwrap());
                assert_eq!(number(&cells[0]), Some(f(&t["value"])));
                assert_eq!(number(&cells[1]), Some(f(&t["target"])));
                assert_eq!(number(&cells[2]), Some(f(&t["percent"])));
            }
            chart_numbers_are_in_the_table(figure(html, "targets"));
        }
        None => assert!(!html.contains("data-figure=\"targets\"")),
    }

    let halted: Vec<(String, Vec<String>)> =
        if figure(html, "halted").contains("<tbody") { rows_of("halted") } else { vec![] };
    let expected: Vec<f64> = ["paused", "stopped"]
        .iter()
        .flat_map(|k| json[k].as_array().unwrap().iter().map(|h| f(&h["projects"])))
        .collect();
    assert_eq!(halted.iter().map(|(_, c)| number(&c[1]).unwrap()).collect::<Vec<_>>(), expected);

    for id in ["funnel", "benefits", "area_phase", "by_kind", "by_year"] {
        chart_numbers_are_in_the_table(figure(html, id));
        let fig = figure(html, id);
        for part in [
            format!("id=\"{id}-title\""),
            format!("id=\"{id}-summary\""),
            format!("aria-labelledby=\"{id}-title {id}-summary\""),
        ] {
            assert!(fig.contains(&part), "{id} lacks {part}");
        }
    }
}

#[test]
fn the_dashboard_shows_the_figures_of_results_json_in_charts_and_tables() {
    for root in [fixture("basic"), Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()] {
        let b = built(&root);
        let json: Value = serde_json::from_str(text(&b, "data/results.json")).unwrap();
        let html = text(&b, "resultater/index.html");
        dashboard_matches(html, &json);
        // The stopped projects link to their pages, with the last phase they reached.
        for l in json["learnt"].as_array().unwrap() {
            let slug = l["slug"].as_str().unwrap();
            assert!(html.contains(&format!("/{slug}/\">")), "what we learnt links {slug}");
        }
        for r in json["at_risk"].as_array().unwrap() {
            assert!(html.contains(&format!("/{}/\">", r["slug"].as_str().unwrap())), "at risk lists {r}");
        }
    }
}

#[test]
fn a_facet_has_a_results_page_with_the_figures_of_its_own_projects() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = built(root);
    let projects: Value = serde_json::from_str(text(&b, "data/projects.json")).unwrap();
    let projects = projects.as_array().unwrap();
    let area = "Ældre og sundhed";
    let html = text(&b, "resultater/omraade/aeldre-og-sundhed/index.html");
    let mine: Vec<&Value> = projects.iter().filter(|p| p["area"] == area).collect();
    assert!(mine.len() > 1 && mine.len() < projects.len());

    // One area: one row, its total the area's projects, and its phases theirs.
    let areas = rows(figure(html, "area_phase"));
    assert_eq!(areas.len(), 1);
    assert_eq!(areas[0].0, area);
    assert_eq!(number(areas[0].1.last().unwrap()), Some(mine.len() as f64));
    let funnel = rows(figure(html, "funnel"));
    assert_eq!(number(&funnel[0].1[0]), Some(mine.len() as f64), "every project reached the first phase");
    let ideas = mine.iter().filter(|p| p["via_portal"] == true).count();
    if ideas > 0 {
        assert_eq!(number(&rows(figure(html, "portal"))[0].1[0]), Some(ideas as f64));
    }
    // No strategy targets on a part of the portfolio; the page says whose figures these are.
    assert!(!html.contains("data-figure=\"targets\""));
    assert!(text_of(html).contains(&format!("Resultater: {area}")));
    // Charts and tables agree here too.
    for id in ["funnel", "area_phase", "by_kind", "by_year"] {
        chart_numbers_are_in_the_table(figure(html, id));
    }
    // The catalogue's facet page and the results page link to each other.
    let catalogue = text(&b, "projekter/omraade/aeldre-og-sundhed/index.html");
    assert!(catalogue.contains("href=\"/resultater/omraade/aeldre-og-sundhed/\""), "the facet page links its results");
    assert!(html.contains("href=\"/projekter/omraade/aeldre-og-sundhed/\""), "the results page links its projects");
}

#[test]
fn the_open_data_page_names_every_file_and_the_licence() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = built(root);
    let html = text(&b, "data/index.html");
    for file in
        ["data/projects.json", "data/projects.csv", "data/projects.schema.json", "data/results.json", "feed.xml"]
    {
        assert!(html.contains(&format!("href=\"/{file}\"")), "the page links {file}");
        assert!(b.output.contains_key(file), "{file} is built");
    }
    assert!(html.contains("<h1>Åbne data</h1>"));
    assert!(html.contains("href=\"https://creativecommons.org/licenses/by/4.0/deed.da\""), "CC BY 4.0 by default");
    // The licence comes from portal.yaml when it says.
    let dir = crate::common::copy_fixture("basic");
    let yaml = std::fs::read_to_string(dir.path().join("portal.yaml")).unwrap();
    std::fs::write(dir.path().join("portal.yaml"), format!("{yaml}\nopen_data:\n  licence: NLOD 2.0\n")).unwrap();
    let b = built(dir.path());
    let html = text(&b, "data/index.html");
    assert!(html.contains("href=\"https://data.norge.no/nlod/no/2.0\""), "NLOD is known");
    assert!(text_of(html).contains("NLOD 2.0"));
    // Every page's footer links it.
    assert!(text(&b, "index.html").contains("href=\"/data/\""));
}

#[test]
fn pages_carry_open_graph_and_the_sitemap_their_dates() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let b = built(root);
    let projects: Value = serde_json::from_str(text(&b, "data/projects.json")).unwrap();
    let with_image =
        projects.as_array().unwrap().iter().find(|p| p["image"].is_object()).expect("a project with a picture");
    let url = with_image["url"].as_str().unwrap();
    let path = url.split_once("://").unwrap().1.split_once('/').unwrap().1;
    let html = text(&b, &format!("{path}index.html"));
    let summary = with_image["summary"].as_str().unwrap();
    assert!(text_of(html).contains(summary));
    assert!(html.contains(&format!("<meta property=\"og:url\" content=\"{url}\">")), "og:url on {path}");
    // The open data names the picture's largest published version, the page its preview
    // version (1200 × 630): both files of the same picture, and both published.
    let image = with_image["image"]["url"].as_str().unwrap();
    let og = html.split("<meta property=\"og:image\" content=\"").nth(1).unwrap().split('"').next().unwrap();
    let (stem, _) = image.rsplit_once('.').unwrap();
    let stem = stem.rsplit_once('.').map_or(stem, |(s, w)| if w.starts_with('w') { s } else { stem });
    assert_eq!(og, format!("{stem}.og.jpg"), "og:image on {path}");
    for u in [image, og] {
        let file = u.split_once("://").unwrap().1.split_once('/').unwrap().1;
        assert!(b.output.contains_key(file), "{u} is not published");
    }
    assert!(html.contains("<meta property=\"og:description\" content=\""));
    assert!(html.contains("<meta name=\"description\" content=\""));

    // The sitemap gives a project the newest of its dates.
    let sitemap = text(&b, "sitemap.xml");
    let entry =
        sitemap.lines().find(|l| l.contains(&format!("<loc>{url}</loc>"))).expect("the project is in the sitemap");
    let newest = with_image["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["date"].as_str().unwrap())
        .chain(with_image["updated"].as_str())
        .chain(with_image["started"].as_str())
        .max()
        .unwrap();
    assert!(entry.contains(&format!("<lastmod>{newest}</lastmod>")), "{entry} gives {newest}");
    assert!(sitemap.matches("<url>").count() > 100 && sitemap.matches("<lastmod>").count() > 30);
}
