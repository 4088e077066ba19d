//! Which pages search knows, and what of each it indexes.

use crate::i18n::Strings;
use crate::model::{Doc, Site};
use crate::text::slugify;
use crate::urls::Urls;

use super::SearchDoc;

/// Every page a reader may look for: projects, strategy pages, innovators, results, news,
/// methods and plain pages. Listings are left out: they only repeat these. `text` gives a
/// page's rendered body as text (and may let go of the body once it has).
pub fn documents(site: &Site, urls: &Urls, mut text: impl FnMut(&Doc) -> String, t: &Strings) -> Vec<SearchDoc> {
    let kind = |key: &str| Some((key.to_owned(), t.get(&format!("search.type.{key}")).into_owned()));
    let page = |doc: &Doc, title: &str, summary: &str, body: String, date, key: &str| SearchDoc {
        url: urls.doc(doc.section, &doc.slug),
        title: title.to_owned(),
        summary: if summary.trim().is_empty() { lead(&body) } else { summary.to_owned() },
        body,
        date,
        facets: [kind(key), None, None, None, None],
    };
    let model = &site.config.phase_model;
    let mut docs = Vec::new();
    for p in &site.projects {
        let mut body = text(&p.doc);
        let names = p.owner.iter().chain(&p.team).filter_map(|slug| site.innovator(slug)).map(|i| i.name.as_str());
        let words: Vec<&str> = [p.area.as_str()]
            .into_iter()
            .chain(p.tags.iter().map(String::as_str))
            .chain(names)
            .chain(p.partners.iter().map(String::as_str))
            .collect();
        body.push('\n');
        body.push_str(&words.join(" · "));
        let date = p.updated.or(p.history.iter().map(|h| h.date).max()).unwrap_or(p.started);
        let mut d = page(&p.doc, &p.title, &p.summary, body, Some(date), "project");
        d.facets[1] = Some((p.phase.to_string(), model.label_of(&p.phase).to_owned()));
        d.facets[2] = Some((slugify(&p.area), p.area.clone()));
        d.facets[3] = Some((p.kind.id().to_owned(), t.get(&format!("kind.{}", p.kind.id())).into_owned()));
        d.facets[4] = Some((p.started.year.to_string(), p.started.year.to_string()));
        docs.push(d);
    }
    for s in &site.strategy {
        docs.push(page(&s.doc, &s.title, "", text(&s.doc), None, "strategy"));
    }
    for i in &site.innovators {
        let summary =
            [i.role.as_deref(), Some(i.workplace.as_str())].into_iter().flatten().collect::<Vec<_>>().join(", ");
        let body = format!("{}\n{}", text(&i.doc), i.area.as_deref().unwrap_or(""));
        docs.push(page(&i.doc, &i.name, &summary, body, None, "innovator"));
    }
    for r in &site.results {
        docs.push(page(&r.doc, &r.title, "", text(&r.doc), Some(r.date), "result"));
    }
    for n in &site.news {
        docs.push(page(&n.doc, &n.title, &n.summary, text(&n.doc), Some(n.date), "news"));
    }
    for m in &site.methods {
        docs.push(page(&m.doc, &m.title, &m.summary, text(&m.doc), None, "method"));
    }
    for p in &site.pages {
        docs.push(page(&p.doc, &p.title, "", text(&p.doc), None, "page"));
    }
    docs
}

/// The start of a text, for a result card when the page has no summary.
fn lead(body: &str) -> String {
    let words: Vec<&str> = body.split_whitespace().take(40).collect();
    words.join(" ")
}
