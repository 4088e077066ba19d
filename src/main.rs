//! The command line: thin glue over the library.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use nyttig::build::{self, Options};
use nyttig::diagnostics::Diagnostic;
use nyttig::i18n::Lang;
use nyttig::pipelines::Host;
use nyttig::say;
use nyttig::say::Say;
use nyttig::{output, scaffold};

#[derive(Parser)]
#[command(name = "nyttig", version, about = "Builds a public innovation portal from Markdown")]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// The language of nyttig's messages: da, nb, nn or en [default: the portal's language, or
    /// NYTTIG_LANG].
    #[arg(long, global = true)]
    lang: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Build the portal into a folder of plain files.
    Build {
        /// The portal's folder (with portal.yaml and content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        out: Option<PathBuf>,
        /// The address the site will be published at (overrides base_url).
        #[arg(long)]
        base_url: Option<String>,
        /// Include projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings (accessibility, drafts, consent) as errors.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage of the build took (also NYTTIG_TIMINGS=1).
        #[arg(long)]
        timings: bool,
        /// Put the Content-Security-Policy into every page as a <meta>, for hosts that cannot
        /// send headers (GitHub Pages, GitLab Pages). Browsers ignore frame-ancestors there.
        #[arg(long)]
        meta_policy: bool,
    },
    /// Build the portal into memory and serve it for preview, rebuilding on every save: open
    /// pages reload themselves and show the build's errors until they are fixed.
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; when it is taken, the next free one.
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// The address to listen on. 0.0.0.0 shows the preview to the whole network.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Include projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Open the preview in the browser.
        #[arg(long)]
        open: bool,
        /// Look for changes by reading the folders and files twice a second, for network
        /// drives and shared folders of virtual machines, where changes are not announced.
        #[arg(long)]
        poll: bool,
        /// Turn off editing in the browser (the editing API under /__nyttig/editor/).
        #[arg(long)]
        no_edit: bool,
        /// Keep editing on when --host lets other machines reach the preview (it is off then
        /// by default): anyone who reaches the address can change the portal's files.
        #[arg(long)]
        edit_over_network: bool,
    },
    /// Check everything the build checks, links and anchors included, without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        drafts: bool,
        /// Treat warnings (accessibility, drafts, consent) as errors.
        #[arg(long)]
        strict: bool,
        /// Print how long each stage of the build took (also NYTTIG_TIMINGS=1).
        #[arg(long)]
        timings: bool,
        /// Print the health report: what to look at, most important first (projects not
        /// updated, ended or at risk, missing pictures, old drafts, the accessibility
        /// statement …), each with its file, line and what to do.
        #[arg(long)]
        report: bool,
        /// Give the report as JSON.
        #[arg(long, requires = "report")]
        json: bool,
        /// Also ask every link to another site whether it still answers (needs the
        /// internet; answers that worked are remembered for a week in .nyttig-cache/).
        #[arg(long, requires = "report")]
        external: bool,
    },
    /// Search the portal as its search page does: the same index, analysis and ranking.
    Search {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Print the answer as JSON, in the shape the browser client gives.
        #[arg(long)]
        json: bool,
        /// The last word is still being typed: it also finds the words that begin with it.
        #[arg(long)]
        prefix: bool,
        /// Only pages with this value, like `--filter phase=test` (type, phase, area, kind, year).
        #[arg(long = "filter", value_name = "FACET=VALUE")]
        filters: Vec<String>,
        /// `relevance` or `date` (newest first).
        #[arg(long, default_value = "relevance")]
        sort: String,
        /// How many results to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Include projects marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// For each result, which terms and parts of words matched in which field, and what
        /// each adds to the score.
        #[arg(long)]
        explain: bool,
        /// What to look for.
        query: String,
    },
    /// Build only the search index into a folder: what `build` writes under nyttig-search/.
    /// For measuring the index on its own (bench/search.sh).
    Index {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long)]
        out: PathBuf,
    },
    /// Write what a host needs to build and publish the portal: for `github`, `gitlab`,
    /// `azure` and `netlify` the pipeline that installs this version of nyttig and publishes
    /// the portal on every push; for `nginx`, a site file with the security headers, caching
    /// and the 404 page (hosting/nginx.conf).
    Host {
        /// The host: github, gitlab, azure, netlify or nginx
        name: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where the server keeps the site's files (nginx: the built site goes under it, at
        /// the portal's base path).
        #[arg(long, default_value = "/var/www/innovation")]
        site_dir: String,
        /// Write the files even where they are already.
        #[arg(long)]
        force: bool,
    },
    /// Make a new portal that builds at once.
    Init {
        dir: PathBuf,
        /// Interface language: da, nb, nn or en.
        #[arg(long, default_value = "da")]
        language: String,
        /// Also write what this host needs to publish the portal, as `nyttig host` does:
        /// github, gitlab, azure, netlify or nginx.
        #[arg(long)]
        host: Option<String>,
    },
    /// Make a new content file with its front matter filled in.
    New {
        /// project, innovator, strategy, news, result, method or page
        kind: String,
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Make the page as a folder of its own, `<name>/index.md`, with room for its pictures.
        #[arg(long)]
        folder: bool,
    },
}

