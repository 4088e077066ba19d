//! `nyttig init` and `nyttig new`: files an editor starts from, in the portal's language.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::date::today;
use crate::i18n::Lang;
use crate::model::Section;
use crate::phases::PhaseModel;
use crate::say::Say;
use crate::text::slugify;

fn yaml_quote(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

struct Words {
    title: &'static str,
    municipality: &'static str,
    welcome: &'static str,
    project: &'static str,
    summary: &'static str,
    area: &'static str,
    person: &'static str,
    workplace: &'static str,
    strategy: &'static str,
    strategy_body: &'static str,
    story: &'static str,
    new_summary: &'static str,
    /// Comments `nyttig new` writes beside fields left out.
    owner_comment: &'static str,
    duration_comment: &'static str,
    /// The first line of the .gitignore `init` writes.
    ignore_comment: &'static str,
}

fn words(lang: Lang) -> Words {
    match lang {
        Lang::Da => Words {
            title: "Innovation i Eksempel Kommune",
            municipality: "Eksempel Kommune",
            welcome: "Her fortæller vi om kommunens innovationsarbejde: projekterne, menneskene bag og hvad der kom ud af det.",
            project: "Mit første projekt",
            summary: "Én sætning om, hvad projektet gør og for hvem.",
            area: "Ældre og sundhed",
            person: "Anna Jensen",
            workplace: "Hjemmeplejen",
            strategy: "Vores innovationsstrategi",
            strategy_body: "Skriv her om visionen, principperne og hvordan I arbejder med innovation.",
            story: "## Baggrund\n\nHvilket behov startede projektet?\n\n## Hvad vi gør\n\nHvad afprøver I, og med hvem?\n",
            new_summary: "Skriv her én sætning, der fortæller det vigtigste.",
            owner_comment: "# owner: pådriverens filnavn i content/innovators/ uden .md",
            duration_comment: "# duration: 1-2 timer",
            ignore_comment: "# Lavet af nyttig build: portalen og de billeder, den har behandlet (laves igen, hvis de mangler).",
        },
        Lang::Nb => Words {
            title: "Innovasjon i Eksempel kommune",
            municipality: "Eksempel kommune",
            welcome: "Her forteller vi om kommunens innovasjonsarbeid: prosjektene, menneskene bak og hva det førte til.",
            project: "Mitt første prosjekt",
            summary: "Én setning om hva prosjektet gjør og for hvem.",
            area: "Helse og omsorg",
            person: "Kari Nordmann",
            workplace: "Hjemmetjenesten",
            strategy: "Vår innovasjonsstrategi",
            strategy_body: "Skriv her om visjonen, prinsippene og hvordan dere jobber med innovasjon.",
            story: "## Bakgrunn\n\nHvilket behov startet prosjektet?\n\n## Hva vi gjør\n\nHva prøver dere ut, og med hvem?\n",
            new_summary: "Skriv her én setning som forteller det viktigste.",
            owner_comment: "# owner: filnavnet til pådriveren i content/innovators/ uten .md",
            duration_comment: "# duration: 1–2 timer",
            ignore_comment: "# Laget av nyttig build: portalen og bildene den har behandlet (lages på nytt hvis de mangler).",
        },
        Lang::Nn => Words {
            title: "Innovasjon i Eksempel kommune",
            municipality: "Eksempel kommune",
            welcome: "Her fortel vi om innovasjonsarbeidet i kommunen: prosjekta, menneska bak og kva det førte til.",
            project: "Mitt første prosjekt",
            summary: "Éi setning om kva prosjektet gjer og for kven.",
            area: "Helse og omsorg",
            person: "Kari Nordmann",
            workplace: "Heimetenesta",
            strategy: "Innovasjonsstrategien vår",
            strategy_body: "Skriv her om visjonen, prinsippa og korleis de arbeider med innovasjon.",
            story: "## Bakgrunn\n\nKva behov starta prosjektet?\n\n## Kva vi gjer\n\nKva prøver de ut, og med kven?\n",
            new_summary: "Skriv her éi setning som fortel det viktigaste.",
            owner_comment: "# owner: filnamnet til pådrivaren i content/innovators/ utan .md",
            duration_comment: "# duration: 1–2 timar",
            ignore_comment: "# Laga av nyttig build: portalen og bileta han har handsama (blir laga på nytt om dei manglar).",
        },
        Lang::En => Words {
            title: "Innovation in Example Municipality",
            municipality: "Example Municipality",
            welcome: "Here we tell about the municipality's innovation work: the projects, the people behind them and what came of it.",
            project: "My first project",
            summary: "One sentence on what the project does and for whom.",
            area: "Health and care",
            person: "Anna Jensen",
            workplace: "Home care",
            strategy: "Our innovation strategy",
            strategy_body: "Write here about the vision, the principles and how you work with innovation.",
            story: "## Background\n\nWhich need started the project?\n\n## What we do\n\nWhat are you trying, and with whom?\n",
            new_summary: "Write here one sentence that tells the most important thing.",
            owner_comment: "# owner: the pådriver's file name in content/innovators/ without .md",
            duration_comment: "# duration: 1-2 hours",
            ignore_comment: "# Made by nyttig build: the site, and the pictures it processed (made again when missing).",
        },
    }
}

/// The slug of the first project, alphabetically, for a new result to point at.
fn first_project(root: &Path) -> Option<String> {
    let mut slugs: Vec<String> = fs::read_dir(root.join("content/projects"))
        .ok()?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let slug = name
                .strip_suffix(".md")
                .map(str::to_owned)
                .or_else(|| e.path().join("index.md").is_file().then(|| name.clone()))?;
            (!slug.starts_with(['_', '.'])).then_some(slug)
        })
        .collect();
    slugs.sort();
    slugs.into_iter().next()
}

