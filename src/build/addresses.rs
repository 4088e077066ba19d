//! The addresses earlier builds published, kept in `.nyttig-cache/addresses.tsv`: when a page
//! is no longer where an earlier build put it (its file was renamed) and one page of the same
//! kind has its title, the old address leads on to it, and a warning says which `aliases`
//! line keeps it so for good (the cache may be deleted; the front matter stays).
//!
//! Only `nyttig build` reads and writes the record ([`super::Options::remember_addresses`],
//! [`Published::keep`]):
//! a preview or a check publishes nothing. The record is a cache: a line it cannot read is
//! left out, and a file that cannot be written is no error.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use crate::diagnostics::Diagnostic;
use crate::images::store::{CACHE_DIR, keep_out_of_git};
use crate::model::{Moved, Section, Site, key};
use crate::urls::Urls;

const FILE: &str = "addresses.tsv";

/// A page an earlier build published: its kind, address and title. The address is under the
/// site's base path (`projekter/a/`), so that publishing the site elsewhere (`--base-url`) moves
/// no page.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Known {
    section: Section,
    url: String,
    title: String,
}

/// `url` under the site's base path.
fn under_base<'u>(urls: &Urls, url: &'u str) -> &'u str {
    url.strip_prefix(&urls.home()).unwrap_or(url)
}

/// The pages the last build of the portal at `root` published (none when it kept no record).
pub(super) fn remembered(root: &Path) -> Vec<Known> {
    let Ok(text) = fs::read_to_string(root.join(CACHE_DIR).join(FILE)) else { return Vec::new() };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.splitn(3, '\t');
            let section = Section::from_folder(parts.next()?)?;
            let (url, title) = (parts.next()?, parts.next()?);
            (section != Section::Front && !url.is_empty() && !url.starts_with('/')).then(|| Known {
                section,
                url: url.to_owned(),
                title: title.to_owned(),
            })
        })
        .collect()
}

/// The old addresses of pages that moved since the pages `known` were published, each with a
/// warning at the page's title; and what to remember for the next build: every page of this
/// one, and the old addresses found here (so that they keep leading on while the title stays).
pub(super) fn moved_since(site: &Site, urls: &Urls, known: &[Known]) -> (Vec<Moved>, Vec<Diagnostic>, Vec<Known>) {
    let titled = site.titled();
    let mut taken: HashSet<String> = titled.iter().map(|(d, _)| urls.doc(d.section, &d.slug)).collect();
    taken.extend(site.moved.iter().map(|m| m.from.clone()));
    taken.extend(Section::ALL.iter().map(|s| urls.section(*s)));
    taken.extend([urls.home(), urls.ideas(), urls.search(), urls.open_data()]);
    let taken: HashSet<&str> = taken.iter().map(|u| under_base(urls, u)).collect();
    // Each title of each kind, when one page alone has it.
    let mut by_title: HashMap<(Section, &str), Option<usize>> = HashMap::new();
    for (i, (doc, title)) in titled.iter().enumerate() {
        by_title.entry((doc.section, title)).and_modify(|one| *one = None).or_insert(Some(i));
    }
    let mut remember: Vec<Known> = titled
        .iter()
        .map(|(d, title)| {
            let url = under_base(urls, &urls.doc(d.section, &d.slug)).to_owned();
            Known { section: d.section, url, title: (*title).to_owned() }
        })
        .collect();
    let (mut moved, mut diags) = (Vec::new(), Vec::new());
    let mut seen = HashSet::new();
    for old in known {
        if taken.contains(old.url.as_str()) || !seen.insert(old.url.as_str()) {
            continue;
        }
        let Some(Some(i)) = by_title.get(&(old.section, old.title.as_str())) else { continue };
        let (doc, title) = titled[*i];
        let to = urls.doc(doc.section, &doc.slug);
        let from = format!("{}{}", urls.home(), old.url);
        // The old name when the address was one of that kind, else its path (as `aliases`
        // reads it: under the base path).
        let name = from
            .strip_prefix(&urls.section(doc.section))
            .and_then(|rest| rest.strip_suffix('/'))
            .filter(|name| !name.is_empty() && !name.contains('/'))
            .map_or_else(|| format!("/{}", old.url), str::to_owned);
        let field = if doc.section == Section::Innovators { "name" } else { "title" };
        let said = say!("build.moved_since", old = &from);
        diags.push(doc.error(&[key(field)], said).with_hint(say!("build.moved_since_hint", name = name)).warning());
        moved.push(Moved { from, to, title: title.to_owned() });
        remember.push(old.clone());
    }
    (moved, diags, remember)
}

/// The pages a build published, to remember once they are written ([`Published::keep`]).
#[derive(Debug)]
pub struct Published(pub(super) Vec<Known>);

impl Published {
    /// Keeps the pages for the next build of the portal at `root` (see [`remembered`]): once
    /// the site is written, so that a site that could not be written is not remembered.
    pub fn keep(&self, root: &Path) {
        remember(root, &self.0);
    }
}

fn remember(root: &Path, pages: &[Known]) {
    let dir = root.join(CACHE_DIR);
    let mut text =
        String::from("# Made by nyttig build: the pages it published, to find those that move. Safe to delete.\n");
    for p in pages {
        let title: String = p.title.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        text.push_str(&format!("{}\t{}\t{title}\n", p.section.folder(), p.url));
    }
    if fs::create_dir_all(&dir).is_err() {
        return;
    }
    let tmp = dir.join(format!(".{FILE}.{}.tmp", std::process::id()));
    if fs::write(&tmp, text).and_then(|()| fs::rename(&tmp, dir.join(FILE))).is_err() {
        let _ = fs::remove_file(&tmp);
    }
    let _ = keep_out_of_git(&dir);
}
