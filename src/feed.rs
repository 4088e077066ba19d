//! The Atom feed (RFC 4287) at `feed.xml`: news items and the dated phase changes in the
//! projects' `history`, newest first.
//!
//! The feed is made on every build, the preview's too, and a large portal has tens of
//! thousands of phase changes, often many on one day. So the cutoff date is found from cheap
//! (date, index) keys, only entries on or after it get a title and an id to rank them by, and
//! only the `LIMIT` that make it get the rest: the cost grows with the history, not its square.
//!
//! Nothing in it depends on the clock: the same portal always gives the same file.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashMap};
use std::fmt::Write;

use crate::date::Date;
use crate::model::{HistoryEntry, Project, Section, Site};
use crate::phases::Stage;
use crate::text::xml_escape as x;
use crate::urls::Urls;

/// How many entries the feed holds: readers want what is new, not the archive.
pub const LIMIT: usize = 50;

/// Where an entry comes from, by index into the site's lists.
#[derive(Clone, Copy)]
enum Source {
    News(usize),
    /// A project, and an entry of its `history`.
    Phase(usize, usize),
}

/// One entry, its text ready to be escaped and written.
struct Entry<'a> {
    date: Date,
    id: String,
    title: String,
    link: String,
    summary: String,
    author: Option<&'a str>,
}

/// The whole feed as XML.
pub fn atom(site: &Site, urls: &Urls) -> String {
    let c = &site.config;
    let t = c.language.strings();
    let entries = newest(site, urls, LIMIT);
    // The newest entry's date; without entries the newest project's, and a fixed date for an
    // empty portal: never "now", so that a build can be repeated byte for byte.
    let updated = entries.first().map(|e| e.date).unwrap_or_else(|| {
        site.projects.iter().map(|p| p.updated.unwrap_or(p.started).max(p.started)).max().unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    });
    let home = urls.absolute(&c.base_url, &urls.home());

    let mut out = String::with_capacity(1024 + entries.len() * 600);
    // `write!` to a String cannot fail.
    let _ = write!(
        out,
        concat!(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n",
            "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n",
            "  <title type=\"text\">{title}</title>\n",
            "  <subtitle type=\"text\">{subtitle}</subtitle>\n",
            "  <id>{home}</id>\n",
            "  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n",
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n",
            "  <updated>{updated}</updated>\n",
            "  <author><name>{author}</name></author>\n",
            "  <generator>nyttig</generator>\n",
        ),
        lang = c.language.code(),
        title = x(&c.title),
        subtitle = x(&t.get("feed.subtitle")),
        home = x(&home),
        feed = x(&urls.absolute(&c.base_url, &urls.feed())),
        updated = rfc3339(updated),
        author = x(&c.municipality),
    );
    for e in &entries {
        let _ = write!(
            out,
            concat!(
                "  <entry>\n",
                "    <id>{id}</id>\n",
                "    <title type=\"text\">{title}</title>\n",
                "    <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n",
                "    <published>{date}</published>\n",
                "    <updated>{date}</updated>\n",
            ),
            id = x(&e.id),
            title = x(&e.title),
            link = x(&e.link),
            date = rfc3339(e.date),
        );
        // Phase changes have no author of their own: the feed's author, the municipality, covers them.
        if let Some(author) = e.author {
            let _ = writeln!(out, "    <author><name>{}</name></author>", x(author));
        }
        let _ = write!(out, "    <summary type=\"text\">{}</summary>\n  </entry>\n", x(&e.summary));
    }
    out.push_str("</feed>\n");
    out
}