fn write_new(path: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| io::Write::write_all(&mut f, text.as_bytes()))
}

/// The texts `init` and `new` write for the editor to replace, in every language: a line of
/// a page that is one of them is still the sample (see `build::checks::sample_text`).
pub fn samples() -> impl Iterator<Item = &'static str> {
    Lang::ALL.into_iter().flat_map(|lang| {
        let w = words(lang);
        let questions = w.story.lines().filter(|l| !l.is_empty() && !l.starts_with('#'));
        [w.welcome, w.project, w.summary, w.strategy_body, w.new_summary].into_iter().chain(questions)
    })
}

fn cannot_write(path: &Path, e: io::Error) -> Say {
    say!("cli.cannot_write", path = path.display(), why = e)
}

/// Makes a new portal in `dir` that builds at once.
pub fn init(dir: &Path, lang: Lang) -> Result<Vec<PathBuf>, Say> {
    if dir.join("portal.yaml").exists() {
        return Err(say!("cli.already_a_portal", dir = dir.display()));
    }
    let w = words(lang);
    let today = today();
    let person = slugify(w.person);
    let domain = if lang == Lang::En {
        "example.org"
    } else if lang == Lang::Da {
        "example.dk"
    } else {
        "example.no"
    };
    let files: Vec<(PathBuf, String)> = vec![
        (
            dir.join("portal.yaml"),
            format!(
                "title: {}\nbase_url: https://innovation.{domain}/\nlanguage: {}\nmunicipality: {}\ntheme: default\nphase_model: n3\ncontact:\n  email: innovation@{domain}\n# ideas:\n#   form_action: https://forms.{domain}/innovation\n",
                yaml_quote(w.title),
                lang.code(),
                yaml_quote(w.municipality)
            ),
        ),
        (dir.join("content/_index.md"), format!("---\ntitle: {}\n---\n{}\n", yaml_quote(w.title), w.welcome)),
        (
            dir.join(format!("content/projects/{}.md", slugify(w.project))),
            format!(
                "---\ntitle: {}\nsummary: {}\nphase: ide\nkind: everyday\narea: {}\nstarted: {today}\nowner: {person}\norigin: staff\nvia_portal: false\nhistory:\n  - {{ phase: ide, date: {today} }}\n---\n{}",
                yaml_quote(w.project),
                yaml_quote(w.summary),
                yaml_quote(w.area),
                w.story
            ),
        ),
        (
            dir.join(format!("content/innovators/{person}.md")),
            format!(
                "---\nname: {}\nworkplace: {}\narea: {}\ncertified: {today}\ncontact:\n  consent: false\n---\n",
                yaml_quote(w.person),
                yaml_quote(w.workplace),
                yaml_quote(w.area)
            ),
        ),
        (
            dir.join(format!("content/strategy/{}.md", slugify(w.strategy))),
            format!("---\ntitle: {}\nweight: 1\n---\n{}\n", yaml_quote(w.strategy), w.strategy_body),
        ),
    ];
    let mut made = Vec::new();
    for (path, text) in files {
        write_new(&path, &text).map_err(|e| cannot_write(&path, e))?;
        made.push(path);
    }
    // What the build makes stays out of git: the site and the processed pictures. An existing
    // .gitignore is the portal owner's; it is left as it is.
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        let text = format!("{}\n/public/\n/{}/\n", w.ignore_comment, crate::images::store::CACHE_DIR);
        write_new(&ignore, &text).map_err(|e| cannot_write(&ignore, e))?;
        made.push(ignore);
    }
    Ok(made)
}

