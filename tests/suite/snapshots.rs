//! Snapshots (insta, in `snapshots/`) of what the templates are given: for each kind of page,
//! the values of its first page in the fixture portal, and the values every page gets as
//! `site`. They pin docs/theme-contract.md: a value that is renamed, dropped or changes its
//! shape shows here as a diff. Review a change with `cargo insta review` (or run with
//! `INSTA_UPDATE=always` and read `git diff`).

use std::collections::BTreeMap;

use nyttig::build::{Options, template_values};
use nyttig::views::PageKind;

use crate::common::portal::Portal;

/// The fixture, with what makes the two kinds of page it lacks: more than 50 tags (a page of
/// all tags) and no accessibility statement of its own (the standard one).
fn every_kind() -> Portal {
    let portal = Portal::fixture("basic");
    let tags: Vec<String> = (1..=60).map(|n| format!("Emne nummer {n}")).collect();
    portal.replace("content/projects/matroboten.md", "\nphase:", &format!("\ntags: [{}]\nphase:", tags.join(", ")));
    let yaml = portal.read("portal.yaml");
    let without: String = yaml
        .lines()
        .filter(|l| !l.starts_with("accessibility:") && !l.trim_start().starts_with("statement_url:"))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, yaml, "the fixture's accessibility statement moved; update this test");
    portal.write("portal.yaml", without);
    portal
}

#[test]
fn each_kind_of_page_gets_the_values_the_theme_contract_names() {
    let portal = every_kind();
    // A fixed folder for the search index: its name is otherwise a hash of the whole index.
    let options = Options { search_later: Some("snapshot".into()), ..Options::default() };
    let (site, views) = template_values(portal.root(), &options).unwrap_or_else(|d| panic!("{d}"));
    // The fixture is Norwegian; the one kind only a Danish portal has comes from the demo.
    let demo = Portal::demo();
    let (_, demo_views) = template_values(demo.root(), &options).unwrap_or_else(|d| panic!("{d}"));
    let mut first: BTreeMap<&str, &nyttig::views::View> = BTreeMap::new();
    for v in views.iter().chain(demo_views.iter().filter(|v| v.kind == PageKind::Redirect)) {
        first.entry(v.kind.name()).or_insert(v);
    }
    let missing: Vec<&str> = PageKind::ALL.iter().map(|k| k.name()).filter(|k| !first.contains_key(k)).collect();
    assert!(missing.is_empty(), "no page of these kinds to pin: {missing:?}");
    insta::assert_snapshot!("values-site", serde_json::to_string_pretty(&site).unwrap());
    for (kind, view) in first {
        let text = format!("{} {}\n{}", view.template, view.url, serde_json::to_string_pretty(&view.context).unwrap());
        insta::assert_snapshot!(format!("values-{kind}"), text);
    }
}