/// Every error, and of warnings alike the first 50 and a count of the rest.
fn report(diags: &[Diagnostic], lang: Lang) {
    eprint!("{}", nyttig::diagnostics::Report(diags, lang));
}

/// The exit code of a build that failed: 1 for content errors, 2 when a file or folder could
/// not be read at all (an I/O error, as the README promises).
fn failed(diags: &[Diagnostic]) -> ExitCode {
    if diags.iter().any(nyttig::source::is_io_error) { ExitCode::from(2) } else { ExitCode::from(1) }
}

/// "2 errors and 1 warning", in the editor's language.
fn summary(diags: &[Diagnostic]) -> Say {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let errors = if errors == 1 { say!("cli.errors_one") } else { say!("cli.errors_many", n = errors) };
    let warnings = if warnings == 1 { say!("cli.warnings_one") } else { say!("cli.warnings_many", n = warnings) };
    say!("cli.errors_and_warnings", errors = errors, warnings = warnings)
}

/// Prints a line of the command's own in the editor's language: to stdout, or to stderr.
fn tell(lang: Lang, said: Say) {
    println!("{}", said.to(lang));
}

fn tell_err(lang: Lang, said: Say) {
    eprintln!("{}", said.to(lang));
}

/// `error: …` on stderr, in the editor's language.
fn error(lang: Lang, said: impl Into<Say>) {
    eprintln!("{}: {}", say!("common.error").to(lang), said.into().to(lang));
}

/// How many drafts the build left out, and how to see them.
fn drafts_left_out(lang: Lang, n: usize) {
    match n {
        0 => {}
        1 => tell(lang, say!("cli.drafts_left_out_one")),
        n => tell(lang, say!("cli.drafts_left_out_many", n = n)),
    }
}

/// Seconds since `start` with two decimals and the language's decimal comma: "1,25".
fn seconds(lang: Lang, start: Instant) -> String {
    nyttig::i18n::format_number(lang, start.elapsed().as_secs_f64())
}

