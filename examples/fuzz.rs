//! A mutation fuzzer for nyttig's build, on the stable toolchain.
//!
//! Every iteration copies nothing: each base portal (the demo in the repository's root, and
//! every fixture portal under `tests/fixtures/`) is copied once to a temporary folder; an
//! iteration applies one to four mutations chosen by a seeded PRNG (bytes, lines, YAML front
//! matter, Markdown, portal.yaml, file names, FIFOs, symlinks, templates), builds the copy
//! in-process with `nyttig::build::build` in a thread with a deadline (sometimes with
//! `--drafts`/`--strict` and following every generated link, as `nyttig check` does), judges the
//! result and puts the copy back. The oracles (panic, hang, errors without a file, `<script`
//! other than the theme's, `on…=` handlers, `javascript:` URLs, `style` attributes and risky
//! elements in `<main>`, content evaluated as a template, files from outside the portal in
//! the output, XML/JSON that does not parse, odd output paths, dead links the content did not
//! write) are described in `tests/suite/common/fuzz.rs`, which holds the whole harness.
//!
//! ```sh
//! # the long run
//! cargo run --release --example fuzz -- --minutes 30
//! # a short one, on the demo only, from a given seed
//! cargo run --release --example fuzz -- --seed 7 --iterations 500 --base demo
//! # replay one iteration (each failure prints this line)
//! cargo run --release --example fuzz -- --seed 7 --base all --start 123 --iterations 1
//! ```
//!
//! Options:
//! - `--seed N` (default: from the clock, printed): the run is a function of the seed.
//! - `--iterations N` or `--minutes M` (default: 1000 iterations); both: whichever first.
//! - `--start N`: the first iteration, to go on where a run stopped (it prints where).
//! - `--base demo|basic|all` (or a comma-separated list of names; default `all`).
//! - `--deadline-ms N` (default 10000): a build that takes longer is a hang.
//! - `--grace-s N` (default 60): after a hang, how long to wait for the build to end.
//! - `--skip KIND,KIND`: mutation kinds not to use (e.g. `fs-fifo` while FIFOs are known to
//!   hang); `--kinds` lists them.
//! - `--only J`: apply only the J-th mutation of each iteration (to see which one fails).
//! - `--no-isolate`: do not rebuild each mutation of a failing iteration alone.
//! - `--out DIR` (default `target/fuzz/failures`), `--verbose` (print every iteration).
//!
//! Every failing input is saved as a portal folder in `target/fuzz/failures/<seed>-<iter>/`
//! with `FUZZ-README.txt` saying what failed, which mutations made it and how to replay it
//! (also `cargo run --release -- check --root <that folder>`). A stack overflow kills the
//! process; the next run finds the marker `target/fuzz/in-progress`, saves that input as a
//! `crash` and says so. The report at the end: builds, builds/s, failures by kind and cause,
//! the slowest input and the median, p99 and maximum build time. The exit code is 1 when
//! anything failed.
//!
//! CI runs a short, fixed run of the same harness: `cargo test --test suite fuzz`.

#[path = "../tests/suite/common/fuzz.rs"]
mod fuzz;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

fn usage() -> &'static str {
    "usage: cargo run --release --example fuzz -- [--seed N] [--iterations N] [--minutes M] [--start N] \
     [--base demo|basic|all] [--deadline-ms N] [--grace-s N] [--skip KIND,…] [--only J] [--no-isolate] \
     [--out DIR] [--verbose] [--kinds]"
}

fn parse() -> Result<fuzz::Config, String> {
    let mut config = fuzz::Config {
        seed: SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(1),
        marker: Some(fuzz::target_dir().join("fuzz/in-progress")),
        ..fuzz::Config::default()
    };
    let mut minutes = None;
    let mut iterations = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or_else(|| format!("{name} needs a value"));
        let number = |name: &str, v: String| v.parse::<u64>().map_err(|_| format!("{name}: `{v}` is not a number"));
        match arg.as_str() {
            "--seed" => config.seed = number("--seed", value("--seed")?)?,
            "--iterations" => iterations = Some(number("--iterations", value("--iterations")?)?),
            "--minutes" => {
                let v = value("--minutes")?;
                minutes = Some(v.parse::<f64>().map_err(|_| format!("--minutes: `{v}` is not a number"))?);
            }
            "--start" => config.start = number("--start", value("--start")?)?,
            "--base" => config.base = value("--base")?,
            "--deadline-ms" => {
                config.deadline = Duration::from_millis(number("--deadline-ms", value("--deadline-ms")?)?)
            }
            "--grace-s" => config.grace = Duration::from_secs(number("--grace-s", value("--grace-s")?)?),
            "--only" => config.only = Some(number("--only", value("--only")?)? as usize),
            "--skip" => {
                for name in value("--skip")?.split(',').filter(|n| !n.is_empty()) {
                    config.skip.push(
                        fuzz::Kind::from_name(name).ok_or_else(|| format!("--skip: no kind `{name}` (see --kinds)"))?,
                    );
                }
            }
            "--no-isolate" => config.isolate = false,
            "--out" => config.failures_dir = PathBuf::from(value("--out")?),
            "--verbose" => config.verbose = true,
            "--kinds" => {
                let names: Vec<String> = fuzz::KINDS.iter().map(|(k, w)| format!("{} ({w})", k.name())).collect();
                return Err(format!("mutation kinds (weight): {}", names.join(", ")));
            }
            "-h" | "--help" => return Err(usage().into()),
            other => return Err(format!("unknown argument `{other}`\n{}", usage())),
        }
    }
    config.time_limit = minutes.map(|m| Duration::from_secs_f64(m * 60.0));
    config.iterations = match (iterations, minutes) {
        (None, None) => Some(1000),
        (i, _) => i,
    };
    Ok(config)
}

fn main() -> ExitCode {
    let config = match parse() {
        Ok(c) => c,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    // Panics are findings: record them instead of printing each one.
    fuzz::install_panic_hook(true);
    let mut log = |line: &str| eprintln!("{line}");
    if let Some(marker) = &config.marker
        && let Some(parent) = marker.parent()
    {
        let _ = std::fs::create_dir_all(parent);
    }
    if let Err(e) = fuzz::recover_crash(&config, &mut log) {
        eprintln!("could not replay the crashed input: {e}");
    }
    eprintln!(
        "fuzzing: seed {}, start {}, {}, base {}, deadline {} ms; failures go to {}",
        config.seed,
        config.start,
        match (config.iterations, config.time_limit) {
            (Some(n), Some(t)) => format!("{n} iterations or {:.1} min", t.as_secs_f64() / 60.0),
            (Some(n), None) => format!("{n} iterations"),
            (None, Some(t)) => format!("{:.1} min", t.as_secs_f64() / 60.0),
            (None, None) => "no limit".into(),
        },
        config.base,
        config.deadline.as_millis(),
        config.failures_dir.display()
    );
    match fuzz::run(&config, &mut log) {
        Ok(report) => {
            println!("{}", report.summary());
            if report.failures.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