/// The `limit` newest entries: newest first, then by title, then by id.
///
/// Linear in the number of entries: the cutoff date comes from a heap of `limit` dates; only
/// entries on or after it get a title and an id, and a heap of `limit` of them keeps the first;
/// only those get the rest of their text.
fn newest<'a>(site: &'a Site, urls: &Urls, limit: usize) -> Vec<Entry<'a>> {
    // Every entry as a cheap key; the text is made only for the few that make it.
    let keys = || {
        let news = site.news.iter().enumerate().map(|(i, n)| (n.date, Source::News(i)));
        // `site.projects` holds drafts in a build with --drafts; they stay out of the feed even
        // then, as it is what readers subscribe to.
        let phases = site
            .projects
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.draft)
            .flat_map(|(i, p)| p.history.iter().enumerate().map(move |(j, h)| (h.date, Source::Phase(i, j))));
        news.chain(phases)
    };
    // The limit-th newest date, from a heap of the newest dates seen so far (no list of every
    // key is made). Everything newer is in; entries on that very date compete on title and id.
    let mut dates: BinaryHeap<Reverse<Date>> = BinaryHeap::new();
    for (date, _) in keys() {
        if dates.len() < limit {
            dates.push(Reverse(date));
        } else if dates.peek().is_some_and(|Reverse(oldest)| date > *oldest) {
            dates.pop();
            dates.push(Reverse(date));
        }
    }
    let cutoff = dates.peek().filter(|_| dates.len() == limit).map(|Reverse(d)| *d);

    let abs = |section: Section, slug: &str| urls.absolute(&site.config.base_url, &urls.doc(section, slug));
    let mut project: Option<Reading> = None;
    // The first `limit` so far; the greatest, the one to drop, on top.
    let mut first: BinaryHeap<Ranked> = BinaryHeap::new();
    for (seq, (date, source)) in keys().enumerate().filter(|(_, (date, _))| cutoff.is_none_or(|c| *date >= c)) {
        let (title, id) = match source {
            Source::News(i) => (site.news[i].title.clone(), abs(Section::News, &site.news[i].doc.slug)),
            Source::Phase(i, j) => {
                let p = &site.projects[i];
                if project.as_ref().is_some_and(|r| r.project != i) {
                    project = None;
                }
                let Reading { link, seen, .. } = project.get_or_insert_with(|| Reading {
                    project: i,
                    link: abs(Section::Projects, &p.doc.slug),
                    seen: HashMap::new(),
                });
                let h = &p.history[j];
                let earlier = seen.entry((h.phase.id(), h.date)).or_insert(0);
                let id = format!("{link}#{}", phase_anchor(h, *earlier));
                *earlier += 1;
                (phase_title(site, p, j), id)
            }
        };
        first.push(Ranked { date, title, id, seq, source });
        if first.len() > limit {
            first.pop();
        }
    }
    first.into_sorted_vec().into_iter().map(|r| entry(site, urls, r)).collect()
}

/// The project whose history is being read: its link, and how often each phase was entered on
/// each day so far, for the `-2`, `-3` of the ids. Days before the cutoff never share a date with
/// an entry that competes, so they need no count.
struct Reading<'a> {
    project: usize,
    link: String,
    seen: HashMap<(&'a str, Date), usize>,
}

/// An entry that competes for a place in the feed, with what ranks it: newest first, then by
/// title, then by id, and should two ids ever be the same, in the site's order, as a stable
/// sort of every entry would leave them.
struct Ranked {
    date: Date,
    title: String,
    id: String,
    seq: usize,
    source: Source,
}

impl Ranked {
    fn key(&self) -> (Reverse<Date>, &str, &str, usize) {
        (Reverse(self.date), &self.title, &self.id, self.seq)
    }
}

impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.key().cmp(&other.key())
    }
}

impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Ranked {}

/// The rest of a ranked entry's text.
fn entry<'a>(site: &'a Site, urls: &Urls, r: Ranked) -> Entry<'a> {
    let Ranked { date, title, id, source, .. } = r;
    let abs = |section: Section, slug: &str| urls.absolute(&site.config.base_url, &urls.doc(section, slug));
    match source {
        Source::News(i) => {
            let n = &site.news[i];
            Entry { date, link: id.clone(), id, title, summary: n.summary.clone(), author: n.author.as_deref() }
        }
        Source::Phase(i, j) => {
            let p = &site.projects[i];
            Entry {
                date,
                id,
                title,
                link: abs(Section::Projects, &p.doc.slug),
                summary: phase_summary(p, j),
                author: None,
            }
        }
    }
}