/// `check --report`: the health report on stdout, as text or JSON, after asking the links
/// to other sites with `external`. Links inside the site that lead nowhere are errors, as
/// in a plain `check`, and among the findings here.
fn health_report(root: &std::path::Path, built: build::Built, json: bool, external: bool, lang: Lang) -> ExitCode {
    let Some(mut health) = built.health else { return ExitCode::from(2) };
    let broken = nyttig::linkcheck::check(&built.output, &built.base_path);
    if external {
        let urls = health.urls();
        tell_err(lang, say!("external.checking", n = urls.len()));
        let cache = Some(root.join(nyttig::images::store::CACHE_DIR).join("links.json"));
        let answers = nyttig::external::check(&urls, &nyttig::external::Options { cache, ..Default::default() });
        health.add_broken(&answers);
    }
    if json {
        println!("{}", nyttig::health::json(&health, lang));
    } else {
        print!("{}", nyttig::health::render(&health.findings, &health.title, lang));
    }
    for b in &broken {
        let said = say!("cli.link_nowhere", link = &b.link, why = b.why.clone());
        eprintln!("{}: {}: {}\n", b.page, say!("common.error").to(lang), said.to(lang));
    }
    if broken.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, base_url, drafts, strict, timings, meta_policy } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            let out = out.unwrap_or_else(|| root.join("public"));
            if let Err(e) = output::check_out_dir(&root, &out) {
                error(lang, e.said());
                return ExitCode::from(2);
            }
            match build::build(
                &root,
                &Options {
                    base_url,
                    drafts,
                    strict,
                    timings,
                    meta_policy,
                    remember_addresses: true,
                    ..Options::default()
                },
            ) {
                Ok(built) => {
                    report(&built.warnings, lang);
                    if let Err(e) = output::write(&root, &out, &built.output) {
                        error(lang, say!("cli.not_written", out = out.display(), why = e));
                        return ExitCode::from(2);
                    }
                    if let Some(published) = &built.published {
                        published.keep(&root);
                    }
                    let pages: usize = built.pages.values().sum();
                    // In the order of the kinds, each in the editor's words: "projekter: 28".
                    let kinds: Vec<String> = nyttig::views::PageKind::ALL
                        .iter()
                        .filter_map(|k| Some(format!("{}: {}", k.label().to(lang), built.pages.get(k.name())?)))
                        .collect();
                    tell(
                        lang,
                        say!(
                            "cli.built",
                            pages = pages,
                            kinds = kinds.join(", "),
                            files = built.output.len(),
                            out = out.display(),
                            secs = seconds(lang, start)
                        ),
                    );
                    let p = built.pictures;
                    if p.made + p.kept > 0 {
                        let cache = nyttig::images::store::CACHE_DIR;
                        tell(lang, say!("cli.pictures_counted", made = p.made, kept = p.kept, cache = cache));
                    }
                    drafts_left_out(lang, built.drafts_left_out);
                    if !built.warnings.is_empty() {
                        tell(lang, say!("cli.summary", summary = summary(&built.warnings)));
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    tell_err(lang, say!("cli.build_stopped", summary = summary(&diags.0), out = out.display()));
                    failed(&diags.0)
                }
            }
        }
        Command::Check { root, drafts, strict, timings, report: health, json, external } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            let health_on = health.then(nyttig::date::today);
            match build::build(&root, &Options { drafts, strict, timings, health_on, ..Options::default() }) {
                Ok(built) if health => health_report(&root, built, json, external, lang),
                Ok(built) => {
                    report(&built.warnings, lang);
                    let broken = nyttig::linkcheck::check(&built.output, &built.base_path);
                    for b in &broken {
                        let said = say!("cli.link_nowhere", link = &b.link, why = b.why.clone());
                        eprintln!("{}: {}: {}\n", b.page, say!("common.error").to(lang), said.to(lang));
                    }
                    if !broken.is_empty() {
                        tell_err(lang, say!("cli.links_nowhere", n = broken.len()));
                        return ExitCode::from(1);
                    }
                    let pages: usize = built.pages.values().sum();
                    drafts_left_out(lang, built.drafts_left_out);
                    let summary = summary(&built.warnings);
                    tell(lang, say!("cli.all_good", pages = pages, summary = summary, secs = seconds(lang, start)));
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    tell_err(lang, say!("cli.found", summary = summary(&diags.0)));
                    if health {
                        tell_err(lang, say!("health.errors_block"));
                    }
                    failed(&diags.0)
                }
            }
        }
        Command::Serve { root, port, host, drafts, open, poll, no_edit, edit_over_network } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            match nyttig::serve::run(nyttig::serve::ServeOptions {
                root,
                host,
                port,
                drafts,
                open,
                poll,
                lang: cli.lang,
                edit: !no_edit,
                edit_over_network,
            }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    error(lang, e);
                    ExitCode::from(2)
                }
            }
        }
        Command::Search { root, json, prefix, filters, sort, limit, drafts, explain, query } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let q = nyttig::search::Query { q: query, prefix, sort, limit, ..Default::default() };
            search(root, (json, explain), q, filters, drafts, lang)
        }
        Command::Index { root, out } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            if let Err(e) = output::check_out_dir(&root, &out) {
                error(lang, e.said());
                return ExitCode::from(2);
            }
            let exported =
                build::search_index(&root, &Options::default()).map(|i| (i.len(), nyttig::search::export(&i)));
            match exported {
                Ok((pages, Ok(e))) => {
                    let files: output::Output = e
                        .files
                        .into_iter()
                        .map(|(name, bytes)| (format!("{}/{name}", e.folder), bytes.into()))
                        .collect();
                    if let Err(e) = output::write(&root, &out, &files) {
                        error(lang, say!("cli.not_written", out = out.display(), why = e));
                        return ExitCode::from(2);
                    }
                    println!(
                        "Indexed {pages} pages into {} files in {} in {:.2} s.",
                        files.len(),
                        out.display(),
                        start.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Ok((_, Err(e))) => {
                    error(lang, say!("build.index_not_written", why = e));
                    ExitCode::from(2)
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    tell_err(lang, say!("cli.found", summary = summary(&diags.0)));
                    failed(&diags.0)
                }
            }
        }
        Command::Host { name, root, site_dir, force } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let Some(host) = known_host(&name, lang) else { return ExitCode::from(2) };
            host_files(&root, host, &site_dir, force, lang)
        }
        Command::Init { dir, language, host } => {
            let Some(portal_lang) = Lang::parse(&language) else {
                let speaks = nyttig::say::chosen(cli.lang.as_deref(), &dir);
                let choices = nyttig::say::one_of(Lang::ALL.map(Lang::code));
                error(speaks, say!("cli.unknown_language", code = language, choices = choices));
                return ExitCode::from(2);
            };
            // Said in the new portal's language, unless asked otherwise.
            let lang = cli.lang.as_deref().and_then(Lang::parse).unwrap_or(portal_lang);
            let host = match host.map(|name| known_host(&name, lang)) {
                Some(None) => return ExitCode::from(2),
                Some(Some(host)) => Some(host),
                None => None,
            };
            match scaffold::init(&dir, portal_lang) {
                Ok(files) => {
                    for f in files {
                        tell(lang, say!("cli.created", path = f.display()));
                    }
                    if let Some(host) = host {
                        let done = host_files(&dir, host, "/var/www/innovation", false, lang);
                        if done != ExitCode::SUCCESS {
                            return done;
                        }
                    }
                    let command = format!("nyttig build --root {}", dir.display());
                    tell(lang, say!("cli.build_it_with", command = command));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    error(lang, e);
                    ExitCode::from(2)
                }
            }
        }
        Command::New { kind, title, root, folder } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let config = std::fs::read_to_string(root.join("portal.yaml"))
                .ok()
                .and_then(|text| nyttig::source::portal::read("portal.yaml", &text, None).ok());
            let Some(config) = config else {
                error(lang, say!("cli.no_readable_portal", dir = root.display()));
                return ExitCode::from(2);
            };
            match scaffold::new(&root, &kind, &title, &config, folder) {
                Ok(path) => {
                    tell(lang, say!("cli.created", path = path.display()));
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    error(lang, e);
                    ExitCode::from(2)
                }
            }
        }
    }
}

