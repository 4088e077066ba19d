//! The command line: thin glue over the library.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};
use nyttig::build::{self, Options};
use nyttig::diagnostics::Diagnostic;
use nyttig::i18n::Lang;
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
    /// Make a new portal that builds at once.
    Init {
        dir: PathBuf,
        /// Interface language: da, nb, nn or en.
        #[arg(long, default_value = "da")]
        language: String,
    },
    /// Make a new content file with its front matter filled in.
    New {
        /// project, innovator, strategy, news, result, method or page
        kind: String,
        title: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
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

fn summary(diags: &[Diagnostic]) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!("{} and {}", plural(errors, "error", "errors"), plural(warnings, "warning", "warnings"))
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build { root, out, base_url, drafts, strict, timings } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            let out = out.unwrap_or_else(|| root.join("public"));
            if let Err(e) = output::check_out_dir(&root, &out) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
            match build::build(&root, &Options { base_url, drafts, strict, timings, ..Options::default() }) {
                Ok(built) => {
                    report(&built.warnings, lang);
                    if let Err(e) = output::write(&root, &out, &built.output) {
                        eprintln!("error: the site could not be written to {}: {e}", out.display());
                        return ExitCode::from(2);
                    }
                    let pages: usize = built.pages.values().sum();
                    let kinds: Vec<String> = built.pages.iter().map(|(k, n)| format!("{n} {k}")).collect();
                    println!(
                        "Built {pages} pages ({}) and {} files in all into {} in {:.2} s.",
                        kinds.join(", "),
                        built.output.len(),
                        out.display(),
                        start.elapsed().as_secs_f64()
                    );
                    let p = built.pictures;
                    if p.made + p.kept > 0 {
                        println!(
                            "Pictures: {} made, {} unchanged since an earlier build (kept in {}/).",
                            p.made,
                            p.kept,
                            nyttig::images::store::CACHE_DIR
                        );
                    }
                    if !built.warnings.is_empty() {
                        println!("{}.", summary(&built.warnings));
                    }
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    eprintln!(
                        "The build stopped: {}. Nothing was written; {} is as it was.",
                        summary(&diags.0),
                        out.display()
                    );
                    failed(&diags.0)
                }
            }
        }
        Command::Check { root, drafts, strict, timings } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            match build::build(&root, &Options { drafts, strict, timings, ..Options::default() }) {
                Ok(built) => {
                    report(&built.warnings, lang);
                    let broken = nyttig::linkcheck::check(&built.output, &built.base_path);
                    for b in &broken {
                        eprintln!(
                            "{}: error: the link `{}` leads nowhere: {} (a template makes it; check your own copies in templates/)\n",
                            b.page, b.link, b.why
                        );
                    }
                    if !broken.is_empty() {
                        eprintln!("Found {} links in the generated pages that lead nowhere.", broken.len());
                        return ExitCode::from(1);
                    }
                    let pages: usize = built.pages.values().sum();
                    println!(
                        "All good: {pages} pages, every link and anchor checked, {} ({:.2} s).",
                        summary(&built.warnings),
                        start.elapsed().as_secs_f64()
                    );
                    ExitCode::SUCCESS
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    eprintln!("Found {}.", summary(&diags.0));
                    failed(&diags.0)
                }
            }
        }
        Command::Serve { root, port, host, drafts, open, poll } => {
            match nyttig::serve::run(nyttig::serve::ServeOptions { root, host, port, drafts, open, poll, lang: cli.lang }) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::Search { root, json, prefix, filters, sort, limit, drafts, query } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            search(root, json, prefix, filters, sort, limit, drafts, query, lang)
        }
        Command::Index { root, out } => {
            let lang = nyttig::say::chosen(cli.lang.as_deref(), &root);
            let start = Instant::now();
            if let Err(e) = output::check_out_dir(&root, &out) {
                eprintln!("error: {e}");
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
                        eprintln!("error: the index could not be written to {}: {e}", out.display());
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
                    eprintln!("error: the search index could not be written: {e}");
                    ExitCode::from(2)
                }
                Err(diags) => {
                    report(&diags.0, lang);
                    eprintln!("Found {}.", summary(&diags.0));
                    failed(&diags.0)
                }
            }
        }
        Command::Init { dir, language } => {
            let Some(lang) = Lang::parse(&language) else {
                eprintln!("error: `{language}` is not a language nyttig speaks; choose da, nb, nn or en");
                return ExitCode::from(2);
            };
            match scaffold::init(&dir, lang) {
                Ok(files) => {
                    for f in files {
                        println!("created {}", f.display());
                    }
                    println!("Build it with: nyttig build --root {}", dir.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
        Command::New { kind, title, root } => {
            let config = std::fs::read_to_string(root.join("portal.yaml"))
                .ok()
                .and_then(|text| nyttig::source::portal::read("portal.yaml", &text, None).ok());
            let Some(config) = config else {
                eprintln!(
                    "error: {} has no readable portal.yaml; run `nyttig check` to see why, or use --root",
                    root.display()
                );
                return ExitCode::from(2);
            };
            match scaffold::new(&root, &kind, &title, &config) {
                Ok(path) => {
                    println!("created {}", path.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(2)
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn search(
    root: PathBuf,
    json: bool,
    prefix: bool,
    filters: Vec<String>,
    sort: String,
    limit: usize,
    drafts: bool,
    q: String,
    lang: Lang,
) -> ExitCode {
    let mut query = nyttig::search::Query { q, prefix, sort, limit, ..Default::default() };
    for f in filters {
        let Some((facet, value)) = f.split_once('=').filter(|(k, _)| nyttig::search::FACETS.contains(k)) else {
            eprintln!(
                "error: `--filter {f}` is not FACET=VALUE with FACET one of {}",
                nyttig::search::FACETS.join(", ")
            );
            return ExitCode::from(2);
        };
        query.filters.insert(facet.to_owned(), value.to_owned());
    }
    if query.sort != "relevance" && query.sort != "date" {
        eprintln!("error: `--sort {}`: choose relevance or date", query.sort);
        return ExitCode::from(2);
    }
    let index = match build::search_index(&root, &Options { drafts, ..Options::default() }) {
        Ok(i) => i,
        Err(diags) => {
            report(&diags.0, lang);
            eprintln!("Found {}; fix them to search.", summary(&diags.0));
            return failed(&diags.0);
        }
    };
    let answer = index.search(&query);
    let mut out = String::new();
    if json {
        out = serde_json::to_string_pretty(&answer).unwrap_or_default();
    } else {
        use std::fmt::Write as _;
        let words: Vec<String> = answer.terms.iter().map(|t| t.join("|")).collect();
        let _ = match answer.total {
            0 => write!(out, "No page matches \"{}\" (searched for: {}).", query.q, words.join(" ")),
            n => write!(
                out,
                "{n} {} \"{}\" (searched for: {}){}",
                if n == 1 { "page matches" } else { "pages match" },
                query.q,
                words.join(" "),
                if answer.fallback { "; no page has every word, so pages with any of them are shown." } else { "." }
            ),
        };
        for (i, h) in answer.hits.iter().enumerate() {
            let about: Vec<&str> =
                [h.kind.as_str(), h.phase.as_str(), h.date.as_str()].into_iter().filter(|s| !s.is_empty()).collect();
            let _ = write!(out, "\n{:>3}. {}  {}  ({}; score {:.3})", i + 1, h.title, h.url, about.join(", "), h.score);
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