/// `phase-test-2024-09-01`: the phase and date make the id, so that it stays the same when an
/// editor adds an older entry to the history. The same phase twice on one day gets `-2`, `-3`:
/// `earlier` is how many entries above this one have its phase and date.
fn phase_anchor(h: &HistoryEntry, earlier: usize) -> String {
    match earlier {
        0 => format!("phase-{}-{}", h.phase, h.date),
        n => format!("phase-{}-{}-{}", h.phase, h.date, n + 1),
    }
}

/// "Sundhedsbussen gik videre til Test", worded by what came before.
fn phase_title(site: &Site, p: &Project, j: usize) -> String {
    let model = &site.config.phase_model;
    let phase = &p.history[j].phase;
    let before = j.checked_sub(1).map(|k| p.history[k].phase.stage());
    let key = match (phase.stage(), before) {
        (Stage::Paused, _) => "feed.paused",
        (Stage::Stopped, _) => "feed.stopped",
        (_, None) => "feed.started",
        (_, Some(Stage::Paused | Stage::Stopped)) => "feed.resumed",
        (Stage::Step(now), Some(Stage::Step(b))) if now < b => "feed.back",
        _ => "feed.moved",
    };
    // `{phase}` first: an editor's title may hold any text, a phase label set in portal.yaml
    // hardly `{title}`.
    crate::text::fill(
        &site.config.language.strings().get(key),
        &[("phase", model.label(phase.id())), ("title", &p.title)],
    )
}