/// The host called `name`, or none, said as an error.
fn known_host(name: &str, lang: Lang) -> Option<Host> {
    let host = Host::parse(name);
    if host.is_none() {
        let choices = nyttig::say::one_of(Host::ALL.map(Host::name));
        error(lang, say!("cli.unknown_host", name = name, choices = choices));
    }
    host
}

/// `nyttig host` and `nyttig init --host`: writes the host's files into the portal at `root`
/// (none of them over a file that is there, unless `force`), says which, and what to do next.
fn host_files(root: &Path, host: Host, site_dir: &str, force: bool, lang: Lang) -> ExitCode {
    let site = match build::site(root, &Options::default()) {
        Ok(site) => site,
        Err(diags) => {
            report(&diags.0, lang);
            tell_err(lang, say!("cli.found", summary = summary(&diags.0)));
            return ExitCode::from(1);
        }
    };
    let files = nyttig::pipelines::files(host, &site, site_dir);
    if !force {
        let there: Vec<PathBuf> = files.iter().map(|(path, _)| root.join(path)).filter(|p| p.exists()).collect();
        for path in &there {
            error(lang, say!("cli.host_file_exists", path = path.display()));
        }
        if !there.is_empty() {
            return ExitCode::from(2);
        }
    }
    for (path, text) in &files {
        let file = root.join(path);
        let written = file.parent().map_or(Ok(()), std::fs::create_dir_all).and_then(|()| std::fs::write(&file, text));
        if let Err(e) = written {
            error(lang, say!("cli.not_written", out = file.display(), why = e));
            return ExitCode::from(2);
        }
        tell(lang, say!("cli.created", path = file.display()));
    }
    tell(
        lang,
        match host {
            Host::Github => say!("cli.github_next"),
            Host::Gitlab => say!("cli.gitlab_next"),
            Host::Azure => say!("cli.azure_next"),
            Host::Netlify => say!("cli.netlify_next"),
            Host::Nginx => {
                let base = nyttig::urls::Urls::new(&site.config).home();
                say!("cli.nginx_next", dir = format!("{}{base}", site_dir.trim_end_matches('/')))
            }
        },
    );
    ExitCode::SUCCESS
}