pub const KINDS: &[&str] = &["project", "innovator", "strategy", "news", "result", "method", "page"];

/// Makes a new content file of `kind` with its front matter filled in, valid at once (the
/// texts to replace say so); never overwrites. With `folder`, the page is `<slug>/index.md`
/// in a folder of its own, where its pictures go beside it.
pub fn new(root: &Path, kind: &str, title: &str, config: &Config, folder: bool) -> Result<PathBuf, Say> {
    let model: &PhaseModel = &config.phase_model;
    let w = words(config.language);
    let section = match kind {
        "project" => Section::Projects,
        "innovator" => Section::Innovators,
        "strategy" => Section::Strategy,
        "news" => Section::News,
        "result" => Section::Results,
        "method" => Section::Methods,
        "page" => Section::Pages,
        other => {
            return Err(say!("cli.not_a_kind", kind = other, choices = crate::say::one_of(KINDS)));
        }
    };
    let slug = slugify(title);
    if slug.is_empty() {
        return Err(say!("cli.no_letters", title = title));
    }
    let dir = root.join("content").join(section.folder());
    let (file, bundle) = (dir.join(format!("{slug}.md")), dir.join(&slug).join("index.md"));
    for taken in [&file, &bundle] {
        if taken.exists() {
            return Err(say!("cli.already_exists", path = taken.display()));
        }
    }
    let path = if folder { bundle } else { file };
    let today = today();
    let first = model.phases.first().map_or("ide", |p| p.id.as_str());
    let t = yaml_quote(title);
    let area = yaml_quote(config.areas.first().map_or(w.area, String::as_str));
    let summary = yaml_quote(w.new_summary);
    let owner = w.owner_comment;
    let front = match section {
        Section::Projects => format!(
            "title: {t}\nsummary: {summary}\nphase: {first}\nkind: everyday\narea: {area}\ntags: []\nstarted: {today}\n{owner}\nteam: []\npartners: []\norigin: staff\nvia_portal: false\nhistory:\n  - {{ phase: {first}, date: {today} }}\ndraft: true\n"
        ),
        Section::Innovators => format!(
            "name: {t}\n# role: \nworkplace: {}\narea: {area}\n# certified: {today}\nleader: false\ncontact:\n  consent: false\n",
            yaml_quote(w.workplace)
        ),
        Section::Strategy => format!("title: {t}\nweight: 10\n"),
        Section::News => format!("title: {t}\ndate: {today}\nsummary: {summary}\nprojects: []\n"),
        Section::Results => {
            let Some(project) = first_project(root) else {
                return Err(say!("cli.result_needs_project"));
            };
            format!("title: {t}\ndate: {today}\nproject: {project}\neffects: []\n")
        }
        Section::Methods => {
            format!("title: {t}\nsummary: {summary}\nphases: [{first}]\n{}\n# participants: 3-8\n", w.duration_comment)
        }
        Section::Pages | Section::Front => format!("title: {t}\nweight: 10\nmenu: false\n"),
    };
    write_new(&path, &format!("---\n{front}---\n\n")).map_err(|e| cannot_write(&path, e))?;
    Ok(path)
}