/// The decision and the note of the change; the project's summary when it has neither.
fn phase_summary(p: &Project, j: usize) -> String {
    let h = &p.history[j];
    match (&h.decision, &h.note) {
        (Some(d), Some(n)) => format!("{d} – {n}"),
        (Some(text), None) | (None, Some(text)) => text.clone(),
        (None, None) => p.summary.clone(),
    }
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small Danish portal with the five-phase model and the given content files
    /// (`projects/a.md`, front matter without the `---` lines).
    fn site(files: &[(&str, &str)]) -> (Site, Urls) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("portal.yaml"),
            "title: T & Co\nbase_url: https://x.example/inno/\nlanguage: da\nmunicipality: X Kommune\nphase_model: five-phase\ncontact:\n  email: a@x.example\n",
        )
        .unwrap();
        for (path, front) in files {
            let path = dir.path().join("content").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, format!("---\n{front}\n---\n")).unwrap();
        }
        let site = crate::build::site(dir.path(), &Default::default()).unwrap_or_else(|d| panic!("{d}"));
        let urls = Urls::new(&site.config);
        (site, urls)
    }

    fn project(title: &str, phase: &str, history: &[(&str, &str, &str)]) -> String {
        let mut s = format!(
            "title: '{title}'\nsummary: Resumé.\nphase: {phase}\nkind: everyday\narea: Klima\nstarted: 2020-01-01\n"
        );
        if !history.is_empty() {
            s.push_str("history:\n");
            for (phase, date, extra) in history {
                s.push_str(&format!("  - {{ phase: {phase}, date: {date}{extra} }}\n"));
            }
        }
        s
    }

    fn news(title: &str, date: &str) -> String {
        format!("title: '{title}'\ndate: {date}\nsummary: Kort.\nauthor: Kommunikation")
    }

    /// (title, id, updated, link, summary, author) of every entry, read with an XML parser.
    fn entries(xml: &str) -> Vec<[String; 6]> {
        let doc = roxmltree::Document::parse(xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
        let text = |n: roxmltree::Node, name: &str| {
            n.descendants().find(|c| c.has_tag_name(name)).and_then(|c| c.text()).unwrap_or("").to_owned()
        };
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name("entry"))
            .map(|e| {
                let link = e.children().find(|c| c.has_tag_name("link")).and_then(|l| l.attribute("href")).unwrap();
                [
                    text(e, "title"),
                    text(e, "id"),
                    text(e, "updated"),
                    link.to_owned(),
                    text(e, "summary"),
                    text(e, "name"),
                ]
            })
            .collect()
    }

    fn titles(xml: &str) -> Vec<String> {
        entries(xml).into_iter().map(|[title, ..]| title).collect()
    }

    #[test]
    fn every_news_item_and_phase_change_is_an_entry_newest_first() {
        let bus = project(
            "Sundhedsbussen",
            "stopped",
            &[
                ("udforsk", "2024-01-01", ", decision: Udvalget sagde ja"),
                ("nytaenk", "2024-03-01", ""),
                ("test", "2024-06-01", ", decision: Godkendt, note: To distrikter"),
                ("paused", "2024-08-01", ""),
                ("test", "2024-10-01", ", note: Videre"),
                ("nytaenk", "2024-11-01", ""),
                ("stopped", "2025-01-01", ""),
            ],
        );
        let (site, urls) = site(&[
            ("projects/sundhedsbussen.md", &bus),
            ("projects/uden-historik.md", &project("Uden historik", "test", &[])),
            ("projects/kladde.md", &(project("Kladde", "udforsk", &[("udforsk", "2024-05-01", "")]) + "draft: true")),
            ("news/pris.md", &news("Prisen", "2024-07-01")),
        ]);
        let xml = atom(&site, &urls);
        let all = entries(&xml);
        assert_eq!(
            titles(&xml),
            [
                "Sundhedsbussen blev stoppet",
                "Sundhedsbussen gik tilbage til Nytænk",
                "Sundhedsbussen blev genoptaget i fasen Test",
                "Sundhedsbussen blev sat på pause",
                "Prisen",
                "Sundhedsbussen gik videre til Test",
                "Sundhedsbussen gik videre til Nytænk",
                "Sundhedsbussen startede i fasen Udforsk",
            ],
            "no draft, nothing for a project without history:\n{xml}"
        );
        let [_, id, updated, link, summary, author] = &all[4];
        assert_eq!((id.as_str(), link.as_str()), ("https://x.example/inno/nyheder/pris/", id.as_str()));
        assert_eq!(
            (updated.as_str(), summary.as_str(), author.as_str()),
            ("2024-07-01T00:00:00Z", "Kort.", "Kommunikation")
        );
        let [_, id, updated, link, summary, author] = &all[5];
        assert_eq!(link, "https://x.example/inno/projekter/sundhedsbussen/");
        assert_eq!(id, "https://x.example/inno/projekter/sundhedsbussen/#phase-test-2024-06-01");
        assert_eq!(
            (updated.as_str(), summary.as_str(), author.as_str()),
            ("2024-06-01T00:00:00Z", "Godkendt – To distrikter", "")
        );
        let summaries: Vec<&str> = all.iter().map(|e| e[4].as_str()).collect();
        assert_eq!(summaries[2], "Videre");
        assert_eq!(summaries[7], "Udvalget sagde ja");
        assert_eq!(summaries[0], "Resumé.", "without a decision or note, the project's summary");
        assert!(
            xml.contains("<updated>2025-01-01T00:00:00Z</updated>\n  <author><name>X Kommune</name></author>"),
            "{xml}"
        );
        assert!(
            xml.contains(r#"<link rel="self" type="application/atom+xml" href="https://x.example/inno/feed.xml"/>"#)
        );
        assert!(xml.contains("<id>https://x.example/inno/</id>"));
    }

    #[test]
    fn ties_go_by_title_then_id() {
        let (site, urls) = site(&[
            ("news/b.md", &news("Bravo", "2024-01-01")),
            ("news/a.md", &news("Alfa", "2024-01-01")),
            // Two projects of the same title on the same day: their ids decide.
            ("projects/zz.md", &project("Alfa", "udforsk", &[("udforsk", "2024-01-01", "")])),
            ("projects/aa.md", &project("Alfa", "udforsk", &[("udforsk", "2024-01-01", "")])),
        ]);
        let ids: Vec<String> = entries(&atom(&site, &urls)).into_iter().map(|[_, id, ..]| id).collect();
        assert_eq!(
            ids,
            [
                "https://x.example/inno/nyheder/a/",
                "https://x.example/inno/projekter/aa/#phase-udforsk-2024-01-01",
                "https://x.example/inno/projekter/zz/#phase-udforsk-2024-01-01",
                "https://x.example/inno/nyheder/b/",
            ]
        );
    }

    #[test]
    fn only_the_newest_fifty_are_kept() {
        // 30 changes on 30 days, and 30 more all on one older day: the 20 of those that come
        // first by title fill the feed up to 50.
        let files: Vec<(String, String)> = (0..30)
            .map(|i| {
                let day = format!("2024-01-{:02}", i + 1);
                let history = [("udforsk", "2023-01-01", ""), ("test", day.as_str(), "")];
                (format!("projects/p{i:02}.md"), project(&format!("P{i:02}"), "test", &history))
            })
            .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (site, urls) = site(&files);
        let xml = atom(&site, &urls);
        let titles = titles(&xml);
        assert_eq!(titles.len(), LIMIT);
        assert_eq!(titles[0], "P29 gik videre til Test");
        assert_eq!(titles[29], "P00 gik videre til Test");
        assert_eq!(titles[30], "P00 startede i fasen Udforsk");
        assert_eq!(titles[49], "P19 startede i fasen Udforsk");
        // The shortcut picks the same as formatting and sorting everything.
        let all: Vec<String> = newest(&site, &urls, usize::MAX).into_iter().map(|e| e.id).collect();
        let picked: Vec<String> = newest(&site, &urls, LIMIT).into_iter().map(|e| e.id).collect();
        assert_eq!(all.len(), 60);
        assert_eq!(picked, all[..LIMIT]);
    }

    /// The feed as it was first made: every entry built, its anchor counted by reading the
    /// history above it, all of them sorted stably and cut. `newest` must pick the same.
    fn every_entry_sorted(site: &Site, urls: &Urls, limit: usize) -> Vec<[String; 5]> {
        let abs = |section: Section, slug: &str| urls.absolute(&site.config.base_url, &urls.doc(section, slug));
        let mut all: Vec<(Date, [String; 5])> = Vec::new();
        for n in &site.news {
            let link = abs(Section::News, &n.doc.slug);
            all.push((n.date, [link.clone(), n.title.clone(), link, n.summary.clone(), n.date.to_string()]));
        }
        for p in site.projects.iter().filter(|p| !p.draft) {
            let link = abs(Section::Projects, &p.doc.slug);
            for (j, h) in p.history.iter().enumerate() {
                let earlier = p.history[..j].iter().filter(|e| e.phase == h.phase && e.date == h.date).count();
                let id = format!("{link}#{}", phase_anchor(h, earlier));
                all.push((
                    h.date,
                    [id, phase_title(site, p, j), link.clone(), phase_summary(p, j), h.date.to_string()],
                ));
            }
        }
        all.sort_by(|(da, a), (db, b)| db.cmp(da).then_with(|| a[1].cmp(&b[1])).then_with(|| a[0].cmp(&b[0])));
        all.into_iter().take(limit).map(|(_, e)| e).collect()
    }

    #[test]
    fn the_newest_are_picked_as_sorting_every_entry_would() {
        // Three projects and a draft with long histories that enter the same phases again and
        // again on one day (anchors `-2` … `-40`), a news item on that day whose title ties
        // with a phase change's, and a few newer changes.
        let history = |newest: &str| {
            let mut h: Vec<(&str, String)> = vec![("udforsk", "2023-05-01".into())];
            for k in 0..40 {
                h.push((["nytaenk", "paused", "udforsk", "paused"][k % 4], "2024-02-01".into()));
            }
            h.push(("test", newest.to_owned()));
            h
        };
        let files: Vec<(String, String)> =
            [("b", "2024-03-01"), ("a", "2024-02-01"), ("c", "2024-04-01"), ("d", "2024-05-01")]
                .iter()
                .map(|(slug, newest)| {
                    let h = history(newest);
                    let h: Vec<(&str, &str, &str)> = h.iter().map(|(p, d)| (*p, d.as_str(), "")).collect();
                    let mut front = project(&slug.to_uppercase(), "test", &h);
                    if *slug == "d" {
                        front.push_str("draft: true\n");
                    }
                    (format!("projects/{slug}.md"), front)
                })
                .chain([
                    ("news/n.md".to_owned(), news("B blev sat på pause", "2024-02-01")),
                    ("news/m.md".to_owned(), news("Nyt", "2024-06-01")),
                ])
                .collect();
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
        let (site, urls) = site(&files);
        for limit in [0, 1, 3, 7, LIMIT, 130, usize::MAX] {
            let picked: Vec<[String; 5]> = newest(&site, &urls, limit)
                .into_iter()
                .map(|e| [e.id, e.title, e.link, e.summary, e.date.to_string()])
                .collect();
            assert_eq!(picked, every_entry_sorted(&site, &urls, limit), "limit {limit}");
        }
        let ids: Vec<String> = newest(&site, &urls, usize::MAX).into_iter().map(|e| e.id).collect();
        assert_eq!(ids.len(), 3 * 42 + 2);
        assert!(ids.contains(&"https://x.example/inno/projekter/a/#phase-paused-2024-02-01-20".to_owned()));
        assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), ids.len(), "ids are unique");
    }

    #[test]
    fn hostile_text_is_escaped() {
        let hostile = r#"A & B <script>"x"</script> 'y'"#;
        let front = project(&hostile.replace('\'', "''"), "udforsk", &[("udforsk", "2024-01-01", "")]);
        let (site, urls) =
            site(&[("projects/a.md", &front), ("news/n.md", &news(&hostile.replace('\'', "''"), "2024-02-01"))]);
        let xml = atom(&site, &urls);
        assert!(!xml.contains("<script>") && xml.contains("A &amp; B &lt;script&gt;"), "{xml}");
        assert_eq!(titles(&xml), [hostile.to_owned(), format!("{hostile} startede i fasen Udforsk")]);
        assert!(xml.contains("<title type=\"text\">T &amp; Co</title>"), "{xml}");
    }

    #[test]
    fn ids_are_stable_and_unique() {
        let history = [("udforsk", "2024-01-01", ""), ("paused", "2024-01-01", ""), ("udforsk", "2024-01-01", "")];
        let files = [("projects/a.md", project("A", "udforsk", &history)), ("news/a.md", news("A", "2024-01-01"))];
        let files: Vec<(&str, &str)> = files.iter().map(|(a, b)| (*a, b.as_str())).collect();
        let (one, urls) = site(&files);
        let (two, _) = site(&files);
        let xml = atom(&one, &urls);
        assert_eq!(xml, atom(&two, &urls), "the same portal gives the same feed");
        let mut ids: Vec<String> = entries(&xml).into_iter().map(|[_, id, ..]| id).collect();
        ids.sort();
        assert_eq!(
            ids,
            [
                "https://x.example/inno/nyheder/a/",
                "https://x.example/inno/projekter/a/#phase-paused-2024-01-01",
                "https://x.example/inno/projekter/a/#phase-udforsk-2024-01-01",
                "https://x.example/inno/projekter/a/#phase-udforsk-2024-01-01-2",
            ]
        );
    }

    #[test]
    fn without_entries_the_feed_is_dated_by_its_projects() {
        let mut quiet = project("Stille", "test", &[]);
        quiet.push_str("updated: 2024-05-06\n");
        let (site, urls) = site(&[("projects/a.md", &quiet)]);
        let xml = atom(&site, &urls);
        assert!(entries(&xml).is_empty());
        assert!(xml.contains("<updated>2024-05-06T00:00:00Z</updated>"), "{xml}");
    }
}