/// `nyttig search`; `shown` is `--json` and `--explain`.
fn search(
    root: PathBuf,
    (json, explain): (bool, bool),
    mut query: nyttig::search::Query,
    filters: Vec<String>,
    drafts: bool,
    lang: Lang,
) -> ExitCode {
    for f in filters {
        let Some((facet, value)) = f.split_once('=').filter(|(k, _)| nyttig::search::FACETS.contains(k)) else {
            error(lang, say!("cli.bad_filter", filter = &f, facets = nyttig::say::one_of(nyttig::search::FACETS)));
            return ExitCode::from(2);
        };
        query.filters.insert(facet.to_owned(), value.to_owned());
    }
    if query.sort != "relevance" && query.sort != "date" {
        error(lang, say!("cli.bad_sort", sort = &query.sort));
        return ExitCode::from(2);
    }
    let index = match build::search_index(&root, &Options { drafts, ..Options::default() }) {
        Ok(i) => i,
        Err(diags) => {
            report(&diags.0, lang);
            tell_err(lang, say!("cli.found_fix_to_search", summary = summary(&diags.0)));
            return failed(&diags.0);
        }
    };
    let answer = index.search(&query);
    let mut out = String::new();
    let why = |doc: u32| if explain { index.explain(&answer.terms, doc) } else { Vec::new() };
    if json {
        let mut value = serde_json::to_value(&answer).unwrap_or_default();
        if explain && let Some(hits) = value["hits"].as_array_mut() {
            for (hit, h) in hits.iter_mut().zip(&answer.hits) {
                hit["explain"] = serde_json::to_value(why(h.doc)).unwrap_or_default();
            }
        }
        out = serde_json::to_string_pretty(&value).unwrap_or_default();
    } else {
        use std::fmt::Write as _;
        let looked_for: Vec<String> = answer.terms.iter().map(|t| t.join("|")).collect();
        let (q, words) = (&query.q, looked_for.join(" "));
        let said = match answer.total {
            0 => say!("cli.search_none", query = q, words = words),
            1 => say!("cli.search_one", query = q, words = words),
            n => say!("cli.search_many", n = n, query = q, words = words),
        };
        if let Some(instead) = &answer.instead {
            out.push_str(&say!("cli.search_instead", typed = q, query = instead).to(lang));
        }
        out.push_str(&said.to(lang));
        out.push_str(&if answer.total > 0 && answer.fallback {
            say!("cli.search_any_word").to(lang)
        } else {
            ".".into()
        });
        for (i, h) in answer.hits.iter().enumerate() {
            let about: Vec<&str> =
                [h.kind.as_str(), h.phase.as_str(), h.date.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
            let _ = write!(out, "\n{:>3}. {}  {}  ({}; score {:.3})", i + 1, h.title, h.url, about.join(", "), h.score);
            // The passage with the query's words, marked as *word*.
            if let Some(pieces) = &h.excerpt {
                let passage: String =
                    pieces.iter().map(|p| if p.marked { format!("*{}*", p.text) } else { p.text.clone() }).collect();
                let _ = write!(out, "\n     {passage}");
            }
            for m in why(h.doc) {
                let field = match m.field {
                    "title" => say!("cli.search_field_title"),
                    "summary" => say!("cli.search_field_summary"),
                    "body" => say!("cli.search_field_body"),
                    _ => say!("cli.search_field_parts"),
                };
                // The query's word, by its own term (the first of those it stands for).
                let word = answer.terms.get(m.word).and_then(|t| t.first()).map_or("", String::as_str);
                let score = format!("{:.3}", m.score);
                let line =
                    say!("cli.search_matched", word = word, term = &m.term, field = field.to(lang), score = score);
                let _ = write!(out, "\n       {}", line.to(lang));
            }
        }
        for (facet, values) in &answer.facets {
            if !values.is_empty() {
                let v: Vec<String> = values.iter().map(|(k, n)| format!("{k} {n}")).collect();
                let _ = write!(out, "\n  {facet}: {}", v.join(", "));
            }
        }
    }
    // A reader that stops reading (`| head`) is not an error.
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{out}");
    ExitCode::SUCCESS
}
